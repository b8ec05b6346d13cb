"""The registry of assignable kinds: what a teacher can assign and how its progress is read.

Lessons (``module``) register here; games register their own kind the same way. The assign form,
the progress grid, its CSV and the pupil's "Mijn opdrachten" only use this registry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlmodel import Session, func, select


@dataclass(frozen=True)
class ItemStatus:
    state: str  # "not_started" | "busy" | "done"
    score: int | None  # percentage 0-100, None when there is nothing to score
    seconds: int  # time spent
    started_at: datetime | None
    finished_at: datetime | None


NOT_STARTED = ItemStatus("not_started", None, 0, None, None)


class AssignableKind(Protocol):
    name: str  # stored in Assignment.kind
    label: Any  # a lazy string: "Lesson" / "Game"

    def items(self) -> Mapping[str, Any]:
        """Assignable items by id; each has .id .title .description .levels .minutes."""

    def pupil_url(self, item_id: str) -> str:
        """Where a pupil opens the item."""

    def statuses(
        self, *, session: Session, pupil_ids: list[int], item_id: str
    ) -> dict[int, ItemStatus]:
        """Each pupil's status for the item; pupils without one may be left out."""


KINDS: dict[str, AssignableKind] = {}


def register_kind(kind: AssignableKind) -> None:
    KINDS[kind.name] = kind


def get_item(kind: str, item_id: str) -> Any | None:
    """The item, or None when the kind is unknown or the item no longer exists."""
    registered = KINDS.get(kind)
    return registered.items().get(item_id) if registered else None


def _aware(moment: datetime | None) -> datetime | None:
    from datetime import UTC

    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


class ModuleKind:
    """Lesson modules from the lesson library."""

    name = "module"

    @property
    def label(self):
        from flask_babel import lazy_gettext as _l

        return _l("Lesson")

    def items(self) -> Mapping[str, Any]:
        from leergang.library import get_library

        return get_library().modules

    def pupil_url(self, item_id: str) -> str:
        from flask import url_for

        return url_for("learn.module", module_id=item_id)

    def statuses(
        self, *, session: Session, pupil_ids: list[int], item_id: str
    ) -> dict[int, ItemStatus]:
        from leergang.learn.models import ModuleProgress, StepAnswer

        if not pupil_ids:
            return {}
        module = self.items().get(item_id)
        questions = len(module.question_steps) if module is not None else 0
        # One query: each pupil's progress row with the number of right answers.
        rows = session.exec(
            select(ModuleProgress, func.count(StepAnswer.id))
            .join(
                StepAnswer,
                (StepAnswer.progress_id == ModuleProgress.id) & (StepAnswer.correct.is_(True)),
                isouter=True,
            )
            .where(ModuleProgress.module_id == item_id, ModuleProgress.pupil_id.in_(pupil_ids))
            .group_by(ModuleProgress.id)
        )
        statuses = {}
        for progress, right in rows:
            started, updated = _aware(progress.started_at), _aware(progress.updated_at)
            finished = _aware(progress.finished_at)
            seconds = int(((finished or updated) - started).total_seconds())
            score = None
            if finished is not None and questions:
                score = round(100 * right / questions)
            statuses[progress.pupil_id] = ItemStatus(
                state="done" if finished else "busy",
                score=score,
                seconds=max(seconds, 0),
                started_at=started,
                finished_at=finished,
            )
        return statuses


register_kind(ModuleKind())
