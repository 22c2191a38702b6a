"""The soft exit (header button "Exit & Close Chat"): resolve with the old token, then forget the
visitor completely, keep website_token, tell the host, and load again for the next visitor."""
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from e2e.guarantees import calls_since, guarantee, message
from fixtures.api_client import WidgetApiClient
from pages.visit import Visit
from pages.widget_frame import EXIT_CONFIRM_TEXT

pytestmark = pytest.mark.exit


@pytest.fixture
def chatting(widget: Visit, visitor) -> Visit:
    """A visitor who filled the pre-chat form and has an open conversation."""
    widget.start_conversation(visitor.name, visitor.email, visitor.phone, visitor.message)
    return widget


def test_exit_asks_for_confirmation_and_cancel_keeps_everything(chatting: Visit):
    token = chatting.token()
    mark = chatting.calls.mark()
    chatting.widget.request_exit()
    expect(chatting.widget.exit_confirm, message("exit asks 'End and close this chat?' first")) \
        .to_contain_text(EXIT_CONFIRM_TEXT)
    chatting.widget.cancel_exit()

    guarantee(not chatting.calls.find("conversations/toggle_status", since=mark),
              "cancelling the exit does not resolve the conversation", calls_since(chatting.calls, mark))
    guarantee(chatting.token() == token, "cancelling the exit keeps the visitor's session")
    chatting.widget.expect_conversation_open()


def test_exit_resolves_the_conversation_with_the_old_token_first(chatting: Visit, widget_api: WidgetApiClient):
    token = chatting.token()
    mark = chatting.exit_chat()

    after = chatting.calls.since(mark)
    resolve = [c for c in after if c.path == "conversations/toggle_status"]
    guarantee(resolve, "exit resolves the conversation (toggle_status) before clearing the session",
              calls_since(chatting.calls, mark))
    guarantee(resolve[0].auth_token == token and after[0] is resolve[0],
              "the conversation is resolved while the old token is still set, before any other call",
              calls_since(chatting.calls, mark))
    guarantee(widget_api.conversation(token).json.get("status") == "resolved",
              "after exit the server shows the visitor's conversation as resolved")


def test_exit_forgets_the_token_everywhere(chatting: Visit, target):
    token, contact_id = chatting.token(), chatting.contact_id()
    mark = chatting.exit_chat()

    places = chatting.storage.snapshot().places_holding(token)
    guarantee(not places, "after exit the old token is gone from sessionStorage and localStorage",
              f"still in {places}")
    after_resolve = [c for c in chatting.calls.since(mark) if c.path != "conversations/toggle_status"]
    carried = [c.describe() for c in after_resolve if c.auth_token == token]
    guarantee(not carried, "no call after exit carries the old X-Auth-Token header", "\n".join(carried))
    first_bootstrap = next((c for c in after_resolve if c.path == "config"), None)
    guarantee(first_bootstrap is not None and first_bootstrap.auth_token is None,
              "the first contact call after exit goes out without a token, as for a first visit",
              calls_since(chatting.calls, mark))
    guarantee(chatting.contact_id() not in (None, contact_id),
              "after exit the next visitor gets a new contact", f"contact id stayed {contact_id}")
    leftovers = chatting.storage.session_keys()
    new_token_key = [f"sessionStorage:{target.token_storage_key}"]
    guarantee(set(leftovers) <= set(new_token_key),
              "exit wipes the session keys (cw_*, cwc*, chatwoot*, widget_auth*)", f"left: {leftovers}")


def test_exit_tells_the_host_and_reloads_the_iframe(chatting: Visit):
    chatting.exit_chat()
    guarantee(chatting.host.messages("exitChat"), "exit posts exitChat to the host page")
    guarantee(len(chatting.host.messages("loaded")) >= 2, "exit reloads the widget iframe (it loads again)")
    guarantee(not chatting.host.is_open(), "exit closes the widget")


def test_exit_strips_session_params_from_the_iframe_url_but_keeps_website_token(chatting: Visit, target):
    """Upstream passes session state in the iframe URL (cw_conversation=...); exit must strip it."""
    frame = chatting.widget.frame
    loads = chatting.host.loaded_count()
    frame.goto(frame.url + "&cw_conversation=stale-session-param")
    chatting.host.wait_for_widget_load(after=loads, doing="loading the iframe with a session param")
    chatting.exit_chat()

    query = parse_qs(urlsplit(chatting.widget.url).query)
    guarantee(query.get("website_token") == [target.website_token],
              "exit never strips website_token from the iframe URL", f"iframe URL: {chatting.widget.url}")
    guarantee(not [key for key in query if key.startswith(("cw_", "cwc"))],
              "exit strips the session params (cw_*) from the iframe URL", f"iframe URL: {chatting.widget.url}")


def test_every_call_after_exit_still_carries_website_token(chatting: Visit, target):
    mark = chatting.exit_chat()
    chatting.widget.open()
    chatting.widget.prechat.expect_shown()

    after = chatting.calls.since(mark)
    unnamed = [c.describe() for c in after if c.website_token != target.website_token]
    guarantee(after and not unnamed, "every widget call after exit still carries website_token",
              "\n".join(unnamed) or "no calls after exit")
    not_found = [c.describe() for c in after if c.status == 404]
    guarantee(not not_found, "no widget call after exit answers 404", "\n".join(not_found))
    guarantee(f"website_token={target.website_token}" in chatting.widget.url,
              "the iframe URL still holds website_token after exit", chatting.widget.url)
