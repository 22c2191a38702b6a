"""--run-first (fixtures/run_first.py) only moves the named tests to the front: the run selects the
same tests, so a bail run with the known catchers first cannot lose a catch. A catcher the suite no
longer has (a renamed test) is ignored without an error. The catch history keeps node ids."""
from detection import catchers
from detection.runner import Failure, SuiteRun
from fixtures.run_first import named, reorder
from tests.test_sharding import collected


class Item:
    def __init__(self, nodeid: str):
        self.nodeid = nodeid


def test_reorder_puts_the_named_tests_first_and_keeps_the_rest_in_order():
    items = [Item(f"e2e/test_a.py::test_{n}") for n in range(5)]
    order = reorder(items, ["e2e/test_a.py::test_3", "e2e/test_gone.py::test_renamed", "e2e/test_a.py::test_1"])
    assert [item.nodeid[-1] for item in order] == ["3", "1", "0", "2", "4"]
    assert sorted(order, key=items.index) == items


def test_named_splits_comma_separated_values():
    assert named(["a::x, b::y", "", "c::z"]) == ["a::x", "b::y", "c::z"]


def test_the_suite_selects_the_same_tests_with_the_catchers_first_and_ignores_unknown_ids(tmp_path):
    everything = collected(tmp_path)
    first = [everything[-1], everything[len(everything) // 2]]
    reordered = collected(tmp_path, "--run-first", ",".join([first[0], "e2e/test_gone.py::test_renamed"]),
                          "--run-first", first[1])
    assert reordered[:2] == first
    assert sorted(reordered) == sorted(everything)
    assert [test for test in reordered if test not in first] == [test for test in everything if test not in first]


def test_the_history_keeps_node_ids_newest_first_and_only_of_catches():
    caught = SuiteRun("documented", "token-not-sent", exit_code=1, duration_s=1, tests=2, failures=[
        Failure("e2e.api.test_contract::test_update_contact_merges_custom_attributes", "broken guarantee: x")])
    missed = SuiteRun("documented", "hmac-not-enforced", exit_code=0, duration_s=1, tests=2)
    history = catchers.merge({"documented/token-not-sent": ["e2e/test_smoke.py::test_old"]}, [caught, missed])
    assert history == {"documented/token-not-sent": [
        "e2e/api/test_contract.py::test_update_contact_merges_custom_attributes", "e2e/test_smoke.py::test_old"]}
    assert catchers.node_id("e2e.test_nowhere::test_x") == "e2e.test_nowhere::test_x"

