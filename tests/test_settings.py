"""Settings come from playwright.config.py, then WIDGET_E2E_* variables, then flags; the widget
profile and its single points resolve the same way."""
from types import SimpleNamespace

import pytest

from fixtures import settings as settings_plugin
from testlib import profiles
from testlib import settings as settings_lib


class StubConfig:
    """Just enough of pytest.Config for the settings plugin: flags given and their values."""

    def __init__(self, args: list[str], flags: dict[str, object] | None = None):
        self.invocation_params = SimpleNamespace(args=args)
        self._flags = flags or {}
        self.option = SimpleNamespace(xmlpath=None)

    def getoption(self, name: str):
        return self._flags.get(name)


@pytest.fixture(autouse=True)
def no_widget_e2e_environment(monkeypatch):
    for option in settings_lib.OPTIONS:
        monkeypatch.delenv(option.env, raising=False)
    monkeypatch.delenv("PYTEST_ADDOPTS", raising=False)


def test_the_config_file_gives_the_defaults():
    settings = settings_plugin.load(StubConfig([]))
    file_values = settings_lib.config_file_values()
    assert settings.expect_timeout_ms == file_values["expect_timeout_ms"] == 10_000
    assert settings.target_url is None and settings.uses_reference
    assert settings.profile() == profiles.PROFILES["documented"]


def test_the_environment_overrides_the_file_and_a_flag_overrides_the_environment(monkeypatch):
    monkeypatch.setenv("WIDGET_E2E_TARGET_URL", "https://env.example.com")
    monkeypatch.setenv("WIDGET_E2E_EXPECT_TIMEOUT_MS", "1234")
    from_env = settings_plugin.load(StubConfig([]))
    assert from_env.target_url == "https://env.example.com" and from_env.expect_timeout_ms == 1234

    flagged = settings_plugin.load(StubConfig([], {"widget_e2e_target_url": "https://flag.example.com"}))
    assert flagged.target_url == "https://flag.example.com"


def test_junit_goes_to_the_reports_dir_unless_junitxml_is_given():
    config = StubConfig([])
    settings = settings_plugin.load(config)
    settings_plugin.default_junit_path(config, settings)
    assert config.option.xmlpath == str(settings.reports_path / "junit.xml")
    config.option.xmlpath = "elsewhere.xml"
    settings_plugin.default_junit_path(config, settings)
    assert config.option.xmlpath == "elsewhere.xml"


def test_a_bad_value_is_a_usage_error_naming_the_setting(monkeypatch):
    monkeypatch.setenv("WIDGET_E2E_EXPECT_TIMEOUT_MS", "soon")
    with pytest.raises(pytest.UsageError, match="expect_timeout_ms .*WIDGET_E2E_EXPECT_TIMEOUT_MS"):
        settings_plugin.load(StubConfig([]))


def test_secrets_are_redacted_from_the_settings_repr(monkeypatch):
    monkeypatch.setenv("WIDGET_E2E_HMAC_SECRET", "super-secret-hmac-value")
    settings = settings_plugin.load(StubConfig([]))
    assert "super-secret-hmac-value" not in repr(settings)
    assert settings.secrets() == ["super-secret-hmac-value"]


def test_a_profile_point_overrides_the_profile_on_that_point_only(monkeypatch):
    monkeypatch.setenv("WIDGET_E2E_WIDGET_PROFILE", "upstream")
    monkeypatch.setenv("WIDGET_E2E_PRECHAT_LABELS", "name=Your name")
    profile = settings_plugin.load(StubConfig([])).profile()
    upstream = profiles.PROFILES["upstream"]
    assert profile.prechat_labels == profiles.PrechatLabels("Your name", upstream.prechat_labels.email,
                                                            upstream.prechat_labels.phone, "Message")
    assert profile.overridden == ("prechat_labels",) and "overridden: prechat_labels" in profile.title
    assert [name for name in profiles.POINT_NAMES if profile.value(name) != upstream.value(name)] == ["prechat_labels"]


