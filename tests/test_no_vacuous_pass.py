"""No assertion passes because a query failed: with the SDK, the recorder, the widget iframe or a
usable token gone, the page objects' queries raise (naming what is missing) instead of answering
False, None or an empty list, and a wait that gives up names what went wrong on the wire. Driven
against a reference of these tests' own, in a browser of their own."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Playwright

from pages.visit import Visit
from pages.widget_session import StorageSnapshot
from pages.widget_traffic import WidgetTraffic
from testlib.api_client import WidgetApiClient
from testlib.browser_resolution import system_chromium
from testlib.guarantees import PREFIX, BrokenGuarantee, CannotObserve
from testlib.profiles import DOCUMENTED
from testlib.server_state import contact_id
from testlib.settings import config_file_values
from tests.reference_helpers import OPTIONAL

WAIT_MS = 3000  # short waits: every wait below is meant to give up


@pytest.fixture(scope="module")
def chromium(playwright: Playwright) -> Iterator[Browser]:
    # testlib.browser_resolution.resolve starts a Playwright of its own, which cannot run inside this one
    own = Path(playwright.chromium.executable_path)
    browser = playwright.chromium.launch(executable_path=str(own if own.exists() else system_chromium()),
                                         args=config_file_values()["browser_args"].split())
    yield browser
    browser.close()


@pytest.fixture
def api(reference) -> Iterator[WidgetApiClient]:
    client = WidgetApiClient(reference.info["widget_url"], OPTIONAL.website_token)
    yield client
    client.close()


@pytest.fixture
def open_visit(chromium: Browser, reference, api: WidgetApiClient):
    """open_visit(before=None): a visitor's tab on the reference's host page; `before(context)`
    runs first (to route something away)."""
    contexts = []

    def open_tab(before=None) -> Visit:
        context = chromium.new_context()
        contexts.append(context)
        context.set_default_timeout(WAIT_MS)
        if before:
            before(context)
        url = f"{reference.info['host_url']}?website_token={OPTIONAL.website_token}"
        return Visit.open(context, url, DOCUMENTED, WidgetTraffic(context), lambda token: contact_id(api, token))

    yield open_tab
    for context in contexts:
        context.close()


def test_without_the_sdk_is_open_and_has_loaded_raise_instead_of_answering_false(open_visit):
    visit = open_visit()
    assert visit.host.is_open() is False  # the SDK is there: a real answer
    visit.page.evaluate("() => { delete window.$chatwoot; }")
    for query in (visit.host.is_open, visit.host.chatwoot_has_loaded, lambda: visit.host.chatwoot("toggle")):
        with pytest.raises(CannotObserve, match=r"window\.\$chatwoot"):
            query()


def test_without_the_recorder_events_and_messages_raise_instead_of_answering_none(open_visit):
    visit = open_visit()
    visit.page.evaluate("() => { delete window.__widgetE2E; }")
    with pytest.raises(CannotObserve, match="recorder"):
        visit.host.events("chatwoot:error")
    with pytest.raises(CannotObserve, match="recorder"):
        visit.host.messages("exitChat")


def test_storage_of_a_removed_or_blank_iframe_cannot_be_read_as_empty(open_visit):
    visit = open_visit()
    assert visit.token(), "the widget keeps a token once loaded"
    visit.page.evaluate("() => { document.getElementById('chatwoot_live_chat_widget').src = 'about:blank'; }")
    visit.page.wait_for_function("() => document.getElementById('chatwoot_live_chat_widget').contentWindow"
                                 ".location.href === 'about:blank'")
    with pytest.raises(CannotObserve, match="shows the widget page"):
        visit.token()  # about:blank would show the host page's storage, where no token proves nothing
    visit.page.evaluate("() => document.getElementById('chatwoot_live_chat_widget').remove()")
    with pytest.raises(BrokenGuarantee, match="keeps the widget iframe"):
        visit.storage.snapshot()


def test_an_empty_value_is_never_found_nowhere():
    with pytest.raises(CannotObserve, match="a value to look for"):
        StorageSnapshot({}, {}, {}).places_holding(None)


def test_no_token_or_a_dead_token_has_no_contact_id_rather_than_none(api: WidgetApiClient):
    with pytest.raises(CannotObserve, match="holds a contact token"):
        contact_id(api, None)
    with pytest.raises(CannotObserve, match="answered 401"):
        contact_id(api, "not-a-token")


def test_a_widget_that_never_loads_names_the_calls_that_failed(open_visit):
    def refuse_bootstrap(context) -> None:
        context.route("**/api/v1/widget/config*", lambda route: route.fulfill(
            status=401, content_type="application/json", json={"error": "website_token is invalid"}))

    with pytest.raises(BrokenGuarantee) as failed:
        open_visit(refuse_bootstrap)
    first_line = str(failed.value).splitlines()[0]
    assert first_line.startswith(PREFIX + "the widget loads for the visitor"), first_line
    assert "on the wire: " in first_line and "POST config answered 401 (website_token is invalid)" in first_line, \
        first_line


def test_a_call_that_never_answers_is_the_flow_steps_broken_promise_with_the_failed_call(open_visit):
    visit = open_visit()
    visit.context.route("**/api/v1/widget/contact?*", lambda route: route.abort())
    with pytest.raises(BrokenGuarantee) as failed:
        visit.host.set_custom_attributes({"plan": "pro"})
    first_line = str(failed.value).splitlines()[0]
    assert "setCustomAttributes makes the widget call PATCH contact" in first_line, first_line
    assert "PATCH contact failed" in first_line, first_line


def test_a_missing_pre_chat_form_is_the_promise_not_a_locator_timeout(open_visit):
    visit = open_visit()
    visit.widget.frame.evaluate("() => document.querySelectorAll('form').forEach(form => form.remove())")
    with pytest.raises(BrokenGuarantee) as failed:
        visit.widget.reach_prechat_form("the next visitor is asked for their details")
    first_line = str(failed.value).splitlines()[0]
    assert first_line.startswith(PREFIX + "the next visitor is asked for their details"), first_line
    assert "Locator expected" not in first_line and "Timeout" not in first_line, first_line
