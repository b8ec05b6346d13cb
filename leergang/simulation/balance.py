"""Is a game fair? Scripted strategies play a scenario over many seeds, so an author (and the
balance tests) can see whether responsible play wins on the game's own terms.

Strategies pick among the options the engine offers, reading the options' effects:

- ``responsible``: pays bills (or asks for a payment plan), no temptations, no debts, saves
  steadily towards the goal, picks cheap fun over no fun, does paid chores;
- ``careless``: impulsive and negligent: every temptation (buying on credit when it can),
  no saving, bills put off, nothing arranged;
- ``never_save``: responsible in everything but never saves;
- ``put_off_bills``: responsible but puts off every bill and arranging things it can put off;
- ``random``: any available option (a random amount where the pupil picks one);
- ``spend_and_save``: responsible in bills, arranging and saving, but gives in to every
  temptation (paying at once where it can). In a game where money is tight, this pupil misses
  the goal: spending choices must matter (the balance tests check it).

``SAVING_PATTERNS`` vary only *when* the responsible player saves (early, steady, late), to show
the goal is reachable in more than one way and not only by clicking the biggest button.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from statistics import mean
from typing import TYPE_CHECKING

from leergang.content.effects import AMOUNT_SEPARATOR
from leergang.content.messages import N_

from .engine import POTS, WORLD, Game
from .records import OfferedCard, OfferedOption, Outcome

if TYPE_CHECKING:
    from leergang.content.scenario_schema import Option, Scenario

STRATEGIES = ("responsible", "careless", "never_save", "put_off_bills", "random", "spend_and_save")
CARELESS = STRATEGIES[1:]
SAVING_PATTERNS = ("early", "steady", "late")
DEBT_TYPES = {"buy_now_pay_later", "borrow", "unpaid_bill"}

# Choices a generic rule cannot read from the effects (what is wise to arrange, in the game's own
# terms). Used only when the option exists and is available.
ARRANGE = {
    "bijna-18": {"digid": "aanvragen", "zorgverzekering": "basis", "zorgtoeslag": "aanvragen",
                 "bankrekening": "overstappen", "kinderbijslag": "plannen"},
    "sparen-voor": {"klusje-auto": "ja", "klusje-tuin": "ja"},
    "je-eerste-bijbaan": {"lamp": "kopen"},
}  # fmt: skip
NEGLECT = {
    "bijna-18": {"digid": "later", "zorgverzekering": "niets", "zorgtoeslag": "niet",
                 "bankrekening": "blijven", "kinderbijslag": "afwachten"},
    "je-eerste-bijbaan": {"lamp": "zonder"},
}  # fmt: skip
PUT_OFF = {"bijna-18": {"digid": "later", "zorgverzekering": "niets"}}


@dataclass(frozen=True)
class Traits:
    """What an option does, read from its effects."""

    saves: int
    pays: int
    receives: int
    wellbeing: int
    debt: bool
    plan: bool
    temptation: bool
    picks_amount: bool


def traits(option: Option) -> Traits:
    saves = pays = receives = wellbeing = 0
    debt = plan = False
    for effect in option.effects:
        kind = effect.type
        if kind == "save":
            saves += effect.amount  # type: ignore[attr-defined]
        elif kind == "pay":
            pays += effect.amount  # type: ignore[attr-defined]
        elif kind == "receive":
            receives += effect.amount  # type: ignore[attr-defined]
        elif kind == "wellbeing":
            wellbeing += effect.change  # type: ignore[attr-defined]
        debt = debt or kind in DEBT_TYPES
        plan = plan or kind == "payment_plan"
    return Traits(saves, pays, receives, wellbeing, debt, plan, option.temptation,
                  option.amount_effect is not None)  # fmt: skip


Policy = Callable[[Game, OfferedCard, list[OfferedOption]], str]


def _save_cards(scenario: Scenario) -> list[int]:
    """Turns of the cards that offer saving, in order."""
    turns = []
    for card in scenario.cards:
        if any(traits(o).saves or traits(o).picks_amount for o in card.options):
            turns.append(card.turn)
    return sorted(set(turns))


def _gap(game: Game) -> int:
    goal = game.scenario.goal
    return 0 if goal is None else max(goal.amount - game.balances[goal.pot], 0)


def _save_choice(game: Game, options: list[tuple[OfferedOption, Traits]], wanted: int) -> str:
    """The option that saves closest to ``wanted`` cents (at least it, when one can)."""
    for offered, trait in options:
        if trait.picks_amount and offered.amounts is not None and wanted > 0:
            low, high, step = offered.amounts
            cents = min(max(-(-wanted // step) * step, low), high)
            return f"{offered.id}{AMOUNT_SEPARATOR}{cents}"
    fixed = [(trait.saves, offered.id) for offered, trait in options if not trait.picks_amount]
    if wanted <= 0:
        return min(fixed)[1]
    enough = [item for item in fixed if item[0] >= wanted]
    return min(enough)[1] if enough else max(fixed)[1]


def _pattern_amount(game: Game, pattern: str, turns: list[int] | None = None) -> int:
    turns = _save_cards(game.scenario) if turns is None else turns
    left = len([t for t in turns if t >= game.turn]) or 1
    gap = _gap(game)
    if pattern == "early":
        return min(game.spendable, gap)
    if pattern == "late":
        return gap if left == 1 else 0
    if pattern == "never":
        return 0
    return -(-gap // left)  # steady: an equal share at each save card left


def policy(
    strategy: str, seed: int, *, pattern: str = "steady", force: dict[str, str] | None = None
) -> Policy:
    """``force`` maps card ids to the option to take there when it is available."""
    rng = random.Random(seed * 7919 + 17)
    saving = "never" if strategy in ("never_save", "careless") else pattern
    save_turns: list[list[int]] = []  # the scenario's save-card turns, found once per run

    def choose(game: Game, card: OfferedCard, available: list[OfferedOption]) -> str:
        ids = [o.id for o in available]
        if force and force.get(card.id) in ids:
            return force[card.id]
        if card.kind == "rest":
            return "continue"
        if strategy == "random":
            offered = rng.choice(available)
            if offered.amounts is not None:
                low, high, step = offered.amounts
                return f"{offered.id}{AMOUNT_SEPARATOR}{rng.randrange(low, high + 1, step)}"
            return offered.id
        if card.kind == "overdraft":
            return "use-savings" if strategy != "careless" else "keep-savings"
        if card.kind == "bill":
            if strategy in ("careless", "put_off_bills"):
                return "later"
            return "pay" if "pay" in ids else ("plan" if "plan" in ids else "later")
        scenario_id = game.scenario.id
        wanted = dict(ARRANGE.get(scenario_id, {}))
        if strategy == "careless":
            wanted = dict(NEGLECT.get(scenario_id, {}))
        elif strategy == "put_off_bills":
            wanted.update(PUT_OFF.get(scenario_id, {}))
        if wanted.get(card.id) in ids:
            return wanted[card.id]
        found = [(o, traits(game.option(card.id, o.id))) for o in available]  # type: ignore[arg-type]
        if any(t.saves or t.picks_amount for _o, t in found):
            if not save_turns:
                save_turns.append(_save_cards(game.scenario))
            return _save_choice(game, found, _pattern_amount(game, saving, save_turns[0]))
        tempting = [(o, t) for o, t in found if t.temptation]
        if strategy == "spend_and_save" and tempting:  # paying at once, then the most fun
            return min(tempting, key=lambda x: (x[1].debt, -x[1].wellbeing))[0].id
        if strategy == "careless":
            if tempting:  # buying on credit when it can, then the most fun
                return min(tempting, key=lambda x: (not x[1].debt, -x[1].wellbeing))[0].id
            return min(found, key=lambda x: (-x[1].wellbeing, x[1].pays))[0].id
        if strategy == "put_off_bills":
            later = [o for o, t in found if t.debt and not t.temptation]
            if later:
                return later[0].id
        calm = [(o, t) for o, t in found if not t.temptation and not t.debt] or found
        plans = [o for o, t in calm if t.plan]
        if plans:  # a bill: pay it at once when that is possible, else ask for a plan
            paying = [o for o, t in calm if t.pays and not t.plan]
            return (paying or plans)[0].id
        # Cheap fun over no fun, earning over spending, then feeling good.
        return min(calm, key=lambda x: (x[1].wellbeing < 0, x[1].pays - x[1].receives,
                                        -x[1].wellbeing))[0].id  # fmt: skip

    return choose


def play(
    scenario: Scenario,
    seed: int,
    strategy: str,
    *,
    pattern: str = "steady",
    force: dict[str, str] | None = None,
) -> Game:
    game = Game.start(scenario, seed)
    choose = policy(strategy, seed, pattern=pattern, force=force)
    while not game.finished:
        card = game.card
        assert card is not None
        available = [o for o in card.options if o.available]
        game.choose(card.id, choose(game, card, available))
    return game


@dataclass(frozen=True)
class Row:
    """One strategy's results over many seeds."""

    strategy: str
    games: int
    mean_net: float  # euros
    in_debt: float  # share of runs ending in debt (0–1)
    mean_fees: float  # euros
    goal: float  # share of runs reaching the goal (0–1)
    wellbeing_ok: float  # share of runs ending with wellbeing at or above the minimum

    @classmethod
    def of(cls, strategy: str, outcomes: list[Outcome]) -> Row:
        return cls(
            strategy,
            len(outcomes),
            mean(o.net for o in outcomes) / 100,
            mean(o.ended_in_debt for o in outcomes),
            mean(o.fees for o in outcomes) / 100,
            mean(bool(o.goal_reached) for o in outcomes),
            mean(o.wellbeing_ok for o in outcomes),
        )


