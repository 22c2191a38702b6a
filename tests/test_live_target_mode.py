"""The very same e2e tests run against a live target: a reference addressed only by URL, tokens
and secrets, with the suite serving its own host page (request routing on a same-site origin),
and with --widget-profile auto picking the profile the target follows."""
import pytest

from detection.runner import read_junit, run_pytest
from testlib.profiles import PROFILE_NAMES
from testlib.reference_process import ReferenceProcess


@pytest.mark.parametrize("profile", PROFILE_NAMES)
def test_the_e2e_suite_runs_against_a_target_given_by_url_and_auto_finds_its_profile(tmp_path, profile):
    workdir = tmp_path / "reference"
    with ReferenceProcess.start(workdir, workdir / "reference.log", profile=profile) as reference:
        info = reference.info
        inboxes, secrets = info["inboxes"], info["hmac_secrets"]
        result = run_pytest([
            "e2e", "-n", "0", "-m", "smoke or contact or set_user or exit",
            "--target-url", info["widget_url"], "--widget-profile", "auto",
            "--website-token", inboxes["hmac_optional"], "--hmac-secret", secrets[inboxes["hmac_optional"]],
            "--mandatory-hmac-website-token", inboxes["hmac_mandatory"],
            "--mandatory-hmac-secret", secrets[inboxes["hmac_mandatory"]],
            "--second-website-token", inboxes["second"],
            "--account-id", str(info["account_id"]), "--api-access-token", info["api_access_token"],
        ], tmp_path / "reports")
    tests, failures = read_junit(tmp_path / "reports" / "junit.xml")
    output = result.stdout[-4000:]
    assert f"this deployment is closest to **{profile}**" in result.stdout, f"auto did not pick {profile}:\n{output}"
    conformance = (tmp_path / "reports" / "conformance.md").read_text()
    assert "departs from the docs" not in conformance or profile != "documented", conformance
    assert result.returncode == 0 and tests > 0, f"exit {result.returncode}, {len(failures)} failures:\n{output}"
