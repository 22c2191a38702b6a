"""The reference's contact tokens: bound to their inbox and contact, renewed by set_user, and valid
across a restart on the same database (until the signing key changes)."""
from __future__ import annotations

import time

import jwt

from testlib.api_client import WidgetApiClient
from testlib.hmac_signer import HmacSigner
from testlib.reference_process import ReferenceProcess
from tests.reference_helpers import OPTIONAL, SECOND, SIGNING_KEY, server_errors, status_and_reason


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
