"""The budget-game scenario format (``lessons/<id>/scenario.yaml``): metadata like a module, the
turns, balances, incomes, fixed costs, choice cards and random events.

Amounts are euros in the file and integer cents here. Every amount cites a ``source`` id listed
in ``sources``; the cross-checks (ids unique, references known, a free option on every card) live
in ``Scenario._check`` so an author sees all of them with their lines at once. The parts (cards,
options, events, incomes, costs …) are defined in ``scenario_parts.py`` and importable from here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any, Literal

from pydantic import Field, PrivateAttr, model_validator

from .effects import BILL_PREFIX, OVERDRAFT_CARD, EffectBase
from .messages import N_, ContentError, Issue, Loc, issue
from .scenario_parts import (
    Card,
    Effect,
    Event,
    FixedCost,
    Goal,
    Income,
    Money,
    Option,
    Payslip,
    Pot,
    ScenarioSource,
    Start,
    Turns,
    WellbeingRules,
)
from .schema import Catalogued

__all__ = [
    "SCENARIO_SCHEMA_VERSION",
    "SCENARIO_UPGRADES",
    "Card",
    "Effect",
    "Event",
    "FixedCost",
    "Goal",
    "Income",
    "Money",
    "Option",
    "Payslip",
    "Pot",
    "Scenario",
    "ScenarioSource",
    "Start",
    "Turns",
    "WellbeingRules",
]

SCENARIO_SCHEMA_VERSION = 1
# ``SCENARIO_UPGRADES[n]`` turns a version-n scenario into version n + 1, like modules' ``UPGRADES``
# (``upgrade.py``); the loader applies them in turn. Version 1 is the first, so none yet.
SCENARIO_UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


class Scenario(Catalogued):
    """One budget game, read from ``lessons/<id>/scenario.yaml``."""

    schema_version: Literal[SCENARIO_SCHEMA_VERSION]  # type: ignore[valid-type]
    sources: list[ScenarioSource] = Field(min_length=1)
    turns: Turns
    start: Start
    wellbeing: WellbeingRules = WellbeingRules()
    goal: Goal | None = None
    incomes: list[Income] = Field(default_factory=list)
    fixed_costs: list[FixedCost] = Field(default_factory=list)
    cards: list[Card] = Field(min_length=1)
    events: list[Event] = Field(default_factory=list)

    # Other languages' versions (same ids and amounts, translated texts), by language code.
    _translations: dict[str, Scenario] = PrivateAttr(default_factory=dict)

    def for_language(self, lang: str) -> Scenario:
        """This scenario with its texts in ``lang`` when a translation exists (else Dutch)."""
        return self._translations.get(lang, self)

    @property
    def languages(self) -> list[str]:
        return ["nl", *self._translations]

    @model_validator(mode="after")
    def _check(self) -> Scenario:
        issues = [
            *_duplicates(self),
            *_turn_numbers(self),
            *_unknown_sources(self),
            *_unknown_references(self),
            *_free_options(self),
            *_payslips(self),
            *_event_shapes(self),
            *_reserved_ids(self),
            *_amount_options(self),
        ]
        if issues:
            raise ContentError(*sorted(issues, key=lambda i: [str(p) for p in i.loc]))
        return self

    @cached_property
    def costs_by_id(self) -> dict[str, FixedCost]:
        return {cost.id: cost for cost in self.fixed_costs}

    @cached_property
    def incomes_by_id(self) -> dict[str, Income]:
        return {income.id: income for income in self.incomes}

    @cached_property
    def cards_by_turn(self) -> dict[int, list[Card]]:
        by_turn: dict[int, list[Card]] = {}
        for card in self.cards:
            by_turn.setdefault(card.turn, []).append(card)
        return by_turn


# --- cross-checks ---------------------------------------------------------------------------

_USED_TWICE = N_(
    'The id "%(id)s" is used twice in "%(group)s" (also entry %(other)d). Give each one its own id.'
)


def _duplicates(scenario: Scenario) -> list[Issue]:
    issues = []
    groups: list[tuple[str, list]] = [
        ("sources", scenario.sources),
        ("incomes", scenario.incomes),
        ("fixed_costs", scenario.fixed_costs),
        ("cards", scenario.cards),
        ("events", scenario.events),
    ]
    for name, group in [*groups, *_option_groups(scenario)]:
        first: dict[str, int] = {}
        for index, entry in enumerate(group):
            if entry.id in first:
                group, other = name.split(".")[-1], first[entry.id] + 1
                loc = (*_loc(name), index, "id")
                issues.append(issue(_USED_TWICE, loc=loc, id=entry.id, group=group, other=other))
            first.setdefault(entry.id, index)
    # Events and cards share one namespace: both are stored as a pupil's choice for a turn.
    card_ids = {card.id for card in scenario.cards}
    for index, event in enumerate(scenario.events):
        if event.id in card_ids:
            other = [c.id for c in scenario.cards].index(event.id) + 1
            loc = ("events", index, "id")
            issues.append(issue(_USED_TWICE, loc=loc, id=event.id, group="cards", other=other))
    return issues


def _loc(dotted: str) -> Loc:
    return tuple(int(part) if part.isdigit() else part for part in dotted.split("."))


def _option_groups(scenario: Scenario) -> list[tuple[str, list]]:
    groups: list[tuple[str, list]] = []
    for index, card in enumerate(scenario.cards):
        groups.append((f"cards.{index}.options", card.options))
    for index, event in enumerate(scenario.events):
        groups.append((f"events.{index}.options", event.options))
    return groups


def _turn_numbers(scenario: Scenario) -> list[Issue]:
    last = scenario.turns.count
    checks: list[tuple[Loc, int | None]] = [
        *((("cards", i, "turn"), card.turn) for i, card in enumerate(scenario.cards)),
        *((("events", i, "from_turn"), e.from_turn) for i, e in enumerate(scenario.events)),
        *((("events", i, "to_turn"), e.to_turn) for i, e in enumerate(scenario.events)),
        *((("incomes", i, "first_turn"), x.first_turn) for i, x in enumerate(scenario.incomes)),
        *((("incomes", i, "last_turn"), x.last_turn) for i, x in enumerate(scenario.incomes)),
        *(
            (("fixed_costs", i, "first_turn"), x.first_turn)
            for i, x in enumerate(scenario.fixed_costs)
        ),
    ]
    if scenario.goal is not None:
        checks.append((("goal", "by_turn"), scenario.goal.by_turn))
    return [
        issue(
            N_(
                '"%(field)s" is %(value)d, but the game has only %(count)d turns. Use a number '
                "from 1 to %(count)d."
            ),
            loc=loc,
            field=loc[-1],
            value=value,
            count=last,
        )
        for loc, value in checks
        if value is not None and value > last
    ]


def _effect_lists(scenario: Scenario) -> list[tuple[Loc, list[EffectBase]]]:
    found: list[tuple[Loc, list[EffectBase]]] = []
    for i, card in enumerate(scenario.cards):
        for j, option in enumerate(card.options):
            found.append((("cards", i, "options", j, "effects"), option.effects))
    for i, event in enumerate(scenario.events):
        found.append((("events", i, "effects"), event.effects))
        for j, option in enumerate(event.options):
            found.append((("events", i, "options", j, "effects"), option.effects))
    return found


def _unknown_sources(scenario: Scenario) -> list[Issue]:
    known = {source.id for source in scenario.sources}
    cited: list[tuple[Loc, str]] = [(("start", "source"), scenario.start.source)]
    if scenario.goal is not None:
        cited.append((("goal", "source"), scenario.goal.source))
    for group in ("incomes", "fixed_costs"):
        for index, entry in enumerate(getattr(scenario, group)):
            cited.append(((group, index, "source"), entry.source))
            payslip = getattr(entry, "payslip", None)
            if payslip is not None:
                cited.append(((group, index, "payslip", "source"), payslip.source))
    for loc, effects in _effect_lists(scenario):
        for index, effect in enumerate(effects):
            for stage_index, stage in enumerate(getattr(effect, "stages", [])):
                if stage.source:
                    cited.append(((*loc, index, "stages", stage_index, "source"), stage.source))
                elif stage.fee:
                    cited.append(((*loc, index, "stages", stage_index, "fee"), ""))
            if getattr(effect, "source", None):
                cited.append(((*loc, index, "source"), effect.source))
    issues = []
    for loc, source in cited:
        if not source:
            msgid = N_('This fee needs a "source:" saying where the amount comes from.')
            issues.append(issue(msgid, loc=loc))
        elif source not in known:
            msgid = N_(
                'Source "%(source)s" is not listed under "sources". Add it there with "id: '
                '%(source)s", or use one of: %(known)s.'
            )
            issues.append(issue(msgid, loc=loc, source=source, known=", ".join(sorted(known))))
    return issues


def _unknown_references(scenario: Scenario) -> list[Issue]:
    ids = {"cost": set(scenario.costs_by_id), "income": set(scenario.incomes_by_id)}
    group_names = {"cost": "fixed_costs", "income": "incomes"}
    issues = []
    for loc, effects in _effect_lists(scenario):
        for index, effect in enumerate(effects):
            for field_name, kind, ref in effect.references():
                if ref in ids[kind]:
                    continue
                field_loc: Loc = (*loc, index, field_name)
                for number, stage in enumerate(getattr(effect, "stages", [])):
                    if field_name == "subscribe" and stage.subscribe == ref:
                        field_loc = (*loc, index, "stages", number, "subscribe")
                    elif field_name == "cancel" and ref in stage.cancel:
                        position = stage.cancel.index(ref)
                        field_loc = (*loc, index, "stages", number, "cancel", position)
                msgid = N_('"%(id)s" is not in "%(group)s". Use one of: %(known)s.')
                known = ", ".join(sorted(ids[kind])) or "-"
                group = group_names[kind]
                issues.append(issue(msgid, loc=field_loc, id=ref, group=group, known=known))
    return issues


def _free_options(scenario: Scenario) -> list[Issue]:
    """A pupil with no money must still be able to answer every card."""
    issues = []
    cards: list[tuple[Loc, list[Option]]] = [
        (("cards", i, "options"), card.options) for i, card in enumerate(scenario.cards)
    ]
    cards += [(("events", i, "options"), e.options) for i, e in enumerate(scenario.events)]
    for loc, options in cards:
        if options and all(option.needs() > 0 for option in options):
            msgid = N_(
                "Every option here costs money. Add an option without pay or save effects, so a "
                "pupil without money can still choose."
            )
            issues.append(issue(msgid, loc=loc))
    return issues


def _payslips(scenario: Scenario) -> list[Issue]:
    issues = []
    for index, income in enumerate(scenario.incomes):
        slip = income.payslip
        if slip is not None and slip.hours * slip.hourly_wage - slip.deductions != income.amount:
            net = slip.hours * slip.hourly_wage - slip.deductions
            msgid = N_(
                "The payslip adds up to %(net)s (hours × hourly wage − deductions), but "
                '"amount" is %(amount)s. Make them the same.'
            )
            loc = ("incomes", index, "amount")
            issues.append(issue(msgid, loc=loc, net=_euros(net), amount=_euros(income.amount)))
    return issues


def _event_shapes(scenario: Scenario) -> list[Issue]:
    issues = []
    for index, event in enumerate(scenario.events):
        if bool(event.effects) == bool(event.options):
            msgid = N_(
                'An event needs either "effects" (it just happens) or at least two "options" '
                "(the pupil chooses), not both and not neither."
            )
            issues.append(issue(msgid, loc=("events", index, "id")))
        elif len(event.options) == 1:
            msgid = N_(
                'Add more entries to "%(field)s": it needs at least %(min)d (now %(found)d).'
            )
            loc = ("events", index, "options")
            issues.append(issue(msgid, loc=loc, field="options", min=2, found=1))
    return issues


def _reserved_ids(scenario: Scenario) -> list[Issue]:
    """The engine names its own cards "rest" and "bill-<n>"; a scenario card may not."""
    issues = []
    for group in ("cards", "events"):
        for index, entry in enumerate(getattr(scenario, group)):
            if entry.id in ("rest", OVERDRAFT_CARD) or entry.id.startswith(BILL_PREFIX):
                msgid = N_(
                    'The id "%(id)s" is reserved by Leergang (for bills and quiet turns). Choose '
                    "another id."
                )
                issues.append(issue(msgid, loc=(group, index, "id"), id=entry.id))
    return issues


def _amount_options(scenario: Scenario) -> list[Issue]:
    """An option where the pupil picks an amount has one such effect and no other money."""
    issues = []
    for loc, effects in _effect_lists(scenario):
        picked = [effect for effect in effects if effect.takes_amount]
        if picked and len([effect for effect in effects if effect.needs()]) > 1:
            msgid = N_(
                'An option with "save_amount" lets the pupil pick the amount: give it no other '
                "pay or save effects."
            )
            issues.append(issue(msgid, loc=loc))
        for index, effect in enumerate(picked):
            upper = getattr(effect, "max", None)
            if upper is not None and upper < effect.min:
                msgid = N_('"max" must be at least "min".')
                issues.append(issue(msgid, loc=(*loc, index, "max")))
    return issues


def _euros(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"
