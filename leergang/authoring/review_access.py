"""The ``review`` blueprint and its access rules, shared by the review, version and preview pages.

- Versions and the diff of published versions: any staff member who teaches or sees lessons
  (teachers want to know what changed). Drafts appear only for the owning organisation's authors
  and admins; anyone else gets 404 for a draft id.
- Review and preview: authors (of the owning organisation: another organisation gets 404) and
  admins; teachers and evaluators get 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import Blueprint, abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from leergang.auth.access import Capability
from leergang.auth.models import Role
from leergang.authoring import review
from leergang.authoring.models import ContentVersion
from leergang.content import Module
from leergang.content.scenario_schema import Scenario
from leergang.db import get_session
from leergang.library import get_store

bp = Blueprint("review", __name__)

KINDS = ("module", "game")
STATUS_LABELS = {
    "draft": _l("draft"),
    "in_review": _l("in review"),
    "approved": _l("approved"),
    "published": _l("published"),
    "retired": _l("retired"),
    "files": _l("lessons folder"),
}


@dataclass
class Content:
    """One module or game as the signed-in user may see it."""

    kind: str
    content_id: str
    versions: list[ContentVersion]  # database versions this user may see, oldest first
    file_item: Module | Scenario | None  # the version in the lessons folder, if any
    sees_drafts: bool

    @property
    def open_version(self) -> ContentVersion | None:
        return review.open_version(self.versions) if self.sees_drafts else None

    def version_by_id(self, version_id: int) -> ContentVersion | None:
        return next((v for v in self.versions if v.id == version_id), None)


def staff_reader(view: Callable) -> Callable:
    """Staff who teach or see lessons (every staff role); pupils get 403."""

    @login_required
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_staff or not (
            current_user.can(Capability.TEACH) or current_user.can(Capability.SEE_LESSONS)
        ):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def author_or_admin(view: Callable) -> Callable:
    """Authors (their organisation is checked per content) and admins; others get 403."""

    @login_required
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_staff or not (
            current_user.role == Role.ADMIN or current_user.can(Capability.AUTHOR)
        ):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def content_or_404(kind: str, content_id: str) -> Content:
    if kind not in KINDS or len(content_id) > 80:
        abort(404)
    rows = review.versions_of(session=get_session(), kind=kind, content_id=content_id)
    files = get_store().files.library()
    file_item = (files.modules if kind == "module" else files.scenarios).get(content_id)
    sees = review.sees_drafts(current_user, rows)
    shown = review.visible(current_user, rows)
    if not shown and file_item is None:
        abort(404)
    return Content(kind, content_id, shown, file_item, sees)


def draft_or_404(kind: str, content_id: str) -> tuple[Content, ContentVersion]:
    """The version in the works, for its own organisation's authors and admins only."""
    content = content_or_404(kind, content_id)
    version = content.open_version
    if version is None:
        abort(404)
    return content, version
