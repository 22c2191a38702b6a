"""The reference in the upstream profile, over HTTP: GET /widget is the bootstrap (window.authToken),
the widget API answers in the shapes of Chatwoot's jbuilder views, set_user issues a token only on
an identity switch, and POST conversations stores the pre-chat details. The fork profile's server
is the same (tests/test_reference_profiles.py checks that)."""
from __future__ import annotations

from typing import Iterator

import jwt
import pytest

from reference import seed
from testlib.api_client import AccountApiClient, WidgetApiClient
from testlib.cable_client import CableClient, cable_url, room_identifier
from testlib.guarantees import CannotObserve
from testlib.hmac_signer import HmacSigner
from testlib.reference_process import ReferenceProcess
from tests.reference_helpers import (OPTIONAL, SECOND, SUSPENDED, load_widget_page, start_reference, stop_and_check,
                                     status_and_reason)

FLAGS = {"id", "has_email", "has_name", "has_phone_number"}
CONVERSATION = {"id", "inbox_id", "contact_last_seen_at", "status"}
MESSAGE = {"id", "content", "message_type", "content_type", "content_attributes", "created_at", "conversation_id"}


@pytest.fixture(scope="module")
def upstream(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReferenceProcess]:
    running = start_reference(tmp_path_factory.mktemp("upstream"), profile="upstream")
    yield running
    stop_and_check(running)


@pytest.fixture
def api(upstream: ReferenceProcess) -> Iterator[WidgetApiClient]:
    with WidgetApiClient(upstream.info["widget_url"], OPTIONAL.website_token) as client:
        yield client


@pytest.fixture
def admin(upstream: ReferenceProcess) -> Iterator[AccountApiClient]:
    with AccountApiClient(upstream.info["widget_url"], seed.ACME.id, seed.ACME.api_access_token) as client:
        yield client


def visitor(upstream: ReferenceProcess, website_token: str = OPTIONAL.website_token) -> str:
    """A first-time visitor's token, as the widget gets it: from the widget page."""
    page = load_widget_page(upstream.info["widget_url"], website_token)
    assert page.status == 200 and page.token, page.html[:300]
    return page.token


def stored(admin: AccountApiClient, api: WidgetApiClient, token: str) -> dict:
    """What the server stored for a token's contact (the account API; GET contact is trimmed)."""
    return admin.contact(api.show(token).json["id"]).json["payload"]


# -- GET /widget: the bootstrap ----------------------------------------------------------------------

def test_the_widget_page_embeds_a_new_token_and_the_inbox_settings(upstream, api):
    page = load_widget_page(upstream.info["widget_url"], OPTIONAL.website_token)
    assert page.status == 200
    assert "window.authToken = " in page.html and api.show(page.token).status == 200
    channel = page.script_value("chatwootWebChannel")
    assert channel["websiteToken"] == OPTIONAL.website_token and channel["preChatFormEnabled"] is True
    assert [field["label"] for field in channel["preChatFormOptions"]["pre_chat_fields"]] \
        == ["Email Id", "Full name", "Phone number"]
    assert [field["name"] for field in channel["preChatFormOptions"]["pre_chat_fields"]] \
        == ["emailAddress", "fullName", "phoneNumber"]
    assert "end_conversation" in channel["enabledFeatures"]
    assert page.script_value("chatwootPubsubToken") and page.script_value("globalConfig")["BRAND_NAME"]


def test_the_widget_page_reuses_a_valid_cw_conversation(upstream, api):
    token = visitor(upstream)
    again = load_widget_page(upstream.info["widget_url"], OPTIONAL.website_token, cw_conversation=token)
    assert again.token == token
    assert api.show(again.token).json["id"] == api.show(token).json["id"]


@pytest.mark.parametrize("kind", ["garbage", "another inbox", "deleted contact"])
def test_the_widget_page_renews_an_unusable_cw_conversation(upstream, api, admin, kind):
    if kind == "garbage":
        unusable = "not-a-token"
    elif kind == "another inbox":
        unusable = visitor(upstream, SECOND.website_token)
    else:
        unusable = visitor(upstream)
        assert admin.delete_contact(api.show(unusable).json["id"]).status == 200
    page = load_widget_page(upstream.info["widget_url"], OPTIONAL.website_token, cw_conversation=unusable)
    assert page.status == 200 and page.token not in (None, unusable)
    assert api.show(page.token).status == 200, "the renewed token names a new contact"


