"""A second school (its own admin, teacher, class and pupil) and a co-teacher at the demo school,
for tests of who may see what."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import pytest
from sqlmodel import select

from leergang.auth.models import Role, StaffUser
from leergang.auth.services import hash_password
from leergang.classes.models import Classroom, ClassroomTeacher, Pupil, School
from leergang.db import new_session
from leergang.demo import DEMO_PASSWORD, new_pupil

OTHER_CODE = "WXY347"


@dataclass(frozen=True)
class OtherSchool:
    classroom: Classroom
    pupil: Pupil
    teacher_email: str
    admin_email: str
    co_teacher_email: str
    co_teacher_id: int


def _staff(session, email, name, role, school_id):
    user = StaffUser(
        email=email,
        display_name=name,
        role=role,
        password_hash=hash_password(DEMO_PASSWORD),
        school_id=school_id,
        is_demo=True,
    )
    session.add(user)
    session.flush()
    return user


@pytest.fixture
def other_school(app, demo) -> OtherSchool:
    """School B: admin, teacher, class 'Groep 7 De Vlinder' with pupil Zoë; plus a co-teacher
    of the demo groep 8 at school A."""
    with app.app_context(), new_session(write=True) as session:
        school = School(name="Basisschool De Vlinder")
        session.add(school)
        session.flush()
        teacher = _staff(session, "leraar@vlinder.example", "Meester Bas", Role.TEACHER, school.id)
        _staff(session, "admin@vlinder.example", "Beheer Vlinder", Role.ADMIN, school.id)
        classroom = Classroom(
            school_id=school.id,
            public_id=secrets.token_urlsafe(9),
            name="Groep 7 De Vlinder",
            school_year="2026-2027",
            level="po-7",
            code=OTHER_CODE,
        )
        session.add(classroom)
        session.flush()
        session.add(ClassroomTeacher(classroom_id=classroom.id, staff_user_id=teacher.id))
        pupil = new_pupil(classroom=classroom, display_name="Zoë", secret="fish-bike-sun")
        session.add(pupil)
        demo_school = session.exec(select(School).where(School.name.like("Demoschool%"))).one()
        co = _staff(
            session, "collega@demo.leergang.nl", "Meester Kees", Role.TEACHER, demo_school.id
        )
        session.add(ClassroomTeacher(classroom_id=demo.classes[0].id, staff_user_id=co.id))
        session.commit()
        from leergang.assignments.services import assign_fitting

        assign_fitting(session=session, classroom=classroom)
        session.refresh(pupil)
        session.refresh(classroom)
        return OtherSchool(
            classroom=classroom,
            pupil=pupil,
            teacher_email="leraar@vlinder.example",
            admin_email="admin@vlinder.example",
            co_teacher_email="collega@demo.leergang.nl",
            co_teacher_id=co.id,
        )
