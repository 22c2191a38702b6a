"""Serving a user's own widget build (--widget-build) in front of the reference, proven with a tiny
fake build written here: no Chatwoot source in CI. The fake's SDK and app do only what the suite's
host page waits for (the iframe posts `loaded`; the SDK sets hasLoaded and fires chatwoot:ready)."""
from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from detection.runner import run_pytest
from reference.widget_build import BuildError, WidgetBuild
from testlib.reference_process import ReferenceProcess
from tests.test_bad_input import SETUP_ERROR_EXIT, assert_stops_with, run_e2e

FAKE_SDK = """window.chatwootSDK = { run: function (options) {
  var frame = document.createElement('iframe');
  frame.id = 'chatwoot_live_chat_widget';
  frame.src = options.baseUrl + '/widget?website_token=' + encodeURIComponent(options.websiteToken);
  window.$chatwoot = { hasLoaded: false, websiteToken: options.websiteToken };
  window.addEventListener('message', function (event) {
    if (event.data === 'chatwoot-widget:' + JSON.stringify({ event: 'loaded' })) {
      window.$chatwoot.hasLoaded = true;
      window.dispatchEvent(new CustomEvent('chatwoot:ready'));
    }
  });
  document.body.appendChild(frame);
} };
"""
STARTING_APP = "window.parent.postMessage('chatwoot-widget:' + JSON.stringify({ event: 'loaded' }), '*');\n"
FAKE_SOUND = b"ID3 not really a sound"
BROKEN_APP = "throw new Error('the fake app cannot start');\n"


def write_fake_build(root: Path, app: str = STARTING_APP, manifest_dir: str = "vite/.vite") -> Path:
    """A build laid out as Chatwoot's public/ folder: the SDK, and Vite output with its manifest."""
    (root / "packs/js").mkdir(parents=True)
    (root / "packs/js/sdk.js").write_text(FAKE_SDK)
    (root / "vite/assets").mkdir(parents=True)
    (root / "vite/assets/widget-abc123.js").write_text(app)
    (root / "vite/assets/shared-def456.js").write_text("export const shared = 1;\n")
    (root / "vite/assets/widget-abc123.css").write_text("body { margin: 0; }\n")
    (root / "audio/widget").mkdir(parents=True)
    (root / "audio/widget/ding.mp3").write_bytes(FAKE_SOUND)
    (root / manifest_dir).mkdir(parents=True, exist_ok=True)
    (root / manifest_dir / "manifest.json").write_text(json.dumps({
        "app/javascript/entrypoints/widget.js": {
            "file": "assets/widget-abc123.js", "src": "app/javascript/entrypoints/widget.js", "isEntry": True,
            "imports": ["_shared-def456.js"], "css": ["assets/widget-abc123.css"]},
        "_shared-def456.js": {"file": "assets/shared-def456.js"},
        "app/javascript/entrypoints/dashboard.js": {"file": "assets/dashboard-0.js", "isEntry": True},
    }))
    return root


@pytest.fixture
def fake_build(tmp_path: Path) -> Path:
    return write_fake_build(tmp_path / "public")


def test_a_build_writes_the_widget_entry_its_imports_and_its_styles_into_the_page(fake_build):
    tags = WidgetBuild.load(fake_build).head_tags()
    assert '<script src="/vite/assets/widget-abc123.js" crossorigin="anonymous" type="module">' in tags
    assert '<link rel="modulepreload" href="/vite/assets/shared-def456.js"' in tags
    assert '<link rel="stylesheet" href="/vite/assets/widget-abc123.css"' in tags
    assert "dashboard" not in tags, "only the widget entry belongs on the widget page"


def test_a_build_with_the_manifest_where_vite_4_writes_it_is_read(tmp_path):
    build = write_fake_build(tmp_path / "public", manifest_dir="vite")
    assert WidgetBuild.load(build).entry_key == "app/javascript/entrypoints/widget.js"


@pytest.mark.parametrize("breaks, sentence", [
    (lambda root: root.rename(root.with_name("gone")), "does not exist"),
    (lambda root: (root / "packs/js/sdk.js").unlink(), "is not built: it has no packs/js/sdk.js"),
    (lambda root: (root / "vite/.vite/manifest.json").write_text("{not json"), "cannot be read"),
    (lambda root: (root / "vite/.vite/manifest.json").write_text("{}"), "has no widget entry"),
], ids=["missing", "no-sdk", "unreadable-manifest", "no-widget-entry"])
def test_an_unusable_build_is_named_in_one_sentence(fake_build, breaks, sentence):
    breaks(fake_build)
    with pytest.raises(BuildError, match=sentence):
        WidgetBuild.load(fake_build)


def test_the_reference_serves_the_build_instead_of_its_own_app(tmp_path, fake_build):
    reference = ReferenceProcess.start(tmp_path / "ref", tmp_path / "ref.log", profile="upstream",
                                       extra_args=["--widget-build", str(fake_build)])
    try:
        url, token = reference.info["widget_url"], reference.info["inboxes"]["hmac_optional"]
        assert httpx.get(f"{url}/packs/js/sdk.js").text == FAKE_SDK
        page = httpx.get(f"{url}/widget", params={"website_token": token}).text
        assert "/vite/assets/widget-abc123.js" in page and "app-main.js" not in page
        assert "window.chatwootWebChannel" in page, "the build boots from the page globals Rails writes"
        assert httpx.get(f"{url}/vite/assets/widget-abc123.js").text == STARTING_APP
        assert httpx.get(f"{url}/audio/widget/ding.mp3").content == FAKE_SOUND, "public/audio is served as Rails does"
        assert httpx.post(f"{url}/api/v1/widget/config", params={"website_token": token}).status_code == 200
    finally:
        reference.stop()


def test_the_suite_runs_in_front_of_a_build_that_starts(tmp_path, fake_build):
    result = run_pytest(["e2e/api/test_contract.py", "--widget-profile", "upstream", "--widget-build", str(fake_build),
                         "-p", "no:randomly", "-k", "two_first_time_visitors"], tmp_path / "reports")
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"the start check or the API refused a build that starts:\n{output[-2000:]}"
    assert f"serving the widget build {fake_build}" in output, output[-2000:]


def test_a_build_whose_app_throws_ends_the_run_naming_the_error(tmp_path):
    build = write_fake_build(tmp_path / "public", app=BROKEN_APP)
    assert_stops_with(tmp_path, "the fake app cannot start", "--widget-profile", "upstream",
                      "--widget-build", str(build))


@pytest.mark.parametrize("args, sentence", [
    (["--widget-profile", "documented"], "widget_build needs --widget-profile upstream or fork"),
    (["--widget-profile", "upstream", "--target-url", "http://127.0.0.1:9", "--website-token", "x"],
     "a live target (--target-url) serves its own widget"),
], ids=["documented-profile", "live-target"])
def test_a_build_where_it_cannot_be_served_is_refused(tmp_path, fake_build, args, sentence):
    code, output = run_e2e(tmp_path, "--widget-build", str(fake_build), *args)
    assert sentence in output, output[-2000:]
    assert code != 0
