"""The shipped games are fair and about budgeting: scripted strategies play each scenario over
1,000 seeds (``leergang.simulation.balance``), and responsible play must win on the game's own
terms. ``benchmarks/game_balance.py`` prints the same figures as a table for authors.

The rule is ``balance.verdicts``, the same the game editor's balance table shows. What "wins"
means there, per careless strategy:
- ``careless`` and ``random``: responsible ends with more money and no more fees;
- ``put_off_bills``: no more money than responsible, and more fees or debt where the game has
  something to put off;
- ``never_save``: the same money (saving moves money, it does not make it) but no goal;
- ``spend_and_save``: less money, and the goal missed more often: spending choices matter.

And the money is tight (the November 2026 review found € 294 left for a € 100 goal in
``je-eerste-bijbaan``): responsible play ends with at most twice the goal.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from leergang.content.scenarios import parse_scenario_text
from leergang.simulation.balance import (
    BALANCE_SEEDS,
    GENEROUS,
    SAVING_PATTERNS,
    STRATEGIES,
    Row,
    contradictions,
    has_debts,
    play,
    table,
    verdicts,
)
from tests.helpers import shipped_library

LESSONS = Path(__file__).parents[2] / "lessons"
GAMES = ("sparen-voor", "je-eerste-bijbaan", "bijna-18")
SEEDS = BALANCE_SEEDS  # the game editor's balance table plays the same runs


@cache
def scenario(scenario_id):
    return shipped_library().scenarios[scenario_id]


@cache
def games(scenario_id, strategy, pattern="steady"):
    return tuple(play(scenario(scenario_id), seed, strategy, pattern=pattern) for seed in SEEDS)


@cache
def row(scenario_id, strategy, pattern="steady"):
    return Row.of(strategy, [g.outcome() for g in games(scenario_id, strategy, pattern)])


def rows(scenario_id) -> list[Row]:
    return [row(scenario_id, strategy) for strategy in STRATEGIES]


@pytest.mark.parametrize("scenario_id", GAMES)
def test_the_fairness_rule_gives_no_verdict_against_a_shipped_game(scenario_id):
    """Responsible play wins on the game's own terms, by the one rule the game editor's balance
    table shows to authors (``balance.verdicts``)."""
    found = verdicts(scenario(scenario_id), rows(scenario_id))
    assert found == [], [v.reason() for v in found]


def generous_sparen_voor():
    """sparen-voor with four times the pocket money (€ 10 a week for a € 25 goal)."""
    text = (LESSONS / "sparen-voor" / "scenario.yaml").read_text(encoding="utf-8")
    assert text.count(POCKET_MONEY) == 1
    generous, problems = parse_scenario_text(
        text.replace(POCKET_MONEY, "amount: 10.00\n    source: nibud-zakgeld")
    )
    assert problems == [] and generous is not None
    return generous


POCKET_MONEY = "amount: 2.50\n    source: nibud-zakgeld"


def test_a_generous_game_breaks_the_rule():
    """Much more pocket money: money is no longer tight, temptations no longer threaten the
    goal, and the rule says so with its reasons."""
    generous = generous_sparen_voor()
    found = verdicts(generous, table(generous, range(200)))
    assert {v.rule for v in found} >= {"tight", "temptations"}, [v.reason() for v in found]
    assert {v.kind for v in found} == {GENEROUS}
    tight = next(v for v in found if v.rule == "tight")
    assert tight.reason().startswith("Careful play ends with € "), tight.reason()
    assert "twice the goal (€ 25.00)" in tight.reason()


def _row(strategy, *, net=10.0, debt=0.0, fees=0.0, goal=1.0, feel=1.0):
    return Row(strategy, 100, net, debt, fees, goal, feel)


FAIR = {  # strategy: (money left, in debt, fees, goal)
    "responsible": (200.0, 0.0, 0.0, 1.0),
    "careless": (50.0, 0.5, 3.0, 0.0),
    "never_save": (200.0, 0.0, 0.0, 0.0),
    "put_off_bills": (180.0, 0.4, 2.0, 0.9),
    "random": (100.0, 0.2, 1.0, 0.3),
    "spend_and_save": (150.0, 0.0, 0.0, 0.5),
}


@pytest.mark.parametrize(
    ("strategy", "change", "rule"),
    [
        ("responsible", {"goal": 0.85}, "goal"),
        ("responsible", {"feel": 0.8}, "wellbeing"),
        ("responsible", {"debt": 0.06}, "debt"),
        # Fees for careful play: also those who pay none do better.
        (
            "responsible",
            {"fees": 0.5},
            ["debt", "never_save-does-as-well", "spend_and_save-does-as-well"],
        ),
        ("responsible", {"net": 301.0}, "tight"),
        ("careless", {"net": 200.0}, "careless-does-as-well"),
        ("random", {"goal": 1.0}, "random-does-as-well"),
        ("spend_and_save", {"goal": 0.81}, "temptations"),
        ("spend_and_save", {"net": 200.0}, "spend_and_save-does-as-well"),
        ("never_save", {"goal": 0.01}, "goal-without-saving"),
        ("never_save", {"net": 200.5}, "never_save-does-as-well"),
        ("put_off_bills", {"fees": 0.0, "debt": 0.0}, "putting-off-is-free"),
        ("put_off_bills", {"net": 201.0}, "put_off_bills-does-as-well"),
    ],
)
def test_each_rule_is_judged_on_the_outcomes(strategy, change, rule):
    """je-eerste-bijbaan has a goal of € 150 and options that make debts; one figure crosses a
    line."""
    game = scenario("je-eerste-bijbaan")
    assert game.goal.amount == 15000 and has_debts(game)
    fair = [_row(n, net=v[0], debt=v[1], fees=v[2], goal=v[3]) for n, v in FAIR.items()]
    assert verdicts(game, fair) == []
    values = dict(zip(("net", "debt", "fees", "goal"), FAIR[strategy], strict=True))
    changed = [r for r in fair if r.strategy != strategy] + [_row(strategy, **(values | change))]
    assert [v.rule for v in verdicts(game, changed)] == ([rule] if isinstance(rule, str) else rule)


@pytest.mark.parametrize("scenario_id", GAMES)
def test_the_goal_is_reachable_by_three_different_saving_patterns(scenario_id):
    reached = {p: row(scenario_id, "responsible", p).goal for p in SAVING_PATTERNS}
    assert all(share >= 0.9 for share in reached.values()), reached
    # The patterns really differ: the savings pot grows at different moments.
    paths = {
        p: tuple(e.turn for e in games(scenario_id, "responsible", p)[0].ledger
                 if e.kind == "saving")
        for p in SAVING_PATTERNS
    }  # fmt: skip
    assert len(set(paths.values())) == len(SAVING_PATTERNS), paths


@pytest.mark.parametrize("scenario_id", GAMES)
def test_no_random_event_without_a_choice_costs_more_than_a_tenth_of_the_goal(scenario_id):
    s = scenario(scenario_id)
    limit = s.goal.amount // 10
    for event in s.events:
        if event.options or event.if_flag:  # a choice, or the consequence of one
            continue
        cost = sum(e.needs() for e in event.effects)
        assert cost <= limit, f"{event.id} costs {cost} cents without a choice; at most {limit}"


@pytest.mark.parametrize("scenario_id", GAMES)
def test_no_option_text_contradicts_what_the_engine_did(scenario_id):
    found = set()
    for strategy in STRATEGIES:
        for game in games(scenario_id, strategy):
            found.update(contradictions(game))
    assert not found, sorted(found)


def test_the_contradiction_check_catches_a_free_option_that_costs_money():
    from leergang.simulation import Game

    from .test_engine import card
    from .test_engine import scenario as small

    lie = {"id": "buy", "text": "Ik neem er een (€ 2)", "explanation": "Het is gratis!",
           "effects": [{"type": "pay", "amount": "3.00", "source": "x"}]}  # fmt: skip
    festival = {"id": "fest", "text": "Ik betaal het van mijn spaargeld", "explanation": "E",
                "effects": [{"type": "pay", "amount": "1.00", "source": "x"}]}  # fmt: skip
    free = {"id": "no", "text": "No", "explanation": "E"}
    game = Game.start(
        small(cards=[card(1, options=[lie, free]), card(2, options=[festival, free])]), 1
    )
    game.choose("card-1", "buy")
    game.choose("card-2", "fest")
    found = contradictions(game)
    assert len(found) == 3 and "free" in found[0] and "€ 2.00" in found[1], found
    assert "savings" in found[2]


@pytest.mark.parametrize("scenario_id", GAMES)
def test_no_save_option_before_the_last_makes_the_goal_impossible(scenario_id):
    """No button is the only way: whatever a pupil picks at a save card, the goal can still be
    reached later (so no explanation praises a choice that quietly rules the goal out)."""
    s = scenario(scenario_id)
    save_cards = [c for c in s.cards if any(o.amount_effect or any(e.type == "save"
                  for e in o.effects) for o in c.options)]  # fmt: skip
    assert len(save_cards) >= 2
    for card in save_cards[:-1]:
        for option in card.options:
            if option.amount_effect is not None:
                continue
            runs = [play(s, seed, "responsible", force={card.id: option.id}) for seed in range(200)]
            reached = sum(bool(g.outcome().goal_reached) for g in runs) / len(runs)
            assert reached >= 0.9, (card.id, option.id, reached)
