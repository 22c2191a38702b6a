"""First-order mutants of a Python module, found with `ast` and placed with `tokenize` so each is
a minimal textual change on the line it names."""
from __future__ import annotations

import ast
import io
import tokenize

from mutants.model import (BOOLEAN, CALL, COMPARISON, NEGATION, NUMBER, RAISE, RETURN, STRING, Mutant, make,
                           number_replacements, numbered)

# the negation, and for an ordering also its boundary shift (> to >=), as Stryker does
COMPARE_FLIP = {"==": ["!="], "!=": ["=="], "<": [">=", "<="], ">=": ["<", ">"], ">": ["<=", ">="],
                "<=": [">", "<"], "in": ["not in"], "not in": ["in"], "is": ["is not"], "is not": ["is"]}
OPERATOR_WORDS = {"==", "!=", "<", "<=", ">", ">=", "in", "not", "is", "and", "or"}
# Not emptied: docstrings, f-string parts, prose (text with spaces), defect names, and subscript keys
# (row["id"] with "" is a KeyError on every request: a crash any test sees, so it says nothing).
QUIET_CALLS = {"log", "logger", "logging", "print"}  # removing a log line changes nothing a test can see


class _Source:
    """Offsets: ast gives (line, UTF-8 byte column); mutants use character offsets into the text."""

    def __init__(self, text: str):
        self.text = text
        self.line_starts = [0]
        for line in text.splitlines(keepends=True):
            self.line_starts.append(self.line_starts[-1] + len(line))
        self.lines = text.splitlines(keepends=True)
        self.tokens = [token for token in tokenize.generate_tokens(io.StringIO(text).readline)
                       if token.type in (tokenize.NAME, tokenize.OP)]

    def offset(self, line: int, byte_col: int) -> int:
        return self.line_starts[line - 1] + len(self.lines[line - 1].encode()[:byte_col].decode(errors="replace"))

    def char_offset(self, line: int, col: int) -> int:
        return self.line_starts[line - 1] + col

    def start(self, node: ast.AST) -> int:
        return self.offset(node.lineno, node.col_offset)

    def end(self, node: ast.AST) -> int:
        return self.offset(node.end_lineno, node.end_col_offset)

    def operator_tokens(self, after: int, before: int) -> list[tuple[int, int, str]]:
        """(start, end, text) of the operator words between two offsets."""
        found = []
        for token in self.tokens:
            start = self.char_offset(*token.start)
            end = self.char_offset(*token.end)
            if start >= after and end <= before and token.string in OPERATOR_WORDS:
                found.append((start, end, token.string))
        return found


def _names_defects(node: ast.AST) -> bool:
    return (isinstance(node, ast.Name) and node.id == "defects") or \
        (isinstance(node, ast.Attribute) and node.attr == "defects")


def _defect_check(node: ast.AST) -> str | None:
    """'on' for `"name" in defects`, 'off' for `"name" not in defects`, else None."""
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and _names_defects(node.comparators[0]):
        return "on" if isinstance(node.ops[0], ast.In) else "off" if isinstance(node.ops[0], ast.NotIn) else None
    return None


def _switched_on_by(test: ast.AST) -> bool:
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return any(_defect_check(value) == "on" for value in test.values)
    return _defect_check(test) == "on"


