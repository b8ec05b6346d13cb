"""Teachers' classes and pupils: queries that respect who may see them, and every change a
teacher makes (create, new code, co-teachers, archive, pupils, cards)."""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete
from sqlmodel import Session, func, select

from leergang.auth.access import Capability
from leergang.auth.models import Role, StaffUser
from leergang.auth.pictures import new_picture_secret, new_pin
from leergang.auth.services import new_class_code
from leergang.classes.models import Classroom, ClassroomTeacher, Pupil, SecretKind
from leergang.db import checkpoint_deletions

MAX_NAME_LENGTH = 40
MAX_PUPILS = 40


class ClassFull(Exception):
    """More new pupils than the class has room for; ``room`` says how many still fit."""

    def __init__(self, room: int):
        super().__init__(room)
        self.room = room


class NameTaken(Exception):
    """Another pupil in the class already has this name (compared case-insensitively)."""


def classes_for(
    *, session: Session, user: StaffUser, archived: bool | None = None
) -> list[Classroom]:
    """A teacher sees the classes they teach; a school admin sees all classes of the school."""
    query = select(Classroom).order_by(Classroom.name)
    if user.can(Capability.OVERSEE_SCHOOL):
        query = query.where(Classroom.school_id == user.school_id)
    elif user.can(Capability.TEACH):
        query = query.join(ClassroomTeacher).where(ClassroomTeacher.staff_user_id == user.id)
    else:
        return []
    if archived is not None:
        query = query.where(
            Classroom.archived_on.is_not(None) if archived else Classroom.archived_on.is_(None)
        )
    return list(session.exec(query))


def visible_class(*, session: Session, user: StaffUser, public_id: str) -> Classroom | None:
    """The class behind ``public_id`` if ``user`` may see it; None otherwise (answer 404)."""
    classroom = session.exec(select(Classroom).where(Classroom.public_id == public_id)).first()
    if classroom is None:
        return None
    if user.can(Capability.OVERSEE_SCHOOL):
        return classroom if classroom.school_id == user.school_id else None
    if not user.can(Capability.TEACH):
        return None
    teaches = session.get(ClassroomTeacher, (classroom.id, user.id))
    return classroom if teaches is not None else None


def name_key(name: str) -> tuple[str, str]:
    """Sort names the Dutch way: accents and case do not count ("Ömer" before "Zoë"), which the
    database's character-code order gets wrong. Every list of names sorts with this key."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return plain.casefold(), name


def pupils_of(*, session: Session, classroom: Classroom) -> list[Pupil]:
    """The class's pupils sorted by name (see ``name_key``): lists, cards, grid and CSV."""
    pupils = session.exec(select(Pupil).where(Pupil.classroom_id == classroom.id))
    return sorted(pupils, key=lambda p: name_key(p.display_name))


def find_pupil(*, session: Session, classroom: Classroom, public_id: str) -> Pupil | None:
    return session.exec(
        select(Pupil).where(Pupil.classroom_id == classroom.id, Pupil.public_id == public_id)
    ).first()


def _unused_code(session: Session) -> str:
    while True:
        code = new_class_code()
        if session.exec(select(Classroom.id).where(Classroom.code == code)).first() is None:
            return code


def create_class(
    *,
    session: Session,
    teacher: StaffUser,
    name: str,
    school_year: str,
    level: str,
    secret_kind: SecretKind,
) -> Classroom:
    classroom = Classroom(
        school_id=teacher.school_id,
        public_id=secrets.token_urlsafe(9),
        name=name.strip(),
        school_year=school_year,
        level=level,
        code=_unused_code(session),
        secret_kind=secret_kind,
    )
    session.add(classroom)
    session.flush()
    session.add(ClassroomTeacher(classroom_id=classroom.id, staff_user_id=teacher.id))
    session.commit()
    return classroom


def regenerate_code(*, session: Session, classroom: Classroom) -> str:
    """A new class code (e.g. after it was shared too widely); the old one stops working."""
    classroom.code = _unused_code(session)
    session.add(classroom)
    session.commit()
    return classroom.code


