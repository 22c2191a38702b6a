"""Who made a widget call, and whose token it carried: the one way every call log names a call
(failure messages, the HTML report, the reproduce timeline), so that a token crossing from one
visitor to another shows at a glance: "#7 visitor B, contact #42, token#3f2a9c: PATCH contact ...".

Visitors are labelled A, B, ... in the order a test (or a reproduce scenario) meets them. The
contact a token belongs to is learned from the answers the widget saw: the answer that issued the
token (POST config's contact, set_user's contact) or any contact-shaped answer to a call that
presented it (GET/PATCH contact, POST conversations)."""
from __future__ import annotations

import json
import string
from typing import Any, Callable

from testlib.profiles import RecordedCall, WidgetProfile
from testlib.redaction import fingerprint

CONTACT_ANSWER_PATHS = ("contact", "contact/set_user", "contact/destroy_custom_attributes")
BODY_LIMIT = 300


def contact_in_answer(call: RecordedCall) -> int | None:
    """The contact id an answer names: the contact itself (contact calls) or its `contact` (POST
    config, POST conversations). None for anything else (the widget page names no contact)."""
    if call.status != 200:
        return None
    answer = call.answer()
    if not isinstance(answer, dict):
        return None
    contact = answer if call.path in CONTACT_ANSWER_PATHS else answer.get("contact")
    found = contact.get("id") if isinstance(contact, dict) else None
    return found if isinstance(found, int) else None


class Cast:
    """The visitors of one test and the contacts their tokens belong to."""

    def __init__(self) -> None:
        self._visitors = 0
        self._calls = 0
        self._contacts: dict[str, int] = {}

    def next_seq(self) -> int:
        """Calls are numbered across all the test's browser contexts, in the order they were sent."""
        self._calls += 1
        return self._calls

    @property
    def last_seq(self) -> int:
        return self._calls

    def new_visitor(self) -> str:
        """The next visitor's label: A, B, ..., Z, then V27, V28, ..."""
        self._visitors += 1
        return string.ascii_uppercase[self._visitors - 1] if self._visitors <= 26 else f"V{self._visitors}"

    def learn(self, call: RecordedCall) -> None:
        """Note whose token a finished call issued or presented, from its answer."""
        contact = contact_in_answer(call)
        token = WidgetProfile.issued_token(call) or WidgetProfile.sent_token(call)
        if contact is not None and token:
            self._contacts.setdefault(token, contact)

    def contact_of(self, token: str | None) -> int | None:
        return self._contacts.get(token) if token else None

    def contact_label(self, token: str | None) -> str:
        """'contact #42', 'contact ?' (not seen in any answer yet) or 'no contact' (no token)."""
        if not token:
            return "no contact"
        contact = self.contact_of(token)
        return f"contact #{contact}" if contact is not None else "contact ?"


def visitor_label(call: Any) -> str:
    """'visitor B' or, for a second tab of the same visitor, 'visitor A (tab 2)'."""
    tab = getattr(call, "tab", 1)
    return f"visitor {call.visitor}" + (f" (tab {tab})" if tab > 1 else "")


def who(call: Any, cast: Cast) -> str:
    """'visitor B, contact #42, token#3f2a9c': who made the call and with whose token."""
    token = WidgetProfile.sent_token(call)
    return f"{visitor_label(call)}, {cast.contact_label(token)}, {fingerprint(token)}"


def outcome(call: Any, cast: Cast) -> str:
    """'200', '404', 'failed: net::ERR_ABORTED', plus the token the answer issued, if a new one."""
    text = str(call.status) if call.status is not None else (call.failure or "pending")
    issued = WidgetProfile.issued_token(call) if call.status == 200 else None
    if issued and issued != WidgetProfile.sent_token(call):
        text += f", issued {fingerprint(issued)} ({cast.contact_label(issued)})"
    return text


def call_line(call: Any, cast: Cast) -> str:
    """The one-line form of a call: '#7 visitor B, contact #42, token#3f2a9c: PATCH contact
    website_token=T -> 200'."""
    return (f"#{call.seq} {who(call, cast)}: {call.method} {call.path} "
            f"website_token={call.website_token or '-'} -> {outcome(call, cast)}")


def call_row(call: Any, cast: Cast, redact: Callable[[str], str]) -> dict[str, str]:
    """The table form of a call (the HTML report, the reproduce bug report), redacted."""
    token = WidgetProfile.sent_token(call)
    body = call.body if isinstance(call.body, str) or call.body is None else json.dumps(call.body)
    body = redact(body or "")
    return {
        "seq": str(call.seq), "visitor": visitor_label(call), "method": call.method, "path": call.path,
        "website_token": call.website_token or "-", "token": fingerprint(token), "contact": cast.contact_label(token),
        "status": redact(outcome(call, cast)),
        "body": body if len(body) <= BODY_LIMIT else body[:BODY_LIMIT] + " ...",
    }


CALL_COLUMNS = ("seq", "visitor", "method", "path", "website_token", "token", "contact", "status", "body")
