"""The migration that adds ``answer_event.chosen``: back-filled from the answers of pupils who still
exist, never from a reflection's text, and without touching the pupils' own rows.

Runs on SQLite, and on PostgreSQL when ``LEERGANG_TEST_POSTGRES`` is set.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from leergang.db import make_engine
from tests.helpers import migrate

BEFORE = "381f0d3dbb8f"  # the revision before answer_event.chosen
pytestmark = pytest.mark.db


# step id → (stored answer, correct); "denk-na" is a reflection.
ANSWERS = {
    "kies": ('{"choice": "sparen"}', True),
    "meer": ('{"choices": ["a", "c"]}', False),
    "waar": ('{"choice": false}', True),
    "bedrag": ('{"cents": 1250}', False),
    "denk-na": ('{"text": "geheim-van-thuis"}', None),
    "vreemd": ('{"choice": "Ik typte dit zelf"}', False),
}


def _old_rows(conn) -> None:
    conn.execute(text("INSERT INTO school (id, name, created_at, research_key)"
                      " VALUES (1, 'De Es', '2026-11-20', 'k1')"))  # fmt: skip
    conn.execute(text(
        "INSERT INTO classroom (id, school_id, name, level, code, secret_kind, created_at,"
        " public_id, school_year) VALUES (1, 1, 'Groep 8', 'po-8', 'KTR947', 'pictures',"
        " '2026-11-20', 'c1', '2026-2027')"))  # fmt: skip
    conn.execute(text(
        "INSERT INTO pupil (id, classroom_id, public_id, display_name, secret, failed_attempts,"
        " pseudonym, created_at) VALUES (1, 1, 'p1', 'Noor', 'kat-appel', 0, 'noor-pseudonym',"
        " '2026-11-20')"))  # fmt: skip
    conn.execute(text(
        "INSERT INTO module_progress (id, pupil_id, module_id, module_version, current_step_id,"
        " started_at, updated_at) VALUES (1, 1, 'nodig-of-willen', '1', 'eind', '2026-11-20',"
        " '2026-11-20')"))  # fmt: skip
    for step, (answer, correct) in ANSWERS.items():
        conn.execute(
            text("INSERT INTO step_answer (progress_id, step_id, answer, correct, score,"
                 " created_at) VALUES (1, :s, :a, :c, 0, '2026-11-20')"),
            {"s": step, "a": answer, "c": correct},
        )  # fmt: skip
    # Every step has an event here, the reflection too (a hostile or broken earlier version),
    # and a deleted pupil's event with the same step ids has no answer left to read.
    for pseudonym in ("noor-pseudonym", "gone-pseudonym"):
        for step, (_answer, correct) in ANSWERS.items():
            conn.execute(
                text("INSERT INTO answer_event (pseudonym, module_id, module_version, step_id,"
                     " correct, score, iso_week, research_use) VALUES (:p, 'nodig-of-willen',"
                     " '1', :s, :c, 0, '2026-W48', true)"),
                {"p": pseudonym, "s": step, "c": bool(correct)},
            )  # fmt: skip


def test_upgrade_backfills_chosen_options_and_never_a_text(empty_database):
    migrate(empty_database, BEFORE)
    engine = make_engine(empty_database)
    with engine.begin() as conn:
        _old_rows(conn)

    migrate(empty_database, "head")

    with engine.connect() as conn:
        rows = conn.execute(text("SELECT pseudonym, step_id, chosen FROM answer_event")).all()
        kept = [conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in ("pupil", "module_progress", "step_answer")]  # fmt: skip
    engine.dispose()

    chosen = {(p, s): c for p, s, c in rows}
    assert kept == [1, 1, len(ANSWERS)]
    assert {s: c for (p, s), c in chosen.items() if p == "noor-pseudonym"} == {
        "kies": "sparen",
        "meer": "a,c",
        "waar": "false",
        "bedrag": None,
        "denk-na": None,
        "vreemd": None,
    }
    assert all(c is None for (p, _s), c in chosen.items() if p == "gone-pseudonym")
    assert not any("geheim" in (c or "") or "typte" in (c or "") for c in chosen.values())
