"""The detection check: the e2e suite passes on the clean reference and fails, naming the broken
guarantee, on every defect switch. Each case runs the whole suite in its own pytest process against
its own reference; xdist runs several at once."""
import pytest

from detection.runner import CLEAN, SuiteRun, run_suite
from reference.defects import CATALOG


def _failures(run: SuiteRun, limit: int = 8) -> str:
    return "\n".join(f"  {failure.test}: {failure.message}" for failure in run.failures[:limit])


def test_clean_reference_passes_the_whole_e2e_suite(detection_reports, record_detection):
    run = record_detection(run_suite(CLEAN, detection_reports))
    assert run.completed, f"the e2e suite did not run to the end (exit {run.exit_code}):\n{run.output_tail}"
    assert run.passed, f"the e2e suite fails on the clean reference:\n{_failures(run)}\n{run.output_tail}"
    assert not run.server_errors, "the reference answered a request of the clean run with a 5xx"


@pytest.mark.parametrize("defect", sorted(CATALOG))
def test_the_e2e_suite_catches(defect, detection_reports, record_detection):
    run = record_detection(run_suite(defect, detection_reports))
    what = CATALOG[defect][1]
    assert run.completed, f"the e2e suite did not run to the end with {defect} on (exit {run.exit_code}):\n" \
                          f"{run.output_tail}"
    assert run.caught, f"the e2e suite passes although the reference has defect {defect}: {what}"
    assert run.guarantee_messages, (
        f"the suite caught {defect}, but no failure message names the broken guarantee:\n{_failures(run)}")
