"""Named defect switches (../shared/defects.md plus our own), all off by default.

Enable with ``REFERENCE_DEFECTS=name,name`` or ``python -m reference --defect name``.
Each switch is one small change of behaviour in the SDK, the widget app or the API."""
from __future__ import annotations

import os
from typing import Iterable

# name -> (where it lives, what breaks)
CATALOG: dict[str, tuple[str, str]] = {
    "website-token-from-location": ("widget", "calls read website_token from the current URL at call time"),
    "token-kept-on-exit": ("widget", "soft exit leaves the auth token in sessionStorage"),
    "header-kept-on-exit": ("widget", "soft exit keeps the in-memory X-Auth-Token default header"),
    "token-in-localstorage": ("widget", "token written to localStorage instead of sessionStorage"),
    "token-not-sent": ("widget", "a contact call goes out without X-Auth-Token though a token exists"),
    "set-user-token-dropped": ("widget", "widget_auth_token from set_user is not stored or applied"),
    "custom-attributes-replace": ("api", "setCustomAttributes replaces instead of merging"),
    "delete-attribute-noop": ("api", "destroy_custom_attributes ignores the keys it is sent"),
    "hmac-not-enforced": ("api", "a wrong identifier_hash is accepted"),
    "prechat-drops-field": ("widget", "pre-chat submit omits the phone number from the update call"),
    "prechat-not-reset-on-exit": ("widget", "after exit the form is pre-filled with the previous visitor's details"),
    "stale-token-not-recovered": ("widget", "a 404 for a deleted contact does not clear the session"),
    "foreign-token-accepted": ("api", "a token issued for another inbox, or a tampered one, is accepted"),
    "same-token-two-visitors": ("api", "two fresh visitors get the same token and contact"),
    # Beyond the catalog: regressions in the same area users would plausibly hit.
    "exit-skips-resolve": ("widget", "soft exit clears the session without resolving the conversation"),
    "user-replayed-after-exit": ("sdk", "after exit the SDK replays the previous visitor's setUser into the new session"),
    "reset-keeps-session": ("widget", "$chatwoot.reset() reloads the widget but keeps the contact session"),
    "set-user-error-swallowed": ("widget", "a rejected setUser raises no chatwoot:error on the host page"),
    "update-drops-unicode": ("api", "contact updates store non-ASCII text as '?'"),
}


class UnknownDefect(ValueError):
    pass


def parse(names: str | Iterable[str] | None) -> frozenset[str]:
    """Turn 'a,b' or ['a', 'b'] into a validated set of defect names."""
    if names is None:
        return frozenset()
    if isinstance(names, str):
        names = names.split(",")
    chosen = frozenset(name.strip() for name in names if name and name.strip())
    unknown = sorted(chosen - CATALOG.keys())
    if unknown:
        raise UnknownDefect(
            f"unknown reference defect(s) {', '.join(unknown)}; known: {', '.join(sorted(CATALOG))}"
        )
    return chosen


def from_environment() -> frozenset[str]:
    return parse(os.environ.get("REFERENCE_DEFECTS"))
