"""The contact token's life: kept across reloads, never shared between visitors, per tab or per
site as the profile's token storage makes it, dropped by $chatwoot.reset(), and website_token
still sent after the iframe URL is rewritten."""
import pytest

from e2e.guarantees import guarantee, not_offered
from pages.visit import Visit
from testlib.profiles import URL_AT_CALL_TIME

pytestmark = pytest.mark.token


def test_iframe_reload_keeps_the_contact(widget: Visit, profile):
    if profile.keeps_token_in_cookie:
        # The SDK builds the iframe URL once, before the cookie exists; from the next page load on
        # it carries the cookie's token, and only then can an iframe reload keep it (upstream.md).
        widget.host.reload()
    token, contact_id = widget.held_token(), widget.contact_id()
    mark = widget.calls.mark()
    widget.reload_widget_iframe()

    bootstrap = widget.bootstraps(since=mark)
    guarantee(bootstrap and profile.sent_token(bootstrap[0]) == token,
              "after an iframe reload the widget presents its stored token instead of starting a new contact",
              widget.calls.describe(mark))
    guarantee(widget.token() == token and widget.contact_id() == contact_id,
              "an iframe reload in the same tab keeps the same token and contact",
              f"contact {contact_id} became {widget.contact_id()}")


def test_page_reload_keeps_the_contact(widget: Visit):
    token, contact_id = widget.held_token(), widget.contact_id()
    widget.host.reload()
    guarantee(widget.token() == token and widget.contact_id() == contact_id,
              "a page reload in the same tab keeps the same token and contact",
              f"contact {contact_id} became {widget.contact_id()}")


def test_a_new_visitor_gets_a_different_token_and_contact(widget: Visit, open_widget, another_context):
    stranger = open_widget(context=another_context())
    guarantee(stranger.token() and stranger.token() != widget.token(),
              "two visitors on two browsers never share a contact token")
    guarantee(stranger.contact_id() != widget.contact_id(),
              "two visitors on two browsers never share a contact",
              f"both got contact {widget.contact_id()}")


def test_a_second_tab_starts_its_own_session_when_the_token_is_kept_per_tab(widget: Visit, open_widget, profile):
    if profile.keeps_token_in_cookie:
        pytest.skip(not_offered(profile, "token_storage", "a host-page cookie is shared by every tab of the site "
                                "by design (the per-site test below checks that)"))
    token = widget.held_token()
    second_tab = open_widget()
    second_bootstrap = second_tab.first_bootstrap()
    guarantee(profile.sent_token(second_bootstrap) is None,
              "a new tab starts without the first tab's token (sessionStorage is per tab)",
              second_tab.calls.describe())
    guarantee(second_tab.token() != token and second_tab.contact_id() != widget.contact_id(),
              "a second tab does not resume the first tab's contact (the token is kept per tab, "
              "not in localStorage or a cookie)")
    guarantee(widget.token() == token, "opening a second tab leaves the first tab's token as it was")


def test_a_second_tab_continues_the_session_when_the_token_is_kept_per_site(widget: Visit, open_widget, profile):
    if not profile.keeps_token_in_cookie:
        pytest.skip(not_offered(profile, "token_storage",
                                "the token is kept per tab (sessionStorage), so tabs never share it"))
    token, contact_id = widget.held_token(), widget.contact_id()
    second_tab = open_widget()
    guarantee(profile.sent_token(second_tab.first_bootstrap()) == token,
              "a second tab of the site loads the widget with the visitor's token (cookie into the iframe URL)",
              second_tab.calls.describe())
    guarantee(second_tab.token() == token and second_tab.contact_id() == contact_id,
              "a second tab of the site continues the visitor's contact")


def test_reset_ends_the_session_and_starts_a_new_contact(widget: Visit):
    token, contact_id = widget.held_token(), widget.contact_id()
    mark = widget.calls.mark()
    widget.host.reset()

    issued = widget.issued_tokens(since=mark)
    guarantee(issued and issued[-1] != token and widget.storage.settles_on(issued[-1]),
              "$chatwoot.reset() drops the contact token; the widget keeps the new one it is issued",
              widget.calls.describe(mark))
    guarantee(widget.contact_id() != contact_id, "$chatwoot.reset() starts a new contact")
    carried = [c.describe() for c in widget.calls.since(mark) if c.auth_token == token]
    guarantee(not carried, "no call after $chatwoot.reset() carries the old token", "\n".join(carried))


# What code inside the iframe (a router, a tag manager) might leave in the URL: nothing, another
# inbox's website_token, or other params.
URL_REWRITES = (("no query", ""), ("another website_token", "website_token=refWidgetSomeOtherInbox1"),
                ("other params only", "utm_source=newsletter&page=2"))


def test_website_token_captured_at_load_survives_any_rewrite_of_the_iframe_url(widget: Visit, visitor, profile,
                                                                               target):
    if profile.website_token_source == URL_AT_CALL_TIME:
        pytest.skip(not_offered(profile, "website_token_source", "the widget reads website_token from its URL on "
                                "every call, so a rewrite that drops it breaks this widget by design"))
    for step, (rewrite, query) in enumerate(URL_REWRITES):
        rewritten = widget.widget.rewrite_url(query)
        mark = widget.calls.mark()
        try:
            widget.host.set_custom_attributes({"after_rewrite": rewrite})
            if step == 0:
                widget.start_conversation(visitor.name, visitor.email, visitor.phone, visitor.message)
            else:
                widget.send_message(f"after the rewrite with {rewrite}")
        finally:  # the calls first: a flow step that failed above is their consequence
            _judge_calls_after_rewrite(widget, mark, rewrite, rewritten, target.website_token)
        kinds = {"contact" if call.is_contact_call else "conversation"
                 for call in widget.calls.contact_and_conversation_calls(since=mark)}
        guarantee(kinds == {"contact", "conversation"}, "the widget made contact and conversation calls after "
                  f"the rewrite ({rewrite})", widget.calls.describe(mark))


def _judge_calls_after_rewrite(widget: Visit, mark: int, rewrite: str, rewritten: str, website_token: str) -> None:
    calls = widget.calls.contact_and_conversation_calls(since=mark)
    wrong = [call.describe() for call in calls if call.website_token != website_token]
    guarantee(not wrong, f"after history.replaceState rewrote the iframe URL ({rewrite}), every contact and "
              "conversation call still carries the website_token captured at load",
              f"iframe URL now {rewritten}\n" + "\n".join(wrong))
    failed = [call.describe() for call in calls if call.failure or (call.status or 0) >= 400]
    guarantee(not failed, f"after the iframe URL was rewritten ({rewrite}) contact and conversation calls "
              "still succeed", "\n".join(failed))
