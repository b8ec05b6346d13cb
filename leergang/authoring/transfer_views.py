"""Import and export of modules and games, image uploads, and serving the images of versions
made in the browser. Thin HTTP over ``transfer`` (files), ``images`` (rules) and
``transfer_services`` (database).

Images are served so that nothing in them can run: the type comes from the checked first bytes
(never from the name alone, and a file whose bytes disagree with its name is not served), with
``nosniff`` and, for every image, the sandbox policy that also guards SVG opened on its own (an
opaque origin without script; uploads with script were refused already). Pupils get only images
of published versions that the version's text shows; a draft's images are for its organisation.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from flask import Blueprint, Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from leergang.auth.access import Capability, staff_required
from leergang.authoring.review_access import author_or_admin
from leergang.content import N_
from leergang.content.assets import SVG_POLICY, svg_danger
from leergang.db import get_session
from leergang.web import render

from . import transfer_services as store
from .images import MEDIA_TYPES, alt_problem, media_type, shown_images, upload_name
from .models import VersionStatus
from .services import AuthoringError, DraftConflict, NotAllowed
from .transfer import check_bundle, folder_files, read_upload, version_files, zip_folder
from .translations import translation_files

bp = Blueprint("transfer", __name__)
STATUS_NAMES = {
    VersionStatus.DRAFT: N_("draft"),
    VersionStatus.IN_REVIEW: N_("in review"),
    VersionStatus.APPROVED: N_("approved"),
    VersionStatus.PUBLISHED: N_("published"),
    VersionStatus.RETIRED: N_("retired"),
}
_CONTENT_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Request bodies these forms accept (``MAX_CONTENT_LENGTH`` stays small for every other form).
_LIMITS = {"transfer.import_content": "IMPORT_MAX_CONTENT_LENGTH",
           "transfer.images": "IMAGE_MAX_CONTENT_LENGTH"}  # fmt: skip


def _raise_upload_limit() -> None:
    setting = _LIMITS.get(request.endpoint or "")
    if setting is not None:
        request.max_content_length = int(current_app.config[setting])


@bp.record_once
def _install(state) -> None:
    # First of all request hooks: CSRF and the NUL check read the form with the limit in force.
    state.app.before_request_funcs.setdefault(None, []).insert(0, _raise_upload_limit)


@bp.errorhandler(413)
def too_large(_error):
    setting = _LIMITS.get(request.endpoint or "", "MAX_CONTENT_LENGTH")
    size = int(current_app.config[setting]) // 1024
    return render(
        "error.html",
        title=_("This file is too large"),
        message=_(
            "Leergang accepts at most %(max)d kB here. Make the images smaller (fewer pixels, or "
            "JPEG or WebP) and try again.",
            max=size,
        ),
    ), 413


def _kind_and_id(kind: str, content_id: str) -> None:
    if kind not in store.KINDS or not _CONTENT_ID.match(content_id) or len(content_id) > 80:
        abort(404)


def _message(error: AuthoringError) -> str:
    return _(error.msgid, **error.params)  # type: ignore[arg-type]


def _status(error: AuthoringError) -> int:
    if isinstance(error, NotAllowed):
        return 403
    return 409 if isinstance(error, DraftConflict) else 400


def _lessons() -> tuple[Path, str | None]:
    return Path(current_app.config["LESSONS_DIR"]), current_app.config.get("LESSONS_ORGANISATION")


# --- import ---------------------------------------------------------------------------------


@bp.route("/author/import", methods=["GET", "POST"])
@staff_required(Capability.AUTHOR)
def import_content():
    """Upload module.yaml, scenario.yaml or a zip of a lesson folder: checked as ``lessons check``
    checks it, it becomes a draft of the author's organisation."""
    if request.method == "GET":
        return render("authoring/import.html")
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _import_page(_("Choose a file to import."), status=400)
    data = upload.read()
    try:
        bundle = read_upload(upload.filename, data)
    except AuthoringError as error:
        return _import_page(_message(error), status=_status(error))
    checked = check_bundle(bundle)
    if checked.problems or checked.content_id is None:
        problems = [p.format(_) for p in checked.problems]
        return _import_page(
            _("Nothing was imported. Fix these problems in your files and try again."),
            problems=problems,
            status=422,
        )
    lessons_dir, owner = _lessons()
    try:
        draft = store.import_bundle(
            session=get_session(), author=current_user, bundle=bundle,
            content_id=checked.content_id, replace=bool(request.form.get("replace")),
            lessons_dir=lessons_dir, lessons_organisation=owner,
        )  # fmt: skip
    except store.ImportProblems as error:
        return _import_page(
            _message(error), problems=[p.format(_) for p in error.problems], status=422
        )
    except AuthoringError as error:
        return _import_page(_message(error), status=_status(error))
    flash(
        _(
            "%(id)s version %(version)s is now a draft, with %(num)d image(s).",
            id=draft.content_id, version=draft.version, num=len(draft.assets),
        ),
        "success",
    )  # fmt: skip
    if draft.translations:
        flash(
            _("Translations kept with the draft: %(files)s.",
              files=", ".join(sorted(translation_files(draft)))),
            "info",
        )  # fmt: skip
    if bundle.guides:  # a version made in the browser has no teacher guide
        flash(
            _("Checked, but not imported: %(files)s. Teacher guides cannot be kept with a "
              "version made in the browser yet. Keep them in the lessons folder.",
              files=", ".join(sorted(bundle.guides))),
            "info",
        )  # fmt: skip
    if bundle.ignored:
        flash(_("Not imported: %(files)s.", files=", ".join(bundle.ignored[:10])), "info")
    return redirect(url_for(".images", kind=draft.kind, content_id=draft.content_id), code=303)


