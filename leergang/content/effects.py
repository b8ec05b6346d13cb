"""Effect kinds: one pydantic class per ``type``, registered in ``EFFECT_TYPES``.

A scenario's options, events and debt stages list effects such as ``{type: pay, amount: 2.50}``.
Each class validates its own YAML and applies itself to a running game (``apply``); ``needs``
says how much money must be available for an option to be chosen, ``unavailable_reason`` any
other reason it cannot be chosen now. Effects beside step types: the game they act on is the
``GameState`` protocol below, which ``leergang.simulation.Game`` fulfils, so ``content/`` imports
nothing from ``simulation/``. Adding a kind of effect is one class here (and a paragraph in
lessons/README.md).
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal, Protocol, TypeVar, Union, get_args

from pydantic import BeforeValidator, Field

from .fields import ContentModel, Slug, Text
from .money import euros_to_cents

Pot = Literal["cash", "bank", "savings"]
# The engine offers the bill of a debt that is due as the card "bill-<debt id>"; scenario cards
# may not use the prefix.
BILL_PREFIX = "bill-"
# When a bank balance is below zero at the start of a turn and there are savings, the engine asks
# the pupil (card "overdraft") before any savings are used: savings never go without consent.
OVERDRAFT_CARD = "overdraft"
# A chosen amount travels with the option id: "<option id>=<cents>" (see ``SaveAmount``).
AMOUNT_SEPARATOR = "="
# An amount in euros in the file, integer cents in Python; never zero or negative.
Amount = Annotated[int, BeforeValidator(euros_to_cents), Field(gt=0, le=100_000_00)]
Fee = Annotated[int, BeforeValidator(euros_to_cents), Field(ge=0, le=10_000_00)]


class GameState(Protocol):
    """What an effect may do to a running game (``leergang.simulation.engine.Game``)."""

    flags: set[str]
    active_incomes: set[str]
    balances: dict[str, int]

    @property
    def spendable(self) -> int: ...

    def spend(
        self, amount: int, first: str, *, label: str, kind: str, ref: str = "", target: str = ...
    ) -> object: ...
    def post(
        self, source: str, target: str, amount: int, *, label: str, kind: str, ref: str = ""
    ) -> None: ...
    def move_to_savings(self, amount: int, first: str, *, ref: str) -> None: ...
    def change_wellbeing(self, change: int) -> None: ...
    def start_cost(self, cost_id: str) -> None: ...
    def stop_cost(self, cost_id: str) -> None: ...
    def lock_in_left(self, cost_id: str) -> int: ...
    def open_debt(self, effect: DebtEffect, *, ref: str) -> None: ...


class EffectBase(ContentModel):
    """Common shape: ``type`` names the class; money effects also cite a ``source`` id."""

    type: str

    def apply(self, game: GameState, ref: str) -> None:  # pragma: no cover - every kind overrides
        raise NotImplementedError

    # True for an effect whose amount the pupil picks (``choose`` passes it to ``apply_amount``).
    takes_amount: ClassVar[bool] = False

    def needs(self) -> int:
        """Cents this effect takes now (from any pot): 0 makes an option free to choose."""
        return 0

    def savings_needs(self) -> int:
        """The part of ``needs`` that must come from the savings pot (not cash or bank)."""
        return 0

    def unavailable_reason(self, game: GameState) -> str | None:
        """Why an option with this effect cannot be chosen now (besides money), if it cannot."""
        return None

    def source_ids(self) -> list[str]:
        source = getattr(self, "source", None)
        return [source] if source else []

    def references(self) -> list[tuple[str, str, str]]:
        """(field, kind, id) pairs this effect points at: fixed costs or incomes."""
        return []


EFFECT_TYPES: dict[str, type[EffectBase]] = {}
E = TypeVar("E", bound=type[EffectBase])


def register(cls: E) -> E:
    (name,) = get_args(cls.model_fields["type"].annotation)
    EFFECT_TYPES[name] = cls
    return cls


@register
class Pay(EffectBase):
    """Spend money from cash unless ``from`` says otherwise. Cash and bank top each other up;
    savings are never used unless ``from: savings``, and then only savings (the option cannot be
    chosen when the savings pot holds less)."""

    type: Literal["pay"]
    amount: Amount
    label: Text | None = None
    from_pot: Pot = Field(default="cash", alias="from")
    source: Slug

    def needs(self) -> int:
        return self.amount

    def savings_needs(self) -> int:
        return self.amount if self.from_pot == "savings" else 0

    def apply(self, game: GameState, ref: str) -> None:
        game.spend(self.amount, self.from_pot, label=self.label or "", kind="choice", ref=ref)


@register
class Receive(EffectBase):
    """Get money: birthday money, a sale of old things, a refund."""

    type: Literal["receive"]
    amount: Amount
    label: Text | None = None
    to: Pot = "cash"
    source: Slug

    def apply(self, game: GameState, ref: str) -> None:
        game.post("world", self.to, self.amount, label=self.label or "", kind="income", ref=ref)


@register
class Save(EffectBase):
    """Put money in the savings pot from cash and bank, only from what is really there: never
    from the savings pot itself, never into an overdraft."""

    type: Literal["save"]
    amount: Amount
    from_pot: Literal["cash", "bank"] = Field(default="cash", alias="from")
    source: Slug

    def needs(self) -> int:
        return self.amount

    def apply(self, game: GameState, ref: str) -> None:
        game.move_to_savings(self.amount, self.from_pot, ref=ref)


@register
class SaveAmount(EffectBase):
    """The pupil picks how much to save: from ``min`` to ``max`` (or all they have) in ``step``s.

    The chosen amount is stored with the option id as ``<id>=<cents>``; the page shows an amount
    field. Like ``save``, it takes only from cash and bank balances that are there.
    """

    type: Literal["save_amount"]
    min: Amount = 50
    max: Amount | None = None
    step: Amount = 50
    from_pot: Literal["cash", "bank"] = Field(default="bank", alias="from")
    source: Slug

    takes_amount: ClassVar[bool] = True

    def needs(self) -> int:
        return self.min

    def upper(self, game: GameState) -> int:
        """The most the pupil can save now: the maximum, the money there, whole steps."""
        most = game.spendable if self.max is None else min(self.max, game.spendable)
        return max(0, most - most % self.step)

    def valid(self, game: GameState, cents: int) -> bool:
        return self.min <= cents <= self.upper(game) and cents % self.step == 0

    def apply(self, game: GameState, ref: str) -> None:  # pragma: no cover - needs an amount
        raise TypeError("save_amount needs the amount the pupil chose: use apply_amount")

    def apply_amount(self, game: GameState, ref: str, cents: int) -> None:
        game.move_to_savings(cents, self.from_pot, ref=ref)


@register
class Wellbeing(EffectBase):
    """Feeling good: seeing friends, fun, peace of mind (0–100). Not money."""

    type: Literal["wellbeing"]
    change: int = Field(ge=-50, le=50)

    def apply(self, game: GameState, ref: str) -> None:
        game.change_wellbeing(self.change)


class DebtStage(ContentModel):
    """What happens each turn a debt stays unpaid after its deadline: a reminder, a fee …"""

    label: Text
    text: Text
    fee: Fee = 0
    source: Slug | None = None
    wellbeing: int = Field(default=0, ge=-50, le=0)
    subscribe: Slug | None = None  # a fixed cost that starts, e.g. a higher premium
    cancel: list[Slug] = Field(default_factory=list)  # fixed costs it replaces


class DebtEffect(EffectBase):
    """Common shape of the debt kinds: an amount due in ``due_in`` turns, then the stages."""

    amount: Amount
    label: Text
    due_in: int = Field(ge=1, le=52)
    stages: list[DebtStage] = Field(default_factory=list, max_length=10)
    # Its bill card offers "ask for a payment plan": the amount in this many equal parts, one per
    # turn, without late fees (0: no plan possible, e.g. a fine).
    plan_turns: int = Field(default=3, ge=0, le=12)
    source: Slug

    lends_money: ClassVar[bool] = False  # True: the money goes to the player's cash
    starts_plan: ClassVar[bool] = False  # True: a payment plan from the start (no bill card)

    def source_ids(self) -> list[str]:
        return [self.source, *(s.source for s in self.stages if s.source)]

    def references(self) -> list[tuple[str, str, str]]:
        found = [("subscribe", "cost", s.subscribe) for s in self.stages if s.subscribe]
        return found + [("cancel", "cost", cost) for s in self.stages for cost in s.cancel]

    def apply(self, game: GameState, ref: str) -> None:
        game.open_debt(self, ref=ref)


@register
class BuyNowPayLater(DebtEffect):
    """Buy now, pay later: the thing is yours, the bill comes after ``due_in`` turns."""

    type: Literal["buy_now_pay_later"]


@register
class Borrow(DebtEffect):
    """Borrow money (from a friend, a parent): cash now, pay back after ``due_in`` turns."""

    type: Literal["borrow"]
    lends_money: ClassVar[bool] = True


@register
class UnpaidBill(DebtEffect):
    """A bill not paid now (e.g. a skipped premium): it stays due, with its stages."""

    type: Literal["unpaid_bill"]


@register
class PaymentPlan(DebtEffect):
    """Ask for a payment plan (betalingsregeling): the bill is split into ``plan_turns`` equal
    parts, the first paid now and one each following turn, with no late fees."""

    type: Literal["payment_plan"]
    due_in: int = Field(default=1, ge=1, le=52)
    plan_turns: int = Field(default=3, ge=2, le=12)
    starts_plan: ClassVar[bool] = True


@register
class Subscribe(EffectBase):
    """Start a fixed cost from the scenario's ``fixed_costs``: the first charge is made now, when
    the pupil chooses, and its lock-in starts now."""

    type: Literal["subscribe"]
    cost: Slug

    def references(self) -> list[tuple[str, str, str]]:
        return [("cost", "cost", self.cost)]

    def apply(self, game: GameState, ref: str) -> None:
        game.start_cost(self.cost)


@register
class Cancel(EffectBase):
    """Stop a fixed cost; an option with it can only be chosen after the lock-in period."""

    type: Literal["cancel"]
    cost: Slug

    def references(self) -> list[tuple[str, str, str]]:
        return [("cost", "cost", self.cost)]

    def apply(self, game: GameState, ref: str) -> None:
        game.stop_cost(self.cost)

    def unavailable_reason(self, game: GameState) -> str | None:
        return "lock_in" if game.lock_in_left(self.cost) else None


@register
class StartIncome(EffectBase):
    """Start an income from the scenario's ``incomes`` (a side job, an allowance)."""

    type: Literal["start_income"]
    income: Slug

    def references(self) -> list[tuple[str, str, str]]:
        return [("income", "income", self.income)]

    def apply(self, game: GameState, ref: str) -> None:
        game.active_incomes.add(self.income)


@register
class StopIncome(EffectBase):
    """Stop an income (child benefit ends at 18, a job ends)."""

    type: Literal["stop_income"]
    income: Slug

    def references(self) -> list[tuple[str, str, str]]:
        return [("income", "income", self.income)]

    def apply(self, game: GameState, ref: str) -> None:
        game.active_incomes.discard(self.income)


@register
class SetFlag(EffectBase):
    """Remember that something happened, for events' ``if_flag`` / ``unless_flag``."""

    type: Literal["flag"]
    name: Slug

    def apply(self, game: GameState, ref: str) -> None:
        game.flags.add(self.name)


def effect_union() -> Any:
    """The discriminated union of every registered effect kind, for the scenario schema."""
    return Annotated[Union[tuple(EFFECT_TYPES.values())], Field(discriminator="type")]  # noqa: UP007
