"""The contact half of the widget API under /api/v1/widget/: the bootstrap call (POST config),
contact, set_user and custom attributes. Status codes follow ../shared/contract.md; where it is
silent, docs/contract-decisions.md says what we chose and why. Answer shapes and the set_user
token policy follow the profile (reference/profiles.py)."""
from __future__ import annotations

import hashlib
import hmac
import sqlite3
from dataclasses import replace
from typing import AbstractSet, Any

from fastapi import Request

from reference import identify, returning, validation
from reference.profiles import ALWAYS, Profile
from reference.sessions import Session, Sessions
from reference.shapes import answers_for, contact_json
from reference.store import Store
from reference.tokens import TokenService
from reference.validation import ApiError

HMAC_FAILED = "HMAC failed: Invalid Identifier Hash Provided"


def hmac_hash(secret: str, identifier: str) -> str:
    return hmac.new(secret.encode(), identifier.encode(), hashlib.sha256).hexdigest()


def text_policy(fields: dict[str, Any], defects: AbstractSet[str]) -> dict[str, Any]:
    """The stored form of contact text fields (update-drops-unicode turns non-ASCII into '?')."""
    if "update-drops-unicode" not in defects:
        return fields
    return {key: value.encode("ascii", "replace").decode() if isinstance(value, str) else value
            for key, value in fields.items()}


