"""CableTraffic: records the ActionCable frames the widget sends and receives on /cable in one
browser context (Playwright's page "websocket" event, framesent / framereceived), every page of
the context, from the moment it is made. Pings are left out. Like WidgetTraffic it only records;
tests wait on it with predicates (`wait_for`, which lets Playwright deliver the next frame or the
next socket), never with sleeps."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any, Callable

from playwright.sync_api import BrowserContext, Error as PlaywrightError, Page, WebSocket
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from testlib.guarantees import BrokenGuarantee

CABLE_PATH = "/cable"
SENT, RECEIVED = "sent", "received"


@dataclass(frozen=True)
class CableFrame:
    seq: int
    direction: str          # SENT (by the widget) or RECEIVED
    socket: int             # which websocket of the context (1, 2, ... in the order they opened)
    payload: dict[str, Any]

    @property
    def identifier(self) -> str | None:
        return self.payload.get("identifier")

    @property
    def pubsub_token(self) -> str | None:
        """The pubsub token a subscribe command (or any frame of its subscription) names."""
        try:
            return json.loads(self.identifier or "{}").get("pubsub_token")
        except ValueError:
            return None

    @property
    def event(self) -> str | None:
        message = self.payload.get("message")
        return message.get("event") if isinstance(message, dict) else None

    @property
    def data(self) -> dict[str, Any]:
        message = self.payload.get("message")
        return (message.get("data") or {}) if isinstance(message, dict) else {}

    def describe(self) -> str:
        what = self.payload.get("command") or self.payload.get("type") or self.event or "frame"
        return f"#{self.seq} socket {self.socket} {self.direction} {what}" + (
            f" {self.data.get('content') or self.data.get('status') or ''}".rstrip() if self.event else "")


class CableTraffic:
    def __init__(self, context: BrowserContext):
        self.frames: list[CableFrame] = []
        self._sockets: list[WebSocket] = []
        for page in context.pages:
            self._watch(page)
        context.on("page", self._watch)

    def _watch(self, page: Page) -> None:
        page.on("websocket", self._on_socket)

    def _on_socket(self, socket: WebSocket) -> None:
        if not socket.url.split("?")[0].endswith(CABLE_PATH):
            return
        self._sockets.append(socket)
        number = len(self._sockets)
        socket.on("framesent", lambda payload: self._record(SENT, number, payload))
        socket.on("framereceived", lambda payload: self._record(RECEIVED, number, payload))

    def _record(self, direction: str, socket: int, payload: str | bytes) -> None:
        try:
            frame = json.loads(payload)
        except (TypeError, ValueError):
            return
        if isinstance(frame, dict) and frame.get("type") != "ping":
            self.frames.append(CableFrame(len(self.frames) + 1, direction, socket, frame))

    # -- reading -------------------------------------------------------------------------------
    def mark(self) -> int:
        return len(self.frames)

    def since(self, mark: int = 0) -> list[CableFrame]:
        return self.frames[mark:]

    def subscriptions(self, since: int = 0) -> list[CableFrame]:
        """The subscribe commands the widget sent."""
        return [frame for frame in self.since(since) if frame.direction == SENT
                and frame.payload.get("command") == "subscribe"]

    def broadcasts(self, since: int = 0, event: str | None = None) -> list[CableFrame]:
        return [frame for frame in self.since(since) if frame.direction == RECEIVED and frame.event
                and (event is None or frame.event == event)]

    def confirmed_subscription(self, page: Page, promise: str, since: int = 0) -> CableFrame:
        """The widget's subscribe command (since `since`) that the server confirmed, once it is."""
        confirm = self.wait_for(page, lambda frame: frame.direction == RECEIVED
                                and frame.payload.get("type") == "confirm_subscription", promise, since)
        return next(frame for frame in self.subscriptions(since) if frame.identifier == confirm.identifier)

    def describe(self, since: int = 0) -> str:
        return "\n".join(frame.describe() for frame in self.since(since)) or "(no /cable frames)"

    def wait_for(self, page: Page, matches: Callable[[CableFrame], bool], promise: str, since: int = 0,
                 timeout_ms: float = 10000) -> CableFrame:
        """The first frame since `since` that matches: already recorded, or the one Playwright
        delivers while this waits for the open socket's next received frame (the server pings
        every 3 s) or, when it is closed, for the page's next socket. A broken `promise`, naming
        the frames seen, when none comes."""
        deadline = time.monotonic() + timeout_ms / 1000
        while True:
            found = next((frame for frame in self.since(since) if matches(frame)), None)
            if found is not None:
                return found
            remaining_ms = (deadline - time.monotonic()) * 1000
            if remaining_ms <= 0:
                raise BrokenGuarantee(promise, "/cable frames:\n" + self.describe(since))
            socket = self._sockets[-1] if self._sockets else None
            try:
                if socket is None or socket.is_closed():
                    page.wait_for_event("websocket", timeout=remaining_ms)
                else:
                    socket.wait_for_event("framereceived", timeout=remaining_ms)
            except PlaywrightTimeoutError:
                continue  # the check above reports it
            except PlaywrightError:
                continue  # the socket closed meanwhile: its successor is waited for next
