"""Translations of a module: ``module.<lang>.yaml`` beside ``module.yaml`` overlays its texts.

A translation file holds only texts, keyed by the same ids as the Dutch file: ``title``,
``description``, ``learning_goals`` (same number, same order) and ``steps`` as a list of
``{id: <step id>, <text fields>…}``, with ``options``/``items``/``categories``/``statements`` as
lists of ``{id: …, text/label/feedback: …}``. Whatever it leaves out stays Dutch. Ids, answers,
amounts and the order of steps can only change in ``module.yaml``, so progress stored by ids is
the same in every language.

The overlay works on the plain data read from YAML; every problem is reported with its location in
the translation file, so the loader can give it a line number.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .markdown import check_markdown
from .messages import N_, Loc
from .steps import STEP_TYPES

# Report a problem at ``loc`` in the translation file (``text_line``: a line inside a text).
Report = Callable[[Loc, str, Mapping[str, Any], "int | None"], None]

MODULE_TEXTS = ("title", "description", "learning_goals", "steps")
OUTCOME_TEXTS = ("correct", "incorrect")

NOT_TRANSLATABLE = N_(
    '"%(field)s" cannot be translated here: a translation holds only texts. Allowed here: '
    "%(known)s."
)


def apply_overlay(
    base: Mapping[str, Any], overlay: Mapping[str, Any], *, folder: Path | None, report: Report
) -> dict[str, Any]:
    """The module data with the translated texts put in; ``base`` itself is left as it was."""
    merged = copy.deepcopy(dict(base))
    overlay_texts = _Overlay(folder, report)
    for key, value in overlay.items():
        loc = (key,)
        if key in ("title", "description"):
            merged[key] = overlay_texts.text(value, loc, merged[key])
        elif key == "learning_goals":
            merged[key] = overlay_texts.goals(value, loc, merged[key])
        elif key == "steps":
            overlay_texts.entries(merged[key], value, loc, overlay_texts.step)
        else:
            report(loc, NOT_TRANSLATABLE, {"field": key, "known": ", ".join(MODULE_TEXTS)}, None)
    return merged


def _declared_texts(step_type: Any) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    """The texts a step type declares translatable; for an unknown type, those of every type
    (module.yaml itself reports the unknown type)."""
    known = STEP_TYPES.get(step_type) if isinstance(step_type, str) else None
    classes = [known] if known is not None else list(STEP_TYPES.values())
    texts: dict[str, None] = {}
    entries: dict[str, tuple[str, ...]] = {}
    for cls in classes:
        texts.update(dict.fromkeys(cls.texts))
        for field, fields in cls.entry_texts.items():
            entries[field] = tuple(dict.fromkeys((*entries.get(field, ()), *fields)))
    return tuple(texts), entries


class _Overlay:
    def __init__(self, folder: Path | None, report: Report):
        self.folder = folder
        self.report = report

    def text(self, value: Any, loc: Loc, dutch: Any) -> Any:
        """A translated text (checked like any lesson Markdown), or the Dutch one if it is bad."""
        field = str(loc[-1]) if isinstance(loc[-1], str) else str(loc[-2])
        if value is None or (isinstance(value, str) and not value.strip()):
            self.report(loc, N_('"%(field)s" is empty. Write some text.'), {"field": field}, None)
            return dutch
        if not isinstance(value, str):
            self.report(
                loc,
                N_('"%(field)s" must be text. Put the value in quotes: "%(value)s".'),
                {"field": field, "value": value},
                None,
            )
            return dutch
        issues = check_markdown(value, self.folder)
        for issue in issues:
            self.report(loc, issue.msgid, issue.params, issue.text_line)
        return dutch if issues else value

    def goals(self, value: Any, loc: Loc, dutch: list[Any]) -> list[Any]:
        if not isinstance(value, list):
            self._not_a_list(loc)
            return dutch
        if len(value) != len(dutch):
            self.report(
                loc,
                N_('"learning_goals" has %(found)d entries, but module.yaml has %(expected)d. '
                   "Translate each learning goal, in the same order."),
                {"found": len(value), "expected": len(dutch)},
                None,
            )  # fmt: skip
            return dutch
        return [
            self.text(v, loc + (i,), d) for i, (v, d) in enumerate(zip(value, dutch, strict=True))
        ]

    def entries(
        self,
        dutch: list[dict[str, Any]],
        value: Any,
        loc: Loc,
        translate: Callable[[dict[str, Any], dict[str, Any], Loc], None],
    ) -> None:
        """Translate a list of entries with ids (steps, options, …) in place, matched by id."""
        if not isinstance(value, list):
            self._not_a_list(loc)
            return
        by_id = {entry.get("id"): entry for entry in dutch if isinstance(entry, dict)}
        seen: set[Any] = set()
        field = str(loc[-1])
        for index, entry in enumerate(value):
            here = loc + (index,)
            if not isinstance(entry, dict):
                self.report(
                    here,
                    N_('"%(field)s" must contain fields ("key: value" lines, indented below it).'),
                    {"field": field},
                    None,
                )
            elif "id" not in entry:
                self.report(
                    here,
                    N_('"id" is missing. Add the id from module.yaml of what this translates.'),
                    {},
                    None,
                )
            elif entry["id"] in seen:
                self.report(
                    here + ("id",),
                    N_('The id "%(id)s" is used twice in %(field)s. Give each one its own id.'),
                    {"id": entry["id"], "field": field},
                    None,
                )
            elif entry["id"] not in by_id:
                known = ", ".join(str(key) for key in by_id)
                self.report(
                    here + ("id",),
                    N_('module.yaml has no "%(id)s" in "%(field)s". Use one of: %(known)s.'),
                    {"id": entry["id"], "field": field, "known": known},
                    None,
                )
            else:
                seen.add(entry["id"])
                translate(by_id[entry["id"]], entry, here)

    def step(self, dutch: dict[str, Any], entry: dict[str, Any], loc: Loc) -> None:
        step_texts, entry_texts = _declared_texts(dutch.get("type"))
        allowed = [key for key in (*step_texts, *entry_texts) if dutch.get(key) is not None]
        for key, value in entry.items():
            here = loc + (key,)
            if key == "id":
                continue
            if key not in allowed:
                self._not_translatable(here, key, allowed)
            elif key in entry_texts:
                translate = functools.partial(self.fields, texts=entry_texts[key])
                self.entries(dutch[key], value, here, translate)
            elif isinstance(dutch[key], dict):  # feedback: {correct: …, incorrect: …}
                if not isinstance(value, dict):
                    self.report(
                        here,
                        N_('"%(field)s" must contain fields ("key: value" lines, indented below '
                           "it)."),
                        {"field": key},
                        None,
                    )  # fmt: skip
                else:
                    self.fields(dutch[key], value, here, texts=OUTCOME_TEXTS)
            else:
                dutch[key] = self.text(value, here, dutch[key])

    def fields(
        self, dutch: dict[str, Any], entry: dict[str, Any], loc: Loc, *, texts: tuple[str, ...]
    ) -> None:
        allowed = [key for key in texts if dutch.get(key) is not None]
        for key, value in entry.items():
            if key == "id" and "id" in dutch:  # the entry's own id (not in feedback mappings)
                continue
            if key in allowed:
                dutch[key] = self.text(value, loc + (key,), dutch[key])
            else:
                self._not_translatable(loc + (key,), key, allowed)

    def _not_translatable(self, loc: Loc, key: str, allowed: list[str]) -> None:
        self.report(loc, NOT_TRANSLATABLE, {"field": key, "known": ", ".join(allowed)}, None)

    def _not_a_list(self, loc: Loc) -> None:
        self.report(
            loc,
            N_('"%(field)s" must be a list: put each entry on its own line, starting with "- ".'),
            {"field": str(loc[-1])},
            None,
        )
