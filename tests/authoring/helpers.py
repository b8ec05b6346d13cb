"""Shared by the import/export and image tests: partner staff, zips built byte by byte (also the
hostile kinds no zip tool makes), uploads through the test client, and the database state that
bad input must leave as it was."""

from __future__ import annotations

import base64
import io
import stat
import zipfile
from pathlib import Path

from sqlmodel import select

from leergang.auth.models import Role, StaffUser
from leergang.auth.services import hash_password
from leergang.authoring.models import AuditEntry, ContentVersion, Organisation
from leergang.db import new_session
from tests.helpers import LESSONS_DIR

PASSWORD = "partner-password-1"
STAFF = {  # key: (e-mail, organisation)
    "author": ("auteur@wijzer.example", "Wijzer in Geldzaken"),
    "reviewer": ("redactie@wijzer.example", "Wijzer in Geldzaken"),
    "other": ("auteur@nibud.example", "Nibud"),
}
MODULE = "nodig-of-willen"
IMAGE = "nodig-of-willen.svg"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def make_partners(app) -> dict[str, int]:
    """Wijzer in Geldzaken (an author and a reviewer) and Nibud (one author): their ids."""
    secret = hash_password(PASSWORD)
    with app.app_context(), new_session(write=True) as session:
        orgs = {}
        for name in ("Wijzer in Geldzaken", "Nibud"):
            orgs[name] = Organisation(name=name)
            session.add(orgs[name])
        session.flush()
        users = {}
        for key, (email, org) in STAFF.items():
            users[key] = StaffUser(email=email, display_name=key.title(), role=Role.AUTHOR,
                                   password_hash=secret, organisation_id=orgs[org].id)  # fmt: skip
            session.add(users[key])
        session.commit()
        return {key: user.id for key, user in users.items()}


def zip_of(entries: dict[str, bytes], *, links: tuple[str, ...] = ()) -> bytes:
    """A zip with exactly these names (climbing, absolute…) and ``links`` as symlink entries."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            mode = stat.S_IFLNK | 0o777 if name in links else stat.S_IFREG | 0o644
            info.external_attr = mode << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def folder_entries(folder: Path, prefix: str | None = None) -> dict[str, bytes]:
    """Every file of a lessons folder, under ``prefix/`` (default: the folder's name)."""
    prefix = folder.name if prefix is None else prefix
    return {
        (f"{prefix}/" if prefix else "") + path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def module_zip(module: str = MODULE, **changes: bytes) -> bytes:
    entries = folder_entries(LESSONS_DIR / module)
    entries.update({f"{module}/{name}": data for name, data in changes.items()})
    return zip_of(entries)


def upload(actor, url: str, filename: str, data: bytes, **fields: str):
    """A browser's file upload (multipart), built in memory: the test client's own builder
    spills bodies over 500 kB into a temporary file that it leaves open."""
    if actor._token is None:
        actor.get("/")
    boundary = "leergang-test-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in {"csrf_token": actor._token or "", **fields}.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return actor.client.post(url, data=body,
                             content_type=f"multipart/form-data; boundary={boundary}")  # fmt: skip


def db_state(app) -> tuple:
    """Every content version (status, revision, text, images) and the audit log's length."""
    with app.app_context(), new_session() as session:
        rows = session.exec(select(ContentVersion).order_by(ContentVersion.id)).all()
        versions = [
            (r.id, r.kind, r.content_id, r.status, r.revision, r.yaml_text, sorted(r.assets))
            for r in rows
        ]
        audit = len(session.exec(select(AuditEntry.id)).all())
        return versions, audit


def version_row(app, version_id: int) -> ContentVersion:
    with app.app_context(), new_session() as session:
        row = session.get(ContentVersion, version_id)
        session.expunge(row)
        return row


def publish(app, partners, text: str, images: dict[str, bytes], *, content_id: str,
            file_version: str | None = None) -> int:  # fmt: skip
    """A version with images taken from draft to published, as the editor and reviewer do."""
    from leergang.authoring import services

    with app.app_context(), new_session(write=True) as session:
        author = session.get(StaffUser, partners["author"])
        reviewer = session.get(StaffUser, partners["reviewer"])
        draft = services.save_draft(
            session=session, kind="module", content_id=content_id, yaml_text=text,
            author=author, expected_revision=None,
        )  # fmt: skip
        draft.assets = {name: base64.b64encode(data).decode() for name, data in images.items()}
        session.add(draft)
        session.commit()
        services.submit_for_review(session=session, draft=draft, author=author)
        services.approve(session=session, draft=draft, reviewer=reviewer)
        services.publish(session=session, draft=draft, by=reviewer, file_version=file_version)
        return draft.id


def own_module_text(new_id: str = "mijn-les", version: str = "1.1") -> str:
    """The shipped module under a new id (and version): a partner's own module."""
    text = (LESSONS_DIR / MODULE / "module.yaml").read_text(encoding="utf-8")
    text = text.replace(f"id: {MODULE}\n", f"id: {new_id}\n", 1)
    return text.replace('version: "1.1"', f'version: "{version}"', 1)
