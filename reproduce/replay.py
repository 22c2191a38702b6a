"""A scenario replayed step by step: visitors open tabs (pages.visit.Visit, the suite's own page
objects and flows), every step records who acted, the widget calls it caused (named the way every
call log names them, testlib.call_log), the visitor's token and contact, and what the browser
stores afterwards. The first broken guarantee ends the replay, naming its step."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from playwright.sync_api import Browser, BrowserContext, Error as PlaywrightError

from pages.visit import Visit
from pages.widget_traffic import WidgetCall, WidgetTraffic
from testlib.api_client import AccountApiClient, WidgetApiClient
from testlib.call_log import Cast
from testlib.guarantees import PREFIX, BrokenGuarantee
from testlib.host_site import serve_generated_host_page
from testlib.redaction import Redactor, fingerprint
from testlib.server_state import ServerState, contact_id
from testlib.settings import Settings
from testlib.target import Target

VISITOR_TIME_ZONE = "UTC"  # as the suite's contexts (fixtures/browser.py): upstream's phone field reads it


def require(condition: object, promise: str, details: str = "") -> None:
    """A guarantee the scenario checks, worded as the suite words it."""
    if not condition:
        raise BrokenGuarantee(promise, details)


@dataclass
class Step:
    number: int
    title: str
    visitor: str
    calls: list[WidgetCall] = field(default_factory=list)
    token: str | None = None
    contact: str = "no contact"
    storage: str = ""
    broken: str | None = None  # the broken guarantee's message, if this step broke one


class Replay:
    """One scenario run: its browser contexts (one per visitor), its calls and its steps."""

    def __init__(self, browser: Browser, target: Target, settings: Settings, redactor: Redactor):
        self.browser = browser
        self.target = target
        self.settings = settings
        self.redact = redactor
        self.cast = Cast()
        self.recorders: dict[int, WidgetTraffic] = {}
        self.contexts: list[BrowserContext] = []
        self.steps: list[Step] = []
        self.api = WidgetApiClient(target.widget_url, target.website_token)
        self._closing: list[Any] = [self.api]

    # -- visitors ---------------------------------------------------------------------------
    def new_context(self) -> BrowserContext:
        """A new visitor's browser (empty storage), traced."""
        context = self.browser.new_context(timezone_id=VISITOR_TIME_ZONE)
        context.set_default_timeout(self.settings.action_timeout_ms)
        context.set_default_navigation_timeout(self.settings.navigation_timeout_ms)
        context.tracing.start(screenshots=True, snapshots=True)
        self.contexts.append(context)
        self.recorders[id(context)] = WidgetTraffic(context, self.cast)
        return context

    def open(self, context: BrowserContext) -> Visit:
        """A tab on the host page in `context`, widget ready."""
        url = self.target.host_page_url() or serve_generated_host_page(context, self.target)
        return Visit.open(context, url, self.target.profile, self.recorders[id(context)],
                          lambda token: contact_id(self.api, token))

    def open_first(self) -> Visit:
        """Visitor A's browser and tab, as the first step."""
        context = self.new_context()
        return self.step(None, "visitor A opens the site (the widget loads)", lambda: self.open(context),
                         context=context)

    def server_state(self) -> ServerState | None:
        """What the server stored, read where the profile allows; None without the account API
        where the profile needs it."""
        profile = self.target.profile
        if profile.widget_shows_stored_contact:
            return ServerState(profile, self.api, None)
        if not self.target.has_account_api:
            return None
        account_api = AccountApiClient(self.target.widget_url, self.target.account_id, self.target.api_access_token)
        self._closing.append(account_api)
        return ServerState(profile, self.api, account_api)

    # -- steps ------------------------------------------------------------------------------
    def step(self, visit: Visit | None, title: str, action: Callable[[], Any], context: BrowserContext | None = None
             ) -> Any:
        """Run one step; record it; on a broken guarantee record that and raise it again."""
        who = visit.calls.visitor_in(visit.page) if visit else self.recorders[id(context)].visitor
        step = Step(len(self.steps) + 1, title, who)
        self.steps.append(step)
        seq_before = self.cast.last_seq
        result = None
        try:
            result = action()
        except (AssertionError, PlaywrightError) as error:
            text = str(error).strip()
            step.broken = text if text.startswith(PREFIX) else f"{PREFIX}{title} ({text.splitlines()[0] if text else error!r})"
            raise BrokenGuarantee(step.broken[len(PREFIX):]) from None
        finally:
            step.calls = sorted((call for recorder in self.recorders.values() for call in recorder.calls
                                 if call.seq > seq_before), key=lambda call: call.seq)
            target = result if isinstance(result, Visit) else visit
            if target is not None:
                self._note_session(step, target)
        return result

    def _note_session(self, step: Step, visit: Visit) -> None:
        try:
            token = visit.token()
            snapshot = visit.storage.snapshot()
        except PlaywrightError:
            step.storage = "(tab not readable)"
            return
        step.token = token
        contact = self.cast.contact_of(token)
        if contact is None and token:
            try:
                contact = visit.contact_id()
            except (AssertionError, PlaywrightError):
                contact = None
        step.contact = "no contact" if not token else (f"contact #{contact}" if contact is not None else "contact ?")
        places = snapshot.places_holding(token)
        keys = [key for key in snapshot.session_keys() if key not in places]
        step.storage = (f"{fingerprint(token)} in {', '.join(places) or 'nowhere'}" if token else "no token stored") + \
            (f"; other session keys: {', '.join(keys)}" if keys else "")

    @property
    def broken_step(self) -> Step | None:
        return next((step for step in self.steps if step.broken), None)

    # -- the end ----------------------------------------------------------------------------
    def close(self, trace_stem: Path) -> list[Path]:
        """Stop tracing (one trace per visitor's browser), redact the traces, close everything."""
        traces = []
        for number, context in enumerate(self.contexts, start=1):
            path = trace_stem.with_name(f"{trace_stem.name}{'' if len(self.contexts) == 1 else f'-{number}'}.zip")
            try:
                context.tracing.stop(path=str(path))
                self.redact.redact_file(path)
                traces.append(path)
            except PlaywrightError:
                pass
            context.close()
        for client in self._closing:
            client.close()
        return traces
