"""Human labels for the game editor's fields: a translated name per ``scenario.yaml`` key.

The form is generated from the scenario schema, so its fields are named by their YAML keys
(``per_turn``). Authors see the label ("Change per turn (−20 to 0)") and, in small print, the key
that ``lessons/README.md`` uses, so file and form can be compared. A key whose meaning depends on
where it is (``text`` of a card, of an option, of the goal) gets its label from ``IN_CONTEXT``,
by the schema class that holds it. A field without a label shows its key;
``tests/http/test_game_editor.py`` lists such fields, so a new field gets a label.
"""

from __future__ import annotations

from flask_babel import gettext

from leergang.content import N_
from leergang.content.effects import EFFECT_TYPES
from leergang.content.scenario_schema import Scenario

from .game_forms import Spec, specs

LABELS = {
    "id": N_("Id"),
    "version": N_("Version"),
    "title": N_("Title"),
    "description": N_("Description"),
    "levels": N_("Levels"),
    "themes": N_("Themes"),
    "learning_goals": N_("Learning goals"),
    "minutes": N_("Minutes"),
    "order": N_("Place in the list"),
    "authors": N_("Authors"),
    "licence": N_("Licence"),
    "sources": N_("Sources"),
    "name": N_("Name"),
    "organisation": N_("Organisation"),
    "url": N_("Web address"),
    "year": N_("Year"),
    "check_by": N_("Check again by (date)"),
    "turns": N_("Turns"),
    "unit": N_("A turn is a"),
    "count": N_("Number of turns"),
    "start": N_("Money at the start"),
    "cash": N_("Cash (euro)"),
    "bank": N_("Bank account (euro)"),
    "savings": N_("Savings (euro)"),
    "source": N_("Source (id)"),
    "wellbeing": N_("Wellbeing"),
    "per_turn": N_("Change per turn (−20 to 0)"),
    "minimum": N_("Minimum at the end"),
    "goal": N_("Savings goal"),
    "amount": N_("Amount (euro)"),
    "pot": N_("Pot"),
    "by_turn": N_("Reached by turn"),
    "incomes": N_("Incomes"),
    "label": N_("Name in the game"),
    "kind": N_("Kind of income"),
    "every": N_("Every how many turns"),
    "first_turn": N_("First turn"),
    "last_turn": N_("Last turn"),
    "to": N_("To pot"),
    "from": N_("From pot"),
    "active": N_("Active from the start"),
    "payslip": N_("Payslip"),
    "hours": N_("Hours"),
    "hourly_wage": N_("Hourly wage (euro)"),
    "deductions": N_("Wage tax withheld (euro)"),
    "holiday_pay_percent": N_("Holiday pay (percent)"),
    "example": N_("Example amounts"),
    "fixed_costs": N_("Fixed costs"),
    "lock_in": N_("Cannot be cancelled for (turns)"),
    "cards": N_("Choice cards"),
    "turn": N_("Turn"),
    "text": N_("Text"),
    "options": N_("Options"),
    "explanation": N_("Explanation afterwards"),
    "effects": N_("Effects"),
    "temptation": N_("Temptation"),
    "events": N_("Chance events"),
    "probability": N_("Chance per turn (percent)"),
    "from_turn": N_("From turn"),
    "to_turn": N_("Up to turn"),
    "max_times": N_("At most (times)"),
    "if_flag": N_("Only with flag"),
    "unless_flag": N_("Not with flag"),
    "min_money": N_("Only with at least (euro, all pots)"),
    "min": N_("Smallest amount (euro)"),
    "max": N_("Largest amount (euro)"),
    "step": N_("Step (euro)"),
    "change": N_("Change (−50 to 50)"),
    "due_in": N_("To be paid in (turns)"),
    "stages": N_("Steps when it is not paid"),
    "plan_turns": N_("Payment plan: number of parts"),
    "fee": N_("Costs (euro)"),
    "subscribe": N_("Starts the fixed cost (id)"),
    "cancel": N_("Replaces the fixed costs (ids)"),
    "cost": N_("Fixed cost (id)"),
    "income": N_("Income (id)"),
}
# (schema class, key): a key that means something else there.
IN_CONTEXT = {
    ("ScenarioSource", "title"): N_("Title of the source"),
    ("Author", "name"): N_("Name"),
    ("SetFlag", "name"): N_("Name of the flag"),
    ("WellbeingRules", "start"): N_("Wellbeing at the start (0–100)"),
    ("Goal", "text"): N_("Text when the goal is reached"),
    ("Option", "text"): N_("Text on the button"),
    ("DebtStage", "wellbeing"): N_("Change in wellbeing (−50 to 0)"),
    ("Payslip", "source"): N_("Source (id)"),
}
# One item of a list, in its legend ("Card 2: kaart-2").
ITEMS = {
    "authors": N_("Author"),
    "sources": N_("Source"),
    "incomes": N_("Income"),
    "fixed_costs": N_("Fixed cost"),
    "cards": N_("Card"),
    "options": N_("Option"),
    "events": N_("Event"),
    "effects": N_("Effect"),
    "stages": N_("Step"),
}
EFFECTS = {
    "pay": N_("Pay"),
    "receive": N_("Receive"),
    "save": N_("Put in savings"),
    "save_amount": N_("Save an amount the pupil chooses"),
    "wellbeing": N_("Wellbeing up or down"),
    "buy_now_pay_later": N_("Buy now, pay later"),
    "borrow": N_("Borrow"),
    "unpaid_bill": N_("A bill stays unpaid"),
    "payment_plan": N_("Payment plan"),
    "subscribe": N_("Start a fixed cost"),
    "cancel": N_("Cancel a fixed cost"),
    "start_income": N_("Start an income"),
    "stop_income": N_("Stop an income"),
    "flag": N_("Remember (flag)"),
}


def _msgid(spec: Spec) -> str | None:
    return IN_CONTEXT.get((spec.owner, spec.key)) or LABELS.get(spec.key)


def label(spec: Spec) -> str:
    """The field's label in the user's language; its key when it has none."""
    msgid = _msgid(spec)
    return gettext(msgid) if msgid else spec.key


def item(spec: Spec) -> str:
    """What one item of a list field is called ("Card"); the list's label when unnamed."""
    msgid = ITEMS.get(spec.key)
    return gettext(msgid) if msgid else label(spec)


def effect(effect_type: str) -> str:
    msgid = EFFECTS.get(effect_type)
    return gettext(msgid) if msgid else effect_type


def unlabelled() -> list[str]:
    """Every field of the scenario schema and the effect registry without a label (as
    ``Class.key``), every list without an item name and every effect type without a name."""
    missing: set[str] = set()
    seen: set[type] = set()

    def walk(model: type) -> None:
        if model in seen:
            return
        seen.add(model)
        for spec in specs(model):
            if _msgid(spec) is None:
                missing.add(f"{spec.owner}.{spec.key}")
            if spec.kind in ("models", "effects") and spec.key not in ITEMS:
                missing.add(f"{spec.owner}.{spec.key} (item)")
            if spec.model is not None:
                walk(spec.model)

    walk(Scenario)
    for effect_type, model in EFFECT_TYPES.items():
        walk(model)
        if effect_type not in EFFECTS:
            missing.add(f"effect type {effect_type}")
    return sorted(missing)
