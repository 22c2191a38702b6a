"""The widget contact API's contract (../shared/contract.md): the shape of every success answer (as
the profile's widget API answers it) and every error row, checked over HTTP without a browser."""
from __future__ import annotations

import uuid
from typing import Callable

import pytest

from e2e.api.checks import (assert_contact_shape, describe, identified_visitor, message_contents, read_back,
                            refused, unchanged, visitor_with_details)
from e2e.guarantees import guarantee
from testlib import refusals
from testlib.api_client import ApiResponse, WidgetApiClient

pytestmark = pytest.mark.api

Call = Callable[[WidgetApiClient, "str | None"], ApiResponse]

CONTACT_CALLS: dict[str, Call] = {
    "show": lambda api, token: api.show(token),
    "update": lambda api, token: api.update(token, name="Someone Else"),
    "set_user": lambda api, token: api.set_user(token, f"widget-e2e-{uuid.uuid4().hex[:10]}"),
    "destroy_custom_attributes": lambda api, token: api.destroy_custom_attributes(token, ["plan"]),
}
ALL_CALLS: dict[str, Call] = {"bootstrap": lambda api, token: api.bootstrap(token), **CONTACT_CALLS}


# -- success shapes ---------------------------------------------------------------------------

def test_bootstrap_answers_a_contact_token_and_the_new_contact(widget_api, profile):
    response = widget_api.bootstrap()
    guarantee(response.status == 200, "the first contact creation (POST config) succeeds", describe(response))
    config = response.json.get("website_channel_config") or {}
    guarantee(isinstance(config.get("auth_token"), str) and config["auth_token"],
              "POST config answers website_channel_config.auth_token", describe(response))
    contact = response.json.get("contact")
    guarantee(isinstance(contact, dict), "POST config answers the contact", describe(response))
    assert_contact_shape(profile.contact_answer_fields("bootstrap"), contact, "POST config")
    guarantee(widget_api.show(config["auth_token"]).json.get("id") == contact["id"],
              "the token POST config hands out reads the contact it answered")


def test_two_first_time_visitors_get_two_contacts_and_two_tokens(widget_api):
    first, second = widget_api.new_visitor(), widget_api.new_visitor()
    guarantee(first.token != second.token, "two first-time visitors never get the same token",
              f"both got {first!r}")
    guarantee(first.contact_id != second.contact_id, "two first-time visitors never share one contact",
              f"both got contact {first.contact_id}")


def test_bootstrap_with_a_token_keeps_the_same_contact(widget_api):
    visitor = widget_api.new_visitor()
    response = widget_api.bootstrap(visitor.token)
    guarantee(response.status == 200 and response.json.get("contact", {}).get("id") == visitor.contact_id,
              "POST config with the stored token continues the same contact (a reload keeps the visitor)",
              describe(response))


def test_show_contact_answers_the_contact_fields(widget_api, visitor, server, profile):
    session = visitor_with_details(server, visitor)
    response = widget_api.show(session.token)
    guarantee(response.status == 200, "GET contact with the visitor's token succeeds", describe(response))
    fields = profile.contact_answer_fields("show")
    assert_contact_shape(fields, response.json, "GET contact")
    contact = response.json
    saved = {"name": visitor.name, "email": visitor.email, "phone_number": visitor.phone}
    shown = {name: contact[name] for name in saved if name in fields}
    guarantee(shown == {name: value for name, value in saved.items() if name in fields},
              "GET contact answers the details the visitor saved", f"got {shown!r}")
    flags = {flag: contact[flag] for flag in ("has_email", "has_phone_number") if flag in fields}
    guarantee(all(flags.values()), "has_email and has_phone_number are true once both are saved", f"got {flags!r}")


def test_update_contact_sets_name_email_and_phone(widget_api, visitor, server, profile):
    session = widget_api.new_visitor()
    response = widget_api.update(session.token, name=visitor.name, email=visitor.email, phone_number=visitor.phone)
    guarantee(response.status == 200, "PATCH contact with name, email and phone succeeds", describe(response))
    assert_contact_shape(profile.contact_answer_fields("update"), response.json, "PATCH contact")
    stored = read_back(server, session)
    guarantee((stored["name"], stored["email"], stored["phone_number"]) == (visitor.name, visitor.email, visitor.phone),
              "PATCH contact stores the name, email and phone number",
              f"stored {(stored['name'], stored['email'], stored['phone_number'])!r}")


