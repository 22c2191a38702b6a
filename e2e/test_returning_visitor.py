"""A returning visitor in the browser (docs/contract-decisions.md, "Returning visitors"): someone who
types an email the inbox already knows into the pre-chat form starts a conversation like anyone
else, and the widget shows them nothing of the known contact, on screen or in any answer it reads."""
import json

import pytest

from e2e.api.checks import KnownCustomer, known_customer
from e2e.guarantees import guarantee
from pages.visit import Visit

pytestmark = pytest.mark.prechat


@pytest.fixture
def known(server, new_visitor, hmac_signer) -> KnownCustomer:
    return known_customer(server, new_visitor(), hmac_signer)


def test_a_returning_visitor_starts_a_conversation_and_sees_nothing_of_the_known_contact(widget: Visit, known,
                                                                                         visitor, server):
    created = widget.start_conversation(visitor.name, known.contact["email"], visitor.phone, visitor.message)
    guarantee(created.ok, "a visitor whose email the inbox already knows can submit the pre-chat form "
                          "(no 4xx, no form error)", f"POST conversations answered {created.status}")
    widget.widget.expect_message(visitor.message)
    settled = widget.settle()

    shown = widget.widget.visible_text()
    guarantee(visitor.message in shown, "test control: the widget's text shows the visitor's own message, so a "
                                        "search of it can find what it shows", shown[:300])
    secrets = known.details_but("email")
    on_screen = sorted(name for name, value in secrets.items() if value and str(value) in shown)
    guarantee(not on_screen, "a returning visitor never sees the known contact's details or earlier messages in "
                             f"the widget (it shows its {', '.join(on_screen)})")
    for call in widget.calls.since()[:settled]:
        answer = json.dumps(call.answer(), ensure_ascii=False)
        leaked = sorted(name for name, value in secrets.items() if value and str(value) in answer)
        guarantee(not leaked, "no answer the widget reads for a returning visitor carries the known contact's "
                              f"details or earlier messages ({call.method} {call.path} has its {', '.join(leaked)})",
                  call.describe())
    guarantee(server.conversation(widget.token()).get("status") == "open",
              "the returning visitor's conversation is open on the server")
