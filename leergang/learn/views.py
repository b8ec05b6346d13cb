"""Pupil pages: my modules, a module's steps, feedback on each answer, the result.

Every step is its own URL. htmx swaps just the step panel after an answer, and "Volgende" (a
boosted form) answers with the next step itself (web.page_after_post); without JavaScript the
same forms post and redirect (POST-redirect-GET).
"""

from __future__ import annotations

from flask import Blueprint, abort, g, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from leergang.assignments import services as assignments
from leergang.auth.access import pupil_required
from leergang.classes.schoolyear import school_today
from leergang.content import AnswerError, Module
from leergang.content.assets import SVG_POLICY
from leergang.content.steps import LIKERT_LABELS, Wording
from leergang.db import get_session, reads_only
from leergang.learn import services
from leergang.learn.models import ModuleProgress
from leergang.library import get_module, get_module_version
from leergang.web import markdown_for, money, page_after_post, render

bp = Blueprint("learn", __name__, url_prefix="/learn")


def _module_or_404(module_id: str) -> tuple[Module, ModuleProgress | None]:
    """The module, if it is assigned to this pupil (the rule lives in assignments.services),
    and the pupil's progress in it (None before they start): the version the pupil started, so
    a newer publish never changes steps under them; the published version when they have not
    started (or the started version is gone)."""
    module = get_module(module_id)
    if module is None or not _may_open(module.id):
        abort(404)
    progress = services.get_progress(session=get_session(), pupil=current_user, module=module)
    started = progress.module_version if progress is not None else None
    if started is not None and started != module.version:
        module = get_module_version(module.id, started) or module
    return services.module_for(pupil=current_user, module=module), progress


def _may_open(module_id: str) -> bool:
    """Asked once per request: "Volgende" answered with the next step (``page_after_post``)
    runs the step's view after its own, and what is assigned does not change in between."""
    opened = g.setdefault("modules_opened", {})
    if module_id not in opened:
        opened[module_id] = assignments.may_open(
            session=get_session(),
            pupil=current_user,
            kind="module",
            item_id=module_id,
            today=school_today(),
        )
    return opened[module_id]


@bp.get("/")
@pupil_required
def index():
    """Mijn opdrachten: exactly my assignments in my teacher's order: new, busy, done, late."""
    items = assignments.for_pupil(session=get_session(), pupil=current_user, today=school_today())
    return render("learn/index.html", items=items)


@bp.get("/<module_id>/")
@pupil_required
def module(module_id: str):
    """A module's cover: what you will learn and how long it takes; start or go on."""
    module, progress = _module_or_404(module_id)
    return render("learn/module.html", module=module, progress=progress)


@bp.post("/<module_id>/start")
@pupil_required
def start(module_id: str):
    """Start (or continue) a module at the step where the pupil is."""
    module, _progress = _module_or_404(module_id)
    progress = services.start(session=get_session(), pupil=current_user, module=module)
    if progress.finished_at is not None:
        return page_after_post("learn.result", module_id=module.id)
    index = services.current_index(progress=progress, module=module)
    return page_after_post("learn.step", module_id=module.id, step_id=module.steps[index].id)


def _step_context(module: Module, progress: ModuleProgress | None, step_id: str):
    """Find the step; refuse steps the pupil has not reached yet."""
    if progress is None:
        return None, None, None
    try:
        index = module.step_index(step_id)
    except (KeyError, ValueError):
        abort(404)
    current = services.current_index(progress=progress, module=module)
    if progress.finished_at is None and index > current:
        return progress, None, current
    return progress, index, current


