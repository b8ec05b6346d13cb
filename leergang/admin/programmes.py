"""Evaluation programmes: create one, add schools and evaluators, set cost and Go/No-Go criteria."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from leergang.auth.models import Role, StaffUser
from leergang.classes.models import School
from leergang.metrics.models import (
    PHASES,
    GoNoGoCriterion,
    Measure,
    Programme,
    ProgrammeEvaluator,
    ProgrammeSchool,
)


def all_programmes(*, session: Session) -> list[Programme]:
    return list(session.exec(select(Programme).order_by(Programme.name)))


def create(*, session: Session, name: str) -> Programme | None:
    """A new programme, or None when the name is taken."""
    programme = Programme(name=name)
    session.add(programme)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return None
    return programme


def details(*, session: Session, programme: Programme) -> dict:
    """Schools and evaluators in the programme, those that could join, and its criteria."""
    member_ids = set(
        session.exec(
            select(ProgrammeSchool.school_id).where(ProgrammeSchool.programme_id == programme.id)
        )
    )
    schools = list(session.exec(select(School).order_by(School.name)))
    evaluators = list(
        session.exec(
            select(StaffUser, ProgrammeEvaluator.programme_id)
            .outerjoin(ProgrammeEvaluator, ProgrammeEvaluator.staff_user_id == StaffUser.id)
            .where(StaffUser.role == Role.EVALUATOR)
            .order_by(StaffUser.display_name)
        )
    )
    criteria = list(
        session.exec(
            select(GoNoGoCriterion)
            .where(GoNoGoCriterion.programme_id == programme.id)
            .order_by(GoNoGoCriterion.id)
        )
    )
    return {
        "schools": [s for s in schools if s.id in member_ids],
        "other_schools": [s for s in schools if s.id not in member_ids],
        "evaluators": [u for u, pid in evaluators if pid == programme.id],
        "other_evaluators": [u for u, pid in evaluators if pid != programme.id],
        "criteria": criteria,
    }


def apply(*, session: Session, programme: Programme, form) -> None:
    """One change from the programme page's forms; ValueError when the form makes no sense."""
    action = form.get("action")
    if action == "add_school":
        school = session.get(School, _int(form.get("school_id")))
        if school is None:
            raise ValueError("unknown school")
        if session.get(ProgrammeSchool, (programme.id, school.id)) is None:
            session.add(ProgrammeSchool(programme_id=programme.id, school_id=school.id))
    elif action == "add_evaluator":
        user = session.get(StaffUser, _int(form.get("staff_user_id")))
        if user is None or user.role != Role.EVALUATOR:
            raise ValueError("not an evaluator")
        link = session.get(ProgrammeEvaluator, user.id)  # one programme per evaluator: move
        if link is None:
            link = ProgrammeEvaluator(staff_user_id=user.id, programme_id=programme.id)
        link.programme_id = programme.id
        session.add(link)
    elif action == "add_criterion":
        phase, measure = form.get("phase"), form.get("measure")
        threshold = _float((form.get("threshold") or "").strip().replace(",", "."))
        if phase not in PHASES or measure not in Measure.ALL:
            raise ValueError("unknown phase or measure")
        session.add(GoNoGoCriterion(programme_id=programme.id, phase=phase, measure=measure,
                                    threshold=threshold))  # fmt: skip
    elif action == "remove_criterion":
        criterion = session.get(GoNoGoCriterion, _int(form.get("criterion_id")))
        if criterion is None or criterion.programme_id != programme.id:
            raise ValueError("unknown criterion")
        session.delete(criterion)
    elif action == "set_cost":
        raw = (form.get("cost_euros") or "").strip().replace(",", ".")
        euros = _float(raw) if raw else None
        if euros is not None and euros < 0:
            raise ValueError("negative cost")
        programme.cost_cents = round(euros * 100) if euros is not None else None
        session.add(programme)
    else:
        raise ValueError("unknown action")
    session.commit()


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValueError("not a number") from None


def _float(value) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError("not a number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError("not a finite number")
    return number
