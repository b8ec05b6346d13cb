"""Queries over the anonymous record, for the evaluator's figures and exports.

Every evaluator query starts from ``research_events``: it leaves out the events of pupils whose
teacher marked them "no research use", so no figure or export can forget that mark. ``scoped``
adds the evaluator's programme (its schools' keys) and the filters (school year, level, ISO weeks).

The database does the counting (``GROUP BY``) over ``ItemSummary``, the pre-aggregate with one
row per pupil and module or game (``summaries`` says how it stays correct when a pupil is deleted
or opted out); reach, funnels and self-efficacy are in ``use``; game outcomes are counted from
``GameOutcome`` (one row per run). The knowledge gain comes back as sums per module and per class
(``gain_sums``), from which ``sums`` computes the paired and clustered statistics. No query reads
the events one by one into Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import (
    and_,
    case,
    distinct,
    func,
    or_,
    update,
)
from sqlalchemy import select as sa_select
from sqlmodel import Session, select
from sqlmodel.sql.expression import SelectOfScalar

from leergang.classes.models import Classroom, School
from leergang.metrics.models import (
    RESEARCH_TABLES,
    EventContext,
    GameOutcome,
    GoNoGoCriterion,
    Group,
    ItemSummary,
    Programme,
    ProgrammeEvaluator,
    ProgrammeSchool,
)
from leergang.metrics.summaries import MODULE
from leergang.metrics.sums import ClassSums

E = TypeVar("E", bound=EventContext)


def research_events(table: type[E]) -> SelectOfScalar[E]:
    """``SELECT`` the events of ``table`` that may be used for research."""
    return select(table).where(table.research_use.is_(True))  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Scope:
    """Whose events a figure covers: the programme's schools, narrowed by the filters."""

    school_keys: tuple[str, ...]
    school_year: str | None = None
    level: str | None = None
    week_from: str | None = None  # "2026-W40", inclusive
    week_to: str | None = None


def scoped(table, scope: Scope) -> list:
    """The WHERE conditions for ``table``'s events in ``scope`` (research use included)."""
    conditions = [table.research_use.is_(True), table.school_key.in_(scope.school_keys)]
    if scope.school_year:
        conditions.append(table.school_year == scope.school_year)
    if scope.level:
        conditions.append(table.level == scope.level)
    if scope.week_from:
        conditions.append(table.iso_week >= scope.week_from)
    if scope.week_to:
        conditions.append(table.iso_week <= scope.week_to)
    return conditions


# -- programmes ---------------------------------------------------------------------------------


def programme_of(*, session: Session, staff_user_id: int) -> Programme | None:
    """The programme an evaluator belongs to, if any."""
    return session.exec(
        select(Programme)
        .join(ProgrammeEvaluator, ProgrammeEvaluator.programme_id == Programme.id)
        .where(ProgrammeEvaluator.staff_user_id == staff_user_id)
    ).first()


def programme_schools(*, session: Session, programme: Programme) -> list[School]:
    return list(
        session.exec(
            select(School)
            .join(ProgrammeSchool, ProgrammeSchool.school_id == School.id)
            .where(ProgrammeSchool.programme_id == programme.id)
            .order_by(School.name)
        )
    )


def programme_classes(*, session: Session, programme: Programme) -> list[tuple[School, Classroom]]:
    """Every class of the programme's schools, with its school, for marking comparison classes."""
    rows = session.exec(
        select(School, Classroom)
        .join(Classroom, Classroom.school_id == School.id)
        .join(ProgrammeSchool, ProgrammeSchool.school_id == School.id)
        .where(ProgrammeSchool.programme_id == programme.id)
        .order_by(School.name, Classroom.school_year.desc(), Classroom.name)
    )
    return list(rows)


def set_comparison(*, session: Session, programme: Programme, comparison_keys: set[str]) -> None:
    """Mark exactly the classes with these research keys as comparison classes (within the
    programme) and move their events, earlier ones too, into the matching group."""
    for _school, classroom in programme_classes(session=session, programme=programme):
        wanted = classroom.research_key in comparison_keys
        if classroom.comparison == wanted:
            continue
        classroom.comparison = wanted
        session.add(classroom)
        group = Group.COMPARISON if wanted else Group.LESSON
        for table in RESEARCH_TABLES:
            session.execute(
                update(table).where(table.class_key == classroom.research_key).values(group=group)
            )
    session.commit()


def criteria(*, session: Session, programme: Programme) -> list[GoNoGoCriterion]:
    return list(
        session.exec(
            select(GoNoGoCriterion)
            .where(GoNoGoCriterion.programme_id == programme.id)
            .order_by(GoNoGoCriterion.id)
        )
    )


def filter_choices(*, session: Session, scope: Scope) -> tuple[list[str], list[str]]:
    """The school years and levels that occur in the programme's figures, for the filter form."""
    pairs = session.execute(
        sa_select(ItemSummary.school_year, ItemSummary.level)
        .where(*scoped(ItemSummary, Scope(scope.school_keys)))
        .distinct()
    ).all()
    years = sorted({year for year, _level in pairs if year}, reverse=True)
    return years, sorted({level for _year, level in pairs if level})


