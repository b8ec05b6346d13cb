"""The demo school: staff accounts, two classes and their pupils, for trying Leergang locally.

With ``history=True`` (the ``flask demo`` command) it also gets the anonymous events of earlier,
synthetic classes (``demo_history``), so the evaluator's report and the item statistics have
figures to show. Tests leave it off: seeding stays fast.

Demo accounts have published passwords, so they only work while the app runs in debug mode.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlmodel import Session, select

from leergang.assignments.services import assign_fitting
from leergang.auth.models import Role, StaffUser
from leergang.auth.pictures import new_picture_secret, new_pin
from leergang.auth.services import hash_password
from leergang.classes.models import Classroom, ClassroomTeacher, Pupil, School, SecretKind
from leergang.classes.schoolyear import current_school_year
from leergang.demo_authoring import seed_authoring
from leergang.demo_history import DemoHistory, seed_history
from leergang.metrics.models import (
    GoNoGoCriterion,
    Measure,
    Programme,
    ProgrammeEvaluator,
    ProgrammeSchool,
)

DEMO_PASSWORD = "leergang-demo"
DEMO_PROGRAMME = "Demo Schuldenlab 2026–2027"
# The demo programme's Go/No-Go criteria: (phase, measure, threshold).
DEMO_CRITERIA = (
    ("valideren", Measure.REACH_PUPILS, 100),
    ("valideren", Measure.COMPLETION_SHARE, 0.6),
    ("experimenteren", Measure.KNOWLEDGE_GAIN_D, 0.25),
)
DEMO_STAFF = (
    ("leraar@demo.leergang.nl", "Juf Fatima", Role.TEACHER),
    ("auteur@demo.leergang.nl", "Sanne (Leergang-redactie)", Role.AUTHOR),
    ("reviewer@demo.leergang.nl", "Ruben (Leergang-redactie)", Role.AUTHOR),
    ("evaluator@demo.leergang.nl", "Evaluator Gemeente", Role.EVALUATOR),
    ("admin@demo.leergang.nl", "Beheerder De Regenboog", Role.ADMIN),
)
# Fixed demo codes and secrets, so the README can name them.
DEMO_CLASSES = (
    (
        "Groep 8 De Regenboog",
        "po-8",
        "KTR947",
        SecretKind.PICTURES,
        (
            ("Noor", "cat-apple-star"),
            ("Daan", "sun-fish-house"),
            ("Sem", "ball-tree-bike"),
            ("Lina", "star-cat-sun"),
            ("Milan", "house-ball-apple"),
        ),
    ),
    (
        "VMBO 3B",
        "vmbo-kb",
        "HMW374",
        SecretKind.PIN,
        (("Yara", "2580"), ("Bram", "1379"), ("Ilse", "4826"), ("Mohamed", "7391")),
    ),
)


@dataclass(frozen=True)
class DemoSchool:
    staff: list[tuple[str, str]]
    classes: list[Classroom]
    pupils: dict[str, list[Pupil]]
    history: DemoHistory | None = None


def new_pupil(*, classroom: Classroom, display_name: str, secret: str | None = None) -> Pupil:
    if secret is None:
        secret = new_pin() if classroom.secret_kind == SecretKind.PIN else new_picture_secret()
    return Pupil(
        classroom_id=classroom.id,
        public_id=secrets.token_urlsafe(9),
        display_name=display_name,
        secret=secret,
        pseudonym=secrets.token_hex(12),
    )


def seed_demo(*, session: Session, history: bool = False, draft: bool = False) -> DemoSchool:
    """Create the demo school once; running it again changes nothing and reports the same.

    ``history``: also the synthetic history of earlier classes (written once, deterministic).
    ``draft``: also the demo partner's draft in review (``demo_authoring``).
    """
    school = session.exec(select(School).where(School.name == "Demoschool De Regenboog")).first()
    if school is None:
        school = School(name="Demoschool De Regenboog")
        session.add(school)
        session.flush()
    password_hash = None
    teacher = None
    for email, name, role in DEMO_STAFF:
        user = session.exec(select(StaffUser).where(StaffUser.email == email)).first()
        if user is None:
            password_hash = password_hash or hash_password(DEMO_PASSWORD)
            user = StaffUser(
                email=email,
                display_name=name,
                role=role,
                password_hash=password_hash,
                school_id=school.id,
                is_demo=True,
            )
            session.add(user)
            session.flush()
        if role == Role.TEACHER:
            teacher = user
    classes, pupils = [], {}
    for name, level, code, kind, members in DEMO_CLASSES:
        classroom = session.exec(select(Classroom).where(Classroom.code == code)).first()
        if classroom is None:
            classroom = Classroom(
                school_id=school.id,
                public_id=secrets.token_urlsafe(9),
                name=name,
                school_year=current_school_year(),
                level=level,
                code=code,
                secret_kind=kind,
            )
            session.add(classroom)
            session.flush()
            session.add(ClassroomTeacher(classroom_id=classroom.id, staff_user_id=teacher.id))
            for display_name, secret in members:
                session.add(
                    new_pupil(classroom=classroom, display_name=display_name, secret=secret)
                )
            session.flush()
        # Every lesson and game that fits the class's level, so demo pupils have work on day one.
        for kind in ("module", "game"):
            assign_fitting(session=session, classroom=classroom, kind=kind)
        classes.append(classroom)
        pupils[code] = list(
            session.exec(select(Pupil).where(Pupil.classroom_id == classroom.id).order_by(Pupil.id))
        )
    _seed_programme(session=session, school=school)
    # The demo partner organisation: Sanne writes, Ruben reviews; one draft waits for review.
    seed_authoring(
        session=session, lessons_dir=Path(current_app.config["LESSONS_DIR"]), draft=draft
    )
    session.commit()
    past = None
    if history:
        from leergang.library import get_library

        past = seed_history(
            session=session,
            school_key=school.research_key,
            school_year=current_school_year(),
            library=get_library(),
        )
        # The evaluator's pages read per-pupil summaries; the history was inserted in bulk.
        from leergang.metrics import summaries

        summaries.rebuild(session=session)
        session.commit()
    return DemoSchool(
        staff=[(email, role.value) for email, _name, role in DEMO_STAFF],
        classes=classes,
        pupils=pupils,
        history=past,
    )


def _seed_programme(*, session: Session, school: School) -> None:
    """The demo programme: the demo school, the demo evaluator and three criteria (once)."""
    programme = session.exec(select(Programme).where(Programme.name == DEMO_PROGRAMME)).first()
    if programme is not None:
        return
    programme = Programme(name=DEMO_PROGRAMME, cost_cents=250_000)
    session.add(programme)
    session.flush()
    session.add(ProgrammeSchool(programme_id=programme.id, school_id=school.id))
    evaluator = session.exec(
        select(StaffUser).where(StaffUser.email == "evaluator@demo.leergang.nl")
    ).one()
    if session.get(ProgrammeEvaluator, evaluator.id) is None:
        session.add(ProgrammeEvaluator(staff_user_id=evaluator.id, programme_id=programme.id))
    for phase, measure, threshold in DEMO_CRITERIA:
        session.add(GoNoGoCriterion(programme_id=programme.id, phase=phase, measure=measure,
                                    threshold=threshold))  # fmt: skip
