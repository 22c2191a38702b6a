"""The widget API under /api/v1/widget/: bootstrap, contact, set_user, custom attributes,
conversations and messages. Status codes follow ../shared/contract.md; where it is silent,
docs/contract-decisions.md says what we chose and why."""
from __future__ import annotations

import hashlib
import hmac
import sqlite3
from dataclasses import dataclass
from typing import Any

import jwt
from fastapi import APIRouter, Request

from reference import validation
from reference.store import Store
from reference.tokens import InvalidToken, TokenClaims, TokenService
from reference.validation import ApiError

NOT_FOUND_WIDGET = "Couldn't find Channel::WebWidget"
HMAC_FAILED = "HMAC failed: Invalid Identifier Hash Provided"


@dataclass
class Session:
    """Who is calling: the inbox named by website_token and the contact named by X-Auth-Token."""

    inbox: sqlite3.Row
    contact_inbox: sqlite3.Row
    contact: dict[str, Any]
    token: str


def contact_json(contact: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": contact["id"],
        "name": contact["name"],
        "email": contact["email"],
        "phone_number": contact["phone_number"],
        "identifier": contact["identifier"],
        "avatar_url": contact["avatar_url"],
        "custom_attributes": contact["custom_attributes"],
        "additional_attributes": contact["additional_attributes"],
        "has_email": bool(contact["email"]),
        "has_phone_number": bool(contact["phone_number"]),
        "has_name": bool(contact["name"]),
    }