def table(scenario: Scenario, seeds: range, strategies=STRATEGIES) -> list[Row]:
    return [
        Row.of(name, [play(scenario, seed, name).outcome() for seed in seeds])
        for name in strategies
    ]


def format_table(scenario: Scenario, rows: list[Row]) -> str:
    lines = [
        f"{scenario.id} ({scenario.turns.count} {scenario.turns.unit}s, goal "
        f"€ {(scenario.goal.amount if scenario.goal else 0) / 100:.2f}, {rows[0].games} seeds)",
        f"  {'strategy':<14} {'mean end €':>11} {'in debt':>8} {'fees €':>8} {'goal':>6} "
        f"{'feel ok':>8}",
    ]
    for row in rows:
        lines.append(
            f"  {row.strategy:<14} {row.mean_net:>11.2f} {row.in_debt:>8.0%} "
            f"{row.mean_fees:>8.2f} {row.goal:>6.0%} {row.wellbeing_ok:>8.0%}"
        )
    return "\n".join(lines)


# --- the verdict: is the game fair? ---------------------------------------------------------
# One rule, used by the balance tests (tests/simulation/test_balance.py) and by the game editor's
# balance table, so an author sees exactly the verdict CI gives.

UNWINNABLE, GENEROUS = "unwinnable", "generous"
BALANCE_SEEDS = range(1000)  # the runs per strategy, in CI and in the editor alike
GOAL_SHARE = 0.9  # responsible play reaches the goal (and feels fine) in 90% of runs
DEBT_SHARE = 0.05  # … and ends in debt in at most 5% of runs, without late fees
MAX_GOAL_TIMES = 2  # responsible play ends with at most twice the goal: money is tight
SPENDER_GOAL_SHARE = 0.8  # giving in to every temptation misses the goal in 1 run in 5 or more


