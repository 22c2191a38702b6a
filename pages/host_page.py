"""HostPage: the customer's page that embeds the widget, and window.$chatwoot on it.

Every $chatwoot wrapper returns once the widget has made (or failed) the call it causes. An init
script records, on the host window only, what the widget iframe posts to it and the chatwoot:*
events the SDK dispatches, so tests can assert on exitChat, loaded and chatwoot:error."""
from __future__ import annotations

import json
from typing import Any, Callable

from playwright.sync_api import BrowserContext, Page, Response, TimeoutError as PlaywrightTimeout

from pages.widget_session import READ_STORAGE
from pages.widget_traffic import WidgetTraffic, is_widget_call, watch
from testlib.guarantees import BrokenGuarantee, CannotObserve, promised

RECORDER_SCRIPT = """(() => {
  if (window.top !== window) return;
  const state = window.__widgetE2E = { ready: 0, messages: [], events: [], hasLoadedAsLoadedArrived: [] };
  const prefix = 'chatwoot-widget:';
  // registered before the SDK's own listener, so it sees $chatwoot as it was before the SDK handled it
  window.addEventListener('message', (event) => {
    if (typeof event.data !== 'string' || !event.data.startsWith(prefix)) return;
    let message;
    try { message = JSON.parse(event.data.slice(prefix.length)); } catch (_) { return; }
    state.messages.push(message);
    if (message.event === 'loaded') {
      state.hasLoadedAsLoadedArrived.push(window.$chatwoot ? window.$chatwoot.hasLoaded : 'no $chatwoot');
    }
  });
  for (const name of ['chatwoot:ready', 'chatwoot:error']) {
    window.addEventListener(name, (event) => {
      state.events.push({ name, detail: event.detail === undefined ? null : event.detail });
      if (name === 'chatwoot:ready') state.ready += 1;
    });
  }
})();"""


SETTINGS_SCRIPT = """(overrides) => {
  if (window.top !== window) return;
  let settings = Object.assign({}, overrides);
  Object.defineProperty(window, 'chatwootSettings', {
    configurable: true,
    get: () => settings,
    set: (given) => { settings = Object.assign({}, given, overrides); },
  });
}"""


def use_chatwoot_settings(context: BrowserContext, settings: dict[str, Any]) -> None:
    """Every host page `context` opens from now on sets these window.chatwootSettings before
    chatwootSDK.run(), over whatever the page itself sets (as a site configures its widget)."""
    context.add_init_script(f"({SETTINGS_SCRIPT})({json.dumps(settings)})")


class WidgetDidNotLoad(BrokenGuarantee):
    """The widget did not (re)load: chatwoot:ready, $chatwoot.hasLoaded or the iframe's `loaded`
    never came; the message names what went wrong on the wire meanwhile."""


