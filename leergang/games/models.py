"""A pupil's game runs and their choices (the anonymous outcome lives in ``metrics.models``).

A run stores only its seed and the choices: the engine rebuilds the whole game from them, so a
closed tab or lost wifi resumes exactly where the pupil was.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from leergang.timeutil import utcnow


class GameRun(SQLModel, table=True):
    __tablename__ = "game_run"
    __table_args__ = (UniqueConstraint("pupil_id", "scenario_id", "run_number"),)

    id: int | None = Field(default=None, primary_key=True)
    # Random, unguessable id for the pupil's URLs.
    public_id: str = Field(max_length=24, unique=True, index=True)
    pupil_id: int = Field(foreign_key="pupil.id", index=True, ondelete="CASCADE")
    scenario_id: str = Field(max_length=80, index=True)
    scenario_version: str = Field(max_length=32)
    run_number: int  # 1 for the first run of this scenario by this pupil, then 2, 3 …
    seed: int
    started_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    # Outcome, filled in when the run finishes.
    goal_reached: bool | None = None
    ended_in_debt: bool | None = None
    fees_cents: int | None = None  # late, reminder and collection fees run up
    net_cents: int | None = None  # cash + bank + savings − debts at the end
    wellbeing: int | None = None


class GameChoice(SQLModel, table=True):
    __tablename__ = "game_choice"
    # One answer per card per turn: a double click or re-sent form plays nothing twice.
    __table_args__ = (UniqueConstraint("run_id", "turn", "card_id"),)

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="game_run.id", index=True, ondelete="CASCADE")
    turn: int
    card_id: str = Field(max_length=80)
    option_id: str = Field(max_length=80)
    created_at: datetime = Field(default_factory=utcnow)
