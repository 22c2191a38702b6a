"""Named defect switches (../shared/defects.md plus our own), all off by default.

Enable with ``REFERENCE_DEFECTS=name,name`` or ``python -m reference --defect name``; a reference
started with ``--switchable-defects`` also takes ``PUT /__reference__/defects`` between runs (the
detection check switches defects that way without a restart). Each switch is
one small change of behaviour in the SDK, the widget app or the API, and exists in the profiles
whose widget has the behaviour it breaks (`Defect.profiles`); each profile's form is described in
`Defect.forms`. Starting a profile with a defect it has no form of is refused (`NotInProfile`)."""
from __future__ import annotations

import os
from collections.abc import Set
from typing import Iterable, NamedTuple

ALL = frozenset({"documented", "upstream", "fork"})
SWITCH_PATH = "/__reference__/defects"  # PUT {"defects": [...]}: a --switchable-defects reference's control route


class Defect(NamedTuple):
    where: str                  # sdk, widget or api (documented form)
    what: str                   # what breaks, in one line
    profiles: frozenset[str]    # the profiles that have a form of it
    forms: dict[str, str] = {}  # profile -> how it breaks there, where it differs from `what`


CATALOG: dict[str, Defect] = {
    "website-token-from-location": Defect(
        "widget", "calls read website_token from the current URL at call time", frozenset({"documented", "fork"}),
        {"fork": "calls read website_token from the iframe URL at call time, and Exit Chat's replaceState strips it "
                 "before the reload (upstream reads the URL per call by design, so it has no form)"}),
    "token-kept-on-exit": Defect(
        "widget", "soft exit leaves the auth token in sessionStorage", frozenset({"documented", "fork"}),
        {"fork": "Exit Chat reloads the iframe with the old token as cw_conversation, so the next visitor "
                 "continues the previous contact"}),
    "header-kept-on-exit": Defect(
        "widget", "soft exit keeps the in-memory X-Auth-Token default header", frozenset({"documented"})),
    "token-in-localstorage": Defect(
        "widget", "token written to localStorage instead of sessionStorage", ALL,
        {"upstream": "the widget also writes its token to its localStorage and prefers it over window.authToken "
                     "on the next load, so a reset visitor resumes the old contact",
         "fork": "the widget also writes its token to its localStorage and prefers it over window.authToken "
                 "on the next load"}),
    "token-not-sent": Defect(
        "widget", "a contact call goes out without X-Auth-Token though a token exists", ALL,
        {"upstream": "PATCH contact goes out without X-Auth-Token", "fork": "PATCH contact goes out without X-Auth-Token"}),
    "set-user-token-dropped": Defect(
        "widget", "widget_auth_token from set_user is not stored or applied", ALL,
        {"upstream": "a widget_auth_token from set_user changes neither the header nor the cookie (no setAuthCookie)",
         "fork": "a widget_auth_token from set_user changes neither the header nor the cookie (no setAuthCookie)"}),
    "custom-attributes-replace": Defect("api", "setCustomAttributes replaces instead of merging", ALL),
    "delete-attribute-noop": Defect("api", "destroy_custom_attributes ignores the keys it is sent", ALL),
    "hmac-not-enforced": Defect("api", "a wrong identifier_hash is accepted", ALL),
    "hmac-compare-loose": Defect("api", "set_user compares identifier_hash case-insensitively (upper-case hex passes)",
                                 ALL),
    "returning-visitor-refused": Defect(
        "api", "PATCH contact with an email or phone another contact already has answers 422 (already taken)", ALL,
        {"upstream": "POST conversations from the pre-chat with a known email or phone answers 422 (already taken)",
         "fork": "POST conversations from the pre-chat with a known email or phone answers 422 (already taken)"}),
    "returning-visitor-sees-contact": Defect(
        "api", "PATCH contact with a known email or phone joins the visitor to that contact, whose details every "
               "widget answer then shows", ALL,
        {"upstream": "a visitor joined to a known contact by its email or phone gets its details in the widget's "
                     "answers (POST conversations' contact, messages' sender, POST config), as Chatwoot 4.10 does",
         "fork": "a visitor joined to a known contact by its email or phone gets its details in the widget's "
                 "answers (POST conversations' contact, messages' sender, POST config), as Chatwoot 4.10 does"}),
    "identity-switch-renames": Defect(
        "api", "set_user with identifier B on a token of identity A writes B over A's contact instead of a new one",
        ALL),
    "resolve-without-conversation-500": Defect(
        "api", "toggle_status for a visitor without a conversation fails with a 500 instead of 404", ALL),
    "prechat-drops-field": Defect(
        "widget", "pre-chat submit omits the phone number from the update call", ALL,
        {"upstream": "POST conversations' contact omits phone_number", "fork": "POST conversations' contact omits phone_number"}),
    "prechat-not-reset-on-exit": Defect(
        "widget", "after exit the form is pre-filled with the previous visitor's details", ALL,
        {"upstream": "the widget keeps the pre-chat details in its localStorage, so after End Conversation and "
                     "reset() the next visitor's form is pre-filled with them",
         "fork": "the widget keeps the pre-chat details in its localStorage (Exit Chat spares that key), so the "
                 "next visitor's form is pre-filled with them"}),
    "stale-token-not-recovered": Defect(
        "widget", "a 404 for a deleted contact does not clear the session", ALL,
        {"upstream": "GET /widget with a deleted contact's cw_conversation hands that dead token out again",
         "fork": "GET /widget with a deleted contact's cw_conversation hands that dead token out again"}),
    "foreign-token-accepted": Defect("api", "a token issued for another inbox, or a tampered one, is accepted", ALL),
    "same-token-two-visitors": Defect(
        "api", "two fresh visitors get the same token and contact", ALL,
        {"upstream": "GET /widget and POST config without a token hand out the latest contact's token",
         "fork": "GET /widget and POST config without a token hand out the latest contact's token"}),
    # Beyond the catalog: regressions in the same area users would plausibly hit.
    "exit-skips-resolve": Defect(
        "widget", "soft exit clears the session without resolving the conversation", ALL,
        {"upstream": "End Conversation does not call toggle_status"}),
    "user-replayed-after-exit": Defect(
        "sdk", "after exit the SDK replays the previous visitor's setUser into the new session", ALL,
        {"upstream": "reset() keeps the remembered user and replays it on the next loaded (a real PATCH set_user)"}),
    "reset-keeps-session": Defect(
        "widget", "$chatwoot.reset() reloads the widget but keeps the contact session", ALL,
        {"upstream": "reset() keeps the cw_conversation cookie and points the iframe at the old token",
         "fork": "reset() keeps the cw_conversation cookie and points the iframe at the old token"}),
    "set-user-error-swallowed": Defect("widget", "a rejected setUser raises no chatwoot:error on the host page", ALL),
    "update-drops-unicode": Defect("api", "contact updates store non-ASCII text as '?'", ALL),
    "token-lost-on-reload": Defect(
        "widget", "the widget ignores its stored token at start-up, so a reload starts a new contact", ALL,
        {"upstream": "the SDK never writes the cw_conversation cookie, so a page reload starts a new contact",
         "fork": "the SDK never writes the cw_conversation cookie, so a page reload starts a new contact"}),
    "exit-leaves-chat-open": Defect(
        "sdk", "the SDK ignores exitChat, so the chat stays open after the soft exit", ALL,
        {"upstream": "reset() leaves an open chat open",
         "fork": "the SDK does not close the chat on exitChat (what the deployed fork does)"}),
    # Issue 10, browser side: one switch per class of bug the suite used to miss.
    "website-token-reread": Defect(
        "widget", "conversation and message calls read website_token from the iframe URL at call time (contact "
                  "calls keep the one captured at load; nothing strips it on exit)", frozenset({"documented", "fork"}),
        {"fork": "the conversation and message calls build their query from window.location without the "
                 "website_token captured at load (upstream reads the URL per call by design, so it has no form)"}),
    "exit-posts-twice": Defect(
        "widget", "the Exit Chat button gets its click listener twice and the exit's re-entry guard is gone, so one "
                  "confirmed exit resolves twice and posts exitChat twice", ALL,
        {"upstream": "the End Conversation button gets its click listener twice: one click, two toggle_status",
         "fork": "the Exit Chat button gets its click listener twice: one click, two toggle_status, two exitChat"}),
    "leak-under-other-key": Defect(
        "widget", "the pre-chat details are also kept in localStorage as visitor_profile, a key the exit's wipe "
                  "does not match, so they survive exit and reset", ALL,
        {"upstream": "the pre-chat details are also kept in the iframe's localStorage as wdgt_last_contact, which "
                     "End Conversation and reset() leave behind",
         "fork": "the pre-chat details are also kept in the iframe's localStorage as wdgt_last_contact, a name the "
                 "exit's wipe does not match"}),
    "settings-ignored": Defect("sdk", "the SDK ignores chatwootSettings.position: the widget is always on the right",
                               ALL),
    "locale-ignored": Defect(
        "widget", "the widget ignores the visitor's locale (chatwootSettings.locale, $chatwoot.setLocale): its texts "
                  "and pre-chat labels stay English", ALL,
        {"upstream": "the widget ignores config-set's and set-locale's locale: its buttons, composer and the "
                     "pre-chat form's message field stay English",
         "fork": "the widget ignores config-set's and set-locale's locale: its buttons, composer and the "
                 "pre-chat form's message field stay English"}),
    "conversation-lost-on-reload": Defect(
        "widget", "a reloaded widget does not read the visitor's conversation: the messages and the exit are gone, "
                  "an empty conversation is shown", frozenset({"documented", "upstream"}),
        {"upstream": "a reloaded widget reads neither its conversation nor its messages (as the deployed fork does): "
                     "Home offers Start Conversation, whose pre-chat starts a second open conversation (the fork "
                     "reads nothing on load by design, so it has no form)"}),
    "has-loaded-early": Defect(
        "sdk", "run() sets $chatwoot.hasLoaded as soon as it adds the iframe, before the widget posts loaded", ALL),
    # Issue 18: the phone layout, and errors raised in a normal flow.
    "phone-layout-missing": Defect(
        "sdk", "the SDK has no phone layout: on a phone the chat opens as the 400-pixel desktop window, not full "
               "screen", ALL,
        {"upstream": "the SDK has no phone layout: on a phone the chat opens as the desktop window, and the SDK "
                     "tells the widget it is not on a phone (toggle-close-button), so it shows no close button"}),
    "error-event-on-open": Defect(
        "widget", "the widget posts an error each time the chat opens, so the SDK dispatches chatwoot:error on the "
                  "host page in a normal flow", ALL),
    "widget-throws-on-open": Defect(
        "widget", "the widget iframe throws an uncaught TypeError each time the chat opens", ALL),
    "identify-merge-ignores-identifier": Defect(
        "api", "set_user with the email of a contact that carries another identifier identifies that contact", ALL,
        {"upstream": "set_user's email merge (ContactIdentifyAction) ignores that the contact with the email has "
                     "another identifier: the visitor joins it",
         "fork": "set_user's email merge (ContactIdentifyAction) ignores that the contact with the email has "
                 "another identifier: the visitor joins it"}),
    # Issue 16: live updates over /cable (upstream and fork; the documented contract has none).
    "cable-wrong-room": Defect(
        "api", "a conversation's message.created and conversation.status_changed are broadcast to every visitor room "
               "of its inbox, not only to the room of the conversation's contact", frozenset({"upstream", "fork"})),
    "cable-token-survives-exit": Defect(
        "widget", "the widget keeps the pubsub token it first subscribed with in its localStorage and subscribes with "
                  "it on every later load, so after the visitor leaves the next visitor's widget listens in the "
                  "previous visitor's room", frozenset({"upstream", "fork"}),
        {"upstream": "after End Conversation and $chatwoot.reset() the next visitor's widget subscribes with the "
                     "previous visitor's pubsub token (kept in the iframe's localStorage)",
         "fork": "after Exit Chat the reloaded widget subscribes with the previous visitor's pubsub token (kept in the "
                 "iframe's localStorage under a name the exit's wipe does not match)"}),
}