def defect_only_spans(tree: ast.AST, source: _Source) -> list[tuple[int, int]]:
    """Code that runs only with a defect switched on: mutating it is invisible without defects."""
    spans = []

    def block(statements: list[ast.AST]) -> None:
        if statements:
            spans.append((source.start(statements[0]), source.end(statements[-1])))

    for node in ast.walk(tree):
        if isinstance(node, (ast.If, ast.IfExp)):
            # an IfExp's branches are expressions; a one-element list spans them the same way
            body = node.body if isinstance(node, ast.If) else [node.body]
            orelse = node.orelse if isinstance(node, ast.If) else [node.orelse]
            if _switched_on_by(node.test):
                block(body)
            elif _defect_check(node.test) == "off":
                block(orelse)
        for field in ("body", "orelse", "finalbody"):
            statements = getattr(node, field, None)
            if not isinstance(statements, list):
                continue
            for index, statement in enumerate(statements):
                if (isinstance(statement, ast.If) and _defect_check(statement.test) == "off" and statement.body
                        and isinstance(statement.body[-1], (ast.Return, ast.Raise))):
                    block(statements[index + 1:])
    return spans


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _quiet(call: ast.Call) -> bool:
    func = call.func
    while isinstance(func, ast.Attribute):
        func = func.value
    return isinstance(func, ast.Name) and func.id in QUIET_CALLS


def _string_replacement(literal: str) -> str | None:
    """The empty string in the literal's own prefix and quotes; None for f-strings and bytes."""
    quote_at = min((literal.find(q) for q in ("'", '"') if q in literal), default=-1)
    prefix = literal[:quote_at].lower()
    if quote_at < 0 or "f" in prefix or "b" in prefix:
        return None
    quote = literal[quote_at] * (3 if literal[quote_at:quote_at + 3] in ("'''", '"""') else 1)
    return literal[:quote_at] + quote + quote


def python_mutants(file: str, text: str) -> list[Mutant]:
    tree = ast.parse(text)
    source = _Source(text)
    excluded = defect_only_spans(tree, source)
    docstrings = _docstrings(tree)
    parents = {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found: list[Mutant] = []

    def add(operator: str, start: int, end: int, replacement: str) -> None:
        if not any(low <= start < high for low, high in excluded):
            found.append(make(file, text, operator, start, end, replacement))

    def between(left: ast.AST, right: ast.AST) -> list[tuple[int, int, str]]:
        return source.operator_tokens(source.end(left), source.start(right))

    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            for left, right in zip(operands, operands[1:]):
                words = between(left, right)
                if words:
                    start, end = words[0][0], words[-1][1]
                    original = " ".join(word for _, _, word in words)
                    for replacement in COMPARE_FLIP.get(original, []):
                        add(COMPARISON, start, end, replacement)
        elif isinstance(node, ast.BoolOp):
            flip = "or" if isinstance(node.op, ast.And) else "and"
            for left, right in zip(node.values, node.values[1:]):
                for start, end, word in between(left, right):
                    if word in ("and", "or"):
                        add(BOOLEAN, start, end, flip)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            start = source.start(node)
            end = start + len("not")
            while text[end].isspace():
                end += 1
            add(NEGATION, start, end, "")
        elif isinstance(node, ast.Constant):
            start, end = source.start(node), source.end(node)
            literal = text[start:end]
            if isinstance(node.value, bool):
                add(BOOLEAN, start, end, str(not node.value))
            elif isinstance(node.value, int) and literal.replace("_", "").isdigit():
                for value in number_replacements(node.value):
                    add(NUMBER, start, end, str(value))
            elif (isinstance(node.value, str) and node.value.strip() and not any(c.isspace() for c in node.value)
                  and id(node) not in docstrings and not isinstance(parents.get(id(node)), ast.JoinedStr)
                  and _defect_check(parents.get(id(node))) is None and node.lineno == node.end_lineno
                  and not isinstance(parents.get(id(node)), ast.Subscript)):
                replacement = _string_replacement(literal)
                if replacement is not None:
                    add(STRING, start, end, replacement)
        elif isinstance(node, ast.Expr):
            call = node.value.value if isinstance(node.value, ast.Await) else node.value
            if isinstance(call, ast.Call) and not _quiet(call):
                add(CALL, source.start(node), source.end(node), "pass")
        elif isinstance(node, ast.Raise):
            add(RAISE, source.start(node), source.end(node), "pass")
        elif isinstance(node, ast.Return) and isinstance(parents.get(id(node)), ast.If):
            add(RETURN, source.start(node), source.end(node), "pass")
    return numbered(found)
