"""A tiny ActionCable client for the API-level live-update tests: connects to a target's /cable
(subprotocol actioncable-v1-json), subscribes to RoomChannel with a pubsub token as the widget
does, and reads frames as they come. It only speaks the protocol; what a frame means for a
guarantee is the test's business. Pings are kept apart from the frames a test reads."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import urlsplit, urlunsplit

from websockets.exceptions import WebSocketException
from websockets.sync.client import ClientConnection, connect

from testlib.guarantees import CannotObserve
from testlib.redaction import Redactor

SUBPROTOCOL = "actioncable-v1-json"
ROOM_CHANNEL = "RoomChannel"


def cable_url(base_url: str) -> str:
    parts = urlsplit(base_url)
    return urlunsplit(parts._replace(scheme="wss" if parts.scheme == "https" else "ws", path="/cable",
                                     query="", fragment=""))


def room_identifier(pubsub_token: str | None) -> str:
    """The identifier the widget subscribes with: its account_id and user_id are undefined, so
    JSON.stringify leaves them out (BaseActionCableConnector)."""
    params: dict[str, Any] = {"channel": ROOM_CHANNEL}
    if pubsub_token is not None:
        params["pubsub_token"] = pubsub_token
    return json.dumps(params, separators=(",", ":"))


@dataclass
class CableClient:
    url: str
    timeout_s: float = 10
    frames: list[dict[str, Any]] = field(default_factory=list)  # every frame but pings, in order
    _socket: ClientConnection | None = None

    def __enter__(self) -> "CableClient":
        try:
            self._socket = connect(self.url, subprotocols=[SUBPROTOCOL], open_timeout=self.timeout_s).__enter__()
        except (OSError, TimeoutError, WebSocketException) as error:  # refused, no upgrade (404)
            raise CannotObserve(f"the target answers the ActionCable websocket {self.url}", "live updates",
                                f"{error.__class__.__name__}: {error}") from None
        self.wait_for(lambda frame: frame.get("type") == "welcome", "the server's welcome")
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._socket is not None:
            self._socket.__exit__(None, None, None)

    def subscribe(self, identifier: str) -> None:
        self._send({"command": "subscribe", "identifier": identifier})

    def _send(self, command: dict[str, Any]) -> None:
        assert self._socket is not None
        self._socket.send(json.dumps(command))

    def wait_for(self, matches: Callable[[dict[str, Any]], bool], what: str) -> dict[str, Any]:
        """The first frame (already read or arriving within the timeout) that matches; raises
        TimeoutError naming `what` when none comes."""
        for frame in self.frames:
            if matches(frame):
                return frame
        deadline = time.monotonic() + self.timeout_s
        assert self._socket is not None
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no {what} within {self.timeout_s:g} s; frames: {self.describe()}")
            try:
                raw = self._socket.recv(timeout=remaining)
            except TimeoutError:
                continue
            frame = json.loads(raw)
            if frame.get("type") == "ping":
                continue
            self.frames.append(frame)
            if matches(frame):
                return frame

    def describe(self) -> str:
        """The frames so far, for a failure message: pubsub tokens shown as fingerprints."""
        return Redactor()(json.dumps(self.frames))

    def confirmed(self, identifier: str) -> bool:
        return any(frame.get("identifier") == identifier and frame.get("type") == "confirm_subscription"
                   for frame in self.frames)

    def wait_confirmed(self, identifier: str) -> None:
        self.wait_for(lambda frame: frame.get("identifier") == identifier
                      and frame.get("type") in ("confirm_subscription", "reject_subscription"),
                      "answer to the subscription")

    def broadcasts(self, identifier: str | None = None, event: str | None = None) -> list[dict[str, Any]]:
        """The {event, data} messages received so far (of one subscription, of one event)."""
        return [frame["message"] for frame in self.frames
                if isinstance(frame.get("message"), dict)
                and (identifier is None or frame.get("identifier") == identifier)
                and (event is None or frame["message"].get("event") == event)]

    def wait_broadcast(self, identifier: str, event: str, matches: Callable[[dict[str, Any]], bool],
                       what: str) -> dict[str, Any]:
        frame = self.wait_for(lambda frame: frame.get("identifier") == identifier
                              and isinstance(frame.get("message"), dict)
                              and frame["message"].get("event") == event
                              and matches(frame["message"].get("data") or {}), what)
        return frame["message"]
