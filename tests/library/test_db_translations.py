"""Translations of versions made in the browser, in the content store: a published game is
served in English with its overlay, a translation that no longer fits is reported and the pupil
gets Dutch, and a version's translations travel as files (export) and back (import)."""

from __future__ import annotations

from leergang.authoring import services
from leergang.authoring.models import ContentVersion
from leergang.authoring.translations import (
    read_translation_files,
    save_translation,
    translation_files,
)
from leergang.db import new_session
from tests.helpers import LESSONS_DIR
from tests.library.helpers import MODULE, module_text, staff

GAME = "sparen-voor"


def game_text(version: str) -> str:
    text = (LESSONS_DIR / GAME / "scenario.yaml").read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("version:"))
    return text.replace(old, f'version: "{version}"', 1)


def publish_with(app, people, *, kind, content_id, text, translations, file_version):
    with app.app_context(), new_session(write=True) as session:
        author, reviewer = staff(session, people, "author"), staff(session, people, "reviewer")
        draft = services.save_draft(
            session=session, kind=kind, content_id=content_id, yaml_text=text, author=author,
            expected_revision=None,
        )  # fmt: skip
        draft.translations = translations  # as an import would set them
        session.add(draft)
        session.commit()
        services.submit_for_review(session=session, draft=draft, author=author)
        services.approve(session=session, draft=draft, reviewer=reviewer)
        services.publish(session=session, draft=draft, by=reviewer, file_version=file_version)
        draft_id = draft.id
    store = app.extensions["leergang.content_store"]
    store.refresh()
    return store, draft_id


def test_a_published_game_is_served_in_english_with_its_overlay(app, people):
    file_version = (LESSONS_DIR / GAME / "scenario.yaml").read_text().split('version: "')[1][:3]
    overlay = "title: Saving up (from the browser)\n"
    store, _id = publish_with(app, people, kind="game", content_id=GAME, text=game_text("9.0"),
                              translations={"en": overlay}, file_version=file_version)  # fmt: skip
    with app.app_context():
        english = store.published("game", GAME, "en")
        dutch = store.published("game", GAME, "nl")
    assert english.version == "9.0" and english.title == "Saving up (from the browser)"
    assert dutch.title == "Sparen voor …"
    # Texts the overlay leaves out stay Dutch (the file's English is not mixed in).
    assert english.description == dutch.description


def test_a_translation_that_does_not_fit_is_reported_and_pupils_get_dutch(app, people):
    broken = "title: Fine\nsteps:\n  - id: no-such-step\n    title: Lost\n"
    store, _id = publish_with(app, people, kind="module", content_id=MODULE,
                              text=module_text("1.2"), translations={"en": broken},
                              file_version="1.1")  # fmt: skip
    with app.app_context():
        assert store.published("module", MODULE, "en").title == "Nodig of willen?"
        assert store.version("module", MODULE, "1.2", "en").title == "Nodig of willen?"
        reported = [p for p in store.problems() if p.path.name == "module.en.yaml"]
    assert [p.params.get("id") for p in reported] == ["no-such-step"]
    assert "nodig-of-willen 1.2 (database)" in str(reported[0].path)


def test_translations_travel_as_files_and_back(app, people):
    with app.app_context(), new_session(write=True) as session:
        author = staff(session, people, "author")
        draft = services.save_draft(session=session, kind="module", content_id=MODULE,
                                    yaml_text=module_text("1.2"), author=author,
                                    expected_revision=None)  # fmt: skip
        save_translation(session=session, draft=draft, lang="en", values={"title": "Need?"},
                         confirmed=set(), author=author, expected_revision=1)  # fmt: skip
        row = session.get(ContentVersion, draft.id)
        files = translation_files(row)
    assert files == {"module.en.yaml": "title: Need?\n"}
    translations, sources, problems = read_translation_files(
        "module", row.yaml_text, {**files, "module.yaml": "ignored", "teacher-guide.md": "x"}
    )
    assert problems == [] and translations == row.translations
    assert sources == row.translation_sources
    bad = read_translation_files("module", row.yaml_text, {"module.en.yaml": "answer: 3\n"})
    assert bad[0] == {} and [p.path.name for p in bad[2]] == ["module.en.yaml"]
