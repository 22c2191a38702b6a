"""WidgetSession: what the widget keeps in the browser: its iframe's sessionStorage and
localStorage, and cookies. Where the contact token is expected comes from the target
(sessionStorage in the documented fork, a cw_conversation cookie upstream)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from playwright.sync_api import BrowserContext, Frame

READ_STORAGE = """() => ({
  session: Object.fromEntries(Object.keys(sessionStorage).map(k => [k, sessionStorage.getItem(k)])),
  local: Object.fromEntries(Object.keys(localStorage).map(k => [k, localStorage.getItem(k)])),
})"""


@dataclass(frozen=True)
class StorageSnapshot:
    session: dict[str, str]
    local: dict[str, str]
    cookies: dict[str, str]

    def places_holding(self, value: str) -> list[str]:
        """Where a value (a token) is stored: ['sessionStorage:cw_auth_token', ...]."""
        places = [f"sessionStorage:{key}" for key, stored in self.session.items() if value and value in stored]
        places += [f"localStorage:{key}" for key, stored in self.local.items() if value and value in stored]
        places += [f"cookie:{key}" for key, stored in self.cookies.items() if value and value in stored]
        return places


class WidgetSession:
    def __init__(self, frame: Callable[[], Frame], context: BrowserContext, token_storage: str, token_key: str):
        self._frame = frame
        self._context = context
        self.token_storage = token_storage
        self.token_key = token_key

    def snapshot(self) -> StorageSnapshot:
        storage = self._frame().evaluate(READ_STORAGE)
        cookies = {cookie["name"]: cookie["value"] for cookie in self._context.cookies()}
        return StorageSnapshot(storage["session"], storage["local"], cookies)

    def session_storage(self) -> dict[str, str]:
        return self.snapshot().session

    def local_storage(self) -> dict[str, str]:
        return self.snapshot().local

    def token(self) -> str | None:
        """The contact token where the target keeps it, or None."""
        snapshot = self.snapshot()
        if self.token_storage == "cookie":
            return snapshot.cookies.get(self.token_key)
        return snapshot.session.get(self.token_key)

    def session_keys(self) -> list[str]:
        """Keys the soft exit must wipe (cw_*, cwc*, chatwoot*, widget_auth*), in either storage."""
        snapshot = self.snapshot()
        prefixes = ("cw_", "cwc", "chatwoot", "widget_auth")
        return sorted([f"sessionStorage:{k}" for k in snapshot.session if k.startswith(prefixes)] +
                      [f"localStorage:{k}" for k in snapshot.local if k.startswith(prefixes)])
