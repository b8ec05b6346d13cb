"""What the editor will call: drafts with conflict detection, review by someone else of the same
organisation, publish only when approved and with a higher version, published rows immutable,
and an audit entry for every step."""

from __future__ import annotations

import pytest
from sqlmodel import select

from leergang.authoring import services
from leergang.authoring.models import (
    AuditEntry,
    ContentChange,
    ContentVersion,
    PublishedIsImmutable,
    VersionStatus,
)
from leergang.db import new_session
from tests.library.helpers import MODULE, module_text, staff


@pytest.fixture
def session(app):
    with app.app_context(), new_session(write=True) as session:
        yield session


def draft_of(session, people, text=None, key="author"):
    return services.save_draft(
        session=session,
        kind="module",
        content_id=MODULE,
        yaml_text=text or module_text("1.2"),
        author=staff(session, people, key),
        expected_revision=None,
    )


def test_two_authors_saving_the_same_revision_get_a_conflict_not_an_overwrite(session, people):
    draft = draft_of(session, people)
    author, reviewer = staff(session, people, "author"), staff(session, people, "reviewer")
    services.save_draft(
        session=session, kind="module", content_id=MODULE, yaml_text=module_text("1.3"),
        author=reviewer, expected_revision=draft.revision,
    )  # fmt: skip
    with pytest.raises(services.DraftConflict) as caught:
        services.save_draft(
            session=session, kind="module", content_id=MODULE, yaml_text=module_text("1.4"),
            author=author, expected_revision=1,
        )  # fmt: skip
    assert caught.value.params == {"name": "Reviewer"}
    session.refresh(draft)
    assert (draft.version, draft.revision) == ("1.3", 2)


def test_a_save_after_the_draft_was_published_says_who_published_it(session, people):
    """The author still had the editor open when the reviewer published: the save changes
    nothing and says who published, so the author copies their text into a new draft."""
    draft, reviewer = approved(session, people, "1.2")
    opened_at = draft.revision
    services.publish(session=session, draft=draft, by=reviewer, file_version="1.1")
    with pytest.raises(services.DraftConflict) as caught:
        services.save_draft(
            session=session, kind="module", content_id=MODULE, yaml_text=module_text("1.3"),
            author=staff(session, people, "author"), expected_revision=opened_at,
        )  # fmt: skip
    assert str(caught.value) == (
        "Reviewer published this version after you opened it. Copy your own text first, "
        "then start a new draft."
    )
    session.refresh(draft)
    assert (draft.status, draft.version) == (VersionStatus.PUBLISHED, "1.2")
    assert services.open_draft(session=session, kind="module", content_id=MODULE) is None


def test_a_second_new_draft_for_the_same_id_is_a_conflict(session, people):
    draft_of(session, people)
    with pytest.raises(services.DraftConflict):
        draft_of(session, people, key="reviewer")


def test_another_organisation_cannot_touch_the_draft(session, people):
    draft = draft_of(session, people)
    other = staff(session, people, "other")
    with pytest.raises(services.NotAllowed):
        services.save_draft(
            session=session, kind="module", content_id=MODULE, yaml_text=module_text("1.5"),
            author=other, expected_revision=draft.revision,
        )  # fmt: skip
    services.submit_for_review(
        session=session, draft=draft, author=staff(session, people, "author")
    )
    with pytest.raises(services.NotAllowed):
        services.approve(session=session, draft=draft, reviewer=other)


def test_a_broken_draft_is_saved_but_cannot_go_to_review(session, people):
    broken = module_text("1.2").replace("type: single_choice", "type: single_choise", 1)
    draft = draft_of(session, people, text=broken)
    with pytest.raises(services.InvalidContent) as caught:
        services.submit_for_review(
            session=session, draft=draft, author=staff(session, people, "author")
        )
    assert "single_choise" in caught.value.problems[0].message()
    assert draft.status == VersionStatus.DRAFT


def test_a_huge_text_changes_nothing(session, people):
    with pytest.raises(services.AuthoringError):
        draft_of(session, people, text="a: " + "x" * (300 * 1024))
    assert session.exec(select(ContentVersion)).all() == []


def test_nobody_approves_their_own_work_and_only_approved_is_published(session, people):
    author, reviewer = staff(session, people, "author"), staff(session, people, "reviewer")
    draft = draft_of(session, people)
    with pytest.raises(services.AuthoringError):
        services.publish(session=session, draft=draft, by=reviewer)  # still a draft
    services.submit_for_review(session=session, draft=draft, author=author)
    with pytest.raises(services.NotAllowed):
        services.approve(session=session, draft=draft, reviewer=author)
    services.send_back(session=session, draft=draft, reviewer=reviewer, comment="Stap 3 te lang")
    assert (draft.status, draft.review_comment) == (VersionStatus.DRAFT, "Stap 3 te lang")
    services.submit_for_review(session=session, draft=draft, author=author)
    services.approve(session=session, draft=draft, reviewer=reviewer)
    before = getattr(session.get(ContentChange, 1), "value", 0)
    services.publish(session=session, draft=draft, by=reviewer, file_version="1.1")
    assert draft.status == VersionStatus.PUBLISHED
    session.expire_all()
    assert session.get(ContentChange, 1).value == before + 1
    whats = [e.what for e in session.exec(select(AuditEntry).order_by(AuditEntry.id)).all()]
    assert whats == [
        f"created draft module {MODULE}",
        f"submitted for review: module {MODULE} 1.2",
        f"sent back: module {MODULE} 1.2",
        f"submitted for review: module {MODULE} 1.2",
        f"approved: module {MODULE} 1.2",
        f"published version 1.2: module {MODULE} 1.2",
    ]
    assert {e.who for e in session.exec(select(AuditEntry)).all()} == {author.id, reviewer.id}


def approved(session, people, version):
    author, reviewer = staff(session, people, "author"), staff(session, people, "reviewer")
    draft = draft_of(session, people, text=module_text(version))
    services.submit_for_review(session=session, draft=draft, author=author)
    services.approve(session=session, draft=draft, reviewer=reviewer)
    return draft, reviewer


@pytest.mark.parametrize(
    ("version", "file_version"), [("1.1", "1.1"), ("1.0.9", "1.1"), ("v2", None), ("1.2", "1.10")]
)
def test_the_version_must_follow_the_format_and_be_higher(session, people, version, file_version):
    draft, reviewer = approved(session, people, version)
    with pytest.raises(services.AuthoringError):
        services.publish(session=session, draft=draft, by=reviewer, file_version=file_version)
    session.refresh(draft)
    assert draft.status == VersionStatus.APPROVED


def test_publishing_retires_the_last_version_and_published_rows_never_change(session, people):
    first, reviewer = approved(session, people, "1.2")
    services.publish(session=session, draft=first, by=reviewer, file_version="1.1")
    second, reviewer = approved(session, people, "1.10")
    services.publish(session=session, draft=second, by=reviewer, file_version="1.1")
    session.refresh(first)
    assert (first.status, second.status) == (VersionStatus.RETIRED, VersionStatus.PUBLISHED)
    second.yaml_text = module_text("1.10", statement="Stiekem veranderd.")
    session.add(second)
    with pytest.raises(PublishedIsImmutable):
        session.commit()
    session.rollback()
    # Editing a published version starts a new draft instead.
    draft = draft_of(session, people, text=module_text("1.11"))
    assert draft.id not in (first.id, second.id) and draft.status == VersionStatus.DRAFT
