"""The reference widget's routes over HTTP: every route answers a valid call, the pages and static
files are served, and every error row of ../shared/contract.md has its status and reason."""
from __future__ import annotations

from typing import Callable

import httpx
import pytest

from reference import seed
from testlib.api_client import AccountApiClient, ApiResponse, WidgetApiClient
from testlib.hmac_signer import HmacSigner
from tests.reference_helpers import MANDATORY, OPTIONAL, SECOND, SUSPENDED, status_and_reason


# -- every route, successful ----------------------------------------------------------------------

def test_every_widget_route_answers_200_to_a_valid_call(api):
    visitor = api.new_visitor()
    identifier = "tests-route-user"
    calls = {
        "GET contact": lambda: api.show(visitor.token),
        "PATCH contact": lambda: api.update(visitor.token, name="Route Test", custom_attributes={"a": 1, "b": 2}),
        "POST destroy_custom_attributes": lambda: api.destroy_custom_attributes(visitor.token, ["a"]),
        "POST conversations": lambda: api.start_conversation(visitor.token, "hello"),
        "GET conversations": lambda: api.conversation(visitor.token),
        "POST messages": lambda: api.request("POST", "messages", visitor.token, {"message": {"content": "more"}}),
        "GET messages": lambda: api.request("GET", "messages", visitor.token),
        "GET conversations/toggle_status": lambda: api.toggle_status(visitor.token),
        "GET campaigns": lambda: api.campaigns(),
        "PATCH contact/set_user": lambda: api.set_user(visitor.token, identifier,
                                                       HmacSigner(OPTIONAL.hmac_token).identifier_hash(identifier)),
    }
    statuses = {name: call().status for name, call in calls.items()}
    assert statuses == {name: 200 for name in calls}, statuses
    messages = api.request("GET", "messages", visitor.token).body
    assert [message["content"] for message in messages] == ["hello", "more"]
    assert api.conversation(visitor.token).json["status"] == "resolved"


def test_the_pages_and_static_files_answer_200(reference):
    widget_url, host_url = reference.info["widget_url"], reference.info["host_url"]
    for url in (f"{widget_url}/api", f"{widget_url}/widget?website_token={OPTIONAL.website_token}",
                f"{widget_url}/packs/js/sdk.js", f"{widget_url}/packs/js/widget.js",
                f"{widget_url}/packs/css/widget.css", host_url):
        assert httpx.get(url).status_code == 200, url
    assert httpx.get(f"{widget_url}/widget?website_token=nope").status_code == 404
    assert httpx.get(f"{widget_url}/widget").status_code == 404
    assert httpx.get(f"{widget_url}/no/such/route").status_code == 404
    assert httpx.request("DELETE", f"{widget_url}/api/v1/widget/contact").status_code == 405


# -- every error row --------------------------------------------------------------------------------

TOKEN_ROUTES: dict[str, Callable[[WidgetApiClient, str | None], ApiResponse]] = {
    "GET contact": lambda api, token: api.show(token),
    "PATCH contact": lambda api, token: api.update(token, name="x"),
    "PATCH contact/set_user": lambda api, token: api.set_user(token, "tests-someone"),
    "POST destroy_custom_attributes": lambda api, token: api.destroy_custom_attributes(token, ["a"]),
    "GET conversations": lambda api, token: api.conversation(token),
    "POST conversations": lambda api, token: api.start_conversation(token, "hi"),
    "GET conversations/toggle_status": lambda api, token: api.toggle_status(token),
    "GET messages": lambda api, token: api.request("GET", "messages", token),
    "POST messages": lambda api, token: api.request("POST", "messages", token, {"message": {"content": "hi"}}),
}
ALL_ROUTES = {"POST config": lambda api, token: api.bootstrap(token),
              "GET campaigns": lambda api, token: api.campaigns(), **TOKEN_ROUTES}
BODY_ROUTES = {
    "PATCH contact": ("PATCH", "contact"),
    "PATCH contact/set_user": ("PATCH", "contact/set_user"),
    "POST destroy_custom_attributes": ("POST", "contact/destroy_custom_attributes"),
    "POST conversations": ("POST", "conversations"),
    "POST messages": ("POST", "messages"),
}


@pytest.mark.parametrize("route", ALL_ROUTES)
def test_unknown_or_missing_website_token_is_404(api, inbox, route):
    token = api.new_visitor().token
    assert status_and_reason(ALL_ROUTES[route](inbox("no-such-inbox"), token)) == (404, "website_token")
    assert status_and_reason(ALL_ROUTES[route](inbox(None), token)) == (404, "website_token")


@pytest.mark.parametrize("route", ALL_ROUTES)
def test_an_inbox_of_a_suspended_account_is_401(api, inbox, route):
    token = api.new_visitor().token
    assert status_and_reason(ALL_ROUTES[route](inbox(SUSPENDED.website_token), token)) == (401, "account_suspended")


