"""PageErrors: every error the host page and the widget raise during a test, for every context of
the test: each `chatwoot:error` the SDK dispatches on the host window (an init script hands it to
a binding) and each uncaught exception in the host page or the widget iframe (Playwright's
`pageerror`, which covers the page's frames). It only records; fixtures/page_errors.py judges."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import BrowserContext, Error as PlaywrightError, Page

CHATWOOT_ERROR = "chatwoot:error"
PAGE_ERROR = "pageerror"
BINDING = "__widgetE2EHostError"
LISTENER_SCRIPT = f"""(() => {{
  if (window.top !== window) return;
  window.addEventListener('{CHATWOOT_ERROR}', (event) => {{
    let detail;
    try {{ detail = JSON.stringify(event.detail === undefined ? null : event.detail); }} catch (_) {{ detail = String(event.detail); }}
    window.{BINDING}(detail);
  }});
}})();"""
_SCRIPT_URL = re.compile(r"(https?://[^\s)]+?):\d+:\d+")


@dataclass(frozen=True)
class HostError:
    kind: str      # CHATWOOT_ERROR or PAGE_ERROR
    where: str     # the page (host) URL, or the script the exception came from
    detail: str    # the event's detail as JSON, or the exception's message

    def describe(self) -> str:
        if self.kind == PAGE_ERROR:
            return f"an uncaught error (pageerror) thrown by {self.where}: {self.detail}"
        return f"{self.kind} dispatched on {self.where}, detail {self.detail}"


class PageErrors:
    def __init__(self) -> None:
        self.recorded: list[HostError] = []

    def attach(self, context: BrowserContext) -> BrowserContext:
        """Record what `context`'s pages raise from now on (call before it opens a page)."""
        context.expose_binding(BINDING, lambda source, detail: self._chatwoot_error(source, detail))
        context.add_init_script(LISTENER_SCRIPT)
        context.on("page", self._watch_page)
        return context

    def _watch_page(self, page: Page) -> None:
        page.on("pageerror", lambda error: self.recorded.append(HostError(PAGE_ERROR, _origin_of(error, page),
                                                                          error.message or str(error))))

    def _chatwoot_error(self, source: dict[str, Any], detail: str) -> None:
        page = source.get("page")
        self.recorded.append(HostError(CHATWOOT_ERROR, f"the host page {page.url if page else '?'}",
                                       _compact(detail)))


def _origin_of(error: PlaywrightError, page: Page) -> str:
    """Where an uncaught exception was thrown: the script its stack names (the widget iframe's
    scripts are served by the widget origin), else the host page."""
    found = _SCRIPT_URL.search(error.stack or "")
    return f"the script {found.group(1)}" if found else f"the host page {page.url}"


def _compact(detail: str) -> str:
    try:
        return json.dumps(json.loads(detail), ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError):
        return str(detail)
