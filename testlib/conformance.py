"""--widget-profile auto: which profile a live deployment follows, and where it departs from the
documentation. The browser part of the probe is pages.widget_probe; this module probes the
server-side points over HTTP, picks the closest profile and writes the conformance table: for
every profile point, what the documentation says, what the picked profile expects, and what this
deployment does."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from testlib import profiles
from testlib.api_client import WidgetApiClient
from testlib.hmac_signer import HmacSigner
from testlib.profiles import WidgetProfile

# Points that are an inbox's configuration rather than the widget's behaviour: the run adopts
# what the deployment shows instead of holding it to a profile.
CONFIGURATION_POINTS = ("prechat_labels",)
NOT_PROBED = "(not probed)"


def probe_server_points(widget_api: WidgetApiClient, token: str | None, hmac_secret: str | None) -> dict[str, str]:
    """server_state (does GET contact show the stored contact?) and set_user_token (does set_user of
    an anonymous visitor answer a new token?), with the probe visitor's token."""
    observed: dict[str, str] = {}
    if not token:
        return observed
    shown = widget_api.show(token)
    if shown.ok:
        observed["server_state"] = profiles.WIDGET_CONTACT if "email" in shown.json else profiles.ACCOUNT_API
    if hmac_secret:
        identifier = f"widget-e2e-probe-{uuid.uuid4().hex[:10]}"
        answer = widget_api.set_user(token, identifier, HmacSigner(hmac_secret).identifier_hash(identifier))
        if answer.ok:
            observed["set_user_token"] = (profiles.ALWAYS if answer.json.get("widget_auth_token")
                                          else profiles.IDENTITY_SWITCH)
    return observed


@dataclass(frozen=True)
class Conformance:
    observed: dict[str, str]
    picked: str
    adopted: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, observed: dict[str, str]) -> "Conformance":
        behaviour = {name: value for name, value in observed.items() if name not in CONFIGURATION_POINTS}
        picked = profiles.closest(behaviour).name
        adopted = {name: observed[name] for name in CONFIGURATION_POINTS if name in observed}
        return cls(observed=observed, picked=picked, adopted=adopted)

    def to_json(self) -> dict[str, Any]:
        return {"observed": self.observed, "picked": self.picked, "adopted": self.adopted}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Conformance":
        return cls(observed=data["observed"], picked=data["picked"], adopted=data["adopted"])

    def departures(self, expected: WidgetProfile = profiles.DOCUMENTED) -> list[str]:
        return [name for name, value in self.observed.items() if expected.value(name) != value]

    def table(self, run_with: WidgetProfile) -> str:
        """Markdown: point | the documentation says | the run expects | this deployment does."""
        documented = profiles.DOCUMENTED
        lines = [f"Widget profile conformance: this deployment is closest to **{self.picked}**; the run expects "
                 f"{run_with.title}.", "",
                 f"| point | documentation ({documented.name}) | run expects ({run_with.name}) | this deployment | |",
                 "|---|---|---|---|---|"]
        for point in profiles.POINTS:
            seen = self.observed.get(point.name, NOT_PROBED)
            mark = "" if seen in (NOT_PROBED, documented.value(point.name)) else "departs from the docs"
            lines.append(f"| {point.name} | {documented.value(point.name)} | {run_with.value(point.name)} | "
                         f"{seen} | {mark} |")
        return "\n".join(lines) + "\n"
