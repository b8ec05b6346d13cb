"""After the game: which choices cost most, what the late fees added up to, and what one
different choice would have done (found by replaying the same seed with that choice changed)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from leergang.content.effects import BILL_PREFIX

from .engine import WORLD, Choice, Game, InvalidChoice, Outcome

if TYPE_CHECKING:
    from leergang.content.scenario_schema import Scenario


@dataclass(frozen=True)
class ChoiceCost:
    choice: Choice
    title: str
    option_text: str
    explanation: str
    cost: int  # cents that left the game because of this choice (fees on its debts included)
    fees: int
    bill: bool = False  # a bill paid at once ("pay") or put off ("later"): option_text is that id


@dataclass(frozen=True)
class Alternative:
    """The same run with one choice changed: how the end would have differed."""

    choice: ChoiceCost
    option_text: str
    outcome: Outcome
    net_difference: int  # cents more (positive) at the end


@dataclass(frozen=True)
class Debrief:
    outcome: Outcome
    choices: list[ChoiceCost]  # every scenario or event choice, in the order made
    costliest: list[ChoiceCost]  # up to three, the most expensive first
    temptations_declined: int
    temptations_taken: int
    alternative: Alternative | None


def choice_costs(game: Game) -> list[ChoiceCost]:
    spent: dict[str, int] = {}
    fees: dict[str, int] = {}
    for entry in game.ledger:
        if not entry.ref or ":" not in entry.ref:
            continue
        if entry.target == WORLD:
            spent[entry.ref] = spent.get(entry.ref, 0) + entry.amount
            if entry.kind == "fee":
                fees[entry.ref] = fees.get(entry.ref, 0) + entry.amount
        elif entry.source == WORLD:
            spent[entry.ref] = spent.get(entry.ref, 0) - entry.amount
    result = []
    for choice in game.choices:
        if choice.card_id.startswith(BILL_PREFIX):
            debt = game.debt_for_card(choice.card_id)
            if debt is not None:
                result.append(ChoiceCost(choice, debt.label, choice.option_id, "", 0, 0, bill=True))
            continue
        option = game.option(choice.card_id, choice.option_id)
        if option is None:
            continue
        ref = f"{choice.turn}:{choice.card_id}"
        card = next((c for c in game.scenario.cards if c.id == choice.card_id), None) or next(
            e for e in game.scenario.events if e.id == choice.card_id
        )
        result.append(
            ChoiceCost(
                choice,
                card.title,
                option.text,
                option.explanation,
                spent.get(ref, 0),
                fees.get(ref, 0),
            )
        )
    return result


def replay_with(scenario: Scenario, seed: int, choices: list[Choice], changed: Choice) -> Game:
    """Replay ``choices`` with ``changed`` in place of the choice for the same card and turn.

    Later turns may differ (other events, other bills): a recorded choice that no longer fits is
    dropped, and a card without a recorded choice gets its cheapest available option.
    """
    wanted = {(c.turn, c.card_id): c.option_id for c in choices}
    wanted[(changed.turn, changed.card_id)] = changed.option_id
    game = Game.start(scenario, seed)
    while not game.finished and game.card is not None:
        card = game.card
        option_id = wanted.get((game.turn, card.id))
        try:
            if option_id is None:
                raise InvalidChoice(card.id)
            game.choose(card.id, option_id)
        except InvalidChoice:
            available = [o for o in card.options if o.available and o.amounts is None]
            fallback = "pay" if any(o.id == "pay" for o in available) else None
            cheapest = min(available, key=lambda o: o.cost)
            game.choose(card.id, fallback or cheapest.id)
    return game


def debrief(game: Game) -> Debrief:
    costs = choice_costs(game)
    costliest = sorted((c for c in costs if c.cost > 0), key=lambda c: -c.cost)[:3]
    taken = declined = 0
    for choice in game.choices:
        card = next((c for c in game.scenario.cards if c.id == choice.card_id), None)
        if card is None:
            continue
        if any(o.temptation for o in card.options):
            option = game.option(choice.card_id, choice.option_id)
            if option is not None and option.temptation:
                taken += 1
            else:
                declined += 1
    return Debrief(game.outcome(), costs, costliest, declined, taken, _alternative(game, costliest))


def _alternative(game: Game, costliest: list[ChoiceCost]) -> Alternative | None:
    """For the costliest choice, the cheapest other option of that card, replayed."""
    for cost in costliest:
        cards = [*game.scenario.cards, *game.scenario.events]
        card = next((c for c in cards if c.id == cost.choice.card_id), None)
        if card is None:
            continue
        chosen = cost.choice.option_id.partition("=")[0]
        others = [o for o in card.options if o.id != chosen and o.amount_effect is None]
        if not others:
            continue
        other = min(others, key=lambda o: o.needs())
        changed = Choice(cost.choice.turn, card.id, other.id)
        replayed = replay_with(game.scenario, game.seed, game.choices, changed)
        outcome = replayed.outcome()
        return Alternative(cost, other.text, outcome, outcome.net - game.outcome().net)
    return None
