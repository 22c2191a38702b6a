"""Live updates over the ActionCable websocket /cable, as a client the widget's way (no browser): a
pubsub token is a secret that opens exactly one room. A visitor's own token is confirmed; an absent
or made-up one, or another credential of the visitor (the auth token, the source_id it carries), is
never confirmed and hears nothing (Chatwoot's RoomChannel raises on a token that names nobody and
ActionCable then answers nothing; a reject_subscription is as good). A broadcast reaches only the
room of the conversation's visitor; contact.merged is told to agents only; a deleted contact's
token opens nothing. Absence is proved by order: the server delivers one connection's frames in
order, so a frame that should not come would arrive before a later one that must."""
from __future__ import annotations

import secrets

import jwt
import pytest

from e2e.api.checks import describe
from e2e.guarantees import guarantee, not_offered
from testlib.api_client import VisitorSession, WidgetApiClient
from testlib.cable_client import CableClient, cable_url, room_identifier
from testlib.profiles import IDENTITY_SWITCH

pytestmark = [pytest.mark.api, pytest.mark.security, pytest.mark.live_updates, pytest.mark.needs_admin]

BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


@pytest.fixture
def live(profile) -> None:
    if not profile.has_live_updates:
        pytest.skip(not_offered(profile, "live_updates", "the documented contract has no websocket"))


@pytest.fixture
def cable(live, target):
    """A websocket client to the target's /cable; more of them with cable() again."""
    clients: list[CableClient] = []

    def connect() -> CableClient:
        client = CableClient(cable_url(target.widget_url)).__enter__()
        clients.append(client)
        return client

    yield connect
    for client in clients:
        client.__exit__(None, None, None)


def chatting_visitor(widget_api: WidgetApiClient, message: str) -> tuple[VisitorSession, int]:
    """A new visitor with a conversation; the session and the conversation's id."""
    session = widget_api.new_visitor()
    guarantee(session.contact.get("pubsub_token"), "the bootstrap answer hands the visitor a pubsub token "
              "(POST config's contact.pubsub_token)")
    started = widget_api.start_conversation(session.token, message)
    guarantee(started.ok and started.json.get("id"), "a visitor can start a conversation", describe(started))
    return session, started.json["id"]


def listening(client: CableClient, session: VisitorSession) -> str:
    """Subscribe to the visitor's own room; its identifier once the server confirmed it."""
    identifier = room_identifier(session.contact["pubsub_token"])
    client.subscribe(identifier)
    client.wait_confirmed(identifier)
    guarantee(client.confirmed(identifier), "a visitor's own pubsub token subscribes to their room (RoomChannel "
              "confirms it)", f"frames: {client.describe()}")
    return identifier


def reply(account_api, conversation: int, content: str) -> None:
    answer = account_api.reply(conversation, content)
    guarantee(answer.ok, "an agent can reply in a visitor's conversation (account API)", describe(answer))


def hears_reply(client: CableClient, identifier: str, content: str, promise: str) -> None:
    try:
        client.wait_broadcast(identifier, "message.created", lambda data: data.get("content") == content, promise)
    except TimeoutError as error:
        guarantee(False, promise, str(error))


FOREIGN_TOKENS = {
    "absent": lambda session: None,
    "made up": lambda session: "".join(secrets.choice(BASE58) for _ in range(24)),
    "the visitor's auth token": lambda session: session.token,
    "the source_id the auth token carries": lambda session: jwt.decode(
        session.token, options={"verify_signature": False}).get("source_id"),
}


@pytest.mark.parametrize("foreign", FOREIGN_TOKENS)
def test_a_foreign_pubsub_token_is_never_confirmed_and_hears_nothing(foreign, cable, widget_api, account_api,
                                                                     visitor):
    session, conversation = chatting_visitor(widget_api, visitor.message)
    client = cable()
    foreign_identifier = room_identifier(FOREIGN_TOKENS[foreign](session))
    client.subscribe(foreign_identifier)
    own = listening(client, session)  # answered after the foreign subscribe was handled
    guarantee(not client.confirmed(foreign_identifier),
              f"a pubsub token is a secret: a subscription with {foreign} instead is never confirmed",
              f"frames: {client.describe()}")
    reply(account_api, conversation, "Only for the token's owner")
    hears_reply(client, own, "Only for the token's owner", "the visitor's own room hears the agent's reply")
    heard = client.broadcasts(foreign_identifier)
    guarantee(not heard, f"a subscription with {foreign} hears nothing", repr(heard))


