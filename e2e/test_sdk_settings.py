"""window.chatwootSettings, set by the site before chatwootSDK.run(), take effect: the visitor sees
the bubble and the chat window on the side the site chose."""
import pytest
from playwright.sync_api import expect

from e2e.guarantees import guarantee, message
from pages.host_page import use_chatwoot_settings

pytestmark = pytest.mark.smoke


def test_chatwoot_settings_position_puts_the_bubble_and_the_chat_on_that_side(open_widget, context, another_context):
    # both sides, so an SDK that always uses one of them fails too
    for side, browser_context in (("left", context), ("right", another_context())):
        use_chatwoot_settings(browser_context, {"position": side})
        visit = open_widget(context=browser_context)
        expect(visit.widget.bubble, message("the SDK shows the bubble once the widget has loaded")).to_be_visible()
        guarantee(visit.widget.screen_side(visit.widget.bubble) == side,
                  f"chatwootSettings.position = '{side}' set before run() puts the bubble on the {side}")
        visit.widget.open()
        guarantee(visit.widget.screen_side(visit.widget.holder) == side,
                  f"chatwootSettings.position = '{side}' set before run() opens the chat on the {side}")
