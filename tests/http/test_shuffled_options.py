"""Each pupil sees choice options in their own stable order; pre-test items keep the right answer
to themselves until the module is finished (issue 11)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlmodel import select

from leergang import create_app
from leergang.classes.models import Pupil
from leergang.db import new_session
from tests.helpers import Actor

pytestmark = pytest.mark.db  # on SQLite and, in the lead's run, PostgreSQL

LESSONS = Path(__file__).parent / "player_lessons"
MODULE = "keuzes-oefenen"
# Two pseudonyms whose orders of the pre-test options differ (the order follows from a hash, so
# this stays true on every run; the test checks it first).
SEEDS = ("pupil-a", "pupil-d")
CHOICE = re.compile(r'name="choice" value="([^"]+)"')
POSITION = re.compile(r'name="position-([^"]+)"')


@pytest.fixture
def player_app(app_config):
    """The app on a lessons folder with one small module, the demo school seeded on it."""
    from leergang.demo import seed_demo

    app = create_app({**app_config, "LESSONS_DIR": str(LESSONS)})
    with app.app_context(), new_session(write=True) as session:
        demo = seed_demo(session=session)
        pupils = demo.pupils["KTR947"][:2]
        for pupil, seed in zip(pupils, SEEDS, strict=True):
            row = session.get(Pupil, pupil.id)
            row.pseudonym = seed
            session.add(row)
        session.commit()
    yield app, pupils, demo
    app.extensions["leergang.engine"].dispose()


def _pupil(app, pupil) -> Actor:
    actor = Actor(app.test_client())
    assert actor.sign_in_pupil("KTR947", pupil).status_code == 302
    assert actor.post(f"/learn/{MODULE}/start").status_code == 302
    return actor


def _module(app):
    from leergang.library import get_library

    with app.app_context():
        return get_library().modules[MODULE]


def _options(actor, step_id: str) -> list[str]:
    return CHOICE.findall(actor.get(f"/learn/{MODULE}/{step_id}").get_data(as_text=True))


def _walk(actor, *step_ids: str, answers: dict | None = None) -> None:
    """Answer (where given) and go on past each step."""
    for step_id in step_ids:
        if answers and step_id in answers:
            actor.post(f"/learn/{MODULE}/{step_id}/answer", answers[step_id])
        actor.post(f"/learn/{MODULE}/{step_id}/next")


def test_two_pupils_see_their_own_order_with_the_pinned_option_last(player_app):
    app, (first, second), _demo = player_app
    step = _module(app).step("voortoets-sparen")
    expected = [[o.id for o in step.in_pupil_order(seed)] for seed in SEEDS]
    assert expected[0] != expected[1]

    one, two = _options(_pupil(app, first), step.id), _options(_pupil(app, second), step.id)
    assert [one, two] == expected
    assert one[-1] == two[-1] == "weet-niet"
    assert sorted(one) == sorted(o.id for o in step.options)


def test_the_order_is_the_same_on_resume_and_after_answering(player_app):
    app, (first, _second), _demo = player_app
    actor = _pupil(app, first)
    before = _options(actor, "voortoets-sparen")
    # Another Chromebook: a new session resumes with the same order.
    again = _options(_pupil(app, first), "voortoets-sparen")
    actor.post(f"/learn/{MODULE}/voortoets-sparen/answer", {"choice": "geld-kwijt"})
    answered = _options(actor, "voortoets-sparen")
    assert before == again == answered


def test_the_right_answer_is_checked_by_id_whatever_the_order(player_app):
    app, pupils, _demo = player_app
    for pupil in pupils:
        actor = _pupil(app, pupil)
        _walk(actor, "voortoets-sparen", "uitleg", "wat-kost-geld", "volgorde", answers={
            "voortoets-sparen": {"choice": "weet-niet"},
            "wat-kost-geld": {"choice": ["fiets", "ijsje"]},
            "volgorde": {"position-sparen": "1", "position-tellen": "2", "position-kopen": "3"},
        })  # fmt: skip
        url = f"/learn/{MODULE}/natoets-sparen"
        assert CHOICE.findall(actor.get(url).get_data(as_text=True))[-1] == "weet-niet"
        page = actor.post(url + "/answer", {"choice": "bewaren"}, htmx=True)
        assert "Goed zo!" in page.get_data(as_text=True)


def test_ordering_items_never_start_in_the_right_order(player_app):
    app, pupils, _demo = player_app
    step = _module(app).step("volgorde")
    for pupil, seed in zip(pupils, SEEDS, strict=True):
        actor = _pupil(app, pupil)
        _walk(actor, "voortoets-sparen", "uitleg", "wat-kost-geld", answers={
            "voortoets-sparen": {"choice": "weet-niet"},
            "wat-kost-geld": {"choice": ["fiets"]},
        })  # fmt: skip
        shown = POSITION.findall(actor.get(f"/learn/{MODULE}/volgorde").get_data(as_text=True))
        assert shown == [item.id for item in step.in_pupil_order(seed)]
        assert shown != [item.id for item in step.items]


def test_pre_test_answer_is_saved_without_revealing_the_right_one(player_app):
    app, (first, _second), _demo = player_app
    actor = _pupil(app, first)
    url = f"/learn/{MODULE}/voortoets-sparen"
    panel = actor.post(url + "/answer", {"choice": "geld-kwijt"}, htmx=True)
    html = panel.get_data(as_text=True)
    assert "Opgeslagen." in html and "Je leert het antwoord in de les." in html
    for revealing in ("Goed zo!", "Niet helemaal.", "goede antwoord", "gespaard geld blijft"):
        assert revealing not in html
    assert "jouw antwoord" in html  # the pupil still sees what they chose
    page = actor.get(url).get_data(as_text=True)  # also after a reload
    assert "Opgeslagen." in page and "goede antwoord" not in page


def test_post_test_items_give_full_feedback(player_app):
    app, (first, _second), _demo = player_app
    actor = _pupil(app, first)
    _walk(actor, "voortoets-sparen", "uitleg", "wat-kost-geld", "volgorde", answers={
        "voortoets-sparen": {"choice": "later-kopen"},
        "wat-kost-geld": {"choice": ["zon"]},
        "volgorde": {"position-sparen": "3", "position-tellen": "2", "position-kopen": "1"},
    })  # fmt: skip
    html = actor.post(
        f"/learn/{MODULE}/natoets-sparen/answer", {"choice": "lenen"}, htmx=True
    ).get_data(as_text=True)
    assert "Niet helemaal." in html and "goede antwoord" in html
    assert "Nee, lenen is iets anders." in html and "Opgeslagen." not in html


def test_result_page_shows_pre_test_answers_with_the_right_answers(player_app):
    app, (first, _second), _demo = player_app
    actor = _pupil(app, first)
    _walk(actor, "voortoets-sparen", "uitleg", "wat-kost-geld", "volgorde", "natoets-sparen",
          answers={
              "voortoets-sparen": {"choice": "geld-kwijt"},
              "wat-kost-geld": {"choice": ["fiets", "ijsje"]},
              "volgorde": {"position-sparen": "1", "position-tellen": "2", "position-kopen": "3"},
              "natoets-sparen": {"choice": "bewaren"},
          })  # fmt: skip
    result = actor.get(f"/learn/{MODULE}/result").get_data(as_text=True)
    section = result.split("Jouw antwoorden voor de les", 1)[1].split("</table>", 1)[0]
    assert "Waarom spaar je?" in section
    assert "Dan raak je je geld kwijt." in section  # the pupil's answer
    assert "Dan kun je later iets duurs kopen." in section  # and the right one
    assert "Je bewaart geld voor later." not in section  # post-test items are not listed
    # Once the module is done, the pre-test step itself explains the answer too.
    step = actor.get(f"/learn/{MODULE}/voortoets-sparen").get_data(as_text=True)
    assert "Niet helemaal." in step and "gespaard geld blijft" in step


def test_teacher_sees_a_pupils_choices_in_the_order_the_pupil_saw_them(player_app):
    app, pupils, demo = player_app
    step = _module(app).step("wat-kost-geld")
    for pupil, seed in zip(pupils, SEEDS, strict=True):
        actor = _pupil(app, pupil)
        _walk(actor, "voortoets-sparen", "uitleg", answers={
            "voortoets-sparen": {"choice": "weet-niet"}
        })  # fmt: skip
        actor.post(f"/learn/{MODULE}/wat-kost-geld/answer", {"choice": ["fiets", "ijsje", "zon"]})
        shown = [o.text for o in step.in_pupil_order(seed) if o.id in ("fiets", "ijsje", "zon")]
        teacher = Actor(app.test_client())
        teacher.sign_in_staff("leraar@demo.leergang.nl")
        with app.app_context(), new_session() as session:
            row = session.exec(select(Pupil).where(Pupil.id == pupil.id)).one()
            classroom = row.classroom.public_id
        page = teacher.get(f"/classes/{classroom}/pupils/{pupil.public_id}/")
        assert page.status_code == 200
        assert ", ".join(shown) in page.get_data(as_text=True)
