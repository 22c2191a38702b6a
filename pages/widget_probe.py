"""WidgetProbe: drives a widget whose profile is unknown, the way a first-time visitor would, and
reports what it does on each profile point (testlib.profiles.POINTS): which call issued the token,
where the token landed, whether a Home view comes first, the pre-chat labels, where the pre-chat
details went, the composer's placeholder, which exit control the conversation offers, and whether
website_token survives a rewrite of the iframe URL. Server-side points (server_state,
set_user_token) are probed over HTTP by testlib.conformance.

It uses the same handles as the page objects; only where the answer is "which of the two does this
widget show" does it wait for either and then look which one it got."""
from __future__ import annotations

from typing import Callable

from playwright.sync_api import BrowserContext, Locator, Page, expect

from pages.host_page import HostPage
from pages.widget_frame import PreChatForm, WidgetFrame
from pages.widget_session import WidgetSession
from pages.widget_traffic import WidgetTraffic
from testlib import profiles
from testlib.visitors import Visitor

# The conversation composer, whatever its placeholder: the one textarea that is not a form field.
COMPOSER = "textarea:not([name])"
LABEL_OF_FIELD = """el => {
  const wrapper = el.closest('.formkit-outer') || el.parentElement;
  const label = (el.labels && el.labels[0]) || wrapper.querySelector('label');
  return label ? label.textContent.trim() : null;
}"""


class WidgetProbe:
    def __init__(self, context: BrowserContext, host_url: str):
        self.context = context
        self.host_url = host_url
        self.traffic = WidgetTraffic(context)
        self.page: Page = context.new_page()
        self.host = HostPage(self.page, self.traffic)
        # The profile only shapes the handles the probe does not use (placeholder, Home view).
        self.widget = WidgetFrame(self.page, profiles.DOCUMENTED, self.traffic)
        self.form = self.widget.prechat

    def observe(self, visitor: Visitor) -> tuple[dict[str, str], str | None]:
        """What the widget does on each point it shows in the browser, and the visitor's token."""
        observed: dict[str, str] = {}
        self.host.open(self.host_url)
        token = self._observe_bootstrap(observed)
        self._observe_token_storage(observed, token)
        self.widget.open()
        self._observe_prechat_entry(observed)
        observed["prechat_labels"] = self._labels()
        self._observe_prechat_submit(observed, visitor)
        self._observe_exit_control(observed)
        self._observe_website_token_source(observed)
        return observed, token

    # -- points ---------------------------------------------------------------------------------
    def _observe_bootstrap(self, observed: dict[str, str]) -> str | None:
        for bootstrap in (profiles.POST_CONFIG, profiles.WIDGET_PAGE):
            candidate = profiles.DOCUMENTED.with_overrides({"bootstrap": bootstrap})
            issued = [profiles.WidgetProfile.issued_token(call)
                      for call in self.traffic.find(matching=candidate.is_bootstrap)]
            if any(issued):
                observed["bootstrap"] = bootstrap
                return next(token for token in issued if token)
        return None

    def _observe_token_storage(self, observed: dict[str, str], token: str | None) -> None:
        if not token:
            return
        places = self._storage_places(token)
        for place in places:
            kind, _, key = place.partition(":")
            if kind in ("sessionStorage", "cookie"):
                observed["token_storage"] = (profiles.IFRAME_SESSION_STORAGE if kind == "sessionStorage"
                                             else profiles.HOST_COOKIE)
                observed["token_key"] = key
                return

    def _storage_places(self, token: str) -> list[str]:
        session = WidgetSession(lambda: self.widget.frame, self.context, self.page, profiles.DOCUMENTED)
        return session.snapshot().places_holding(token)

    def _observe_prechat_entry(self, observed: dict[str, str]) -> None:
        start = self.widget.home_start_button
        submit = self.form.submit_button
        shown = visible_first(submit, start)
        observed["prechat_entry"] = profiles.DIRECT if shown is submit else profiles.HOME_VIEW
        if shown is start:
            start.click()
        self.form.expect_shown()

    def _labels(self) -> str:
        labels = {key: self.form.field(key).evaluate(LABEL_OF_FIELD) for key in PreChatForm.FIELD_NAMES}
        return str(profiles.PrechatLabels(**{key: value or "?" for key, value in labels.items()}))

    def _observe_prechat_submit(self, observed: dict[str, str], visitor: Visitor) -> None:
        mark = self.traffic.mark()
        self.form.fill(name=visitor.name, email=visitor.email, phone=visitor.phone, message=visitor.message)
        with self.page.expect_response(lambda response: "/api/v1/widget/conversations" in response.url
                                       and response.request.method == "POST"):
            self.form.submit()
        updates = [call for call in self.traffic.since(mark) if call.method == "PATCH" and call.path == "contact"
                   and isinstance(call.body, dict) and call.body.get("email") == visitor.email]
        observed["prechat_details"] = profiles.CONTACT_UPDATE if updates else profiles.CONVERSATION_CREATE
        composer = self.widget.locator.locator(COMPOSER)
        expect(self.form.submit_button).to_be_hidden()
        expect(composer).to_be_visible()
        observed["composer_placeholder"] = composer.get_attribute("placeholder") or ""

    def _observe_exit_control(self, observed: dict[str, str]) -> None:
        soft_exit = self.widget.exit_button
        end_conversation = self.widget.end_conversation_button
        shown = visible_first(soft_exit, end_conversation)
        observed["forget_visitor"] = profiles.SOFT_EXIT if shown is soft_exit else profiles.END_CONVERSATION_AND_RESET

    def _observe_website_token_source(self, observed: dict[str, str]) -> None:
        self.widget.rewrite_url_without_query()
        with self.page.expect_request(lambda request: "/api/v1/widget/contact" in request.url
                                      and request.method == "PATCH") as sent:
            self.host.chatwoot("setCustomAttributes", {"widget_e2e_probe": True})
        observed["website_token_source"] = (profiles.CAPTURED_AT_LOAD if "website_token=" in sent.value.url
                                            else profiles.URL_AT_CALL_TIME)


def observe_known_visitor(context: BrowserContext, host_url: str,
                          identify: Callable[[HostPage], None]) -> str:
    """prechat_for_known_visitor: what a visitor identified with setUser is asked before chatting."""
    page = context.new_page()
    host = HostPage(page).open(host_url)
    identify(host)
    widget = WidgetFrame(page, profiles.DOCUMENTED)
    widget.open()
    start, composer = widget.home_start_button, widget.locator.locator(COMPOSER)
    shown = visible_first(start, composer)
    asks_again = widget.prechat.field("email")
    if shown is start and asks_again.is_visible():
        # The pre-chat form's own submit, asking for the details setUser gave: a widget that answers
        # setUser with more calls before it renders (the documented one reads the contact and its
        # conversation first) was opened before it had; look again once the view has settled.
        expect(asks_again).to_be_hidden()
        shown = visible_first(start, composer)
    return profiles.MESSAGE_ONLY if shown is start else profiles.SKIPPED


def visible_first(*locators: Locator) -> Locator:
    """Which of `locators` the widget shows: waits until any of them is visible, then returns the
    first that is (the probe's one look at an instant state, after the view has settled)."""
    either = locators[0]
    for locator in locators[1:]:
        either = either.or_(locator)
    expect(either.first).to_be_visible()
    return next(locator for locator in locators if locator.first.is_visible())
