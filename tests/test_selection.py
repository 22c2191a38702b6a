"""The detection check's test selection loses no catch: a defect run keeps every test that can see
its defect (detection/selection.py). The defect runs of tests/test_detection.py show that the
selected tests catch every defect; here, that they keep every test that ever caught it (the catch
history, detection/catchers.json, which `python -m detection` fills from whole-suite runs), so the
selection catches a defect exactly when the whole suite does."""
import ast

import pytest

from detection import catchers, selection
from detection.coverage_map import START_UP, CoverageMap
from detection.runner import cases
from testlib.profiles import PROFILE_NAMES

DEFECT_CASES = [case for case in cases() if not case.is_clean]


@pytest.mark.parametrize("case", DEFECT_CASES, ids=lambda case: case.id)
def test_the_reference_checks_every_defect_switch_where_the_selection_looks(case):
    """A defect whose checks the selection does not find would run every test: right, but a sign
    that the reference checks it some new way the selection has to learn."""
    assert selection.defect_lines(case.defect, case.profile), (
        f"no line of the reference checks {case.defect} as `\"{case.defect}\" in defects`, through a constant, "
        "or quoted in a served script: the selection would not know which tests reach it")


def test_a_python_check_counts_at_the_first_line_of_its_statement():
    source = (
        'WRONG_ROOM_DEFECT = "cable-wrong-room"\n'
        'def deliver(defects, room):\n'
        '    """cable-wrong-room: prose, not a check."""\n'
        '    if (room and\n'
        '            WRONG_ROOM_DEFECT in defects):\n'
        '        return "other"\n'
        '    return "cable-wrong-room" in defects\n'
    )
    constants = {"WRONG_ROOM_DEFECT": "cable-wrong-room"}
    assert selection._python_checks(ast.parse(source), "cable-wrong-room", constants) == {4, 7}


@pytest.mark.parametrize("profile", PROFILE_NAMES)
def test_the_selection_keeps_every_test_that_caught_a_defect(profile, clean_run_and_map):
    run, recorded = clean_run_and_map(profile)
    assert recorded.test_ids, f"the clean run of {profile} recorded no per-test coverage:\n{run.output_tail}"
    history = catchers.load()
    lost = {}
    for case in (case for case in DEFECT_CASES if case.profile == profile):
        chosen = selection.select(recorded, case.defect)
        if chosen.everything:
            continue
        kept = set(chosen.tests)
        left_out = [test for test in history.get(case.id, []) if test in recorded.tests and test not in kept]
        if left_out:
            lost[case.defect] = left_out
    assert not lost, (f"in {profile}, the selection leaves out tests that caught the defect before (it would lose "
                      f"those catches): " + "; ".join(f"{defect}: {', '.join(tests)}" for defect, tests in lost.items()))



def test_a_defect_run_keeps_just_the_tests_that_ran_its_lines():
    [(source, lines)] = selection.defect_lines("custom-attributes-replace", "documented").items()
    line = min(lines)
    recorded = CoverageMap("documented", "x", {
        "e2e/test_a.py::test_merges": {source: {line}},
        "e2e/test_b.py::test_elsewhere": {source: {line - 3}},  # another function of the module
        "e2e/test_c.py::test_other_file": {"reference/store.py": {line}},
    })
    chosen = selection.select(recorded, "custom-attributes-replace")
    assert chosen.tests == ["e2e/test_a.py::test_merges"]
    assert chosen.plan_fields() == {"only": ["e2e/test_a.py::test_merges"], "knew": recorded.test_ids}


def test_a_defect_in_scripts_runs_every_test_when_the_map_has_no_script_coverage():
    recorded = CoverageMap("documented", "x", {"e2e/test_a.py::test_exit": {}}, scripts_measured=False)
    chosen = selection.select(recorded, "token-kept-on-exit")
    assert chosen.everything and chosen.plan_fields() == {}


def test_a_line_the_reference_ran_at_start_up_selects_every_test():
    [(source, lines)] = selection.defect_lines("custom-attributes-replace", "documented").items()
    recorded = CoverageMap("documented", "x", {
        START_UP: {source: set(lines)},
        "e2e/test_a.py::test_one": {},
        "e2e/test_b.py::test_two": {"reference/store.py": {1}},
    })
    assert selection.select(recorded, "custom-attributes-replace").tests == \
        ["e2e/test_a.py::test_one", "e2e/test_b.py::test_two"]
