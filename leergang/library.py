"""The app's view of the lesson files: loaded once, reloaded when files change in debug.

A broken module never takes the app down: it is skipped, logged, and listed for admins and
authors on their dashboard.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from flask import Flask, current_app, has_request_context
from flask_babel import get_locale

from leergang.content import Library, Module, load_library
from leergang.content.scenario_schema import Scenario

log = logging.getLogger(__name__)
RELOAD_CHECK_SECONDS = 2.0


class LibraryHolder:
    def __init__(self, root: Path, auto_reload: bool):
        self.root = root
        self.auto_reload = auto_reload
        self._lock = threading.Lock()
        self._library: Library | None = None
        self._stamp: tuple[int, float] | None = None
        self._checked_at = 0.0

    def _fingerprint(self) -> tuple[int, float]:
        files = [p for p in self.root.rglob("*") if p.is_file()] if self.root.is_dir() else []
        return len(files), max((p.stat().st_mtime for p in files), default=0.0)

    def _load(self) -> Library:
        library = load_library(self.root)
        for problem in library.problems:
            log.warning("Lesson file skipped: %s", problem.format())
        log.info("Loaded %d modules from %s", len(library.modules), self.root)
        return library

    def get(self) -> Library:
        with self._lock:
            now = time.monotonic()
            if self._library is None:
                self._stamp, self._library = self._fingerprint(), self._load()
                self._checked_at = now
            elif self.auto_reload and now - self._checked_at > RELOAD_CHECK_SECONDS:
                self._checked_at = now
                stamp = self._fingerprint()
                if stamp != self._stamp:
                    self._stamp, self._library = stamp, self._load()
            return self._library

    def preload(self, library: Library) -> None:
        """Start from a library loaded earlier from the same folder (tests load it once)."""
        with self._lock:
            self._library, self._checked_at = library, time.monotonic()
            if self.auto_reload:
                self._stamp = self._fingerprint()


def init_app(app: Flask) -> None:
    root = Path(app.config["LESSONS_DIR"])
    holder = LibraryHolder(root, app.config["LESSONS_AUTO_RELOAD"])
    app.extensions["leergang.library"] = holder
    # Tests pass {folder: Library} so that each app does not parse the same files again.
    preloaded = app.config.get("PRELOADED_LIBRARIES", {}).get(str(root))
    if preloaded is not None:
        holder.preload(preloaded)
    holder.get()  # load (and log problems) at start-up, not on a pupil's first click


def get_library() -> Library:
    return current_app.extensions["leergang.library"].get()


def current_language() -> str:
    """The UI language of this request (Dutch outside a request)."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    locale = get_locale()
    return locale.language if locale is not None else current_app.config["BABEL_DEFAULT_LOCALE"]


def get_modules() -> dict[str, Module]:
    """Every module by id, in the current UI language (Dutch where a text is not translated)."""
    return get_library().in_language(current_language())


def get_module(module_id: str) -> Module | None:
    """One module in the current UI language; progress is stored by ids, so it is shared."""
    return get_modules().get(module_id)


def get_scenarios() -> dict[str, Scenario]:
    """Every game by id, in the current UI language (Dutch where no translation exists); runs are
    stored by ids and amounts, which are the same in every language."""
    lang = current_language()
    return {sid: scenario.for_language(lang) for sid, scenario in get_library().scenarios.items()}
