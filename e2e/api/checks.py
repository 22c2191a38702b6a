"""What the API tests check after every request that should fail: it was refused with a 4xx (the
contract's exact status on the reference), never a 5xx, and the contact's stored data is exactly as
it was. Stored data is read where the profile allows (testlib.server_state: the widget API's GET
contact, or the account API where GET contact answers only flags)."""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from e2e.guarantees import guarantee
from testlib.api_client import ApiResponse, VisitorSession, WidgetApiClient
from testlib import refusals
from testlib.hmac_signer import HmacSigner
from testlib.profiles import STORED_CONTACT_FIELDS
from testlib.redaction import JWT, PUBSUB_TOKEN, fingerprint
from testlib.server_state import ServerState
from testlib.target import Target
from testlib.visitors import Visitor


def describe(response: ApiResponse, limit: int = 300) -> str:
    """One line for a failure message: call, status and body, tokens shown as fingerprints."""
    body = response.body if isinstance(response.body, str) else json.dumps(response.body, ensure_ascii=False)
    body = JWT.sub(lambda match: fingerprint(match.group(0)), body)
    body = PUBSUB_TOKEN.sub(lambda match: match.group(1) + fingerprint(match.group(2)), body)
    if len(body) > limit:
        body = body[:limit] + f"... ({len(body)} characters)"
    return f"{response.method} {response.path} -> {response.status}: {body}"


def stored_fields(contact: dict[str, Any]) -> dict[str, Any]:
    return {name: contact.get(name) for name in STORED_CONTACT_FIELDS}


def contact_of(response: ApiResponse) -> dict[str, Any]:
    """The contact in an answer: the body itself, or its "contact" (bootstrap answers)."""
    body = response.json
    return body["contact"] if isinstance(body.get("contact"), dict) else body


def read_back(server: ServerState, session: VisitorSession) -> dict[str, Any]:
    """The contact as stored, read with its own legitimate token."""
    contact = server.contact(session.token)
    guarantee(contact.get("id") == session.contact_id, "a visitor's own token keeps reading their own contact",
              f"read contact {contact.get('id')!r}, expected {session.contact_id}")
    return stored_fields(contact)


def visitor_with_details(server: ServerState, visitor: Visitor) -> VisitorSession:
    """A new anonymous visitor whose contact has a name, email, phone and custom attributes."""
    api = server.widget_api
    session = api.new_visitor()
    response = api.update(session.token, name=visitor.name, email=visitor.email, phone_number=visitor.phone,
                          custom_attributes=visitor.custom_attributes)
    guarantee(response.status == 200, "a visitor can save their name, email, phone and custom attributes",
              describe(response))
    return VisitorSession(token=session.token, contact=read_back(server, session))


def identified_visitor(server: ServerState, visitor: Visitor, identifier_hash: str) -> VisitorSession:
    """A visitor identified by set_user with a valid hash (an HMAC-verified contact), holding the
    token set_user left them (a new widget_auth_token, or their own where the profile keeps it)."""
    api = server.widget_api
    session = api.new_visitor()
    response = api.set_user(session.token, visitor.identifier, identifier_hash, name=visitor.name,
                            email=visitor.email, custom_attributes=visitor.custom_attributes)
    guarantee(response.status == 200, "set_user with a valid identifier_hash identifies the visitor",
              describe(response))
    token = server.profile.token_after_set_user(response.json, session.token)
    identified = VisitorSession(token=token, contact={"id": server.contact_id(token)})
    return VisitorSession(token=token, contact=read_back(server, identified))


@dataclass(frozen=True)
class KnownCustomer:
    """A customer the inbox already knows: identified with a valid hash, with a name, email, phone,
    a custom attribute and an earlier conversation."""

    token: str = field(repr=False)
    contact: dict[str, Any]
    earlier_message: str

    def details_but(self, given: str) -> dict[str, str]:
        """The known contact's details by value, except the one a returning visitor gives."""
        details = {"name": self.contact["name"], "email": self.contact["email"],
                   "phone_number": self.contact["phone_number"], "identifier": self.contact["identifier"],
                   "custom attribute": self.contact["custom_attributes"]["account_manager"],
                   "earlier message": self.earlier_message}
        return {name: value for name, value in details.items() if name != given}


