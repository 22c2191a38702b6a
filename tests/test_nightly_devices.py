"""The devices of a nightly matrix (NIGHTLY_DEVICES): each is a Playwright device, one is a phone,
the example workflow runs exactly those, and pytest-playwright's --device reaches every browser
context of a run (the test's own and every further visitor's)."""
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

from detection.runner import read_junit, run_pytest
from testlib.devices import is_phone, nightly_devices, nightly_phone
from testlib.settings import PROJECT_ROOT

WORKFLOW = PROJECT_ROOT / "docs" / "ci" / "nightly-devices.yml"
DEVICE_CHECK = "e2e/test_phone.py::test_every_context_of_the_run_emulates_the_device_given_with_device"


def test_every_nightly_device_is_a_playwright_device_and_one_is_a_phone():
    with sync_playwright() as playwright:
        descriptors = playwright.devices
        unknown = [name for name in nightly_devices() if name not in descriptors]
        assert not unknown, f"NIGHTLY_DEVICES names devices Playwright does not know: {unknown}"
        assert is_phone(descriptors[nightly_phone(descriptors)])
        assert any(not is_phone(descriptors[name]) for name in nightly_devices()), "the matrix has no desktop"


def test_the_example_workflow_runs_every_nightly_device_in_every_profile():
    text = WORKFLOW.read_text()
    devices = re.search(r"^\s*device: \[(.*)\]$", text, re.MULTILINE)
    assert devices, f"{WORKFLOW} has no device matrix"
    assert tuple(re.findall(r'"([^"]+)"', devices.group(1))) == nightly_devices()
    assert re.search(r"^\s*profile: \[documented, upstream, fork\]$", text, re.MULTILINE)
    assert '--device "${{ matrix.device }}"' in text


def test_the_device_reaches_every_context_of_a_run(tmp_path: Path):
    with sync_playwright() as playwright:
        phone = nightly_phone(playwright.devices)
    for device_args in (["--device", phone], []):
        result = run_pytest(["-n", "0", "-p", "no:randomly", DEVICE_CHECK, *device_args], tmp_path / str(len(device_args)))
        tests, failures = read_junit(tmp_path / str(len(device_args)) / "junit.xml")
        assert result.returncode == 0 and tests == 1 and not failures, \
            f"with {device_args or 'no --device'}: {failures}\n{result.stdout[-2000:]}"
