"""A readable diff of two versions of a module or game: which steps (or cards and events) were
added, removed or moved, and per changed step which fields changed, old beside new.

It compares parsed content, never YAML lines, so re-indenting or reordering keys in the file shows
no change, and a teacher reads "step X: prompt changed" instead of a patch.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from leergang.content import Module
from leergang.content.scenario_schema import Scenario

ADDED, REMOVED, MOVED, CHANGED = "added", "removed", "moved", "changed"


@dataclass(frozen=True)
class FieldChange:
    """One field of a step (``options.snoep.text``) or of the metadata (``title``)."""

    path: str
    old: str | None
    new: str | None

    @property
    def paragraphs(self) -> list[tuple[str, str]]:
        """For texts of several paragraphs: only what changed, as ("-", old) and ("+", new)
        paragraphs, with ("=", "") where unchanged paragraphs were left out. Empty for short
        texts: those show old beside new whole."""
        before = _paragraphs(self.old)
        after = _paragraphs(self.new)
        if len(before) < 2 and len(after) < 2:
            return []
        found: list[tuple[str, str]] = []
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                found.append(("=", ""))
                continue
            found += [("-", text) for text in before[i1:i2]]
            found += [("+", text) for text in after[j1:j2]]
        return found


def _paragraphs(text: str | None) -> list[str]:
    if not text:
        return []
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


@dataclass(frozen=True)
class PartChange:
    """What happened to one step (or card or event): added, removed, moved and/or changed."""

    part_id: str
    kind: str  # "step", "card" or "event"
    change: str
    title: str
    old_position: int | None = None
    new_position: int | None = None
    fields: list[FieldChange] = field(default_factory=list)


@dataclass(frozen=True)
class VersionDiff:
    metadata: list[FieldChange]
    parts: list[PartChange]

    @property
    def empty(self) -> bool:
        return not self.metadata and not self.parts


def diff_items(old: Module | Scenario, new: Module | Scenario) -> VersionDiff:
    """What changed from ``old`` to ``new`` (two versions of the same module or game)."""
    old_parts, new_parts = _parts(old), _parts(new)
    metadata = _field_changes(_metadata(old), _metadata(new))
    return VersionDiff(metadata=metadata, parts=_part_changes(old_parts, new_parts))


def _parts(item: Module | Scenario) -> list[tuple[str, str, dict[str, Any]]]:
    """(kind, id, fields) of each step, or each card and event of a game, in order."""
    if isinstance(item, Module):
        return [("step", s.id, _dump(s)) for s in item.steps]
    return [("card", c.id, _dump(c)) for c in item.cards] + [
        ("event", e.id, _dump(e)) for e in item.events
    ]


def _metadata(item: Module | Scenario) -> dict[str, Any]:
    data = _dump(item)
    for name in ("steps", "cards", "events"):
        data.pop(name, None)
    return data


def _dump(model: Any) -> dict[str, Any]:
    return model.model_dump(mode="json", exclude_none=True)


def _part_changes(
    old: list[tuple[str, str, dict[str, Any]]], new: list[tuple[str, str, dict[str, Any]]]
) -> list[PartChange]:
    old_by_id = {(kind, pid): (i, data) for i, (kind, pid, data) in enumerate(old)}
    new_by_id = {(kind, pid): (i, data) for i, (kind, pid, data) in enumerate(new)}
    kept = _kept_in_order(
        [(k, p) for k, p, _d in old if (k, p) in new_by_id],
        [(k, p) for k, p, _d in new if (k, p) in old_by_id],
    )
    changes: list[PartChange] = []
    for position, (kind, pid, data) in enumerate(new):
        if (kind, pid) not in old_by_id:
            changes.append(PartChange(pid, kind, ADDED, _title(data), None, position + 1))
            continue
        old_position, old_data = old_by_id[(kind, pid)]
        fields = _field_changes(old_data, data)
        moved = (kind, pid) not in kept
        if moved or fields:
            changes.append(
                PartChange(
                    pid,
                    kind,
                    MOVED if moved else CHANGED,
                    _title(data),
                    old_position + 1,
                    position + 1,
                    fields,
                )  # fmt: skip
            )
    for position, (kind, pid, data) in enumerate(old):
        if (kind, pid) not in new_by_id:
            changes.append(PartChange(pid, kind, REMOVED, _title(data), position + 1, None))
    return changes


def _kept_in_order(old: list, new: list) -> set:
    """The longest common subsequence of the ids both versions share: these stayed in order;
    every other shared id moved. (Moving one step up shows one move, not many.)"""
    rows, cols = len(old), len(new)
    table = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            table[i][j] = (
                table[i + 1][j + 1] + 1
                if old[i] == new[j]
                else max(table[i + 1][j], table[i][j + 1])
            )
    kept, i, j = set(), 0, 0
    while i < rows and j < cols:
        if old[i] == new[j]:
            kept.add(old[i])
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return kept


def _title(data: dict[str, Any]) -> str:
    for name in ("title", "prompt", "text", "name", "body"):
        value = data.get(name)
        if isinstance(value, str) and value.strip():
            line = value.strip().splitlines()[0]
            return line if len(line) <= 90 else line[:89] + "…"
    return ""


def _flatten(value: Any, prefix: str = "") -> dict[str, str]:
    """Nested fields as dotted paths; list items with an ``id`` are named by it (so a reordered
    option list shows as a change of order, not as every option changed)."""
    flat: dict[str, str] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            flat.update(_flatten(item, f"{prefix}.{key}" if prefix else str(key)))
    elif (
        isinstance(value, list) and value and all(isinstance(v, dict) and "id" in v for v in value)
    ):
        ids = [str(v["id"]) for v in value]
        flat[f"{prefix} (order)"] = ", ".join(ids)
        for item in value:
            rest = {k: v for k, v in item.items() if k != "id"}
            flat.update(_flatten(rest, f"{prefix}.{item['id']}"))
    elif isinstance(value, list):
        if all(not isinstance(v, dict | list) for v in value):
            flat[prefix] = ", ".join(str(v) for v in value)
        else:
            for index, item in enumerate(value, start=1):
                flat.update(_flatten(item, f"{prefix}.{index}"))
    else:
        flat[prefix] = "" if value is None else str(value)
    return flat


def _field_changes(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    before, after = _flatten(old), _flatten(new)
    changes = []
    for path in list(before) + [p for p in after if p not in before]:
        if before.get(path) != after.get(path):
            changes.append(FieldChange(path, before.get(path), after.get(path)))
    return changes
