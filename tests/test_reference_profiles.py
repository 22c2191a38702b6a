"""The reference's profiles: what each one serves (the SDK, the widget page and its app), that the
fork's server is upstream's, and where each defect switch has a form (reference/defects.py),
including the server-side forms of the upstream profile, over HTTP."""
from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest

from reference import defects
from reference.profiles import PROFILE_NAMES
from testlib.api_client import WidgetApiClient
from testlib.settings import PROJECT_ROOT
from tests.reference_helpers import OPTIONAL, SECOND, load_widget_page, start_reference, stop_and_check

ALL = set(PROFILE_NAMES)
# Where each defect has a form: the defect catalog per profile, written out once more on purpose.
EXPECTED_PROFILES = {
    "cable-wrong-room": {"upstream", "fork"},
    "cable-token-survives-exit": {"upstream", "fork"},
    "conversation-lost-on-reload": {"documented", "upstream"},
    "website-token-from-location": {"documented", "fork"},
    "token-kept-on-exit": {"documented", "fork"},
    "header-kept-on-exit": {"documented"},
    "website-token-reread": {"documented", "fork"},
    **{name: ALL for name in (
        "token-in-localstorage", "token-not-sent", "set-user-token-dropped", "custom-attributes-replace",
        "delete-attribute-noop", "hmac-not-enforced", "prechat-drops-field", "prechat-not-reset-on-exit",
        "stale-token-not-recovered", "foreign-token-accepted", "same-token-two-visitors", "exit-skips-resolve",
        "user-replayed-after-exit", "reset-keeps-session", "set-user-error-swallowed", "update-drops-unicode",
        "token-lost-on-reload", "exit-leaves-chat-open", "hmac-compare-loose", "returning-visitor-refused",
        "returning-visitor-sees-contact", "identity-switch-renames", "resolve-without-conversation-500",
        "exit-posts-twice", "leak-under-other-key", "settings-ignored", "has-loaded-early",
        "phone-layout-missing", "error-event-on-open", "widget-throws-on-open",
        "identify-merge-ignores-identifier", "locale-ignored")},
}


def run_reference_cli(*args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "REFERENCE_DEFECTS"}
    return subprocess.run([sys.executable, "-m", "reference", *args], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=30, env=env)


# -- defect applicability --------------------------------------------------------------------------------

def test_every_defect_declares_the_profiles_it_has_a_form_in():
    assert {name: set(defect.profiles) for name, defect in defects.CATALOG.items()} == EXPECTED_PROFILES
    for name, defect in defects.CATALOG.items():
        # the detection check runs every defect on documented, unless the documented contract lacks what
        # it breaks (it has no websocket: no live updates)
        assert "documented" in defect.profiles or name.startswith("cable-"), \
            f"{name}: the detection check runs every defect on documented"
        assert set(defect.forms) <= set(defect.profiles), f"{name} describes a form in a profile it lacks"
        for profile in PROFILE_NAMES:
            assert defects.applies(name, profile) == (profile in defect.profiles)
            if defects.applies(name, profile):
                assert defects.form(name, profile), f"{name} says nothing of its {profile} form"


def test_list_defects_shows_the_profiles_of_each_switch():
    result = run_reference_cli("--list-defects")
    assert result.returncode == 0, result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    assert list(lines) == list(defects.CATALOG)
    assert lines["header-kept-on-exit"].endswith("(profiles: documented)")
    assert lines["token-kept-on-exit"].endswith("(profiles: documented, fork)")
    assert lines["token-not-sent"].endswith("(profiles: documented, fork, upstream)")


@pytest.mark.parametrize("profile, defect", [("upstream", "header-kept-on-exit"), ("upstream", "token-kept-on-exit"),
                                             ("upstream", "website-token-from-location"),
                                             ("fork", "header-kept-on-exit")])
def test_a_defect_without_a_form_in_the_profile_exits_2_with_one_sentence(tmp_path, profile, defect):
    result = run_reference_cli("--profile", profile, "--defect", defect, "--db", str(tmp_path / "x.sqlite3"),
                               "--port", "0", "--host-page-port", "0")
    assert result.returncode == 2, result.stdout + result.stderr
    message = result.stderr.strip()
    assert message.startswith(f"error: the {profile} profile has no form of defect(s) {defect}")
    assert len(message.splitlines()) == 1 and "exists in documented" in message
    assert not (tmp_path / "x.sqlite3").exists(), "nothing was started"


def test_the_environment_variable_is_checked_against_the_profile_too(tmp_path):
    env = {**os.environ, "REFERENCE_DEFECTS": "header-kept-on-exit"}
    result = subprocess.run([sys.executable, "-m", "reference", "--profile", "fork", "--db", str(tmp_path / "x.db"),
                             "--port", "0", "--host-page-port", "0"], cwd=PROJECT_ROOT, capture_output=True,
                            text=True, timeout=30, env=env)
    assert result.returncode == 2 and "fork profile has no form" in result.stderr


