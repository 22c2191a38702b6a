"""Which reference files are mutated, and in which widget profiles each one's code runs."""
from __future__ import annotations

from pathlib import Path

from detection.runner import PROJECT_ROOT
from mutants.js_mutants import js_mutants
from mutants.model import Mutant
from mutants.python_mutants import python_mutants
from reference.apps import APP_MODULE_PREFIX
from reference.profiles import PROFILES

REFERENCE = PROJECT_ROOT / "reference"
# The modules that hold contract behaviour (routes, checks, tokens, sessions, storage, answer
# shapes, the /widget page); not the server wiring, seed data, CLI or defect catalog.
PYTHON_FILES = ("widget_api.py", "conversation_api.py", "validation.py", "tokens.py", "store.py", "sessions.py",
                "shapes.py", "account_api.py", "widget_page.py")


def all_files() -> list[str]:
    """Paths relative to the project: the Python modules above and every script the reference serves."""
    scripts = sorted(path.name for path in (REFERENCE / "static").glob("*.js"))
    return [f"reference/{name}" for name in PYTHON_FILES] + [f"reference/static/{name}" for name in scripts]


def served_scripts(profile: str) -> set[str]:
    """The JavaScript a profile's browser runs: its SDK, and widget.js with widget-i18n.js or the
    app-*.js modules."""
    chosen = PROFILES[profile]
    if chosen.app is None:
        return {chosen.sdk_script, "widget.js", "widget-i18n.js"}
    return {chosen.sdk_script} | {path.name for path in (REFERENCE / "static").glob(f"{APP_MODULE_PREFIX}*.js")}


def profiles_running(file: str) -> tuple[str, ...]:
    """The profiles whose reference runs `file`'s code (all of them for the Python API)."""
    name = Path(file).name
    if name.endswith(".py"):
        return tuple(PROFILES)
    return tuple(profile for profile in PROFILES if name in served_scripts(profile))


def is_module_script(file: str) -> bool:
    return Path(file).name.startswith(APP_MODULE_PREFIX)


def mutants_of(file: str, root: Path = PROJECT_ROOT) -> list[Mutant]:
    """The mutants of `file` as it is under `root` (a snapshot of the reference, or the project)."""
    text = (root / file).read_text(encoding="utf-8")
    return js_mutants(file, text) if file.endswith(".js") else python_mutants(file, text)
