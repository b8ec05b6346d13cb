"""The partner author's pages: their organisation's modules and games, and the module editor.

Thin HTTP over ``editor`` (text ↔ form) and ``services`` (drafts, review, audit). An author sees
only the drafts and versions of their own organisation; another organisation's id is "not
found". Lesson files in ``lessons/`` have no organisation, so they are not listed here (they are
on the *Lessons* page). Nothing here reads pupil or class data.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from pydantic import ValidationError
from sqlalchemy import func
from sqlmodel import select

from leergang.auth.access import Capability, staff_required
from leergang.authoring import editor, services
from leergang.authoring.editor import BadForm
from leergang.authoring.formtext import (
    editor_context,
    markdown_html,
    module_form_problems,
    preview_html,
)
from leergang.authoring.models import ContentKind, ContentVersion, Organisation, VersionStatus
from leergang.authoring.newmodule import LEVELS, THEMES, read_new_module
from leergang.content import N_, STEP_TYPES
from leergang.db import get_session
from leergang.library import get_store
from leergang.web import render

bp = Blueprint("author", __name__, url_prefix="/author")
MODULE = ContentKind.MODULE


@bp.app_template_filter("author_time")
def author_time(value, pattern: str = "d MMM yyyy HH:mm") -> str:
    """A time of a change in the reader's language and the app's time zone."""
    return format_datetime(value, pattern)


@bp.get("/")
@staff_required(Capability.AUTHOR)
def dashboard():
    """The organisation's modules and games: status, version and last change of each."""
    org = _organisation()
    rows: list[Any] = []
    if org is not None:
        rows = get_session().exec(
            select(ContentVersion.id, ContentVersion.kind, ContentVersion.content_id,
                   ContentVersion.version, ContentVersion.status, ContentVersion.updated_at)
            .where(ContentVersion.organisation_id == org.id)
            .order_by(ContentVersion.id.desc())  # type: ignore[union-attr]
        ).all()  # fmt: skip
    items: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:  # newest first: the first row of an id is where work stands
        item = items.setdefault((row.kind, row.content_id), {"row": row, "published": None})
        if row.status == VersionStatus.PUBLISHED and item["published"] is None:
            item["published"] = row.version
    listed = sorted(items.values(), key=lambda i: (i["row"].kind, i["row"].content_id))
    return render("author/dashboard.html", organisation=org, items=listed, status_name=status_name)


@bp.route("/modules/new", methods=["GET", "POST"])
@staff_required(Capability.AUTHOR)
def new_module():
    """A new module: its id and the few facts every module needs; the rest in the editor."""
    org = _organisation()
    if request.method == "GET":
        return _new_page(org, {}, {})
    values, errors = read_new_module(request.form)
    if not errors and org is None:
        abort(403)
    if not errors and _id_in_use(values["id"]):
        errors["id"] = _('The id "%(id)s" is already used. Choose another id.', id=values["id"])
    if errors:
        return _new_page(org, values, errors), 400
    data = editor.new_module(
        values["id"], title=values["title"], description=values["description"],
        levels=values["levels"], themes=values["themes"], minutes=values["minutes"],
        author=current_user.display_name, organisation=org.name,  # type: ignore[union-attr]
    )  # fmt: skip
    try:
        services.save_draft(
            session=get_session(), kind=MODULE, content_id=values["id"],
            yaml_text=editor.to_text(data), author=current_user, expected_revision=None,
        )  # fmt: skip
    except services.AuthoringError as error:
        errors["id"] = _(error.msgid, **error.params)
        return _new_page(org, values, errors), 400
    return redirect(url_for("author.edit_module", module_id=values["id"]), 303)


@bp.route("/modules/<module_id>/edit", methods=["GET", "POST"])
@staff_required(Capability.AUTHOR)
def edit_module(module_id: str):
    """The editor: metadata, the steps in order, a form per step type; every button saves."""
    draft = _draft(module_id)
    if draft is None:
        published = _latest_published(module_id)
        if published is None:
            abort(404)
        if request.method == "POST":
            return _published_meanwhile(published, module_id)
        return render("author/published.html", row=published)
    if request.method == "GET":
        data = editor.read_text(draft.yaml_text)
        return _editor_page(draft, data, draft.yaml_text)
    if "yaml_text" in request.form:  # a draft whose text is no module yet: edited as text
        return _save_text(draft)
    data, revision = _posted(module_id)
    anchor = _apply(data)
    text, response = _save(draft, data, revision)
    if response is not None:
        return response
    target = url_for("author.edit_module", module_id=module_id, at=anchor)
    return redirect(target, 303)


