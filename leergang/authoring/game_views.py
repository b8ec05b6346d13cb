"""The budget-game editor in the browser: start a game, edit it with a form generated from the
scenario schema and the effect registry, autosave with the draft's revision. The play-test and
the balance table are in ``game_play.py``.

Only authors of the game's organisation open a game (anyone else: not found; other roles: 403).
Every button works without JavaScript (POST-redirect-GET); htmx autosaves while typing.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from leergang.auth.access import Capability, staff_required
from leergang.authoring import game_editor, game_forms, game_labels
from leergang.authoring.models import ContentKind, ContentVersion, Organisation
from leergang.authoring.services import AuthoringError, DraftConflict, save_draft
from leergang.content.scenario_parts import Turns
from leergang.content.schema import Catalogued
from leergang.db import get_session
from leergang.library import get_library
from leergang.web import render

bp = Blueprint("game_editor", __name__, url_prefix="/author/games")
author_only = staff_required(Capability.AUTHOR)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LEVELS = game_forms.specs(Catalogued)[4].choices  # levels
UNITS = next(s for s in game_forms.specs(Turns) if s.key == "unit").choices


@bp.errorhandler(400)
def bad_request(_error):
    return render_template("error.html", title=_("That did not work"), message=_(
        "The editor did not understand this request. Nothing was changed. Reload the page "
        "and try again."
    )), 400  # fmt: skip


@bp.errorhandler(413)
def too_large(_error):
    return render_template("error.html", title=_("Too much text"), message=_(
        "This is too much text to save at once (at most 256 kB). Nothing was changed. Go back, "
        "make the text shorter and save again."
    )), 413  # fmt: skip


def version_or_404(content_id: str) -> ContentVersion:
    version = game_editor.game_version(
        session=get_session(), user=current_user, content_id=content_id
    )
    if version is None:
        abort(404)
    return version


# --- a new game -------------------------------------------------------------------------------


@bp.route("/new", methods=["GET", "POST"])
@author_only
def new():
    """Start a game: its id, title, level, turns, start money and goal; the rest in the editor."""
    if current_user.organisation_id is None:
        abort(403)
    form = request.form if request.method == "POST" else {}
    values = {key: str(form.get(key, ""))[:200].strip() for key in NEW_FIELDS}
    if request.method == "GET":
        values.update(unit="week", count="8", cash="5.00", goal="20.00")
        return render("author/games/new.html", values=values, errors={}, levels=LEVELS,
                      units=UNITS)  # fmt: skip
    errors = _new_errors(values)
    if errors:
        return render("author/games/new.html", values=values, errors=errors, levels=LEVELS,
                      units=UNITS), 400  # fmt: skip
    session = get_session()
    organisation = session.get(Organisation, current_user.organisation_id)
    data = game_editor.new_game_data(
        content_id=values["id"], title=values["title"], level=values["level"],
        unit=values["unit"], count=values["count"], cash=values["cash"], goal=values["goal"],
        author=current_user.display_name, organisation=organisation.name if organisation else "",
        example_source=_("Example amount: made up to practise with, not a real price"),
    )  # fmt: skip
    try:
        save_draft(session=session, kind=ContentKind.GAME, content_id=values["id"],
                   yaml_text=game_forms.to_yaml(data), author=current_user,
                   expected_revision=None)  # fmt: skip
    except AuthoringError as exc:
        errors = {"id": _(exc.msgid, **exc.params)}
        return render("author/games/new.html", values=values, errors=errors, levels=LEVELS,
                      units=UNITS), 400  # fmt: skip
    return redirect(url_for("game_editor.edit", content_id=values["id"]), 303)


NEW_FIELDS = ("id", "title", "level", "unit", "count", "cash", "goal")


def _new_errors(values: dict[str, str]) -> dict[str, str]:
    errors = {}
    if not SLUG.match(values["id"]) or len(values["id"]) > 80:
        errors["id"] = _("Use small letters, digits and dashes, for example sparen-voor-een-fiets.")
    elif game_editor.id_taken(
        session=get_session(), content_id=values["id"], library=get_library()
    ):
        errors["id"] = _("A lesson or game with this id already exists. Choose another id.")
    if not values["title"]:
        errors["title"] = _("Give the game a title.")
    if values["level"] not in LEVELS:
        errors["level"] = _("Choose a level.")
    if values["unit"] not in UNITS:
        errors["unit"] = _("Choose days, weeks or months.")
    if not values["count"].isdigit() or not 2 <= int(values["count"]) <= 52:
        errors["count"] = _("Use a whole number from 2 to 52.")
    for key in ("cash", "goal"):
        if not re.match(r"^\d{1,6}([.,]\d{1,2})?$", values[key]):
            errors[key] = _("Write an amount in euros, for example 12.50.")
    return errors


# --- the editor -------------------------------------------------------------------------------


@bp.get("/<content_id>/edit")
@author_only
def edit(content_id: str):
    """The editor: metadata, turns, cards, events and effects, with the problems at their fields."""
    version = version_or_404(content_id)
    data = game_editor.read_data(version.yaml_text)
    representable = game_forms.representable(data)
    text_mode = request.args.get("mode") == "text" or not representable
    return _editor(version, version.yaml_text, None if text_mode else data,
                   focus=request.args.get("focus", "")[:300],
                   representable=representable)  # fmt: skip


@bp.post("/<content_id>/edit")
@author_only
def save(content_id: str):
    """Save the form (or the text) as the draft; a list button adds, removes or moves first."""
    version = version_or_404(content_id)
    autosave = request.form.get("autosave") == "1"
    focus = ""
    data: dict[str, Any] | None = None
    if "yaml_text" in request.form:
        text = request.form.get("yaml_text", "").replace("\r\n", "\n")
    else:
        data = game_forms.read_form(request.form)
        data["id"] = content_id  # the id is fixed once a game exists
        op = request.form.get("op", "save")
        if op != "save":
            path = op.partition(":")[2]
            focus = game_forms.apply_op(data, op, request.form.get(f"new-type:{path}", ""))
            if focus is None:
                abort(400)
        text = game_forms.to_yaml(data)
    if "revision" not in request.form:  # not the editor's form
        abort(400)
    revision = request.form["revision"]
    expected = int(revision) if revision.isdigit() and len(revision) <= 9 else None
    if expected is not None and expected != version.revision and text == version.yaml_text:
        expected = version.revision  # the same text sent twice (a double click): no conflict
    try:
        saved = save_draft(session=get_session(), kind=ContentKind.GAME, content_id=content_id,
                           yaml_text=text, author=current_user,
                           expected_revision=expected)  # fmt: skip
    except AuthoringError as exc:  # a conflict, or too much text: show it, keep what was typed
        status = 409 if isinstance(exc, DraftConflict) else 400
        message = _(exc.msgid, **exc.params)
        if autosave:
            return render("author/games/_status.html", version=version, error=message,
                          problems=[], saved=False), status  # fmt: skip
        return _editor(version, text, data, error=message), status
    if autosave:
        checked = game_editor.check(content_id=content_id, text=text)
        return render("author/games/_status.html", version=saved, error=None,
                      problems=checked.problems, saved=True)  # fmt: skip
    target = url_for("game_editor.edit", content_id=content_id, focus=focus or None,
                     mode="text" if data is None else None)  # fmt: skip
    return redirect(target, 303)


def listed(problems: list, anchors: list[str] | None = None) -> list[tuple[int, str, str]]:
    """(line, translated message, form name) per problem, as ``lessons check`` words them."""
    anchors = anchors or [""] * len(problems)
    return [(p.line, p.message(_), a) for p, a in zip(problems, anchors, strict=True)]


def _editor(version: ContentVersion, text: str, data: dict[str, Any] | None, *,
            error: str | None = None, focus: str = "",
            representable: bool = True) -> Response | str:  # fmt: skip
    checked = game_editor.check(content_id=version.content_id, text=text, data=data)
    problems = listed(checked.problems, checked.anchors)
    errors: dict[str, list[str]] = {}
    for _line, message, anchor in problems:
        if anchor:
            errors.setdefault(anchor, []).append(message)
    return render(
        "author/games/edit.html",
        version=version,
        data=data,
        text=text,
        problems=problems,
        errors=errors,
        error=error,
        focus=focus,
        forms=game_forms,
        labels=game_labels,
        playable=checked.scenario is not None,
        representable=representable,
    )
