"""Review in the browser: a reviewer of the same organisation comments per step, sends back or
approves; the author sees the comments beside the steps; only an approved version is published.
Access: another organisation's author gets 404, teachers and evaluators 403, and an evaluator
never sees a draft. Also the audit log page and the class's versions on the teacher's page."""

from __future__ import annotations

import pytest
from sqlmodel import select

from leergang.auth.models import Role, StaffUser
from leergang.auth.services import hash_password
from leergang.authoring.models import AuditEntry, ContentVersion, Organisation, VersionStatus
from leergang.db import new_session
from leergang.learn.models import ModuleProgress
from leergang.library import get_store
from tests.helpers import LESSONS_DIR, Actor

DRAFT = "nodig-of-willen"
REVIEW = f"/author/module/{DRAFT}/review"
AUTHOR, REVIEWER = "auteur@demo.leergang.nl", "reviewer@demo.leergang.nl"


@pytest.fixture
def demo(demo, app):
    """The demo school with the demo partner's draft in review (version 1.2 of the module)."""
    from leergang.demo_authoring import seed_demo_draft

    with app.app_context(), new_session(write=True) as session:
        seed_demo_draft(session=session, lessons_dir=LESSONS_DIR)
    return demo


def signed_in(app, email) -> Actor:
    actor = Actor(app.test_client())
    actor.sign_in_staff(email)
    return actor


def draft_row(app) -> ContentVersion:
    with app.app_context(), new_session() as session:
        return session.exec(select(ContentVersion).where(ContentVersion.content_id == DRAFT)).one()


@pytest.fixture
def stranger(app, demo):
    """An author of another organisation."""
    with app.app_context(), new_session(write=True) as session:
        other = Organisation(name="Nibud (test)")
        session.add(other)
        session.flush()
        session.add(
            StaffUser(email="anna@nibud.example", display_name="Anna", role=Role.AUTHOR,
                      password_hash=hash_password("leergang-demo"), organisation_id=other.id)
        )  # fmt: skip
        session.commit()
    return signed_in(app, "anna@nibud.example")


def test_reviewer_comments_on_a_step_sends_back_then_approves_and_publishes(app, demo, library):
    step_id = library.modules[DRAFT].steps[1].id
    ruben = signed_in(app, REVIEWER)
    page = ruben.get(REVIEW)
    assert page.status_code == 200
    assert f'id="part-{step_id}"' in page.text

    saved = ruben.post(f"{REVIEW}/comment", {"step_id": step_id, "text": "Maak deze vraag korter."})
    assert saved.status_code == 303
    back = ruben.post(f"{REVIEW}/send-back", {"comment": "Kijk naar mijn opmerking."})
    assert back.status_code == 303
    assert draft_row(app).status == VersionStatus.DRAFT

    sanne = signed_in(app, AUTHOR)
    page = sanne.get(REVIEW).text
    part = page.split(f'id="part-{step_id}"')[1].split("</li>")[0]
    assert "Maak deze vraag korter." in part  # beside the step it is about
    assert "Kijk naar mijn opmerking." in page
    assert sanne.post(f"{REVIEW}/submit").status_code == 303
    assert draft_row(app).status == VersionStatus.IN_REVIEW

    assert ruben.post(f"{REVIEW}/approve").status_code == 303
    published = ruben.post(f"{REVIEW}/publish")
    assert published.status_code == 303
    assert published.headers["Location"].endswith(f"/author/module/{DRAFT}/versions")
    assert draft_row(app).status == VersionStatus.PUBLISHED
    with app.app_context():
        assert get_store().published("module", DRAFT, "nl").version == "1.2"
        with new_session() as session:
            log = [e.what for e in session.exec(select(AuditEntry).order_by(AuditEntry.id))]
    assert [w.split(":")[0] for w in log[2:]] == [
        f"commented on step {step_id}", "sent back", "submitted for review", "approved",
        "published version 1.2",
    ]  # fmt: skip


