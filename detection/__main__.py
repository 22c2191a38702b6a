"""python -m detection [--profile P ...] [--defect NAME ...] [--jobs N] [--bail] [--default-order]
[--no-record]: run the e2e suite on the clean reference and once per defect switch, in every widget
profile where the defect has a form; write reports/detection.md and .json, print "caught N of M"
per profile. A profile's clean run, a process of its own, records which tests reach which lines of
the reference (detection/coverage_map.py); its defect runs then share one pytest process and one
reference that switches its defects (detection/switching.py), each running only the tests that
reach its defect's lines (detection/selection.py; --whole-suite: all). The catching tests go into
the catch history (detection/catchers.json: every one of a full run, the first of a bail run); a
bail run starts with the recorded catchers."""
from __future__ import annotations

import argparse
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from detection import catchers, coverage_map, report, selection, switching
from detection.runner import CATCH_WORDS, PROJECT_ROOT, Case, SuiteRun, cases
from reference.defects import CATALOG
from testlib.profiles import PROFILE_NAMES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m detection", description=__doc__)
    parser.add_argument("--profile", action="append", choices=PROFILE_NAMES, help="only these profiles")
    parser.add_argument("--defect", action="append", choices=sorted(CATALOG), help="only these defects")
    parser.add_argument("--jobs", type=int, default=2, help="suites run at once (default: %(default)s)")
    parser.add_argument("--bail", action="store_true",
                        help="stop each defect run at its first failure (faster; lists one catching test)")
    parser.add_argument("--default-order", action="store_true",
                        help="with --bail: run in the suite's own order, not the recorded catchers first")
    parser.add_argument("--whole-suite", action="store_true",
                        help="run every test in each defect run, not only those its clean run saw reach the defect's lines")
    parser.add_argument("--no-record", action="store_true", help="leave the catch history as it is")
    parser.add_argument("--reports-dir", type=Path, default=PROJECT_ROOT / "reports")
    args = parser.parse_args(argv)

    chosen = cases(tuple(args.profile or PROFILE_NAMES), args.defect)
    reports = args.reports_dir / "detection"
    first = (lambda case_id: []) if args.default_order else catchers.first
    profiles = list(dict.fromkeys(case.profile for case in chosen))

    def run_profile(profile: str) -> list[SuiteRun]:
        """Its clean run, which records the coverage map, then its defect runs in one process,
        each with the tests that reach its defect (every test with --whole-suite)."""
        clean_run, recorded = coverage_map.clean_run_and_map(Case(profile), reports)
        defects = [case for case in chosen if case.profile == profile and not case.is_clean]
        chooser = (lambda case: None) if args.whole_suite else (lambda case: selection.select(recorded, case.defect))
        return [clean_run] + (switching.run_defects(defects, reports, bail=args.bail, first=first, selection=chooser)
                              if defects else [])

    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        by_case = {run.case.id: run for profile_runs in pool.map(run_profile, profiles) for run in profile_runs}
    runs = [by_case[case.id] for case in chosen]
    for run in runs:
        caught_by = f"  caught by {CATCH_WORDS[run.caught_by]}" if run.caught_by else ""
        print(f"{run.case.id:<42} {run.status:<11} {len(run.failures):>3} of {run.tests:>3} failed  "
              f"{run.duration_s:>5.0f} s{caught_by}")
        if not run.completed:
            print("    " + run.output_tail.replace("\n", "\n    "))
    md_path, _ = report.write(runs, args.reports_dir)
    print(f"report: {md_path}")
    if not args.no_record and catchers.record(runs):
        print(f"catch history updated: {catchers.HISTORY.relative_to(PROJECT_ROOT)}")
    print(report.headline(runs))
    clean_runs_pass = all(run.passed for run in runs if run.case.is_clean)
    all_caught = all(run.caught for run in runs if not run.case.is_clean)
    all_named = not report.caught_without_cause(runs)
    return 0 if all_caught and all_named and clean_runs_pass else 1


if __name__ == "__main__":
    sys.exit(main())
