"""Reach and use: pupils, classes and schools reached, funnels, levels and self-efficacy.

Everything here reads ``ItemSummary`` (one row per pupil and module or game, see ``summaries``)
within ``services.scoped`` (research use only, the programme's schools, the filters), so a count
of rows is a count of pupils. Two statements give reach; one ``GROUP BY kind, item, level`` gives
the funnels, the module × level table and the self-efficacy sums together: on a million events
every scan of the summary table costs tens of milliseconds, so the page makes few of them.

Reach counts distinct pupils and classes with ``GROUP BY`` subqueries rather than
``COUNT(DISTINCT …)``: both databases then read the covering indexes ``ix_item_summary_pupil``
and ``ix_item_summary_class`` in order (SQLite) or hash them (PostgreSQL) instead of sorting.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Float, and_, case, cast, distinct, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session

from leergang.metrics.models import Group, ItemSummary
from leergang.metrics.services import Scope, scoped
from leergang.metrics.summaries import GAME, MODULE


@dataclass(frozen=True)
class Reach:
    schools: int
    classes: int
    pupils: int
    pupils_completing: int  # finished at least one module


def reach(*, session: Session, scope: Scope) -> Reach:
    """Schools, classes and pupils with at least one module or game started."""
    s = ItemSummary
    done = case((and_(s.kind == MODULE, s.finished.is_(True)), 1), else_=0)
    pupils = (
        sa_select(func.max(done).label("done"))
        .where(*scoped(s, scope))
        .group_by(s.pseudonym)
        .subquery()
    )
    n_pupils, completing = session.execute(
        sa_select(func.count(), func.coalesce(func.sum(pupils.c.done), 0))
    ).one()
    classes = (
        sa_select(s.class_key, s.school_key)
        .where(*scoped(s, scope))
        .group_by(s.class_key, s.school_key)
        .subquery()
    )
    c = classes.c
    schools, n_classes = session.execute(
        sa_select(func.count(distinct(c.school_key)), func.count(distinct(c.class_key)))
    ).one()
    return Reach(int(schools), int(n_classes), int(n_pupils), int(completing))


@dataclass(frozen=True)
class Funnel:
    """Pupils at each stage of one module (or game: started, finished)."""

    item_id: str
    started: int
    pre_test: int = 0
    post_test: int = 0
    finished: int = 0


@dataclass(frozen=True)
class Efficacy:
    module_id: str
    pupils_before: int
    mean_before: float | None
    pupils_after: int
    mean_after: float | None
    # Lesson-group pupils who rated before and after: how many, Σd and Σd² of d = their mean
    # rating after − their mean rating before (the paired difference, see stats.mean_difference).
    pairs: int = 0
    diff_sum: float = 0.0
    diff_squares: float = 0.0


@dataclass(frozen=True)
class Use:
    module_funnels: list[Funnel]
    game_funnels: list[Funnel]
    modules: list[str]  # the module × level table: rows
    levels: list[str]  # columns ("" for no level)
    level_table: list[list[int]]  # pupils who started each module, per level
    efficacy: list[Efficacy]


def use(*, session: Session, scope: Scope) -> Use:
    """Funnels of modules and games, pupils per module and level, and self-efficacy sums."""
    s = ItemSummary
    rated_both = and_(
        s.efficacy_pre_count > 0,
        s.efficacy_post_count > 0,
        or_(s.group.is_(None), s.group == Group.LESSON),
    )
    diff = cast(s.efficacy_post_sum, Float) / s.efficacy_post_count - (
        cast(s.efficacy_pre_sum, Float) / s.efficacy_pre_count
    )

    def count(condition):
        return func.sum(case((condition, 1), else_=0))

    rows = session.execute(
        sa_select(
            s.kind, s.item_id, s.level, func.count(), count(s.pre_answered > 0),
            count(s.post_answered > 0), count(s.finished.is_(True)),
            count(s.efficacy_pre_count > 0), func.sum(s.efficacy_pre_sum),
            func.sum(s.efficacy_pre_count), count(s.efficacy_post_count > 0),
            func.sum(s.efficacy_post_sum), func.sum(s.efficacy_post_count), count(rated_both),
            func.sum(case((rated_both, diff), else_=0.0)),
            func.sum(case((rated_both, diff * diff), else_=0.0)),
        )  # fmt: skip
        .where(*scoped(s, scope))
        .group_by(s.kind, s.item_id, s.level)
    ).all()
    sums: dict[tuple[str, str], list[float]] = {}
    per_level: dict[tuple[str, str], int] = {}
    for kind, item_id, level, *values in rows:
        total = sums.setdefault((kind, item_id), [0] * len(values))
        for i, value in enumerate(values):
            total[i] += value or 0
        if kind == MODULE:
            per_level[item_id, level or ""] = int(values[0])
    funnels: dict[str, list[Funnel]] = {MODULE: [], GAME: []}
    efficacy = []
    for (kind, item_id), v in sorted(sums.items(), key=lambda pair: pair[0][1]):
        funnels.setdefault(kind, []).append(Funnel(item_id, *(int(x) for x in v[:4])))
        pre_n, pre_sum, pre_count, post_n, post_sum, post_count, pairs, d_sum, d_squares = v[4:]
        if kind == MODULE and pre_count + post_count > 0:
            efficacy.append(Efficacy(
                item_id, int(pre_n), pre_sum / pre_count if pre_count else None, int(post_n),
                post_sum / post_count if post_count else None, int(pairs), float(d_sum),
                float(d_squares),
            ))  # fmt: skip
    modules = sorted({m for m, _level in per_level})
    levels = sorted({level for _m, level in per_level})
    table = [[per_level.get((m, level), 0) for level in levels] for m in modules]
    return Use(funnels[MODULE], funnels[GAME], modules, levels, table, efficacy)
