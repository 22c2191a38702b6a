"""What the widget API answers, per profile: the reference's own shapes (documented profile) or
the shapes of upstream Chatwoot's jbuilder views (app/views/api/v1/widget/**), which the real
widget reads: trimmed contacts, {payload, meta} message lists, unix-second times, integer
message types."""
from __future__ import annotations

from datetime import datetime
from typing import Any

MESSAGE_TYPES = {"incoming": 0, "outgoing": 1, "activity": 2, "template": 3}


def contact_json(contact: dict[str, Any]) -> dict[str, Any]:
    """The whole contact (documented answers, the account API, destroy_custom_attributes)."""
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


def unix_seconds(iso: str | None) -> int:
    """Rails' `time.to_i`; a missing time is 0, as `nil.to_i` is."""
    return int(datetime.fromisoformat(iso).timestamp()) if iso else 0


class ReferenceAnswers:
    """The documented profile: every contact answer is the whole contact."""

    def contact(self, contact: dict[str, Any]) -> dict[str, Any]:
        return contact_json(contact)

    def updated_contact(self, contact: dict[str, Any]) -> dict[str, Any]:
        return contact_json(contact)

    def identified_contact(self, contact: dict[str, Any], widget_auth_token: str | None) -> dict[str, Any]:
        return {**contact_json(contact), "widget_auth_token": widget_auth_token}

    def conversation(self, conversation: dict[str, Any] | None, messages: list[dict[str, Any]] | None) -> dict[str, Any]:
        return conversation_json(conversation, messages)

    def created_conversation(self, conversation: dict[str, Any], messages: list[dict[str, Any]],
                             contact: dict[str, Any]) -> dict[str, Any]:
        return conversation_json(conversation, messages)

    def toggled_status(self, conversation: dict[str, Any]) -> dict[str, Any] | None:
        return conversation_json(conversation)

    def messages(self, conversation: dict[str, Any] | None, messages: list[dict[str, Any]],
                 contact: dict[str, Any]) -> Any:
        return [message_json(message) for message in messages]

    def created_message(self, message: dict[str, Any], conversation: dict[str, Any],
                        contact: dict[str, Any]) -> dict[str, Any]:
        return message_json(message)


class ChatwootAnswers:
    """Upstream and fork: the jbuilder shapes of Chatwoot 4.10."""

    @staticmethod
    def _flags(contact: dict[str, Any]) -> dict[str, Any]:
        return {"id": contact["id"], "has_email": bool(contact["email"]), "has_name": bool(contact["name"]),
                "has_phone_number": bool(contact["phone_number"])}

    def contact(self, contact: dict[str, Any]) -> dict[str, Any]:
        return {**self._flags(contact), "identifier": contact["identifier"]}

    def updated_contact(self, contact: dict[str, Any]) -> dict[str, Any]:
        return self._flags(contact)

    def identified_contact(self, contact: dict[str, Any], widget_auth_token: str | None) -> dict[str, Any]:
        body = self._flags(contact)
        if widget_auth_token:
            body["widget_auth_token"] = widget_auth_token
        return body

    @staticmethod
    def _conversation(conversation: dict[str, Any]) -> dict[str, Any]:
        return {"id": conversation["id"], "inbox_id": conversation["inbox_id"],
                "contact_last_seen_at": unix_seconds(conversation.get("contact_last_seen_at")),
                "status": conversation["status"]}

    def conversation(self, conversation: dict[str, Any] | None, messages: list[dict[str, Any]] | None) -> dict[str, Any]:
        return self._conversation(conversation) if conversation else {}

    def created_conversation(self, conversation: dict[str, Any], messages: list[dict[str, Any]],
                             contact: dict[str, Any]) -> dict[str, Any]:
        return {**self._conversation(conversation),
                "messages": [self._message(message, conversation, contact) for message in messages],
                "custom_attributes": conversation.get("custom_attributes") or {},
                "contact": contact_json(contact)}

    def toggled_status(self, conversation: dict[str, Any]) -> dict[str, Any] | None:
        return None  # `head :ok`

    def messages(self, conversation: dict[str, Any] | None, messages: list[dict[str, Any]],
                 contact: dict[str, Any]) -> Any:
        meta = {"contact_last_seen_at": unix_seconds(conversation.get("contact_last_seen_at"))} if conversation else {}
        return {"payload": [self._message(message, conversation, contact) for message in messages], "meta": meta}

    def created_message(self, message: dict[str, Any], conversation: dict[str, Any],
                        contact: dict[str, Any]) -> dict[str, Any]:
        return {**self._message(message, conversation, contact), "inbox_id": conversation["inbox_id"],
                "private": False, "source_id": None}

    @staticmethod
    def _message(message: dict[str, Any], conversation: dict[str, Any] | None,
                 contact: dict[str, Any] | None) -> dict[str, Any]:
        body = {
            "id": message["id"],
            "content": message["content"],
            "message_type": MESSAGE_TYPES[message["message_type"]],
            "content_type": "text",
            "content_attributes": {"in_reply_to": None},
            "created_at": unix_seconds(message["created_at"]),
            "conversation_id": message["conversation_id"],
        }
        if contact and message["message_type"] == "incoming":
            body["sender"] = {  # a contact's push_event_data
                "id": contact["id"], "name": contact["name"], "email": contact["email"],
                "phone_number": contact["phone_number"], "identifier": contact["identifier"], "thumbnail": "",
                "additional_attributes": contact["additional_attributes"],
                "custom_attributes": contact["custom_attributes"], "type": "contact",
            }
        return body


def answers_for(chatwoot_shapes: bool) -> ReferenceAnswers | ChatwootAnswers:
    return ChatwootAnswers() if chatwoot_shapes else ReferenceAnswers()
