"""WidgetFrame: the widget iframe #chatwoot_live_chat_widget, seen as a visitor sees it; PreChatForm:
its pre-chat form. Handles follow the real widget (see the convention in pages/__init__.py):
pre-chat fields by their form names, the form's own submit button (the Home view has a button of
the same name), the composer by the profile's placeholder, sending with Enter (upstream's send
button has no accessible name), exit controls by their titles. Every text is the one of the
widget's current language (`WidgetFrame.locale`, the profile's texts for it: testlib/locales.py),
so the same handles work in every language the inbox allows."""
from __future__ import annotations

from typing import Callable

from playwright.sync_api import Frame, FrameLocator, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from pages.widget_traffic import WidgetTraffic, watch
from testlib.guarantees import CannotObserve, promised
from testlib.locales import ENGLISH, WidgetTexts
from testlib.profiles import WidgetProfile

IFRAME = "#chatwoot_live_chat_widget"
HOLDER = ".woot-widget-holder"
# The message list and a visitor's message bubble, as upstream's widget has them (ConversationWrap.vue,
# UserMessageBubble.vue); the fork keeps upstream's. Neither has a role or an accessible name.
MESSAGE_LIST = ".conversation-wrap"
VISITOR_MESSAGE = ".chat-bubble.user"
AGENT_MESSAGE = ".chat-bubble.agent"  # AgentMessageBubble.vue
OPEN_BUBBLE_NAME = "Open chat window"  # the SDK's bubble button, named by its title
# The half of the viewport holding an element's centre (`el` in scope).
SIDE_OF = ("(() => { const box = el.getBoundingClientRect(); "
           "return box.left + box.width / 2 < window.innerWidth / 2 ? 'left' : 'right'; })()")


