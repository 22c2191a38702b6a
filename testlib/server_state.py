"""What the server stored for a visitor, read where the widget profile says it can be read: the
widget API's GET contact (documented: it answers the whole contact) or the account API (upstream
and fork: GET contact answers only id, identifier and has_* flags)."""
from __future__ import annotations

from typing import Any

from testlib.api_client import AccountApiClient, ApiResponse, WidgetApiClient, error_reason
from testlib.guarantees import CannotObserve
from testlib.profiles import WidgetProfile


def contact_id(widget_api: WidgetApiClient, token: str | None) -> int:
    """The contact a token names on the server (every profile's GET contact answers its id).
    Raises when there is no token or it names no contact: never None, which a test comparing two
    visitors' contacts would read as "different"."""
    if not token:
        raise CannotObserve("the visitor holds a contact token", "which contact on the server is theirs",
                            f"the token is {token!r}")
    response = widget_api.show(token)
    found = response.json.get("id") if response.ok else None
    if found is None:
        raise CannotObserve("the visitor's token names a contact on the server (GET contact)",
                            "which contact is theirs", _answered(response))
    return found


def _answered(response: ApiResponse) -> str:
    reason = error_reason(response.json)
    return f"{response.method} {response.path} answered {response.status}" + (f" ({reason})" if reason else "")


OPEN_STATUSES = ("open", "pending", "snoozed")


class ServerState:
    def __init__(self, profile: WidgetProfile, widget_api: WidgetApiClient, account_api: AccountApiClient | None):
        if not profile.widget_shows_stored_contact and account_api is None:
            raise ValueError("reading stored contacts needs the account API in this profile")
        self.profile = profile
        self.widget_api = widget_api
        self.account_api = account_api

    def contact_id(self, token: str | None) -> int:
        return contact_id(self.widget_api, token)

    def contact(self, token: str | None) -> dict[str, Any]:
        """The stored contact of `token` (name, email, phone_number, identifier, custom_attributes,
        additional_attributes, ...). Raises when the token names none: an empty answer would let
        "the contact has no identifier" pass for a contact that was never read."""
        found = self.contact_id(token)
        if self.profile.widget_shows_stored_contact:
            response = self.widget_api.show(token)
            stored = response.json if response.ok else None
        else:
            response = self.account_api.contact(found)
            stored = response.json.get("payload") if response.ok else None
        if not isinstance(stored, dict) or stored.get("id") != found:
            raise CannotObserve(f"the server answers the stored contact #{found}", "what it holds",
                                _answered(response))
        return stored

    def for_inbox(self, widget_api: WidgetApiClient) -> "ServerState":
        """The same reader for another inbox's widget API."""
        return ServerState(self.profile, widget_api, self.account_api)

    def filed_conversation_ids(self, contact_id: int) -> list[int] | None:
        """The ids of the conversations the server files under a contact (the account API's view,
        as an agent sees them), or None without an account API."""
        if self.account_api is None:
            return None
        response = self.account_api.conversations(contact_id)
        return [conversation.get("id") for conversation in response.json.get("payload") or []]

    def open_conversation_ids(self, contact_id: int, inbox_id: int) -> list[int]:
        """The contact's conversations in inbox `inbox_id` that are still open (open, pending or
        snoozed), as the account API files them; raises without an account API."""
        if self.account_api is None:
            raise CannotObserve("the account API is configured (--account-id, --api-access-token)",
                                "which conversations of the contact are open", "it is not")
        response = self.account_api.conversations(contact_id)
        if not response.ok:
            raise CannotObserve(f"the account API lists contact #{contact_id}'s conversations",
                                "which of them are open", _answered(response))
        return [conversation.get("id") for conversation in response.json.get("payload") or []
                if conversation.get("inbox_id") == inbox_id and conversation.get("status") in OPEN_STATUSES]

    def conversation(self, token: str | None) -> dict[str, Any]:
        """The visitor's latest conversation as the widget API shows it ({} when none)."""
        return self.widget_api.conversation(token).json
