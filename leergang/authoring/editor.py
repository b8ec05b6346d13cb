"""The module editor's work on a draft's text: text → data → form, and form → data → text.

The draft's ``module.yaml`` text is the truth (``ContentVersion.yaml_text``). The editor reads it
into plain data, shows a form per step from the step registry (``stepforms``), reads the posted
form back into data, applies the button the author pressed (add, move or remove a step or an
entry) and writes the text again (``yamlout``). Problems of the content check are placed next to
the step they are about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from leergang.content import CURRENT_SCHEMA_VERSION, STEP_TYPES, Module, Problem
from leergang.content.loader import NOT_A_MODULE
from leergang.content.yamlfile import SourceFile, read_yaml

from .stepforms import (
    MAX_ENTRIES,
    BadForm,
    FieldSpec,
    indices,
    read_fields,
    spec_for,
    yaml_value,
)
from .yamlout import module_yaml

STEPS = "s"  # form fields of step n are named s.<n>.<field>
META = "m"  # the module's own fields are named m.<field>
RAW = "_yaml"  # a step whose type the editor does not know is edited as its YAML text
# Metadata the editor fills in itself, or shows elsewhere (the steps).
_NOT_IN_META_FORM = {"schema_version", "id", "steps"}
_ACTION = re.compile(r"^(up|down|remove|add|drop):([a-z0-9._]{1,200})$")


def meta_fields() -> tuple[FieldSpec, ...]:
    return tuple(s for s in spec_for(Module) if s.name not in _NOT_IN_META_FORM)


def step_fields(step_type: str) -> tuple[FieldSpec, ...]:
    """The fields of a step type, from the registry (id and type first, as files write them)."""
    return spec_for(STEP_TYPES[step_type])


@dataclass
class Placed:
    """Problems of a text, by step number (None: about the module as a whole)."""

    by_step: dict[int | None, list[Problem]] = field(default_factory=dict)

    def of(self, index: int | None) -> list[Problem]:
        return self.by_step.get(index, [])

    @property
    def count(self) -> int:
        return sum(len(found) for found in self.by_step.values())


def read_text(text: str) -> dict[str, Any] | None:
    """The data of a draft's text; None when it is not a YAML mapping (the check says why)."""
    file = SourceFile(path=Path("module.yaml"))
    return read_yaml(file, NOT_A_MODULE, text, current=CURRENT_SCHEMA_VERSION)


def new_module(
    content_id: str, *, title: str, description: str, levels: list[str], themes: list[str],
    minutes: Any, author: str, organisation: str,
) -> dict[str, Any]:  # fmt: skip
    """The data of a new module: what the author gave, the rest for them to fill in."""
    return {
        "schema_version": CURRENT_SCHEMA_VERSION,
        "id": content_id,
        "version": "1.0",
        "title": title,
        "description": description,
        "levels": levels,
        "themes": themes,
        "learning_goals": [],
        "minutes": minutes,
        "authors": [{"name": author, "organisation": organisation}],
        "licence": "CC BY-SA 4.0",
        "sources": [],
        "steps": [],
    }


def new_step(step_type: str, taken: list[str]) -> dict[str, Any]:
    """An empty step of a type, with a free id and the entries its type needs at least."""
    number = 1
    while f"{step_type.replace('_', '-')}-{number}" in taken:
        number += 1
    step: dict[str, Any] = {"id": f"{step_type.replace('_', '-')}-{number}", "type": step_type}
    for spec in step_fields(step_type):
        if spec.kind == "entries" and spec.min_entries:
            step[spec.name] = [{} for _ in range(spec.min_entries)]
    return step


def read_form(form: Any, content_id: str) -> dict[str, Any]:
    """The module data an editor page posted; ``BadForm`` when it is not the editor's form."""
    data: dict[str, Any] = {"schema_version": CURRENT_SCHEMA_VERSION, "id": content_id}
    data.update(read_fields(form, META, meta_fields()))
    steps = []
    for index in indices(form, STEPS):
        prefix = f"{STEPS}.{index}"
        step_type = str(form.get(f"{prefix}.type") or "")
        if step_type in STEP_TYPES:
            steps.append(read_fields(form, prefix, step_fields(step_type)))
        elif f"{prefix}.{RAW}" in form:
            steps.append(_raw_step(str(form.get(f"{prefix}.{RAW}"))))
        else:
            raise BadForm(prefix)
    data["steps"] = steps
    return data


