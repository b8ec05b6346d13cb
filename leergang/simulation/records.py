"""What a game run records and offers: ledger entries, timeline lines, debts, the cards and
options offered now, the choices made and the outcome. Plain data; ``engine.Game`` fills it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from leergang.content.effects import DebtEffect

POTS = ("cash", "bank", "savings")
WORLD = "world"
REST_CARD = "rest"  # the card of a turn without choices: the pupil only reads and goes on


class InvalidChoice(ValueError):
    """The choice is not one the game offers now (wrong card, unknown or unavailable option)."""


@dataclass(frozen=True)
class Entry:
    """One movement of ``amount`` cents (always > 0) from one account to another."""

    turn: int
    source: str
    target: str
    amount: int
    label: str
    kind: str  # income, cost, choice, saving, debt, fee, repayment, transfer (between pots)
    ref: str = ""  # the choice or event that caused it: "<turn>:<card id>"


@dataclass(frozen=True)
class Happening:
    """A line on the pupil's timeline."""

    turn: int
    kind: str  # income, cost, event, choice, debt, stage, goal, shortfall, plan, instalment,
    # savings_used / savings_kept (the answer to the overdraft card)
    title: str
    text: str = ""
    amount: int | None = None  # cents; negative when money went out
    picked: int | None = None  # cents the pupil typed (an amount they chose to save)


@dataclass
class Debt:
    id: str
    label: str
    kind: str  # the effect type: buy_now_pay_later, borrow, unpaid_bill
    amount: int  # what was borrowed or bought
    due_turn: int
    effect: DebtEffect
    ref: str
    stage: int = 0  # stages passed
    fees: int = 0
    paid_turn: int | None = None
    plan_left: int = 0  # instalments still to pay on a payment plan (0: no plan)
    plan_turn: int = 0  # the turn of the last instalment

    @property
    def account(self) -> str:
        return f"debt:{self.id}"


@dataclass(frozen=True)
class OfferedOption:
    id: str
    text: str
    temptation: bool
    available: bool
    reason: str = ""  # why not available: "money", "savings" or "lock_in"
    cost: int = 0  # cents the option spends now (for display)
    amounts: tuple[int, int, int] | None = None  # the pupil picks an amount: (min, max, step)


@dataclass(frozen=True)
class OfferedCard:
    """A card the pupil must answer now: a scenario card, an event, a bill or a rest turn."""

    id: str
    kind: str  # card, event, bill, overdraft, rest
    title: str
    text: str
    options: tuple[OfferedOption, ...]
    amount: int | None = None  # for bills: what is due


@dataclass(frozen=True)
class Choice:
    turn: int
    card_id: str
    option_id: str


@dataclass(frozen=True)
class Outcome:
    goal_reached: bool | None  # None when the scenario has no goal
    goal_turn: int | None
    ended_in_debt: bool
    fees: int  # late fees, reminder and collection costs run up, in cents
    balances: dict[str, int]
    debt: int  # still owed at the end, in cents (>= 0)
    wellbeing: int
    wellbeing_ok: bool
    turns: int

    @property
    def net(self) -> int:
        return sum(self.balances.values()) - self.debt
