"""What the tests of the reference share: the seeded inboxes, a fixed signing key, short ways to
read an answer's status and reason, and the widget page (GET /widget) as upstream's bootstrap."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from reference import seed
from testlib.api_client import ApiResponse
from testlib.profiles import token_in_widget_page
from testlib.reference_process import ReferenceProcess

SIGNING_KEY = "tests-reference-api-signing-key-0123456789"
OPTIONAL, MANDATORY, SECOND, SUSPENDED = (seed.OPTIONAL_HMAC, seed.MANDATORY_HMAC, seed.SECOND_INBOX,
                                          seed.SUSPENDED_INBOX)


def server_errors(reference: ReferenceProcess) -> list[str]:
    return [line for line in reference.log_path.read_text(errors="replace").splitlines() if "SERVER-ERROR" in line]


def stop_and_check(*references: ReferenceProcess) -> None:
    """Stop the references; fail if any of them answered a request with a 5xx."""
    for reference in references:
        reference.stop()
    errors = [line for reference in references for line in server_errors(reference)]
    if errors:
        pytest.fail("the reference answered with a 5xx:\n" + "\n".join(errors[:10]), pytrace=False)


def status_and_reason(response: ApiResponse) -> tuple[int, str | None]:
    return response.status, response.json.get("reason")


def start_reference(workdir: Path, profile: str = "documented", defects: str = "") -> ReferenceProcess:
    """A reference of the tests' own, with the fixed signing key."""
    return ReferenceProcess.start(workdir, workdir / "reference.log", profile=profile, defects=defects,
                                  secret_key=SIGNING_KEY)


@dataclass(frozen=True)
class WidgetPage:
    """GET /widget as the SDK's iframe loads it."""

    status: int
    html: str

    @property
    def token(self) -> str | None:
        return token_in_widget_page(self.html)

    def script_value(self, name: str) -> Any:
        """A `window.<name> = <json>;` the page sets."""
        match = re.search(rf"window\.{re.escape(name)} = (.*);\n", self.html)
        assert match, f"the widget page sets no window.{name}"
        return json.loads(match.group(1))


def load_widget_page(widget_url: str, website_token: str | None, cw_conversation: str | None = None) -> WidgetPage:
    params = {key: value for key, value in (("website_token", website_token),
                                            ("cw_conversation", cw_conversation)) if value is not None}
    response = httpx.get(f"{widget_url}/widget", params=params, timeout=10)
    return WidgetPage(response.status_code, response.text)
