"""Update the contact through the pre-chat form."""
import pytest
from playwright.sync_api import expect

from e2e.guarantees import guarantee, message
from fixtures.api_client import WidgetApiClient
from pages.visit import Visit

pytestmark = pytest.mark.prechat


def test_prechat_details_reach_the_update_call_and_the_server_contact(widget: Visit, visitor,
                                                                      widget_api: WidgetApiClient):
    widget.start_conversation(visitor.name, visitor.email, visitor.phone, visitor.message)

    update = widget.calls.last("contact", "PATCH")
    sent = update.body or {}
    guarantee(sent.get("name") == visitor.name and sent.get("email") == visitor.email
              and sent.get("phone_number") == visitor.phone,
              "the pre-chat form sends name, email and phone number in the contact update",
              f"update body keys: {sorted(sent)}")
    stored = widget_api.show(widget.token()).json
    guarantee((stored.get("name"), stored.get("email"), stored.get("phone_number"))
              == (visitor.name, visitor.email, visitor.phone),
              "the server contact holds the name, email and phone number from the pre-chat form",
              f"server has name={stored.get('name')!r} email={stored.get('email')!r} "
              f"phone_number={stored.get('phone_number')!r}")
    conversation = widget_api.conversation(widget.token()).json
    guarantee(conversation.get("status") == "open", "submitting the pre-chat form starts a conversation")


@pytest.mark.parametrize("field, bad_value, expected_message", [
    ("email", "not-an-email", "Please enter a valid email address"),
    ("phone", "12345", "Please enter a valid phone number"),
])
def test_invalid_prechat_input_shows_the_validation_message_and_sends_nothing(
        widget: Visit, visitor, field, bad_value, expected_message):
    widget.widget.open()
    form = widget.widget.prechat
    values = {"name": visitor.name, "email": visitor.email, "phone": visitor.phone, "message": visitor.message}
    form.fill(**{**values, field: bad_value})
    mark = widget.calls.mark()
    form.submit()

    expect(form.validation_message(expected_message),
           message(f"an invalid {field} shows '{expected_message}'")).to_be_visible()
    sent = [call.describe() for call in widget.calls.since(mark)
            if call.method in ("PATCH", "POST") and call.path in ("contact", "conversations")]
    guarantee(not sent, f"an invalid {field} sends nothing to the server", "\n".join(sent))
