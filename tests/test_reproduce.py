"""python -m reproduce replays a session-isolation scenario against the reference: the clean
reference holds every guarantee (exit 0); with a defect that leaks the previous visitor's session
the replay exits non-zero and names the step that broke, in the documented and the upstream
profile. Its bug-report draft and trace hold no full token."""
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from detection.runner import PROJECT_ROOT, _clean_environment
from testlib.redaction import JWT

pytestmark = pytest.mark.timeout(300)


def reproduce(tmp_path: Path, *args: str) -> tuple[int, str, Path]:
    out = tmp_path / "reports"
    result = subprocess.run([sys.executable, "-m", "reproduce", "a-exits-b-opens", "--reports-dir", str(out), *args],
                            cwd=PROJECT_ROOT, env=_clean_environment(), capture_output=True, text=True, timeout=240)
    return result.returncode, result.stdout + result.stderr, out / "reproduce"


def assert_no_full_token(folder: Path) -> None:
    texts = [(path.name, path.read_text()) for path in folder.glob("*.md")]
    for trace in folder.glob("*.zip"):
        with zipfile.ZipFile(trace) as archive:
            texts += [(f"{trace.name}:{m}", archive.read(m).decode("utf-8", "replace")) for m in archive.namelist()]
    leaks = [name for name, text in texts if JWT.search(text)]
    assert not leaks, f"full contact tokens in {leaks}"


def test_a_exits_b_opens_holds_on_the_clean_reference(tmp_path):
    code, output, folder = reproduce(tmp_path)
    assert code == 0, output[-3000:]
    assert re.search(r"step \d+ \[ok\] visitor B", output), "the timeline should name visitor B's steps"
    assert "a-exits-b-opens: every guarantee held" in output
    draft = (folder / "a-exits-b-opens.md").read_text()
    for section in ("## Environment", "## Steps to reproduce", "## What broke", "## Widget calls"):
        assert section in draft
    assert list(folder.glob("a-exits-b-opens-trace*.zip")), "no trace written"
    assert_no_full_token(folder)


@pytest.mark.parametrize("profile, defect", [("documented", "token-kept-on-exit"),
                                             ("upstream", "reset-keeps-session")])
def test_a_exits_b_opens_names_the_broken_step_with_a_leaking_defect(tmp_path, profile, defect):
    code, output, folder = reproduce(tmp_path, "--widget-profile", profile, "--reference-defects", defect)
    assert code == 1, output[-3000:]
    verdict = re.search(r"a-exits-b-opens: step (\d+) \((visitor B[^)]*)\) broke: broken guarantee: .+", output)
    assert verdict, f"the replay should name the step that broke:\n{output[-3000:]}"
    assert f"step {verdict.group(1)} [BROKE] visitor B" in output
    draft = (folder / "a-exits-b-opens.md").read_text()
    assert "**<- broke here**" in draft and "broken guarantee:" in draft
    assert_no_full_token(folder)
