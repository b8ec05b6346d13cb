"""The evaluator's pages: a dashboard, a printable report, CSV/JSON exports, comparison classes.

Every page is scoped to the evaluator's programme (its schools' research keys) and reads the
anonymous events only: no class or pupil page, no name, id or free text. Small cells are hidden
in ``report.build_report``, once, for pages and exports alike.
"""

from __future__ import annotations

import csv
import io
import json
import re

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from leergang.auth.access import Capability, staff_required
from leergang.db import get_session
from leergang.library import get_modules, get_scenarios
from leergang.metrics import report as reports
from leergang.metrics import services
from leergang.web import render

bp = Blueprint("evaluate", __name__, url_prefix="/evaluate")

YEAR = re.compile(r"^\d{4}-\d{4}$")
WEEK = re.compile(r"^\d{4}-W\d{2}$")
LEVEL = re.compile(r"^[a-z0-9-]{1,16}$")


def _programme():
    """The evaluator's programme; 404 when they belong to none (there is nothing to show)."""
    programme = services.programme_of(session=get_session(), staff_user_id=current_user.id)
    if programme is None:
        abort(404)
    return programme


def _scope(programme) -> services.Scope:
    """The programme's schools, narrowed by the filters in the query string (400 when bad)."""
    args = request.args
    values = {
        "school_year": args.get("school_year", "").strip() or None,
        "level": args.get("level", "").strip() or None,
        "week_from": args.get("week_from", "").strip() or None,
        "week_to": args.get("week_to", "").strip() or None,
    }
    for name, pattern in (("school_year", YEAR), ("level", LEVEL), ("week_from", WEEK),
                          ("week_to", WEEK)):  # fmt: skip
        if values[name] is not None and not pattern.match(values[name]):
            abort(400, _("That filter is not valid: %(name)s.", name=name))
    schools = services.programme_schools(session=get_session(), programme=programme)
    keys = tuple(s.research_key for s in schools if s.research_key)
    return services.Scope(school_keys=keys, **values)


def _report():
    programme = _programme()
    scope = _scope(programme)
    return reports.build_report(
        session=get_session(), programme=programme, scope=scope, modules=get_modules(),
        scenarios=get_scenarios(),
    )  # fmt: skip


def _filters(scope):
    return {k: v for k, v in vars(scope).items() if k != "school_keys" and v}


@bp.get("/")
@staff_required(Capability.EVALUATE)
def dashboard():
    """Reach, use, knowledge gain, comparison, self-efficacy, games and Go/No-Go, with filters."""
    result = _report()
    years, levels = services.filter_choices(session=get_session(), scope=result.scope)
    return render(
        "evaluate/dashboard.html", report=result, years=years, levels=levels,
        filters=_filters(result.scope), labels=reports.MEASURE_LABELS,
        phases=reports.PHASE_LABELS,
    )  # fmt: skip


@bp.get("/report")
@staff_required(Capability.EVALUATE)
def printable():
    """ "Rapportage preventie — Leren omgaan met geld": figures, method and caveats, for A4."""
    result = _report()
    return render(
        "evaluate/report.html", report=result, filters=_filters(result.scope),
        labels=reports.MEASURE_LABELS, phases=reports.PHASE_LABELS,
    )  # fmt: skip


@bp.get("/export.csv")
@staff_required(Capability.EVALUATE)
def export_csv():
    """Every shown figure as CSV rows (suppressed ones say "< k")."""
    rows = reports.export_rows(_report())
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[name for name, _text in reports.DICTIONARY])
    writer.writeheader()
    writer.writerows(rows)
    return _download(out.getvalue(), "text/csv", "leergang-evaluatie.csv")


@bp.get("/export.json")
@staff_required(Capability.EVALUATE)
def export_json():
    """The same rows as JSON, with the filters, k and the data dictionary."""
    result = _report()
    body = {
        "programme": result.programme.name,
        "filters": _filters(result.scope),
        "k": result.k,
        "dictionary": {name: str(text) for name, text in reports.DICTIONARY},
        "rows": reports.export_rows(result),
    }
    text = json.dumps(body, ensure_ascii=False, indent=2)
    return _download(text, "application/json", "leergang-evaluatie.json")


@bp.get("/dictionary.csv")
@staff_required(Capability.EVALUATE)
def dictionary():
    """What each column of the exports means."""
    _programme()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["column", "meaning"])
    writer.writerows((name, str(text)) for name, text in reports.DICTIONARY)
    return _download(out.getvalue(), "text/csv", "leergang-woordenlijst.csv")


def _download(text: str, mimetype: str, filename: str) -> Response:
    response = Response(text, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/classes")
@staff_required(Capability.EVALUATE)
def classes():
    """The programme's classes (school, class, level, year), to mark comparison classes."""
    programme = _programme()
    rows = services.programme_classes(session=get_session(), programme=programme)
    return render("evaluate/classes.html", programme=programme, rows=rows)


@bp.post("/classes")
@staff_required(Capability.EVALUATE)
def set_comparison():
    """Save which classes are comparison classes."""
    programme = _programme()
    keys = {key for key in request.form.getlist("comparison") if re.fullmatch(r"[0-9a-f]{16}", key)}
    services.set_comparison(session=get_session(), programme=programme, comparison_keys=keys)
    flash(_("Comparison classes saved."), "success")
    return redirect(url_for("evaluate.classes"))


@bp.context_processor
def _helpers():
    """Number formatting for the evaluator's templates: hidden figures show "< k"."""
    from flask_babel import format_percent

    from leergang.metrics.readings import number

    def fig(value, digits=0, percent=False):
        if value is None:
            return "–"
        if hasattr(value, "hidden"):
            if value.hidden:
                return value.mark
            value = value.value
            if value is None:
                return "–"
        if percent:
            return format_percent(value)
        return number(value, digits)

    return {"fig": fig, "number": number}
