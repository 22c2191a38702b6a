"""Who wins where. Playwright's and pytest's own flags: the project's addopts (pyproject.toml), then
PYTEST_ADDOPTS, then the command line, in pytest's own order; nothing of ours overwrites them. The
widget's settings: playwright.config.py, then WIDGET_E2E_*, then the flag."""
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from testlib.settings import OPTIONS, PROJECT_ROOT

ECHO_PLUGIN = textwrap.dedent('''
    import json
    from fixtures import settings as widget_settings

    def pytest_collection_finish(session):
        config = session.config
        print("OPTIONS " + json.dumps({
            "tracing": config.option.tracing, "screenshot": config.option.screenshot,
            "output": config.option.output, "timeout": config.option.timeout, "junit": config.option.xmlpath,
            "expect_timeout_ms": widget_settings.get(config).expect_timeout_ms}))
''')


def effective_options(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> dict:
    """The options a pytest run in the project ends up with (collect-only, nothing runs)."""
    (tmp_path / "option_echo.py").write_text(ECHO_PLUGIN)
    environ = {key: value for key, value in os.environ.items()
               if key != "PYTEST_ADDOPTS" and key not in {option.env for option in OPTIONS}}
    environ.update(PYTHONPATH=f"{tmp_path}{os.pathsep}{PROJECT_ROOT}", **(env or {}))
    result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "option_echo",
                             "tests/test_redaction.py", *args],
                            cwd=PROJECT_ROOT, env=environ, capture_output=True, text=True, timeout=120)
    lines = [line for line in result.stdout.splitlines() if line.startswith("OPTIONS ")]
    assert lines, result.stdout + result.stderr
    return json.loads(lines[0].removeprefix("OPTIONS "))


def test_the_project_addopts_give_playwrights_defaults(tmp_path):
    options = effective_options(tmp_path)
    assert (options["tracing"], options["screenshot"]) == ("retain-on-failure", "only-on-failure")
    assert options["output"] == "reports/artifacts" and options["timeout"] == 120


@pytest.mark.parametrize("env, args, tracing", [
    ({"PYTEST_ADDOPTS": "--tracing on"}, [], "on"),  # PYTEST_ADDOPTS over the project's addopts
    ({"PYTEST_ADDOPTS": "--tracing on"}, ["--tracing", "off"], "off"),  # the command line over both
    ({}, ["-o", "addopts=--tracing off"], "off"),  # a user's own addopts replaces the project's
], ids=["PYTEST_ADDOPTS", "command-line", "user-addopts"])
def test_a_playwright_flag_follows_pytests_order_and_nothing_of_ours_overwrites_it(tmp_path, env, args, tracing):
    assert effective_options(tmp_path, *args, env=env)["tracing"] == tracing


def test_junit_goes_to_the_reports_dir_unless_a_junitxml_is_given(tmp_path):
    reports = tmp_path / "reports"
    assert effective_options(tmp_path, "--reports-dir", str(reports))["junit"] == str(reports / "junit.xml")
    given = effective_options(tmp_path, "--reports-dir", str(reports),
                              env={"PYTEST_ADDOPTS": f"--junitxml {tmp_path / 'mine.xml'}"})
    assert given["junit"] == str(tmp_path / "mine.xml")


def test_a_widget_setting_is_flag_then_environment_then_the_config_file(tmp_path):
    assert effective_options(tmp_path)["expect_timeout_ms"] == 10_000  # playwright.config.py
    from_env = {"WIDGET_E2E_EXPECT_TIMEOUT_MS": "1234"}
    assert effective_options(tmp_path, env=from_env)["expect_timeout_ms"] == 1234
    assert effective_options(tmp_path, "--expect-timeout-ms", "4321", env=from_env)["expect_timeout_ms"] == 4321
