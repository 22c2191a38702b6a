"""Settings come from playwright.config.py, then WIDGET_E2E_* variables, then flags."""
from types import SimpleNamespace

import pytest

from fixtures import settings as settings_module


class StubConfig:
    """Just enough of pytest.Config for settings.load(): flags given and their values."""

    def __init__(self, args: list[str], flags: dict[str, object] | None = None):
        self.invocation_params = SimpleNamespace(args=args)
        self._flags = flags or {}
        self.option = SimpleNamespace(browser=[], headed=False, tracing="off", video="off", screenshot="off",
                                      output="test-results", xmlpath=None)

    def getoption(self, name: str):
        return self._flags.get(name)


@pytest.fixture(autouse=True)
def no_widget_e2e_environment(monkeypatch):
    for option in settings_module.OPTIONS:
        monkeypatch.delenv(option.env, raising=False)
    monkeypatch.delenv("PYTEST_ADDOPTS", raising=False)


def test_the_config_file_gives_the_defaults():
    settings = settings_module.load(StubConfig([]))
    file_values = settings_module.config_file_values()
    assert settings.tracing == file_values["tracing"] == "retain-on-failure"
    assert settings.target_url is None and settings.uses_reference


def test_the_environment_overrides_the_file_and_a_flag_overrides_the_environment(monkeypatch):
    monkeypatch.setenv("WIDGET_E2E_TARGET_URL", "https://env.example.com")
    monkeypatch.setenv("WIDGET_E2E_EXPECT_TIMEOUT_MS", "1234")
    from_env = settings_module.load(StubConfig([]))
    assert from_env.target_url == "https://env.example.com" and from_env.expect_timeout_ms == 1234

    flagged = settings_module.load(StubConfig(["--target-url", "https://flag.example.com"],
                                              {"widget_e2e_target_url": "https://flag.example.com"}))
    assert flagged.target_url == "https://flag.example.com"


def test_playwright_flags_given_on_the_command_line_win_over_the_file():
    settings = settings_module.load(StubConfig(["--tracing", "on", "--headed"], {"--tracing": "on"}))
    assert settings.tracing == "on" and settings.headless is False


def test_settings_feed_pytest_playwright_unless_given_explicitly():
    config = StubConfig(["--video", "on"], {"--video": "on"})
    settings = settings_module.load(config)
    settings_module.apply_to_playwright_and_pytest(config, settings)
    assert config.option.tracing == "retain-on-failure", "the file's trace policy was not applied"
    assert config.option.output == str(settings.artifacts_path)
    assert config.option.xmlpath == str(settings.junit_path)
    assert settings.video == "on"


def test_a_bad_value_is_a_usage_error_naming_the_setting(monkeypatch):
    monkeypatch.setenv("WIDGET_E2E_HEADLESS", "maybe")
    with pytest.raises(pytest.UsageError, match="headless .*WIDGET_E2E_HEADLESS"):
        settings_module.load(StubConfig([]))


def test_secrets_are_redacted_from_the_settings_repr(monkeypatch):
    monkeypatch.setenv("WIDGET_E2E_HMAC_SECRET", "super-secret-hmac-value")
    settings = settings_module.load(StubConfig([]))
    assert "super-secret-hmac-value" not in repr(settings)
    assert settings.secrets() == ["super-secret-hmac-value"]