def conversation_json(conversation: dict[str, Any] | None, messages: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    if conversation is None:
        return {}
    body = {
        "id": conversation["id"],
        "inbox_id": conversation["inbox_id"],
        "status": conversation["status"],
        "created_at": conversation["created_at"],
    }
    if messages is not None:
        body["messages"] = [message_json(message) for message in messages]
    return body


def message_json(message: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": message["id"],
        "content": message["content"],
        "message_type": message["message_type"],
        "created_at": message["created_at"],
    }


def hmac_hash(secret: str, identifier: str) -> str:
    return hmac.new(secret.encode(), identifier.encode(), hashlib.sha256).hexdigest()


class WidgetApi:
    """Route handlers; `defects` holds the switched-on API defects."""

    def __init__(self, store: Store, tokens: TokenService, defects: frozenset[str]):
        self.store = store
        self.tokens = tokens
        self.defects = defects

    # -- who is calling ---------------------------------------------------------------------
    def inbox(self, request: Request) -> sqlite3.Row:
        website_token = request.query_params.get("website_token")
        inbox = self.store.inbox_by_website_token(website_token) if website_token else None
        if inbox is None:
            raise ApiError(404, NOT_FOUND_WIDGET, reason="website_token")
        if inbox["account_status"] != "active":
            raise ApiError(401, "Account is suspended", reason="account_suspended")
        return inbox

    def claims(self, token: str, inbox: sqlite3.Row) -> TokenClaims:
        if "foreign-token-accepted" in self.defects:
            payload = jwt.decode(token, options={"verify_signature": False})
            return TokenClaims(source_id=str(payload.get("source_id")), inbox_id=int(payload.get("inbox_id") or 0))
        try:
            claims = self.tokens.verify(token)
        except InvalidToken:
            raise ApiError(401, "Invalid or expired auth token", reason="invalid_token") from None
        if claims.inbox_id != inbox["id"]:
            raise ApiError(401, "Auth token belongs to another inbox", reason="foreign_token")
        return claims

    def session(self, request: Request) -> Session:
        inbox = self.inbox(request)
        token = request.headers.get("x-auth-token")
        if not token:
            raise ApiError(404, "Contact not found: no X-Auth-Token was sent", reason="no_token")
        try:
            claims = self.claims(token, inbox)
        except (jwt.PyJWTError, ValueError, TypeError):
            raise ApiError(401, "Invalid or expired auth token", reason="invalid_token") from None
        contact_inbox = self.store.contact_inbox_by_source_id(claims.source_id)
        contact = self.store.contact(contact_inbox["contact_id"]) if contact_inbox else None
        if contact is None:
            raise ApiError(404, "Contact not found", reason="contact_not_found")
        return Session(inbox=inbox, contact_inbox=contact_inbox, contact=contact, token=token)

    # -- bootstrap ------------------------------------------------------------------------
    async def create_config(self, request: Request) -> dict[str, Any]:
        """First contact creation: reuse the session of a valid token, else a new contact + token."""
        inbox = self.inbox(request)
        if request.headers.get("x-auth-token"):
            session = self.session(request)
            contact, token, contact_inbox = session.contact, session.token, session.contact_inbox
        else:
            contact_inbox = self._fresh_contact_inbox(inbox)
            contact = self.store.contact(contact_inbox["contact_id"])
            token = self.tokens.issue(contact_inbox["source_id"], inbox["id"])
        return {
            "website_channel_config": {
                "auth_token": token,
                "website_token": inbox["website_token"],
                "website_name": inbox["name"],
                "widget_color": "#1f93ff",
                "pre_chat_form_enabled": bool(inbox["pre_chat_form_enabled"]),
                "pre_chat_form_options": {"pre_chat_message": "Share your details and we will get back to you."},
            },
            "contact": {**contact_json(contact), "pubsub_token": contact_inbox["source_id"]},
            "global_config": {},
        }

    def _fresh_contact_inbox(self, inbox: sqlite3.Row) -> sqlite3.Row:
        if "same-token-two-visitors" in self.defects:
            reused = self.store.latest_contact_inbox(inbox["id"])
            if reused is not None:
                return reused
        return self.store.create_contact_with_inbox(inbox["account_id"], inbox["id"])

    # -- contact ----------------------------------------------------------------------------
    async def show_contact(self, request: Request) -> dict[str, Any]:
        return contact_json(self.session(request).contact)

    async def update_contact(self, request: Request) -> dict[str, Any]:
        session = self.session(request)
        body = validation.parse_json_object(await request.body())
        fields = self._text_policy(validation.contact_fields(body))
        custom_attributes = validation.attributes_object(body, "custom_attributes")
        additional_attributes = validation.attributes_object(body, "additional_attributes")
        contact = self.store.update_contact(
            session.contact["id"],
            fields,
            custom_attributes=custom_attributes,
            additional_attributes=additional_attributes,
            replace_custom_attributes="custom-attributes-replace" in self.defects,
        )
        return contact_json(contact)

    def _text_policy(self, fields: dict[str, Any]) -> dict[str, Any]:
        if "update-drops-unicode" not in self.defects:
            return fields
        return {key: value.encode("ascii", "replace").decode() if isinstance(value, str) else value
                for key, value in fields.items()}

    async def set_user(self, request: Request) -> dict[str, Any]:
        session = self.session(request)
        body = validation.parse_json_object(await request.body())
        identifier = validation.identifier(body)
        verified = self._check_identity_hash(session.inbox, identifier, body.get("identifier_hash"))
        fields = self._text_policy(validation.contact_fields(body))
        custom_attributes = validation.attributes_object(body, "custom_attributes")
        additional_attributes = validation.attributes_object(body, "additional_attributes")

        target = self._identity_target(session, identifier, verified)
        try:
            contact = self.store.update_contact(
                target["id"],
                {**fields, "identifier": identifier},
                custom_attributes=custom_attributes,
                additional_attributes=_without_nulls(additional_attributes),
            )
        except sqlite3.IntegrityError:
            # another set_user gave this identifier to a different contact between our look-up and write
            raise ApiError(409, "identifier was just claimed by a concurrent request; retry", "identifier",
                           reason="identifier_conflict") from None
        contact_inbox = self.store.add_contact_inbox(contact["id"], session.inbox["id"], verified)
        widget_auth_token = self.tokens.issue(contact_inbox["source_id"], session.inbox["id"])
        return {**contact_json(contact), "widget_auth_token": widget_auth_token}

    def _check_identity_hash(self, inbox: sqlite3.Row, identifier: str, identifier_hash: Any) -> bool:
        """True when a valid hash was sent; raises 401 for a wrong one, or a missing one where mandatory."""
        if identifier_hash in (None, ""):
            if inbox["hmac_mandatory"]:
                raise ApiError(401, HMAC_FAILED, "identifier_hash", reason="hmac_missing")
            return False
        expected = hmac_hash(inbox["hmac_token"], identifier)
        if isinstance(identifier_hash, str) and hmac.compare_digest(identifier_hash.encode(), expected.encode()):
            return True
        if "hmac-not-enforced" in self.defects:
            return True
        raise ApiError(401, HMAC_FAILED, "identifier_hash", reason="hmac_invalid")

    def _identity_target(self, session: Session, identifier: str, verified: bool) -> dict[str, Any]:
        """The contact the identity belongs to: the existing one with that identifier, the current
        anonymous one, or a new one when the current contact already has another identity."""
        existing = self.store.contact_by_identifier(session.inbox["account_id"], identifier)
        if existing is not None:
            if existing["id"] != session.contact["id"] and not verified \
                    and self.store.contact_is_hmac_verified(existing["id"]):
                raise ApiError(401, "This identifier belongs to a verified contact; a valid identifier_hash is required",
                               "identifier_hash", reason="hmac_required_for_verified_contact")
            return existing
        current = session.contact
        if current["identifier"] and current["identifier"] != identifier:
            created = self.store.create_contact_with_inbox(session.inbox["account_id"], session.inbox["id"])
            return self.store.contact(created["contact_id"])
        return current

    async def destroy_custom_attributes(self, request: Request) -> dict[str, Any]:
        session = self.session(request)
        body = validation.parse_json_object(await request.body())
        keys = validation.attribute_keys(body)
        if "delete-attribute-noop" in self.defects:
            return contact_json(session.contact)
        return contact_json(self.store.remove_custom_attributes(session.contact["id"], keys))

    # -- conversations and messages -------------------------------------------------------
    async def list_conversations(self, request: Request) -> dict[str, Any]:
        session = self.session(request)
        conversation = self.store.latest_conversation(session.contact_inbox["id"])
        messages = self.store.messages(conversation["id"]) if conversation else None
        return conversation_json(conversation, messages)

    async def create_conversation(self, request: Request) -> dict[str, Any]:
        session = self.session(request)
        body = validation.parse_json_object(await request.body())
        content = validation.message_content(body)
        conversation = self.store.create_conversation(session.contact_inbox, session.inbox["account_id"], content)
        return conversation_json(conversation, self.store.messages(conversation["id"]))

    async def toggle_status(self, request: Request) -> dict[str, Any]:
        session = self.session(request)
        conversation = self.store.latest_conversation(session.contact_inbox["id"])
        if conversation is None:
            raise ApiError(404, "Conversation not found", reason="no_conversation")
        if conversation["status"] != "resolved":
            self.store.resolve_conversation(conversation["id"])
        return conversation_json(self.store.latest_conversation(session.contact_inbox["id"]))

    async def list_messages(self, request: Request) -> list[dict[str, Any]]:
        session = self.session(request)
        conversation = self.store.latest_conversation(session.contact_inbox["id"])
        return [message_json(message) for message in self.store.messages(conversation["id"])] if conversation else []

    async def create_message(self, request: Request) -> dict[str, Any]:
        session = self.session(request)
        body = validation.parse_json_object(await request.body())
        content = validation.message_content(body)
        conversation = self.store.latest_conversation(session.contact_inbox["id"])
        if conversation is None or conversation["status"] == "resolved":
            conversation = self.store.create_conversation(session.contact_inbox, session.inbox["account_id"], None)
        return message_json(self.store.add_message(conversation["id"], content))

    async def campaigns(self, request: Request) -> list[Any]:
        self.inbox(request)
        return []

    def router(self) -> APIRouter:
        router = APIRouter(prefix="/api/v1/widget")
        routes = [
            ("POST", "/config", self.create_config),
            ("GET", "/contact", self.show_contact),
            ("PATCH", "/contact", self.update_contact),
            ("PATCH", "/contact/set_user", self.set_user),
            ("POST", "/contact/destroy_custom_attributes", self.destroy_custom_attributes),
            ("GET", "/conversations", self.list_conversations),
            ("POST", "/conversations", self.create_conversation),
            ("GET", "/conversations/toggle_status", self.toggle_status),
            ("GET", "/messages", self.list_messages),
            ("POST", "/messages", self.create_message),
            ("GET", "/campaigns", self.campaigns),
        ]
        for method, path, handler in routes:
            router.add_api_route(path, handler, methods=[method])
        return router


def _without_nulls(attributes: dict[str, Any] | None) -> dict[str, Any] | None:
    """The SDK sends every additional attribute key, unset ones as null; keep only real values."""
    if attributes is None:
        return None
    return {key: value for key, value in attributes.items() if value is not None}
