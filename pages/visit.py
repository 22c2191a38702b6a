"""Visit: one visitor's browser tab on the host page, with the page objects that go with it, and
the flows a visitor goes through, each done the way the profile's widget does it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from playwright.sync_api import BrowserContext, Page, Response

from pages.browser_storage import BrowserSnapshot, BrowserStorage
from pages.cable_traffic import CableTraffic
from pages.host_page import HostPage
from pages.widget_frame import WidgetFrame
from pages.widget_session import WidgetSession
from pages.widget_traffic import WidgetCall, WidgetTraffic, is_widget_call
from testlib.guarantees import BrokenGuarantee, CannotObserve, promised
from testlib.profiles import MESSAGE_ONLY, WidgetProfile


@dataclass
class Visit:
    context: BrowserContext
    page: Page
    host: HostPage
    widget: WidgetFrame
    calls: WidgetTraffic
    storage: WidgetSession
    profile: WidgetProfile
    contact_id_of: Callable[[str | None], int]  # the server's contact id for a token (raises if none)
    cable: CableTraffic | None = None  # the context's /cable frames (live updates)

    @classmethod
    def open(cls, context: BrowserContext, url: str, profile: WidgetProfile, calls: WidgetTraffic,
             contact_id_of: Callable[[str | None], int | None], opened: Callable[["Visit"], None] = lambda _: None,
             locale: str | None = None, cable: CableTraffic | None = None) -> "Visit":
        """A new tab on the host page at `url`, widget ready; `opened` sees the visit before it loads.
        `locale`: the language the site asks for (its chatwootSettings.locale), which the widget
        is then expected to speak."""
        page = context.new_page()
        widget = WidgetFrame(page, profile, calls)
        widget.locale = locale or widget.locale
        storage = WidgetSession(lambda: widget.frame, context, page, profile)
        visit = cls(context, page, HostPage(page, calls), widget, calls, storage, profile, contact_id_of, cable)
        opened(visit)
        visit.host.open(url)
        return visit

    # -- the visitor's session --------------------------------------------------------------
    def token(self) -> str | None:
        return self.storage.token()

    def held_token(self) -> str:
        """The token the visitor holds now, which must be there: a test that later compares tokens
        or looks for this one must not be comparing None with None."""
        token = self.token()
        if not token:
            raise BrokenGuarantee(f"the widget keeps the visitor's contact token in {self.profile.token_storage} "
                                  f"as {self.profile.token_key}; it holds none", self.calls.describe())
        return token

    def contact_id(self) -> int:
        """The contact the visitor's current token names on the server; raises when the visitor
        holds no token or it names no contact (never None, which would differ from any contact)."""
        return self.contact_id_of(self.token())

    def bootstraps(self, since: int = 0) -> list[WidgetCall]:
        """This tab's calls that issue (or renew) the visitor's token: POST config, or the widget
        page load, as the profile says."""
        return self.calls.find(since=since, page=self.page, matching=self.profile.is_bootstrap)

    def first_bootstrap(self, since: int = 0) -> WidgetCall:
        """The first bootstrap of this tab since `since`; a broken guarantee if the widget made none."""
        found = self.bootstraps(since)
        if not found:
            raise BrokenGuarantee(f"loading the widget makes its bootstrap call ({self.profile.bootstrap})",
                                  "widget calls:\n" + self.calls.describe(since))
        return found[0]

    def issued_tokens(self, since: int = 0) -> list[str]:
        """Every contact token the server handed this tab, oldest first."""
        tokens: list[str] = []
        for call in self.calls.find(since=since, page=self.page):
            token = self.profile.issued_token(call)
            if token and token not in tokens:
                tokens.append(token)
        return tokens

    # -- flows ------------------------------------------------------------------------------
    def set_locale(self, locale: str) -> None:
        """$chatwoot.setLocale(locale): from now on the widget is expected to speak `locale`."""
        self.host.chatwoot("setLocale", locale)
        self.widget.locale = locale

    def start_conversation(self, name: str | None, email: str | None, phone: str | None, message: str) -> Response:
        """Reach the pre-chat form, fill and submit it; returns the conversation-creation response."""
        form = self.widget.reach_prechat_form()
        form.fill(name=name, email=email, phone=phone, message=message)
        created = self._expect_call("POST", "conversations", form.submit,
                                    "submitting the pre-chat form starts a conversation")
        self.widget.expect_conversation_open()
        return created

    def start_conversation_as_known_visitor(self, message: str) -> None:
        """A visitor identified with setUser starts a conversation: through a pre-chat form that
        asks only for the message (upstream), or straight in the composer (documented)."""
        if self.profile.prechat_for_known_visitor == MESSAGE_ONLY:
            self.start_conversation(None, None, None, message)
            return
        self.widget.open()
        self.widget.send_message(message)
        self.widget.expect_message(message)

    def exit_chat(self) -> int:
        """Exit & Close Chat, confirmed; returns a calls bookmark taken just before the exit, once the
        widget has loaded again for the next visitor."""
        mark = self.calls.mark()

        def exit_confirmed() -> None:
            self.widget.request_exit()
            self.widget.confirm_exit()

        self._for_next_visitor(exit_confirmed, "Exit & Close Chat")
        return mark

    def end_conversation(self) -> Response:
        """Upstream's End Conversation in the header, and nothing else; its toggle_status answer."""
        self.widget.open()
        return self._expect_call("GET", "conversations/toggle_status", self.widget.end_conversation_button.click,
                                 "End Conversation resolves the conversation")

    def live_room(self, since: int = 0) -> str:
        """The pubsub token of the room the widget listens in (its RoomChannel subscription on /cable
        since the frames bookmark `since`, once the server confirmed it)."""
        if self.cable is None:
            raise CannotObserve("the visit records its /cable frames", "which room the widget listens in",
                                "it has no recorder")
        frame = self.cable.confirmed_subscription(self.page, "the widget subscribes to its live updates (RoomChannel "
                                                  "on /cable) and the server confirms it", since)
        if not frame.pubsub_token:
            raise BrokenGuarantee("the widget subscribes to RoomChannel with the pubsub token of its page",
                                  "its subscription names none")
        return frame.pubsub_token

    def end_conversation_and_reset(self) -> int:
        """Upstream's way to let a visitor go: End Conversation in the header, then the site calls
        $chatwoot.reset(); returns a calls bookmark taken just before."""
        mark = self.calls.mark()
        self.end_conversation()
        self._for_next_visitor(lambda: self.host.chatwoot("reset"), "End Conversation and $chatwoot.reset()")
        return mark

    def leave(self) -> int:
        """The visitor leaves the way the profile's widget offers (forget_visitor); returns a calls
        bookmark taken just before."""
        return self.exit_chat() if self.profile.has_soft_exit else self.end_conversation_and_reset()

    def send_message(self, text: str) -> Response:
        """Type `text` in the composer and send it; returns the answer to its POST messages."""
        return self._expect_call("POST", "messages", lambda: self.widget.send_message(text),
                                 "sending a message from the composer posts it")

    def settle(self) -> int:
        """Make a later call that is told apart by its marker and wait for its answer; returns the
        bookmark just before it. The widget has sent everything an earlier step caused by then, so
        counting calls up to the bookmark needs no sleep. The marker call must be accepted: if
        it is not, that is the first thing broken, and the calls that went wrong say why."""
        mark = self.calls.mark()
        response = self.host.set_custom_attributes({"widget_e2e_settled": mark})
        if not response.ok:
            raise BrokenGuarantee("the widget's contact calls are accepted (PATCH contact for setCustomAttributes); "
                                  "on the wire: " + ("; ".join(self.calls.faults(mark, self.page))
                                                    or f"PATCH contact answered {response.status}"),
                                  "widget calls:\n" + self.calls.describe())
        return next(self.calls.calls.index(call) for call in self.calls.since(mark)
                    if call.method == "PATCH" and call.path == "contact"
                    and (call.body or {}).get("custom_attributes") == {"widget_e2e_settled": mark})

    def everything_stored(self) -> BrowserSnapshot:
        """Every storage, cookie and URL of this browser that the host page and the widget use."""
        return BrowserStorage(self.context, self.page, lambda: self.widget.frame).snapshot()

    def _expect_call(self, method: str, path: str, action: Callable[[], None], promise: str) -> Response:
        """Do `action`, which must make the widget call `method path`; its answer. If the call never
        comes, the flow step's own promise is broken: say so, with the calls seen instead."""
        with promised(f"{promise} ({method} {path})", self.calls.watch(self.page),
                      timed_out="the widget sent no such call"):
            with self.page.expect_response(is_widget_call(path, method)) as response:
                action()
        return response.value

    def _for_next_visitor(self, action: Callable[[], None], doing: str) -> None:
        """Do `action` (the visitor leaves); the widget must load again for the next visitor."""
        self.calls.next_visitor_from(self.page, self.profile.is_bootstrap)
        self.host.reloads_widget(action, f"{doing}, for the next visitor")

    def reload_widget_iframe(self) -> None:
        """Reload only the widget iframe, as a browser does for a frame, in the same tab."""
        # reload from a timer, so the evaluate call returns before its document goes away
        self.host.reloads_widget(
            lambda: self.widget.frame.evaluate("() => { setTimeout(() => window.location.reload(), 0); }"),
            "reloading the widget iframe")

    def load_iframe_with(self, **params: str) -> None:
        """Load the widget iframe again with extra query params, as the SDK puts a session there."""
        parts = urlsplit(self.widget.url)
        url = urlunsplit(parts._replace(query=urlencode({**dict(parse_qsl(parts.query)), **params})))
        self.host.reloads_widget(lambda: self.widget.frame.goto(url),
                                 f"loading the widget iframe with {sorted(params)}")
