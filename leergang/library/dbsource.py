"""DbSource: module and game versions made in the browser (``authoring.models.ContentVersion``).

Only published and retired rows are content here: drafts are the editor's business. A publish
raises the ``content_change`` counter; every worker reads that one row at most once per
``CONTENT_CHECK_SECONDS`` and rebuilds its view when it moved. A database without the authoring
tables (before ``flask db upgrade``) simply has no content.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger("leergang.library")


@dataclass(frozen=True)
class StoredVersion:
    kind: str
    content_id: str
    version: str
    status: str
    yaml_text: str


_COLUMNS = "kind, content_id, version, status, yaml_text"


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
        return self._rows("WHERE status = 'published' ORDER BY kind, content_id, id", {})

    def version(self, kind: str, content_id: str, version: str) -> StoredVersion | None:
        """A published or retired version (what a pupil may have started)."""
        rows = self._rows(
            "WHERE kind = :kind AND content_id = :id AND version = :version "
            "AND status IN ('published', 'retired') ORDER BY id DESC",
            {"kind": kind, "id": content_id, "version": version},
        )
        return rows[0] if rows else None

    def _rows(self, where: str, params: dict[str, str]) -> list[StoredVersion]:
        if self.engine is None:
            return []
        try:
            with self.engine.connect() as conn:
                result = conn.execute(
                    text(f"SELECT {_COLUMNS} FROM content_version {where}"), params
                )
                return [StoredVersion(*row) for row in result]
        except SQLAlchemyError:
            log.debug("no content_version table; database content is off", exc_info=True)
            return []
