"""The visitor leaves (the profile's forget_visitor point): the soft exit "Exit & Close Chat"
(documented, fork) or End Conversation followed by $chatwoot.reset() (upstream). Either way the
conversation is resolved with the old token first, then the visitor is forgotten completely,
website_token stays, and the widget loads again, closed, for the next visitor."""
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from e2e.guarantees import calls_since, guarantee, message, not_offered
from pages.visit import Visit

pytestmark = pytest.mark.exit


@pytest.fixture
def chatting(widget: Visit, visitor) -> Visit:
    """A visitor who filled the pre-chat form and has an open conversation."""
    widget.start_conversation(visitor.name, visitor.email, visitor.phone, visitor.message)
    return widget


def test_exit_asks_for_confirmation_and_cancel_keeps_everything(chatting: Visit, profile):
    if not profile.has_soft_exit:
        pytest.skip(not_offered(profile, "forget_visitor", "End Conversation has no confirmation step"))
    token = chatting.held_token()
    mark = chatting.calls.mark()
    chatting.widget.request_exit()
    question = chatting.widget.texts.exit_question
    expect(chatting.widget.exit_confirm, message(f"exit asks '{question}' first")).to_contain_text(question)
    chatting.widget.cancel_exit()

    guarantee(not chatting.calls.find("conversations/toggle_status", since=mark),
              "cancelling the exit does not resolve the conversation", calls_since(chatting.calls, mark))
    guarantee(chatting.token() == token, "cancelling the exit keeps the visitor's session")
    chatting.widget.expect_conversation_open()


def test_leaving_resolves_the_conversation_with_the_old_token_first(chatting: Visit, server):
    token = chatting.held_token()
    mark = chatting.leave()

    after = chatting.calls.since(mark)
    resolve = [c for c in after if c.path == "conversations/toggle_status"]
    guarantee(resolve, "leaving resolves the conversation (toggle_status) before the session is cleared",
              calls_since(chatting.calls, mark))
    guarantee(resolve[0].auth_token == token and after[0] is resolve[0],
              "the conversation is resolved while the old token is still set, before any other call",
              calls_since(chatting.calls, mark))
    guarantee(server.conversation(token).get("status") == "resolved",
              "after the visitor leaves the server shows their conversation as resolved")


def test_leaving_forgets_the_token_everywhere(chatting: Visit, profile):
    token, contact_id = chatting.held_token(), chatting.contact_id()
    mark = chatting.leave()

    after_resolve = [c for c in chatting.calls.since(mark) if c.path != "conversations/toggle_status"]
    carried = [c.describe() for c in after_resolve if token in (c.auth_token, profile.sent_token(c))]
    guarantee(not carried, "no call after leaving presents the old token (header or iframe URL)", "\n".join(carried))
    bootstrap = next((c for c in after_resolve if profile.is_bootstrap(c)), None)
    guarantee(bootstrap is not None and profile.sent_token(bootstrap) is None,
              "the next visitor's bootstrap presents no token, as on a first visit",
              calls_since(chatting.calls, mark))
    issued = chatting.issued_tokens(since=mark)
    guarantee(issued and chatting.storage.settles_on(issued[-1]),
              "the widget keeps the next visitor's new token", calls_since(chatting.calls, mark))
    places = chatting.storage.snapshot().places_holding(token)
    guarantee(not places, "after leaving the old token is gone from storage and cookies", f"still in {places}")
    guarantee(chatting.contact_id() not in (None, contact_id),
              "after leaving the next visitor gets a new contact", f"contact id stayed {contact_id}")
    leftovers = [key for key in chatting.storage.snapshot().session_keys()
                 if key != f"sessionStorage:{profile.token_key}"]
    guarantee(not leftovers, "leaving wipes the session keys (cw_*, cwc*, chatwoot*, widget_auth*)",
              f"left: {leftovers}")


def test_leaving_closes_the_widget_and_loads_it_again_for_the_next_visitor(chatting: Visit):
    loads = chatting.host.loaded_count()
    chatting.leave()
    guarantee(chatting.host.loaded_count() > loads, "the widget loads again after the visitor leaves")
    guarantee(not chatting.host.is_open(), "the chat is closed after the visitor leaves")  # raises without the SDK
    expect(chatting.widget.bubble, message("after the visitor leaves the bubble is on the host page again, for the "
                                           "next visitor to open the chat")).to_be_visible()


def test_leaving_once_resolves_once_reloads_once_and_sends_nothing_twice(chatting: Visit, profile):
    loads = chatting.host.loaded_count()
    mark = chatting.leave()
    settled = chatting.settle()

    left = chatting.calls.since(mark)[:settled - mark]
    resolves = [c.describe() for c in left if c.path == "conversations/toggle_status"]
    guarantee(len(resolves) == 1, "one confirmed leave resolves the conversation exactly once (one toggle_status)",
              calls_since(chatting.calls, mark))
    page_loads = [c.describe() for c in left if c.is_page_load]
    guarantee(len(page_loads) == 1 and chatting.host.loaded_count() == loads + 1,
              "one confirmed leave loads the widget again exactly once (one /widget load, one loaded)",
              calls_since(chatting.calls, mark))
    if profile.has_soft_exit:
        exits = chatting.host.messages("exitChat")
        guarantee(len(exits) == 1, "one confirmed exit posts exitChat to the host page exactly once",
                  f"the host page got {len(exits)} exitChat messages")
    repeated = chatting.calls.repeated_writes(until=settled)
    guarantee(not repeated, "no widget call is retried or sent twice, from the first load to after the leave",
              "\n".join(repeated))


def test_leaving_strips_session_params_from_the_iframe_url_but_keeps_website_token(widget: Visit, visitor, target):
    """On a return visit the iframe URL carries the session (upstream: cw_conversation=<token>);
    leaving must strip it, and never website_token."""
    widget.load_iframe_with(cw_conversation=widget.token())
    widget.start_conversation(visitor.name, visitor.email, visitor.phone, visitor.message)
    widget.leave()

    query = parse_qs(urlsplit(widget.widget.url).query)
    guarantee(query.get("website_token") == [target.website_token],
              "leaving never strips website_token from the iframe URL", f"iframe URL: {widget.widget.url}")
    guarantee(not [key for key in query if key.startswith(("cw_", "cwc"))],
              "leaving strips the session params (cw_*) from the iframe URL", f"iframe URL: {widget.widget.url}")


def test_the_next_visitor_starts_fresh_and_every_call_still_carries_website_token(chatting: Visit, target):
    mark = chatting.leave()
    chatting.widget.open()
    expect(chatting.widget.start_for_new_visitor,
           message("after the visitor leaves, the next one to open the chat starts fresh (Home view or "
                   "pre-chat form), not in the previous conversation")).to_be_visible()
    chatting.widget.reach_prechat_form("after the visitor leaves, the next visitor is asked for their details")

    after = chatting.calls.since(mark)
    unnamed = [c.describe() for c in after if c.website_token != target.website_token]
    guarantee(after and not unnamed, "every widget call after leaving still carries website_token",
              "\n".join(unnamed) or "no calls after leaving")
    not_found = [c.describe() for c in after if c.status == 404]
    guarantee(not not_found, "no widget call after leaving answers 404", "\n".join(not_found))
    guarantee(f"website_token={target.website_token}" in chatting.widget.url,
              "the iframe URL still holds website_token after leaving", chatting.widget.url)
