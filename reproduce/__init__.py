"""Replay a session-isolation scenario against any target: `python -m reproduce SCENARIO` (see
reproduce/__main__.py)."""
