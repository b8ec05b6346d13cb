"""Shared fixtures: an app on a real, migrated database per test.

SQLite by default. With ``LEERGANG_TEST_POSTGRES`` set (e.g. ``postgresql://127.0.0.1:5432``),
the same tests run against a throwaway PostgreSQL database created for this run and dropped after.
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel

from leergang import create_app
from leergang.config import ROOT
from leergang.db import make_engine, new_session

POSTGRES = os.environ.get("LEERGANG_TEST_POSTGRES", "").rstrip("/")
LESSONS_DIR = ROOT / "lessons"


def pytest_collection_modifyitems(items):
    for item in items:
        if "app" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.db)


def _migrate(url: str) -> None:
    app = create_app({"TESTING": True, "DATABASE_URL": url, "LESSONS_DIR": str(LESSONS_DIR)})
    with app.app_context():
        from leergang.migrations.runner import upgrade

        upgrade()
    app.extensions["leergang.engine"].dispose()


@pytest.fixture(scope="session")
def database_template(tmp_path_factory):
    """A migrated database made once per test session (``alembic upgrade head`` from empty)."""
    if POSTGRES:
        import psycopg

        name = f"leergang_test_{uuid.uuid4().hex[:10]}"
        admin_url = POSTGRES + "/postgres"
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = f"{POSTGRES}/{name}"
        _migrate(url)
        yield url
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path_factory.mktemp("db") / "template.db"
        _migrate(f"sqlite:///{path}")
        yield path


@pytest.fixture
def database_url(database_template, tmp_path):
    if POSTGRES:
        yield database_template
        engine = make_engine(database_template)
        tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
        with engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        engine.dispose()
    else:
        path = tmp_path / "leergang.db"
        shutil.copy(database_template, path)
        yield f"sqlite:///{path}"


@pytest.fixture
def app_config(database_url):
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-for-tests",
        "DATABASE_URL": database_url,
        "LESSONS_DIR": str(LESSONS_DIR),
        "RATELIMIT_ENABLED": True,
    }


@pytest.fixture
def app(app_config):
    app = create_app(app_config)
    yield app
    app.extensions["leergang.engine"].dispose()


@pytest.fixture
def demo(app):
    from leergang.demo import seed_demo

    with app.app_context(), new_session(write=True) as session:
        return seed_demo(session=session)


@pytest.fixture
def client(app):
    return app.test_client()


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_from(response) -> str:
    match = CSRF_RE.search(response.get_data(as_text=True))
    assert match, "page has no CSRF token"
    return match.group(1)


class Actor:
    """A test client that behaves like a browser: it fetches a page before posting its form."""

    def __init__(self, client):
        self.client = client
        self._token = None

    def get(self, url, **kw):
        response = self.client.get(url, **kw)
        if response.status_code == 200 and "csrf_token" in response.get_data(as_text=True):
            self._token = csrf_from(response)
        return response

    def post(self, url, data=None, htmx=False, **kw):
        if self._token is None:
            self.get("/")
        data = dict(data or {})
        data.setdefault("csrf_token", self._token)
        headers = kw.pop("headers", {})
        if htmx:
            headers.update({"HX-Request": "true", "X-CSRFToken": self._token})
        return self.client.post(url, data=data, headers=headers, **kw)

    def sign_in_staff(self, email, password="leergang-demo"):
        self.get("/login")
        response = self.post("/login", {"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response

    def sign_in_pupil(self, classroom_code, pupil):
        self.get(f"/pupil/{classroom_code}/{pupil.public_id}")
        if pupil.secret.isdigit():
            return self.post(f"/pupil/{classroom_code}/{pupil.public_id}", {"pin": pupil.secret})
        picked = []
        response = None
        for key in pupil.secret.split("-"):
            response = self.post(
                f"/pupil/{classroom_code}/{pupil.public_id}",
                {"picked": "-".join(picked), "pick": key},
            )
            picked.append(key)
        return response


@pytest.fixture
def actor(client):
    return Actor(client)


@pytest.fixture
def noor(demo):
    """A groep 8 pupil (picture password) of the demo school."""
    return next(p for p in demo.pupils["KTR947"] if p.display_name == "Noor")


@pytest.fixture
def pupil_actor(actor, noor):
    response = actor.sign_in_pupil("KTR947", noor)
    assert response.status_code == 302
    return actor


@pytest.fixture(scope="session")
def library():
    from leergang.content import load_library

    library = load_library(LESSONS_DIR)
    assert not library.problems, [p.format() for p in library.problems]
    return library


def pytest_report_header(config):
    return f"database: {'PostgreSQL ' + POSTGRES if POSTGRES else 'SQLite'}"


__all__ = ["Actor", "csrf_from", "LESSONS_DIR", "Path"]
