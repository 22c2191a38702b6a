"""WidgetFrame: the widget iframe #chatwoot_live_chat_widget, seen as a visitor sees it.
Locators follow the real widget's DOM contract: the SDK's bubble classes, the pre-chat form's
labels, the header button titled "Exit & Close Chat" and its confirm popover."""
from __future__ import annotations

from playwright.sync_api import Frame, FrameLocator, Locator, Page, expect

IFRAME = "#chatwoot_live_chat_widget"
HOLDER = ".woot-widget-holder"
OPEN_BUBBLE = ".woot--bubble-holder .woot-widget-bubble:not(.woot--close)"
CLOSE_BUBBLE = ".woot--bubble-holder .woot-widget-bubble.woot--close"
EXIT_BUTTON_TITLE = "Exit & Close Chat"
EXIT_CONFIRM_TEXT = "End and close this chat?"


class PreChatForm:
    FIELDS = {"name": "Full Name", "email": "Email Address", "phone": "Phone Number", "message": "Message"}

    def __init__(self, frame: FrameLocator):
        self._frame = frame
        self.submit_button = frame.get_by_role("button", name="Start Conversation")

    def field(self, name: str) -> Locator:
        return self._frame.get_by_label(self.FIELDS[name], exact=True)

    def expect_shown(self) -> None:
        expect(self.submit_button).to_be_visible()

    def fill(self, name: str | None = None, email: str | None = None, phone: str | None = None,
             message: str | None = None) -> None:
        for key, value in {"name": name, "email": email, "phone": phone, "message": message}.items():
            if value is not None:
                self.field(key).fill(value)

    def submit(self) -> None:
        self.submit_button.click()

    def values(self) -> dict[str, str]:
        return {key: self.field(key).input_value() for key in self.FIELDS}

    def validation_message(self, text: str) -> Locator:
        return self._frame.locator(".formkit-message", has_text=text)

    def validation_messages(self) -> list[str]:
        return self._frame.locator(".formkit-message").all_inner_texts()


class WidgetFrame:
    def __init__(self, page: Page):
        self.page = page
        self.locator: FrameLocator = page.frame_locator(IFRAME)
        self.prechat = PreChatForm(self.locator)
        self.exit_button = self.locator.get_by_title(EXIT_BUTTON_TITLE)
        self.exit_confirm = self.locator.locator(".confirm-popover")
        self.composer = self.locator.get_by_placeholder("Type your message")

    @property
    def frame(self) -> Frame:
        handle = self.iframe.element_handle()
        frame = handle.content_frame() if handle else None
        assert frame is not None, "the widget iframe #chatwoot_live_chat_widget is not on the host page"
        return frame

    @property
    def url(self) -> str:
        return self.frame.url

    @property
    def iframe(self) -> Locator:
        """The <iframe> element on the host page."""
        return self.page.locator(IFRAME)

    @property
    def holder(self) -> Locator:
        return self.page.locator(HOLDER)

    def open(self) -> None:
        if not self.holder.is_visible():
            self.page.locator(OPEN_BUBBLE).click()
        expect(self.holder).to_be_visible()

    def close(self) -> None:
        if self.holder.is_visible():
            self.page.locator(CLOSE_BUBBLE).click()
        expect(self.holder).to_be_hidden()

    # -- soft exit ------------------------------------------------------------------------
    def request_exit(self) -> None:
        self.open()
        self.exit_button.click()
        expect(self.exit_confirm).to_be_visible()

    def confirm_exit(self) -> None:
        self.exit_confirm.get_by_role("button", name="Exit Chat").click()

    def cancel_exit(self) -> None:
        self.exit_confirm.get_by_role("button", name="Cancel").click()
        expect(self.exit_confirm).to_be_hidden()

    # -- conversation ---------------------------------------------------------------------
    def expect_conversation_open(self) -> None:
        expect(self.composer).to_be_visible()

    def send_message(self, text: str) -> None:
        self.composer.fill(text)
        self.locator.get_by_role("button", name="Send").click()

    def message(self, text: str) -> Locator:
        return self.locator.get_by_text(text, exact=True)

    def expect_message(self, text: str) -> None:
        expect(self.message(text)).to_be_visible()
