"""Pupil pages for the budget games: the list, a game's cover, one URL per turn, the debrief.

Every form works without JavaScript (POST-redirect-GET); htmx's hx-boost only makes it smoother:
a choice answers a boosted form with the next turn itself (web.page_after_post).
A choice carries its turn and card, so a double click or a re-sent form plays nothing twice.
"""

from __future__ import annotations

from flask import Blueprint, abort, g, redirect, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from leergang.auth.access import pupil_required
from leergang.content.scenario_schema import Scenario
from leergang.db import get_session
from leergang.games import present, services
from leergang.games.models import GameRun
from leergang.library import get_library, get_scenario_version
from leergang.simulation import InvalidChoice
from leergang.web import page_after_post, render

bp = Blueprint("games", __name__, url_prefix="/games")


def _scenarios() -> list[Scenario]:
    """The pupil's games, in the UI language when a translation exists (same ids and amounts,
    so a run started in Dutch continues exactly the same in English). Asked once per request:
    a choice answered with the next turn (``page_after_post``) needs them twice."""
    found = g.get("pupil_scenarios")
    if found is None:
        allowed = services.scenarios_for(
            session=get_session(), library=get_library(), pupil=current_user
        )
        lang = str(get_locale())
        found = g.pupil_scenarios = [scenario.for_language(lang) for scenario in allowed]
    return found


def _game(run: GameRun, scenario: Scenario):
    """The run's game: the one this request just played (``choose`` answers with the next turn
    or the debrief), else rebuilt from the seed and the stored choices."""
    played = g.get("played")
    if played is not None and played[0] == run.id:
        return played[1]
    return services.game_for(session=get_session(), run=run, scenario=scenario)


def _scenario_or_404(scenario_id: str) -> Scenario:
    scenario = next((s for s in _scenarios() if s.id == scenario_id), None)
    if scenario is None:
        abort(404)
    return scenario


def _run_or_404(public_id: str) -> tuple[GameRun, Scenario]:
    """The pupil's run and the game version it started with: a newer publish never changes the
    rules of a game under a pupil who is playing it (the cover and new runs get the new one)."""
    run = services.get_run(session=get_session(), pupil=current_user, public_id=public_id)
    if run is None:
        abort(404)
    published = _scenario_or_404(run.scenario_id)
    if run.scenario_version == published.version:
        return run, published
    return run, get_scenario_version(run.scenario_id, run.scenario_version) or published


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
    game = _game(run, scenario)
    if turn != game.turn:
        return redirect(url_for("games.turn", public_id=public_id, turn=game.turn))
    return _render_turn(run, game)


def _render_turn(run, game, *, error: str | None = None, status: int = 200,
                 amount_error: str | None = None, amount_value: str = ""):  # fmt: skip
    return render(
        "games/turn.html",
        **present.turn_page(game),
        run=run,
        choose_url=url_for("games.choose", public_id=run.public_id),
        hidden_fields=(),
        amount_error=amount_error,
        amount_value=amount_value,
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
    typed = request.form.get("amount")
    if typed is not None:  # an option where the pupil picks how much: "<option>=<cents>"
        cents = present.parse_euros(typed)
        if cents is None or "=" in option_id:
            return _amount_refused(run, scenario, typed, readable=False)
        option_id = f"{option_id}={cents}"
    try:
        game = services.play(session=session, run=run, scenario=scenario, pupil=current_user,
                             turn=turn, card_id=card_id, option_id=option_id)  # fmt: skip
    except services.StaleChoice:
        return redirect(url_for("games.run", public_id=public_id), 303)
    except InvalidChoice:
        if typed is not None:
            return _amount_refused(run, scenario, typed)
        game = services.game_for(session=session, run=run, scenario=scenario)
        if game.finished:
            return redirect(url_for("games.debrief_page", public_id=public_id), 303)
        return _render_turn(
            run, game, status=400,
            error=present.choice_refused(),
        )  # fmt: skip
    g.played = (run.id, game)
    if game.finished:
        return page_after_post("games.debrief_page", code=303, public_id=public_id)
    return page_after_post("games.turn", code=303, public_id=public_id, turn=game.turn)


def _amount_refused(run, scenario, typed: str, *, readable: bool = True):
    """The amount typed is not a number, or not one this option allows now: say which are."""
    game = services.game_for(session=get_session(), run=run, scenario=scenario)
    if game.finished:
        return redirect(url_for("games.debrief_page", public_id=run.public_id), 303)
    return _render_turn(run, game, status=400, amount_value=typed[:12],
                        amount_error=present.amount_refused(game, readable=readable))  # fmt: skip


@bp.get("/run/<public_id>/debrief")
@pupil_required
def debrief_page(public_id: str):
    """After the last turn: how it went, which choices cost most, what else could have been."""
    run, scenario = _run_or_404(public_id)
    game = _game(run, scenario)
    if not game.finished:
        return redirect(url_for("games.run", public_id=public_id))
    return render("games/debrief.html", **present.debrief_page(game), run=run)
