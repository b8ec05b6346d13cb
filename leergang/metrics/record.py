"""Every anonymous event is written here, inside the caller's transaction.

learn and games call these writers next to their own rows (in the same ``begin_nested`` block),
so an answer never exists without its event, and a repeated request that stores nothing new
records nothing twice (each event table has a unique key as the last guard).

An event carries ``context(...)`` and its own facts, nothing more: no name, pupil id, class id,
free text or time finer than the ISO week.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import update
from sqlmodel import Session

from leergang.classes.models import Classroom, Pupil, School
from leergang.classes.schoolyear import school_today
from leergang.content.steps import SelfEfficacy
from leergang.games.models import GameRun
from leergang.learn.models import ModuleProgress, StepAnswer
from leergang.metrics import summaries
from leergang.metrics.models import (
    RESEARCH_TABLES,
    ActivityEvent,
    ActivityKind,
    AnswerEvent,
    GameOutcome,
    Group,
    SelfEfficacyEvent,
)

OPTION_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # content.fields.Slug


def iso_week(day: date) -> str:
    """``2026-W48``: the finest time an event keeps."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def context(*, session: Session, pupil: Pupil, today: date | None = None) -> dict[str, Any]:
    """The context every event of ``pupil`` carries."""
    classroom = session.get(Classroom, pupil.classroom_id)
    school = session.get(School, classroom.school_id)
    return {
        "pseudonym": pupil.pseudonym,
        "school_key": school.research_key,
        "level": classroom.level,
        "school_year": classroom.school_year or None,
        "iso_week": iso_week(today or school_today()),
        "research_use": not pupil.no_research_use,
        "class_key": classroom.research_key,
        "group": Group.COMPARISON if classroom.comparison else Group.LESSON,
    }


def step_answered(
    *, session: Session, pupil: Pupil, progress: ModuleProgress, step, row: StepAnswer
) -> None:
    """The events of a step's first answer: a question's result, or self-efficacy ratings.

    Reflections record nothing: their text stays between pupil and teacher.
    """
    if step.is_question:
        answer_event(session=session, pupil=pupil, progress=progress, step=step, row=row)
    elif isinstance(step, SelfEfficacy):
        self_efficacy(session=session, pupil=pupil, progress=progress, step=step, row=row)


def answer_event(
    *, session: Session, pupil: Pupil, progress: ModuleProgress, step, row: StepAnswer
) -> AnswerEvent:
    """The anonymous copy of a question's answer: it stays when the pupil is deleted."""
    check = getattr(step, "knowledge_check", None)
    event = AnswerEvent(
        **context(session=session, pupil=pupil),
        module_id=progress.module_id,
        module_version=progress.module_version,
        step_id=step.id,
        correct=bool(row.correct),
        score=row.score,
        chosen=chosen_options(row.answer),
        knowledge_check_test=check.test if check else None,
        knowledge_check_construct=check.construct_id if check else None,
    )
    session.add(event)
    if check:
        summaries.answered(
            session=session,
            pseudonym=pupil.pseudonym,
            module_id=progress.module_id,
            test=check.test,
            score=row.score,
        )
    return event


def chosen_options(answer: dict[str, Any]) -> str | None:
    """The option id(s) of a choice question's stored answer, comma-joined; None otherwise.

    Single choice stores ``{"choice": id}``, true/false ``{"choice": bool}``, multiple choice
    ``{"choices": [ids]}``; only these shapes are read, and only slug-shaped ids are kept, so no
    text a pupil typed (a reflection, a number) can end up in the anonymous record.
    """
    choice, choices = answer.get("choice"), answer.get("choices")
    if isinstance(choice, bool):
        ids = ["true" if choice else "false"]
    elif isinstance(choice, str):
        ids = [choice]
    elif isinstance(choices, list) and choices:
        ids = choices
    else:
        return None
    if not all(isinstance(i, str) and OPTION_ID.fullmatch(i) for i in ids):
        return None
    joined = ",".join(ids)
    return joined if len(joined) <= 255 else None


def self_efficacy(
    *, session: Session, pupil: Pupil, progress: ModuleProgress, step: SelfEfficacy,
    row: StepAnswer,
) -> list[SelfEfficacyEvent]:  # fmt: skip
    """One event per rated statement; the statement id is the construct shared by pre and post."""
    base = context(session=session, pupil=pupil)
    ratings = row.answer.get("ratings", {})
    events = [
        SelfEfficacyEvent(
            **base,
            module_id=progress.module_id,
            module_version=progress.module_version,
            moment=step.moment,
            statement_id=statement.id,
            rating=int(ratings[statement.id]),
        )
        for statement in step.statements
        if statement.id in ratings
    ]
    session.add_all(events)
    summaries.rated(session=session, pseudonym=pupil.pseudonym, module_id=progress.module_id,
                    moment=step.moment, ratings=[e.rating for e in events])  # fmt: skip
    return events


def module_started(*, session: Session, pupil: Pupil, progress: ModuleProgress) -> None:
    _activity(session, pupil, ActivityKind.MODULE_STARTED, progress.module_id,
              progress.module_version)  # fmt: skip
    summaries.started(session=session, context=context(session=session, pupil=pupil),
                      kind=summaries.MODULE, item_id=progress.module_id)  # fmt: skip


def module_finished(*, session: Session, pupil: Pupil, progress: ModuleProgress) -> None:
    _activity(session, pupil, ActivityKind.MODULE_FINISHED, progress.module_id,
              progress.module_version)  # fmt: skip
    summaries.finished(session=session, pseudonym=pupil.pseudonym, kind=summaries.MODULE,
                       item_id=progress.module_id)  # fmt: skip


def game_started(*, session: Session, pupil: Pupil, run: GameRun) -> None:
    _activity(session, pupil, ActivityKind.GAME_STARTED, run.scenario_id, run.scenario_version,
              run.run_number)  # fmt: skip
    if run.run_number == 1:
        summaries.started(session=session, context=context(session=session, pupil=pupil),
                          kind=summaries.GAME, item_id=run.scenario_id)  # fmt: skip


def game_outcome(*, session: Session, pupil: Pupil, run: GameRun, outcome) -> GameOutcome:
    """A run finished: the funnel event and how it ended (``outcome`` is ``Game.outcome()``)."""
    _activity(session, pupil, ActivityKind.GAME_FINISHED, run.scenario_id, run.scenario_version,
              run.run_number)  # fmt: skip
    summaries.finished(session=session, pseudonym=pupil.pseudonym, kind=summaries.GAME,
                       item_id=run.scenario_id)  # fmt: skip
    event = GameOutcome(
        **context(session=session, pupil=pupil),
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
    )
    session.add(event)
    return event


def _activity(
    session: Session, pupil: Pupil, kind: str, item_id: str, version: str, run_number: int = 1
) -> None:
    session.add(
        ActivityEvent(
            **context(session=session, pupil=pupil),
            kind=kind,
            item_id=item_id,
            item_version=version,
            run_number=run_number,
        )
    )


def set_research_use(*, session: Session, pupil: Pupil, allowed: bool) -> None:
    """Mark the pupil (and every event recorded for them so far) for or against research use.

    Only possible while the pupil exists: the pseudonym on the pupil row is the only link.
    """
    pupil.no_research_use = not allowed
    session.add(pupil)
    for table in RESEARCH_TABLES:  # the events and their summary rows
        session.execute(
            update(table).where(table.pseudonym == pupil.pseudonym).values(research_use=allowed)
        )
    session.commit()
