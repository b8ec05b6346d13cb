"""FileSource: the ``lessons/`` folder, read-only (git-based authors and CI).

It is loaded once at start-up. In debug (``LESSONS_AUTO_RELOAD``) it reloads when a file changes,
for authors previewing their own work; servers learn about browser publishes from the database
counter instead (see ``dbsource``), never from file times.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from leergang.content import Library, load_library
from leergang.content.loader import MODULE_FILE, SCENARIO_FILE

log = logging.getLogger("leergang.library")
RELOAD_CHECK_SECONDS = 2.0


class FileSource:
    def __init__(self, root: Path, auto_reload: bool, preloaded: Library | None = None):
        self.root = root
        self.auto_reload = auto_reload
        self._lock = threading.Lock()
        self._library: Library | None = preloaded
        self._stamp = self._fingerprint() if preloaded is not None and auto_reload else None
        self._checked_at = time.monotonic()
        self.loads = 0  # how often the folder was parsed (the store rebuilds after a reload)

    def _fingerprint(self) -> tuple[int, float]:
        files = [p for p in self.root.rglob("*") if p.is_file()] if self.root.is_dir() else []
        return len(files), max((p.stat().st_mtime for p in files), default=0.0)

    def _load(self) -> Library:
        library = load_library(self.root) if self.root.is_dir() else Library()
        for problem in library.problems:
            log.warning("Lesson file skipped: %s", problem.format())
        log.info("Loaded %d modules from %s", len(library.modules), self.root)
        self.loads += 1
        return library

    def library(self, check_interval: float = RELOAD_CHECK_SECONDS) -> Library:
        with self._lock:
            now = time.monotonic()
            if self._library is None:
                self._stamp, self._library = self._fingerprint(), self._load()
                self._checked_at = now
            elif self.auto_reload and now - self._checked_at > check_interval:
                self._checked_at = now
                stamp = self._fingerprint()
                if stamp != self._stamp:
                    self._stamp, self._library = stamp, self._load()
            return self._library

    def text(self, kind: str, content_id: str) -> str | None:
        """The file text of a module or game (to tell a real conflict from the same content)."""
        path = self.root / content_id / (MODULE_FILE if kind == "module" else SCENARIO_FILE)
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
