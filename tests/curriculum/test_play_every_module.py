"""Every module in lessons/ can be played to the end over HTTP, with right and wrong answers."""

from __future__ import annotations

import pytest
from sqlmodel import select

from leergang.assignments.services import create_assignment
from leergang.auth.models import StaffUser
from leergang.classes.models import SecretKind
from leergang.classes.schoolyear import current_school_year
from leergang.classes.services import add_pupils, create_class
from leergang.db import new_session
from tests.answers import right_answer, wrong_answer
from tests.helpers import MODULE_IDS, Actor, play


@pytest.fixture
def pupil(app, demo, library, request):
    """A pupil signed in to a new class at the module's first level, to which the demo teacher
    assigned the module (pupils open only what their teacher assigned)."""
    module = library.modules[request.param]
    with app.app_context(), new_session(write=True) as session:
        teacher = session.exec(
            select(StaffUser).where(StaffUser.email == "leraar@demo.leergang.nl")
        ).one()
        classroom = create_class(
            session=session,
            teacher=teacher,
            name=f"Klas voor {module.id}",
            school_year=current_school_year(),
            level=module.levels[0],
            secret_kind=SecretKind.PIN,
        )
        (pupil,) = add_pupils(session=session, classroom=classroom, names=["Kim"])
        create_assignment(session=session, classroom=classroom, kind="module", item_id=module.id)
        code = classroom.code
    actor = Actor(app.test_client())
    assert actor.sign_in_pupil(code, pupil).status_code == 302
    return actor, module


@pytest.mark.parametrize("pupil", MODULE_IDS, indirect=True)
def test_play_with_right_answers(pupil):
    actor, module = pupil
    result = play(actor, module, right_answer).get_data(as_text=True)

    questions = len(module.question_steps)
    assert questions > 0
    assert f"{questions} van de {questions} goed" in result


@pytest.mark.parametrize("pupil", MODULE_IDS, indirect=True)
def test_play_with_wrong_answers(pupil):
    actor, module = pupil
    result = play(actor, module, wrong_answer).get_data(as_text=True)

    assert f"0 van de {len(module.question_steps)} goed" in result
