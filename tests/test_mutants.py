"""The mutant runner's own parts, without running the suite: mutant generation on small snippets,
ids, the marks file and the report's scores."""
from pathlib import Path

import pytest

from detection import selection

from mutants import marks
from mutants.js_mutants import js_mutants, tokenize
from mutants.model import BOOLEAN, CALL, COMPARISON, NEGATION, NUMBER, RAISE, RETURN, STRING, Mutant
from mutants.python_mutants import python_mutants
from mutants import report
from mutants.report import tally
from mutants.runner import IGNORED, INVALID, KILLED, NOT_COVERED, SURVIVED, TIMEOUT, MutantResult, run_mutant, syntax_problem
from mutants.targets import profiles_running


def applied(mutants: list[Mutant], source: str, operator: str) -> set[str]:
    return {mutant.apply(source) for mutant in mutants if mutant.operator == operator}


PYTHON = '''\
def check(status, body, defects):
    """A docstring with 'quoted' words stays."""
    if status == 404 and not body:
        raise ApiError(404, "not found")
    if "some-defect" in defects:
        body = None  # only with a defect on
    if status < 3:
        return True
    notify(body)  # a call statement
    return body.get("name")
'''


def test_python_operators_produce_minimal_textual_changes():
    mutants = python_mutants("reference/x.py", PYTHON)
    compare = applied(mutants, PYTHON, COMPARISON)
    assert PYTHON.replace("status == 404", "status != 404") in compare
    assert {PYTHON.replace("status < 3", "status >= 3"), PYTHON.replace("status < 3", "status <= 3")} <= compare
    assert PYTHON.replace('"some-defect" in defects', '"some-defect" not in defects') in compare
    assert PYTHON.replace("404 and not", "404 or not") in applied(mutants, PYTHON, BOOLEAN)
    assert PYTHON.replace("not body", "body") in applied(mutants, PYTHON, NEGATION)
    assert PYTHON.replace("return True", "return False") in applied(mutants, PYTHON, BOOLEAN)
    numbers = applied(mutants, PYTHON, NUMBER)
    assert PYTHON.replace("ApiError(404", "ApiError(400") in numbers  # a 4xx status becomes another
    assert {PYTHON.replace("< 3", "< 4"), PYTHON.replace("< 3", "< 2")} <= numbers
    assert PYTHON.replace('"name"', '""') in applied(mutants, PYTHON, STRING)
    assert applied(mutants, PYTHON, RAISE) == {PYTHON.replace('raise ApiError(404, "not found")', "pass")}
    assert applied(mutants, PYTHON, CALL) == {PYTHON.replace("notify(body)", "pass")}
    assert applied(mutants, PYTHON, RETURN) == {PYTHON.replace("return True", "pass")}
    for mutant in mutants:
        compile(mutant.apply(PYTHON), "x.py", "exec")


def test_python_leaves_docstrings_prose_defect_names_and_defect_only_code_alone():
    mutants = python_mutants("reference/x.py", PYTHON)
    touched = {mutant.line for mutant in mutants}
    assert 2 not in touched, "the docstring"
    assert 6 not in touched, "code that runs only with a defect switched on"
    assert not [m for m in mutants if m.original in ('"not found"', '"some-defect"')], "prose and defect names stay"


def test_negation_removal_keeps_parentheses():
    source = "x = not (a or b)\n"
    [mutant] = [m for m in python_mutants("reference/x.py", source) if m.operator == NEGATION]
    assert mutant.apply(source) == "x = (a or b)\n"


def test_ids_survive_unrelated_edits_and_tell_identical_lines_apart():
    moved = "import os\n\n" + PYTHON
    before = {m.id: (m.line_text, m.diff) for m in python_mutants("reference/x.py", PYTHON)}
    after = {m.id: (m.line_text, m.diff) for m in python_mutants("reference/x.py", moved)}
    assert before == after
    twice = "a = x == 1\nb = 2\na = x == 1\n"
    ids = [m.id for m in python_mutants("reference/x.py", twice) if m.operator == COMPARISON]
    assert len(ids) == 2 and len(set(ids)) == 2
    assert ids[0].startswith("x.py:comparison:")


JS = """\
// a comment with a == b and 'quoted' words
function go(a, b) {
  var re = /a==b'/g;
  var text = `x == ${a === b ? 'one' : ''} && y`;
  if (!a) return;
  if (a.status === 404 && b) throw new Error('gone');
  if (defect('some-defect')) { post('defect-only'); }
  post({ event: 'exitChat', style: 'a{b:c}', table: { 'Europe/Paris': 'FR' } });
  return a !== b || true;
}
"""


def test_javascript_operators_produce_minimal_textual_changes():
    mutants = js_mutants("reference/static/x.js", JS)
    compare = applied(mutants, JS, COMPARISON)
    assert JS.replace("status === 404", "status !== 404") in compare
    assert JS.replace("a !== b ||", "a === b ||") in compare
    assert JS.replace("${a === b", "${a !== b") in compare, "code inside ${...} is code"
    assert JS.replace("404 && b", "404 || b") in applied(mutants, JS, BOOLEAN)
    assert JS.replace("|| true", "|| false") in applied(mutants, JS, BOOLEAN)
    assert applied(mutants, JS, NEGATION) == {JS.replace("if (!a)", "if (a)")}
    assert JS.replace("404", "400") in applied(mutants, JS, NUMBER)
    assert JS.replace("'exitChat'", "''") in applied(mutants, JS, STRING)
    assert JS.replace("'FR'", "''") in applied(mutants, JS, STRING)
    assert applied(mutants, JS, RAISE) == {JS.replace("throw new Error('gone');", ";")}
    assert applied(mutants, JS, RETURN) == {JS.replace("if (!a) return;", "if (!a) ;")}
    assert applied(mutants, JS, CALL) == {JS.replace(
        "post({ event: 'exitChat', style: 'a{b:c}', table: { 'Europe/Paris': 'FR' } });", ";")}


