"""The pre-aggregate behind the evaluator's figures: one ``ItemSummary`` row per pupil and item.

A million events would take seconds to count on every page; one row per pupil and module (or
game) takes milliseconds. The row is kept in step in the same transaction as the events
(``record`` calls ``started``/``answered``/``rated``/``finished`` beside each event), and
``rebuild`` recomputes every row from the events in SQL (the migration, tests and benchmarks that
write events directly, and a repair if ever needed).

Why it stays correct:
- a pupil marked "no research use": ``record.set_research_use`` flips ``research_use`` on the
  events *and* on the summary rows (``RESEARCH_TABLES``), in one transaction;
- a pupil deleted: events and summary rows have no foreign key to the pupil and stay, under a
  pseudonym nothing links to any more, so totals do not change;
- a class marked as comparison: ``services.set_comparison`` moves events and summary rows to the
  group together.
"""

from __future__ import annotations

from sqlalchemy import Integer, delete, exists, func, insert, literal, select, update
from sqlmodel import Session

from leergang.metrics.models import (
    ActivityEvent,
    ActivityKind,
    AnswerEvent,
    ItemSummary,
    SelfEfficacyEvent,
)

MODULE, GAME = "module", "game"
CONTEXT = ("pseudonym", "school_key", "level", "school_year", "iso_week", "research_use",
           "class_key", "group")  # fmt: skip


def _row(pseudonym: str, kind: str, item_id: str):
    return (
        ItemSummary.pseudonym == pseudonym,
        ItemSummary.kind == kind,
        ItemSummary.item_id == item_id,
    )


def started(*, session: Session, context: dict, kind: str, item_id: str) -> None:
    """The pupil started a module or their first run of a game."""
    session.add(ItemSummary(**context, kind=kind, item_id=item_id))
    session.flush()


def answered(*, session: Session, pseudonym: str, module_id: str, test: str, score: float):
    """A pre- or post-test question answered (the first answer to a step only)."""
    column = "pre" if test == "pre" else "post"
    answered_col = getattr(ItemSummary, f"{column}_answered")
    score_col = getattr(ItemSummary, f"{column}_score")
    session.execute(
        update(ItemSummary)
        .where(*_row(pseudonym, MODULE, module_id))
        .values({answered_col: answered_col + 1, score_col: score_col + score})
    )


def rated(*, session: Session, pseudonym: str, module_id: str, moment: str, ratings: list[int]):
    """Self-efficacy ratings before (``pre``) or after (``post``) the module."""
    column = "pre" if moment == "pre" else "post"
    count_col = getattr(ItemSummary, f"efficacy_{column}_count")
    sum_col = getattr(ItemSummary, f"efficacy_{column}_sum")
    session.execute(
        update(ItemSummary)
        .where(*_row(pseudonym, MODULE, module_id))
        .values({count_col: count_col + len(ratings), sum_col: sum_col + sum(ratings)})
    )


def finished(*, session: Session, pseudonym: str, kind: str, item_id: str) -> None:
    session.execute(
        update(ItemSummary).where(*_row(pseudonym, kind, item_id)).values(finished=True)
    )


def rebuild(*, session: Session) -> None:
    """Recompute every summary row from the events, in SQL; the caller commits."""
    session.execute(delete(ItemSummary))
    a = ActivityEvent
    for kind, start_kind in ((MODULE, ActivityKind.MODULE_STARTED),
                             (GAME, ActivityKind.GAME_STARTED)):  # fmt: skip
        columns = [getattr(a, c) for c in CONTEXT]
        session.execute(
            insert(ItemSummary).from_select(
                [*CONTEXT, "kind", "item_id"],
                select(*columns, literal(kind), a.item_id).where(
                    a.kind == start_kind, a.run_number == 1
                ),
            )
        )
    s = ItemSummary
    for kind, finish_kind in ((MODULE, ActivityKind.MODULE_FINISHED),
                              (GAME, ActivityKind.GAME_FINISHED)):  # fmt: skip
        done = exists().where(a.pseudonym == s.pseudonym, a.item_id == s.item_id,
                              a.kind == finish_kind)  # fmt: skip
        session.execute(update(s).where(s.kind == kind, done).values(finished=True))
    values = {}
    for test in ("pre", "post"):
        mine = (AnswerEvent.pseudonym == s.pseudonym, AnswerEvent.module_id == s.item_id,
                AnswerEvent.knowledge_check_test == test)  # fmt: skip
        values[f"{test}_answered"] = select(func.count()).where(*mine).scalar_subquery()
        values[f"{test}_score"] = (
            select(func.coalesce(func.sum(AnswerEvent.score), 0.0)).where(*mine).scalar_subquery()
        )
        e = SelfEfficacyEvent
        rated_here = (e.pseudonym == s.pseudonym, e.module_id == s.item_id, e.moment == test)
        values[f"efficacy_{test}_count"] = select(func.count()).where(*rated_here).scalar_subquery()
        values[f"efficacy_{test}_sum"] = (
            select(func.coalesce(func.sum(e.rating), 0).cast(Integer))
            .where(*rated_here)
            .scalar_subquery()
        )
    session.execute(update(s).where(s.kind == MODULE).values(values))
