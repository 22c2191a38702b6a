"""What a run leaves on a live target. Every contact the run's own calls were handed a token for is
tagged with the run id (custom attribute e2e_run) and its id recorded in the run directory,
whichever xdist worker made it. At the end the controller deletes exactly the recorded ids with the
account API, or, without one, says what it left behind. Nothing is ever searched for by email or
attribute, so a contact the run did not create is never touched."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from testlib.api_client import INBOX_TOKEN, AccountApiClient, IssuedToken, WidgetApiClient
from testlib.guarantees import CannotObserve
from testlib.run_directory import RunDirectory
from testlib.server_state import contact_id

RUN_ATTRIBUTE = "e2e_run"
CONTACTS = "contacts"


class ContactLedger:
    def __init__(self, run: RunDirectory):
        self.run = run

    @property
    def run_id(self) -> str:
        return self.run.run_id

    def record(self, widget_api: WidgetApiClient, issued: Iterable[IssuedToken]) -> None:
        """Tag and record the contact of every token handed out: its id from the answer, or from GET
        contact with the token (a token without an inbox of its own belongs to `widget_api`'s)."""
        for token in {item.token: item for item in issued}.values():
            try:
                found = token.contact_id if token.contact_id is not None else contact_id(widget_api, token.token)
            except CannotObserve:
                continue  # its contact is gone already (a test deleted it): nothing to tag or delete
            widget_api.request("PATCH", "contact", token=token.token, json_body={"custom_attributes": {
                RUN_ATTRIBUTE: self.run_id}}, website_token=token.website_token or INBOX_TOKEN)
            self.run.append(CONTACTS, {"id": found})

    def contact_ids(self) -> list[int]:
        return sorted({record["id"] for record in self.run.records(CONTACTS)})


@dataclass
class Cleanup:
    """What deleting the run's contacts did."""

    deleted: list[int] = field(default_factory=list)
    already_gone: list[int] = field(default_factory=list)  # a test deleted it, or a merge did
    refused: dict[int, int] = field(default_factory=dict)  # contact id -> HTTP status

    def summary(self) -> str:
        line = f"deleted the {len(self.deleted)} contact(s) this run created"
        if self.already_gone:
            line += f" ({len(self.already_gone)} more were already gone)"
        if self.refused:
            shown = ", ".join(f"{contact} (HTTP {status})" for contact, status in list(self.refused.items())[:20])
            line += f"; could not delete {len(self.refused)}: {shown}"
        return line


def delete_contacts(account_api: AccountApiClient, contact_ids: Iterable[int]) -> Cleanup:
    cleanup = Cleanup()
    for contact in contact_ids:
        status = account_api.delete_contact(contact).status
        if 200 <= status < 300:
            cleanup.deleted.append(contact)
        elif status == 404:
            cleanup.already_gone.append(contact)
        else:
            cleanup.refused[contact] = status
    return cleanup


def left_behind(contact_ids: list[int], run_id: str, where: str) -> str:
    shown = ", ".join(str(contact) for contact in contact_ids[:20]) + (", ..." if len(contact_ids) > 20 else "")
    return (f"left behind the {len(contact_ids)} contact(s) this run created on {where}"
            + (f" (ids {shown}; custom attribute {RUN_ATTRIBUTE}={run_id}, emails e2e+{run_id}-...@example.com)"
               if contact_ids else "")
            + "; pass --account-id and --api-access-token to have a run delete its own contacts")
