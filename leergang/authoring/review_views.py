"""Review pages: the versions of a module or game, a readable diff between two of them, the
review of a draft (comments per step, approve or send back, publish), and the admins' audit log.

Thin HTTP: the rules live in ``authoring.services`` and ``authoring.review``.
"""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from leergang.auth.models import Role
from leergang.authoring import review, services
from leergang.authoring.diff import diff_items
from leergang.authoring.models import ContentVersion, VersionStatus
from leergang.authoring.review_access import (
    STATUS_LABELS,
    Content,
    author_or_admin,
    bp,
    content_or_404,
    draft_or_404,
    staff_reader,
)
from leergang.content import N_
from leergang.db import get_session
from leergang.library import get_store
from leergang.web import markdown_for, render

FILES = "files"
MAX_PAGE = 100_000


def _label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


@bp.get("/author/<kind>/<content_id>/versions")
@staff_reader
def versions(kind: str, content_id: str):
    """Every version of a module or game this user may see, newest first, with who and when."""
    content = content_or_404(kind, content_id)
    rows = review.version_rows(session=get_session(), versions=content.versions)
    return render(
        "author/review/versions.html",
        content=content,
        rows=rows,
        label=_label,
        title=_title(content),
    )


def _title(content: Content) -> str:
    for version in reversed(content.versions):
        item, _problems = _parse(content, version)
        if item is not None:
            return item.title
    return content.file_item.title if content.file_item is not None else content.content_id


def _parse(content: Content, version: ContentVersion | str):
    if version == FILES:
        return content.file_item, []
    return services.validate(
        kind=content.kind,
        content_id=content.content_id,
        yaml_text=version.yaml_text,  # type: ignore[union-attr]
    )


def _choices(content: Content) -> list[tuple[str, str]]:
    """(value, label) for the diff's version pickers, oldest first."""
    found = []
    if content.file_item is not None:
        found.append((FILES, f"{content.file_item.version} · {_label(FILES)}"))
    for v in content.versions:
        found.append((str(v.id), f"{v.version or '?'} · {_label(str(v.status))}"))
    return found


def _pick(content: Content, value: str | None) -> ContentVersion | str | None:
    if value == FILES and content.file_item is not None:
        return FILES
    if value is None or not value.isdigit() or len(value) > 10:
        return None
    return content.version_by_id(int(value))


@bp.get("/author/<kind>/<content_id>/diff")
@staff_reader
def diff(kind: str, content_id: str):
    """What changed between two versions, step by step (not the YAML). Without ``a`` and ``b``:
    the last two versions this user may see."""
    content = content_or_404(kind, content_id)
    choices = _choices(content)
    a_value, b_value = request.args.get("a"), request.args.get("b")
    if a_value is None and b_value is None:
        values = [value for value, _label_text in choices]
        a_value, b_value = (values[-2], values[-1]) if len(values) >= 2 else (None, None)
        if a_value is None:
            return render(
                "author/review/diff.html", content=content, choices=choices, a=None, b=None,
                result=None, broken=False, title=_title(content),
            )  # fmt: skip
    old, new = _pick(content, a_value), _pick(content, b_value)
    if old is None or new is None:
        abort(404)  # a made-up id, or a draft this user may not see
    (old_item, _p1), (new_item, _p2) = _parse(content, old), _parse(content, new)
    broken = old_item is None or new_item is None
    result = None if broken else diff_items(old_item, new_item)
    return render(
        "author/review/diff.html",
        content=content,
        choices=choices,
        a=a_value,
        b=b_value,
        result=result,
        broken=broken,
        title=_title(content),
    )


# --- review ----------------------------------------------------------------------------------


def _parts(item) -> list[tuple[str, str, str | None, str | None]]:
    """(id, type, heading, Markdown) per step, or per card and event of a game."""
    if item is None:
        return []
    if content_is_module(item):
        return [(s.id, s.type, s.heading, s.preview_text or _texts_of(s)) for s in item.steps]
    return [(c.id, "card", c.title, c.text) for c in item.cards] + [
        (e.id, "event", e.title, e.text) for e in item.events
    ]


def _texts_of(step) -> str | None:
    """Steps without a prompt (self-efficacy) show their statements as a Markdown list."""
    statements = getattr(step, "statements", None)
    return "\n".join(f"- {s.text}" for s in statements) if statements else None


def content_is_module(item) -> bool:
    return hasattr(item, "steps")


def _review_page(kind: str, content_id: str, *, error: str | None = None, status: int = 200,
                 problems: list | None = None):  # fmt: skip
    content, version = draft_or_404(kind, content_id)
    item, found = services.validate(kind=kind, content_id=content_id, yaml_text=version.yaml_text)
    user = current_user
    is_admin = user.role == Role.ADMIN
    may_review = is_admin or user.id != version.created_by
    return render(
        "author/review/review.html",
        content=content,
        version=version,
        item=item,
        parts=_parts(item),
        problems=problems if problems is not None else found,
        comments=review.comments(session=get_session(), version=version),
        may_review=may_review and version.status == VersionStatus.IN_REVIEW,
        may_submit=version.status == VersionStatus.DRAFT,
        may_publish=version.status == VersionStatus.APPROVED,
        md=markdown_for(item, draft_id=version.id) if content_is_module(item) else _plain,
        label=_label,
        error=error,
        title=item.title if item is not None else content_id,
    ), status


