"""The money rules a budgeting lesson teaches, each found broken by playing the shipped games with
scripted strategies (issue 11): events before choices, overdrafts settled by cash, saving only real
money, savings never spent without asking, subscriptions charged when chosen, payment plans and
amounts the pupil picks."""

from __future__ import annotations

import pytest

from leergang.simulation import Game, InvalidChoice

from .test_engine import card, scenario

FREE = {"id": "no", "text": "No", "explanation": "E"}


def option(option_id, *effects, text="Option"):
    return {"id": option_id, "text": text, "explanation": "E", "effects": list(effects)}


def pay(euros, pot="cash"):
    return {"type": "pay", "amount": euros, "from": pot, "source": "x"}


def save(euros, pot="cash"):
    return {"type": "save", "amount": euros, "from": pot, "source": "x"}


def test_an_event_takes_its_money_before_the_first_card_of_the_turn_is_offered():
    s = scenario(
        start={"cash": "5.00", "source": "x"},
        cards=[card(1, options=[option("buy", pay("5.00")), FREE])],
        events=[{"id": "lost", "title": "Lost", "text": "Lost", "probability": 100,
                 "effects": [pay("3.00")]}],
    )  # fmt: skip
    game = Game.start(s, seed=1)

    buy = game.card.options[0]
    assert game.balances["cash"] == 200
    assert not buy.available and buy.reason == "money"
    with pytest.raises(InvalidChoice):
        game.choose("card-1", "buy")


def test_cash_in_hand_settles_an_overdraft_at_the_end_of_the_turn():
    s = scenario(
        start={"source": "x"},
        incomes=[{"id": "zakgeld", "label": "Zakgeld", "kind": "pocket_money", "amount": "10.50",
                  "first_turn": 2, "last_turn": 2, "source": "x"}],
        fixed_costs=[{"id": "abo", "label": "Abo", "amount": 4, "every": 5, "source": "x"}],
    )  # fmt: skip
    game = Game.start(s, seed=1)
    game.choose("card-1", "no")
    assert game.balances == {"cash": 1050, "bank": -400, "savings": 0}  # turn 2 has begun

    game.choose(game.card.id, game.card.options[-1].id)

    assert game.balances == {"cash": 650, "bank": 0, "savings": 0}
    while not game.finished:
        game.choose(game.card.id, game.card.options[-1].id)
    outcome = game.outcome()
    assert not outcome.ended_in_debt and outcome.net == 650


def test_saving_takes_only_money_that_is_there_never_savings_or_an_overdraft():
    s = scenario(
        start={"cash": "3.00", "savings": "10.00", "source": "x"},
        cards=[card(1, options=[option("save", save("5.00")), FREE])],
    )
    game = Game.start(s, seed=1)

    offered = game.card.options[0]
    assert not offered.available and offered.reason == "money"
    with pytest.raises(InvalidChoice):
        game.choose("card-1", "save")
    assert game.balances == {"cash": 300, "bank": 0, "savings": 1000}


def test_saving_what_cash_and_bank_hold_together_leaves_no_overdraft():
    s = scenario(
        start={"cash": "3.00", "bank": "2.00", "source": "x"},
        cards=[card(1, options=[option("save", save("5.00")), FREE])],
    )
    game = Game.start(s, seed=1)
    game.choose("card-1", "save")
    assert game.balances == {"cash": 0, "bank": 0, "savings": 500}


def test_paying_from_empty_savings_is_refused_not_taken_from_cash_or_bank():
    s = scenario(
        start={"cash": "50.00", "bank": "50.00", "savings": "10.00", "source": "x"},
        cards=[card(1, options=[option("festival", pay("20.00", "savings")), FREE])],
    )
    game = Game.start(s, seed=1)

    festival = game.card.options[0]
    assert not festival.available and festival.reason == "savings"
    with pytest.raises(InvalidChoice):
        game.choose("card-1", "festival")


