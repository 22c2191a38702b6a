"""Chatwoot 4.10's own answers to the refusals the reference raises, for the profiles that stand in
for it (`Profile.rails_error_answers`). Keyed by `ApiError.reason`; a reason missing here keeps the
reference's `{"error", "field"}` answer (docs/contract-decisions.md, "Rails' answers")."""
from __future__ import annotations

from typing import Any

from reference.validation import ApiError

NOT_FOUND = "Resource could not be found"          # request_exception_handler.rb, RecordNotFound
HMAC_FAILED = "HMAC failed: Invalid Identifier Hash Provided"  # contacts_controller.rb#validate_hmac
SUSPENDED = "Account is suspended"                 # website_token_helper.rb#set_web_widget

# reason -> (status, body); None: an empty body (`head :not_found`)
ANSWERS: dict[str, tuple[int, dict[str, Any] | None]] = {
    # find_by! of the web widget and of the contact inbox raise RecordNotFound, rescued as 404
    "website_token": (404, {"error": NOT_FOUND}),
    "no_token": (404, {"error": NOT_FOUND}),
    "invalid_token": (404, {"error": NOT_FOUND}),   # an undecodable token names no source_id
    "foreign_token": (404, {"error": NOT_FOUND}),   # looked up within this inbox's contact inboxes
    "contact_not_found": (404, {"error": NOT_FOUND}),
    "account_suspended": (401, {"error": SUSPENDED}),
    "hmac_missing": (401, {"error": HMAC_FAILED}),
    "hmac_invalid": (401, {"error": HMAC_FAILED}),
    # conversations_controller.rb#render_not_found_if_empty: toggle_status / toggle_typing
    "no_conversation": (404, None),
}


def answer(error: ApiError, rails: bool) -> tuple[int, dict[str, Any] | None]:
    """The status and JSON body (None: empty) to answer `error` with."""
    if rails and error.reason in ANSWERS:
        return ANSWERS[error.reason]
    return error.status, error.body()
