"""Game titles in the teacher's language, and the class rules that live in the services."""

from __future__ import annotations

import pytest
from sqlmodel import select

from leergang.classes.models import Classroom, Pupil
from leergang.db import new_session
from tests.helpers import Actor


@pytest.fixture
def teacher(app, demo):
    actor = Actor(app.test_client())
    actor.sign_in_staff("leraar@demo.leergang.nl")
    return actor


@pytest.fixture
def groep8(demo):
    return demo.classes[0]


def _pupils(app, classroom) -> list[Pupil]:
    with app.app_context(), new_session() as session:
        return list(session.exec(select(Pupil).where(Pupil.classroom_id == classroom.id)))


def test_an_english_teacher_sees_game_titles_in_english(teacher, groep8):
    """Game titles follow the teacher's language like lesson titles (the demo assigns a game)."""
    assign = f"/classes/{groep8.public_id}/assignments"
    progress = f"/classes/{groep8.public_id}/progress"
    assert "Sparen voor …" in teacher.get(assign).text
    teacher.post("/language", {"lang": "en", "next": assign})
    for url in (assign, progress):
        page = teacher.get(url).text
        assert "Saving for …" in page and "Sparen voor …" not in page, url


def test_class_rules_hold_in_the_services_too(app, groep8):
    """The class capacity and unique names are rules of the services, not only of the pages."""
    from leergang.classes import services

    with app.app_context(), new_session(write=True) as session:
        classroom = session.get(Classroom, groep8.id)
        with pytest.raises(services.ClassFull) as full:
            services.add_pupils(
                session=session, classroom=classroom, names=[f"Kind {n}" for n in range(36)]
            )
        assert full.value.room == services.MAX_PUPILS - 5
        first, second = services.pupils_of(session=session, classroom=classroom)[:2]
        with pytest.raises(services.NameTaken):
            taken = f" {second.display_name.upper()}"
            services.rename_pupil(session=session, pupil=first, name=taken)
        assert services.rename_pupil(session=session, pupil=first, name=" Noor  B ") == "Noor B"
    assert len(_pupils(app, groep8)) == 5
