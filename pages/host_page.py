"""HostPage: the customer's page that embeds the widget, and window.$chatwoot on it.

Every $chatwoot wrapper returns once the widget has made (or failed) the call it causes. An init
script records, on the host window only, what the widget iframe posts to it and the chatwoot:*
events the SDK dispatches, so tests can assert on exitChat, loaded and chatwoot:error."""
from __future__ import annotations

from typing import Any, Callable

from playwright.sync_api import Page, Response, TimeoutError as PlaywrightTimeout

from pages.widget_session import READ_STORAGE
from pages.widget_traffic import is_widget_call
from testlib.guarantees import BrokenGuarantee

RECORDER_SCRIPT = """(() => {
  if (window.top !== window) return;
  const state = window.__widgetE2E = { ready: 0, messages: [], events: [] };
  const prefix = 'chatwoot-widget:';
  window.addEventListener('message', (event) => {
    if (typeof event.data !== 'string' || !event.data.startsWith(prefix)) return;
    try { state.messages.push(JSON.parse(event.data.slice(prefix.length))); } catch (_) {}
  });
  for (const name of ['chatwoot:ready', 'chatwoot:error']) {
    window.addEventListener(name, (event) => {
      state.events.push({ name, detail: event.detail === undefined ? null : event.detail });
      if (name === 'chatwoot:ready') state.ready += 1;
    });
  }
})();"""


class WidgetDidNotLoad(AssertionError):
    pass


class HostPage:
    def __init__(self, page: Page):
        self.page = page
        page.add_init_script(RECORDER_SCRIPT)

    # -- loading ----------------------------------------------------------------------------
    def open(self, url: str) -> "HostPage":
        self.page.goto(url)
        self.wait_until_ready(f"opening the host page {url}")
        return self

    def reload(self) -> None:
        self.page.reload()
        self.wait_until_ready(f"reloading the host page {self.page.url}")

    def wait_until_ready(self, doing: str) -> None:
        try:
            self.page.wait_for_function("() => window.__widgetE2E && window.__widgetE2E.ready > 0 && "
                                        "window.$chatwoot && window.$chatwoot.hasLoaded === true")
        except PlaywrightTimeout:
            raise WidgetDidNotLoad(f"the widget never became ready (no chatwoot:ready, $chatwoot.hasLoaded not "
                                   f"true) after {doing}") from None

    def loaded_count(self) -> int:
        return len(self.messages("loaded"))

    def reloads_widget(self, action: Callable[[], object], doing: str) -> None:
        """Do `action`, then wait until the widget iframe has posted `loaded` once more."""
        loads = self.loaded_count()
        action()
        try:
            self.page.wait_for_function(
                "after => window.__widgetE2E.messages.filter(m => m.event === 'loaded').length > after", arg=loads)
        except PlaywrightTimeout:
            raise WidgetDidNotLoad(f"the widget did not load again after {doing}") from None

    # -- what the host page saw -------------------------------------------------------------
    def messages(self, event: str | None = None) -> list[dict[str, Any]]:
        messages = self.page.evaluate("() => window.__widgetE2E ? window.__widgetE2E.messages : []")
        return [m for m in messages if event is None or m.get("event") == event]

    def events(self, name: str | None = None) -> list[dict[str, Any]]:
        events = self.page.evaluate("() => window.__widgetE2E ? window.__widgetE2E.events : []")
        return [e for e in events if name is None or e["name"] == name]

    def wait_for_event(self, name: str) -> dict[str, Any] | None:
        """The latest `name` event (chatwoot:error, ...), waiting for one; None if none came."""
        try:
            self.page.wait_for_function("name => window.__widgetE2E.events.some(e => e.name === name)", arg=name)
        except PlaywrightTimeout:
            return None
        return self.events(name)[-1]

    def host_storage(self) -> dict[str, Any]:
        """The host page's own sessionStorage, localStorage and document.cookie."""
        storage = self.page.evaluate(READ_STORAGE)
        return {**storage, "cookie": self.page.evaluate("() => document.cookie")}

    # -- window.$chatwoot -------------------------------------------------------------------
    def chatwoot(self, method: str, *args: Any) -> Any:
        return self.page.evaluate(f"(args) => window.$chatwoot.{method}(...args)", list(args))

    def _call_and_wait(self, path: str, method: str, sdk_method: str, *args: Any) -> Response:
        try:
            with self.page.expect_response(is_widget_call(path, method)) as response:
                self.chatwoot(sdk_method, *args)
        except PlaywrightTimeout:
            raise BrokenGuarantee(f"window.$chatwoot.{sdk_method} makes the widget call {method} {path}; "
                                  "it made no such call") from None
        return response.value

    def set_user(self, identifier: str | int, user: dict[str, Any]) -> Response:
        return self._call_and_wait("contact/set_user", "PATCH", "setUser", identifier, user)

    def set_custom_attributes(self, attributes: dict[str, Any]) -> Response:
        return self._call_and_wait("contact", "PATCH", "setCustomAttributes", attributes)

    def delete_custom_attribute(self, key: str) -> Response:
        return self._call_and_wait("contact/destroy_custom_attributes", "POST", "deleteCustomAttribute", key)

    def reset(self) -> None:
        """$chatwoot.reset(): the widget drops its session and loads again."""
        self.reloads_widget(lambda: self.chatwoot("reset"), "$chatwoot.reset()")

    def toggle(self, state: str | None = None) -> None:
        self.chatwoot("toggle", *([state] if state else []))

    def chatwoot_has_loaded(self) -> bool:
        return bool(self.page.evaluate("() => !!(window.$chatwoot && window.$chatwoot.hasLoaded)"))

    def is_open(self) -> bool:
        return bool(self.page.evaluate("() => !!(window.$chatwoot && window.$chatwoot.isOpen)"))
