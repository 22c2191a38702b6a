"""Conversation calls a careless or hostile widget can get wrong: a blank message and resolving a
conversation that does not exist are refused with a 4xx (the reference: 422 naming "message", and
404 as Chatwoot's `render_not_found_if_empty`), never a server error, and store nothing."""
from __future__ import annotations

from typing import Any

import pytest

from e2e.api.checks import describe, message_contents, refused
from e2e.guarantees import guarantee
from testlib import refusals

pytestmark = pytest.mark.api

BLANK_MESSAGES: dict[str, Any] = {
    "empty": {"content": ""},
    "a space": {"content": " "},
    "whitespace and newlines": {"content": "\n\t \r\n"},
    "null content": {"content": None},
    "no content": {},
}


@pytest.mark.parametrize("blank", BLANK_MESSAGES)
def test_a_blank_first_message_starts_no_conversation(blank, widget_api, target):
    session = widget_api.new_visitor()
    response = widget_api.request("POST", "conversations", token=session.token,
                                  json_body={"message": BLANK_MESSAGES[blank]})
    refused(target, response, 422, f"a conversation with a blank first message ({blank}) is refused", "message")
    conversation = widget_api.conversation(session.token)
    guarantee(conversation.ok and not conversation.json, "a refused first message starts no conversation",
              describe(conversation))


@pytest.mark.parametrize("blank", BLANK_MESSAGES)
def test_a_blank_message_is_refused_and_the_conversation_keeps_its_messages(blank, widget_api, visitor, target):
    session = widget_api.new_visitor()
    started = widget_api.start_conversation(session.token, visitor.message)
    guarantee(started.ok, "a visitor can start a conversation", describe(started))
    response = widget_api.request("POST", "messages", token=session.token, json_body={"message": BLANK_MESSAGES[blank]})
    refused(target, response, 422, f"a blank message ({blank}) is refused", "message")
    messages = message_contents(widget_api.messages(session.token))
    guarantee(messages == [visitor.message], "a refused blank message adds nothing to the conversation",
              f"the conversation holds {messages!r}")


def test_resolving_without_a_conversation_is_refused(widget_api, target):
    session = widget_api.new_visitor()
    response = widget_api.toggle_status(session.token)
    refused(target, response, 404, "resolving (toggle_status) when the visitor has no conversation is refused",
            situation=refusals.NO_CONVERSATION)
    conversation = widget_api.conversation(session.token)
    guarantee(conversation.ok and not conversation.json,
              "resolving without a conversation creates none", describe(conversation))
