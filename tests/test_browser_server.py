"""Remote browsers: with --browser-ws-endpoint the suite connects to a running Playwright browser
server instead of launching a browser, and never resolves or sends a local executable; an endpoint
that does not answer stops the run with one sentence."""
import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from detection.runner import read_junit, run_pytest
from fixtures.browser import GENERATED_HOST_PAGE_ARGS
from testlib.browser_resolution import resolve
from testlib.settings import config_file_values

SETUP_ERROR_EXIT = 4


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def first_line(process: subprocess.Popen, timeout_s: float) -> str:
    """The first line the process prints, or '' if it prints none within `timeout_s`."""
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        return process.stdout.readline().strip() if selector.select(timeout_s) else ""


@pytest.fixture(scope="module")
def browser_server(tmp_path_factory) -> str:
    """`playwright launch-server` on loopback: a browser server with the browser of this machine,
    launched with its flags (as a grid node is set up by its owner); its ws endpoint."""
    config = tmp_path_factory.mktemp("browser-server") / "launch-server.json"
    config.write_text(json.dumps({
        "executablePath": str(resolve("chromium")), "host": "127.0.0.1", "port": free_port(),
        "wsPath": f"/widget-e2e-{uuid.uuid4().hex[:8]}",
        "args": config_file_values()["browser_args"].split() + GENERATED_HOST_PAGE_ARGS,
    }))
    # its own process group: `python -m playwright` runs the server in a child (node) process
    server = subprocess.Popen([sys.executable, "-m", "playwright", "launch-server", "--browser", "chromium",
                               "--config", str(config)], stdout=subprocess.PIPE, text=True, start_new_session=True)
    endpoint = first_line(server, timeout_s=60)
    try:
        assert endpoint.startswith("ws://127.0.0.1:"), f"the browser server printed no endpoint: {endpoint!r}"
        yield endpoint
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def test_smoke_tests_pass_through_a_browser_server_that_no_local_path_reaches(browser_server, tmp_path: Path):
    # a local browser path that does not exist: a run that resolved or sent it would stop at once
    result = run_pytest(["e2e", "-n", "0", "-m", "smoke", "--browser-ws-endpoint", browser_server,
                         "--browser-path", "/no/such/chromium"], tmp_path / "reports")
    tests, failures = read_junit(tmp_path / "reports" / "junit.xml")
    assert result.returncode == 0 and tests >= 2 and not failures, f"exit {result.returncode}:\n{result.stdout[-3000:]}"


def test_an_unreachable_browser_server_stops_the_run_with_one_sentence(tmp_path: Path):
    endpoint = f"ws://127.0.0.1:{free_port()}/nobody-here"
    result = run_pytest(["e2e/test_smoke.py", "--browser-ws-endpoint", endpoint], tmp_path / "reports")
    output = result.stdout + result.stderr
    assert result.returncode == SETUP_ERROR_EXIT, output[-2000:]
    assert f"The browser server {endpoint} is not reachable" in output, output[-2000:]
