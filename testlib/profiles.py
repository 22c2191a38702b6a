"""Widget profiles: how the widget under test behaves on every point where real widgets differ.

Three named profiles: `documented` (the fork's documentation, ../shared/contract.md), `upstream`
(what Chatwoot 4.10 ships, ../shared/upstream.md) and `fork` (the fork as deployed,
../shared/fork.md). Every point can be overridden on its own (a deployment with custom pre-chat
labels, say). This module is the one place that knows the differences: page objects and tests ask
a profile for a point's value, or for the answer to a question ("where is the token in this
answer?"); they never compare profile names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Mapping, Protocol

from testlib import locales
from testlib.locales import PrechatLabels, WidgetTexts

# -- the points ---------------------------------------------------------------------------------
# Each point: its name, what it says, and its possible values (None: free text).

POST_CONFIG, WIDGET_PAGE = "post_config", "widget_page"
IFRAME_SESSION_STORAGE, HOST_COOKIE = "iframe_session_storage", "host_cookie"
DIRECT, HOME_VIEW = "direct", "home_view"
CONTACT_UPDATE, CONVERSATION_CREATE = "contact_update", "conversation_create"
SOFT_EXIT, END_CONVERSATION_AND_RESET = "soft_exit", "end_conversation_and_reset"
WIDGET_CONTACT, ACCOUNT_API = "widget_contact", "account_api"
ALWAYS, IDENTITY_SWITCH = "always", "identity_switch"
CAPTURED_AT_LOAD, URL_AT_CALL_TIME = "captured_at_load", "url_at_call_time"
SKIPPED, MESSAGE_ONLY = "skipped", "message_only"
WIDGET_CLOSE_BUTTON, NO_CLOSE_CONTROL = "widget_close_button", "none"
CHATWOOT_ERROR_EVENT, NO_ERROR_EVENT = "chatwoot_error", "none"
CONTRACT_ANSWERS, RAILS_ANSWERS = "contract", "rails"
BY_IDENTIFIER, BY_IDENTIFIER_EMAIL_PHONE = "identifier", "identifier_email_phone"
RESUMED, NOT_READ = "resumed", "not_read"
FORGOTTEN, REPLAYED_BARE = "forgotten", "replayed_bare"
ACTION_CABLE, NO_LIVE_UPDATES = "action_cable", "none"
TOKEN_KEY_OF_STORAGE = {IFRAME_SESSION_STORAGE: "cw_auth_token", HOST_COOKIE: "cw_conversation"}


@dataclass(frozen=True)
class Point:
    name: str
    question: str
    choices: tuple[str, ...] | None = None


POINTS: tuple[Point, ...] = (
    Point("bootstrap", "which call issues a first-time visitor's token",
          (POST_CONFIG, WIDGET_PAGE)),
    Point("token_storage", "where the widget keeps the contact token",
          (IFRAME_SESSION_STORAGE, HOST_COOKIE)),
    Point("token_key", "the storage key (or cookie name) of the token"),
    Point("prechat_entry", "how a visitor reaches the pre-chat form", (DIRECT, HOME_VIEW)),
    Point("prechat_details", "where the pre-chat name, email and phone are sent",
          (CONTACT_UPDATE, CONVERSATION_CREATE)),
    Point("prechat_for_known_visitor", "what the pre-chat form asks a visitor identified with setUser",
          (SKIPPED, MESSAGE_ONLY)),
    Point("forget_visitor", "how a visitor leaves so the next one starts fresh",
          (SOFT_EXIT, END_CONVERSATION_AND_RESET)),
    Point("server_state", "where the suite reads what the server stored for a contact",
          (WIDGET_CONTACT, ACCOUNT_API)),
    Point("set_user_token", "when set_user answers a new widget_auth_token", (ALWAYS, IDENTITY_SWITCH)),
    Point("website_token_source", "where the widget takes website_token from for each call",
          (CAPTURED_AT_LOAD, URL_AT_CALL_TIME)),
    Point("prechat_labels", "the pre-chat field labels (name, email, phone, message)"),
    Point("composer_placeholder", "the message composer's placeholder"),
    Point("phone_close", "what closes the full-screen chat on a phone, where the SDK hides its close bubble",
          (WIDGET_CLOSE_BUTTON, NO_CLOSE_CONTROL)),
    Point("set_user_error_event", "what the host page is told when setUser is refused (an error a widget "
          "raises by design)", (CHATWOOT_ERROR_EVENT, NO_ERROR_EVENT)),
    Point("error_answers", "how refusals are answered: the contract's statuses and {error, field} bodies, "
                           "or Chatwoot's Rails ones (testlib/refusals.py)", (CONTRACT_ANSWERS, RAILS_ANSWERS)),
    Point("set_user_merges", "what set_user merges the visitor into: the contact with that identifier, or also "
                             "the one with the given email or phone (ContactIdentifyAction)",
          (BY_IDENTIFIER, BY_IDENTIFIER_EMAIL_PHONE)),
    Point("second_locale", "a language besides English the inbox allows (chatwootSettings.locale, setLocale)"),
    Point("second_locale_texts", "the widget's texts in second_locale (start_conversation=...,name=...)"),
    Point("conversation_on_load", "whether a reloaded widget shows the visitor's open conversation",
          (RESUMED, NOT_READ)),
    Point("user_after_reset", "what $chatwoot.reset() does with the user setUser gave: forgets it, or keeps it and "
                              "replays it without its identifier into the reloaded widget, which refuses it with "
                              "chatwoot:error (an error by design)", (FORGOTTEN, REPLAYED_BARE)),
    Point("live_updates", "how the open widget hears of agents' replies and status changes: Chatwoot's "
                          "ActionCable /cable (RoomChannel, by pubsub token), or not at all", (ACTION_CABLE, NO_LIVE_UPDATES)),
)
POINT_NAMES = tuple(point.name for point in POINTS)
PROFILE_NAMES = ("documented", "upstream", "fork")
BUILD_PROFILES = ("upstream", "fork")  # the profiles of a real widget build (--widget-build)


@dataclass(frozen=True)
class InvalidInput:
    """A pre-chat value the widget must refuse, and the message it shows."""

    field: str
    value: str
    message: str


@dataclass(frozen=True)
class WidgetProfile:
    name: str
    bootstrap: str
    token_storage: str
    token_key: str
    prechat_entry: str
    prechat_details: str
    prechat_for_known_visitor: str
    forget_visitor: str
    server_state: str
    set_user_token: str
    website_token_source: str
    prechat_labels: PrechatLabels
    composer_placeholder: str
    second_locale: str
    second_locale_texts: WidgetTexts
    conversation_on_load: str
    phone_close: str = WIDGET_CLOSE_BUTTON
    # Upstream's SDK dispatches chatwoot:error only for the widget's `error` event, which its store
    # posts when set_user fails (errorType SET_USER_ERROR); the fork deploys the same SDK and store.
    set_user_error_event: str = CHATWOOT_ERROR_EVENT
    error_answers: str = CONTRACT_ANSWERS
    set_user_merges: str = BY_IDENTIFIER
    # Upstream's reset() leaves window.$chatwoot.user set, and the SDK's `loaded` handler posts it
    # as `set-user` on its own (no {identifier, user}): the widget's contacts/setUser fails on it
    # and posts `error`, so the host page gets chatwoot:error with {} (the TypeError, serialized).
    user_after_reset: str = FORGOTTEN
    # the documented contract has no live updates; Chatwoot's widget subscribes to RoomChannel on load
    live_updates: str = NO_LIVE_UPDATES
    invalid_prechat_inputs: tuple[InvalidInput, ...] = field(default=(), compare=False)
    overridden: tuple[str, ...] = field(default=(), compare=False)

    @property
    def title(self) -> str:
        return self.name + (f" (overridden: {', '.join(self.overridden)})" if self.overridden else "")

    def value(self, point: str) -> str:
        return str(getattr(self, point))

    def with_overrides(self, overrides: Mapping[str, str | None]) -> "WidgetProfile":
        """This profile with some points changed, e.g. {"prechat_labels": "name=Your name"}."""
        changes: dict[str, Any] = {}
        for name, raw in overrides.items():
            if raw in (None, ""):
                continue
            point = next((p for p in POINTS if p.name == name), None)
            if point is None:
                raise ValueError(f"unknown profile point {name!r}; points: {', '.join(POINT_NAMES)}")
            if point.choices and raw not in point.choices:
                raise ValueError(f"{name} must be one of {', '.join(point.choices)}, got {raw!r}")
            changes[name] = self._parsed(name, raw)
        if "token_storage" in changes and "token_key" not in changes:
            changes["token_key"] = TOKEN_KEY_OF_STORAGE[changes["token_storage"]]
        changes = {name: value for name, value in changes.items() if getattr(self, name) != value}
        if not changes:
            return self
        return replace(self, **changes, overridden=tuple(sorted({*self.overridden, *changes})))

    def _parsed(self, point: str, raw: str) -> Any:
        if point == "prechat_labels":
            return PrechatLabels.parse(raw, self.prechat_labels)
        if point == "second_locale_texts":
            return WidgetTexts.parse(raw, self.second_locale_texts)
        return raw

    # -- questions the suite asks --------------------------------------------------------------
    def texts(self, locale: str = locales.ENGLISH) -> WidgetTexts:
        """What the widget says in `locale`: English or the profile's second_locale."""
        if locale == self.second_locale:
            return self.second_locale_texts
        if locale != locales.ENGLISH:
            raise ValueError(f"the {self.name} profile knows the widget's texts in {locales.ENGLISH} and "
                             f"{self.second_locale}, not {locale!r} (settings second_locale, second_locale_texts)")
        return locales.english(self.prechat_labels, self.composer_placeholder)

    @property
    def resumes_conversation_on_load(self) -> bool:
        return self.conversation_on_load == RESUMED

    @property
    def has_live_updates(self) -> bool:
        return self.live_updates == ACTION_CABLE

    @property
    def keeps_token_in_cookie(self) -> bool:
        return self.token_storage == HOST_COOKIE

    @property
    def has_home_view(self) -> bool:
        return self.prechat_entry == HOME_VIEW

    @property
    def closes_on_a_phone(self) -> bool:
        """Whether the widget shows its own close button in the phone layout."""
        return self.phone_close == WIDGET_CLOSE_BUTTON

    def errors_by_design(self, flow: str) -> tuple[str, str] | None:
        """(kind, why) of the error the widget raises by design in `flow`, for fixtures/page_errors'
        expect_widget_errors; None when it raises none there. Flows: "rejected_set_user";
        "reset_after_set_user" (the site calls $chatwoot.reset() for an identified visitor);
        "identified_visitor_leaves" (one leaves the way the profile offers, forget_visitor)."""
        if self.set_user_error_event != CHATWOOT_ERROR_EVENT:
            return None
        if flow == "rejected_set_user":
            return ("chatwoot:error", f"{self.title} profile, point set_user_error_event=chatwoot_error: a refused "
                                      "setUser raises chatwoot:error on the host page by design")
        resets = flow == "reset_after_set_user" or (flow == "identified_visitor_leaves" and not self.has_soft_exit)
        if resets and self.user_after_reset == REPLAYED_BARE:
            return ("chatwoot:error", f"{self.title} profile, point user_after_reset=replayed_bare: after "
                                      "$chatwoot.reset() the SDK replays the user without its identifier and the "
                                      "reloaded widget refuses it with chatwoot:error by design")
        return None

    @property
    def has_soft_exit(self) -> bool:
        return self.forget_visitor == SOFT_EXIT

    @property
    def answers_like_rails(self) -> bool:
        """Whether refusals carry Chatwoot's statuses and bodies rather than the contract's."""
        return self.error_answers == RAILS_ANSWERS

    @property
    def set_user_merges_known_details(self) -> bool:
        """Whether set_user merges the visitor into the contact that has the email or phone it gives."""
        return self.set_user_merges == BY_IDENTIFIER_EMAIL_PHONE

    @property
    def widget_shows_stored_contact(self) -> bool:
        """Whether the widget API's GET contact answers the stored name, email and attributes."""
        return self.server_state == WIDGET_CONTACT

    def is_bootstrap(self, call: "RecordedCall") -> bool:
        """Whether a recorded call is the one that issues a first-time visitor's token."""
        if self.bootstrap == POST_CONFIG:
            return call.method == "POST" and call.path == "config"
        return call.method == "GET" and call.path == WIDGET_PAGE_PATH

    @staticmethod
    def sent_token(call: "RecordedCall") -> str | None:
        """The contact token a call presents: X-Auth-Token, or the widget page's cw_conversation."""
        if call.path == WIDGET_PAGE_PATH:
            return call.query.get("cw_conversation")
        return call.auth_token

    @staticmethod
    def issued_token(call: "RecordedCall") -> str | None:
        """The contact token a call's answer hands out, if any (a bootstrap or set_user)."""
        if call.status != 200:
            return None
        answer = call.answer()
        if call.path == WIDGET_PAGE_PATH:
            return token_in_widget_page(answer) if isinstance(answer, str) else None
        if not isinstance(answer, dict):
            return None
        if call.path == "config":
            return (answer.get("website_channel_config") or {}).get("auth_token")
        if call.path == "contact/set_user":
            return answer.get("widget_auth_token")
        return None

    def contact_answer_fields(self, call: str) -> tuple[str, ...]:
        """The contact fields the widget API's answer to `call` carries: "bootstrap" (POST config's
        contact), "show", "update", "set_user" or "destroy_custom_attributes". Upstream answers
        show, update and set_user with flags only (its jbuilder views)."""
        if self.server_state == WIDGET_CONTACT:
            return FULL_CONTACT_FIELDS
        return {"bootstrap": CONTACT_IDENTITY_FIELDS,
                "show": CONTACT_FLAG_FIELDS + ("identifier",),
                "update": CONTACT_FLAG_FIELDS,
                "set_user": CONTACT_FLAG_FIELDS}.get(call, STORED_CONTACT_FIELDS)

    def set_user_issues_token(self, switching_identity: bool) -> bool:
        """Whether a successful set_user answers a new widget_auth_token: always (documented), or
        only when the contact already carries a different identifier (upstream, fork)."""
        return self.set_user_token == ALWAYS or switching_identity

    def token_after_set_user(self, answer: Any, previous_token: str) -> str:
        """The token a visitor holds after a successful set_user answered `answer`."""
        issued = answer.get("widget_auth_token") if isinstance(answer, dict) else None
        return issued or previous_token

    def prechat_contact(self, body: Any) -> dict[str, Any]:
        """The name/email/phone a pre-chat submit sent, from the body of the call that carries them."""
        if not isinstance(body, dict):
            return {}
        return (body.get("contact") or {}) if self.prechat_details == CONVERSATION_CREATE else body

    @property
    def prechat_call(self) -> tuple[str, str]:
        """(method, path) of the call that carries the pre-chat details."""
        return ("POST", "conversations") if self.prechat_details == CONVERSATION_CREATE else ("PATCH", "contact")