def test_two_first_visits_get_two_contacts(upstream, api):
    first, second = visitor(upstream), visitor(upstream)
    assert first != second and api.show(first).json["id"] != api.show(second).json["id"]


def test_the_widget_page_refuses_unknown_and_suspended_inboxes(upstream):
    widget_url = upstream.info["widget_url"]
    assert load_widget_page(widget_url, "no-such-inbox").status == 404
    assert load_widget_page(widget_url, None).status == 404
    assert load_widget_page(widget_url, SUSPENDED.website_token).status == 401


def test_post_config_still_bootstraps_for_the_mobile_sdks(api):
    session = api.new_visitor()
    assert api.show(session.token).json["id"] == session.contact_id


# -- contact answers -----------------------------------------------------------------------------------

def test_contact_answers_are_trimmed_and_destroy_answers_the_whole_contact(upstream, api, admin):
    token = visitor(upstream)
    assert set(api.show(token).json) == FLAGS | {"identifier"}
    updated = api.update(token, name="Trim Test", email="Trim@Example.com", custom_attributes={"a": 1, "b": 2})
    assert updated.json == {"id": updated.json["id"], "has_email": True, "has_name": True, "has_phone_number": False}
    destroyed = api.destroy_custom_attributes(token, ["a"]).json
    assert destroyed["custom_attributes"] == {"b": 2} and destroyed["email"] == "trim@example.com"
    assert stored(admin, api, token)["name"] == "Trim Test"


def test_set_user_updates_in_place_and_issues_a_token_only_on_an_identity_switch(upstream, api, admin):
    signer = HmacSigner(OPTIONAL.hmac_token)
    token = visitor(upstream)
    contact_id = api.show(token).json["id"]
    first = api.set_user(token, "tests-up-first", signer.identifier_hash("tests-up-first"), email="first@example.com")
    assert set(first.json) == FLAGS and first.json["id"] == contact_id, "in place, same token"
    assert api.show(token).json["identifier"] == "tests-up-first"
    again = api.set_user(token, "tests-up-first", signer.identifier_hash("tests-up-first"), name="First")
    assert "widget_auth_token" not in again.json, "the same identity again: no new token"
    switched = api.set_user(token, "tests-up-second", signer.identifier_hash("tests-up-second"))
    new_token = switched.json["widget_auth_token"]
    assert set(switched.json) == FLAGS | {"widget_auth_token"} and switched.json["id"] != contact_id
    assert api.show(new_token).json["identifier"] == "tests-up-second"
    assert api.show(token).json["identifier"] == "tests-up-first", "the old token keeps its contact"
    assert stored(admin, api, token)["email"] == "first@example.com"


def test_set_user_with_a_known_identifier_merges_the_visitor_into_that_contact(upstream, api):
    known = visitor(upstream)
    known_id = api.set_user(known, "tests-up-known").json["id"]
    newcomer = visitor(upstream)
    answer = api.set_user(newcomer, "tests-up-known").json
    assert answer["id"] == known_id and "widget_auth_token" not in answer
    assert api.show(newcomer).json["id"] == known_id, "the newcomer's token now names the known contact"


def test_set_user_keeps_the_reference_hmac_rules_with_rails_answers(upstream, api):
    signer = HmacSigner(OPTIONAL.hmac_token)
    wrong = api.set_user(visitor(upstream), "tests-up-x", signer.wrong_hash("tests-up-x"))
    assert (wrong.status, wrong.json) == (401, {"error": "HMAC failed: Invalid Identifier Hash Provided"}), \
        "a wrong hash is answered as contacts_controller.rb#validate_hmac does"
    assert api.set_user(visitor(upstream), "tests-up-verified", signer.identifier_hash("tests-up-verified")).ok
    assert status_and_reason(api.set_user(visitor(upstream), "tests-up-verified")) \
        == (401, "hmac_required_for_verified_contact")


