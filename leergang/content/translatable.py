"""The translatable texts of a module or game, for translations made in the browser.

A text has a key: its path in ``module.yaml`` (``scenario.yaml``), where entries of a list are named
by their ``id`` and entries without ids by their position, e.g. ``steps/uitleg/body``,
``steps/vraag/options/a/feedback`` or ``learning_goals/0``. Which texts a module has comes from the
step registry (``texts``, ``entry_texts``); a game's texts are its text keys (``TEXT_KEYS``).

The editor keeps translations as the same overlay text a file author writes
(``module.<lang>.yaml``), built here from {key: text}; ``overlay_values`` reads such a text back.
``translate_module_text`` and ``translate_scenario_text`` lay an overlay over the Dutch text as
the loader does for files, so files and the browser give the same result. ``source_hash`` marks
which Dutch text a translation was made from: when the Dutch changes, the hash no longer matches.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .loader import _NOT_A_TRANSLATION, NOT_A_MODULE
from .loader import _parse as _parse_module
from .loader import _translate as _module_problems
from .messages import Problem
from .scenario_schema import SCENARIO_SCHEMA_VERSION, Scenario
from .scenarios import TEXT_KEYS, _overlay, _with_help
from .scenarios import _translate as _scenario_problems
from .schema import Module
from .steps import STEP_TYPES
from .translation import OUTCOME_TEXTS, apply_overlay
from .yamlfile import SourceFile, check_version, read_yaml

SKIPPED_KEYS = ("id", "type", "schema_version")


@dataclass(frozen=True)
class TextSlot:
    """One text to translate: its key, the part of the content it belongs to, and the Dutch."""

    key: str
    group: str  # "" for the module or game itself, else a step id (or a game's part)
    field: str  # what the text is within its group, e.g. "prompt" or "options › a › text"
    dutch: str


def source_hash(text: str) -> str:
    """A short fingerprint of a Dutch text; a translation made from another text is out of date."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def dutch_data(kind: str, yaml_text: str) -> dict[str, Any] | None:
    """The data of a module or game text (None when it is not readable YAML)."""
    if kind == "module":
        file, _module = _parse_module(yaml_text, None)
        return file.data
    file = SourceFile(path=Path("scenario.yaml"))
    data = read_yaml(file, NOT_A_MODULE, yaml_text, current=SCENARIO_SCHEMA_VERSION)
    if data is None:
        return None
    from .scenario_schema import SCENARIO_UPGRADES

    return check_version(file, data, current=SCENARIO_SCHEMA_VERSION, upgrades=SCENARIO_UPGRADES)


def text_slots(kind: str, data: dict[str, Any]) -> list[TextSlot]:
    """Every translatable text, in the order of the Dutch text."""
    slots: list[TextSlot] = []
    if kind == "module":
        _module_slots(data, slots)
    else:
        _scenario_slots(data, [], slots)
    return slots


def _key(path: list[Any]) -> str:
    return "/".join(str(part) for part in path)


def _module_slots(data: dict[str, Any], slots: list[TextSlot]) -> None:
    for name in ("title", "description"):
        if isinstance(data.get(name), str):
            slots.append(TextSlot(name, "", name, data[name]))
    for index, goal in enumerate(_list(data.get("learning_goals"))):
        if isinstance(goal, str):
            slots.append(
                TextSlot(f"learning_goals/{index}", "", f"learning_goals {index + 1}", goal)
            )
    for step in _list(data.get("steps")):
        cls = STEP_TYPES.get(step.get("type")) if isinstance(step, dict) else None
        if cls is None or not isinstance(step.get("id"), str):
            continue
        step_id = step["id"]

        def add(path: list[Any], label: str, value: Any, step_id: str = step_id) -> None:
            if isinstance(value, str):
                slots.append(TextSlot(_key(["steps", step_id, *path]), step_id, label, value))

        for name in cls.texts:
            value = step.get(name)
            if isinstance(value, dict):
                for outcome in OUTCOME_TEXTS:
                    add([name, outcome], f"{name} › {outcome}", value.get(outcome))
            else:
                add([name], name, value)
        for field, texts in cls.entry_texts.items():
            for entry in _list(step.get(field)):
                if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                    for name in texts:
                        where = [field, entry["id"], name]
                        add(where, " › ".join(where), entry.get(name))


def _scenario_slots(node: Any, path: list[Any], slots: list[TextSlot]) -> None:
    """The texts the game overlay (``scenarios._overlay``) lets a translation replace."""
    if isinstance(node, dict):
        for name, value in node.items():
            here = [*path, name]
            if name in SKIPPED_KEYS:
                continue
            if isinstance(value, str) and name in TEXT_KEYS:
                slots.append(_game_slot(here, value))
            elif name == "learning_goals" and isinstance(value, list):
                for index, goal in enumerate(value):
                    if isinstance(goal, str):
                        slots.append(_game_slot([*here, index], goal))
            elif isinstance(value, dict | list):
                _scenario_slots(value, here, slots)
    elif isinstance(node, list):
        with_ids = _with_ids(node)
        for index, item in enumerate(node):
            _scenario_slots(item, [*path, item["id"] if with_ids else index], slots)


