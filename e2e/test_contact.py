"""Show the current contact: the first load creates it, issues its token and keeps that token in
the widget iframe, and every later contact and conversation call carries it."""
import pytest

from e2e.guarantees import guarantee
from fixtures.api_client import WidgetApiClient
from pages.visit import Visit

pytestmark = [pytest.mark.contact, pytest.mark.token]


def test_first_load_creates_a_contact_and_stores_its_token_in_the_iframe_session(widget: Visit, target):
    bootstrap = widget.calls.first("config", "POST")
    guarantee(bootstrap.auth_token is None, "a first-time visitor's first contact call carries no auth token",
              bootstrap.describe())
    issued = widget.calls.issued_tokens()
    guarantee(len(issued) == 1, "the first load creates exactly one contact token", widget.calls.describe())
    token = issued[0]

    snapshot = widget.storage.snapshot()
    if target.token_storage == "sessionStorage":
        guarantee(snapshot.session.get(target.token_storage_key) == token,
                  "the issued token is kept in the widget iframe's sessionStorage",
                  f"sessionStorage keys: {sorted(snapshot.session)}")
        guarantee(not [place for place in snapshot.places_holding(token) if place.startswith("localStorage")],
                  "the contact token is never written to localStorage (it would follow the visitor into every tab)",
                  f"found in {snapshot.places_holding(token)}")


def test_get_contact_carries_website_token_and_auth_token(widget: Visit, target, widget_api: WidgetApiClient):
    show = widget.calls.last("contact", "GET")
    guarantee(show.website_token == target.website_token, "GET contact names the inbox with website_token",
              show.describe())
    guarantee(show.auth_token == widget.token(), "GET contact carries the stored contact token as X-Auth-Token",
              show.describe())
    guarantee(show.status == 200, "GET contact answers 200 for the widget's own token", show.describe())
    server_contact = widget_api.show(widget.token()).json
    guarantee(show.response_json()["id"] == server_contact.get("id"),
              "the contact the widget shows is the one the server holds for its token")


def test_every_contact_and_conversation_call_carries_the_current_token(widget: Visit, visitor, target):
    token = widget.token()
    widget.start_conversation(visitor.name, visitor.email, visitor.phone, visitor.message)
    widget.host.set_custom_attributes({"plan": "pro"})
    widget.widget.send_message("one more thing")
    widget.widget.expect_message("one more thing")

    calls = widget.calls.contact_and_conversation_calls()
    missing = [call.describe() for call in calls if call.auth_token != token]
    guarantee(not missing, "every contact and conversation call carries the contact token as X-Auth-Token",
              "calls without it (or with another token):\n" + "\n".join(missing))
    unnamed = [call.describe() for call in widget.calls.calls if call.website_token != target.website_token]
    guarantee(not unnamed, "every widget call carries website_token", "\n".join(unnamed))


def test_contact_token_stays_inside_the_widget_iframe(widget: Visit, target):
    if target.token_storage != "sessionStorage":
        pytest.skip("upstream Chatwoot keeps the token in a host-page cookie by design")
    token = widget.token()
    host = widget.host.host_storage()
    leaked = [name for name, stored in (("sessionStorage", str(host["session"])), ("localStorage", str(host["local"])),
                                        ("cookie", host["cookie"])) if token in stored]
    guarantee(not leaked, "the host page never receives the widget's contact token", f"found in host {leaked}")
