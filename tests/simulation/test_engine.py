"""The engine on small hand-written scenarios: turn order, money, debts, lock-in, goals."""

from __future__ import annotations

import pytest

from leergang.content.scenario_schema import Scenario
from leergang.simulation import Game, InvalidChoice, replay

BASE = {
    "schema_version": 1,
    "id": "test",
    "version": "1",
    "title": "Test",
    "description": "Test",
    "levels": ["po-8"],
    "themes": ["vooruitzien"],
    "learning_goals": ["Test"],
    "minutes": 5,
    "authors": [{"name": "T"}],
    "licence": "CC0",
    "sources": [{"id": "x", "title": "Voorbeeldbedrag"}],
    "turns": {"unit": "week", "count": 3},
    "start": {"cash": "10.00", "source": "x"},
}


def scenario(**changes) -> Scenario:
    data = {**BASE, "cards": [card(1)], **changes}
    return Scenario.model_validate(data)


def card(turn, card_id=None, options=None):
    return {
        "id": card_id or f"card-{turn}",
        "turn": turn,
        "title": "Choose",
        "text": "Choose",
        "options": options
        or [
            {"id": "buy", "text": "Buy", "temptation": True, "explanation": "E",
             "effects": [{"type": "pay", "amount": "4.00", "source": "x"}]},
            {"id": "no", "text": "No", "explanation": "E"},
        ],
    }  # fmt: skip


def answer(option, *, most: bool = False) -> str:
    """The option id to choose; an option where the pupil types an amount gets its lowest (or
    highest) amount, as the form would send it."""
    if option.amounts is None:
        return option.id
    low, high, _step = option.amounts
    return f"{option.id}={high if most else low}"


def play(game: Game, option: str = "no") -> Game:
    while not game.finished:
        card = game.card
        ids = [o.id for o in card.options if o.available]
        game.choose(card.id, option if option in ids else ids[-1])
    return game


def test_a_turn_books_income_and_costs_before_the_card():
    s = scenario(
        incomes=[{"id": "zakgeld", "label": "Zakgeld", "kind": "pocket_money", "amount": 2.5,
                  "source": "x"}],
        fixed_costs=[{"id": "abo", "label": "Abo", "amount": 1, "from": "cash", "source": "x"}],
    )  # fmt: skip
    game = Game.start(s, seed=1)

    assert game.turn == 1
    assert game.balances["cash"] == 1000 + 250 - 100
    assert [h.kind for h in game.timeline] == ["income", "cost"]
    assert game.card.id == "card-1"


def test_choosing_pays_and_turns_without_cards_get_a_rest_card():
    game = Game.start(scenario(), seed=1)
    game.choose("card-1", "buy")

    assert game.balances["cash"] == 600
    assert game.turn == 2 and game.card.kind == "rest"
    game.choose("rest", "continue")
    game.choose("rest", "continue")
    assert game.finished and game.outcome().turns == 3


def test_the_wrong_card_or_an_unknown_option_is_refused():
    game = Game.start(scenario(cards=[card(1), card(2)]), seed=1)

    with pytest.raises(InvalidChoice):
        game.choose("card-2", "no")  # playing ahead
    with pytest.raises(InvalidChoice):
        game.choose("card-1", "steal")
    assert game.choices == [] and game.balances["cash"] == 1000


def test_an_option_the_pupil_cannot_afford_is_offered_but_not_available():
    game = Game.start(scenario(start={"cash": "3.00", "source": "x"}), seed=1)

    buy = next(o for o in game.card.options if o.id == "buy")
    assert not buy.available and buy.reason == "money"
    with pytest.raises(InvalidChoice):
        game.choose("card-1", "buy")


def test_a_payment_takes_from_cash_and_bank_never_savings_and_a_shortfall_goes_negative():
    s = scenario(
        start={"cash": "1.00", "savings": "2.00", "source": "x"},
        fixed_costs=[{"id": "huur", "label": "Huur", "amount": 5, "from": "cash", "source": "x"}],
    )
    game = Game.start(s, seed=1)

    assert game.balances == {"cash": 0, "bank": -400, "savings": 200}
    assert game.timeline[-1].kind == "shortfall" and game.timeline[-1].amount == -400
    assert play(game, "keep-savings").outcome().ended_in_debt


