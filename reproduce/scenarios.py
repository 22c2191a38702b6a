"""The session-isolation scenarios people report, as steps over the suite's own flows
(pages.visit.Visit). Each checks the guarantees its e2e test checks, in the same words; a scenario
a profile's widget does not offer raises NotOffered with the profile point that rules it out."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from playwright.sync_api import expect

from pages.host_page import WidgetDidNotLoad
from reproduce.replay import Replay, require
from testlib.api_client import AccountApiClient
from testlib.guarantees import PREFIX
from testlib.hmac_signer import HmacSigner
from testlib.server_state import ServerState
from testlib.visitors import Visitor


class NotOffered(Exception):
    """The profile's widget does not offer what the scenario checks; the message says why."""


def message(promise: str) -> str:
    return PREFIX + promise


def a_exits_b_opens(replay: Replay, new_visitor: Callable[[], Visitor]) -> None:
    ana, ben = new_visitor(), new_visitor()
    widget = replay.open_first()
    replay.step(widget, "visitor A fills the pre-chat form and starts a conversation",
                lambda: widget.start_conversation(ana.name, ana.email, ana.phone, ana.message))
    ana_token, ana_contact = widget.token(), widget.contact_id()
    replay.step(widget, f"visitor A leaves ({widget.profile.forget_visitor})", widget.leave)
    replay.step(widget, "visitor B opens the chat on the same browser", lambda: (
        widget.widget.open(),
        expect(widget.widget.start_for_new_visitor,
               message("visitor B, opening the chat after visitor A left, starts fresh (Home view or pre-chat "
                       "form)")).to_be_visible()))

    def form_is_empty() -> None:
        form = widget.widget.reach_prechat_form()
        for name in ("name", "email", "phone"):
            expect(form.field(name), message(f"visitor B's pre-chat form shows nothing of visitor A ({name})")) \
                .to_have_value("")

    replay.step(widget, "visitor B reaches the pre-chat form", form_is_empty)
    replay.step(widget, "visitor B fills the pre-chat form and starts a conversation",
                lambda: widget.start_conversation(ben.name, ben.email, ben.phone, ben.message))
    replay.step(widget, "visitor B's session is B's own", lambda: (
        require(widget.token() != ana_token, "visitor B never continues with visitor A's token"),
        require(widget.contact_id() != ana_contact, "visitor B never continues visitor A's contact",
                f"both are contact {ana_contact}")))


def two_tabs(replay: Replay, new_visitor: Callable[[], Visitor]) -> None:
    profile = replay.target.profile
    if profile.keeps_token_in_cookie:
        raise NotOffered(f"{profile.title} profile, point token_storage={profile.token_storage}: every tab of "
                         "the site shares the host cookie, so tabs share one session by design")
    ana = new_visitor()
    first = replay.open_first()
    replay.step(first, "visitor A starts a conversation in tab 1",
                lambda: first.start_conversation(ana.name, ana.email, ana.phone, ana.message))
    second = replay.step(first, "visitor A opens the site in tab 2", lambda: replay.open(first.context))
    replay.step(second, "tab 2 reaches the pre-chat form, on its own contact", lambda: (
        second.widget.reach_prechat_form(),
        require(second.contact_id() != first.contact_id(), "a second tab does not pick up the first tab's contact")))
    second_token = second.token()
    replay.step(first, "visitor A leaves in tab 1", first.leave)
    replay.step(second, "tab 2 keeps its session", lambda: require(
        second.token() == second_token, "leaving in one tab leaves the other tab's session alone"))


def identified_user_exits(replay: Replay, new_visitor: Callable[[], Visitor]) -> None:
    known = new_visitor()
    signer = HmacSigner(replay.target.hmac_secret)
    widget = replay.open_first()
    replay.step(widget, "the site identifies visitor A with $chatwoot.setUser",
                lambda: widget.host.set_user(known.identifier, known.user(signer.identifier_hash(known.identifier))))
    replay.step(widget, "visitor A starts a conversation",
                lambda: widget.start_conversation_as_known_visitor(known.message))
    identified_token = widget.token()
    mark = widget.calls.mark()
    replay.step(widget, f"visitor A leaves ({widget.profile.forget_visitor})", widget.leave)
    server = replay.server_state()

    def anonymous_again() -> None:
        require(not widget.calls.find("contact/set_user", since=mark),
                "after leaving the previous visitor's setUser is not replayed into the new session")
        require(widget.token() != identified_token, "after leaving the identified visitor's token is gone")
        if server is not None:
            contact = server.contact(widget.token())
            require(contact and not contact.get("identifier") and not contact.get("email"),
                    "after leaving the next visitor is anonymous again",
                    f"the new session's contact has identifier={contact.get('identifier')!r}")

    replay.step(widget, "the next visitor (B) is anonymous", anonymous_again)


