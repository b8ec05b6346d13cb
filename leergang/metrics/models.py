"""Anonymous events for evaluators: no foreign key, name or free text; they outlive the pupil.

Every event carries the same context and nothing more: the pupil's pseudonym (the link to the
pupil lives only on the pupil row and dies with it), a pseudonymous school key, the class's level
and school year, and the ISO week (never a finer time: exact times would let anyone with the
database join an event back to the pupil's own rows). ``research_use`` is False when the pupil's
teacher marked them "no research use": such events stay out of every evaluator figure.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from leergang.timeutil import utcnow


class EventContext(SQLModel):
    """The context on every anonymous event (not a table)."""

    pseudonym: str = Field(max_length=32, index=True)  # Pupil.pseudonym; not a foreign key
    # School.research_key; None only for events of pupils deleted before it was recorded.
    school_key: str | None = Field(default=None, max_length=16, index=True)
    level: str | None = Field(default=None, max_length=16)
    school_year: str | None = Field(default=None, max_length=9)  # "2026-2027"
    iso_week: str = Field(max_length=8)  # "2026-W48", in the school's time zone
    research_use: bool = Field(default=True)
    # Classroom.research_key: gains are clustered by class; never the class id.
    class_key: str | None = Field(default=None, max_length=16, index=True)
    group: str | None = Field(default=None, max_length=12)  # a Group: "lesson" / "comparison"


class Group:
    LESSON = "lesson"
    COMPARISON = "comparison"


class AnswerEvent(EventContext, table=True):
    """A question answered (the first answer to a step; it is never replaced)."""

    __tablename__ = "answer_event"
    __table_args__ = (UniqueConstraint("pseudonym", "module_id", "step_id"),)

    id: int | None = Field(default=None, primary_key=True)
    module_id: str = Field(max_length=64, index=True)
    module_version: str = Field(max_length=32)
    step_id: str = Field(max_length=64)
    correct: bool
    score: float
    # The option id(s) a choice question's answer picked, comma-joined in the file's order
    # ("true"/"false" for a true/false statement); None for other question types. Option ids are
    # slugs from the lesson file, never text the pupil typed.
    chosen: str | None = Field(default=None, max_length=255)
    knowledge_check_test: str | None = Field(default=None, max_length=8)  # "pre" / "post"
    knowledge_check_construct: str | None = Field(default=None, max_length=64)


class SelfEfficacyEvent(EventContext, table=True):
    """One self-efficacy rating (1–5) of one statement, before or after a module."""

    __tablename__ = "self_efficacy_event"
    __table_args__ = (UniqueConstraint("pseudonym", "module_id", "moment", "statement_id"),)

    id: int | None = Field(default=None, primary_key=True)
    module_id: str = Field(max_length=64, index=True)
    module_version: str = Field(max_length=32)
    moment: str = Field(max_length=8)  # "pre" / "post"
    statement_id: str = Field(max_length=64)  # the construct: the same id before and after
    rating: int


class ActivityKind:
    MODULE_STARTED = "module_started"
    MODULE_FINISHED = "module_finished"
    GAME_STARTED = "game_started"
    GAME_FINISHED = "game_finished"


class ActivityEvent(EventContext, table=True):
    """A module or game run started or finished: the reach and completion funnel."""

    __tablename__ = "activity_event"
    __table_args__ = (UniqueConstraint("pseudonym", "kind", "item_id", "run_number"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20, index=True)  # an ActivityKind
    item_id: str = Field(max_length=80, index=True)  # module or scenario id
    item_version: str = Field(max_length=32)
    run_number: int = Field(default=1)  # games: 1 for the first run, 2, 3 …; modules: 1


class GameOutcome(EventContext, table=True):
    """How a finished run ended."""

    __tablename__ = "game_outcome"
    __table_args__ = (
        UniqueConstraint("pseudonym", "scenario_id", "run_number"),
        # Game outcomes per scenario and run (``metrics.services.game_outcomes``), from the index.
        Index("ix_game_outcome_report", "scenario_id", "run_number", "research_use",
              "school_key", "school_year", "level", "iso_week", "pseudonym", "ended_in_debt",
              "fees_cents", "goal_reached"),
    )  # fmt: skip

    id: int | None = Field(default=None, primary_key=True)
    scenario_id: str = Field(max_length=80, index=True)
    scenario_version: str = Field(max_length=32)
    run_number: int
    goal_reached: bool | None = None  # None: the scenario has no goal
    ended_in_debt: bool
    fees_cents: int
    cash_cents: int
    bank_cents: int
    savings_cents: int
    debt_cents: int
    wellbeing: int
    turns: int


EVENT_TABLES = (AnswerEvent, SelfEfficacyEvent, ActivityEvent, GameOutcome)


class ItemSummary(EventContext, table=True):
    """One pupil's module or game in one row: the evaluator's figures read these, not the
    million events (a pre-aggregate; see ``metrics.summaries`` for how it stays correct).

    The context is the one at the start (``iso_week``: the week the item was started).

    Its indexes serve the evaluator's pages, not single lookups: covering indexes let reach
    count pupils and classes, and the funnel and the knowledge gain add up, by reading an index in
    order instead of sorting 100,000 rows (``metrics.use``, ``metrics.services``); there is no
    index on ``school_key`` alone, which would tempt SQLite's planner to fetch every row by
    index when a programme covers most schools (a scan is faster).
    """

    __tablename__ = "item_summary"
    __table_args__ = (
        UniqueConstraint("pseudonym", "kind", "item_id"),
        Index("ix_item_summary_pupil", "pseudonym", "research_use", "school_key", "level",
              "school_year", "iso_week", "kind", "finished"),
        Index("ix_item_summary_class", "class_key", "school_key", "research_use", "level",
              "school_year", "iso_week"),
        # The funnel groups by kind, item and level, the knowledge gain by module, class and
        # group: each reads its own index in order instead of sorting the table.
        Index("ix_item_summary_use", "kind", "item_id", "level", "research_use", "school_key",
              "school_year", "iso_week", "pre_answered", "post_answered", "finished",
              "efficacy_pre_count", "efficacy_pre_sum", "efficacy_post_count",
              "efficacy_post_sum", "group"),
        Index("ix_item_summary_gain", "kind", "item_id", "class_key", "group", "research_use",
              "school_key", "school_year", "level", "iso_week", "pre_answered", "post_answered",
              "pre_score", "post_score"),
    )  # fmt: skip

    # The context's single-column indexes are left out here (see above).
    pseudonym: str = Field(max_length=32)
    school_key: str | None = Field(default=None, max_length=16)
    class_key: str | None = Field(default=None, max_length=16)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=8)  # "module" / "game"
    item_id: str = Field(max_length=80)
    finished: bool = Field(default=False)
    pre_answered: int = Field(default=0)
    pre_score: float = Field(default=0.0)
    post_answered: int = Field(default=0)
    post_score: float = Field(default=0.0)
    efficacy_pre_count: int = Field(default=0)
    efficacy_pre_sum: int = Field(default=0)
    efficacy_post_count: int = Field(default=0)
    efficacy_post_sum: int = Field(default=0)


# Tables whose rows follow a pupil's "no research use" mark and their class's comparison group.
RESEARCH_TABLES = (*EVENT_TABLES, ItemSummary)


class Programme(SQLModel, table=True):
    """An evaluation programme (e.g. "Schuldenlab Almelo 2026–2027"): schools join it and its
    evaluators see only those schools' anonymous figures."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    cost_cents: int | None = None  # optional programme cost: cost per pupil reached/completing
    created_at: datetime = Field(default_factory=utcnow)


