"""The migration that gives anonymous events their context: back-fill, then no exact times.

Runs on SQLite, and on PostgreSQL when ``LEERGANG_TEST_POSTGRES`` is set.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect, text

from leergang.db import make_engine
from tests.helpers import migrate

BEFORE = "d2c6e049a42a"  # game runs and outcomes; events with microsecond times
pytestmark = pytest.mark.db


# Sunday 29 November 2026, 23:30 UTC is Monday 30 November in Amsterdam: ISO week 49.
LATE_SUNDAY = datetime(2026, 11, 29, 23, 30, 12, 345678, tzinfo=UTC)
WEDNESDAY = datetime(2026, 11, 25, 10, 0, 0, 1, tzinfo=UTC)  # week 48


def _old_rows(conn) -> None:
    t = {"at": LATE_SUNDAY, "wed": WEDNESDAY}
    conn.execute(text("INSERT INTO school (id, name, created_at) VALUES (1, 'De Es', :at)"), t)
    conn.execute(text(
        "INSERT INTO classroom (id, school_id, name, level, code, secret_kind, created_at,"
        " public_id, school_year) VALUES (1, 1, 'Groep 8', 'po-8', 'KTR947', 'pictures', :at,"
        " 'c1', '2026-2027')"), t)  # fmt: skip
    conn.execute(text(
        "INSERT INTO pupil (id, classroom_id, public_id, display_name, secret, failed_attempts,"
        " locked, pseudonym, created_at, card_version) VALUES (1, 1, 'p1', 'Noor', 'kat-appel',"
        " 0, false, 'noor-pseudonym', :at, 1)"), t)  # fmt: skip
    conn.execute(text(
        "INSERT INTO module_progress (pupil_id, module_id, module_version, current_step_id,"
        " started_at, updated_at, finished_at) VALUES (1, 'nodig-of-willen', '1', 'eind', :wed,"
        " :at, :at)"), t)  # fmt: skip
    for step, ratings, when in (
        ("zeker-na", '{"ratings": {"sparen": 5}}', "at"),
        ("zeker-voor", '{"ratings": {"sparen": 2}}', "wed"),
        ("vraag", '{"choice": "a"}', "wed"),
    ):
        conn.execute(text(
            "INSERT INTO step_answer (progress_id, step_id, answer, score, created_at)"
            f" VALUES (1, :s, :a, 0, :{when})"), {**t, "s": step, "a": ratings})  # fmt: skip
    conn.execute(text(
        "INSERT INTO game_run (public_id, pupil_id, scenario_id, scenario_version, run_number,"
        " seed, started_at, updated_at) VALUES ('r1', 1, 'sparen-voor', '1', 1, 7, :wed, :wed)"),
        t)  # fmt: skip
    for pseudonym, step, when in (("noor-pseudonym", "v1", "at"), ("gone-pseudonym", "v1", "wed")):
        conn.execute(text(
            "INSERT INTO answer_event (pseudonym, module_id, module_version, step_id, correct,"
            f" score, answered_at) VALUES (:p, 'nodig-of-willen', '1', :s, true, 1.0, :{when})"),
            {**t, "p": pseudonym, "s": step})  # fmt: skip
    conn.execute(text(
        "INSERT INTO game_outcome (pseudonym, scenario_id, scenario_version, run_number,"
        " ended_in_debt, fees_cents, cash_cents, bank_cents, savings_cents, debt_cents, wellbeing,"
        " turns, finished_at) VALUES ('gone-pseudonym', 'sparen-voor', '1', 1, false, 0, 0, 0, 0,"
        " 0, 5, 10, :wed)"), t)  # fmt: skip


def test_upgrade_backfills_context_and_drops_exact_times(empty_database):
    migrate(empty_database, BEFORE)
    engine = make_engine(empty_database)
    with engine.begin() as conn:
        _old_rows(conn)

    migrate(empty_database, "head")

    with engine.connect() as conn:
        columns = {c["name"] for c in inspect(conn).get_columns("answer_event")}
        outcome_columns = {c["name"] for c in inspect(conn).get_columns("game_outcome")}
        key = conn.execute(text("SELECT research_key FROM school")).scalar_one()
        answers = conn.execute(text(
            "SELECT pseudonym, school_key, level, school_year, iso_week, research_use"
            " FROM answer_event ORDER BY pseudonym")).all()  # fmt: skip
        outcome = conn.execute(
            text("SELECT school_key, level, iso_week, research_use FROM game_outcome")
        ).one()
        activity = conn.execute(text(
            "SELECT kind, item_id, run_number, iso_week, school_key, level, school_year"
            " FROM activity_event ORDER BY kind, item_id")).all()  # fmt: skip
        ratings = conn.execute(text(
            "SELECT module_id, moment, statement_id, rating, iso_week, level"
            " FROM self_efficacy_event ORDER BY moment DESC")).all()  # fmt: skip
        opted_out = conn.execute(text("SELECT no_research_use FROM pupil")).scalar_one()
        kept = [
            conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("school", "classroom", "pupil", "module_progress", "game_run")
        ]
    engine.dispose()

    assert kept == [1, 1, 1, 1, 1]  # nothing of the pupil's own work is lost
    assert "answered_at" not in columns and "finished_at" not in outcome_columns
    assert key and len(key) == 16
    # A pupil who still exists gives their events school, level and year; a deleted one cannot.
    assert [tuple(row) for row in answers] == [
        ("gone-pseudonym", None, None, None, "2026-W48", True),
        ("noor-pseudonym", key, "po-8", "2026-2027", "2026-W49", True),
    ]
    assert tuple(outcome) == (None, None, "2026-W48", True)
    # Started and finished events come from the pupil's own rows.
    assert [tuple(row) for row in activity] == [
        ("game_started", "sparen-voor", 1, "2026-W48", key, "po-8", "2026-2027"),
        ("module_finished", "nodig-of-willen", 1, "2026-W49", key, "po-8", "2026-2027"),
        ("module_started", "nodig-of-willen", 1, "2026-W48", key, "po-8", "2026-2027"),
    ]
    # Self-efficacy ratings come from the stored answers: the first is "pre", the second "post".
    assert [tuple(row) for row in ratings] == [
        ("nodig-of-willen", "pre", "sparen", 2, "2026-W48", "po-8"),
        ("nodig-of-willen", "post", "sparen", 5, "2026-W49", "po-8"),
    ]
    assert opted_out is False or opted_out == 0
