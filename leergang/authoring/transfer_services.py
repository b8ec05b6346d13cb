"""What import, export and image uploads do with the database: who may take an id, which version
an author exports, and the draft that receives an import or an image.

Every refusal is an ``AuthoringError`` raised before anything is written, so bad input changes
nothing. The rules of ``services`` still hold (drafts, revisions, one organisation per id, an
audit entry for every change); this module adds the lessons folder: an id that is a module or
game in ``lessons/`` belongs to the organisation named in ``LESSONS_ORGANISATION`` (none by
default), and one id never names both a module and a game.
"""

from __future__ import annotations

import base64
from pathlib import Path

from sqlmodel import Session, select

from leergang.auth.models import Role, StaffUser
from leergang.authoring import services
from leergang.authoring.models import ContentVersion, Organisation, VersionStatus
from leergang.content import N_, Problem
from leergang.content.loader import MODULE_FILE, SCENARIO_FILE
from leergang.content.yamlfile import NOT_UTF8
from leergang.library.store import ID_IN_USE

from .images import upload_problem
from .services import AuthoringError, NotAllowed
from .transfer import Bundle
from .translations import read_translation_files

KINDS = ("module", "game")
OTHER_ORGANISATION = N_(
    'The id "%(id)s" belongs to another organisation. Choose another id (and folder name) for '
    "your own lesson."
)
IN_LESSONS_FOLDER = N_(
    'The id "%(id)s" is a lesson of the Leergang lessons folder. Choose another id (and folder '
    "name) for your own version."
)
DRAFT_OPEN = N_(
    'There is already a draft of "%(id)s" (version %(version)s). Tick "Replace the draft" to '
    "replace it with this file, or import under another id."
)
TRANSLATION_PROBLEMS = N_(
    "Nothing was imported: a translation does not fit the Dutch text. Fix these problems in "
    "your files and try again."
)
NO_DRAFT = N_("There is no version of this lesson to add images to. Import or write it first.")


class ImportProblems(AuthoringError):
    """Files of a bundle that cannot be stored, with their problems (as ``lessons check`` gives
    them)."""

    def __init__(self, problems: list[Problem]):
        super().__init__(TRANSLATION_PROBLEMS)
        self.problems = problems


def file_kind(lessons_dir: Path, content_id: str) -> str | None:
    """Whether ``lessons/<id>`` is a module or a game folder (None: neither)."""
    folder = lessons_dir / content_id
    if (folder / MODULE_FILE).is_file():
        return "module"
    if (folder / SCENARIO_FILE).is_file():
        return "game"
    return None


def owner_of(session: Session, kind: str, content_id: str) -> int | None:
    """The organisation of the first database version of an id (who started it owns it)."""
    return session.exec(
        select(ContentVersion.organisation_id)
        .where(ContentVersion.kind == kind, ContentVersion.content_id == content_id)
        .order_by(ContentVersion.id)  # type: ignore[arg-type]
    ).first()


def check_may_take(
    *, session: Session, author: StaffUser, kind: str, content_id: str, lessons_dir: Path,
    lessons_organisation: str | None,
) -> None:  # fmt: skip
    """Refuse (``NotAllowed``/``AuthoringError``) an id that is not the author's to write."""
    services._require_author(author)
    other = "game" if kind == "module" else "module"
    in_files = file_kind(lessons_dir, content_id)
    if (
        in_files == other
        or session.exec(
            select(ContentVersion.id).where(
                ContentVersion.kind == other, ContentVersion.content_id == content_id
            )
        ).first()
    ):
        shown = MODULE_FILE if other == "module" else SCENARIO_FILE
        raise AuthoringError(ID_IN_USE, id=content_id, other=shown)
    if author.role == Role.ADMIN:
        return
    owner = owner_of(session, kind, content_id)
    if owner is not None:
        if owner != author.organisation_id:
            raise NotAllowed(OTHER_ORGANISATION, id=content_id)
        return
    if in_files is not None and not _is_lessons_organisation(session, author, lessons_organisation):
        raise NotAllowed(IN_LESSONS_FOLDER, id=content_id)


def _is_lessons_organisation(session: Session, author: StaffUser, name: str | None) -> bool:
    if not name or author.organisation_id is None:
        return False
    organisation = session.get(Organisation, author.organisation_id)
    return organisation is not None and organisation.name == name


