"""A broken lesson file never takes the app down: the module is skipped, logged, shown to admins."""

from __future__ import annotations

import logging
import shutil

import pytest

from leergang import create_app
from tests.helpers import LESSONS_DIR, Actor


@pytest.fixture
def mixed_library(tmp_path):
    root = tmp_path / "lessons"
    shutil.copytree(LESSONS_DIR / "nodig-of-willen", root / "nodig-of-willen")
    # A copy of a good module with one step of a type that does not exist.
    text = (LESSONS_DIR / "nodig-of-willen" / "module.yaml").read_text(encoding="utf-8")
    text = text.replace("id: nodig-of-willen", "id: kapotte-les", 1)
    text = text.replace("title: Nodig of willen?", "title: Kapotte les", 1)
    text = text.replace("type: single_choice", "type: magic", 1)
    broken = root / "kapotte-les"
    shutil.copytree(LESSONS_DIR / "nodig-of-willen", broken)
    (broken / "module.yaml").write_text(text, encoding="utf-8")
    line = text.splitlines().index(next(x for x in text.splitlines() if "type: magic" in x)) + 1
    return root, line


def test_broken_module_is_skipped_logged_and_shown_to_admins(
    app_config, demo, mixed_library, noor, caplog
):
    mixed_library, line = mixed_library
    with caplog.at_level(logging.WARNING, logger="leergang.library"):
        app = create_app({**app_config, "LESSONS_DIR": str(mixed_library)})
    expected = f"kapotte-les/module.yaml:{line}: Unknown step type"
    assert any(expected in record.getMessage() for record in caplog.records)

    pupil = Actor(app.test_client())
    pupil.sign_in_pupil("KTR947", noor)
    lessons = pupil.get("/learn/").get_data(as_text=True)
    assert "Nodig of willen?" in lessons and "Kapotte les" not in lessons
    assert pupil.get("/learn/kapotte-les/").status_code == 404

    admin = Actor(app.test_client())
    admin.sign_in_staff("admin@demo.leergang.nl")
    page = admin.get("/admin/lessons").get_data(as_text=True)
    assert "1 probleem: een lesbestand is overgeslagen" in page
    assert f"kapotte-les/module.yaml:{line}: Onbekend staptype" in page

    teacher = Actor(app.test_client())
    teacher.sign_in_staff("evaluator@demo.leergang.nl")
    assert "kapotte-les" not in teacher.get("/admin/lessons").get_data(as_text=True)
    app.extensions["leergang.engine"].dispose()


def test_lesson_files_reload_in_debug_when_they_change(app_config, mixed_library, monkeypatch):
    mixed_library, _line = mixed_library
    from leergang import library as library_module

    app = create_app(
        {
            **app_config,
            "LESSONS_DIR": str(mixed_library),
            "LESSONS_AUTO_RELOAD": True,
            "CONTENT_CHECK_SECONDS": 0,
        }
    )
    with app.app_context():
        assert "kapotte-les" not in library_module.get_library().modules
        shutil.rmtree(mixed_library / "kapotte-les")
        assert not library_module.get_library().problems
    app.extensions["leergang.engine"].dispose()
