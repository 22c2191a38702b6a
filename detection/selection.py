"""Which tests can see a defect: those that ran one of its lines on the clean reference
(detection/coverage_map.py records what each test ran).

A defect's lines are where the reference checks its switch: `"name" in defects` (or a constant
naming it) in Python, widened to the function holding the check (function_body), and the quoted
name in a script the profile serves. A defect run then runs only
the selected tests, so a run without bail costs what those tests cost, not the whole suite.

Nothing that could catch is left out: a test the map does not know (newer than the map) always
runs, and a defect whose checks are not found (or are in scripts the map has no coverage of)
selects every test. A defect no known test reaches
selects none: it is reported "not covered", never run."""
from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass

from detection.coverage_map import REFERENCE_DIR, SCRIPTS, STATIC_DIR, CoverageMap, Lines, relative
from reference import profiles
from reference.apps import static_files
from reference.defects import CATALOG

FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def defect_lines(defect: str, profile: str) -> Lines:
    """Where the reference (as `profile` serves it) checks the defect's switch."""
    lines: Lines = {}
    constants = _defect_constants()
    for module in sorted(REFERENCE_DIR.glob("*.py")):
        if module.name != "defects.py":
            tree = ast.parse(module.read_text())
            found = _python_checks(tree, defect, constants)
            if found:
                lines[relative(module)] = set().union(*(function_body(tree, line) for line in found))
    quoted = re.compile(rf"""(['"]){re.escape(defect)}\1""")
    for name in sorted({name for name, _ in static_files(profiles.get(profile)).values() if name.endswith(".js")}):
        text = (STATIC_DIR / name).read_text(encoding="utf-8")
        found = {number for number, line in enumerate(text.splitlines(), 1) if quoted.search(line)}
        if found:
            lines[SCRIPTS + name] = found
    return lines


@functools.cache
def _defect_constants() -> dict[str, str]:
    """Module-level names bound to a defect's name (IGNORES_IDENTIFIER_DEFECT = "...") -> the name."""
    constants = {}
    for module in REFERENCE_DIR.glob("*.py"):
        for node in ast.parse(module.read_text()).body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and node.value.value in CATALOG:
                constants.update({target.id: node.value.value for target in node.targets if isinstance(target, ast.Name)})
    return constants


def _python_checks(tree: ast.Module, defect: str, constants: dict[str, str]) -> set[int]:
    """First lines of the statements that use the defect's name, as a literal or through its
    constant (not the constant's own definition): coverage.py counts a statement at its first line."""
    found = set()
    for statement in ast.walk(tree):
        if not isinstance(statement, ast.stmt) or _defines_constant(statement, defect):
            continue
        own_parts = [child for child in ast.iter_child_nodes(statement) if not isinstance(child, ast.stmt)]
        if any(_names_defect(node, defect, constants) for part in own_parts for node in ast.walk(part)):
            found.add(statement.lineno)
    return found


def _defines_constant(statement: ast.stmt, defect: str) -> bool:
    return isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant) \
        and statement.value.value == defect


def _names_defect(node: ast.AST, defect: str, constants: dict[str, str]) -> bool:
    return (isinstance(node, ast.Constant) and node.value == defect) or \
        (isinstance(node, ast.Name) and constants.get(node.id) == defect) or \
        (isinstance(node, ast.Attribute) and constants.get(node.attr) == defect)


@dataclass(frozen=True)
class Selection:
    """The tests a defect run keeps: `tests` of the `knew` ones (every test when `everything`)."""

    tests: list[str]
    knew: list[str]
    everything: bool = False

    @property
    def not_covered(self) -> bool:
        return not self.everything and not self.tests

    def plan_fields(self) -> dict:
        """The keys of a defect plan case (fixtures/defect_plan.py) that apply this selection."""
        return {} if self.everything else {"only": self.tests, "knew": self.knew}


def select(coverage_map: CoverageMap, defect: str) -> Selection:
    lines = defect_lines(defect, coverage_map.profile)
    unmeasured = not coverage_map.scripts_measured and any(source.startswith(SCRIPTS) for source in lines)
    if not lines or unmeasured:
        return Selection([], coverage_map.test_ids, everything=True)
    return Selection(coverage_map.selected(lines), coverage_map.test_ids)


def lines_of_change(source: str, text: str, start: int, end: int) -> Lines | None:
    """The lines a change of text[start:end] in `source` (a project path) touches, as the coverage
    map counts them: for Python the body of the function holding it (function_body), for a script
    every line of the change. None for Python that runs at import (outside any function, or in a
    signature's defaults): it shapes what every test meets, before any test's context."""
    first = text.count("\n", 0, start) + 1
    last = first + text.count("\n", start, end)
    if not source.endswith(".py"):
        return {source: set(range(first, last + 1))}
    function = _innermost_function(ast.parse(text), first, body_only=False)
    if function is None or first < function.body[0].lineno:
        return None
    return {source: _body_lines(function)}


def function_body(tree: ast.Module, line: int) -> set[int]:
    """The lines of the innermost function whose body holds `line` (just `line` outside any).

    Python is selected by whole functions, not lines: in a coroutine, coverage.py sometimes counts
    the lines after an `await` under the next test's context (seen on the reference's
    destroy_custom_attributes handler, whose test then looked as if it never reached the defect's
    check); the lines before the first await always count for the test that made the request."""
    function = _innermost_function(tree, line)
    return _body_lines(function) if function else {line}


def _innermost_function(tree: ast.Module, line: int, body_only: bool = True) -> ast.AST | None:
    """The innermost function holding `line` in its body (or, not body_only, from its `def` on)."""
    holding = [node for node in ast.walk(tree) if isinstance(node, FUNCTIONS)
               and (node.body[0].lineno if body_only else node.lineno) <= line <= node.end_lineno]
    return max(holding, key=lambda node: node.lineno, default=None)


def _body_lines(function: ast.AST) -> set[int]:
    return set(range(function.body[0].lineno, function.end_lineno + 1))
