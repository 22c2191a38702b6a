"""$chatwoot.setUser with a near miss of the right identifier_hash (the browser side of
e2e/api/test_identity_exactness.py): the SDK sends it unchanged, the server refuses it, and no
verified contact comes of it."""
import pytest

from e2e import identity
from e2e.guarantees import guarantee
from pages.visit import Visit

pytestmark = pytest.mark.set_user


def test_set_user_with_an_upper_case_hash_never_yields_a_verified_contact(widget: Visit, visitor, hmac_signer,
                                                                          server, profile, expect_widget_errors):
    expect_widget_errors(profile.errors_by_design("rejected_set_user"))
    near_miss = hmac_signer.identifier_hash(visitor.identifier).upper()
    response = widget.host.set_user(visitor.identifier, visitor.user(near_miss))
    identity.judged(widget.calls, response, near_miss, False, "the right HMAC in upper case")

    stored = server.contact(widget.token())
    guarantee(stored.get("identifier") is None, "a refused setUser leaves the visitor's contact without the identity",
              f"it holds identifier {stored.get('identifier')!r}")
    prober = server.widget_api.new_visitor()
    claim = server.widget_api.set_user(prober.token, visitor.identifier)
    guarantee(claim.ok, "a refused setUser leaves no verified contact behind (a later set_user of that identifier "
                        "without a hash is not refused as a verified identity's)", f"answered {claim.status}")
