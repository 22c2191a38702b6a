"""Live updates (upstream and fork): what the store writes, pushed to the rooms that may hear it,
as Chatwoot's ActionCableListener does (app/listeners/action_cable_listener.rb, 4.10).

A room (an ActionCable stream) is named by a pubsub token. A widget visitor's room is their
contact inbox's pubsub token: `message.created` and `conversation.status_changed` of a
conversation go to the room of the conversation's contact inbox (or, for an HMAC-verified one,
to every verified contact inbox of the contact: all the identified user's sessions).
`contact.merged` goes to the account's stream `account_<id>`, which only agents stream from, so
no widget ever receives it (docs/contract-decisions.md). reference/cable.py delivers."""
from __future__ import annotations

import asyncio
import logging
from typing import AbstractSet, Any, Callable

from reference.shapes import ChatwootAnswers, unix_seconds
from reference.store import Store

log = logging.getLogger("reference")

Deliver = Callable[[dict[str, Any]], None]
REFERENCE_AGENT = {"id": 1, "name": "Reference Agent", "available_name": "Reference Agent", "avatar_url": "",
                   "type": "user", "availability_status": "online", "thumbnail": ""}


def account_stream(account_id: int) -> str:
    return f"account_{account_id}"


class PushEvents:
    def __init__(self, store: Store, defects: AbstractSet[str]):
        self.store = store
        self.defects = defects
        self._rooms: dict[str, list[tuple[asyncio.AbstractEventLoop, Deliver]]] = {}
        store.listeners.append(self.on_stored)

    # -- rooms ------------------------------------------------------------------------------------
    def stream_from(self, room: str, deliver: Deliver) -> Callable[[], None]:
        """`deliver` hears every broadcast to `room` (in the calling event loop); returns the stop."""
        entry = (asyncio.get_running_loop(), deliver)
        listeners = self._rooms.setdefault(room, [])
        listeners.append(entry)

        def stop() -> None:
            if entry in listeners:
                listeners.remove(entry)
        return stop

    def broadcast(self, rooms: list[str], event: str, data: dict[str, Any]) -> None:
        for room in dict.fromkeys(rooms):  # each room once, in order (ActionCableBroadcastJob's tokens.uniq)
            for loop, deliver in list(self._rooms.get(room, [])):
                loop.call_soon_threadsafe(deliver, {"event": event, "data": data})

    # -- what the store wrote ---------------------------------------------------------------------
    def on_stored(self, event: str, record: dict[str, Any] | None) -> None:
        if record is None:
            return
        if event == "message.created":
            conversation = self.store.conversation(record["conversation_id"])
            if conversation:
                self.broadcast(self._visitor_rooms(conversation), event, self._message_data(record, conversation))
        elif event == "conversation.status_changed":
            self.broadcast(self._visitor_rooms(record), event, self._conversation_data(record))
        elif event == "contact.merged":
            self.broadcast([account_stream(record["account_id"])], event,
                           {**_contact_data(record), "account_id": record["account_id"]})

    def _visitor_rooms(self, conversation: dict[str, Any]) -> list[str]:
        """contact_inbox_tokens: the conversation's visitor, or every verified session of an identified one."""
        if "cable-wrong-room" in self.defects:  # every visitor of the inbox hears it
            return self.store.pubsub_tokens("inbox_id = ?", conversation["inbox_id"])
        contact_inbox = self.store.contact_inbox(conversation["contact_inbox_id"])
        if contact_inbox is None:
            return []
        if contact_inbox["hmac_verified"]:
            return self.store.pubsub_tokens("hmac_verified = 1 AND contact_id = ?", contact_inbox["contact_id"])
        return [contact_inbox["pubsub_token"]]

    def _message_data(self, message: dict[str, Any], conversation: dict[str, Any]) -> dict[str, Any]:
        """Message#push_event_data, with the account_id every broadcast carries."""
        contact = self.store.contact(conversation["contact_id"])
        contact_inbox = self.store.contact_inbox(conversation["contact_inbox_id"])
        incoming = message["message_type"] == "incoming"
        data = {
            **ChatwootAnswers._message(message, conversation, contact),
            "account_id": conversation["account_id"], "inbox_id": conversation["inbox_id"], "private": False,
            "status": "sent", "source_id": None, "sender_type": "Contact" if incoming else "User",
            "sender_id": contact["id"] if incoming and contact else REFERENCE_AGENT["id"],
            "conversation": {"assignee_id": None, "unread_count": 0,
                             "last_activity_at": unix_seconds(conversation["updated_at"]),
                             "contact_inbox": {"source_id": contact_inbox["source_id"] if contact_inbox else None}},
        }
        if not incoming:
            data["sender"] = REFERENCE_AGENT
        return data

    def _conversation_data(self, conversation: dict[str, Any]) -> dict[str, Any]:
        """Conversation#push_event_data (Conversations::EventDataPresenter), the parts a widget reads."""
        contact = self.store.contact(conversation["contact_id"])
        contact_inbox = self.store.contact_inbox(conversation["contact_inbox_id"])
        updated = unix_seconds(conversation["updated_at"])
        return {
            "additional_attributes": {}, "can_reply": True, "channel": "Channel::WebWidget",
            "id": conversation["id"], "inbox_id": conversation["inbox_id"], "messages": [], "labels": [],
            "meta": {"sender": _contact_data(contact) if contact else None, "assignee": None, "assignee_type": None,
                     "team": None, "hmac_verified": bool(contact_inbox and contact_inbox["hmac_verified"])},
            "status": conversation["status"], "custom_attributes": conversation.get("custom_attributes") or {},
            "snoozed_until": None, "unread_count": 0, "first_reply_created_at": None, "priority": None,
            "waiting_since": 0, "agent_last_seen_at": 0,
            "contact_last_seen_at": unix_seconds(conversation.get("contact_last_seen_at")),
            "last_activity_at": updated, "timestamp": updated,
            "created_at": unix_seconds(conversation["created_at"]), "updated_at": float(updated),
            "account_id": conversation["account_id"],
        }


def _contact_data(contact: dict[str, Any]) -> dict[str, Any]:
    """Contact#push_event_data."""
    return {"additional_attributes": contact["additional_attributes"], "custom_attributes": contact["custom_attributes"],
            "email": contact["email"], "id": contact["id"], "identifier": contact["identifier"],
            "name": contact["name"], "phone_number": contact["phone_number"], "thumbnail": contact["avatar_url"] or "",
            "blocked": False, "type": "contact"}