# -- conversations and messages ------------------------------------------------------------------------

def start(api: WidgetApiClient, token: str, **contact: str):
    return api.request("POST", "conversations", token, {
        "contact": contact, "message": {"content": "Hello from the form", "timestamp": "now", "referer_url": ""},
        "custom_attributes": {}})


def test_post_conversations_stores_the_prechat_details_and_answers_chatwoots_shape(upstream, api, admin):
    token = visitor(upstream)
    assert api.conversation(token).json == {}
    created = start(api, token, name="Ann Form", email="Ann@Example.com", phone_number="+14155550123").json
    assert set(created) == CONVERSATION | {"messages", "custom_attributes", "contact"}
    assert created["status"] == "open" and created["contact_last_seen_at"] == 0
    message = created["messages"][0]
    assert MESSAGE <= set(message) and message["message_type"] == 0 and isinstance(message["created_at"], int)
    contact = stored(admin, api, token)
    assert (contact["name"], contact["email"], contact["phone_number"]) \
        == ("Ann Form", "ann@example.com", "+14155550123")
    assert set(api.conversation(token).json) == CONVERSATION


def test_post_conversations_names_only_a_contact_nobody_knows_yet(upstream, api, admin):
    token = visitor(upstream)
    api.set_user(token, "tests-up-named", name="Set By Site", email="named@example.com")
    start(api, token, name="Typed In Form")
    assert stored(admin, api, token)["name"] == "Set By Site"
    assert start(api, visitor(upstream), email="not-an-email").status == 422, "validation stays the reference's"


def test_messages_and_the_calls_around_them(upstream, api):
    token = visitor(upstream)
    assert api.request("POST", "conversations/toggle_typing", token, {"typing_status": "on"}).status == 404
    start(api, token, email="talk@example.com")
    sent = api.request("POST", "messages", token, {"message": {"content": "more", "reply_to": None}}).json
    assert MESSAGE <= set(sent) and sent["message_type"] == 0
    listed = api.request("GET", "messages", token).json
    assert set(listed) == {"payload", "meta"} and [m["content"] for m in listed["payload"]] == ["Hello from the form", "more"]
    assert all(MESSAGE <= set(m) and isinstance(m["created_at"], int) for m in listed["payload"])
    assert api.request("POST", "conversations/update_last_seen", token, {"contact_last_seen_at": 1.5}).status == 200
    assert api.conversation(token).json["contact_last_seen_at"] > 0
    assert api.request("POST", "conversations/toggle_typing", token, {"typing_status": "on"}).status == 200
    assert api.request("POST", "events", token, {"name": "webwidget.triggered", "event_info": {}}).status == 204


def test_end_conversation_resolves_and_a_new_message_reopens_it(upstream, api):
    token = visitor(upstream)
    conversation_id = start(api, token, email="end@example.com").json["id"]
    resolved = api.toggle_status(token)
    assert (resolved.status, resolved.body) == (200, "")
    assert api.conversation(token).json["status"] == "resolved"
    api.request("POST", "messages", token, {"message": {"content": "back again"}})
    reopened = api.conversation(token).json
    assert (reopened["id"], reopened["status"]) == (conversation_id, "open"), "the same conversation, reopened"


def test_inbox_wide_reads_need_no_contact(api):
    assert api.request("GET", "inbox_members").json == {"payload": []}
    assert api.campaigns().body == []


NEW_ROUTES = {
    "POST conversations/update_last_seen": ("POST", "conversations/update_last_seen"),
    "POST conversations/toggle_typing": ("POST", "conversations/toggle_typing"),
    "POST events": ("POST", "events"),
}


@pytest.mark.parametrize("route", NEW_ROUTES)
def test_the_new_routes_answer_refusals_as_rails_does(upstream, api, route):
    method, path = NEW_ROUTES[route]
    not_found = (404, {"error": "Resource could not be found"})  # request_exception_handler.rb
    for token, website_token in ((None, None), ("not-a-token", None), (visitor(upstream), "nope")):
        answer = api.request(method, path, token, {}, **({"website_token": website_token} if website_token else {}))
        assert (answer.status, answer.json) == not_found, f"token={token!r} website_token={website_token!r}"
    assert api.request(method, path, visitor(upstream), content="{broken").status == 400


