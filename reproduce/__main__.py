"""python -m reproduce SCENARIO [--headed] [--widget-profile P] [--reference-defects D] [--target-url U ...]

Replays a session-isolation scenario step by step against the reference (any profile, any defect
switch) or a live target (the suite's own flags: every widget-e2e setting is a flag here too, with
the same WIDGET_E2E_* variables and playwright.config.py defaults). Prints the timeline, writes the
trace and a markdown bug-report draft to <reports-dir>/reproduce/, and exits 1 when a guarantee
broke (naming the step), 4 when the target or the browser is unusable, 0 otherwise."""
from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
from pathlib import Path

from faker import Faker
from playwright.sync_api import expect, sync_playwright

from fixtures.browser import connect_options_of, launch_args
from reproduce.replay import Replay
from reproduce.report import bug_report, timeline, verdict
from reproduce.scenarios import SCENARIOS, NotOffered
from testlib import preflight, settings as settings_lib
from testlib.browser_resolution import BrowserNotFound, resolve
from testlib.guarantees import BrokenGuarantee
from testlib.redaction import Redactor
from testlib.reference_process import ReferenceProcess, ReferenceStartError
from testlib.settings import OPTIONS, Settings
from testlib.target import Target, from_reference, from_settings
from testlib.visitors import make_visitor

BROKEN, UNUSABLE = 1, 4


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m reproduce", description=__doc__.split("\n\n")[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", choices=sorted(SCENARIOS), help="; ".join(
        f"{name}: {scenario.summary}" for name, scenario in sorted(SCENARIOS.items())))
    parser.add_argument("--headed", action="store_true", help="show the browser")
    parser.add_argument("--slowmo", type=float, default=0, help="slow every browser action down (ms)")
    suite = parser.add_argument_group("the suite's settings (defaults in playwright.config.py)")
    for option in OPTIONS:
        suite.add_argument(option.flag, dest=option.name, default=None, choices=option.choices,
                           help=f"{option.help} [env {option.env}]")
    return parser.parse_args(argv)


def start_target(settings: Settings, out: Path, stack: list) -> Target:
    """The reference in the asked profile and defects (stopped at the end), or the checked live target."""
    if settings.probes_profile:
        raise preflight.PreflightError("--widget-profile auto needs the suite's probe; replay with the profile "
                                       "it picked (see reports/conformance.md): documented, upstream or fork")
    if not settings.uses_reference:
        target = from_settings(settings, settings.profile())
        preflight.run(target)
        return target
    workdir = Path(tempfile.mkdtemp(prefix="widget-e2e-reproduce-"))
    log = out / "reference.log"
    log.write_text("")
    reference = ReferenceProcess.start(workdir, log, defects=settings.reference_defects,
                                       profile=settings.widget_profile,
                                       timeout_s=settings.reference_startup_timeout_s)
    stack.append(reference)
    return from_reference(reference.info, settings.profile(), log)


def environment(settings: Settings, target: Target, browser_version: str) -> dict[str, str]:
    where = (f"the reference widget ({target.widget_url}), defects: {settings.reference_defects or 'none'}"
             if target.is_reference else target.widget_url)
    return {"target": where, "widget profile": target.profile.title, "website_token": target.website_token,
            "browser": browser_version}


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    scenario = SCENARIOS[args.scenario]
    try:
        settings = settings_lib.resolve({option.name: getattr(args, option.name, None) for option in OPTIONS})
    except settings_lib.SettingsError as error:
        print(f"reproduce: {error}", file=sys.stderr)
        return UNUSABLE
    out = settings.reports_path / "reproduce"
    out.mkdir(parents=True, exist_ok=True)
    redactor = Redactor(settings.secrets())
    started: list[ReferenceProcess] = []
    try:
        target = start_target(settings, out, started)
        redactor.add(*target.secrets())
        return replay(args, scenario, settings, target, redactor, out)
    except (ReferenceStartError, preflight.PreflightError, BrowserNotFound) as error:
        print(f"reproduce: {error}", file=sys.stderr)
        return UNUSABLE
    finally:
        for reference in started:
            reference.stop()


def _browser(playwright, settings: Settings, target: Target, args: argparse.Namespace, path: Path | None):
    """Connected to the browser server if one is set (as the suite does), else launched here."""
    server = connect_options_of(settings)
    if server:
        return playwright.chromium.connect(**server)
    return playwright.chromium.launch(executable_path=str(path) if path else None, headless=not args.headed,
                                      args=launch_args(settings, target), slow_mo=args.slowmo)


def replay(args: argparse.Namespace, scenario, settings: Settings, target: Target, redactor: Redactor,
           out: Path) -> int:
    expect.set_options(timeout=settings.expect_timeout_ms)
    faker = Faker()
    command = "python -m reproduce " + shlex.join(sys.argv[1:])
    print(f"reproduce {scenario.name}: {scenario.summary}")
    path = None if settings.browser_ws_endpoint else resolve("chromium", settings.browser_path)
    with sync_playwright() as playwright:
        browser = _browser(playwright, settings, target, args, path)
        run = Replay(browser, target, settings, redactor)
        not_offered = None
        try:
            scenario.run(run, lambda: make_visitor(faker))
        except NotOffered as reason:
            not_offered = str(reason)
        except BrokenGuarantee as error:  # a check between steps (a token or contact the visitor must hold)
            if run.broken_step is None and run.steps:
                run.steps[-1].broken = str(error)
        traces = run.close(out / f"{scenario.name}-trace")
        version = f"{browser.browser_type.name} {browser.version}"
        browser.close()
    for line in timeline(run):
        print(line)
    report = out / f"{scenario.name}.md"
    report.write_text(bug_report(run, scenario.name, scenario.summary, environment(settings, target, version),
                                 traces, command))
    print(f"trace: {', '.join(str(trace) for trace in traces) or '(none)'}")
    print(f"bug report draft: {report}")
    if not_offered:
        print(f"not offered by this widget: {not_offered}")
        return 0
    print(redactor(f"{scenario.name}: {verdict(run)}"))
    return BROKEN if run.broken_step else 0


if __name__ == "__main__":
    sys.exit(main())
