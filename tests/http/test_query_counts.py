"""No N+1 queries: the SQL statements a page costs do not grow with the number of assignments,
pupils, answers or steps (counted with a SQLAlchemy event listener on the app's engine)."""

from __future__ import annotations

import pytest
from sqlalchemy import event
from sqlmodel import select

from leergang.assignments.services import assignments_of, create_assignment
from leergang.classes.models import Classroom, Pupil
from leergang.classes.services import add_pupils
from leergang.db import new_session
from tests.answers import right_answer
from tests.helpers import Actor, current_card, start_game

pytestmark = pytest.mark.db

MODULE = "nodig-of-willen"


@pytest.fixture
def statements(app):
    """Every SQL statement the app's engine runs during the test, in order."""
    engine = app.extensions["leergang.engine"]
    seen: list[str] = []

    def listener(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    yield seen
    event.remove(engine, "before_cursor_execute", listener)


@pytest.fixture
def count(statements):
    """``count(actor, url)``: the statements one GET costs (after a warm-up request)."""

    def measure(actor, url: str) -> int:
        assert actor.get(url).status_code == 200, url
        statements.clear()
        assert actor.get(url).status_code == 200, url
        return len(statements)

    return measure


def _groep8(app, demo):
    with app.app_context(), new_session() as session:
        return session.get(Classroom, demo.classes[0].id)


def _play_steps(actor, module, steps: int) -> str:
    """Start ``module`` and answer ``steps`` steps; returns the URL of the step reached."""
    response = actor.post(f"/learn/{module.id}/start")
    for step in module.steps[:steps]:
        url = f"/learn/{module.id}/{step.id}"
        if step.type != "explanation":
            actor.post(url + "/answer", right_answer(step))
        response = actor.post(url + "/next")
    return response.headers["Location"]


def _grow(app, demo, library, pupil_actor):
    """More pupils, more assignments (lessons and games) and progress in all of them."""
    with app.app_context(), new_session(write=True) as session:
        classroom = session.get(Classroom, demo.classes[0].id)
        have = {(a.kind, a.item_id) for a in assignments_of(session=session, classroom=classroom)}
        extra = [m for m in sorted(library.modules) if ("module", m) not in have][:6]
        for module_id in extra:
            create_assignment(
                session=session, classroom=classroom, kind="module", item_id=module_id
            )
        games = [s for s in sorted(library.scenarios) if ("game", s) not in have][:2]
        for scenario_id in games:
            create_assignment(
                session=session, classroom=classroom, kind="game", item_id=scenario_id
            )
        add_pupils(session=session, classroom=classroom, names=[f"Kind{n}" for n in range(20)])
    for module_id in extra:
        _play_steps(pupil_actor, library.modules[module_id], 3)
    return extra


def test_pupil_pages_cost_the_same_with_more_assignments_and_answers(
    app, demo, library, pupil_actor, count
):
    module = library.modules[MODULE]
    first_step = _play_steps(pupil_actor, module, 0)
    pages = ["/learn/", "/games/", f"/learn/{MODULE}/"]
    before = {url: count(pupil_actor, url) for url in pages}
    before_step = count(pupil_actor, first_step)

    _grow(app, demo, library, pupil_actor)
    later_step = _play_steps(pupil_actor, module, len(module.steps) - 1)
    after = {url: count(pupil_actor, url) for url in pages}

    assert after == before
    # A late step, with many answers given, costs what the first step cost.
    assert count(pupil_actor, later_step) == before_step
    assert before["/learn/"] <= 6, before
    # The pupil and their class come in one query; the progress is read once per step.
    assert before_step <= 5, before_step


def test_a_pupils_next_page_sends_no_new_session_cookie(pupil_actor):
    """Within the idle check's 30 seconds an unchanged session is not signed and sent again."""
    url = f"/learn/{MODULE}/"
    assert pupil_actor.get(url).status_code == 200
    again = pupil_actor.get(url)
    assert again.status_code == 200
    assert "Set-Cookie" not in again.headers


def test_teacher_pages_cost_the_same_with_more_pupils_and_assignments(
    app, demo, library, pupil_actor, count
):
    teacher = Actor(app.test_client())
    teacher.sign_in_staff("leraar@demo.leergang.nl")
    groep8 = _groep8(app, demo)
    with app.app_context(), new_session() as session:
        noor = session.exec(select(Pupil).where(Pupil.display_name == "Noor")).first()
    base = f"/classes/{groep8.public_id}"
    pages = [
        "/classes/",
        f"{base}/",
        f"{base}/assignments",
        f"{base}/progress",
        f"{base}/progress.csv",
        f"{base}/cards",
        f"{base}/pupils/{noor.public_id}/",
        f"{base}/modules/{MODULE}",
    ]
    _play_steps(pupil_actor, library.modules[MODULE], 2)
    before = {url: count(teacher, url) for url in pages}
    _grow(app, demo, library, pupil_actor)
    after = {url: count(teacher, url) for url in pages}
    grown = {url: (before[url], after[url]) for url in pages if after[url] != before[url]}
    assert not grown, f"statements before and after growing: {grown}"


def test_a_picture_tap_looks_up_the_class_once(actor, noor, statements):
    """The sign-in's rate limit (counted per class) and the page both need the class: a herd of
    pupils signing in at once pays for one lookup each, not two."""
    actor.get(f"/pupil/KTR947/{noor.public_id}")
    statements.clear()
    tapped = actor.post(f"/pupil/KTR947/{noor.public_id}", {"picked": "", "pick": "cat"})
    assert tapped.status_code == 200
    assert "1 van de 3 gekozen" in tapped.get_data(as_text=True)
    assert sum("FROM classroom" in statement for statement in statements) == 1, statements


def test_a_boosted_game_choice_reads_the_run_and_its_choices_once(pupil_actor, statements):
    """The choice answers with the next card (web.page_after_post): the turn it shows is the
    game just played, so the run's choices and the pupil's games are not read a second time."""
    url = start_game(pupil_actor)
    turn, card, options = current_card(pupil_actor.get(url).get_data(as_text=True))
    statements.clear()
    response = pupil_actor.post(
        url.split("/turn/")[0] + "/choose",
        {"turn": turn, "card": card, "option": options[0]},
        headers={"HX-Boosted": "true"},
        htmx=True,
    )
    assert response.status_code == 200
    assert current_card(response.get_data(as_text=True))[:2] != (turn, card)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert sum("FROM game_choice" in s for s in selects) == 1, selects
    assert sum("FROM assignment" in s for s in selects) == 1, selects


def test_a_boosted_next_asks_once_whether_the_lesson_is_assigned(library, pupil_actor, statements):
    """'Volgende' answers with the next step: whether the pupil may open the lesson is asked
    once for both (the POST's view and the step's)."""
    module = library.modules[MODULE]
    first = module.steps[0]
    pupil_actor.post(f"/learn/{MODULE}/start")
    if first.type != "explanation":
        pupil_actor.post(f"/learn/{MODULE}/{first.id}/answer", right_answer(first))
    statements.clear()
    response = pupil_actor.post(
        f"/learn/{MODULE}/{first.id}/next", headers={"HX-Boosted": "true"}, htmx=True
    )
    assert response.status_code == 200
    assert response.headers["HX-Push-Url"] == f"/learn/{MODULE}/{module.steps[1].id}"
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert sum("FROM assignment" in s for s in selects) == 1, selects
