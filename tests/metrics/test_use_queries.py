"""The evaluator's counting queries (reach, funnels, levels, game runs) against counts by hand.

They were rewritten for speed (GROUP BY subqueries on covering indexes instead of
COUNT(DISTINCT …)); these cases hold the edges: a pupil with several items, a class key that is
unknown (events of pupils deleted before class keys), "no research use", other schools, filters.
"""

from __future__ import annotations

from leergang.db import new_session
from leergang.metrics import services, use
from leergang.metrics.models import GameOutcome, ItemSummary


def _summary(pseudonym, kind, item, *, school="s1", klass="c1", level="po-8", week="2026-W48",
             finished=True, research_use=True, pre=0, post=0):  # fmt: skip
    return ItemSummary(pseudonym=pseudonym, school_key=school, class_key=klass, level=level,
                       school_year="2026-2027", iso_week=week, research_use=research_use,
                       group="lesson", kind=kind, item_id=item, finished=finished,
                       pre_answered=pre, post_answered=post)  # fmt: skip


def _outcome(pseudonym, run, *, debt=False, school="s1", research_use=True):
    return GameOutcome(pseudonym=pseudonym, school_key=school, class_key="c1", level="po-8",
                       research_use=research_use,
                       school_year="2026-2027", iso_week="2026-W48", scenario_id="sparen",
                       scenario_version="1", run_number=run, goal_reached=not debt,
                       ended_in_debt=debt, fees_cents=100 if debt else 0, cash_cents=0,
                       bank_cents=0, savings_cents=0, debt_cents=0, wellbeing=5,
                       turns=8)  # fmt: skip


def test_reach_funnels_levels_and_game_runs_by_hand(app):
    rows = [
        # Anna: two modules (one finished) and a game; Bram: one module, not finished.
        _summary("anna", "module", "m1", pre=3, post=3),
        _summary("anna", "module", "m2", finished=False, pre=3),
        _summary("anna", "game", "sparen"),
        _summary("bram", "module", "m1", finished=False, level="vmbo-kb", klass="c2"),
        # Cas: in another school of the programme, with no class key (deleted before keys).
        _summary("cas", "module", "m1", school="s2", klass=None, week="2026-W50"),
        # Dirk: opted out; Eva: a school outside the programme.
        _summary("dirk", "module", "m1", research_use=False),
        _summary("eva", "module", "m1", school="elsewhere"),
    ]
    outcomes = [_outcome("anna", 1), _outcome("anna", 2, debt=True), _outcome("anna", 3),
                _outcome("bram", 1, debt=True), _outcome("bram", 3), _outcome("cas", 1),
                _outcome("dirk", 2, research_use=False),
                _outcome("eva", 2, school="elsewhere")]  # fmt: skip
    with app.app_context(), new_session(write=True) as session:
        session.add_all(rows + outcomes)
        session.commit()
        scope = services.Scope(school_keys=("s1", "s2"))
        everything = use.reach(session=session, scope=scope)
        later_weeks = use.reach(session=session, scope=services.Scope(("s1", "s2"),
                                                                       week_from="2026-W49"))
        totals = use.use(session=session, scope=scope)
        games = services.game_outcomes(session=session, scope=scope)

    # Anna, Bram, Cas; classes c1, c2 (Cas has none); Anna and Cas finished a module.
    assert everything == use.Reach(schools=2, classes=2, pupils=3, pupils_completing=2)
    assert later_weeks == use.Reach(schools=1, classes=0, pupils=1, pupils_completing=1)
    assert totals.module_funnels == [use.Funnel("m1", 3, 1, 1, 2), use.Funnel("m2", 1, 1, 0, 0)]
    assert totals.game_funnels == [use.Funnel("sparen", 1, 0, 0, 1)]
    assert (totals.modules, totals.levels, totals.level_table) == (
        ["m1", "m2"], ["po-8", "vmbo-kb"], [[2, 1], [1, 0]])  # fmt: skip
    # First runs: Anna, Bram, Cas. Later runs: Anna's 2 and 3, Bram's 3 (two pupils).
    first, later = games
    assert (first.first_run, first.runs, first.pupils, first.in_debt) == (True, 3, 3, 1)
    assert (later.first_run, later.runs, later.pupils, later.in_debt) == (False, 3, 2, 1)
