"""Authoring tables: organisations, content versions made in the browser, the change counter that
tells every app worker a publish happened, and the audit log.

A ``ContentVersion`` holds the exact ``module.yaml`` (or ``scenario.yaml``) text, so files and the
browser meet without loss. A published row is immutable: editing makes a new draft row.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Text, event, inspect
from sqlmodel import AutoString, Field, SQLModel

from leergang.timeutil import utcnow


class ContentKind(StrEnum):
    MODULE = "module"
    GAME = "game"


class VersionStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"  # reviewed and ready; only approved versions can be published
    PUBLISHED = "published"
    RETIRED = "retired"  # was published; pupils who started it still finish it


OPEN_STATUSES = (VersionStatus.DRAFT, VersionStatus.IN_REVIEW, VersionStatus.APPROVED)


class Organisation(SQLModel, table=True):
    """A content partner (Nibud, Wijzer in Geldzaken, …); its authors and reviewers belong to it."""

    __tablename__ = "organisation"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    created_at: datetime = Field(default_factory=utcnow)


class ContentVersion(SQLModel, table=True):
    """One version of a module or game, from draft to published (and retired)."""

    __tablename__ = "content_version"

    id: int | None = Field(default=None, primary_key=True)
    kind: ContentKind = Field(sa_type=AutoString(16))
    content_id: str = Field(max_length=80, index=True)
    version: str = Field(max_length=32)
    status: VersionStatus = Field(sa_type=AutoString(16), default=VersionStatus.DRAFT, index=True)
    yaml_text: str = Field(sa_column=Column(Text, nullable=False))
    # Image files beside the text: {file name: base64}; not served yet (the editor adds that).
    assets: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # Translations beside the Dutch text: {language: the text of module.<lang>.yaml (or
    # scenario.<lang>.yaml)}, and per language a hash of each Dutch text when it was translated
    # ({language: {text key: hash}}), so the editor shows what is out of date.
    translations: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    translation_sources: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    organisation_id: int | None = Field(
        default=None, foreign_key="organisation.id", ondelete="SET NULL", index=True
    )
    created_by: int | None = Field(default=None, foreign_key="staff_user.id", ondelete="SET NULL")
    reviewed_by: int | None = Field(default=None, foreign_key="staff_user.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    published_at: datetime | None = None
    # Raised by every save: an editor sends the revision it started from (optimistic locking).
    revision: int = Field(default=1)
    review_comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class ContentChange(SQLModel, table=True):
    """A single row whose ``value`` goes up on every publish or retire: each worker compares it
    with the value it last saw (at most every ``CONTENT_CHECK_SECONDS``) and reloads on change."""

    __tablename__ = "content_change"

    id: int = Field(default=1, primary_key=True)
    value: int = Field(default=0)


class AuditEntry(SQLModel, table=True):
    """Who did what to which content, and when; admins read it."""

    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    who: int | None = Field(default=None, foreign_key="staff_user.id", ondelete="SET NULL")
    when: datetime = Field(default_factory=utcnow, index=True)
    what: str = Field(max_length=300)
    content_version_id: int | None = Field(
        default=None, foreign_key="content_version.id", ondelete="SET NULL"
    )


class PublishedIsImmutable(RuntimeError):
    """A published (or retired) version was about to change: make a new draft instead."""


_FROZEN_FIELDS = (
    "yaml_text",
    "version",
    "content_id",
    "kind",
    "assets",
    "translations",
    "translation_sources",
)


@event.listens_for(ContentVersion, "before_update")
def _published_rows_are_immutable(_mapper: Any, _connection: Any, row: ContentVersion) -> None:
    state = inspect(row)
    was = state.attrs.status.history.deleted or [row.status]
    if was[0] not in (VersionStatus.PUBLISHED, VersionStatus.RETIRED):
        return
    for name in _FROZEN_FIELDS:
        if state.attrs[name].history.has_changes():
            raise PublishedIsImmutable(f"content_version {row.id} is published: {name} is frozen")


class ReviewComment(SQLModel, table=True):
    """A reviewer's remark on one step (or card) of a version in review; the author reads it
    beside that step. ``step_id`` is empty for a remark on the whole version."""

    __tablename__ = "review_comment"

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="content_version.id", index=True, ondelete="CASCADE")
    step_id: str = Field(default="", max_length=80)
    author_id: int | None = Field(default=None, foreign_key="staff_user.id", ondelete="SET NULL")
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
