"""Game runs: which games a pupil sees, start, play a choice (stored once), finish, summarise.

The database holds a run's seed and choices; ``game_for`` replays them through the engine, so
every page shows the exact state after the choices made so far.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from leergang.assignments.services import assignments_of, visible_item_ids
from leergang.classes.models import Classroom, Pupil
from leergang.classes.schoolyear import school_today
from leergang.content import Library
from leergang.content.scenario_schema import Scenario
from leergang.games.models import GameChoice, GameRun
from leergang.metrics import record
from leergang.simulation import Game, InvalidChoice
from leergang.simulation.engine import replay
from leergang.timeutil import utcnow


def scenarios_for(*, session: Session, library: Library, pupil: Pupil) -> list[Scenario]:
    """The games a pupil may play: those the teacher assigned to them or their class, once the
    start date has come, in the teacher's order."""
    ids = visible_item_ids(session=session, pupil=pupil, kind="game", today=school_today())
    return [library.scenarios[i] for i in ids if i in library.scenarios]


def runs_of(*, session: Session, pupil_id: int, scenario_id: str) -> list[GameRun]:
    return list(
        session.exec(
            select(GameRun)
            .where(GameRun.pupil_id == pupil_id, GameRun.scenario_id == scenario_id)
            .order_by(GameRun.run_number)
        )
    )


def runs_by_scenario(*, session: Session, pupil: Pupil) -> dict[str, list[GameRun]]:
    rows = session.exec(
        select(GameRun).where(GameRun.pupil_id == pupil.id).order_by(GameRun.run_number)
    )
    result: dict[str, list[GameRun]] = {}
    for row in rows:
        result.setdefault(row.scenario_id, []).append(row)
    return result


# Built once: every turn and choice runs both (SQLAlchemy then only binds the values).
_RUN = select(GameRun).where(
    GameRun.public_id == bindparam("public_id"), GameRun.pupil_id == bindparam("pupil_id")
)
_CHOICES = (
    select(GameChoice).where(GameChoice.run_id == bindparam("run_id")).order_by(GameChoice.id)
)


def get_run(*, session: Session, pupil: Pupil, public_id: str) -> GameRun | None:
    params = {"public_id": public_id, "pupil_id": pupil.id}
    return session.exec(_RUN, params=params).first()


def open_run(*, session: Session, pupil: Pupil, scenario: Scenario) -> GameRun | None:
    """The pupil's unfinished run of this game, if any (one at a time)."""
    return session.exec(
        select(GameRun).where(
            GameRun.pupil_id == pupil.id,
            GameRun.scenario_id == scenario.id,
            GameRun.finished_at.is_(None),  # type: ignore[union-attr]
        )
    ).first()


def new_seed() -> int:
    """The seed of a new run: unpredictable, so a replay meets other events."""
    return secrets.randbelow(2**31)


def start_run(*, session: Session, pupil: Pupil, scenario: Scenario) -> GameRun:
    """Continue the unfinished run, or start a new one with a seed the server picks."""
    for _attempt in range(3):
        existing = open_run(session=session, pupil=pupil, scenario=scenario)
        if existing is not None:
            return existing
        last = session.exec(
            select(func.max(GameRun.run_number)).where(
                GameRun.pupil_id == pupil.id, GameRun.scenario_id == scenario.id
            )
        ).one()
        run = GameRun(
            public_id=secrets.token_urlsafe(12),
            pupil_id=pupil.id,
            scenario_id=scenario.id,
            scenario_version=scenario.version,
            run_number=(last or 0) + 1,
            seed=new_seed(),
        )
        try:
            with session.begin_nested():
                session.add(run)
                record.game_started(session=session, pupil=pupil, run=run)
            session.commit()
            return run
        except IntegrityError:  # a double click started the same run number: use that one
            session.rollback()
    raise RuntimeError("could not start a game run")


def choices_of(*, session: Session, run: GameRun) -> list[GameChoice]:
    return list(session.exec(_CHOICES, params={"run_id": run.id}))


def game_for(*, session: Session, run: GameRun, scenario: Scenario) -> Game:
    """Rebuild the run's game from its seed and stored choices.

    ``scenario`` is the version the run started with (``run.scenario_version``; the views ask the
    store for it), so a newer publish does not change the rules mid-game. Only when that version
    is gone do the choices that no longer fit get left out, and the pupil simply continues from
    the first card that is open.
    """
    rows = [(c.turn, c.card_id, c.option_id) for c in choices_of(session=session, run=run)]
    try:
        return replay(scenario, run.seed, rows)
    except InvalidChoice:
        game = Game.start(scenario, run.seed)
        for turn, card_id, option_id in rows:
            try:
                if turn == game.turn:
                    game.choose(card_id, option_id)
            except InvalidChoice:
                continue
        return game


class StaleChoice(Exception):
    """The choice was for a card that is already answered (double click, re-sent form)."""


