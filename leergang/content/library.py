"""The whole ``lessons/`` folder read at once: every module and game that loads cleanly, and the
problems of the rest (one broken folder never keeps the others out, nor takes the site down)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from .loader import MODULE_FILE, SCENARIO_FILE, load_folder
from .messages import N_, Problem
from .scenario_schema import Scenario
from .scenarios import load_scenario
from .schema import Module

logger = logging.getLogger(__name__)
UNREADABLE = N_(
    "Leergang could not read this folder (%(error)s), so it is left out. Check the file for "
    "very deep nesting or unusual characters, or ask a developer."
)


@dataclass
class Library:
    """All modules and game scenarios that loaded cleanly, by id in folder order, and the
    problems of the rest.

    ``modules`` holds the Dutch modules; ``translations[language][id]`` the same module with its
    translated texts (Dutch where a text is not translated). A broken translation is reported and
    left out: that language then shows the Dutch module.
    """

    modules: dict[str, Module] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    translations: dict[str, dict[str, Module]] = field(default_factory=dict)
    scenarios: dict[str, Scenario] = field(default_factory=dict)

    def in_language(self, language: str) -> dict[str, Module]:
        """Every module as a pupil or teacher using ``language`` should see it, in folder order."""
        translated = self.translations.get(language, {})
        return {key: translated.get(key, module) for key, module in self.modules.items()}


def load_library(root: Path) -> Library:
    """Load every module folder under ``root``; folders starting with ``.`` or ``_`` are skipped."""
    library = Library()
    first_file: dict[str, Path] = {}
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and p.name[0] not in "._"):
        try:
            _add_folder(library, folder, root, first_file)
        except Exception as exc:  # one bad file skips its folder, never the whole library
            logger.exception("lesson folder %s could not be loaded", folder)
            path = folder / (SCENARIO_FILE if _is_game(folder) else MODULE_FILE)
            error = type(exc).__name__
            library.problems.append(Problem(path, 1, UNREADABLE, {"error": error}))
    return library


def _is_game(folder: Path) -> bool:
    return (folder / SCENARIO_FILE).is_file() and not (folder / MODULE_FILE).is_file()


def _add_folder(library: Library, folder: Path, root: Path, first_file: dict[str, Path]) -> None:
    """Add the module or game in ``folder`` to the library, or its problems."""
    if _is_game(folder):
        _add_scenario(library, folder)
        return
    loaded = load_folder(folder)
    module, module_id = loaded.module, loaded.module_id
    if module_id is not None:
        if module_id in first_file:
            msgid = N_(
                'Module id "%(id)s" is already used by %(other)s. Every module needs its own id.'
            )
            other = _display(first_file[module_id], root)
            params = {"id": module_id, "other": other}
            loaded.problems.append(Problem(folder / MODULE_FILE, loaded.id_line, msgid, params))
            module = None
        else:
            first_file[module_id] = folder / MODULE_FILE
    library.problems.extend(loaded.problems)
    if module is not None:
        library.modules[module.id] = module
        for language, translated in loaded.translations.items():
            library.translations.setdefault(language, {})[module.id] = translated


def _add_scenario(library: Library, folder: Path) -> None:
    """A game scenario; its id equals its folder name, so it cannot clash with another id."""
    scenario, problems = load_scenario(folder)
    library.problems.extend(problems)
    if scenario is not None:
        library.scenarios[scenario.id] = scenario


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)
