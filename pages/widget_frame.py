"""WidgetFrame: the widget iframe #chatwoot_live_chat_widget, seen as a visitor sees it; PreChatForm:
its pre-chat form. Handles follow the real widget (see the convention in pages/__init__.py):
pre-chat fields by their form names, the form's own submit button (the Home view has a button of
the same name), the composer by the profile's placeholder, sending with Enter (upstream's send
button has no accessible name), exit controls by their titles."""
from __future__ import annotations

from playwright.sync_api import Frame, FrameLocator, Locator, Page, expect

from testlib.profiles import WidgetProfile

IFRAME = "#chatwoot_live_chat_widget"
HOLDER = ".woot-widget-holder"
OPEN_BUBBLE_NAME = "Open chat window"  # the SDK's bubble button, named by its title
START_CONVERSATION = "Start Conversation"
EXIT_BUTTON_TITLE = "Exit & Close Chat"
EXIT_CONFIRM_TEXT = "End and close this chat?"
END_CONVERSATION_TITLE = "End Conversation"


class PreChatForm:
    FIELD_NAMES = {"name": "fullName", "email": "emailAddress", "phone": "phoneNumber", "message": "message"}

    def __init__(self, frame: FrameLocator, profile: WidgetProfile):
        self._frame = frame
        self._profile = profile

    @property
    def form(self) -> Locator:
        return self._frame.locator("form").filter(has=self._frame.locator('[name="message"]'))

    @property
    def submit_button(self) -> Locator:
        return self.form.get_by_role("button", name=START_CONVERSATION)

    def field(self, key: str) -> Locator:
        return self.form.locator(f'[name="{self.FIELD_NAMES[key]}"]')

    def label(self, key: str) -> Locator:
        """The field's label as the inbox configures it (the profile's prechat_labels)."""
        return self.form.get_by_text(getattr(self._profile.prechat_labels, key), exact=True)

    def validation_message(self, text: str) -> Locator:
        return self.form.get_by_text(text, exact=True)

    def expect_shown(self) -> None:
        expect(self.submit_button).to_be_visible()

    def fill(self, name: str | None = None, email: str | None = None, phone: str | None = None,
             message: str | None = None) -> None:
        for key, value in {"name": name, "email": email, "phone": phone, "message": message}.items():
            if value is not None:
                self.field(key).fill(value)

    def submit(self) -> None:
        self.submit_button.click()


class WidgetFrame:
    def __init__(self, page: Page, profile: WidgetProfile):
        self.page = page
        self.profile = profile
        self.prechat = PreChatForm(self.locator, profile)

    # -- the iframe on the host page ----------------------------------------------------------
    @property
    def locator(self) -> FrameLocator:
        return self.page.frame_locator(IFRAME)

    @property
    def iframe(self) -> Locator:
        """The <iframe> element on the host page."""
        return self.page.locator(IFRAME)

    @property
    def frame(self) -> Frame:
        handle = self.iframe.element_handle()
        frame = handle.content_frame() if handle else None
        assert frame is not None, "the widget iframe #chatwoot_live_chat_widget is not on the host page"
        return frame

    @property
    def url(self) -> str:
        return self.frame.url

    def rewrite_url_without_query(self) -> str:
        """history.replaceState the iframe to its path and hash only, as a router or a tag manager
        inside the widget might (website_token goes too); returns the new URL."""
        return self.frame.evaluate("() => { history.replaceState(history.state, '', "
                                   "location.pathname + location.hash); return location.href; }")

    @property
    def holder(self) -> Locator:
        return self.page.locator(HOLDER)

    @property
    def bubble(self) -> Locator:
        """The launcher bubble a visitor clicks to open the chat."""
        return self.page.get_by_role("button", name=OPEN_BUBBLE_NAME)

    def click_bubble(self) -> None:
        self.bubble.click()
        expect(self.holder).to_be_visible()

    def open(self) -> None:
        """Open the chat window ($chatwoot.toggle('open') is idempotent, unlike a bubble click)."""
        self.page.evaluate("() => window.$chatwoot.toggle('open')")
        expect(self.holder).to_be_visible()

    # -- Home view and pre-chat form ----------------------------------------------------------
    @property
    def home_start_button(self) -> Locator:
        """The Home view's "Start Conversation" (upstream and fork). The pre-chat form's submit has
        the same name, but the form replaces the Home view, so the two are never shown together."""
        return self.locator.get_by_role("button", name=START_CONVERSATION)

    @property
    def start_for_new_visitor(self) -> Locator:
        """What a new visitor is offered on opening the chat: the Home view's "Start Conversation",
        or the pre-chat form's submit where the form comes first."""
        return self.home_start_button if self.profile.has_home_view else self.prechat.submit_button

    def reach_prechat_form(self) -> PreChatForm:
        """Open the widget and go to the pre-chat form the way the profile's widget leads there."""
        self.open()
        if self.profile.has_home_view:
            self.home_start_button.click()
        self.prechat.expect_shown()
        return self.prechat

    # -- conversation ---------------------------------------------------------------------
    @property
    def composer(self) -> Locator:
        return self.locator.get_by_placeholder(self.profile.composer_placeholder)

    def expect_conversation_open(self) -> None:
        expect(self.composer).to_be_visible()

    def send_message(self, text: str) -> None:
        self.composer.fill(text)
        self.composer.press("Enter")

    def message(self, text: str) -> Locator:
        return self.locator.get_by_text(text, exact=True)

    def expect_message(self, text: str) -> None:
        expect(self.message(text)).to_be_visible()

    # -- leaving: the soft exit (documented, fork) and End Conversation (upstream) --------------
    @property
    def exit_button(self) -> Locator:
        return self.locator.get_by_role("button", name=EXIT_BUTTON_TITLE)

    @property
    def exit_confirm(self) -> Locator:
        return self.locator.locator(".confirm-popover")

    def request_exit(self) -> None:
        self.open()
        self.exit_button.click()
        expect(self.exit_confirm).to_be_visible()

    def confirm_exit(self) -> None:
        self.exit_confirm.get_by_role("button", name="Exit Chat").click()

    def cancel_exit(self) -> None:
        self.exit_confirm.get_by_role("button", name="Cancel").click()
        expect(self.exit_confirm).to_be_hidden()

    @property
    def end_conversation_button(self) -> Locator:
        return self.locator.get_by_role("button", name=END_CONVERSATION_TITLE)
