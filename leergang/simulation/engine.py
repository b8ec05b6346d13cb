"""The budget-game engine: turn by turn, deterministic by seed, money in integer cents.

A run is fully described by its scenario, its seed and the pupil's choices: ``replay`` rebuilds
any run exactly (resume after a closed tab, the teacher's view, tests). The only randomness is a
``random.Random(seed)`` owned by the run, drawn in a fixed order.

Every movement of money is an ``Entry`` in the ledger between two accounts: the pots ``cash``,
``bank`` and ``savings``, one ``debt:<id>`` account per debt (negative while owed) and ``world``
(everything outside the game). Balances only change through ``post``, so the ledger explains
every cent.

Each turn: debts past their deadline move to their next stage (reminder, fee, collection),
wellbeing drifts, incomes, fixed costs and payment-plan instalments are booked, random events are
drawn and applied; only then, with the money as it really is, are the turn's cards offered and
answered one at a time (an overdraft while there are savings, bills that are due, the scenario's
choice cards, events that ask for a choice). When the last card is answered the turn ends: cash
in hand settles a negative bank balance (as a pupil would pay cash in to stop being overdrawn),
and the next turn starts, until the last turn.

Money rules a budgeting lesson teaches: savings are never spent without the pupil agreeing (only
an option that says ``from: savings`` or the overdraft card's "use my savings" takes from them);
saving only moves money that is really there (never from savings, never into an overdraft);
a subscription is charged when it is chosen; a bill can be put off or spread over a payment plan.
These rules live in ``money.py`` (``MoneyRules``, which ``Game`` inherits); this module runs the
turns, the cards and the choices.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from leergang.content.effects import AMOUNT_SEPARATOR

from .money import MoneyRules
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
    "split_option",
]


def flag_list(value: str | list[str] | None) -> list[str]:
    """An event's ``if_flag`` / ``unless_flag``: one flag, several, or none."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def split_option(option_id: str) -> tuple[str, int | None]:
    """``"eigen=1250"`` → ``("eigen", 1250)``; an option id without an amount → ``(id, None)``."""
    base, sep, amount = option_id.partition(AMOUNT_SEPARATOR)
    if not sep:
        return option_id, None
    if not amount.isdigit() or len(amount) > 9:
        raise InvalidChoice(f"amount {amount!r} is not whole cents")
    return base, int(amount)