def test_update_contact_merges_custom_attributes(widget_api, server):
    session = widget_api.new_visitor()
    widget_api.set_custom_attributes(session.token, {"plan": "pro", "seats": 3})
    response = widget_api.set_custom_attributes(session.token, {"seats": 5, "trial": False})
    guarantee(response.status == 200, "PATCH contact with custom_attributes succeeds", describe(response))
    stored = read_back(server, session)["custom_attributes"]
    guarantee(stored == {"plan": "pro", "seats": 5, "trial": False},
              "custom attributes are merged into the existing ones (new keys added, sent keys replaced, "
              "others kept)", f"stored {stored!r}")


def test_set_user_answers_the_contact_and_the_token_to_use(widget_api, visitor, hmac_signer, server, profile):
    session = widget_api.new_visitor()
    response = widget_api.set_user(session.token, visitor.identifier, hmac_signer.identifier_hash(visitor.identifier),
                                   name=visitor.name, email=visitor.email, phone_number=visitor.phone,
                                   additional_attributes={"company_name": visitor.company, "city": visitor.city},
                                   custom_attributes={"plan": "enterprise"})
    guarantee(response.status == 200, "set_user with a valid identifier_hash succeeds", describe(response))
    assert_contact_shape(profile.contact_answer_fields("set_user"), response.json, "set_user")
    issued = response.json.get("widget_auth_token")
    guarantee(bool(issued) == profile.set_user_issues_token(switching_identity=False),
              f"set_user of an anonymous visitor answers a widget_auth_token only where the profile issues one "
              f"(set_user_token={profile.set_user_token})", describe(response))
    token = profile.token_after_set_user(response.json, session.token)
    stored = server.contact(token)
    guarantee(stored.get("identifier") == visitor.identifier and stored.get("email") == visitor.email,
              "the token set_user leaves the visitor reads the identified contact",
              f"stored identifier={stored.get('identifier')!r} email={stored.get('email')!r}")
    guarantee((stored.get("additional_attributes") or {}).get("company_name") == visitor.company
              and (stored.get("custom_attributes") or {}).get("plan") == "enterprise",
              "set_user stores additional_attributes (company_name) and custom_attributes", f"stored {stored!r}")


def test_set_user_for_another_identity_makes_a_contact_of_its_own_and_leaves_the_first_intact(
        widget_api, new_visitor, hmac_signer, server):
    first, second = new_visitor(), new_visitor()
    identified = identified_visitor(server, first, hmac_signer.identifier_hash(first.identifier))
    started = widget_api.start_conversation(identified.token, first.message)
    guarantee(started.ok, "an identified visitor can start a conversation", describe(started))
    before = read_back(server, identified)
    response = widget_api.set_user(identified.token, second.identifier, hmac_signer.identifier_hash(second.identifier),
                                   name=second.name, email=second.email)
    guarantee(response.status == 200, "set_user for a different identity succeeds", describe(response))
    switched = server.contact(server.profile.token_after_set_user(response.json, identified.token))
    guarantee(switched.get("id") != identified.contact_id,
              "set_user with identifier B after A makes B a contact of its own (A's contact is not renamed)",
              f"both identities are contact {identified.contact_id}")
    guarantee((switched.get("identifier"), switched.get("name")) == (second.identifier, second.name),
              "the token left after switching identity reads the new identity's contact",
              f"it reads identifier={switched.get('identifier')!r} name={switched.get('name')!r}")
    new_token = response.json.get("widget_auth_token")
    guarantee(new_token and new_token != identified.token,
              "set_user for a different identity answers a new widget_auth_token", describe(response))
    unchanged(server, identified, before, "switching identity leaves the first identity's contact exactly as it was")
    guarantee(message_contents(widget_api.messages(identified.token)) == [first.message],
              "switching identity leaves the first identity's conversation and its messages where they were")
    filed = server.filed_conversation_ids(identified.contact_id)
    guarantee(filed is None or started.json.get("id") in filed,
              "switching identity leaves the first identity's conversation filed under the first identity's contact",
              f"that contact has conversations {filed!r}, not {started.json.get('id')!r}")


def test_destroy_custom_attributes_removes_only_the_named_keys(widget_api, server, profile):
    session = widget_api.new_visitor()
    widget_api.set_custom_attributes(session.token, {"plan": "pro", "seats": 3, "trial": True})
    response = widget_api.destroy_custom_attributes(session.token, ["seats", "trial"])
    guarantee(response.status == 200, "destroy_custom_attributes succeeds", describe(response))
    assert_contact_shape(profile.contact_answer_fields("destroy_custom_attributes"), response.json,
                         "destroy_custom_attributes")
    guarantee(response.json["custom_attributes"] == {"plan": "pro"},
              "destroy_custom_attributes answers the contact without the removed keys",
              f"answered {response.json['custom_attributes']!r}")
    guarantee(read_back(server, session)["custom_attributes"] == {"plan": "pro"},
              "removed custom attributes are gone from the stored contact and the others stay")


