"""Read game scenarios (``lessons/<id>/scenario.yaml``) with the lesson loader's machinery.

Same habits as modules: YAML composed into nodes so every key keeps its line, pydantic errors
turned into translatable ``file:line: message`` problems, and a scenario with any problem left out.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from leergang.simulation.effects import EFFECT_TYPES

from .loader import SCENARIO_FILE, _folder_problems, _inner_model, _Loaded, _message, _read_yaml
from .messages import N_, ContentError, Loc, Problem
from .scenario_schema import SCENARIO_SCHEMA_VERSION, Scenario

_EFFECT_TYPE_LIST = ", ".join(EFFECT_TYPES)


TRANSLATION_LANGUAGES = ("en",)  # scenario.<lang>.yaml beside scenario.yaml (Dutch)
TEXT_KEYS = {"title", "description", "text", "label", "explanation"}


def load_scenario(folder: Path) -> tuple[Scenario | None, list[Problem]]:
    """Load one scenario folder: the scenario (None if anything is wrong) and its problems.

    Translations (``scenario.en.yaml``) are checked too and kept on the scenario, for
    ``Scenario.for_language``; a broken translation leaves the whole game out, like any problem.
    """
    loaded = _read_scenario(folder)
    problems = sorted(loaded.problems, key=lambda p: p.line) + _folder_problems(loaded)
    scenario: Scenario | None = loaded.module  # type: ignore[assignment]
    if scenario is None or problems:
        return None, problems
    base = _read_yaml(_Loaded(path=folder / SCENARIO_FILE))
    for lang in TRANSLATION_LANGUAGES:
        path = folder / f"scenario.{lang}.yaml"
        if path.is_file():
            translated, found = _load_translation(path, base or {})
            problems += found
            if translated is not None:
                scenario._translations[lang] = translated
    return (None if problems else scenario), problems


def _load_translation(path: Path, base: dict[str, Any]) -> tuple[Scenario | None, list[Problem]]:
    """Lay the texts of ``scenario.<lang>.yaml`` over the original; only texts may differ."""
    loaded = _Loaded(path=path)
    data = _read_yaml(loaded)
    if data is None:
        return None, loaded.problems
    data.pop("schema_version", None)
    merged = _overlay(loaded, base, data, ())
    if loaded.problems:
        return None, sorted(loaded.problems, key=lambda p: p.line)
    try:
        return Scenario.model_validate(merged), []
    except ValidationError as exc:
        return None, sorted(_translate(loaded, exc, merged), key=lambda p: p.line)


def _overlay(loaded: _Loaded, base: Any, text: Any, loc: Loc) -> Any:
    if isinstance(base, dict) and isinstance(text, dict):
        merged = dict(base)
        for key, value in text.items():
            here = (*loc, key)
            if key not in base:
                loaded.problems.append(loaded.problem(here, N_(
                    '"%(field)s" is not in scenario.yaml here. A translation only translates '
                    "what is there."), field=key))  # fmt: skip
            elif key in ("id", "type") and value == base[key]:
                continue  # anchors that say which entry this is
            elif key in TEXT_KEYS or key == "learning_goals" or isinstance(value, dict | list):
                merged[key] = _overlay(loaded, base[key], value, here)
            else:
                loaded.problems.append(loaded.problem(here, N_(
                    'Only texts can be translated. Remove "%(field)s" here; it comes from '
                    "scenario.yaml."), field=key))  # fmt: skip
        return merged
    if isinstance(base, list) and isinstance(text, list):
        return _overlay_list(loaded, base, text, loc)
    if isinstance(base, str) and isinstance(text, str):
        return text
    loaded.problems.append(loaded.problem(loc, N_(
        "This does not match scenario.yaml here: translate the text, and keep the same "
        "structure."),
    ))  # fmt: skip
    return base


def _overlay_list(loaded: _Loaded, base: list, text: list, loc: Loc) -> list:
    merged = list(base)
    with_ids = all(isinstance(item, dict) and "id" in item for item in base) and base
    if with_ids:  # cards, options, incomes …: matched by id
        positions = {item["id"]: index for index, item in enumerate(base)}
        for index, item in enumerate(text):
            item_id = item.get("id") if isinstance(item, dict) else None
            if item_id not in positions:
                loaded.problems.append(loaded.problem((*loc, index), N_(
                    '"%(id)s" is not in scenario.yaml here. A translation uses the same ids as '
                    "the original."), id=item_id))  # fmt: skip
                continue
            at = positions[item_id]
            merged[at] = _overlay(loaded, base[at], item, (*loc, index))
        return merged
    if len(text) > len(base):  # learning goals, effects, stages: matched by position
        loaded.problems.append(loaded.problem(loc, N_(
            "This list has %(found)d entries, but scenario.yaml has %(count)d here. Translate "
            "them in the same order."), found=len(text), count=len(base)))  # fmt: skip
        return merged
    for index, item in enumerate(text):
        merged[index] = _overlay(loaded, base[index], item, (*loc, index))
    return merged


def _read_scenario(folder: Path) -> _Loaded:
    loaded = _Loaded(path=folder / SCENARIO_FILE)
    data = _read_yaml(loaded)
    if data is None or not _version_ok(loaded, data):
        return loaded
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        loaded.problems.extend(_translate(loaded, exc, data))
    else:
        if not loaded.problems:
            loaded.module = scenario  # type: ignore[assignment]
    return loaded


def _version_ok(loaded: _Loaded, data: dict[str, Any]) -> bool:
    version, current = data.get("schema_version"), SCENARIO_SCHEMA_VERSION
    if "schema_version" not in data:
        msgid = N_('"schema_version" is missing. Add "schema_version: %(current)d" as the first '
                   "line.")  # fmt: skip
    elif not isinstance(version, int) or isinstance(version, bool):
        msgid = N_('"schema_version" must be a whole number, for example "schema_version: '
                   '%(current)d".')  # fmt: skip
    elif version > current:
        msgid = N_('This file has schema_version %(version)s, but Leergang only knows versions '
                   "up to %(current)d. Update Leergang, or write the file for schema_version "
                   "%(current)d.")  # fmt: skip
    elif version < current:
        msgid = N_('schema_version %(version)s does not exist. Use "schema_version: '
                   '%(current)d".')  # fmt: skip
    else:
        return True
    loaded.problems.append(
        loaded.problem(("schema_version",), msgid, version=version, current=current)
    )
    return False


def _translate(loaded: _Loaded, exc: ValidationError, data: dict[str, Any]) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = _without_effect_tags(error["loc"])
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, ContentError):
            problems.extend(
                loaded.problem(loc + issue.loc, issue.msgid, **issue.params)
                for issue in cause.issues
            )
            continue
        kind = error["type"]
        if kind == "union_tag_invalid":
            tag = str((error.get("ctx") or {}).get("tag"))
            close = difflib.get_close_matches(tag, list(EFFECT_TYPES), n=1, cutoff=0.6)
            if close:
                msgid = N_('Unknown effect type "%(type)s". Did you mean "%(suggestion)s"?')
            else:
                msgid = N_('Unknown effect type "%(type)s". Use one of: %(known)s.')
            problems.append(loaded.problem(
                loc + ("type",), msgid, type=tag, suggestion=close[0] if close else "",
                known=_EFFECT_TYPE_LIST,
            ))  # fmt: skip
        elif kind == "union_tag_not_found":
            problems.append(loaded.problem(
                loc, N_('This effect has no "type". Add "type:" with one of: %(known)s.'),
                known=_EFFECT_TYPE_LIST,
            ))  # fmt: skip
        else:
            msgid, params = _message(error, loc, data, known_fields=_known_fields)
            problems.append(loaded.problem(loc, msgid, **params))
    return problems


def _without_effect_tags(loc: tuple[int | str, ...]) -> Loc:
    """pydantic puts the effect type into locations inside a discriminated union: drop it."""
    return tuple(
        part
        for index, part in enumerate(loc)
        if not (index >= 2 and loc[index - 2] == "effects" and part in EFFECT_TYPES)
    )


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
        fields = {info.alias or name: info for name, info in model.model_fields.items()}
        model = _inner_model(fields[part].annotation) if part in fields else None
    return [info.alias or name for name, info in model.model_fields.items()] if model else []
