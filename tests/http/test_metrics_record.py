"""The anonymous record: every event a pupil causes, written once, with its context and nothing
more; and a teacher's "no research use" mark (issue 10, "The anonymous record")."""

from __future__ import annotations

import pytest
from sqlalchemy import DateTime, inspect
from sqlmodel import select

from leergang.classes.models import Classroom, Pupil, School
from leergang.classes.schoolyear import school_today
from leergang.classes.services import delete_pupil
from leergang.db import get_engine, new_session
from leergang.learn.models import StepAnswer
from leergang.metrics.models import (
    EVENT_TABLES,
    ActivityEvent,
    AnswerEvent,
    GameOutcome,
    SelfEfficacyEvent,
)
from leergang.metrics.record import iso_week
from leergang.metrics.services import research_events
from tests.answers import right_answer
from tests.helpers import Actor, advance_to_first_question, play, play_turn, start_game

MODULE = "nodig-of-willen"  # has a knowledge check and self-efficacy before and after


def _rows(app, model):
    with app.app_context(), new_session() as session:
        return list(session.exec(select(model)))


def _all_events(app):
    return [event for table in EVENT_TABLES for event in _rows(app, table)]


def _activity(app):
    return sorted((e.kind, e.item_id, e.run_number) for e in _rows(app, ActivityEvent))


def test_a_module_records_start_answers_ratings_and_finish_with_context(
    app, pupil_actor, noor, library
):
    module = library.modules[MODULE]
    play(pupil_actor, module, right_answer)

    assert _activity(app) == [("module_finished", MODULE, 1), ("module_started", MODULE, 1)]
    answers = _rows(app, AnswerEvent)
    assert sorted(e.step_id for e in answers) == sorted(s.id for s in module.question_steps)
    assert all(e.correct for e in answers)
    ratings = _rows(app, SelfEfficacyEvent)
    pre, post = module.self_efficacy_step("pre"), module.self_efficacy_step("post")
    assert sorted((e.moment, e.statement_id) for e in ratings) == sorted(
        [("pre", s.id) for s in pre.statements] + [("post", s.id) for s in post.statements]
    )
    given = right_answer(pre)
    assert all(e.rating == int(given[f"rating-{e.statement_id}"]) for e in ratings)

    with app.app_context(), new_session() as session:
        classroom = session.get(Classroom, noor.classroom_id)
        school = session.get(School, classroom.school_id)
        expected = (noor.pseudonym, school.research_key, "po-8", classroom.school_year,
                    iso_week(school_today()), True)  # fmt: skip
    assert school.research_key and classroom.school_year
    for event in _all_events(app):
        context = (event.pseudonym, event.school_key, event.level, event.school_year,
                   event.iso_week, event.research_use)  # fmt: skip
        assert context == expected, event


def test_no_event_keeps_a_name_an_id_free_text_or_an_exact_time(app, pupil_actor, noor, library):
    play(pupil_actor, library.modules[MODULE], right_answer)
    with app.app_context():
        inspector = inspect(get_engine())
        for table in EVENT_TABLES:
            columns = inspector.get_columns(table.__tablename__)
            assert not [c["name"] for c in columns if isinstance(c["type"], DateTime)]
            assert not {"pupil_id", "classroom_id", "display_name", "answer", "text"} & {
                c["name"] for c in columns
            }
        classroom = next(c for c in _rows(app, Classroom) if c.id == noor.classroom_id)
    secrets = {noor.display_name, noor.public_id, classroom.public_id, classroom.code,
               classroom.name}  # fmt: skip
    for event in _all_events(app):
        values = {str(v) for k, v in event.model_dump().items() if k != "id"}
        assert not values & secrets, event


def test_a_double_submit_records_one_answer_and_one_event(app, pupil_actor, library):
    module = library.modules[MODULE]
    assert pupil_actor.post(f"/learn/{module.id}/start").status_code == 302
    step = advance_to_first_question(pupil_actor, module)
    url = f"/learn/{module.id}/{step.id}/answer"
    for _ in range(2):  # a double click, or a form sent again after a timeout
        assert pupil_actor.post(url, right_answer(step)).status_code == 302
    pupil_actor.post(f"/learn/{module.id}/start")

    assert [a.step_id for a in _rows(app, StepAnswer) if a.step_id == step.id] == [step.id]
    assert [e.step_id for e in _rows(app, AnswerEvent)] == [step.id]
    assert _activity(app) == [("module_started", MODULE, 1)]


