"""The evaluator's dashboard, report and exports, checked against hand-computed figures."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from leergang.classes.models import Classroom, School
from leergang.db import new_session
from leergang.metrics.models import AnswerEvent
from leergang.metrics.summaries import rebuild
from tests.helpers import Actor
from tests.metrics.history import pupil_events

# Twelve lesson pupils in two classes, pre-test and post-test right answers (of 3):
PRE = [0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1]
POST = [2, 3, 2, 3, 2, 3, 3, 2, 3, 2, 3, 2]
# mean pre 6/12 = 0.5, mean post 30/12 = 2.5, mean difference 2.0; pre SD 0.522 (n − 1),
# Hedges' g = 2.0 / 0.5222 · J(11) = 3.830 · Γ(5.5) / (√5.5 · Γ(5)) = 3.830 · 0.92996 = 3.5616.


@pytest.fixture
def module(library):
    return library.modules["nodig-of-willen"]


@pytest.fixture
def history(app, demo, module):
    """The hand-computed twelve, one "no research use" pupil who aced everything, and a pupil of
    a school outside the programme."""
    with app.app_context(), new_session(write=True) as session:
        school = session.exec(select(School).where(School.name == "Demoschool De Regenboog")).one()
        keys = [
            c.research_key
            for c in session.exec(
                select(Classroom).where(Classroom.school_id == school.id).order_by(Classroom.id)
            )
        ]
        for i, (pre, post) in enumerate(zip(PRE, POST, strict=True)):
            session.add_all(
                pupil_events(
                    module=module,
                    school_key=school.research_key,
                    class_key=keys[i % 2],
                    pre=pre,
                    post=post,
                    finished=i != 0,
                )
            )
        session.add_all(
            pupil_events(
                module=module,
                school_key=school.research_key,
                class_key=keys[0],
                pre=0,
                post=3,
                research_use=False,
                pseudonym="objected0pupil",
            )
        )
        session.add_all(
            pupil_events(
                module=module,
                school_key="elsewhere0000000",
                class_key="otherclass000000",
                pre=3,
                post=0,
            )
        )
        session.flush()
        rebuild(session=session)
        session.commit()
        return school.research_key


@pytest.fixture
def evaluator(app, demo):
    actor = Actor(app.test_client())
    actor.sign_in_staff("evaluator@demo.leergang.nl")
    return actor


def test_dashboard_shows_the_hand_computed_figures(evaluator, history):
    page = evaluator.get("/evaluate/").text
    assert "Demo Schuldenlab 2026–2027" in page
    # Reach: 12 pupils (not the objector, not the other school), 2 classes; 11 finished.
    assert "<dt>Bereikte leerlingen</dt><dd>12</dd>" in page
    assert "<dt>Klassen</dt><dd>2</dd>" in page
    assert "<dd>11</dd>" in page
    # Knowledge gain row: n 12, 2 classes, 0,5 → 2,5, difference 2,0; Hedges' g 3,56.
    assert "<td>12</td><td>2</td>" in page
    assert "<td>0,5</td><td>2,5</td>" in page
    assert "<td>2,0 (" in page
    assert "<td>3,56</td>" in page
    assert "gemiddeld 2,0 vragen van de 3 beter" in page
    # No comparison classes: the gain is an upper bound.
    assert "Er is geen vergelijkingsgroep. Deze vooruitgang is daarom een bovengrens" in page


def test_the_json_export_has_the_same_figures_and_a_dictionary(evaluator, history, module):
    data = json.loads(evaluator.get("/evaluate/export.json").data)
    rows = {(r["section"], r["item"], r["measure"]): r for r in data["rows"]}
    assert rows["reach", "", "pupils"]["value"] == 12
    gain = rows["knowledge_gain", module.id, "mean_difference"]
    assert gain["value"] == 2.0 and gain["n_pupils"] == 12
    assert rows["knowledge_gain", module.id, "hedges_g"]["value"] == pytest.approx(3.5616, abs=2e-4)
    assert "suppressed" in data["dictionary"]


def test_small_cells_are_hidden_in_pages_and_exports(app, evaluator, history, module):
    """The module's funnel has 12 starters; with k = 13 every figure becomes "< 13"."""
    app.config["METRICS_MIN_CELL"] = 13
    page = evaluator.get("/evaluate/").text
    assert "&lt; 13" in page and "<td>0,5</td>" not in page
    csv = evaluator.get("/evaluate/export.csv").text
    assert "< 13" in csv and ",12," not in csv
    app.config["METRICS_MIN_CELL"] = 2  # never below 5
    assert "&lt; 5" not in evaluator.get("/evaluate/").text


