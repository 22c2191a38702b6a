"""PhoneLayout: the widget as a visitor sees it on a phone. There the SDK opens the chat full screen
(its holder `.woot-widget-holder` fills the viewport; upstream's max-width 667px media query) and
hides its own close bubble, and the widget, told so by the SDK's `toggle-close-button`
({isMobile: true}), shows its own close button in the header, which posts `closeWindow`.

Upstream's close button (HeaderActions.vue) is an icon-only button with no title, text or aria
label, so it has no accessible name to find it by; its handle is its class `close-button`, the
widget's own (the convention's last resort, pages/__init__.py). The fork's deployed header has no
close button at all (the profile's phone_close point)."""
from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Locator, TimeoutError as PlaywrightTimeoutError, expect

from pages.widget_frame import WidgetFrame

CLOSE_BUTTON = "button.close-button"
PHONE_WIDTH = "(max-width: 667px)"  # upstream SDK's media query for the phone layout
# The holder's box, the viewport (CSS pixels) and whether the one fills the other, within a pixel.
BOX_AND_VIEWPORT = """el => {
  const box = el.getBoundingClientRect(), width = window.innerWidth, height = window.innerHeight;
  const fills = Math.abs(box.left) <= 1 && Math.abs(box.top) <= 1 && Math.abs(box.width - width) <= 1 &&
    Math.abs(box.height - height) <= 1;
  return { left: box.left, top: box.top, width: box.width, height: box.height, viewportWidth: width,
           viewportHeight: height, fills_the_screen: fills };
}"""


@dataclass(frozen=True)
class ChatWindowBox:
    left: float
    top: float
    width: float
    height: float
    viewportWidth: float
    viewportHeight: float
    fills_the_screen: bool

    def __str__(self) -> str:
        return (f"the chat window is {self.width:.0f}x{self.height:.0f} at ({self.left:.0f}, {self.top:.0f}) "
                f"on a {self.viewportWidth:.0f}x{self.viewportHeight:.0f} screen")


class PhoneLayout:
    def __init__(self, widget: WidgetFrame):
        self.widget = widget

    @property
    def applies(self) -> bool:
        """Whether the host page is laid out at a phone's width, where the SDK's phone layout applies."""
        return self.widget.page.evaluate("query => window.matchMedia(query).matches", PHONE_WIDTH)

    @property
    def close_button(self) -> Locator:
        """The widget's own close button (shown only in the phone layout upstream)."""
        return self.widget.locator.locator(CLOSE_BUTTON)

    def chat_window_box(self) -> ChatWindowBox:
        """Where the open chat window is, once it has settled full screen (the SDK slides it in), else
        where it is when the wait gives up."""
        holder = self.widget.holder
        expect(holder).to_be_visible()
        handle = holder.element_handle()
        try:
            self.widget.page.wait_for_function(f"el => ({BOX_AND_VIEWPORT})(el).fills_the_screen", arg=handle)
        except PlaywrightTimeoutError:
            pass  # the caller reports where it stayed
        return ChatWindowBox(**self.widget.page.evaluate(BOX_AND_VIEWPORT, handle))

    def close_with_the_widgets_button(self) -> None:
        with self.widget.step("on a phone the widget shows its own close button, which closes the chat"):
            self.close_button.click()
            expect(self.widget.holder).to_be_hidden()
