"""Judging a setUser in the browser in the order the blame runs: first the SDK (did its PATCH
contact/set_user carry the identifier_hash the site gave setUser, unchanged?), only then the
server (did it accept the right HMAC and refuse anything else?). A red set_user test so says
which side broke instead of "expected 200, got 401"."""
from __future__ import annotations

from playwright.sync_api import Response

from e2e.guarantees import guarantee
from pages.widget_traffic import WidgetTraffic
from testlib.api_client import error_reason
from testlib.redaction import fingerprint

SET_USER = ("contact/set_user", "PATCH")


def sent_hash(calls: WidgetTraffic, given: str | None) -> None:
    """The SDK's part: the last set_user call carried `given` as identifier_hash (none if None)."""
    call = calls.last(*SET_USER)
    sent = call.body.get("identifier_hash") if isinstance(call.body, dict) else None
    if sent == given:
        return
    what = "none" if not sent else f"another one ({fingerprint(sent)} instead of {fingerprint(given)})"
    guarantee(False, f"the SDK sends the identifier_hash given to setUser unchanged in PATCH contact/set_user; "
                     f"it sent {what}", call.describe())


def judged(calls: WidgetTraffic, response: Response, given: str | None, accepted: bool, hash_is: str) -> None:
    """The SDK sent `given` (else it is the SDK's fault); then the server accepted it (`accepted`)
    or refused it with 401, 403 or 422. `hash_is` names the hash for the message ("the right HMAC
    of the identifier", "a hash made with another key", "no hash, on a mandatory-HMAC inbox")."""
    sent_hash(calls, given)
    call = calls.last(*SET_USER)
    reason = error_reason(call.answer())
    if accepted:
        guarantee(response.status == 200, f"the server accepts set_user carrying {hash_is} (the SDK sent it "
                  f"unchanged); it answered {response.status}" + (f" ({reason})" if reason else ""), call.describe())
    else:
        guarantee(response.status in (401, 403, 422), f"the server refuses set_user carrying {hash_is} (the SDK "
                  f"sent it unchanged), or anyone could claim another identity; it answered {response.status}",
                  call.describe())
