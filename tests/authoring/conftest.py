"""Fixtures for import, export and images: the demo school plus two partner organisations, and
signed-in actors for their authors."""

from __future__ import annotations

import pytest

from tests.authoring.helpers import PASSWORD, STAFF, make_partners
from tests.helpers import Actor


@pytest.fixture
def partners(app, demo):
    return make_partners(app)


@pytest.fixture
def sign_in(app, partners):
    """An actor signed in as a partner (``author``, ``reviewer``, ``other``) or demo staff."""

    def signed_in(key: str) -> Actor:
        actor = Actor(app.test_client())
        if key in STAFF:
            actor.sign_in_staff(STAFF[key][0], PASSWORD)
        else:
            actor.sign_in_staff(key)
        actor.get("/author/import")
        return actor

    return signed_in


@pytest.fixture
def author(sign_in):
    return sign_in("author")