def test_a_live_targets_second_language_and_its_texts_are_settings(monkeypatch):
    monkeypatch.setenv("WIDGET_E2E_WIDGET_PROFILE", "upstream")
    monkeypatch.setenv("WIDGET_E2E_SECOND_LOCALE", "fr")
    monkeypatch.setenv("WIDGET_E2E_SECOND_LOCALE_TEXTS", "start_conversation=Démarrer,message=Votre message")
    profile = settings_plugin.load(StubConfig([])).profile()
    french = profile.texts("fr")
    assert (french.start_conversation, french.prechat_labels.message) == ("Démarrer", "Votre message")
    # what the setting does not name stays the profile's: the inbox's own name label, the composer
    upstream = profiles.PROFILES["upstream"].second_locale_texts
    assert (french.prechat_labels.name, french.composer_placeholder) \
        == (upstream.prechat_labels.name, upstream.composer_placeholder)
    assert profile.texts("en").start_conversation == "Start Conversation"
    with pytest.raises(ValueError, match="knows the widget's texts in en and fr"):
        profile.texts("de")


def test_a_real_widget_build_speaks_chatwoots_own_german_and_the_setting_still_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("WIDGET_E2E_WIDGET_PROFILE", "upstream")
    monkeypatch.setenv("WIDGET_E2E_WIDGET_BUILD", str(tmp_path))
    german = settings_plugin.load(StubConfig([])).profile().texts("de")
    assert (german.start_conversation, german.composer_placeholder, german.prechat_labels.message) \
        == ("Unterhaltung beginnen", "Schreiben Sie Ihre Nachricht", "Nachricht")
    assert german.prechat_labels.name == profiles.PROFILES["upstream"].prechat_labels.name, "the inbox's own label"
    monkeypatch.setenv("WIDGET_E2E_SECOND_LOCALE_TEXTS", "start_conversation=Los geht's")
    german = settings_plugin.load(StubConfig([])).profile().texts("de")
    assert (german.start_conversation, german.end_conversation) == ("Los geht's", "Konversation beenden")
    monkeypatch.delenv("WIDGET_E2E_WIDGET_BUILD")
    monkeypatch.delenv("WIDGET_E2E_SECOND_LOCALE_TEXTS")
    reference = settings_plugin.load(StubConfig([])).profile()
    assert reference.texts("de") == profiles.PROFILES["upstream"].second_locale_texts, "the reference's own German"
    assert reference.texts("de").start_conversation != "Unterhaltung beginnen"


def test_a_point_value_outside_its_choices_is_a_usage_error(monkeypatch):
    monkeypatch.setenv("WIDGET_E2E_TOKEN_STORAGE", "localStorage")
    with pytest.raises(pytest.UsageError, match="token_storage .*WIDGET_E2E_TOKEN_STORAGE.* must be one of"):
        settings_plugin.load(StubConfig([]))


def test_auto_is_only_for_a_live_target(monkeypatch):
    monkeypatch.setenv("WIDGET_E2E_WIDGET_PROFILE", "auto")
    with pytest.raises(pytest.UsageError, match="auto probes a live target"):
        settings_plugin.load(StubConfig([]))


def test_changing_where_the_token_lives_changes_its_default_key(monkeypatch):
    monkeypatch.setenv("WIDGET_E2E_TOKEN_STORAGE", "host_cookie")
    profile = settings_plugin.load(StubConfig([])).profile()
    assert (profile.token_storage, profile.token_key) == ("host_cookie", "cw_conversation")
    monkeypatch.setenv("WIDGET_E2E_TOKEN_KEY", "my_cookie")
    assert settings_plugin.load(StubConfig([])).profile().token_key == "my_cookie"


def test_the_error_upstreams_reset_raises_is_by_design_only_where_the_profile_says_so():
    upstream, fork, documented = (profiles.PROFILES[name] for name in ("upstream", "fork", "documented"))
    kind, why = upstream.errors_by_design("identified_visitor_leaves")
    assert kind == "chatwoot:error" and "point user_after_reset=replayed_bare" in why
    assert fork.errors_by_design("reset_after_set_user")[0] == "chatwoot:error", "the fork deploys upstream's SDK"
    assert fork.errors_by_design("identified_visitor_leaves") is None, "the fork's visitor leaves by its soft exit"
    assert documented.errors_by_design("reset_after_set_user") is None
    assert upstream.with_overrides({"user_after_reset": "forgotten"}).errors_by_design("reset_after_set_user") is None