def _game_slot(path: list[Any], value: str) -> TextSlot:
    group = str(path[0]) if len(path) > 1 and path[0] != "learning_goals" else ""
    field = " › ".join(str(part) for part in (path[1:] if group else path))
    return TextSlot(_key(path), group, field, value)


def _with_ids(items: list[Any]) -> bool:
    """Lists whose entries all have an id are matched by id; others by position."""
    return bool(items) and all(isinstance(item, dict) and "id" in item for item in items)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def build_overlay(data: dict[str, Any], values: dict[str, str]) -> str:
    """The overlay text (``module.<lang>.yaml``) with ``values`` by key; "" when there is none."""
    overlay = _build(data, [], values)
    if not overlay:
        return ""
    return yaml.safe_dump(overlay, allow_unicode=True, sort_keys=False, width=100)


def _build(node: Any, path: list[Any], values: dict[str, str]) -> Any:
    if isinstance(node, str):
        return values.get(_key(path))
    if isinstance(node, dict):
        out = {}
        for name, value in node.items():
            if name not in SKIPPED_KEYS:
                built = _build(value, [*path, name], values)
                if built is not None:
                    out[name] = built
        return out or None
    if not isinstance(node, list):
        return None
    if _with_ids(node):
        items = []
        for item in node:
            built = _build(item, [*path, item["id"]], values)
            if built:
                items.append({"id": item["id"], **built})
        return items or None
    built_items = [_build(item, [*path, index], values) for index, item in enumerate(node)]
    if all(item is None for item in built_items):
        return None
    if all(isinstance(item, str) for item in node):  # learning goals: all of them, in order
        return [
            mine if mine is not None else dutch
            for mine, dutch in zip(built_items, node, strict=True)
        ]
    last = max(index for index, item in enumerate(built_items) if item is not None)
    out_items = []
    for item, dutch in zip(built_items[: last + 1], node, strict=False):
        entry = item or {}
        if isinstance(dutch, dict) and "type" in dutch:  # effects: the type shows which one
            entry = {"type": dutch["type"], **entry}
        out_items.append(entry)
    return out_items


def overlay_values(overlay_text: str) -> dict[str, str]:
    """The texts in an overlay by key (nothing when it is not readable)."""
    if not overlay_text.strip():
        return {}
    data = read_yaml(SourceFile(path=Path("translation.yaml")), _NOT_A_TRANSLATION, overlay_text)
    values: dict[str, str] = {}
    _values(data or {}, [], values)
    return values


def _values(node: Any, path: list[Any], values: dict[str, str]) -> None:
    if isinstance(node, str):
        values[_key(path)] = node
    elif isinstance(node, dict):
        for name, value in node.items():
            if name not in SKIPPED_KEYS:
                _values(value, [*path, name], values)
    elif isinstance(node, list):
        with_ids = _with_ids(node)
        for index, item in enumerate(node):
            _values(item, [*path, item["id"] if with_ids else index], values)


def translate_module_text(
    yaml_text: str, lang: str, overlay_text: str
) -> tuple[Module | None, list[Problem]]:
    """The module in ``lang``: the overlay laid over the Dutch, as ``module.<lang>.yaml`` is."""
    file, module = _parse_module(yaml_text, None)
    if module is None or file.data is None:
        return None, file.sorted_problems()
    loaded = SourceFile(path=Path(f"module.{lang}.yaml"))
    overlay = read_yaml(loaded, _NOT_A_TRANSLATION, overlay_text)
    if overlay is None:
        return None, loaded.sorted_problems()
    data = apply_overlay(
        file.data,
        overlay,
        folder=None,
        report=lambda loc, msgid, params, text_line: loaded.problems.append(
            loaded.problem(loc, msgid, text_line, **params)
        ),
    )
    if loaded.problems:
        return None, loaded.sorted_problems()
    try:
        translated = Module.model_validate(data, context={"folder": None})
    except ValidationError as exc:
        return None, sorted(_module_problems(loaded, exc, data), key=lambda p: p.line)
    translated._language = lang
    translated._teacher_guide = module.teacher_guide
    return translated, []


def translate_scenario_text(
    yaml_text: str, lang: str, overlay_text: str
) -> tuple[Scenario | None, list[Problem]]:
    """The game in ``lang``, as ``scenario.<lang>.yaml`` is laid over ``scenario.yaml``."""
    base = read_yaml(SourceFile(path=Path("scenario.yaml")), NOT_A_MODULE, yaml_text)
    loaded = SourceFile(path=Path(f"scenario.{lang}.yaml"))
    data = read_yaml(loaded, NOT_A_MODULE, overlay_text, current=SCENARIO_SCHEMA_VERSION)
    if base is None or data is None:
        return None, loaded.sorted_problems()
    data.pop("schema_version", None)
    merged = _with_help(loaded, _overlay(loaded, base, data, ()), Path())
    if loaded.problems:
        return None, loaded.sorted_problems()
    try:
        return Scenario.model_validate(merged), []
    except ValidationError as exc:
        return None, sorted(_scenario_problems(loaded, exc, merged), key=lambda p: p.line)
