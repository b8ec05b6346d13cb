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


def load_scenario(folder: Path) -> tuple[Scenario | None, list[Problem]]:
    """Load one scenario folder: the scenario (None if anything is wrong) and its problems."""
    loaded = _read_scenario(folder)
    problems = sorted(loaded.problems, key=lambda p: p.line) + _folder_problems(loaded)
    return (None if problems else loaded.module), problems  # type: ignore[return-value]


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
        elif kind == "extra_forbidden":
            name = str(loc[-1])
            known = _known_fields(loc[:-1], data)
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            if close:
                problems.append(loaded.problem(
                    loc, N_('Unknown field "%(field)s". Did you mean "%(suggestion)s"?'),
                    field=name, suggestion=close[0],
                ))  # fmt: skip
            else:
                problems.append(loaded.problem(
                    loc, N_('Unknown field "%(field)s". Remove it; allowed here: %(known)s.'),
                    field=name, known=", ".join(known),
                ))  # fmt: skip
        else:
            msgid, params = _message(error, loc, data)
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
