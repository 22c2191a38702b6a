"""Hostile tokens and identity claims: whatever a caller sends, it never reaches a contact that is
not its own. The reference refuses with the contract's status (401); live Chatwoot versions refuse
in different ways (404, or a fresh anonymous contact), so for them the tests check the guarantee:
no data of an existing contact comes back, and nothing stored changes."""
from __future__ import annotations

import json
import time
import uuid

import pytest

from e2e.api import forgery
from e2e.api.checks import (contact_of, describe, identified_visitor, read_back, refused, unchanged,
                           visitor_with_details)
from e2e.guarantees import guarantee
from testlib import refusals
from testlib.api_client import ApiResponse, VisitorSession, WidgetApiClient
from testlib.server_state import ServerState
from testlib.target import Target

pytestmark = [pytest.mark.api, pytest.mark.security]

INTRUDER_NAME = "Mallory Intruder"


@pytest.fixture
def victim(server: ServerState, visitor) -> VisitorSession:
    """A visitor of the main inbox with a name, email, phone and custom attributes."""
    return visitor_with_details(server, visitor)


def attempts(api: WidgetApiClient, token: str, victim: VisitorSession) -> dict[str, ApiResponse]:
    """Everything a caller holding `token` could try on a contact: read, change, delete attributes,
    identify, and start a session with it."""
    return {
        "show": api.show(token),
        "update": api.update(token, name=INTRUDER_NAME, custom_attributes={"plan": "stolen"}),
        "destroy_custom_attributes": api.destroy_custom_attributes(token, list(victim.contact["custom_attributes"])),
        "set_user": api.set_user(token, f"widget-e2e-intruder-{uuid.uuid4().hex[:10]}", name=INTRUDER_NAME),
        "bootstrap": api.bootstrap(token),
    }


def leaks(response: ApiResponse, victim: VisitorSession) -> bool:
    """Whether an answer carries the victim's contact or any of its details."""
    if not response.ok:
        return False
    text = json.dumps(response.body, ensure_ascii=False)
    details = [victim.contact.get(name) for name in ("email", "phone_number", "identifier")]
    return contact_of(response).get("id") == victim.contact_id or any(d and str(d) in text for d in details)


def assert_never_reached(target: Target, victim_server: ServerState, victim: VisitorSession, before: dict,
                         responses: dict[str, ApiResponse], promise: str, reference_status: int = 401) -> None:
    for call, response in responses.items():
        guarantee(response.status < 500, f"{promise}: {call} is refused with a 4xx, never a server error",
                  describe(response))
        guarantee(not leaks(response, victim), f"{promise}: {call} never answers the victim's contact or its data",
                  describe(response))
        # POST config without a usable token may start a fresh contact; only contact calls must refuse.
        if target.is_reference and call != "bootstrap":
            refused(target, response, reference_status, f"{promise}: the reference refuses {call}",
                    situation=refusals.BAD_TOKEN if reference_status == 401 else refusals.NO_CONTACT)
    unchanged(victim_server, victim, before, f"{promise}: the victim's stored contact is exactly as it was")


# -- tokens -------------------------------------------------------------------------------------

def test_a_token_of_another_inbox_never_reaches_its_contact(widget_api_for, second_inbox, victim, target, server):
    before = read_back(server, victim)
    responses = attempts(widget_api_for(second_inbox), victim.token, victim)
    assert_never_reached(target, server, victim, before, responses,
                         "a contact token used with another inbox's website_token")


def test_a_token_with_a_tampered_signature_never_reaches_its_contact(widget_api, victim, target, server):
    before = read_back(server, victim)
    responses = attempts(widget_api, forgery.flipped_signature(victim.token), victim)
    assert_never_reached(target, server, victim, before, responses,
                         "a contact token with one signature character changed")


def test_a_token_with_tampered_claims_never_reaches_the_claimed_contact(widget_api, victim, target, server):
    attacker = widget_api.new_visitor()
    before = read_back(server, victim)
    # the attacker's own header and signature around the victim's claims (its source_id)
    forged = forgery.with_payload(attacker.token, forgery.claims(victim.token))
    assert_never_reached(target, server, victim, before, attempts(widget_api, forged, victim),
                         "a token whose payload was swapped for another contact's claims")


def test_a_token_signed_with_a_wrong_key_never_reaches_its_contact(widget_api, victim, target, server):
    before = read_back(server, victim)
    forged = forgery.signed(forgery.claims(victim.token), "widget-e2e-this-is-not-the-signing-key-of-the-target")
    assert_never_reached(target, server, victim, before, attempts(widget_api, forged, victim),
                         "a token with the victim's claims signed with a wrong key")


