"""Giving work to a class or to chosen pupils, and reading it back for pupils and teachers.

``may_open`` is the one place that decides whether a pupil may open an item.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import bindparam, delete, or_
from sqlmodel import Session, select

from leergang.assignments.kinds import KINDS, NOT_STARTED, ItemStatus, get_item, statuses_by_item
from leergang.assignments.models import Assignment, AssignmentPupil
from leergang.classes.models import Classroom, Pupil
from leergang.content import curriculum_key


def assignments_of(*, session: Session, classroom: Classroom) -> list[Assignment]:
    return list(
        session.exec(
            select(Assignment)
            .where(Assignment.classroom_id == classroom.id)
            .order_by(Assignment.position, Assignment.id)
        )
    )


def targets_of(*, session: Session, assignments: list[Assignment]) -> dict[int, set[int]]:
    """The chosen pupils of each assignment that is not for the whole class."""
    ids = [a.id for a in assignments if not a.whole_class]
    found: dict[int, set[int]] = defaultdict(set)
    if ids:
        for row in session.exec(
            select(AssignmentPupil).where(AssignmentPupil.assignment_id.in_(ids))
        ):
            found[row.assignment_id].add(row.pupil_id)
    return found


def create_assignment(
    *,
    session: Session,
    classroom: Classroom,
    kind: str,
    item_id: str,
    pupils: list[Pupil] | None = None,
    starts_on: date | None = None,
    due_on: date | None = None,
) -> Assignment:
    """Add an item at the end of the class's list; ``pupils`` None means the whole class."""
    last = assignments_of(session=session, classroom=classroom)
    assignment = Assignment(
        public_id=secrets.token_urlsafe(9),
        classroom_id=classroom.id,
        kind=kind,
        item_id=item_id,
        position=(last[-1].position + 1) if last else 0,
        whole_class=pupils is None,
        starts_on=starts_on,
        due_on=due_on,
    )
    session.add(assignment)
    session.flush()
    for pupil in pupils or []:
        session.add(AssignmentPupil(assignment_id=assignment.id, pupil_id=pupil.id))
    session.commit()
    return assignment


def find_assignment(*, session: Session, classroom: Classroom, public_id: str) -> Assignment | None:
    return session.exec(
        select(Assignment).where(
            Assignment.classroom_id == classroom.id, Assignment.public_id == public_id
        )
    ).first()


def remove_assignment(*, session: Session, assignment: Assignment) -> None:
    """Take an assignment back. The pupils' progress stays: assigning it again shows it."""
    session.exec(delete(AssignmentPupil).where(AssignmentPupil.assignment_id == assignment.id))
    session.delete(assignment)
    session.commit()


def move_assignment(
    *, session: Session, classroom: Classroom, assignment: Assignment, direction: int
) -> None:
    """Swap with the neighbour above (-1) or below (+1); renumbers the list to keep it tidy."""
    items = assignments_of(session=session, classroom=classroom)
    index = next(i for i, a in enumerate(items) if a.id == assignment.id)
    other = index + direction
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, item in enumerate(items):
        item.position = position
        session.add(item)
    session.commit()


def _visible(*narrower):
    """What a pupil may see: assigned to the class or to them, and started. Built once, with
    the pupil, class and day as parameters (``_visible_params``): every pupil page runs one."""
    targeted = select(AssignmentPupil.assignment_id).where(
        AssignmentPupil.pupil_id == bindparam("pupil_id")
    )
    return (
        select(Assignment)
        .where(
            Assignment.classroom_id == bindparam("classroom_id"),
            or_(Assignment.whole_class.is_(True), Assignment.id.in_(targeted)),
            or_(Assignment.starts_on.is_(None), Assignment.starts_on <= bindparam("today")),
            *narrower,
        )
        .order_by(Assignment.position, Assignment.id)
    )


_VISIBLE = _visible()
_VISIBLE_OF_KIND = _visible(Assignment.kind == bindparam("kind"))
_VISIBLE_ITEM = _visible(
    Assignment.kind == bindparam("kind"), Assignment.item_id == bindparam("item_id")
).limit(1)


def _visible_params(pupil: Pupil, today: date, **more) -> dict:
    return {"pupil_id": pupil.id, "classroom_id": pupil.classroom_id, "today": today, **more}


def may_open(*, session: Session, pupil: Pupil, kind: str, item_id: str, today: date) -> bool:
    """A pupil opens only what is assigned to them (or their class) and has started."""
    if pupil.classroom.archived:
        return False
    params = _visible_params(pupil, today, kind=kind, item_id=item_id)
    return session.exec(_VISIBLE_ITEM, params=params).first() is not None


