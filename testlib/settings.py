"""Settings: playwright.config.py, overridden by WIDGET_E2E_* environment variables, overridden by
flags. One table (OPTIONS) defines every setting of the widget under test once; `resolve` applies
the precedence. Playwright's and pytest's own options (--browser, --headed, --tracing, --output,
--junitxml, ...) are not settings: their project defaults are pytest addopts (pyproject.toml). The
pytest side (our flags) is fixtures/settings.py."""
from __future__ import annotations

import os
import runpy
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Callable, Mapping

from testlib import profiles

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONFIG_FILE = PROJECT_ROOT / "playwright.config.py"
ENV_PREFIX = "WIDGET_E2E_"
AUTO_PROFILE = "auto"


class SettingsError(ValueError):
    """One or more settings have invalid values; the message names each and where to fix it."""


def _text(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def _int(value: Any) -> int | None:
    return None if value in (None, "") else int(value)


@dataclass(frozen=True)
class Option:
    name: str
    parse: Callable[[Any], Any]
    help: str
    choices: tuple[str, ...] | None = None
    secret: bool = False
    group: str = "widget-e2e"

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name.upper()


def _point_option(point: profiles.Point) -> Option:
    return Option(point.name, _text, f"profile point: {point.question} (default: the profile's)",
                  choices=point.choices, group="widget-e2e profile points")


OPTIONS: tuple[Option, ...] = (
    Option("target_url", _text, "Chatwoot base URL to test; empty starts the reference widget"),
    Option("host_url", _text, "page that embeds the widget (default: reference host page / generated page)"),
    Option("website_token", _text, "website token of the inbox under test (HMAC optional)"),
    Option("hmac_secret", _text, "HMAC secret (identity validation token) of that inbox", secret=True),
    Option("mandatory_hmac_website_token", _text, "website token of an inbox with HMAC mandatory"),
    Option("mandatory_hmac_secret", _text, "HMAC secret of the mandatory-HMAC inbox", secret=True),
    Option("second_website_token", _text, "another inbox of the same account (cross-inbox token checks)"),
    Option("account_id", _int, "account id for the account API (contact look-up and deletion)"),
    Option("api_access_token", _text, "account API access token", secret=True),
    Option("widget_profile", str, "how the widget under test behaves where real widgets differ "
           "(auto: probe a live target and pick)", choices=(*profiles.PROFILE_NAMES, AUTO_PROFILE)),
    *(_point_option(point) for point in profiles.POINTS),
    Option("reference_defects", str, "reference defect switches to turn on, comma-separated"),
    Option("widget_build", _text, "your own widget build to serve in front of the reference (its public output: "
           "packs/js/sdk.js and vite/.vite/manifest.json); upstream and fork profiles"),
    Option("reference_scope", str, "one reference for all xdist workers, or one each",
           choices=("shared", "worker")),
    Option("reference_startup_timeout_s", float, "seconds to wait for the reference to answer"),
    Option("browser_path", _text, "browser executable (default: Playwright's build, else a system Chromium)"),
    Option("browser_args", str, "extra browser command-line flags, space-separated"),
    Option("browser_ws_endpoint", _text, "ws:// endpoint of a running Playwright browser server "
           "(playwright run-server / launch_server) to connect to instead of launching a browser"),
    Option("action_timeout_ms", int, "timeout of clicks, fills and request waits"),
    Option("expect_timeout_ms", int, "timeout of auto-waiting assertions"),
    Option("navigation_timeout_ms", int, "timeout of page loads, including chatwoot:ready"),
    Option("reports_dir", str, "directory for reports (junit.xml unless --junitxml is given, reference.log, ...)"),
)
OPTIONS_BY_NAME = {option.name: option for option in OPTIONS}


@dataclass(frozen=True)
class Settings:
    target_url: str | None
    host_url: str | None
    website_token: str | None
    hmac_secret: str | None
    mandatory_hmac_website_token: str | None
    mandatory_hmac_secret: str | None
    second_website_token: str | None
    account_id: int | None
    api_access_token: str | None
    widget_profile: str
    bootstrap: str | None
    token_storage: str | None
    token_key: str | None
    prechat_entry: str | None
    prechat_details: str | None
    prechat_for_known_visitor: str | None
    forget_visitor: str | None
    server_state: str | None
    set_user_token: str | None
    website_token_source: str | None
    prechat_labels: str | None
    composer_placeholder: str | None
    phone_close: str | None
    set_user_error_event: str | None
    error_answers: str | None
    set_user_merges: str | None
    second_locale: str | None
    second_locale_texts: str | None
    conversation_on_load: str | None
    user_after_reset: str | None
    live_updates: str | None
    reference_defects: str
    widget_build: str | None
    reference_scope: str
    reference_startup_timeout_s: float
    browser_path: str | None
    browser_args: str
    browser_ws_endpoint: str | None
    action_timeout_ms: int
    expect_timeout_ms: int
    navigation_timeout_ms: int
    reports_dir: str

    def __repr__(self) -> str:
        def shown(name: str) -> str:
            value = getattr(self, name)
            return "<redacted>" if OPTIONS_BY_NAME[name].secret and value else repr(value)
        return f"Settings({', '.join(f'{f.name}={shown(f.name)}' for f in fields(self))})"

    @property
    def uses_reference(self) -> bool:
        return not self.target_url

    @property
    def probes_profile(self) -> bool:
        return self.widget_profile == AUTO_PROFILE

    @property
    def profile_overrides(self) -> dict[str, str | None]:
        return {name: getattr(self, name) for name in profiles.POINT_NAMES}

    def profile(self, name: str | None = None, adopted: dict[str, str] | None = None) -> profiles.WidgetProfile:
        """The widget profile under test: `name` (the probe's pick) or the configured one, with the
        points the probe adopted, and then the points given as settings, on top. With a widget
        build, the build's own words in the second language (testlib/locales.py)."""
        given = {point: value for point, value in self.profile_overrides.items() if value is not None}
        return profiles.profile(name or self.widget_profile, {**(adopted or {}), **given},
                                real_build=bool(self.widget_build))

    def secrets(self) -> list[str]:
        return [getattr(self, option.name) for option in OPTIONS if option.secret and getattr(self, option.name)]

    def path(self, value: str) -> Path:
        path = Path(value)
        return path if path.is_absolute() else PROJECT_ROOT / path

    @property
    def reports_path(self) -> Path:
        return self.path(self.reports_dir)

    @property
    def junit_path(self) -> Path:
        """Where junit.xml goes when no --junitxml is given (in addopts, PYTEST_ADDOPTS or the command line)."""
        return self.reports_path / "junit.xml"

    @property
    def html_report_path(self) -> Path:
        """Where the self-contained HTML report goes when no --html is given (fixtures/run_report.py)."""
        return self.reports_path / "report.html"


def config_file_values(path: Path = CONFIG_FILE) -> dict[str, Any]:
    namespace = runpy.run_path(str(path))
    return {option.name: namespace.get(option.name.upper()) for option in OPTIONS}


def _widget_build_errors(values: dict) -> list[str]:
    """A widget build is served in front of the reference, as a real Chatwoot serves its own."""
    if values["target_url"]:
        return ["widget_build serves your build in front of the reference; a live target (--target-url) "
                "serves its own widget: pass one of them"]
    if values["widget_profile"] not in profiles.BUILD_PROFILES:
        return [f"widget_build needs --widget-profile {' or '.join(profiles.BUILD_PROFILES)}: a real widget "
                f"build behaves as one of those, the {values['widget_profile']} profile has no real build"]
    return []


def resolve(given: Mapping[str, Any], environ: Mapping[str, str] | None = None,
            file_values: Mapping[str, Any] | None = None) -> Settings:
    """Every setting: `given` (flags; None = not given) > environment > playwright.config.py."""
    environ = os.environ if environ is None else environ
    values = dict(config_file_values() if file_values is None else file_values)
    errors = []
    for option in OPTIONS:
        flag_value = given.get(option.name)
        raw = flag_value if flag_value is not None else environ.get(option.env, values.get(option.name))
        try:
            values[option.name] = option.parse(raw) if raw is not None else None
        except (TypeError, ValueError) as error:
            errors.append(f"{option.name} ({option.env} or {option.flag}): {error}")
            continue
        if option.choices and values[option.name] is not None and values[option.name] not in option.choices:
            errors.append(f"{option.name} ({option.env} or {option.flag}) must be one of "
                          f"{', '.join(option.choices)}, got {values[option.name]!r}")
    if not errors and values["widget_profile"] == AUTO_PROFILE and not values["target_url"]:
        errors.append("widget_profile auto probes a live target (--target-url); the reference serves "
                      f"{', '.join(profiles.PROFILE_NAMES)}: pick one")
    if not errors and values["widget_build"]:
        errors += _widget_build_errors(values)
    if not errors:
        try:
            if values["widget_profile"] != AUTO_PROFILE:
                profiles.profile(values["widget_profile"], {name: values[name] for name in profiles.POINT_NAMES})
        except ValueError as error:
            errors.append(str(error))
    if errors:
        raise SettingsError("Invalid widget-e2e settings: " + "; ".join(errors))
    return Settings(**values)
