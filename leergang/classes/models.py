"""Schools, classes and pupils.

A pupil record holds the minimum: a first name or nickname and the sign-in secret the teacher
prints on the login card. No surname, birth date or e-mail is ever stored.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import ClassVar

from sqlalchemy import false
from sqlmodel import AutoString, Field, Relationship, SQLModel

from leergang.auth.principal import Principal
from leergang.timeutil import utcnow


class SecretKind(StrEnum):
    PICTURES = "pictures"  # four of twelve pictures, in order (groep 7/8); older: three of nine
    PIN = "pin"  # four digits (older pupils)


def new_research_key() -> str:
    return secrets.token_hex(8)


class School(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    # The school in anonymous metrics: random, so an event never names the school.
    research_key: str | None = Field(
        default_factory=new_research_key, max_length=16, unique=True, index=True
    )
    created_at: datetime = Field(default_factory=utcnow)


class Classroom(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    school_id: int = Field(foreign_key="school.id", index=True, ondelete="CASCADE")
    # Teacher URLs use this random id, never the class code: a new code keeps bookmarks working
    # and a code read off a pupil's card says nothing about the teacher's pages.
    public_id: str = Field(max_length=24, unique=True, index=True)
    name: str = Field(max_length=80)
    school_year: str = Field(default="", max_length=9)  # "2026-2027"
    level: str = Field(max_length=16)  # a lesson level: po-7, po-8, vmbo-bb, vmbo-kb, vmbo-gt
    code: str = Field(max_length=12, unique=True, index=True)
    secret_kind: SecretKind = Field(default=SecretKind.PICTURES, sa_type=AutoString(16))
    created_at: datetime = Field(default_factory=utcnow)
    # Set at the end of the school year; pupils can no longer sign in, and the retention command
    # deletes the pupils' data once the retention period has passed.
    archived_on: date | None = None
    # The class in anonymous metrics (gains are clustered by class): random, never the class id.
    research_key: str | None = Field(
        default_factory=new_research_key, max_length=16, unique=True, index=True
    )
    # Set by an evaluator: the class takes the pre-test and post-test before the lesson steps.
    comparison: bool = Field(default=False, sa_column_kwargs={"server_default": false()})

    @property
    def archived(self) -> bool:
        return self.archived_on is not None


class Pupil(Principal, SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    classroom_id: int = Field(foreign_key="classroom.id", index=True, ondelete="CASCADE")
    # Random, unguessable id for URLs: pupil pages never expose sequential ids.
    public_id: str = Field(max_length=24, unique=True, index=True)
    display_name: str = Field(max_length=40)
    # Kept readable on purpose: the teacher prints it on the login card. Guessing is bounded by
    # the growing wait after wrong tries (and the per-class limit), not by hashing a 1-in-11,880
    # secret.
    secret: str = Field(max_length=40)
    # Wrong tries since the teacher last reset them (a correct sign-in does not reset them).
    failed_attempts: int = Field(default=0)
    failed_since: datetime | None = None
    # Wrong tries in the current streak: they set the wait and start over after a quiet period.
    recent_failures: int = Field(default=0)
    last_failed_at: datetime | None = None
    # In every login-card QR token; raising it revokes the cards printed before.
    card_version: int = Field(default=1)
    # In every session id; raising it (sign-out) ends every session of this pupil, copies too.
    session_version: int = Field(default=1)
    # Metrics use this pseudonym, never the name or id; it dies with the pupil's account.
    pseudonym: str = Field(max_length=32, unique=True)
    # A parent objected: the pupil's anonymous events stay out of every evaluator figure.
    no_research_use: bool = Field(default=False)
    # Larger text, more spacing and a very legible font on every page the pupil sees.
    reading_friendly: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    created_at: datetime = Field(default_factory=utcnow)

    classroom: Classroom = Relationship()

    kind: ClassVar[str] = "pupil"

    def _public_key(self) -> str:
        return self.public_id

    def wait_until(self, *, free_tries: int, first_wait: int, max_wait: int) -> datetime | None:
        """When this pupil may try again after wrong tries, or None when no wait applies."""
        if self.last_failed_at is None or self.recent_failures < free_tries:
            return None
        seconds = min(max_wait, first_wait * 2 ** (self.recent_failures - free_tries))
        last = self.last_failed_at
        if last.tzinfo is None:  # SQLite hands back naive UTC
            last = last.replace(tzinfo=UTC)
        return last + timedelta(seconds=seconds)

    @property
    def locked(self) -> bool:
        """Waiting after wrong tries (with the default settings), for teacher pages."""
        from flask import current_app

        config = current_app.config
        until = self.wait_until(
            free_tries=config["PUPIL_FREE_TRIES"],
            first_wait=config["PUPIL_FIRST_WAIT_SECONDS"],
            max_wait=config["PUPIL_MAX_WAIT_SECONDS"],
        )
        return until is not None and until > utcnow()

    def _secret_material(self) -> str:
        return self.secret


class ClassroomTeacher(SQLModel, table=True):
    """Who teaches a class: its creator and any co-teachers."""

    __tablename__ = "classroom_teacher"

    classroom_id: int = Field(foreign_key="classroom.id", primary_key=True, ondelete="CASCADE")
    staff_user_id: int = Field(foreign_key="staff_user.id", primary_key=True, ondelete="CASCADE")


class TeacherInvite(SQLModel, table=True):
    """A one-time link a school admin sends to a new teacher. Only a hash of the token is kept."""

    __tablename__ = "teacher_invite"

    id: int | None = Field(default=None, primary_key=True)
    school_id: int = Field(foreign_key="school.id", index=True, ondelete="CASCADE")
    invited_by_id: int | None = Field(
        default=None, foreign_key="staff_user.id", ondelete="SET NULL"
    )
    email: str = Field(max_length=254)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None
