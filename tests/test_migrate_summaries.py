"""The migration that adds programmes, class keys and ``item_summary``: it fills the summary rows
from the events on its own (plain SQL, no app code), with the result the app's repair gives.

Runs on SQLite, and on PostgreSQL when ``LEERGANG_TEST_POSTGRES`` is set.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from leergang.db import make_engine, new_session
from tests.helpers import bare_app, migrate

BEFORE = "57bc9a6d408d"  # the revision before programmes and item_summary
MIGRATION = "20261129_f6cc7b884fef_programmes_go_no_go_class_keys_comparison.py"
pytestmark = pytest.mark.db


CONTEXT = "school_key, level, school_year, iso_week, research_use"
ROW = "'k1', 'po-8', '2026-2027', '2026-W48', true"


def _old_rows(conn) -> None:
    conn.execute(text("INSERT INTO school (id, name, created_at, research_key)"
                      " VALUES (1, 'De Es', '2026-11-20', 'k1')"))  # fmt: skip
    conn.execute(text(
        "INSERT INTO classroom (id, school_id, name, level, code, secret_kind, created_at,"
        " public_id, school_year) VALUES (1, 1, 'Groep 8', 'po-8', 'KTR947', 'pictures',"
        " '2026-11-20', 'c1', '2026-2027')"))  # fmt: skip
    conn.execute(text(
        "INSERT INTO pupil (id, classroom_id, public_id, display_name, secret, failed_attempts,"
        " pseudonym, created_at) VALUES (1, 1, 'p1', 'Noor', 'kat-appel', 0, 'noor',"
        " '2026-11-20')"))  # fmt: skip

    def activity(pseudonym, kind, item, run=1):
        conn.execute(text(
            f"INSERT INTO activity_event (pseudonym, {CONTEXT}, kind, item_id, item_version,"
            f" run_number) VALUES (:p, {ROW}, :k, :i, '1', :r)"),
            {"p": pseudonym, "k": kind, "i": item, "r": run})  # fmt: skip

    def answer(pseudonym, step, test, score):
        conn.execute(text(
            f"INSERT INTO answer_event (pseudonym, {CONTEXT}, module_id, module_version, step_id,"
            f" correct, score, knowledge_check_test) VALUES (:p, {ROW}, 'nodig-of-willen', '1',"
            " :s, :c, :score, :t)"),
            {"p": pseudonym, "s": step, "c": score > 0, "score": score, "t": test})  # fmt: skip

    def rating(pseudonym, moment, statement, value):
        conn.execute(text(
            f"INSERT INTO self_efficacy_event (pseudonym, {CONTEXT}, module_id, module_version,"
            f" moment, statement_id, rating) VALUES (:p, {ROW}, 'nodig-of-willen', '1', :m, :s,"
            " :r)"), {"p": pseudonym, "m": moment, "s": statement, "r": value})  # fmt: skip

    # Noor (still in her class): module finished with both tests and ratings, a game run twice.
    activity("noor", "module_started", "nodig-of-willen")
    activity("noor", "module_finished", "nodig-of-willen")
    for step, test, score in (("v1", "pre", 0.0), ("v2", "pre", 1.0), ("n1", "post", 1.0),
                              ("n2", "post", 0.5), ("les", None, 1.0)):  # fmt: skip
        answer("noor", step, test, score)
    for moment, statement, value in (("pre", "a", 2), ("pre", "b", 3), ("post", "a", 4)):
        rating("noor", moment, statement, value)
    for run in (1, 2):
        activity("noor", "game_started", "sparen-voor", run)
    activity("noor", "game_finished", "sparen-voor", 2)
    # A deleted pupil: started the module, took the pre-test only.
    activity("gone", "module_started", "nodig-of-willen")
    answer("gone", "v1", "pre", 1.0)


COLUMNS = (
    "pseudonym, school_key, class_key, \"group\", kind, item_id, finished, pre_answered,"
    " pre_score, post_answered, post_score, efficacy_pre_count, efficacy_pre_sum,"
    " efficacy_post_count, efficacy_post_sum"
)


def _summaries(conn) -> list[tuple]:
    rows = conn.execute(text(f"SELECT {COLUMNS} FROM item_summary ORDER BY pseudonym, kind"))
    return [(*row[:6], bool(row[6]), *row[7:]) for row in rows]  # SQLite's finished is 0/1


def test_upgrade_fills_the_summaries_from_the_events(empty_database):
    migrate(empty_database, BEFORE)
    engine = make_engine(empty_database)
    with engine.begin() as conn:
        _old_rows(conn)

    migrate(empty_database, "head")

    with engine.connect() as conn:
        migrated = _summaries(conn)
        key = conn.execute(text("SELECT research_key FROM classroom")).scalar_one()
    engine.dispose()
    assert migrated == [
        ("gone", "k1", None, None, "module", "nodig-of-willen", False, 1, 1.0, 0, 0.0, 0, 0, 0, 0),
        ("noor", "k1", key, "lesson", "game", "sparen-voor", True, 0, 0.0, 0, 0.0, 0, 0, 0, 0),
        ("noor", "k1", key, "lesson", "module", "nodig-of-willen", True, 2, 1.0, 2, 1.5, 2, 5, 1,
         4),
    ]  # fmt: skip

    # The app's own repair (``summaries.rebuild``) gives the same rows.
    app = bare_app(empty_database)
    with app.app_context():
        from leergang.db import get_engine
        from leergang.metrics.summaries import rebuild

        with new_session(write=True) as session:
            rebuild(session=session)
            session.commit()
        with get_engine().connect() as conn:
            rebuilt = _summaries(conn)
    app.extensions["leergang.engine"].dispose()
    assert rebuilt == migrated


def test_the_migration_uses_no_app_code():
    from leergang.migrations.runner import HERE

    source = Path(HERE / "versions" / MIGRATION).read_text(encoding="utf-8")
    assert "from leergang" not in source and "import leergang" not in source
