"""Session isolation, written the way people report it: "the next visitor saw the previous
visitor's contact". Each failure says which guarantee broke."""
import pytest
from playwright.sync_api import expect

from e2e.guarantees import calls_since, guarantee, message, not_offered
from pages.host_page import WidgetDidNotLoad
from pages.visit import Visit

pytestmark = pytest.mark.isolation


def test_visitor_a_leaves_and_visitor_b_opens_the_widget_on_the_same_browser(widget: Visit, new_visitor, server):
    ana, ben = new_visitor(), new_visitor()
    widget.start_conversation(ana.name, ana.email, ana.phone, ana.message)
    ana_token, ana_contact = widget.held_token(), widget.contact_id()
    widget.leave()

    widget.widget.open()
    expect(widget.widget.start_for_new_visitor,
           message("visitor B, opening the chat after visitor A left, starts fresh (Home view or pre-chat "
                   "form)")).to_be_visible()
    form = widget.widget.reach_prechat_form("visitor B, after visitor A left, is asked for their own details")
    for field in ("name", "email", "phone"):
        expect(form.field(field), message(f"visitor B's pre-chat form shows nothing of visitor A ({field})")) \
            .to_have_value("")
    widget.start_conversation(ben.name, ben.email, ben.phone, ben.message)

    guarantee(widget.token() != ana_token, "visitor B never continues with visitor A's token")
    guarantee(widget.contact_id() != ana_contact, "visitor B never continues visitor A's contact",
              f"both are contact {ana_contact}")
    ana_stored = server.contact(ana_token)
    guarantee((ana_stored.get("name"), ana_stored.get("email")) == (ana.name, ana.email),
              "visitor B's details never overwrite visitor A's contact",
              f"A's contact now has name={ana_stored.get('name')!r}")


def test_two_tabs_of_one_browser_keep_their_own_sessions(widget: Visit, open_widget, visitor, profile):
    if profile.keeps_token_in_cookie:
        pytest.skip(not_offered(profile, "token_storage", "every tab of the site shares the host cookie, so tabs "
                                "share one session by design"))
    widget.start_conversation(visitor.name, visitor.email, visitor.phone, visitor.message)
    second_tab = open_widget()
    second_tab.widget.reach_prechat_form()
    guarantee(second_tab.contact_id() != widget.contact_id(),
              "a second tab does not pick up the first tab's contact")

    second_tab_token = second_tab.held_token()
    widget.leave()
    guarantee(second_tab.token() == second_tab_token,
              "leaving in one tab leaves the other tab's session alone")


def test_identified_visitor_leaves_and_the_next_visitor_is_anonymous_again(widget: Visit, visitor, hmac_signer,
                                                                          server, profile, expect_widget_errors):
    expect_widget_errors(profile.errors_by_design("identified_visitor_leaves"))  # point user_after_reset
    widget.host.set_user(visitor.identifier, visitor.user(hmac_signer.identifier_hash(visitor.identifier)))
    widget.start_conversation_as_known_visitor(visitor.message)
    identified_token = widget.held_token()
    mark = widget.leave()

    widget.first_bootstrap(since=mark)  # the new session's calls were seen, so a replay would have been too
    replayed = widget.calls.find("contact/set_user", since=mark)
    guarantee(not replayed, "after leaving the previous visitor's setUser is not replayed into the new session",
              calls_since(widget.calls, mark))
    guarantee(widget.token() != identified_token, "after leaving the identified visitor's token is gone")
    new_contact = server.contact(widget.token())
    guarantee(new_contact and not new_contact.get("identifier") and not new_contact.get("email"),
              "after leaving the next visitor is anonymous again",
              f"the new session's contact has identifier={new_contact.get('identifier')!r}")
    identity = {"token": identified_token, "identifier": visitor.identifier, "name": visitor.name,
                "email": visitor.email, "phone": visitor.phone}
    found = widget.everything_stored().where_each_is(identity)
    guarantee(not found, "after leaving nothing of the identity the site gave setUser is left in any storage, "
              "cookie or URL of the browser (host page or widget), under any key",
              "\n".join(f"{what} found in {places}" for what, places in found.items()))


def test_two_strangers_opening_the_widget_at_once_never_share_a_contact(open_widget, another_context):
    first, second = open_widget(context=another_context()), open_widget(context=another_context())
    guarantee(first.token() != second.token(), "two fresh visitors never get the same token")
    guarantee(first.contact_id() != second.contact_id(), "two fresh visitors never share one contact",
              f"both got contact {first.contact_id()}")


@pytest.mark.needs_admin
def test_a_deleted_contact_gets_a_fresh_session_instead_of_a_dead_widget(widget: Visit, account_api, profile):
    if profile.keeps_token_in_cookie:
        widget.host.reload()  # from now on the iframe URL carries the token, as on every return visit
    dead_token, contact_id = widget.held_token(), widget.contact_id()
    guarantee(account_api.delete_contact(contact_id).ok, "an admin can delete the visitor's contact")
    mark = widget.calls.mark()
    gone = widget.host.set_custom_attributes({"after_delete": True})
    guarantee(gone.status == 404, "a call with the token of a deleted contact answers 404", f"got {gone.status}")
    try:
        widget.host.reload()
    except WidgetDidNotLoad:
        pass  # judged below, by what the widget sent and kept

    after = widget.calls.since(mark)[1:]
    # presenting the stored token once more at bootstrap is how the widget learns it is dead
    dead = [c.describe() for c in after if c.auth_token == dead_token and not profile.is_bootstrap(c)]
    guarantee(not dead, "after a 404 for its deleted contact the widget stops sending that dead token",
              "\n".join(dead))
    guarantee(widget.token() not in (None, dead_token),
              "after its contact is deleted the widget clears the session and starts a new one",
              calls_since(widget.calls, mark))
    widget.widget.reach_prechat_form()
