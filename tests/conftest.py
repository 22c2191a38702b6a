"""Fixtures of the project's own tests: a reference of their own (tests/test_reference_*.py), and the
detection report and catch history (detection/catchers.json), written once all detection cases ran."""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Callable, Iterator

import pytest

from detection import catchers, coverage_map, report
from detection.coverage_map import CoverageMap
from detection.runner import SUITE_TIMEOUT_S, Case, SuiteRun
from fixtures.settings import get as get_settings
from reference import seed
from testlib.api_client import AccountApiClient, WidgetApiClient
from testlib.reference_process import ReferenceProcess
from tests.reference_helpers import OPTIONAL, start_reference, stop_and_check

_STARTED = time.time()


def _reports_dir(config: pytest.Config) -> Path:
    return get_settings(config).reports_path


@pytest.fixture(scope="session")
def clean_run_and_map(detection_reports: Path, testrun_uid: str) -> Callable[[str], tuple[SuiteRun, CoverageMap]]:
    """A profile's clean run of the e2e suite and the per-test coverage it recorded: one run per
    profile and test session, whichever test (on whichever xdist worker) asks first."""
    return lambda profile: coverage_map.clean_run_and_map(Case(profile), detection_reports, session=testrun_uid)


@pytest.fixture(scope="session")
def detection_reports(pytestconfig: pytest.Config) -> Path:
    return _reports_dir(pytestconfig) / "detection"


@pytest.fixture
def record_detection(detection_reports: Path):
    """Keep a suite run's result, for the report the controller writes at the end."""

    def record(run: SuiteRun) -> SuiteRun:
        results = detection_reports / "results"
        results.mkdir(parents=True, exist_ok=True)
        (results / f"{run.profile}-{run.defect}.json").write_text(json.dumps(run.to_json()))
        return run

    return record


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The e2e suite's per-test --timeout (addopts) does not fit these tests: many run whole suites
    in child processes, each bounded by SUITE_TIMEOUT_S; one of them may take two of those."""
    for item in items:
        if item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(2 * SUITE_TIMEOUT_S))


def _runs_of_this_session(results: Path) -> list[SuiteRun]:
    runs = []
    for path in sorted(results.glob("*.json")) if results.exists() else []:
        if path.stat().st_mtime < _STARTED:
            continue  # left by an earlier session
        runs.append(SuiteRun.from_json(json.loads(path.read_text())))
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
    if catchers.record(runs):
        terminalreporter.line(f"catch history updated (a defect's first catcher changed): {catchers.HISTORY}")


# -- a reference of the tests' own, over HTTP (tests/test_reference_*.py) ---------------------------

@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReferenceProcess]:
    workdir = tmp_path_factory.mktemp("reference-api")
    running = start_reference(workdir)
    yield running
    stop_and_check(running)


@pytest.fixture
def inbox(reference: ReferenceProcess) -> Iterator[Callable[[str | None], WidgetApiClient]]:
    """Widget API clients by website_token."""
    clients: list[WidgetApiClient] = []

    def make(website_token: str | None = OPTIONAL.website_token) -> WidgetApiClient:
        clients.append(WidgetApiClient(reference.info["widget_url"], website_token))
        return clients[-1]

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def api(inbox) -> WidgetApiClient:
    return inbox(OPTIONAL.website_token)


@pytest.fixture
def admin(reference: ReferenceProcess) -> Iterator[AccountApiClient]:
    client = AccountApiClient(reference.info["widget_url"], seed.ACME.id, seed.ACME.api_access_token)
    yield client
    client.close()