@dataclass
class Game(MoneyRules):
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
    _costs_booked: bool = field(default=False, repr=False)  # this turn's fixed costs are booked

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

    def change_wellbeing(self, change: int) -> None:
        self.wellbeing = max(0, min(100, self.wellbeing + change))

    # --- turns -----------------------------------------------------------------------------

    def _begin_turn(self) -> None:
        self.turn += 1
        self._costs_booked = False
        self._escalate_debts()
        if self.turn > 1:
            self.change_wellbeing(self.scenario.wellbeing.per_turn)
        self._book_incomes()
        self._book_costs()
        self._book_instalments()
        # Events take their money before any card is offered, so no option is offered that the
        # pupil can no longer afford.
        event_cards = self._draw_events()
        self.cards = self._overdraft_card()
        self.cards += self._bills()
        self.cards += [
            self._offer(card, "card") for card in self.scenario.cards_by_turn.get(self.turn, [])
        ]
        self.cards += [self._offer(self._event_cards[card_id], "event") for card_id in event_cards]
        if not self.cards:
            self.cards = [
                OfferedCard(
                    REST_CARD, "rest", "", "", (OfferedOption("continue", "", False, True),)
                )
            ]

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
            self._charge(cost)
        self._costs_booked = True

    def _draw_events(self) -> list[str]:
        """Draw this turn's events: those without options apply now; the ids of those that ask
        for a choice are returned, to be offered as cards."""
        cards = []
        for event in self.scenario.events:
            if not self._eligible(event):
                continue
            if self.rng.randrange(100) >= event.probability:
                continue
            self.event_counts[event.id] += 1
            if event.options:
                self._event_cards[event.id] = event
                cards.append(event.id)
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
            and all(flag in self.flags for flag in flag_list(event.if_flag))
            and not any(flag in self.flags for flag in flag_list(event.unless_flag))
            and (event.min_money is None or self.spendable >= event.min_money)
        )

    def _offer(self, card: Card | Event, kind: str) -> OfferedCard:
        return OfferedCard(
            card.id, kind, card.title, card.text, tuple(self._offer_option(o) for o in card.options)
        )

    def _offer_option(self, option: Option) -> OfferedOption:
        reason = ""
        from_savings = option.savings_needs()
        if from_savings > max(self.balances["savings"], 0):
            reason = "savings"
        elif option.needs() - from_savings > self.spendable:
            reason = "money"
        else:
            reasons = (effect.unavailable_reason(self) for effect in option.effects)
            reason = next((found for found in reasons if found), "")
        picked = option.amount_effect
        amounts = None
        if picked is not None:
            amounts = (picked.min, picked.upper(self), picked.step)  # type: ignore[attr-defined]
            if not reason and amounts[1] < amounts[0]:
                reason = "money"
        return OfferedOption(option.id, option.text, option.temptation, not reason, reason,
                             option.needs(), amounts)  # fmt: skip

    # --- choosing ---------------------------------------------------------------------------

    @property
    def card(self) -> OfferedCard | None:
        """The card to answer now (None when the game is over)."""
        return self.cards[0] if self.cards else None

    def option(self, card_id: str, option_id: str) -> Option | None:
        """The scenario's option behind an offered card's option (None for bills, rest); an
        option id with a picked amount (``"eigen=650"``) finds its option too."""
        option_id = option_id.partition(AMOUNT_SEPARATOR)[0]
        source = next((c for c in self.scenario.cards if c.id == card_id), None) or (
            self._event_cards.get(card_id)
        )
        if source is None:
            return None
        return next((o for o in source.options if o.id == option_id), None)

    def choose(self, card_id: str, option_id: str) -> None:
        """Answer the current card. Raises ``InvalidChoice`` for anything else.

        An option where the pupil picks an amount is chosen as ``"<option id>=<cents>"``.
        """
        card = self.card
        if self.finished or card is None or card.id != card_id:
            raise InvalidChoice(f"card {card_id!r} is not the card to answer now")
        base_id, amount = split_option(option_id)
        offered = next((o for o in card.options if o.id == base_id), None)
        if (
            offered is None
            or not offered.available
            or (amount is None) != (offered.amounts is None)
        ):
            raise InvalidChoice(f"option {option_id!r} cannot be chosen on {card_id!r}")
        ref = f"{self.turn}:{card_id}"
        if card.kind == "overdraft":
            if base_id == "use-savings":
                self.post("savings", "bank", offered.cost, label="", kind="transfer", ref=ref)
                self.timeline.append(Happening(self.turn, "savings_used", "", amount=None))
            else:
                self.timeline.append(Happening(self.turn, "savings_kept", "", amount=None))
        elif card.kind == "bill":
            debt = self.debt_for_card(card_id)
            assert debt is not None
            if option_id == "plan":
                self.start_plan(debt)
            elif option_id == "pay":
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
            option = self.option(card_id, base_id)
            assert option is not None
            picked = option.amount_effect
            if picked is not None and not picked.valid(self, amount):  # type: ignore[attr-defined]
                raise InvalidChoice(f"amount {amount} is not possible on {card_id!r}")
            before = self.money
            for effect in option.effects:
                if effect.takes_amount:
                    effect.apply_amount(self, ref, amount)  # type: ignore[attr-defined]
                else:
                    effect.apply(self, ref)
            self.timeline.append(
                Happening(
                    self.turn,
                    "choice",
                    card.title,
                    option.text,
                    self.money - before or None,
                    amount,
                )
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
            return self._bill_card(debt)
        return card

    def _end_turn(self) -> None:
        self._settle_overdraft()
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
