"""What the game pages show, computed from an engine ``Game``: the budget chart's bars (drawn as
server-side SVG, with the same numbers in a table), option labels for bills and rest turns, and
the timeline grouped by turn. Texts here are UI strings, translated with Babel."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import format_decimal
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from leergang.content.messages import AnswerError
from leergang.content.money import parse_amount
from leergang.simulation import Game, debrief
from leergang.simulation.engine import OfferedCard
from leergang.web import money

CHART_WIDTH = 300  # px of the SVG's bar area; the SVG scales with the page
BAR_HEIGHT = 34
LABEL_WIDTH = 140

UNIT_LABELS = {
    "day": (_l("Day %(n)d of %(total)d"), _l("day")),
    "week": (_l("Week %(n)d of %(total)d"), _l("week")),
    "month": (_l("Month %(n)d of %(total)d"), _l("month")),
}


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    cents: int
    x: int
    y: int
    width: int
    goal_x: int | None = None  # where the goal line sits on this bar


def turn_label(game: Game, turn: int | None = None) -> str:
    template, _unit = UNIT_LABELS[game.scenario.turns.unit]
    return str(template) % {"n": turn or game.turn, "total": game.scenario.turns.count}


def chart(game: Game) -> dict:
    """Bars for cash, bank, savings and debts, scaled to the largest amount (and the goal)."""
    outcome = game.outcome()
    rows = [
        ("cash", _("Wallet"), game.balances["cash"]),
        ("bank", _("Bank account"), game.balances["bank"]),
        ("savings", _("Savings"), game.balances["savings"]),
        ("debt", _("Debts"), -outcome.debt),
    ]
    goal = game.scenario.goal
    largest = max([abs(cents) for _key, _label, cents in rows] + [goal.amount if goal else 0, 1])
    bars = []
    for index, (key, label, cents) in enumerate(rows):
        width = round(abs(cents) * CHART_WIDTH / largest)
        goal_x = None
        if goal is not None and key == goal.pot:
            goal_x = LABEL_WIDTH + round(goal.amount * CHART_WIDTH / largest)
        bars.append(Bar(key, label, cents, LABEL_WIDTH, 10 + index * (BAR_HEIGHT + 14),
                        max(width, 2 if cents else 0), goal_x))  # fmt: skip
    height = 10 + len(rows) * (BAR_HEIGHT + 14)
    return {
        "bars": bars,
        "width": LABEL_WIDTH + CHART_WIDTH + 110,
        "height": height,
        "bar_height": BAR_HEIGHT,
        "goal": goal,
        "wellbeing": game.wellbeing,
        "wellbeing_min": game.scenario.wellbeing.minimum,
        "total": game.money - outcome.debt,
    }


def option_label(card: OfferedCard, option, game: Game) -> str:
    if card.kind == "bill":
        if option.id == "pay":
            return _("Pay now (%(amount)s)", amount=money(card.amount or 0))
        if option.id == "plan":
            debt = game.debt_for_card(card.id)
            parts = debt.effect.plan_turns if debt else 0
            return _("Ask for a payment plan (%(parts)d × about %(amount)s, no extra costs)",
                     parts=parts, amount=money(option.cost))  # fmt: skip
        return _("Not now")
    if card.kind == "overdraft":
        if option.id == "use-savings":
            return _("Yes, use %(amount)s of my savings", amount=money(option.cost))
        return _("No, keep my savings")
    if card.kind == "rest":
        if game.turn >= game.scenario.turns.count:
            return _("See how it went")
        return _("On to the next %(unit)s", unit=UNIT_LABELS[game.scenario.turns.unit][1])
    return option.text


def card_text(card: OfferedCard, game: Game) -> tuple[str, str]:
    """Title and text of a card; bills and quiet turns get ours."""
    if card.kind == "bill":
        debt = game.debt_for_card(card.id)
        assert debt is not None
        stage = _("The payment deadline has passed.") if debt.stage else _("Payment is due now.")
        return (
            _("Bill: %(label)s", label=card.title),
            _("You owe %(amount)s.", amount=money(card.amount or 0)) + " " + stage,
        )
    if card.kind == "overdraft":
        return _("Your bank account is in the red"), _(
            "You are %(amount)s below zero. Do you want to pay that off with money from your "
            "savings? Your savings are only used if you say yes.",
            amount=money(card.amount or 0),
        )
    if card.kind == "rest":
        return _("A quiet %(unit)s", unit=UNIT_LABELS[game.scenario.turns.unit][1]), _(
            "Nothing to choose this time. Look at what happened and go on."
        )
    return card.title, card.text


def unavailable_reason(option) -> str:
    if option.available:
        return ""
    if option.reason == "money":
        return _("You do not have enough money for this.")
    if option.reason == "lock_in":
        return _("Your contract does not allow this yet.")
    if option.reason == "savings":
        return _("There is not enough in your savings for this.")
    return ""


@dataclass(frozen=True)
class AmountField:
    """The amount field of an option where the pupil picks how much. A text field, as the
    lesson player's: Chromium's number field dropped the comma of "2,50" (even set to Dutch)
    and refused what was left in the browser's own words. The hint says what is allowed; the
    server checks it (``parse_euros`` reads "2,50" and "2.50" alike)."""

    option_id: str
    label: str
    start: str  # the lowest amount, written as the pupil writes it ("0,50" in Dutch)
    hint: str


def amount_field(option) -> AmountField | None:
    if option.amounts is None or not option.available:
        return None
    low, high, step = option.amounts
    hint = _("From %(low)s to %(high)s, in steps of %(step)s.", low=money(low), high=money(high),
             step=money(step))  # fmt: skip
    start = format_decimal(Decimal(low) / 100, format="0.00", locale=get_locale())
    return AmountField(option.id, option.text, start, hint)


def amount_refused(game: Game, *, readable: bool) -> str:
    """What the pupil is told about an amount that was refused: which amounts this card allows,
    or, when what they typed was not an amount at all, how to type one."""
    fields = (amount_field(option) for option in game.card.options)
    field = next((f for f in fields if f is not None), None)
    if field is not None and readable:
        return _("That amount is not possible. %(hint)s", hint=field.hint)
    return _("Type an amount in euros, such as 2,50.")


def choice_refused() -> str:
    """What the pupil is told about a choice the card does not allow now."""
    return _("That choice is not possible now. Choose one of the options below.")


def parse_euros(text: str) -> int | None:
    """What a pupil typed in an amount field ("2,50", "2.50", "€ 3", "1.000") in cents, read
    like the lesson player reads amounts; None if it is not a positive amount."""
    if len(text) > 30:  # no savings amount needs more; int() refuses thousands of digits
        return None
    try:
        cents = parse_amount(text)
    except AnswerError:
        return None
    return cents if cents > 0 else None


@dataclass(frozen=True)
class PayslipView:
    """A payslip that came in this turn, with the figures worked out for the pupil."""

    label: str
    hours: int
    hourly_wage: int
    gross: int
    deductions: int
    net: int
    holiday_pay: int
    holiday_pay_percent: int
    example: bool


def payslips(game: Game) -> list[PayslipView]:
    """The payslips of the wages booked this turn (a side job's ``payslip``)."""
    paid = {e.ref for e in game.ledger if e.turn == game.turn and e.kind == "income"}
    views = []
    for income in game.scenario.incomes:
        slip = income.payslip
        if slip is None or income.id not in paid:
            continue
        views.append(PayslipView(income.label, slip.hours, slip.hourly_wage, slip.gross,
                                 slip.deductions, income.amount, slip.holiday_pay,
                                 slip.holiday_pay_percent, slip.example))  # fmt: skip
    return views


def fees(game: Game) -> list[tuple[str, str, str, int]]:
    """Every late fee of the run: (when, which bill, what, cents), for the debrief's table."""
    debts = {debt.account: debt for debt in game.debts.values()}
    return [
        (turn_label(game, entry.turn), debts[entry.source].label, entry.label, entry.amount)
        for entry in game.ledger
        if entry.kind == "fee"
    ]


def timeline_by_turn(game: Game) -> list[tuple[int, str, list]]:
    """(turn, label, happenings) for every turn so far, newest first."""
    grouped: dict[int, list] = {}
    for happening in game.timeline:
        grouped.setdefault(happening.turn, []).append(happening)
    return [(turn, turn_label(game, turn), grouped[turn]) for turn in sorted(grouped, reverse=True)]


def last_choice(game: Game):
    """The scenario option the pupil chose last (None after a bill or a quiet turn), so the
    turn page can explain it."""
    if not game.choices:
        return None
    choice = game.choices[-1]
    return game.option(choice.card_id, choice.option_id)


def turn_page(game: Game) -> dict:
    """Everything the turn page shows, for the pupil's game and the author's play-test alike
    (``games/_turn.html``): the card and its options, the budget, this turn's happenings."""
    card = game.card
    title, text = card_text(card, game)
    # (option, label, why not, amount field); an amount option the pupil cannot use is left out.
    options = [
        (o, option_label(card, o, game), unavailable_reason(o), amount_field(o))
        for o in card.options
        if o.amounts is None or o.available
    ]
    return {
        "scenario": game.scenario,
        "game": game,
        "card": card,
        "card_title": title,
        "card_text": text,
        "options": options,
        "payslips": payslips(game),
        "happened": [h for h in game.timeline if h.turn == game.turn],
        "previous": last_choice(game),
        "chart": chart(game),
        "turn_label": turn_label(game),
        "unit_name": UNIT_LABELS[game.scenario.turns.unit][1],
        "timeline": timeline_by_turn(game)[1:],
    }


def debrief_page(game: Game) -> dict:
    """Everything the debrief shows after the last turn, for pupil and play-test alike
    (``games/_debrief.html``)."""
    report = debrief(game)
    return {
        "scenario": game.scenario,
        "game": game,
        "report": report,
        "outcome": report.outcome,
        "fees": fees(game),
        "chart": chart(game),
        "timeline": timeline_by_turn(game),
    }