def import_bundle(
    *, session: Session, author: StaffUser, bundle: Bundle, content_id: str, replace: bool,
    lessons_dir: Path, lessons_organisation: str | None,
) -> ContentVersion:  # fmt: skip
    """Make the checked bundle the author's draft of ``content_id``: its images and its
    translations (``module.en.yaml``…) beside it. Teacher guides are not stored with a version
    (``Bundle.guides``; the import page says so).

    An open draft is replaced only when the author asked for it (``replace``). Translations with
    problems refuse the whole import (``ImportProblems``) before anything is written."""
    kind = bundle.kind
    check_may_take(
        session=session, author=author, kind=kind, content_id=content_id,
        lessons_dir=lessons_dir, lessons_organisation=lessons_organisation,
    )  # fmt: skip
    translations, sources = bundle_translations(bundle)
    draft = services.open_draft(session=session, kind=kind, content_id=content_id)
    if draft is not None and not replace:
        raise AuthoringError(DRAFT_OPEN, id=content_id, version=draft.version or "?")
    draft = services.save_draft(
        session=session, kind=kind, content_id=content_id, yaml_text=bundle.main_text(),
        author=author, expected_revision=draft.revision if draft is not None else None,
    )  # fmt: skip
    draft.assets = {name: _b64(data) for name, data in sorted(bundle.images.items())}
    draft.translations = translations
    draft.translation_sources = sources
    session.add(draft)
    services._audit(session, author, draft, f"imported {kind} {content_id} with "
                    f"{len(draft.assets)} image(s) and translations "
                    f"[{', '.join(sorted(translations))}]")  # fmt: skip
    session.commit()
    return draft


def bundle_translations(bundle: Bundle) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """The ``translations`` and ``translation_sources`` of the bundle's translation files;
    ``ImportProblems`` when one of them cannot be stored."""
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    for name, data in sorted(bundle.translations.items()):
        try:
            texts[name] = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            problems.append(Problem(Path(name), 1, NOT_UTF8))
    translations, sources, found = read_translation_files(bundle.kind, bundle.main_text(), texts)
    problems += found
    if problems:
        raise ImportProblems(problems)
    return translations, sources


# --- which version an author sees ---------------------------------------------------------


def own_version(session: Session, user: StaffUser, version_id: int) -> ContentVersion | None:
    """A version of the user's organisation (any status); None for another organisation's."""
    row = session.get(ContentVersion, version_id)
    if row is None or not _sees(user, row):
        return None
    return row


def newest_own(session: Session, user: StaffUser, kind: str, content_id: str):
    """The version an author works on: the open draft, else the newest published or retired
    one; None when the id has no database version the user may see."""
    rows = session.exec(
        select(ContentVersion)
        .where(ContentVersion.kind == kind, ContentVersion.content_id == content_id)
        .order_by(ContentVersion.id.desc())  # type: ignore[union-attr]
    ).all()
    mine = [row for row in rows if _sees(user, row)]
    open_rows = [row for row in mine if row.status in services.OPEN_STATUSES]
    return (open_rows or mine or [None])[0]


def has_other_owner(session: Session, user: StaffUser, kind: str, content_id: str) -> bool:
    owner = owner_of(session, kind, content_id)
    return owner is not None and user.role != Role.ADMIN and owner != user.organisation_id


def _sees(user: StaffUser, row: ContentVersion) -> bool:
    return user.role == Role.ADMIN or (
        user.organisation_id is not None and row.organisation_id == user.organisation_id
    )


def published_version(session: Session, kind: str, content_id: str, version: str):
    """A published or retired version (what pupils may see), by its number."""
    return session.exec(
        select(ContentVersion)
        .where(
            ContentVersion.kind == kind,
            ContentVersion.content_id == content_id,
            ContentVersion.version == version,
            ContentVersion.status.in_((VersionStatus.PUBLISHED, VersionStatus.RETIRED)),  # type: ignore[attr-defined]
        )
        .order_by(ContentVersion.id.desc())  # type: ignore[union-attr]
    ).first()


# --- images ---------------------------------------------------------------------------------


def add_image(
    *, session: Session, author: StaffUser, kind: str, content_id: str, name: str, data: bytes
) -> ContentVersion:
    """Store an uploaded image beside the author's draft (a published version gets a new draft,
    as any edit does). Checked like an image file in a module folder; nothing is stored when a
    rule fails."""
    services._require_author(author)
    base = newest_own(session, author, kind, content_id)
    if base is None:
        if has_other_owner(session, author, kind, content_id):
            raise NotAllowed(OTHER_ORGANISATION, id=content_id)
        raise AuthoringError(NO_DRAFT)
    sizes = {key: len(base64.b64decode(value)) for key, value in base.assets.items()}
    problem = upload_problem(name, data, sizes)
    if problem is not None:
        raise AuthoringError(problem[0], **problem[1])
    draft = base
    if base.status not in services.OPEN_STATUSES:
        draft = services.save_draft(
            session=session, kind=kind, content_id=content_id, yaml_text=base.yaml_text,
            author=author, expected_revision=None,
        )  # fmt: skip
    draft.assets = {**base.assets, name: _b64(data)}
    draft.status = VersionStatus.DRAFT  # a changed version needs a new review
    draft.updated_at = services.utcnow()
    session.add(draft)
    services._audit(session, author, draft, f"uploaded image {name} to {kind} {content_id}")
    session.commit()
    return draft


def image_bytes(row: ContentVersion, name: str) -> bytes | None:
    encoded = row.assets.get(name)
    if not isinstance(encoded, str):
        return None
    try:
        return base64.b64decode(encoded, validate=True)
    except ValueError:
        return None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
