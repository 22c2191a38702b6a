"""The catch history, detection/catchers.json: per "profile/defect" the node ids of the tests that
caught it, the most recent catch first. A defect run with bail stops at its first failure, so its
cost is start-up plus every test that runs before a catching one; runs that start with the known
catchers (fixtures/run_first.py, --run-first) stop after a test or two. The full matrix
(`python -m detection`) records every catching test, a bail run its first one. A missing entry, or
a node id the suite no longer has, just means the suite's own order."""
from __future__ import annotations

import json
from pathlib import Path

from detection.runner import PROJECT_ROOT, SuiteRun

HISTORY = PROJECT_ROOT / "detection" / "catchers.json"
KEPT = 5  # catchers kept per case: the first decides the cost, the rest stand in if it is renamed


def load(path: Path = HISTORY) -> dict[str, list[str]]:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def node_id(junit_name: str, root: Path = PROJECT_ROOT) -> str:
    """'e2e.api.test_x.TestY::test_z[a]' (junit's classname::name, as Failure.test holds it) as
    pytest's node id 'e2e/api/test_x.py::TestY::test_z[a]': the longest dotted prefix that is a
    module file is the path. A name that matches no file, or is a node id already (a switched-defect
    run's), is returned as it is."""
    classname, _, name = junit_name.partition("::")
    if classname.endswith(".py"):
        return junit_name
    parts = classname.split(".")
    for end in range(len(parts), 0, -1):
        path = "/".join(parts[:end]) + ".py"
        if (root / path).is_file():
            return "::".join([path, *parts[end:], name])
    return junit_name


def caught_by(run: SuiteRun) -> list[str]:
    """The node ids of the tests that failed in a defect run, in the order they ran."""
    ids = [node_id(failure.test) for failure in run.failures]
    return list(dict.fromkeys(ids))


def merge(history: dict[str, list[str]], runs: list[SuiteRun]) -> dict[str, list[str]]:
    """The history with each defect run's catchers put first (newest first, at most KEPT)."""
    merged = {case: list(ids) for case, ids in history.items()}
    for run in runs:
        if run.case.is_clean or not run.caught:
            continue
        merged[run.case.id] = list(dict.fromkeys(caught_by(run) + merged.get(run.case.id, [])))[:KEPT]
    return dict(sorted(merged.items()))


def record(runs: list[SuiteRun], path: Path = HISTORY) -> bool:
    """Merge `runs` into the history file; write it only if it changed. True if it did."""
    before = load(path)
    after = merge(before, runs)
    if after == before:
        return False
    path.write_text(json.dumps(after, indent=1) + "\n")
    return True


def first(case_id: str, path: Path = HISTORY) -> list[str]:
    """The recorded catchers of a case, to run first; none if it has no history."""
    return load(path).get(case_id, [])
