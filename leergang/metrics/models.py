"""Anonymous answer events. They outlive the pupil: no foreign key, no name, no free text."""

from __future__ import annotations

from datetime import datetime

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