def _import_page(error: str, *, status: int, problems: list[str] | None = None):
    return render("authoring/import.html", error=error, problems=problems or []), status


# --- export ---------------------------------------------------------------------------------


@bp.get("/author/<kind>/<content_id>/export")
@staff_required(Capability.AUTHOR)
def export(kind: str, content_id: str):
    """A zip of the folder as it would be in lessons/: the version the author works on, or the
    lessons folder's files of an id no organisation has taken."""
    _kind_and_id(kind, content_id)
    session = get_session()
    row = store.newest_own(session, current_user, kind, content_id)
    if row is not None:
        return _zip(content_id, row.version, _version_files(row))
    lessons_dir, _owner = _lessons()
    if store.has_other_owner(session, current_user, kind, content_id):
        abort(404)
    if store.file_kind(lessons_dir, content_id) != kind:
        abort(404)
    return _zip(content_id, "", folder_files(lessons_dir / content_id, kind))


@bp.get("/author/versions/<int:version_id>/export")
@staff_required(Capability.AUTHOR)
def export_version(version_id: int):
    """A zip of one version of the author's organisation (any status)."""
    row = store.own_version(get_session(), current_user, version_id)
    if row is None:
        abort(404)
    return _zip(row.content_id, row.version, _version_files(row))


def _version_files(row) -> dict[str, bytes]:
    return version_files(row.kind, row.yaml_text, row.assets, translation_files(row))


def _zip(content_id: str, version: str, files: dict[str, bytes]) -> Response:
    name = f"{content_id}-{version}.zip" if version else f"{content_id}.zip"
    response = Response(zip_folder(content_id, files), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


# --- images ---------------------------------------------------------------------------------


@bp.route("/author/<kind>/<content_id>/images", methods=["GET", "POST"])
@staff_required(Capability.AUTHOR)
def images(kind: str, content_id: str):
    """The images beside the version an author works on, and a form to add one (alt text is
    required: it goes into the Markdown that shows the picture)."""
    _kind_and_id(kind, content_id)
    session = get_session()
    row = store.newest_own(session, current_user, kind, content_id)
    if row is None:
        abort(404)
    if request.method == "GET":
        return _images_page(row)
    upload = request.files.get("file")
    alt = request.form.get("alt", "").strip()
    if upload is None or not upload.filename:
        return _images_page(row, _("Choose an image file."), status=400)
    problem = alt_problem(alt)
    if problem is not None:
        return _images_page(row, _(problem[0], **problem[1]), status=400)
    name = upload_name(upload.filename)
    try:
        store.add_image(
            session=session, author=current_user, kind=kind, content_id=content_id,
            name=name, data=upload.read(),
        )  # fmt: skip
    except AuthoringError as error:
        session.rollback()
        return _images_page(row, _message(error), status=_status(error))
    flash(
        _("%(name)s is saved. Show it in a text with: %(markdown)s",
          name=name, markdown=f"![{alt}]({name})"),
        "success",
    )  # fmt: skip
    return redirect(url_for(".images", kind=kind, content_id=content_id), code=303)


def _images_page(row, error: str | None = None, *, status: int = 200):
    shown = shown_images(row.yaml_text)
    listed = [
        {
            "name": name,
            "kb": -(-len(encoded) * 3 // 4 // 1024),
            "alt": shown.get(name),
            "url": url_for(".draft_image", version_id=row.id, filename=name),
        }
        for name, encoded in sorted(row.assets.items())
    ]
    missing = sorted(set(shown) - set(row.assets))
    return render(
        "authoring/images.html",
        row=row,
        images=listed,
        missing=missing,
        error=error,
        status=_(STATUS_NAMES[row.status]),
    ), status


@bp.get("/author/versions/<int:version_id>/images/<path:filename>")
@author_or_admin
def draft_image(version_id: int, filename: str):
    """An image of a version of the author's organisation, for the editor and the preview; an
    admin, who reviews every organisation's drafts in the same preview, sees them too."""
    row = store.own_version(get_session(), current_user, version_id)
    data = store.image_bytes(row, filename) if row is not None else None
    return _image(filename, data, cache="private, no-cache")


@bp.get("/content/<kind>/<content_id>/<version>/images/<path:filename>")
@login_required
def image(kind: str, content_id: str, version: str, filename: str):
    """An image of a published (or retired) version that its text shows, for pupils and staff."""
    _kind_and_id(kind, content_id)
    row = store.published_version(get_session(), kind, content_id, version[:32])
    if row is None or filename not in shown_images(row.yaml_text):
        abort(404)
    return _image(filename, store.image_bytes(row, filename), cache="private, max-age=3600")


def _image(filename: str, data: bytes | None, *, cache: str) -> Response:
    expected = MEDIA_TYPES.get(PurePosixPath(filename).suffix.lower())
    if data is None or expected is None or media_type(data) != expected:
        abort(404)
    if expected == "image/svg+xml" and svg_danger(data.decode("utf-8", "replace")):
        abort(404)  # stored before the rules, or changed in the database: never served
    response = Response(data, mimetype=expected)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = SVG_POLICY
    response.headers["Cache-Control"] = cache
    return response
