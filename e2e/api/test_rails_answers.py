"""Chatwoot 4.10 answers refusals with its own statuses and bodies (Rails' rescue handlers and
`head` answers), which differ from the contract's; a deployment of it must answer exactly those
(docs/contract-decisions.md, "Rails' answers"). Profiles whose widget follows the contract skip."""
from __future__ import annotations

from typing import Callable

import pytest

from e2e.api.checks import describe
from e2e.guarantees import guarantee, not_offered
from testlib import refusals
from testlib.api_client import ApiResponse, WidgetApiClient
from testlib.hmac_signer import HmacSigner
from testlib.target import Target
from testlib.visitors import Visitor

pytestmark = [pytest.mark.api]

Ask = Callable[[WidgetApiClient, Callable[[str | None], WidgetApiClient], str, HmacSigner, Visitor], ApiResponse]

ASKED: dict[str, Ask] = {
    refusals.BAD_TOKEN: lambda api, api_for, suspended, signer, visitor: api.show("not-a-token"),
    refusals.NO_CONTACT: lambda api, api_for, suspended, signer, visitor: api.show(None),
    refusals.UNKNOWN_INBOX: lambda api, api_for, suspended, signer, visitor:
        api_for("widget-e2e-no-such-inbox").show(api.new_visitor().token),
    refusals.SUSPENDED: lambda api, api_for, suspended, signer, visitor:
        api_for(suspended).show(api.new_visitor().token),
    refusals.WRONG_HASH: lambda api, api_for, suspended, signer, visitor:
        api.set_user(api.new_visitor().token, visitor.identifier, signer.wrong_hash(visitor.identifier)),
    refusals.NO_CONVERSATION: lambda api, api_for, suspended, signer, visitor:
        api.toggle_status(api.new_visitor().token),
}


@pytest.mark.parametrize("situation", ASKED)
def test_a_refusal_is_answered_as_chatwoot_answers_it(situation, target: Target, widget_api, widget_api_for,
                                                      suspended_inbox, hmac_signer, visitor):
    if not target.profile.answers_like_rails:
        pytest.skip(not_offered(target.profile, "error_answers", "refusals follow the contract's statuses and "
                                                                 "bodies, not Rails'"))
    expected = refusals.RAILS[situation]
    response = ASKED[situation](widget_api, widget_api_for, suspended_inbox, hmac_signer, visitor)
    guarantee(expected.matches(response.status, response.body),
              f"a refusal ({situation}) is answered exactly as Chatwoot answers it",
              f"Chatwoot answers {expected}; got {describe(response)}")
