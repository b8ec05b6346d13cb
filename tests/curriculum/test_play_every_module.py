"""Every module in lessons/ can be played to the end over HTTP, with right and wrong answers."""

from __future__ import annotations

import secrets

import pytest
from sqlmodel import select

from leergang.auth.models import StaffUser
from leergang.classes.models import Classroom, ClassroomTeacher, SecretKind
from leergang.db import new_session
from leergang.demo import new_pupil
from tests.answers import right_answer, wrong_answer
from tests.conftest import Actor
from tests.curriculum.test_curriculum_rules import LIBRARY, MODULES
from tests.http.test_player import play


@pytest.fixture
def pupil(app, demo, request):
    """A pupil signed in to a new class at the module's first level, with the demo teacher.

    Keep the class and pupil set-up here, in one place: when pupils see only the modules their
    teacher assigned, the assignment goes here too.
    """
    module = LIBRARY.modules[request.param]
    with app.app_context(), new_session(write=True) as session:
        teacher = session.exec(
            select(StaffUser).where(StaffUser.email == "leraar@demo.leergang.nl")
        ).one()
        classroom = Classroom(
            school_id=teacher.school_id,
            name=f"Klas voor {module.id}",
            level=module.levels[0],
            code="T" + secrets.token_hex(4).upper(),
            secret_kind=SecretKind.PIN,
        )
        session.add(classroom)
        session.flush()
        session.add(ClassroomTeacher(classroom_id=classroom.id, staff_user_id=teacher.id))
        pupil = new_pupil(classroom=classroom, display_name="Kim", secret="4826")
        session.add(pupil)
        session.commit()
        session.refresh(pupil)
        code = classroom.code
    actor = Actor(app.test_client())
    assert actor.sign_in_pupil(code, pupil).status_code == 302
    return actor, module


@pytest.mark.parametrize("pupil", MODULES, indirect=True)
def test_play_with_right_answers(pupil):
    actor, module = pupil
    result = play(actor, module, right_answer).get_data(as_text=True)

    questions = len(module.question_steps)
    assert questions > 0
    assert f"{questions} van de {questions} goed" in result


@pytest.mark.parametrize("pupil", MODULES, indirect=True)
def test_play_with_wrong_answers(pupil):
    actor, module = pupil
    result = play(actor, module, wrong_answer).get_data(as_text=True)

    assert f"0 van de {len(module.question_steps)} goed" in result
