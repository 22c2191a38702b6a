"""The system under test: the reference widget or a live Chatwoot, described the same way, with
the widget profile it is expected to follow."""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from testlib.profiles import WidgetProfile
from testlib.settings import Settings

GENERATED_HOST_PATH = "/widget-e2e-host"


@dataclass(frozen=True)
class Target:
    kind: str  # "reference" or "live"
    widget_url: str
    website_token: str
    profile: WidgetProfile
    host_url: str | None = None
    hmac_secret: str | None = field(default=None, repr=False)
    mandatory_hmac_website_token: str | None = None
    mandatory_hmac_secret: str | None = field(default=None, repr=False)
    second_website_token: str | None = None
    suspended_website_token: str | None = None
    account_id: int | None = None
    api_access_token: str | None = field(default=None, repr=False)
    token_signing_secret: str | None = field(default=None, repr=False)
    reference_log: Path | None = None
    defects: tuple[str, ...] = ()

    @property
    def is_reference(self) -> bool:
        return self.kind == "reference"

    @property
    def has_account_api(self) -> bool:
        return bool(self.account_id and self.api_access_token)

    def secrets(self) -> list[str]:
        values = (self.hmac_secret, self.mandatory_hmac_secret, self.api_access_token, self.token_signing_secret)
        return [value for value in values if value]

    def hmac_secret_for(self, website_token: str) -> str | None:
        return {self.website_token: self.hmac_secret,
                self.mandatory_hmac_website_token: self.mandatory_hmac_secret}.get(website_token)

    def host_page_url(self, website_token: str | None = None) -> str | None:
        """The page that embeds the widget of this inbox, or None when the suite must serve one."""
        token = website_token or self.website_token
        if self.is_reference:
            return f"{self.host_url}?{urlencode({'website_token': token})}"
        if self.host_url and token == self.website_token:
            return self.host_url
        return None

    def generated_host_page_url(self, website_token: str | None = None) -> str:
        """Where the suite serves its own host page: an origin of the widget's site, not the widget's."""
        token = website_token or self.website_token
        return f"{same_site_origin(self.widget_url)}{GENERATED_HOST_PATH}?{urlencode({'website_token': token})}"

    @property
    def may_serve_generated_host_page(self) -> bool:
        """A live target: the suite serves its own host page for every inbox --host-url is not for."""
        return not self.is_reference


def same_site_origin(widget_url: str) -> str:
    """An origin other than the widget's but of the same site, so the widget iframe is cross-origin
    without being a third-party frame (Playwright contexts deny storage to third-party frames)."""
    parts = urlsplit(widget_url)
    host = parts.hostname or "localhost"
    try:
        ipaddress.ip_address(host)
        is_ip = True
    except ValueError:
        is_ip = False
    if is_ip or host == "localhost":
        port = parts.port or (443 if parts.scheme == "https" else 80)
        return f"{parts.scheme}://{host}:{port + 1 if port < 65535 else port - 1}"
    return f"{parts.scheme}://widget-e2e-host.{host}" + (f":{parts.port}" if parts.port else "")


def from_reference(info: dict[str, Any], profile: WidgetProfile, log_path: Path) -> Target:
    inboxes = info["inboxes"]
    secrets = info["hmac_secrets"]
    return Target(
        kind="reference",
        widget_url=info["widget_url"],
        host_url=info["host_url"],
        website_token=inboxes["hmac_optional"],
        profile=profile,
        hmac_secret=secrets[inboxes["hmac_optional"]],
        mandatory_hmac_website_token=inboxes["hmac_mandatory"],
        mandatory_hmac_secret=secrets[inboxes["hmac_mandatory"]],
        second_website_token=inboxes["second"],
        suspended_website_token=inboxes["suspended_account"],
        account_id=info["account_id"],
        api_access_token=info["api_access_token"],
        token_signing_secret=info["token_signing_secret"],
        reference_log=log_path,
        defects=tuple(info["defects"]),
    )


def from_settings(settings: Settings, profile: WidgetProfile) -> Target:
    """A live target, as configured."""
    return Target(
        kind="live",
        widget_url=settings.target_url.rstrip("/"),
        host_url=settings.host_url,
        website_token=settings.website_token or "",
        profile=profile,
        hmac_secret=settings.hmac_secret,
        mandatory_hmac_website_token=settings.mandatory_hmac_website_token,
        mandatory_hmac_secret=settings.mandatory_hmac_secret,
        second_website_token=settings.second_website_token,
        account_id=settings.account_id,
        api_access_token=settings.api_access_token,
    )
