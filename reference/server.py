"""Run the reference: widget origin and host page origin, two uvicorn servers in one process."""
from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import socket
from dataclasses import asdict, dataclass, field
from pathlib import Path

import uvicorn

from reference import profiles, seed
from reference.apps import create_host_app, create_widget_app
from reference.defects import Switches
from reference.store import Store
from reference.tokens import TokenService
from reference.widget_build import WidgetBuild

log = logging.getLogger("reference")


@dataclass
class ServerOptions:
    db_path: Path
    bind: str = "127.0.0.1"
    widget_port: int = 3000
    host_port: int = 3001
    # Two ports of one host: the iframe is cross-origin to the host page (postMessage only, no
    # DOM access) but same-site. A cross-site iframe would be a third-party context, and Chromium
    # denies storage to those in incognito-like profiles, which is what every Playwright
    # context is; see docs/contract-decisions.md.
    widget_hostname: str = "localhost"
    host_hostname: str = "localhost"
    profile: str = "documented"
    defects: frozenset[str] = frozenset()
    switchable_defects: bool = False  # PUT /__reference__/defects switches them while running
    coverage_contexts: bool = False  # PUT /__reference__/coverage-context names the running test
    secret_key: str | None = None
    token_lifetime_seconds: int | None = None
    ready_file: Path | None = None
    watch_pid: int | None = None
    widget_build: Path | None = None  # a user's widget build to serve (reference/widget_build.py)


@dataclass
class ReadyInfo:
    """What a client needs to address this running reference (written to the ready file)."""

    pid: int
    widget_url: str
    host_url: str
    db_path: str
    profile: str
    defects: list[str]
    inboxes: dict[str, str] = field(default_factory=dict)
    hmac_secrets: dict[str, str] = field(default_factory=dict)
    account_id: int = seed.ACME.id
    api_access_token: str = seed.ACME.api_access_token
    token_signing_secret: str = ""
    widget_build: str | None = None
    switchable_defects: bool = False


def _listen(bind: str, port: int) -> socket.socket:
    # proto=IPPROTO_TCP: asyncio sets TCP_NODELAY only on such sockets. Without it uvicorn's
    # separate header and body writes meet the client's delayed ACK: 40 ms per response.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((bind, port))
    sock.listen(128)
    sock.setblocking(False)
    return sock


def _uvicorn(app) -> uvicorn.Server:
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    server.install_signal_handlers = lambda: None  # the runner below owns the signals
    return server


def ready_info(options: ServerOptions, store: Store, widget_port: int, host_port: int) -> ReadyInfo:
    return ReadyInfo(
        pid=os.getpid(),
        widget_url=f"http://{options.widget_hostname}:{widget_port}",
        host_url=f"http://{options.host_hostname}:{host_port}/",
        db_path=str(options.db_path),
        profile=options.profile,
        defects=sorted(options.defects),
        inboxes={
            "hmac_optional": seed.OPTIONAL_HMAC.website_token,
            "hmac_mandatory": seed.MANDATORY_HMAC.website_token,
            "second": seed.SECOND_INBOX.website_token,
            "suspended_account": seed.SUSPENDED_INBOX.website_token,
        },
        hmac_secrets={inbox.website_token: inbox.hmac_token for inbox in seed.INBOXES},
        token_signing_secret=store.secret_key,
        widget_build=str(options.widget_build) if options.widget_build else None,
        switchable_defects=options.switchable_defects,
    )


async def _watch_parent(pid: int, stop: asyncio.Event) -> None:
    """End the reference when the process that started it is gone (no stray servers)."""
    while not stop.is_set():
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            log.warning("parent process %s is gone; stopping", pid)
            stop.set()
            return
        except PermissionError:
            pass
        await asyncio.sleep(1)


async def serve(options: ServerOptions, on_ready=None) -> None:
    store = Store(options.db_path, secret_key=options.secret_key)
    tokens = TokenService(store.secret_key, **({"lifetime_seconds": options.token_lifetime_seconds}
                                                 if options.token_lifetime_seconds else {}))
    widget_sock = _listen(options.bind, options.widget_port)
    host_sock = _listen(options.bind, options.host_port)
    widget_port, host_port = widget_sock.getsockname()[1], host_sock.getsockname()[1]
    info = ready_info(options, store, widget_port, host_port)

    build = WidgetBuild.load(options.widget_build) if options.widget_build else None
    defects = Switches(options.defects) if options.switchable_defects else options.defects
    widget_server = _uvicorn(create_widget_app(store, tokens, defects, profiles.get(options.profile), build,
                                                     coverage_contexts=options.coverage_contexts))
    host_server = _uvicorn(create_host_app(info.widget_url))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)

    tasks = [
        asyncio.create_task(widget_server.serve(sockets=[widget_sock])),
        asyncio.create_task(host_server.serve(sockets=[host_sock])),
    ]
    while not (widget_server.started and host_server.started):
        if any(task.done() for task in tasks):
            for task in tasks:
                if task.done() and task.exception():
                    raise task.exception()
            raise RuntimeError("the reference servers stopped during start-up")
        await asyncio.sleep(0.01)
    if options.ready_file:
        tmp = options.ready_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(info), indent=2))
        tmp.replace(options.ready_file)
    if on_ready:
        on_ready(info)
    if options.watch_pid:
        asyncio.create_task(_watch_parent(options.watch_pid, stop))
    await stop.wait()
    widget_server.should_exit = host_server.should_exit = True
    await asyncio.gather(*tasks, return_exceptions=True)
