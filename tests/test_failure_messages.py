"""Failure messages name the cause: a flow step that waits fails as its promise with what the wire
showed (testlib.guarantees.promised), and the detection check tells a catch by a named guarantee
from one by a timeout or a generic message (detection.runner.Failure.kind)."""
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from detection.runner import GENERIC_ONLY, GUARANTEE, TIMEOUT_ONLY, Failure, SuiteRun
from testlib.guarantees import PREFIX, BrokenGuarantee, Wire, promised

EXPECT_TIMEOUT = ("Locator expected to be visible\nActual value: None\nCall log:\n"
                  "  - Expect \"to_be_visible\" with timeout 5000ms\n"
                  "  - waiting for get_by_role(\"button\", name=\"Start Conversation\")")


def raised_by(block) -> str:
    with pytest.raises(BrokenGuarantee) as failed:
        block()
    return str(failed.value).splitlines()[0]


def test_a_wait_that_gives_up_names_the_failed_calls_as_the_cause():
    def step():
        with promised("the next visitor is asked for their details",
                      lambda: Wire("on the wire: #7 POST config answered 401 (website_token is invalid)", "#7 ...")):
            raise AssertionError(EXPECT_TIMEOUT)

    assert raised_by(step) == (PREFIX + "the next visitor is asked for their details; on the wire: "
                               "#7 POST config answered 401 (website_token is invalid)")


def test_with_a_clean_wire_it_says_so_and_names_what_it_waited_for():
    def step():
        with promised("the next visitor is asked for their details", lambda: Wire("", "#7 ...")):
            raise AssertionError(EXPECT_TIMEOUT)

    line = raised_by(step)
    assert "no widget call failed meanwhile; gave up after 5000 ms waiting for get_by_role(\"button\", " \
           "name=\"Start Conversation\") (be visible)" in line
    assert "Locator expected" not in line


def test_a_timeout_can_say_what_it_means_and_an_inner_promise_wins():
    def step():
        with promised("End Conversation resolves the conversation", lambda: Wire("", ""),
                      timed_out="the widget sent no such call"):
            raise PlaywrightTimeout("Timeout 5000ms exceeded while waiting for event \"response\"")

    assert raised_by(step).endswith("no widget call failed meanwhile; the widget sent no such call")

    def nested():
        with promised("outer"):
            with promised("inner"):
                raise AssertionError("Locator expected to be hidden")

    assert raised_by(nested).startswith(PREFIX + "inner; ")


@pytest.mark.parametrize("message, kind", [
    ("playwright._impl._errors.TimeoutError: Timeout 5000ms exceeded.", TIMEOUT_ONLY),
    ("AssertionError: Locator expected to be visible", TIMEOUT_ONLY),
    ("Failed: Timeout (>120.0s) from pytest-timeout.", TIMEOUT_ONLY),
    ("IndexError: list index out of range", GENERIC_ONLY),
    ("AssertionError: the widget made no PATCH contact call", GENERIC_ONLY),
    (PREFIX + "after Exit & Close Chat the widget loads again for the next visitor; it did not", TIMEOUT_ONLY),
    (PREFIX + "submitting the pre-chat form starts a conversation (POST conversations); the widget sent no such "
              "call", TIMEOUT_ONLY),
    (PREFIX + "submitting the pre-chat form starts a conversation (POST conversations); on the wire: #6 PATCH "
              "contact sent without X-Auth-Token and answered 401", GUARANTEE),
    (PREFIX + "End Conversation resolves the conversation (GET conversations/toggle_status); no widget call failed "
              "meanwhile; the widget sent no such call", GUARANTEE),
    (PREFIX + "the chat is closed after the visitor leaves", GUARANTEE),
])
def test_the_detection_check_tells_a_named_guarantee_from_a_timeout_or_a_generic_message(message, kind):
    assert Failure("e2e/test_x.py::test_y", message).kind == kind


def test_a_defect_counts_as_named_if_any_failure_names_its_guarantee():
    run = SuiteRun("documented", "token-not-sent", exit_code=1, duration_s=1, tests=3, failures=[
        Failure("a", "IndexError: list index out of range"), Failure("b", PREFIX + "the token is sent")])
    assert run.caught_by == GUARANTEE and not run.caught_without_cause
    run.failures.pop()
    assert run.caught_by == GENERIC_ONLY and run.caught_without_cause
