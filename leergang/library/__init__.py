"""The app's view of content: one ``ContentStore`` per app, asked by kind, id and version.

``get_library``, ``get_modules`` and ``get_module`` stay for the callers written before the
store; they answer with the published view. The pupil player asks ``get_module_version`` for the
version a pupil started, and the games ask ``get_scenario_version`` for the version a run started
with, so pupils finish what they started.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, has_request_context
from flask_babel import get_locale

from leergang.content import Library, Module
from leergang.content.scenario_schema import Scenario

from .dbsource import DbSource
from .files import RELOAD_CHECK_SECONDS, FileSource
from .store import Conflict, ContentStore

__all__ = [
    "RELOAD_CHECK_SECONDS",
    "Conflict",
    "ContentStore",
    "current_language",
    "get_library",
    "get_module",
    "get_module_version",
    "get_modules",
    "get_scenario_version",
    "get_scenarios",
    "get_store",
    "init_app",
]


def init_app(app: Flask) -> None:
    root = Path(app.config["LESSONS_DIR"])
    # Tests pass {folder: Library} so that each app does not parse the same files again.
    preloaded = app.config.get("PRELOADED_LIBRARIES", {}).get(str(root))
    files = FileSource(root, app.config["LESSONS_AUTO_RELOAD"], preloaded)
    db = DbSource(app.extensions.get("leergang.engine"))
    store = ContentStore(files, db, float(app.config.get("CONTENT_CHECK_SECONDS", 2.0)))
    app.extensions["leergang.content_store"] = store
    store.problems()  # load (and log problems) at start-up, not on a pupil's first click


def get_store() -> ContentStore:
    return current_app.extensions["leergang.content_store"]


def get_library() -> Library:
    return get_store().library()


def current_language() -> str:
    """The UI language of this request (Dutch outside a request)."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    locale = get_locale()
    return locale.language if locale is not None else current_app.config["BABEL_DEFAULT_LOCALE"]


def get_modules() -> dict[str, Module]:
    """Every published module by id, in the current UI language (Dutch where not translated)."""
    return get_store().catalogue("module", current_language())  # type: ignore[return-value]


def get_module(module_id: str) -> Module | None:
    """One published module in the current UI language; progress is stored by ids."""
    return get_modules().get(module_id)


def get_module_version(module_id: str, version: str) -> Module | None:
    """The version of a module a pupil started, in the current UI language; None if gone."""
    return get_store().version("module", module_id, version, current_language())  # type: ignore[return-value]


def get_scenarios() -> dict[str, Scenario]:
    """Every published game by id, in the current UI language (Dutch where no translation
    exists); runs are stored by ids and amounts, which are the same in every language."""
    return get_store().catalogue("game", current_language())  # type: ignore[return-value]


def get_scenario_version(scenario_id: str, version: str) -> Scenario | None:
    """The version of a game a run started with, in the current UI language; None if gone."""
    return get_store().version("game", scenario_id, version, current_language())  # type: ignore[return-value]
