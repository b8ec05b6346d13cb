"""The partner author's item statistics: which questions of their modules work.

Thin HTTP over ``item_queries``: authorise, pick the modules of the author's organisation
(``ownership``), read the figures, put them into words. Figures rest on
at least k pupils (``METRICS_MIN_CELL``, default 10, never below 5) with research use allowed.
"""

from __future__ import annotations

import dataclasses

from flask import Blueprint, current_app
from flask_babel import format_percent, gettext
from flask_login import current_user

from leergang.auth.access import Capability, staff_required
from leergang.authoring.models import Organisation
from leergang.content.steps import TrueFalse
from leergang.db import get_session
from leergang.library import get_modules, get_store
from leergang.metrics.item_queries import QuestionFigures, module_figures
from leergang.metrics.ownership import organisation_modules
from leergang.metrics.readings import describe_item, number
from leergang.metrics.suppression import DEFAULT_K, MIN_K
from leergang.web import markdown_for, render

bp = Blueprint("itemstats", __name__, url_prefix="/authoring")


def min_cell() -> int:
    """The smallest number of pupils a figure may rest on: the setting, never below 5."""
    return max(MIN_K, int(current_app.config.get("METRICS_MIN_CELL", DEFAULT_K)))


@bp.get("/item-statistics")
@staff_required(Capability.AUTHOR)
def item_statistics():
    """Per module of the author's organisation, per question: share right, item–rest
    correlation, options chosen, signals (``ownership`` says which modules are whose)."""
    k = min_cell()
    session = get_session()
    organisation_id = current_user.organisation_id
    organisation = session.get(Organisation, organisation_id) if organisation_id else None
    mine = organisation_modules(
        session=session, organisation_id=organisation_id, modules=get_modules().values(),
        store=get_store(),
    )  # fmt: skip
    modules = sorted(mine, key=lambda m: m.title.casefold())
    figures = module_figures(session=session, modules=modules, k=k)
    return render(
        "metrics/item_statistics.html",
        k=k,
        organisation=organisation,
        has_modules=bool(modules),
        with_figures=[f for f in figures if f.reported],
        without_figures=[f.module for f in figures if not f.reported],
        labels=option_labels,
        readings=readings,
        markdown_for=markdown_for,
        percent=format_percent,
        number=number,
    )


def option_labels(question: QuestionFigures) -> dict[str, str]:
    """What the author wrote for each option id (true/false in the reader's language)."""
    step = question.step
    if isinstance(step, TrueFalse):
        return {"true": gettext("True"), "false": gettext("False")}
    return {o.id: o.text for o in getattr(step, "options", ())}


def readings(question: QuestionFigures) -> list[str]:
    """The plain-language sentences on one question, naming options by their text."""
    labels = option_labels(question)

    def named(ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(f"“{labels.get(i, i)}”" for i in ids)

    stat = dataclasses.replace(
        question.stats,
        unpicked_options=named(question.stats.unpicked_options),
        popular_distractors=named(question.stats.popular_distractors),
    )
    return describe_item(stat)
