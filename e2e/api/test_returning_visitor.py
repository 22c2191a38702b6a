"""Returning visitors (docs/contract-decisions.md, "Returning visitors"): a visitor who gives an
email or phone number the inbox already knows starts a conversation like anyone else, and nothing
they sent is lost. They proved nothing, though: no widget answer to their token ever shows the
known contact's details or its earlier conversations, and the known contact keeps its own details."""
from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from e2e.api.checks import KnownCustomer, describe, known_customer, message_contents, read_back, submit_prechat
from e2e.guarantees import guarantee
from testlib.api_client import ApiResponse, VisitorSession, WidgetApiClient
from testlib.server_state import ServerState
from testlib.visitors import Visitor

pytestmark = [pytest.mark.api, pytest.mark.security]

RETURNING_BY = ("email", "phone_number")


@pytest.fixture
def known(server: ServerState, new_visitor, hmac_signer) -> KnownCustomer:
    return known_customer(server, new_visitor(), hmac_signer)


def returning_details(by: str, known: KnownCustomer, person: Visitor) -> dict[str, str]:
    """What a returning visitor types: their own name, and the known email (with their own phone)
    or the known phone number (and no email)."""
    if by == "email":
        return {"name": person.name, "email": known.contact["email"], "phone_number": person.phone}
    return {"name": person.name, "phone_number": known.contact["phone_number"]}


def start_as_returning_visitor(server: ServerState, by: str, known: KnownCustomer, person: Visitor,
                               site_attributes: dict[str, Any] | None = None,
                               ) -> tuple[VisitorSession, list[ApiResponse]]:
    api = server.widget_api
    session = api.new_visitor()
    if site_attributes:
        api.set_custom_attributes(session.token, site_attributes)
    responses = submit_prechat(server, session.token, returning_details(by, known, person), person.message)
    for response in responses:
        guarantee(response.ok, f"a visitor whose {by} the inbox already knows can start a conversation "
                               "(no 4xx, no form error)", describe(response))
    return session, responses


@pytest.mark.parametrize("by", RETURNING_BY)
def test_a_returning_visitor_starts_a_conversation_and_nothing_is_lost(by, known, new_visitor, server):
    person = new_visitor()
    site_attributes = {"landing_page": f"/pricing/{uuid.uuid4().hex[:8]}"}
    session, _ = start_as_returning_visitor(server, by, known, person, site_attributes)
    api = server.widget_api

    messages = message_contents(api.messages(session.token))
    guarantee(messages == [person.message], f"a returning visitor's (known {by}) first message is stored as sent",
              f"their conversation holds {messages!r}")
    stored = server.contact(session.token)
    for field, typed in returning_details(by, known, person).items():
        guarantee(stored.get(field) in (typed, known.contact[field]) and stored.get(field),
                  f"a returning visitor's {field} is stored (or the known contact's own one kept)",
                  f"typed {typed!r}, known {known.contact[field]!r}, stored {stored.get(field)!r}")
    guarantee(site_attributes.items() <= (stored.get("custom_attributes") or {}).items(),
              "custom attributes the site set before the pre-chat survive a returning visitor's submit",
              f"stored {stored.get('custom_attributes')!r}")

    after = read_back(server, VisitorSession(known.token, known.contact))
    kept = {field: (known.contact[field], after[field]) for field in ("name", "email", "phone_number", "identifier")
            if after[field] != known.contact[field]}
    guarantee(not kept, "a returning visitor never changes the known contact's name, email, phone or identifier",
              f"changed (before, after): {kept!r}")
    guarantee(known.contact["custom_attributes"].items() <= after["custom_attributes"].items(),
              "a returning visitor never changes the known contact's custom attributes",
              f"before {known.contact['custom_attributes']!r}, after {after['custom_attributes']!r}")
    guarantee(known.earlier_message in message_contents(api.messages(known.token)),
              "the known customer's earlier conversation keeps its messages after a returning visitor's submit")


def everything_the_widget_answers(api: WidgetApiClient, token: str) -> dict[str, ApiResponse]:
    """Every widget call a visitor holding `token` can make after the pre-chat, and its answer."""
    return {
        "GET contact": api.show(token),
        "GET conversations": api.conversation(token),
        "GET messages": api.messages(token),
        "POST messages": api.send_message(token, "Is anyone there?"),
        "PATCH contact": api.set_custom_attributes(token, {"visits": 2}),
        "POST contact/destroy_custom_attributes": api.destroy_custom_attributes(token, ["visits"]),
        "POST config": api.bootstrap(token),
    }


@pytest.mark.parametrize("by", RETURNING_BY)
def test_a_returning_visitor_never_sees_the_known_contact_or_its_conversations(by, known, new_visitor, server):
    api = server.widget_api
    guarantee(known.earlier_message in json.dumps(api.messages(known.token).body, ensure_ascii=False),
              "test control: the known customer's own GET messages shows their earlier message, so a search "
              "of answers by value can find it")
    session, prechat = start_as_returning_visitor(server, by, known, new_visitor())
    answers = {f"pre-chat {response.method} {response.path}": response for response in prechat}
    answers.update(everything_the_widget_answers(api, session.token))

    secrets = known.details_but(by)
    for call, response in answers.items():
        text = json.dumps(response.body, ensure_ascii=False)
        seen = sorted(name for name, value in secrets.items() if value and str(value) in text)
        guarantee(not seen, f"a visitor who gives a known {by} never sees the known contact's details or earlier "
                            f"messages ({call} shows its {', '.join(seen)})", describe(response, limit=600))
