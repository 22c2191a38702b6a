"""A red run explained in one file: with a defect switched on, the e2e run leaves reports/report.html
that opens from disk and shows, for every failed test, the broken guarantee, the widget calls by
visitor and a screenshot; the run ends with its summary; and no file under reports/ holds a secret
or a full contact token."""
import html
import json
import re
import zipfile
from pathlib import Path

import pytest

from detection.runner import read_junit, run_pytest
from reference import seed
from testlib.redaction import JWT

SELECTION = ["e2e/test_isolation.py", "e2e/test_exit.py", "e2e/test_smoke.py",
             "-k", "visitor_a_leaves or forgets_the_token or leaving_closes or first_load or loads_and"]
SECRETS = [inbox.hmac_token for inbox in seed.INBOXES] + [seed.ACME.api_access_token]
pytestmark = pytest.mark.timeout(600)  # a whole child e2e run, slower on a busy machine
REMOTE_RESOURCE = re.compile(r"""(?:\bsrc\s*=\s*|<link\b[^>]*\bhref\s*=\s*|url\()\s*["']?\s*(?:https?:)?//""", re.I)


def _tests_in(page: str) -> dict:
    """pytest-html's per-test data: {nodeid: [{"result", "extras", ...}]}."""
    blob = re.search(r'data-jsonblob="([^"]*)"', page)
    return json.loads(html.unescape(blob.group(1)))["tests"]


def _texts_under(root: Path):
    """(name, text) of every file under `root`, and of every member of every zip (traces)."""
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    yield f"{path.relative_to(root)}:{member}", archive.read(member).decode("utf-8", "replace")
        else:
            yield str(path.relative_to(root)), path.read_bytes().decode("utf-8", "replace")


def test_a_red_run_leaves_one_report_that_explains_every_failure_and_no_secret(tmp_path):
    reports = tmp_path / "reports"
    result = run_pytest([*SELECTION, "-n", "2", "--widget-profile", "documented",
                         "--reference-defects", "token-kept-on-exit", "--tracing", "retain-on-failure",
                         "--screenshot", "only-on-failure", "--output", str(reports / "artifacts")], reports)
    assert result.returncode == 1, result.stdout[-3000:]
    _, failures = read_junit(reports / "junit.xml")
    assert failures, "the defect should fail some tests"

    report = reports / "report.html"
    assert report.is_file(), "the run left no reports/report.html"
    raw = report.read_text()
    page = html.unescape(raw)
    assert not REMOTE_RESOURCE.search(page), "report.html loads something over the network; it must open from disk"
    tests = _tests_in(raw)
    for failure in failures:
        name = failure.test.rsplit(".", 1)[-1].split("::")[-1]
        entry = next(entry for node, entries in tests.items() if node.endswith(name) for entry in entries
                     if entry["result"] == "Failed")
        shown = "".join(str(extra["content"]) for extra in entry["extras"] if extra["format_type"] == "html")
        assert "broken guarantee: " in shown, f"{name}: the report does not show the broken guarantee"
        assert re.search(r"<th>visitor</th>.*<th>token</th>", shown, re.S), f"{name}: no widget call table"
        assert re.search(r"visitor B.{0,300}contact #\d+", shown, re.S), f"{name}: calls are not named by visitor"
        assert any(extra["format_type"] == "image" and str(extra["content"]).startswith("data:image/png;base64,")
                   for extra in entry["extras"]), f"{name}: no embedded screenshot"
        traces = [extra["content"] for extra in entry["extras"] if extra["format_type"] == "url"
                  and str(extra["content"]).endswith(".zip")]
        assert traces and all(not trace.startswith(("http:", "https:", "/")) and (report.parent / trace).is_file()
                              for trace in traces), f"{name}: no trace linked relatively: {traces}"
    assert any(entry["result"] == "Passed" for entries in tests.values() for entry in entries)

    summary = result.stdout[result.stdout.index("widget-e2e run summary"):]
    for words in ("target: the reference widget", "widget profile: documented", "browser: chromium",
                  "isolation", "failed", "report: ", "junit: ", "traces"):
        assert words in summary, f"the run summary does not say {words!r}:\n{summary}"

    leaks = [f"{name}: {'a full contact token' if JWT.search(text) else 'a secret'}"
             for name, text in _texts_under(reports)
             if JWT.search(text) or any(secret in text for secret in SECRETS)]
    assert not leaks, "secrets or full tokens left under reports/:\n" + "\n".join(leaks)
    assert re.search(r"token#[0-9a-f]{6}", page), "the report should still tell tokens apart by fingerprint"
