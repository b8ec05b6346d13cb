"""The "test only" player mode: a pupil of a comparison class takes the pre-test, then the
post-test, and only then the lesson steps."""

from __future__ import annotations

from sqlmodel import select

from leergang.classes.models import Classroom
from leergang.db import new_session
from leergang.learn.services import arrange_test_only
from leergang.metrics.models import AnswerEvent
from tests.helpers import play


def _mark_comparison(app, classroom_id):
    with app.app_context(), new_session(write=True) as session:
        classroom = session.get(Classroom, classroom_id)
        classroom.comparison = True
        session.add(classroom)
        session.commit()


def test_the_order_puts_both_tests_before_the_lesson(library):
    module = library.modules["nodig-of-willen"]
    arranged = arrange_test_only(module)
    pre = [s.id for s in module.knowledge_check_steps("pre")]
    post = [s.id for s in module.knowledge_check_steps("post")]
    ids = [s.id for s in arranged.steps]
    questions = [i for i in ids if i in pre or i in post]
    assert questions[: len(pre)] == pre and questions[len(pre) :] == post
    # The self-efficacy steps travel with their test; every other step comes after the
    # post-test, in the author's order.
    efficacy = [s.id for s in module.steps if s.type == "self_efficacy"]
    tested = len(pre) + len(post) + len(efficacy)
    assert sorted(ids[:tested]) == sorted(pre + post + efficacy)
    assert ids[tested:] == [s.id for s in module.steps if s.id not in pre + post + efficacy]
    assert arranged.step_index(post[-1]) == ids.index(post[-1])
    # The library's module keeps the author's order.
    assert [s.id for s in module.steps] != ids


def test_a_comparison_pupil_plays_tests_first_and_events_say_comparison(
    app, demo, pupil_actor, library
):
    module = library.modules["nodig-of-willen"]
    _mark_comparison(app, demo.classes[0].id)
    # ``play`` follows the server's redirects step by step: they must come in test-only order.
    page = play(pupil_actor, arrange_test_only(module), lambda step: None)
    assert page.status_code == 200
    with app.app_context(), new_session() as session:
        groups = set(session.exec(select(AnswerEvent.group)))
    assert groups == {"comparison"}


def test_a_lesson_class_pupil_keeps_the_authors_order(app, demo, pupil_actor, library):
    module = library.modules["nodig-of-willen"]
    page = play(pupil_actor, module, lambda step: None)
    assert page.status_code == 200
    with app.app_context(), new_session() as session:
        assert set(session.exec(select(AnswerEvent.group))) == {"lesson"}


def _summaries(app):
    from leergang.metrics.models import ItemSummary

    with app.app_context(), new_session() as session:
        rows = session.exec(select(ItemSummary).order_by(ItemSummary.kind, ItemSummary.item_id))
        return [row.model_dump(exclude={"id"}) for row in rows]


def test_the_summary_rows_kept_by_record_equal_a_rebuild_from_the_events(
    app, demo, pupil_actor, library
):
    """``record`` keeps ``item_summary`` in step; rebuilding it from the events changes nothing."""
    from leergang.metrics.summaries import rebuild

    module = library.modules["nodig-of-willen"]
    play(pupil_actor, module, lambda step: None)
    kept = _summaries(app)
    assert len(kept) == 1 and kept[0]["finished"]
    assert kept[0]["pre_answered"] == len(module.knowledge_check_steps("pre"))
    assert kept[0]["post_score"] == len(module.knowledge_check_steps("post"))  # all right
    assert kept[0]["efficacy_pre_count"] > 0
    with app.app_context(), new_session(write=True) as session:
        rebuild(session=session)
        session.commit()
    assert _summaries(app) == kept


def test_the_teacher_of_a_comparison_class_is_told_what_it_means(app, demo, client):
    from tests.helpers import Actor

    groep8, vmbo = demo.classes
    _mark_comparison(app, groep8.id)
    teacher = Actor(client)
    teacher.sign_in_staff("leraar@demo.leergang.nl")
    for url in (f"/classes/{groep8.public_id}/", f"/classes/{groep8.public_id}/progress"):
        page = teacher.get(url).get_data(as_text=True)
        assert "Deze klas is een vergelijkingsklas" in page, url
        assert "eerst alleen de toets vóór de les" in page
        assert "Pas daarna gaan de lesstappen open." in page
    other = teacher.get(f"/classes/{vmbo.public_id}/").get_data(as_text=True)
    assert "vergelijkingsklas" not in other