WIDGET_PAGE_PATH = "/widget"  # how a load of the widget's own page is named among the calls
CONTACT_IDENTITY_FIELDS = ("id", "name", "email", "phone_number", "identifier")
STORED_CONTACT_FIELDS = CONTACT_IDENTITY_FIELDS + ("custom_attributes", "additional_attributes")
FULL_CONTACT_FIELDS = STORED_CONTACT_FIELDS + ("has_email", "has_phone_number")
CONTACT_FLAG_FIELDS = ("id", "has_email", "has_name", "has_phone_number")


class RecordedCall(Protocol):
    """What the profile reads of a recorded widget call (pages.widget_traffic.WidgetCall)."""

    method: str
    path: str
    query: dict[str, str]
    auth_token: str | None
    status: int | None

    def answer(self) -> Any: ...

_AUTH_TOKEN_IN_PAGE = re.compile(r"""window\.authToken\s*=\s*(["'])([^"']*)\1""")


def token_in_widget_page(html: str) -> str | None:
    """The token a GET /widget page embeds as `window.authToken = '...'` (upstream's show page)."""
    match = _AUTH_TOKEN_IN_PAGE.search(html)
    return match.group(2) if match and match.group(2) else None


_DOCUMENTED_LABELS = PrechatLabels("Full Name", "Email Address", "Phone Number", "Message")
_STOCK_LABELS = PrechatLabels("Full name", "Email Id", "Phone number", "Message")