# -- what each profile serves -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def references(tmp_path_factory: pytest.TempPathFactory):
    running = {profile: start_reference(tmp_path_factory.mktemp(profile), profile=profile)
               for profile in PROFILE_NAMES}
    yield running
    stop_and_check(*running.values())


def test_each_profile_reports_itself(references):
    for profile, reference in references.items():
        assert reference.info["profile"] == profile
        assert httpx.get(f"{reference.info['widget_url']}/api").json()["profile"] == profile


def test_upstream_and_fork_serve_upstreams_sdk_and_documented_keeps_its_own(references):
    sdks = {profile: httpx.get(f"{reference.info['widget_url']}/packs/js/sdk.js").text
            for profile, reference in references.items()}
    assert sdks["upstream"] == sdks["fork"]
    assert "Open chat window" in sdks["upstream"] and "cw_conversation" in sdks["upstream"]
    assert "cw_conversation" not in sdks["documented"], "the documented SDK keeps no token cookie"


def test_the_widget_page_boots_the_profiles_app(references):
    documented = load_widget_page(references["documented"].info["widget_url"], OPTIONAL.website_token)
    assert documented.status == 200 and documented.token is None and "/packs/js/widget.js" in documented.html
    apps = {}
    for profile in ("upstream", "fork"):
        widget_url = references[profile].info["widget_url"]
        page = load_widget_page(widget_url, OPTIONAL.website_token)
        assert page.status == 200 and page.token and 'src="/packs/js/app-main.js"' in page.html
        apps[profile] = page.script_value("chatwootReference")["app"]
        apps[profile]["composer_placeholder"] = page.script_value("chatwootReference")["locales"]["en"][
            "composerPlaceholder"]
        main = httpx.get(f"{widget_url}/packs/js/app-main.js")
        assert main.status_code == 200 and main.headers["content-type"].startswith("application/javascript")
    assert (apps["upstream"]["composer_placeholder"], apps["fork"]["composer_placeholder"]) \
        == ("Type your message", "chat with us")
    assert (apps["upstream"]["leave_control"], apps["fork"]["leave_control"]) == ("end_conversation", "soft_exit")
    assert not apps["upstream"]["website_token_captured_at_load"] and apps["fork"]["website_token_captured_at_load"]
    assert apps["upstream"]["reads_session_on_load"] and not apps["fork"]["reads_session_on_load"]


def test_the_forks_server_answers_as_upstreams(references):
    for profile in ("upstream", "fork"):
        widget_url = references[profile].info["widget_url"]
        token = load_widget_page(widget_url, OPTIONAL.website_token).token
        with WidgetApiClient(widget_url, OPTIONAL.website_token) as api:
            assert set(api.show(token).json) == {"id", "has_email", "has_name", "has_phone_number", "identifier"}
            assert "widget_auth_token" not in api.set_user(token, f"tests-{profile}-same").json
            assert set(api.request("GET", "messages", token).json) == {"payload", "meta"}


def test_the_documented_profile_keeps_its_answers(references):
    with WidgetApiClient(references["documented"].info["widget_url"], OPTIONAL.website_token) as api:
        session = api.new_visitor()
        assert {"name", "email", "custom_attributes"} <= set(api.show(session.token).json)
        assert api.set_user(session.token, "tests-documented-always").json["widget_auth_token"]
        assert api.request("GET", "messages", session.token).body == []


# -- server-side defect forms of the upstream profile ---------------------------------------------------

def test_stale_token_not_recovered_hands_a_dead_token_out_again(tmp_path):
    with start_reference(tmp_path, profile="upstream", defects="stale-token-not-recovered") as reference:
        widget_url = reference.info["widget_url"]
        with WidgetApiClient(widget_url, OPTIONAL.website_token) as api:
            dead = load_widget_page(widget_url, OPTIONAL.website_token).token
            contact_id = api.show(dead).json["id"]
            httpx.delete(f"{widget_url}/api/v1/accounts/{reference.info['account_id']}/contacts/{contact_id}",
                         headers={"api_access_token": reference.info["api_access_token"]})
            assert load_widget_page(widget_url, OPTIONAL.website_token, cw_conversation=dead).token == dead
            assert api.show(dead).status == 404


def test_same_token_two_visitors_gives_two_first_visits_one_contact(tmp_path):
    with start_reference(tmp_path, profile="upstream", defects="same-token-two-visitors") as reference:
        widget_url = reference.info["widget_url"]
        with WidgetApiClient(widget_url, OPTIONAL.website_token) as api:
            first = load_widget_page(widget_url, OPTIONAL.website_token).token
            second = load_widget_page(widget_url, OPTIONAL.website_token).token
            assert api.show(first).json["id"] == api.show(second).json["id"]


def test_foreign_token_accepted_reaches_another_inboxs_contact(tmp_path):
    with start_reference(tmp_path, profile="upstream", defects="foreign-token-accepted") as reference:
        widget_url = reference.info["widget_url"]
        foreign = load_widget_page(widget_url, SECOND.website_token).token
        with WidgetApiClient(widget_url, OPTIONAL.website_token) as api:
            assert api.show(foreign).status == 200
