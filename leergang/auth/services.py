"""Signing in: staff passwords (argon2id) and pupil picture passwords or PINs with a back-off."""

from __future__ import annotations

import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, case, or_, update
from sqlalchemy.orm import joinedload
from sqlmodel import Session, func, select

from leergang.auth.models import StaffUser
from leergang.classes.models import Classroom, Pupil
from leergang.db import write_from_here
from leergang.timeutil import utcnow

# OWASP's minimum for argon2id: 19 MiB, two passes, one lane (~20 ms here).
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# Verified when the e-mail is unknown, so both paths take the same time.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))

# No look-alikes: 0/O/Q, 1/I/L, 2/Z, 5/S, 6/G, 8/B, U/V.
CLASS_CODE_ALPHABET = "ACDEFHJKMNPRTWXY3479"
# 20^8 = 2.6e10 codes, printed KTR-947-XQ. Classes made before keep their 6-character code
# (KTR-947); lookups are limited per client and globally, so guessing either is hopeless.
CLASS_CODE_LENGTH = 8


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
    """KTR-947-XQ for new codes, KTR-947 for the 6-character codes of older classes."""
    if len(code) == CLASS_CODE_LENGTH:
        return f"{code[:3]}-{code[3:6]}-{code[6:]}"
    if len(code) == 6:
        return f"{code[:3]}-{code[3:]}"
    return code


# The sign-in's and every request's lookups, built once (SQLAlchemy then only binds values).
# An archived class has ended: its pupils can no longer sign in.
_OPEN_CLASS = select(Classroom).where(
    Classroom.code == bindparam("code"), Classroom.archived_on.is_(None)
)
_PUPIL_IN_CLASS = select(Pupil).where(
    Pupil.classroom_id == bindparam("classroom_id"), Pupil.public_id == bindparam("public_id")
)
# The class comes along in the same query: every pupil page needs it (archived, comparison).
_PUPIL_WITH_CLASS = (
    select(Pupil)
    .where(Pupil.public_id == bindparam("public_id"))
    .options(joinedload(Pupil.classroom))
)


def find_classroom(*, session: Session, code: str) -> Classroom | None:
    code = normalise_class_code(code)
    if not code or len(code) > 12:
        return None
    return session.exec(_OPEN_CLASS, params={"code": code}).first()


def find_pupil(*, session: Session, classroom: Classroom, public_id: str) -> Pupil | None:
    params = {"classroom_id": classroom.id, "public_id": public_id}
    return session.exec(_PUPIL_IN_CLASS, params=params).first()


class SignInResult(Enum):
    OK = "ok"
    WRONG = "wrong"
    WAIT = "wait"


@dataclass(frozen=True)
class PupilSignIn:
    result: SignInResult
    tries_left: int = 0
    wait_until: datetime | None = None


@dataclass(frozen=True)
class BackOff:
    """Wrong tries for free, then a wait that doubles with every further wrong try."""

    free_tries: int
    first_wait: int  # seconds
    max_wait: int  # seconds
    forget_after: int  # seconds without a wrong try before the streak starts over

    @classmethod
    def from_config(cls, config) -> BackOff:
        return cls(
            free_tries=config["PUPIL_FREE_TRIES"],
            first_wait=config["PUPIL_FIRST_WAIT_SECONDS"],
            max_wait=config["PUPIL_MAX_WAIT_SECONDS"],
            forget_after=config["PUPIL_FORGET_FAILURES_AFTER_SECONDS"],
        )

    def wait_until(self, pupil: Pupil) -> datetime | None:
        return pupil.wait_until(
            free_tries=self.free_tries, first_wait=self.first_wait, max_wait=self.max_wait
        )


def check_pupil_secret(
    *, session: Session, pupil: Pupil, attempt: str, backoff: BackOff
) -> PupilSignIn:
    """Compare the secret unless the pupil must wait; count a wrong one atomically.

    A correct secret resets nothing: a classmate gets no fresh tries each time the pupil signs
    in. The wait stops guessing without locking anyone out for long, and running sessions and
    login cards keep working. Only the teacher resets the count.
    """
    now = utcnow()
    until = backoff.wait_until(pupil)
    if until is not None and until > now:
        return PupilSignIn(SignInResult.WAIT, wait_until=until)
    if hmac.compare_digest(attempt.encode(), pupil.secret.encode()):
        return PupilSignIn(SignInResult.OK)
    # One UPDATE, so two wrong tries at the same moment both count. The sign-in read the pupil
    # without the write lock (db.reads_first); the UPDATE needs nothing it read.
    write_from_here(session)
    quiet_since = now - timedelta(seconds=backoff.forget_after)
    session.exec(
        update(Pupil)
        .where(Pupil.id == pupil.id)
        .values(
            failed_attempts=Pupil.failed_attempts + 1,
            failed_since=func.coalesce(Pupil.failed_since, now),
            recent_failures=case(
                (
                    or_(Pupil.last_failed_at.is_(None), Pupil.last_failed_at < quiet_since),
                    1,
                ),
                else_=Pupil.recent_failures + 1,
            ),
            last_failed_at=now,
        )
    )
    session.commit()
    session.refresh(pupil)
    until = backoff.wait_until(pupil)
    if until is not None:
        return PupilSignIn(SignInResult.WAIT, wait_until=until)
    return PupilSignIn(SignInResult.WRONG, tries_left=backoff.free_tries - pupil.recent_failures)


_RESET = {"failed_attempts": 0, "failed_since": None, "recent_failures": 0, "last_failed_at": None}


def unlock_pupil(*, session: Session, pupil: Pupil) -> None:
    """The teacher's reset: no wait, and the count of wrong tries starts again at 0."""
    session.exec(update(Pupil).where(Pupil.id == pupil.id).values(**_RESET))
    session.commit()
    session.refresh(pupil)


def unlock_class(*, session: Session, classroom: Classroom) -> int:
    """Reset every pupil of the class at once; returns how many had wrong tries."""
    result = session.exec(
        update(Pupil)
        .where(Pupil.classroom_id == classroom.id, Pupil.failed_attempts > 0)
        .values(**_RESET)
    )
    session.commit()
    return result.rowcount


def end_all_sessions(*, session: Session, principal: StaffUser | Pupil) -> None:
    """Sign the account out everywhere: every session id (and copied cookie) stops working."""
    table = type(principal)
    session.exec(
        update(table)
        .where(table.id == principal.id)
        .values(session_version=table.session_version + 1)
    )
    session.commit()


def load_principal(*, session: Session, session_id: str) -> StaffUser | Pupil | None:
    """flask-login's user loader: 'staff:<id>:<version>:<fp>' or 'pupil:<public id>:<v>:<fp>'."""
    kind, _sep, rest = session_id.partition(":")
    key, _sep, _rest = rest.partition(":")
    principal: StaffUser | Pupil | None = None
    if kind == "staff" and key.isdigit() and len(key) < 19:
        principal = session.get(StaffUser, int(key))
    elif kind == "pupil" and key:
        principal = session.exec(_PUPIL_WITH_CLASS, params={"public_id": key}).first()
    if principal is None or not hmac.compare_digest(principal.get_id(), session_id):
        return None
    # Wrong tries by someone else never end a running session; an archived class does.
    if isinstance(principal, Pupil) and principal.classroom.archived:
        return None
    return principal
