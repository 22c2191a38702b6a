"""The detection check: in every widget profile the e2e suite passes on the clean reference and
fails, naming the broken guarantee and its cause (never only a timeout or a generic message), on
every defect switch that has a form in that profile. Each case runs the suite in its own pytest
process against its own reference; xdist runs several at once. Defect runs stop at their first failure (bail), which keeps `make test` within its budget;
`python -m detection` without --bail lists every catching test. A defect run starts with the tests
that caught it before (detection/catchers.json), so it mostly stops after one or two."""
import pytest

from detection import catchers
from detection.runner import CATCH_WORDS, Case, SuiteRun, cases, run_suite

CASES = cases()


def _failures(run: SuiteRun, limit: int = 8) -> str:
    return "\n".join(f"  {failure.test}: {failure.message}" for failure in run.failures[:limit])


@pytest.mark.parametrize("case", [case for case in CASES if case.is_clean], ids=lambda case: case.profile)
def test_the_clean_reference_passes_the_whole_e2e_suite(case: Case, detection_reports, record_detection):
    run = record_detection(run_suite(case, detection_reports))
    assert run.completed, f"the e2e suite did not run to the end in {case.profile} (exit {run.exit_code}):\n" \
                          f"{run.output_tail}"
    assert run.passed, f"the e2e suite fails on the clean reference ({case.profile}):\n{_failures(run)}\n" \
                       f"{run.output_tail}"
    assert not run.server_errors, f"the reference ({case.profile}) answered a request of the clean run with a 5xx"


@pytest.mark.parametrize("case", [case for case in CASES if not case.is_clean], ids=lambda case: case.id)
def test_the_e2e_suite_catches(case: Case, detection_reports, record_detection):
    run = record_detection(run_suite(case, detection_reports, bail=True, run_first=catchers.first(case.id)))
    assert run.completed, f"the e2e suite did not run with {case.id} on (exit {run.exit_code}):\n{run.output_tail}"
    assert run.caught, f"the e2e suite passes although the reference ({case.profile}) has defect {case.defect}: " \
                       f"{case.what}"
    assert run.guarantee_messages, (
        f"the suite caught {case.id}, but no failure message names the broken guarantee:\n{_failures(run)}")
    assert not run.caught_without_cause, (
        f"the suite caught {case.id} only by {CATCH_WORDS[run.caught_by]}, which says nothing of what broke:\n"
        f"{_failures(run)}")
