"""Warnings about content that loads fine but needs an author's eye, and sources due for a check.

Unlike problems, a warning never keeps a module or game out and never fails ``lessons check``:
a figure whose ``check_by`` date has passed may well still be right, and a pre/post pair in two
formats still measures something. Both point at their file and line, like problems do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .loader import MODULE_FILE, NOT_A_MODULE, SCENARIO_FILE
from .messages import N_, Problem
from .scenario_schema import Scenario
from .schema import Module
from .yamlfile import SourceFile, read_yaml

OVERDUE = N_(
    'Check source "%(title)s": its check-by date %(date)s has passed. Check the figures that rest '
    'on it, then set a new "check_by:".'
)
OTHER_TYPE = N_(
    'Step "%(step)s" is a post-test item for "%(construct)s" of type %(type)s, but the pre-test '
    'item "%(other)s" is of type %(other_type)s. Use the same step type before and after the '
    "lesson, so the answers can be compared."
)


@dataclass(frozen=True)
class DatedSource:
    """A source with a ``check_by`` date: where it is, and which module or game cites it."""

    check_by: date
    item_id: str
    title: str
    path: Path
    line: int

    def overdue(self, today: date) -> bool:
        return self.check_by < today

    def warning(self) -> Problem:
        params = {"title": self.title, "date": self.check_by.isoformat()}
        return Problem(self.path, self.line, OVERDUE, params)


def _lines(path: Path) -> SourceFile:
    """The file read again for its line map (it loaded cleanly, so this cannot fail)."""
    file = SourceFile(path=path)
    read_yaml(file, NOT_A_MODULE)
    return file


def dated_sources(item: Module | Scenario, folder: Path) -> list[DatedSource]:
    """The sources of a module or game that carry a ``check_by`` date, in file order."""
    dated = [(index, s) for index, s in enumerate(item.sources) if s.check_by is not None]
    if not dated:
        return []
    name = MODULE_FILE if isinstance(item, Module) else SCENARIO_FILE
    file = _lines(folder / name)
    return [
        DatedSource(
            source.check_by,
            item.id,
            source.title,
            file.path,
            file.line(("sources", index, "check_by")),
        )  # fmt: skip
        for index, source in dated
    ]


def pair_warnings(module: Module) -> list[Problem]:
    """Post-test items whose step type differs from the pre-test item of the same construct."""
    first_pre: dict[str, tuple[str, str]] = {}
    for step in module.knowledge_check_steps("pre"):
        first_pre.setdefault(step.knowledge_check.construct_id, (step.id, step.type))
    found = []
    for step in module.knowledge_check_steps("post"):
        construct = step.knowledge_check.construct_id
        other, other_type = first_pre.get(construct, (None, step.type))
        if other_type != step.type:
            found.append((module.step_index(step.id), step, construct, other, other_type))
    if not found:
        return []
    file = _lines(module.folder / MODULE_FILE)
    return [
        file.problem(
            ("steps", index, "knowledge_check"),
            OTHER_TYPE,
            step=step.id,
            construct=construct,
            type=step.type,
            other=other,
            other_type=other_type,
        )  # fmt: skip
        for index, step, construct, other, other_type in found
    ]


def library_notices(
    modules: Iterable[Module], scenarios: Iterable[Scenario], root: Path
) -> tuple[list[Problem], list[DatedSource]]:
    """Every pair warning, and every dated source sorted by date (then module or game)."""
    warnings: list[Problem] = []
    dated: list[DatedSource] = []
    for module in modules:
        warnings += pair_warnings(module)
        dated += dated_sources(module, module.folder)
    for scenario in scenarios:
        dated += dated_sources(scenario, root / scenario.id)
    dated.sort(key=lambda d: (d.check_by, d.item_id, d.line))
    return warnings, dated