def test_finishing_twice_records_one_finish(app, pupil_actor, library):
    module = library.modules[MODULE]
    play(pupil_actor, module, right_answer)
    last = module.steps[-1]
    assert pupil_actor.post(f"/learn/{module.id}/{last.id}/next").status_code == 302

    assert _activity(app) == [("module_finished", MODULE, 1), ("module_started", MODULE, 1)]


def test_a_game_run_records_start_finish_and_outcome_once(app, pupil_actor, noor):
    url = start_game(pupil_actor)
    assert start_game(pupil_actor) == url  # continuing the open run starts nothing new
    assert _activity(app) == [("game_started", "sparen-voor", 1)]
    for _ in range(60):
        url = play_turn(pupil_actor, url)
        if url.endswith("/debrief"):
            break

    assert _activity(app) == [("game_finished", "sparen-voor", 1),
                              ("game_started", "sparen-voor", 1)]  # fmt: skip
    (outcome,) = _rows(app, GameOutcome)
    assert outcome.pseudonym == noor.pseudonym and outcome.level == "po-8"
    assert outcome.iso_week == iso_week(school_today()) and outcome.research_use


@pytest.fixture
def teacher(app, demo):
    actor = Actor(app.test_client())
    actor.sign_in_staff("leraar@demo.leergang.nl")
    return actor


def test_no_research_use_flags_past_and_future_events_and_keeps_the_teachers_view(
    app, demo, noor, pupil_actor, teacher, library
):
    module = library.modules[MODULE]
    step = advance_to_first_question(pupil_actor, module)
    pupil_actor.post(f"/learn/{module.id}/{step.id}/answer", right_answer(step))
    classroom = demo.classes[0]
    page_url = f"/classes/{classroom.public_id}/pupils/{noor.public_id}/"
    before = teacher.get(page_url).get_data(as_text=True)
    assert "Niet gebruiken voor onderzoek" in before

    response = teacher.post(page_url + "research", {"research_use": "no"})
    assert response.status_code == 302 and response.headers["Location"].endswith(page_url)
    page = teacher.get(page_url).get_data(as_text=True)
    assert "worden niet meer gebruikt voor onderzoek" in page  # the flash
    assert "Weer toestaan voor onderzoek" in page
    assert {e.research_use for e in _all_events(app)} == {False}
    # Later events of this pupil are kept out too.
    play(pupil_actor, library.modules["wat-is-geld"], right_answer)
    assert len(_all_events(app)) > 3 and {e.research_use for e in _all_events(app)} == {False}
    # The teacher still sees all of the pupil's work.
    assert module.title in page and "Wat is geld" in teacher.get(page_url).get_data(as_text=True)

    with app.app_context(), new_session() as session:
        assert [list(session.exec(research_events(t))) for t in EVENT_TABLES] == [[]] * 4

    teacher.post(page_url + "research", {"research_use": "yes"})
    assert {e.research_use for e in _all_events(app)} == {True}
    with app.app_context(), new_session() as session:
        counted = sum(len(list(session.exec(research_events(t)))) for t in EVENT_TABLES)
    assert counted == len(_all_events(app))


def test_a_research_mark_needs_a_clear_choice(app, demo, noor, teacher):
    url = f"/classes/{demo.classes[0].public_id}/pupils/{noor.public_id}/research"
    assert teacher.post(url, {"research_use": "maybe"}).status_code == 400
    with app.app_context(), new_session() as session:
        assert session.get(Pupil, noor.id).no_research_use is False


def test_deleting_a_pupil_keeps_the_events_and_breaks_the_link(app, noor, pupil_actor, library):
    play(pupil_actor, library.modules[MODULE], right_answer)
    events = len(_all_events(app))
    with app.app_context(), new_session(write=True) as session:
        delete_pupil(session=session, pupil=session.get(Pupil, noor.id))

    assert len(_all_events(app)) == events
    pupils = _rows(app, Pupil)
    assert noor.pseudonym not in {p.pseudonym for p in pupils}
