"""The detection check: in every widget profile the e2e suite passes on the clean reference and
fails, naming the broken guarantee and its cause (never only a timeout or a generic message), on
every defect switch that has a form in that profile. The clean run of a profile is a pytest
process of its own against its own reference, and records which tests reach which lines of it
(detection/coverage_map.py); the defect runs of a profile share one process, one reference that
switches its defects between runs and one browser (detection/switching.py), each runs only the
tests that reach its defect's lines (detection/selection.py; tests/test_selection.py shows that
loses no catch), and they form a group of their own (`--dist loadgroup`, as `make test` passes
it, keeps each profile's runs on one worker). Defect runs stop at their first failure (bail); `python -m detection` without --bail lists
every catching test. A defect run starts with the tests that caught it before
(detection/catchers.json), so it mostly stops after one or two."""
from typing import Callable

import pytest

from detection import catchers, selection, switching
from detection.runner import CATCH_WORDS, SUITE_TIMEOUT_S, Case, SuiteRun, cases

CASES = cases()
DEFECT_CASES = [case for case in CASES if not case.is_clean]


@pytest.fixture(scope="session")
def switched_defect_run(detection_reports, clean_run_and_map) -> Callable[[Case], SuiteRun]:
    """A defect case's run, from the one child that runs all of its profile's defect cases (on the
    first case of that profile this worker meets), each with the tests its profile's clean run
    saw reach the defect's lines (detection/selection.py)."""
    runs: dict[str, SuiteRun] = {}

    def of(case: Case) -> SuiteRun:
        if case.id not in runs:
            _, recorded = clean_run_and_map(case.profile)
            profile_cases = [other for other in DEFECT_CASES if other.profile == case.profile]
            for run in switching.run_defects(profile_cases, detection_reports, bail=True, first=catchers.first,
                                             selection=lambda defect_case: selection.select(recorded, defect_case.defect)):
                runs[run.case.id] = run
        return runs[case.id]

    return of


def _defect_param(case: Case):
    # the defect runs of a profile may first wait for (or run) its clean run, which records the selection
    budget = SUITE_TIMEOUT_S + switching.budget_s(sum(other.profile == case.profile for other in DEFECT_CASES), bail=True)
    return pytest.param(case, id=case.id, marks=[pytest.mark.xdist_group(f"defects-{case.profile}"),
                                                 pytest.mark.timeout(budget + 60)])


def _failures(run: SuiteRun, limit: int = 8) -> str:
    return "\n".join(f"  {failure.test}: {failure.message}" for failure in run.failures[:limit])


@pytest.mark.parametrize("case", [case for case in CASES if case.is_clean], ids=lambda case: case.profile)
def test_the_clean_reference_passes_the_whole_e2e_suite(case: Case, clean_run_and_map, record_detection):
    run, _ = clean_run_and_map(case.profile)
    record_detection(run)
    assert run.completed, f"the e2e suite did not run to the end in {case.profile} (exit {run.exit_code}):\n" \
                          f"{run.output_tail}"
    assert run.passed, f"the e2e suite fails on the clean reference ({case.profile}):\n{_failures(run)}\n" \
                       f"{run.output_tail}"
    assert not run.server_errors, f"the reference ({case.profile}) answered a request of the clean run with a 5xx"


@pytest.mark.parametrize("case", [_defect_param(case) for case in DEFECT_CASES])
def test_the_e2e_suite_catches(case: Case, switched_defect_run, record_detection):
    run = record_detection(switched_defect_run(case))
    assert run.completed, f"the e2e suite did not run with {case.id} on (exit {run.exit_code}):\n{run.output_tail}"
    assert run.caught, f"the e2e suite passes although the reference ({case.profile}) has defect {case.defect}: " \
                       f"{case.what}"
    assert run.guarantee_messages, (
        f"the suite caught {case.id}, but no failure message names the broken guarantee:\n{_failures(run)}")
    assert not run.caught_without_cause, (
        f"the suite caught {case.id} only by {CATCH_WORDS[run.caught_by]}, which says nothing of what broke:\n"
        f"{_failures(run)}")
