"""HostPage: the customer's page that embeds the widget, and window.$chatwoot on it.

Every $chatwoot wrapper returns once the widget has made (or failed) the call it causes. An init
script records, on the host window only, what the widget iframe posts to it and the chatwoot:*
events the SDK dispatches, so tests can assert on exitChat, loaded and chatwoot:error."""
from __future__ import annotations

from typing import Any

from playwright.sync_api import Error, Page, Response, TimeoutError as PlaywrightTimeout

from fixtures.target import Target
from pages.contact_api import is_widget_call
from pages.widget_session import READ_STORAGE

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
    def __init__(self, page: Page, target: Target):
        self.page = page
        self.target = target
        page.add_init_script(RECORDER_SCRIPT)

    # -- loading ----------------------------------------------------------------------------
    def open(self, website_token: str | None = None) -> "HostPage":
        request = self.target.host_page(website_token)
        if request.generated_html is not None:
            html, page_url = request.generated_html, request.url.split("?", 1)[0]
            self.page.route(lambda url: url.split("?", 1)[0] == page_url,
                            lambda route: route.fulfill(status=200, content_type="text/html", body=html))
        self.page.goto(request.url)
        self.wait_until_ready("opening the host page")
        return self

    def reload(self) -> None:
        self.page.reload()
        self.wait_until_ready("reloading the host page")

    def wait_until_ready(self, doing: str) -> None:
        try:
            self.page.wait_for_function("() => window.__widgetE2E && window.__widgetE2E.ready > 0 && "
                                        "window.$chatwoot && window.$chatwoot.hasLoaded === true")
        except PlaywrightTimeout:
            raise WidgetDidNotLoad(f"the widget never became ready (no chatwoot:ready, $chatwoot.hasLoaded not "
                                   f"true) after {doing} {self.page.url}") from None

    def loaded_count(self) -> int:
        return len(self.messages("loaded"))

    def wait_for_widget_load(self, after: int, doing: str) -> None:
        """Wait until the widget iframe has posted `loaded` more than `after` times."""
        try:
            self.page.wait_for_function(
                "after => window.__widgetE2E.messages.filter(m => m.event === 'loaded').length > after", arg=after)
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

    def host_storage(self) -> dict[str, dict[str, str]]:
        """The host page's own storage: the widget's token must never end up here."""
        storage = self.page.evaluate(READ_STORAGE)
        return {**storage, "cookie": self.page.evaluate("() => document.cookie")}

    # -- window.$chatwoot -------------------------------------------------------------------
    def chatwoot(self, expression: str, *args: Any) -> Any:
        return self.page.evaluate(f"(args) => window.$chatwoot.{expression}(...args)", list(args))

    def _call_and_wait(self, path: str, method: str, expression: str, *args: Any) -> Response:
        with self.page.expect_response(is_widget_call(path, method)) as response:
            self.chatwoot(expression, *args)
        return response.value

    def set_user(self, identifier: str | int, user: dict[str, Any]) -> Response:
        return self._call_and_wait("contact/set_user", "PATCH", "setUser", identifier, user)

    def set_custom_attributes(self, attributes: dict[str, Any]) -> Response:
        return self._call_and_wait("contact", "PATCH", "setCustomAttributes", attributes)

    def delete_custom_attribute(self, key: str) -> Response:
        return self._call_and_wait("contact/destroy_custom_attributes", "POST", "deleteCustomAttribute", key)

    def reset(self) -> None:
        """$chatwoot.reset(): the widget drops its session and loads again."""
        loads = self.loaded_count()
        self.chatwoot("reset")
        self.wait_for_widget_load(after=loads, doing="$chatwoot.reset()")

    def toggle(self, state: str | None = None) -> None:
        self.chatwoot("toggle", *([state] if state else []))

    def chatwoot_has_loaded(self) -> bool:
        return bool(self.page.evaluate("() => !!(window.$chatwoot && window.$chatwoot.hasLoaded)"))

    def is_open(self) -> bool:
        try:
            return bool(self.page.evaluate("() => window.$chatwoot.isOpen"))
        except Error:
            return False
