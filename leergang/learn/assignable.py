"""Lessons as something a teacher can assign: the adapter the assignments registry uses.

``ModuleKind`` mirrors ``games/assignable.GameKind``; ``create_app`` registers both, so the assign
form, the progress grid, the CSV export and "Mijn opdrachten" offer lessons with no code of their
own.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam
from sqlmodel import Session, select

from leergang.assignments.kinds import ItemStatus
from leergang.content import Module
from leergang.learn.models import ModuleProgress, StepAnswer
from leergang.library import get_modules

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


# Built once (SQLAlchemy then only binds the lists): Mijn opdrachten and the grid run them.
_PROGRESSES = select(ModuleProgress).where(
    ModuleProgress.module_id.in_(bindparam("item_ids", expanding=True)),
    ModuleProgress.pupil_id.in_(bindparam("pupil_ids", expanding=True)),
)
_ANSWER_MOMENTS = select(StepAnswer.progress_id, StepAnswer.created_at, StepAnswer.correct).where(
    StepAnswer.progress_id.in_(bindparam("progress_ids", expanding=True))
)


class ModuleKind:
    """Lesson modules from the lesson library."""

    name = "module"
    label = _l("Lesson")

    def items(self) -> Mapping[str, Module]:
        """Every module that loaded cleanly, by id, in the UI language."""
        return get_modules()

    def pupil_url(self, item_id: str) -> str:
        return url_for("learn.module", module_id=item_id)

    def statuses_by_item(
        self, *, session: Session, pupil_ids: list[int], item_ids: list[str]
    ) -> dict[str, dict[int, ItemStatus]]:
        """Two queries for any number of pupils and modules: progress rows, then answers."""
        found: dict[str, dict[int, ItemStatus]] = {item_id: {} for item_id in item_ids}
        if not pupil_ids or not item_ids:
            return found
        modules = self.items()
        params = {"item_ids": item_ids, "pupil_ids": pupil_ids}
        progresses = list(session.exec(_PROGRESSES, params=params))
        answers: dict[int, list[tuple[datetime, bool | None]]] = {p.id: [] for p in progresses}
        if progresses:
            rows = session.exec(_ANSWER_MOMENTS, params={"progress_ids": list(answers)})
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
