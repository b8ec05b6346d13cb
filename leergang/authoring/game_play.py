"""Try a game while writing it: the play-test runs the draft in the real engine turn by turn, as
a pupil sees it; the balance table plays it with scripted strategies over many seeds.

A play-test writes nothing: no game run, no pupil, no metric event. The run lives in the URL
(``?seed=…&moves=option.option…``) and is rebuilt with ``replay`` on every page, exactly as the
pupil's game is rebuilt from its stored choices.
"""

from __future__ import annotations

import random
import re

from flask import abort, redirect, request, url_for
from flask_babel import gettext as _

from leergang.authoring import game_editor
from leergang.authoring.game_views import author_only, bp, listed, version_or_404
from leergang.games import present
from leergang.simulation import InvalidChoice
from leergang.simulation.balance import STRATEGIES, verdicts
from leergang.simulation.engine import Game
from leergang.web import money, render

MAX_MOVES = 600  # more than any game can ask (52 turns, a few cards each)
# One move is the option chosen for the card the game offers then ("vijf", "zelf=250"); the card
# and turn follow from the replay, so a whole game fits in a short URL.
_MOVE = re.compile(r"^[a-z0-9-]{1,80}(?:=\d{1,9})?$")


def _draft_scenario(content_id: str):
    version = version_or_404(content_id)
    checked = game_editor.check(content_id=content_id, text=version.yaml_text)
    return version, checked


def _moves(text: str) -> list[str] | None:
    """The options chosen so far, from the URL; None when they are not moves at all."""
    if not text:
        return []
    moves = text.split(".")
    if len(moves) > MAX_MOVES or not all(_MOVE.match(move) for move in moves):
        return None
    return moves


def _replay(scenario, seed: int, moves: list[str]) -> Game:
    """The play-test so far: each move answers the card the engine offered at that point."""
    game = Game.start(scenario, seed)
    for option in moves:
        if game.finished or game.card is None:
            raise InvalidChoice("the game is over")
        game.choose(game.card.id, option)
    return game


@bp.get("/<content_id>/playtest")
@author_only
def playtest(content_id: str):
    """The draft as a pupil plays it: this turn's card, the budget and what happened."""
    version, checked = _draft_scenario(content_id)
    scenario = checked.scenario
    if scenario is None:
        return render("author/games/playtest.html", version=version, game=None,
                      problems=listed(checked.problems)), 409  # fmt: skip
    seed_text = request.args.get("seed", "")
    if not seed_text.isdigit() or len(seed_text) > 9:
        seed = random.randrange(1, 10**9)  # noqa: S311 - a play-test, not a secret
        return redirect(url_for("game_editor.playtest", content_id=content_id, seed=seed))
    moves = _moves(request.args.get("moves", ""))
    if moves is None:
        abort(400)
    try:
        game = _replay(scenario, int(seed_text), moves)
    except InvalidChoice:
        abort(400)
    if game.finished:
        return render("author/games/playtest.html", version=version, problems=[],
                      **present.debrief_page(game))  # fmt: skip
    return render(
        "author/games/playtest.html",
        version=version,
        problems=[],
        **present.turn_page(game),
        choose_url=url_for("game_editor.playtest_choose", content_id=content_id),
        hidden_fields=(("seed", seed_text), ("moves", ".".join(moves))),
        **_refusal(request.args.get("refused"), game),
    )


def _refusal(refused: str | None, game: Game) -> dict:
    """What the pupil's turn says about the choice just refused (the play-test redirects, so
    the reason travels in the URL): an amount, or a choice not possible now."""
    if refused in ("amount", "euros"):
        return {"amount_error": present.amount_refused(game, readable=refused == "amount")}
    if refused:
        return {"error": present.choice_refused()}
    return {}


@bp.post("/<content_id>/playtest")
@author_only
def playtest_choose(content_id: str):
    """Play one choice of the play-test; the next page shows the next card (nothing is stored)."""
    _version, checked = _draft_scenario(content_id)
    if checked.scenario is None:
        abort(409)
    form = request.form
    seed_text = form.get("seed", "")
    moves = _moves(form.get("moves", ""))
    if not seed_text.isdigit() or len(seed_text) > 9 or moves is None:
        abort(400)
    option = form.get("option", "")
    typed = form.get("amount")
    if typed is not None:
        cents = present.parse_euros(typed)
        if cents is None or "=" in option:
            return _back(content_id, seed_text, moves, refused="euros")
        option = f"{option}={cents}"
    try:
        game = _replay(checked.scenario, int(seed_text), moves)
        turn_text = form.get("turn", "")
        turn = int(turn_text) if turn_text.isdigit() and len(turn_text) <= 3 else 0
        if turn != game.turn or game.finished:
            return _back(content_id, seed_text, moves)  # an old page sent again
        game.choose(form.get("card", ""), option)
    except InvalidChoice:
        return _back(content_id, seed_text, moves, refused="amount" if typed is not None else "1")
    return _back(content_id, seed_text, [*moves, option])


def _back(content_id: str, seed: str, moves: list, refused: str | None = None):
    target = url_for("game_editor.playtest", content_id=content_id, seed=seed,
                     moves=".".join(moves) or None, refused=refused)  # fmt: skip
    return redirect(target, 303)


@bp.get("/<content_id>/balance")
@author_only
def balance(content_id: str):
    """Outcomes per scripted strategy over many seeds, and what the balance tests would say."""
    version, checked = _draft_scenario(content_id)
    scenario = checked.scenario
    if scenario is None:
        return render("author/games/balance.html", version=version, rows=[], flags=[],
                      problems=listed(checked.problems)), 409  # fmt: skip
    rows = game_editor.balance_rows(scenario, version.yaml_text)
    names = strategy_names()
    flags = [
        (v.kind, v.reason(_, money, lambda name: names[name][0])) for v in verdicts(scenario, rows)
    ]
    return render("author/games/balance.html", version=version, scenario=scenario, rows=rows,
                  flags=flags, problems=[], seeds=len(game_editor.BALANCE_SEEDS),
                  names=names)  # fmt: skip


def strategy_names() -> dict[str, tuple[str, str]]:
    """Per strategy: a short name for the table, and what that player does."""
    names = {
        "responsible": (_("Careful"), _("Pays bills, resists temptations, saves for the goal.")),
        "careless": (
            _("Careless"),
            _("Gives in to every temptation, never saves, puts bills off."),
        ),
        "never_save": (_("Never saves"), _("Careful in everything, but never saves.")),
        "put_off_bills": (_("Puts bills off"), _("Careful, but puts off every bill.")),
        "random": (_("Random"), _("Picks any option.")),
        "spend_and_save": (
            _("Saves and spends"),
            _("Careful with bills and saves, but gives in to every temptation."),
        ),
    }
    return {name: names.get(name, (name, "")) for name in STRATEGIES}
