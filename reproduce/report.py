"""What a replay prints (the timeline) and writes (a markdown bug-report draft), redacted."""
from __future__ import annotations

import platform
from pathlib import Path
from typing import Callable

from reproduce.replay import Replay, Step
from testlib.call_log import CALL_COLUMNS, call_line, call_row
from testlib.redaction import fingerprint


def timeline(replay: Replay) -> list[str]:
    """Step, visitor, the calls it caused (who, token, contact), and what the browser stores after it."""
    lines = []
    for step in replay.steps:
        mark = "BROKE" if step.broken else "ok"
        lines.append(f"step {step.number} [{mark}] visitor {step.visitor}: {step.title}")
        for call in step.calls:
            lines.append(f"    {call_line(call, replay.cast)}")
        if step.storage:
            lines.append(f"    after: {fingerprint(step.token)}, {step.contact}; stored: {step.storage}")
        if step.broken:
            lines.append(f"    {step.broken.splitlines()[0]}")
    return [replay.redact(line) for line in lines]


def verdict(replay: Replay) -> str:
    broken = replay.broken_step
    if broken is None:
        return "every guarantee held"
    return f"step {broken.number} ({broken.title}) broke: {broken.broken.splitlines()[0]}"


def _calls_table(replay: Replay, steps: list[Step], redact: Callable[[str], str]) -> list[str]:
    lines = ["| step | " + " | ".join(CALL_COLUMNS) + " |", "|" + "---|" * (len(CALL_COLUMNS) + 1)]
    for step in steps:
        for call in step.calls:
            row = call_row(call, replay.cast, redact)
            cells = [str(step.number)] + [row[column].replace("|", "\\|") for column in CALL_COLUMNS]
            lines.append("| " + " | ".join(cells) + " |")
    return lines


def bug_report(replay: Replay, scenario: str, summary: str, environment: dict[str, str], traces: list[Path],
               command: str) -> str:
    """A markdown draft for the bug tracker: environment, profile, steps, what broke, the calls."""
    redact = replay.redact
    broken = replay.broken_step
    title = f"{scenario}: {verdict(replay)}"
    lines = [f"# {title}", "", f"Scenario **{scenario}**: {summary}.", "", "## Environment", ""]
    lines += [f"- {key}: {value}" for key, value in environment.items()]
    lines += [f"- host: {platform.platform()}", f"- replay: `{command}`", "", "## Steps to reproduce", ""]
    lines += [f"{step.number}. visitor {step.visitor}: {step.title}" + ("  **<- broke here**" if step.broken else "")
              for step in replay.steps]
    lines += ["", "## What broke", ""]
    lines += (["```", *broken.broken.splitlines(), "```"] if broken else ["Nothing: every guarantee held."])
    lines += ["", "## Session after each step", "", "| step | visitor | token | contact | stored |", "|---|---|---|---|---|"]
    lines += [f"| {step.number} | {step.visitor} | {fingerprint(step.token)} | {step.contact} | {step.storage} |"
              for step in replay.steps]
    lines += ["", "## Widget calls", "", *_calls_table(replay, replay.steps, redact), "",
              "Tokens are shown as fingerprints (`token#` + the first 6 hex digits of their SHA-256); secrets "
              "are redacted.", "", "## Trace", ""]
    lines += [f"- `{trace.name}` (`playwright show-trace {trace.name}`)" for trace in traces] or ["- (none)"]
    return redact("\n".join(lines) + "\n")
