"""The parts of a budget-game scenario (``scenario_schema.py`` holds the ``Scenario`` itself and
its cross-checks): turns, start balances, wellbeing rules, the goal, incomes with payslips, fixed
costs, and the choice cards and random events with their options.

Amounts are euros in the file and integer cents here.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from .effects import Amount, EffectBase, effect_union
from .fields import ContentModel, Slug, Text
from .money import euros_to_cents
from .schema import Source

Effect = effect_union()
Pot = Literal["cash", "bank", "savings"]
Money = Annotated[int, BeforeValidator(euros_to_cents), Field(ge=0, le=100_000_00)]


class ScenarioSource(Source):
    """A module's source with an id, so every amount can cite it."""

    id: Slug


class Turns(ContentModel):
    unit: Literal["day", "week", "month"]
    count: int = Field(ge=2, le=52)


class Start(ContentModel):
    cash: Money = 0
    bank: Money = 0
    savings: Money = 0
    source: Slug


class WellbeingRules(ContentModel):
    """Feeling good matters: saving everything and seeing no friends is not a win."""

    start: int = Field(default=70, ge=0, le=100)
    per_turn: int = Field(default=0, ge=-20, le=0)
    minimum: int = Field(default=40, ge=0, le=100)


class Goal(ContentModel):
    text: Text
    amount: Amount
    pot: Pot = "savings"
    by_turn: int | None = Field(default=None, ge=1)
    source: Slug


class Payslip(ContentModel):
    """A side job's payslip: hours × hourly wage − deductions (loonheffing) must equal the
    income's amount. The game shows and explains it each time the wage comes in.

    ``holiday_pay_percent`` is the holiday pay (vakantiegeld) built up on top of the gross wage,
    paid out later (by law at least 8%); ``example`` marks figures an author made up to practise
    with, so the page says so.
    """

    hours: int = Field(ge=1, le=200)
    hourly_wage: Amount
    deductions: Money = 0
    holiday_pay_percent: int = Field(default=0, ge=0, le=20)
    example: bool = True
    source: Slug

    @property
    def gross(self) -> int:
        return self.hours * self.hourly_wage

    @property
    def holiday_pay(self) -> int:
        return round(self.gross * self.holiday_pay_percent / 100)


class Income(ContentModel):
    id: Slug
    label: Text
    kind: Literal["pocket_money", "chores", "payslip", "allowance", "benefit", "gift"]
    amount: Amount
    every: int = Field(default=1, ge=1, le=52)
    first_turn: int = Field(default=1, ge=1)
    last_turn: int | None = Field(default=None, ge=1)  # e.g. child benefit stops at 18
    to: Pot = "cash"
    active: bool = True
    payslip: Payslip | None = None
    source: Slug


class FixedCost(ContentModel):
    id: Slug
    label: Text
    amount: Amount
    every: int = Field(default=1, ge=1, le=52)
    first_turn: int = Field(default=1, ge=1)  # when an active cost starts (e.g. at 18)
    from_pot: Pot = Field(default="bank", alias="from")
    active: bool = True
    lock_in: int = Field(default=0, ge=0, le=52)  # turns before it can be cancelled
    source: Slug


class Option(ContentModel):
    id: Slug
    text: Text
    temptation: bool = False
    effects: list[Effect] = Field(default_factory=list)  # type: ignore[valid-type]
    explanation: Text  # shown after the choice and in the debrief: every choice is explained

    def needs(self) -> int:
        return sum(effect.needs() for effect in self.effects)

    def savings_needs(self) -> int:
        return sum(effect.savings_needs() for effect in self.effects)

    @property
    def amount_effect(self) -> EffectBase | None:
        """The effect whose amount the pupil picks (``save_amount``), if any."""
        return next((effect for effect in self.effects if effect.takes_amount), None)


class Card(ContentModel):
    """A choice the pupil makes in a given turn."""

    id: Slug
    turn: int = Field(ge=1)
    title: Text
    text: Text
    options: list[Option] = Field(min_length=2, max_length=5)


class Event(ContentModel):
    """Something that may happen at the start of a turn, drawn by probability and conditions."""

    id: Slug
    title: Text
    text: Text
    probability: int = Field(ge=1, le=100)  # percent per eligible turn
    from_turn: int = Field(default=1, ge=1)
    to_turn: int | None = Field(default=None, ge=1)
    max_times: int = Field(default=1, ge=1, le=52)
    # Only when this flag is set (a list: all of them) / none of these flags is set.
    if_flag: Slug | list[Slug] | None = None
    unless_flag: Slug | list[Slug] | None = None
    min_money: Money | None = None  # only when cash + bank + savings is at least this
    effects: list[Effect] = Field(default_factory=list)  # type: ignore[valid-type]
    options: list[Option] = Field(default_factory=list, max_length=5)
