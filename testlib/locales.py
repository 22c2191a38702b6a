"""The widget's texts a visitor meets in a flow (buttons, titles, the composer, the pre-chat labels),
per locale: page objects find controls by role and form field name, and by these texts where the
real widget gives nothing else (../shared/upstream.md, fork.md).

English comes from the profile's points (prechat_labels, composer_placeholder) and the real
widgets' own English. The second language (German) has two sets of words: the reference's own
(reference/locales.py writes its German itself, so the clean reference's run uses these), and the
real widget's, Chatwoot 4.10's widget German (its i18n de.json), which a run against a real build
(--widget-build) uses in the upstream and fork profiles. A live target has its own translations and
gives them as the `second_locale` and `second_locale_texts` settings. What a real widget leaves
untranslated stays as it is: upstream shows the name, email and phone labels as the inbox
configures them; the fork's exit texts are written in English only."""
from __future__ import annotations

from dataclasses import dataclass, fields, replace

ENGLISH = "en"


@dataclass(frozen=True)
class PrechatLabels:
    name: str
    email: str
    phone: str
    message: str

    def __str__(self) -> str:
        return f"name={self.name}, email={self.email}, phone={self.phone}, message={self.message}"

    @classmethod
    def parse(cls, text: str, base: "PrechatLabels") -> "PrechatLabels":
        """'name=Your name,email=E-mail' over `base`: only the labels given change."""
        return replace(base, **_pairs(text, {f.name for f in fields(cls)}, "name=...,email=...,phone=...,message=..."))


@dataclass(frozen=True)
class WidgetTexts:
    """What the widget says in one locale, where a page object needs its words."""

    start_conversation: str
    continue_conversation: str  # upstream's Home, when the visitor has a conversation
    composer_placeholder: str
    prechat_labels: PrechatLabels
    end_conversation: str
    exit_title: str
    exit_question: str
    exit_confirm: str
    exit_cancel: str

    def __str__(self) -> str:
        return ", ".join(f"{f.name}={getattr(self, f.name)}" for f in fields(self))

    @classmethod
    def parse(cls, text: str, base: "WidgetTexts") -> "WidgetTexts":
        """'start_conversation=...,name=...' over `base`: the texts given change (name, email, phone
        and message are the pre-chat labels)."""
        label_keys = {f.name for f in fields(PrechatLabels)}
        text_keys = {f.name for f in fields(cls)} - {"prechat_labels"}
        given = _pairs(text, label_keys | text_keys, "start_conversation=...,composer_placeholder=...,name=...")
        labels = replace(base.prechat_labels, **{k: v for k, v in given.items() if k in label_keys})
        return replace(base, prechat_labels=labels, **{k: v for k, v in given.items() if k in text_keys})


def _pairs(text: str, keys: set[str], expected: str) -> dict[str, str]:
    given = {}
    for part in filter(None, (item.strip() for item in text.split(","))):
        key, separator, value = part.partition("=")
        if not separator or key.strip() not in keys:
            raise ValueError(f"expected {expected}, got {part!r}")
        given[key.strip()] = value.strip()
    return given


# The real widgets' English where a profile point does not say it.
START_CONVERSATION, CONTINUE_CONVERSATION = "Start Conversation", "Continue conversation"
END_CONVERSATION = "End Conversation"
EXIT_TITLE, EXIT_QUESTION, EXIT_CONFIRM, EXIT_CANCEL = ("Exit & Close Chat", "End and close this chat?",
                                                        "Exit Chat", "Cancel")


def english(prechat_labels: PrechatLabels, composer_placeholder: str) -> WidgetTexts:
    return WidgetTexts(START_CONVERSATION, CONTINUE_CONVERSATION, composer_placeholder, prechat_labels, END_CONVERSATION,
                       EXIT_TITLE, EXIT_QUESTION, EXIT_CONFIRM, EXIT_CANCEL)


# The reference's second language (German), per widget.
GERMAN = "de"
_GERMAN_START, _GERMAN_COMPOSER, _GERMAN_MESSAGE = "Gespräch starten", "Nachricht schreiben", "Ihre Nachricht"
DOCUMENTED_GERMAN = WidgetTexts(
    _GERMAN_START, "Gespräch fortsetzen", _GERMAN_COMPOSER,
    PrechatLabels("Ihr Name", "Ihre E-Mail-Adresse", "Ihre Telefonnummer", _GERMAN_MESSAGE),
    END_CONVERSATION, "Chat beenden und schließen", "Diesen Chat beenden und schließen?", "Chat beenden", "Abbrechen")


def upstream_german(inbox_labels: PrechatLabels) -> WidgetTexts:
    """The reference's German for upstream and the fork: the inbox's own name, email and phone
    labels, the exit in English (the fork's header has no translations)."""
    return WidgetTexts(_GERMAN_START, "Gespräch fortsetzen", _GERMAN_COMPOSER, replace(inbox_labels, message=_GERMAN_MESSAGE),
                       "Gespräch beenden", EXIT_TITLE, EXIT_QUESTION, EXIT_CONFIRM, EXIT_CANCEL)


def chatwoot_german(inbox_labels: PrechatLabels) -> WidgetTexts:
    """Chatwoot 4.10's own widget German (START_CONVERSATION, CONTINUE_CONVERSATION,
    END_CONVERSATION, CHAT_PLACEHOLDER, PRE_CHAT_FORM.FIELDS.MESSAGE.LABEL of its de.json), which
    the fork keeps (it overrides only the English file); otherwise as upstream_german."""
    return replace(upstream_german(inbox_labels), start_conversation="Unterhaltung beginnen",
                   continue_conversation="Konversation fortsetzen", end_conversation="Konversation beenden",
                   composer_placeholder="Schreiben Sie Ihre Nachricht",
                   prechat_labels=replace(inbox_labels, message="Nachricht"))
