"""What the editor does with content versions: save a draft, send it for review, approve or send
it back, publish. Every step writes an ``AuditEntry``; a publish raises the change counter so every
app worker shows it within ``CONTENT_CHECK_SECONDS``, without a restart.

Rules kept here (not in views): authors and reviewers act only for their own organisation (an
admin for any); a reviewer is not the author of the version; only an approved version is
published, with a version number ("1", "1.2", "2.0.1") higher than every published one, in the
folder or the database; a published row never changes (editing starts a new draft).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, select

from leergang.auth.models import Role, StaffUser
from leergang.authoring.models import (
    OPEN_STATUSES,
    AuditEntry,
    ContentChange,
    ContentKind,
    ContentVersion,
    VersionStatus,
)
from leergang.content import N_, Problem, parse_module_text
from leergang.content.scenarios import parse_scenario_text
from leergang.content.yamlfile import MAX_FILE_BYTES
from leergang.timeutil import utcnow

VERSION_FORMAT = re.compile(r"^\d{1,4}(?:\.\d{1,4}){0,2}$")


class AuthoringError(Exception):
    """A refused editor action, with a translatable message for the author."""

    def __init__(self, msgid: str, **params: object):
        super().__init__(msgid % params)
        self.msgid = msgid
        self.params = params


class DraftConflict(AuthoringError):
    """Someone else saved this draft after the editor loaded it."""


class NotAllowed(AuthoringError):
    pass


class InvalidContent(AuthoringError):
    def __init__(self, problems: list[Problem]):
        super().__init__(N_("Fix the problems in this version first (%(num)d)."), num=len(problems))
        self.problems = problems


def version_key(version: str) -> tuple[int, ...]:
    """ "1.10" sorts after "1.9"; missing parts count as 0 ("1" == "1.0")."""
    parts = [int(p) for p in version.split(".")]
    while parts and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def validate(*, kind: str, content_id: str, yaml_text: str) -> tuple[object | None, list[Problem]]:
    """The same check ``lessons check`` runs, on text: (the module or game, problems)."""
    parse = parse_module_text if kind == ContentKind.MODULE else parse_scenario_text
    item, problems = parse(yaml_text)  # type: ignore[operator]
    if item is not None and item.id != content_id:
        msgid = N_('The id in the text is "%(found)s"; this draft is "%(id)s". Keep the id.')
        problems = [Problem(problems[0].path if problems else _path(kind), 1, msgid,
                            {"found": item.id, "id": content_id})]  # fmt: skip
        item = None
    return item, problems


def _path(kind: str):
    from pathlib import Path

    return Path("module.yaml" if kind == ContentKind.MODULE else "scenario.yaml")


def open_draft(*, session: Session, kind: str, content_id: str) -> ContentVersion | None:
    """The version being worked on (draft, in review or approved), if any."""
    return session.exec(
        select(ContentVersion)
        .where(
            ContentVersion.kind == kind,
            ContentVersion.content_id == content_id,
            ContentVersion.status.in_(OPEN_STATUSES),  # type: ignore[attr-defined]
        )
        .order_by(ContentVersion.id.desc())  # type: ignore[union-attr]
    ).first()


def save_draft(
    *,
    session: Session,
    kind: str,
    content_id: str,
    yaml_text: str,
    author: StaffUser,
    expected_revision: int | None,
) -> ContentVersion:
    """Save the editor's text as the draft of ``content_id``.

    ``expected_revision`` is the revision the editor loaded (None for a new draft). When someone
    saved in between, nothing changes and ``DraftConflict`` says who, so nobody overwrites
    another author's work. A draft may still have problems; ``submit_for_review`` refuses those.
    """
    _require_author(author)
    if len(yaml_text.encode("utf-8")) > MAX_FILE_BYTES:
        raise AuthoringError(
            N_("This text is larger than %(max)d kB. Split it over more steps or modules."),
            max=MAX_FILE_BYTES // 1024,
        )
    item, _problems = validate(kind=kind, content_id=content_id, yaml_text=yaml_text)
    version = item.version if item is not None else ""  # type: ignore[attr-defined]
    draft = open_draft(session=session, kind=kind, content_id=content_id)
    if draft is not None:
        _require_same_organisation(author, draft)
    if draft is None or expected_revision is None:
        if draft is not None or expected_revision is not None:
            # Someone began a draft first, or the one the editor had open was published.
            raise conflict(session, draft or last_published(session, kind, content_id))
        _require_not_taken_by_other_organisation(session, kind, content_id, author)
        earlier = last_published(session, kind, content_id)
        draft = ContentVersion(
            kind=ContentKind(kind),
            content_id=content_id,
            version=version[:32],
            yaml_text=yaml_text,
            organisation_id=author.organisation_id,
            created_by=author.id,
            # Translations carry over; their hashes show which the new Dutch put out of date.
            # So do its images: editing a published module keeps the pictures it shows.
            assets=dict(earlier.assets) if earlier else {},
            translations=dict(earlier.translations) if earlier else {},
            translation_sources=dict(earlier.translation_sources) if earlier else {},
        )
        session.add(draft)
        session.flush()
        _audit(session, author, draft, f"created draft {kind} {content_id}")
        session.commit()
        return draft
    return save_revision(
        session,
        draft,
        author,
        expected_revision,
        f"saved draft {kind} {content_id}",
        yaml_text=yaml_text,
        version=version[:32],
    )


def save_revision(
    session: Session,
    draft: ContentVersion,
    author: StaffUser,
    expected_revision: int,
    what: str,
    **values: Any,
) -> ContentVersion:
    """Store ``values`` on the open ``draft`` as its next revision, unless someone saved it (or
    moved it on) since the author loaded ``expected_revision``: then nothing changes and
    ``DraftConflict`` says who. Compare and set in one statement, so two saves of the same
    revision cannot both win. A changed draft needs a new review, so it goes back to DRAFT."""
    result = session.execute(
        update(ContentVersion)
        .where(
            ContentVersion.id == draft.id,  # type: ignore[arg-type]
            ContentVersion.revision == expected_revision,  # type: ignore[arg-type]
            ContentVersion.status.in_(OPEN_STATUSES),  # type: ignore[attr-defined]
        )
        .values(
            **values,
            revision=ContentVersion.revision + 1,
            status=VersionStatus.DRAFT,
            updated_at=utcnow(),
        )
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise conflict(session, draft)
    _audit(session, author, draft, f"{what} revision {expected_revision + 1}")
    session.commit()
    session.refresh(draft)
    return draft


def submit_for_review(*, session: Session, draft: ContentVersion, author: StaffUser) -> None:
    _require_author(author)
    _require_same_organisation(author, draft)
    _require_status(draft, VersionStatus.DRAFT)
    _item, problems = validate(
        kind=draft.kind, content_id=draft.content_id, yaml_text=draft.yaml_text
    )
    if problems:
        raise InvalidContent(problems)
    _move(session, draft, VersionStatus.IN_REVIEW, author, "submitted for review")


def approve(*, session: Session, draft: ContentVersion, reviewer: StaffUser) -> None:
    _require_reviewer(reviewer, draft)
    _require_status(draft, VersionStatus.IN_REVIEW)
    draft.reviewed_by = reviewer.id
    _move(session, draft, VersionStatus.APPROVED, reviewer, "approved")


def send_back(
    *, session: Session, draft: ContentVersion, reviewer: StaffUser, comment: str
) -> None:
    _require_reviewer(reviewer, draft)
    _require_status(draft, VersionStatus.IN_REVIEW)
    draft.review_comment = comment[:4000]
    draft.reviewed_by = reviewer.id
    _move(session, draft, VersionStatus.DRAFT, reviewer, "sent back")


def publish(
    *, session: Session, draft: ContentVersion, by: StaffUser, file_version: str | None = None
) -> None:
    """Publish an approved version; the one published before is retired (pupils who started it
    still finish it). ``file_version`` is the version of the same id in the lessons folder."""
    _require_reviewer(by, draft, may_be_author=True)
    _require_status(draft, VersionStatus.APPROVED)
    item, problems = validate(
        kind=draft.kind, content_id=draft.content_id, yaml_text=draft.yaml_text
    )
    if problems or item is None:
        raise InvalidContent(problems)
    if not VERSION_FORMAT.match(draft.version):
        raise AuthoringError(
            N_('Version "%(version)s" must be numbers with dots, for example "1.2".'),
            version=draft.version,
        )
    # Raising the counter first locks its row: two publishes of one id run one after the other.
    _bump_counter(session)
    earlier = session.exec(
        select(ContentVersion).where(
            ContentVersion.kind == draft.kind,
            ContentVersion.content_id == draft.content_id,
            ContentVersion.status.in_((VersionStatus.PUBLISHED, VersionStatus.RETIRED)),  # type: ignore[attr-defined]
        )
    ).all()
    known = [e.version for e in earlier] + ([file_version] if file_version else [])
    highest = max((version_key(v) for v in known if VERSION_FORMAT.match(v)), default=())
    if version_key(draft.version) <= highest:
        session.rollback()
        raise AuthoringError(
            N_('Version "%(version)s" must be higher than the last published version.'),
            version=draft.version,
        )
    for row in earlier:
        if row.status == VersionStatus.PUBLISHED:
            row.status = VersionStatus.RETIRED
            session.add(row)
    draft.published_at = utcnow()
    _move(session, draft, VersionStatus.PUBLISHED, by, f"published version {draft.version}")


# --- rules ------------------------------------------------------------------------------------


def _require_author(user: StaffUser) -> None:
    if user.role == Role.ADMIN:
        return
    if user.role != Role.AUTHOR or user.organisation_id is None:
        raise NotAllowed(N_("Only authors of a partner organisation can write lessons."))


def _require_same_organisation(user: StaffUser, draft: ContentVersion) -> None:
    if user.role != Role.ADMIN and user.organisation_id != draft.organisation_id:
        raise NotAllowed(N_("This lesson belongs to another organisation."))


def _require_reviewer(user: StaffUser, draft: ContentVersion, may_be_author: bool = False) -> None:
    """An admin, or another author of the same organisation (four eyes)."""
    if user.role == Role.ADMIN:
        return
    _require_author(user)
    _require_same_organisation(user, draft)
    if not may_be_author and user.id == draft.created_by:
        raise NotAllowed(N_("Someone else must review your own work."))


def _require_status(draft: ContentVersion, status: VersionStatus) -> None:
    if draft.status != status:
        raise AuthoringError(
            N_('This version is "%(status)s"; that step needs "%(needed)s".'),
            status=str(draft.status), needed=str(status),
        )  # fmt: skip


def _require_not_taken_by_other_organisation(
    session: Session, kind: str, content_id: str, author: StaffUser
) -> None:
    if author.role == Role.ADMIN:
        return
    owner = session.exec(
        select(ContentVersion.organisation_id)
        .where(ContentVersion.kind == kind, ContentVersion.content_id == content_id)
        .order_by(ContentVersion.id)  # type: ignore[arg-type]
    ).first()
    if owner is not None and owner != author.organisation_id:
        raise NotAllowed(N_("This lesson belongs to another organisation."))


def last_published(session: Session, kind: str, content_id: str) -> ContentVersion | None:
    return session.exec(
        select(ContentVersion)
        .where(
            ContentVersion.kind == kind,
            ContentVersion.content_id == content_id,
            ContentVersion.status.in_((VersionStatus.PUBLISHED, VersionStatus.RETIRED)),  # type: ignore[attr-defined]
        )
        .order_by(ContentVersion.id.desc())  # type: ignore[union-attr]
    ).first()


def conflict(session: Session, version: ContentVersion | None) -> DraftConflict:
    """The conflict for a save whose ``version`` changed after the editor loaded it: who last
    acted on it (its newest audit entry, else its creator), and whether they saved or published."""
    who_id = None
    if version is not None:
        newest = (
            select(AuditEntry.who)
            .where(AuditEntry.content_version_id == version.id)
            .where(AuditEntry.who.is_not(None))  # type: ignore[union-attr]
            .order_by(AuditEntry.id.desc())  # type: ignore[union-attr]
        )
        who_id = session.exec(newest).first() or version.created_by
    who = session.get(StaffUser, who_id) if who_id else None
    name = who.display_name if who else "?"
    if version is not None and version.status not in OPEN_STATUSES:
        return DraftConflict(
            N_("%(name)s published this version after you opened it. Copy your own text "
               "first, then start a new draft."),
            name=name,
        )  # fmt: skip
    return DraftConflict(
        N_("%(name)s saved this draft after you opened it. Reload it to see their changes; "
           "copy your own text first."),
        name=name,
    )  # fmt: skip


def _bump_counter(session: Session) -> None:
    """Tell every app worker that published content changed (they reread within seconds)."""
    raised = session.execute(
        update(ContentChange)
        .where(ContentChange.id == 1)  # type: ignore[arg-type]
        .values(value=ContentChange.value + 1)
    )
    if raised.rowcount == 0:  # type: ignore[attr-defined]  # the migration's row went missing
        session.add(ContentChange(id=1, value=1))
        session.flush()


def _move(
    session: Session, draft: ContentVersion, status: VersionStatus, who: StaffUser, what: str
) -> None:
    draft.status = status
    draft.updated_at = utcnow()
    session.add(draft)
    _audit(session, who, draft, f"{what}: {draft.kind} {draft.content_id} {draft.version}")
    session.commit()


def _audit(session: Session, who: StaffUser, draft: ContentVersion, what: str) -> None:
    session.add(AuditEntry(who=who.id, what=what[:300], content_version_id=draft.id))
