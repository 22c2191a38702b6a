"""set_user accepts only the exact identifier_hash: the lower-case hex HMAC-SHA256 of the identifier
under the inbox's hmac_token. Every near miss (other case, a prefix, one character changed,
surrounding whitespace, a hash of another identifier or made with another inbox's key, an
identifier that differs only by whitespace or case) is refused (401 on the reference, a 4xx on a
live target, as Chatwoot's `valid_hmac?` compares the strings exactly), stores nothing and never
leaves a verified contact behind. The sloppy comparisons this guards against: case-insensitive,
prefix, stripped or normalised input, a check of the wrong identifier."""
from __future__ import annotations

import uuid
from typing import Callable

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from e2e.api.checks import describe, read_back, refused, unchanged
from e2e.api.examples import FAST
from e2e.guarantees import guarantee
from testlib import refusals
from testlib.hmac_signer import HmacSigner
from testlib.server_state import ServerState
from testlib.target import Target
from testlib.visitors import Visitor

pytestmark = [pytest.mark.api, pytest.mark.security]

HEX = "0123456789abcdef"
WHITESPACE = st.text(alphabet=" \t\r\n", max_size=3)


def fresh_identifier(visitor: Visitor) -> str:
    """An identifier of its own for each example, so no example sees another's contact."""
    return f"{visitor.identifier}-{uuid.uuid4().hex[:6]}"


def assert_nobody_verified_as(server: ServerState, identifier: str, promise: str) -> None:
    """No contact holds `identifier` as an HMAC-verified identity: another visitor's set_user with it
    and no hash is not refused (a verified identity is never claimed without a valid hash,
    docs/contract-decisions.md; the control is test_the_exact_hash_identifies_and_verifies)."""
    prober = server.widget_api.new_visitor()
    response = server.widget_api.set_user(prober.token, identifier)
    guarantee(response.ok, f"{promise}: it never leaves a verified contact behind (a later set_user of that "
                           "identifier without a hash is not refused as a verified identity's)", describe(response))


def assert_near_miss_refused(target: Target, server: ServerState, identifier: str, identifier_hash: str,
                             promise: str, sent_identifier: str | None = None, probe: bool = True) -> None:
    """A fresh visitor's set_user with `identifier_hash` (for `sent_identifier`, by default the
    identifier itself) is refused, changes nothing and (probed unless `probe` is off, which the
    generated examples do to stay fast) verifies nobody."""
    api = server.widget_api
    session = api.new_visitor()
    before = read_back(server, session)
    response = api.set_user(session.token, identifier if sent_identifier is None else sent_identifier,
                            identifier_hash, name="Near Miss")
    refused(target, response, 401, promise, "identifier_hash", refusals.WRONG_HASH)
    unchanged(server, session, before, f"{promise}: the visitor's contact is exactly as it was (no identifier)")
    if probe:
        assert_nobody_verified_as(server, identifier, promise)


# -- the control: the exact hash is accepted, and the probe sees a verified identity ---------------

def test_the_exact_hash_identifies_and_verifies(widget_api, visitor, hmac_signer, server):
    identifier = fresh_identifier(visitor)
    session = widget_api.new_visitor()
    response = widget_api.set_user(session.token, identifier, hmac_signer.identifier_hash(identifier))
    guarantee(response.status == 200, "set_user with the exact lower-case hex HMAC identifies the visitor",
              describe(response))
    token = server.profile.token_after_set_user(response.json, session.token)
    guarantee(server.contact(token).get("identifier") == identifier,
              "the exact hash attaches the identifier to the visitor's contact")
    prober = widget_api.new_visitor()
    claim = widget_api.set_user(prober.token, identifier)
    guarantee(400 <= claim.status < 500, "an identity verified with the exact hash cannot be claimed without one",
              describe(claim))


# -- fixed near misses ----------------------------------------------------------------------------

def flip(valid: str, at: int) -> str:
    """`valid` with the hex digit at `at` replaced by another one."""
    return valid[:at] + ("0" if valid[at] != "0" else "1") + valid[at + 1:]


Hash = Callable[[HmacSigner, HmacSigner, str], str]
NEAR_MISSES: dict[str, Hash] = {
    "upper case": lambda signer, other, identifier: signer.identifier_hash(identifier).upper(),
    "the first half": lambda signer, other, identifier: signer.identifier_hash(identifier)[:32],
    "one character short": lambda signer, other, identifier: signer.identifier_hash(identifier)[:-1],
    "one character more": lambda signer, other, identifier: signer.identifier_hash(identifier) + "0",
    "the last character changed": lambda signer, other, identifier: flip(signer.identifier_hash(identifier), 63),
    "the first character changed": lambda signer, other, identifier: flip(signer.identifier_hash(identifier), 0),
    "a leading space": lambda signer, other, identifier: " " + signer.identifier_hash(identifier),
    "a trailing newline": lambda signer, other, identifier: signer.identifier_hash(identifier) + "\n",
    "the hash of another identifier": lambda signer, other, identifier: signer.identifier_hash(identifier + "-other"),
    "the hash made with another inbox's key": lambda signer, other, identifier: other.identifier_hash(identifier),
}


@pytest.mark.parametrize("near_miss", NEAR_MISSES)
def test_a_near_miss_hash_is_refused(near_miss, visitor, hmac_signer, mandatory_hmac_signer, target, server):
    identifier = fresh_identifier(visitor)
    identifier_hash = NEAR_MISSES[near_miss](hmac_signer, mandatory_hmac_signer, identifier)
    assert_near_miss_refused(target, server, identifier, identifier_hash,
                             f"set_user with {near_miss} of the valid identifier_hash is refused")


