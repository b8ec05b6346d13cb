"""The whole-module preview: the draft played step by step as a pupil sees it, in a frame the
size of a Chromebook screen (1366×768), with the readability score and the item-quality checks
beside it.

Nothing is stored: answers are checked and shown with their feedback, then forgotten. No
progress, no answers and no metric events are written (a test clicks through a whole module and
finds those tables empty).
"""

from __future__ import annotations

from flask import abort, g, request, url_for
from flask_babel import gettext as _

from leergang.authoring import services
from leergang.authoring.quality import module_quality
from leergang.authoring.review_access import author_or_admin, bp, draft_or_404
from leergang.content import AnswerError, Module
from leergang.web import markdown_for, render

PREVIEW_SEED = "preview"  # the option order a pupil with this seed would see


def _draft_module(kind: str, content_id: str) -> tuple[Module, list, object]:
    if kind != "module":
        abort(404)  # games have their play-test in the game editor
    _content, version = draft_or_404(kind, content_id)
    module, problems = services.validate(
        kind=kind, content_id=content_id, yaml_text=version.yaml_text
    )
    return module, problems, version  # type: ignore[return-value]


def _render(kind, content_id, step_id, *, answer=None, error=None, status=200):
    module, problems, version = _draft_module(kind, content_id)
    if module is None:
        return render(
            "author/review/preview.html", module=None, problems=problems, version=version,
            content_id=content_id, kind=kind,
        ), 200  # fmt: skip
    if step_id is None:
        index = 0
    else:
        try:
            index = module.step_index(step_id)
        except (KeyError, ValueError):
            abort(404)
    step = module.steps[index]
    outcome = step.check(answer) if answer is not None else None

    def step_url(target) -> str:
        return url_for("review.preview_step", kind=kind, content_id=content_id, step_id=target.id)

    # The step templates post their answer here instead of to the pupil's player.
    g.preview_answer_url = lambda target: url_for(
        "review.preview_answer", kind=kind, content_id=content_id, step_id=target.id
    )
    return render(
        "author/review/preview.html",
        "step_panel",
        kind=kind,
        content_id=content_id,
        version=version,
        module=module,
        problems=problems,
        quality=module_quality(module),
        step=step,
        index=index,
        total=len(module.steps),
        answer=answer,
        outcome=outcome,
        reveal=not step.pre_test,
        order_seed=PREVIEW_SEED,
        needs_answer=step.needs_answer,
        error=error,
        md=markdown_for(module, draft_id=version.id),
        previous_url=step_url(module.steps[index - 1]) if index > 0 else None,
        next_url=step_url(module.steps[index + 1]) if index + 1 < len(module.steps) else None,
    ), status


@bp.get("/author/<kind>/<content_id>/preview")
@author_or_admin
def preview(kind: str, content_id: str):
    """The draft's first step in a Chromebook-sized frame, with readability and item checks."""
    return _render(kind, content_id, None)


@bp.get("/author/<kind>/<content_id>/preview/<step_id>")
@author_or_admin
def preview_step(kind: str, content_id: str, step_id: str):
    """One step of the draft as a pupil sees it (every step can be opened, in any order)."""
    return _render(kind, content_id, step_id)


@bp.post("/author/<kind>/<content_id>/preview/<step_id>/answer")
@author_or_admin
def preview_answer(kind: str, content_id: str, step_id: str):
    """Check an answer and show the pupil's feedback; nothing is stored."""
    module, _problems, _version = _draft_module(kind, content_id)
    if module is None:
        abort(404)
    try:
        step = module.steps[module.step_index(step_id)]
    except (KeyError, ValueError):
        abort(404)
    if not step.needs_answer:
        abort(400)
    try:
        parsed = step.parse_answer(request.form)
    except AnswerError as refused:
        message = _(refused.msgid, **refused.params)
        return _render(kind, content_id, step_id, error=message, status=422)
    return _render(kind, content_id, step_id, answer=parsed)
