"""The conversation half of the widget API under /api/v1/widget/: conversations, messages, the
calls the real widget makes around them (update_last_seen, toggle_typing, events), and the two
inbox-wide reads (inbox_members, campaigns) that need no contact."""
from __future__ import annotations

from dataclasses import replace
from typing import AbstractSet, Any

from fastapi import Request
from fastapi.responses import Response

from reference import returning, validation
from reference.profiles import Profile
from reference.sessions import Session, Sessions
from reference.shapes import answers_for
from reference.store import Store
from reference.validation import ApiError
from reference.widget_api import text_policy


class ConversationApi:
    def __init__(self, store: Store, defects: AbstractSet[str], profile: Profile, sessions: Sessions):
        self.store = store
        self.defects = defects
        self.profile = profile
        self.sessions = sessions
        self.answers = answers_for(profile.chatwoot_answer_shapes)

    def _conversation_or_404(self, session: Session) -> dict[str, Any]:
        conversation = self.store.latest_conversation(session.contact_inbox["id"])
        if conversation is None:
            raise ApiError(404, "Conversation not found", reason="no_conversation")
        return conversation

    async def show(self, request: Request) -> dict[str, Any]:
        session = self.sessions.of_request(request)
        conversation = self.store.latest_conversation(session.contact_inbox["id"])
        messages = self.store.messages(conversation["id"]) if conversation else None
        return self.answers.conversation(conversation, messages)

    async def create(self, request: Request) -> dict[str, Any]:
        session = self.sessions.of_request(request)
        body = validation.parse_json_object(await request.body())
        content = validation.message_content(body)
        custom_attributes = validation.attributes_object(body, "custom_attributes")
        if self.profile.prechat_in_conversation:
            session = self._update_from_prechat(session, validation.prechat_contact(body))
        conversation = self.store.create_conversation(session.contact_inbox, session.inbox["account_id"], content,
                                                      custom_attributes)
        return self.answers.created_conversation(conversation, self.store.messages(conversation["id"]),
                                                 self._shown(session, session.contact))

    def _shown(self, session: Session, contact: dict[str, Any]) -> dict[str, Any]:
        return returning.shown(self.store, session, contact, self.defects)

    def _update_from_prechat(self, session: Session, details: dict[str, Any]) -> Session:
        """conversations_controller#process_update_contact: email and phone number are set; a name
        (or the email's local part) only for a contact known by none of email, phone or identifier.
        A known email or phone joins the visitor to that contact (reference/returning.py)."""
        contact = session.contact
        fields = {key: details[key] for key in ("email", "phone_number") if details.get(key)}
        name = details.get("name") or (details["email"].split("@")[0] if details.get("email") else None)
        if name and not (contact["email"] or contact["phone_number"] or contact["identifier"]):
            fields["name"] = name
        session = returning.join(self.store, session, fields, self.profile.attaches_returning_visitors, self.defects)
        fields = returning.writable(self.store, session, fields, session.contact)
        if not fields:
            return session
        contact = self.store.update_contact(session.contact["id"], text_policy(fields, self.defects))
        return replace(session, contact=contact)

    async def toggle_status(self, request: Request) -> Any:
        session = self.sessions.of_request(request)
        if "resolve-without-conversation-500" in self.defects:  # no guard: None["status"] below
            conversation = self.store.latest_conversation(session.contact_inbox["id"])
        else:
            conversation = self._conversation_or_404(session)
        if conversation["status"] != "resolved":
            self.store.resolve_conversation(conversation["id"])
        answer = self.answers.toggled_status(self.store.latest_conversation(session.contact_inbox["id"]))
        return Response(status_code=200) if answer is None else answer

    async def update_last_seen(self, request: Request) -> Response:
        session = self.sessions.of_request(request)
        validation.parse_json_object(await request.body())
        conversation = self.store.latest_conversation(session.contact_inbox["id"])
        if conversation is not None:
            self.store.mark_seen_by_contact(conversation["id"])
        return Response(status_code=200)

    async def toggle_typing(self, request: Request) -> Response:
        session = self.sessions.of_request(request)
        validation.parse_json_object(await request.body())
        self._conversation_or_404(session)
        return Response(status_code=200)

    async def list_messages(self, request: Request) -> Any:
        session = self.sessions.of_request(request)
        conversation = self.store.latest_conversation(session.contact_inbox["id"])
        messages = self.store.messages(conversation["id"]) if conversation else []
        return self.answers.messages(conversation, messages, self._shown(session, session.contact))

    async def create_message(self, request: Request) -> dict[str, Any]:
        session = self.sessions.of_request(request)
        body = validation.parse_json_object(await request.body())
        content = validation.message_content(body)
        conversation = self.store.latest_conversation(session.contact_inbox["id"])
        resolved = conversation is not None and conversation["status"] == "resolved"
        if conversation is None or (resolved and not self.profile.message_reopens_conversation):
            conversation = self.store.create_conversation(session.contact_inbox, session.inbox["account_id"], None)
        elif resolved:  # messages_controller#create: an incoming message reopens the conversation
            self.store.reopen_conversation(conversation["id"])
            conversation = self.store.latest_conversation(session.contact_inbox["id"])
        message = self.store.add_message(conversation["id"], content)
        return self.answers.created_message(message, conversation, self._shown(session, session.contact))

    async def create_event(self, request: Request) -> Response:
        self.sessions.of_request(request)
        validation.parse_json_object(await request.body())
        return Response(status_code=204)

    async def inbox_members(self, request: Request) -> dict[str, Any]:
        self.sessions.inbox(request)
        return {"payload": []}  # no agents: the widget shows "We are away at the moment"

    async def campaigns(self, request: Request) -> list[Any]:
        self.sessions.inbox(request)
        return []

    def routes(self) -> list[tuple[str, str, Any]]:
        return [
            ("GET", "/conversations", self.show),
            ("POST", "/conversations", self.create),
            ("GET", "/conversations/toggle_status", self.toggle_status),
            ("POST", "/conversations/update_last_seen", self.update_last_seen),
            ("POST", "/conversations/toggle_typing", self.toggle_typing),
            ("GET", "/messages", self.list_messages),
            ("POST", "/messages", self.create_message),
            ("POST", "/events", self.create_event),
            ("GET", "/inbox_members", self.inbox_members),
            ("GET", "/campaigns", self.campaigns),
        ]