class WidgetApi:
    """Contact route handlers; `defects` holds the switched-on API defects."""

    def __init__(self, store: Store, tokens: TokenService, defects: AbstractSet[str], profile: Profile,
                 sessions: Sessions):
        self.store = store
        self.tokens = tokens
        self.defects = defects
        self.profile = profile
        self.sessions = sessions
        self.answers = answers_for(profile.chatwoot_answer_shapes)

    # -- bootstrap ------------------------------------------------------------------------
    async def create_config(self, request: Request) -> dict[str, Any]:
        """First contact creation: reuse the session of a valid token, else a new contact + token.
        The documented widget calls it; upstream keeps it for the mobile SDKs."""
        inbox = self.sessions.inbox(request)
        if request.headers.get("x-auth-token"):
            session = self.sessions.of_request(request)
        else:
            session = self.sessions.fresh(inbox)
        return {
            "website_channel_config": {
                "auth_token": session.token,
                "website_token": inbox["website_token"],
                "website_name": inbox["name"],
                "widget_color": "#1f93ff",
                "pre_chat_form_enabled": bool(inbox["pre_chat_form_enabled"]),
                "pre_chat_form_options": {"pre_chat_message": "Share your details and we will get back to you."},
            },
            "contact": {**contact_json(self._shown(session, session.contact)),
                        "pubsub_token": session.contact_inbox["pubsub_token"]},
            "global_config": {},
        }

    # -- contact ----------------------------------------------------------------------------
    def _shown(self, session: Session, contact: dict[str, Any]) -> dict[str, Any]:
        return returning.shown(self.store, session, contact, self.defects)

    async def show_contact(self, request: Request) -> dict[str, Any]:
        session = self.sessions.of_request(request)
        return self.answers.contact(self._shown(session, session.contact))

    async def update_contact(self, request: Request) -> dict[str, Any]:
        session = self.sessions.of_request(request)
        body = validation.parse_json_object(await request.body())
        fields = text_policy(validation.contact_fields(body), self.defects)
        custom_attributes = validation.attributes_object(body, "custom_attributes")
        additional_attributes = validation.attributes_object(body, "additional_attributes")
        session = returning.join(self.store, session, fields, self.profile.attaches_returning_visitors, self.defects)
        stored = session.contact
        contact = self.store.update_contact(
            stored["id"],
            returning.writable(self.store, session, fields, stored),
            custom_attributes=returning.writable(self.store, session, custom_attributes, stored["custom_attributes"]),
            additional_attributes=returning.writable(self.store, session, additional_attributes,
                                                     stored["additional_attributes"]),
            replace_custom_attributes="custom-attributes-replace" in self.defects,
        )
        return self.answers.updated_contact(self._shown(session, contact))

    async def set_user(self, request: Request) -> dict[str, Any]:
        session = self.sessions.of_request(request)
        body = validation.parse_json_object(await request.body())
        identifier = validation.identifier(body)
        verified = self._check_identity_hash(session.inbox, identifier, body.get("identifier_hash"))
        fields = text_policy(validation.contact_fields(body), self.defects)
        custom_attributes = validation.attributes_object(body, "custom_attributes")
        additional_attributes = validation.attributes_object(body, "additional_attributes")

        self._refuse_unverified_claim(session, identifier, verified)
        changes = {**fields, "identifier": identifier}, custom_attributes, _without_nulls(additional_attributes)
        if self.profile.set_user_token == ALWAYS:
            target = identify.defective_email_owner(self.store, session, fields, self.defects) \
                or self._identity_target(session, identifier)
            contact = self._identify(target, *changes)
            contact_inbox = self.store.add_contact_inbox(contact["id"], session.inbox["id"], verified)
        else:
            target, contact_inbox = self._identify_in_place(session, identifier, verified)
            session = replace(session, contact_inbox=contact_inbox or session.contact_inbox, contact=target)
            session, changes = self._merge_known_details(session, identifier, *changes)
            contact = self._identify(session.contact, *changes)
        widget_auth_token = self.tokens.issue(contact_inbox["source_id"], session.inbox["id"]) if contact_inbox else None
        return self.answers.identified_contact(self._shown(session, contact), widget_auth_token)

    def _merge_known_details(self, session: Session, identifier: str, fields: dict[str, Any],
                             custom_attributes: dict[str, Any] | None, additional_attributes: dict[str, Any] | None):
        """ContactIdentifyAction's email and phone merges (reference/identify.py), where the profile
        merges returning visitors; what an unproven visitor may then write of their changes."""
        if not self.profile.attaches_returning_visitors:
            return session, (fields, custom_attributes, additional_attributes)
        session, fields = identify.merge_known_details(self.store, session, identifier, fields, self.defects)
        stored = session.contact
        return session, (returning.writable(self.store, session, fields, stored),
                         returning.writable(self.store, session, custom_attributes, stored["custom_attributes"]),
                         returning.writable(self.store, session, additional_attributes,
                                            stored["additional_attributes"]))

    def _identify(self, target: dict[str, Any], fields: dict[str, Any], custom_attributes: dict[str, Any] | None,
                  additional_attributes: dict[str, Any] | None) -> dict[str, Any]:
        try:
            return self.store.update_contact(target["id"], fields, custom_attributes=custom_attributes,
                                             additional_attributes=additional_attributes)
        except sqlite3.IntegrityError:
            # another set_user gave this identifier to a different contact between our look-up and write
            raise ApiError(409, "identifier was just claimed by a concurrent request; retry", "identifier",
                           reason="identifier_conflict") from None

    def _check_identity_hash(self, inbox: sqlite3.Row, identifier: str, identifier_hash: Any) -> bool:
        """True when a valid hash was sent; raises 401 for a wrong one, or a missing one where mandatory."""
        if identifier_hash in (None, ""):
            if inbox["hmac_mandatory"]:
                raise ApiError(401, HMAC_FAILED, "identifier_hash", reason="hmac_missing")
            return False
        expected = hmac_hash(inbox["hmac_token"], identifier)
        if isinstance(identifier_hash, str) and self._hash_matches(identifier_hash, expected):
            return True
        if "hmac-not-enforced" in self.defects:
            return True
        raise ApiError(401, HMAC_FAILED, "identifier_hash", reason="hmac_invalid")

    def _hash_matches(self, identifier_hash: str, expected: str) -> bool:
        if "hmac-compare-loose" in self.defects:  # a site's upper-case hex "should be fine too"
            return identifier_hash.lower() == expected
        return hmac.compare_digest(identifier_hash.encode(), expected.encode())

    def _refuse_unverified_claim(self, session: Session, identifier: str, verified: bool) -> None:
        """An identifier of an HMAC-verified contact is never claimed without a valid hash."""
        existing = self.store.contact_by_identifier(session.inbox["account_id"], identifier)
        if existing is not None and existing["id"] != session.contact["id"] and not verified \
                and self.store.contact_is_hmac_verified(existing["id"]):
            raise ApiError(401, "This identifier belongs to a verified contact; a valid identifier_hash is required",
                           "identifier_hash", reason="hmac_required_for_verified_contact")

    def _switches_identity(self, current: dict[str, Any], identifier: str) -> bool:
        """Whether the visitor's contact already carries another identifier (a new contact follows)."""
        if "identity-switch-renames" in self.defects:  # B's identity written over A's contact
            return False
        return bool(current["identifier"]) and current["identifier"] != identifier

    def _identity_target(self, session: Session, identifier: str) -> dict[str, Any]:
        """Documented: the contact the identity belongs to (the existing one with that identifier,
        the current anonymous one, or a new one when the current contact has another identity);
        a new contact inbox and token for it follow."""
        existing = self.store.contact_by_identifier(session.inbox["account_id"], identifier)
        if existing is not None:
            return existing
        current = session.contact
        if self._switches_identity(current, identifier):
            created = self.store.create_contact_with_inbox(session.inbox["account_id"], session.inbox["id"])
            return self.store.contact(created["contact_id"])
        return current

    def _identify_in_place(self, session: Session, identifier: str,
                           verified: bool) -> tuple[dict[str, Any], sqlite3.Row | None]:
        """Upstream (contacts_controller#set_user): a contact that already carries a different
        identifier gets a new contact and contact inbox, returned so a token is issued for it;
        otherwise the visitor's own contact inbox keeps its token (None). Either way the identity
        then lands on the contact that already has that identifier, if any (ContactIdentifyAction
        merges into it)."""
        contact_inbox, issued = session.contact_inbox, None
        current = session.contact
        if self._switches_identity(current, identifier):
            issued = contact_inbox = self.store.create_contact_with_inbox(session.inbox["account_id"], session.inbox["id"])
            current = self.store.contact(contact_inbox["contact_id"])
        if verified:
            self.store.mark_hmac_verified(contact_inbox["id"])
        existing = self.store.contact_by_identifier(session.inbox["account_id"], identifier)
        if existing is not None and existing["id"] != current["id"]:
            self.store.merge_contact(base_id=existing["id"], mergee_id=current["id"])
            current = existing
        return current, issued

    async def destroy_custom_attributes(self, request: Request) -> dict[str, Any]:
        session = self.sessions.of_request(request)
        body = validation.parse_json_object(await request.body())
        keys = validation.attribute_keys(body)
        if "delete-attribute-noop" in self.defects:
            return contact_json(self._shown(session, session.contact))
        return contact_json(self._shown(session, self.store.remove_custom_attributes(session.contact["id"], keys)))

    def routes(self) -> list[tuple[str, str, Any]]:
        return [
            ("POST", "/config", self.create_config),
            ("GET", "/contact", self.show_contact),
            ("PATCH", "/contact", self.update_contact),
            ("PATCH", "/contact/set_user", self.set_user),
            ("POST", "/contact/destroy_custom_attributes", self.destroy_custom_attributes),
        ]


def _without_nulls(attributes: dict[str, Any] | None) -> dict[str, Any] | None:
    """The SDK sends every additional attribute key, unset ones as null; keep only real values."""
    if attributes is None:
        return None
    return {key: value for key, value in attributes.items() if value is not None}
