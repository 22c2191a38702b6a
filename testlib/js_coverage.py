"""Which lines of the widget's scripts a test ran, from Chromium's precise block coverage (V8's,
over CDP); no pytest here (fixtures/js_coverage.py runs it per test).

V8 reports, per function, nested ranges of UTF-16 offsets with execution counts; a line ran when
the innermost range holding its first non-whitespace character has a count above zero.

One CDP session per page also reaches the widget iframe (same-site, it shares the page's renderer)
and keeps the counts of the iframe's earlier documents. Two moments need care, because DevTools
cannot reach a page while its top frame navigates (messages wait until the new document commits):
- the start: V8 counts only what runs after it, so a page's coverage starts when it first requests
  a counted script, the request (a context route) held until coverage runs; its document has
  committed by then, and the session keeps coverage on for the page's later documents;
- a new top document: it gets a new renderer-side agent, whose counts start afresh, so the page
  pauses in the old document's beforeunload (a breakpoint on a no-op listener every top document
  gets) and the counts are taken there, before the navigation begins."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, CDPSession, Error as PlaywrightError, Page, Route

LINE_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029]")  # JavaScript's line terminators
BLOCK_COVERAGE = {"callCount": True, "detailed": True}

Lines = dict[str, set[int]]  # URL path of a script -> 1-based lines that ran


# -- ranges to lines (pure) ---------------------------------------------------------------------

def utf16_length(text: str) -> int:
    """V8's offsets count UTF-16 code units: a character outside the BMP is two of them."""
    return len(text) + sum(1 for character in text if ord(character) > 0xFFFF)


def first_code_offsets(source: str) -> list[tuple[int, int]]:
    """(1-based line, UTF-16 offset of its first non-whitespace character) of every line that has one."""
    found, line_start = [], 0
    for number, (line, terminator) in enumerate(_lines_with_terminators(source), start=1):
        code = line.lstrip()
        if code:
            found.append((number, line_start + utf16_length(line[:len(line) - len(code)])))
        line_start += utf16_length(line) + len(terminator)
    return found


def _lines_with_terminators(source: str) -> Iterable[tuple[str, str]]:
    position = 0
    for match in LINE_BREAK.finditer(source):
        yield source[position:match.start()], match.group()
        position = match.end()
    yield source[position:], ""


def block_ranges(functions: list[dict[str, Any]]) -> list[tuple[int, int, int]]:
    """(start, end, count) of every range, outer before inner: by start, then longest first; V8 lists
    a function's own range before its blocks, so of equal ranges the later one is the inner."""
    listed = [(entry["startOffset"], entry["endOffset"], entry["count"], order)
              for order, entry in enumerate(entry for function in functions for entry in function["ranges"])]
    listed.sort(key=lambda item: (item[0], -item[1], item[3]))
    return [(start, end, count) for start, end, count, _ in listed]


def executed_lines(source: str, functions: list[dict[str, Any]]) -> list[int]:
    """The sorted lines of `source` whose first non-whitespace character's innermost range (of
    `functions`, V8's ScriptCoverage.functions) has a count above zero. One sweep: ranges nest, so
    a stack of the ranges open at an offset has the innermost on top."""
    ranges, next_range, open_ranges, ran = block_ranges(functions), 0, [], []
    for line, offset in first_code_offsets(source):
        while next_range < len(ranges) and ranges[next_range][0] <= offset:
            _drop_ended(open_ranges, ranges[next_range][0])
            open_ranges.append(ranges[next_range])
            next_range += 1
        _drop_ended(open_ranges, offset)
        if open_ranges and open_ranges[-1][2] > 0:
            ran.append(line)
    return ran


def _drop_ended(open_ranges: list[tuple[int, int, int]], offset: int) -> None:
    """Drop the innermost ranges that do not reach `offset` (a range's end is exclusive)."""
    while open_ranges and open_ranges[-1][1] <= offset:
        open_ranges.pop()


# -- which scripts count --------------------------------------------------------------------------

@dataclass(frozen=True)
class WidgetScripts:
    """The scripts whose lines are reported: those the widget origin serves at one of `paths`."""

    origin: str  # scheme://host:port of the widget
    paths: frozenset[str]

    @classmethod
    def of(cls, widget_url: str, paths: Iterable[str]) -> "WidgetScripts":
        parts = urlsplit(widget_url)
        return cls(f"{parts.scheme}://{parts.netloc}", frozenset(path for path in paths if path.endswith(".js")))

    def requests(self) -> re.Pattern[str]:
        """The requests of these scripts (a query string or fragment allowed)."""
        paths = "|".join(re.escape(path) for path in sorted(self.paths))
        return re.compile(rf"^{re.escape(self.origin)}(?:{paths})(?:[?#]|$)")

    def path_of(self, url: str) -> str | None:
        """The URL path `url` is reported under, or None for a script not counted."""
        parts = urlsplit(url)
        path = parts.path
        return path if f"{parts.scheme}://{parts.netloc}" == self.origin and path in self.paths else None


# -- recording in the browser ---------------------------------------------------------------------

# The beforeunload listener the breakpoint stops at; it does nothing and cancels nothing.
BEFORE_UNLOAD_LISTENER = "if (window.top === window) window.addEventListener('beforeunload', () => {});"

Sources = dict[str, str]  # a script's hash (Debugger.scriptParsed) -> its source


