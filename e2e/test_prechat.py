"""The pre-chat form: it shows the inbox's fields, sends what the visitor typed to the server, and
refuses bad input without sending anything."""
import pytest
from playwright.sync_api import expect

from e2e.guarantees import guarantee, message
from pages.visit import Visit

pytestmark = pytest.mark.prechat


def test_prechat_form_shows_the_inbox_fields_with_their_labels(widget: Visit, profile):
    form = widget.widget.reach_prechat_form()
    for key in ("name", "email", "phone", "message"):
        expect(form.field(key), message(f"the pre-chat form has its {key} field")).to_be_visible()
        expect(form.label(key), message(f"the {key} field is labelled "
                                        f"{getattr(profile.prechat_labels, key)!r}")).to_be_visible()
        expect(form.field(key), message(f"a new visitor's {key} field starts empty")).to_have_value("")


# The first message as a visitor may type it: surrounding whitespace, accents, CJK, an emoji
# (docs/contract-decisions.md: it reaches the server exactly as typed).
FIRST_MESSAGE = "  Grüße aus Köln, 東京から — naïve question 🚀\u00a0 "


def test_prechat_details_reach_the_server_contact(widget: Visit, visitor, profile, server):
    created = widget.start_conversation(visitor.name, visitor.email, visitor.phone, FIRST_MESSAGE)
    settled = widget.settle()

    method, path = profile.prechat_call
    submitted = widget.calls.since()[:settled]
    conversations = [c for c in submitted if (c.method, c.path) == ("POST", "conversations")]
    details = [c for c in submitted if (c.method, c.path) == (method, path)]
    guarantee(len(conversations) == 1 and len(details) == 1,
              f"one pre-chat submit creates exactly one conversation and sends the details once ({method} {path})",
              widget.calls.describe())
    typed = ((conversations[0].body or {}).get("message") or {}).get("content")
    guarantee(typed == FIRST_MESSAGE, "the pre-chat's first message is sent exactly as typed (whitespace and "
              "unicode kept)", f"sent {typed!r}")
    stored = [message.get("content") for message in (created.json() or {}).get("messages") or []]
    guarantee(stored[:1] == [FIRST_MESSAGE], "the server stores the pre-chat's first message exactly as typed",
              f"the server answered {stored!r}")
    sent = profile.prechat_contact(details[0].body)
    guarantee((sent.get("name"), sent.get("email"), sent.get("phone_number"))
              == (visitor.name, visitor.email, visitor.phone),
              f"the pre-chat form sends name, email and phone number in {method} {path}",
              f"sent keys: {sorted(sent)}")
    stored = server.contact(widget.token())
    guarantee((stored.get("name"), stored.get("email"), stored.get("phone_number"))
              == (visitor.name, visitor.email, visitor.phone),
              "the server contact holds the name, email and phone number from the pre-chat form",
              f"server has name={stored.get('name')!r} email={stored.get('email')!r} "
              f"phone_number={stored.get('phone_number')!r}")
    guarantee(server.conversation(widget.token()).get("status") == "open",
              "submitting the pre-chat form starts a conversation")


@pytest.mark.parametrize("field", ["email", "phone"])
def test_invalid_prechat_input_shows_the_validation_message_and_sends_nothing(widget: Visit, visitor, profile, field):
    cases = [case for case in profile.invalid_prechat_inputs if case.field == field]
    form = widget.widget.reach_prechat_form()
    for case in cases:
        values = {"name": visitor.name, "email": visitor.email, "phone": visitor.phone, "message": visitor.message}
        form.fill(**{**values, field: case.value})
        mark = widget.calls.mark()
        form.submit()

        expect(form.validation_message(case.message),
               message(f"an invalid {field} ({case.value!r}) shows '{case.message}'")).to_be_visible()
        for kept in ("name", "message"):
            expect(form.field(kept), message(f"a submit refused for an invalid {field} keeps the {kept} the "
                                             "visitor typed")).to_have_value(values[kept])
        sent = [call.describe() for call in widget.calls.since(mark)
                if call.method in ("PATCH", "POST") and call.path in ("contact", "conversations")]
        guarantee(not sent, f"an invalid {field} ({case.value!r}) sends nothing to the server", "\n".join(sent))