BNPL = {
    "type": "buy_now_pay_later", "amount": "50.00", "label": "Sneakers", "due_in": 1,
    "source": "x",
    "stages": [
        {"label": "Herinnering", "text": "Betaal snel."},
        {"label": "Boete", "text": "Er komen kosten bij.", "fee": "5.00", "source": "x"},
        {"label": "Incasso", "text": "Incassokosten.", "fee": "40.00", "source": "x"},
    ],
}  # fmt: skip


def bnpl_scenario(count=5):
    return scenario(
        turns={"unit": "week", "count": count},
        start={"cash": "0", "bank": "200.00", "source": "x"},
        cards=[card(1, options=[
            {"id": "bnpl", "text": "Later betalen", "explanation": "E", "effects": [BNPL]},
            {"id": "no", "text": "Nee", "explanation": "E"},
        ])],
    )  # fmt: skip


def test_buy_now_pay_later_bills_at_the_deadline_and_fees_grow_while_it_is_ignored():
    game = Game.start(bnpl_scenario(), seed=1)
    game.choose("card-1", "bnpl")
    assert game.outcome().debt == 5000 and game.balances["bank"] == 20000

    owed = []
    while not game.finished:
        bill = game.card
        assert bill.kind == "bill"
        owed.append(bill.amount)
        game.choose(bill.id, "later")
    outcome = game.outcome()

    assert owed == [5000, 5000, 5500, 9500]  # due, reminder, fee, collection
    assert outcome.fees == 4500 and outcome.debt == 9500 and outcome.ended_in_debt


def test_paying_the_bill_on_time_costs_nothing_extra():
    game = Game.start(bnpl_scenario(), seed=1)
    game.choose("card-1", "bnpl")
    game.choose("bill-1", "pay")
    outcome = play(game)

    assert outcome.outcome().fees == 0 and not outcome.outcome().ended_in_debt
    assert outcome.balances["bank"] == 15000


def test_a_cost_cannot_be_cancelled_during_its_lock_in():
    s = scenario(
        turns={"unit": "month", "count": 4},
        fixed_costs=[{"id": "tel", "label": "Telefoon", "amount": 1, "lock_in": 2,
                      "from": "cash", "source": "x"}],
        cards=[card(t, options=[
            {"id": "stop", "text": "Opzeggen", "explanation": "E",
             "effects": [{"type": "cancel", "cost": "tel"}]},
            {"id": "no", "text": "Nee", "explanation": "E"},
        ]) for t in (1, 3)],
    )  # fmt: skip
    game = Game.start(s, seed=1)
    stop = game.card.options[0]
    assert not stop.available and stop.reason == "lock_in"
    game.choose("card-1", "no")
    game.choose("rest", "continue")
    assert game.card.options[0].available  # turn 3: the lock-in is over
    game.choose("card-3", "stop")
    game.choose("rest", "continue")
    assert [e.turn for e in game.ledger if e.kind == "cost"] == [1, 2, 3]


def test_the_goal_counts_only_when_reached_in_time():
    s = scenario(
        goal={"text": "Gespaard", "amount": "5.00", "by_turn": 2, "source": "x"},
        cards=[card(3, options=[
            {"id": "save", "text": "Sparen", "explanation": "E",
             "effects": [{"type": "save", "amount": "5.00", "source": "x"}]},
            {"id": "no", "text": "Nee", "explanation": "E"},
        ])],
    )  # fmt: skip
    late = play(Game.start(s, seed=1), "save").outcome()
    assert late.balances["savings"] == 500 and late.goal_reached is False


def test_wellbeing_stays_between_0_and_100_and_drifts_per_turn():
    s = scenario(wellbeing={"start": 5, "per_turn": -4, "minimum": 40})
    outcome = play(Game.start(s, seed=1)).outcome()
    assert outcome.wellbeing == 0 and not outcome.wellbeing_ok


def test_replay_rebuilds_the_same_run_and_refuses_a_choice_for_another_turn():
    game = play(Game.start(bnpl_scenario(), seed=7), "bnpl")
    again = replay(game.scenario, 7, [(c.turn, c.card_id, c.option_id) for c in game.choices])

    assert again.ledger == game.ledger and again.timeline == game.timeline
    with pytest.raises(InvalidChoice):
        replay(game.scenario, 7, [(2, "card-1", "no")])


