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