def test_paying_from_savings_the_pupil_chose_takes_only_savings():
    s = scenario(
        start={"cash": "50.00", "savings": "30.00", "source": "x"},
        cards=[card(1, options=[option("festival", pay("20.00", "savings")), FREE])],
    )
    game = Game.start(s, seed=1)
    game.choose("card-1", "festival")
    assert game.balances == {"cash": 5000, "bank": 0, "savings": 1000}


def test_a_shop_payment_never_takes_savings_and_the_pupil_is_asked_before_they_are_used():
    s = scenario(
        start={"cash": "2.00", "savings": "20.00", "source": "x"},
        cards=[card(1, options=[option("buy", pay("2.00")), FREE]), card(2)],
        fixed_costs=[{"id": "abo", "label": "Abo", "amount": 5, "first_turn": 2, "every": 5,
                      "source": "x"}],
    )  # fmt: skip
    game = Game.start(s, seed=1)
    assert game.card.options[0].available  # 2.00 in cash: the pupil can pay
    game.choose("card-1", "buy")

    # Turn 2: the fixed cost overdraws the bank; savings stay until the pupil says yes.
    assert game.turn == 2 and game.card.kind == "overdraft"
    assert game.balances["savings"] == 2000 and game.balances["bank"] == -500
    assert [o.id for o in game.card.options] == ["use-savings", "keep-savings"]
    game.choose("overdraft", "use-savings")
    assert game.balances == {"cash": 0, "bank": 0, "savings": 1500}


def test_keeping_savings_when_overdrawn_leaves_the_pupil_in_the_red():
    s = scenario(
        start={"savings": "20.00", "source": "x"},
        fixed_costs=[{"id": "abo", "label": "Abo", "amount": 5, "every": 5, "source": "x"}],
    )
    game = Game.start(s, seed=1)
    game.choose("overdraft", "keep-savings")
    assert game.balances == {"cash": 0, "bank": -500, "savings": 2000}


def test_a_subscription_is_charged_when_it_is_chosen():
    s = scenario(
        start={"bank": "20.00", "source": "x"},
        fixed_costs=[{"id": "stream", "label": "Streaming", "amount": "9.99", "every": 2,
                      "active": False, "source": "x"}],
        cards=[card(1, options=[option("take", {"type": "subscribe", "cost": "stream"}), FREE])],
    )  # fmt: skip
    game = Game.start(s, seed=1)
    game.choose("card-1", "take")  # charged now; the game goes on to turn 2
    charges = [(e.turn, e.amount) for e in game.ledger if e.kind == "cost"]
    assert game.turn == 2 and charges == [(1, 999)]
    game.choose(game.card.id, game.card.options[-1].id)  # turn 3: the second period
    charges = [(e.turn, e.amount) for e in game.ledger if e.kind == "cost"]
    assert charges == [(1, 999), (3, 999)]


FEE = {"label": "Kosten", "text": "T", "fee": "5.00", "source": "x"}
BNPL = {"type": "buy_now_pay_later", "amount": "30.00", "label": "Sneakers", "due_in": 1,
        "source": "x", "stages": [FEE]}  # fmt: skip


def test_a_bill_offers_a_payment_plan_in_equal_parts_without_fees():
    s = scenario(
        turns={"unit": "week", "count": 5},
        start={"bank": "5.00", "source": "x"},
        incomes=[{"id": "loon", "label": "Loon", "kind": "payslip", "amount": 10, "to": "bank",
                  "source": "x"}],
        cards=[card(1, options=[option("buy", BNPL), FREE])],
    )  # fmt: skip
    game = Game.start(s, seed=1)
    game.choose("card-1", "buy")
    bill = game.card
    assert bill.kind == "bill" and [o.id for o in bill.options] == ["pay", "plan", "later"]
    assert not bill.options[0].available and bill.options[1].cost == 1000

    game.choose(bill.id, "plan")
    while not game.finished:
        assert game.card.kind == "rest"  # no bill card and no reminder while the plan runs
        game.choose(game.card.id, "continue")

    outcome = game.outcome()
    assert outcome.fees == 0 and outcome.debt == 0
    instalments = [e.amount for e in game.ledger if e.kind == "repayment"]
    assert instalments == [1000, 1000, 1000]