@pytest.mark.parametrize("route", TOKEN_ROUTES)
def test_token_errors(api, inbox, admin, route):
    call = TOKEN_ROUTES[route]
    assert status_and_reason(call(api, None)) == (404, "no_token")
    assert status_and_reason(call(api, "not-a-token")) == (401, "invalid_token")
    assert status_and_reason(call(api, inbox(SECOND.website_token).new_visitor().token)) == (401, "foreign_token")
    deleted = api.new_visitor()
    assert admin.delete_contact(deleted.contact_id).status == 200
    assert status_and_reason(call(api, deleted.token)) == (404, "contact_not_found")


def test_bootstrap_token_errors(api, inbox, admin):
    assert api.bootstrap(None).status == 200, "no token: a new contact"
    assert status_and_reason(api.bootstrap("not-a-token")) == (401, "invalid_token")
    assert status_and_reason(api.bootstrap(inbox(SECOND.website_token).new_visitor().token)) == (401, "foreign_token")
    deleted = api.new_visitor()
    admin.delete_contact(deleted.contact_id)
    assert status_and_reason(api.bootstrap(deleted.token)) == (404, "contact_not_found")


@pytest.mark.parametrize("route", BODY_ROUTES)
def test_bad_bodies(api, route):
    method, path = BODY_ROUTES[route]
    token = api.new_visitor().token
    assert api.request(method, path, token, content='{"broken": ').status == 400
    assert api.request(method, path, token, content="[1, 2]").status == 422
    assert api.request(method, path, token, content='{"pad": "' + "x" * 70_000 + '"}').status == 413
    assert api.request(method, path, token, content='{"a": ' + "[" * 50 + "]" * 50 + "}").status == 422


def test_validation_errors_name_the_field(api):
    token = api.new_visitor().token
    cases = [
        ("PATCH", "contact", {"email": "nope"}, "email"),
        ("PATCH", "contact", {"phone_number": "555"}, "phone_number"),
        ("PATCH", "contact", {"name": "n" * 256}, "name"),
        ("PATCH", "contact", {"custom_attributes": ["a"]}, "custom_attributes"),
        ("PATCH", "contact", {"additional_attributes": "a"}, "additional_attributes"),
        ("PATCH", "contact/set_user", {"identifier": None}, "identifier"),
        ("POST", "contact/destroy_custom_attributes", {"custom_attributes": "a"}, "custom_attributes"),
        ("POST", "conversations", {"message": {"content": "  "}}, "message"),
        ("POST", "messages", {"message": "text"}, "message"),
    ]
    for method, path, body, field in cases:
        response = api.request(method, path, token, json_body=body)
        assert (response.status, response.json.get("field")) == (422, field), (method, path, body, response.body)


def test_identity_hash_errors(api, inbox):
    signer = HmacSigner(OPTIONAL.hmac_token)
    identifier = "tests-verified-user"
    assert status_and_reason(api.set_user(api.new_visitor().token, identifier, signer.wrong_hash(identifier))) \
        == (401, "hmac_invalid")
    mandatory = inbox(MANDATORY.website_token)
    assert status_and_reason(mandatory.set_user(mandatory.new_visitor().token, identifier)) == (401, "hmac_missing")
    assert api.set_user(api.new_visitor().token, identifier, signer.identifier_hash(identifier)).status == 200
    assert status_and_reason(api.set_user(api.new_visitor().token, identifier)) \
        == (401, "hmac_required_for_verified_contact")


def test_toggle_status_without_a_conversation_is_404(api):
    assert status_and_reason(api.toggle_status(api.new_visitor().token)) == (404, "no_conversation")


def test_account_api_statuses(reference, api, admin):
    visitor = api.new_visitor()
    api.start_conversation(visitor.token, "hello")
    assert admin.contact(visitor.contact_id).json["payload"]["id"] == visitor.contact_id
    assert len(admin.conversations(visitor.contact_id).json["payload"]) == 1
    assert admin.contact(10**30).status == 404, "an id SQLite cannot hold is no contact, not a 500"
    assert admin.contact(0).status == 404
    url = f"{reference.info['widget_url']}/api/v1/accounts"
    assert httpx.get(f"{url}/{seed.ACME.id}/contacts/abc",
                     headers={"api_access_token": seed.ACME.api_access_token}).status_code == 422
    assert httpx.get(f"{url}/{seed.ACME.id}/contacts/{visitor.contact_id}").status_code == 401, "no access token"
    assert httpx.get(f"{url}/{seed.ACME.id}/contacts/{visitor.contact_id}",
                     headers={"api_access_token": "wrong"}).status_code == 401
    assert httpx.get(f"{url}/{seed.SUSPENDED.id}/contacts/{visitor.contact_id}",
                     headers={"api_access_token": seed.ACME.api_access_token}).status_code == 401, "another account"
    other = AccountApiClient(reference.info["widget_url"], seed.SUSPENDED.id, seed.SUSPENDED.api_access_token)
    assert other.contact(visitor.contact_id).status == 404, "a contact of another account is not found"
    other.close()
    assert admin.delete_contact(visitor.contact_id).status == 200
    assert admin.contact(visitor.contact_id).status == 404
    assert admin.delete_contact(visitor.contact_id).status == 404
