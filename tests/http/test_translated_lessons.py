"""Pupils see a module in their UI language; progress is kept when they switch mid-lesson."""

from __future__ import annotations

import shutil

import pytest

from leergang import create_app
from leergang.content import load_module
from tests.helpers import LESSONS_DIR, Actor, advance_to_first_question

TRANSLATION = """\
title: Need or want?
steps:
  - id: STEP
    prompt: An English question.
"""


@pytest.fixture
def app_with_translation(app_config, demo, tmp_path):
    """A copy of the groep 8 example module with a small English translation of its own."""
    root = tmp_path / "lessons"
    shutil.copytree(LESSONS_DIR / "nodig-of-willen", root / "nodig-of-willen")
    for extra in ("module.en.yaml", "teacher-guide.en.md"):
        (root / "nodig-of-willen" / extra).unlink(missing_ok=True)
    module, _problems = load_module(root / "nodig-of-willen")
    question = module.question_steps[0]
    text = TRANSLATION.replace("STEP", question.id)
    (root / "nodig-of-willen" / "module.en.yaml").write_text(text, encoding="utf-8")
    app = create_app({**app_config, "LESSONS_DIR": str(root)})
    yield app, module, question
    app.extensions["leergang.engine"].dispose()


def test_english_and_dutch_pupils_see_their_own_texts(app_with_translation, noor):
    app, module, question = app_with_translation
    dutch = Actor(app.test_client())
    dutch.sign_in_pupil("KTR947", noor)
    english = Actor(app.test_client())
    english.sign_in_pupil("KTR947", noor)
    english.post("/language", {"lang": "en", "next": "/learn/"})

    assert "Need or want?" in english.get("/learn/").get_data(as_text=True)
    dutch_list = dutch.get("/learn/").get_data(as_text=True)
    assert module.title in dutch_list and "Need or want?" not in dutch_list

    # Both reach the first question; the English pupil reads it in English.
    advance_to_first_question(dutch, module)
    url = f"/learn/{module.id}/{question.id}"
    english_page = english.get(url).get_data(as_text=True)
    assert "An English question." in english_page and "Step " in english_page
    dutch_page = dutch.get(url).get_data(as_text=True)
    assert "An English question." not in dutch_page and "Stap " in dutch_page

    # Switching language keeps the place in the lesson: progress is stored by step ids.
    dutch.post("/language", {"lang": "en", "next": "/learn/"})
    resumed = dutch.post(f"/learn/{module.id}/start")
    assert resumed.headers["Location"].endswith(url)
    assert "An English question." in dutch.get(url).get_data(as_text=True)


def test_lesson_library_page_lists_modules_in_the_ui_language(app_with_translation):
    app, module, _question = app_with_translation
    admin = Actor(app.test_client())
    admin.sign_in_staff("admin@demo.leergang.nl")

    assert module.title in admin.get("/admin/lessons").get_data(as_text=True)
    admin.post("/language", {"lang": "en", "next": "/admin/lessons"})
    page = admin.get("/admin/lessons").get_data(as_text=True)
    assert "Need or want?" in page and module.title not in page
