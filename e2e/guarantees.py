"""Assertions that say which guarantee broke, in plain words, when they fail.

Every failure message starts with "broken guarantee:" so a red nightly reads as a list of broken
promises ("the next visitor never continues the previous visitor's contact"), not as timeouts.
A guarantee a profile's widget does not offer at all is skipped with a reason naming the profile
and the point that rule it out (`pytest.skip(not_offered(...))`)."""
from __future__ import annotations

from pages.widget_traffic import WidgetTraffic
from testlib.guarantees import PREFIX, BrokenGuarantee
from testlib.profiles import WidgetProfile


def guarantee(condition: object, promise: str, details: str = "") -> None:
    if not condition:
        raise BrokenGuarantee(promise, details)


def message(promise: str) -> str:
    """For Playwright's expect(..., message): the same wording as guarantee()."""
    return PREFIX + promise


def calls_since(calls: WidgetTraffic, mark: int) -> str:
    return "widget calls:\n" + calls.describe(mark)


def not_offered(profile: WidgetProfile, point: str, why: str) -> str:
    """The skip reason for a guarantee the profile's widget does not offer at all, because of `point`."""
    return f"{profile.title} profile, point {point}={profile.value(point)}: {why}"