@pytest.mark.needs_signing_secret
def test_an_expired_token_never_reaches_its_contact(widget_api, victim, target, token_signing_secret, server):
    before = read_back(server, victim)
    victim_claims = {key: value for key, value in forgery.claims(victim.token).items() if key not in ("iat", "exp")}
    control = widget_api.show(forgery.signed({**victim_claims, "exp": int(time.time()) + 600}, token_signing_secret))
    assert control.status == 200 and control.json.get("id") == victim.contact_id, \
        f"test setup: a fresh token forged the same way should be accepted; {describe(control)}"
    expired = forgery.expired(victim_claims, token_signing_secret)
    assert_never_reached(target, server, victim, before, attempts(widget_api, expired, victim),
                         "an expired contact token (validly signed, exp in the past)")


MALFORMED_TOKENS = {
    "garbage": (lambda victim: "not-a-token", 401),
    "empty": (lambda victim: "", 404),  # an empty header is no token (docs/contract-decisions.md)
    "bearer-prefix": (lambda victim: f"Bearer {victim.token}", 401),
    "alg-none": (lambda victim: forgery.unsigned(forgery.claims(victim.token)), 401),
    "signature-removed": (lambda victim: victim.token.rsplit(".", 1)[0] + ".", 401),
    "dots-only": (lambda victim: "..", 401),
}


@pytest.mark.parametrize("kind", MALFORMED_TOKENS)
def test_a_malformed_token_never_reaches_a_contact(widget_api, victim, target, kind, server):
    make, reference_status = MALFORMED_TOKENS[kind]
    before = read_back(server, victim)
    assert_never_reached(target, server, victim, before, attempts(widget_api, make(victim), victim),
                         f"a malformed contact token ({kind})", reference_status)


def test_a_visitors_token_never_returns_another_visitors_data(widget_api, new_visitor, server):
    first = visitor_with_details(server, new_visitor())
    second = visitor_with_details(server, new_visitor())
    second_before = read_back(server, second)

    shown = widget_api.show(first.token)
    guarantee(shown.json.get("id") == first.contact_id and not leaks(shown, second),
              "visitor A's token reads visitor A's contact, never visitor B's", describe(shown))
    widget_api.update(first.token, name=INTRUDER_NAME, custom_attributes={"plan": "changed-by-a"})
    widget_api.destroy_custom_attributes(first.token, list(second.contact["custom_attributes"]))
    unchanged(server, second, second_before,
              "changes made with visitor A's token never touch visitor B's contact")
    guarantee(read_back(server, first)["name"] == INTRUDER_NAME, "visitor A's token changes visitor A's contact")


# -- identity takeover --------------------------------------------------------------------------

def assert_no_takeover(target: Target, server: ServerState, victim: VisitorSession, before: dict,
                       attacker: VisitorSession, response: ApiResponse, promise: str) -> None:
    guarantee(response.status < 500, f"{promise}, with a 4xx and never a server error", describe(response))
    if target.is_reference:
        guarantee(response.status == 401, f"{promise} (the reference answers 401)", describe(response))
    guarantee(not (response.ok and contact_of(response).get("id") == victim.contact_id),
              f"{promise}: the attacker does not get the victim's contact id", describe(response))
    tokens = [attacker.token] + ([response.json["widget_auth_token"]] if response.json.get("widget_auth_token") else [])
    for token in tokens:
        shown = server.widget_api.show(token)
        guarantee(not leaks(shown, victim), f"{promise}: the attacker's session never reads the victim's contact",
                  describe(shown))
    unchanged(server, victim, before, f"{promise}: the victim's stored contact is exactly as it was")


def test_set_user_without_a_hash_cannot_take_over_a_verified_contact(widget_api, visitor, hmac_signer, target,
                                                                      server):
    victim = identified_visitor(server, visitor, hmac_signer.identifier_hash(visitor.identifier))
    before = read_back(server, victim)
    attacker = widget_api.new_visitor()
    response = widget_api.set_user(attacker.token, visitor.identifier, name=INTRUDER_NAME,
                                   email="mallory@example.com", custom_attributes={"plan": "stolen"})
    assert_no_takeover(target, server, victim, before, attacker, response,
                       "set_user with an HMAC-verified contact's identifier and no identifier_hash is refused")


def test_set_user_with_an_invalid_hash_cannot_take_over_a_verified_contact(widget_api, visitor, hmac_signer, target,
                                                                           server):
    victim = identified_visitor(server, visitor, hmac_signer.identifier_hash(visitor.identifier))
    before = read_back(server, victim)
    attacker = widget_api.new_visitor()
    response = widget_api.set_user(attacker.token, visitor.identifier, hmac_signer.wrong_hash(visitor.identifier),
                                   name=INTRUDER_NAME, email="mallory@example.com")
    assert_no_takeover(target, server, victim, before, attacker, response,
                       "set_user with an HMAC-verified contact's identifier and a wrong identifier_hash is refused")
