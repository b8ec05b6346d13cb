"""Reviewing and reading versions: who may see which versions, comments per step, the version
list and the audit log. The state changes themselves (submit, approve, send back, publish) live
in ``services``; this module adds what the review pages read and the per-step comments.

Visibility: drafts (draft, in review, approved) are seen only by authors of the organisation
that owns the content, and by admins. Everyone else on staff (teachers, evaluators, authors of
other organisations) sees published and retired versions only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from leergang.auth.models import Role, StaffUser
from leergang.authoring import services
from leergang.authoring.models import (
    OPEN_STATUSES,
    AuditEntry,
    ContentVersion,
    ReviewComment,
    VersionStatus,
)
from leergang.content import N_

PUBLIC_STATUSES = (VersionStatus.PUBLISHED, VersionStatus.RETIRED)
MAX_COMMENT = 2000
AUDIT_PAGE_SIZE = 50


@dataclass(frozen=True)
class VersionRow:
    """A version as the versions page lists it."""

    id: int
    version: str
    status: str
    created_by: str | None
    created_at: datetime
    published_at: datetime | None


@dataclass(frozen=True)
class CommentRow:
    id: int
    step_id: str
    author: str | None
    text: str
    created_at: datetime


@dataclass(frozen=True)
class AuditRow:
    when: datetime
    who: str | None
    what: str
    kind: str | None
    content_id: str | None
    version: str | None


def versions_of(*, session: Session, kind: str, content_id: str) -> list[ContentVersion]:
    """Every database version of one module or game, oldest first."""
    return list(
        session.exec(
            select(ContentVersion)
            .where(ContentVersion.kind == kind, ContentVersion.content_id == content_id)
            .order_by(ContentVersion.id)  # type: ignore[arg-type]
        )
    )


def owner(versions: list[ContentVersion]) -> int | None:
    """The organisation that owns an id: the one that made its first version."""
    return versions[0].organisation_id if versions else None


def sees_drafts(user: StaffUser, versions: list[ContentVersion]) -> bool:
    if user.role == Role.ADMIN:
        return True
    return (
        user.role == Role.AUTHOR
        and user.organisation_id is not None
        and user.organisation_id == owner(versions)
    )


def visible(user: StaffUser, versions: list[ContentVersion]) -> list[ContentVersion]:
    if sees_drafts(user, versions):
        return versions
    return [v for v in versions if v.status in PUBLIC_STATUSES]


def version_rows(*, session: Session, versions: list[ContentVersion]) -> list[VersionRow]:
    """The versions with their makers' names (one query for all names)."""
    ids = {v.created_by for v in versions if v.created_by is not None}
    names = _names(session, ids)
    return [
        VersionRow(
            id=v.id,  # type: ignore[arg-type]
            version=v.version,
            status=str(v.status),
            created_by=names.get(v.created_by),  # type: ignore[arg-type]
            created_at=v.created_at,
            published_at=v.published_at,
        )
        for v in reversed(versions)
    ]


def open_version(versions: list[ContentVersion]) -> ContentVersion | None:
    """The version being worked on or reviewed (the newest one that is not published)."""
    found = [v for v in versions if v.status in OPEN_STATUSES]
    return found[-1] if found else None


def comments(*, session: Session, version: ContentVersion) -> dict[str, list[CommentRow]]:
    """The review comments on a version per step id ("" for the whole version), oldest first."""
    rows = session.exec(
        select(ReviewComment, StaffUser.display_name)
        .join(StaffUser, StaffUser.id == ReviewComment.author_id, isouter=True)  # type: ignore[arg-type]
        .where(ReviewComment.version_id == version.id)
        .order_by(ReviewComment.id)  # type: ignore[arg-type]
    ).all()
    found: dict[str, list[CommentRow]] = {}
    for comment, name in rows:
        found.setdefault(comment.step_id, []).append(
            CommentRow(comment.id, comment.step_id, name, comment.text, comment.created_at)  # type: ignore[arg-type]
        )
    return found


def add_comment(
    *,
    session: Session,
    version: ContentVersion,
    reviewer: StaffUser,
    step_id: str,
    text: str,
    part_ids: set[str],
) -> ReviewComment:
    """A reviewer's remark on one step of a version in review (another author of the same
    organisation, or an admin)."""
    services._require_reviewer(reviewer, version)
    services._require_status(version, VersionStatus.IN_REVIEW)
    text = text.strip()
    if not text:
        raise services.AuthoringError(N_("Write a comment first."))
    if len(text) > MAX_COMMENT:
        raise services.AuthoringError(
            N_("A comment can be %(max)d characters at most."), max=MAX_COMMENT
        )
    if step_id and step_id not in part_ids:
        raise services.AuthoringError(N_("This version has no step with that id."))
    comment = ReviewComment(
        version_id=version.id,  # type: ignore[arg-type]
        step_id=step_id,
        author_id=reviewer.id,
        text=text,
    )
    session.add(comment)
    where = f"step {step_id}" if step_id else "the whole version"
    services._audit(
        session, reviewer, version,
        f"commented on {where}: {version.kind} {version.content_id} {version.version}",
    )  # fmt: skip
    session.commit()
    return comment


def audit_page(*, session: Session, page: int) -> tuple[list[AuditRow], bool]:
    """One page of the audit log, newest first, and whether an older page exists."""
    rows = session.exec(
        select(
            AuditEntry,
            StaffUser.display_name,
            ContentVersion.kind,
            ContentVersion.content_id,
            ContentVersion.version,
        )  # fmt: skip
        .join(StaffUser, StaffUser.id == AuditEntry.who, isouter=True)  # type: ignore[arg-type]
        .join(ContentVersion, ContentVersion.id == AuditEntry.content_version_id, isouter=True)  # type: ignore[arg-type]
        .order_by(AuditEntry.id.desc())  # type: ignore[union-attr]
        .offset((page - 1) * AUDIT_PAGE_SIZE)
        .limit(AUDIT_PAGE_SIZE + 1)
    ).all()
    found = [
        AuditRow(entry.when, name, entry.what, kind, content_id, version)
        for entry, name, kind, content_id, version in rows[:AUDIT_PAGE_SIZE]
    ]
    return found, len(rows) > AUDIT_PAGE_SIZE


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.exec(
        select(StaffUser.id, StaffUser.display_name).where(StaffUser.id.in_(ids))  # type: ignore[union-attr]
    )
    return {user_id: name for user_id, name in rows}