PROFILES: dict[str, WidgetProfile] = {
    "documented": WidgetProfile(
        name="documented", bootstrap=POST_CONFIG, token_storage=IFRAME_SESSION_STORAGE, token_key="cw_auth_token",
        prechat_entry=DIRECT, prechat_details=CONTACT_UPDATE, prechat_for_known_visitor=SKIPPED,
        forget_visitor=SOFT_EXIT,
        server_state=WIDGET_CONTACT, set_user_token=ALWAYS, website_token_source=CAPTURED_AT_LOAD,
        prechat_labels=_DOCUMENTED_LABELS, composer_placeholder="Type your message",
        second_locale=locales.GERMAN, second_locale_texts=locales.DOCUMENTED_GERMAN, conversation_on_load=RESUMED,
        invalid_prechat_inputs=(InvalidInput("email", "not-an-email", "Please enter a valid email address"),
                                InvalidInput("phone", "12345", "Please enter a valid phone number"))),
    "upstream": WidgetProfile(
        name="upstream", bootstrap=WIDGET_PAGE, token_storage=HOST_COOKIE, token_key="cw_conversation",
        prechat_entry=HOME_VIEW, prechat_details=CONVERSATION_CREATE, prechat_for_known_visitor=MESSAGE_ONLY,
        forget_visitor=END_CONVERSATION_AND_RESET,
        server_state=ACCOUNT_API, set_user_token=IDENTITY_SWITCH, website_token_source=URL_AT_CALL_TIME,
        prechat_labels=_STOCK_LABELS, composer_placeholder="Type your message", error_answers=RAILS_ANSWERS,
        set_user_merges=BY_IDENTIFIER_EMAIL_PHONE, user_after_reset=REPLAYED_BARE, live_updates=ACTION_CABLE,
        second_locale=locales.GERMAN, second_locale_texts=locales.upstream_german(_STOCK_LABELS),
        conversation_on_load=RESUMED,
        invalid_prechat_inputs=(InvalidInput("email", "not-an-email", "Please enter a valid email address"),
                                InvalidInput("phone", "12345", "Please select a country code"),
                                InvalidInput("phone", "+1234", "Please enter a valid phone number"))),
}
# The fork as deployed: upstream's widget and SDK with the fork's header, soft exit and store on top.
# Where fork.md is silent on a promise, the fork's own documentation (contract.md) holds it.
# Its header (custom/widget/components/HeaderActions.vue) has no close button, so on a phone nothing
# in the widget closes the full-screen chat (upstream's SDK hides its close bubble there).
PROFILES["fork"] = replace(PROFILES["upstream"], name="fork", forget_visitor=SOFT_EXIT,
                           website_token_source=CAPTURED_AT_LOAD, composer_placeholder="chat with us",
                           phone_close=NO_CLOSE_CONTROL, conversation_on_load=NOT_READ)
