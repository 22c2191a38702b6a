"""Hostile contact tokens made from real ones: tampered, spliced, re-signed, unsigned, expired.
Contact tokens are JWTs on the reference and on Chatwoot; a target whose tokens are not skips."""
from __future__ import annotations

import base64
import json
import time
from typing import Any

import jwt
import pytest

BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _segments(token: str) -> list[str]:
    parts = token.split(".")
    if len(parts) != 3:
        pytest.skip("the target's contact token is not a JWT (header.payload.signature); "
                    "these forgeries need one")
    return parts


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).rstrip(b"=").decode()


def claims(token: str) -> dict[str, Any]:
    """The token's payload, read without checking the signature."""
    _segments(token)
    return jwt.decode(token, options={"verify_signature": False})


def flipped_signature(token: str) -> str:
    """The same token with one signature character changed. A middle character: the last one
    carries padding bits, and changing only those can decode to the very same signature."""
    header, payload, signature = _segments(token)
    at = len(signature) // 2
    replacement = "A" if signature[at] != "A" else "B"
    return f"{header}.{payload}.{signature[:at]}{replacement}{signature[at + 1:]}"


def with_payload(token: str, payload: dict[str, Any]) -> str:
    """`token`'s header and signature around another payload (tampered claims)."""
    header, _, signature = _segments(token)
    return f"{header}.{_b64(payload)}.{signature}"


def signed(payload: dict[str, Any], key: str) -> str:
    return jwt.encode(payload, key, algorithm="HS256")


def unsigned(payload: dict[str, Any]) -> str:
    """An "alg": "none" JWT: no signature at all."""
    return f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(payload)}."


def expired(payload: dict[str, Any], key: str, seconds_ago: int = 3600) -> str:
    now = int(time.time())
    return signed({**payload, "iat": now - 2 * seconds_ago, "exp": now - seconds_ago}, key)
