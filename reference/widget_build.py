"""A user's own widget build, served in front of the reference's API (`--widget-build DIR`).

DIR is the build's public output, laid out as Chatwoot's release lays it out: the SDK at
`packs/js/sdk.js` and the iframe app as Vite output under `vite/` with its manifest at
`vite/.vite/manifest.json` (Vite 5; `vite/manifest.json` before). The widget page then loads the
manifest's widget entry, with its CSS and preloaded imports, where the reference loads its own app.
This module only reads the build; it never builds anything."""
from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

SDK_PATH = "packs/js/sdk.js"
VITE_DIR = "vite"
# public/ folders the widget fetches besides its Vite assets (Rails serves all of public/): the
# widget's notification sound, audio/widget/ding.mp3.
ASSET_DIRS = ("audio",)
MANIFEST_PATHS = ("vite/.vite/manifest.json", "vite/manifest.json")
WIDGET_ENTRY_NAME = "widget"


class BuildError(ValueError):
    """The directory is not a usable widget build; the message says what is missing, in one sentence."""


def manifest_path(root: Path) -> Path | None:
    return next((root / relative for relative in MANIFEST_PATHS if (root / relative).is_file()), None)


def widget_entry_key(manifest: dict) -> str | None:
    """The manifest key of the widget entry: `entrypoints/widget.js` (any source root), or an entry named widget."""
    for key, chunk in manifest.items():
        if not isinstance(chunk, dict) or not chunk.get("isEntry"):
            continue
        source = PurePosixPath(chunk.get("src") or key)
        if chunk.get("name") == WIDGET_ENTRY_NAME or (source.stem == WIDGET_ENTRY_NAME
                                                      and source.parent.name == "entrypoints"):
            return key
    return None


@dataclass(frozen=True)
class WidgetBuild:
    root: Path
    manifest: dict
    entry_key: str

    @classmethod
    def load(cls, directory: str | Path) -> "WidgetBuild":
        root = Path(directory).expanduser().resolve()
        if not root.is_dir():
            raise BuildError(f"The widget build directory {root} does not exist: build your checkout's widget "
                             "and SDK, then point --widget-build / WIDGET_E2E_WIDGET_BUILD at its output.")
        missing = [what for what, there in ((SDK_PATH, (root / SDK_PATH).is_file()),
                                            (" or ".join(MANIFEST_PATHS), manifest_path(root) is not None))
                   if not there]
        if missing:
            raise BuildError(f"The widget build directory {root} is not built: it has no {' and no '.join(missing)} "
                             "(build the widget and the SDK of your checkout as your release does).")
        found = manifest_path(root)
        try:
            manifest = json.loads(found.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise BuildError(f"The Vite manifest {found} cannot be read ({error}); rebuild the widget.") from None
        key = widget_entry_key(manifest) if isinstance(manifest, dict) else None
        if key is None:
            raise BuildError(f"The Vite manifest {found} has no widget entry (entrypoints/widget.js): the build "
                             "did not include the widget app.")
        return cls(root, manifest, key)

    @property
    def sdk_file(self) -> Path:
        return self.root / SDK_PATH

    @property
    def vite_dir(self) -> Path:
        return self.root / VITE_DIR

    def asset_dirs(self) -> dict[str, Path]:
        """The build's other public folders the widget fetches, by URL prefix, where the build has them."""
        return {f"/{name}": self.root / name for name in ASSET_DIRS if (self.root / name).is_dir()}

    def _url(self, file: str) -> str:
        return f"/{VITE_DIR}/{file}"

    def _imported_chunks(self) -> list[dict]:
        """The entry and every chunk it imports statically, each once, the entry first."""
        seen, order, pending = set(), [], [self.entry_key]
        while pending:
            key = pending.pop(0)
            if key in seen or key not in self.manifest:
                continue
            seen.add(key)
            order.append(self.manifest[key])
            pending.extend(self.manifest[key].get("imports", []))
        return order

    def head_tags(self) -> str:
        """What vite_javascript_tag 'widget' writes into the page: the entry module, its imports'
        modulepreload links and every stylesheet they carry."""
        chunks = self._imported_chunks()
        escape = html.escape
        entry = f'<script src="{escape(self._url(chunks[0]["file"]))}" crossorigin="anonymous" type="module"></script>'
        preloads = [f'<link rel="modulepreload" href="{escape(self._url(chunk["file"]))}" as="script" '
                    'crossorigin="anonymous">' for chunk in chunks[1:]]
        styles = [f'<link rel="stylesheet" href="{escape(self._url(css))}" media="screen">'
                  for css in dict.fromkeys(css for chunk in chunks for css in chunk.get("css", []))]
        return "\n    ".join([entry, *preloads, *styles])
