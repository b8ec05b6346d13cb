"""The evaluator's self-efficacy difference and completion criterion, by hand-computed figures."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from leergang.classes.models import Classroom, School
from leergang.db import new_session
from leergang.metrics.models import GoNoGoCriterion, Programme, SelfEfficacyEvent
from leergang.metrics.summaries import rebuild
from tests.helpers import Actor
from tests.metrics.history import pupil_events

MODULE = "nodig-of-willen"
# Ten lesson pupils' ratings (statement a, statement b) before and after the module:
BEFORE = [(2, 2), (3, 3), (3, 3), (4, 4), (2, 2), (3, 3), (2, 3), (3, 3), (4, 4), (2, 2)]
AFTER = [(3, 3), (3, 3), (5, 5), (5, 5), (3, 3), (4, 4), (3, 4), (3, 3), (4, 4), (4, 4)]
# Each pupil's mean after − mean before: d = 1 0 2 1 1 1 1 0 0 2; n 10, Σd 9, Σd² 13
# mean 0.9; variance (13 − 8.1) / 9 = 0.544444; sd 0.737865; se 0.233333
# t(0.975, 9) = 2.262157; half width 0.527837 -> 0.372163 to 1.427837


@pytest.fixture
def ratings(app, demo, library):
    """The ten above (eight finish the module), a comparison pupil who rated 1 → 5 (not among
    the pairs) and a lesson pupil who rated only before (not among the pairs either)."""
    module = library.modules[MODULE]
    with app.app_context(), new_session(write=True) as session:
        school = session.exec(select(School).where(School.name == "Demoschool De Regenboog")).one()
        key = session.exec(select(Classroom).where(Classroom.school_id == school.id)).first()
        pupils = [(f"pupil{i:02d}", "lesson", BEFORE[i], AFTER[i]) for i in range(10)]
        pupils += [("comparison01", "comparison", (1, 1), (5, 5)), ("onlybefore1", "lesson",
                   (5, 5), None)]  # fmt: skip
        for i, (pseudonym, group, before, after) in enumerate(pupils):
            class_key = key.research_key if group == "lesson" else "comparisonclass0"
            session.add_all(pupil_events(module=module, school_key=school.research_key,
                                         class_key=class_key, pre=0, post=0, group=group,
                                         pseudonym=pseudonym, finished=i < 8))  # fmt: skip
            for moment, values in (("pre", before), ("post", after)):
                for statement, rating in zip("ab", values or (), strict=False):
                    session.add(SelfEfficacyEvent(
                        pseudonym=pseudonym, school_key=school.research_key,
                        class_key=class_key, group=group, level="po-8",
                        school_year="2026-2027", iso_week="2026-W48", module_id=MODULE,
                        module_version=module.version, moment=moment, statement_id=statement,
                        rating=rating))  # fmt: skip
        session.flush()
        rebuild(session=session)
        session.commit()


@pytest.fixture
def evaluator(app, demo):
    actor = Actor(app.test_client())
    actor.sign_in_staff("evaluator@demo.leergang.nl")
    return actor


def test_self_efficacy_shows_the_paired_difference_with_its_interval(evaluator, ratings):
    page = evaluator.get("/evaluate/").text
    assert "<td>10</td><td>0,90 (0,37 tot 1,43)</td>" in page
    assert (
        "Leerlingen die voor en na de les invulden, voelden zich na de les gemiddeld 0,90 punten "
        "zekerder (95%-betrouwbaarheidsinterval 0,37 tot 1,43; 10 leerlingen)." in page
    )
    rows = {(r["section"], r["item"], r["measure"]): r
            for r in json.loads(evaluator.get("/evaluate/export.json").data)["rows"]}  # fmt: skip
    change = rows["self_efficacy", MODULE, "mean_difference"]
    assert change["value"] == 0.9 and change["n_pupils"] == 10
    assert change["ci_low"] == pytest.approx(0.3722, abs=1e-4)
    assert change["ci_high"] == pytest.approx(1.4278, abs=1e-4)


def test_the_self_efficacy_difference_is_hidden_below_k(app, evaluator, ratings):
    app.config["METRICS_MIN_CELL"] = 11
    page = evaluator.get("/evaluate/").text
    assert "0,90" not in page and "&lt; 11" in page
    rows = json.loads(evaluator.get("/evaluate/export.json").data)["rows"]
    change = next(r for r in rows if r["section"] == "self_efficacy"
                  and r["measure"] == "mean_difference")  # fmt: skip
    assert change["value"] is None and change["ci_low"] is None and change["suppressed"] == "< 11"


def test_the_completion_criterion_is_judged_on_the_wilson_interval(app, evaluator, ratings):
    """12 pupils started the module, 8 finished: 66.7 %, Wilson 95 % interval 0.391 to 0.862.

    p̂ = 2/3, z² = 3.841459, denominator 1 + z²/12 = 1.320122,
    centre (0.666667 + 0.160061) / 1.320122 = 0.626251,
    half 1.959964 · √(0.0185185 + 0.0066692) / 1.320122 = 0.235629 -> 0.390622 to 0.861880.
    """
    with app.app_context(), new_session(write=True) as session:
        programme = session.exec(select(Programme)).one()
        for threshold in (0.35, 0.9):  # the demo programme already asks for 0.6
            session.add(GoNoGoCriterion(programme_id=programme.id, phase="valideren",
                                        measure="completion_share",
                                        threshold=threshold))  # fmt: skip
        session.commit()
    rows = json.loads(evaluator.get("/evaluate/export.json").data)["rows"]
    judged = sorted((r["measure"], r["verdict"]) for r in rows if r["section"] == "go_no_go"
                    and r["item"].endswith(":completion_share"))  # fmt: skip
    assert judged == [
        ("threshold 0.35", "met"),
        ("threshold 0.6", "undecided"),
        ("threshold 0.9", "not_met"),
    ]
    first = next(r for r in rows if r["measure"] == "threshold 0.6")
    assert first["value"] == pytest.approx(0.6667, abs=1e-4)
    assert first["ci_low"] == pytest.approx(0.3906, abs=1e-4)
    assert first["ci_high"] == pytest.approx(0.8619, abs=1e-4)
    page = evaluator.get("/evaluate/").text
    assert "Nog onbeslist: het betrouwbaarheidsinterval ligt aan beide kanten van de grens." in page
