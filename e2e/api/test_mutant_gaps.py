"""Every limit of docs/contract-decisions.md is exact: a value at the limit is accepted and stored,
one past it is refused with the contract's status and nothing is stored. Generated mutants
(`python -m mutants`) showed that a limit moved by one (2048 -> 2049, `>` -> `>=`) passed the suite,
which tested each limit only far beyond it. The limits are the reference's own decisions, so a live
target is not held to them."""
from __future__ import annotations

import json
from typing import Any, Callable

import pytest

from e2e.api.checks import describe, message_contents, read_back, refused, unchanged, visitor_with_details
from e2e.guarantees import guarantee
from testlib import refusals
from testlib.api_client import ApiResponse, WidgetApiClient

pytestmark = [pytest.mark.api, pytest.mark.security]

BODY_LIMIT = 64 * 1024


@pytest.fixture(autouse=True)
def reference_only(target) -> None:
    if not target.is_reference:
        pytest.skip("the limits are the reference's own decisions (docs/contract-decisions.md); a live "
                    "target has its own")


def _url(length: int) -> str:
    prefix = "https://example.com/"
    return prefix + "a" * (length - len(prefix))


def _email(length: int) -> str:
    suffix = "@example.com"
    return "e" * (length - len(suffix)) + suffix


def _keys(count: int) -> dict[str, int]:
    return {f"key{index}": index for index in range(count)}


def _nested(depth: int) -> Any:
    """A custom attribute value that makes the PATCH body `depth` levels deep (the body and
    custom_attributes are two of them)."""
    value: Any = []
    for _ in range(depth - 3):
        value = [value]
    return value


# case -> (field, the field's value of a given length or size, the limit)
FIELD_LIMITS: dict[str, tuple[str, Callable[[int], Any], int]] = {
    "avatar_url": ("avatar_url", _url, 2048),
    "email": ("email", _email, 255),
    "custom_attributes-keys": ("custom_attributes", _keys, 100),
}


@pytest.mark.parametrize("case", FIELD_LIMITS)
def test_a_field_limit_is_exact(widget_api: WidgetApiClient, server, target, visitor, case):
    field, value_of, limit = FIELD_LIMITS[case]
    session = visitor_with_details(server, visitor)
    before = read_back(server, session)
    over = widget_api.update(session.token, **{field: value_of(limit + 1)})
    refused(target, over, 422, f"{field} one past its limit ({limit}) is refused", field)
    unchanged(server, session, before, f"a refused {field} one past its limit stores nothing")
    at = widget_api.update(session.token, **{field: value_of(limit)})
    guarantee(at.status == 200, f"{field} exactly at its limit ({limit}) is accepted", describe(at))


def test_the_body_size_limit_is_exact(widget_api: WidgetApiClient, server, target, visitor):
    session = visitor_with_details(server, visitor)
    before = read_back(server, session)

    frame = len(json.dumps({"custom_attributes": {"blob": ""}}))

    def body_of(size: int) -> str:
        return json.dumps({"custom_attributes": {"blob": "x" * (size - frame)}})

    over = widget_api.request("PATCH", "contact", token=session.token, content=body_of(BODY_LIMIT + 1))
    refused(target, over, 413, "a body one byte over 64 KiB is refused as too large")
    unchanged(server, session, before, "a refused oversized body stores nothing")
    at = widget_api.request("PATCH", "contact", token=session.token, content=body_of(BODY_LIMIT))
    guarantee(at.status == 200, "a body of exactly 64 KiB is accepted", describe(at))
    guarantee(len(read_back(server, session)["custom_attributes"].get("blob", "")) == BODY_LIMIT - frame,
              "a body of exactly 64 KiB is stored whole")


def test_the_nesting_limit_is_exact(widget_api: WidgetApiClient, server, target, visitor):
    session = visitor_with_details(server, visitor)
    before = read_back(server, session)
    over = widget_api.set_custom_attributes(session.token, {"deep": _nested(33)})
    refused(target, over, 422, "a body nested 33 levels deep is refused")
    unchanged(server, session, before, "a refused over-nested body stores nothing")
    at = widget_api.set_custom_attributes(session.token, {"deep": _nested(32)})
    guarantee(at.status == 200, "a body nested exactly 32 levels deep is accepted", describe(at))
    guarantee(read_back(server, session)["custom_attributes"].get("deep") == _nested(32),
              "a value nested exactly 32 levels deep comes back exactly as sent")


def test_the_message_length_limit_is_exact(widget_api: WidgetApiClient, server, target):
    session = widget_api.new_visitor()
    started = widget_api.start_conversation(session.token, "Hello")
    guarantee(started.ok, "a visitor can start a conversation", describe(started))
    over = widget_api.send_message(session.token, "m" * 10_001)
    refused(target, over, 422, "a message one character past 10 000 is refused")
    at = widget_api.send_message(session.token, "m" * 10_000)
    guarantee(at.ok, "a message of exactly 10 000 characters is accepted", describe(at))
    guarantee(message_contents(widget_api.messages(session.token))[-1:] == ["m" * 10_000],
              "a message of exactly 10 000 characters is stored whole, and the refused one not at all")


def test_an_identifier_at_the_length_limit_is_accepted(widget_api: WidgetApiClient, hmac_signer, visitor):
    session = widget_api.new_visitor()
    identifier = visitor.identifier.ljust(255, "i")
    response: ApiResponse = widget_api.set_user(session.token, identifier, hmac_signer.identifier_hash(identifier))
    guarantee(response.status == 200, "set_user with an identifier of exactly 255 characters is accepted",
              describe(response))


@pytest.mark.parametrize("token, status, situation", [(None, 404, refusals.NO_CONTACT),
                                                      ("not-a-token", 401, refusals.BAD_TOKEN)],
                         ids=["no-token", "garbage-token"])
def test_posting_an_event_needs_a_visitor_token(widget_api: WidgetApiClient, target, token, status, situation):
    """A generated mutant removed the token check of POST events and the suite passed. Without a
    token the contract's answer is 404 (no contact), with an invalid one 401, as for contact calls."""
    response = widget_api.request("POST", "events", token=token, json_body={"name": "webwidget.triggered"})
    refused(target, response, status, "POST events without a valid visitor token is refused", situation=situation)
