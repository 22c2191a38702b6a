"""$chatwoot.setUser: the identity reaches set_user, a widget_auth_token it answers replaces the
visitor's token, and HMAC identity validation holds."""
import json

import pytest

from e2e import identity
from e2e.guarantees import guarantee
from pages.visit import Visit

pytestmark = pytest.mark.set_user


def test_set_user_sends_the_identity_and_later_calls_use_the_token_it_leaves(widget: Visit, visitor, hmac_signer,
                                                                            profile):
    anonymous_token = widget.held_token()
    identifier_hash = hmac_signer.identifier_hash(visitor.identifier)
    response = widget.host.set_user(visitor.identifier, visitor.user(identifier_hash))

    call = widget.calls.last("contact/set_user", "PATCH")
    body = call.body or {}
    guarantee(call.auth_token == anonymous_token, "set_user is sent with the current contact token", call.describe())
    guarantee(body.get("identifier") == visitor.identifier and body.get("email") == visitor.email
              and body.get("name") == visitor.name and body.get("phone_number") == visitor.phone,
              "set_user carries the identifier, email, name and phone number given to setUser",
              f"body keys: {sorted(body)}")
    guarantee((body.get("additional_attributes") or {}).get("company_name") == visitor.company,
              "set_user carries company_name inside additional_attributes", f"body: {sorted(body)}")
    identity.judged(widget.calls, response, identifier_hash, True, "the right HMAC of the identifier")
    answer = response.json()
    issues = profile.set_user_issues_token(switching_identity=False)
    when = "every time" if issues else "only when the identity changes"
    guarantee(bool(answer.get("widget_auth_token")) == issues,
              f"set_user answers a widget_auth_token {when} (set_user_token={profile.set_user_token})",
              call.describe())

    expected = profile.token_after_set_user(answer, anonymous_token)
    guarantee(widget.storage.settles_on(expected), "after setUser the widget holds the token set_user left it",
              "it still holds the pre-setUser token" if widget.token() == anonymous_token else "")
    mark = widget.calls.mark()
    widget.host.set_custom_attributes({"after_identify": True})
    stale = [c.describe() for c in widget.calls.since(mark) if c.is_contact_call and c.auth_token != expected]
    guarantee(not stale, "calls after setUser carry the token set_user left, not an older one", "\n".join(stale))


def test_switching_identity_issues_a_new_token_that_the_widget_uses(widget: Visit, new_visitor, hmac_signer,
                                                                     server):
    first, second = new_visitor(), new_visitor()
    widget.host.set_user(first.identifier, first.user(hmac_signer.identifier_hash(first.identifier)))
    first_token = widget.held_token()
    second_hash = hmac_signer.identifier_hash(second.identifier)
    response = widget.host.set_user(second.identifier, second.user(second_hash))
    identity.judged(widget.calls, response, second_hash, True, "the right HMAC of another identifier")

    new_token = response.json().get("widget_auth_token") if response.status == 200 else None
    guarantee(new_token and new_token != first_token,
              "set_user for a different identity answers a new widget_auth_token", f"answered {response.status}")
    guarantee(widget.storage.settles_on(new_token), "the widget keeps the new identity's token",
              "it still holds the first identity's token" if widget.token() == first_token else "")
    mark = widget.calls.mark()
    widget.host.set_custom_attributes({"identity": "second"})
    stale = [c.describe() for c in widget.calls.since(mark) if c.is_contact_call and c.auth_token != new_token]
    guarantee(not stale, "after switching identity no call carries the first identity's token", "\n".join(stale))
    first_stored, second_stored = server.contact(first_token), server.contact(new_token)
    guarantee((first_stored.get("identifier"), first_stored.get("email"), first_stored.get("name"))
              == (first.identifier, first.email, first.name),
              "setUser with another identity leaves the first identity's contact as it was (no rename)",
              f"the first contact now has identifier={first_stored.get('identifier')!r}")
    guarantee(second_stored.get("id") != first_stored.get("id")
              and (second_stored.get("identifier"), second_stored.get("email")) == (second.identifier, second.email),
              "setUser with another identity makes that identity a contact of its own",
              f"contacts {first_stored.get('id')} and {second_stored.get('id')}")


def test_set_user_with_a_valid_hash_identifies_the_server_contact(widget: Visit, visitor, hmac_signer, server):
    identifier_hash = hmac_signer.identifier_hash(visitor.identifier)
    response = widget.host.set_user(visitor.identifier, visitor.user(identifier_hash))
    identity.judged(widget.calls, response, identifier_hash, True, "the right HMAC of the identifier")
    stored = server.contact(widget.token())
    guarantee(stored.get("identifier") == visitor.identifier and stored.get("email") == visitor.email,
              "after setUser the server contact has the identifier and email",
              f"server has identifier={stored.get('identifier')!r} email={stored.get('email')!r}")


def test_set_user_with_a_wrong_hash_is_rejected_and_raises_chatwoot_error(widget: Visit, visitor, hmac_signer,
                                                                          server, profile, expect_widget_errors):
    by_design = profile.errors_by_design("rejected_set_user")  # (kind, why), or None (point set_user_error_event)
    expect_widget_errors(by_design)
    token = widget.held_token()
    wrong_hash = hmac_signer.wrong_hash(visitor.identifier)
    response = widget.host.set_user(visitor.identifier, visitor.user(wrong_hash))

    identity.judged(widget.calls, response, wrong_hash, False, "an identifier_hash made with another key")
    if by_design:
        error = widget.host.wait_for_event("chatwoot:error")
        guarantee(error is not None, "a rejected setUser raises chatwoot:error on the host page")
        reason = (response.json() or {}).get("error")
        guarantee(reason and reason in json.dumps(error["detail"], ensure_ascii=False),
                  "the chatwoot:error of a rejected setUser carries the server's reason in its detail",
                  f"the server said {reason!r}; the event's detail is {error['detail']!r}")
    guarantee(widget.token() == token, "a rejected setUser leaves the visitor's session as it was")
    stored = server.contact(token)
    guarantee(stored.get("identifier") != visitor.identifier,
              "a rejected setUser does not attach the identity to the contact")


@pytest.mark.parametrize("with_hash", [False, True], ids=["no-hash-rejected", "valid-hash-accepted"])
def test_mandatory_hmac_inbox_requires_a_valid_hash(open_widget, visitor, mandatory_hmac_inbox,
                                                    mandatory_hmac_signer, with_hash, profile, expect_widget_errors):
    by_design = None if with_hash else profile.errors_by_design("rejected_set_user")
    expect_widget_errors(by_design)
    visit = open_widget(website_token=mandatory_hmac_inbox)
    identifier_hash = mandatory_hmac_signer.identifier_hash(visitor.identifier) if with_hash else None
    response = visit.host.set_user(visitor.identifier, visitor.user(identifier_hash))

    if with_hash:
        identity.judged(visit.calls, response, identifier_hash, True,
                        "the right HMAC of the identifier, on a mandatory-HMAC inbox")
        visit.settle()  # the widget has handled set_user's answer by then: an error would have been posted
        guarantee(not visit.host.events("chatwoot:error"), "an accepted setUser raises no chatwoot:error")
    else:
        identity.judged(visit.calls, response, None, False, "no identifier_hash, on a mandatory-HMAC inbox")
        guarantee(not by_design or visit.host.wait_for_event("chatwoot:error"),
                  "a rejected setUser raises chatwoot:error on the host page")
