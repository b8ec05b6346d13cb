"""The registry of assignable kinds: what a teacher can assign and how its progress is read.

Each feature declares its kind beside its own code (``learn/assignable.py``,
``games/assignable.py``) and ``create_app`` registers both. The assign form, the progress grid, its
CSV and the pupil's "Mijn opdrachten" only use this registry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlmodel import Session


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

    def statuses_by_item(
        self, *, session: Session, pupil_ids: list[int], item_ids: list[str]
    ) -> dict[str, dict[int, ItemStatus]]:
        """Each pupil's status for each item (a fixed number of queries for any number of them);
        pupils without one may be left out, every item id is a key."""


KINDS: dict[str, AssignableKind] = {}


def register_kind(kind: AssignableKind) -> None:
    KINDS[kind.name] = kind


def statuses_by_item(
    kind: AssignableKind, *, session: Session, pupil_ids: list[int], item_ids: list[str]
) -> dict[str, dict[int, ItemStatus]]:
    """Statuses of several items of one kind at once; nothing to ask when there are none."""
    if not pupil_ids or not item_ids:
        return {item_id: {} for item_id in item_ids}
    return kind.statuses_by_item(session=session, pupil_ids=pupil_ids, item_ids=item_ids)


def get_item(kind: str, item_id: str) -> Any | None:
    """The item, or None when the kind is unknown or the item no longer exists."""
    registered = KINDS.get(kind)
    return registered.items().get(item_id) if registered else None
