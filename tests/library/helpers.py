"""Shared by the content-store tests: a new version of a shipped module, staff by key, and a
helper that takes a version from draft to published."""

from __future__ import annotations

from sqlmodel import select

from leergang.auth.models import StaffUser
from leergang.authoring import services
from leergang.db import new_session
from tests.helpers import LESSONS_DIR

MODULE = "nodig-of-willen"
# The first self-efficacy statement of the shipped module (the pupil's first step shows it).
OLD_STATEMENT = next(
    line.split("text: ", 1)[1]
    for line in (LESSONS_DIR / MODULE / "module.yaml").read_text(encoding="utf-8").splitlines()
    if line.strip().startswith("text: ")
)
NEW_STATEMENT = "Ik weet het verschil tussen nodig en willen."


def module_text(version: str, statement: str = NEW_STATEMENT) -> str:
    text = (LESSONS_DIR / MODULE / "module.yaml").read_text(encoding="utf-8")
    assert 'version: "1.1"' in text and OLD_STATEMENT in text, "the shipped module changed"
    text = text.replace('version: "1.1"', f'version: "{version}"', 1)
    return text.replace(OLD_STATEMENT, statement, 1)


def staff(session, people, key) -> StaffUser:
    return session.exec(select(StaffUser).where(StaffUser.id == people[key])).one()


def publish_version(app, people, text: str, content_id: str = MODULE, kind: str = "module"):
    """Draft → review → approved → published, as the editor will do it."""
    with app.app_context(), new_session(write=True) as session:
        author, reviewer = staff(session, people, "author"), staff(session, people, "reviewer")
        draft = services.save_draft(
            session=session, kind=kind, content_id=content_id, yaml_text=text, author=author,
            expected_revision=None,
        )  # fmt: skip
        services.submit_for_review(session=session, draft=draft, author=author)
        services.approve(session=session, draft=draft, reviewer=reviewer)
        services.publish(session=session, draft=draft, by=reviewer, file_version="1.1")
        return draft.id
