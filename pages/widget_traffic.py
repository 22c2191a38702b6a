"""WidgetTraffic: records what the widget sends and receives in one browser context, from any
frame: every /api/v1/widget/ call and every load of the widget page (/widget), with method, path,
website_token and the rest of the query, the X-Auth-Token header, body, status and answer. It only
records; what a call means (is it the bootstrap? which token does it hand out?) is the profile's
knowledge (testlib.profiles). Each call is stamped with the visitor who made it (A, B, ... of the
test's testlib.call_log.Cast; a new label after the visitor leaves and the widget loads again)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import BrowserContext, Error, Request, Response

from testlib.api_client import error_reason
from testlib.call_log import Cast, call_line
from testlib.guarantees import BrokenGuarantee, Wire
from testlib.profiles import WIDGET_PAGE_PATH

WIDGET_API_PREFIX = "/api/v1/widget/"
CONTACT_PATHS = ("contact", "contact/set_user", "contact/destroy_custom_attributes")
PRESENCE_PATHS = ("events", "conversations/toggle_typing", "conversations/update_last_seen")
WRITING_GETS = ("conversations/toggle_status",)  # a GET that changes what the server holds


def widget_path(url: str) -> str | None:
    """'contact/set_user' for .../api/v1/widget/contact/set_user?..., '/widget' for the widget page,
    None for anything else."""
    path = urlsplit(url).path
    if path.rstrip("/") == WIDGET_PAGE_PATH:
        return WIDGET_PAGE_PATH
    index = path.find(WIDGET_API_PREFIX)
    return path[index + len(WIDGET_API_PREFIX):] if index != -1 else None


def is_widget_call(path: str, method: str | None = None) -> Callable[[Request | Response], bool]:
    """Predicate for page.expect_request / expect_response on one widget call."""

    def matches(event: Request | Response) -> bool:
        request = event if isinstance(event, Request) else event.request
        return widget_path(request.url) == path and (method is None or request.method == method)

    return matches


@dataclass
class WidgetCall:
    seq: int
    method: str
    path: str
    query: dict[str, str]
    auth_token: str | None = field(repr=False)
    body: Any = field(repr=False)
    frame_url: str
    page: Any = field(default=None, repr=False, compare=False)
    status: int | None = None
    failure: str | None = None
    visitor: str = "A"  # who made it (testlib.call_log)
    tab: int = 1  # which tab of that browser context
    cast: Cast = field(default_factory=Cast, repr=False, compare=False)
    _response: Response | None = field(default=None, repr=False)
    _answer: Any = field(default=None, repr=False)
    _answer_read: bool = field(default=False, repr=False)

    @property
    def website_token(self) -> str | None:
        return self.query.get("website_token")

    @property
    def is_page_load(self) -> bool:
        return self.path == WIDGET_PAGE_PATH

    @property
    def is_contact_call(self) -> bool:
        return self.path in CONTACT_PATHS

    @property
    def is_conversation_call(self) -> bool:
        return self.path.startswith("conversations") or self.path.startswith("messages")

    def answer(self) -> Any:
        """The parsed JSON answer (the HTML text for a widget page load), or None."""
        if not self._answer_read and self._response is not None:
            try:
                self._answer = self._response.text() if self.is_page_load else self._response.json()
            except (Error, ValueError):
                self._answer = None
            self._answer_read = True
        return self._answer

    def describe(self) -> str:
        """One redacted line: '#3 visitor B, contact #42, token#3f2a9c: PATCH contact website_token=T -> 200'."""
        return call_line(self, self.cast)


class WidgetTraffic:
    """The network recorder of one browser context."""

    def __init__(self, context: BrowserContext, cast: Cast | None = None):
        self.calls: list[WidgetCall] = []
        self._by_request: dict[Request, WidgetCall] = {}
        self.cast = cast or Cast()
        self.visitor = self.cast.new_visitor()  # this context's visitor, until one leaves
        self._pages: list[Any] = []
        self._visitor_of_page: dict[int, str] = {}
        self._leaving: dict[int, Callable[[WidgetCall], bool]] = {}
        context.on("request", self._on_request)
        context.on("response", self._on_response)
        context.on("requestfinished", self._on_finished)
        context.on("requestfailed", self._on_failed)

    def _on_request(self, request: Request) -> None:
        path = widget_path(request.url)
        if path is None or (path == WIDGET_PAGE_PATH and request.resource_type != "document"):
            return
        query = {key: values[-1] for key, values in parse_qs(urlsplit(request.url).query).items()}
        try:
            body = request.post_data_json
        except (Error, ValueError):
            body = request.post_data
        page = _page(request)
        if page is not None and all(seen is not page for seen in self._pages):
            self._pages.append(page)
        call = WidgetCall(seq=self.cast.next_seq(), method=request.method, path=path, query=query,
                          auth_token=request.headers.get("x-auth-token"), body=body,
                          frame_url=_frame_url(request), page=page,
                          tab=next((n for n, seen in enumerate(self._pages, 1) if seen is page), 1), cast=self.cast)
        starts_next_visitor = self._leaving.get(id(page))
        if starts_next_visitor and (call.is_page_load or starts_next_visitor(call)):
            del self._leaving[id(page)]
            self._visitor_of_page[id(page)] = self.cast.new_visitor()
        call.visitor = self.visitor_in(page)
        self.calls.append(call)
        self._by_request[request] = call

    def _on_response(self, response: Response) -> None:
        call = self._by_request.get(response.request)
        if call is not None:
            call.status = response.status
            call._response = response

    def _on_finished(self, request: Request) -> None:
        call = self._by_request.get(request)
        if call is not None:
            call.answer()  # read the body now: a later reload of the frame can discard it
            self.cast.learn(call)

    def _on_failed(self, request: Request) -> None:
        call = self._by_request.get(request)
        if call is not None:
            call.failure = request.failure or "failed"

    def next_visitor_from(self, page: Any, bootstrap: Callable[[WidgetCall], bool]) -> None:
        """The visitor in `page` is leaving: from the widget's next load or `bootstrap` call there
        on, calls are the next visitor's."""
        self._leaving[id(page)] = bootstrap

    def visitor_in(self, page: Any) -> str:
        return self._visitor_of_page.get(id(page), self.visitor)

    # -- queries ------------------------------------------------------------------------
    def mark(self) -> int:
        """A bookmark: pass it as `since` to look only at calls made after this point."""
        return len(self.calls)

    def since(self, mark: int = 0) -> list[WidgetCall]:
        return self.calls[mark:]

    def find(self, path: str | None = None, method: str | None = None, since: int = 0, page: Any = None,
             matching: Callable[[WidgetCall], bool] | None = None) -> list[WidgetCall]:
        return [call for call in self.calls[since:]
                if (path is None or call.path == path) and (method is None or call.method == method)
                and (page is None or call.page is page) and (matching is None or matching(call))]

    def first(self, path: str, method: str | None = None, since: int = 0, page: Any = None) -> WidgetCall:
        found = self.find(path, method, since, page)
        if not found:
            raise BrokenGuarantee(f"the widget makes its {method or ''} {path} call; it made none",
                                  "calls so far:\n" + self.describe(since))
        return found[0]

    def last(self, path: str, method: str | None = None) -> WidgetCall:
        found = self.find(path, method)
        if not found:
            raise BrokenGuarantee(f"the widget makes its {method or ''} {path} call; it made none",
                                  "calls so far:\n" + self.describe())
        return found[-1]

    def contact_and_conversation_calls(self, since: int = 0) -> list[WidgetCall]:
        return [call for call in self.calls[since:] if call.is_contact_call or call.is_conversation_call]

    def repeated_writes(self, since: int = 0, until: int | None = None) -> list[str]:
        """Writes (non-GET calls, and the GET toggle_status) sent more than once, identical in method,
        path, query, token and body, and in the token the widget had presented before them (so the
        next visitor's first tokenless call is not a repeat of the previous one's): a silent retry or
        a doubled listener. Presence signals (typing, last seen, events) repeat by design."""
        seen: dict[str, list[WidgetCall]] = {}
        presented_before: str | None = None
        for index, call in enumerate(self.calls[:until]):
            writes = not (call.method == "GET" and call.path not in WRITING_GETS) and call.path not in PRESENCE_PATHS
            if writes and index >= since:
                key = json.dumps([presented_before, call.method, call.path, sorted(call.query.items()),
                                  call.auth_token, call.body], sort_keys=True, default=str)
                seen.setdefault(key, []).append(call)
            presented_before = call.auth_token or presented_before
        return [" and ".join(call.describe() for call in same) for same in seen.values() if len(same) > 1]

    def api_calls(self, since: int = 0) -> list[WidgetCall]:
        return [call for call in self.calls[since:] if not call.is_page_load]

    def describe(self, since: int = 0) -> str:
        return "\n".join(call.describe() for call in self.calls[since:]) or "(no widget calls)"

    # -- what went wrong on the wire ----------------------------------------------------
    def faults(self, since: int = 0, page: Any = None) -> list[str]:
        """Calls since `since` (of one tab, if given) that went wrong: answered 4xx/5xx or failed,
        sent without website_token, or (contact and conversation calls) without X-Auth-Token."""
        found = []
        for call in self.find(since=since, page=page):
            wrong = []
            if call.failure:
                wrong.append(f"failed ({call.failure})")
            elif call.status is not None and call.status >= 400:
                wrong.append(f"answered {call.status}" + (f" ({reason})" if (reason := error_reason(call.answer()))
                                                           else ""))
            if not call.website_token:
                wrong.append("sent without website_token")
            if (call.is_contact_call or call.is_conversation_call) and not call.auth_token:
                wrong.append("sent without X-Auth-Token")
            if wrong:
                found.append(f"#{call.seq} {call.method} {call.path} " + " and ".join(wrong))
        return found

    def watch(self, page: Any = None) -> Callable[[], Wire]:
        """From now on, what the widget sends (in one tab, if given): call the result for the faults
        in one line and the whole log, as testlib.guarantees.promised reports them."""
        mark = self.mark()

        def seen() -> Wire:
            faults = self.faults(mark, page)
            return Wire("on the wire: " + "; ".join(faults) if faults else "", self.describe(mark))

        return seen


def watch(traffic: WidgetTraffic | None, page: Any = None) -> Callable[[], Wire] | None:
    """traffic.watch(page), or None for a page object without a recorder (the probe's extra tabs)."""
    return traffic.watch(page) if traffic is not None else None


def _page(request: Request) -> Any:
    try:
        return request.frame.page
    except Error:
        return None


def _frame_url(request: Request) -> str:
    try:
        return request.frame.url
    except Error:
        return ""
