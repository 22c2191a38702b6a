"""A mutant: one textual replacement in one reference file, with an id that survives unrelated edits."""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass

# Operators (the report groups by them).
COMPARISON = "comparison"      # == <-> !=, < <-> >=, in <-> not in ...
BOOLEAN = "boolean"            # and <-> or, && <-> ||, True <-> False
NEGATION = "negation-removed"  # not x -> x, !x -> x
NUMBER = "number"              # n -> n+1 / n-1; a 4xx status -> another 4xx
STRING = "string-emptied"      # 'key' -> ''
CALL = "call-removed"          # a statement that is only a call
RAISE = "raise-removed"        # raise / throw
RETURN = "early-return-removed"  # a return inside an if
OPERATORS = (COMPARISON, BOOLEAN, NEGATION, NUMBER, STRING, CALL, RAISE, RETURN)

# A 4xx status becomes another one the contract uses for something else.
STATUS_SWAP = {400: 422, 422: 400, 401: 403, 403: 401, 404: 400, 409: 422, 410: 404, 413: 422, 429: 400}


def number_replacements(value: int) -> list[int]:
    if value in STATUS_SWAP:
        return [STATUS_SWAP[value]]
    return [value + 1, value - 1] if value > 0 else [value + 1]


@dataclass(frozen=True)
class Mutant:
    file: str          # path under the project, e.g. reference/widget_api.py
    operator: str
    line: int          # 1-based, for people; not part of the id
    start: int         # character offsets into the file's text
    end: int
    original: str
    replacement: str
    line_text: str     # the original line, stripped
    occurrence: int = 0  # how many earlier mutants of this file share the id's other parts

    @property
    def id(self) -> str:
        """file:operator:hash of (line text, original, replacement, occurrence): stable while that
        line's text is unchanged, wherever the line moves."""
        key = "\x1f".join([self.file, self.operator, self.line_text, self.original, self.replacement,
                           str(self.occurrence)])
        return f"{self.file.rsplit('/', 1)[-1]}:{self.operator}:{hashlib.sha1(key.encode()).hexdigest()[:10]}"

    @property
    def is_javascript(self) -> bool:
        return self.file.endswith(".js")

    @property
    def diff(self) -> str:
        return f"{self.original!s} -> {self.replacement!s}" if self.replacement else f"remove {self.original!s}"

    def apply(self, source: str) -> str:
        assert source[self.start:self.end] == self.original, f"{self.id}: the source changed since generation"
        return source[:self.start] + self.replacement + source[self.end:]

    def to_json(self) -> dict:
        return {"id": self.id, **asdict(self)}


def numbered(mutants: list[Mutant]) -> list[Mutant]:
    """The same mutants with `occurrence` set, in source order, so identical lines get distinct ids."""
    seen: dict[tuple, int] = {}
    result = []
    for mutant in sorted(mutants, key=lambda m: (m.start, m.end, m.operator, m.replacement)):
        key = (mutant.operator, mutant.line_text, mutant.original, mutant.replacement)
        result.append(Mutant(**{**mutant.__dict__, "occurrence": seen.get(key, 0)}))
        seen[key] = seen.get(key, 0) + 1
    return result


def line_of(source: str, offset: int) -> tuple[int, str]:
    """(1-based line number, that line stripped) of a character offset."""
    start = source.rfind("\n", 0, offset) + 1
    end = source.find("\n", offset)
    return source.count("\n", 0, offset) + 1, source[start:end if end != -1 else len(source)].strip()


def make(file: str, source: str, operator: str, start: int, end: int, replacement: str) -> Mutant:
    line, text = line_of(source, start)
    return Mutant(file, operator, line, start, end, source[start:end], replacement, text)