def _raw_step(text: str) -> Any:
    value = yaml_value(text.replace("\r\n", "\n"))
    return value if isinstance(value, dict) else {"id": "", "type": str(value)}


def apply(data: dict[str, Any], action: str, new_type: str = "") -> str | None:
    """Do what the pressed button asks; returns the anchor to show afterwards.

    ``up:s.2`` / ``down:s.2`` / ``remove:s.2`` move or remove step 2; ``add:s`` adds a step of
    ``new_type``; ``add:s.2.options`` adds an entry; ``drop:s.2.options.1`` removes one.
    """
    if action in ("", "save"):
        return None
    match = _ACTION.match(action)
    if not match:
        raise BadForm(action)
    verb, path = match.groups()
    steps = data.setdefault("steps", [])
    if verb == "add" and path == STEPS:
        if new_type not in STEP_TYPES or len(steps) >= MAX_ENTRIES:
            raise BadForm(new_type)
        steps.append(new_step(new_type, [str(s.get("id")) for s in steps if isinstance(s, dict)]))
        return f"step-{len(steps) - 1}"
    if verb == "add":
        parent, key = _locate(data, path.split("."))
        entries = parent.setdefault(key, []) if isinstance(parent, dict) else None
        if not isinstance(entries, list) or len(entries) >= MAX_ENTRIES:
            raise BadForm(path)
        entries.append({})
        return _anchor(path)
    container, key = _locate(data, path.split("."))
    if not isinstance(container, list) or not isinstance(key, int):
        raise BadForm(path)
    if verb == "up" and key > 0:
        container[key - 1], container[key] = container[key], container[key - 1]
        return _anchor(path, -1)
    if verb == "down" and key < len(container) - 1:
        container[key + 1], container[key] = container[key], container[key + 1]
        return _anchor(path, +1)
    if verb in ("remove", "drop"):
        del container[key]
        return _anchor(path.rsplit(".", 1)[0]) if verb == "drop" else "steps"
    return _anchor(path)


def _locate(data: dict[str, Any], parts: list[str]) -> tuple[Any, Any]:
    """The container and key a field path (``s.2.options.1``) names in the data."""
    root = {STEPS: data.get("steps"), META: data}.get(parts[0])
    node, container, key = root, None, None
    for number, part in enumerate(parts[1:], start=2):
        container = node
        key = int(part) if part.isdigit() else part
        if isinstance(container, list) and isinstance(key, int) and key < len(container):
            node = container[key]
        elif isinstance(container, dict) and isinstance(key, str):
            node = container.get(key)
            if node is None and number < len(parts):
                raise BadForm(".".join(parts))
        else:
            raise BadForm(".".join(parts))
    if container is None:
        raise BadForm(".".join(parts))
    return container, key


def _anchor(path: str, shift: int = 0) -> str:
    parts = path.split(".")
    if parts[0] == STEPS and len(parts) > 1:
        return f"step-{int(parts[1]) + (shift if len(parts) == 2 else 0)}"
    return "meta"


def to_text(data: dict[str, Any]) -> str:
    return module_yaml(data)


def place(text: str, problems: list[Problem]) -> Placed:
    """Each problem with the step its line falls in (by the lines ``read_yaml`` records)."""
    file = SourceFile(path=Path("module.yaml"))
    read_yaml(file, NOT_A_MODULE, text, current=CURRENT_SCHEMA_VERSION)
    starts = sorted(
        (line, loc[1]) for loc, line in file.lines.items()
        if len(loc) == 2 and loc[0] == "steps" and isinstance(loc[1], int)
    )  # fmt: skip
    placed = Placed()
    for problem in problems:
        index = None
        for line, step in starts:
            if line <= problem.line:
                index = step
        placed.by_step.setdefault(index, []).append(problem)
    return placed


def dump_yaml(value: Any) -> str:
    """One step as YAML text, for a step type the editor does not know."""
    from .stepforms import dump_value

    return dump_value(value)
