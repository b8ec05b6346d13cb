"""Who may open which page: every route × every role, including a second school. The route list
comes from ``app.url_map`` (every blueprint; only Flask's own ``static`` is left out), so a new
route without a rule here fails ``test_every_route_has_expected_access``."""

from __future__ import annotations

import pytest
from sqlmodel import select

from leergang.assignments.models import Assignment
from leergang.db import new_session
from leergang.demo_authoring import DEMO_ORGANISATION, seed_demo_draft
from leergang.games.services import start_run
from leergang.metrics.models import Programme
from tests.helpers import (
    LESSONS_DIR,
    Actor,
    add_partner_content,
    app_routes,
    author_of,
    draft_game,
    url_values,
    without_csrf_tokens,
)

OK, LOGIN, PUPIL_LOGIN, FORBIDDEN, NOT_FOUND = "ok", "login", "pupil-login", 403, 404
ROLES = (
    "anonymous",
    "pupil",  # Noor, of the demo groep 8
    "other_pupil",  # Zoë, of another school's class
    "teacher",  # teaches groep 8
    "co_teacher",  # co-teaches groep 8
    "other_teacher",  # teacher at another school
    "admin",  # admin of the demo school
    "other_admin",  # admin of another school
    "author",
    "evaluator",
)
STAFF_OF_CLASS = {"teacher": OK, "co_teacher": OK, "admin": OK}


def _expect(default, **by_role):
    return {role: by_role.get(role, default) for role in ROLES}


# Pages of one class (class_id = the demo groep 8).
CLASS_PAGE = _expect(
    FORBIDDEN, anonymous=LOGIN, other_teacher=NOT_FOUND, other_admin=NOT_FOUND, **STAFF_OF_CLASS
)
TEACHERS_HOME = _expect(
    FORBIDDEN, anonymous=LOGIN, **STAFF_OF_CLASS, other_teacher=OK, other_admin=OK
)
NEW_CLASS = _expect(FORBIDDEN, anonymous=LOGIN, teacher=OK, co_teacher=OK, other_teacher=OK)
INVITES = _expect(FORBIDDEN, anonymous=LOGIN, admin=OK, other_admin=OK)
PUPIL_PAGE = _expect(FORBIDDEN, anonymous=PUPIL_LOGIN, pupil=OK, other_pupil=OK)
# A game assigned to the demo groep 8 only, and Noor's own run of it.
OUR_PUPILS_PAGE = _expect(FORBIDDEN, anonymous=PUPIL_LOGIN, pupil=OK, other_pupil=NOT_FOUND)
LESSON_LIBRARY = _expect(FORBIDDEN, anonymous=LOGIN, admin=OK, other_admin=OK, author=OK,
                         evaluator=OK)  # fmt: skip
AUTHORS_ONLY = _expect(FORBIDDEN, anonymous=LOGIN, author=OK)
# A module's editor: only authors, and only for a draft of their organisation (the sample
# module's demo draft belongs to the demo author's organisation, the one the lesson files name).
AUTHOR_DRAFT = _expect(FORBIDDEN, anonymous=LOGIN, author=OK)
# Versions and the diff: every staff member (drafts only for their organisation and admins).
STAFF_READERS = _expect(FORBIDDEN, anonymous=LOGIN, teacher=OK, co_teacher=OK, other_teacher=OK,
                        admin=OK, other_admin=OK, author=OK, evaluator=OK)  # fmt: skip
# Review and preview of the demo draft (by the demo author): its organisation's authors, admins.
REVIEWERS = _expect(FORBIDDEN, anonymous=LOGIN, admin=OK, other_admin=OK, author=OK)
# The demo author wrote the demo draft: someone else must approve it.
APPROVERS = _expect(FORBIDDEN, anonymous=LOGIN, admin=OK, other_admin=OK)
# The evaluator's pages: only evaluators (of a programme); no one else, teachers and admins too.
EVALUATOR_PAGE = _expect(FORBIDDEN, anonymous=LOGIN, evaluator=OK)
PROGRAMMES = _expect(FORBIDDEN, anonymous=LOGIN, admin=OK, other_admin=OK)
TOKEN_PAGE = _expect(NOT_FOUND)  # a made-up token opens nothing, whoever asks
UNKNOWN_CLASS_CODE = _expect(NOT_FOUND)  # pupil sign-in steps for a code no class has
PUBLIC = _expect(OK)
# The sign-in page's example class code ("It looks like this: KTR-947") is the demo class's.
SHOWS_DEMO_EXAMPLE = {"auth.pupil_start"}
# The review page shows every step of "Nodig of willen?", whose sums are about a girl called Noor.
SHOWS_DEMO_EXAMPLE |= {"review.review_page"}