IDENTIFIER_VARIANTS: dict[str, Callable[[str], str]] = {
    "a trailing space": lambda identifier: identifier + " ",
    "a leading space": lambda identifier: " " + identifier,
    "a trailing tab": lambda identifier: identifier + "\t",
    "upper case": str.upper,
}


@pytest.mark.parametrize("variant", IDENTIFIER_VARIANTS)
def test_the_hash_of_an_identifier_does_not_identify_a_near_identical_one(variant, visitor, hmac_signer, target,
                                                                         server):
    identifier = fresh_identifier(visitor)
    assert_near_miss_refused(target, server, identifier, hmac_signer.identifier_hash(identifier),
                             f"set_user of the identifier with {variant}, with the hash of the original, is refused",
                             sent_identifier=IDENTIFIER_VARIANTS[variant](identifier))


@pytest.mark.parametrize("identifier_hash", ["", "   "], ids=["empty", "whitespace"])
def test_a_blank_hash_on_a_mandatory_hmac_inbox_is_refused(identifier_hash, widget_api_for, mandatory_hmac_inbox,
                                                          visitor, target, server):
    mandatory = server.for_inbox(widget_api_for(mandatory_hmac_inbox))
    identifier = fresh_identifier(visitor)
    session = mandatory.widget_api.new_visitor()
    before = read_back(mandatory, session)
    response = mandatory.widget_api.set_user(session.token, identifier, identifier_hash)
    refused(target, response, 401, "set_user with a blank identifier_hash on an inbox with HMAC mandatory is refused",
            "identifier_hash", refusals.WRONG_HASH)
    unchanged(mandatory, session, before, "a refused set_user leaves the contact exactly as it was")
    assert_nobody_verified_as(server, identifier, "set_user with a blank identifier_hash")


@pytest.mark.parametrize("identifier_hash", ["", "   "], ids=["empty", "whitespace"])
def test_a_blank_hash_on_an_optional_hmac_inbox_never_verifies(identifier_hash, widget_api, visitor, server):
    """A blank identifier_hash is no hash to Chatwoot (`blank?`; the reference refuses whitespace):
    the identity may be set unverified, or refused, but is never verified."""
    identifier = fresh_identifier(visitor)
    session = widget_api.new_visitor()
    response = widget_api.set_user(session.token, identifier, identifier_hash)
    guarantee(response.status < 500, "set_user with a blank identifier_hash never fails with a server error",
              describe(response))
    assert_nobody_verified_as(server, identifier, "set_user with a blank identifier_hash")


# -- generated near misses -----------------------------------------------------------------------

def recased(text: str, positions: set[int], change) -> str:
    """`text` with `change` (str.upper, str.swapcase) applied to the characters at `positions`."""
    return "".join(change(char) if at in positions else char for at, char in enumerate(text))


@FAST
@given(at=st.integers(0, 63), replacement=st.sampled_from(HEX))
def test_a_hash_with_one_character_changed_is_refused(at, replacement, visitor, hmac_signer, target, server):
    identifier = fresh_identifier(visitor)
    valid = hmac_signer.identifier_hash(identifier)
    assume(valid[at] != replacement)
    assert_near_miss_refused(target, server, identifier, valid[:at] + replacement + valid[at + 1:],
                             f"set_user with character {at} of the valid identifier_hash changed is refused",
                             probe=False)


@FAST
@given(upper=st.sets(st.integers(0, 63), min_size=1))
def test_a_hash_in_another_case_is_refused(upper, visitor, hmac_signer, target, server):
    identifier = fresh_identifier(visitor)
    valid = hmac_signer.identifier_hash(identifier)
    variant = recased(valid, upper, str.upper)
    assume(variant != valid)
    assert_near_miss_refused(target, server, identifier, variant,
                             "set_user with the valid identifier_hash in other letter case is refused", probe=False)


@FAST
@given(length=st.integers(1, 63))
def test_a_prefix_of_the_hash_is_refused(length, visitor, hmac_signer, target, server):
    identifier = fresh_identifier(visitor)
    assert_near_miss_refused(target, server, identifier, hmac_signer.identifier_hash(identifier)[:length],
                             f"set_user with the first {length} characters of the valid identifier_hash is refused",
                             probe=False)


@FAST
@given(before=WHITESPACE, after=WHITESPACE)
def test_the_hash_with_surrounding_whitespace_is_refused(before, after, visitor, hmac_signer, target, server):
    assume(before or after)
    identifier = fresh_identifier(visitor)
    assert_near_miss_refused(target, server, identifier, before + hmac_signer.identifier_hash(identifier) + after,
                             f"set_user with the valid identifier_hash between {before!r} and {after!r} is refused",
                             probe=False)


@FAST
@given(flips=st.sets(st.integers(0, 40), min_size=1))
def test_the_hash_of_an_identifier_does_not_identify_it_in_another_case(flips, visitor, hmac_signer, target, server):
    identifier = fresh_identifier(visitor)
    variant = recased(identifier, flips, str.swapcase)
    assume(variant != identifier)
    assert_near_miss_refused(target, server, identifier, hmac_signer.identifier_hash(identifier),
                             "set_user of the identifier in other letter case, with the hash of the original, "
                             "is refused", sent_identifier=variant, probe=False)
