"""The demo school's synthetic history: anonymous events only, deterministic, enough pupils per
module that figures are shown, one comparison class taking the tests only; off unless asked."""

from __future__ import annotations

import statistics
from collections import defaultdict

from sqlalchemy import delete, func
from sqlmodel import select

from leergang.classes.models import Pupil
from leergang.db import new_session
from leergang.demo import seed_demo
from leergang.demo_history import history_classes
from leergang.metrics.models import EVENT_TABLES, ActivityEvent, AnswerEvent, GameOutcome
from leergang.metrics.suppression import DEFAULT_K
from tests.helpers import Actor


def _snapshot(session) -> dict[str, list[tuple]]:
    """Every event row without its id, sorted: equal snapshots mean equal histories."""
    snapshot = {}
    for table in EVENT_TABLES:
        columns = [c for c in table.__table__.columns if c.name != "id"]
        rows = session.execute(select(*columns)).all()
        snapshot[table.__tablename__] = sorted(tuple(map(str, row)) for row in rows)
    return snapshot


def test_the_demo_in_tests_has_no_history(app, demo):
    assert demo.history is None
    with app.app_context(), new_session() as session:
        assert all(session.exec(select(func.count()).select_from(t)).one() == 0
                   for t in EVENT_TABLES)  # fmt: skip


def test_the_history_is_anonymous_deterministic_and_written_once(app, demo, library):
    with app.app_context(), new_session(write=True) as session:
        pupils_before = session.exec(select(func.count()).select_from(Pupil)).one()
        school = seed_demo(session=session, history=True)
        assert school.history.created
        first = _snapshot(session)
        again = seed_demo(session=session, history=True)  # a second ./dev start
        assert not again.history.created and _snapshot(session) == first
        for table in EVENT_TABLES:
            session.execute(delete(table))
        session.commit()
        seed_demo(session=session, history=True)
        assert _snapshot(session) == first  # the same seed gives the same history
        assert session.exec(select(func.count()).select_from(Pupil)).one() == pupils_before
        answers = list(session.exec(select(AnswerEvent)))
        activity = list(session.exec(select(ActivityEvent)))
        outcomes = list(session.exec(select(GameOutcome)))

    history = school.history
    assert history_classes() == history.classes  # a report can find the comparison class
    comparison = {p for c in history.classes if c.comparison for p in c.pseudonyms}
    lesson = {p for c in history.classes if not c.comparison for p in c.pseudonyms}
    assert len([c for c in history.classes if c.comparison]) == 1 and len(history.classes) >= 5
    assert {e.pseudonym for e in answers} <= comparison | lesson  # no real pupil's pseudonym

    # Every module has knowledge-check answers of at least 30 lesson pupils.
    by_module = defaultdict(set)
    for e in answers:
        if e.knowledge_check_test == "post" and e.pseudonym in lesson:
            by_module[e.module_id].add(e.pseudonym)
    assert set(by_module) == set(library.modules)
    assert min(map(len, by_module.values())) >= 30

    # The comparison class takes the tests only: no lesson question, no finished module.
    assert all(e.knowledge_check_test for e in answers if e.pseudonym in comparison)
    assert not [e for e in activity if e.pseudonym in comparison and e.kind == "module_finished"]

    # A realistic gain: the paired pre/post difference, over the pre-test SD, per module.
    scores = defaultdict(lambda: [0, 0, False])
    for e in answers:
        if e.knowledge_check_test and e.pseudonym in lesson:
            row = scores[e.module_id, e.pseudonym]
            row[e.knowledge_check_test == "post"] += e.correct
            row[2] |= e.knowledge_check_test == "post"
    effects = []
    for module_id in library.modules:
        pairs = [v for (m, _p), v in scores.items() if m == module_id and v[2]]
        pre = [v[0] for v in pairs]
        effects.append(statistics.mean(v[1] - v[0] for v in pairs) / statistics.pstdev(pre))
    assert 0.2 <= statistics.mean(effects) <= 0.45

    # Games: later runs end in debt less often than first runs.
    def debt_share(runs):
        return statistics.mean(o.ended_in_debt for o in runs)

    first_runs = [o for o in outcomes if o.run_number == 1]
    later_runs = [o for o in outcomes if o.run_number > 1]
    assert len(later_runs) >= 30 and debt_share(later_runs) < debt_share(first_runs)


def test_the_author_sees_item_statistics_from_the_history(app, client, demo, library):
    with app.app_context(), new_session(write=True) as session:
        seed_demo(session=session, history=True)
    author = Actor(client)
    author.sign_in_staff("auteur@demo.leergang.nl")
    page = author.get("/authoring/item-statistics").get_data(as_text=True)
    assert "Modules met cijfers" in page and "Modules nog zonder cijfers" not in page
    assert page.count('<section aria-labelledby="module-') == len(library.modules)
    assert page.count(f"<td>&lt; {DEFAULT_K}</td>") < page.count("<tr>") / 4  # most have figures
