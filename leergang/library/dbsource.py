"""DbSource: module and game versions made in the browser (``authoring.models.ContentVersion``).

Each version brings its translations ({language: overlay text}, like ``module.en.yaml``).
Only published and retired rows are content here: drafts are the editor's business. A publish
raises the ``content_change`` counter; every worker reads that one row at most once per
``CONTENT_CHECK_SECONDS`` and rebuilds its view when it moved. A database without the authoring
tables (before ``flask db upgrade``) simply has no content.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import JSON, Engine, column, select, table, text
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger("leergang.library")


@dataclass(frozen=True)
class StoredVersion:
    kind: str
    content_id: str
    version: str
    status: str
    yaml_text: str
    translations: dict[str, str] = field(default_factory=dict)  # {language: overlay text}


# The table by name only: this module must work before the authoring models are imported, and
# on a database that does not have the table yet.
_VERSIONS = table(
    "content_version",
    column("id"),
    column("kind"),
    column("content_id"),
    column("version"),
    column("status"),
    column("yaml_text"),
    column("translations", JSON),
)
_COLUMNS = (
    _VERSIONS.c.kind,
    _VERSIONS.c.content_id,
    _VERSIONS.c.version,
    _VERSIONS.c.status,
    _VERSIONS.c.yaml_text,
    _VERSIONS.c.translations,
)


class DbSource:
    def __init__(self, engine: Engine | None):
        self.engine = engine

    def counter(self) -> int | None:
        """The change counter, or None when the database has no authoring tables (yet)."""
        if self.engine is None:
            return None
        try:
            with self.engine.connect() as conn:
                value = conn.execute(text("SELECT value FROM content_change WHERE id = 1")).scalar()
        except SQLAlchemyError:
            log.debug("no content_change table; database content is off", exc_info=True)
            return None
        return int(value or 0)

    def published(self) -> list[StoredVersion]:
        """Every published version (one per kind and id: a publish retires the one before)."""
        v = _VERSIONS.c
        query = select(*_COLUMNS).where(v.status == "published")
        return self._rows(query.order_by(v.kind, v.content_id, v.id))

    def version(self, kind: str, content_id: str, version: str) -> StoredVersion | None:
        """A published or retired version (what a pupil may have started)."""
        v = _VERSIONS.c
        query = select(*_COLUMNS).where(
            v.kind == kind,
            v.content_id == content_id,
            v.version == version,
            v.status.in_(("published", "retired")),
        )
        rows = self._rows(query.order_by(v.id.desc()))
        return rows[0] if rows else None

    def _rows(self, query) -> list[StoredVersion]:
        if self.engine is None:
            return []
        try:
            with self.engine.connect() as conn:
                rows = conn.execute(query).all()
        except SQLAlchemyError:
            log.debug("no content_version table; database content is off", exc_info=True)
            return []
        return [StoredVersion(*row[:5], translations=_languages(row[5])) for row in rows]


def _languages(value: object) -> dict[str, str]:
    """The stored translations, keeping only {language code: text} pairs."""
    if not isinstance(value, dict):
        return {}
    return {
        lang: text
        for lang, text in value.items()
        if isinstance(lang, str) and isinstance(text, str) and text.strip()
    }
