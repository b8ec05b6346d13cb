"""Fixtures for the editor tests: two partner organisations with authors, and a teacher."""

from __future__ import annotations

import pytest

from leergang.auth.models import Role, StaffUser
from leergang.auth.services import hash_password
from leergang.authoring.models import Organisation
from leergang.db import new_session
from tests.editor.helpers import PASSWORD


@pytest.fixture
def people(app):
    """Wijzer in Geldzaken with two authors, Nibud with one, and a teacher and an evaluator."""
    with app.app_context(), new_session(write=True) as session:
        wijzer, nibud = Organisation(name="Wijzer in Geldzaken"), Organisation(name="Nibud")
        session.add_all([wijzer, nibud])
        session.flush()
        made = {}
        for key, role, org in (
            ("author", Role.AUTHOR, wijzer),
            ("colleague", Role.AUTHOR, wijzer),
            ("other", Role.AUTHOR, nibud),
            ("teacher", Role.TEACHER, None),
            ("evaluator", Role.EVALUATOR, None),
        ):
            user = StaffUser(
                email=f"{key}@partner.example",
                display_name=key.title(),
                role=role,
                password_hash=hash_password(PASSWORD),
                organisation_id=org.id if org else None,
            )
            session.add(user)
            made[key] = user
        session.commit()
        return {key: user.id for key, user in made.items()}
