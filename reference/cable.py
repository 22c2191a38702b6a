"""/cable (upstream and fork): the ActionCable websocket the real widget opens on load, speaking
enough of ActionCable's protocol (subprotocol actioncable-v1-json) for the widget's RoomChannel.

On connect the server says {"type": "welcome"} and then pings every 3 seconds
({"type": "ping", "message": <unix time>}); the client's connection monitor reconnects when
pings stop. A `subscribe` command names its channel and params in `identifier`, a JSON string.
RoomChannel (app/channels/room_channel.rb) looks the contact inbox up by the pubsub token
(`find_by!`): a token that names nobody raises inside `subscribed`, and Rails 7.1's ActionCable
then only logs "Could not execute command" and answers nothing (no confirm, no reject, no
stream); a repeated subscribe of a known identifier is ignored. A known token streams from its
room, is confirmed ({"identifier": ..., "type": "confirm_subscription"}) and hears a
presence.update. Broadcasts arrive as {"identifier": ..., "message": {"event", "data"}}.
User subscriptions (an agent's user_id) name nobody here: the reference has no agents."""
from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any, Callable

from fastapi import WebSocket, WebSocketDisconnect

from reference.push_events import PushEvents
from reference.store import Store

log = logging.getLogger("reference")

SUBPROTOCOL = "actioncable-v1-json"
PING_INTERVAL_S = 3
ROOM_CHANNEL = "RoomChannel"


class Cable:
    def __init__(self, store: Store, events: PushEvents):
        self.store = store
        self.events = events

    async def __call__(self, websocket: WebSocket) -> None:
        offered = websocket.scope.get("subprotocols") or []
        await websocket.accept(subprotocol=SUBPROTOCOL if SUBPROTOCOL in offered else None)
        log.info("widget WEBSOCKET /cable -> 101")
        connection = _Connection(websocket, self)
        await connection.run()


class _Connection:
    """One websocket: its subscriptions (identifier -> the rooms' stops) and its outgoing frames."""

    def __init__(self, websocket: WebSocket, cable: Cable):
        self.websocket = websocket
        self.cable = cable
        self.subscriptions: dict[str, list[Callable[[], None]]] = {}
        self.outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    async def run(self) -> None:
        self.outbox.put_nowait({"type": "welcome"})
        tasks = [asyncio.create_task(self._send()), asyncio.create_task(self._ping())]
        try:
            while True:
                self._execute(await self.websocket.receive_text())
        except WebSocketDisconnect:
            pass
        finally:
            for stops in self.subscriptions.values():
                for stop in stops:
                    stop()
            for task in tasks:
                task.cancel()

    async def _send(self) -> None:
        while True:
            await self.websocket.send_text(json.dumps(await self.outbox.get()))

    async def _ping(self) -> None:
        while True:
            self.outbox.put_nowait({"type": "ping", "message": int(time.time())})
            await asyncio.sleep(PING_INTERVAL_S)

    def _execute(self, text: str) -> None:
        try:
            command = json.loads(text)
            identifier = command["identifier"]
            if command.get("command") == "subscribe":
                self._subscribe(identifier, json.loads(identifier))
            elif command.get("command") == "unsubscribe":
                for stop in self.subscriptions.pop(identifier, []):
                    stop()
            elif command.get("command") == "message" and identifier in self.subscriptions:
                self._perform(identifier, json.loads(command.get("data") or "{}"))
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            log.info("cable: could not execute command %r (%s)", text[:200], error.__class__.__name__)

    def _subscribe(self, identifier: str, params: dict[str, Any]) -> None:
        if identifier in self.subscriptions or params.get("channel") != ROOM_CHANNEL:
            return
        self.subscriptions[identifier] = []  # kept even when it fails: a retry of it is ignored
        contact_inbox = None if params.get("user_id") else \
            self.cable.store.contact_inbox_by_pubsub_token(str(params.get("pubsub_token") or ""))
        if contact_inbox is None:  # RoomChannel#current_user's find_by! raises: no answer at all
            log.info("cable: RoomChannel subscription names nobody; not confirmed")
            return
        room = contact_inbox["pubsub_token"]
        self.subscriptions[identifier].append(self.cable.events.stream_from(room, self._deliverer(identifier)))
        self.outbox.put_nowait({"identifier": identifier, "type": "confirm_subscription"})
        self._presence(room, contact_inbox)

    def _perform(self, identifier: str, data: dict[str, Any]) -> None:
        """RoomChannel#update_presence, which the widget performs every 20 seconds."""
        if data.get("action") == "update_presence":
            params = json.loads(identifier)
            contact_inbox = self.cable.store.contact_inbox_by_pubsub_token(str(params.get("pubsub_token") or ""))
            if contact_inbox is not None:
                self._presence(contact_inbox["pubsub_token"], contact_inbox)

    def _presence(self, room: str, contact_inbox: Any) -> None:
        inbox = self.cable.store.inbox(contact_inbox["inbox_id"])
        self.cable.events.broadcast([room], "presence.update",
                                    {"account_id": inbox["account_id"] if inbox else None, "users": {}})

    def _deliverer(self, identifier: str) -> Callable[[dict[str, Any]], None]:
        return lambda message: self.outbox.put_nowait({"identifier": identifier, "message": message})
