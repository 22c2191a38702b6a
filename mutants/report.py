"""Stryker-style report: killed / survived / timeout / invalid per file and overall, the mutation
score, and the score over the mutants that count (those not marked equivalent or out of contract).
Score = (killed + timeout) / (killed + timeout + survived + not covered): invalid and ignored
mutants never ran; a not-covered one never ran either, because no test runs its line."""
from __future__ import annotations

import json
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from mutants.marks import Mark
from mutants.runner import IGNORED, INVALID, KILLED, NOT_COVERED, SURVIVED, TIMEOUT, MutantResult

STATUSES = (KILLED, SURVIVED, NOT_COVERED, TIMEOUT, INVALID, IGNORED)


@dataclass
class Tally:
    counts: Counter
    marked: int = 0  # valid mutants excluded from the in-contract score

    @property
    def detected(self) -> int:
        return self.counts[KILLED] + self.counts[TIMEOUT]

    @property
    def valid(self) -> int:
        """Not covered counts against the score, as a survivor does: no test would notice it."""
        return self.detected + self.counts[SURVIVED] + self.counts[NOT_COVERED]

    def score(self) -> float | None:
        return 100 * self.detected / self.valid if self.valid else None


def tally(results: list[MutantResult], marks: dict[str, Mark] | None = None) -> tuple[Tally, Tally]:
    """(every mutant, only the in-contract ones: unmarked)."""
    marks = marks or {}
    every = Tally(Counter(result.status for result in results))
    counted = [result for result in results if result.mutant.id not in marks]
    in_contract = Tally(Counter(result.status for result in counted),
                        marked=sum(1 for result in results if result.mutant.id in marks and result.status != INVALID))
    return every, in_contract


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f} %"


def headline(results: list[MutantResult], marks: dict[str, Mark]) -> str:
    every, in_contract = tally(results, marks)
    return (f"mutants: {every.counts[KILLED]} killed, {every.counts[SURVIVED]} survived, "
            f"{every.counts[NOT_COVERED]} not covered, {every.counts[TIMEOUT]} timeout, "
            f"{every.counts[INVALID]} invalid, {every.counts[IGNORED]} ignored (marked before they ran); score {_percent(every.score())}; in-contract score "
            f"{_percent(in_contract.score())} ({in_contract.detected} of {in_contract.valid}, {in_contract.marked} marked)")


def to_markdown(results: list[MutantResult], marks: dict[str, Mark], command: str,
                broken: dict[str, list[str]] | None = None) -> str:
    lines = ["# Generated mutants", "", f"`{command}`", "", headline(results, marks), "",
             "Score = (killed + timeout) / (killed + timeout + survived + not covered). The in-contract score leaves out the "
             "mutants marked equivalent or out of contract in `mutants/equivalent.toml`.", "",
             "| file | killed | survived | not covered | timeout | invalid | ignored | marked | score | in-contract score |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    if broken:
        lines[6:6] = ["Left out of every run after this, because they failed without any mutant too (a kill by them "
                      "was not counted): " + "; ".join(f"{profile}: {', '.join(tests)}" for profile, tests in broken.items()),
                      ""]
    files = sorted({result.mutant.file for result in results})
    for file in files:
        of_file = [result for result in results if result.mutant.file == file]
        every, in_contract = tally(of_file, marks)
        lines.append(f"| {file} | " + " | ".join(str(every.counts[status]) for status in STATUSES)
                     + f" | {in_contract.marked} | {_percent(every.score())} | {_percent(in_contract.score())} |")
    survivors = [result for result in results if result.status == SURVIVED]
    lines += ["", f"## Survivors ({len(survivors)})", "",
              "| id | where | mutation | line | mark |", "|---|---|---|---|---|"]
    for result in survivors:
        mark = marks.get(result.mutant.id)
        lines.append(f"| `{result.mutant.id}` | {_where(result)} | {_cell(result.mutant.diff)} | "
                     f"`{_cell(result.mutant.line_text)}` | {_cell(f'{mark.kind}: {mark.reason}') if mark else 'unmarked'} |")
    lines += ["", "## Killed, not covered, timed out, invalid", "", "| id | where | mutation | status | by | message |",
              "|---|---|---|---|---|---|"]
    for result in results:
        if result.status != SURVIVED:
            lines.append(f"| `{result.mutant.id}` | {_where(result)} | {_cell(result.mutant.diff)} | {result.status} | "
                         f"{_cell(result.killed_by)} | {_cell(result.message[:160])} |")
    return "\n".join(lines) + "\n"


def _where(result: MutantResult) -> str:
    return f"{result.mutant.file}:{result.mutant.line}"


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())[:120]


def write(results: list[MutantResult], marks: dict[str, Mark], reports_dir: Path, command: str,
          broken: dict[str, list[str]] | None = None) -> Path:
    reports_dir.mkdir(parents=True, exist_ok=True)
    every, in_contract = tally(results, marks)
    summary = {"killed": every.counts[KILLED], "survived": every.counts[SURVIVED],
               "not_covered": every.counts[NOT_COVERED], "timeout": every.counts[TIMEOUT],
               "invalid": every.counts[INVALID], "ignored": every.counts[IGNORED], "score": every.score(), "in_contract_score": in_contract.score(),
               "in_contract_valid": in_contract.valid, "marked": in_contract.marked,
               "median_run_s": median_run_s(results)}
    data = {"command": command, "summary": summary, "tests_failing_without_mutants": broken or {},
            "mutants": [{**result.to_json(), "mark": marks[result.mutant.id].__dict__ if result.mutant.id in marks
                         else None} for result in results]}
    (reports_dir / "mutants.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    md_path = reports_dir / "mutants.md"
    md_path.write_text(to_markdown(results, marks, command, broken), encoding="utf-8")
    return md_path


def median_run_s(results: list[MutantResult]) -> float | None:
    """The median cost of a mutant that ran (killed, survived or timed out)."""
    ran = [result.duration_s for result in results if result.status in (KILLED, SURVIVED, TIMEOUT)]
    return statistics.median(ran) if ran else None


def load(reports_dir: Path) -> list[MutantResult]:
    """The results of the last report in `reports_dir` (none if there is no report)."""
    path = reports_dir / "mutants.json"
    if not path.exists():
        return []
    return [MutantResult.from_json(entry) for entry in json.loads(path.read_text(encoding="utf-8"))["mutants"]]


def rescore(reports_dir: Path, marks: dict[str, Mark]) -> tuple[Path, list[MutantResult]]:
    """Rewrite the report of the last run with the marks as they are now (no mutant runs again)."""
    data = json.loads((reports_dir / "mutants.json").read_text(encoding="utf-8"))
    results = load(reports_dir)
    return write(results, marks, reports_dir, data["command"], data.get("tests_failing_without_mutants")), results
