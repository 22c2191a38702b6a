"""python -m benchmarks [--rounds N] [--suite]: print the figures behind the suite's speed and memory
goals (reference start-up, browser launch, context + page, widget ready, memory; with --suite, the
e2e suite's wall time serial and with 2 workers). With --detection [--profile P] [--default-order]
[--without-bail] [--whole-suite] [--per-process] [--jobs N], instead: per profile the clean run's
time (it records the per-test coverage) and the defect runs' time with bail, the known catchers
first (detection/catchers.json), defects switched in one process, each with the tests that reach
its lines (detection/selection.py), and per-case durations; --default-order and --without-bail add
the same runs in the suite's own order, and to the end; --whole-suite adds them without the
selection, --per-process as a pytest process per defect. With --mutants N [--seed S] [--jobs J]: a
random sample of generated mutants, their median cost and the whole population's projected time.
Figures only: nothing here passes or fails."""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

from playwright.sync_api import sync_playwright

from detection import catchers, coverage_map, selection, switching
from detection.coverage_map import CoverageMap
from detection.runner import PROJECT_ROOT, Case, cases, run_pytest, run_suite
from mutants import __main__ as mutants_main
from pages.host_page import HostPage
from testlib.browser_resolution import resolve
from testlib.profiles import PROFILE_NAMES
from testlib.reference_process import ReferenceProcess
from testlib.settings import config_file_values


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def rss_mib(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MiB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        process = int(status.parent.name)
        children.setdefault(int(fields["PPid"]), []).append(process)
        rss[process] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, stack = 0, [pid]
    while stack:
        process = stack.pop()
        total += rss.get(process, 0)
        stack.extend(children.get(process, []))
    return total / 1024


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"median {statistics.median(samples) * 1000:6.0f} ms   p95 {p95 * 1000:6.0f} ms   (n={len(samples)})"


def detection_matrix(profile: str, workdir: Path, jobs: int, bail: bool, history: bool, per_process: bool,
                     recorded: CoverageMap | None) -> None:
    """Times one profile's defect runs as tests/test_detection.py runs them (one process, defects
    switched, each with the tests that reach its lines in `recorded`; None: the whole suite), or
    with `per_process` one pytest process and reference per defect, `jobs` at once (as before the
    switching; always the whole suite)."""
    label = ("bail, known catchers first" if history else "bail, suite order") if bail else "without bail"
    how = f"a process per defect, {jobs} at once" if per_process else \
        f"one process, defects switched, {'selected tests' if recorded else 'whole suite'}"
    reports = workdir / f"{label}-{how}".replace(" ", "-").replace(",", "")
    first = catchers.first if history else (lambda case_id: [])
    _, *defects = cases((profile,))
    started = time.perf_counter()
    if per_process:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            runs = list(pool.map(lambda case: run_suite(case, reports, bail=bail, run_first=first(case.id)), defects))
    else:
        chooser = (lambda case: selection.select(recorded, case.defect)) if recorded else (lambda case: None)
        runs = switching.run_defects(defects, reports, bail=bail, first=first, selection=chooser)
    wall = time.perf_counter() - started
    print(f"detection {profile}: {len(runs)} defect runs ({label}; {how}) {wall:6.0f} s wall, "
          f"{sum(run.duration_s for run in runs):6.0f} s summed, {sum(run.tests for run in runs)} tests run, "
          f"{sum(run.caught for run in runs)} caught")
    for run in runs:
        print(f"    {run.case.id:<48} {run.status:<10} {run.tests:>4} tests {run.duration_s:>6.1f} s")


def mutant_costs(sample: int, seed: int, jobs: int, workdir: Path) -> None:
    """A random sample of generated mutants, run as `make mutants` runs them (only the tests that run
    the mutated line): the median cost per mutant and what the whole population would cost."""
    population = len(mutants_main.choose(mutants_main.parse_args([])))
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mutants", "--sample", str(sample), "--seed", str(seed), "--jobs", str(jobs),
                    "--reports-dir", str(workdir)], cwd=PROJECT_ROOT, check=False)
    wall = time.perf_counter() - started
    summary = json.loads((workdir / "mutants.json").read_text())["summary"]
    median = summary["median_run_s"]
    print(f"mutants: {sample} of {population} in {wall:.0f} s wall with {jobs} jobs (coverage maps included); "
          f"median {median if median is not None else float('nan'):.1f} s per mutant that ran; "
          f"{summary['killed']} killed, {summary['survived']} survived, {summary['not_covered']} not covered, "
          f"{summary['invalid']} invalid, {summary['ignored']} ignored")
    if median is not None:
        print(f"mutants: the whole population at that median: about {population * median / jobs / 60:.0f} minutes "
              f"with {jobs} jobs")


