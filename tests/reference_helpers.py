"""What the tests of the reference share: the seeded inboxes, a fixed signing key, and short ways
to read an answer's status and reason."""
from __future__ import annotations

from reference import seed
from testlib.api_client import ApiResponse
from testlib.reference_process import ReferenceProcess

SIGNING_KEY = "tests-reference-api-signing-key-0123456789"
OPTIONAL, MANDATORY, SECOND, SUSPENDED = (seed.OPTIONAL_HMAC, seed.MANDATORY_HMAC, seed.SECOND_INBOX,
                                          seed.SUSPENDED_INBOX)


def server_errors(reference: ReferenceProcess) -> list[str]:
    return [line for line in reference.log_path.read_text(errors="replace").splitlines() if "SERVER-ERROR" in line]


def status_and_reason(response: ApiResponse) -> tuple[int, str | None]:
    return response.status, response.json.get("reason")
