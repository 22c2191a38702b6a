"""Live-target hygiene, against the reference started as a live target (given only by URL, tokens
and secrets): a run deletes exactly the contacts it created, with failing tests and a run stopped
early too, and touches no other contact; without an account API token it says what it left
behind, every one of those contacts tagged with the run id and on an example.com address."""
import json
import re
import sqlite3
from pathlib import Path

import pytest

from detection.runner import run_pytest
from testlib.api_client import WidgetApiClient
from testlib.contact_ledger import RUN_ATTRIBUTE
from testlib.reference_process import ReferenceProcess

# a few tests of each kind: browser (smoke, contact), httpx (the contract's contact rows)
SELECTION = ["e2e/test_smoke.py", "e2e/test_contact.py", "e2e/api/test_contract.py"]


def contacts_in(db: Path) -> dict[int, dict]:
    """Every contact the target stores: id -> its email and custom attributes (read from its database)."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT id, email, custom_attributes, updated_at FROM contacts").fetchall()
    return {row[0]: {"email": row[1], "custom_attributes": json.loads(row[2]), "updated_at": row[3]} for row in rows}


def live_target_args(info: dict, with_account_api: bool) -> list[str]:
    inboxes, secrets = info["inboxes"], info["hmac_secrets"]
    args = ["--target-url", info["widget_url"], "--website-token", inboxes["hmac_optional"],
            "--hmac-secret", secrets[inboxes["hmac_optional"]], "--second-website-token", inboxes["second"]]
    if with_account_api:
        args += ["--account-id", str(info["account_id"]), "--api-access-token", info["api_access_token"]]
    return args


def someone_elses_contacts(info: dict) -> None:
    """Contacts made before the run by another client of the same inbox (one identified, with an email)."""
    with WidgetApiClient(info["widget_url"], info["inboxes"]["hmac_optional"]) as api:
        api.new_visitor()
        colleague = api.new_visitor()
        api.update(colleague.token, name="A colleague", email="colleague@example.com",
                   custom_attributes={RUN_ATTRIBUTE: "not-this-run"})


@pytest.mark.parametrize("profile, stop_early", [("documented", False), ("upstream", True)],
                         ids=["documented", "upstream-defect-and-maxfail"])
def test_a_run_deletes_exactly_the_contacts_it_created(tmp_path, profile, stop_early):
    workdir = tmp_path / "reference"
    # upstream: a defect makes tests fail, and --maxfail stops the run at its first failure
    defects = "custom-attributes-replace" if stop_early else ""
    with ReferenceProcess.start(workdir, workdir / "reference.log", profile=profile, defects=defects) as reference:
        someone_elses_contacts(reference.info)
        before = contacts_in(workdir / "reference.sqlite3")
        result = run_pytest([*SELECTION, "-n", "2", "--widget-profile", profile,
                             *(["--maxfail", "1"] if stop_early else []),
                             *live_target_args(reference.info, with_account_api=True)], tmp_path / "reports")
        after = contacts_in(workdir / "reference.sqlite3")
    output = result.stdout + result.stderr
    deleted = re.search(r"widget-e2e: deleted the (\d+) contact\(s\) this run created", output)
    assert deleted and int(deleted.group(1)) > 0, f"the run reported no cleanup:\n{output[-3000:]}"
    # stopped by --maxfail under xdist, pytest reports the run as interrupted (exit 2)
    assert result.returncode == (pytest.ExitCode.INTERRUPTED if stop_early else 0), output[-3000:]
    assert after == before, (f"left behind {sorted(set(after) - set(before))}, "
                             f"touched {sorted(i for i in before if after.get(i) != before[i])}")


def test_without_an_account_api_token_a_run_says_what_it_left_behind_all_tagged(tmp_path):
    workdir = tmp_path / "reference"
    with ReferenceProcess.start(workdir, workdir / "reference.log") as reference:
        someone_elses_contacts(reference.info)
        before = contacts_in(workdir / "reference.sqlite3")
        result = run_pytest([*SELECTION, "-n", "0", *live_target_args(reference.info, with_account_api=False)],
                            tmp_path / "reports")
        after = contacts_in(workdir / "reference.sqlite3")
    output = result.stdout + result.stderr
    said = re.search(rf"left behind the (\d+) contact\(s\) this run created .*{RUN_ATTRIBUTE}=(\w+)", output)
    assert result.returncode == 0 and said, output[-3000:]
    left = {contact: after[contact] for contact in set(after) - set(before)}
    assert int(said.group(1)) == len(left) > 0
    assert all(after[contact] == before[contact] for contact in before), "a contact from before the run changed"
    run_id = said.group(2)
    untagged = [contact for contact, stored in left.items() if stored["custom_attributes"].get(RUN_ATTRIBUTE) != run_id]
    assert not untagged, f"contacts of the run without {RUN_ATTRIBUTE}={run_id}: {untagged}"
    emails = [stored["email"] for stored in left.values() if stored["email"]]
    assert emails and all(re.fullmatch(rf"e2e\+{run_id}-\w+@example\.com", email) for email in emails), emails
