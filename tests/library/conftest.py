"""Fixtures for the content-store tests: two partner organisations with authors."""

from __future__ import annotations

import pytest

from leergang.auth.models import Role, StaffUser
from leergang.authoring.models import Organisation
from leergang.db import new_session


@pytest.fixture
def people(app):
    """Wijzer in Geldzaken with an author and a reviewer, and Nibud with one author."""
    with app.app_context(), new_session(write=True) as session:
        wijzer, nibud = Organisation(name="Wijzer in Geldzaken"), Organisation(name="Nibud")
        session.add_all([wijzer, nibud])
        session.flush()
        made = {}
        for key, org in (("author", wijzer), ("reviewer", wijzer), ("other", nibud)):
            user = StaffUser(
                email=f"{key}@partner.example",
                display_name=key.title(),
                role=Role.AUTHOR,
                password_hash="x",
                organisation_id=org.id,
            )
            session.add(user)
            made[key] = user
        session.commit()
        return {key: user.id for key, user in made.items()}
