"""Fresh visitors: names, emails, phones, identifiers and attributes from Faker. Identifiers and
emails carry a random suffix, so runs never collide on a long-lived live target; emails are
e2e+<run id>-<suffix>@example.com (a reserved domain: no mail ever reaches anyone)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from faker import Faker


@dataclass(frozen=True)
class Visitor:
    name: str
    email: str
    phone: str  # E.164, as the pre-chat form requires
    identifier: str
    company: str
    city: str
    country_code: str
    message: str
    custom_attributes: dict[str, Any] = field(default_factory=dict)

    def user(self, identifier_hash: str | None = None, **overrides: Any) -> dict[str, Any]:
        """The object a site passes to $chatwoot.setUser(identifier, user)."""
        user = {"name": self.name, "email": self.email, "phone_number": self.phone,
                "company_name": self.company, "city": self.city, "country_code": self.country_code}
        if identifier_hash is not None:
            user["identifier_hash"] = identifier_hash
        return {**user, **overrides}


def make_visitor(fake: Faker, run_id: str = "run") -> Visitor:
    """A fresh visitor; its email is a subaddress on the reserved example.com naming the run."""
    suffix = uuid.UUID(int=fake.random.getrandbits(128)).hex[:10]
    first, last = fake.first_name(), fake.last_name()
    return Visitor(
        name=f"{first} {last}",
        email=f"e2e+{run_id}-{suffix}@example.com",
        phone="+1" + str(fake.random_int(2, 9)) + fake.numerify("#########"),
        identifier=f"widget-e2e-{suffix}",
        company=fake.company(),
        city=fake.city(),
        country_code=fake.country_code(),
        message=fake.sentence(nb_words=8),
        custom_attributes={"plan": fake.random_element(["free", "pro", "enterprise"]),
                           "signup_year": fake.random_int(2015, 2026)},
    )
