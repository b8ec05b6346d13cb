"""File → editor → file: every module in lessons/ goes through the editor's form and back and is
the same module (by ``parse_module_text``). The form is read from the page as a browser posts it."""

from __future__ import annotations

import pytest
from sqlmodel import select

from leergang.authoring import services
from leergang.authoring.models import ContentVersion
from leergang.content import parse_module_text
from leergang.db import new_session
from tests.editor.helpers import editor_fields, post_pairs, signed_in, staff
from tests.helpers import LESSONS_DIR, MODULE_IDS


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_a_lesson_file_survives_the_editor(app, people, module_id):
    text = (LESSONS_DIR / module_id / "module.yaml").read_text(encoding="utf-8")
    with app.app_context(), new_session(write=True) as session:
        services.save_draft(
            session=session, kind="module", content_id=module_id, yaml_text=text,
            author=staff(session, people, "author"), expected_revision=None,
        )  # fmt: skip
    author = signed_in(app, "author")
    page = author.get(f"/author/modules/{module_id}/edit")
    assert page.status_code == 200
    saved = post_pairs(author, f"/author/modules/{module_id}/edit", editor_fields(page.text))
    assert saved.status_code == 303, saved.text[:2000]
    with app.app_context(), new_session() as session:
        row = session.exec(
            select(ContentVersion).where(ContentVersion.content_id == module_id)
        ).one()
    assert row.revision == 2, "the editor did not save"
    before, problems_before = parse_module_text(text)
    after, problems_after = parse_module_text(row.yaml_text)
    assert problems_before == problems_after == []
    assert after.model_dump() == before.model_dump()