@bp.post("/modules/<module_id>/autosave")
@staff_required(Capability.AUTHOR)
def autosave(module_id: str):
    """Save what is typed now (htmx, a moment after a change); answers with the save status."""
    draft = _draft(module_id)
    if draft is None:
        published = _latest_published(module_id)
        if published is None:
            abort(404)
        # What was typed stays in the form; the status says who published and what to do.
        return render("author/_saved.html", error=_published_message(published)), 409
    data, revision = _posted(module_id)
    text = editor.to_text(data)
    try:
        saved = services.save_draft(
            session=get_session(), kind=MODULE, content_id=module_id, yaml_text=text,
            author=current_user, expected_revision=revision,
        )  # fmt: skip
    except services.AuthoringError as error:
        status = 409 if isinstance(error, services.DraftConflict) else 400
        return render("author/_saved.html", error=_(error.msgid, **error.params)), status
    problems = module_form_problems(module_id, text)
    return render("author/_saved.html", draft=saved, problems=problems, error=None)


@bp.post("/modules/<module_id>/submit")
@staff_required(Capability.AUTHOR)
def submit_module(module_id: str):
    """Save the editor's text, then send the draft to a reviewer of the organisation."""
    draft = _draft(module_id)
    if draft is None:
        published = _latest_published(module_id)
        if published is None or "revision" not in request.form:
            abort(404)
        return _published_meanwhile(published, module_id)
    if "revision" in request.form:
        data, revision = _posted(module_id)
        _text, response = _save(draft, data, revision)
        if response is not None:
            return response
    try:
        services.submit_for_review(session=get_session(), draft=draft, author=current_user)
    except services.InvalidContent:
        flash(_("Fix the problems first. Then send the module for review."), "error")
        return redirect(url_for("author.edit_module", module_id=module_id), 303)
    except services.AuthoringError as error:
        flash(_(error.msgid, **error.params), "error")
        return redirect(url_for("author.edit_module", module_id=module_id), 303)
    flash(_("Sent for review. A reviewer of your organisation checks it now."), "success")
    return redirect(url_for("author.dashboard"), 303)


@bp.post("/modules/<module_id>/new-draft")
@staff_required(Capability.AUTHOR)
def new_draft(module_id: str):
    """Start a new draft from the published version (a published version never changes)."""
    if _draft(module_id) is None:
        published = _latest_published(module_id)
        if published is None:
            abort(404)
        data = editor.read_text(published.yaml_text)
        text = published.yaml_text
        if data is not None:
            data["version"] = next_version(str(data.get("version", "")))
            text = editor.to_text(data)
        try:
            services.save_draft(
                session=get_session(), kind=MODULE, content_id=module_id, yaml_text=text,
                author=current_user, expected_revision=None,
            )  # fmt: skip
        except services.AuthoringError as error:
            flash(_(error.msgid, **error.params), "error")
            return redirect(url_for("author.dashboard"), 303)
    return redirect(url_for("author.edit_module", module_id=module_id), 303)


@bp.post("/modules/<module_id>/step-preview")
@staff_required(Capability.AUTHOR)
def step_preview(module_id: str):
    """One step rendered with the pupil's own template, from what the form holds now."""
    if _draft(module_id) is None:
        abort(404)
    data, _revision = _posted(module_id)
    steps, raw = data["steps"], str(request.form.get("step", ""))
    if not raw.isdigit() or int(raw) >= len(steps):
        abort(400)
    step_data = steps[int(raw)]
    kind = STEP_TYPES.get(str(step_data.get("type")))
    try:
        step = kind.model_validate(step_data, context={"folder": None}) if kind else None
    except ValidationError:
        step = None
    levels = data.get("levels") if isinstance(data.get("levels"), list) else []
    html = ""
    if step is not None:
        html = render_template(
            "author/_step_preview.html", step=step, module=SimpleNamespace(id=module_id),
            answer=None, answered=False, outcome=None, reveal=True, error=None,
            order_seed=None, md=lambda text: markdown_html(text or "", levels),
        )  # fmt: skip
        # The pupil's form becomes a plain block: no form inside the editor's form.
        html = re.sub(r"<(/?)form\b[^>]*>", r"<\1div>", html)
    return render("author/_step_preview_frame.html", html=Markup(html), step=step)


@bp.post("/markdown-preview")
@staff_required(Capability.AUTHOR)
def markdown_preview():
    """A Markdown field as the pupil will see it, with the check's messages for the text."""
    name = str(request.form.get("field") or "")
    text = request.form.get(name) if name and name != "csrf_token" else None
    if text is None:
        text = str(request.form.get("text") or "")
    return render("author/_preview.html", **preview_html(text, request.form.getlist("m.levels")))


# --- helpers ----------------------------------------------------------------------------------

STATUS_NAMES = {
    VersionStatus.DRAFT: N_("draft"),
    VersionStatus.IN_REVIEW: N_("in review"),
    VersionStatus.APPROVED: N_("approved"),
    VersionStatus.PUBLISHED: N_("published"),
    VersionStatus.RETIRED: N_("retired"),
}


def status_name(status: str) -> str:
    msgid = STATUS_NAMES.get(status)  # type: ignore[call-overload]
    return _(msgid) if msgid else status