def known_customer(server: ServerState, person: Visitor, signer: HmacSigner) -> KnownCustomer:
    session = identified_visitor(server, person, signer.identifier_hash(person.identifier))
    api = server.widget_api
    suffix = uuid.uuid4().hex[:10]
    earlier = f"My order {suffix} never arrived"
    saved = api.update(session.token, phone_number=person.phone,
                       custom_attributes={"account_manager": f"Manager {suffix}"})
    started = api.start_conversation(session.token, earlier)
    guarantee(saved.ok and started.ok, "a known customer can save their phone and start a conversation",
              f"{describe(saved)}\n{describe(started)}")
    return KnownCustomer(session.token, read_back(server, session), earlier)


def submit_prechat(server: ServerState, token: str, details: dict[str, Any], message: str) -> list[ApiResponse]:
    """The calls a pre-chat submit makes, where the profile sends them: PATCH contact with the
    details then POST conversations, or one POST conversations carrying both."""
    api = server.widget_api
    if server.profile.prechat_call == ("PATCH", "contact"):
        return [api.update(token, **details), api.start_conversation(token, message)]
    return [api.request("POST", "conversations", token=token,
                        json_body={"contact": details, "message": {"content": message}})]


def message_contents(response: ApiResponse) -> list[str]:
    """The contents of a GET messages answer: a list of messages, or Chatwoot's {payload: [...]}."""
    messages = response.body.get("payload") if isinstance(response.body, dict) else response.body
    return [message.get("content") for message in messages or [] if isinstance(message, dict)]


def refused(target: Target, response: ApiResponse, reference_status: int, promise: str,
            field: str | None = None, situation: str | None = None) -> None:
    """Never a 5xx. On the reference: exactly the contract's status and an {"error"} body (with the
    offending "field" for validation errors), or, where the profile answers like Rails and the
    `situation` (testlib/refusals.py) has a Rails answer, exactly that. On a live target any 4xx:
    Chatwoot versions differ."""
    guarantee(response.status < 500, f"{promise}, with a 4xx and never a server error", describe(response))
    rails = refusals.RAILS.get(situation) if target.profile.answers_like_rails else None
    if target.is_reference and rails:
        guarantee(rails.matches(response.status, response.body), f"{promise}, as Chatwoot answers it",
                  f"Chatwoot answers {rails}; got {describe(response)}")
    elif target.is_reference:
        guarantee(response.status == reference_status, promise,
                  f"the contract says {reference_status}; got {describe(response)}")
        guarantee(isinstance(response.json.get("error"), str), "an error answer says what was wrong in \"error\"",
                  describe(response))
        if field:
            guarantee(response.json.get("field") == field, f"a validation error names the field ({field})",
                      describe(response))
    else:
        guarantee(400 <= response.status < 500, promise, describe(response))


def refused_or_ignored(target: Target, response: ApiResponse, reference_status: int, promise: str,
                       field: str | None = None) -> None:
    """Like refused(), but a live target may also answer 2xx: Chatwoot drops invalid attributes
    and answers 200. Callers then check with unchanged() that nothing bad was stored."""
    if target.is_reference or not response.ok:
        refused(target, response, reference_status, promise, field)


def unchanged(server: ServerState, session: VisitorSession, before: dict[str, Any], promise: str) -> None:
    after = read_back(server, session)
    changed = {name: (before.get(name), after.get(name)) for name in STORED_CONTACT_FIELDS
               if before.get(name) != after.get(name)}
    guarantee(not changed, promise, "\n".join(f"  {name}: {old!r} -> {new!r}" for name, (old, new) in changed.items()))


def assert_contact_shape(profile_fields: tuple[str, ...], contact: dict[str, Any], where: str) -> None:
    """The answer carries the contact fields the profile says `where` answers, consistently."""
    missing = [name for name in profile_fields if name not in contact]
    guarantee(not missing, f"{where} answers a contact with every field it promises", f"missing: {missing}")
    for attributes in ("custom_attributes", "additional_attributes"):
        if attributes in profile_fields:
            guarantee(isinstance(contact[attributes], dict), f"{where} answers {attributes} as an object",
                      f"{attributes}={contact[attributes]!r}")
    for flag, field in (("has_email", "email"), ("has_phone_number", "phone_number"), ("has_name", "name")):
        if flag in contact and field in contact:
            guarantee(contact[flag] == bool(contact[field]), f"{where} answers {flag} that matches {field}",
                      f"{field}={contact[field]!r} {flag}={contact[flag]!r}")
