"""Time the evaluator's pages on a million anonymous events.

Run: ``.venv/bin/python benchmarks/metrics.py [--events 1000000] [--sqlite PATH]
[--postgres postgresql://postgres@127.0.0.1:5432/leergang_bench]``. Generates about 40,000
pupils in 1,500 classes of 60 schools (one programme), each pupil with a module (start, pre-test,
lesson questions, post-test, self-efficacy before and after, finish) and game runs, until the
number of events is reached; then prints how long the dashboard, the printable report and the
CSV and JSON exports take, each through the real HTTP route. Prints figures; not a test.

The goal is under one second per page on a 2-core machine. The pages read ``item_summary`` (one
row per pupil and module or game), kept in step with the events in the same transaction; see
``leergang/metrics/summaries.py`` for why it stays correct when a pupil is deleted or opted out.
The database adds up further: the knowledge gain comes back as sums per module and per class
(``metrics/sums.py``), reach through covering indexes (``metrics/use.py``).
``--reuse`` times already generated databases again (bring an older SQLite file up to date
with ``flask db upgrade`` and ``ANALYZE`` first).

Besides wall time it prints the app process's CPU time: on SQLite that is all the work, and on a
shared, loaded machine it says more than wall time (PostgreSQL's own work is not in it). The
load average is printed before and after.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, text

LESSONS = Path(__file__).parents[1] / "lessons"
SCHOOLS, CLASSES, PUPILS = 60, 1500, 40_000
LEVELS = ("po-7", "po-8", "vmbo-bb", "vmbo-kb", "vmbo-gt")
YEARS = ("2025-2026", "2026-2027")


def make_app(url: str):
    from leergang import create_app

    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "benchmark-secret-key-long-enough-for-the-check",
            "DATABASE_URL": url,
            "LESSONS_DIR": str(LESSONS),
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )


def generate(app, events_wanted: int, seed: int = 7) -> int:
    """Schools, a programme with an evaluator, and ``events_wanted`` events; returns the count."""
    from leergang.auth.models import Role, StaffUser
    from leergang.auth.services import hash_password
    from leergang.classes.models import School
    from leergang.db import new_session
    from leergang.library import get_library
    from leergang.metrics.models import (
        ActivityEvent,
        AnswerEvent,
        GameOutcome,
        GoNoGoCriterion,
        Programme,
        ProgrammeEvaluator,
        ProgrammeSchool,
        SelfEfficacyEvent,
    )
    from leergang.metrics.summaries import rebuild
    from leergang.migrations.runner import upgrade

    rng = random.Random(seed)
    with app.app_context():
        upgrade()
        library = get_library()
        modules = [m for m in library.modules.values() if m.knowledge_check_steps("pre")]
        scenarios = list(library.scenarios.values())
        with new_session(write=True) as session:
            schools = [School(name=f"School {i}") for i in range(SCHOOLS)]
            session.add_all(schools)
            programme = Programme(name="Benchmark programme", cost_cents=5_000_000)
            evaluator = StaffUser(
                email="bench@example.org",
                display_name="Bench",
                role=Role.EVALUATOR,
                password_hash=hash_password("bench-pass"),
            )
            session.add_all([programme, evaluator])
            session.flush()
            session.add_all(
                ProgrammeSchool(programme_id=programme.id, school_id=s.id) for s in schools
            )
            session.add(ProgrammeEvaluator(staff_user_id=evaluator.id, programme_id=programme.id))
            session.add_all(
                [
                    GoNoGoCriterion(
                        programme_id=programme.id,
                        phase="valideren",
                        measure="reach_pupils",
                        threshold=20000,
                    ),
                    GoNoGoCriterion(
                        programme_id=programme.id,
                        phase="valideren",
                        measure="completion_share",
                        threshold=0.8,
                    ),
                    GoNoGoCriterion(
                        programme_id=programme.id,
                        phase="experimenteren",
                        measure="knowledge_gain_d",
                        threshold=0.25,
                    ),
                ]
            )
            session.commit()
            school_keys = [s.research_key for s in schools]
        classes = [
            {
                "class_key": secrets.token_hex(8),
                "school_key": school_keys[c % SCHOOLS],
                "level": LEVELS[c % len(LEVELS)],
                "school_year": YEARS[c % 2],
                "group": "comparison" if c % 10 == 0 else "lesson",
            }
            for c in range(CLASSES)
        ]
        rows: dict[type, list[dict]] = {
            t: [] for t in (ActivityEvent, AnswerEvent, SelfEfficacyEvent, GameOutcome)
        }
        total = 0
        pupil = 0
        while total < events_wanted:
            klass = classes[pupil % CLASSES]
            ctx = {
                "pseudonym": secrets.token_hex(12),
                **klass,
                "research_use": rng.random() > 0.02,
                "iso_week": f"2026-W{rng.randint(36, 51)}",
            }
            pupil += 1
            for module in rng.sample(modules, 1 if pupil % 3 else 2):
                ability = rng.random()
                lesson_bonus = 0.25 if klass["group"] == "lesson" else 0.08
                rows[ActivityEvent].append(
                    {
                        **ctx,
                        "kind": "module_started",
                        "item_id": module.id,
                        "item_version": module.version,
                        "run_number": 1,
                    }
                )
                for step in module.steps:
                    check = getattr(step, "knowledge_check", None)
                    if step.is_question:
                        chance = 0.3 + 0.4 * ability
                        if check and check.test == "post" or not check:
                            chance += lesson_bonus
                        right = rng.random() < chance
                        rows[AnswerEvent].append(
                            {
                                **ctx,
                                "module_id": module.id,
                                "module_version": module.version,
                                "step_id": step.id,
                                "correct": right,
                                "score": float(right),
                                "knowledge_check_test": check.test if check else None,
                                "knowledge_check_construct": check.construct_id if check else None,
                            }
                        )
                    elif step.type == "self_efficacy":
                        for statement in step.statements:
                            rows[SelfEfficacyEvent].append(
                                {
                                    **ctx,
                                    "module_id": module.id,
                                    "module_version": module.version,
                                    "moment": step.moment,
                                    "statement_id": statement.id,
                                    "rating": rng.randint(2, 5),
                                }
                            )
                if rng.random() < 0.85:
                    rows[ActivityEvent].append(
                        {
                            **ctx,
                            "kind": "module_finished",
                            "item_id": module.id,
                            "item_version": module.version,
                            "run_number": 1,
                        }
                    )
            scenario = rng.choice(scenarios)
            for run in range(1, rng.randint(1, 3) + 1):
                common = {
                    "item_id": scenario.id,
                    "item_version": scenario.version,
                    "run_number": run,
                }
                rows[ActivityEvent].append({**ctx, "kind": "game_started", **common})
                rows[ActivityEvent].append({**ctx, "kind": "game_finished", **common})
                debt = rng.random() < 0.3 / run
                rows[GameOutcome].append(
                    {
                        **ctx,
                        "scenario_id": scenario.id,
                        "scenario_version": scenario.version,
                        "run_number": run,
                        "goal_reached": not debt and rng.random() < 0.6,
                        "ended_in_debt": debt,
                        "fees_cents": rng.randint(0, 3000) if debt else 0,
                        "cash_cents": 1000,
                        "bank_cents": 5000,
                        "savings_cents": 2000,
                        "debt_cents": 4000 if debt else 0,
                        "wellbeing": 60,
                        "turns": 12,
                    }
                )
            total = sum(len(r) for r in rows.values())
        with new_session(write=True) as session:
            for table, batch in rows.items():
                for start in range(0, len(batch), 20_000):
                    session.execute(insert(table), batch[start : start + 20_000])
            session.commit()
            # The app keeps the summary rows in step as events are recorded; events written
            # straight into the tables need the rebuild (timed: it is also the repair).
            start = time.perf_counter()
            rebuild(session=session)
            session.commit()
            # Table statistics, so the planner scans rather than probes the school_key index
            # when a programme covers every school (in production: autovacuum on PostgreSQL,
            # ``PRAGMA optimize`` now and then on SQLite).
            session.execute(text("ANALYZE"))
            session.commit()
            print(f"rebuilding the summaries took {time.perf_counter() - start:.1f} s")
    print(f"generated {total:,} events for {pupil:,} pupils in {CLASSES:,} classes")
    return total


def time_pages(app) -> None:
    client = app.test_client()
    response = client.post("/login", data={"email": "bench@example.org", "password": "bench-pass"})
    assert response.status_code == 302, response.status_code
    pages = [
        ("dashboard", "/evaluate/"),
        ("dashboard, filtered (year + level)", "/evaluate/?school_year=2026-2027&level=po-8"),
        ("report", "/evaluate/report"),
        ("export CSV", "/evaluate/export.csv"),
        ("export JSON", "/evaluate/export.json"),
    ]
    client.get("/evaluate/")  # warm up: SciPy imports, template compilation
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())} (2 cores)")
    for name, url in pages:
        times, cpu = [], []
        for _ in range(3):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            assert response.status_code == 200, (url, response.status_code)
        print(f"{name:40s} best {min(times):6.3f} s   median {sorted(times)[1]:6.3f} s"
              f"   app CPU best {min(cpu):6.3f} s")  # fmt: skip
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--sqlite", help="SQLite file (default: a temporary one)")
    parser.add_argument("--postgres", help="PostgreSQL URL of an empty database")
    parser.add_argument("--reuse", action="store_true", help="time already generated databases")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    args = parser.parse_args()
    targets = []
    if not args.no_sqlite:
        path = args.sqlite or str(Path(tempfile.mkdtemp()) / "metrics-bench.db")
        targets.append(("SQLite", f"sqlite:///{path}"))
    if args.postgres:
        targets.append(("PostgreSQL", args.postgres))
    for name, url in targets:
        print(f"== {name}")
        app = make_app(url)
        if not args.reuse:
            start = time.perf_counter()
            generate(app, args.events)
            print(f"generating took {time.perf_counter() - start:.0f} s")
        time_pages(app)
        app.extensions["leergang.engine"].dispose()


if __name__ == "__main__":
    main()
