"""The hypothesis settings every property test of e2e/api shares."""
from __future__ import annotations

from hypothesis import HealthCheck, Phase, settings

# No shrinking: against a broken server it costs tens of seconds of HTTP calls (the detection check
# runs this suite once per defect), and a failing example is readable as it was generated.
FAST = settings(max_examples=25, deadline=None, database=None,
                phases=(Phase.explicit, Phase.reuse, Phase.generate),
                suppress_health_check=[HealthCheck.function_scoped_fixture])