# -- knowledge gain -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ModuleSums:
    """A module's lesson-group pupils with both whole tests, as sums (``sums`` makes figures)."""

    module_id: str
    total: ClassSums
    classes: int
    diff_squares: float  # Σ over classes of (Σd_c)², d = post − pre
    n_diff: float  # Σ n_c · Σd_c
    n_squares: float  # Σ n_c²


def gain_sums(
    *, session: Session, scope: Scope, items: dict[str, tuple[int, int]]
) -> tuple[list[ModuleSums], list[tuple[str, ClassSums]]]:
    """The knowledge-gain sums of pupils who took the whole pre-test and the whole post-test:
    per module (lesson group), and per class and group pooled over modules, each pupil's scores
    as shares of the questions (for the overall gain and the comparison).

    ``items`` gives each module's number of pre- and post-test questions (from the lesson files);
    a pupil who answered fewer than that (e.g. stopped halfway) is left out. The database adds
    up per module and class; Python adds those rows up per module and per class.
    """
    s = ItemSummary
    wanted = {m: q for m, q in sorted(items.items()) if q[0] and q[1]}
    if not wanted:
        return [], []
    complete = [
        and_(s.item_id == m, s.pre_answered == pre, s.post_answered == post)
        for m, (pre, post) in wanted.items()
    ]
    rows = session.execute(
        sa_select(
            s.item_id, s.class_key, s.group, func.count(), func.sum(s.pre_score),
            func.sum(s.post_score), func.sum(s.pre_score * s.pre_score),
            func.sum(s.post_score * s.post_score), func.sum(s.pre_score * s.post_score),
        )  # fmt: skip
        .where(*scoped(s, scope), s.kind == MODULE, or_(*complete))
        .group_by(s.item_id, s.class_key, s.group)
    )
    # One row per module and class: add up per module (lesson group) and per class, with plain
    # floats (some 20,000 rows on a million events: objects per row would cost more than SQL).
    per_module: dict[str, list[float]] = {}
    per_class: dict[tuple[str, str], list[float]] = {}
    for module_id, class_key, group, n, pre, post, pre2, post2, prepost in rows:
        group = group or Group.LESSON
        d = post - pre
        if group == Group.LESSON:
            m = per_module.setdefault(module_id, [0.0] * 10)
            for i, v in enumerate((1, n, pre, post, pre2, post2, prepost, d * d, n * d, n * n)):
                m[i] += v
        a, b = (1 / q for q in wanted[module_id])
        c = per_class.setdefault((class_key or "", group), [0.0] * 6)
        for i, v in enumerate((n, a * pre, b * post, a * a * pre2, b * b * post2, a * b * prepost)):
            c[i] += v
    modules = [
        ModuleSums(module_id, ClassSums("", int(v[1]), *v[2:7]), int(v[0]), *v[7:])
        for module_id, v in per_module.items()
    ]
    classes = [
        (group, ClassSums(key, int(v[0]), *v[1:])) for (key, group), v in per_class.items()
    ]
    return modules, classes


# -- games -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GameRuns:
    """How runs of one scenario ended: first runs or later runs."""

    scenario_id: str
    first_run: bool
    runs: int
    pupils: int
    in_debt: int
    mean_fees_cents: float
    with_goal: int  # runs of a scenario that has a goal
    goal_reached: int


def game_outcomes(*, session: Session, scope: Scope) -> list[GameRuns]:
    """Runs per scenario, first runs and later runs apart. A pupil has one first run per
    scenario (the unique constraint), so only later runs need their pupils counted distinct."""
    first = GameOutcome.run_number == 1
    later_pupil = case((GameOutcome.run_number > 1, GameOutcome.pseudonym))
    rows = session.execute(
        sa_select(
            GameOutcome.scenario_id,
            first,
            func.count(),
            func.count(distinct(later_pupil)),
            func.sum(case((GameOutcome.ended_in_debt.is_(True), 1), else_=0)),
            func.avg(GameOutcome.fees_cents),
            func.sum(case((GameOutcome.goal_reached.is_not(None), 1), else_=0)),
            func.sum(case((GameOutcome.goal_reached.is_(True), 1), else_=0)),
        )
        .where(*scoped(GameOutcome, scope))
        .group_by(GameOutcome.scenario_id, first)
        .order_by(GameOutcome.scenario_id, first.desc())
    )
    return [
        GameRuns(
            sid,
            bool(is_first),
            runs,
            runs if is_first else later_pupils,
            int(debt or 0),
            float(fees or 0),
            int(goal or 0),
            int(reached or 0),
        )  # fmt: skip
        for sid, is_first, runs, later_pupils, debt, fees, goal, reached in rows
    ]
