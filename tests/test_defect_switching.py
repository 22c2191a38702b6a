"""Defects switched in a running reference (PUT /__reference__/defects, --switchable-defects) and
the defect plan that runs the suite once per defect in one session (fixtures/defect_plan.py): a
switch takes effect at the next request, in the API and in the served SDK alike, and nothing of
one case's defect is left for the next."""
from __future__ import annotations

import json

import httpx
import pytest

from detection.runner import DETECTION_ARGS, run_pytest
from fixtures.defect_plan import CLEAN, SWITCH_PATH, chosen
from testlib.guarantees import PREFIX
from testlib.reference_process import ReferenceProcess

EXIT_TEST = "e2e/test_exit.py::test_leaving_forgets_the_token_everywhere[chromium]"
MERGE_TEST = "e2e/api/test_contract.py::test_update_contact_merges_custom_attributes"
SAVED_DETAILS_TEST = "e2e/api/test_contract.py::test_show_contact_answers_the_contact_fields"


@pytest.fixture(scope="module")
def switchable(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("switchable")
    with ReferenceProcess.start(workdir, workdir / "reference.log", profile="upstream",
                                switchable_defects=True) as reference:
        yield reference.info["widget_url"]


def switch(widget_url: str, defects: list[str]) -> httpx.Response:
    return httpx.put(widget_url + SWITCH_PATH, json={"defects": defects}, timeout=10)


def test_a_switched_defect_is_on_from_the_next_request_in_the_api_and_the_sdk(switchable):
    assert switch(switchable, ["token-not-sent"]).json() == {"defects": ["token-not-sent"]}
    assert httpx.get(switchable + "/api").json()["defects"] == ["token-not-sent"]
    assert '"token-not-sent"' in httpx.get(switchable + "/packs/js/sdk.js").text
    assert switch(switchable, []).status_code == 200
    assert httpx.get(switchable + "/api").json()["defects"] == []
    assert '"token-not-sent"' not in httpx.get(switchable + "/packs/js/sdk.js").text


@pytest.mark.parametrize("defects, reason", [
    (["no-such-defect"], "unknown reference defect(s) no-such-defect"),
    (["header-kept-on-exit"], "the upstream profile has no form of defect(s) header-kept-on-exit"),
])
def test_a_switch_the_profile_cannot_take_is_refused_and_changes_nothing(switchable, defects, reason):
    switch(switchable, ["hmac-not-enforced"])
    answer = switch(switchable, defects)
    assert answer.status_code == 422 and reason in answer.json()["error"]
    assert httpx.get(switchable + "/api").json()["defects"] == ["hmac-not-enforced"]
    switch(switchable, [])


def test_a_reference_started_without_the_flag_has_no_switch(tmp_path):
    with ReferenceProcess.start(tmp_path, tmp_path / "reference.log") as reference:
        assert switch(reference.info["widget_url"], ["token-not-sent"]).status_code in (404, 405)


def test_a_defect_plan_runs_each_case_under_its_own_defect_only(tmp_path):
    """A defect, then none, then another: the first and third case fail by their guarantees, and
    the same test passes in between, so a switch neither lags nor leaves anything behind."""
    results = tmp_path / "results.json"
    plan = {"bail": True, "results": str(results), "cases": [
        {"defect": "token-kept-on-exit", "only": [EXIT_TEST]},
        {"defect": CLEAN, "only": [EXIT_TEST, MERGE_TEST]},
        {"defect": "custom-attributes-replace", "only": [EXIT_TEST, MERGE_TEST], "first": [MERGE_TEST]},
    ]}
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    child = run_pytest(["-n", "0", "e2e", "--widget-profile", "documented", *DETECTION_ARGS,
                        "--defect-plan", str(tmp_path / "plan.json")], tmp_path / "reports")
    kept_token, clean, replaced = json.loads(results.read_text())
    assert list(kept_token["failures"]) == [EXIT_TEST], child.stdout[-3000:]
    assert PREFIX.strip() in kept_token["failures"][EXIT_TEST]
    assert clean["tests"] == 2 and clean["failures"] == {}, clean["failures"]
    assert replaced["tests"] == 1 and list(replaced["failures"]) == [MERGE_TEST], \
        "with bail the case ends at its first failure, which its `first` test is"


def test_a_selection_in_a_plan_keeps_its_tests_and_every_test_it_did_not_know():
    case = {"defect": "token-kept-on-exit", "only": ["e2e/test_a.py::test_selected"],
            "knew": ["e2e/test_a.py::test_selected", "e2e/test_a.py::test_left_out"]}
    suite = ["e2e/test_a.py::test_selected", "e2e/test_a.py::test_left_out", "e2e/test_new.py::test_newer_than_the_map"]
    assert [test for test in suite if chosen(test, case)] == \
        ["e2e/test_a.py::test_selected", "e2e/test_new.py::test_newer_than_the_map"]
    assert all(chosen(test, {"defect": CLEAN}) for test in suite), "a case without a selection runs every test"


def test_a_test_run_again_in_a_plan_meets_other_visitors(tmp_path):
    """One database serves every case: a test run in two cases must not meet the contact its first
    run saved (it would fail for that, and seem to catch a defect it never saw)."""
    results = tmp_path / "results.json"
    plan = {"bail": False, "results": str(results),
            "cases": [{"defect": CLEAN, "only": [SAVED_DETAILS_TEST]}, {"defect": CLEAN, "only": [SAVED_DETAILS_TEST]}]}
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    child = run_pytest(["-n", "0", "e2e/api", "--widget-profile", "fork", *DETECTION_ARGS,
                        "--defect-plan", str(tmp_path / "plan.json")], tmp_path / "reports")
    first, again = json.loads(results.read_text())
    assert first["tests"] == again["tests"] == 1, child.stdout[-3000:]
    assert again["failures"] == {}, f"the second run of the same test failed on the clean reference: {again['failures']}"