def play(
    *, session: Session, run: GameRun, scenario: Scenario, pupil: Pupil, turn: int,
    card_id: str, option_id: str,
) -> Game:  # fmt: skip
    """Play one choice and store it once; finish the run when it was the last one.

    Raises ``StaleChoice`` for a card already answered and ``InvalidChoice`` for a choice the
    game does not offer now (an option that does not exist, a turn ahead).
    """
    game = game_for(session=session, run=run, scenario=scenario)
    answered = {(c.turn, c.card_id) for c in game.choices}
    if (turn, card_id) in answered or run.finished_at is not None:
        raise StaleChoice
    if turn != game.turn:
        raise InvalidChoice(f"turn {turn} is not the current turn {game.turn}")
    game.choose(card_id, option_id)
    now = utcnow()
    try:
        with session.begin_nested():
            session.add(GameChoice(run_id=run.id, turn=turn, card_id=card_id, option_id=option_id))
            run.updated_at = now
            if game.finished:
                _finish(session=session, run=run, game=game, pupil=pupil, now=now)
            session.add(run)
        session.commit()
    except IntegrityError:  # the same choice arrived twice at the same moment
        session.rollback()
        raise StaleChoice from None
    return game


def _finish(*, session: Session, run: GameRun, game: Game, pupil: Pupil, now: datetime) -> None:
    outcome = game.outcome()
    run.finished_at = now
    run.goal_reached = outcome.goal_reached
    run.ended_in_debt = outcome.ended_in_debt
    run.fees_cents = outcome.fees
    run.net_cents = outcome.net
    run.wellbeing = outcome.wellbeing
    record.game_outcome(session=session, pupil=pupil, run=run, outcome=outcome)


# --- for teachers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RunSummary:
    run_number: int
    started_at: datetime
    finished_at: datetime | None
    goal_reached: bool | None
    ended_in_debt: bool | None
    fees_cents: int | None
    net_cents: int | None
    wellbeing: int | None

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


@dataclass(frozen=True)
class TeacherRuns:
    runs: int  # how many times the pupil started this game
    first: RunSummary | None  # the first finished run
    best: RunSummary | None  # the best finished run (may be the first)
    # The game versions the pupil played (pinned per run: a newer publish never changes a run).
    versions: tuple[str, ...] = ()


def _summary(run: GameRun) -> RunSummary:
    return RunSummary(run.run_number, run.started_at, run.finished_at, run.goal_reached,
                      run.ended_in_debt, run.fees_cents, run.net_cents, run.wellbeing)  # fmt: skip


def best_key(run: GameRun) -> tuple:
    """Goal reached beats not, no debt beats debt, then fewer fees, then more money left."""
    return (bool(run.goal_reached), not run.ended_in_debt, -(run.fees_cents or 0),
            run.net_cents or 0, -run.run_number)  # fmt: skip


def runs_for_teacher(*, session: Session, pupil_id: int, scenario_id: str) -> TeacherRuns:
    """The pupil's first and best finished run of a game, for the teacher's pupil page."""
    return _teacher_runs(runs_of(session=session, pupil_id=pupil_id, scenario_id=scenario_id))


def _teacher_runs(runs: list[GameRun]) -> TeacherRuns:
    finished = [run for run in runs if run.finished_at is not None]
    versions = tuple(dict.fromkeys(run.scenario_version for run in runs))
    if not finished:
        return TeacherRuns(len(runs), None, None, versions)
    best = _summary(max(finished, key=best_key))
    return TeacherRuns(len(runs), _summary(finished[0]), best, versions)


def runs_for_teacher_by_game(
    *, session: Session, pupil_id: int, scenario_ids: list[str]
) -> dict[str, TeacherRuns]:
    """``runs_for_teacher`` for several games in one query (the teacher's pupil page)."""
    by_game: dict[str, list[GameRun]] = {scenario_id: [] for scenario_id in scenario_ids}
    if scenario_ids:
        for run in session.exec(
            select(GameRun)
            .where(GameRun.pupil_id == pupil_id, GameRun.scenario_id.in_(scenario_ids))  # type: ignore[attr-defined]
            .order_by(GameRun.run_number)
        ):
            by_game[run.scenario_id].append(run)
    return {scenario_id: _teacher_runs(runs) for scenario_id, runs in by_game.items()}


def runs_for_pupil_page(
    *, session: Session, classroom: Classroom, pupil: Pupil, scenarios: Mapping[str, Scenario]
) -> list[tuple[Scenario, TeacherRuns]]:
    """The first and best run of every game assigned to the class, in assignment order, for the
    teacher's pupil page. ``scenarios`` are the games by id in the teacher's language."""
    game_ids = [
        a.item_id
        for a in assignments_of(session=session, classroom=classroom)
        if a.kind == "game" and a.item_id in scenarios
    ]
    runs = runs_for_teacher_by_game(
        session=session, pupil_id=pupil.id, scenario_ids=list(dict.fromkeys(game_ids))
    )
    return [(scenarios[game_id], found) for game_id, found in runs.items()]
