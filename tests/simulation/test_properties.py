"""Invariants of the engine, checked with hypothesis on every shipped scenario and a debt-heavy
test scenario: money is conserved, cents stay whole, events keep their conditions, a game always
ends, and the same seed and choices give the same ledger."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from leergang.simulation import Game, replay
from leergang.simulation.engine import POTS, WORLD
from tests.helpers import shipped_library

from .test_engine import BNPL, answer, card, scenario

SCENARIOS = [
    *shipped_library().scenarios.values(),
    scenario(
        turns={"unit": "week", "count": 8},
        start={"cash": "5.00", "bank": "20.00", "source": "x"},
        fixed_costs=[{"id": "abo", "label": "Abo", "amount": 9, "source": "x", "lock_in": 3}],
        cards=[card(t, options=[
            {"id": "bnpl", "text": "Later", "explanation": "E", "effects": [BNPL]},
            {"id": "borrow", "text": "Lenen", "explanation": "E", "effects": [
                {**BNPL, "type": "borrow", "amount": "12.34", "due_in": 2}]},
            {"id": "stop", "text": "Stop", "explanation": "E",
             "effects": [{"type": "cancel", "cost": "abo"}]},
            {"id": "save", "text": "Sparen", "explanation": "E",
             "effects": [{"type": "save", "amount": "3.33", "source": "x"}]},
            {"id": "no", "text": "Nee", "explanation": "E"},
        ]) for t in range(1, 9, 2)] + [card(t, options=[
            {"id": "own", "text": "Zelf", "explanation": "E", "effects": [
                {"type": "save_amount", "min": "0.50", "step": "0.50", "source": "x"}]},
            {"id": "treat", "text": "Van spaargeld", "explanation": "E", "effects": [
                {"type": "pay", "amount": "2.00", "from": "savings", "source": "x"}]},
            {"id": "no", "text": "Nee", "explanation": "E"},
        ]) for t in range(2, 9, 2)],
        events=[{"id": "boete", "title": "Boete", "text": "Boete", "probability": 40,
                 "from_turn": 2, "to_turn": 6, "max_times": 2, "min_money": "10.00",
                 "effects": [{"type": "pay", "amount": "7.77", "source": "x"}]}],
    ),
]  # fmt: skip


def play(scenario, seed: int, picks: list[int]) -> Game:
    """Play with ``picks`` choosing among the available options; stops if the game would not."""
    game = Game.start(scenario, seed)
    limit = scenario.turns.count * (len(scenario.cards) + len(scenario.events) + 10)
    for step in range(limit):
        if game.finished:
            return game
        available = [o for o in game.card.options if o.available]
        pick = picks[step % len(picks)] if picks else 0
        game.choose(game.card.id, answer(available[pick % len(available)], most=pick % 2 == 1))
    raise AssertionError("the game did not end")


runs = st.tuples(
    st.sampled_from(range(len(SCENARIOS))),
    st.integers(min_value=0, max_value=2**31 - 1),
    st.lists(st.integers(min_value=0, max_value=10), max_size=40),
)


@settings(max_examples=150, deadline=None)
@given(runs)
def test_every_cent_is_a_ledger_entry_and_balances_stay_whole_cents(run):
    index, seed, picks = run
    game = play(SCENARIOS[index], seed, picks)

    recomputed: Counter[str] = Counter()
    for entry in game.ledger:
        assert type(entry.amount) is int and entry.amount > 0
        recomputed[entry.source] -= entry.amount
        recomputed[entry.target] += entry.amount
    for account, balance in game.balances.items():
        assert type(balance) is int
        assert recomputed[account] == balance, account
    # What the world gave minus what it got back is exactly what the player holds (and owes).
    assert -recomputed[WORLD] == sum(game.balances.values())
    outcome = game.outcome()
    assert outcome.debt == -sum(v for k, v in game.balances.items() if k not in POTS)
    assert 0 <= outcome.wellbeing <= 100


@settings(max_examples=150, deadline=None)
@given(runs)
def test_events_respect_their_conditions_and_the_game_ends_on_the_last_turn(run):
    index, seed, picks = run
    scenario = SCENARIOS[index]
    game = play(scenario, seed, picks)

    assert game.finished and game.turn == scenario.turns.count
    by_id = {event.id: event for event in scenario.events}
    for event_id, times in game.event_counts.items():
        assert times <= by_id[event_id].max_times
    happened = [h for h in game.timeline if h.kind == "event"]
    for happening in happened:
        event = next(e for e in scenario.events if e.title == happening.title)
        assert event.from_turn <= happening.turn <= (event.to_turn or scenario.turns.count)
    for choice in game.choices:
        if choice.card_id in by_id:
            event = by_id[choice.card_id]
            assert event.from_turn <= choice.turn <= (event.to_turn or scenario.turns.count)


@settings(max_examples=60, deadline=None)
@given(runs)
def test_the_same_seed_and_choices_give_the_same_ledger(run):
    index, seed, picks = run
    game = play(SCENARIOS[index], seed, picks)

    again = replay(game.scenario, seed, [(c.turn, c.card_id, c.option_id) for c in game.choices])

    assert again.ledger == game.ledger
    assert again.timeline == game.timeline
    assert again.outcome() == game.outcome()