@dataclass(frozen=True)
class Verdict:
    """One rule a game breaks: ``kind`` (UNWINNABLE or GENEROUS), which ``rule``, and the reason
    as a message for the author (``msgid`` with ``params``; the params named in ``money`` are
    cents)."""

    kind: str
    rule: str
    msgid: str
    params: dict
    money: tuple[str, ...] = ()

    def reason(
        self,
        gettext: Callable[[str], str] = lambda s: s,
        euros: Callable[[int], str] = lambda c: f"€ {c / 100:.2f}",
        strategy_name: Callable[[str], str] = lambda name: name,
    ) -> str:
        """The message, with amounts as ``euros`` and strategies as ``strategy_name`` give them."""
        params = {k: euros(v) if k in self.money else v for k, v in self.params.items()}
        if "strategy" in params:
            params["strategy"] = strategy_name(params["strategy"])
        return gettext(self.msgid) % params


_DOES_AS_WELL = N_(
    'The "%(strategy)s" player does as well as the careful one. The game is too generous: make '
    "temptations and putting things off cost more."
)


def has_debts(scenario: Scenario) -> bool:
    """Whether some option or event can make a debt (so putting things off can cost something)."""
    effects = [e for c in (*scenario.cards, *scenario.events) for o in c.options for e in o.effects]
    return any(e.type in DEBT_TYPES for e in effects)


def verdicts(scenario: Scenario, rows: list[Row]) -> list[Verdict]:
    """Every fairness rule the outcomes per strategy (``rows``, from ``table``) break; [] when
    the game is fair. Rules about a strategy missing from ``rows`` are not judged."""
    by_name = {row.strategy: row for row in rows}
    careful = by_name["responsible"]
    goal = scenario.goal.amount if scenario.goal is not None else None
    found = _careful_verdicts(careful, goal)
    for name in CARELESS:
        other = by_name.get(name)
        if other is not None:
            found += _against(careful, other, goal, has_debts(scenario))
    spender = by_name.get("spend_and_save")
    if goal is not None and careful.mean_net * 100 > MAX_GOAL_TIMES * goal:
        found.append(Verdict(GENEROUS, "tight", N_(
            "Careful play ends with %(money)s on average, more than twice the goal "
            "(%(goal)s). Money is not tight, so choices hardly matter: lower the income or "
            "raise the goal."),
            {"money": round(careful.mean_net * 100), "goal": goal}, ("money", "goal")))  # fmt: skip
    if goal is not None and spender is not None and spender.goal > SPENDER_GOAL_SHARE:
        found.append(Verdict(GENEROUS, "temptations", N_(
            "A player who saves but gives in to every temptation still reaches the goal in "
            "%(share)d%% of the games (at most 80%% may). Make temptations cost more, or lower "
            "the income."),
            {"share": round(spender.goal * 100)}))  # fmt: skip
    return found


