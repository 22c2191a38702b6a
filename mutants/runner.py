"""Run the e2e suite against one mutant: a copy of the reference holding the mutated file, started
by the suite from that copy (REFERENCE_SOURCE_DIR), in each profile that runs the code, stopping at
the first failing test (bail) and at the first profile that kills it.

Other people edit the working tree while mutants run, so everything starts from one snapshot of
reference/ taken when the run begins; and a kill counts only if the killing test passes on that
snapshot without the mutant (a test that fails anyway, flaky or half-edited, kills nothing, and
later runs leave it out)."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from detection.runner import DETECTION_ARGS, read_junit
from detection.runner import run_pytest as run_detection_pytest
from mutants.model import Mutant
from mutants.targets import REFERENCE, is_module_script

KILLED, SURVIVED, TIMEOUT, INVALID = "killed", "survived", "timeout", "invalid"
NOT_COVERED = "not covered"  # no test of any of its profiles ran the mutated line: never run (Stryker's NoCoverage)
IGNORED = "ignored"  # marked in mutants/equivalent.toml before it ran: not run (Stryker's "ignored")
TARGET_UNUSABLE = 4  # fixtures/target.py: the reference did not start
SERVER_ERRORS = "reference answered with server errors"


@dataclass
class MutantResult:
    mutant: Mutant
    status: str
    profiles: list[str] = field(default_factory=list)  # the profiles the suite ran in
    killed_by: str = ""   # profile: test
    message: str = ""     # the killing failure's first line, or why the mutant is invalid
    duration_s: float = 0.0

    def to_json(self) -> dict:
        data = asdict(self)
        data["mutant"] = self.mutant.to_json()
        return data

    @classmethod
    def from_json(cls, data: dict) -> "MutantResult":
        mutant = {key: value for key, value in data["mutant"].items() if key != "id"}
        known = {key: value for key, value in data.items() if key in cls.__dataclass_fields__}
        return cls(**{**known, "mutant": Mutant(**mutant)})


def snapshot(destination: Path) -> Path:
    """A copy of the reference as it is now: the root every mutant of this run is made from."""
    shutil.copytree(REFERENCE, destination / "reference", ignore=shutil.ignore_patterns("__pycache__"))
    return destination


def syntax_problem(mutant: Mutant, text: str) -> str | None:
    """Why the mutated file cannot even be loaded (compile for Python, `node --check` for
    JavaScript when Node is installed), else None."""
    if not mutant.is_javascript:
        try:
            compile(text, mutant.file, "exec")
        except SyntaxError as error:
            return f"SyntaxError: {error.msg} (line {error.lineno})"
        return None
    node = shutil.which("node")
    if node is None:
        return None  # a script that does not parse then fails its page load, and the suite kills it
    with tempfile.TemporaryDirectory(prefix="mutant-check-") as folder:
        path = Path(folder) / ("script.mjs" if is_module_script(mutant.file) else "script.js")
        path.write_text(text, encoding="utf-8")
        checked = subprocess.run([node, "--check", str(path)], capture_output=True, text=True, timeout=60)
    lines = [line for line in checked.stderr.splitlines() if "Error" in line]
    return (lines[0] if lines else "node --check failed") if checked.returncode else None


def suite_args(mutant: Mutant, profile: str, deselected: set[str] = frozenset(),
               tests: list[str] | None = None) -> list[str]:
    """`tests`: just these node ids (the ones that run the mutated line), else the whole suite."""
    args = ["-n", "0", *(tests or ["e2e"]), "--widget-profile", profile, *DETECTION_ARGS, "--maxfail", "1"]
    if mutant.is_javascript:
        args += ["--ignore", "e2e/api"]  # httpx tests never run browser code (coverage analysis)
    for test in sorted(deselected):
        args += ["--deselect", test]
    return args


def run_pytest(args: list[str], reports_dir: Path, source_dir: Path, timeout_s: float) -> subprocess.CompletedProcess:
    """The detection check's child pytest, against the reference under `source_dir`."""
    return run_detection_pytest(args, reports_dir, timeout_s, extra_env={"REFERENCE_SOURCE_DIR": str(source_dir)})


class BrokenTests:
    """Tests found failing on the snapshot without any mutant, per profile: they kill nothing, so
    every later run leaves them out (shared by the run's threads)."""

    def __init__(self) -> None:
        self._tests: dict[str, set[str]] = {}
        self._lock = threading.Lock()

    def of(self, profile: str) -> set[str]:
        with self._lock:
            return set(self._tests.get(profile, ()))

    def add(self, profile: str, test: str) -> None:
        with self._lock:
            self._tests.setdefault(profile, set()).add(test)

    def all(self) -> dict[str, list[str]]:
        with self._lock:
            return {profile: sorted(tests) for profile, tests in self._tests.items()}