def test_the_payment_plan_effect_spreads_a_bill_from_the_moment_it_is_chosen():
    plan = {"type": "payment_plan", "amount": "10.00", "label": "Tandarts", "plan_turns": 3,
            "source": "x"}  # fmt: skip
    s = scenario(
        start={"bank": "20.00", "source": "x"},
        cards=[card(1, options=[option("plan", plan), FREE])],
    )
    game = Game.start(s, seed=1)
    game.choose("card-1", "plan")
    parts = [(e.turn, e.amount) for e in game.ledger if e.kind == "repayment"]
    assert parts == [(1, 334), (2, 333)]  # the first part now, the next as turn 2 begins
    while not game.finished:
        game.choose(game.card.id, game.card.options[-1].id)
    assert game.balances["bank"] == 1000 and game.outcome().fees == 0


AMOUNT = {"type": "save_amount", "min": "0.50", "max": "20.00", "step": "0.50", "from": "cash",
          "source": "x"}  # fmt: skip


def test_the_pupil_can_save_any_amount_in_steps_up_to_what_they_have():
    s = scenario(
        start={"cash": "7.30", "source": "x"},
        cards=[card(1, options=[option("own", AMOUNT), FREE])],
    )
    game = Game.start(s, seed=1)
    own = game.card.options[0]
    assert own.amounts == (50, 700, 50)

    for wrong in ("own", "own=725", "own=750", "own=0", "own=abc", "own=-50"):
        with pytest.raises(InvalidChoice):
            game.choose("card-1", wrong)
    game.choose("card-1", "own=650")
    assert game.balances == {"cash": 80, "bank": 0, "savings": 650}
    assert game.choices[-1].option_id == "own=650"


def test_an_amount_option_is_not_offered_without_the_minimum():
    s = scenario(
        start={"cash": "0.30", "source": "x"},
        cards=[card(1, options=[option("own", AMOUNT), FREE])],
    )
    own = Game.start(s, seed=1).card.options[0]
    assert not own.available and own.reason == "money"


def test_a_cost_chosen_before_its_first_turn_starts_then():
    s = scenario(
        start={"bank": "20.00", "source": "x"},
        fixed_costs=[{"id": "premie", "label": "Premie", "amount": 5, "first_turn": 2,
                      "active": False, "source": "x"}],
        cards=[card(1, options=[option("insure", {"type": "subscribe", "cost": "premie"}), FREE])],
    )  # fmt: skip
    game = Game.start(s, seed=1)
    game.choose("card-1", "insure")
    assert [(e.turn, e.amount) for e in game.ledger if e.kind == "cost"] == [(2, 500)]


def test_events_can_require_several_flags_and_exclude_several():
    flag = lambda name: {"type": "flag", "name": name}  # noqa: E731
    s = scenario(
        cards=[card(1, options=[option("both", flag("a"), flag("b")), option("one", flag("a"))])],
        events=[
            {"id": "needs-both", "title": "T", "text": "T", "probability": 100, "from_turn": 2,
             "if_flag": ["a", "b"], "effects": [flag("fired")]},
            {"id": "not-with-b", "title": "T", "text": "T", "probability": 100, "from_turn": 2,
             "unless_flag": ["b", "c"], "effects": [flag("fired-2")]},
        ],
    )  # fmt: skip
    both = Game.start(s, seed=1)
    both.choose("card-1", "both")
    one = Game.start(s, seed=1)
    one.choose("card-1", "one")
    assert "fired" in both.flags and "fired-2" not in both.flags
    assert "fired" not in one.flags and "fired-2" in one.flags


def test_an_amount_option_with_other_money_effects_is_refused_with_a_clear_message():
    from pydantic import ValidationError

    mixed = option("own", AMOUNT, pay("1.00"))
    with pytest.raises(ValidationError, match="save_amount"):
        scenario(cards=[card(1, options=[mixed, FREE])])