def _new_page(org: Organisation | None, values: dict[str, Any], errors: dict[str, str]) -> str:
    return render(
        "author/new.html", organisation=org, values=values, errors=errors, levels=LEVELS,
        themes=THEMES,
    )  # fmt: skip


def _organisation() -> Organisation | None:
    org_id = current_user.organisation_id
    return get_session().get(Organisation, org_id) if org_id is not None else None


def _draft(module_id: str) -> ContentVersion | None:
    """The organisation's open draft of a module; None for anyone else's."""
    if current_user.organisation_id is None or len(module_id) > 80:
        return None
    draft = services.open_draft(session=get_session(), kind=MODULE, content_id=module_id)
    if draft is None or draft.organisation_id != current_user.organisation_id:
        return None
    return draft


def _latest_published(module_id: str) -> ContentVersion | None:
    """The organisation's newest published (or retired) version of a module."""
    if current_user.organisation_id is None or len(module_id) > 80:
        return None
    row = services.last_published(get_session(), MODULE, module_id)
    return row if row is not None and row.organisation_id == current_user.organisation_id else None


def _id_in_use(content_id: str) -> bool:
    """An id names one module or game, in the lessons folder or the database."""
    store = get_store()
    if content_id in store.catalogue("module", "nl") or content_id in store.catalogue("game", "nl"):
        return True
    count = (
        get_session()
        .exec(
            select(func.count()).where(ContentVersion.content_id == content_id)  # type: ignore[arg-type]
        )
        .one()
    )
    return bool(count)


def _posted(module_id: str) -> tuple[dict[str, Any], int]:
    try:
        data = editor.read_form(request.form, module_id)
        revision = int(str(request.form.get("revision", "")))
    except (BadForm, ValueError):
        abort(400)
    return data, revision


def _apply(data: dict[str, Any]) -> str | None:
    new_type = str(request.form.get("new_type") or "")
    try:
        return editor.apply(data, str(request.form.get("action") or ""), new_type)
    except BadForm:
        abort(400)


def _published_message(published: ContentVersion) -> str:
    refused = services.conflict(get_session(), published)
    return _(refused.msgid, **refused.params)


def _published_meanwhile(published: ContentVersion, module_id: str):
    """A save from an editor whose draft was published meanwhile: nothing changes. The page
    says who published it and shows what was typed, to copy into a new draft (409)."""
    if "yaml_text" in request.form:  # a draft edited as text
        text = str(request.form.get("yaml_text") or "").replace("\r\n", "\n")
    else:
        data, _revision = _posted(module_id)
        text = editor.to_text(data)
    page = render(
        "author/published.html", row=published, error=_published_message(published), text=text
    )
    return page, 409


def _save(draft: ContentVersion, data: dict[str, Any], revision: int) -> tuple[str, Any]:
    """Save the data as the draft's text; on refusal, the editor page again with what was
    typed and why (409 for a conflict, 400 otherwise), and the draft unchanged."""
    text = editor.to_text(data)
    try:
        services.save_draft(
            session=get_session(), kind=MODULE, content_id=draft.content_id, yaml_text=text,
            author=current_user, expected_revision=revision,
        )  # fmt: skip
    except services.AuthoringError as error:
        status = 409 if isinstance(error, services.DraftConflict) else 400
        draft.revision = revision  # the form keeps the revision it started from
        page = _editor_page(draft, data, text, error=_(error.msgid, **error.params))
        get_session().expire(draft)
        return text, (page, status)
    return text, None


def _save_text(draft: ContentVersion):
    text = str(request.form.get("yaml_text") or "").replace("\r\n", "\n")
    try:
        revision = int(str(request.form.get("revision", "")))
        services.save_draft(
            session=get_session(), kind=MODULE, content_id=draft.content_id, yaml_text=text,
            author=current_user, expected_revision=revision,
        )  # fmt: skip
    except ValueError:
        abort(400)
    except services.AuthoringError as error:
        status = 409 if isinstance(error, services.DraftConflict) else 400
        draft.revision = revision
        page = _editor_page(draft, None, text, error=_(error.msgid, **error.params))
        get_session().expire(draft)
        return page, status
    return redirect(url_for("author.edit_module", module_id=draft.content_id), 303)


def _editor_page(draft: ContentVersion, data: dict[str, Any] | None, text: str, error=None):
    context = editor_context(draft, data, text)
    return render(
        "author/edit.html", draft=draft, error=error, at=request.args.get("at", ""),
        step_types=list(STEP_TYPES), status_name=status_name, text=text, **context,
    )  # fmt: skip


def next_version(version: str) -> str:
    """The version after ``version``: "1.2" → "1.3", "2" → "2.1"; "1.0" for anything else."""
    if not services.VERSION_FORMAT.match(version):
        return "1.0"
    parts = version.split(".")
    if len(parts) == 1:
        return f"{version}.1"
    return ".".join([*parts[:-1], str(int(parts[-1]) + 1)])
