"""Fixtures of the project's own tests; the detection report is written once all cases ran."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from detection import report
from detection.runner import Failure, SuiteRun

_STARTED = time.time()


def _reports_dir(config: pytest.Config) -> Path:
    from fixtures import settings as settings_module

    settings = settings_module.get(config)
    return settings.reports_path


@pytest.fixture(scope="session")
def detection_reports(pytestconfig: pytest.Config) -> Path:
    return _reports_dir(pytestconfig) / "detection"


@pytest.fixture
def record_detection(detection_reports: Path):
    """Keep a suite run's result, for the report the controller writes at the end."""

    def record(run: SuiteRun) -> SuiteRun:
        results = detection_reports / "results"
        results.mkdir(parents=True, exist_ok=True)
        (results / f"{run.defect}.json").write_text(json.dumps(run.to_json()))
        return run

    return record


def _runs_of_this_session(results: Path) -> list[SuiteRun]:
    runs = []
    for path in sorted(results.glob("*.json")) if results.exists() else []:
        if path.stat().st_mtime < _STARTED:
            continue  # left by an earlier session
        data = json.loads(path.read_text())
        failures = [Failure(**failure) for failure in data.pop("failures")]
        for derived in ("caught", "passed", "completed"):
            data.pop(derived, None)
        runs.append(SuiteRun(**data, failures=failures))
    return runs


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    if hasattr(config, "workerinput"):
        return
    runs = _runs_of_this_session(_reports_dir(config) / "detection" / "results")
    if not runs:
        return
    md_path, json_path = report.write(runs, _reports_dir(config))
    terminalreporter.section("detection check")
    terminalreporter.line(f"report: {md_path} and {json_path.name}")
    terminalreporter.line(report.headline(runs), bold=True)
