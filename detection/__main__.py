"""python -m detection [--defect NAME ...] [--jobs N]: run the e2e suite on the clean reference
and once per defect switch, write reports/detection.md and .json, print "caught N of M"."""
from __future__ import annotations

import argparse
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from detection import report
from detection.runner import CLEAN, PROJECT_ROOT, run_suite
from reference.defects import CATALOG


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m detection", description=__doc__)
    parser.add_argument("--defect", action="append", choices=sorted(CATALOG), help="only these defects")
    parser.add_argument("--jobs", type=int, default=2, help="suites run at once (default: %(default)s)")
    parser.add_argument("--reports-dir", type=Path, default=PROJECT_ROOT / "reports")
    args = parser.parse_args(argv)

    names = [CLEAN, *(args.defect or sorted(CATALOG))]
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        runs = list(pool.map(lambda name: run_suite(name, args.reports_dir / "detection"), names))
    for run in runs:
        if not run.completed:
            status = f"BROKEN RUN (exit {run.exit_code})"
        elif run.defect == CLEAN:
            status = "passes" if run.passed else "FAILS"
        else:
            status = "caught" if run.caught else "NOT CAUGHT"
        print(f"{run.defect:<30} {status:<20} {len(run.failures):>3} of {run.tests:>3} failed  {run.duration_s:>5.0f} s")
        if not run.completed:
            print("    " + run.output_tail.replace("\n", "\n    "))
    md_path, _ = report.write(runs, args.reports_dir)
    print(f"report: {md_path}")
    print(report.headline(runs))
    clean = next(run for run in runs if run.defect == CLEAN)
    all_caught = all(run.caught for run in runs if run.defect != CLEAN)
    return 0 if all_caught and clean.passed else 1


if __name__ == "__main__":
    sys.exit(main())
