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
        self.run_uid = run_uid
        self.path = (root or Path(tempfile.gettempdir())) / f"widget-e2e-run-{run_uid}"

    @property
    def run_id(self) -> str:
        """The run's short id, for tagging what the run creates on a target."""
        return self.run_uid[:12]

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

    def append(self, name: str, record: dict[str, Any]) -> None:
        """Add a record to the list `name`, which every process of the run may add to."""
        self.path.mkdir(parents=True, exist_ok=True)
        file = self.path / f"{name}.jsonl"
        with FileLock(str(file) + ".lock"), file.open("a") as lines:
            lines.write(json.dumps(record) + "\n")

    def records(self, name: str) -> list[dict[str, Any]]:
        """Every record of the list `name`, in the order they were added."""
        file = self.path / f"{name}.jsonl"
        if not file.is_file():
            return []
        with FileLock(str(file) + ".lock"):
            return [json.loads(line) for line in file.read_text().splitlines() if line.strip()]

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
