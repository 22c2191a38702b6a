"""A slice of Chatwoot's account API (header api_access_token), enough for tests to look at
and delete contacts the way an agent or an admin would, and to act on a conversation as an agent
does: reply (POST conversations/{id}/messages) and set its status (POST .../toggle_status)."""
from __future__ import annotations

from typing import Any, Callable

from fastapi import APIRouter, Request

from reference import validation
from reference.shapes import MESSAGE_TYPES, contact_json, conversation_json, unix_seconds
from reference.store import Store
from reference.validation import ApiError

SQLITE_MAX_INTEGER = 2**63 - 1


class AccountApi:
    def __init__(self, store: Store):
        self.store = store

    def _authorize(self, request: Request, account_id: int) -> None:
        access_token = request.headers.get("api_access_token") or request.headers.get("api-access-token")
        account = self.store.account_by_access_token(access_token) if access_token else None
        if account is None or account["id"] != account_id:
            raise ApiError(401, "You are not authorized to access this account", reason="access_token")

    def _of_account(self, request: Request, account_id: int, find: Callable[[int], Any], record_id: int,
                    reason: str) -> Any:
        """The record `find` gives for `record_id`, if it belongs to the caller's account; else 404."""
        self._authorize(request, account_id)
        # an id SQLite cannot even hold names no record (and must not become a 500)
        record = find(record_id) if 0 < record_id <= SQLITE_MAX_INTEGER else None
        if record is None or record["account_id"] != account_id:
            raise ApiError(404, "Resource could not be found", reason=reason)
        return record

    def _contact(self, request: Request, account_id: int, contact_id: int) -> dict[str, Any]:
        return self._of_account(request, account_id, self.store.contact, contact_id, "contact_not_found")

    async def show(self, request: Request, account_id: int, contact_id: int) -> dict[str, Any]:
        return {"payload": contact_json(self._contact(request, account_id, contact_id))}

    async def destroy(self, request: Request, account_id: int, contact_id: int) -> dict[str, Any]:
        contact = self._contact(request, account_id, contact_id)
        self.store.delete_contact(contact["id"])
        return {}

    async def conversations(self, request: Request, account_id: int, contact_id: int) -> dict[str, Any]:
        contact = self._contact(request, account_id, contact_id)
        return {"payload": [conversation_json(c) for c in self.store.conversations_of_contact(contact["id"])]}

    def _conversation(self, request: Request, account_id: int, conversation_id: int) -> dict[str, Any]:
        return self._of_account(request, account_id, self.store.conversation, conversation_id,
                                "conversation_not_found")

    async def reply(self, request: Request, account_id: int, conversation_id: int) -> dict[str, Any]:
        """An agent's reply (messages_controller#create, message_type outgoing): api/v1/models/_message."""
        conversation = self._conversation(request, account_id, conversation_id)
        content = validation.message_content({"message": validation.parse_json_object(await request.body())})
        message = self.store.add_message(conversation["id"], content, "outgoing")
        return {"id": message["id"], "content": message["content"], "inbox_id": conversation["inbox_id"],
                "conversation_id": conversation["id"], "message_type": MESSAGE_TYPES["outgoing"],
                "content_type": "text", "status": "sent", "content_attributes": {},
                "created_at": unix_seconds(message["created_at"]), "private": False, "source_id": None}

    async def toggle_status(self, request: Request, account_id: int, conversation_id: int) -> dict[str, Any]:
        """conversations_controller#toggle_status with {status}: open or resolved."""
        conversation = self._conversation(request, account_id, conversation_id)
        status = validation.parse_json_object(await request.body()).get("status")
        if status not in ("open", "resolved"):
            raise ApiError(422, "status must be open or resolved", "status", reason="status")
        if status != conversation["status"]:
            (self.store.resolve_conversation if status == "resolved" else self.store.reopen_conversation)(
                conversation["id"])
        return {"meta": {}, "payload": {"success": True, "conversation_id": conversation["id"],
                                        "current_status": status, "snoozed_until": None}}

    def router(self) -> APIRouter:
        router = APIRouter(prefix="/api/v1/accounts/{account_id}")
        router.add_api_route("/contacts/{contact_id}", self.show, methods=["GET"])
        router.add_api_route("/contacts/{contact_id}", self.destroy, methods=["DELETE"])
        router.add_api_route("/contacts/{contact_id}/conversations", self.conversations, methods=["GET"])
        router.add_api_route("/conversations/{conversation_id}/messages", self.reply, methods=["POST"])
        router.add_api_route("/conversations/{conversation_id}/toggle_status", self.toggle_status, methods=["POST"])
        return router
