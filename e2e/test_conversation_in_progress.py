"""A conversation in progress survives a reload: a visitor who reloads the page, or only the widget
iframe, goes on with the same contact and the same conversation, sees its messages, and keeps every
control the widget offers for it (the way to leave included). Reloading never leaves a visitor with
two open conversations in one inbox."""
import pytest
from playwright.sync_api import expect

from e2e.guarantees import guarantee, message, not_offered
from pages.visit import Visit

pytestmark = pytest.mark.in_progress

FOLLOW_UP = "A second question, sent before the reload"
AFTER_RELOAD = "And one more, after the reload"


@pytest.fixture
def chatting(widget: Visit, visitor, profile) -> Visit:
    """A visitor with an open conversation of two messages, whose iframe URL carries their session
    where the profile keeps it in a host cookie (the SDK builds the iframe URL once, before the
    cookie exists: upstream.md)."""
    if not profile.resumes_conversation_on_load:
        pytest.skip(not_offered(profile, "conversation_on_load", "the deployed fork's widget reads neither its "
                                "conversation nor its messages on load (fork.md); after a reload it shows Home"))
    if profile.keeps_token_in_cookie:
        widget.host.reload()
    widget.start_conversation(visitor.name, visitor.email, visitor.phone, visitor.message)
    widget.send_message(FOLLOW_UP)
    widget.widget.expect_message(FOLLOW_UP)
    return widget


RELOADS = {"page": lambda visit: visit.host.reload(), "iframe": lambda visit: visit.reload_widget_iframe()}
RELOADING = {"page": "reloading the page", "iframe": "reloading only the widget iframe"}


@pytest.mark.parametrize("reload", sorted(RELOADS))
def test_a_reload_continues_the_conversation_with_its_messages_and_controls(chatting: Visit, visitor, server, reload):
    token, contact_id = chatting.held_token(), chatting.contact_id()
    conversation = server.conversation(token).get("id")
    RELOADS[reload](chatting)

    guarantee(chatting.token() == token and chatting.contact_id() == contact_id,
              f"after {RELOADING[reload]} the visitor is the same contact, with the same token",
              f"contact {contact_id} became {chatting.contact_id()}")
    chatting.widget.continue_conversation()
    expect(chatting.widget.visitor_messages,
           message(f"after {RELOADING[reload]} the conversation shows the visitor's messages, oldest first")) \
        .to_have_text([visitor.message.strip(), FOLLOW_UP])
    expect(chatting.widget.leave_control,
           message(f"after {RELOADING[reload]} the conversation still offers the way to leave")).to_be_visible()
    chatting.send_message(AFTER_RELOAD)
    chatting.widget.expect_message(AFTER_RELOAD)
    after = server.conversation(token)
    guarantee(after.get("id") == conversation and after.get("status") == "open",
              f"after {RELOADING[reload]} the visitor's next message goes on in the same open conversation",
              f"conversation #{conversation} became #{after.get('id')} ({after.get('status')})")
    chatting.leave()


@pytest.mark.needs_admin
def test_reloading_never_leaves_two_open_conversations_in_the_inbox(chatting: Visit, server, account_api):
    """The account API shows every conversation of the contact, as an agent sees them (its fixture
    skips on a live target without one)."""
    token = chatting.held_token()
    conversation = server.conversation(token)
    for reload in sorted(RELOADS):
        RELOADS[reload](chatting)
        chatting.widget.continue_conversation()
        chatting.send_message(f"{AFTER_RELOAD} ({reload})")
    open_ones = server.open_conversation_ids(chatting.contact_id(), conversation.get("inbox_id"))
    guarantee(open_ones == [conversation.get("id")],
              "reloading the page and the widget, and writing on, leaves the visitor exactly one open "
              "conversation in the inbox: the one they started",
              f"open conversations {open_ones}, started #{conversation.get('id')}")