Selector = Callable[[Mutant, str], "list[str] | None"]  # (mutant, profile) -> tests to run; None: all


def run_mutant(mutant: Mutant, root: Path, profiles: tuple[str, ...], reports_root: Path, timeout_s: float,
               broken: BrokenTests | None = None, confirm: bool = True,
               selector: Selector = lambda mutant, profile: None) -> MutantResult:
    """`selector` names the tests of a profile that run the mutated line (detection/selection.py);
    a profile where none does is not run, and a mutant no profile's test reaches is NOT_COVERED."""
    started = time.monotonic()
    broken = broken or BrokenTests()
    text = mutant.apply((root / mutant.file).read_text(encoding="utf-8"))
    problem = syntax_problem(mutant, text)
    if problem:
        return MutantResult(mutant, INVALID, message=problem)
    selected = {profile: selector(mutant, profile) for profile in profiles}
    profiles = tuple(profile for profile in profiles if selected[profile] != [])
    if not profiles:
        return MutantResult(mutant, NOT_COVERED, message="no test runs this line on the clean reference",
                            duration_s=round(time.monotonic() - started, 1))
    reports_dir = reports_root / mutant.id.replace(":", "_")
    with tempfile.TemporaryDirectory(prefix="mutant-") as folder:
        source_dir = Path(folder)
        shutil.copytree(root / "reference", source_dir / "reference")
        (source_dir / mutant.file).write_text(text, encoding="utf-8")
        result = MutantResult(mutant, SURVIVED)
        for profile in profiles:
            result.profiles.append(profile)
            if _run_profile(result, profile, source_dir, root, reports_dir / profile, timeout_s, broken, confirm,
                            selected[profile]):
                break
    result.duration_s = round(time.monotonic() - started, 1)
    return result


def _run_profile(result: MutantResult, profile: str, source_dir: Path, root: Path, reports_dir: Path,
                 timeout_s: float, broken: BrokenTests, confirm: bool, tests: list[str] | None,
                 attempts: int = 3) -> bool:
    """One profile's verdict; True when the mutant is decided. A killing test that fails without
    the mutant too is recorded as broken and the profile runs again without it."""
    for _ in range(attempts):
        try:
            run = run_pytest(suite_args(result.mutant, profile, broken.of(profile), tests), reports_dir, source_dir,
                             timeout_s)
        except subprocess.TimeoutExpired:
            result.status, result.message = TIMEOUT, f"{profile}: the suite did not finish within {timeout_s:.0f} s"
            return True
        decided = _judge(result, run, profile, reports_dir)
        if result.status != KILLED or not confirm or "::" not in result.killed_by:
            return decided
        test = node_id(result.killed_by.partition(": ")[2])
        if _passes_without_mutant(test, profile, root, reports_dir.parent / "confirm", timeout_s):
            return True
        broken.add(profile, test)
        result.status, result.killed_by, result.message = SURVIVED, "", ""
    result.status, result.message = INVALID, f"{profile}: {attempts} killing tests failed without the mutant too"
    return True


def _judge(result: MutantResult, run: subprocess.CompletedProcess, profile: str, reports_dir: Path) -> bool:
    """Set the result from one profile's run; True when it is decided (no further profile needed)."""
    if run.returncode == 0:
        return False
    _, failures = read_junit(reports_dir / "junit.xml")
    output = (run.stdout + run.stderr).strip().splitlines()
    if run.returncode == 1 and (failures or SERVER_ERRORS in run.stdout):
        result.status = KILLED
        result.killed_by = f"{profile}: {failures[0].test}" if failures else f"{profile}: (5xx check)"
        result.message = failures[0].message if failures else SERVER_ERRORS
    else:
        result.status = INVALID
        reason = "the reference did not start" if run.returncode == TARGET_UNUSABLE else f"pytest exit {run.returncode}"
        result.message = f"{profile}: {reason}: {output[-1] if output else ''}"[:400]
    return True


def node_id(junit_name: str) -> str:
    """junit's 'e2e.test_exit::test_x[chromium]' as pytest's 'e2e/test_exit.py::test_x[chromium]'."""
    module, _, test = junit_name.partition("::")
    return f"{module.replace('.', '/')}.py::{test}"


def _passes_without_mutant(test: str, profile: str, root: Path, reports_dir: Path, timeout_s: float) -> bool:
    """The killing test again, on the snapshot without the mutant."""
    args = ["-n", "0", test, "--widget-profile", profile, *DETECTION_ARGS]
    try:
        return run_pytest(args, reports_dir, root, timeout_s).returncode == 0
    except subprocess.TimeoutExpired:
        return False
