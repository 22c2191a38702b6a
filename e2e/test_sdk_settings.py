"""window.chatwootSettings, set by the site before chatwootSDK.run(), take effect: the visitor sees
the bubble and the chat window on the side the site chose, and the expanded bubble with the site's
launcher title."""
import pytest
from playwright.sync_api import expect

from e2e.guarantees import guarantee, message
from pages.host_page import use_chatwoot_settings
from pages.phone_layout import PhoneLayout

pytestmark = pytest.mark.smoke

LAUNCHER_TITLE = "Talk to the Acme team"
# Two sites, so an SDK that always uses one side (or one bubble) fails too.
SITES = (("left", {"type": "expanded_bubble", "launcherTitle": LAUNCHER_TITLE}), ("right", {}))


def test_chatwoot_settings_set_before_run_place_and_title_the_bubble(open_widget, context, another_context):
    for (side, bubble), browser_context in zip(SITES, (context, another_context())):
        use_chatwoot_settings(browser_context, {"position": side, **bubble})
        visit = open_widget(context=browser_context)
        launcher = visit.widget.launcher(LAUNCHER_TITLE) if bubble else visit.widget.bubble
        shown = f"the expanded bubble titled '{LAUNCHER_TITLE}'" if bubble else "the standard bubble"
        expect(launcher, message(f"chatwootSettings {bubble or 'without type'} set before run() show {shown}")) \
            .to_be_visible()
        guarantee(visit.widget.screen_side(launcher, side) == side,
                  f"chatwootSettings.position = '{side}' set before run() puts the bubble on the {side}")
        visit.widget.open()
        phone = PhoneLayout(visit.widget)
        if phone.applies:  # a --device phone run: the chat takes the whole screen, whatever the side
            box = phone.chat_window_box()
            guarantee(box.fills_the_screen, f"on a phone the chat opens full screen (position '{side}')", str(box))
            continue
        guarantee(visit.widget.screen_side(visit.widget.holder, side) == side,
                  f"chatwootSettings.position = '{side}' set before run() opens the chat on the {side}")