class UnknownDefect(ValueError):
    pass


class NotInProfile(ValueError):
    pass


def applies(name: str, profile: str) -> bool:
    """Whether defect `name` has a form in `profile`."""
    return name in CATALOG and profile in CATALOG[name].profiles


def form(name: str, profile: str) -> str:
    """How defect `name` breaks the widget of `profile`."""
    defect = CATALOG[name]
    return defect.forms.get(profile, defect.what)


def parse(names: str | Iterable[str] | None) -> frozenset[str]:
    """Turn 'a,b' or ['a', 'b'] into a validated set of defect names."""
    if names is None:
        return frozenset()
    if isinstance(names, str):
        names = names.split(",")
    chosen = frozenset(name.strip() for name in names if name and name.strip())
    unknown = sorted(chosen - CATALOG.keys())
    if unknown:
        raise UnknownDefect(
            f"unknown reference defect(s) {', '.join(unknown)}; known: {', '.join(sorted(CATALOG))}"
        )
    return chosen


def check_profile(chosen: frozenset[str], profile: str) -> None:
    """Refuse defects that have no form in `profile`, in one sentence."""
    missing = sorted(name for name in chosen if not applies(name, profile))
    if missing:
        where = "; ".join(f"{name} exists in {', '.join(sorted(CATALOG[name].profiles))}" for name in missing)
        raise NotInProfile(f"the {profile} profile has no form of defect(s) {', '.join(missing)} ({where})")


def from_environment() -> frozenset[str]:
    return parse(os.environ.get("REFERENCE_DEFECTS"))


class Switches(Set):
    """The defects a running reference has on. Every request reads them, so `switch` takes effect
    at the next request: the SDK, the widget page and the API all see the same set."""

    def __init__(self, names: Iterable[str] = ()):
        self._names = frozenset(names)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self):
        return iter(sorted(self._names))

    def __len__(self) -> int:
        return len(self._names)

    def switch(self, names: Iterable[str]) -> None:
        self._names = frozenset(names)