EXPECTED = {
    "classes.index": TEACHERS_HOME,
    "classes.create": NEW_CLASS,
    **{
        f"classes.{name}": CLASS_PAGE
        for name in (
            "detail add_pupils add_teacher archive restore new_code settings cards card module "
            "pupil rename remove unlock unlock_all new_secret new_card research_use rename_class "
            "remove_teacher"
        ).split()
    },
    **{
        f"assignments.{name}": CLASS_PAGE
        for name in (
            "assignment_list move_assignment remove_assignment progress progress_csv".split()
        )
    },
    "school.invite_teachers": INVITES,
    "school.join": TOKEN_PAGE,
    "auth.card_login": TOKEN_PAGE,
    **{f"auth.{name}": PUBLIC for name in ("home", "login", "logout", "pupil_start")},
    # Names only after this browser typed a real code: anyone else goes back to step 1.
    "auth.pupil_names": _expect(PUPIL_LOGIN),
    "auth.pupil_resume": PUBLIC,  # nothing to resend: back to the start page
    "auth.pupil_secret": UNKNOWN_CLASS_CODE,
    "web.set_language": PUBLIC,
    "web.healthz": PUBLIC,
    "web.set_reading": _expect(FORBIDDEN, pupil=OK, other_pupil=OK),
    "admin.lessons": LESSON_LIBRARY,
    "itemstats.item_statistics": AUTHORS_ONLY,
    "review.versions": STAFF_READERS,
    "review.diff": STAFF_READERS,
    **{
        f"review.{name}": REVIEWERS
        for name in (
            "review_page comment submit send_back publish preview preview_step preview_answer"
        ).split()
    },
    "review.approve": APPROVERS,
    "review.audit_log": PROGRAMMES,  # admins only
    **{
        f"author.{name}": AUTHORS_ONLY for name in ("dashboard new_module markdown_preview".split())
    },
    **{
        f"author.{name}": AUTHOR_DRAFT
        for name in ("edit_module autosave submit_module new_draft step_preview".split())
    },
    **{
        f"admin.{name}": PROGRAMMES
        for name in ("programmes", "create_programme", "programme", "update_programme")
    },
    **{
        f"evaluate.{name}": EVALUATOR_PAGE
        for name in (
            "dashboard printable export_csv export_json dictionary classes set_comparison".split()
        )
    },
    **{
        f"learn.{name}": PUPIL_PAGE
        for name in ("index", "module", "start", "step", "answer", "next_step", "result")
    },
    "learn.asset": PUBLIC,
    # A draft of the author's own organisation (other organisations: see tests/library).
    "translate.edit": AUTHORS_ONLY,
    "games.index": PUPIL_PAGE,
    # Import, export and images: the demo author's organisation owns the sample module.
    **{
        f"transfer.{name}": AUTHORS_ONLY
        for name in ("import_content", "export", "export_version", "images")
    },
    # A draft's images show in the preview, which admins use to review every organisation's drafts.
    "transfer.draft_image": REVIEWERS,
    "transfer.image": _expect(OK, anonymous=LOGIN),  # published: anyone signed in
    **{
        f"game_editor.{name}": AUTHORS_ONLY
        for name in ("new", "edit", "save", "playtest", "playtest_choose", "balance")
    },
    **{
        f"games.{name}": OUR_PUPILS_PAGE
        for name in ("cover", "start", "run", "turn", "choose", "debrief_page")
    },
}

# What another school's pages show: must never appear for this school's users, and vice versa.
OURS = ("Groep 8 De Regenboog", "KTR-947", "KTR947", "Noor")
THEIRS = ("Groep 7 De Vlinder", "WXY-347", "WXY347", "Zoë")


RULES = app_routes()


def test_every_route_has_expected_access():
    endpoints = {rule.endpoint for rule in RULES}
    assert endpoints == set(EXPECTED), f"add new routes to EXPECTED: {endpoints ^ set(EXPECTED)}"


