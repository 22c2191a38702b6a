"""Per-test line coverage of the reference, for the detection check's test selection
(detection/selection.py): a reference started with --coverage-data FILE records the lines it runs
with coverage.py, under a dynamic context the suite switches to the running test's node id before
each test (PUT /__reference__/coverage-context, fixtures/python_coverage.py)."""
from __future__ import annotations

from pathlib import Path

import coverage
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

CONTEXT_PATH = "/__reference__/coverage-context"
SOURCE_DIR = Path(__file__).resolve().parent


def start(data_file: Path) -> coverage.Coverage:
    recorder = coverage.Coverage(data_file=str(data_file), source=[str(SOURCE_DIR)], branch=False)
    recorder.start()
    return recorder


def stop(recorder: coverage.Coverage) -> None:
    recorder.stop()
    recorder.save()


def add_context_route(app: FastAPI) -> None:
    """PUT CONTEXT_PATH {"context": "<node id>"}: the lines run from now on count for that test (a
    control route of the test double, served only with --coverage-data)."""
    @app.put(CONTEXT_PATH)
    async def switch_context(request: Request) -> JSONResponse:
        recorder = coverage.Coverage.current()
        context = (await request.json()).get("context")
        if recorder is None or not isinstance(context, str):
            return JSONResponse({"error": "no coverage is recorded, or no context string given"}, status_code=422)
        recorder.switch_context(context)
        return JSONResponse({"context": context})
