"""What a refusal looks like, per the profile's `error_answers` point: the contract's status with an
`{"error", "field"}` body, or Chatwoot 4.10's Rails answer (its status, and its body: `{"error"}`
or nothing at all). Tests name the situation; this module says the answer."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

BAD_TOKEN = "bad_token"                # undecodable, tampered, expired or another inbox's token
NO_CONTACT = "no_contact"              # no X-Auth-Token, or its contact is gone
UNKNOWN_INBOX = "unknown_inbox"        # website_token missing or unknown
SUSPENDED = "suspended"                # an inbox of a suspended account
WRONG_HASH = "wrong_hash"              # identifier_hash wrong, or missing where HMAC is mandatory
NO_CONVERSATION = "no_conversation"    # toggle_status / toggle_typing without a conversation

NOT_FOUND = {"error": "Resource could not be found"}


@dataclass(frozen=True)
class RailsAnswer:
    status: int
    body: dict[str, Any] | None  # None: an empty body
    source: str                  # where Chatwoot decides it

    def matches(self, status: int, body: Any) -> bool:
        return status == self.status and (body in (None, "", b"") if self.body is None else body == self.body)

    def __str__(self) -> str:
        return f"{self.status} {'with an empty body' if self.body is None else self.body} ({self.source})"


RAILS: dict[str, RailsAnswer] = {
    BAD_TOKEN: RailsAnswer(404, NOT_FOUND, "website_token_helper.rb#set_contact: no contact inbox, RecordNotFound"),
    NO_CONTACT: RailsAnswer(404, NOT_FOUND, "website_token_helper.rb#set_contact: RecordNotFound"),
    UNKNOWN_INBOX: RailsAnswer(404, NOT_FOUND, "website_token_helper.rb#set_web_widget: find_by!"),
    SUSPENDED: RailsAnswer(401, {"error": "Account is suspended"}, "website_token_helper.rb#set_web_widget"),
    WRONG_HASH: RailsAnswer(401, {"error": "HMAC failed: Invalid Identifier Hash Provided"},
                            "contacts_controller.rb#validate_hmac"),
    NO_CONVERSATION: RailsAnswer(404, None, "conversations_controller.rb#render_not_found_if_empty"),
}
