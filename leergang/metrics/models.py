"""Anonymous events for evaluators: no foreign key, name or free text; they outlive the pupil."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from leergang.timeutil import utcnow


class AnswerEvent(SQLModel, table=True):
    __tablename__ = "answer_event"

    id: int | None = Field(default=None, primary_key=True)
    pseudonym: str = Field(max_length=32, index=True)  # Pupil.pseudonym; not a foreign key
    module_id: str = Field(max_length=64, index=True)
    module_version: str = Field(max_length=32)
    step_id: str = Field(max_length=64)
    correct: bool
    score: float
    knowledge_check_test: str | None = Field(default=None, max_length=8)  # "pre" / "post"
    knowledge_check_construct: str | None = Field(default=None, max_length=64)
    answered_at: datetime = Field(default_factory=utcnow)


class GameOutcome(SQLModel, table=True):
    """One finished run for the metrics: a pseudonym, never a name or pupil id."""

    __tablename__ = "game_outcome"
    __table_args__ = (UniqueConstraint("pseudonym", "scenario_id", "run_number"),)

    id: int | None = Field(default=None, primary_key=True)
    pseudonym: str = Field(max_length=32, index=True)
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
    finished_at: datetime = Field(default_factory=utcnow)
