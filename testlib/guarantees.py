"""The wording of a broken promise, shared by the tests (e2e/guarantees.py), the page objects (where
a flow step is itself a promise, such as "submitting the pre-chat form starts a conversation") and
the detection check, which counts failures that name one."""
from __future__ import annotations

PREFIX = "broken guarantee: "


class BrokenGuarantee(AssertionError):
    def __init__(self, promise: str, details: str = ""):
        super().__init__(PREFIX + promise + (f"\n{details}" if details else ""))
