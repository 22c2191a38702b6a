"""Deterministic seed data, so tests and people can address the inboxes by token."""
from dataclasses import dataclass


@dataclass(frozen=True)
class SeedAccount:
    id: int
    name: str
    status: str
    api_access_token: str


@dataclass(frozen=True)
class SeedInbox:
    id: int
    account_id: int
    name: str
    website_token: str
    hmac_token: str
    hmac_mandatory: bool
    pre_chat_form_enabled: bool = True


ACME = SeedAccount(1, "Acme", "active", "refAdminAccessTokenAcme01")
SUSPENDED = SeedAccount(2, "Suspended Co", "suspended", "refAdminAccessTokenSusp01")

OPTIONAL_HMAC = SeedInbox(1, ACME.id, "Website (HMAC optional)", "refWidgetOptionalHmac001", "refHmacSecretOptional0001", False)
MANDATORY_HMAC = SeedInbox(2, ACME.id, "Website (HMAC mandatory)", "refWidgetMandatoryHmac01", "refHmacSecretMandatory001", True)
SECOND_INBOX = SeedInbox(3, ACME.id, "Second website", "refWidgetSecondInbox0001", "refHmacSecretSecond00001", False)
SUSPENDED_INBOX = SeedInbox(4, SUSPENDED.id, "Suspended website", "refWidgetSuspended000001", "refHmacSecretSuspended01", False)

ACCOUNTS = (ACME, SUSPENDED)
INBOXES = (OPTIONAL_HMAC, MANDATORY_HMAC, SECOND_INBOX, SUSPENDED_INBOX)