@dataclass
class PageCoverage:
    """One page's CDP session with block coverage running; take() adds to `lines` what ran since
    the last take (V8 resets its counts at each take, so lines add up)."""

    session: CDPSession
    scripts: WidgetScripts
    lines: Lines
    sources: Sources  # shared by every page of the run: the same files load again and again
    hashes: dict[str, str] = field(default_factory=dict)  # scriptId -> hash, for the counted scripts
    problems: list[str] = field(default_factory=list)

    @classmethod
    def start(cls, page: Page, scripts: WidgetScripts, lines: Lines, sources: Sources) -> "PageCoverage":
        coverage = cls(page.context.new_cdp_session(page), scripts, lines, sources)
        coverage.session.on("Debugger.scriptParsed", coverage._keep_source)
        coverage.session.on("Debugger.paused", coverage._take_and_resume)
        for method, params in [("Profiler.enable", None), ("Profiler.startPreciseCoverage", BLOCK_COVERAGE),
                               ("Debugger.enable", None),
                               ("DOMDebugger.setEventListenerBreakpoint", {"eventName": "beforeunload"})]:
            coverage.session.send(method, params)
        return coverage

    def take(self) -> None:
        for script in self.session.send("Profiler.takePreciseCoverage")["result"]:
            path = self.scripts.path_of(script["url"])
            if path:
                ran = executed_lines(self._source(script["scriptId"]), script["functions"])
                self.lines.setdefault(path, set()).update(ran)

    def _keep_source(self, script: dict[str, Any]) -> None:
        """Fetch a counted script's source as it is parsed: the debugger forgets a script once
        its document is gone, and the coverage of an iframe's earlier documents outlives that."""
        if not self.scripts.path_of(script["url"]):
            return
        self.hashes[script["scriptId"]] = script["hash"]
        if script["hash"] not in self.sources:
            try:
                self._source(script["scriptId"])
            except PlaywrightError:
                pass  # gone already; take() says so if it ran

    def _source(self, script_id: str) -> str:
        """The source as the browser ran it (the SDK is served with its defects filled in), kept
        by its hash: script ids are only unique within one renderer."""
        content_hash = self.hashes.get(script_id)
        if content_hash in self.sources:
            return self.sources[content_hash]
        source = self.session.send("Debugger.getScriptSource", {"scriptId": script_id})["scriptSource"]
        if content_hash:
            self.sources[content_hash] = source
        return source

    def _take_and_resume(self, _: dict[str, Any]) -> None:
        """Paused in the top document's beforeunload (or at a `debugger;` statement): take, go on."""
        try:
            self.take()
        except Exception as error:  # noqa: BLE001 (the page must go on whatever happened)
            self.problems.append(f"coverage before a navigation: {error!r}")
        finally:
            try:
                self.session.send("Debugger.resume")
            except PlaywrightError:
                pass  # the page is gone


@dataclass
class CoverageRecorder:
    """The lines one test ran, over all its contexts, their pages and the documents each page loaded."""

    scripts: WidgetScripts
    sources: Sources = field(default_factory=dict)
    lines: Lines = field(default_factory=dict)
    pages: dict[Page, PageCoverage] = field(default_factory=dict)
    held: dict[Page, list[Route]] = field(default_factory=dict)  # counted scripts waiting for their page's start
    problems: list[str] = field(default_factory=list)

    def watch(self, context: BrowserContext) -> None:
        """Cover `context`'s pages: those open now, and every later one from the first counted
        script it requests (the request waits until coverage runs, so none of it is missed)."""
        context.add_init_script(BEFORE_UNLOAD_LISTENER)
        context.route(self.scripts.requests(), self._before_script)
        for page in context.pages:
            self._start(page)

    def finish(self) -> dict[str, list[int]]:
        """Take every open page's coverage (before its context closes): the test's lines, sorted."""
        for page, coverage in self.pages.items():
            if not page.is_closed():
                self._report_problem(page, coverage.take)
            self.problems += coverage.problems
        return {path: sorted(lines) for path, lines in sorted(self.lines.items()) if lines}

    def _before_script(self, route: Route) -> None:
        """A counted script is requested: its document has committed, so DevTools reaches it, and
        the script runs only once answered. The first one of a page starts its coverage; others
        asked for meanwhile wait for that start."""
        try:
            page = route.request.frame.page
        except PlaywrightError:
            route.fallback()  # no frame: not a page's script
            return
        if page in self.held:
            self.held[page].append(route)
            return
        self.held[page] = [route]
        try:
            if page not in self.pages:
                self._start(page)
        finally:
            for waiting in self.held.pop(page):
                waiting.fallback()

    def _start(self, page: Page) -> None:
        def start() -> None:
            self.pages[page] = PageCoverage.start(page, self.scripts, self.lines, self.sources)
        self._report_problem(page, start)

    def _report_problem(self, page: Page, step: Callable[[], None]) -> None:
        try:
            step()
        except PlaywrightError as error:
            if not page.is_closed():
                self.problems.append(f"{page.url}: {error.message}")


def report_path(directory: Path, node_id: str) -> Path:
    return directory / f"{hashlib.sha1(node_id.encode()).hexdigest()}.json"


def write_report(directory: Path, node_id: str, lines: dict[str, list[int]]) -> Path:
    """DIR/<sha1 of the node id>.json: {"test": node id, "lines": {URL path: [lines]}}."""
    path = report_path(directory, node_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"test": node_id, "lines": lines}) + "\n")
    return path