def teachers_of(*, session: Session, classroom: Classroom) -> list[StaffUser]:
    return list(
        session.exec(
            select(StaffUser)
            .join(ClassroomTeacher)
            .where(ClassroomTeacher.classroom_id == classroom.id)
            .order_by(StaffUser.display_name)
        )
    )


def possible_co_teachers(*, session: Session, classroom: Classroom) -> list[StaffUser]:
    """Teachers of the same school who do not teach this class yet."""
    current = {t.id for t in teachers_of(session=session, classroom=classroom)}
    others = session.exec(
        select(StaffUser)
        .where(StaffUser.school_id == classroom.school_id, StaffUser.role == Role.TEACHER)
        .order_by(StaffUser.display_name)
    )
    return [t for t in others if t.id not in current]


def add_co_teacher(*, session: Session, classroom: Classroom, teacher_id: int) -> StaffUser | None:
    """Add a teacher of the same school; None when that is not a teacher of this school."""
    teacher = next(
        (
            t
            for t in possible_co_teachers(session=session, classroom=classroom)
            if t.id == teacher_id
        ),
        None,
    )
    if teacher is not None:
        session.add(ClassroomTeacher(classroom_id=classroom.id, staff_user_id=teacher.id))
        session.commit()
    return teacher


def remove_teacher(*, session: Session, classroom: Classroom, teacher_id: int) -> StaffUser | None:
    """Take a teacher off the class; None when they do not teach it or are its last teacher."""
    links = list(
        session.exec(select(ClassroomTeacher).where(ClassroomTeacher.classroom_id == classroom.id))
    )
    link = next((link for link in links if link.staff_user_id == teacher_id), None)
    if link is None or len(links) < 2:
        return None
    session.delete(link)
    session.commit()
    return session.get(StaffUser, teacher_id)


def rename_class(*, session: Session, classroom: Classroom, name: str) -> None:
    classroom.name = name.strip()
    session.add(classroom)
    session.commit()


def archive_class(*, session: Session, classroom: Classroom, today: date) -> None:
    """End of the year: pupils can no longer sign in; the data waits for the retention run."""
    classroom.archived_on = today
    session.add(classroom)
    session.commit()


def restore_class(*, session: Session, classroom: Classroom) -> None:
    classroom.archived_on = None
    session.add(classroom)
    session.commit()


@dataclass
class NameList:
    """The result of reading a pasted list of names."""

    names: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # skipped: already in the list or class
    too_long: list[str] = field(default_factory=list)
    empty_lines: int = 0


def parse_names(text: str, *, existing: list[str]) -> NameList:
    """One name per line. Empty lines are skipped; a name already taken (case-insensitive, and
    "Zoë" typed with a combining accent is the same "Zoë") is skipped too, so a pupil never has
    to guess which "Sem" they are. Skipped names are echoed back capped (a flash message lives
    in a cookie): at most MAX_ECHOED, each cut to MAX_NAME_LENGTH."""
    result = NameList()
    taken = {normal_name(name).casefold() for name in existing}
    for line in text.splitlines():
        name = normal_name(line)
        if not name:
            result.empty_lines += 1
        elif len(name) > MAX_NAME_LENGTH:
            _echo(result.too_long, name[:MAX_NAME_LENGTH] + "…")
        elif name.casefold() in taken:
            _echo(result.duplicates, name)
        else:
            taken.add(name.casefold())
            result.names.append(name)
    return result


MAX_ECHOED = 10


def _echo(names: list[str], name: str) -> None:
    if len(names) < MAX_ECHOED:
        names.append(name)
    elif len(names) == MAX_ECHOED:
        names.append("…")


def normal_name(text: str) -> str:
    """A name as stored and compared: Unicode NFC, single spaces."""
    return unicodedata.normalize("NFC", " ".join(text.split()))


def new_secret(kind: SecretKind) -> str:
    return new_pin() if kind == SecretKind.PIN else new_picture_secret()


