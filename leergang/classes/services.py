"""Queries on classes that respect who may see them."""

from __future__ import annotations

from sqlmodel import Session, select

from leergang.auth.models import Role, StaffUser
from leergang.classes.models import Classroom, ClassroomTeacher, Pupil


def classes_for(*, session: Session, user: StaffUser) -> list[Classroom]:
    """A teacher sees the classes they teach; a school admin sees all classes of the school."""
    query = select(Classroom).order_by(Classroom.name)
    if user.role == Role.ADMIN:
        query = query.where(Classroom.school_id == user.school_id)
    else:
        query = query.join(ClassroomTeacher).where(ClassroomTeacher.staff_user_id == user.id)
    return list(session.exec(query))


def visible_class(*, session: Session, user: StaffUser, code: str) -> Classroom | None:
    return next((c for c in classes_for(session=session, user=user) if c.code == code), None)


def pupils_of(*, session: Session, classroom: Classroom) -> list[Pupil]:
    return list(
        session.exec(
            select(Pupil).where(Pupil.classroom_id == classroom.id).order_by(Pupil.display_name)
        )
    )