def _detection_ways(args: argparse.Namespace) -> list[dict]:
    """The defect-run variants asked for: bail with the known catchers first and the selection,
    plus --default-order, --without-bail, --whole-suite and --per-process ones."""
    orders = [dict(bail=True, history=True)] + ([dict(bail=True, history=False)] if args.default_order else []) + \
        ([dict(bail=False, history=False)] if args.without_bail else [])
    ways = [dict(order, per_process=False, selected=True) for order in orders]
    if args.whole_suite:
        ways += [dict(order, per_process=False, selected=False) for order in orders]
    if args.per_process:
        ways += [dict(order, per_process=True, selected=False) for order in orders]
    return ways


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--suite", action="store_true", help="also time the whole e2e suite")
    parser.add_argument("--profile", choices=PROFILE_NAMES,
                        help="the reference's widget profile (default: documented; with --detection, all)")
    parser.add_argument("--detection", action="store_true", help="time the detection matrix instead")
    parser.add_argument("--default-order", action="store_true", help="with --detection: also in the suite's order")
    parser.add_argument("--without-bail", action="store_true", help="with --detection: also without bail")
    parser.add_argument("--per-process", action="store_true",
                        help="with --detection: also a pytest process and reference per defect run")
    parser.add_argument("--whole-suite", action="store_true",
                        help="with --detection: also every defect run with the whole suite, not the selected tests")
    parser.add_argument("--mutants", type=int, metavar="N",
                        help="time a random sample of N generated mutants instead (median cost per mutant)")
    parser.add_argument("--seed", type=int, default=13, help="with --mutants: the sample's seed")
    parser.add_argument("--jobs", type=int, default=2,
                        help="with --detection --per-process, or --mutants: runs at once (default: %(default)s)")
    args = parser.parse_args()
    if args.mutants:
        mutant_costs(args.mutants, args.seed, args.jobs, Path(tempfile.mkdtemp(prefix="widget-e2e-bench-mutants-")))
        return
    if args.detection:
        workdir = Path(tempfile.mkdtemp(prefix="widget-e2e-bench-detection-"))
        for profile in [args.profile] if args.profile else PROFILE_NAMES:
            clean_run, recorded = coverage_map.clean_run_and_map(Case(profile), workdir)
            print(f"detection {profile}: clean run, recording per-test coverage, {clean_run.duration_s:6.0f} s "
                  f"({clean_run.status}; {len(recorded.test_ids)} tests mapped)")
            for ways in _detection_ways(args):
                selected = ways.pop("selected")
                detection_matrix(profile, workdir, args.jobs, recorded=recorded if selected else None, **ways)
        return
    args.profile = args.profile or "documented"
    print(f"widget profile: {args.profile}")
    workdir = Path(tempfile.mkdtemp(prefix="widget-e2e-bench-"))

    started = time.perf_counter()
    reference = ReferenceProcess.start(workdir, workdir / "reference.log", profile=args.profile)
    print(f"reference start-up (until it answers):  {(time.perf_counter() - started) * 1000:6.0f} ms")
    defaults = config_file_values()
    host_url = f"{reference.info['host_url']}?website_token={reference.info['inboxes']['hmac_optional']}"
    executable = str(resolve())  # before sync_playwright(): resolve() starts its own
    try:
        with sync_playwright() as playwright:
            launch_started = time.perf_counter()
            browser = playwright.chromium.launch(executable_path=executable, args=defaults["browser_args"].split())
            print(f"browser launch:                         {(time.perf_counter() - launch_started) * 1000:6.0f} ms")
            contexts, ready = [], []
            for _ in range(args.rounds):
                started = time.perf_counter()
                context = browser.new_context()
                page = context.new_page()
                contexts.append(time.perf_counter() - started)
                ready.append(timed(lambda page=page: HostPage(page).open(host_url)))
                context.close()
            print(f"new context + page:                     {summary(contexts)}")
            print(f"host page open until chatwoot:ready:    {summary(ready)}")
            browser_mib = rss_mib(os.getpid()) - rss_mib(reference.process.pid)
            print(f"memory, browser + this process:         {browser_mib:6.0f} MiB")
            browser.close()
        print(f"memory, reference server:               {rss_mib(reference.process.pid):6.0f} MiB")
    finally:
        reference.stop()
    if args.suite:
        for workers in ("0", "2"):
            seconds = timed(lambda n=workers: run_pytest(["e2e", "-n", n, "--widget-profile", args.profile],
                                                         workdir / f"suite-{n}"))
            print(f"e2e suite wall time, -n {workers}:               {seconds:6.1f} s")


if __name__ == "__main__":
    main()