def _plain(text: str | None) -> str:
    """Game texts are plain text (escaped by the template), not Markdown."""
    return text or ""


@bp.get("/author/<kind>/<content_id>/review")
@author_or_admin
def review_page(kind: str, content_id: str):
    """The draft in review with the comments beside each step; for a reviewer, the forms to
    comment, approve or send back; for an approved version, the publish button."""
    return _review_page(kind, content_id)


def _act(kind: str, content_id: str, action, done: str):
    """Run a service action on the open version; refusals come back as the page with a message."""
    _content, version = draft_or_404(kind, content_id)
    try:
        action(version)
    except services.InvalidContent as error:
        get_session().rollback()
        message = _(error.msgid, **error.params)
        return _review_page(kind, content_id, error=message, status=422, problems=error.problems)
    except services.NotAllowed as error:
        get_session().rollback()
        return _review_page(kind, content_id, error=_(error.msgid, **error.params), status=403)
    except services.AuthoringError as error:
        get_session().rollback()
        return _review_page(kind, content_id, error=_(error.msgid, **error.params), status=422)
    flash(done, "success")
    return redirect(url_for("review.review_page", kind=kind, content_id=content_id), 303)


@bp.post("/author/<kind>/<content_id>/review/comment")
@author_or_admin
def comment(kind: str, content_id: str):
    """A reviewer's comment on one step (or, without a step, on the whole version)."""
    _content, version = draft_or_404(kind, content_id)
    item, _problems = services.validate(kind=kind, content_id=content_id,
                                        yaml_text=version.yaml_text)  # fmt: skip
    part_ids = {part[0] for part in _parts(item)}
    step_id = request.form.get("step_id", "")[:80]
    text = request.form.get("text", "")

    def add(version):
        review.add_comment(session=get_session(), version=version, reviewer=current_user,
                           step_id=step_id, text=text, part_ids=part_ids)  # fmt: skip

    return _act(kind, content_id, add, _("Your comment is saved."))


@bp.post("/author/<kind>/<content_id>/review/submit")
@author_or_admin
def submit(kind: str, content_id: str):
    """The author sends the draft for review."""

    def send(version):
        services.submit_for_review(session=get_session(), draft=version, author=current_user)

    return _act(kind, content_id, send, _("Sent for review. A reviewer of your organisation "
                                          "will look at it."))  # fmt: skip


@bp.post("/author/<kind>/<content_id>/review/approve")
@author_or_admin
def approve(kind: str, content_id: str):
    """A reviewer approves the version; then it can be published."""

    def ok(version):
        services.approve(session=get_session(), draft=version, reviewer=current_user)

    return _act(kind, content_id, ok, _("Approved. It can be published now."))


@bp.post("/author/<kind>/<content_id>/review/send-back")
@author_or_admin
def send_back(kind: str, content_id: str):
    """A reviewer sends the version back to its author, with a comment."""
    text = request.form.get("comment", "").strip()

    def back(version):
        if not text:
            raise services.AuthoringError(N_("Say what the author should change."))
        if len(text) > review.MAX_COMMENT:
            raise services.AuthoringError(N_("A comment can be %(max)d characters at most."),
                                          max=review.MAX_COMMENT)  # fmt: skip
        services.send_back(session=get_session(), draft=version, reviewer=current_user,
                           comment=text)  # fmt: skip

    return _act(kind, content_id, back, _("Sent back to the author."))


@bp.post("/author/<kind>/<content_id>/review/publish")
@author_or_admin
def publish(kind: str, content_id: str):
    """Publish the approved version: new starts get it; pupils who started an older one keep
    theirs. Live on every app server within seconds."""
    content, _version = draft_or_404(kind, content_id)
    file_version = content.file_item.version if content.file_item is not None else None

    def live(version):
        services.publish(session=get_session(), draft=version, by=current_user,
                         file_version=file_version)  # fmt: skip
        get_store().refresh()

    response = _act(kind, content_id, live, _("Published."))
    if getattr(response, "status_code", None) == 303:
        return redirect(url_for("review.versions", kind=kind, content_id=content_id), 303)
    return response


# --- audit log --------------------------------------------------------------------------------


@bp.get("/admin/audit")
@author_or_admin
def audit_log():
    """Who did what to which content, and when: newest first, 50 a page. Admins only."""
    if current_user.role != Role.ADMIN:
        abort(403)
    page = request.args.get("page", "1")
    if not page.isdigit() or not 1 <= int(page) <= MAX_PAGE:
        abort(404)
    rows, more = review.audit_page(session=get_session(), page=int(page))
    return render("author/review/audit.html", rows=rows, page=int(page), more=more)


# The preview's routes join this blueprint (import last: it imports the shared parts above).
from leergang.authoring import preview_views  # noqa: E402,F401