def _careful_verdicts(careful: Row, goal: int | None) -> list[Verdict]:
    found = []
    if goal is not None and careful.goal < GOAL_SHARE:
        found.append(Verdict(UNWINNABLE, "goal", N_(
            "Careful play reaches the goal in only %(share)d%% of the games. The game cannot be "
            "won like this: lower the goal, or give more income or more turns."),
            {"share": round(careful.goal * 100)}))  # fmt: skip
    if careful.wellbeing_ok < GOAL_SHARE:
        found.append(Verdict(UNWINNABLE, "wellbeing", N_(
            "Careful play ends feeling bad in %(share)d%% of the games. Add cheap or free fun, "
            "or make wellbeing drop less per turn."),
            {"share": round((1 - careful.wellbeing_ok) * 100)}))  # fmt: skip
    if careful.in_debt > DEBT_SHARE or careful.mean_fees > 0:
        found.append(Verdict(UNWINNABLE, "debt", N_(
            "Careful play still ends in debt or pays fees. Make sure a careful player can pay "
            "every bill."), {}))  # fmt: skip
    return found


def _against(careful: Row, other: Row, goal: int | None, debts: bool) -> list[Verdict]:
    """What one careless strategy may not do better than responsible play."""
    name = other.strategy
    as_well = other.mean_fees < careful.mean_fees
    if name == "never_save":  # saving only moves money: the difference is the goal
        as_well = as_well or other.mean_net > careful.mean_net
    elif name == "put_off_bills":
        as_well = as_well or other.mean_net > careful.mean_net
    else:  # careless, random, spend_and_save: less money and the goal less often
        as_well = as_well or other.mean_net >= careful.mean_net
        as_well = as_well or (goal is not None and other.goal >= careful.goal)
    found = [Verdict(GENEROUS, f"{name}-does-as-well", _DOES_AS_WELL, {"strategy": name})]
    found = found if as_well else []
    if name == "never_save" and goal is not None and other.goal > 0:
        found.append(Verdict(GENEROUS, "goal-without-saving", N_(
            "The goal is reached without ever saving (%(share)d%% of the games). The game is too "
            "generous: raise the goal or lower the income."),
            {"share": round(other.goal * 100)}))  # fmt: skip
    if (
        name == "put_off_bills"
        and debts
        and (other.mean_fees, other.in_debt) <= (careful.mean_fees, careful.in_debt)
    ):
        found.append(Verdict(GENEROUS, "putting-off-is-free", N_(
            "Putting bills off costs nothing: that player pays no more fees and is in debt no "
            "more often than the careful one. Give bills that are put off a fee or a debt."),
            {}))  # fmt: skip
    return found


# --- does an option's text match what the engine did? --------------------------------------

FREE_WORDS = re.compile(
    r"(?<!bijna )(?<!almost )\b(gratis|kost (?:niets|niks|geen geld)|free|costs nothing)\b", re.I
)
FROM_SAVINGS = re.compile(r"\b(van (?:mijn|je) spaargeld|from (?:my|your) savings|je buffer)", re.I)
PRICE = re.compile(r"\(€\s?(\d+(?:,\d\d)?)\)")


def contradictions(game: Game) -> list[str]:
    """Every choice whose option text or explanation says something the ledger did not do."""
    found = []
    for choice in game.choices:
        option = game.option(choice.card_id, choice.option_id.partition(AMOUNT_SEPARATOR)[0])
        if option is None:
            continue
        ref = f"{choice.turn}:{choice.card_id}"
        entries = [e for e in game.ledger if e.ref == ref]
        out = sum(e.amount for e in entries if e.source in POTS and e.target == WORLD)
        from_savings = sum(e.amount for e in entries if e.source == "savings" and e.target == WORLD)
        where = f"{choice.card_id}/{option.id} (turn {choice.turn})"
        words = f"{option.text} {option.explanation}"
        if FREE_WORDS.search(words) and out:
            found.append(f"{where}: says it is free, but € {out / 100:.2f} left")
        if FROM_SAVINGS.search(option.text) and traits(option).pays and not from_savings:
            found.append(f"{where}: says it is paid from savings, but savings were not used")
        price = PRICE.search(option.text)
        if price and traits(option).pays:
            cents = round(float(price.group(1).replace(",", ".")) * 100)
            if out != cents:
                found.append(f"{where}: says € {cents / 100:.2f}, but € {out / 100:.2f} left")
    return found
