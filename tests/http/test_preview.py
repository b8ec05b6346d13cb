"""The whole-module preview: every step of the draft, answered as a pupil would (right and wrong,
with and without htmx), shows the pupil's feedback and stores nothing: no progress, no answers,
no metric events. Beside it: the readability score and the item-quality checks."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select
from sqlmodel import SQLModel

from leergang.content import parse_module_text
from leergang.db import new_session
from leergang.demo_authoring import DEMO_DRAFT, demo_draft_text
from tests.answers import right_answer, wrong_answer
from tests.helpers import LESSONS_DIR, Actor

PREVIEW = f"/author/module/{DEMO_DRAFT}/preview"


@pytest.fixture
def demo(demo, app):
    """The demo school with the demo partner's draft in review (version 1.2 of the module)."""
    from leergang.demo_authoring import seed_demo_draft

    with app.app_context(), new_session(write=True) as session:
        seed_demo_draft(session=session, lessons_dir=LESSONS_DIR)
    return demo


def row_counts(app) -> dict[str, int]:
    """Rows per table, every table (pupil data, events, summaries, everything)."""
    with app.app_context(), new_session() as session:
        return {
            table.name: session.execute(select(func.count()).select_from(table)).scalar_one()
            for table in SQLModel.metadata.sorted_tables
        }


def test_clicking_through_the_preview_stores_nothing(app, demo):
    module = parse_module_text(demo_draft_text(LESSONS_DIR))[0]
    sanne = Actor(app.test_client())
    sanne.sign_in_staff("auteur@demo.leergang.nl")
    before = row_counts(app)
    assert before["module_progress"] == 0 and before["answer_event"] == 0

    first = sanne.get(PREVIEW)
    assert first.status_code == 200
    assert 'class="chromebook"' in first.text and 'id="readability"' in first.text
    answered = 0
    for number, step in enumerate(module.steps):
        url = f"{PREVIEW}/{step.id}"
        page = sanne.get(url)
        assert page.status_code == 200, step.id
        assert f"Stap {number + 1} van {len(module.steps)}" in page.text
        if not step.needs_answer:
            continue
        wrong = wrong_answer(step)
        for data, htmx in ((right_answer(step), False), (wrong, True)):
            if data is None:
                continue
            shown = sanne.post(f"{url}/answer", data, htmx=htmx)
            assert shown.status_code == 200, (step.id, shown.text[:300])
            assert 'id="feedback"' in shown.text
            assert ("<html" in shown.text) is not htmx  # htmx gets the step panel only
            answered += 1
        if step.is_question and step.knowledge_check is None:
            right = sanne.post(f"{url}/answer", right_answer(step)).text
            assert "Goed zo!" in right, step.id
    assert answered > 10
    assert row_counts(app) == before


def test_the_preview_shows_readability_and_item_checks(app, demo):
    sanne = Actor(app.test_client())
    sanne.sign_in_staff("auteur@demo.leergang.nl")
    page = sanne.get(PREVIEW).text
    checks = page.split('class="preview-checks"')[1]
    assert "Flesch–Douma" in checks
    assert "nodig-of-willen" in checks  # the pre/post pair of the construct
    assert "meerkeuzevragen" in checks or "single-choice" in checks  # answer balance


def test_an_incomplete_answer_gets_the_players_message_and_stores_nothing(app, demo):
    sanne = Actor(app.test_client())
    sanne.sign_in_staff("auteur@demo.leergang.nl")
    before = row_counts(app)
    refused = sanne.post(f"{PREVIEW}/voortoets-nodig/answer", {})
    assert refused.status_code == 422
    assert 'class="field-error"' in refused.text
    assert sanne.post(f"{PREVIEW}/bestaat-niet/answer", {}).status_code == 404
    assert row_counts(app) == before


def test_the_preview_shows_the_drafts_own_pictures_to_its_authors(app, demo):
    """The demo draft carries the lesson's picture; the preview shows it from the draft, and only
    the organisation's authors can open it."""
    sanne = Actor(app.test_client())
    sanne.sign_in_staff("auteur@demo.leergang.nl")
    module = parse_module_text(demo_draft_text(LESSONS_DIR))[0]
    with_image = next(s for s in module.steps if "nodig-of-willen.svg" in str(s.model_dump()))
    page = sanne.get(f"{PREVIEW}/{with_image.id}")
    assert page.status_code == 200
    src = re.search(r'<img[^>]+src="(/author/versions/\d+/images/nodig-of-willen\.svg)"', page.text)
    assert src, "the picture is not served from the draft"
    image = sanne.get(src.group(1))
    assert image.status_code == 200 and image.mimetype == "image/svg+xml"
    teacher = Actor(app.test_client())
    teacher.sign_in_staff("leraar@demo.leergang.nl")
    assert teacher.get(src.group(1)).status_code == 403


def test_a_new_draft_of_a_published_module_keeps_its_pictures(app, demo):
    from sqlmodel import select as select_rows

    from leergang.auth.models import StaffUser
    from leergang.authoring import services
    from leergang.authoring.models import ContentVersion

    with app.app_context(), new_session(write=True) as session:
        draft = session.exec(
            select_rows(ContentVersion).where(ContentVersion.content_id == DEMO_DRAFT)
        ).one()
        pictures = dict(draft.assets)
        assert "nodig-of-willen.svg" in pictures
        reviewer = session.exec(
            select_rows(StaffUser).where(StaffUser.email == "reviewer@demo.leergang.nl")
        ).one()
        author = session.get(StaffUser, draft.created_by)
        services.approve(session=session, draft=draft, reviewer=reviewer)
        services.publish(session=session, draft=draft, by=reviewer)
        text = draft.yaml_text.replace('version: "1.2"', 'version: "1.3"', 1)
        again = services.save_draft(
            session=session, kind="module", content_id=DEMO_DRAFT, yaml_text=text,
            author=author, expected_revision=None,
        )  # fmt: skip
        assert again.id != draft.id and again.assets == pictures


def test_the_same_text_shows_each_versions_own_images(app, library):
    """Rendered Markdown is kept per process; the same text of the published module and of two
    drafts still points each at the images that version serves."""
    from leergang.web import markdown_for

    module = library.modules["nodig-of-willen"]
    text = "Kijk:\n\n![Een plaatje](nodig-of-willen.svg)"
    with app.test_request_context("/"):
        shown = [markdown_for(module, draft_id=d)(text) for d in (None, 7, 8, None)]
    sources = [re.search(r'<img src="([^"]+)"', html)[1] for html in shown]
    assert sources == [
        "/learn/nodig-of-willen/assets/nodig-of-willen.svg",
        "/author/versions/7/images/nodig-of-willen.svg",
        "/author/versions/8/images/nodig-of-willen.svg",
        "/learn/nodig-of-willen/assets/nodig-of-willen.svg",
    ]
    assert shown[0] == shown[3] and "<p>Kijk:</p>" in shown[0]