def visible_item_ids(*, session: Session, pupil: Pupil, kind: str, today: date) -> list[str]:
    """Ids of the items of ``kind`` the pupil may open now, in the teacher's order."""
    if pupil.classroom.archived:
        return []
    params = _visible_params(pupil, today, kind=kind)
    return list(dict.fromkeys(a.item_id for a in session.exec(_VISIBLE_OF_KIND, params=params)))


@dataclass(frozen=True)
class PupilAssignment:
    assignment: Assignment
    kind: Any
    item: Any
    status: ItemStatus
    state: str  # "new" | "busy" | "done" | "late"
    url: str


def pupil_state(status: ItemStatus, due_on: date | None, today: date) -> str:
    if status.state == "done":
        return "done"
    if due_on is not None and due_on < today:
        return "late"
    return "busy" if status.state == "busy" else "new"


def _statuses(
    *, session: Session, pupil_ids: list[int], assignments: list[Assignment]
) -> dict[str, dict[str, dict[int, ItemStatus]]]:
    """kind -> item id -> pupil id -> status, with queries per kind, never per assignment."""
    item_ids: dict[str, list[str]] = defaultdict(list)
    for assignment in assignments:
        if assignment.kind in KINDS and assignment.item_id not in item_ids[assignment.kind]:
            item_ids[assignment.kind].append(assignment.item_id)
    return defaultdict(
        lambda: defaultdict(dict),
        {
            name: statuses_by_item(KINDS[name], session=session, pupil_ids=pupil_ids, item_ids=ids)
            for name, ids in item_ids.items()
        },
    )


def for_pupil(*, session: Session, pupil: Pupil, today: date) -> list[PupilAssignment]:
    """Mijn opdrachten: the pupil's assignments in the teacher's order, each with its state."""
    if pupil.classroom.archived:
        return []
    assignments = list(session.exec(_VISIBLE, params=_visible_params(pupil, today)))
    statuses = _statuses(session=session, pupil_ids=[pupil.id], assignments=assignments)
    found = []
    for assignment in assignments:
        kind = KINDS.get(assignment.kind)
        item = get_item(assignment.kind, assignment.item_id)
        if kind is None or item is None:
            continue  # a lesson file removed since: nothing to open
        status = statuses[assignment.kind][item.id].get(pupil.id, NOT_STARTED)
        found.append(
            PupilAssignment(
                assignment=assignment,
                kind=kind,
                item=item,
                status=status,
                state=pupil_state(status, assignment.due_on, today),
                url=kind.pupil_url(item.id),
            )
        )
    return found


@dataclass(frozen=True)
class Column:
    assignment: Assignment
    kind: Any
    item: Any  # None when the item no longer exists


@dataclass(frozen=True)
class Grid:
    """Pupils × assignments. ``cells[pupil_id][assignment_id]`` is None when not assigned."""

    pupils: list[Pupil]
    columns: list[Column]
    cells: dict[int, dict[int, ItemStatus | None]]


def progress_grid(*, session: Session, classroom: Classroom, pupils: list[Pupil]) -> Grid:
    """Status queries per kind (never per assignment or cell), one for the chosen pupils."""
    assignments = assignments_of(session=session, classroom=classroom)
    targets = targets_of(session=session, assignments=assignments)
    pupil_ids = [p.id for p in pupils]
    by_kind = _statuses(session=session, pupil_ids=pupil_ids, assignments=assignments)
    columns, cells = [], {p.id: {} for p in pupils}
    for assignment in assignments:
        kind = KINDS.get(assignment.kind)
        item = get_item(assignment.kind, assignment.item_id)
        columns.append(Column(assignment=assignment, kind=kind, item=item))
        statuses = by_kind[assignment.kind][assignment.item_id]
        for pupil_id in pupil_ids:
            if assignment.whole_class or pupil_id in targets[assignment.id]:
                cells[pupil_id][assignment.id] = statuses.get(pupil_id, NOT_STARTED)
            else:
                cells[pupil_id][assignment.id] = None
    return Grid(pupils=pupils, columns=columns, cells=cells)


def assign_fitting(*, session: Session, classroom: Classroom, kind: str = "module") -> int:
    """Assign every item of ``kind`` that fits the class's level and is not assigned yet (demo
    school)."""
    have = {(a.kind, a.item_id) for a in assignments_of(session=session, classroom=classroom)}
    added = 0
    items = KINDS[kind].items().values()
    for item in sorted(items, key=lambda item: curriculum_key(item, classroom.level)):
        if classroom.level in item.levels and (kind, item.id) not in have:
            create_assignment(session=session, classroom=classroom, kind=kind, item_id=item.id)
            added += 1
    return added
