"""The wording of a broken promise, shared by the tests (e2e/guarantees.py), the page objects (where
a flow step is itself a promise, such as "submitting the pre-chat form starts a conversation") and
the detection check, which counts failures that name one.

Two ways a page object keeps a failure from reading as a bare timeout or a vacuous pass:
`promised(promise, wire)` around a flow step that waits (the step fails as its promise, naming
the cause), and `CannotObserve` from a query that cannot see what it was asked about (instead of
answering False, None or empty)."""
from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator

from playwright.sync_api import Error as PlaywrightError, TimeoutError as PlaywrightTimeout

PREFIX = "broken guarantee: "


class BrokenGuarantee(AssertionError):
    def __init__(self, promise: str, details: str = ""):
        super().__init__(PREFIX + promise + (f"\n{details}" if details else ""))


class CannotObserve(BrokenGuarantee):
    """A query could not see what it was asked about: the SDK, the widget iframe, its storage or the
    stored contact is not there. Raised instead of answering False, None or empty, so that no
    assertion on absence ("the chat is closed", "the token is gone") passes because there was
    nothing to look at."""

    def __init__(self, needed: str, question: str, found: str):
        super().__init__(f"{needed}, to tell {question}; {found}")


@dataclass(frozen=True)
class Wire:
    """What the widget sent during a step (pages.widget_traffic.watch)."""

    faults: str  # what went wrong, in one line ("" when nothing did)
    log: str     # every call, one per line


@contextmanager
def promised(promise: str, wire: Callable[[], Wire] | None = None,
             kind: type[BrokenGuarantee] = BrokenGuarantee, timed_out: str | None = None) -> Iterator[None]:
    """A flow step that is itself a promise ("after the exit the next visitor is asked for their
    details"): a wait inside it that gives up (a Playwright timeout, a failed expect, a closed
    frame) fails as that broken promise with its cause in the same line: what went wrong on the
    wire meanwhile (`wire()`), else the wait that gave up. A BrokenGuarantee raised inside (a more
    specific promise) passes through unchanged. `kind`: the BrokenGuarantee subclass to raise;
    `timed_out`: what a timeout means here, in words ("the widget sent no such call")."""
    try:
        yield
    except BrokenGuarantee:
        raise
    except (AssertionError, PlaywrightError) as error:
        if str(error).startswith(PREFIX):  # an expect(..., message) that names its own promise
            raise
        seen = wire() if wire else None
        if seen and seen.faults:
            cause = seen.faults
        else:
            said = timed_out if timed_out and isinstance(error, PlaywrightTimeout) else gave_up(error)
            cause = ("no widget call failed meanwhile; " if seen else "") + said
        details = [f"widget calls meanwhile:\n{seen.log}"] if seen else []
        raise kind(f"{promise}; {cause}", "\n".join(details + [_first_lines(str(error))])) from None


_WAITING_FOR = re.compile(r"waiting for (.+)")
_TIMEOUT = re.compile(r"Timeout (\d+) ?ms exceeded|with timeout (\d+) ?ms")


def gave_up(error: BaseException) -> str:
    """Playwright's error in one line of our words: 'gave up after 5000 ms waiting for
    get_by_role("button", name="Start Conversation") to be visible'."""
    text = str(error)
    lines = [line.strip(" -") for line in text.splitlines() if line.strip()]
    waited = next((m.group(1).strip() for line in lines if (m := _WAITING_FOR.search(line))), None)
    expected = next((line for line in lines if "expected to" in line), "")
    timeout = _TIMEOUT.search(text)
    ms = next((group for group in timeout.groups() if group), None) if timeout else None
    if waited:
        if expected:
            waited += " (" + expected.split("expected to", 1)[1].strip() + ")"
        return f"gave up after {ms or '?'} ms waiting for {waited}"
    if ms:
        return f"gave up after {ms} ms"
    return lines[0] if lines else type(error).__name__


def _first_lines(text: str, limit: int = 12) -> str:
    lines = text.splitlines()
    return "\n".join(lines[:limit] + (["..."] if len(lines) > limit else []))
