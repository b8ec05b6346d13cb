"""Signing in: staff passwords (argon2id) and pupil picture passwords or PINs with a lock."""

from __future__ import annotations

import hmac
import re
import secrets
from dataclasses import dataclass
from enum import Enum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import update
from sqlmodel import Session, func, select

from leergang.auth.models import StaffUser
from leergang.classes.models import Classroom, Pupil

# OWASP's minimum for argon2id: 19 MiB, two passes, one lane (~20 ms here).
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# Verified when the e-mail is unknown, so both paths take the same time.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))

# No look-alikes: 0/O/Q, 1/I/L, 2/Z, 5/S, 6/G, 8/B, U/V.
CLASS_CODE_ALPHABET = "ACDEFHJKMNPRTWXY3479"
CLASS_CODE_LENGTH = 6


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def authenticate_staff(*, session: Session, email: str, password: str) -> StaffUser | None:
    user = session.exec(
        select(StaffUser).where(func.lower(StaffUser.email) == email.strip().lower())
    ).first()
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.add(user)
        session.commit()
    return user


def new_class_code() -> str:
    return "".join(secrets.choice(CLASS_CODE_ALPHABET) for _ in range(CLASS_CODE_LENGTH))


def normalise_class_code(raw: str) -> str:
    """Accept 'abc-def', 'ABC DEF' and the like."""
    return re.sub(r"[^0-9A-Za-z]", "", raw).upper()


def format_class_code(code: str) -> str:
    return f"{code[:3]}-{code[3:]}" if len(code) == CLASS_CODE_LENGTH else code


def find_classroom(*, session: Session, code: str) -> Classroom | None:
    code = normalise_class_code(code)
    if not code:
        return None
    # An archived class has ended: its pupils can no longer sign in.
    return session.exec(
        select(Classroom).where(Classroom.code == code, Classroom.archived_on.is_(None))
    ).first()


def find_pupil(*, session: Session, classroom: Classroom, public_id: str) -> Pupil | None:
    return session.exec(
        select(Pupil).where(Pupil.classroom_id == classroom.id, Pupil.public_id == public_id)
    ).first()


class SignInResult(Enum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"


@dataclass(frozen=True)
class PupilSignIn:
    result: SignInResult
    tries_left: int = 0


def check_pupil_secret(
    *, session: Session, pupil: Pupil, attempt: str, max_failed: int
) -> PupilSignIn:
    """Compare the secret; count a wrong one atomically and lock at ``max_failed``."""
    if pupil.locked:
        return PupilSignIn(SignInResult.LOCKED)
    if hmac.compare_digest(attempt.encode(), pupil.secret.encode()):
        if pupil.failed_attempts:
            pupil.failed_attempts = 0
            session.add(pupil)
            session.commit()
        return PupilSignIn(SignInResult.OK)
    # One UPDATE, so two wrong tries at the same moment both count.
    session.exec(
        update(Pupil)
        .where(Pupil.id == pupil.id)
        .values(
            failed_attempts=Pupil.failed_attempts + 1,
            locked=Pupil.failed_attempts + 1 >= max_failed,
        )
    )
    session.commit()
    session.refresh(pupil)
    if pupil.locked:
        return PupilSignIn(SignInResult.LOCKED)
    return PupilSignIn(SignInResult.WRONG, tries_left=max_failed - pupil.failed_attempts)


def unlock_pupil(*, session: Session, pupil: Pupil) -> None:
    pupil.locked = False
    pupil.failed_attempts = 0
    session.add(pupil)
    session.commit()


def load_principal(*, session: Session, session_id: str) -> StaffUser | Pupil | None:
    """flask-login's user loader: 'staff:<id>:<fp>' or 'pupil:<public id>:<fp>'."""
    kind, _sep, rest = session_id.partition(":")
    key, _sep, fingerprint = rest.partition(":")
    principal: StaffUser | Pupil | None = None
    if kind == "staff" and key.isdigit():
        principal = session.get(StaffUser, int(key))
    elif kind == "pupil" and key:
        principal = session.exec(select(Pupil).where(Pupil.public_id == key)).first()
    if principal is None or not hmac.compare_digest(principal.get_id(), session_id):
        return None
    if isinstance(principal, Pupil) and (principal.locked or principal.classroom.archived):
        return None
    return principal
