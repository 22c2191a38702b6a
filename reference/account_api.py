"""A slice of Chatwoot's account API (header api_access_token), enough for tests to look at
and delete contacts the way an agent or an admin would."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from reference.store import Store
from reference.validation import ApiError
from reference.shapes import contact_json, conversation_json

SQLITE_MAX_INTEGER = 2**63 - 1


class AccountApi:
    def __init__(self, store: Store):
        self.store = store

    def _contact(self, request: Request, account_id: int, contact_id: int) -> dict[str, Any]:
        access_token = request.headers.get("api_access_token") or request.headers.get("api-access-token")
        account = self.store.account_by_access_token(access_token) if access_token else None
        if account is None or account["id"] != account_id:
            raise ApiError(401, "You are not authorized to access this account", reason="access_token")
        # an id SQLite cannot even hold names no contact (and must not become a 500)
        contact = self.store.contact(contact_id) if 0 < contact_id <= SQLITE_MAX_INTEGER else None
        if contact is None or contact["account_id"] != account_id:
            raise ApiError(404, "Resource could not be found", reason="contact_not_found")
        return contact

    async def show(self, request: Request, account_id: int, contact_id: int) -> dict[str, Any]:
        return {"payload": contact_json(self._contact(request, account_id, contact_id))}

    async def destroy(self, request: Request, account_id: int, contact_id: int) -> dict[str, Any]:
        contact = self._contact(request, account_id, contact_id)
        self.store.delete_contact(contact["id"])
        return {}

    async def conversations(self, request: Request, account_id: int, contact_id: int) -> dict[str, Any]:
        contact = self._contact(request, account_id, contact_id)
        return {"payload": [conversation_json(c) for c in self.store.conversations_of_contact(contact["id"])]}

    def router(self) -> APIRouter:
        router = APIRouter(prefix="/api/v1/accounts/{account_id}/contacts/{contact_id}")
        router.add_api_route("", self.show, methods=["GET"])
        router.add_api_route("", self.destroy, methods=["DELETE"])
        router.add_api_route("/conversations", self.conversations, methods=["GET"])
        return router
