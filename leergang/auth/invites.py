"""One-time invitation links from a school admin to a new teacher of that school."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from leergang.auth.models import Role, StaffUser
from leergang.auth.services import hash_password
from leergang.classes.models import TeacherInvite
from leergang.timeutil import utcnow


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_invite(
    *, session: Session, admin: StaffUser, email: str, valid_for: timedelta
) -> tuple[TeacherInvite, str]:
    """Returns the invite and the token for the link; only the token's hash is stored."""
    token = secrets.token_urlsafe(24)
    invite = TeacherInvite(
        school_id=admin.school_id,
        invited_by_id=admin.id,
        email=email.strip().lower(),
        token_hash=_hash(token),
        expires_at=utcnow() + valid_for,
    )
    session.add(invite)
    session.commit()
    return invite, token


def open_invites(*, session: Session, school_id: int) -> list[TeacherInvite]:
    return list(
        session.exec(
            select(TeacherInvite)
            .where(TeacherInvite.school_id == school_id, TeacherInvite.used_at.is_(None))
            .order_by(TeacherInvite.created_at.desc())
        )
    )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def usable_invite(*, session: Session, token: str) -> TeacherInvite | None:
    """The invite behind a link, if it is unused and not expired."""
    invite = session.exec(
        select(TeacherInvite).where(TeacherInvite.token_hash == _hash(token))
    ).first()
    if invite is None or invite.used_at is not None or _aware(invite.expires_at) < utcnow():
        return None
    return invite


def email_taken(*, session: Session, email: str) -> bool:
    query = select(StaffUser.id).where(func.lower(StaffUser.email) == email.lower())
    return session.exec(query).first() is not None


def accept_invite(
    *, session: Session, invite: TeacherInvite, display_name: str, password: str
) -> StaffUser:
    """Create the teacher account in the inviting school and use up the link."""
    user = StaffUser(
        email=invite.email,
        display_name=display_name.strip(),
        role=Role.TEACHER,
        password_hash=hash_password(password),
        school_id=invite.school_id,
    )
    invite.used_at = utcnow()
    session.add_all([user, invite])
    session.commit()
    return user
