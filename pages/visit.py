"""Visit: one visitor's browser tab on the host page, with the page objects that go with it."""
from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import BrowserContext, Page, Response

from pages.contact_api import ContactApi, is_widget_call
from pages.host_page import HostPage, WidgetDidNotLoad
from pages.widget_frame import WidgetFrame
from pages.widget_session import WidgetSession


@dataclass
class Visit:
    context: BrowserContext
    page: Page
    host: HostPage
    widget: WidgetFrame
    calls: ContactApi
    storage: WidgetSession

    def token(self) -> str | None:
        return self.storage.token()

    def contact_id(self) -> int | None:
        """The contact the widget currently shows, from its latest successful contact read."""
        for call in reversed(self.calls.find(page=self.page)):
            body = call.response_json() if call.status == 200 else None
            if call.path in ("contact", "contact/set_user") and isinstance(body, dict) and "id" in body:
                return body["id"]
        return None

    def start_conversation(self, name: str | None, email: str | None, phone: str | None, message: str) -> Response:
        """Fill and submit the pre-chat form; returns the conversation-creation response."""
        self.widget.open()
        self.widget.prechat.fill(name=name, email=email, phone=phone, message=message)
        with self.page.expect_response(is_widget_call("conversations", "POST")) as created:
            self.widget.prechat.submit()
        self.widget.expect_conversation_open()
        return created.value

    def exit_chat(self) -> int:
        """Exit & Close Chat, confirmed; returns a calls bookmark taken just before the exit, once the
        widget has loaded again for the next visitor."""
        mark = self.calls.mark()
        loads = self.host.loaded_count()
        self.widget.request_exit()
        self.widget.confirm_exit()
        try:
            self.host.wait_for_widget_load(after=loads, doing="Exit & Close Chat")
        except WidgetDidNotLoad:
            raise WidgetDidNotLoad("broken guarantee: after Exit & Close Chat the widget loads again for the "
                                   "next visitor; it did not. Widget API calls since the exit:\n"
                                   + self.calls.describe(mark)) from None
        return mark

    def reload_widget_iframe(self) -> None:
        """Reload only the widget iframe, as a browser does for a frame, in the same tab."""
        loads = self.host.loaded_count()
        # reload from a timer, so the evaluate call returns before its document goes away
        self.widget.frame.evaluate("() => { setTimeout(() => window.location.reload(), 0); }")
        self.host.wait_for_widget_load(after=loads, doing="reloading the widget iframe")
