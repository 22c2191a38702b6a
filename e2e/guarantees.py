"""Assertions that say which guarantee broke, in plain words, when they fail.

Every failure message starts with "broken guarantee:" so a red nightly reads as a list of broken
promises ("the next visitor never continues the previous visitor's contact"), not as timeouts."""
from __future__ import annotations

from pages.contact_api import ContactApi

PREFIX = "broken guarantee: "


def guarantee(condition: object, promise: str, details: str = "") -> None:
    if not condition:
        raise AssertionError(PREFIX + promise + (f"\n{details}" if details else ""))


def message(promise: str) -> str:
    """For Playwright's expect(..., message): the same wording as guarantee()."""
    return PREFIX + promise


def calls_since(calls: ContactApi, mark: int) -> str:
    return "widget API calls:\n" + calls.describe(mark)
