"""A pupil's progress through a module and the answers they gave."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from leergang.timeutil import utcnow


class ModuleProgress(SQLModel, table=True):
    __tablename__ = "module_progress"
    __table_args__ = (UniqueConstraint("pupil_id", "module_id"),)

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int = Field(foreign_key="pupil.id", index=True, ondelete="CASCADE")
    module_id: str = Field(max_length=64, index=True)
    module_version: str = Field(max_length=32)
    # The step the pupil is working on; every step before it is done.
    current_step_id: str = Field(max_length=64)
    started_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None


class StepAnswer(SQLModel, table=True):
    __tablename__ = "step_answer"
    # One answer per step: a double-clicked or re-sent answer is stored once.
    __table_args__ = (UniqueConstraint("progress_id", "step_id"),)

    id: int | None = Field(default=None, primary_key=True)
    progress_id: int = Field(foreign_key="module_progress.id", index=True, ondelete="CASCADE")
    step_id: str = Field(max_length=64)
    answer: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    correct: bool | None = None  # None for steps without a right answer (reflection)
    score: float = 0.0
    created_at: datetime = Field(default_factory=utcnow)