# -- error rows ---------------------------------------------------------------------------------

@pytest.mark.parametrize("call", ALL_CALLS)
def test_unknown_website_token_is_404(widget_api_for, widget_api, call):
    session = widget_api.new_visitor()
    response = ALL_CALLS[call](widget_api_for("widget-e2e-no-such-inbox"), session.token)
    guarantee(response.status == 404, f"{call} with an unknown website_token answers 404", describe(response))


@pytest.mark.parametrize("call", ALL_CALLS)
def test_missing_website_token_is_404(widget_api_for, widget_api, call):
    session = widget_api.new_visitor()
    response = ALL_CALLS[call](widget_api_for(None), session.token)
    guarantee(response.status == 404, f"{call} without a website_token answers 404", describe(response))


@pytest.mark.parametrize("call", ALL_CALLS)
def test_an_inbox_of_a_suspended_account_is_401(widget_api_for, widget_api, suspended_inbox, target, call):
    session = widget_api.new_visitor()
    response = ALL_CALLS[call](widget_api_for(suspended_inbox), session.token)
    refused(target, response, 401, f"{call} on an inbox of a suspended account is refused",
            situation=refusals.SUSPENDED)


@pytest.mark.parametrize("call", CONTACT_CALLS)
def test_a_contact_call_without_x_auth_token_is_404(widget_api, target, call):
    refused(target, CONTACT_CALLS[call](widget_api, None), 404,
            f"{call} without X-Auth-Token finds no contact (docs/contract-decisions.md: 404)",
            situation=refusals.NO_CONTACT)


def test_a_wrong_identifier_hash_is_rejected(widget_api, visitor, hmac_signer, target, server):
    session = visitor_with_details(server, visitor)
    before = read_back(server, session)
    response = widget_api.set_user(session.token, visitor.identifier, hmac_signer.wrong_hash(visitor.identifier),
                                   name="Someone Else")
    refused(target, response, 401, "set_user with a wrong identifier_hash is rejected", "identifier_hash",
            refusals.WRONG_HASH)
    unchanged(server, session, before, "a rejected set_user leaves the contact exactly as it was "
                                       "(no identifier attached, no field changed)")


def test_a_mandatory_hmac_inbox_rejects_set_user_without_a_hash(widget_api_for, mandatory_hmac_inbox, visitor,
                                                                target, server):
    mandatory = server.for_inbox(widget_api_for(mandatory_hmac_inbox))
    session = mandatory.widget_api.new_visitor()
    before = read_back(mandatory, session)
    refused(target, mandatory.widget_api.set_user(session.token, visitor.identifier, name=visitor.name), 401,
            "set_user without identifier_hash on an inbox with HMAC mandatory is rejected", "identifier_hash",
            refusals.WRONG_HASH)
    unchanged(mandatory, session, before, "a rejected set_user leaves the contact exactly as it was")


def test_a_mandatory_hmac_inbox_rejects_set_user_with_a_wrong_hash(widget_api_for, mandatory_hmac_inbox,
                                                                   mandatory_hmac_signer, visitor, target):
    api = widget_api_for(mandatory_hmac_inbox)
    session = api.new_visitor()
    response = api.set_user(session.token, visitor.identifier, mandatory_hmac_signer.wrong_hash(visitor.identifier))
    refused(target, response, 401, "set_user with a wrong identifier_hash on an inbox with HMAC mandatory is rejected",
            "identifier_hash", refusals.WRONG_HASH)


def test_a_mandatory_hmac_inbox_accepts_set_user_with_a_valid_hash(widget_api_for, mandatory_hmac_inbox,
                                                                   mandatory_hmac_signer, visitor, server):
    mandatory = server.for_inbox(widget_api_for(mandatory_hmac_inbox))
    session = identified_visitor(mandatory, visitor, mandatory_hmac_signer.identifier_hash(visitor.identifier))
    guarantee(read_back(mandatory, session)["identifier"] == visitor.identifier,
              "on an inbox with HMAC mandatory a valid hash identifies the contact")


@pytest.mark.needs_admin
@pytest.mark.parametrize("call", ALL_CALLS)
def test_a_token_of_a_deleted_contact_is_404(widget_api, account_api, visitor, call, server):
    session = visitor_with_details(server, visitor)
    deleted = account_api.delete_contact(session.contact_id)
    assert deleted.ok, f"test setup: deleting the contact through the account API answered {deleted.status}"
    response = ALL_CALLS[call](widget_api, session.token)
    guarantee(response.status == 404, f"{call} with the token of a deleted contact answers 404 "
                                      "(the widget then clears its session)", describe(response))
