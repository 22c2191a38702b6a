"""Bad and unusual request bodies: each gets a clear 4xx, never a 5xx, and nothing stored is lost or
changed (the contact is read back with its legitimate token and compared with before). Unicode and
long-but-valid values come back exactly as sent.

On a live target a 2xx is tolerated where Chatwoot drops invalid attributes instead of refusing
them, as long as nothing stored changed; limits that are only the reference's decisions (body size,
nesting depth, see docs/contract-decisions.md) are not held against a live target."""
from __future__ import annotations

from typing import Any, Callable

import pytest

from e2e.api.checks import describe, read_back, refused_or_ignored, unchanged, visitor_with_details
from e2e.guarantees import guarantee
from testlib.api_client import ApiResponse, VisitorSession, WidgetApiClient
from testlib.server_state import ServerState
from testlib.target import Target

pytestmark = [pytest.mark.api, pytest.mark.security]

OVER_64_KIB = 70 * 1024

Send = Callable[[WidgetApiClient, str], ApiResponse]


@pytest.fixture
def session(server: ServerState, visitor) -> VisitorSession:
    return visitor_with_details(server, visitor)


def check_handled(target: Target, server: ServerState, session: VisitorSession, before: dict[str, Any],
                  response: ApiResponse, status: int, promise: str, field: str | None = None,
                  live_may_store: bool = False) -> None:
    """Refused with `status` (any 4xx, or a 2xx that ignores it, on a live target), and the stored
    contact is unchanged. live_may_store: the limit is the reference's own; a live target that
    accepts the request may also store it."""
    refused_or_ignored(target, response, status, promise, field)
    if response.ok and live_may_store:
        return
    unchanged(server, session, before, f"after a bad request ({promise}) nothing stored is lost or changed")


def raw(method: str, path: str, content: str | bytes) -> Send:
    return lambda api, token: api.request(method, path, token=token, content=content)


ENDPOINTS = {
    "update": ("PATCH", "contact"),
    "set_user": ("PATCH", "contact/set_user"),
    "destroy_custom_attributes": ("POST", "contact/destroy_custom_attributes"),
}


# -- the body as a whole ------------------------------------------------------------------------

OVERSIZED: dict[str, Send] = {
    "update": lambda api, token: api.update(token, name="Big Body", custom_attributes={"blob": "x" * OVER_64_KIB}),
    "set_user": lambda api, token: api.set_user(token, "widget-e2e-big-body",
                                                custom_attributes={"blob": "x" * OVER_64_KIB}),
    "destroy_custom_attributes": lambda api, token: api.destroy_custom_attributes(token, ["plan"] + ["k" * 200] * 400),
}


@pytest.mark.parametrize("call", OVERSIZED)
def test_a_body_over_64_kib_is_413(widget_api, session, target, call, server):
    before = read_back(server, session)
    response = OVERSIZED[call](widget_api, session.token)
    check_handled(target, server, session, before, response, 413,
                  f"{call} with a body over 64 KiB is refused as too large", live_may_store=True)


MALFORMED_JSON = {
    "truncated": '{"name": "Half',
    "single-quotes": "{'name': 'Mallory'}",
    "form-encoded": "name=Mallory",
    "trailing-comma": '{"name": "Mallory",}',
    "invalid-utf8": b'{"name": "\xff\xfe"}',
    "nan": '{"custom_attributes": {"score": NaN}}',
    "number-out-of-range": '{"custom_attributes": {"score": 1e999}}',
    "lone-surrogate": '{"name": "\\ud800"}',
}


@pytest.mark.parametrize("call", ENDPOINTS)
@pytest.mark.parametrize("body", MALFORMED_JSON)
def test_malformed_json_is_400(widget_api, session, target, call, body, server):
    before = read_back(server, session)
    response = raw(*ENDPOINTS[call], MALFORMED_JSON[body])(widget_api, session.token)
    check_handled(target, server, session, before, response, 400, f"{call} with malformed JSON ({body}) is refused")


