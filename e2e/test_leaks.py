"""Nothing of a visitor stays in the browser once they leave or the site calls $chatwoot.reset():
their token, name, email and phone are searched for by value in every storage, cookie and URL the
host page and the widget use, so a key under any name is found. The next visitor's contact holds
only what that visitor typed."""
import pytest

from e2e.guarantees import guarantee
from pages.visit import Visit

pytestmark = [pytest.mark.isolation, pytest.mark.exit]


@pytest.mark.parametrize("goes", ["leaves", "is reset"])
def test_nothing_of_the_visitor_stays_in_the_browser(widget: Visit, new_visitor, server, goes):
    ana, ben = new_visitor(), new_visitor()
    widget.start_conversation(ana.name, ana.email, ana.phone, ana.message)
    values = {"token": widget.token(), "name": ana.name, "email": ana.email, "phone": ana.phone}
    guarantee(widget.everything_stored().where_each_is({"token": values["token"]}),
              "the widget keeps the visitor's token somewhere in the browser (else the search below proves nothing)",
              widget.everything_stored().describe())
    if goes == "leaves":
        widget.leave()
    else:
        widget.host.reset()

    found = widget.everything_stored().where_each_is(values)
    guarantee(not found, f"after the visitor {goes}, nothing of theirs (token, name, email, phone) is left in any "
              "storage, cookie or URL of the browser, under any key",
              "\n".join(f"{what} found in {places}" for what, places in found.items()))

    widget.start_conversation(ben.name, ben.email, None, ben.message)
    stored = server.contact(widget.token())
    guarantee((stored.get("name"), stored.get("email"), stored.get("phone_number") or None)
              == (ben.name, ben.email, None),
              "the next visitor, leaving the phone blank, gets a contact holding only what they typed",
              f"server has name={stored.get('name')!r} email={stored.get('email')!r} "
              f"phone_number={stored.get('phone_number')!r}")
