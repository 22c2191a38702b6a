"""Returning visitors: a visitor who gives an email or phone number that another contact of the
account already has. Upstream's ContactIdentifyAction merges the visitor's contact into that known
contact; the upstream and fork profiles do the same, so the visitor's conversation, message and
details join it. The visitor proved nothing, though: widget answers to their token show none of the
known contact's details, and they only fill its blanks, never overwrite them
(docs/contract-decisions.md, "Returning visitors")."""
from __future__ import annotations

from dataclasses import replace
from typing import AbstractSet, Any

from reference.sessions import Session
from reference.store import Store
from reference.validation import ApiError

SEES_CONTACT_DEFECT = "returning-visitor-sees-contact"
REFUSED_DEFECT = "returning-visitor-refused"
UNDISCLOSED = {"name": None, "email": None, "phone_number": None, "identifier": None, "avatar_url": None,
               "custom_attributes": {}, "additional_attributes": {}}


def join(store: Store, session: Session, details: dict[str, Any], attaches: bool,
         defects: AbstractSet[str]) -> Session:
    """The session a visitor's details leave them in: joined to the known contact they name where
    the profile `attaches` returning visitors (the documented profile keeps the visitor's own
    contact; its form of the seeing defect attaches there too), else their own."""
    known = known_contact(store, session, details)
    if known is None:
        return session
    if REFUSED_DEFECT in defects:
        field = "email" if details.get("email") == known["email"] else "phone_number"
        raise ApiError(422, f"{field} has already been taken", field, reason="taken")
    if not (attaches or SEES_CONTACT_DEFECT in defects):
        return session
    return attach(store, session, known)


def known_contact(store: Store, session: Session, details: dict[str, Any]) -> dict[str, Any] | None:
    """The other contact that already has the given email (or, failing that, phone number, when its
    email does not contradict the given one). An identified visitor keeps their own contact."""
    contact = session.contact
    if contact["identifier"]:
        return None
    account_id = session.inbox["account_id"]
    email, phone_number = details.get("email"), details.get("phone_number")
    by_email = store.contact_by_email(account_id, email) if email else None
    if by_email is not None and by_email["id"] != contact["id"]:
        return by_email
    by_phone = store.contact_by_phone_number(account_id, phone_number) if phone_number else None
    if by_phone is None or by_phone["id"] == contact["id"]:
        return None
    return by_phone if not email or by_phone["email"] in (None, "", email) else None


def attach(store: Store, session: Session, known: dict[str, Any]) -> Session:
    """Merge the visitor into the known contact; the session that follows names it. Unless the
    visitor is HMAC-verified, they join it unproven."""
    store.merge_contact(base_id=known["id"], mergee_id=session.contact["id"])
    if not session.contact_inbox["hmac_verified"]:
        store.mark_attached(session.contact_inbox["id"])
    return replace(session, contact_inbox=store.contact_inbox_by_source_id(session.contact_inbox["source_id"]),
                   contact=store.contact(known["id"]))


def _unproven(store: Store, session: Session) -> bool:
    """Read afresh: a set_user with a valid hash in the same request may have verified the visitor."""
    contact_inbox = store.contact_inbox_by_source_id(session.contact_inbox["source_id"])
    return bool(contact_inbox and contact_inbox["attached"] and not contact_inbox["hmac_verified"])


def shown(store: Store, session: Session, contact: dict[str, Any], defects: AbstractSet[str]) -> dict[str, Any]:
    """The contact as widget answers to this visitor may show it: without any detail when the
    visitor joined it unproven."""
    if SEES_CONTACT_DEFECT in defects or contact["id"] != session.contact["id"] or not _unproven(store, session):
        return contact
    return {**contact, **UNDISCLOSED}


def writable(store: Store, session: Session, values: dict[str, Any] | None,
             stored: dict[str, Any]) -> dict[str, Any] | None:
    """What of `values` (contact fields, or attributes whose stored form is `stored`) the visitor
    may write: everything, or only what the known contact they joined unproven lacks."""
    if values is None or not _unproven(store, session):
        return values
    return {key: value for key, value in values.items() if stored.get(key) in (None, "")}
