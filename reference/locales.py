"""The reference widget's own locale tables: English and a second language (German), written for
the reference (not taken from Chatwoot's i18n files). The widget page hands its profile's table to
the iframe app (window.chatwootReference.locales), which shows a text in the visitor's locale and
falls back to English for a key the locale lacks.

Which texts a locale changes follows the real widgets: upstream translates its own texts (buttons,
composer, the pre-chat form's message field) but shows the name, email and phone labels as the
inbox configures them (pre_chat_fields); the fork overrides only upstream's English file (its
composer says "chat with us") and hard-codes its exit texts in English, so they stay English in
every locale. The documented widget translates every text it shows."""
from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

ENGLISH, GERMAN = "en", "de"
# The inbox's allowed languages, as chatwootWebChannel.enabledLanguages lists them.
ENABLED_LANGUAGES = ({"name": "English (en)", "iso_639_1_code": ENGLISH},
                     {"name": "Deutsch (de)", "iso_639_1_code": GERMAN})
Table = Mapping[str, Mapping[str, str]]  # locale -> key -> text

_UPSTREAM_ENGLISH = {
    "startConversation": "Start Conversation", "continueConversation": "Continue conversation",
    "endConversation": "End Conversation", "composerPlaceholder": "Type your message",
    "online": "We are online", "offline": "We are away at the moment",
    "backSoon": "We will be back as soon as possible", "repliesInMinutes": "Typically replies in a few minutes",
    "bubbleLabel": "Chat with us", "today": "Today", "required": "Required",
    "invalidEmail": "Please enter a valid email address", "selectCountryCode": "Please select a country code",
    "invalidPhone": "Please enter a valid phone number", "messageTooShort": "Message too short",
    "messageLabel": "Message", "messagePlaceholder": "Please enter your message", "searchCountry": "Search country",
    "noCountry": "No results found", "emojiPicker": "Emoji picker",
    # the fork's exit (custom/widget/components/HeaderActions.vue writes these in English only)
    "exitTitle": "Exit & Close Chat", "exitQuestion": "End and close this chat?",
    "exitResolved": "Conversation will be resolved.", "exitFresh": "Next open will start fresh.",
    "cancel": "Cancel", "exitChat": "Exit Chat",
}
_UPSTREAM_GERMAN = {
    "startConversation": "Gespräch starten", "continueConversation": "Gespräch fortsetzen",
    "endConversation": "Gespräch beenden", "composerPlaceholder": "Nachricht schreiben",
    "online": "Wir sind erreichbar", "offline": "Wir sind gerade nicht da",
    "backSoon": "Wir melden uns so bald wie möglich", "repliesInMinutes": "Antwortet meist in wenigen Minuten",
    "bubbleLabel": "Schreiben Sie uns", "today": "Heute", "required": "Pflichtfeld",
    "invalidEmail": "Bitte eine gültige E-Mail-Adresse angeben", "selectCountryCode": "Bitte eine Ländervorwahl wählen",
    "invalidPhone": "Bitte eine gültige Telefonnummer angeben", "messageTooShort": "Die Nachricht ist zu kurz",
    "messageLabel": "Ihre Nachricht", "messagePlaceholder": "Was möchten Sie uns sagen?",
    "searchCountry": "Land suchen", "noCountry": "Kein Treffer", "emojiPicker": "Emoji auswählen",
}

_DOCUMENTED_ENGLISH = {
    "startConversation": "Start Conversation", "composerPlaceholder": "Type your message",
    "fullNameLabel": "Full Name", "emailLabel": "Email Address", "phoneLabel": "Phone Number", "messageLabel": "Message",
    "fullNamePlaceholder": "Please enter your full name", "emailPlaceholder": "Please enter your email address",
    "phonePlaceholder": "Please enter your phone number", "messagePlaceholder": "Please enter your message",
    "invalidEmail": "Please enter a valid email address", "invalidPhone": "Please enter a valid phone number",
    "messageRequired": "This field is required", "exitTitle": "Exit & Close Chat",
    "exitQuestion": "End and close this chat?",
    "exitSub": "Conversation will be resolved. Next open will start fresh.", "exitChat": "Exit Chat",
    "cancel": "Cancel", "close": "Close", "send": "Send", "sendTitle": "Send message",
}
_DOCUMENTED_GERMAN = {
    "startConversation": "Gespräch starten", "composerPlaceholder": "Nachricht schreiben",
    "fullNameLabel": "Ihr Name", "emailLabel": "Ihre E-Mail-Adresse", "phoneLabel": "Ihre Telefonnummer",
    "messageLabel": "Ihre Nachricht", "fullNamePlaceholder": "Wie heißen Sie?",
    "emailPlaceholder": "Unter welcher E-Mail-Adresse erreichen wir Sie?",
    "phonePlaceholder": "Unter welcher Nummer erreichen wir Sie?", "messagePlaceholder": "Was möchten Sie uns sagen?",
    "invalidEmail": "Bitte eine gültige E-Mail-Adresse angeben", "invalidPhone": "Bitte eine gültige Telefonnummer angeben",
    "messageRequired": "Bitte ausfüllen", "exitTitle": "Chat beenden und schließen",
    "exitQuestion": "Diesen Chat beenden und schließen?",
    "exitSub": "Das Gespräch wird abgeschlossen. Beim nächsten Öffnen beginnt alles neu.", "exitChat": "Chat beenden",
    "cancel": "Abbrechen", "close": "Schließen", "send": "Senden", "sendTitle": "Nachricht senden",
}


def _table(english: dict[str, str], german: dict[str, str]) -> Table:
    return MappingProxyType({ENGLISH: MappingProxyType(english), GERMAN: MappingProxyType(german)})


DOCUMENTED = _table(_DOCUMENTED_ENGLISH, _DOCUMENTED_GERMAN)
UPSTREAM = _table(_UPSTREAM_ENGLISH, _UPSTREAM_GERMAN)
FORK = _table({**_UPSTREAM_ENGLISH, "composerPlaceholder": "chat with us"}, _UPSTREAM_GERMAN)


def to_json(table: Table) -> dict[str, dict[str, str]]:
    return {locale: dict(texts) for locale, texts in table.items()}
