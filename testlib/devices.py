"""The devices a nightly matrix runs the browser suite on (NIGHTLY_DEVICES in playwright.config.py,
Playwright's device descriptors, given to pytest-playwright's --device), and the phone among them
that the phone tests emulate in a run without --device."""
from __future__ import annotations

import runpy
from typing import Any, Mapping

from testlib.settings import CONFIG_FILE

DEFAULT_NIGHTLY_DEVICES = ("Desktop Chrome", "iPhone 13")


def nightly_devices() -> tuple[str, ...]:
    return tuple(runpy.run_path(str(CONFIG_FILE)).get("NIGHTLY_DEVICES") or DEFAULT_NIGHTLY_DEVICES)


def is_phone(descriptor: Mapping[str, Any]) -> bool:
    return bool(descriptor.get("is_mobile")) and bool(descriptor.get("has_touch"))


def nightly_phone(descriptors: Mapping[str, Mapping[str, Any]]) -> str:
    """The first phone of the nightly devices; raises naming the list if it has none."""
    for name in nightly_devices():
        if name in descriptors and is_phone(descriptors[name]):
            return name
    raise ValueError(f"NIGHTLY_DEVICES in playwright.config.py names no phone known to Playwright: "
                     f"{', '.join(nightly_devices())}")