class ProgrammeSchool(SQLModel, table=True):
    __tablename__ = "programme_school"

    programme_id: int = Field(foreign_key="programme.id", primary_key=True, ondelete="CASCADE")
    school_id: int = Field(foreign_key="school.id", primary_key=True, ondelete="CASCADE")


class ProgrammeEvaluator(SQLModel, table=True):
    """An evaluator belongs to one programme (the primary key on the staff user says so)."""

    __tablename__ = "programme_evaluator"

    staff_user_id: int = Field(foreign_key="staff_user.id", primary_key=True, ondelete="CASCADE")
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")


PHASES = ("ontwikkelen", "valideren", "experimenteren", "realiseren")


class Measure:
    REACH_PUPILS = "reach_pupils"  # pupils who started a module
    COMPLETION_SHARE = "completion_share"  # share of starters who finished (0–1)
    KNOWLEDGE_GAIN_D = "knowledge_gain_d"  # Hedges' g of the overall paired gain
    COMPARISON_DIFFERENCE = "comparison_difference"  # gain lesson − comparison (share right)

    ALL = (REACH_PUPILS, COMPLETION_SHARE, KNOWLEDGE_GAIN_D, COMPARISON_DIFFERENCE)


class GoNoGoCriterion(SQLModel, table=True):
    """A criterion for a phase's Go/No-Go decision: ``measure`` ≥ ``threshold``."""

    __tablename__ = "go_no_go_criterion"

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    phase: str = Field(max_length=16)  # one of PHASES
    measure: str = Field(max_length=32)  # a Measure
    threshold: float
