"""Secrets never reach reports, logs or traces: unit checks of the redactor, and a real failing
browser test whose trace is searched for tokens."""
import re
import zipfile

import jwt

from detection.runner import run_pytest
from testlib.redaction import JWT, Redactor, fingerprint

TOKEN = jwt.encode({"source_id": "abc", "inbox_id": 1}, "k" * 32, algorithm="HS256")


def test_tokens_become_fingerprints_and_secrets_disappear():
    redact = Redactor(["hmac-secret-value-1"])
    text = redact(f"X-Auth-Token: {TOKEN} and secret hmac-secret-value-1")
    assert TOKEN not in text and "hmac-secret-value-1" not in text
    assert fingerprint(TOKEN) in text, "a redacted token keeps its fingerprint so calls can still be told apart"


def test_trace_zips_are_rewritten(tmp_path):
    trace = tmp_path / "trace.zip"
    with zipfile.ZipFile(trace, "w") as archive:
        archive.writestr("trace.network", f'{{"headers": [{{"name": "X-Auth-Token", "value": "{TOKEN}"}}]}}')
        archive.writestr("resources/image.png", b"\x89PNG\x00\xff binary")
    Redactor().redact_tree(tmp_path)
    with zipfile.ZipFile(trace) as archive:
        assert TOKEN not in archive.read("trace.network").decode()
        assert archive.read("resources/image.png") == b"\x89PNG\x00\xff binary"


def test_a_failing_browser_test_leaves_no_token_in_its_report_or_trace(tmp_path):
    """token-in-localstorage makes the first-load test fail; its trace holds many requests with tokens."""
    result = run_pytest(["e2e/test_contact.py", "-k", "first_load", "--reference-defects", "token-in-localstorage",
                         "--tracing", "retain-on-failure"], tmp_path)
    assert result.returncode == 1, result.stdout[-2000:]
    traces = list((tmp_path / "artifacts").rglob("trace.zip"))
    assert traces, "the failing test kept no trace"
    leaks = []
    for trace in traces:
        with zipfile.ZipFile(trace) as archive:
            for member in archive.namelist():
                if JWT.search(archive.read(member).decode("utf-8", "replace")):
                    leaks.append(f"{trace.name}:{member}")
    assert not leaks, f"contact tokens left in traces: {leaks}"
    report_text = result.stdout + (tmp_path / "junit.xml").read_text()
    assert not JWT.search(report_text), "a contact token appears in the terminal report or junit.xml"
    assert re.search(r"token#[0-9a-f]{6}", report_text), "the failure report should name tokens by fingerprint"


def test_pubsub_tokens_become_fingerprints_wherever_they_are_named():
    pubsub = "Wim7G6Z5CgN5g6XjZPKXu55i"
    for text in (f'{{"contact": {{"pubsub_token": "{pubsub}"}}}}',       # POST config's answer
                 f'window.chatwootPubsubToken = "{pubsub}";',           # the widget page
                 f'{{"identifier":"{{\\"channel\\":\\"RoomChannel\\",\\"pubsub_token\\":\\"{pubsub}\\"}}"}}',
                 f'{{\\\\\\"pubsub_token\\\\\\":\\\\\\"{pubsub}\\\\\\"}}'):  # escaped twice, as in a trace
        redacted = Redactor()(text)
        assert pubsub not in redacted, redacted
        assert fingerprint(pubsub) in redacted, "a redacted pubsub token keeps its fingerprint"
