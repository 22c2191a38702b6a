"""The page that embeds the widget when a live target has none of its own: Chatwoot's standard
embed snippet, served by request routing on a same-site origin of the target (see
docs/contract-decisions.md for why same-site)."""
from __future__ import annotations

from playwright.sync_api import BrowserContext

from reference.embed_snippet import host_page_html
from testlib.target import Target

HOST_PAGE_SETTINGS = {"position": "right", "locale": "en"}


def serve_generated_host_page(context: BrowserContext, target: Target, website_token: str | None = None) -> str:
    """Route the generated host page of `website_token`'s inbox in `context`; returns its URL."""
    token = website_token or target.website_token
    url = target.generated_host_page_url(token)
    page_url = url.split("?", 1)[0]
    html = host_page_html(target.widget_url, token, HOST_PAGE_SETTINGS)
    context.route(lambda candidate: candidate.split("?", 1)[0] == page_url and f"website_token={token}" in candidate,
                  lambda route: route.fulfill(status=200, content_type="text/html", body=html))
    return url
