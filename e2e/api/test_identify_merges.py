"""set_user with an email or phone number that a contact of the account already has: Chatwoot's
ContactIdentifyAction merges the visitor into that contact, unless it carries another identifier,
in which case the visitor neither joins it nor copies its detail (docs/contract-decisions.md,
"set_user merges by email and phone"). Profiles that merge by identifier only skip the merge."""
from __future__ import annotations

import pytest

from e2e.api.checks import contact_of, describe, read_back, unchanged, visitor_with_details
from e2e.guarantees import guarantee, not_offered
from testlib.api_client import VisitorSession
from testlib.server_state import ServerState

pytestmark = [pytest.mark.api, pytest.mark.set_user]


def identified_by_site(server: ServerState, session: VisitorSession, identifier: str, **fields) -> VisitorSession:
    """`session` after a successful set_user, holding the token the answer leaves it."""
    response = server.widget_api.set_user(session.token, identifier, **fields)
    guarantee(response.status == 200, "set_user with a new identifier succeeds", describe(response))
    token = server.profile.token_after_set_user(response.json, session.token)
    return VisitorSession(token=token, contact={**contact_of(response), "id": server.contact_id(token)})


def test_a_visitor_whose_email_matches_a_contact_becomes_that_contact(server: ServerState, new_visitor):
    if not server.profile.set_user_merges_known_details:
        pytest.skip(not_offered(server.profile, "set_user_merges", "set_user merges by identifier only"))
    known = visitor_with_details(server, new_visitor())
    person = new_visitor()
    newcomer = server.widget_api.new_visitor()
    identified = identified_by_site(server, newcomer, person.identifier, email=known.contact["email"])
    guarantee(identified.contact_id == known.contact_id,
              "set_user with the email of a known contact answers that contact (ContactIdentifyAction merges)",
              f"answered contact #{identified.contact_id}, the known contact is #{known.contact_id}")
    guarantee(server.contact_id(newcomer.token) == known.contact_id,
              "the visitor's token names the known contact after the merge",
              f"it names #{server.contact_id(newcomer.token)}")
    stored = server.contact(known.token)
    guarantee((stored["identifier"], stored["name"], stored["phone_number"])
              == (person.identifier, known.contact["name"], known.contact["phone_number"]),
              "the known contact survives the merge with the new identifier and its own name and phone",
              f"stored identifier={stored['identifier']!r} name={stored['name']!r} phone={stored['phone_number']!r}")


def test_a_visitor_identified_otherwise_does_not_take_over_the_contact_whose_email_they_give(
        server: ServerState, new_visitor):
    owner = new_visitor()
    owned = identified_by_site(server, server.widget_api.new_visitor(), owner.identifier, name=owner.name,
                               email=owner.email)
    owned = VisitorSession(token=owned.token, contact=read_back(server, owned))
    before = read_back(server, owned)
    intruder, intruding = new_visitor(), server.widget_api.new_visitor()
    answer = server.widget_api.set_user(intruding.token, intruder.identifier, name=intruder.name, email=owner.email)
    guarantee(answer.status < 500, "set_user with another identity's email never fails with a server error",
              describe(answer))
    guarantee(contact_of(answer).get("id") != owned.contact_id,
              "a visitor with another identifier never joins the contact whose email they give",
              f"the contact of {owner.identifier!r} is #{owned.contact_id}; {describe(answer)}")
    unchanged(server, owned, before, "the contact whose email was given is exactly as it was")
    if answer.ok and server.profile.set_user_merges_known_details:
        stored = server.contact(server.profile.token_after_set_user(answer.json, intruding.token))
        guarantee(stored.get("email") is None and stored.get("identifier") == intruder.identifier,
                  "the other identity's email is dropped from the visitor's own contact (ContactIdentifyAction)",
                  f"the visitor's contact stored {stored!r}")
