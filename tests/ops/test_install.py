"""A real install from the command line: a school, its admin, teachers by invitation; and what
staff without a school see (an explanation, never a 500)."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from leergang.auth.models import Role, StaffUser
from leergang.auth.services import hash_password
from leergang.classes.models import School
from leergang.db import new_session
from tests.conftest import Actor
from tests.http.test_access_matrix import RULES

PASSWORD = "a-long-enough-password"
NO_SCHOOL = "Je account hoort nog niet bij een school"


def _cli(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def _staff(app, email):
    with app.app_context(), new_session() as session:
        return session.exec(select(StaffUser).where(StaffUser.email == email)).one()


def test_first_run_school_admin_invite_teacher_class(app):
    result = _cli(app, "school", "create", "--name", "OBS  De Regenboog")
    assert result.exit_code == 0, result.output
    assert "Created school 1: OBS De Regenboog" in result.output
    assert "OBS De Regenboog" in _cli(app, "school", "list").output

    result = _cli(
        app,
        "staff",
        "create",
        "--email",
        "Beheer@School.nl",
        "--name",
        "Beheer",
        "--role",
        "admin",
        "--school",
        "OBS De Regenboog",
        "--password",
        PASSWORD,
    )
    assert result.exit_code == 0, result.output
    admin = _staff(app, "beheer@school.nl")
    assert admin.role == Role.ADMIN and admin.school_id == 1

    browser = Actor(app.test_client())
    browser.sign_in_staff("beheer@school.nl", PASSWORD)
    browser.get("/school/invites")
    page = browser.post("/school/invites", {"email": "juf@school.nl"}).text
    link = re.search(r"https?://[^/\s\"<]+(/school/join/[^\s\"<]+)", page).group(1)

    teacher = Actor(app.test_client())
    teacher.get(link)
    response = teacher.post(
        link, {"display_name": "Juf Anna", "password": PASSWORD, "confirm": PASSWORD}
    )
    assert response.status_code == 302, response.text[:2000]
    assert _staff(app, "juf@school.nl").school_id == 1
    teacher.get("/classes/new")
    response = teacher.post(
        "/classes/new",
        {
            "name": "Groep 8",
            "school_year": teacher.get("/classes/new")
            .text.split('selected value="')[1]
            .split('"')[0],
            "level": "po-8",
            "secret_kind": "pictures",
        },
    )
    assert response.status_code == 302
    assert "Groep 8" in teacher.get(response.headers["Location"]).text
    # The invite link works once.
    assert Actor(app.test_client()).get(link).status_code == 404


def test_staff_create_asks_for_a_school_for_teachers_and_admins(app):
    for role in ("teacher", "admin"):
        result = _cli(
            app,
            "staff",
            "create",
            "--email",
            f"{role}@x.nl",
            "--name",
            "X",
            "--role",
            role,
            "--password",
            PASSWORD,
        )
        assert result.exit_code == 1 and "--school" in result.output
    result = _cli(
        app,
        "staff",
        "create",
        "--email",
        "t@x.nl",
        "--name",
        "X",
        "--role",
        "teacher",
        "--school",
        "Nowhere",
        "--password",
        PASSWORD,
    )
    assert result.exit_code == 1 and "No school 'Nowhere'" in result.output
    # Authors and evaluators work for no single school.
    result = _cli(
        app,
        "staff",
        "create",
        "--email",
        "a@x.nl",
        "--name",
        "A",
        "--role",
        "author",
        "--password",
        PASSWORD,
    )
    assert result.exit_code == 0, result.output
    with app.app_context(), new_session() as session:
        assert session.exec(select(School)).all() == []


def test_school_names_are_unique_and_numbers_pick_one(app):
    assert _cli(app, "school", "create", "--name", "A").exit_code == 0
    result = _cli(app, "school", "create", "--name", "A")
    assert result.exit_code == 1 and "already a school" in result.output
    assert _cli(app, "school", "create", "--name", " ").exit_code == 1


def _schoolless(app, role):
    with app.app_context(), new_session(write=True) as session:
        session.add(
            StaffUser(
                email=f"{role}@zonder.nl",
                display_name="Zonder",
                role=role,
                password_hash=hash_password(PASSWORD),
            )
        )
        session.commit()
    actor = Actor(app.test_client())
    actor.sign_in_staff(f"{role}@zonder.nl", PASSWORD)
    actor.get("/")
    return actor


SCHOOL_PAGES = [r for r in RULES if r.endpoint.startswith("classes.")] + [
    r for r in RULES if r.endpoint == "school.invite_teachers"
]
VALUES = {
    "class_id": "c",
    "pupil_id": "p",
    "assignment_id": "a",
    "module_id": "nodig-of-willen",
    "teacher_id": 1,
}


@pytest.mark.parametrize("role", [Role.TEACHER, Role.ADMIN])
def test_staff_without_a_school_get_an_explanation_on_every_staff_page(app, demo, role):
    actor = _schoolless(app, role)
    for rule in SCHOOL_PAGES:
        url = rule.build({k: v for k, v in VALUES.items() if k in rule.arguments})[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = actor.get(url) if method == "GET" else actor.post(url, {"name": "X"})
            if rule.endpoint == "classes.create" and role == Role.ADMIN:
                assert response.status_code == 403, (url, method)  # not a teacher page at all
                continue
            if role == Role.ADMIN and rule.endpoint.startswith("classes."):
                allowed = response.status_code in (403, 404)
            else:
                allowed = response.status_code == 403
            assert allowed and NO_SCHOOL in response.text, (url, method, response.status_code)
    # Pages that need no school still work, and the home page leads somewhere that explains.
    home = actor.get("/")
    assert home.status_code == 302
    page = actor.get(home.headers["Location"])
    assert page.status_code in (200, 403)
    assert page.status_code == 200 or NO_SCHOOL in page.text
    with app.app_context(), new_session() as session:
        assert session.exec(select(StaffUser).where(StaffUser.school_id.is_(None))).all()


def test_staff_set_school_links_an_existing_account(app, demo):
    actor = _schoolless(app, Role.TEACHER)
    assert actor.get("/classes/").status_code == 403
    result = _cli(app, "staff", "set-school", "--email", "teacher@zonder.nl", "--school", "1")
    assert result.exit_code == 0, result.output
    assert actor.get("/classes/").status_code == 200
