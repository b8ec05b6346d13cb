"""Deleting the pupil data of archived classes once the retention period has passed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func
from sqlmodel import Session, select

from leergang.classes.models import Classroom, Pupil
from leergang.classes.schoolyear import deletion_date
from leergang.classes.services import delete_pupil
from leergang.learn.models import ModuleProgress, StepAnswer


@dataclass(frozen=True)
class Deleted:
    class_name: str
    archived_on: date
    pupils: int
    answers: int


def due_classes(*, session: Session, today: date, extra_years: int) -> list[Classroom]:
    archived = session.exec(
        select(Classroom).where(Classroom.archived_on.is_not(None)).order_by(Classroom.name)
    )
    return [c for c in archived if deletion_date(c.archived_on, extra_years) <= today]


def run_retention(
    *, session: Session, today: date, extra_years: int, dry_run: bool = False
) -> list[Deleted]:
    """Delete each due class with its pupils and everything personal; anonymous answer events
    stay. With ``dry_run`` only report what would go."""
    report = []
    for classroom in due_classes(session=session, today=today, extra_years=extra_years):
        pupils = list(session.exec(select(Pupil).where(Pupil.classroom_id == classroom.id)))
        answers = session.exec(
            select(func.count(StepAnswer.id))
            .join(ModuleProgress, StepAnswer.progress_id == ModuleProgress.id)
            .join(Pupil, ModuleProgress.pupil_id == Pupil.id)
            .where(Pupil.classroom_id == classroom.id)
        ).one()
        report.append(Deleted(classroom.name, classroom.archived_on, len(pupils), answers))
        if not dry_run:
            for pupil in pupils:
                delete_pupil(session=session, pupil=pupil)
            session.exec(delete(Classroom).where(Classroom.id == classroom.id))
            session.commit()
    return report
