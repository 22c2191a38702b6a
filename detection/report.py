"""reports/detection.md and reports/detection.json: defect -> caught or not, by which tests, how long."""
from __future__ import annotations

import json
from pathlib import Path

from detection.runner import CLEAN, SuiteRun
from reference.defects import CATALOG


def headline(runs: list[SuiteRun]) -> str:
    defect_runs = [run for run in runs if run.defect != CLEAN]
    caught = sum(run.caught for run in defect_runs)
    return f"caught {caught} of {len(defect_runs)}"


def write(runs: list[SuiteRun], reports_dir: Path) -> tuple[Path, Path]:
    reports_dir.mkdir(parents=True, exist_ok=True)
    ordered = sorted(runs, key=lambda run: (run.defect != CLEAN, run.defect))
    json_path = reports_dir / "detection.json"
    json_path.write_text(json.dumps({"headline": headline(runs), "runs": [run.to_json() for run in ordered]},
                                    indent=2))
    md_path = reports_dir / "detection.md"
    md_path.write_text(_markdown(ordered))
    return md_path, json_path


def _markdown(runs: list[SuiteRun]) -> str:
    lines = [f"# Detection check: {headline(runs)}", "",
             "| defect | what breaks | caught | catching tests | time |", "|---|---|---|---|---|"]
    for run in runs:
        what = "no defect: the suite must pass" if run.defect == CLEAN else CATALOG.get(run.defect, ("", "?"))[1]
        if run.defect == CLEAN:
            verdict = "passes" if run.passed else f"FAILS ({len(run.failures)}, exit {run.exit_code})"
        else:
            verdict = "yes" if run.caught else ("**NO**" if run.completed else f"**broken run (exit {run.exit_code})**")
        tests = ", ".join(sorted({failure.test.split("::")[-1] for failure in run.failures})) or "-"
        lines.append(f"| {run.defect} | {what} | {verdict} | {tests} | {run.duration_s:.0f} s |")
    lines += ["", "## First failure message per defect", ""]
    for run in runs:
        if run.failures:
            best = (run.guarantee_messages or run.failures)[0]
            lines.append(f"- **{run.defect}**: {best.message} ({best.test.split('::')[-1]})")
    return "\n".join(lines) + "\n"
