"""The defect runs of one profile in one pytest process: one reference whose defects are switched
between runs and one warm browser (fixtures/defect_plan.py), instead of a process, a reference and
a browser per defect, which cost about 9 s of every 11 s defect run with its catchers first.

Each case's verdict is the same as a run of its own (detection.runner.run_suite): the same tests,
the known catchers first, and with bail its first failure ends it."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Callable

from detection.runner import (
    DETECTION_ARGS, SUITE_TIMEOUT_S, TIMED_OUT, Case, Failure, SuiteRun, as_text, first_line_of_interest, run_pytest,
)
from detection.selection import Selection

NOT_COVERED = "not covered: no test of the suite ran a line of this defect on the clean reference"
API_TESTS = "e2e/api/"  # httpx only: they never load the SDK or the iframe app
# A case with bail stops at its first catching test, a minute at most in the suite's own order; one
# without bail runs the whole suite. A hung test is stopped sooner, by pytest-timeout.
BAIL_CASE_BUDGET_S, FULL_CASE_BUDGET_S = 90, SUITE_TIMEOUT_S


def budget_s(cases: int, bail: bool) -> float:
    """How long the child running `cases` defect runs may take before it counts as hung."""
    return SUITE_TIMEOUT_S + cases * (BAIL_CASE_BUDGET_S if bail else FULL_CASE_BUDGET_S)


def plan(cases: list[Case], results: Path, bail: bool, first: Callable[[str], list[str]],
         selection: Callable[[Case], Selection | None] = lambda case: None) -> dict:
    """`selection`: the tests a case needs (detection/selection.py); None: the whole suite."""
    return {"bail": bail, "results": str(results),
            "cases": [{"defect": case.defect, "first": first(case.id), "skip": [API_TESTS] if case.browser_side else [],
                       **(chosen.plan_fields() if (chosen := selection(case)) else {})}
                      for case in cases]}


def run_defects(cases: list[Case], reports_root: Path, bail: bool = True,
                first: Callable[[str], list[str]] = lambda case_id: [],
                selection: Callable[[Case], Selection | None] = lambda case: None) -> list[SuiteRun]:
    """The defect cases of one profile (clean ones are refused: they run on their own, with
    run_suite), in one child pytest; a case the child never finished is an error with its output.
    With a `selection` each case runs only the tests that can see its defect."""
    profiles = {case.profile for case in cases}
    if len(profiles) != 1 or any(case.is_clean for case in cases):
        raise ValueError("run_defects takes the defect cases of one profile")
    profile = profiles.pop()
    reports_dir = reports_root / profile / "switched-defects"
    reports_dir.mkdir(parents=True, exist_ok=True)
    results_path, plan_path = reports_dir / "results.json", reports_dir / "plan.json"
    results_path.unlink(missing_ok=True)
    chosen = {case.id: selection(case) for case in cases}
    plan_path.write_text(json.dumps(plan(cases, results_path, bail, first, lambda case: chosen[case.id]), indent=1))
    budget = budget_s(len(cases), bail)
    try:
        child = run_pytest(["-n", "0", "e2e", "--widget-profile", profile, *DETECTION_ARGS,
                            "--defect-plan", str(plan_path)], reports_dir, timeout_s=budget)
        exit_code, output = child.returncode, (child.stdout + child.stderr).strip()
    except subprocess.TimeoutExpired as expired:
        exit_code = TIMED_OUT
        output = as_text(expired.stdout) + as_text(expired.stderr) + \
            f"\nthe defect runs of {profile} did not finish within {budget:.0f} s"
    tail = "\n".join(output.splitlines()[-15:])
    finished = {result["defect"]: result for result in _results(results_path)}
    return [_suite_run(case, finished.get(case.defect), exit_code, str(reports_dir),
                       NOT_COVERED if chosen[case.id] and chosen[case.id].not_covered else tail, bail)
            for case in cases]


def _results(path: Path) -> list[dict]:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return []


def _suite_run(case: Case, result: dict | None, child_exit: int, reports_dir: str, tail: str, bail: bool) -> SuiteRun:
    if result is None:  # the child ended (or was stopped) before this case
        return SuiteRun(profile=case.profile, defect=case.defect, exit_code=child_exit, duration_s=0, tests=0,
                        reports_dir=reports_dir, output_tail=tail, bail=bail)
    failures = [Failure(test, first_line_of_interest(text)) for test, text in result["failures"].items()]
    return SuiteRun(profile=case.profile, defect=case.defect, exit_code=1 if failures else 0,
                    duration_s=result["duration_s"], tests=result["tests"], failures=failures,
                    server_errors=result["server_errors"], reports_dir=reports_dir, output_tail=tail, bail=bail)
