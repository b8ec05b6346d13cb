"""Queries over the anonymous record, for the evaluator's figures and exports.

Every evaluator query starts from ``research_events``: it leaves out the events of pupils whose
teacher marked them "no research use", so no figure or export can forget that mark.
"""

from __future__ import annotations

from typing import TypeVar

from sqlmodel import select
from sqlmodel.sql.expression import SelectOfScalar

from leergang.metrics.models import EventContext

E = TypeVar("E", bound=EventContext)


def research_events(table: type[E]) -> SelectOfScalar[E]:
    """``SELECT`` the events of ``table`` that may be used for research."""
    return select(table).where(table.research_use.is_(True))  # type: ignore[attr-defined]