def test_events_with_options_become_cards_and_effects_apply_at_once():
    s = scenario(events=[
        {"id": "gift", "title": "Cadeau", "text": "Geld!", "probability": 100, "max_times": 2,
         "effects": [{"type": "receive", "amount": "1.00", "source": "x"}]},
        {"id": "sale", "title": "Sale", "text": "Koop?", "probability": 100, "from_turn": 2,
         "to_turn": 2, "options": card(1)["options"]},
    ])  # fmt: skip
    game = Game.start(s, seed=3)
    game.choose("card-1", "no")

    assert game.turn == 2 and game.card.id == "sale" and game.card.kind == "event"
    assert [h.title for h in game.timeline if h.kind == "event"] == ["Cadeau", "Cadeau"]
    game.choose("sale", "buy")
    assert game.turn == 3 and game.card.kind == "rest"  # max_times and to_turn respected


def test_event_conditions_flags_and_money():
    s = scenario(
        turns={"unit": "week", "count": 4},
        cards=[card(1, options=[
            {"id": "vlag", "text": "Vlag", "explanation": "E",
             "effects": [{"type": "flag", "name": "gewacht"}]},
            {"id": "no", "text": "Nee", "explanation": "E"},
        ])],
        events=[
            {"id": "met-vlag", "title": "Met vlag", "text": "T", "probability": 100,
             "if_flag": "gewacht", "effects": [{"type": "wellbeing", "change": 1}]},
            {"id": "zonder-vlag", "title": "Zonder vlag", "text": "T", "probability": 100,
             "unless_flag": "gewacht", "max_times": 4,
             "effects": [{"type": "wellbeing", "change": 1}]},
            {"id": "rijk", "title": "Rijk", "text": "T", "probability": 100,
             "min_money": "50.00", "effects": [{"type": "wellbeing", "change": 1}]},
        ],
    )  # fmt: skip
    flagged = play(Game.start(s, seed=1), "vlag")
    plain = play(Game.start(s, seed=1), "no")

    def seen(game):
        return [(h.turn, h.title) for h in game.timeline if h.kind == "event"]

    assert seen(flagged) == [(1, "Zonder vlag"), (2, "Met vlag")]
    assert seen(plain) == [(turn, "Zonder vlag") for turn in (1, 2, 3, 4)]


def test_a_bill_says_why_paying_is_not_possible_only_when_it_is_not():
    game = Game.start(bnpl_scenario(), seed=1)
    game.choose("card-1", "bnpl")
    pay = game.card.options[0]
    assert pay.available and pay.reason == ""

    poor = bnpl_scenario()
    poor = poor.model_copy(update={"start": poor.start.model_copy(update={"bank": 1000})})
    game = Game.start(poor, seed=1)
    game.choose("card-1", "bnpl")
    pay = game.card.options[0]
    assert not pay.available and pay.reason == "money"


def test_the_engine_imports_nothing_from_flask():
    """simulation/ and the scenario code import only each other, pydantic and the standard
    library: no Flask, no database, no web code."""
    import ast
    from pathlib import Path

    package = Path(__file__).parents[2] / "leergang"
    files = [
        *(package / "simulation").glob("*.py"),
        *(package / "content").glob("scenario*.py"),
        package / "content" / "effects.py",
    ]
    imported = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                imported.add(node.module)
    outside = {
        name for name in imported
        if name.startswith(("flask", "sqlalchemy", "sqlmodel", "werkzeug"))
        or (name.startswith("leergang.") and not name.startswith(("leergang.content",
                                                                   "leergang.simulation")))
    }  # fmt: skip
    assert len(files) >= 6 and outside == set()


def test_a_debt_stage_can_replace_a_fixed_cost():
    bill = {
        "type": "unpaid_bill", "amount": "10.00", "label": "Premie", "due_in": 1, "source": "x",
        "stages": [{"label": "CAK", "text": "Hogere premie", "subscribe": "cak",
                    "cancel": ["premie"]}],
    }  # fmt: skip
    s = scenario(
        turns={"unit": "month", "count": 4},
        start={"bank": "100.00", "source": "x"},
        fixed_costs=[
            {"id": "premie", "label": "Premie", "amount": 10, "source": "x"},
            {"id": "cak", "label": "CAK", "amount": 13, "active": False, "source": "x"},
        ],
        cards=[card(1, options=[
            {"id": "skip", "text": "Niet betalen", "explanation": "E", "effects": [bill]},
            {"id": "no", "text": "Nee", "explanation": "E"},
        ])],
    )  # fmt: skip
    game = play(Game.start(s, seed=1), "skip")  # "later" on every bill

    costs = [(e.turn, e.label, e.amount) for e in game.ledger if e.kind == "cost"]
    assert costs == [(1, "Premie", 1000), (2, "Premie", 1000), (3, "CAK", 1300), (4, "CAK", 1300)]
