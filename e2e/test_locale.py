"""The widget speaks the visitor's language: the one the site sets in chatwootSettings.locale from
the first view, and the one $chatwoot.setLocale switches it to; the contact flows (pre-chat,
setUser, leaving) work in it. The language is the profile's second_locale (the reference's German;
a live target names its own), its words the profile's texts for it."""
import pytest
from playwright.sync_api import expect

from e2e.guarantees import guarantee, message
from pages.visit import Visit
from testlib.locales import ENGLISH

pytestmark = pytest.mark.locale


def expect_prechat_labels(visit: Visit, how: str) -> None:
    texts = visit.widget.texts
    form = visit.widget.reach_prechat_form(f"a visitor whose site asks for '{visit.widget.locale}' ({how}) is offered "
                                           f"'{texts.start_conversation}' and the pre-chat form in it")
    for key in ("name", "email", "phone", "message"):
        expect(form.label(key), message(f"the pre-chat form's {key} field is labelled "
                                        f"{getattr(texts.prechat_labels, key)!r} in '{visit.widget.locale}' "
                                        f"({how})")).to_be_visible()


def test_chatwoot_settings_locale_is_spoken_through_prechat_and_leaving(open_widget, profile, visitor, server):
    locale = profile.second_locale
    visit = open_widget(locale=locale)
    visit.widget.open()
    expect(visit.widget.start_for_new_visitor,
           message(f"opening the chat, a visitor whose site sets chatwootSettings.locale = '{locale}' is offered "
                   f"'{visit.widget.texts.start_conversation}'")).to_be_visible()
    visit.start_conversation(visitor.name, visitor.email, visitor.phone, visitor.message)
    stored = server.contact(visit.token())
    guarantee((stored.get("name"), stored.get("email")) == (visitor.name, visitor.email),
              f"the pre-chat form filled in '{locale}' stores the visitor's name and email",
              f"server has name={stored.get('name')!r} email={stored.get('email')!r}")

    visit.leave()
    visit.widget.reach_prechat_form("after the visitor leaves, the next visitor is asked for their details in the "
                                    "site's chatwootSettings.locale")


def test_set_locale_switches_the_open_widget_and_back(widget: Visit, profile):
    english = widget.widget.texts.start_conversation
    widget.widget.open()
    expect(widget.widget.start_for_new_visitor,
           message(f"without a locale the widget speaks English ('{english}')")).to_be_visible()

    widget.set_locale(profile.second_locale)
    expect_prechat_labels(widget, "$chatwoot.setLocale")
    expect(widget.widget.locator.get_by_role("button", name=english, exact=True),
           message(f"after setLocale('{profile.second_locale}') no '{english}' is left")).to_have_count(0)

    widget.set_locale(ENGLISH)
    expect(widget.widget.prechat.submit_button,
           message(f"setLocale('{ENGLISH}') switches the widget back to English ('{english}')")).to_be_visible()


def test_an_identified_visitor_chats_and_leaves_in_the_chosen_language(open_widget, profile, visitor, hmac_signer,
                                                                       server, expect_widget_errors):
    expect_widget_errors(profile.errors_by_design("identified_visitor_leaves"))  # point user_after_reset
    visit = open_widget(locale=profile.second_locale)
    response = visit.host.set_user(visitor.identifier, visitor.user(hmac_signer.identifier_hash(visitor.identifier)))
    guarantee(response.ok, f"setUser works while the widget speaks '{profile.second_locale}'",
              f"set_user answered {response.status}")
    visit.start_conversation_as_known_visitor(visitor.message)
    visit.widget.expect_message(visitor.message)
    guarantee(server.contact(visit.token()).get("identifier") == visitor.identifier,
              f"the visitor identified while the widget speaks '{profile.second_locale}' is the stored contact")
    visit.leave()
    visit.widget.reach_prechat_form("after the identified visitor leaves, the next visitor is asked for their "
                                    "details in the site's chatwootSettings.locale")
