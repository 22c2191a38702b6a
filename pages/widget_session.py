"""WidgetSession: what the widget keeps in the browser: its iframe's sessionStorage and
localStorage, and cookies. Where the contact token lives is the profile's token_storage point:
the iframe's sessionStorage (documented) or the host page's cw_conversation cookie (upstream, fork)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Error as PlaywrightError, Frame, Page, TimeoutError as PlaywrightTimeout

from testlib.guarantees import CannotObserve
from testlib.profiles import WIDGET_PAGE_PATH, WidgetProfile

READ_STORAGE = """() => ({
  session: Object.fromEntries(Object.keys(sessionStorage).map(k => [k, sessionStorage.getItem(k)])),
  local: Object.fromEntries(Object.keys(localStorage).map(k => [k, localStorage.getItem(k)])),
})"""
# The soft exit must wipe these from the iframe's storage (contract.md); caches of agents and
# campaigns that upstream keeps in localStorage hold no visitor data and are not session keys.
SESSION_KEY_PREFIXES = ("cw_", "cwc", "chatwoot", "widget_auth")
CACHE_KEY_PREFIXES = ("chatwoot_campaigns_", "chatwoot_available_agents_")


@dataclass(frozen=True)
class StorageSnapshot:
    session: dict[str, str]
    local: dict[str, str]
    cookies: dict[str, str]

    def places_holding(self, value: str | None) -> list[str]:
        """Where a value (a token) is stored: ['sessionStorage:cw_auth_token', 'cookie:cw_conversation', ...].
        Raises for an empty value: "found nowhere" must never mean "there was nothing to look for"."""
        if not value:
            raise CannotObserve("a value to look for", "where the browser keeps it",
                                f"it is {value!r} (was a token held at all?)")
        places = [f"sessionStorage:{key}" for key, stored in self.session.items() if value in stored]
        places += [f"localStorage:{key}" for key, stored in self.local.items() if value in stored]
        places += [f"cookie:{key}" for key, stored in self.cookies.items() if value in stored]
        return places

    def session_keys(self) -> list[str]:
        """Session keys in the iframe's storage (cw_*, cwc*, chatwoot*, widget_auth*), caches aside."""
        def is_session_key(key: str) -> bool:
            return key.startswith(SESSION_KEY_PREFIXES) and not key.startswith(CACHE_KEY_PREFIXES)
        return sorted([f"sessionStorage:{k}" for k in self.session if is_session_key(k)] +
                      [f"localStorage:{k}" for k in self.local if is_session_key(k)])


def read_widget_storage(frame: Frame) -> dict[str, dict[str, str]]:
    """READ_STORAGE in the widget iframe. Raises unless the iframe shows the widget page and its
    storage answered: an about:blank iframe would show the host page's storage, where "the token
    is gone" proves nothing."""
    if not urlsplit(frame.url).path.rstrip("/").endswith(WIDGET_PAGE_PATH):
        raise CannotObserve(f"the widget iframe shows the widget page ({WIDGET_PAGE_PATH})",
                            "what the widget keeps in its storage", f"it shows {frame.url or 'nothing'}")
    try:
        return frame.evaluate(READ_STORAGE)
    except PlaywrightError as error:
        raise CannotObserve("the widget iframe's sessionStorage and localStorage answer",
                            "what the widget keeps there", str(error).splitlines()[0]) from None


HOLDS_COOKIE = """([name, value]) => document.cookie.split('; ').includes(name + '=' + value)"""
HOLDS_SESSION_ITEM = """([name, value]) => sessionStorage.getItem(name) === value"""


class WidgetSession:
    def __init__(self, frame: Callable[[], Frame], context: BrowserContext, host: Page, profile: WidgetProfile):
        self._frame = frame
        self._context = context
        self._host = host
        self.profile = profile

    def snapshot(self) -> StorageSnapshot:
        """The iframe's storage and the cookies the host page and the widget see."""
        frame = self._frame()
        storage = read_widget_storage(frame)
        urls = [self._host.url, frame.url]
        cookies = {cookie["name"]: cookie["value"] for cookie in self._context.cookies(urls)}
        return StorageSnapshot(storage["session"], storage["local"], cookies)

    def token(self) -> str | None:
        """The contact token where the profile keeps it, or None."""
        snapshot = self.snapshot()
        if self.profile.keeps_token_in_cookie:
            return snapshot.cookies.get(self.profile.token_key) or None
        return snapshot.session.get(self.profile.token_key) or None

    def settles_on(self, token: str | None) -> bool:
        """Wait until the profile's token place holds `token` (the SDK writes the host cookie a
        message after the answer that issued it); False if it never does."""
        if not token:
            return False
        if self.profile.keeps_token_in_cookie:
            where, check = self._host, HOLDS_COOKIE
        else:
            where, check = self._frame(), HOLDS_SESSION_ITEM
        try:
            where.wait_for_function(check, arg=[self.profile.token_key, token])
        except PlaywrightTimeout:
            return False
        return True
