"""reports/detection.md and reports/detection.json, in mutation-testing terms: per widget profile,
every defect of the reference is detected (some test failed, naming a broken guarantee) or
undetected; the score is detected / applicable. The clean run of each profile must pass. A defect
caught only by a timeout or a generic message (no failure names a guarantee and its cause) is
counted apart: such a catch tells the reader nothing about what broke."""
from __future__ import annotations

import json
from pathlib import Path

from detection.runner import CATCH_WORDS, GUARANTEE, SuiteRun
from testlib.profiles import PROFILE_NAMES


def _by_profile(runs: list[SuiteRun]) -> dict[str, list[SuiteRun]]:
    grouped: dict[str, list[SuiteRun]] = {}
    for profile in [*PROFILE_NAMES, *sorted({run.profile for run in runs} - set(PROFILE_NAMES))]:
        chosen = [run for run in runs if run.profile == profile]
        if chosen:
            grouped[profile] = sorted(chosen, key=lambda run: (not run.case.is_clean, run.defect))
    return grouped


def headline(runs: list[SuiteRun]) -> str:
    """'documented: caught 21 of 21, 0 only by a timeout or a generic message; upstream: ...' (and
    whether each clean run passed)."""
    parts = []
    for profile, chosen in _by_profile(runs).items():
        defects = [run for run in chosen if not run.case.is_clean]
        clean = [run for run in chosen if run.case.is_clean]
        verdict = "" if all(run.passed for run in clean) else " (CLEAN RUN FAILS)"
        parts.append(f"{profile}: caught {sum(run.caught for run in defects)} of {len(defects)}, "
                     f"{sum(run.caught_without_cause for run in defects)} only by a timeout or a generic message"
                     f"{verdict}")
    return "; ".join(parts)


def caught_without_cause(runs: list[SuiteRun]) -> list[SuiteRun]:
    return [run for run in runs if not run.case.is_clean and run.caught_without_cause]


def write(runs: list[SuiteRun], reports_dir: Path) -> tuple[Path, Path]:
    reports_dir.mkdir(parents=True, exist_ok=True)
    grouped = _by_profile(runs)
    json_path = reports_dir / "detection.json"
    json_path.write_text(json.dumps({"headline": headline(runs),
                                     "caught_only_by_timeout_or_generic_message":
                                         [run.case.id for run in caught_without_cause(runs)],
                                     "runs": [run.to_json() for chosen in grouped.values() for run in chosen]},
                                    indent=2))
    md_path = reports_dir / "detection.md"
    md_path.write_text(_markdown(grouped, headline(runs)))
    return md_path, json_path


def _markdown(grouped: dict[str, list[SuiteRun]], title: str) -> str:
    lines = [f"# Detection check: {title}", "",
             "Each defect runs the e2e suite against the reference with that defect switched on, in every "
             "profile where it has a form. *detected*: some test failed; the first failure message is "
             "listed. Runs marked *bail* stopped at their first failure. *caught by*: a named guarantee "
             "(the message says which promise broke and why), or only a timeout or a generic message "
             "(counted apart: it must be none).", ""]
    for profile, runs in grouped.items():
        defects = [run for run in runs if not run.case.is_clean]
        detected = sum(run.caught for run in defects)
        without_cause = sum(run.caught_without_cause for run in defects)
        score = f"{100 * detected / len(defects):.0f}%" if defects else "-"
        lines += [f"## {profile}: {detected} of {len(defects)} detected (score {score}), {without_cause} only by "
                  "a timeout or a generic message", "",
                  "| defect | what breaks in this profile | status | caught by | tests that caught it | tests run | "
                  "time |",
                  "|---|---|---|---|---|---|---|"]
        for run in runs:
            tests = ", ".join(sorted({failure.test.split("::")[-1] for failure in run.failures})) or "-"
            status = run.status + (" (bail)" if run.bail and run.caught else "")
            caught_by = CATCH_WORDS[run.caught_by] if run.caught_by else "-"
            if run.caught_by and run.caught_by != GUARANTEE:
                caught_by = f"**{caught_by}**"
            lines.append(f"| {run.defect} | {run.case.what} | {status} | {caught_by} | {tests} | {run.tests} | "
                         f"{run.duration_s:.0f} s |")
        lines += ["", f"### First failure message per defect ({profile})", ""]
        for run in runs:
            if run.failures:
                best = next((failure for failure in run.failures if failure.kind == GUARANTEE), run.failures[0])
                lines.append(f"- **{run.defect}**: {best.message} ({best.test.split('::')[-1]})")
        lines.append("")
    return "\n".join(lines)
