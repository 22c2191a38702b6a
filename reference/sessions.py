"""Who is calling: the inbox a request names with website_token, and the contact its token names.
Shared by the widget API and the widget page (upstream's bootstrap)."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import AbstractSet, Any

import jwt
from fastapi import Request

from reference.store import Store
from reference.tokens import InvalidToken, TokenClaims, TokenService
from reference.validation import ApiError

NOT_FOUND_WIDGET = "Couldn't find Channel::WebWidget"


@dataclass
class Session:
    """The inbox named by website_token and the contact named by the contact token."""

    inbox: sqlite3.Row
    contact_inbox: sqlite3.Row
    contact: dict[str, Any]
    token: str


class Sessions:
    def __init__(self, store: Store, tokens: TokenService, defects: AbstractSet[str]):
        self.store = store
        self.tokens = tokens
        self.defects = defects

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
            try:
                payload = jwt.decode(token, options={"verify_signature": False})
                return TokenClaims(source_id=str(payload.get("source_id")), inbox_id=int(payload.get("inbox_id") or 0))
            except (jwt.PyJWTError, ValueError, TypeError):
                raise ApiError(401, "Invalid or expired auth token", reason="invalid_token") from None
        try:
            claims = self.tokens.verify(token)
        except InvalidToken:
            raise ApiError(401, "Invalid or expired auth token", reason="invalid_token") from None
        if claims.inbox_id != inbox["id"]:
            raise ApiError(401, "Auth token belongs to another inbox", reason="foreign_token")
        return claims

    def of_token(self, inbox: sqlite3.Row, token: str) -> Session:
        """The session a token names; 401 for a bad or foreign token, 404 when its contact is gone."""
        claims = self.claims(token, inbox)
        contact_inbox = self.store.contact_inbox_by_source_id(claims.source_id)
        contact = self.store.contact(contact_inbox["contact_id"]) if contact_inbox else None
        if contact is None:
            raise ApiError(404, "Contact not found", reason="contact_not_found")
        return Session(inbox=inbox, contact_inbox=contact_inbox, contact=contact, token=token)

    def of_request(self, request: Request) -> Session:
        """The caller's session from website_token and X-Auth-Token."""
        inbox = self.inbox(request)
        token = request.headers.get("x-auth-token")
        if not token:
            raise ApiError(404, "Contact not found: no X-Auth-Token was sent", reason="no_token")
        return self.of_token(inbox, token)

    def fresh(self, inbox: sqlite3.Row) -> Session:
        """A new anonymous contact with its contact inbox and token."""
        contact_inbox = self._fresh_contact_inbox(inbox)
        token = self.tokens.issue(contact_inbox["source_id"], inbox["id"])
        return Session(inbox=inbox, contact_inbox=contact_inbox,
                       contact=self.store.contact(contact_inbox["contact_id"]), token=token)

    def _fresh_contact_inbox(self, inbox: sqlite3.Row) -> sqlite3.Row:
        if "same-token-two-visitors" in self.defects:
            reused = self.store.latest_contact_inbox(inbox["id"])
            if reused is not None:
                return reused
        return self.store.create_contact_with_inbox(inbox["account_id"], inbox["id"])
