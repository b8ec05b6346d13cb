"""The pupil's lesson player over HTTP: flow, resume, once-only answers, server-side checking."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from leergang.db import new_session
from leergang.learn.models import ModuleProgress, StepAnswer
from tests.answers import right_answer, wrong_answer
from tests.helpers import Actor, advance_to_first_question, play

MODULE = "nodig-of-willen"  # the groep 7/8 example module


@pytest.fixture
def module(library):
    return library.modules[MODULE]


def _answers(app):
    with app.app_context(), new_session() as session:
        return list(session.exec(select(StepAnswer)))


def test_module_list_shows_modules_for_the_pupils_level(pupil_actor, library):
    # The demo school assigns every module that fits the class's level.
    page = pupil_actor.get("/learn/").get_data(as_text=True)
    assert "Mijn opdrachten" in page
    for module in library.modules.values():
        assert (module.title in page) == ("po-8" in module.levels)


def test_whole_module_with_right_answers(pupil_actor, module):
    result = play(pupil_actor, module, right_answer).get_data(as_text=True)
    questions = len(module.question_steps)
    assert f"{questions} van de {questions} goed" in result
    index = pupil_actor.get("/learn/").get_data(as_text=True)
    assert "Klaar" in index


def test_whole_module_with_wrong_answers_gets_kind_feedback(pupil_actor, module, app):
    result = play(pupil_actor, module, wrong_answer).get_data(as_text=True)
    assert f"0 van de {len(module.question_steps)} goed" in result
    stored = _answers(app)
    assert all(a.correct is False for a in stored if a.correct is not None)
    first_question = module.question_steps[0]
    page = pupil_actor.get(f"/learn/{module.id}/{first_question.id}").get_data(as_text=True)
    assert "Niet helemaal." in page


def test_htmx_answer_returns_only_the_step_panel(pupil_actor, module):
    step = advance_to_first_question(pupil_actor, module, with_feedback=True)
    url = f"/learn/{module.id}/{step.id}/answer"
    response = pupil_actor.post(url, right_answer(step), htmx=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and 'id="step-panel"' in html
    assert "Goed zo!" in html
    page = pupil_actor.get(f"/learn/{module.id}/{step.id}")
    assert "HX-Request" in page.headers["Vary"]
    # The panel and the page show the answer locked in, with the way on.
    for shown in (html, page.get_data(as_text=True)):
        inputs = re.findall(r'<input type="(?:radio|checkbox|number|text)"[^>]*>', shown)
        assert inputs and all(" disabled" in field for field in inputs), inputs
        assert '<button type="submit" class="button big">Volgende</button>' in shown


def test_boosted_next_answers_with_the_next_step_itself(pupil_actor, module):
    """"Volgende" with htmx is one round trip: the next step's page comes in the answer, its
    address pushed into the history, the same page a GET of that address shows; after the last
    step the result. Without JavaScript the same form redirects (POST-redirect-GET)."""
    boosted = {"headers": {"HX-Boosted": "true"}, "htmx": True}
    response = pupil_actor.post(f"/learn/{module.id}/start", **boosted)
    assert response.status_code == 200
    assert response.headers["HX-Push-Url"] == f"/learn/{module.id}/{module.steps[0].id}"
    for n, step in enumerate(module.steps, start=1):
        url = f"/learn/{module.id}/{step.id}"
        page = response.get_data(as_text=True)
        assert f"Stap {n} van {len(module.steps)}" in page
        assert "<html" in page  # the whole page: hx-boost swaps the body
        if step.needs_answer:
            pupil_actor.post(url + "/answer", right_answer(step), htmx=True)
        response = pupil_actor.post(url + "/next", **boosted)
        assert response.status_code == 200
        following = module.steps[n].id if n < len(module.steps) else "result"
        assert response.headers["HX-Push-Url"] == f"/learn/{module.id}/{following}"
    result = response.get_data(as_text=True)
    assert f"{len(module.question_steps)} van de {len(module.question_steps)} goed" in result
    # Pressed twice (a double click): still the result, nothing lost.
    again = pupil_actor.post(f"/learn/{module.id}/{module.steps[-1].id}/next", **boosted)
    assert again.status_code == 200 and "goed" in again.get_data(as_text=True)


def test_plain_next_redirects_to_the_next_step(pupil_actor, module):
    pupil_actor.post(f"/learn/{module.id}/start")
    first = module.steps[0]
    if first.needs_answer:
        pupil_actor.post(f"/learn/{module.id}/{first.id}/answer", right_answer(first))
    response = pupil_actor.post(f"/learn/{module.id}/{first.id}/next")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/learn/{module.id}/{module.steps[1].id}"


def test_resume_after_new_session_at_the_same_step(app, demo, noor, module):
    first = Actor(app.test_client())
    first.sign_in_pupil("KTR947", noor)
    question = advance_to_first_question(first, module, with_feedback=True)
    first.post(f"/learn/{module.id}/{question.id}/answer", right_answer(question))
    # Another Chromebook: a fresh browser with no cookies.
    second = Actor(app.test_client())
    second.sign_in_pupil("KTR947", noor)
    cover = second.get(f"/learn/{module.id}/").get_data(as_text=True)
    assert "Ga verder waar je was" in cover
    response = second.post(f"/learn/{module.id}/start")
    assert response.headers["Location"].endswith(f"/learn/{module.id}/{question.id}")
    page = second.get(f"/learn/{module.id}/{question.id}").get_data(as_text=True)
    assert "Goed zo!" in page  # the answer and its feedback are still there


def test_double_submitted_answer_is_stored_once(pupil_actor, module, app):
    question = advance_to_first_question(pupil_actor, module, with_feedback=True)
    url = f"/learn/{module.id}/{question.id}/answer"
    pupil_actor.post(url, right_answer(question))
    second = pupil_actor.post(url, wrong_answer(question), htmx=True)
    assert "Goed zo!" in second.get_data(as_text=True)  # the first answer stands
    stored = [a for a in _answers(app) if a.step_id == question.id]
    assert len(stored) == 1 and stored[0].correct is True


def test_forged_answers_are_checked_on_the_server(pupil_actor, module, app):
    question = advance_to_first_question(pupil_actor, module)
    url = f"/learn/{module.id}/{question.id}/answer"
    # A made-up option and a self-declared "correct" flag change nothing.
    forged = pupil_actor.post(url, {"choice": "not-an-option", "correct": "true", "score": "1"})
    assert forged.status_code == 422
    assert [a for a in _answers(app) if a.step_id == question.id] == []
    wrong = dict(wrong_answer(question), correct="true", score="1")
    pupil_actor.post(url, wrong)
    (stored,) = [a for a in _answers(app) if a.step_id == question.id]
    assert stored.correct is False and stored.score < 1


def test_steps_ahead_cannot_be_answered_or_skipped(pupil_actor, module, app):
    pupil_actor.post(f"/learn/{module.id}/start")
    last = module.steps[-1]
    ahead = pupil_actor.get(f"/learn/{module.id}/{last.id}")
    assert ahead.headers["Location"].endswith(f"/learn/{module.id}/{module.steps[0].id}")
    pupil_actor.post(f"/learn/{module.id}/{last.id}/answer", right_answer(last))
    pupil_actor.post(f"/learn/{module.id}/{last.id}/next")
    assert _answers(app) == []
    with app.app_context(), new_session() as session:
        (progress,) = session.exec(select(ModuleProgress))
    assert progress.current_step_id == module.steps[0].id and progress.finished_at is None


def test_a_question_must_be_answered_before_moving_on(pupil_actor, module, app):
    question = advance_to_first_question(pupil_actor, module)
    response = pupil_actor.post(f"/learn/{module.id}/{question.id}/next")
    assert response.headers["Location"].endswith(f"/learn/{module.id}/{question.id}")
    empty = pupil_actor.post(f"/learn/{module.id}/{question.id}/answer", {})
    assert empty.status_code == 422
    assert 'role="alert"' in empty.get_data(as_text=True)


def test_module_of_another_level_is_not_found(pupil_actor, library):
    vmbo = next(m for m in library.modules.values() if "po-8" not in m.levels)
    assert pupil_actor.get(f"/learn/{vmbo.id}/").status_code == 404
    assert pupil_actor.post(f"/learn/{vmbo.id}/start").status_code == 404


def test_simultaneous_double_click_stores_one_answer(app, demo, noor, module):
    """Two submissions racing each other (double click on slow wifi) store one answer."""
    import threading

    first = Actor(app.test_client())
    first.sign_in_pupil("KTR947", noor)
    question = advance_to_first_question(first, module)
    second = Actor(app.test_client())
    second.sign_in_pupil("KTR947", noor)
    second.get(f"/learn/{module.id}/{question.id}")
    url = f"/learn/{module.id}/{question.id}/answer"
    barrier = threading.Barrier(2)
    statuses = []

    def submit(actor, data):
        barrier.wait()
        statuses.append(actor.post(url, data, htmx=True).status_code)

    threads = [
        threading.Thread(target=submit, args=(first, right_answer(question))),
        threading.Thread(target=submit, args=(second, right_answer(question))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200, 200]
    assert len([a for a in _answers(app) if a.step_id == question.id]) == 1
