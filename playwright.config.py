"""widget-e2e settings: the one place for them.

Every name below can be overridden by an environment variable WIDGET_E2E_<NAME> or by a pytest
flag --<name-with-dashes> (flag > environment > this file). `pytest --help` lists the flags.
Secrets (HMAC secrets, access tokens) belong in the environment or on the command line of a CI
job, not in this file; they are redacted from reports and logs either way.
"""

# -- Target ---------------------------------------------------------------------------------
# Empty TARGET_URL: start the embedded reference widget on free loopback ports.
# Set it to a Chatwoot base URL (the one whose /packs/js/sdk.js the site loads) to test a live
# deployment with the very same tests.
TARGET_URL = None
# A page that embeds the widget. Empty: the reference's host page, or, for a live target, a page
# the suite serves itself (by request routing) on a same-site origin with the standard snippet.
HOST_URL = None
WEBSITE_TOKEN = None  # inbox under test (HMAC optional); the reference's seed when empty
HMAC_SECRET = None  # that inbox's identity validation token; required for a live target
MANDATORY_HMAC_WEBSITE_TOKEN = None  # an inbox with HMAC mandatory (optional for live targets)
MANDATORY_HMAC_SECRET = None
SECOND_WEBSITE_TOKEN = None  # another inbox of the same account, for cross-inbox token checks
ACCOUNT_ID = None  # account API, used to look at and delete test contacts (optional for live)
API_ACCESS_TOKEN = None

# -- Widget profile -------------------------------------------------------------------------
# How the widget under test behaves where real widgets differ (testlib/profiles.py):
#   "documented": the fork's documentation (../shared/contract.md); the reference's default
#   "upstream":   what Chatwoot ships (token in the /widget page and a cw_conversation cookie,
#                 Home view, End Conversation + $chatwoot.reset())
#   "fork":       the fork as deployed (upstream's widget with the fork's soft exit on top)
#   "auto":       probe a live target, pick the closest profile and print a conformance table
WIDGET_PROFILE = "documented"
# Single points of the profile, for a deployment that departs from it on one point (None: the
# profile's value). E.g. PRECHAT_LABELS = "name=Your name,email=Work email".
BOOTSTRAP = None  # post_config | widget_page
TOKEN_STORAGE = None  # iframe_session_storage | host_cookie
TOKEN_KEY = None  # cw_auth_token (sessionStorage) / cw_conversation (cookie)
PRECHAT_ENTRY = None  # direct | home_view
PRECHAT_DETAILS = None  # contact_update | conversation_create
PRECHAT_FOR_KNOWN_VISITOR = None  # skipped | message_only
FORGET_VISITOR = None  # soft_exit | end_conversation_and_reset
SERVER_STATE = None  # widget_contact | account_api
SET_USER_TOKEN = None  # always | identity_switch
WEBSITE_TOKEN_SOURCE = None  # captured_at_load | url_at_call_time
PRECHAT_LABELS = None
COMPOSER_PLACEHOLDER = None
PHONE_CLOSE = None  # widget_close_button | none (what closes the full-screen chat on a phone)
SET_USER_ERROR_EVENT = None  # chatwoot_error | none (what the host page is told when setUser is refused)
SECOND_LOCALE = None  # a language besides English the inbox allows, e.g. "de" (the reference's)
# the widget's texts in it, e.g. "start_conversation=Unterhaltung beginnen,composer_placeholder=...,message=..."
SECOND_LOCALE_TEXTS = None
CONVERSATION_ON_LOAD = None  # resumed | not_read (a reloaded widget shows the open conversation or not)
LIVE_UPDATES = None  # action_cable | none (the open widget hears of agents' replies and status changes on /cable)

# -- Reference widget (only when TARGET_URL is empty) ---------------------------------------
REFERENCE_DEFECTS = ""  # comma-separated defect switches, e.g. "token-kept-on-exit"
# Your own build of the widget and SDK (a directory holding packs/js/sdk.js and
# vite/.vite/manifest.json, as your release's front-end build writes them), served in front of the
# reference's API in the upstream or fork profile instead of the reference's own SDK and iframe app.
WIDGET_BUILD = None
REFERENCE_SCOPE = "shared"  # "shared": one reference for all xdist workers; "worker": one each
REFERENCE_STARTUP_TIMEOUT_S = 20

# -- Browser --------------------------------------------------------------------------------
# Playwright's own options (--browser, --headed, --slowmo, --tracing, --video, --screenshot,
# --output) and pytest's --junitxml are pytest-playwright's and pytest's flags; their project
# defaults are in pyproject.toml, [tool.pytest.ini_options] addopts.
# Empty: Playwright's own Chromium if installed, else a system Chromium, else install one.
BROWSER_PATH = None
BROWSER_ARGS = (
    "--no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
    "--disable-sync --no-first-run"
)
# A running Playwright browser server (a grid, `playwright run-server`, BrowserType.launch_server):
# ws://host:port/path. Set, the suite connects to it instead of launching a browser, and sends it
# no local executable path.
BROWSER_WS_ENDPOINT = None

# -- Timeouts (milliseconds) ----------------------------------------------------------------
ACTION_TIMEOUT_MS = 10_000  # clicks, fills, waits for a request or a response
EXPECT_TIMEOUT_MS = 10_000  # auto-waiting expect(...) assertions
NAVIGATION_TIMEOUT_MS = 20_000  # page loads, including the widget's chatwoot:ready
# (the whole-test limit is pytest-timeout's --timeout, in addopts)

# -- Reports --------------------------------------------------------------------------------
# junit.xml (unless --junitxml is given), reference.log, conformance.md, detection.md/json.
# Traces, videos and screenshots of failed tests go to pytest-playwright's --output.
REPORTS_DIR = "reports"

# -- Devices of a nightly matrix ------------------------------------------------------------
# Playwright device descriptors, one nightly job each (pytest-playwright's --device "<name>"; see
# docs/ci/nightly-devices.yml). A run without --device still checks the phone layout: the phone
# tests open their own context as the first phone of this list.
NIGHTLY_DEVICES = ["Desktop Chrome", "iPhone 13"]
