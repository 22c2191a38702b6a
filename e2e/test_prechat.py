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


def test_prechat_details_reach_the_server_contact(widget: Visit, visitor, profile, server):
    widget.start_conversation(visitor.name, visitor.email, visitor.phone, visitor.message)

    method, path = profile.prechat_call
    sent = profile.prechat_contact(widget.calls.last(path, method).body)
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
        sent = [call.describe() for call in widget.calls.since(mark)
                if call.method in ("PATCH", "POST") and call.path in ("contact", "conversations")]
        guarantee(not sent, f"an invalid {field} ({case.value!r}) sends nothing to the server", "\n".join(sent))
