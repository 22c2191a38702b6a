"""Checks on widget API request bodies. Every problem becomes a clear 4xx, never a 5xx."""
from __future__ import annotations

import json
import math
import re
from typing import Any

MAX_BODY_BYTES = 64 * 1024
MAX_TEXT_LENGTH = 255
MAX_URL_LENGTH = 2048
MAX_MESSAGE_LENGTH = 10_000
MAX_ATTRIBUTES = 100
MAX_NESTING = 32

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_E164 = re.compile(r"^\+[1-9]\d{1,14}$")


class ApiError(Exception):
    """An error answer: status code plus a one-line message (and the offending field)."""

    def __init__(self, status: int, message: str, field: str | None = None, reason: str | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field
        self.reason = reason

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"error": self.message}
        if self.field:
            body["field"] = self.field
        if self.reason:
            body["reason"] = self.reason
        return body


def parse_json_object(raw: bytes) -> dict[str, Any]:
    """The request body as a JSON object; an empty body is an empty object."""
    if len(raw) > MAX_BODY_BYTES:
        raise ApiError(413, f"Request body is larger than {MAX_BODY_BYTES} bytes")
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw, parse_float=_finite_float, parse_constant=_not_json)
    except RecursionError:
        raise ApiError(422, f"Request body is nested more than {MAX_NESTING} levels deep") from None
    except ValueError:  # also bad UTF-8, NaN / Infinity and numbers out of range
        raise ApiError(400, "Request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise ApiError(422, "Request body must be a JSON object")
    if _nesting(body) > MAX_NESTING:
        raise ApiError(422, f"Request body is nested more than {MAX_NESTING} levels deep")
    try:
        # A lone surrogate ("\ud800") parses, but can be neither stored nor answered as UTF-8.
        json.dumps(body, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise ApiError(400, "Request body is not valid JSON: it contains a lone UTF-16 surrogate") from None
    return body


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"{text} is out of range")
    return value


def _not_json(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _nesting(value: Any) -> int:
    """How deep objects and arrays nest (a flat object is 1), counted without recursion."""
    depth, level = 0, [value]
    while level := [item for item in level if isinstance(item, (dict, list))]:
        depth += 1
        level = [child for item in level for child in (item.values() if isinstance(item, dict) else item)]
    return depth


def optional_text(body: dict[str, Any], field: str, max_length: int = MAX_TEXT_LENGTH) -> str | None:
    value = body.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ApiError(422, f"{field} must be a string", field)
    if len(value) > max_length:
        raise ApiError(422, f"{field} is longer than {max_length} characters", field)
    if "\x00" in value:
        raise ApiError(422, f"{field} contains a NUL character", field)
    return value


def email(body: dict[str, Any]) -> str | None:
    value = optional_text(body, "email")
    if value and not EMAIL.match(value):
        raise ApiError(422, "email is not a valid email address", "email")
    return value.lower() if value else value


def phone_number(body: dict[str, Any]) -> str | None:
    value = optional_text(body, "phone_number")
    if value and not PHONE_E164.match(value):
        raise ApiError(422, "phone_number must be in E.164 format, e.g. +14155550123", "phone_number")
    return value


def attributes_object(body: dict[str, Any], field: str) -> dict[str, Any] | None:
    value = body.get(field)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ApiError(422, f"{field} must be a JSON object", field)
    if len(value) > MAX_ATTRIBUTES:
        raise ApiError(422, f"{field} has more than {MAX_ATTRIBUTES} keys", field)
    for key in value:
        if not key or len(key) > MAX_TEXT_LENGTH:
            raise ApiError(422, f"{field} keys must be 1 to {MAX_TEXT_LENGTH} characters", field)
    return value


def attribute_keys(body: dict[str, Any]) -> list[str]:
    value = body.get("custom_attributes")
    if not isinstance(value, list) or not all(isinstance(key, str) for key in value):
        raise ApiError(422, "custom_attributes must be a list of attribute names", "custom_attributes")
    return value


def identifier(body: dict[str, Any]) -> str:
    value = body.get("identifier")
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ApiError(422, "identifier must be a string or a number", "identifier")
    value = str(value)
    if not value.strip() or len(value) > MAX_TEXT_LENGTH:
        raise ApiError(422, f"identifier must be 1 to {MAX_TEXT_LENGTH} characters", "identifier")
    return value


def contact_fields(body: dict[str, Any]) -> dict[str, Any]:
    """name / email / phone_number / avatar_url present in the body, validated."""
    checks = {
        "name": lambda: optional_text(body, "name"),
        "email": lambda: email(body),
        "phone_number": lambda: phone_number(body),
        "avatar_url": lambda: optional_text(body, "avatar_url", MAX_URL_LENGTH),
    }
    return {field: check() for field, check in checks.items() if field in body}


def message_content(body: dict[str, Any]) -> str:
    message = body.get("message")
    if not isinstance(message, dict):
        raise ApiError(422, "message must be an object with content", "message")
    content = optional_text(message, "content", MAX_MESSAGE_LENGTH)
    if not content or not content.strip():
        raise ApiError(422, "message content must not be empty", "message")
    return content


def prechat_contact(body: dict[str, Any]) -> dict[str, Any]:
    """The visitor's details in POST conversations (`contact: {name, email, phone_number}`), validated."""
    value = body.get("contact")
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ApiError(422, "contact must be an object with name, email and phone_number", "contact")
    checks = {
        "name": lambda: optional_text(value, "name"),
        "email": lambda: email(value),
        "phone_number": lambda: phone_number(value),
    }
    return {field: check() for field, check in checks.items() if field in value}
