"""Per-test coverage of the reference, recorded by a clean run of the e2e suite: its Python lines
(fixtures/python_coverage.py, coverage.py contexts inside the reference process) and the lines of
the scripts it serves (fixtures/js_coverage.py, Chromium's precise coverage). detection/selection.py
chooses by it the tests a defect run needs.

A profile's clean run of the detection check records it as it runs (one run, not two), and the
tests' and the defect batch's use of it is shared through a file lock (clean_run_and_map)."""
from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from coverage import CoverageData
from filelock import FileLock

from detection.runner import PROJECT_ROOT, Case, SuiteRun, run_suite
from reference import profiles
from reference.apps import static_files

REFERENCE_DIR = PROJECT_ROOT / "reference"
STATIC_DIR = REFERENCE_DIR / "static"
SCRIPTS = "reference/static/"  # how a served script is named in a map, as a project path
# What a coverage map depends on: the reference, and the tests with what they are built from.
MAP_INPUTS = ("reference", "e2e", "pages", "fixtures", "testlib", "conftest.py", "playwright.config.py")
Lines = dict[str, set[int]]  # source, relative to the project ("reference/widget_api.py") -> line numbers
START_UP = "(start-up)"  # the lines the reference ran outside any test's context, kept as if a test


def coverage_args(coverage_dir: Path) -> list[str]:
    """The child pytest options of a clean run that records its coverage map."""
    return ["--python-coverage", str(coverage_dir / "python.data"), "--js-coverage", str(coverage_dir / "js")]


def inputs_hash(root: Path = PROJECT_ROOT) -> str:
    """Content hash of everything a coverage map depends on: a map with another hash is stale."""
    digest = hashlib.sha256()
    for name in MAP_INPUTS:
        path = root / name
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                digest.update(str(file.relative_to(root)).encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@dataclass
class CoverageMap:
    profile: str
    inputs: str  # inputs_hash() of the run that recorded it
    tests: dict[str, Lines]  # node id -> what it ran
    scripts_measured: bool = True  # False: the run recorded no script coverage, only Python's

    @property
    def test_ids(self) -> list[str]:
        return [test for test in self.tests if test != START_UP]

    def selected(self, lines: Lines) -> list[str]:
        """The known tests that ran any of `lines`, in the suite's order; every test when the
        reference ran one of them outside any test (at start-up: it shapes what every test meets)."""
        if _touches(self.tests.get(START_UP, {}), lines):
            return self.test_ids
        return [test for test in self.test_ids if _touches(self.tests[test], lines)]

    def to_json(self) -> dict:
        return {"profile": self.profile, "inputs": self.inputs, "scripts_measured": self.scripts_measured,
                "tests": {test: {source: sorted(lines) for source, lines in ran.items()}
                          for test, ran in self.tests.items()}}

    @classmethod
    def from_json(cls, data: dict) -> "CoverageMap":
        return cls(data["profile"], data["inputs"],
                   {test: {source: set(lines) for source, lines in ran.items()} for test, ran in data["tests"].items()},
                   data.get("scripts_measured", True))


def _touches(ran: Lines, lines: Lines) -> bool:
    return any(ran.get(source, set()) & wanted for source, wanted in lines.items())


def read(profile: str, coverage_dir: Path, inputs: str) -> CoverageMap:
    """The map a clean run recorded into coverage_dir (see coverage_args)."""
    tests: dict[str, Lines] = {}
    for data_file in sorted(coverage_dir.glob("python.data*")):
        _merge(tests, _python_lines(data_file))
    _merge(tests, _script_lines(coverage_dir / "js", profile))
    return CoverageMap(profile, inputs, tests, scripts_measured=(coverage_dir / "js").is_dir())


def _merge(into: dict[str, Lines], more: dict[str, Lines]) -> None:
    for test, ran in more.items():
        for source, lines in ran.items():
            into.setdefault(test, {}).setdefault(source, set()).update(lines)


def _python_lines(data_file: Path) -> dict[str, Lines]:
    data = CoverageData(str(data_file))
    data.read()
    tests: dict[str, Lines] = {}
    for measured in data.measured_files():
        source = relative(Path(measured))
        for line, contexts in data.contexts_by_lineno(measured).items():
            for test in contexts:
                tests.setdefault(test or START_UP, {}).setdefault(source, set()).add(line)
    return tests


def _script_lines(js_dir: Path, profile: str) -> dict[str, Lines]:
    """fixtures/js_coverage.py's files: {"test": node id, "lines": {URL path: [line, ...]}}."""
    served = {path: SCRIPTS + name for path, (name, _) in static_files(profiles.get(profile)).items()}
    tests: dict[str, Lines] = {}
    for file in sorted(js_dir.glob("*.json")) if js_dir.is_dir() else []:
        record = json.loads(file.read_text())
        for url_path, lines in record["lines"].items():
            if url_path in served:
                tests.setdefault(record["test"], {}).setdefault(served[url_path], set()).update(lines)
    return tests


def relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def clean_run_and_map(case: Case, reports_root: Path, session: str = "") -> tuple[SuiteRun, CoverageMap]:
    """The clean run of case.profile, recording its coverage map. Within one `session` (a test
    run's id) it runs once: whoever asks first runs it, later callers (other xdist workers too)
    read its result. Without a session it always runs."""
    if not case.is_clean:
        raise ValueError("a coverage map is recorded by a clean run")
    saved = reports_root / case.profile / "clean-run-and-map.json"
    saved.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(saved) + ".lock"):
        known = _saved(saved)
        if session and known.get("session") == session:
            return SuiteRun.from_json(known["run"]), CoverageMap.from_json(known["map"])
        coverage_dir = reports_root / case.profile / case.defect / "coverage"
        shutil.rmtree(coverage_dir, ignore_errors=True)
        inputs = inputs_hash()
        run = run_suite(case, reports_root, extra_args=coverage_args(coverage_dir))
        recorded = read(case.profile, coverage_dir, inputs)
        saved.write_text(json.dumps({"session": session, "run": run.to_json(), "map": recorded.to_json()}))
        return run, recorded


def _saved(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def cached(profile: str, cache_dir: Path) -> CoverageMap:
    """The profile's coverage map of the reference and tests as they are now: the one kept in
    cache_dir when its inputs hash still matches, else a clean run records a new one (mutants
    use it: their runs have no clean run of their own)."""
    path = cache_dir / f"{profile}.json"
    inputs = inputs_hash()
    known = _saved(path)
    if known.get("inputs") == inputs:
        return CoverageMap.from_json(known)
    _, recorded = clean_run_and_map(Case(profile), cache_dir / "runs")
    path.write_text(json.dumps(recorded.to_json()))
    return recorded