def add_pupils(*, session: Session, classroom: Classroom, names: list[str]) -> list[Pupil]:
    """Each pupil gets a random public id, pseudonym and picture password (or PIN). Raises
    ``ClassFull`` (adding nobody) when the class would get more than ``MAX_PUPILS`` pupils."""
    present = session.exec(
        select(func.count()).select_from(Pupil).where(Pupil.classroom_id == classroom.id)
    ).one()
    room = MAX_PUPILS - present
    if len(names) > room:
        raise ClassFull(room)
    pupils = [
        Pupil(
            classroom_id=classroom.id,
            public_id=secrets.token_urlsafe(9),
            display_name=name,
            secret=new_secret(classroom.secret_kind),
            pseudonym=secrets.token_hex(12),
        )
        for name in names
    ]
    session.add_all(pupils)
    session.commit()
    return pupils


def rename_pupil(*, session: Session, pupil: Pupil, name: str) -> str:
    """Give the pupil ``name`` (spaces tidied) and return it; raises ``NameTaken`` when another
    pupil of the class already has it, so a pupil never has to guess which "Sem" they are."""
    name = normal_name(name)
    others = session.exec(
        select(Pupil.display_name).where(
            Pupil.classroom_id == pupil.classroom_id, Pupil.id != pupil.id
        )
    )
    if name.casefold() in {normal_name(other).casefold() for other in others}:
        raise NameTaken(name)
    pupil.display_name = name
    session.add(pupil)
    session.commit()
    return name


def give_new_secret(*, session: Session, pupil: Pupil) -> None:
    """A new picture password (or PIN): signs the pupil out elsewhere and revokes the old card."""
    pupil.secret = new_secret(pupil.classroom.secret_kind)
    pupil.card_version += 1
    pupil.failed_attempts = pupil.recent_failures = 0
    pupil.failed_since = pupil.last_failed_at = None
    session.add(pupil)
    session.commit()


def revoke_card(*, session: Session, pupil: Pupil) -> None:
    """A new card: the QR code on every card printed before stops working."""
    pupil.card_version += 1
    session.add(pupil)
    session.commit()


def delete_pupil(*, session: Session, pupil: Pupil) -> None:
    """Remove every personal trace: name, progress, answers, reflections, assignment targets.

    Anonymous answer events (metrics, keyed by pseudonym) stay; nothing links them to a name.
    """
    from leergang.assignments.models import AssignmentPupil
    from leergang.learn.models import ModuleProgress, StepAnswer

    progress_ids = select(ModuleProgress.id).where(ModuleProgress.pupil_id == pupil.id)
    session.exec(delete(StepAnswer).where(StepAnswer.progress_id.in_(progress_ids)))
    session.exec(delete(ModuleProgress).where(ModuleProgress.pupil_id == pupil.id))
    session.exec(delete(AssignmentPupil).where(AssignmentPupil.pupil_id == pupil.id))
    session.exec(delete(Pupil).where(Pupil.id == pupil.id))
    session.commit()
    checkpoint_deletions(session)


# Login cards: the QR code holds a signed token naming the pupil and their card version.
CARD_SALT = "leergang.login-card"


def _card_serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=CARD_SALT)


def card_token(*, pupil: Pupil, secret_key: str) -> str:
    return _card_serializer(secret_key).dumps([pupil.public_id, pupil.card_version])


def pupil_for_card(*, session: Session, token: str, secret_key: str, max_age: int) -> Pupil | None:
    """The pupil a card token signs in, or None: forged, expired, revoked or archived.

    Wrong tries by someone else never block the card: it is a second, physical way in."""
    try:
        public_id, version = _card_serializer(secret_key).loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired, ValueError, TypeError):
        return None
    pupil = session.exec(select(Pupil).where(Pupil.public_id == str(public_id))).first()
    if pupil is None or pupil.card_version != version:
        return None
    if pupil.classroom.archived:
        return None
    return pupil


def set_reading_friendly(*, session: Session, pupil: Pupil, on: bool) -> None:
    """Remember the pupil's easy-reading choice for every page and every device."""
    pupil.reading_friendly = on
    session.add(pupil)
    session.commit()
