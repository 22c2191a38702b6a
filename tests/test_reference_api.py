"""The reference widget itself, over HTTP: the status code of every route and of every error row
of ../shared/contract.md, tokens bound to their inbox and contact, data and tokens that survive a
restart, the command line, and a clean stop on SIGTERM / SIGINT. These tests start their own
reference processes, never the session's."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Callable, Iterator

import httpx
import jwt
import pytest

from fixtures.api_client import AccountApiClient, ApiResponse, WidgetApiClient
from fixtures.hmac_signer import HmacSigner
from fixtures.reference_process import ReferenceProcess
from fixtures.settings import PROJECT_ROOT
from reference import seed
from reference.defects import CATALOG

SIGNING_KEY = "tests-reference-api-signing-key-0123456789"
OPTIONAL, MANDATORY, SECOND, SUSPENDED = (seed.OPTIONAL_HMAC, seed.MANDATORY_HMAC, seed.SECOND_INBOX,
                                          seed.SUSPENDED_INBOX)


def server_errors(reference: ReferenceProcess) -> list[str]:
    return [line for line in reference.log_path.read_text(errors="replace").splitlines() if "SERVER-ERROR" in line]


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReferenceProcess]:
    workdir = tmp_path_factory.mktemp("reference-api")
    running = ReferenceProcess.start(workdir, workdir / "reference.log", secret_key=SIGNING_KEY)
    yield running
    running.stop()
    errors = server_errors(running)
    if errors:
        pytest.fail("the reference answered with a 5xx:\n" + "\n".join(errors[:10]), pytrace=False)


@pytest.fixture
def inbox(reference: ReferenceProcess) -> Iterator[Callable[[str | None], WidgetApiClient]]:
    """Widget API clients by website_token."""
    clients: list[WidgetApiClient] = []

    def make(website_token: str | None = OPTIONAL.website_token) -> WidgetApiClient:
        clients.append(WidgetApiClient(reference.info["widget_url"], website_token))
        return clients[-1]

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def api(inbox) -> WidgetApiClient:
    return inbox(OPTIONAL.website_token)


@pytest.fixture
def admin(reference: ReferenceProcess) -> Iterator[AccountApiClient]:
    client = AccountApiClient(reference.info["widget_url"], seed.ACME.id, seed.ACME.api_access_token)
    yield client
    client.close()


def status_and_reason(response: ApiResponse) -> tuple[int, str | None]:
    return response.status, response.json.get("reason")


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


# -- token binding ----------------------------------------------------------------------------------

def forge(claims: dict, key: str = SIGNING_KEY) -> str:
    return jwt.encode(claims, key, algorithm="HS256")


def claims_of(token: str) -> dict:
    return jwt.decode(token, SIGNING_KEY, algorithms=["HS256"])


def test_a_token_of_one_inbox_is_refused_on_another(inbox):
    first, second = inbox(OPTIONAL.website_token), inbox(SECOND.website_token)
    first_visitor, second_visitor = first.new_visitor(), second.new_visitor()
    assert status_and_reason(second.show(first_visitor.token)) == (401, "foreign_token")
    assert status_and_reason(first.show(second_visitor.token)) == (401, "foreign_token")
    assert first.show(first_visitor.token).json["id"] == first_visitor.contact_id
    assert second.show(second_visitor.token).json["id"] == second_visitor.contact_id


def test_a_token_is_bound_to_its_contact_and_inbox(api):
    first, second = api.new_visitor(), api.new_visitor()
    assert (api.show(first.token).json["id"], api.show(second.token).json["id"]) \
        == (first.contact_id, second.contact_id)
    claims = claims_of(first.token)
    assert claims["inbox_id"] == OPTIONAL.id and set(claims) == {"source_id", "inbox_id", "iat", "exp"}
    assert api.show(forge(claims)).json["id"] == first.contact_id, "the claims alone name the contact"
    assert status_and_reason(api.show(forge({**claims, "inbox_id": SECOND.id}))) == (401, "foreign_token")
    assert status_and_reason(api.show(forge({**claims, "source_id": "no-such-source"}))) == (404, "contact_not_found")
    assert status_and_reason(api.show(forge({**claims, "exp": int(time.time()) - 1}))) == (401, "invalid_token")
    assert status_and_reason(api.show(forge({"source_id": claims["source_id"], "inbox_id": OPTIONAL.id}))) \
        == (401, "invalid_token"), "a token without exp"
    assert status_and_reason(api.show(forge({**claims, "inbox_id": str(OPTIONAL.id)}))) == (401, "invalid_token")
    assert status_and_reason(api.show(forge(claims, key="x" * 40))) == (401, "invalid_token")


def test_set_user_issues_a_new_token_bound_to_the_identified_contact(api):
    visitor = api.new_visitor()
    identifier = "tests-binding-user"
    answer = api.set_user(visitor.token, identifier, HmacSigner(OPTIONAL.hmac_token).identifier_hash(identifier)).json
    new_token = answer["widget_auth_token"]
    assert new_token != visitor.token
    assert claims_of(new_token)["source_id"] != claims_of(visitor.token)["source_id"], "a new contact inbox"
    assert api.show(new_token).json["identifier"] == identifier


# -- persistence across a restart -------------------------------------------------------------------

def test_contacts_and_tokens_survive_a_restart_on_the_same_database(tmp_path):
    db_path = tmp_path / "reference.sqlite3"
    with ReferenceProcess.start(tmp_path / "first", tmp_path / "first.log", db_path=db_path) as first_run, \
            WidgetApiClient(first_run.info["widget_url"], OPTIONAL.website_token) as api:
        visitor = api.new_visitor()
        api.update(visitor.token, name="Persisted Person", custom_attributes={"plan": "pro"})
        api.start_conversation(visitor.token, "still here?")
        before = api.show(visitor.token).json
    assert first_run.process.returncode == 0

    with ReferenceProcess.start(tmp_path / "second", tmp_path / "second.log", db_path=db_path) as second_run, \
            WidgetApiClient(second_run.info["widget_url"], OPTIONAL.website_token) as api:
        assert second_run.info["token_signing_secret"] == first_run.info["token_signing_secret"], \
            "a restart without --secret-key keeps the key stored in the database"
        assert api.show(visitor.token).json == before, "the same token reads the same contact after a restart"
        conversation = api.conversation(visitor.token).json
        assert [message["content"] for message in conversation["messages"]] == ["still here?"]
        assert api.new_visitor().contact_id > visitor.contact_id
    assert not server_errors(first_run) and not server_errors(second_run)


def test_an_explicit_new_secret_key_invalidates_earlier_tokens(tmp_path):
    db_path = tmp_path / "reference.sqlite3"
    with ReferenceProcess.start(tmp_path / "first", tmp_path / "first.log", db_path=db_path) as first_run, \
            WidgetApiClient(first_run.info["widget_url"], OPTIONAL.website_token) as api:
        visitor = api.new_visitor()
    with ReferenceProcess.start(tmp_path / "second", tmp_path / "second.log", db_path=db_path,
                                secret_key=SIGNING_KEY) as second_run, \
            WidgetApiClient(second_run.info["widget_url"], OPTIONAL.website_token) as api:
        assert status_and_reason(api.show(visitor.token)) == (401, "invalid_token")

# -- command line and signals -------------------------------------------------------------------------

def run_reference_cli(*args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "REFERENCE_DEFECTS"}
    return subprocess.run([sys.executable, "-m", "reference", *args], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=30, env=env)


def test_list_defects_prints_every_switch():
    result = run_reference_cli("--list-defects")
    assert result.returncode == 0, result.stderr
    listed = [line.split()[0] for line in result.stdout.splitlines() if line.strip()]
    assert listed == list(CATALOG)
    for name, (where, _) in CATALOG.items():
        assert f"[{where}]" in next(line for line in result.stdout.splitlines() if line.startswith(name))


def test_an_unknown_defect_exits_2_with_a_clear_message(tmp_path):
    result = run_reference_cli("--defect", "no-such-defect", "--db", str(tmp_path / "x.sqlite3"),
                               "--port", "0", "--host-page-port", "0")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "error: unknown reference defect(s) no-such-defect; known: " in result.stderr
    assert "token-kept-on-exit" in result.stderr, "the message lists the known switches"
    assert not (tmp_path / "x.sqlite3").exists(), "nothing was started"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_stops_the_server_cleanly(tmp_path, signum):
    running = ReferenceProcess.start(tmp_path, tmp_path / "reference.log")
    running.process.send_signal(signum)
    try:
        returncode = running.process.wait(timeout=5)
    finally:
        running.stop()
    assert returncode == 0, running.log_tail()
    assert "Reference widget stopped." in running.log_path.read_text()
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{running.info['widget_url']}/api", timeout=2)
