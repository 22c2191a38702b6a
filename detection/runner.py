"""Run the e2e suite against the reference in one widget profile with one defect switched on (or
none), in a separate pytest process, and read back which tests failed and with what message."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import asdict, dataclass, field
from pathlib import Path

from reference.defects import CATALOG
from testlib.guarantees import PREFIX
from testlib.profiles import PROFILE_NAMES

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GUARANTEE_PREFIX = PREFIX.strip()
CLEAN = "clean"
# Defects that live only in the SDK or the iframe app (or the /widget page that serves it): the
# httpx tests of e2e/api never load those, so they cannot catch them and are not run for them
# (what mutation testing calls coverage analysis).
BROWSER_SIDE = ("sdk", "widget")


@dataclass(frozen=True)
class Case:
    """One detection run: a profile of the reference, and a defect switched on (or CLEAN)."""

    profile: str
    defect: str = CLEAN

    @property
    def id(self) -> str:
        return f"{self.profile}/{self.defect}"

    @property
    def is_clean(self) -> bool:
        return self.defect == CLEAN

    @property
    def browser_side(self) -> bool:
        return not self.is_clean and CATALOG[self.defect].where in BROWSER_SIDE

    @property
    def what(self) -> str:
        if self.is_clean:
            return "no defect: the suite must pass"
        defect = CATALOG[self.defect]
        return defect.forms.get(self.profile, defect.what)


def cases(profiles: tuple[str, ...] = PROFILE_NAMES, defects: list[str] | None = None) -> list[Case]:
    """The clean run and every applicable defect, per profile (a defect counts once per profile
    where it has a form)."""
    chosen = defects or list(CATALOG)
    return [case for profile in profiles
            for case in [Case(profile)] + [Case(profile, name) for name in chosen
                                           if profile in CATALOG[name].profiles]]


# A wait that gave up: Playwright's own words, pytest-timeout's, or a page object's wrapping of a
# timeout ("...; it did not", "...; the widget sent no such call"). Behind the guarantee prefix it
# still names no cause unless it says what the wire showed meanwhile (testlib.guarantees.promised:
# "on the wire: #5 PATCH contact answered 401", or "no widget call failed meanwhile; gave up
# waiting for <what>").
WAITED = re.compile(r"Timeout \d+ ?ms exceeded|TimeoutError|Locator expected|pytest-timeout|; it did not\b|"
                    r"no such call|never became ready|did not load again|gave up after")
CAUSE = re.compile(r"on the wire: |no widget call failed meanwhile")
GUARANTEE, TIMEOUT_ONLY, GENERIC_ONLY = "guarantee", "timeout", "generic"
CATCH_WORDS = {GUARANTEE: "a named guarantee", TIMEOUT_ONLY: "only a timeout", GENERIC_ONLY: "only a generic message"}


@dataclass
class Failure:
    test: str
    message: str

    @property
    def names_a_guarantee(self) -> bool:
        return GUARANTEE_PREFIX in self.message

    @property
    def kind(self) -> str:
        """GUARANTEE: the message names a broken guarantee (and, for a wait that gave up, what the
        wire showed meanwhile); TIMEOUT_ONLY: a wait that gave up, bare or wrapped in the guarantee
        prefix without a cause; GENERIC_ONLY: anything else without the prefix (an IndexError, a
        bare assert)."""
        waited = bool(WAITED.search(self.message))
        if not self.names_a_guarantee:
            return TIMEOUT_ONLY if waited else GENERIC_ONLY
        return TIMEOUT_ONLY if waited and not CAUSE.search(self.message) else GUARANTEE


@dataclass
class SuiteRun:
    profile: str
    defect: str  # CLEAN for the reference without defects
    exit_code: int
    duration_s: float
    tests: int
    failures: list[Failure] = field(default_factory=list)
    server_errors: bool = False
    reports_dir: str = ""
    output_tail: str = ""
    bail: bool = False

    @property
    def case(self) -> Case:
        return Case(self.profile, self.defect)

    @property
    def completed(self) -> bool:
        """pytest ran the suite (to the end, or to its first failure when bailing): exit 0 (all
        passed) or 1 (some failed), and ran tests."""
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

    @property
    def caught_by(self) -> str | None:
        """How the defect was caught: GUARANTEE if any failure names a guarantee and its cause, else
        TIMEOUT_ONLY or GENERIC_ONLY (as its first failure reads); None if not caught."""
        if not self.caught:
            return None
        kinds = [failure.kind for failure in self.failures]
        return GUARANTEE if GUARANTEE in kinds else kinds[0]

    @property
    def caught_without_cause(self) -> bool:
        """Caught only by a timeout or a generic message, which the detection check counts apart."""
        return self.caught_by in (TIMEOUT_ONLY, GENERIC_ONLY)

    @property
    def status(self) -> str:
        """Mutation-testing words: detected / undetected for a defect, passes / fails for clean,
        error when pytest could not run the suite at all."""
        if self.exit_code == TIMED_OUT:
            return "timeout"
        if not self.completed:
            return "error"
        if self.case.is_clean:
            return "passes" if self.passed else "fails"
        return "detected" if self.caught else "undetected"

    def to_json(self) -> dict:
        data = asdict(self)
        data.update(caught=self.caught, passed=self.passed, completed=self.completed, status=self.status,
                    caught_by=self.caught_by)
        return data

    @classmethod
    def from_json(cls, data: dict) -> "SuiteRun":
        known = {name: value for name, value in data.items() if name in cls.__dataclass_fields__}
        known["failures"] = [Failure(**failure) for failure in data.get("failures", [])]
        return cls(**known)


def _clean_environment() -> dict[str, str]:
    """The nested run targets the reference with exactly the profile and defect asked for."""
    keep = {"WIDGET_E2E_FAKER_SEED"}
    return {key: value for key, value in os.environ.items()
            if not (key.startswith("WIDGET_E2E_") and key not in keep)
            and not key.startswith("PYTEST_") and key != "REFERENCE_DEFECTS"}


def first_line_of_interest(text: str) -> str:
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
            failures.append(Failure(name, first_line_of_interest(text)))
    return tests, failures


# A whole suite takes about a minute; a run still going after ten has hung (a single hung test is
# stopped sooner, by pytest-timeout's --timeout in addopts, and reported by name).
SUITE_TIMEOUT_S = 600
TIMED_OUT = -1


def run_pytest(args: list[str], reports_dir: Path, timeout_s: float | None = None,
               verbose: bool = False, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """pytest in a child process with its own reports directory (junit.xml, artifacts) and a clean
    widget-e2e environment. Raises subprocess.TimeoutExpired (after killing it) if it runs longer
    than `timeout_s` (default SUITE_TIMEOUT_S: no child runs unbounded). `verbose` prints each
    test's id as it starts (without xdist), so a run cut short shows which test was running.
    `extra_env` adds variables on top (mutants/ points REFERENCE_SOURCE_DIR at a mutated copy)."""
    reports_dir.mkdir(parents=True, exist_ok=True)
    (reports_dir / "junit.xml").unlink(missing_ok=True)
    command = [
        sys.executable, "-m", "pytest", "-v" if verbose else "-q", "-p", "no:cacheprovider",
        "--reports-dir", str(reports_dir), "--output", str(reports_dir / "artifacts"), *args,
    ]
    return subprocess.run(command, cwd=PROJECT_ROOT, env={**_clean_environment(), "PYTHONUNBUFFERED": "1", **(extra_env or {})},
                          capture_output=True, text=True, timeout=timeout_s or SUITE_TIMEOUT_S)


def running_test(verbose_output: str) -> str | None:
    """The test a verbose, serial pytest run had started but not finished when it was cut off."""
    lines = verbose_output.rstrip("\n").splitlines()
    last = lines[-1].strip() if lines and not verbose_output.endswith("\n") else ""
    return last if "::" in last and " " not in last else None


# Detection runs expect failures: no traces, and shorter waits than a nightly run's (the reference
# is local; the clean run uses the same values, so a flaky wait would show there first).
DETECTION_ARGS = ["--tracing", "off", "--screenshot", "off", "--video", "off",
                  "--expect-timeout-ms", "5000", "--action-timeout-ms", "5000"]


def suite_args(case: Case, bail: bool, run_first: list[str] | None = None) -> list[str]:
    args = ["e2e", "--widget-profile", case.profile, *DETECTION_ARGS]
    if case.browser_side:
        args += ["--ignore", "e2e/api"]
    if not case.is_clean:
        args += ["--reference-defects", case.defect]
        if bail:
            args += ["--maxfail", "1"]
            if run_first:
                args += ["--run-first", ",".join(run_first)]
    return args


def run_suite(case: Case, reports_root: Path, bail: bool = False, workers: int = 0,
              extra_args: list[str] | None = None, run_first: list[str] | None = None) -> SuiteRun:
    """The suite against the reference of `case`. With `bail` a defect run stops at its first
    failure (mutation testing's bail: one killing test is enough to count it detected), and runs
    the tests of `run_first` first (its known catchers, detection.catchers.first), which changes
    its cost, never its verdict: every test still runs until one fails."""
    reports_dir = reports_root / case.profile / case.defect
    started = time.monotonic()
    try:
        result = run_pytest(["-n", str(workers), *suite_args(case, bail, run_first), *(extra_args or [])], reports_dir,
                            timeout_s=SUITE_TIMEOUT_S, verbose=workers == 0)
        exit_code, stdout, stderr = result.returncode, result.stdout, result.stderr
    except subprocess.TimeoutExpired as expired:
        exit_code, stdout = TIMED_OUT, as_text(expired.stdout)
        running = running_test(stdout)
        stderr = (as_text(expired.stderr) + f"\nthe suite did not finish within {SUITE_TIMEOUT_S:.0f} s"
                  + (f"; it was running {running}" if running else ""))
    duration = time.monotonic() - started
    tests, failures = read_junit(reports_dir / "junit.xml")
    output = (stdout + stderr).strip().splitlines()
    return SuiteRun(
        profile=case.profile, defect=case.defect, exit_code=exit_code, duration_s=round(duration, 1),
        tests=tests, failures=failures, server_errors="reference answered with server errors" in stdout,
        reports_dir=str(reports_dir), output_tail="\n".join(output[-15:]), bail=bail and not case.is_clean,
    )


def as_text(output: str | bytes | None) -> str:
    return output.decode(errors="replace") if isinstance(output, bytes) else (output or "")
