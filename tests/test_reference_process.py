"""The reference as a process: its command line, and a clean stop on SIGTERM / SIGINT."""
from __future__ import annotations

import os
import signal
import subprocess
import sys

import httpx
import pytest

from reference.defects import CATALOG
from testlib.reference_process import ReferenceProcess
from testlib.settings import PROJECT_ROOT


# -- command line and signals -------------------------------------------------------------------------

def run_reference_cli(*args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "REFERENCE_DEFECTS"}
    return subprocess.run([sys.executable, "-m", "reference", *args], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=30, env=env)


def test_list_defects_prints_every_switch():
    result = run_reference_cli("--list-defects")
    assert result.returncode == 0, result.stderr
    listed = [line.split()[0] for line in result.stdout.splitlines() if line.strip()]
    assert listed == list(CATALOG)
    for name, defect in CATALOG.items():
        assert f"[{defect.where}]" in next(line for line in result.stdout.splitlines() if line.startswith(name))


def test_an_unknown_defect_exits_2_with_a_clear_message(tmp_path):
    result = run_reference_cli("--defect", "no-such-defect", "--db", str(tmp_path / "x.sqlite3"),
                               "--port", "0", "--host-page-port", "0")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "error: unknown reference defect(s) no-such-defect; known: " in result.stderr
    assert "token-kept-on-exit" in result.stderr, "the message lists the known switches"
    assert not (tmp_path / "x.sqlite3").exists(), "nothing was started"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_stops_the_server_cleanly(tmp_path, signum):
    running = ReferenceProcess.start(tmp_path, tmp_path / "reference.log")
    running.process.send_signal(signum)
    try:
        returncode = running.process.wait(timeout=5)
    finally:
        running.stop()
    assert returncode == 0, running.log_tail()
    assert "Reference widget stopped." in running.log_path.read_text()
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{running.info['widget_url']}/api", timeout=2)
