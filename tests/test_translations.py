"""Every message a user can see is in the catalogs, and Dutch is complete."""

from __future__ import annotations

import subprocess
import sys

from babel.messages.pofile import read_po

from leergang.cli import BABEL_ARGS
from leergang.config import ROOT

CATALOGS = ROOT / "leergang" / "translations"


def _extract(tmp_path):
    pot = tmp_path / "messages.pot"
    args = ["extract", *BABEL_ARGS, "-o", str(pot), "."]
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", *args],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as f:
        return {m.id for m in read_po(f) if m.id}


def _catalog(lang):
    with (CATALOGS / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=lang)


def test_catalogs_are_up_to_date_with_the_code(tmp_path):
    extracted = _extract(tmp_path)
    for lang in ("nl", "en"):
        known = {m.id for m in _catalog(lang) if m.id}
        missing = extracted - known
        hint = "run `flask --app leergang translate update`"
        assert not missing, f"{hint}; {lang} lacks {sorted(missing)[:5]}"


def test_dutch_is_complete_and_not_fuzzy():
    catalog = _catalog("nl")
    untranslated = [
        m.id
        for m in catalog
        if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)
    ]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not untranslated, untranslated[:5]
    assert not fuzzy, fuzzy[:5]


def test_placeholders_survive_translation():
    catalog = _catalog("nl")
    problems = [m.id for m in catalog if m.id and m.check()]
    assert not problems, problems[:5]


def test_money_is_formatted_the_dutch_way(app):
    from flask_babel import force_locale

    from leergang.web import money

    with app.test_request_context():
        with force_locale("nl"):
            assert money(123456) == "€\xa01.234,56"
        with force_locale("en"):
            assert money(123456) == "€1,234.56"
