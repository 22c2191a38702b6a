"""No hangs: a test that waits forever fails after pytest-timeout's --timeout with its name and the
line it was waiting on, and the run goes on; a child pytest run the detection check starts that is
cut off by its own timeout says which test was running."""
import subprocess
import textwrap

import pytest

from detection.runner import as_text, read_junit, run_pytest, running_test

HANGING_TESTS = textwrap.dedent('''
    import threading

    def test_waits_for_a_reply_that_never_comes():
        reply = threading.Event()
        reply.wait()

    def test_runs_after_it():
        assert True
''')


def hanging_suite(tmp_path):
    """A test file outside the project, run with the project's pytest configuration (addopts)."""
    (tmp_path / "test_hanging.py").write_text(HANGING_TESTS)
    return ["-c", "pyproject.toml", "--rootdir", str(tmp_path), "-p", "fixtures.settings",
            str(tmp_path / "test_hanging.py"), "-n", "0"]


def test_a_hung_test_fails_by_name_with_what_it_waited_for_and_the_run_goes_on(tmp_path):
    result = run_pytest([*hanging_suite(tmp_path), "--timeout", "2"], tmp_path / "reports")
    output = result.stdout
    assert result.returncode == 1, output + result.stderr
    assert "FAILED" in output and "test_hanging.py::test_waits_for_a_reply_that_never_comes" in output, output
    assert "Failed: Timeout (>2.0s) from pytest-timeout" in output, output
    assert "reply.wait()" in output, "the report does not show what the test was waiting for"
    tests, failures = read_junit(tmp_path / "reports" / "junit.xml")
    assert tests == 2 and [failure.test.split("::")[-1] for failure in failures] == [
        "test_waits_for_a_reply_that_never_comes"]


def test_a_child_run_cut_off_by_its_timeout_names_the_running_test(tmp_path):
    # the child's per-test timeout is off (--timeout 0); 20 s leaves room for its start on a busy machine
    with pytest.raises(subprocess.TimeoutExpired) as cut_off:
        run_pytest([*hanging_suite(tmp_path), "--timeout", "0"], tmp_path / "reports", timeout_s=20, verbose=True)
    running = running_test(as_text(cut_off.value.stdout))
    assert running is not None and running.endswith("test_hanging.py::test_waits_for_a_reply_that_never_comes")
