"""python -m detection.flake [--runs N] [--profile P ...]: the repeat check. Runs the whole e2e suite
N times (pytest-repeat's --count, whole suite after whole suite) against the clean reference in
every widget profile, and reports every test that failed at least once, with its messages
(reports/flake.md). Normal runs never rerun a failed test: a rerun would hide exactly this."""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from detection.runner import PROJECT_ROOT, SUITE_TIMEOUT_S, read_junit, run_pytest
from testlib.profiles import PROFILE_NAMES


def without_repetition(test: str, runs: int) -> str:
    """'...::test_a[chromium-3-20]' -> '...::test_a[chromium]'; '...::test_b[3-20]' -> '...::test_b'."""
    return re.sub(rf"(\[|-)\d+-{runs}\]$", lambda match: "]" if match.group(1) == "-" else "", test)


@dataclass
class ProfileRepeat:
    """N runs of the suite in one profile: how many test runs, and the messages of each failed test."""

    profile: str
    runs: int
    exit_code: int
    test_runs: int = 0
    failed: dict[str, list[str]] = field(default_factory=dict)  # test -> one message per failed run
    problem: str = ""  # the run itself went wrong (setup error, server errors, timeout)

    @property
    def failures(self) -> int:
        return sum(len(messages) for messages in self.failed.values())


def repeat(profile: str, runs: int, workers: str, reports_root: Path) -> ProfileRepeat:
    reports_dir = reports_root / profile
    args = ["e2e", "--widget-profile", profile, "--count", str(runs), "--repeat-scope", "session", "-n", workers]
    # only a backstop (a hung test is stopped by --timeout); a busy machine takes several idle minutes
    budget_s = 2 * runs * SUITE_TIMEOUT_S
    try:
        result = run_pytest(args, reports_dir, timeout_s=budget_s)
        exit_code, output = result.returncode, result.stdout + result.stderr
    except subprocess.TimeoutExpired:
        exit_code, output = -1, f"did not finish within {budget_s} s"
    test_runs, failures = read_junit(reports_dir / "junit.xml")
    outcome = ProfileRepeat(profile, runs, exit_code, test_runs)
    for failure in failures:
        outcome.failed.setdefault(without_repetition(failure.test, runs), []).append(failure.message)
    if exit_code not in (0, 1) or (exit_code == 1 and not failures) or not test_runs:
        lines = [line for line in output.strip().splitlines() if line.strip()]
        outcome.problem = f"exit {exit_code}: " + (lines[-1] if lines else "no output")
    return outcome


def figure(outcomes: list[ProfileRepeat]) -> str:
    failing = sum(len(outcome.failed) for outcome in outcomes)
    test_runs = sum(outcome.test_runs for outcome in outcomes)
    runs = outcomes[0].runs if outcomes else 0
    profiles = ", ".join(outcome.profile for outcome in outcomes)
    problems = sum(1 for outcome in outcomes if outcome.problem)
    return (f"repeat check: {failing} test(s) failed at least once in {runs} run(s) of the whole e2e suite "
            f"per profile ({profiles}; {test_runs} test runs, {os.cpu_count()} cores)"
            + (f"; {problems} profile run(s) went wrong" if problems else ""))


def markdown(outcomes: list[ProfileRepeat]) -> str:
    lines = ["# Repeat check", "", f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC. {figure(outcomes)}.", "",
             "| profile | test runs | failed runs | tests that failed at least once |", "|---|---|---|---|"]
    lines += [f"| {o.profile} | {o.test_runs} | {o.failures} | {len(o.failed)} |" for o in outcomes]
    for outcome in outcomes:
        if outcome.problem:
            lines += ["", f"**{outcome.profile}: the run went wrong** ({outcome.problem})"]
        for test, messages in sorted(outcome.failed.items()):
            lines += ["", f"## {outcome.profile}: `{test}` failed {len(messages)} of {outcome.runs}", ""]
            lines += [f"- {count}x {message or '(no message)'}" for message, count in Counter(messages).most_common()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m detection.flake", description=__doc__)
    parser.add_argument("--runs", type=int, default=20, help="runs of the whole suite per profile (%(default)s)")
    parser.add_argument("--profile", action="append", choices=PROFILE_NAMES, help="only these profiles")
    parser.add_argument("--workers", default="auto", help="pytest-xdist workers per run (%(default)s)")
    parser.add_argument("--reports-dir", type=Path, default=PROJECT_ROOT / "reports")
    args = parser.parse_args(argv)

    outcomes = []
    for profile in args.profile or PROFILE_NAMES:
        outcome = repeat(profile, args.runs, args.workers, args.reports_dir / "flake")
        print(f"{profile:<11} {outcome.test_runs:>5} test runs  {outcome.failures:>3} failed  "
              f"{len(outcome.failed):>3} test(s) failed at least once  {outcome.problem}", flush=True)
        outcomes.append(outcome)
    path = args.reports_dir / "flake.md"
    path.write_text(markdown(outcomes))
    for outcome in outcomes:
        for test, messages in sorted(outcome.failed.items()):
            print(f"  {outcome.profile}: {test} failed {len(messages)} of {outcome.runs}: {messages[0]}")
    print(f"report: {path}")
    print(figure(outcomes))
    return 0 if all(not outcome.failed and not outcome.problem for outcome in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
