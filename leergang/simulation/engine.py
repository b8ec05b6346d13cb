"""The budget-game engine: turn by turn, deterministic by seed, money in integer cents.

A run is fully described by its scenario, its seed and the pupil's choices: ``replay`` rebuilds
any run exactly (resume after a closed tab, the teacher's view, tests). The only randomness is a
``random.Random(seed)`` owned by the run, drawn in a fixed order.

Every movement of money is an ``Entry`` in the ledger between two accounts: the pots ``cash``,
``bank`` and ``savings``, one ``debt:<id>`` account per debt (negative while owed) and ``world``
(everything outside the game). Balances only change through ``post``, so the ledger explains
every cent.

Each turn: debts past their deadline move to their next stage (reminder, fee, collection),
wellbeing drifts, incomes and fixed costs are booked, random events are drawn; then the pupil
answers the turn's cards one at a time (bills that are due, the scenario's choice cards, events
that ask for a choice). When the last card is answered the next turn starts, until the last turn.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from leergang.content.effects import BILL_PREFIX

from .records import (
    POTS,
    REST_CARD,
    WORLD,
    Choice,
    Debt,
    Entry,
    Happening,
    InvalidChoice,
    OfferedCard,
    OfferedOption,
    Outcome,
)

if TYPE_CHECKING:
    from leergang.content.effects import DebtEffect
    from leergang.content.scenario_schema import Card, Event, Option, Scenario

__all__ = [
    "POTS",
    "REST_CARD",
    "WORLD",
    "Choice",
    "Debt",
    "Entry",
    "Game",
    "Happening",
    "InvalidChoice",
    "OfferedCard",
    "OfferedOption",
    "Outcome",
    "replay",
]


@dataclass
class Game:
    """A run of one scenario. Create with ``Game.start(scenario, seed)``; then ``choose``."""

    scenario: Scenario
    seed: int
    rng: random.Random = field(repr=False, default_factory=random.Random)
    balances: dict[str, int] = field(default_factory=dict)
    ledger: list[Entry] = field(default_factory=list)
    timeline: list[Happening] = field(default_factory=list)
    debts: dict[str, Debt] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    active_incomes: set[str] = field(default_factory=set)
    active_costs: dict[str, int] = field(default_factory=dict)  # cost id -> turn it started
    event_counts: Counter[str] = field(default_factory=Counter)
    wellbeing: int = 0
    turn: int = 0
    cards: list[OfferedCard] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)
    finished: bool = False
    goal_turn: int | None = None
    _event_cards: dict[str, Event] = field(default_factory=dict, repr=False)

    @classmethod
    def start(cls, scenario: Scenario, seed: int) -> Game:
        game = cls(scenario=scenario, seed=seed, rng=random.Random(seed))
        start = scenario.start
        game.balances = dict.fromkeys(POTS, 0)
        for pot in POTS:
            if getattr(start, pot):
                game.post(WORLD, pot, getattr(start, pot), label="", kind="start")
        game.wellbeing = scenario.wellbeing.start
        game.active_incomes = {income.id for income in scenario.incomes if income.active}
        game.active_costs = {c.id: c.first_turn for c in scenario.fixed_costs if c.active}
        game._begin_turn()
        return game

    # --- money --------------------------------------------------------------------------

    def post(
        self, source: str, target: str, amount: int, *, label: str, kind: str, ref: str = ""
    ) -> None:
        """Book one ledger entry and update both balances. The only way money moves."""
        if amount <= 0 or not isinstance(amount, int):
            raise ValueError(f"amount must be positive whole cents, not {amount!r}")
        self.ledger.append(Entry(self.turn, source, target, amount, label, kind, ref))
        for account, sign in ((source, -1), (target, 1)):
            if account != WORLD:
                self.balances[account] = self.balances.get(account, 0) + sign * amount

    @property
    def money(self) -> int:
        """Cash + bank + savings (may be negative after a shortfall)."""
        return sum(self.balances[pot] for pot in POTS)

    def spend(
        self, amount: int, first: str, *, label: str, kind: str, ref: str = "", target: str = WORLD
    ) -> int:
        """Pay ``amount`` from ``first``, topping up from the other pots in order. What no pot
        can cover leaves the bank account below zero (a shortfall). Returns the shortfall."""
        left = amount
        for pot in (first, *(p for p in POTS if p != first)):
            take = min(left, max(self.balances[pot], 0))
            if take:
                self.post(pot, target, take, label=label, kind=kind, ref=ref)
                left -= take
        if left:
            self.post("bank", target, left, label=label, kind=kind, ref=ref)
        return left

    def move_to_savings(self, amount: int, first: str, *, ref: str) -> None:
        self.spend(amount, first, label="", kind="saving", ref=ref, target="savings")

    def change_wellbeing(self, change: int) -> None:
        self.wellbeing = max(0, min(100, self.wellbeing + change))

    # --- costs, incomes, debts -----------------------------------------------------------

    def start_cost(self, cost_id: str) -> None:
        self.active_costs.setdefault(cost_id, self.turn)

    def stop_cost(self, cost_id: str) -> None:
        self.active_costs.pop(cost_id, None)

    def lock_in_left(self, cost_id: str) -> int:
        if cost_id not in self.active_costs:
            return 0
        cost = self.scenario.costs_by_id[cost_id]
        return max(0, self.active_costs[cost_id] + cost.lock_in - self.turn)

    def open_debt(self, effect: DebtEffect, *, ref: str) -> None:
        debt_id = f"{len(self.debts) + 1}"
        debt = Debt(
            debt_id,
            effect.label,
            effect.type,
            effect.amount,
            self.turn + effect.due_in,
            effect,
            ref,
        )
        self.debts[debt_id] = debt
        self.balances[debt.account] = 0
        target = "cash" if effect.lends_money else WORLD
        self.post(debt.account, target, effect.amount, label=effect.label, kind="debt", ref=ref)
        self.timeline.append(Happening(self.turn, "debt", effect.label, amount=effect.amount))

    def debt_for_card(self, card_id: str) -> Debt | None:
        """The debt whose bill is the card ``card_id`` (None for any other card)."""
        if not card_id.startswith(BILL_PREFIX):
            return None
        return self.debts.get(card_id.removeprefix(BILL_PREFIX))

    def owed(self, debt: Debt) -> int:
        return -self.balances[debt.account]

    @property
    def open_debts(self) -> list[Debt]:
        return [debt for debt in self.debts.values() if debt.paid_turn is None]

    # --- turns -----------------------------------------------------------------------------

    def _begin_turn(self) -> None:
        self.turn += 1
        self._escalate_debts()
        if self.turn > 1:
            self.change_wellbeing(self.scenario.wellbeing.per_turn)
        self._book_incomes()
        self._book_costs()
        self.cards = self._bills()
        self.cards += [
            self._offer(card, "card") for card in self.scenario.cards_by_turn.get(self.turn, [])
        ]
        self.cards += self._draw_events()
        if not self.cards:
            self.cards = [
                OfferedCard(
                    REST_CARD, "rest", "", "", (OfferedOption("continue", "", False, True),)
                )
            ]

    def _escalate_debts(self) -> None:
        for debt in self.open_debts:
            if debt.due_turn >= self.turn or debt.stage >= len(debt.effect.stages):
                continue
            stage = debt.effect.stages[debt.stage]
            debt.stage += 1
            if stage.fee:
                debt.fees += stage.fee
                self.post(
                    debt.account, WORLD, stage.fee, label=stage.label, kind="fee", ref=debt.ref
                )
            self.change_wellbeing(stage.wellbeing)
            for cost_id in stage.cancel:
                self.stop_cost(cost_id)
            if stage.subscribe:
                self.start_cost(stage.subscribe)
            fee = -stage.fee if stage.fee else None
            title = f"{debt.label}: {stage.label}"
            self.timeline.append(Happening(self.turn, "stage", title, stage.text, fee))

    def _book_incomes(self) -> None:
        for income in self.scenario.incomes:
            last = income.last_turn or self.scenario.turns.count
            due = income.first_turn <= self.turn <= last and not (
                (self.turn - income.first_turn) % income.every
            )
            if income.id in self.active_incomes and due:
                self.post(
                    WORLD,
                    income.to,
                    income.amount,
                    label=income.label,
                    kind="income",
                    ref=income.id,
                )
                self.timeline.append(
                    Happening(self.turn, "income", income.label, amount=income.amount)
                )

    def _book_costs(self) -> None:
        for cost in self.scenario.fixed_costs:
            started = self.active_costs.get(cost.id)
            if started is None or self.turn < started or (self.turn - started) % cost.every:
                continue
            short = self.spend(
                cost.amount, cost.from_pot, label=cost.label, kind="cost", ref=cost.id
            )
            self.timeline.append(Happening(self.turn, "cost", cost.label, amount=-cost.amount))
            if short:
                self.timeline.append(Happening(self.turn, "shortfall", cost.label, amount=-short))

    def _bills(self) -> list[OfferedCard]:
        cards = []
        for debt in self.open_debts:
            if debt.due_turn <= self.turn:
                owed = self.owed(debt)
                cards.append(
                    OfferedCard(
                        f"{BILL_PREFIX}{debt.id}",
                        "bill",
                        debt.label,
                        "",
                        (self._pay_option(owed), OfferedOption("later", "", False, True)),
                        amount=owed,
                    )
                )
        return cards

    def _pay_option(self, owed: int) -> OfferedOption:
        affordable = owed <= max(self.money, 0)
        return OfferedOption("pay", "", False, affordable, "" if affordable else "money", owed)

    def _draw_events(self) -> list[OfferedCard]:
        cards = []
        for event in self.scenario.events:
            if not self._eligible(event):
                continue
            if self.rng.randrange(100) >= event.probability:
                continue
            self.event_counts[event.id] += 1
            if event.options:
                self._event_cards[event.id] = event
                cards.append(self._offer(event, "event"))
            else:
                ref = f"{self.turn}:{event.id}"
                before = self.money
                for effect in event.effects:
                    effect.apply(self, ref)
                self.timeline.append(
                    Happening(
                        self.turn, "event", event.title, event.text, self.money - before or None
                    )
                )
        return cards

    def _eligible(self, event: Event) -> bool:
        return (
            event.from_turn <= self.turn <= (event.to_turn or self.scenario.turns.count)
            and self.event_counts[event.id] < event.max_times
            and (event.if_flag is None or event.if_flag in self.flags)
            and (event.unless_flag is None or event.unless_flag not in self.flags)
            and (event.min_money is None or self.money >= event.min_money)
        )

    def _offer(self, card: Card | Event, kind: str) -> OfferedCard:
        return OfferedCard(
            card.id, kind, card.title, card.text, tuple(self._offer_option(o) for o in card.options)
        )

    def _offer_option(self, option: Option) -> OfferedOption:
        reason = ""
        if option.needs() > max(self.money, 0):
            reason = "money"
        else:
            reasons = (effect.unavailable_reason(self) for effect in option.effects)
            reason = next((found for found in reasons if found), "")
        return OfferedOption(
            option.id, option.text, option.temptation, not reason, reason, option.needs()
        )

    # --- choosing ---------------------------------------------------------------------------

    @property
    def card(self) -> OfferedCard | None:
        """The card to answer now (None when the game is over)."""
        return self.cards[0] if self.cards else None

    def option(self, card_id: str, option_id: str) -> Option | None:
        """The scenario's option behind an offered card's option (None for bills, rest)."""
        source = next((c for c in self.scenario.cards if c.id == card_id), None) or (
            self._event_cards.get(card_id)
        )
        if source is None:
            return None
        return next((o for o in source.options if o.id == option_id), None)

    def choose(self, card_id: str, option_id: str) -> None:
        """Answer the current card. Raises ``InvalidChoice`` for anything else."""
        card = self.card
        if self.finished or card is None or card.id != card_id:
            raise InvalidChoice(f"card {card_id!r} is not the card to answer now")
        offered = next((o for o in card.options if o.id == option_id), None)
        if offered is None or not offered.available:
            raise InvalidChoice(f"option {option_id!r} cannot be chosen on {card_id!r}")
        ref = f"{self.turn}:{card_id}"
        if card.kind == "bill":
            debt = self.debt_for_card(card_id)
            assert debt is not None
            if option_id == "pay":
                owed = self.owed(debt)
                self.spend(
                    owed,
                    "bank",
                    label=debt.label,
                    kind="repayment",
                    ref=debt.ref,
                    target=debt.account,
                )
                debt.paid_turn = self.turn
                self.timeline.append(Happening(self.turn, "repayment", debt.label, amount=-owed))
        elif card.kind in ("card", "event"):
            option = self.option(card_id, option_id)
            assert option is not None
            before = self.money
            for effect in option.effects:
                effect.apply(self, ref)
            self.timeline.append(
                Happening(self.turn, "choice", card.title, option.text, self.money - before or None)
            )
        self.choices.append(Choice(self.turn, card_id, option_id))
        self.cards.pop(0)
        # A bill paid or a cost cancelled changes what later cards can afford: offer them anew.
        self.cards = [self._reoffer(c) for c in self.cards]
        if not self.cards:
            self._end_turn()

    def _reoffer(self, card: OfferedCard) -> OfferedCard:
        if card.kind == "card":
            return self._offer(next(c for c in self.scenario.cards if c.id == card.id), "card")
        if card.kind == "event":
            return self._offer(self._event_cards[card.id], "event")
        if card.kind == "bill":
            debt = self.debt_for_card(card.id)
            assert debt is not None
            owed = self.owed(debt)
            pay = self._pay_option(owed)
            return OfferedCard(card.id, "bill", card.title, "", (pay, card.options[1]), owed)
        return card

    def _end_turn(self) -> None:
        goal = self.scenario.goal
        if goal is not None and self.goal_turn is None:
            deadline = goal.by_turn or self.scenario.turns.count
            if self.turn <= deadline and self.balances[goal.pot] >= goal.amount:
                self.goal_turn = self.turn
                self.timeline.append(Happening(self.turn, "goal", goal.text))
        if self.turn >= self.scenario.turns.count:
            self.finished = True
        else:
            self._begin_turn()

    # --- results ----------------------------------------------------------------------------

    def outcome(self) -> Outcome:
        debt = sum(max(self.owed(d), 0) for d in self.debts.values())
        balances = {pot: self.balances[pot] for pot in POTS}
        return Outcome(
            goal_reached=None if self.scenario.goal is None else self.goal_turn is not None,
            goal_turn=self.goal_turn,
            ended_in_debt=debt > 0 or any(v < 0 for v in balances.values()),
            fees=sum(d.fees for d in self.debts.values()),
            balances=balances,
            debt=debt,
            wellbeing=self.wellbeing,
            wellbeing_ok=self.wellbeing >= self.scenario.wellbeing.minimum,
            turns=self.turn,
        )


def replay(scenario: Scenario, seed: int, choices: Iterable[tuple[int, str, str]]) -> Game:
    """Rebuild a run from its seed and choices; raises ``InvalidChoice`` if one does not fit."""
    game = Game.start(scenario, seed)
    for turn, card_id, option_id in choices:
        if turn != game.turn:
            raise InvalidChoice(f"choice for turn {turn} while the game is at turn {game.turn}")
        game.choose(card_id, option_id)
    return game
