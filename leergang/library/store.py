"""ContentStore: every reader of lessons and games asks here, by kind, id and version.

Two sources feed it: the ``lessons/`` folder (``FileSource``) and versions published in the
browser (``DbSource``). The rule per id is explicit: **the database wins only with a published
version**; otherwise the file is shown. When both hold the same id and version with different
content, that is a conflict: it is reported (admin *Lessen* page, ``problems``), never silently
settled. The database version is shown meanwhile, by the rule above.

A pupil request costs what it cost before: the published view is a prepared snapshot, rebuilt
only when the database change counter moved (read at most every ``check_seconds``) or, in
debug, when the files changed. Parsed database versions are cached by (kind, id, version);
published and retired rows are immutable, so the cache never goes stale.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from leergang.content import N_, Library, Module, Problem, parse_module_text
from leergang.content.scenario_schema import Scenario
from leergang.content.scenarios import parse_scenario_text

from .dbsource import DbSource, StoredVersion
from .files import FileSource

Kind = Literal["module", "game"]
Item = Module | Scenario
FILES, DATABASE = "files", "database"
_FILE = {"module": "module.yaml", "game": "scenario.yaml"}
ID_IN_USE = N_(
    'The id "%(id)s" is already used by %(other)s in the lesson library. Every module and game '
    "needs its own id: choose another id and folder name."
)


@dataclass(frozen=True)
class Conflict:
    """The same id and version in the folder and the database, with different content."""

    kind: str
    content_id: str
    version: str


@dataclass
class Snapshot:
    """The published view at one moment; never changed after it is built."""

    library: Library
    sources: dict[tuple[str, str], str]
    conflicts: list[Conflict]
    catalogues: dict[tuple[str, str], dict[str, Item]] = field(default_factory=dict)


class ContentStore:
    def __init__(self, files: FileSource, db: DbSource, check_seconds: float = 2.0):
        self.files = files
        self.db = db
        self.check_seconds = check_seconds
        self._lock = threading.Lock()
        self._snap: Snapshot | None = None
        self._counter: int | None = None
        self._files_loads = -1
        self._checked_at = 0.0
        self._parsed: dict[tuple[str, str, str], tuple[Item | None, list[Problem]]] = {}
        self._missing: set[tuple[str, str, str]] = set()  # asked for, not stored (per counter)

    # --- what readers ask -------------------------------------------------------------------

    def published(self, kind: Kind, content_id: str, lang: str) -> Item | None:
        """What a new start gets: the published version in ``lang`` (Dutch where untranslated)."""
        return self.catalogue(kind, lang).get(content_id)

    def version(self, kind: Kind, content_id: str, version: str, lang: str) -> Item | None:
        """A given version, for a pupil who started it before a newer one was published."""
        current = self.published(kind, content_id, lang)
        if current is not None and current.version == version:
            return current
        files = self.files.library(self.check_seconds)
        item: Item | None = (files.modules if kind == "module" else files.scenarios).get(content_id)
        if item is not None and item.version == version:
            return _in_language(item, kind, lang, files)
        key = (kind, content_id, version)
        if key not in self._parsed:
            if key in self._missing:
                return None
            row = self.db.version(kind, content_id, version)
            if row is None:
                self._missing.add(key)
                return None
            self._parse(row)
        parsed = self._parsed[key][0]
        return _in_language(parsed, kind, lang, None) if parsed is not None else None

    def catalogue(self, kind: Kind, lang: str) -> dict[str, Item]:
        """Every published module or game by id, in ``lang``. Do not change the dict."""
        snap = self._snapshot()
        found = snap.catalogues.get((kind, lang))
        if found is None:
            if kind == "module":
                found = dict(snap.library.in_language(lang))
            else:
                found = {i: s.for_language(lang) for i, s in snap.library.scenarios.items()}
            snap.catalogues[(kind, lang)] = found
        return found

    def problems(self) -> list[Problem]:
        """Files and stored versions that could not be used, each with what to change."""
        return self._snapshot().library.problems

    def conflicts(self) -> list[Conflict]:
        return self._snapshot().conflicts

    def source_of(self, kind: Kind, content_id: str) -> str | None:
        """Where the published version of an id comes from: "files" or "database"."""
        return self._snapshot().sources.get((kind, content_id))

    def library(self) -> Library:
        """The published view as one ``Library`` (for callers written before the store)."""
        return self._snapshot().library

    def refresh(self) -> None:
        """Check the counter now (tests, and the worker that just published)."""
        self._checked_at = float("-inf")  # 0.0 is not "long ago" on a host up for minutes
        self._snapshot()

    # --- keeping the snapshot current -------------------------------------------------------

    def _snapshot(self) -> Snapshot:
        snap = self._snap
        if snap is not None and time.monotonic() - self._checked_at < self.check_seconds:
            return snap
        with self._lock:
            now = time.monotonic()
            if self._snap is not None and now - self._checked_at < self.check_seconds:
                return self._snap
            self._checked_at = now
            counter = self.db.counter()
            self.files.library(self.check_seconds)  # reloads changed files in debug
            if (
                self._snap is None
                or counter != self._counter
                or (self.files.loads != self._files_loads)
            ):
                self._missing.clear()
                self._snap = self._build()
                self._counter, self._files_loads = counter, self.files.loads
            return self._snap

    def _build(self) -> Snapshot:
        files = self.files.library(self.check_seconds)
        library = Library(
            modules=dict(files.modules),
            problems=list(files.problems),
            translations={lang: dict(mods) for lang, mods in files.translations.items()},
            scenarios=dict(files.scenarios),
        )
        sources = {("module", i): FILES for i in files.modules}
        sources.update({("game", i): FILES for i in files.scenarios})
        conflicts = []
        for row in self.db.published():
            item, problems = self._parse(row)
            if item is None:
                library.problems.extend(problems)
                continue
            other_kind = library.scenarios if row.kind == "module" else library.modules
            if row.content_id in other_kind:  # one id names one thing, or links would be ambiguous
                where = Path(f"{row.content_id} {row.version} (database)") / _FILE[row.kind]
                params = {
                    "id": row.content_id,
                    "other": _FILE["game" if row.kind == "module" else "module"],
                }
                library.problems.append(Problem(where, 1, ID_IN_USE, params))
                continue
            in_files = (files.modules if row.kind == "module" else files.scenarios).get(
                row.content_id
            )
            if in_files is not None and in_files.version == row.version:
                if _same(self.files.text(row.kind, row.content_id), row.yaml_text) is False:
                    conflicts.append(Conflict(row.kind, row.content_id, row.version))
            if row.kind == "module":
                library.modules[row.content_id] = item  # type: ignore[assignment]
                for translated in library.translations.values():
                    translated.pop(row.content_id, None)  # database versions are Dutch only
            else:
                library.scenarios[row.content_id] = item  # type: ignore[assignment]
            sources[(row.kind, row.content_id)] = DATABASE
        return Snapshot(library, sources, conflicts)

    def _parse(self, row: StoredVersion) -> tuple[Item | None, list[Problem]]:
        key = (row.kind, row.content_id, row.version)
        if key not in self._parsed:
            parse = parse_module_text if row.kind == "module" else parse_scenario_text
            item, problems = parse(row.yaml_text)  # type: ignore[operator]
            where = Path(f"{row.content_id} {row.version} (database)")
            problems = [
                Problem(where / _FILE[row.kind], p.line, p.msgid, p.params) for p in problems
            ]
            if item is not None and item.id != row.content_id:
                item = None  # the editor keeps the id; a row that disagrees is not shown
            self._parsed[key] = (item, problems)
        return self._parsed[key]


def _in_language(item: Item, kind: str, lang: str, files: Library | None) -> Item:
    if kind == "game":
        return item.for_language(lang)  # type: ignore[union-attr]
    if files is not None:
        return files.translations.get(lang, {}).get(item.id, item)  # type: ignore[return-value]
    return item


def _same(file_text: str | None, stored: str) -> bool | None:
    """Whether two texts are the same content (line endings and a BOM aside)."""
    if file_text is None:
        return None

    def normal(text: str) -> str:
        return text.lstrip("\ufeff").replace("\r\n", "\n").strip()

    return normal(file_text) == normal(stored)
