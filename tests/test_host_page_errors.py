"""A browser test fails on an error the host page or the widget raised that it did not declare
(fixtures/page_errors.py), naming the event and its detail with secrets redacted; a declared one
passes."""
import shutil
import textwrap
from pathlib import Path

from detection.runner import read_junit, run_pytest
from testlib.settings import PROJECT_ROOT

PROBE = textwrap.dedent('''
    from pages.visit import Visit


    def test_undeclared(widget: Visit):
        widget.host.page.evaluate("() => window.dispatchEvent(new CustomEvent('chatwoot:error', "
                                  "{ detail: { error: 'boom', token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2ln' } }))")
        widget.host.page.evaluate("() => setTimeout(() => { throw new Error('thrown by the host page'); }, 0)")
        widget.settle()


    def test_declared(widget: Visit, expect_widget_errors):
        expect_widget_errors("chatwoot:error", why="this test raises it on purpose", containing="boom")
        widget.host.page.evaluate("() => window.dispatchEvent(new CustomEvent('chatwoot:error', "
                                  "{ detail: { error: 'boom' } }))")
        widget.settle()
''')


def test_an_undeclared_error_fails_the_test_naming_it_and_a_declared_one_passes(tmp_path: Path):
    # under the project (its conftest.py registers the plugins) but outside e2e/ and tests/, so no
    # other run collects it
    probe = PROJECT_ROOT / "reports" / "probes" / tmp_path.name / "test_error_probe.py"
    probe.parent.mkdir(parents=True, exist_ok=True)
    probe.write_text(PROBE)
    try:
        run_pytest(["-n", "0", "-p", "no:randomly", str(probe)], tmp_path / "reports")
    finally:
        shutil.rmtree(probe.parent)
    tests, failures = read_junit(tmp_path / "reports" / "junit.xml")
    assert tests == 2 and [failure.test.rsplit("::", 1)[-1] for failure in failures] == ["test_undeclared[chromium]"]
    text = (tmp_path / "reports" / "junit.xml").read_text()
    assert "broken guarantee: the host page and the widget raise no chatwoot:error" in text
    assert "chatwoot:error dispatched on the host page" in text and "boom" in text
    assert "thrown by the host page" in text
    assert "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0" not in text, "a token in an error's detail is redacted"
