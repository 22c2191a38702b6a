"""reports/detection.md and reports/detection.json, in mutation-testing terms: per widget profile,
every defect of the reference is detected (some test failed, naming a broken guarantee) or
undetected; the score is detected / applicable. The clean run of each profile must pass."""
from __future__ import annotations

import json
from pathlib import Path

from detection.runner import SuiteRun
from testlib.profiles import PROFILE_NAMES


def _by_profile(runs: list[SuiteRun]) -> dict[str, list[SuiteRun]]:
    grouped: dict[str, list[SuiteRun]] = {}
    for profile in [*PROFILE_NAMES, *sorted({run.profile for run in runs} - set(PROFILE_NAMES))]:
        chosen = [run for run in runs if run.profile == profile]
        if chosen:
            grouped[profile] = sorted(chosen, key=lambda run: (not run.case.is_clean, run.defect))
    return grouped


def headline(runs: list[SuiteRun]) -> str:
    """'documented: caught 21 of 21; upstream: caught 19 of 19' (and whether each clean run passed)."""
    parts = []
    for profile, chosen in _by_profile(runs).items():
        defects = [run for run in chosen if not run.case.is_clean]
        clean = [run for run in chosen if run.case.is_clean]
        verdict = "" if all(run.passed for run in clean) else " (CLEAN RUN FAILS)"
        parts.append(f"{profile}: caught {sum(run.caught for run in defects)} of {len(defects)}{verdict}")
    return "; ".join(parts)


def write(runs: list[SuiteRun], reports_dir: Path) -> tuple[Path, Path]:
    reports_dir.mkdir(parents=True, exist_ok=True)
    grouped = _by_profile(runs)
    json_path = reports_dir / "detection.json"
    json_path.write_text(json.dumps({"headline": headline(runs),
                                     "runs": [run.to_json() for chosen in grouped.values() for run in chosen]},
                                    indent=2))
    md_path = reports_dir / "detection.md"
    md_path.write_text(_markdown(grouped, headline(runs)))
    return md_path, json_path


def _markdown(grouped: dict[str, list[SuiteRun]], title: str) -> str:
    lines = [f"# Detection check: {title}", "",
             "Each defect runs the e2e suite against the reference with that defect switched on, in every "
             "profile where it has a form. *detected*: some test failed; the first failure message is "
             "listed. Runs marked *bail* stopped at their first failure.", ""]
    for profile, runs in grouped.items():
        defects = [run for run in runs if not run.case.is_clean]
        detected = sum(run.caught for run in defects)
        score = f"{100 * detected / len(defects):.0f}%" if defects else "-"
        lines += [f"## {profile}: {detected} of {len(defects)} detected (score {score})", "",
                  "| defect | what breaks in this profile | status | tests that caught it | tests run | time |",
                  "|---|---|---|---|---|---|"]
        for run in runs:
            tests = ", ".join(sorted({failure.test.split("::")[-1] for failure in run.failures})) or "-"
            status = run.status + (" (bail)" if run.bail and run.caught else "")
            lines.append(f"| {run.defect} | {run.case.what} | {status} | {tests} | {run.tests} | "
                         f"{run.duration_s:.0f} s |")
        lines += ["", f"### First failure message per defect ({profile})", ""]
        for run in runs:
            if run.failures:
                best = (run.guarantee_messages or run.failures)[0]
                lines.append(f"- **{run.defect}**: {best.message} ({best.test.split('::')[-1]})")
        lines.append("")
    return "\n".join(lines)
