"""Read game scenarios (``lessons/<id>/scenario.yaml``) with the same kit as modules.

Same habits as modules: YAML read with a line for every key (``yamlfile``), one schema version
check with an upgrade chain, pydantic errors turned into translatable ``file:line: message``
problems (``errors``), translations discovered beside the file, and a scenario with any problem
left out.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .effects import EFFECT_TYPES
from .errors import TaggedList, fields_of, inner_model
from .loader import NOT_A_MODULE, SCENARIO_FILE
from .local_help import expand_in_game, load_help
from .messages import N_, Loc, Problem
from .scenario_schema import SCENARIO_SCHEMA_VERSION, SCENARIO_UPGRADES, Scenario
from .schema import SOURCE_LANGUAGE
from .yamlfile import SourceFile, check_version, languages_beside, read_yaml

# scenario.en.yaml beside scenario.yaml (Dutch): a translation into the language with that code.
_TRANSLATION_FILE = re.compile(r"^scenario\.([a-z]{2})\.yaml$")
TEXT_KEYS = {"title", "description", "text", "label", "explanation"}


def load_scenario(folder: Path) -> tuple[Scenario | None, list[Problem]]:
    """Load one scenario folder: the scenario (None if anything is wrong) and its problems.

    Translations (``scenario.en.yaml``) are checked too and kept on the scenario, for
    ``Scenario.for_language``; a broken translation leaves the whole game out, like any problem.
    """
    file, scenario = _read_scenario(folder)
    problems = file.sorted_problems()
    if scenario is not None and scenario.id != folder.name:
        msgid = N_(
            'The id "%(id)s" must be the same as the folder name "%(folder)s". Rename the folder '
            "or change the id."
        )
        problems.append(file.problem(("id",), msgid, id=scenario.id, folder=folder.name))
    if scenario is None or problems:
        return None, problems
    base = read_yaml(SourceFile(path=folder / SCENARIO_FILE), NOT_A_MODULE)
    for lang in languages_beside(folder, _TRANSLATION_FILE, SOURCE_LANGUAGE):
        translated, found = _load_translation(folder / f"scenario.{lang}.yaml", base or {})
        problems += found
        if translated is not None:
            scenario._translations[lang] = translated
    return (None if problems else scenario), problems


def _load_translation(path: Path, base: dict[str, Any]) -> tuple[Scenario | None, list[Problem]]:
    """Lay the texts of ``scenario.<lang>.yaml`` over the original; only texts may differ."""
    loaded = SourceFile(path=path)
    data = read_yaml(loaded, NOT_A_MODULE, current=SCENARIO_SCHEMA_VERSION)
    if data is None:
        return None, loaded.problems
    data.pop("schema_version", None)
    merged = _with_help(loaded, _overlay(loaded, base, data, ()), path.parent)
    if loaded.problems:
        return None, sorted(loaded.problems, key=lambda p: p.line)
    try:
        return Scenario.model_validate(merged), []
    except ValidationError as exc:
        return None, sorted(_translate(loaded, exc, merged), key=lambda p: p.line)


def _overlay(loaded: SourceFile, base: Any, text: Any, loc: Loc) -> Any:
    if isinstance(base, dict) and isinstance(text, dict):
        merged = dict(base)
        for key, value in text.items():
            here = (*loc, key)
            if key not in base:
                msgid = N_(
                    '"%(field)s" is not in scenario.yaml here. A translation only translates what '
                    "is there."
                )
                loaded.problems.append(loaded.problem(here, msgid, field=key))
            elif key in ("id", "type") and value == base[key]:
                continue  # anchors that say which entry this is
            elif key in TEXT_KEYS or key == "learning_goals" or isinstance(value, dict | list):
                merged[key] = _overlay(loaded, base[key], value, here)
            else:
                msgid = N_(
                    'Only texts can be translated. Remove "%(field)s" here; it comes from '
                    "scenario.yaml."
                )
                loaded.problems.append(loaded.problem(here, msgid, field=key))
        return merged
    if isinstance(base, list) and isinstance(text, list):
        return _overlay_list(loaded, base, text, loc)
    if isinstance(base, str) and isinstance(text, str):
        return text
    msgid = N_(
        "This does not match scenario.yaml here: translate the text, and keep the same structure."
    )
    loaded.problems.append(loaded.problem(loc, msgid))
    return base


def _overlay_list(loaded: SourceFile, base: list, text: list, loc: Loc) -> list:
    merged = list(base)
    with_ids = all(isinstance(item, dict) and "id" in item for item in base) and base
    if with_ids:  # cards, options, incomes …: matched by id
        positions = {item["id"]: index for index, item in enumerate(base)}
        for index, item in enumerate(text):
            item_id = item.get("id") if isinstance(item, dict) else None
            if item_id not in positions:
                msgid = N_(
                    '"%(id)s" is not in scenario.yaml here. A translation uses the same ids as the '
                    "original."
                )
                loaded.problems.append(loaded.problem((*loc, index), msgid, id=item_id))
                continue
            at = positions[item_id]
            merged[at] = _overlay(loaded, base[at], item, (*loc, index))
        return merged
    if len(text) > len(base):  # learning goals, effects, stages: matched by position
        msgid = N_(
            "This list has %(found)d entries, but scenario.yaml has %(count)d here. Translate them "
            "in the same order."
        )
        loaded.problems.append(loaded.problem(loc, msgid, found=len(text), count=len(base)))
        return merged
    for index, item in enumerate(text):
        merged[index] = _overlay(loaded, base[index], item, (*loc, index))
    return merged


def parse_scenario_text(text: str) -> tuple[Scenario | None, list[Problem]]:
    """Validate ``scenario.yaml`` text that is not a file (a version stored in the database):
    the scenario (None if it has problems) and its problems, as ``load_scenario`` reports them."""
    file, scenario = _read_scenario(Path(), text)
    problems = file.sorted_problems()
    return (None if problems else scenario), problems


def _read_scenario(folder: Path, text: str | None = None) -> tuple[SourceFile, Scenario | None]:
    file = SourceFile(path=folder / SCENARIO_FILE)
    data = read_yaml(file, NOT_A_MODULE, text, current=SCENARIO_SCHEMA_VERSION)
    if data is not None:
        data = check_version(
            file, data, current=SCENARIO_SCHEMA_VERSION, upgrades=SCENARIO_UPGRADES
        )
    if data is None:
        return file, None
    data = _with_help(file, data, folder)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        file.problems.extend(_translate(file, exc, data))
        return file, None
    return file, (None if file.problems else scenario)


def _with_help(file: SourceFile, data: dict[str, Any], folder: Path) -> dict[str, Any]:
    """``[[lokale-hulp]]`` in game texts becomes the installation's help (``local_help.py``)."""
    levels = data.get("levels")
    levels = [str(level) for level in levels] if isinstance(levels, list) else []
    return expand_in_game(
        data,
        load_help(folder.parent),
        levels,
        lambda loc, issue: file.problems.append(file.problem(loc, issue.msgid, **issue.params)),
    )


_EFFECTS = TaggedList(
    "effects",
    EFFECT_TYPES,
    unknown_near=N_('Unknown effect type "%(type)s". Did you mean "%(suggestion)s"?'),
    unknown=N_('Unknown effect type "%(type)s". Use one of: %(known)s.'),
    missing=N_('This effect has no "type". Add "type:" with one of: %(known)s.'),
)


def _translate(loaded: SourceFile, exc: ValidationError, data: dict[str, Any]) -> list[Problem]:
    return _EFFECTS.problems(loaded, exc, lambda at: _known_fields(at, data))


def _known_fields(loc: Loc, data: dict[str, Any]) -> list[str]:
    """Field names allowed in the mapping at ``loc`` (for "did you mean"), via the schema."""
    model: type[BaseModel] | None = Scenario
    value: Any = data
    for part in loc:
        value = value[part] if isinstance(value, dict | list) else None
        if isinstance(part, int):
            if model is None and isinstance(value, dict):  # an effect: its class from "type"
                model = EFFECT_TYPES.get(value.get("type"))
            continue
        if model is None:
            return []
        fields = fields_of(model)
        model = inner_model(fields[part].annotation) if part in fields else None
    return list(fields_of(model)) if model else []