def test_javascript_leaves_comments_strings_templates_regexes_and_defect_code_alone():
    mutants = js_mutants("reference/static/x.js", JS)
    assert {1, 3, 7}.isdisjoint(m.line for m in mutants), "comment, regex, defect-only code"
    emptied = {m.original for m in mutants if m.operator == STRING}
    assert not emptied & {"'a{b:c}'", "'Europe/Paris'"}, "style sheet text and data table keys"
    line_4 = [m.original for m in mutants if m.line == 4]
    assert "&&" not in line_4 and "==" not in line_4, "template text is text"
    kinds = [token.kind for token in tokenize(JS)]
    assert "regex" in kinds and "template" in kinds


def test_profiles_run_only_the_scripts_they_serve():
    assert profiles_running("reference/static/widget.js") == ("documented",)
    assert profiles_running("reference/static/sdk.js") == ("documented",)
    assert profiles_running("reference/static/app-api.js") == ("upstream", "fork")
    assert profiles_running("reference/static/sdk-upstream.js") == ("upstream", "fork")
    assert profiles_running("reference/widget_api.py") == ("documented", "upstream", "fork")


def test_a_mutant_that_does_not_parse_is_invalid_without_running_anything():
    [mutant] = [m for m in python_mutants("reference/x.py", "x = 1\n") if m.replacement == "2"]
    assert syntax_problem(mutant, "x = = 2\n").startswith("SyntaxError")
    assert syntax_problem(mutant, "x = 2\n") is None


def _result(status: str, name: str) -> MutantResult:
    return MutantResult(Mutant("reference/x.py", NUMBER, 1, 0, 1, "1", "2", name), status)


def test_scores_count_timeouts_as_detected_leave_out_invalid_and_marked_survivors():
    results = [_result(KILLED, "a"), _result(TIMEOUT, "b"), _result(SURVIVED, "c"), _result(SURVIVED, "d"),
               _result(INVALID, "e"), _result(IGNORED, "f")]
    every, in_contract = tally(results, {results[3].mutant.id: marks.Mark("equivalent", "same answer")})
    assert every.score() == pytest.approx(50.0)
    assert (in_contract.detected, in_contract.valid, in_contract.marked) == (2, 3, 1)
    assert in_contract.score() == pytest.approx(200 / 3)
    assert tally([])[0].score() is None


def test_marks_need_a_kind_and_a_reason(tmp_path: Path):
    good = tmp_path / "good.toml"
    good.write_text('["x.py:number:abc"]\nkind = "equivalent"\nreason = "same answer"\n')
    assert marks.read(good) == {"x.py:number:abc": marks.Mark("equivalent", "same answer")}
    assert marks.read(tmp_path / "missing.toml") == {}
    for body in ('["x"]\nkind = "equivalent"\n', '["x"]\nkind = "maybe"\nreason = "r"\n'):
        bad = tmp_path / "bad.toml"
        bad.write_text(body)
        with pytest.raises(marks.BadMarks):
            marks.read(bad)


def test_the_checked_in_marks_file_reads():
    marks.read()


def test_a_report_is_rescored_with_new_marks_without_running_anything(tmp_path: Path):
    results = [_result(KILLED, "a"), _result(SURVIVED, "b")]
    report.write(results, {}, tmp_path, "python -m mutants")
    survivor = results[1].mutant.id
    _, again = report.rescore(tmp_path, {survivor: marks.Mark("out-of-contract", "styling only")})
    assert [result.to_json() for result in again] == [result.to_json() for result in results]
    text = (tmp_path / "mutants.md").read_text()
    assert "in-contract score 100.0 %" in text and "out-of-contract: styling only" in text


def test_a_mutant_no_test_reaches_is_not_covered_never_run_and_counts_against_the_score(tmp_path: Path):
    (tmp_path / "reference").mkdir()
    (tmp_path / "reference" / "x.py").write_text("x = 1\n")
    [mutant] = [m for m in python_mutants("reference/x.py", "x = 1\n") if m.replacement == "2"]
    result = run_mutant(mutant, tmp_path, ("documented", "upstream"), tmp_path / "reports", timeout_s=5,
                        selector=lambda mutant, profile: [])
    assert result.status == NOT_COVERED and result.profiles == []
    every, _ = tally([result, _result(KILLED, "a")])
    assert every.score() == pytest.approx(50.0)


def test_a_mutant_selects_by_its_function_in_python_and_its_lines_in_a_script():
    source = "def f(a,\n      b):\n    return (a and\n            b)\n"
    start = source.rindex("b)")
    assert selection.lines_of_change("reference/x.py", source, start, start + 1) == {"reference/x.py": {3, 4}}, \
        "a change inside a function selects by the function's body"
    script = "if (a &&\n    b) {\n  go();\n}\n"
    start = script.index("&&")
    assert selection.lines_of_change("reference/static/x.js", script, start, start + 2) == {"reference/static/x.js": {1}}


def test_a_mutant_of_code_that_runs_at_import_runs_every_test():
    source = "LIFETIME = 60 * 60\n\nclass Api:\n    limit = 5\n\n    def get(self, size=10):\n        return size\n"
    for fragment in ("60 * 60", "5\n", "10)"):
        start = source.index(fragment)
        assert selection.lines_of_change("reference/x.py", source, start, start + 1) is None, fragment
    start = source.index("return size")
    assert selection.lines_of_change("reference/x.py", source, start, start + 6) == {"reference/x.py": {7}}
