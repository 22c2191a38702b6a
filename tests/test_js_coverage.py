"""--js-coverage (fixtures/js_coverage.py, testlib/js_coverage.py): V8's nested block ranges become
the lines that ran (pure), and a real e2e test run with the flag names lines of the SDK and of the
widget iframe's app."""
from __future__ import annotations

import hashlib
import json
import random

from detection.runner import DETECTION_ARGS, run_pytest
from testlib.js_coverage import WidgetScripts, executed_lines, first_code_offsets, report_path, write_report

RELOAD_TEST = "e2e/test_token_lifecycle.py::test_page_reload_keeps_the_contact[chromium]"


def function(*ranges: tuple[int, int, int]) -> dict:
    """A V8 FunctionCoverage: its own range first, then its blocks."""
    return {"functionName": "", "isBlockCoverage": True,
            "ranges": [{"startOffset": start, "endOffset": end, "count": count} for start, end, count in ranges]}


SOURCE = "\n".join([
    "var a = 1;",       # 1  starts at offset 0
    "function f(x) {",  # 2  11
    "  if (x) {",       # 3  27 (code at 29, the block's brace at 36)
    "    return 1;",    # 4  38
    "  }",              # 5  52
    "",                 # 6  56
    "  return 2;",      # 7  57
    "}",                # 8  69
    "f(0);",            # 9  71, the end at 76
])


def test_a_line_ran_when_the_innermost_range_at_its_first_character_counted():
    script = function((0, len(SOURCE), 1))
    f = function((11, 70, 1), (35, 56, 0))  # f ran once; its if-block never did
    assert executed_lines(SOURCE, [script, f]) == [1, 2, 3, 7, 8, 9]


def test_an_uncalled_function_inside_a_run_script_did_not_run():
    assert executed_lines(SOURCE, [function((0, len(SOURCE), 1)), function((11, 70, 0))]) == [1, 9]


def test_a_range_nested_in_an_uncounted_one_decides_for_its_own_lines():
    assert executed_lines(SOURCE, [function((0, len(SOURCE), 0)), function((11, 70, 3), (35, 56, 0))]) == [2, 3, 7, 8]


def test_lines_outside_every_range_and_blank_lines_did_not_run():
    assert executed_lines(SOURCE, [function((11, 70, 1))]) == [2, 3, 4, 5, 7, 8]
    assert executed_lines("\n  \n\t\n", [function((0, 5, 1))]) == []


def test_offsets_count_utf16_units_and_every_javascript_line_terminator():
    source = "s = '\U0001F600';\r\n  t();\u2028u();\rv();"
    assert first_code_offsets(source) == [(1, 0), (2, 13), (3, 18), (4, 23)]  # the emoji is two units
    only_t = function((0, 27, 0), (13, 17, 1))
    assert executed_lines(source, [only_t]) == [2]


def test_the_sweep_agrees_with_looking_up_every_line_on_random_nested_ranges():
    generator = random.Random(7)
    source = "\n".join(" " * generator.randrange(4) + "x();" for _ in range(60))
    for _ in range(200):
        functions = [function(*random_nesting(generator, 0, len(source)))]
        assert executed_lines(source, functions) == innermost_by_lookup(source, functions)


def random_nesting(generator: random.Random, start: int, end: int, depth: int = 0) -> list[tuple[int, int, int]]:
    ranges = [(start, end, generator.choice([0, 1, 2]))]
    position = start
    while depth < 3 and end - position > 4 and generator.random() < 0.7:
        inner_start = generator.randrange(position, end - 2)
        inner_end = generator.randrange(inner_start + 1, end)
        ranges += random_nesting(generator, inner_start, inner_end, depth + 1)
        position = inner_end
    return ranges


def innermost_by_lookup(source: str, functions: list[dict]) -> list[int]:
    ranges = [(r["startOffset"], r["endOffset"], r["count"], order)
              for order, r in enumerate(r for f in functions for r in f["ranges"])]
    ran = []
    for line, offset in first_code_offsets(source):
        holding = [r for r in ranges if r[0] <= offset < r[1]]
        if holding and max(holding, key=lambda r: (r[0], -r[1], r[3]))[2] > 0:
            ran.append(line)
    return ran


def test_only_the_widget_origins_static_scripts_count():
    scripts = WidgetScripts.of("http://localhost:3000", ["/packs/js/sdk.js", "/packs/css/app.css"])
    assert scripts.path_of("http://localhost:3000/packs/js/sdk.js?v=1") == "/packs/js/sdk.js"
    assert scripts.path_of("http://localhost:4000/packs/js/sdk.js") is None
    assert scripts.path_of("http://localhost:3000/widget?website_token=x") is None
    assert scripts.path_of("http://localhost:3000/packs/css/app.css") is None


def test_the_report_is_named_by_the_sha1_of_the_node_id(tmp_path):
    path = write_report(tmp_path, "e2e/test_a.py::test_b[chromium]", {"/packs/js/sdk.js": [1, 2]})
    assert path.name == hashlib.sha1(b"e2e/test_a.py::test_b[chromium]").hexdigest() + ".json"
    assert json.loads(path.read_text()) == {"test": "e2e/test_a.py::test_b[chromium]",
                                            "lines": {"/packs/js/sdk.js": [1, 2]}}


def test_an_e2e_test_run_with_the_flag_reports_lines_of_the_sdk_and_the_widget_app(tmp_path):
    coverage = tmp_path / "js-coverage"
    child = run_pytest(["-n", "0", RELOAD_TEST, "--widget-profile", "documented", *DETECTION_ARGS,
                        "--js-coverage", str(coverage)], tmp_path / "reports")
    assert child.returncode == 0, child.stdout[-3000:]
    report = json.loads(report_path(coverage, RELOAD_TEST).read_text())
    assert report["test"] == RELOAD_TEST
    assert {"/packs/js/sdk.js", "/packs/js/widget.js"} <= set(report["lines"]), report["lines"].keys()
    assert all(lines == sorted(set(lines)) and lines[0] >= 1 for lines in report["lines"].values())
