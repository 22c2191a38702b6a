"""What the API tests check after every request that should fail: it was refused with a 4xx (the
contract's exact status on the reference), never a 5xx, and the contact's stored data is exactly as
it was (read back with the legitimate token)."""
from __future__ import annotations

import json
from typing import Any

from e2e.guarantees import guarantee
from testlib.api_client import ApiResponse, VisitorSession, WidgetApiClient
from testlib.redaction import JWT, fingerprint
from testlib.target import Target
from testlib.visitors import Visitor

# The contact fields the contract lists; what "stored data" means in these tests.
CONTACT_FIELDS = ("id", "name", "email", "phone_number", "identifier", "custom_attributes",
                  "additional_attributes", "has_email", "has_phone_number")


def describe(response: ApiResponse, limit: int = 300) -> str:
    """One line for a failure message: call, status and body, tokens shown as fingerprints."""
    body = response.body if isinstance(response.body, str) else json.dumps(response.body, ensure_ascii=False)
    body = JWT.sub(lambda match: fingerprint(match.group(0)), body)
    if len(body) > limit:
        body = body[:limit] + f"... ({len(body)} characters)"
    return f"{response.method} {response.path} -> {response.status}: {body}"


def stored_fields(contact: dict[str, Any]) -> dict[str, Any]:
    return {name: contact.get(name) for name in CONTACT_FIELDS}


def contact_of(response: ApiResponse) -> dict[str, Any]:
    """The contact in an answer: the body itself, or its "contact" (bootstrap answers)."""
    body = response.json
    return body["contact"] if isinstance(body.get("contact"), dict) else body


def visitor_with_details(api: WidgetApiClient, visitor: Visitor) -> VisitorSession:
    """A new anonymous visitor whose contact has a name, email, phone and custom attributes."""
    session = api.new_visitor()
    response = api.update(session.token, name=visitor.name, email=visitor.email, phone_number=visitor.phone,
                          custom_attributes=visitor.custom_attributes)
    guarantee(response.status == 200, "a visitor can save their name, email, phone and custom attributes",
              describe(response))
    return VisitorSession(token=session.token, contact=response.json)


def identified_visitor(api: WidgetApiClient, visitor: Visitor, identifier_hash: str) -> VisitorSession:
    """A visitor identified by set_user with a valid hash (an HMAC-verified contact)."""
    session = api.new_visitor()
    response = api.set_user(session.token, visitor.identifier, identifier_hash, name=visitor.name,
                            email=visitor.email, custom_attributes=visitor.custom_attributes)
    guarantee(response.status == 200 and response.json.get("widget_auth_token"),
              "set_user with a valid identifier_hash identifies the visitor and answers a widget_auth_token",
              describe(response))
    return VisitorSession(token=response.json["widget_auth_token"], contact=response.json)


def read_back(api: WidgetApiClient, session: VisitorSession) -> dict[str, Any]:
    """The contact as stored, read with its own legitimate token."""
    response = api.show(session.token)
    guarantee(response.status == 200 and response.json.get("id") == session.contact_id,
              "a visitor's own token keeps reading their own contact", describe(response))
    return stored_fields(response.json)


def refused(target: Target, response: ApiResponse, reference_status: int, promise: str,
            field: str | None = None) -> None:
    """Never a 5xx. On the reference: exactly the contract's status and an {"error"} body (with the
    offending "field" for validation errors). On a live target any 4xx: Chatwoot versions differ."""
    guarantee(response.status < 500, f"{promise}, with a 4xx and never a server error", describe(response))
    if target.is_reference:
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


def unchanged(api: WidgetApiClient, session: VisitorSession, before: dict[str, Any], promise: str) -> None:
    after = read_back(api, session)
    changed = {name: (before.get(name), after.get(name)) for name in CONTACT_FIELDS
               if before.get(name) != after.get(name)}
    guarantee(not changed, promise, "\n".join(f"  {name}: {old!r} -> {new!r}" for name, (old, new) in changed.items()))
