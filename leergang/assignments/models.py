"""Work a teacher gives a class or some of its pupils: a module now, a game later (see kinds)."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from leergang.timeutil import utcnow


class Assignment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    public_id: str = Field(max_length=24, unique=True, index=True)
    classroom_id: int = Field(foreign_key="classroom.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=16)  # a key of leergang.assignments.kinds.KINDS
    item_id: str = Field(max_length=64)
    position: int = Field(default=0)  # the teacher's order, ascending
    # False: only the pupils in assignment_pupil get it.
    whole_class: bool = Field(default=True)
    starts_on: date | None = None
    due_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow)


class AssignmentPupil(SQLModel, table=True):
    """The chosen pupils of an assignment that is not for the whole class."""

    __tablename__ = "assignment_pupil"

    assignment_id: int = Field(foreign_key="assignment.id", primary_key=True, ondelete="CASCADE")
    pupil_id: int = Field(foreign_key="pupil.id", primary_key=True, index=True, ondelete="CASCADE")
