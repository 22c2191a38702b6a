"""python -m reference: run the reference widget until Ctrl-C."""
from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from reference import coverage_contexts, defects as defect_switches
from reference.profiles import PROFILE_NAMES
from reference.server import ReadyInfo, ServerOptions, serve
from reference.widget_build import BuildError


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m reference", description=__doc__)
    parser.add_argument("--db", type=Path, default=Path("reference.sqlite3"),
                        help="SQLite file (created and seeded if missing; default: %(default)s)")
    parser.add_argument("--bind", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    parser.add_argument("--port", type=int, default=3000, help="widget origin port, 0 = any free port")
    parser.add_argument("--host-page-port", type=int, default=3001, help="host page origin port, 0 = any free port")
    parser.add_argument("--profile", choices=PROFILE_NAMES, default="documented",
                        help="which real widget to stand in for (default: %(default)s)")
    parser.add_argument("--defect", action="append", default=[], metavar="NAME",
                        help="switch on a named defect (repeatable; also REFERENCE_DEFECTS=a,b)")
    parser.add_argument("--switchable-defects", action="store_true",
                        help="let PUT /__reference__/defects switch the defects while running (the detection check)")
    parser.add_argument("--coverage-data", type=Path, metavar="FILE",
                        help="record per-test line coverage into FILE (coverage.py; the detection check's selection)")
    parser.add_argument("--list-defects", action="store_true", help="print the defect switches and exit")
    parser.add_argument("--secret-key", help="token signing key (default: the one stored in the database)")
    parser.add_argument("--token-lifetime", type=int, help="contact token lifetime in seconds")
    parser.add_argument("--ready-file", type=Path, help="write the URLs and tokens as JSON here once listening")
    parser.add_argument("--widget-build", type=Path, metavar="DIR",
                        help="serve your own widget build (packs/js/sdk.js, vite/.vite/manifest.json) in front of the API")
    parser.add_argument("--watch-pid", type=int, help="stop when this process is gone")
    return parser.parse_args(argv)


def print_banner(info: ReadyInfo) -> None:
    lines = [
        "Reference widget is running. Ctrl-C stops it.",
        f"  host page (open this): {info.host_url}",
        f"  widget origin:         {info.widget_url}",
        f"  database:              {info.db_path}",
        "  inboxes (website_token):",
        *(f"    {name:<18} {token}" for name, token in info.inboxes.items()),
        f"  widget profile:        {info.profile}",
        f"  defects on:            {', '.join(info.defects) or 'none'}",
        f"  widget build:          {info.widget_build or 'none (the reference app)'}",
    ]
    print("\n".join(lines), flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.list_defects:
        for name, defect in defect_switches.CATALOG.items():
            print(f"{name:<30} [{defect.where}] {defect.what} (profiles: {', '.join(sorted(defect.profiles))})")
        return 0
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr)
    try:
        chosen = defect_switches.from_environment() | defect_switches.parse(args.defect)
        defect_switches.check_profile(chosen, args.profile)
    except (defect_switches.UnknownDefect, defect_switches.NotInProfile) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    options = ServerOptions(
        db_path=args.db, bind=args.bind, widget_port=args.port, host_port=args.host_page_port,
        profile=args.profile, defects=chosen, secret_key=args.secret_key, token_lifetime_seconds=args.token_lifetime,
        ready_file=args.ready_file, watch_pid=args.watch_pid, widget_build=args.widget_build,
        switchable_defects=args.switchable_defects, coverage_contexts=args.coverage_data is not None,
    )
    recorder = coverage_contexts.start(args.coverage_data) if args.coverage_data else None
    try:
        asyncio.run(serve(options, on_ready=print_banner))
    except OSError as error:
        print(f"error: could not listen on {args.bind}:{args.port}/{args.host_page_port} ({error.strerror}); "
              "pass free ports with --port/--host-page-port, or 0 for any", file=sys.stderr)
        return 1
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    finally:
        if recorder:
            coverage_contexts.stop(recorder)
    print("Reference widget stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
