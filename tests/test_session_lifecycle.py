"""The session starts the reference once and leaves nothing behind: not after a normal run, not
after Ctrl-C in the middle of one."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from detection.runner import PROJECT_ROOT, _clean_environment, run_pytest


def reference_processes_of(parent_pid: int) -> list[str]:
    """Command lines of reference servers started for the pytest process `parent_pid`."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"reference" in args and b"--watch-pid" in args and str(parent_pid).encode() in args:
            found.append(b" ".join(args).decode(errors="replace"))
    return found


def wait_until(condition, timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"timed out after {timeout_s:.0f} s waiting for {what}"
        time.sleep(0.1)


def test_a_normal_run_stops_its_reference(tmp_path):
    result = run_pytest(["e2e/test_smoke.py", "-n", "2"], tmp_path)
    assert result.returncode == 0, result.stdout[-2000:]
    log = (tmp_path / "reference.log").read_text()
    assert "POST /api/v1/widget/config -> 200" in log, "the run did not use the shared reference"
    assert "Reference widget stopped." in log, "the reference was not stopped cleanly at the end of the run"


def test_ctrl_c_in_the_middle_of_a_run_leaves_no_reference_running(tmp_path):
    command = [sys.executable, "-m", "pytest", "e2e", "-n", "2", "-q", "-p", "no:cacheprovider",
               "--reports-dir", str(tmp_path)]
    run = subprocess.Popen(command, cwd=PROJECT_ROOT, env=_clean_environment(), start_new_session=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    log = tmp_path / "reference.log"
    try:
        wait_until(lambda: log.exists() and "/api/v1/widget/contact" in log.read_text(), 60,
                   "the first test to reach the reference")
        assert reference_processes_of(run.pid), "no reference process found for the run"
        os.killpg(run.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole process group
        run.wait(timeout=60)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    wait_until(lambda: not reference_processes_of(run.pid), 10, "the reference to exit after Ctrl-C")