def test_only_an_approved_version_is_published(app, demo):
    ruben = signed_in(app, REVIEWER)
    refused = ruben.post(f"{REVIEW}/publish")
    assert refused.status_code == 422
    assert "in_review" in refused.text or "in review" in refused.text
    assert draft_row(app).status == VersionStatus.IN_REVIEW


def test_the_author_cannot_approve_their_own_work(app, demo):
    sanne = signed_in(app, AUTHOR)
    refused = sanne.post(f"{REVIEW}/approve")
    assert refused.status_code == 403
    assert "Iemand anders" in refused.text  # "Someone else must review your own work."
    assert draft_row(app).status == VersionStatus.IN_REVIEW


def test_empty_or_huge_comments_are_refused_and_change_nothing(app, demo, library):
    ruben = signed_in(app, REVIEWER)
    step_id = library.modules[DRAFT].steps[1].id
    for data in ({"step_id": step_id, "text": "  "}, {"step_id": step_id, "text": "x" * 2001},
                 {"step_id": "no-such-step", "text": "Hallo"}):  # fmt: skip
        assert ruben.post(f"{REVIEW}/comment", data).status_code == 422
    assert ruben.post(f"{REVIEW}/send-back", {"comment": ""}).status_code == 422
    assert draft_row(app).status == VersionStatus.IN_REVIEW
    with app.app_context(), new_session() as session:
        assert session.exec(select(AuditEntry)).all()[2:] == []


@pytest.mark.parametrize(
    "path",
    ["review", "preview", "preview/zelfvertrouwen-voor", "versions?", "diff?a=1&b=1"],
)
def test_another_organisations_author_sees_no_draft(app, demo, stranger, path):
    response = stranger.get(f"/author/module/{DRAFT}/{path}".rstrip("?"))
    if path.startswith("versions"):
        assert response.status_code == 200  # the published (folder) version only
        assert "1.2" not in response.text
    else:
        assert response.status_code == 404
    assert stranger.post(f"{REVIEW}/comment", {"text": "Hoi"}).status_code == 404
    assert stranger.post(f"{REVIEW}/approve").status_code == 404


@pytest.mark.parametrize("email", ["leraar@demo.leergang.nl", "evaluator@demo.leergang.nl"])
def test_teachers_and_evaluators_may_not_review_or_preview(app, demo, email):
    actor = signed_in(app, email)
    for path in ("review", "preview", "preview/zelfvertrouwen-voor"):
        assert actor.get(f"/author/module/{DRAFT}/{path}").status_code == 403
    assert actor.post(f"{REVIEW}/approve").status_code == 403


def test_an_evaluator_never_sees_a_draft(app, demo):
    evaluator = signed_in(app, "evaluator@demo.leergang.nl")
    versions = evaluator.get(f"/author/module/{DRAFT}/versions")
    assert versions.status_code == 200
    assert "1.1" in versions.text and "1.2" not in versions.text
    draft_id = draft_row(app).id
    assert evaluator.get(f"/author/module/{DRAFT}/diff?a=files&b={draft_id}").status_code == 404
    assert "1.2" not in evaluator.get(f"/author/module/{DRAFT}/diff").text
    # The author's organisation sees it.
    sanne = signed_in(app, AUTHOR)
    assert "1.2" in sanne.get(f"/author/module/{DRAFT}/versions").text


def test_made_up_kinds_ids_and_versions_are_not_found(app, demo):
    sanne = signed_in(app, AUTHOR)
    for path in (
        "/author/lesson/nodig-of-willen/versions",
        "/author/module/bestaat-niet/review",
        f"/author/module/{DRAFT}/diff?a=files&b=99999",
        f"/author/module/{DRAFT}/diff?a=x&b=1e9",
        "/author/game/sparen-voor/preview",
    ):
        assert sanne.get(path).status_code == 404, path


def test_admins_read_the_audit_log_in_pages(app, demo):
    admin = signed_in(app, "admin@demo.leergang.nl")
    page = admin.get("/admin/audit")
    assert page.status_code == 200
    assert "submitted for review: module nodig-of-willen 1.2" in page.text
    assert "Sanne (Leergang-redactie)" in page.text
    assert admin.get("/admin/audit?page=0").status_code == 404
    assert admin.get("/admin/audit?page=abc").status_code == 404
    assert "submitted for review" not in admin.get("/admin/audit?page=2").text
    for email in (AUTHOR, "leraar@demo.leergang.nl", "evaluator@demo.leergang.nl"):
        assert signed_in(app, email).get("/admin/audit").status_code == 403


