"""What the server stored for a visitor, read where the widget profile says it can be read: the
widget API's GET contact (documented: it answers the whole contact) or the account API (upstream
and fork: GET contact answers only id, identifier and has_* flags)."""
from __future__ import annotations

from typing import Any

from testlib.api_client import AccountApiClient, WidgetApiClient
from testlib.profiles import WidgetProfile


def contact_id(widget_api: WidgetApiClient, token: str | None) -> int | None:
    """The contact a token names on the server (every profile's GET contact answers its id)."""
    if not token:
        return None
    response = widget_api.show(token)
    return response.json.get("id") if response.ok else None


class ServerState:
    def __init__(self, profile: WidgetProfile, widget_api: WidgetApiClient, account_api: AccountApiClient | None):
        if not profile.widget_shows_stored_contact and account_api is None:
            raise ValueError("reading stored contacts needs the account API in this profile")
        self.profile = profile
        self.widget_api = widget_api
        self.account_api = account_api

    def contact_id(self, token: str | None) -> int | None:
        return contact_id(self.widget_api, token)

    def contact(self, token: str | None) -> dict[str, Any]:
        """The stored contact of `token` (name, email, phone_number, identifier, custom_attributes,
        additional_attributes, ...), or {} when the token names none."""
        if self.profile.widget_shows_stored_contact:
            response = self.widget_api.show(token)
            return response.json if response.ok else {}
        found = self.contact_id(token)
        if found is None:
            return {}
        response = self.account_api.contact(found)
        return (response.json.get("payload") or {}) if response.ok else {}

    def for_inbox(self, widget_api: WidgetApiClient) -> "ServerState":
        """The same reader for another inbox's widget API."""
        return ServerState(self.profile, widget_api, self.account_api)

    def conversation(self, token: str | None) -> dict[str, Any]:
        """The visitor's latest conversation as the widget API shows it ({} when none)."""
        return self.widget_api.conversation(token).json