DOCUMENTED = PROFILES["documented"]


# What a real build of upstream or the fork says in second_locale, where the reference's own words
# differ (testlib/locales.py): a run against your build (--widget-build) expects these.
BUILD_SECOND_LOCALE_TEXTS: dict[str, WidgetTexts] = {name: locales.chatwoot_german(_STOCK_LABELS)
                                                     for name in BUILD_PROFILES}


def profile(name: str, overrides: Mapping[str, str | None] | None = None, real_build: bool = False) -> WidgetProfile:
    """The named profile with `overrides` on top; `real_build`: the widget is a real build of it
    (--widget-build), which speaks the real widget's second language, not the reference's."""
    if name not in PROFILES:
        raise ValueError(f"unknown widget profile {name!r}; profiles: {', '.join(PROFILE_NAMES)}")
    base = PROFILES[name]
    if real_build and name in BUILD_SECOND_LOCALE_TEXTS:
        base = replace(base, second_locale_texts=BUILD_SECOND_LOCALE_TEXTS[name])
    return base.with_overrides(overrides or {})


def closest(observed: Mapping[str, str]) -> WidgetProfile:
    """The named profile that agrees with the most observed points (documented wins a tie)."""
    def agreement(candidate: WidgetProfile) -> int:
        return sum(candidate.value(name) == value for name, value in observed.items())
    return max(PROFILES.values(), key=agreement)