class HostPage:
    def __init__(self, page: Page, calls: WidgetTraffic | None = None):
        self.page = page
        self.calls = calls  # the recorder of the page's context: a wait that gives up names the failed calls
        page.add_init_script(RECORDER_SCRIPT)

    # -- loading ----------------------------------------------------------------------------
    def open(self, url: str) -> "HostPage":
        self.wait_until_ready(f"opening the host page {url}", lambda: self.page.goto(url))
        return self

    def reload(self) -> None:
        self.wait_until_ready(f"reloading the host page {self.page.url}", self.page.reload)

    def wait_until_ready(self, doing: str, action: Callable[[], object] = lambda: None) -> None:
        """Do `action` (open or reload the page), then wait for chatwoot:ready and hasLoaded."""
        with promised(f"the widget loads for the visitor (chatwoot:ready, $chatwoot.hasLoaded) after {doing}",
                      watch(self.calls, self.page), WidgetDidNotLoad):
            action()
            self.page.wait_for_function("() => window.__widgetE2E && window.__widgetE2E.ready > 0 && "
                                        "window.$chatwoot && window.$chatwoot.hasLoaded === true")

    def loaded_count(self) -> int:
        return len(self.messages("loaded"))

    def reloads_widget(self, action: Callable[[], object], doing: str) -> None:
        """Do `action`, then wait until the widget iframe has posted `loaded` once more."""
        loads = self.loaded_count()
        with promised(f"the widget loads again after {doing}", watch(self.calls, self.page), WidgetDidNotLoad):
            action()
            self.page.wait_for_function(
                "after => window.__widgetE2E.messages.filter(m => m.event === 'loaded').length > after", arg=loads)

    # -- what the host page saw -------------------------------------------------------------
    def messages(self, event: str | None = None) -> list[dict[str, Any]]:
        messages = self._recorded("messages", f"which messages the widget posted ({event or 'any'})")
        return [m for m in messages if event is None or m.get("event") == event]

    def events(self, name: str | None = None) -> list[dict[str, Any]]:
        events = self._recorded("events", f"which events the SDK dispatched ({name or 'any'})")
        return [e for e in events if name is None or e["name"] == name]

    def _recorded(self, kind: str, question: str) -> list[dict[str, Any]]:
        """What the recorder script kept; raises if it is not on the page (never an empty list)."""
        recorded = self.page.evaluate("kind => window.__widgetE2E ? window.__widgetE2E[kind] : null", kind)
        if recorded is None:
            raise CannotObserve("the suite's recorder is on the host page", question,
                                f"window.__widgetE2E is missing on {self.page.url}")
        return recorded

    def wait_for_event(self, name: str) -> dict[str, Any] | None:
        """The latest `name` event (chatwoot:error, ...), waiting for one; None if none came (and
        raises if the recorder that would have seen it is gone)."""
        try:
            self.page.wait_for_function("name => !window.__widgetE2E || window.__widgetE2E.events.some(e => "
                                        "e.name === name)", arg=name)
        except PlaywrightTimeout:
            pass
        found = self.events(name)
        return found[-1] if found else None

    def host_storage(self) -> dict[str, Any]:
        """The host page's own sessionStorage, localStorage and document.cookie."""
        storage = self.page.evaluate(READ_STORAGE)
        return {**storage, "cookie": self.page.evaluate("() => document.cookie")}

    # -- window.$chatwoot -------------------------------------------------------------------
    def chatwoot(self, method: str, *args: Any) -> Any:
        """window.$chatwoot.<method>(...args); raises naming the SDK if it has no such method."""
        result = self.page.evaluate(
            """async ([method, args]) => {
                 const sdk = window.$chatwoot;
                 if (!sdk || typeof sdk[method] !== 'function') return { missing: sdk ? typeof sdk[method] : 'no-sdk' };
                 return { value: await sdk[method](...args) };
               }""", [method, list(args)])
        if "missing" in result:
            found = ("window.$chatwoot is missing" if result["missing"] == "no-sdk"
                     else f"window.$chatwoot.{method} is {result['missing']}")
            raise CannotObserve(f"the SDK offers window.$chatwoot.{method} on the host page",
                                f"what $chatwoot.{method}() does", found)
        return result.get("value")

    def _call_and_wait(self, path: str, method: str, sdk_method: str, *args: Any) -> Response:
        with promised(f"window.$chatwoot.{sdk_method} makes the widget call {method} {path}",
                      watch(self.calls, self.page)):
            with self.page.expect_response(is_widget_call(path, method)) as response:
                self.chatwoot(sdk_method, *args)
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

    def has_loaded_as_loaded_arrived(self) -> bool:
        """window.$chatwoot.hasLoaded at the moment the iframe's first `loaded` message reached the
        host page, before the SDK handled it."""
        seen = self._recorded("hasLoadedAsLoadedArrived", "what $chatwoot.hasLoaded was as loaded arrived")
        if not seen:
            raise CannotObserve("the widget iframe posts loaded to the host page",
                                "what $chatwoot.hasLoaded was before it", "it never did")
        if not isinstance(seen[0], bool):  # a missing SDK is never "not loaded yet"
            raise CannotObserve("window.$chatwoot is on the host page as loaded arrives",
                                "what $chatwoot.hasLoaded was then", f"it was {seen[0]!r}")
        return seen[0]

    def chatwoot_has_loaded(self) -> bool:
        return self._sdk_flag("hasLoaded", "whether the widget has loaded")

    def is_open(self) -> bool:
        return self._sdk_flag("isOpen", "whether the chat is open")

    def _sdk_flag(self, name: str, question: str) -> bool:
        """window.$chatwoot.<name>, which must be a boolean: a missing SDK is never 'not open' or
        'not loaded'."""
        flag = self.page.evaluate("name => window.$chatwoot ? { value: window.$chatwoot[name] } : null", name)
        if flag is None:
            raise CannotObserve("window.$chatwoot is on the host page", question, "it is missing")
        if not isinstance(flag.get("value"), bool):
            raise CannotObserve(f"window.$chatwoot.{name} is true or false", question,
                                f"it is {flag.get('value')!r}")
        return flag["value"]
