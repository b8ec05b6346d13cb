"""Every anonymous event is written here, inside the caller's transaction.

learn and games call these writers next to their own rows, so an answer never exists without its
event. Events carry a pseudonym, never a name, pupil id or class id, and they outlive the pupil.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from leergang.classes.models import Pupil
from leergang.games.models import GameRun
from leergang.learn.models import ModuleProgress, StepAnswer
from leergang.metrics.models import AnswerEvent, GameOutcome


def answer_event(
    *, session: Session, pupil: Pupil, progress: ModuleProgress, step, row: StepAnswer
) -> AnswerEvent:
    """The anonymous copy of a question's answer: it stays when the pupil is deleted."""
    check = getattr(step, "knowledge_check", None)
    event = AnswerEvent(
        pseudonym=pupil.pseudonym,
        module_id=progress.module_id,
        module_version=progress.module_version,
        step_id=step.id,
        correct=bool(row.correct),
        score=row.score,
        knowledge_check_test=check.test if check else None,
        knowledge_check_construct=check.construct_id if check else None,
    )
    session.add(event)
    return event


def game_outcome(
    *, session: Session, pupil: Pupil, run: GameRun, outcome, now: datetime
) -> GameOutcome:
    """How a finished run ended (``outcome`` is the engine's ``Game.outcome()``)."""
    event = GameOutcome(
        pseudonym=pupil.pseudonym,
        scenario_id=run.scenario_id,
        scenario_version=run.scenario_version,
        run_number=run.run_number,
        goal_reached=outcome.goal_reached,
        ended_in_debt=outcome.ended_in_debt,
        fees_cents=outcome.fees,
        cash_cents=outcome.balances["cash"],
        bank_cents=outcome.balances["bank"],
        savings_cents=outcome.balances["savings"],
        debt_cents=outcome.debt,
        wellbeing=outcome.wellbeing,
        turns=outcome.turns,
        finished_at=now,
    )
    session.add(event)
    return event
