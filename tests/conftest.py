"""Shared fixtures: an app on a real, migrated database per test.

SQLite by default. With ``LEERGANG_TEST_POSTGRES`` set (e.g. ``postgresql://127.0.0.1:5432``),
the same tests run against a throwaway PostgreSQL database created for this run and dropped after.
"""

from __future__ import annotations

import shutil
import uuid

import pytest
from argon2 import PasswordHasher
from jinja2 import BytecodeCache
from sqlalchemy import text
from sqlmodel import SQLModel

from leergang import create_app
from leergang.auth import services as auth_services
from leergang.db import make_engine, new_session
from tests.helpers import (
    LESSONS_DIR,
    POSTGRES,
    Actor,
    migrate,
    shipped_library,
    throwaway_postgres_database,
)

# Staff passwords in the apps the tests make in this process: still argon2id, but 1 MiB and one
# pass instead of OWASP's 19 MiB and two (about 30 ms of CPU per hash or staff sign-in on a slow
# machine, paid by every demo seed). Served apps (tests/served.py, gunicorn in its own process)
# keep the production parameters; tests/test_password_hashing.py checks those.
auth_services._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
auth_services._DUMMY_HASH = auth_services._hasher.hash(uuid.uuid4().hex)


class _SharedTemplates(BytecodeCache):
    """Compiled templates shared by every app of this process (each test makes its own app,
    whose Jinja environment would parse and compile every template it renders again). Jinja
    checks each entry against the template's source, so an edited template is compiled anew."""

    def __init__(self):
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket):
        self.code[bucket.key] = bucket.bytecode_to_string()


_SHARED_TEMPLATES = _SharedTemplates()


def pytest_collection_modifyitems(items):
    for item in items:
        if "app" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.db)


@pytest.fixture(scope="session")
def database_template(tmp_path_factory):
    """A migrated database made once per test session (``alembic upgrade head`` from empty)."""
    if POSTGRES:
        with throwaway_postgres_database("leergang_test") as url:
            migrate(url)
            yield url
    else:
        path = tmp_path_factory.mktemp("db") / "template.db"
        migrate(f"sqlite:///{path}")
        yield path


@pytest.fixture
def empty_database(tmp_path):
    """A new, empty database (no tables): a file on SQLite, a throwaway database on PostgreSQL.
    For the migration tests, which build the schema themselves."""
    if not POSTGRES:
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    with throwaway_postgres_database("leergang_empty") as url:
        yield url


_RESTART_SEQUENCES = text(
    "SELECT setval(c.oid::regclass, 1, false) FROM pg_class c"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE c.relkind = 'S' AND n.nspname = current_schema()"
)


@pytest.fixture
def database_url(database_template, tmp_path):
    if POSTGRES:
        yield database_template
        # Emptied for the next test as new: every row gone (children first), every id back at 1.
        # DELETE takes 13 ms on these small tables where TRUNCATE of all 26 takes 70 ms.
        engine = make_engine(database_template)
        with engine.begin() as conn:
            for table in reversed(SQLModel.metadata.sorted_tables):
                conn.execute(table.delete())
            conn.execute(_RESTART_SEQUENCES)
        engine.dispose()
    else:
        path = tmp_path / "leergang.db"
        shutil.copy(database_template, path)
        yield f"sqlite:///{path}"


@pytest.fixture
def app_config(database_url, preloaded_library):
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-for-tests",
        "DATABASE_URL": database_url,
        "LESSONS_DIR": str(LESSONS_DIR),
        "PRELOADED_LIBRARIES": {str(LESSONS_DIR): preloaded_library},
        "RATELIMIT_ENABLED": True,
        # The content store asks the database every N seconds whether something was published;
        # tests that count a page's queries must not catch that check. Store tests set 0.
        "CONTENT_CHECK_SECONDS": 3600,
    }


@pytest.fixture
def app(app_config):
    app = create_app(app_config)
    app.jinja_env.bytecode_cache = _SHARED_TEMPLATES
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
def preloaded_library():
    """lessons/ parsed once per test session (per xdist worker) and handed to every app."""
    return shipped_library()


@pytest.fixture(scope="session")
def library(preloaded_library):
    assert not preloaded_library.problems, [p.format() for p in preloaded_library.problems]
    return preloaded_library


def pytest_report_header(config):
    return f"database: {'PostgreSQL ' + POSTGRES if POSTGRES else 'SQLite'}"
