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

from detection.coverage_map import REFERENCE_DIR, STATIC_DIR, CoverageMap, Lines, relative
from reference import profiles
from reference.apps import static_files
from reference.defects import CATALOG

SCRIPTS = "reference/static/"


def defect_lines(defect: str, profile: str) -> Lines:
    """Where the reference (as `profile` serves it) checks the defect's switch."""
    lines: Lines = {}
    constants = _defect_constants()
    for module in sorted(REFERENCE_DIR.glob("*.py")):
        if module.name != "defects.py":
            text = module.read_text()
            found = _python_checks(text, defect, constants)
            if found:
                lines[relative(module)] = set().union(*(function_body(text, line) for line in found))
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


def _python_checks(source: str, defect: str, constants: dict[str, str]) -> set[int]:
    """First lines of the statements that use the defect's name, as a literal or through its
    constant (not the constant's own definition): coverage.py counts a statement at its first line."""
    tree = ast.parse(source)
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
    every line of the change. None for Python that runs at import (outside any function): it
    shapes what every test meets, before any test's context."""
    first = text.count("\n", 0, start) + 1
    last = first + text.count("\n", start, end)
    if not source.endswith(".py"):
        return {source: set(range(first, last + 1))}
    holders = [node for node in ast.walk(ast.parse(text))
               if isinstance(node, ast.stmt) and node.lineno <= first <= (node.end_lineno or node.lineno)]
    if not any(isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) for node in holders) or not holders:
        return None
    innermost = max(holders, key=lambda node: node.lineno)
    if isinstance(innermost, (ast.FunctionDef, ast.AsyncFunctionDef)) and first < innermost.body[0].lineno:
        return None  # the signature: its defaults are evaluated at import
    return {source: function_body(text, innermost.lineno)}


def function_body(text: str, line: int) -> set[int]:
    """The lines of the innermost function holding `line` (just `line` outside any function).

    Python is selected by whole functions, not lines: in a coroutine, coverage.py sometimes counts
    the lines after an `await` under the next test's context (seen on the reference's
    destroy_custom_attributes handler, whose test then looked as if it never reached the defect's
    check); the lines before the first await always count for the test that made the request."""
    functions = [node for node in ast.walk(ast.parse(text)) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                 and node.body[0].lineno <= line <= (node.end_lineno or node.lineno)]
    if not functions:
        return {line}
    innermost = max(functions, key=lambda node: node.lineno)
    return set(range(innermost.body[0].lineno, (innermost.end_lineno or innermost.lineno) + 1))
