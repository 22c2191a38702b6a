"""Survivors marked by hand in mutants/equivalent.toml: equivalent (behaves exactly like the
original) or out of contract (changes something no contract promises), each with a reason."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

MARKS_FILE = Path(__file__).with_name("equivalent.toml")
KINDS = ("equivalent", "out-of-contract")


class BadMarks(ValueError):
    pass


@dataclass(frozen=True)
class Mark:
    kind: str
    reason: str


def read(path: Path = MARKS_FILE) -> dict[str, Mark]:
    """Mutant id -> Mark. Every entry needs a known kind and a non-empty reason."""
    if not path.exists():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    marks = {}
    for mutant_id, entry in data.items():
        if not isinstance(entry, dict):
            raise BadMarks(f"{path.name}: [{mutant_id!r}] must be a table with kind and reason")
        kind, reason = entry.get("kind"), str(entry.get("reason", "")).strip()
        if kind not in KINDS:
            raise BadMarks(f"{path.name}: [{mutant_id!r}] kind must be one of {', '.join(KINDS)}, not {kind!r}")
        if not reason:
            raise BadMarks(f"{path.name}: [{mutant_id!r}] needs a reason")
        marks[mutant_id] = Mark(kind, reason)
    return marks
