"""The one place that says how the three widgets the reference stands in for differ.

`documented` is the fork's documentation (../shared/contract.md), `upstream` what Chatwoot 4.10
ships (../shared/upstream.md), `fork` the fork as deployed (../shared/fork.md): upstream's SDK and
widget with the fork's header, soft exit, store and Home view on top. The server reads the
`Profile`; the iframe app reads `Profile.app` (sent into the widget page as JSON), so neither the
Python nor the JavaScript ever compares profile names.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from reference import locales

# How the visitor's first token is handed out.
POST_CONFIG = "post_config"    # the widget's bootstrap call POST /api/v1/widget/config
WIDGET_PAGE = "widget_page"    # GET /widget embeds it as window.authToken (upstream's show page)

# When set_user answers a new widget_auth_token.
ALWAYS = "always"
IDENTITY_SWITCH = "identity_switch"  # only when the contact already carries another identifier


@dataclass(frozen=True)
class AppBehaviour:
    """What the upstream-style iframe app (static/app/) does differently per profile."""

    branding: str
    # upstream reads its conversation, messages and contact on load; the fork only agents and campaigns
    reads_session_on_load: bool
    # upstream's Home says "Continue conversation" and opens the messages when some exist
    home_resumes_conversation: bool
    # the header control that lets a visitor go: "end_conversation" (upstream) or "soft_exit" (fork)
    leave_control: str
    # the fork captures website_token once at load; upstream reads window.location at call time
    website_token_captured_at_load: bool

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Profile:
    name: str
    sdk_script: str                 # static file served as /packs/js/sdk.js
    bootstrap: str                  # POST_CONFIG or WIDGET_PAGE
    chatwoot_answer_shapes: bool    # trimmed contacts, {payload, meta} messages, unix times, int types
    set_user_token: str             # ALWAYS or IDENTITY_SWITCH
    prechat_in_conversation: bool   # POST conversations updates the contact from its `contact`
    message_reopens_conversation: bool  # Chatwoot: a message joins the latest conversation, reopening it
    attaches_returning_visitors: bool  # Chatwoot: a visitor giving a known email or phone joins that contact
    rails_error_answers: bool       # refusals answered with Chatwoot's statuses and bodies (rails_answers.py)
    app: AppBehaviour | None        # None: the documented iframe app (static/widget.js)
    locales: locales.Table          # the texts of its widget in each locale (reference/locales.py)
    live_updates: bool = False      # Chatwoot's /cable: RoomChannel broadcasts (reference/cable.py)

    @property
    def page_issues_token(self) -> bool:
        return self.bootstrap == WIDGET_PAGE


_UPSTREAM_APP = AppBehaviour(
    branding="Powered by Chatwoot", reads_session_on_load=True,
    home_resumes_conversation=True, leave_control="end_conversation", website_token_captured_at_load=False)
_FORK_APP = AppBehaviour(
    branding="Powered by Visual Graphx", reads_session_on_load=False,
    home_resumes_conversation=False, leave_control="soft_exit", website_token_captured_at_load=True)

PROFILES: dict[str, Profile] = {
    "documented": Profile("documented", sdk_script="sdk.js", bootstrap=POST_CONFIG, chatwoot_answer_shapes=False,
                          set_user_token=ALWAYS, prechat_in_conversation=False, message_reopens_conversation=False,
                          attaches_returning_visitors=False, rails_error_answers=False, app=None,
                          locales=locales.DOCUMENTED),
    "upstream": Profile("upstream", sdk_script="sdk-upstream.js", bootstrap=WIDGET_PAGE, chatwoot_answer_shapes=True,
                        set_user_token=IDENTITY_SWITCH, prechat_in_conversation=True, message_reopens_conversation=True,
                        attaches_returning_visitors=True, rails_error_answers=True, app=_UPSTREAM_APP,
                        locales=locales.UPSTREAM, live_updates=True),
    "fork": Profile("fork", sdk_script="sdk-upstream.js", bootstrap=WIDGET_PAGE, chatwoot_answer_shapes=True,
                    set_user_token=IDENTITY_SWITCH, prechat_in_conversation=True, message_reopens_conversation=True,
                    attaches_returning_visitors=True, rails_error_answers=True, app=_FORK_APP,
                    locales=locales.FORK, live_updates=True),
}
PROFILE_NAMES = tuple(PROFILES)


def get(name: str) -> Profile:
    return PROFILES[name]
