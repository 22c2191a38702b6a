"""Contact auth tokens: HS256 JWTs bound to an inbox and a contact inbox (source_id),
like Chatwoot's widget token service."""
from __future__ import annotations

import time
from dataclasses import dataclass

import jwt

ALGORITHM = "HS256"
DEFAULT_LIFETIME_SECONDS = 60 * 60 * 24 * 30


@dataclass(frozen=True)
class TokenClaims:
    source_id: str
    inbox_id: int


class InvalidToken(Exception):
    """The token's signature, shape or expiry does not verify."""


class TokenService:
    def __init__(self, secret_key: str, lifetime_seconds: int = DEFAULT_LIFETIME_SECONDS):
        self._secret_key = secret_key
        self._lifetime = lifetime_seconds

    def issue(self, source_id: str, inbox_id: int) -> str:
        now = int(time.time())
        payload = {"source_id": source_id, "inbox_id": inbox_id, "iat": now, "exp": now + self._lifetime}
        return jwt.encode(payload, self._secret_key, algorithm=ALGORITHM)

    def verify(self, token: str) -> TokenClaims:
        try:
            payload = jwt.decode(token, self._secret_key, algorithms=[ALGORITHM], options={"require": ["exp"]})
        except jwt.PyJWTError as error:
            raise InvalidToken(str(error)) from error
        source_id, inbox_id = payload.get("source_id"), payload.get("inbox_id")
        if not isinstance(source_id, str) or not isinstance(inbox_id, int):
            raise InvalidToken("token lacks source_id or inbox_id")
        return TokenClaims(source_id=source_id, inbox_id=inbox_id)
