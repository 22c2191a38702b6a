"""The widget on a phone: the SDK opens the chat full screen and hides its close bubble; the widget
shows its own close button (upstream's `toggle-close-button`). These tests open a phone context of
their own (the first phone of NIGHTLY_DEVICES) unless the run emulates a phone with --device, so a
desktop run and the detection check cover the phone layout too (fixtures/phone.py)."""
import pytest
from playwright.sync_api import BrowserContext, Playwright, expect

from e2e.guarantees import guarantee, message, not_offered
from pages.phone_layout import PhoneLayout
from pages.visit import Visit

pytestmark = pytest.mark.phone

# a page laid out at the device's width, as a phone-ready site is (the host page is one)
PHONE_READY_PAGE = '<meta name="viewport" content="width=device-width, initial-scale=1"><p>device check</p>'
PLAYWRIGHT_DEFAULT_VIEWPORT = {"width": 1280, "height": 720}
WHAT_A_CONTEXT_EMULATES = """() => ({ width: window.innerWidth, height: window.innerHeight,
  touchPoints: navigator.maxTouchPoints, userAgent: navigator.userAgent })"""


def test_every_context_of_the_run_emulates_the_device_given_with_device(context: BrowserContext, another_context,
                                                                        device, playwright: Playwright):
    """pytest-playwright's --device reaches the test's context and every further one (more visitors)."""
    descriptor = playwright.devices[device] if device else None
    expected_viewport = descriptor["viewport"] if descriptor else PLAYWRIGHT_DEFAULT_VIEWPORT
    for name, browser_context in (("the test's context", context), ("another visitor's context", another_context())):
        page = browser_context.new_page()
        page.set_content(PHONE_READY_PAGE)
        seen = page.evaluate(WHAT_A_CONTEXT_EMULATES)
        guarantee({"width": seen["width"], "height": seen["height"]} == expected_viewport,
                  f"{name} has the viewport of {device or 'a desktop (no --device)'}",
                  f"expected {expected_viewport}, it has {seen['width']}x{seen['height']}")
        has_touch = bool(descriptor and descriptor["has_touch"])
        guarantee((seen["touchPoints"] > 0) == has_touch,
                  f"{name} {'has' if has_touch else 'has no'} touch, as {device or 'a desktop'}",
                  f"navigator.maxTouchPoints is {seen['touchPoints']}")
        if descriptor:
            guarantee(seen["userAgent"] == descriptor["user_agent"], f"{name} has the user agent of {device}",
                      seen["userAgent"])


def test_on_a_phone_the_chat_opens_full_screen(on_phone: Visit, phone_layout: PhoneLayout):
    on_phone.widget.click_bubble()
    box = phone_layout.chat_window_box()
    guarantee(box.fills_the_screen, "on a phone the chat opens full screen", str(box))


def test_on_a_phone_the_widgets_own_close_button_closes_the_chat(on_phone: Visit, phone_layout: PhoneLayout,
                                                                 profile):
    if not profile.closes_on_a_phone:
        pytest.skip(not_offered(profile, "phone_close", "the deployed fork's header has no close button, so on a "
                                "phone nothing in the widget closes the full-screen chat"))
    on_phone.widget.click_bubble()
    phone_layout.close_with_the_widgets_button()
    guarantee(not on_phone.host.is_open(), "the widget's close button closes the chat ($chatwoot.isOpen is false)")
    expect(on_phone.widget.bubble, message("after the widget's close button, the bubble is back for the visitor to "
                                           "open the chat again")).to_be_visible()


def test_on_a_phone_a_visitor_chats_leaves_and_the_next_visitor_starts_fresh(on_phone: Visit, new_visitor):
    ana, ben = new_visitor(), new_visitor()
    on_phone.start_conversation(ana.name, ana.email, ana.phone, ana.message)
    ana_token, ana_contact = on_phone.held_token(), on_phone.contact_id()
    on_phone.leave()

    guarantee(not on_phone.host.is_open(), "on a phone the full-screen chat is closed after the visitor leaves")
    on_phone.widget.click_bubble()
    form = on_phone.widget.reach_prechat_form("on a phone, the next visitor is asked for their own details")
    for field in ("name", "email", "phone"):
        expect(form.field(field), message(f"on a phone, the next visitor's pre-chat form shows nothing of the "
                                          f"previous visitor ({field})")).to_have_value("")
    on_phone.start_conversation(ben.name, ben.email, ben.phone, ben.message)
    guarantee(on_phone.held_token() != ana_token, "on a phone, the next visitor never continues with the "
                                                  "previous visitor's token")
    guarantee(on_phone.contact_id() != ana_contact, "on a phone, the next visitor never continues the previous "
                                                    "visitor's contact", f"both are contact {ana_contact}")
