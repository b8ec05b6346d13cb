"""The "new module" form: an id and the few facts every module needs, checked before a draft
exists. Everything else is filled in the editor, where the content check guides the author."""

from __future__ import annotations

import re
from typing import Any, get_args

from flask_babel import gettext as _

from leergang.content.errors import slugify
from leergang.content.fields import Level, Theme

ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LEVELS: tuple[str, ...] = get_args(Level)
THEMES: tuple[str, ...] = get_args(Theme)
MAX_TITLE = 200
MAX_DESCRIPTION = 2000


def read_new_module(form: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """The posted values (as typed, for showing the form again) and a message per wrong field."""
    values = {
        "id": str(form.get("id") or "").strip(),
        "title": " ".join(str(form.get("title") or "").split()),
        "description": " ".join(str(form.get("description") or "").split()),
        "levels": [lv for lv in form.getlist("levels") if lv in LEVELS],
        "themes": [t for t in form.getlist("themes") if t in THEMES],
        "minutes": str(form.get("minutes") or "").strip(),
    }
    errors: dict[str, str] = {}
    if not ID.match(values["id"]) or len(values["id"]) > 80:
        errors["id"] = _(
            "Use only lowercase letters, digits and hyphens (at most 80), for example "
            '"%(example)s".',
            example=slugify(values["title"] or values["id"] or "sparen-voor-een-fiets")[:80],
        )
    if not values["title"] or len(values["title"]) > MAX_TITLE:
        errors["title"] = _("Write a title of at most %(max)d characters.", max=MAX_TITLE)
    if not values["description"] or len(values["description"]) > MAX_DESCRIPTION:
        errors["description"] = _(
            "Write a short description of at most %(max)d characters.", max=MAX_DESCRIPTION
        )
    if not values["levels"]:
        errors["levels"] = _("Choose at least one level.")
    if not values["themes"]:
        errors["themes"] = _("Choose at least one theme.")
    if not re.fullmatch(r"\d{1,3}", values["minutes"]) or not 1 <= int(values["minutes"]) <= 120:
        errors["minutes"] = _("Write the minutes as a whole number from 1 to 120.")
    else:
        values["minutes"] = int(values["minutes"])
    return values, errors
