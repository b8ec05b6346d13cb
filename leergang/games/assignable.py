"""Games as something a teacher can assign: the adapter the assignments registry uses.

``GameKind`` has the shape every assignable kind shares (items, the pupil's URL, statuses per
pupil) and mirrors ``learn/assignable.ModuleKind``; ``create_app`` registers both, so the assign
form, the progress grid, the CSV export and "Mijn opdrachten" offer games with no code of their
own.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam
from sqlmodel import Session, select

from leergang.assignments.kinds import NOT_STARTED, ItemStatus
from leergang.content.scenario_schema import Scenario
from leergang.games.models import GameRun
from leergang.library import get_scenarios

# Built once (SQLAlchemy then only binds the lists): Mijn opdrachten and the grid run it.
_RUNS = (
    select(GameRun)
    .where(
        GameRun.pupil_id.in_(bindparam("pupil_ids", expanding=True)),  # type: ignore[attr-defined]
        GameRun.scenario_id.in_(bindparam("item_ids", expanding=True)),  # type: ignore[attr-defined]
    )
    .order_by(GameRun.run_number)
)


class GameKind:
    name = "game"
    label = _l("Game")

    def items(self) -> Mapping[str, Scenario]:
        """Every game that loaded cleanly, by id (``.id .title .description .levels .minutes``),
        in the UI language like lessons."""
        return get_scenarios()

    def pupil_url(self, item_id: str) -> str:
        """The game's cover page, where the pupil starts, continues or replays."""
        return url_for("games.cover", scenario_id=item_id)

    def statuses_by_item(
        self, *, session: Session, pupil_ids: list[int], item_ids: list[str]
    ) -> dict[str, dict[int, ItemStatus]]:
        """Per pupil and game: not started, busy (a run begun, none finished) or done (a run
        finished), in one query for any number of games.

        A game has no right answers, so ``score`` is the share of finished runs that reached the
        savings goal without ending in debt (None before the first finished run, or for a game
        without a goal). ``seconds`` adds up the time spent in every run.
        """
        by_item: dict[str, dict[int, list[GameRun]]] = {item_id: {} for item_id in item_ids}
        if pupil_ids and item_ids:
            params = {"pupil_ids": pupil_ids, "item_ids": item_ids}
            runs = session.exec(_RUNS, params=params)
            for run in runs:
                by_item[run.scenario_id].setdefault(run.pupil_id, []).append(run)
        return {
            item_id: {pupil_id: _status(runs.get(pupil_id, [])) for pupil_id in pupil_ids}
            for item_id, runs in by_item.items()
        }


def _status(runs: list[GameRun]) -> ItemStatus:
    if not runs:
        return NOT_STARTED
    finished = [run for run in runs if run.finished_at is not None]
    seconds = sum(
        max(0, int(((run.finished_at or run.updated_at) - run.started_at).total_seconds()))
        for run in runs
    )
    score = None
    with_goal = [run for run in finished if run.goal_reached is not None]
    if with_goal:
        won = sum(1 for run in with_goal if run.goal_reached and not run.ended_in_debt)
        score = round(100 * won / len(with_goal))
    return ItemStatus(
        state="done" if finished else "busy",
        score=score,
        seconds=seconds,
        started_at=runs[0].started_at,
        finished_at=finished[0].finished_at if finished else None,
    )
