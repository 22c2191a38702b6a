"""Live updates: the open widget hears what happens to its conversation the way Chatwoot's does,
over its /cable websocket (ActionCable's RoomChannel, one room per pubsub token). End Conversation
shows its real result, an agent's reply and an agent resolving the conversation reach the open
widget, and a visitor hears only their own room: never another visitor's, never the room of the
visitor who used the browser before them."""
import pytest
from playwright.sync_api import expect

from e2e.guarantees import guarantee, message, not_offered
from pages.visit import Visit

pytestmark = [pytest.mark.live_updates, pytest.mark.needs_admin]


@pytest.fixture
def live(profile) -> None:
    if not profile.has_live_updates:
        pytest.skip(not_offered(profile, "live_updates", "the documented widget has no websocket: it hears of "
                                "replies and status changes only when it asks"))


@pytest.fixture
def chatting(live, widget: Visit, visitor) -> Visit:
    """A visitor with an open conversation whose widget listens in its room."""
    widget.start_conversation(visitor.name, visitor.email, visitor.phone, visitor.message)
    widget.live_room()
    return widget


def conversation_id(visit: Visit, server) -> int:
    found = server.conversation(visit.held_token()).get("id")
    guarantee(found, "the visitor's conversation is on the server (GET conversations)")
    return found


def test_end_conversation_shows_the_conversation_resolved(chatting: Visit, server, profile):
    if profile.has_soft_exit:
        pytest.skip(not_offered(profile, "forget_visitor", "the widget offers Exit Chat instead of End Conversation; "
                                "it reloads the widget for the next visitor (e2e/test_exit.py)"))
    mark = chatting.cable.mark()
    chatting.end_conversation()
    chatting.cable.wait_for(chatting.page, lambda frame: frame.event == "conversation.status_changed"
                            and frame.data.get("status") == "resolved",
                            "after End Conversation the widget hears its conversation resolved "
                            "(conversation.status_changed)", since=mark)
    chatting.widget.expect_conversation_resolved("after End Conversation the widget shows the conversation resolved")
    guarantee(server.conversation(chatting.held_token()).get("status") == "resolved",
              "after End Conversation the server shows the conversation resolved")


def test_an_agents_reply_appears_in_the_open_widget(chatting: Visit, server, account_api, visitor):
    reply = f"Hello {visitor.name}, an agent here"
    answer = account_api.reply(conversation_id(chatting, server), reply)
    guarantee(answer.ok, "an agent can reply in the visitor's conversation (account API)", repr(answer))
    expect(chatting.widget.agent_message(reply),
           message("an agent's reply appears in the visitor's open widget, without a reload")).to_be_visible()
    expect(chatting.widget.visitor_messages,
           message("the agent's reply joins the conversation: the visitor's own message stays")) \
        .to_have_text([visitor.message.strip()])


def test_an_agent_resolving_the_conversation_shows_in_the_open_widget(chatting: Visit, server, account_api):
    answer = account_api.set_status(conversation_id(chatting, server), "resolved")
    guarantee(answer.ok, "an agent can resolve the visitor's conversation (account API)", repr(answer))
    chatting.widget.expect_conversation_resolved("after an agent resolves the conversation the open widget shows "
                                                 "it resolved")


def test_a_visitor_never_receives_another_visitors_broadcast(live, open_widget, another_context, new_visitor,
                                                             server, account_api):
    ana_visitor, ben_visitor = new_visitor(), new_visitor()
    ana = open_widget()
    ana.start_conversation(ana_visitor.name, ana_visitor.email, ana_visitor.phone, ana_visitor.message)
    ben = open_widget(context=another_context())
    ben.start_conversation(ben_visitor.name, ben_visitor.email, ben_visitor.phone, ben_visitor.message)
    ana_room, ben_room = ana.live_room(), ben.live_room()
    guarantee(ana_room != ben_room, "two visitors never listen in the same room (their pubsub tokens differ)")
    to_ana, to_ben = f"For {ana_visitor.name} only", f"For {ben_visitor.name} only"
    ana_conversation, ben_conversation = conversation_id(ana, server), conversation_id(ben, server)
    mark = ben.cable.mark()
    # Ben's own reply goes out after Ana's: were Ana's broadcast in Ben's room, it would come first.
    for conversation, reply in ((ana_conversation, to_ana), (ben_conversation, to_ben)):
        guarantee(account_api.reply(conversation, reply).ok, "an agent can reply in a visitor's conversation")
    expect(ana.widget.agent_message(to_ana), message("an agent's reply reaches its visitor's widget")).to_be_visible()
    expect(ben.widget.agent_message(to_ben), message("an agent's reply reaches its visitor's widget")).to_be_visible()
    ben.cable.wait_for(ben.page, lambda frame: frame.event == "message.created" and frame.data.get("content") == to_ben,
                       "visitor B's widget hears the agent's reply to B", since=mark)
    overheard = [frame.describe() for frame in ben.cable.broadcasts(mark)
                 if frame.data.get("conversation_id") == ana_conversation or frame.data.get("id") == ana_conversation
                 or frame.data.get("content") == to_ana]
    guarantee(not overheard, "a visitor never receives another visitor's broadcast (visitor B heard visitor A's "
              "conversation)", "\n".join(overheard))
    expect(ben.widget.agent_message(to_ana),
           message("a visitor's widget never shows a reply meant for another visitor")).to_have_count(0)


def test_after_a_visitor_leaves_the_next_one_never_listens_in_their_room(chatting: Visit, server, account_api,
                                                                        new_visitor):
    ana_room, ana_conversation = chatting.live_room(), conversation_id(chatting, server)
    mark = chatting.cable.mark()  # the next subscription the server confirms is the next visitor's
    chatting.leave()
    ben = new_visitor()
    chatting.start_conversation(ben.name, ben.email, ben.phone, ben.message)
    ben_room = chatting.live_room(since=mark)
    guarantee(ben_room != ana_room, "after a visitor leaves, the next visitor's widget never subscribes with their "
              "pubsub token (it would hear the previous visitor's conversation)")
    to_ana, to_ben = "A late answer for the visitor who left", f"Welcome, {ben.name}"
    for conversation, reply in ((ana_conversation, to_ana), (conversation_id(chatting, server), to_ben)):
        guarantee(account_api.reply(conversation, reply).ok, "an agent can reply in a visitor's conversation")
    expect(chatting.widget.agent_message(to_ben),
           message("the next visitor's widget hears the replies to their own conversation")).to_be_visible()
    chatting.cable.wait_for(chatting.page, lambda frame: frame.event == "message.created"
                            and frame.data.get("content") == to_ben, "the next visitor hears their reply", since=mark)
    overheard = [frame.describe() for frame in chatting.cable.broadcasts(mark)
                 if frame.data.get("conversation_id") == ana_conversation or frame.data.get("content") == to_ana]
    guarantee(not overheard, "after a visitor leaves, the next visitor never receives their broadcasts",
              "\n".join(overheard))
