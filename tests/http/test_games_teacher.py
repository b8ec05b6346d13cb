"""What teachers get from games: ``GameKind`` for assignments and the first/best run summary."""

from __future__ import annotations

from flask import render_template
from sqlmodel import select

from leergang.classes.models import Pupil
from leergang.db import new_session
from leergang.games import services
from leergang.games.assignable import GameKind
from leergang.library import get_library


def play(session, pupil, scenario, choose):
    """Play one whole run through the services, picking options with ``choose(card)``."""
    run = services.start_run(session=session, pupil=pupil, scenario=scenario)
    game = services.game_for(session=session, run=run, scenario=scenario)
    while not game.finished:
        card = game.card
        game = services.play(session=session, run=run, scenario=scenario, pupil=pupil,
                             turn=game.turn, card_id=card.id, option_id=choose(card))  # fmt: skip
    return run


def spend(card):  # gives in to every temptation and never saves: the goal is out of reach
    options = [o for o in card.options if o.available]
    return next((o for o in options if o.temptation), options[-1]).id


def save(card):  # skips temptations, saves all it can (typing the amount), pays bills
    options = [o for o in card.options if o.available]
    typed = next((o for o in options if o.amounts is not None), None)
    if typed is not None:
        return f"{typed.id}={typed.amounts[1]}"
    pay = next((o for o in options if o.id == "pay"), None)
    return (pay or max((o for o in options if not o.temptation), key=lambda o: o.cost)).id


def pupils(session, code):
    return list(
        session.exec(select(Pupil).join(Pupil.classroom).where(Pupil.classroom.has(code=code)))
    )


def test_game_kind_lists_games_and_links_to_the_cover(app, demo):
    kind = GameKind()
    with app.test_request_context():
        assert kind.name == "game" and str(kind.label) == "Spel"
        items = kind.items()
        assert set(items) >= {"sparen-voor", "je-eerste-bijbaan", "bijna-18"}
        assert items["sparen-voor"].minutes == 15 and "po-8" in items["sparen-voor"].levels
        assert kind.pupil_url("sparen-voor") == "/games/sparen-voor/"


def test_statuses_per_pupil(app, demo):
    with app.test_request_context(), new_session(write=True) as session:
        scenario = get_library().scenarios["sparen-voor"]
        noor, daan, sem = sorted(pupils(session, "KTR947"), key=lambda p: p.id)[:3]
        play(session, noor, scenario, save)
        play(session, noor, scenario, spend)
        services.start_run(session=session, pupil=daan, scenario=scenario)

        statuses = GameKind().statuses_by_item(
            session=session, pupil_ids=[noor.id, daan.id, sem.id], item_ids=["sparen-voor"]
        )["sparen-voor"]

    assert statuses[noor.id].state == "done" and statuses[noor.id].score == 50
    assert statuses[noor.id].finished_at is not None and statuses[noor.id].seconds >= 0
    assert statuses[daan.id].state == "busy" and statuses[daan.id].score is None
    assert statuses[daan.id].started_at is not None and statuses[daan.id].finished_at is None
    assert statuses[sem.id].state == "not_started" and statuses[sem.id].started_at is None


def test_teacher_sees_the_first_and_the_best_run(app, demo):
    with app.test_request_context(), new_session(write=True) as session:
        scenario = get_library().scenarios["sparen-voor"]
        noor = next(p for p in pupils(session, "KTR947") if p.display_name == "Noor")
        empty = services.runs_for_teacher(
            session=session, pupil_id=noor.id, scenario_id=scenario.id
        )
        first = play(session, noor, scenario, spend)
        second = play(session, noor, scenario, save)
        play(session, noor, scenario, spend)

        runs = services.runs_for_teacher(session=session, pupil_id=noor.id, scenario_id=scenario.id)
        html = render_template("games/_teacher_runs.html", runs=runs, scenario=scenario)
        none_html = render_template("games/_teacher_runs.html", runs=empty, scenario=scenario)

    assert empty.runs == 0 and empty.first is None
    assert "Nog niet gespeeld." in none_html
    assert runs.runs == 3
    assert runs.first.run_number == first.run_number == 1
    assert runs.best.run_number == second.run_number == 2 and runs.best.goal_reached
    assert "3 keer gestart." in html
    assert "Eerste spel (spel 1)" in html and "Beste spel (spel 2)" in html
    assert "gehaald" in html and "niet gehaald" in html


def test_a_single_finished_run_is_first_and_best(app, demo):
    with app.test_request_context(), new_session(write=True) as session:
        scenario = get_library().scenarios["sparen-voor"]
        noor = next(p for p in pupils(session, "KTR947") if p.display_name == "Noor")
        play(session, noor, scenario, save)
        runs = services.runs_for_teacher(session=session, pupil_id=noor.id, scenario_id=scenario.id)
        html = render_template("games/_teacher_runs.html", runs=runs, scenario=scenario)

    assert runs.first == runs.best
    assert "ook het beste" in html and "Beste spel" not in html


def test_deleting_a_pupil_deletes_their_runs_but_keeps_the_anonymous_outcomes(app, demo):
    from sqlalchemy import delete

    from leergang.games.models import GameChoice, GameRun
    from leergang.metrics.models import GameOutcome

    with app.test_request_context(), new_session(write=True) as session:
        scenario = get_library().scenarios["sparen-voor"]
        noor = next(p for p in pupils(session, "KTR947") if p.display_name == "Noor")
        play(session, noor, scenario, save)
        pseudonym, pupil_id = noor.pseudonym, noor.id
        session.exec(delete(Pupil).where(Pupil.id == pupil_id))
        session.commit()

        assert session.exec(select(GameRun)).all() == []
        assert session.exec(select(GameChoice)).all() == []
        (outcome,) = session.exec(select(GameOutcome)).all()
    assert outcome.pseudonym == pseudonym and outcome.goal_reached