def test_no_research_use_and_deleted_pupils(app, evaluator, history, demo):
    with app.app_context(), new_session(write=True) as session:
        objected = session.exec(
            select(AnswerEvent).where(AnswerEvent.pseudonym == "objected0pupil")
        ).all()
        assert objected and not any(e.research_use for e in objected)
    before = json.loads(evaluator.get("/evaluate/export.json").data)["rows"]
    # Deleting a pupil keeps the anonymous events: the totals do not change.
    teacher = Actor(app.test_client())
    teacher.sign_in_staff("leraar@demo.leergang.nl")
    groep8 = demo.classes[0]
    noor = demo.pupils["KTR947"][0]
    teacher.get(f"/classes/{groep8.public_id}/pupils/{noor.public_id}/remove")
    teacher.post(f"/classes/{groep8.public_id}/pupils/{noor.public_id}/remove")
    assert json.loads(evaluator.get("/evaluate/export.json").data)["rows"] == before


def test_no_names_or_ids_on_any_evaluator_page(app, evaluator, history, demo):
    forbidden = [p.display_name for ps in demo.pupils.values() for p in ps]
    forbidden += [p.public_id for ps in demo.pupils.values() for p in ps]
    forbidden += [c.public_id for c in demo.classes]
    for url in (
        "/evaluate/",
        "/evaluate/report",
        "/evaluate/export.csv",
        "/evaluate/export.json",
        "/evaluate/dictionary.csv",
        "/evaluate/classes",
    ):
        body = evaluator.get(url).get_data(as_text=True)
        leaked = [text for text in forbidden if text in body]
        assert not leaked, (url, leaked)


def test_filters_narrow_the_figures_and_bad_filters_get_400(evaluator, history):
    assert (
        "<dt>Bereikte leerlingen</dt><dd>12</dd>"
        in evaluator.get("/evaluate/?school_year=2026-2027&level=po-8").text
    )
    assert (
        "<dt>Bereikte leerlingen</dt><dd>&lt; 10</dd>"
        in evaluator.get("/evaluate/?level=vmbo-kb").text
    )
    assert (
        "<dt>Bereikte leerlingen</dt><dd>&lt; 10</dd>"
        in evaluator.get("/evaluate/?week_from=2026-W49").text
    )
    assert evaluator.get("/evaluate/?week_from=yesterday").status_code == 400
    assert evaluator.get("/evaluate/?school_year=2026").status_code == 400


def test_comparison_classes_give_a_clustered_difference(app, evaluator, history, demo, module):
    """Mark the VMBO class as comparison: its six pupils' gains move to the comparison group."""
    with app.app_context(), new_session() as session:
        vmbo = session.get(Classroom, demo.classes[1].id)
    page = evaluator.get("/evaluate/classes").text
    assert "VMBO 3B" in page
    evaluator.post("/evaluate/classes", {"comparison": vmbo.research_key})
    with app.app_context(), new_session() as session:
        assert session.get(Classroom, vmbo.id).comparison
    # Six pupils per group is below k = 10: the difference is hidden; with k = 5 it shows.
    app.config["METRICS_MIN_CELL"] = 5
    page = evaluator.get("/evaluate/report").text
    assert "Leerlingen in lesklassen" in page
    assert "Er is geen vergelijkingsgroep" not in page
