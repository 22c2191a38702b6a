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

# What a stock website inbox shows (app/models/channel/web_widget.rb defaults, with the pre-chat
# fields switched on and the placeholders the dashboard's pre-chat settings write). The message
# field is not configurable: the widget always adds it, labelled "Message".
WELCOME_TITLE = "Hi there !"
WELCOME_TAGLINE = "We make it simple to connect with us. Ask us anything, or share your feedback."
PRE_CHAT_MESSAGE = "Share your queries or comments here."
STOCK_PRE_CHAT_FIELDS = (
    {"field_type": "standard", "label": "Email Id", "name": "emailAddress", "type": "email",
     "required": True, "enabled": True, "placeholder": "Please enter your email address"},
    {"field_type": "standard", "label": "Full name", "name": "fullName", "type": "text",
     "required": False, "enabled": True, "placeholder": "Please enter your full name"},
    {"field_type": "standard", "label": "Phone number", "name": "phoneNumber", "type": "text",
     "required": False, "enabled": True, "placeholder": "Please enter your phone number"},
)
# feature_flags default 7: attachments, emoji_picker, end_conversation
ENABLED_FEATURES = ("attachments", "emoji_picker", "end_conversation")
