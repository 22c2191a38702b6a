"""The repeat check (make flake) folds the repetitions of a test into one and lists every test that
failed at least once, with its messages."""
from detection.flake import ProfileRepeat, figure, markdown, without_repetition


def test_repetitions_of_a_test_are_one_test():
    assert without_repetition("e2e/test_exit.py::test_a[chromium-3-20]", 20) == "e2e/test_exit.py::test_a[chromium]"
    assert without_repetition("e2e/api/test_contract.py::test_b[12-20]", 20) == "e2e/api/test_contract.py::test_b"


def test_every_test_that_failed_once_is_listed_with_its_messages():
    flaky = ProfileRepeat("fork", runs=20, exit_code=1, test_runs=3940,
                          failed={"e2e/test_exit.py::test_a[chromium]": ["broken guarantee: x", "broken guarantee: x"]})
    steady = ProfileRepeat("upstream", runs=20, exit_code=0, test_runs=3940)
    report = markdown([steady, flaky])
    assert "## fork: `e2e/test_exit.py::test_a[chromium]` failed 2 of 20" in report
    assert "- 2x broken guarantee: x" in report
    assert figure([steady, flaky]).startswith("repeat check: 1 test(s) failed at least once in 20 run(s)")