NON_OBJECTS = {"array": '["name", "Mallory"]', "empty-array": "[]", "string": '"Mallory"', "number": "42",
               "null": "null", "boolean": "true"}


@pytest.mark.parametrize("call", ENDPOINTS)
@pytest.mark.parametrize("body", NON_OBJECTS)
def test_a_json_body_that_is_not_an_object_is_422(widget_api, session, target, call, body, server):
    before = read_back(server, session)
    response = raw(*ENDPOINTS[call], NON_OBJECTS[body])(widget_api, session.token)
    check_handled(target, server, session, before, response, 422,
                  f"{call} with a JSON {body} instead of an object is refused")


@pytest.mark.parametrize("depth", [40, 20_000])
def test_a_too_deeply_nested_body_is_422(widget_api, session, target, depth, server):
    before = read_back(server, session)
    nested = "[" * depth + "]" * depth
    response = raw("PATCH", "contact", f'{{"custom_attributes": {{"deep": {nested}}}}}')(widget_api, session.token)
    check_handled(target, server, session, before, response, 422,
                  f"a custom attribute nested {depth} levels deep is refused", live_may_store=True)


# -- custom attributes --------------------------------------------------------------------------

@pytest.mark.parametrize("value", [["plan", "pro"], "plan=pro", 42, True], ids=["list", "string", "number", "boolean"])
def test_custom_attributes_that_are_not_an_object_are_422(widget_api, session, target, value, server):
    before = read_back(server, session)
    response = widget_api.set_custom_attributes(session.token, value)
    check_handled(target, server, session, before, response, 422,
                  f"custom_attributes given as a {type(value).__name__} is refused", "custom_attributes")


@pytest.mark.parametrize("value", ["plan", {"plan": True}, 42, ["plan", 7], None],
                         ids=["string", "object", "number", "list-with-a-number", "null"])
def test_destroy_custom_attributes_with_a_non_list_is_422(widget_api, session, target, value, server):
    before = read_back(server, session)
    response = widget_api.destroy_custom_attributes(session.token, value)
    # Chatwoot removes the key a bare string names; that is not held against a live target.
    check_handled(target, server, session, before, response, 422,
                  "destroy_custom_attributes with something other than a list of names is refused",
                  "custom_attributes", live_may_store=True)


def test_a_custom_attribute_name_over_255_characters_is_422(widget_api, session, target, server):
    before = read_back(server, session)
    response = widget_api.set_custom_attributes(session.token, {"k" * 256: "value"})
    check_handled(target, server, session, before, response, 422,
                  "a custom attribute name longer than 255 characters is refused", "custom_attributes")


# -- contact fields: types, formats, lengths ----------------------------------------------------

WRONG_FIELDS = {
    "name-number": ("update", {"name": 12345}, "name"),
    "name-object": ("update", {"name": {"first": "Mallory"}}, "name"),
    "name-over-255": ("update", {"name": "n" * 256}, "name"),
    "name-with-nul": ("update", {"name": "Mallory\x00Intruder"}, "name"),
    "email-invalid": ("update", {"email": "not-an-email"}, "email"),
    "email-number": ("update", {"email": 42}, "email"),
    "email-over-255": ("update", {"email": "e" * 250 + "@example.com"}, "email"),
    "phone-local-format": ("update", {"phone_number": "0155 5550100"}, "phone_number"),
    "phone-leading-zero": ("update", {"phone_number": "+0155550100"}, "phone_number"),
    "phone-too-long": ("update", {"phone_number": "+1" + "5" * 20}, "phone_number"),
    "phone-number-type": ("update", {"phone_number": 14155550100}, "phone_number"),
    "set-user-identifier-object": ("set_user", {"identifier": {"id": 1}}, "identifier"),
    "set-user-identifier-boolean": ("set_user", {"identifier": True}, "identifier"),
    "set-user-identifier-empty": ("set_user", {"identifier": "  "}, "identifier"),
    "set-user-identifier-over-255": ("set_user", {"identifier": "i" * 256}, "identifier"),
    "set-user-email-invalid": ("set_user", {"identifier": "widget-e2e-bad-email", "email": "a@b"}, "email"),
    "set-user-additional-attributes-list": ("set_user", {"identifier": "widget-e2e-bad-extra",
                                                         "additional_attributes": ["company"]},
                                            "additional_attributes"),
}


