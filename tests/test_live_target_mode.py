"""The very same e2e tests run against a live target: a reference addressed only by URL, tokens
and secrets, with the suite serving its own host page (request routing on a same-site origin)."""
from detection.runner import read_junit, run_pytest
from testlib.reference_process import ReferenceProcess


def test_the_e2e_suite_runs_against_a_target_given_by_url(tmp_path):
    workdir = tmp_path / "reference"
    with ReferenceProcess.start(workdir, workdir / "reference.log") as reference:
        info = reference.info
        inboxes, secrets = info["inboxes"], info["hmac_secrets"]
        result = run_pytest([
            "e2e", "-n", "0", "-m", "smoke or contact or set_user or exit",
            "--target-url", info["widget_url"],
            "--website-token", inboxes["hmac_optional"], "--hmac-secret", secrets[inboxes["hmac_optional"]],
            "--mandatory-hmac-website-token", inboxes["hmac_mandatory"],
            "--mandatory-hmac-secret", secrets[inboxes["hmac_mandatory"]],
            "--second-website-token", inboxes["second"],
            "--account-id", str(info["account_id"]), "--api-access-token", info["api_access_token"],
        ], tmp_path / "reports")
    tests, failures = read_junit(tmp_path / "reports" / "junit.xml")
    output = result.stdout[-3000:]
    assert result.returncode == 0 and tests > 0, f"exit {result.returncode}, {len(failures)} failures:\n{output}"
    assert "skipped" not in result.stdout.splitlines()[-1], f"tests skipped with every setting given:\n{output}"
