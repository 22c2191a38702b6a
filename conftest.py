"""Registers the widget-e2e pytest plugins for e2e/ and tests/ alike."""

pytest_plugins = [
    "fixtures.settings",
    "fixtures.js_coverage",  # before fixtures.browser, which imports it
    "fixtures.browser",
    "fixtures.page_errors",
    "fixtures.hygiene",
    "fixtures.conformance",
    "fixtures.target",
    "fixtures.widget_build",
    "fixtures.host_site",
    "fixtures.visits",
    "fixtures.phone",
    "fixtures.visitors",
    "fixtures.api",
    "fixtures.reporting",
    "fixtures.sharding",
    "fixtures.run_first",
    "fixtures.defect_plan",
    "fixtures.python_coverage",
    "fixtures.run_report",
]