class PreChatForm:
    FIELD_NAMES = {"name": "fullName", "email": "emailAddress", "phone": "phoneNumber", "message": "message"}

    def __init__(self, frame: FrameLocator, texts: Callable[[], WidgetTexts]):
        self._frame = frame
        self._texts = texts  # the widget's texts in its current language

    @property
    def form(self) -> Locator:
        return self._frame.locator("form").filter(has=self._frame.locator('[name="message"]'))

    @property
    def submit_button(self) -> Locator:
        return self.form.get_by_role("button", name=self._texts().start_conversation)

    def field(self, key: str) -> Locator:
        return self.form.locator(f'[name="{self.FIELD_NAMES[key]}"]')

    def label(self, key: str) -> Locator:
        """The field's label as the inbox configures it in the widget's language (prechat_labels)."""
        return self.form.get_by_text(getattr(self._texts().prechat_labels, key), exact=True)

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
    """Every step that waits fails as the promise it keeps (testlib.guarantees.promised), naming
    what went wrong on the wire meanwhile when it has the context's recorder (`calls`)."""

    def __init__(self, page: Page, profile: WidgetProfile, calls: WidgetTraffic | None = None):
        self.page = page
        self.profile = profile
        self.calls = calls
        self.locale = ENGLISH  # the language the widget is expected to speak (Visit.set_locale)
        self.prechat = PreChatForm(self.locator, lambda: self.texts)

    @property
    def texts(self) -> WidgetTexts:
        return self.profile.texts(self.locale)

    def in_language(self) -> str:
        """' (the widget speaking de)' for a step's promise, when it is not English."""
        return "" if self.locale == ENGLISH else f" (the widget speaking '{self.locale}')"

    def step(self, promise: str):
        """`with widget.step("..."):` a flow step that is itself a promise (see the class docstring)."""
        return promised(promise, watch(self.calls, self.page))

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
        """The iframe's frame; raises if the iframe is not on the host page or has no document."""
        with self.step(f"the SDK keeps the widget iframe {IFRAME} on the host page"):
            handle = self.iframe.element_handle()
        frame = handle.content_frame()
        if frame is None or frame.is_detached():
            raise CannotObserve(f"the widget iframe {IFRAME} holds a document", "what is inside the widget",
                                "its frame is detached")
        return frame

    @property
    def url(self) -> str:
        return self.frame.url

    def visible_text(self) -> str:
        """All the text the widget shows the visitor right now."""
        return self.frame.locator("body").inner_text()

    def rewrite_url(self, query: str) -> str:
        """history.replaceState the iframe to its path, `query` ('' for none) and hash, as a router
        or a tag manager inside the widget might; returns the new URL."""
        return self.frame.evaluate("query => { history.replaceState(history.state, '', location.pathname + "
                                   "(query ? '?' + query : '') + location.hash); return location.href; }", query)

    def rewrite_url_without_query(self) -> str:
        """The iframe URL rewritten to its path and hash only (website_token goes too)."""
        return self.rewrite_url("")

    def screen_side(self, locator: Locator, expected: str) -> str:
        """'left' or 'right': the half of the viewport where the visitor sees `locator`'s centre, once it
        settles on `expected` (the SDK may place or slide it in after it becomes visible), else where
        it is when the wait gives up."""
        expect(locator).to_be_visible()
        handle = locator.element_handle()
        if handle is None:
            raise CannotObserve(f"{locator} on the page", "which side it is on", "it has no element")
        try:
            self.page.wait_for_function(f"([el, side]) => ({SIDE_OF}) === side", arg=[handle, expected])
        except PlaywrightTimeoutError:
            pass  # reported by the caller, with the side it stayed on
        return self.page.evaluate(f"(el) => {SIDE_OF}", handle)

    @property
    def holder(self) -> Locator:
        return self.page.locator(HOLDER)

    @property
    def bubble(self) -> Locator:
        """The launcher bubble a visitor clicks to open the chat."""
        return self.page.get_by_role("button", name=OPEN_BUBBLE_NAME)

    def launcher(self, title: str) -> Locator:
        """The expanded bubble (chatwootSettings.type 'expanded_bubble'), named by the title it shows."""
        return self.page.get_by_role("button", name=title)

    def click_bubble(self) -> None:
        with self.step("clicking the bubble opens the chat window"):
            self.bubble.click()
            expect(self.holder).to_be_visible()

    def open(self) -> None:
        """Open the chat window ($chatwoot.toggle('open') is idempotent, unlike a bubble click)."""
        with self.step("$chatwoot.toggle('open') opens the chat window"):
            self.page.evaluate("() => window.$chatwoot.toggle('open')")
            expect(self.holder).to_be_visible()

    # -- Home view and pre-chat form ----------------------------------------------------------
    @property
    def home_start_button(self) -> Locator:
        """The Home view's "Start Conversation" (upstream and fork). The pre-chat form's submit has
        the same name, but the form replaces the Home view, so the two are never shown together."""
        return self.locator.get_by_role("button", name=self.texts.start_conversation)

    @property
    def start_for_new_visitor(self) -> Locator:
        """What a new visitor is offered on opening the chat: the Home view's "Start Conversation",
        or the pre-chat form's submit where the form comes first."""
        return self.home_start_button if self.profile.has_home_view else self.prechat.submit_button

    def reach_prechat_form(self, promise: str = "a visitor who opens the chat is asked for their details "
                                                "(the pre-chat form)") -> PreChatForm:
        """Open the widget and go to the pre-chat form the way the profile's widget leads there;
        `promise` says what it means in the caller's flow ("the next visitor is asked ...")."""
        self.open()
        with self.step(promise + (f" through the Home view's {self.texts.start_conversation}"
                                  if self.profile.has_home_view else "") + self.in_language()):
            if self.profile.has_home_view:
                self.home_start_button.click()
            self.prechat.expect_shown()
        return self.prechat

    # -- conversation ---------------------------------------------------------------------
    @property
    def composer(self) -> Locator:
        return self.locator.get_by_placeholder(self.texts.composer_placeholder, exact=True)

    def expect_conversation_open(self) -> None:
        with self.step(f"the conversation opens for the visitor (its composer "
                       f"'{self.texts.composer_placeholder}' is shown){self.in_language()}"):
            expect(self.composer).to_be_visible()

    def continue_conversation(self) -> None:
        """Open the chat and go back into the visitor's conversation: straight to it, or through the
        Home view's Continue conversation (upstream shows Home when the chat opens before the
        conversation has loaded)."""
        self.open()
        resume = self.locator.get_by_role("button", name=self.texts.continue_conversation)
        with self.step(f"a visitor with a conversation who opens the chat is shown it, or offered "
                       f"'{self.texts.continue_conversation}'{self.in_language()}"):
            expect(self.composer.or_(resume).first).to_be_visible()
            if not self.composer.is_visible():
                resume.click()
        self.expect_conversation_open()

    def send_message(self, text: str) -> None:
        with self.step("the visitor can type and send a message in the conversation's composer"):
            self.composer.fill(text)
            self.composer.press("Enter")

    @property
    def visitor_messages(self) -> Locator:
        """The visitor's messages in the conversation's message list, oldest first."""
        return self.locator.locator(MESSAGE_LIST).locator(VISITOR_MESSAGE)

    @property
    def agent_messages(self) -> Locator:
        """The agents' replies in the conversation's message list, oldest first."""
        return self.locator.locator(MESSAGE_LIST).locator(AGENT_MESSAGE)

    def agent_message(self, text: str) -> Locator:
        return self.agent_messages.filter(has_text=text)

    def message(self, text: str) -> Locator:
        return self.locator.get_by_text(text, exact=True)

    def expect_message(self, text: str) -> None:
        with self.step("a message the visitor sent shows in the conversation"):
            expect(self.message(text)).to_be_visible()

    # -- leaving: the soft exit (documented, fork) and End Conversation (upstream) --------------
    @property
    def exit_button(self) -> Locator:
        return self.locator.get_by_role("button", name=self.texts.exit_title, exact=True)

    @property
    def exit_confirm(self) -> Locator:
        return self.locator.locator(".confirm-popover")

    def request_exit(self) -> None:
        self.open()
        with self.step(f"the conversation offers '{self.texts.exit_title}', which asks for confirmation first"):
            self.exit_button.click()
            expect(self.exit_confirm).to_be_visible()

    def confirm_exit(self) -> None:
        with self.step(f"the exit confirmation offers '{self.texts.exit_confirm}'"):
            self.exit_confirm.get_by_role("button", name=self.texts.exit_confirm, exact=True).click()

    def cancel_exit(self) -> None:
        with self.step(f"the exit confirmation offers '{self.texts.exit_cancel}', which closes it"):
            self.exit_confirm.get_by_role("button", name=self.texts.exit_cancel, exact=True).click()
            expect(self.exit_confirm).to_be_hidden()

    @property
    def leave_control(self) -> Locator:
        """The control the profile's widget offers a visitor to leave the conversation: the soft
        exit's button, or End Conversation."""
        return self.exit_button if self.profile.has_soft_exit else self.end_conversation_button

    @property
    def end_conversation_button(self) -> Locator:
        return self.locator.get_by_role("button", name=self.texts.end_conversation, exact=True)

    def expect_conversation_resolved(self, promise: str) -> None:
        """The widget shows the conversation resolved as upstream's does: its messages stay on
        screen and the way to leave is gone (HeaderActions shows End Conversation, the fork's
        Exit Chat, only while the conversation is open, snoozed or pending). The messages are
        checked first, so a widget that shows nothing does not pass for one without the control."""
        with self.step(f"{promise}: the conversation stays on screen"):
            expect(self.visitor_messages.first).to_be_visible()
        with self.step(f"{promise}: the widget no longer offers to leave it"):
            expect(self.leave_control).to_be_hidden()