def _render_step(module, progress, index, current, *, error=None, status=200):
    session = get_session()
    step = module.steps[index]
    stored = services.get_answer(session=session, progress=progress, step_id=step.id)
    outcome = step.check(stored.answer) if stored is not None and step.needs_answer else None
    return render(
        "learn/step.html",
        "step_panel",
        module=module,
        step=step,
        index=index,
        total=len(module.steps),
        is_current=progress.finished_at is None and index == current,
        finished=progress.finished_at is not None,
        answer=stored.answer if stored is not None else None,
        outcome=outcome,
        # A pre-test item keeps its right answer to itself until the module is finished.
        reveal=not step.pre_test or progress.finished_at is not None,
        order_seed=current_user.pseudonym,
        needs_answer=step.needs_answer,
        error=error,
        md=markdown_for(module),
        previous_id=module.steps[index - 1].id if index > 0 else None,
        next_id=module.steps[index + 1].id if index + 1 < len(module.steps) else None,
    ), status


@bp.get("/<module_id>/<step_id>")
@pupil_required
def step(module_id: str, step_id: str):
    """One step of the module. Steps ahead of the pupil redirect to where they are."""
    module, progress = _module_or_404(module_id)
    progress, index, current = _step_context(module, progress, step_id)
    if progress is None:
        return redirect(url_for("learn.module", module_id=module.id))
    if index is None:
        return redirect(
            url_for("learn.step", module_id=module.id, step_id=module.steps[current].id)
        )
    return _render_step(module, progress, index, current)


@bp.post("/<module_id>/<step_id>/answer")
@pupil_required
def answer(module_id: str, step_id: str):
    """Check an answer on the server, store it once, and show kind feedback."""
    module, progress = _module_or_404(module_id)
    progress, index, current = _step_context(module, progress, step_id)
    if progress is None or index is None:
        return redirect(url_for("learn.module", module_id=module.id))
    step = module.steps[index]
    if not step.needs_answer:
        abort(400)
    try:
        parsed = step.parse_answer(request.form)
    except AnswerError as error:
        message = _(error.msgid, **error.params)
        return _render_step(module, progress, index, current, error=message, status=422)
    services.record_answer(session=get_session(), progress=progress, step=step, answer=parsed)
    if request.htmx and not request.htmx.boosted:
        reads_only(get_session())  # the feedback is rendered while other pupils write
        return _render_step(module, progress, index, current)
    return redirect(url_for("learn.step", module_id=module.id, step_id=step.id) + "#feedback")


@bp.post("/<module_id>/<step_id>/next")
@pupil_required
def next_step(module_id: str, step_id: str):
    """Go on to the next step (or the result after the last one)."""
    module, progress = _module_or_404(module_id)
    session = get_session()
    if progress is None:
        return redirect(url_for("learn.module", module_id=module.id))
    finished = services.advance(
        session=session, progress=progress, module=module, from_step_id=step_id
    )
    if finished:
        return page_after_post("learn.result", module_id=module.id)
    index = services.current_index(progress=progress, module=module)
    return page_after_post("learn.step", module_id=module.id, step_id=module.steps[index].id)


@bp.get("/<module_id>/result")
@pupil_required
def result(module_id: str):
    """The result page of a finished module."""
    module, progress = _module_or_404(module_id)
    session = get_session()
    if progress is None or progress.finished_at is None:
        return redirect(url_for("learn.module", module_id=module.id))
    summary = services.result(session=session, progress=progress, module=module)
    words = Wording(gettext=_, money=money)
    return render(
        "learn/result.html",
        module=module,
        summary=summary,
        describe=lambda step, answer: step.describe(answer, words, seed=current_user.pseudonym),
        right_answer=lambda step: step.right_answer_text(words),
        md=markdown_for(module),
        likert_labels=LIKERT_LABELS,
    )


@bp.get("/<module_id>/assets/<path:filename>")
def asset(module_id: str, filename: str):
    """An image a module's texts show; nothing else in its folder is ever served."""
    module = get_module(module_id)
    path = module.asset_path(filename) if module is not None else None
    if path is None:
        abort(404)
    response = send_file(path, max_age=3600)
    response.headers["X-Content-Type-Options"] = "nosniff"
    if path.suffix.lower() == ".svg":
        response.headers["Content-Security-Policy"] = SVG_POLICY
    return response
