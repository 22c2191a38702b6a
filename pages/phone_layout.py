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
# The holder's box and the viewport, in CSS pixels (`el` in scope).
BOX_AND_VIEWPORT = ("(() => { const box = el.getBoundingClientRect(); return { left: box.left, top: box.top, "
                    "width: box.width, height: box.height, viewportWidth: window.innerWidth, "
                    "viewportHeight: window.innerHeight }; })()")
FILLS = ("Math.abs(b.left) <= 1 && Math.abs(b.top) <= 1 && Math.abs(b.width - b.viewportWidth) <= 1 && "
         "Math.abs(b.height - b.viewportHeight) <= 1")


@dataclass(frozen=True)
class ChatWindowBox:
    left: float
    top: float
    width: float
    height: float
    viewportWidth: float
    viewportHeight: float

    @property
    def fills_the_screen(self) -> bool:
        return (abs(self.left) <= 1 and abs(self.top) <= 1 and abs(self.width - self.viewportWidth) <= 1
                and abs(self.height - self.viewportHeight) <= 1)

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
            self.widget.page.wait_for_function(f"el => {{ const b = {BOX_AND_VIEWPORT}; return {FILLS}; }}",
                                               arg=handle)
        except PlaywrightTimeoutError:
            pass  # the caller reports where it stayed
        return ChatWindowBox(**self.widget.page.evaluate(f"el => {BOX_AND_VIEWPORT}", handle))

    def close_with_the_widgets_button(self) -> None:
        with self.widget.step("on a phone the widget shows its own close button, which closes the chat"):
            self.close_button.click()
            expect(self.widget.holder).to_be_hidden()
