"""The widget loads on the host page and talks to its contact API."""
import pytest
from playwright.sync_api import expect

from pages.visit import Visit

pytestmark = pytest.mark.smoke


def test_widget_loads_and_first_contact_calls_carry_website_token_and_issued_token(widget: Visit, target):
    expect(widget.widget.iframe).to_be_attached()
    assert widget.host.chatwoot_has_loaded(), "window.$chatwoot.hasLoaded is not true after chatwoot:ready"

    bootstrap = widget.calls.find("config", "POST")
    assert bootstrap, f"the widget made no bootstrap (POST config) call:\n{widget.calls.describe()}"
    first = bootstrap[0]
    assert first.website_token == target.website_token, \
        f"the first contact call carried website_token={first.website_token!r}, not the inbox's"
    issued = widget.calls.issued_tokens()
    assert issued, "the first contact creation issued no contact token"

    show = widget.calls.last("contact", "GET")
    assert show.website_token == target.website_token, "GET contact lacks the website_token query"
    assert show.auth_token == issued[0], "GET contact did not carry the token issued at contact creation"
    assert widget.token() == issued[0], "the issued token is not in the widget iframe's sessionStorage"