def test_the_teacher_sees_which_version_the_class_uses(app, demo, pupil_actor, library):
    assert pupil_actor.post(f"/learn/{DRAFT}/start").status_code == 302
    groep8 = demo.classes[0]
    with app.app_context(), new_session(write=True) as session:
        # Two more pupils started an older version before 1.1 was published.
        for pupil in demo.pupils["KTR947"][1:3]:
            session.add(ModuleProgress(pupil_id=pupil.id, module_id=DRAFT, module_version="1.0",
                                       current_step_id="zelfvertrouwen-voor"))  # fmt: skip
        session.commit()
    teacher = signed_in(app, "leraar@demo.leergang.nl")
    page = teacher.get(f"/classes/{groep8.public_id}/modules/{DRAFT}").text
    used = page.split('id="versions-used"')[1].split("</p>")[0]
    assert "versie 1.0 (2 leerlingen), versie 1.1 (1 leerling)" in " ".join(used.split())
    assert f"/author/module/{DRAFT}/diff" in used


def test_the_teacher_sees_which_game_version_a_pupil_played(app, demo, noor, library):
    from leergang.games.services import start_run

    game = library.scenarios["sparen-voor"]
    with app.app_context(), new_session(write=True) as session:
        start_run(session=session, pupil=noor, scenario=game)
    teacher = signed_in(app, "leraar@demo.leergang.nl")
    page = teacher.get(f"/classes/{demo.classes[0].public_id}/pupils/{noor.public_id}/").text
    section = page.split('id="game-sparen-voor-title"')[1].split("</section>")[0]
    assert f"Gespeelde versie: {game.version}" in section


def statements(app, actor, url: str) -> int:
    """The SQL statements one GET costs (after a warm-up request)."""
    from sqlalchemy import event

    engine = app.extensions["leergang.engine"]
    seen: list[str] = []
    assert actor.get(url).status_code == 200, url

    def listener(*args):
        seen.append(args[2])

    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert actor.get(url).status_code == 200, url
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(seen)


def test_review_pages_cost_the_same_with_more_comments_and_log_entries(app, demo, library):
    from leergang.authoring import review

    ruben, admin = signed_in(app, REVIEWER), signed_in(app, "admin@demo.leergang.nl")
    pages = [(ruben, REVIEW), (ruben, f"/author/module/{DRAFT}/versions"),
             (ruben, f"/author/module/{DRAFT}/diff"), (admin, "/admin/audit")]  # fmt: skip
    before = [statements(app, actor, url) for actor, url in pages]
    steps = {s.id for s in library.modules[DRAFT].steps}
    with app.app_context(), new_session(write=True) as session:
        version = session.exec(select(ContentVersion)).one()
        reviewer = session.exec(select(StaffUser).where(StaffUser.email == REVIEWER)).one()
        for step_id in sorted(steps)[:12]:
            text = f"Opmerking bij {step_id}"
            review.add_comment(session=session, version=version, reviewer=reviewer,
                               step_id=step_id, text=text, part_ids=steps)  # fmt: skip
    after = [statements(app, actor, url) for actor, url in pages]
    assert after == before
    assert "Opmerking bij" in ruben.get(REVIEW).text


def test_a_games_versions_and_diff_for_a_teacher(app, demo, library):
    game = library.scenarios["sparen-voor"]
    teacher = signed_in(app, "leraar@demo.leergang.nl")
    versions = teacher.get("/author/game/sparen-voor/versions")
    assert versions.status_code == 200
    assert f'<th scope="row">{game.version}</th>' in versions.text
    assert "lessenmap" in versions.text
    only = teacher.get("/author/game/sparen-voor/diff")
    assert "Er is nog maar één versie" in only.text
