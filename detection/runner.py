"""Run the e2e suite against the reference with one defect switched on (or none), in a separate
pytest process, and read back which tests failed and with what message."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import asdict, dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GUARANTEE_PREFIX = "broken guarantee:"
CLEAN = "clean"


@dataclass
class Failure:
    test: str
    message: str

    @property
    def names_a_guarantee(self) -> bool:
        return GUARANTEE_PREFIX in self.message


@dataclass
class SuiteRun:
    defect: str  # CLEAN for the reference without defects
    exit_code: int
    duration_s: float
    tests: int
    failures: list[Failure] = field(default_factory=list)
    server_errors: bool = False
    reports_dir: str = ""
    output_tail: str = ""

    @property
    def completed(self) -> bool:
        """pytest ran the suite to the end: exit 0 (all passed) or 1 (some failed), and ran tests."""
        return self.exit_code in (0, 1) and self.tests > 0

    @property
    def passed(self) -> bool:
        return self.completed and self.exit_code == 0 and not self.failures

    @property
    def caught(self) -> bool:
        return self.completed and bool(self.failures)

    @property
    def guarantee_messages(self) -> list[Failure]:
        return [failure for failure in self.failures if failure.names_a_guarantee]

    def to_json(self) -> dict:
        data = asdict(self)
        data.update(caught=self.caught, passed=self.passed, completed=self.completed)
        return data


def _clean_environment() -> dict[str, str]:
    """The nested run targets the reference with exactly the defect asked for, whatever the caller set."""
    keep = {"WIDGET_E2E_FAKER_SEED"}
    return {key: value for key, value in os.environ.items()
            if not (key.startswith("WIDGET_E2E_") and key not in keep)
            and not key.startswith("PYTEST_") and key != "REFERENCE_DEFECTS"}


def _first_line_of_interest(text: str) -> str:
    """The guarantee line if there is one, else the first line: what a person reads first."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if GUARANTEE_PREFIX in line:
            return line[line.index(GUARANTEE_PREFIX):]
    return lines[0] if lines else ""


def read_junit(path: Path) -> tuple[int, list[Failure]]:
    if not path.exists():
        return 0, []
    root = ElementTree.parse(path).getroot()
    tests, failures = 0, []
    for case in root.iter("testcase"):
        tests += 1
        for problem in list(case.findall("failure")) + list(case.findall("error")):
            text = (problem.get("message") or "") + "\n" + (problem.text or "")
            name = f"{case.get('classname')}::{case.get('name')}"
            failures.append(Failure(name, _first_line_of_interest(text)))
    return tests, failures


def run_pytest(args: list[str], reports_dir: Path) -> subprocess.CompletedProcess:
    """pytest in a child process with its own reports directory and a clean widget-e2e environment."""
    reports_dir.mkdir(parents=True, exist_ok=True)
    (reports_dir / "junit.xml").unlink(missing_ok=True)
    command = [
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
        "--reports-dir", str(reports_dir), *args,
    ]
    return subprocess.run(command, cwd=PROJECT_ROOT, env=_clean_environment(), capture_output=True, text=True)


# Detection runs expect failures: no traces, and shorter waits than a nightly run's (the reference
# is local; the clean run uses the same values, so a flaky wait would show there first).
DETECTION_ARGS = ["--tracing", "off", "--screenshot", "off", "--video", "off",
                  "--expect-timeout-ms", "5000", "--action-timeout-ms", "5000"]


def run_suite(defect: str, reports_root: Path, workers: int = 0, extra_args: list[str] | None = None) -> SuiteRun:
    reports_dir = reports_root / defect
    args = ["e2e", "-n", str(workers), *DETECTION_ARGS, *(extra_args or [])]
    if defect != CLEAN:
        args += ["--reference-defects", defect]
    started = time.monotonic()
    result = run_pytest(args, reports_dir)
    duration = time.monotonic() - started
    tests, failures = read_junit(reports_dir / "junit.xml")
    output = (result.stdout + result.stderr).strip().splitlines()
    return SuiteRun(
        defect=defect, exit_code=result.returncode, duration_s=round(duration, 1), tests=tests, failures=failures,
        server_errors="reference answered with server errors" in result.stdout,
        reports_dir=str(reports_dir), output_tail="\n".join(output[-15:]),
    )
