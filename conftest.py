"""Registers the widget-e2e pytest plugins for e2e/ and tests/ alike."""

pytest_plugins = [
    "fixtures.environment",
    "fixtures.browser",
    "fixtures.visits",
    "fixtures.visitors",
    "fixtures.api",
    "fixtures.reporting",
]
