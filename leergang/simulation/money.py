"""The money rules of a game run: the ledger, paying, saving, fixed costs, debts, payment plans,
bills and the overdraft.

``Game`` (``engine.py``) inherits them from ``MoneyRules``, which holds no state of its own: it
works on the run's balances, ledger, timeline and debts. Balances only change through ``post``,
so the ledger explains every cent.

Savings are never spent without the pupil agreeing (only ``spend(..., "savings")``, chosen by
the pupil, takes from them); saving only moves money that is really there; a fixed cost chosen
after this turn's costs were booked is charged at once; a bill can be paid, put off or spread
over a payment plan; at the end of a turn cash in hand settles a negative bank balance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from leergang.content.effects import BILL_PREFIX, OVERDRAFT_CARD

from .records import POTS, WORLD, Debt, Entry, Happening, InvalidChoice, OfferedCard, OfferedOption

if TYPE_CHECKING:
    from leergang.content.effects import DebtEffect
    from leergang.content.scenario_schema import Scenario


class MoneyRules:
    """How money moves in a run. Mixed into ``Game``, whose fields the annotations below name
    (a debt's stage also calls ``Game.change_wellbeing``)."""

    scenario: Scenario
    turn: int
    balances: dict[str, int]
    ledger: list[Entry]
    timeline: list[Happening]
    debts: dict[str, Debt]
    active_costs: dict[str, int]
    _costs_booked: bool

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

    @property
    def spendable(self) -> int:
        """What can be spent without touching savings: cash + bank, never below zero."""
        return max(self.balances["cash"] + self.balances["bank"], 0)

    def spend(
        self, amount: int, first: str, *, label: str, kind: str, ref: str = "", target: str = WORLD
    ) -> int:
        """Pay ``amount`` from ``first``; cash and bank top each other up. Savings are only used
        when ``first`` is ``"savings"`` (the pupil chose so), and then savings only. What cannot
        be covered leaves the bank account below zero (a shortfall). Returns the shortfall."""
        other = "bank" if first == "cash" else "cash"
        pots = ("savings",) if first == "savings" else (first, other)
        left = amount
        for pot in pots:
            take = min(left, max(self.balances[pot], 0))
            if take:
                self.post(pot, target, take, label=label, kind=kind, ref=ref)
                left -= take
        if left:
            self.post("bank", target, left, label=label, kind=kind, ref=ref)
        return left

    def move_to_savings(self, amount: int, first: str, *, ref: str) -> None:
        """Save ``amount`` from cash and bank, only what is there: never into an overdraft."""
        if first not in ("cash", "bank") or amount > self.spendable:
            raise InvalidChoice(f"cannot save {amount} cents from {first!r} now")
        left = amount
        for pot in (first, "bank" if first == "cash" else "cash"):
            take = min(left, max(self.balances[pot], 0))
            if take:
                self.post(pot, "savings", take, label="", kind="saving", ref=ref)
                left -= take
        assert not left  # spendable >= amount, so the positive balances cover it

    # --- costs, incomes, debts -----------------------------------------------------------

    def start_cost(self, cost_id: str) -> None:
        """Start a fixed cost now. Chosen after this turn's costs were booked, its first charge
        is made at once: a subscription costs money from the moment it is taken."""
        if cost_id in self.active_costs:
            return
        cost = self.scenario.costs_by_id[cost_id]
        # A cost chosen before its first turn (insurance chosen before the 18th birthday) starts
        # then; one chosen later starts now.
        self.active_costs[cost_id] = max(self.turn, cost.first_turn)
        if self._costs_booked and self.active_costs[cost_id] == self.turn:
            self._charge(cost)

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
        if effect.starts_plan:
            self.start_plan(debt)

    def start_plan(self, debt: Debt) -> None:
        """A payment plan: what is owed in ``plan_turns`` equal parts, the first now, no fees."""
        debt.plan_left = debt.effect.plan_turns
        self.timeline.append(Happening(self.turn, "plan", debt.label))
        self._pay_instalment(debt)

    def _pay_instalment(self, debt: Debt) -> None:
        owed = self.owed(debt)
        part = -(-owed // debt.plan_left)  # round up, so the last part is never larger
        self.spend(part, "bank", label=debt.label, kind="repayment", ref=debt.ref,
                   target=debt.account)  # fmt: skip
        debt.plan_left -= 1
        debt.plan_turn = self.turn
        self.timeline.append(Happening(self.turn, "instalment", debt.label, amount=-part))
        if self.owed(debt) <= 0:
            debt.paid_turn = self.turn
            debt.plan_left = 0

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

    # --- each turn's bookings, bills and the overdraft -------------------------------------

    def _escalate_debts(self) -> None:
        for debt in self.open_debts:
            stages = debt.effect.stages
            if debt.plan_left or debt.due_turn >= self.turn or debt.stage >= len(stages):
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

    def _charge(self, cost) -> None:
        short = self.spend(cost.amount, cost.from_pot, label=cost.label, kind="cost", ref=cost.id)
        self.timeline.append(Happening(self.turn, "cost", cost.label, amount=-cost.amount))
        if short:
            self.timeline.append(Happening(self.turn, "shortfall", cost.label, amount=-short))

    def _book_instalments(self) -> None:
        for debt in self.open_debts:
            if debt.plan_left and debt.plan_turn < self.turn:
                self._pay_instalment(debt)

    def _overdraft_card(self) -> list[OfferedCard]:
        """Below zero at the bank with savings in the pot: ask before using the savings."""
        short = -(self.balances["bank"] + max(self.balances["cash"], 0))
        if short <= 0 or self.balances["savings"] <= 0:
            return []
        use = min(short, self.balances["savings"])
        options = (
            OfferedOption("use-savings", "", False, True, "", use),
            OfferedOption("keep-savings", "", False, True),
        )
        return [OfferedCard(OVERDRAFT_CARD, "overdraft", "", "", options, amount=use)]

    def _bills(self) -> list[OfferedCard]:
        return [
            self._bill_card(debt)
            for debt in self.open_debts
            if debt.due_turn <= self.turn and not debt.plan_left
        ]

    def _bill_card(self, debt: Debt) -> OfferedCard:
        owed = self.owed(debt)
        options = [self._pay_option(owed)]
        if debt.effect.plan_turns:
            part = -(-owed // debt.effect.plan_turns)
            options.append(OfferedOption("plan", "", False, True, "", part))
        options.append(OfferedOption("later", "", False, True))
        return OfferedCard(f"{BILL_PREFIX}{debt.id}", "bill", debt.label, "", tuple(options), owed)

    def _pay_option(self, owed: int) -> OfferedOption:
        affordable = owed <= self.spendable
        return OfferedOption("pay", "", False, affordable, "" if affordable else "money", owed)

    def _settle_overdraft(self) -> None:
        """Cash in hand pays off a negative bank balance, as far as it reaches."""
        short = -self.balances["bank"]
        cash = self.balances["cash"]
        if short > 0 and cash > 0:
            self.post("cash", "bank", min(short, cash), label="", kind="transfer", ref="")