def test_set_user_merges_by_phone_only_when_the_email_does_not_contradict(upstream, api, admin):
    """ContactIdentifyAction#mergable_phone_contact?: a phone contact whose email differs from the
    given one keeps its phone and is not merged into; one with the same email (or none) is."""
    owner = visitor(upstream)
    assert api.update(owner, email="tests-up-phone-owner@example.com", phone_number="+14155550999").ok
    owner_id = api.show(owner).json["id"]
    other = api.set_user(visitor(upstream), "tests-up-phone-other", email="tests-up-phone-other@example.com",
                         phone_number="+14155550999").json
    assert other["id"] != owner_id, "a contradicting email keeps the visitor off the phone's contact"
    stored = admin.contact(other["id"]).json["payload"]
    assert (stored["email"], stored["phone_number"]) == ("tests-up-phone-other@example.com", None)
    joined = api.set_user(visitor(upstream), "tests-up-phone-joined", phone_number="+14155550999").json
    assert joined["id"] == owner_id, "without an email the phone's contact absorbs the visitor"


# -- live updates: the pubsub token and /cable (reference/cable.py) -------------------------------------

def test_the_pubsub_token_is_a_secret_of_its_own(upstream, api):
    """Chatwoot's contact_inbox.pubsub_token: in the page and in POST config, never the source_id that
    every auth token carries readably."""
    page = load_widget_page(upstream.info["widget_url"], OPTIONAL.website_token)
    pubsub = page.script_value("chatwootPubsubToken")
    source_id = jwt.decode(page.token, options={"verify_signature": False})["source_id"]
    assert len(pubsub) == 24 and pubsub != source_id and pubsub not in page.token
    again = api.bootstrap(page.token).json["contact"]["pubsub_token"]
    assert again == pubsub, "POST config with the visitor's token hands out the same pubsub token"
    assert api.new_visitor().contact["pubsub_token"] != pubsub, "every visitor has a pubsub token of their own"


def test_cable_speaks_actioncable_and_confirms_only_a_known_token(upstream, api, admin):
    visitor_session = api.new_visitor()
    conversation = api.start_conversation(visitor_session.token, "hello").json["id"]
    with CableClient(cable_url(upstream.info["widget_url"])) as client:
        assert client.frames[0] == {"type": "welcome"}
        unknown, own = room_identifier("nobody-has-this-token0"), room_identifier(visitor_session.contact["pubsub_token"])
        client.subscribe(unknown)
        client.subscribe(own)
        client.wait_confirmed(own)
        assert client.confirmed(own) and not any(frame.get("identifier") == unknown for frame in client.frames), \
            "a token that names nobody gets no answer at all (RoomChannel's find_by! raises)"
        reply = admin.reply(conversation, "An agent's reply")
        assert reply.status == 200 and reply.json["message_type"] == 1 and reply.json["conversation_id"] == conversation
        created = client.wait_broadcast(own, "message.created", lambda data: data.get("id") == reply.json["id"], "reply")
        assert created["data"]["sender_type"] == "User" and created["data"]["sender"]["type"] == "user"
        assert admin.set_status(conversation, "resolved").json["payload"]["current_status"] == "resolved"
        changed = client.wait_broadcast(own, "conversation.status_changed", lambda data: True, "status")
        assert (changed["data"]["id"], changed["data"]["status"]) == (conversation, "resolved")
    assert admin.reply(10**30, "x").status == 404 and admin.set_status(conversation, "closed").status == 422


def test_the_documented_profile_serves_no_cable(tmp_path):
    documented = start_reference(tmp_path, profile="documented")
    try:
        with pytest.raises(CannotObserve):
            CableClient(cable_url(documented.info["widget_url"]), timeout_s=3).__enter__()
    finally:
        stop_and_check(documented)
