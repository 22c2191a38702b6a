"""The contact and its token: the first load creates the contact and issues its token, the widget
keeps it where its profile says, and every later contact and conversation call carries it."""
import pytest

from e2e.guarantees import guarantee, not_offered
from pages.visit import Visit
from testlib.profiles import HOST_COOKIE

pytestmark = [pytest.mark.contact, pytest.mark.token]


def test_first_load_creates_a_contact_and_keeps_its_token(widget: Visit, profile):
    settled = widget.settle()
    loaded = widget.calls.since()[:settled]
    page_loads = [call for call in loaded if call.is_page_load]
    bootstraps = [call for call in loaded if profile.is_bootstrap(call)]
    guarantee(len(page_loads) == 1 and len(bootstraps) == 1,
              f"one page load loads the widget once and makes exactly one bootstrap ({profile.bootstrap})",
              widget.calls.describe())
    bootstrap = bootstraps[0]
    guarantee(profile.sent_token(bootstrap) is None, "a first-time visitor's bootstrap presents no token",
              bootstrap.describe())
    issued = widget.issued_tokens()
    guarantee(len(issued) == 1, "the first load issues exactly one contact token (one contact)",
              widget.calls.describe())
    others = [call.describe() for call in loaded if call.auth_token not in (None, issued[0])]
    guarantee(not others, "every call of the first load presents the one token it issued (one contact)",
              "\n".join(others))
    guarantee(widget.storage.settles_on(issued[0]),
              f"the issued token is kept in {profile.token_storage} as {profile.token_key}",
              f"storage holds it in {widget.storage.snapshot().places_holding(issued[0])}")
    in_local_storage = [place for place in widget.storage.snapshot().places_holding(issued[0])
                        if place.startswith("localStorage")]
    guarantee(not in_local_storage,
              "the contact token is never written to localStorage (it would follow the visitor into every tab)",
              f"found in {in_local_storage}")
    guarantee(widget.contact_id() is not None, "the issued token names a contact on the server")


def test_every_contact_and_conversation_call_carries_the_current_token(widget: Visit, visitor, target):
    token = widget.held_token()
    widget.start_conversation(visitor.name, visitor.email, visitor.phone, visitor.message)
    widget.host.set_custom_attributes({"plan": "pro"})
    widget.widget.send_message("one more thing")
    widget.widget.expect_message("one more thing")

    calls = widget.calls.contact_and_conversation_calls()
    guarantee(calls, "the widget made contact and conversation calls", widget.calls.describe())
    missing = [call.describe() for call in calls if call.auth_token != token]
    guarantee(not missing, "every contact and conversation call carries the contact token as X-Auth-Token",
              "calls without it (or with another token):\n" + "\n".join(missing))
    repeated = widget.calls.repeated_writes()
    guarantee(not repeated, "no widget call is retried or sent twice", "\n".join(repeated))
    unnamed = [call.describe() for call in widget.calls.calls if call.website_token != target.website_token]
    guarantee(not unnamed, "every widget call carries website_token", "\n".join(unnamed))


def test_contact_token_stays_inside_the_widget_iframe(widget: Visit, profile):
    if profile.token_storage == HOST_COOKIE:
        pytest.skip(not_offered(profile, "token_storage",
                                "the widget keeps its token in a host-page cookie by design"))
    token = widget.held_token()
    host = widget.host.host_storage()
    leaked = [name for name, stored in (("sessionStorage", str(host["session"])), ("localStorage", str(host["local"])),
                                        ("cookie", host["cookie"])) if token in stored]
    guarantee(not leaked, "the host page never receives the widget's contact token", f"found in host {leaked}")
