"""python -m mutants [--file F ...] [--profile P ...] [--operator O ...] [--limit N] [--sample N --seed S]
[--jobs N] [--timeout S] [--list]: generate first-order mutants of the reference, run the e2e suite
against each (bail, in the profiles that run its code), write reports/mutants.md and .json."""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from detection import coverage_map, selection
from detection.runner import PROJECT_ROOT
from mutants import marks as mark_file, report
from mutants.model import OPERATORS, Mutant
from mutants.runner import IGNORED, BrokenTests, MutantResult, Selector, run_mutant, snapshot
from mutants.targets import all_files, mutants_of, profiles_running
from reference.profiles import PROFILE_NAMES


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m mutants", description=__doc__)
    parser.add_argument("--file", action="append", help="only files whose path ends with this (repeatable)")
    parser.add_argument("--profile", action="append", choices=PROFILE_NAMES, help="only run in these profiles")
    parser.add_argument("--operator", action="append", choices=OPERATORS, help="only these mutation operators")
    parser.add_argument("--id", action="append", help="only the mutants with these ids")
    parser.add_argument("--limit", type=int, help="at most N mutants (after sampling)")
    parser.add_argument("--sample", type=int, help="a random sample of N mutants")
    parser.add_argument("--seed", type=int, default=0, help="the sample's seed (default: %(default)s)")
    parser.add_argument("--jobs", type=int, default=1, help="mutants run at once (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per suite run (default: %(default)s)")
    parser.add_argument("--list", action="store_true", help="print the chosen mutants and exit")
    parser.add_argument("--rescore", action="store_true",
                        help="rewrite the last report with the marks as they are now, running nothing")
    parser.add_argument("--resume", action="store_true",
                        help="keep the results of the last report in --reports-dir and run only the rest")
    parser.add_argument("--no-confirm", action="store_true",
                        help="do not re-run a killing test without the mutant (faster, trusts every failure)")
    parser.add_argument("--whole-suite", action="store_true",
                        help="run the whole suite per mutant, not only the tests that run its line")
    parser.add_argument("--reports-dir", type=Path, default=PROJECT_ROOT / "reports")
    return parser.parse_args(argv)


def choose(args: argparse.Namespace, root: Path = PROJECT_ROOT) -> list[tuple[Mutant, tuple[str, ...]]]:
    """The mutants to run (of the reference under `root`), each with the profiles to run it in."""
    files = [file for file in all_files() if not args.file or any(file.endswith(want) for want in args.file)]
    chosen = []
    for file in files:
        profiles = tuple(p for p in profiles_running(file) if not args.profile or p in args.profile)
        if profiles:
            chosen += [(mutant, profiles) for mutant in mutants_of(file, root)
                       if (not args.operator or mutant.operator in args.operator) and (not args.id or mutant.id in args.id)]
    if args.sample is not None:
        # in random order, so a run stopped early has still measured a random sample
        chosen = random.Random(args.seed).sample(chosen, min(args.sample, len(chosen)))
    return chosen[:args.limit] if args.limit is not None else chosen


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    command = "python -m mutants " + " ".join(argv if argv is not None else sys.argv[1:])
    marks = mark_file.read()
    if args.rescore:
        md_path, results = report.rescore(args.reports_dir, marks)
        print(f"report: {md_path}\n{report.headline(results, marks)}")
        return 0
    with tempfile.TemporaryDirectory(prefix="mutants-snapshot-") as folder:
        root = snapshot(Path(folder))
        return run(args, command, marks, root)


def run(args: argparse.Namespace, command: str, marks: dict, root: Path) -> int:
    chosen = choose(args, root)
    if args.list:
        for mutant, profiles in chosen:
            print(f"{mutant.id:<44} {mutant.file}:{mutant.line:<5} {mutant.diff[:60]!s:<62} [{', '.join(profiles)}]")
        print(f"{len(chosen)} mutants")
        return 0
    results: list[MutantResult] = report.load(args.reports_dir) if args.resume else []
    done = {result.mutant.id for result in results}
    chosen = [pair for pair in chosen if pair[0].id not in done]
    total = len(chosen) + len(done)
    lock = threading.Lock()
    broken = BrokenTests()
    selector = (lambda mutant, profile: None) if args.whole_suite else \
        coverage_selector({profile for _, profiles in chosen for profile in profiles}, args.reports_dir / "coverage",
                          root, args.jobs)

    def one(pair: tuple[Mutant, tuple[str, ...]]) -> MutantResult:
        mutant, profiles = pair
        marks = mark_file.read()  # marks added while a run goes on count too
        if mutant.id in marks:
            mark = marks[mutant.id]
            result = MutantResult(mutant, IGNORED, message=f"marked {mark.kind}: {mark.reason}")
        else:
            result = run_mutant(mutant, root, profiles, args.reports_dir / "mutants", args.timeout, broken,
                                confirm=not args.no_confirm, selector=selector)
        with lock:
            results.append(result)
            print(f"[{len(results)}/{total}] {result.status:<8} {mutant.file}:{mutant.line} {mutant.diff[:50]} "
                  f"({result.duration_s:.0f} s) {result.killed_by or result.message[:80]}", flush=True)
            report.write(_in_order(results), marks, args.reports_dir, command, broken.all())
        return result

    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        list(pool.map(one, chosen))
    marks = mark_file.read()
    md_path = report.write(_in_order(results), marks, args.reports_dir, command, broken.all())
    print(f"report: {md_path}")
    print(report.headline(results, marks))
    return 0


def coverage_selector(profiles: set[str], cache_dir: Path, root: Path, jobs: int) -> Selector:
    """Per profile the tests that run a mutant's line, from the profile's coverage map (kept in
    cache_dir while the reference and the tests are unchanged; else one clean run records it)."""
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        maps = dict(zip(sorted(profiles), pool.map(lambda profile: coverage_map.cached(profile, cache_dir),
                                                   sorted(profiles))))
    texts: dict[str, str] = {}

    def tests_for(mutant: Mutant, profile: str) -> list[str] | None:
        text = texts.setdefault(mutant.file, (root / mutant.file).read_text(encoding="utf-8"))
        lines = selection.lines_of_change(mutant.file, text, mutant.start, mutant.end)
        return None if lines is None else maps[profile].selected(lines)

    return tests_for


def _in_order(results: list[MutantResult]) -> list[MutantResult]:
    files = all_files()
    return sorted(results, key=lambda result: (files.index(result.mutant.file), result.mutant.start))


if __name__ == "__main__":
    sys.exit(main())
