"""The registry of assignable kinds: what a teacher can assign and how its progress is read.

Lessons (``module``) register here; games register their own kind the same way. The assign form,
the progress grid, its CSV and the pupil's "Mijn opdrachten" only use this registry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlmodel import Session, select


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


def statuses_by_item(
    kind: AssignableKind, *, session: Session, pupil_ids: list[int], item_ids: list[str]
) -> dict[str, dict[int, ItemStatus]]:
    """Statuses of several items at once: one batch when the kind offers it (no query per item)."""
    batch = getattr(kind, "statuses_by_item", None)
    if batch is not None:
        return batch(session=session, pupil_ids=pupil_ids, item_ids=item_ids)
    return {
        item_id: kind.statuses(session=session, pupil_ids=pupil_ids, item_id=item_id)
        for item_id in item_ids
    }


def get_item(kind: str, item_id: str) -> Any | None:
    """The item, or None when the kind is unknown or the item no longer exists."""
    registered = KINDS.get(kind)
    return registered.items().get(item_id) if registered else None


# A pause longer than this between two answers counts as this long: a pupil who closed the lesson
# before the weekend has not worked on it all weekend.
IDLE_CAP_SECONDS = 5 * 60


def active_seconds(moments: list[datetime]) -> int:
    """Time spent: the gaps between start, each answer and the finish, each capped."""
    ordered = sorted(moments)
    return int(
        sum(
            min((later - earlier).total_seconds(), IDLE_CAP_SECONDS)
            for earlier, later in zip(ordered, ordered[1:], strict=False)
        )
    )


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes; every timestamp we store is UTC."""
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
        from leergang.library import get_modules

        return get_modules()  # in the UI language

    def pupil_url(self, item_id: str) -> str:
        from flask import url_for

        return url_for("learn.module", module_id=item_id)

    def statuses(
        self, *, session: Session, pupil_ids: list[int], item_id: str
    ) -> dict[int, ItemStatus]:
        return self.statuses_by_item(session=session, pupil_ids=pupil_ids, item_ids=[item_id])[
            item_id
        ]

    def statuses_by_item(
        self, *, session: Session, pupil_ids: list[int], item_ids: list[str]
    ) -> dict[str, dict[int, ItemStatus]]:
        """Two queries for any number of pupils and modules: progress rows, then answers."""
        from leergang.learn.models import ModuleProgress, StepAnswer

        found: dict[str, dict[int, ItemStatus]] = {item_id: {} for item_id in item_ids}
        if not pupil_ids or not item_ids:
            return found
        modules = self.items()
        progresses = list(
            session.exec(
                select(ModuleProgress).where(
                    ModuleProgress.module_id.in_(item_ids), ModuleProgress.pupil_id.in_(pupil_ids)
                )
            )
        )
        answers: dict[int, list[tuple[datetime, bool | None]]] = {p.id: [] for p in progresses}
        if progresses:
            rows = session.exec(
                select(StepAnswer.progress_id, StepAnswer.created_at, StepAnswer.correct).where(
                    StepAnswer.progress_id.in_(list(answers))
                )
            )
            for progress_id, created_at, correct in rows:
                answers[progress_id].append((_aware(created_at), correct))
        for progress in progresses:
            module = modules.get(progress.module_id)
            questions = len(module.question_steps) if module is not None else 0
            given = answers[progress.id]
            finished = _aware(progress.finished_at)
            right = sum(1 for _at, correct in given if correct)
            moments = [_aware(progress.started_at), *sorted(at for at, _c in given)]
            moments.append(finished or _aware(progress.updated_at))
            found[progress.module_id][progress.pupil_id] = ItemStatus(
                state="done" if finished else "busy",
                score=round(100 * right / questions) if finished and questions else None,
                seconds=active_seconds(moments),
                started_at=moments[0],
                finished_at=finished,
            )
        return found


register_kind(ModuleKind())
