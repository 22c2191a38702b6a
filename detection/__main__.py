"""python -m detection [--profile P ...] [--defect NAME ...] [--jobs N] [--bail] [--default-order]
[--no-record]: run the e2e suite on the clean reference and once per defect switch, in every widget
profile where the defect has a form; write reports/detection.md and .json, print "caught N of M"
per profile. A profile's defect runs share one pytest process and one reference that switches its
defects (detection/switching.py); its clean run is a process of its own. The catching tests go into the catch history (detection/catchers.json: every one of a
full run, the first of a bail run); a bail run starts with the recorded catchers."""
from __future__ import annotations

import argparse
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from detection import catchers, report, switching
from detection.runner import CATCH_WORDS, PROJECT_ROOT, cases, run_suite
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
    parser.add_argument("--no-record", action="store_true", help="leave the catch history as it is")
    parser.add_argument("--reports-dir", type=Path, default=PROJECT_ROOT / "reports")
    args = parser.parse_args(argv)

    chosen = cases(tuple(args.profile or PROFILE_NAMES), args.defect)
    reports = args.reports_dir / "detection"
    first = (lambda case_id: []) if args.default_order else catchers.first
    batches = [[case] for case in chosen if case.is_clean] + [
        [case for case in chosen if case.profile == profile and not case.is_clean]
        for profile in dict.fromkeys(case.profile for case in chosen)]
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        done = pool.map(lambda batch: [run_suite(batch[0], reports)] if batch[0].is_clean
                        else switching.run_defects(batch, reports, bail=args.bail, first=first),
                        [batch for batch in batches if batch])
        by_case = {run.case.id: run for batch_runs in done for run in batch_runs}
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
