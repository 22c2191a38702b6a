"""Property-based checks of custom attributes: whatever names and values a site sets, PATCH contact
then GET contact gives them back exactly; a later PATCH merges; a deleted key disappears and the
others stay. Each example is a fresh visitor, created inside the test body."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
import pytest

from e2e.api.checks import describe, read_back
from e2e.api.examples import FAST
from e2e.guarantees import guarantee

pytestmark = pytest.mark.api

# Text a real site could send: any Unicode except control characters (NUL included) and lone
# surrogates, which are not valid text and are refused on their own (test_hostile_input.py).
TEXT = st.characters(blacklist_categories=("Cc", "Cs"))
NAMES = st.text(TEXT, min_size=1, max_size=30)
VALUES = st.one_of(
    st.text(TEXT, max_size=60),
    st.integers(min_value=-(2**53), max_value=2**53),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.booleans(),
)
ATTRIBUTES = st.dictionaries(NAMES, VALUES, min_size=1, max_size=8)


@FAST
@given(attributes=ATTRIBUTES)
def test_custom_attributes_round_trip_through_patch_and_get(widget_api, attributes, server):
    session = widget_api.new_visitor()
    response = widget_api.set_custom_attributes(session.token, attributes)
    guarantee(response.status == 200, "any custom attribute names and values a site sets are accepted",
              describe(response))
    stored = read_back(server, session)["custom_attributes"]
    guarantee(stored == attributes, "custom attributes come back from GET contact exactly as PATCH sent them",
              f"sent {attributes!r}\nstored {stored!r}")


@FAST
@given(first=ATTRIBUTES, second=ATTRIBUTES)
def test_a_second_patch_merges_into_the_custom_attributes(widget_api, first, second, server):
    session = widget_api.new_visitor()
    widget_api.set_custom_attributes(session.token, first)
    widget_api.set_custom_attributes(session.token, second)
    stored = read_back(server, session)["custom_attributes"]
    guarantee(stored == {**first, **second},
              "a later PATCH adds and replaces the keys it sends and keeps every other custom attribute",
              f"first {first!r}\nsecond {second!r}\nstored {stored!r}")


@FAST
@given(attributes=st.dictionaries(NAMES, VALUES, min_size=2, max_size=8), data=st.data())
def test_a_deleted_custom_attribute_disappears_and_the_others_stay(widget_api, attributes, data, server):
    removed = data.draw(st.sampled_from(sorted(attributes)), label="removed")
    session = widget_api.new_visitor()
    widget_api.set_custom_attributes(session.token, attributes)
    response = widget_api.destroy_custom_attributes(session.token, [removed])
    guarantee(response.status == 200, "destroy_custom_attributes accepts any attribute name", describe(response))
    stored = read_back(server, session)["custom_attributes"]
    expected = {key: value for key, value in attributes.items() if key != removed}
    guarantee(stored == expected, "a deleted custom attribute disappears and every other one stays as it was",
              f"set {attributes!r}\nremoved {removed!r}\nstored {stored!r}")
