"""set_user's merges by email and phone number, as Chatwoot's ContactIdentifyAction makes them
(app/actions/contact_identify_action.rb at e13e3c873) in the profiles that merge returning visitors.

After the identifier step (widget_api.py), the contact that already has the given email, then the
one that has the given phone number, absorbs the visitor's contact: the *existing* contact survives
(ContactMergeAction's base, its own values win) and the visitor's token now names it. A contact that
carries a *different* identifier is never merged into: the email (or phone) it has is then dropped
from the update, so the visitor neither joins it nor copies its detail. A phone contact whose email
contradicts the given email is not merged either, and the phone is dropped. Every merge goes through
returning.attach, the reference's single merge point (store.merge_contact)."""
from __future__ import annotations

from dataclasses import replace
from typing import AbstractSet, Any

from reference import returning
from reference.sessions import Session
from reference.store import Store

IGNORES_IDENTIFIER_DEFECT = "identify-merge-ignores-identifier"


def merge_known_details(store: Store, session: Session, identifier: str, fields: dict[str, Any],
                        defects: AbstractSet[str]) -> tuple[Session, dict[str, Any]]:
    """The visitor's session after the email and phone merges, and the fields left to write."""
    fields = dict(fields)
    account_id = session.inbox["account_id"]
    email, phone_number = fields.get("email"), fields.get("phone_number")
    by_email = store.contact_by_email(account_id, email) if email else None
    if by_email is not None:
        session = _merge_or_drop(store, session, by_email, identifier, fields, "email", defects)
    by_phone = store.contact_by_phone_number(account_id, phone_number) if phone_number else None
    if by_phone is not None:
        if email and by_phone["email"] and by_phone["email"] != email:
            fields.pop("phone_number", None)  # the email names the contact; its phone stays its own
        else:
            session = _merge_or_drop(store, session, by_phone, identifier, fields, "phone_number", defects)
    return session, fields


def defective_email_owner(store: Store, session: Session, fields: dict[str, Any],
                          defects: AbstractSet[str]) -> dict[str, Any] | None:
    """The documented form of IGNORES_IDENTIFIER_DEFECT: the contact with the given email, whatever
    identifier it carries, becomes the identity's contact."""
    if IGNORES_IDENTIFIER_DEFECT not in defects or not fields.get("email"):
        return None
    return store.contact_by_email(session.inbox["account_id"], fields["email"])


def _merge_or_drop(store: Store, session: Session, existing: dict[str, Any], identifier: str,
                   fields: dict[str, Any], key: str, defects: AbstractSet[str]) -> Session:
    """Merge the visitor into `existing`, unless it is already theirs, or carries another identifier
    (then `key` is dropped from `fields`)."""
    if existing["identifier"] and existing["identifier"] != identifier \
            and IGNORES_IDENTIFIER_DEFECT not in defects:
        fields.pop(key, None)
        return session
    if existing["id"] == session.contact["id"]:
        return session
    fresh = replace(session, contact_inbox=store.contact_inbox_by_source_id(session.contact_inbox["source_id"]))
    return returning.attach(store, fresh, existing)
