"""The contact token's life: kept across reloads in the same tab, never shared between visitors,
and scoped to one tab as sessionStorage is."""
import pytest

from e2e.guarantees import guarantee
from pages.visit import Visit

pytestmark = pytest.mark.token


def test_iframe_reload_in_the_same_tab_keeps_the_contact(widget: Visit):
    token, contact_id = widget.token(), widget.contact_id()
    mark = widget.calls.mark()
    widget.reload_widget_iframe()

    bootstrap = widget.calls.find("config", "POST", since=mark)
    guarantee(bootstrap and bootstrap[0].auth_token == token,
              "after an iframe reload the widget sends its stored token instead of starting a new contact",
              widget.calls.describe(mark))
    guarantee(widget.token() == token and widget.contact_id() == contact_id,
              "an iframe reload in the same tab keeps the same token and contact",
              f"contact {contact_id} became {widget.contact_id()}")


def test_page_reload_in_the_same_tab_keeps_the_contact(widget: Visit):
    token, contact_id = widget.token(), widget.contact_id()
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


def test_a_second_tab_starts_its_own_session(widget: Visit, open_widget, target):
    if target.token_storage != "sessionStorage":
        pytest.skip("with a host-page cookie every tab shares the token by design")
    second_tab = open_widget()
    guarantee(second_tab.calls.first("config", "POST", page=second_tab.page).auth_token is None,
              "a new tab starts without the first tab's token (sessionStorage is per tab)",
              second_tab.calls.describe())
    guarantee(second_tab.token() != widget.token() and second_tab.contact_id() != widget.contact_id(),
              "a second tab does not resume the first tab's contact (the token is kept per tab, "
              "not in localStorage or a cookie)")
    guarantee(widget.token() == widget.calls.first("config", "POST", page=widget.page).response_json()
              ["website_channel_config"]["auth_token"],
              "opening a second tab leaves the first tab's token as it was")


def test_reset_ends_the_session_and_starts_a_new_contact(widget: Visit):
    token, contact_id = widget.token(), widget.contact_id()
    mark = widget.calls.mark()
    widget.host.reset()

    guarantee(widget.token() != token, "$chatwoot.reset() drops the contact token",
              widget.calls.describe(mark))
    guarantee(widget.contact_id() != contact_id, "$chatwoot.reset() starts a new contact")
    carried = [c.describe() for c in widget.calls.since(mark) if c.auth_token == token]
    guarantee(not carried, "no call after $chatwoot.reset() carries the old token", "\n".join(carried))