@pytest.fixture
def world(app, demo, other_school, library):
    """Signed-in actors for every role, and URL values that point at the demo groep 8."""
    groep8 = demo.classes[0]
    noor = next(p for p in demo.pupils["KTR947"] if p.display_name == "Noor")
    with app.app_context(), new_session() as session:
        assignment = session.exec(
            select(Assignment).where(Assignment.classroom_id == groep8.id)
        ).first()
    actors = {}
    for role in ROLES:
        actor = Actor(app.test_client())
        if role == "pupil":
            actor.sign_in_pupil("KTR947", noor)
        elif role == "other_pupil":
            actor.sign_in_pupil(other_school.classroom.code, other_school.pupil)
        elif role != "anonymous":
            email = {
                "teacher": "leraar@demo.leergang.nl",
                "co_teacher": other_school.co_teacher_email,
                "other_teacher": other_school.teacher_email,
                "admin": "admin@demo.leergang.nl",
                "other_admin": other_school.admin_email,
                "author": "auteur@demo.leergang.nl",
                "evaluator": "evaluator@demo.leergang.nl",
            }[role]
            actor.sign_in_staff(email)
        actor.get("/")  # a fresh CSRF token for posts
        actors[role] = actor
    module = library.modules["nodig-of-willen"]
    game = "sparen-voor"
    author_of(app, DEMO_ORGANISATION)
    partner = add_partner_content(app)
    with app.app_context(), new_session(write=True) as session:
        seed_demo_draft(session=session, lessons_dir=LESSONS_DIR)  # for the review pages
        run = start_run(session=session, pupil=noor, scenario=library.scenarios[game])
        programme_id = session.exec(select(Programme.id)).first()
        draft_game(session, "fiets")
    values = {
        "class_id": groep8.public_id,
        "pupil_id": noor.public_id,
        "assignment_id": assignment.public_id,
        "module_id": module.id,
        "step_id": module.steps[0].id,
        "filename": "nodig-of-willen.svg",
        "token": "made-up-token",
        "code": "QQQQQQ",
        "teacher_id": other_school.co_teacher_id,
        "scenario_id": game,
        "public_id": run.public_id,
        "turn": 1,
        "programme_id": programme_id,
        "game_content_id": "fiets",
        **partner,
        "lang": "en",
        "review_content_id": module.id,  # the demo draft: version 1.2 of nodig-of-willen, in review
    }
    return actors, values


def _check(role, expected, response):
    status = response.status_code
    location = response.headers.get("Location", "")
    if expected == OK:
        # 400/422: allowed in, but the empty test form was refused by validation.
        assert status in (200, 302, 303, 400, 422), (role, status)
        assert "/login" not in location and location.rstrip("/") != "/pupil", (role, location)
    elif expected == LOGIN:
        assert status == 302 and location.startswith("/login"), (role, status, location)
    elif expected == PUPIL_LOGIN:
        assert status == 302 and location.startswith("/pupil"), (role, status, location)
    else:
        assert status == expected, (role, status, location)


@pytest.mark.parametrize("rule", RULES, ids=[r.endpoint for r in RULES])
def test_access(rule, world):
    actors, values = world
    url = rule.build(url_values(rule, values))[1]
    method = "GET" if "GET" in rule.methods else "POST"
    expected = EXPECTED[rule.endpoint]
    # Refusals first; of the roles that may, only the first one posts (posts change data).
    order = sorted(ROLES, key=lambda role: expected[role] == OK)
    posted = False
    for role in order:
        if method == "POST" and expected[role] == OK:
            if posted:
                continue
            posted = True
        actor = actors[role]
        response = actor.get(url) if method == "GET" else actor.post(url, {})
        _check(role, expected[role], response)
        body = response.get_data().decode("utf-8", "replace")  # a zip download is bytes
        response.close()
        # One of the random CSRF tokens spelled "Noor" in a CI run (about one run in sixty).
        body = without_csrf_tokens(body)
        if rule.endpoint in SHOWS_DEMO_EXAMPLE:
            continue
        if role in ("other_pupil", "other_teacher", "other_admin"):
            leaked = [text for text in OURS if text in body]
            assert not leaked, (role, leaked)
        elif role != "anonymous":
            leaked = [text for text in THEIRS if text in body]
            assert not leaked, (role, leaked)


def test_a_co_teacher_sees_only_the_class_they_co_teach(app, demo, other_school):
    kees = Actor(app.test_client())
    kees.sign_in_staff(other_school.co_teacher_email)
    vmbo = demo.classes[1]
    assert kees.get(f"/classes/{vmbo.public_id}/").status_code == 404
    assert "VMBO 3B" not in kees.get("/classes/").text


def test_pupil_ids_of_another_class_are_not_found(app, demo, other_school):
    teacher = Actor(app.test_client())
    teacher.sign_in_staff("leraar@demo.leergang.nl")
    groep8 = demo.classes[0]
    zoe = other_school.pupil.public_id
    for path in ("", "card", "rename", "remove"):
        assert teacher.get(f"/classes/{groep8.public_id}/pupils/{zoe}/{path}").status_code == 404
    assert teacher.post(f"/classes/{groep8.public_id}/pupils/{zoe}/unlock").status_code == 404
    # The class code (on every pupil's card) does not open the teacher's pages.
    assert teacher.get("/classes/KTR947/").status_code == 404


def test_a_pupil_cannot_open_another_schools_assignment(app, demo, other_school):
    """Zoë's class (groep 7) has the groep 7/8 lesson; Noor's VMBO schoolmates do not."""
    yara = next(p for p in demo.pupils["HMW374"] if p.display_name == "Yara")
    actor = Actor(app.test_client())
    actor.sign_in_pupil("HMW374", yara)
    assert actor.get("/learn/nodig-of-willen/").status_code == 404
    assert actor.post("/learn/nodig-of-willen/start").status_code == 404