@pytest.mark.parametrize("case", WRONG_FIELDS)
def test_a_field_of_the_wrong_type_or_format_is_422(widget_api, session, target, case, server):
    call, body, field = WRONG_FIELDS[case]
    before = read_back(server, session)
    response = widget_api.request("PATCH", ENDPOINTS[call][1], token=session.token, json_body=body)
    check_handled(target, server, session, before, response, 422, f"{call} with {case} is refused", field)


# -- unicode and long values that are valid -----------------------------------------------------

UNICODE_NAMES = ["Zoë Ångström-Ñúñez", "山田 太郎", "Мария Иванова", "محمد عبد الله", "👩🏽‍💻 Dev 🎉",
                 "Ame\u0301lie (decomposed accent)", "ᚠᛇᚻ \U0001d54f\U0001d560"]


def test_unicode_and_emoji_names_round_trip_exactly(widget_api, target, server):
    session = widget_api.new_visitor()
    for name in UNICODE_NAMES:
        response = widget_api.update(session.token, name=name)
        guarantee(response.status == 200, "a unicode or emoji name is accepted", describe(response))
        stored = read_back(server, session)["name"]
        guarantee(stored == name, "a unicode or emoji name comes back exactly as sent (no '?', no normalisation)",
                  f"sent {name!r}, stored {stored!r}")


def test_unicode_custom_attributes_round_trip_exactly(widget_api, server):
    session = widget_api.new_visitor()
    attributes = {"café": "crème brûlée", "emoji_🎉": "🎉🎊👍🏿", "日本": "東京", "rtl": "שלום"}
    widget_api.set_custom_attributes(session.token, attributes)
    stored = read_back(server, session)["custom_attributes"]
    guarantee(stored == attributes, "unicode custom attribute names and values come back exactly as sent",
              f"sent {attributes!r}, stored {stored!r}")


def test_set_user_with_a_unicode_identity_round_trips(widget_api, hmac_signer, visitor, server):
    session = widget_api.new_visitor()
    identifier = f"ユーザー-{visitor.identifier}"
    response = widget_api.set_user(session.token, identifier, hmac_signer.identifier_hash(identifier),
                                   name="Ωmega Ünïcode 🚀")
    guarantee(response.status == 200, "set_user accepts a unicode identifier with its hash (HMAC over UTF-8)",
              describe(response))
    token = server.profile.token_after_set_user(response.json, session.token)
    stored = read_back(server, VisitorSession(token, {"id": server.contact_id(token)}))
    guarantee((stored["identifier"], stored["name"]) == (identifier, "Ωmega Ünïcode 🚀"),
              "a unicode identifier and name come back exactly as sent", f"stored {stored!r}")


def test_values_at_the_length_limit_round_trip(widget_api, server):
    session = widget_api.new_visitor()
    name = "é" * 255  # 255 characters, 510 bytes: the limit counts characters
    long_value = "long value 🎉 " * 1500
    response = widget_api.update(session.token, name=name, custom_attributes={"k" * 255: long_value})
    guarantee(response.status == 200, "a 255-character name and a 255-character attribute name are accepted",
              describe(response))
    stored = read_back(server, session)
    guarantee(stored["name"] == name and stored["custom_attributes"] == {"k" * 255: long_value},
              "values at the length limit, and long attribute values, come back exactly as sent")