def deleted_contact(replay: Replay, new_visitor: Callable[[], Visitor]) -> None:
    target = replay.target
    if not target.has_account_api:
        raise NotOffered("deleting a contact needs the account API: pass --account-id and --api-access-token")
    widget = replay.open_first()
    if target.profile.keeps_token_in_cookie:
        replay.step(widget, "visitor A comes back (the iframe URL now carries the token)", widget.host.reload)
    dead_token, contact = widget.token(), widget.contact_id()
    with AccountApiClient(target.widget_url, target.account_id, target.api_access_token) as account_api:
        replay.step(widget, f"an admin deletes visitor A's contact #{contact}", lambda: require(
            account_api.delete_contact(contact).ok, "an admin can delete the visitor's contact"))
    replay.step(widget, "the site sets a custom attribute for visitor A", lambda: require(
        widget.host.set_custom_attributes({"after_delete": True}).status == 404,
        "a call with the token of a deleted contact answers 404"))
    mark = widget.calls.mark()

    def reload_tolerating_a_dead_widget() -> None:
        try:
            widget.host.reload()
        except WidgetDidNotLoad:
            pass  # judged in the next step, by what the widget sent and kept

    replay.step(widget, "visitor A reloads the page", reload_tolerating_a_dead_widget)

    def fresh_session() -> None:
        after = widget.calls.since(mark)[1:]
        dead = [c.describe() for c in after if c.auth_token == dead_token and not target.profile.is_bootstrap(c)]
        require(not dead, "after a 404 for its deleted contact the widget stops sending that dead token",
                "\n".join(dead))
        require(widget.token() not in (None, dead_token),
                "after its contact is deleted the widget clears the session and starts a new one")

    replay.step(widget, "the widget starts a fresh session", fresh_session)


def reset(replay: Replay, new_visitor: Callable[[], Visitor]) -> None:
    ana = new_visitor()
    widget = replay.open_first()
    replay.step(widget, "visitor A starts a conversation",
                lambda: widget.start_conversation(ana.name, ana.email, ana.phone, ana.message))
    token, contact = widget.token(), widget.contact_id()
    replay.step(widget, "the site calls $chatwoot.reset()", widget.host.reset)
    replay.step(widget, "the next visitor (B) gets a session of their own", lambda: (
        require(widget.token() not in (None, token), "after $chatwoot.reset() the previous visitor's token is gone"),
        require(widget.contact_id() != contact, "after $chatwoot.reset() the next visitor gets a new contact",
                f"contact id stayed {contact}")))
    replay.step(widget, "visitor B opens the chat and starts fresh", lambda: (
        widget.widget.open(),
        expect(widget.widget.start_for_new_visitor,
               message("after $chatwoot.reset() the next visitor starts fresh (Home view or pre-chat form)"))
        .to_be_visible()))


@dataclass(frozen=True)
class Scenario:
    name: str
    summary: str
    run: Callable[[Replay, Callable[[], Visitor]], None]


SCENARIOS = {scenario.name: scenario for scenario in (
    Scenario("a-exits-b-opens", "visitor A chats and leaves; visitor B opens the chat on the same browser",
             a_exits_b_opens),
    Scenario("two-tabs", "one visitor, two tabs; leaving in one tab leaves the other alone", two_tabs),
    Scenario("identified-user-exits", "a visitor identified with setUser leaves; the next one is anonymous",
             identified_user_exits),
    Scenario("deleted-contact", "an admin deletes the visitor's contact; the widget starts a fresh session",
             deleted_contact),
    Scenario("reset", "the site calls $chatwoot.reset(); the next visitor starts fresh", reset),
)}
