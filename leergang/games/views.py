"""Pupil pages for the budget games: the list, a game's cover, one URL per turn, the debrief.

Every form works without JavaScript (POST-redirect-GET); htmx's hx-boost only makes it smoother.
A choice carries its turn and card, so a double click or a re-sent form plays nothing twice.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from leergang.auth.access import pupil_required
from leergang.content.scenario_schema import Scenario
from leergang.db import get_session
from leergang.games import present, services
from leergang.games.models import GameRun
from leergang.library import get_library
from leergang.simulation import InvalidChoice, debrief
from leergang.web import render

bp = Blueprint("games", __name__, url_prefix="/games")


def _scenarios() -> list[Scenario]:
    """The pupil's games, in the UI language when a translation exists (same ids and amounts,
    so a run started in Dutch continues exactly the same in English)."""
    allowed = services.scenarios_for(
        session=get_session(), library=get_library(), pupil=current_user
    )
    lang = str(get_locale())
    return [scenario.for_language(lang) for scenario in allowed]


def _scenario_or_404(scenario_id: str) -> Scenario:
    scenario = next((s for s in _scenarios() if s.id == scenario_id), None)
    if scenario is None:
        abort(404)
    return scenario


def _run_or_404(public_id: str) -> tuple[GameRun, Scenario]:
    run = services.get_run(session=get_session(), pupil=current_user, public_id=public_id)
    if run is None:
        abort(404)
    return run, _scenario_or_404(run.scenario_id)


@bp.get("/")
@pupil_required
def index():
    """My games: the games for my class, with how often I played them."""
    scenarios = _scenarios()
    runs = services.runs_by_scenario(session=get_session(), pupil=current_user)
    return render("games/index.html", scenarios=scenarios, runs=runs)


@bp.get("/<scenario_id>/")
@pupil_required
def cover(scenario_id: str):
    """A game's cover: what it is about, the goal, my earlier runs; start, continue or replay."""
    scenario = _scenario_or_404(scenario_id)
    session = get_session()
    runs = services.runs_of(session=session, pupil_id=current_user.id, scenario_id=scenario.id)
    return render(
        "games/cover.html",
        scenario=scenario,
        runs=runs,
        open_run=next((r for r in runs if r.finished_at is None), None),
        unit=present.UNIT_LABELS[scenario.turns.unit][1],
    )


@bp.post("/<scenario_id>/start")
@pupil_required
def start(scenario_id: str):
    """Start a new run (the server picks the seed), or continue the unfinished one."""
    scenario = _scenario_or_404(scenario_id)
    run = services.start_run(session=get_session(), pupil=current_user, scenario=scenario)
    return redirect(url_for("games.run", public_id=run.public_id), 303)


@bp.get("/run/<public_id>/")
@pupil_required
def run(public_id: str):
    """Where this run is now: its current turn, or the debrief when it is over."""
    run, scenario = _run_or_404(public_id)
    if run.finished_at is not None:
        return redirect(url_for("games.debrief_page", public_id=public_id))
    game = services.game_for(session=get_session(), run=run, scenario=scenario)
    return redirect(url_for("games.turn", public_id=public_id, turn=game.turn))


@bp.get("/run/<public_id>/turn/<int:turn>")
@pupil_required
def turn(public_id: str, turn: int):
    """One turn: the budget, what happened, and the card to answer now."""
    run, scenario = _run_or_404(public_id)
    if run.finished_at is not None:
        return redirect(url_for("games.debrief_page", public_id=public_id))
    game = services.game_for(session=get_session(), run=run, scenario=scenario)
    if turn != game.turn:
        return redirect(url_for("games.turn", public_id=public_id, turn=game.turn))
    return _render_turn(run, scenario, game)


def _render_turn(run, scenario, game, *, error: str | None = None, status: int = 200):
    card = game.card
    title, text = present.card_text(card, game)
    happened = [h for h in game.timeline if h.turn == game.turn]
    return render(
        "games/turn.html",
        scenario=scenario,
        run=run,
        game=game,
        card=card,
        card_title=title,
        card_text=text,
        options=[
            (o, present.option_label(card, o, game), present.unavailable_reason(o))
            for o in card.options
        ],
        happened=happened,
        previous=present.last_choice(game),
        chart=present.chart(game),
        turn_label=present.turn_label(game),
        unit_name=present.UNIT_LABELS[scenario.turns.unit][1],
        timeline=present.timeline_by_turn(game)[1:],
        error=error,
    ), status


@bp.post("/run/<public_id>/choose")
@pupil_required
def choose(public_id: str):
    """Play the pupil's choice for the current card, once; then show the next card."""
    run, scenario = _run_or_404(public_id)
    try:
        turn = int(request.form.get("turn", ""))
    except ValueError:
        abort(400)
    card_id = request.form.get("card", "")
    option_id = request.form.get("option", "")
    session = get_session()
    try:
        game = services.play(session=session, run=run, scenario=scenario, pupil=current_user,
                             turn=turn, card_id=card_id, option_id=option_id)  # fmt: skip
    except services.StaleChoice:
        return redirect(url_for("games.run", public_id=public_id), 303)
    except InvalidChoice:
        game = services.game_for(session=session, run=run, scenario=scenario)
        if game.finished:
            return redirect(url_for("games.debrief_page", public_id=public_id), 303)
        return _render_turn(
            run, scenario, game, status=400,
            error=_("That choice is not possible now. Choose one of the options below."),
        )  # fmt: skip
    if game.finished:
        return redirect(url_for("games.debrief_page", public_id=public_id), 303)
    return redirect(url_for("games.turn", public_id=public_id, turn=game.turn), 303)


@bp.get("/run/<public_id>/debrief")
@pupil_required
def debrief_page(public_id: str):
    """After the last turn: how it went, which choices cost most, what else could have been."""
    run, scenario = _run_or_404(public_id)
    session = get_session()
    game = services.game_for(session=session, run=run, scenario=scenario)
    if not game.finished:
        return redirect(url_for("games.run", public_id=public_id))
    report = debrief(game)
    return render(
        "games/debrief.html",
        scenario=scenario,
        run=run,
        game=game,
        report=report,
        outcome=report.outcome,
        fees=present.fees(game),
        chart=present.chart(game),
        timeline=present.timeline_by_turn(game),
        runs=services.runs_of(session=session, pupil_id=current_user.id, scenario_id=scenario.id),
    )