def test_a_broadcast_reaches_only_the_room_of_its_conversation(cable, widget_api, account_api, new_visitor):
    (ana, ana_conversation), (ben, ben_conversation) = (chatting_visitor(widget_api, new_visitor().message),
                                                        chatting_visitor(widget_api, new_visitor().message))
    ana_client, ben_client = cable(), cable()
    ana_room, ben_room = listening(ana_client, ana), listening(ben_client, ben)
    reply(account_api, ana_conversation, "For Ana")
    reply(account_api, ben_conversation, "For Ben")  # would come after Ana's, were hers in Ben's room
    hears_reply(ana_client, ana_room, "For Ana", "an agent's reply reaches the room of its conversation's visitor")
    hears_reply(ben_client, ben_room, "For Ben", "an agent's reply reaches the room of its conversation's visitor")
    for client, room, foreign in ((ben_client, ben_room, ana_conversation), (ana_client, ana_room, ben_conversation)):
        overheard = [message for message in client.broadcasts(room)
                     if message["data"].get("conversation_id") == foreign or message["data"].get("id") == foreign]
        guarantee(not overheard, "a visitor's room never hears another visitor's conversation", repr(overheard))

    resolved = account_api.set_status(ben_conversation, "resolved")
    guarantee(resolved.ok, "an agent can resolve a visitor's conversation (account API)", describe(resolved))
    status = ben_client.wait_broadcast(ben_room, "conversation.status_changed",
                                       lambda data: data.get("id") == ben_conversation, "Ben hears his resolve")
    guarantee(status["data"].get("status") == "resolved",
              "conversation.status_changed tells the visitor's room the new status", repr(status["data"]))


def test_contact_merged_is_told_to_agents_only_and_the_visitor_keeps_listening(cable, widget_api, account_api,
                                                                             profile, new_visitor, fake):
    if profile.set_user_token != IDENTITY_SWITCH:
        pytest.skip(not_offered(profile, "set_user_token", "set_user hands out the known contact's token instead of "
                                "merging the visitor into it"))
    identifier = f"e2e-merge-{fake.uuid4()}"
    known = widget_api.new_visitor()
    guarantee(widget_api.set_user(known.token, identifier).ok, "set_user identifies a first visitor")
    merged, conversation = chatting_visitor(widget_api, new_visitor().message)
    client = cable()
    room = listening(client, merged)
    answer = widget_api.set_user(merged.token, identifier)  # the contact with that identifier takes this one in
    guarantee(answer.ok, "set_user with a known identifier succeeds", describe(answer))
    reply(account_api, conversation, "After the merge")
    hears_reply(client, room, "After the merge", "after a merge the visitor's room still hears their conversation")
    merges = client.broadcasts(event="contact.merged")
    guarantee(not merges, "contact.merged goes to the account's agents, never into a visitor's room", repr(merges))


def test_a_deleted_contacts_pubsub_token_opens_no_room(cable, widget_api, account_api, visitor):
    gone, _ = chatting_visitor(widget_api, visitor.message)
    control, _ = chatting_visitor(widget_api, visitor.message)
    deleted = account_api.delete_contact(gone.contact_id)
    guarantee(deleted.ok, "an admin can delete a contact (account API)", describe(deleted))
    client = cable()
    gone_identifier = room_identifier(gone.contact["pubsub_token"])
    client.subscribe(gone_identifier)
    listening(client, control)
    guarantee(not client.confirmed(gone_identifier), "a deleted contact's pubsub token subscribes to nothing",
              f"frames: {client.describe()}")
