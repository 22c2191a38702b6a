"""$chatwoot.setCustomAttributes merges, $chatwoot.deleteCustomAttribute removes exactly one key."""
import pytest

from e2e.guarantees import guarantee
from pages.visit import Visit

pytestmark = pytest.mark.custom_attributes


def test_set_custom_attributes_twice_keeps_both_keys(widget: Visit, visitor, server):
    first = widget.host.set_custom_attributes({"plan": visitor.custom_attributes["plan"]})
    second = widget.host.set_custom_attributes({"signup_year": visitor.custom_attributes["signup_year"]})
    guarantee(first.status == 200 and second.status == 200, "setCustomAttributes calls are accepted",
              f"answered {first.status} and {second.status}")

    call = widget.calls.last("contact", "PATCH")
    guarantee(call.body == {"custom_attributes": {"signup_year": visitor.custom_attributes["signup_year"]}},
              "setCustomAttributes sends its object as custom_attributes", f"body: {call.body!r}")
    stored = server.contact(widget.token()).get("custom_attributes", {})
    guarantee(stored == visitor.custom_attributes,
              "setCustomAttributes merges into the contact's attributes; earlier keys stay",
              f"server has {stored!r}, expected {visitor.custom_attributes!r}")


def test_delete_custom_attribute_removes_exactly_that_key(widget: Visit, server):
    widget.host.set_custom_attributes({"plan": "pro", "team": "ops", "seats": 5})
    response = widget.host.delete_custom_attribute("team")

    call = widget.calls.last("contact/destroy_custom_attributes", "POST")
    guarantee(call.body == {"custom_attributes": ["team"]},
              "deleteCustomAttribute sends the key in a custom_attributes list", f"body: {call.body!r}")
    guarantee(response.status == 200, "deleteCustomAttribute is accepted", f"answered {response.status}")
    stored = server.contact(widget.token()).get("custom_attributes", {})
    guarantee(stored == {"plan": "pro", "seats": 5},
              "deleteCustomAttribute removes exactly the named key and keeps the others", f"server has {stored!r}")
