"""What the processes of one pytest run share: the xdist controller and its workers find the same
directory through the run's testrun_uid, and produce a session resource the way pytest-xdist
documents it: whoever holds the file lock first makes it, the others read what it wrote."""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable

from filelock import FileLock


class RunDirectory:
    def __init__(self, run_uid: str, root: Path | None = None):
        self.path = (root or Path(tempfile.gettempdir())) / f"widget-e2e-run-{run_uid}"

    def _file(self, name: str) -> Path:
        return self.path / f"{name}.json"

    def produce(self, name: str, make: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """The resource `name`: read it if another process made it, else make and publish it."""
        self.path.mkdir(parents=True, exist_ok=True)
        file = self._file(name)
        with FileLock(str(file) + ".lock"):
            if file.is_file():
                return json.loads(file.read_text())
            data = make()
            file.write_text(json.dumps(data))
            return data

    def read(self, name: str) -> dict[str, Any] | None:
        """The resource `name` if some process of the run made it."""
        file = self._file(name)
        if not self.path.is_dir():
            return None
        with FileLock(str(file) + ".lock"):
            return json.loads(file.read_text()) if file.is_file() else None

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
