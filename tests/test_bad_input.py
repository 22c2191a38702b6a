"""Bad input ends the run early with one sentence saying what to fix, instead of a wall of
timeouts: a target that is down, a wrong website token, a missing or wrong HMAC secret, a missing
browser, an unknown defect, an invalid setting."""
import re
from pathlib import Path

import pytest

from detection.runner import run_pytest
from testlib.reference_process import ReferenceProcess
from reference import seed

SETUP_ERROR_EXIT = 4


@pytest.fixture(scope="module")
def live_reference(tmp_path_factory) -> ReferenceProcess:
    """A reference addressed as a live target would be: by URL and flags."""
    workdir = tmp_path_factory.mktemp("bad-input-reference")
    reference = ReferenceProcess.start(workdir, workdir / "reference.log")
    yield reference
    reference.stop()


def run_e2e(tmp_path: Path, *args: str) -> tuple[int, str]:
    result = run_pytest(["e2e/test_smoke.py", *args], tmp_path / "reports")
    return result.returncode, result.stdout + result.stderr


def assert_stops_with(tmp_path: Path, sentence: str, *args: str) -> None:
    code, output = run_e2e(tmp_path, *args)
    assert code == SETUP_ERROR_EXIT, f"expected exit {SETUP_ERROR_EXIT}, got {code}:\n{output[-2000:]}"
    assert sentence in output, f"expected the sentence {sentence!r}:\n{output[-2000:]}"
    assert not re.search(r"\b\d+ (passed|failed)\b", output), f"tests ran anyway:\n{output[-2000:]}"


def test_a_target_that_is_down(tmp_path):
    assert_stops_with(tmp_path, "Target http://127.0.0.1:9 is not reachable",
                      "--target-url", "http://127.0.0.1:9", "--website-token", "x", "--hmac-secret", "y" * 16)


def test_an_unknown_website_token(tmp_path, live_reference):
    assert_stops_with(tmp_path, "Website token nope-not-a-token is not known",
                      "--target-url", live_reference.info["widget_url"], "--website-token", "nope-not-a-token",
                      "--hmac-secret", "y" * 16)


def test_a_missing_hmac_secret(tmp_path, live_reference):
    assert_stops_with(tmp_path, f"No HMAC secret for website token {seed.OPTIONAL_HMAC.website_token}",
                      "--target-url", live_reference.info["widget_url"],
                      "--website-token", seed.OPTIONAL_HMAC.website_token)


def test_a_wrong_hmac_secret(tmp_path, live_reference):
    assert_stops_with(tmp_path, "is not the inbox's identity validation token",
                      "--target-url", live_reference.info["widget_url"],
                      "--website-token", seed.OPTIONAL_HMAC.website_token, "--hmac-secret", "wrong-secret-123")


def test_a_missing_browser(tmp_path):
    assert_stops_with(tmp_path, "The browser at /no/such/chromium (browser_path) does not exist",
                      "--browser-path", "/no/such/chromium")


def test_an_unknown_reference_defect(tmp_path):
    assert_stops_with(tmp_path, "unknown reference defect(s) no-such-defect", "--reference-defects", "no-such-defect")


def test_an_invalid_setting_value(tmp_path):
    code, output = run_e2e(tmp_path, "--reference-scope", "everywhere")
    assert code != 0 and "invalid choice: 'everywhere'" in output, output[-2000:]


def test_auto_cannot_drive_a_page_without_the_widget(tmp_path, live_reference):
    info = live_reference.info
    assert_stops_with(tmp_path, "--widget-profile auto could not drive the widget of",
                      "--target-url", info["widget_url"], "--widget-profile", "auto",
                      "--host-url", info["host_url"] + "no-widget-here",
                      "--website-token", seed.OPTIONAL_HMAC.website_token,
                      "--hmac-secret", seed.OPTIONAL_HMAC.hmac_token, "--navigation-timeout-ms", "3000")
