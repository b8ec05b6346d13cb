"""Translate a draft in the browser: each Dutch text beside its translation.

Thin HTTP over ``translations``: find the draft (an author of another organisation gets 404),
read the posted texts, save them with the revision the page was loaded with, and show what is
untranslated or out of date. An htmx autosave gets only the save status back, with the new
revision and the marks swapped out of band; without JavaScript the form posts and redirects.
"""

from __future__ import annotations

from itertools import groupby

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from leergang.auth.access import Capability, staff_required
from leergang.authoring import services, translations
from leergang.authoring.models import OPEN_STATUSES, ContentKind, ContentVersion
from leergang.content import N_
from leergang.content.schema import SOURCE_LANGUAGE
from leergang.db import get_session
from leergang.web import render

bp = Blueprint("translate", __name__, url_prefix="/author")

KINDS = {"module": ContentKind.MODULE, "game": ContentKind.GAME}
FIELD_PREFIX = "text:"
# The names of languages a draft can be translated into, in the reader's language.
LANGUAGE_NAMES = {"en": N_("English"), "de": N_("German"), "fr": N_("French")}


def target_languages() -> list[str]:
    """The languages the app supports besides Dutch (English now)."""
    return [lang for lang in current_app.config["LANGUAGES"] if lang != SOURCE_LANGUAGE]


def _draft_or_404(kind: str, content_id: str, lang: str) -> ContentVersion:
    """The open draft; on a save, the version published since the page was opened instead."""
    if kind not in KINDS or lang not in target_languages():
        abort(404)
    session = get_session()
    draft = services.open_draft(session=session, kind=KINDS[kind], content_id=content_id)
    if draft is None and request.method == "POST":
        draft = services.last_published(session, KINDS[kind], content_id)
    if draft is None or draft.organisation_id != current_user.organisation_id:
        abort(404)  # another organisation's work does not exist for this author
    return draft


@bp.route("/<kind>/<content_id>/translate/<lang>", methods=["GET", "POST"])
@staff_required(Capability.AUTHOR)
def edit(kind: str, content_id: str, lang: str):
    """The draft's texts side by side: Dutch on the left, the translation on the right."""
    draft = _draft_or_404(kind, content_id, lang)
    if request.method == "GET":
        return _page(draft, kind, lang, translations.texts_for(draft, lang))
    revision = request.form.get("revision", type=int)
    if revision is None or not 0 <= revision < 2**31:  # a database integer
        abort(400)
    values = {
        name.removeprefix(FIELD_PREFIX): text
        for name, text in request.form.items()
        if name.startswith(FIELD_PREFIX)
    }
    confirmed = set(request.form.getlist("confirm"))
    autosave = bool(request.htmx) and not request.htmx.boosted
    if draft.status not in OPEN_STATUSES:  # published since the page was opened
        conflict = services.conflict(get_session(), draft)
        return _refused(draft, kind, lang, values, conflict, 409, autosave)
    try:
        saved = translations.save_translation(
            session=get_session(),
            draft=draft,
            lang=lang,
            values=values,
            confirmed=confirmed,
            author=current_user,
            expected_revision=revision,
        )
    except services.DraftConflict as error:
        return _refused(draft, kind, lang, values, error, 409, autosave)
    except translations.TranslationProblems as error:
        return _refused(draft, kind, lang, values, error, 422, autosave)
    except services.AuthoringError as error:
        return _refused(draft, kind, lang, values, error, 422, autosave)
    texts = translations.texts_for(saved, lang)
    if autosave:
        return render(
            "author/translate.html",
            "saved",
            **{**_context(saved, kind, lang, texts), "status": _("Saved."), "oob": True},
        )
    flash(_("The translation is saved."), "success")
    return redirect(url_for("translate.edit", kind=kind, content_id=content_id, lang=lang))


def _refused(draft, kind, lang, values, error, status, autosave):
    """The page again with the author's own texts and what stopped the save."""
    message = _(error.msgid, **error.params)
    fields = getattr(error, "fields", {})
    problems = [p.format(_) for p in getattr(error, "problems", [])]
    texts = [
        translations.TranslatedText(t.slot, values.get(t.slot.key, t.value), t.state)
        for t in translations.texts_for(draft, lang)
    ]
    context = _context(draft, kind, lang, texts)
    context.update(
        error=message,
        field_errors={k: [_(m, **p) for m, p in found] for k, found in fields.items()},
        problems=problems,
        conflict=status == 409,
    )
    if autosave:
        return render("author/translate.html", "saved", **context, oob=False), status
    return render("author/translate.html", **context), status


def _page(draft: ContentVersion, kind: str, lang: str, texts: list):
    return render("author/translate.html", **_context(draft, kind, lang, texts))


def _context(draft: ContentVersion, kind: str, lang: str, texts: list) -> dict:
    title = next((t.slot.dutch for t in texts if t.slot.key == "title"), draft.content_id)
    groups = [(name, list(items)) for name, items in groupby(texts, key=lambda t: t.slot.group)]
    return {
        "draft": draft,
        "kind": kind,
        "target": lang,  # not "lang": base.html's lang is the page's own language
        "language_name": _language_name(lang),
        "languages": [(code, _language_name(code)) for code in target_languages()],
        "title": title,
        "groups": groups,
        "texts": texts,
        "missing": sum(t.state == translations.MISSING for t in texts),
        "outdated": sum(t.state == translations.OUTDATED for t in texts),
        "field_prefix": FIELD_PREFIX,
        "number": {t.slot.key: index for index, t in enumerate(texts)},
        "state_labels": STATE_LABELS,
        "group_label": _group_label,
        "error": None,
        "field_errors": {},
        "problems": [],
        "conflict": False,
        "status": None,
    }


def _language_name(code: str) -> str:
    return _(LANGUAGE_NAMES[code]) if code in LANGUAGE_NAMES else code


def _group_label(kind: str, name: str) -> str:
    if not name:
        return _("The module") if kind == "module" else _("The game")
    if kind == "module":
        return _("Step %(id)s", id=name)
    return _("Part %(name)s", name=name)


STATE_LABELS = {
    translations.MISSING: N_("Not translated yet"),
    translations.OUTDATED: N_("Out of date: the Dutch text changed"),
    translations.DONE: N_("Translated"),
}
