"""GET /widget: the page the SDK loads into its iframe.

Documented profile: a plain page that boots static/widget.js, which then calls POST config.
Upstream and fork: the page is the bootstrap, like app/views/widgets/show.html.erb. It reads the
visitor's token from `cw_conversation` (the SDK copies its host cookie there) and embeds it as
window.authToken; a missing, undecodable or foreign token, or one whose contact is gone, gets a
new contact and token instead."""
from __future__ import annotations

import html
import json
import sqlite3
from typing import AbstractSet, Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from reference import locales, seed
from reference.profiles import Profile
from reference.sessions import NOT_FOUND_WIDGET, Session, Sessions
from reference.store import Store
from reference.validation import ApiError

NO_STORE = {"Cache-Control": "no-store"}


def _script_json(value: Any) -> str:
    """JSON safe inside a <script> element."""
    return json.dumps(value).replace("</", "<\\/")


def documented_page(website_token: str, profile: Profile, defects: AbstractSet[str]) -> str:
    reference_config = _script_json({"defects": sorted(defects), "locales": locales.to_json(profile.locales),
                                     "enabledLanguages": list(locales.ENABLED_LANGUAGES)})
    return f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Chat</title>
  <link rel="stylesheet" href="/packs/css/widget.css">
</head>
<body>
  <div id="app" class="woot-widget-wrap" data-website-token="{html.escape(website_token)}"></div>
  <script>window.chatwootReference = {reference_config};</script>
  <script src="/packs/js/widget-i18n.js"></script>
  <script src="/packs/js/widget.js"></script>
</body>
</html>
"""


def web_channel(inbox: sqlite3.Row) -> dict[str, Any]:
    """window.chatwootWebChannel: the inbox settings the widget reads."""
    return {
        "avatarUrl": "",
        "hasAConnectedAgentBot": "",
        "locale": locales.ENGLISH,  # the account's locale
        "websiteName": inbox["name"],
        "websiteToken": inbox["website_token"],
        "welcomeTagline": seed.WELCOME_TAGLINE,
        "welcomeTitle": seed.WELCOME_TITLE,
        "widgetColor": "#1f93ff",
        "portal": None,
        "enabledFeatures": list(seed.ENABLED_FEATURES),
        "enabledLanguages": list(locales.ENABLED_LANGUAGES),
        "replyTime": "in_a_few_minutes",
        "preChatFormEnabled": bool(inbox["pre_chat_form_enabled"]),
        "preChatFormOptions": {"pre_chat_message": seed.PRE_CHAT_MESSAGE,
                               "pre_chat_fields": [dict(field) for field in seed.STOCK_PRE_CHAT_FIELDS]},
        "workingHoursEnabled": False,
        "csatSurveyEnabled": False,
        "workingHours": [],
        "outOfOfficeMessage": None,
        "utcOffset": "+00:00",
        "timezone": "UTC",
        "allowMessagesAfterResolved": True,
        "disableBranding": False,
    }


GLOBAL_CONFIG = {"LOGO_THUMBNAIL": "", "BRAND_NAME": "Chatwoot", "WIDGET_BRAND_URL": "https://www.chatwoot.com",
                 "DIRECT_UPLOADS_ENABLED": False, "MAXIMUM_FILE_UPLOAD_SIZE": 40, "INSTALLATION_NAME": "Chatwoot"}


def reference_app_tags(profile: Profile, defects: AbstractSet[str]) -> str:
    """The reference's own iframe app, with the profile's behaviour and the defects it reads."""
    reference_config = {"defects": sorted(defects), "app": profile.app.to_json(),
                        "locales": locales.to_json(profile.locales)}
    return f"""<script>
      window.chatwootReference = {_script_json(reference_config)};
    </script>
    <link rel="stylesheet" href="/packs/css/app.css">
    <script type="module" src="/packs/js/app-main.js"></script>"""


def show_page(inbox: sqlite3.Row, auth_token: str, pubsub_token: str, app_tags: str) -> str:
    return f"""<!DOCTYPE html>
<html>
  <head>
    <title>Chatwoot</title>
    <meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1, user-scalable=0" />
    <script>
      window.chatwootWebChannel = {_script_json(web_channel(inbox))};
      window.chatwootPubsubToken = {_script_json(pubsub_token)};
      window.authToken = {_script_json(auth_token)};
      window.globalConfig = {_script_json(GLOBAL_CONFIG)};
    </script>
    {app_tags}
  </head>
  <body>
    <div id="app" class="h-full"></div>
  </body>
</html>
"""


class WidgetPage:
    def __init__(self, store: Store, sessions: Sessions, profile: Profile, defects: AbstractSet[str],
                 app_tags: str | None = None):
        """app_tags: the page's app (a user's build, reference/widget_build.py); None: the reference's."""
        self.store = store
        self.sessions = sessions
        self.profile = profile
        self.defects = defects
        self.app_tags = app_tags

    async def __call__(self, request: Request) -> Response:
        website_token = request.query_params.get("website_token", "")
        inbox = self.store.inbox_by_website_token(website_token) if website_token else None
        if inbox is None:
            return HTMLResponse(f"<h1>404</h1><p>{NOT_FOUND_WIDGET}</p>", status_code=404)
        if not self.profile.page_issues_token:
            return HTMLResponse(documented_page(website_token, self.profile, self.defects))
        inbox = self.sessions.inbox(request)  # a suspended account: 401, as widgets_controller answers
        auth_token, pubsub_token = self._token(inbox, request.query_params.get("cw_conversation"))
        app_tags = self.app_tags or reference_app_tags(self.profile, self.defects)
        return HTMLResponse(show_page(inbox, auth_token, pubsub_token, app_tags), headers=NO_STORE)

    def _token(self, inbox: sqlite3.Row, cw_conversation: str | None) -> tuple[str, str]:
        """(auth token, pubsub token): the visitor's own session when cw_conversation names one."""
        session: Session | None = None
        if cw_conversation:
            try:
                session = self.sessions.of_token(inbox, cw_conversation)
            except ApiError as error:
                if error.reason == "contact_not_found" and "stale-token-not-recovered" in self.defects:
                    return cw_conversation, ""  # the dead token, handed out again
        session = session or self.sessions.fresh(inbox)
        return session.token, session.contact_inbox["pubsub_token"]
