"""The widget loads on the host page, a visitor can open it, and it talks to its API with the
inbox's website_token and the token it was issued."""
import pytest
from playwright.sync_api import expect

from e2e.guarantees import guarantee, message
from pages.visit import Visit

pytestmark = pytest.mark.smoke


def test_widget_loads_and_its_calls_carry_website_token_and_the_issued_token(widget: Visit, target, profile):
    expect(widget.widget.iframe, message("the SDK puts the widget iframe on the host page")).to_be_attached()
    guarantee(not widget.host.has_loaded_as_loaded_arrived(),
              "window.$chatwoot.hasLoaded stays false until the widget iframe posts loaded")
    guarantee(widget.host.chatwoot_has_loaded(), "window.$chatwoot.hasLoaded is true after chatwoot:ready")

    bootstraps = widget.bootstraps()
    guarantee(bootstraps, f"the widget's first load issues a token ({profile.bootstrap})",
              widget.calls.describe())
    guarantee(bootstraps[0].website_token == target.website_token,
              "the bootstrap names the inbox with website_token", bootstraps[0].describe())
    issued = widget.issued_tokens()
    guarantee(issued, "the first contact creation issued a contact token", widget.calls.describe())
    guarantee(widget.storage.settles_on(issued[0]),
              f"the issued token is kept where the widget keeps it ({profile.token_storage})")
    api_calls = [call for call in widget.calls.api_calls() if not profile.is_bootstrap(call)]
    guarantee(api_calls, "the widget calls its API once loaded", widget.calls.describe())
    wrong = [call.describe() for call in api_calls
             if call.website_token != target.website_token or call.auth_token != issued[0]]
    guarantee(not wrong, "the widget's API calls carry website_token and the issued token", "\n".join(wrong))


def test_a_visitor_opens_the_chat_with_the_bubble(widget: Visit):
    widget.widget.click_bubble()
    guarantee(widget.host.is_open(), "clicking the bubble opens the chat ($chatwoot.isOpen)")
