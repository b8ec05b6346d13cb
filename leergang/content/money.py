"""Money as integer cents: exact parsing of lesson amounts and of what pupils type.

Floats never hold money here. The YAML loader hands numbers over as ``Decimal`` (see
``loader.DecimalLoader``), and pupils' answers are parsed from text.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .messages import N_, AnswerError, fail


def euros_to_cents(value: object) -> int:
    """Convert a lesson amount in euros (``12.50``, ``12``, ``"12,50"``) to cents, exactly."""
    if isinstance(value, bool) or value is None:
        raise fail(N_("Write an amount in euros, for example 12.50."))
    if isinstance(value, float):  # only from Python callers; repr keeps the written digits
        value = repr(value)
    if isinstance(value, str):
        value = value.strip().replace(",", ".")
    try:
        euros = Decimal(value)  # type: ignore[arg-type]
    except (InvalidOperation, TypeError, ValueError):
        raise fail(N_("Write an amount in euros, for example 12.50.")) from None
    if not euros.is_finite():
        raise fail(N_("Write an amount in euros, for example 12.50."))
    cents = euros * 100
    if cents != cents.to_integral_value():
        raise fail(
            N_("The amount %(amount)s has more than two decimals. Round it to whole cents."),
            amount=str(value),
        )
    return int(cents)


_AMOUNT = re.compile(r"^(?P<sign>-)?(?P<number>\d[\d.,]*?)(?P<no_cents>,-{1,2})?$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:[.,]\d{3})*$")


MAX_AMOUNT_CHARS = 30


def parse_amount(text: str | None) -> int:
    """Parse an amount a pupil typed into cents.

    Accepts Dutch and plain forms: ``12,50``, ``12.50``, ``€ 12,50``, ``1.234,56``, ``12,-``.
    With one kind of separator, a single one before one or two digits marks the cents; otherwise
    (``1.234``, ``1.234.567``) it separates thousands, as Dutch writes them.
    """
    cleaned = re.sub(r"\s|€|(?i:euro|eur)", "", text or "")
    if len(cleaned) > MAX_AMOUNT_CHARS:  # int() refuses over 4,300 digits; no answer needs 30
        raise AnswerError(N_("Type an amount, for example 12,50."))
    match = _AMOUNT.match(cleaned)
    if not match:
        raise AnswerError(N_("Type an amount, for example 12,50."))
    whole, fraction = match["number"], ""
    last = max(whole.rfind("."), whole.rfind(","))
    # The last separator marks the cents if it occurs once and one or two digits follow it.
    if last >= 0 and whole.count(whole[last]) == 1 and len(whole) - last - 1 in (1, 2):
        if match["no_cents"]:
            raise AnswerError(N_("Type an amount, for example 12,50."))
        whole, fraction = whole[:last], whole[last + 1 :]
    # What is left is digits, or digits grouped by thousands with one kind of separator.
    one_kind = len({c for c in whole if c in ".,"}) == 1
    if not (whole.isdigit() or (one_kind and _THOUSANDS.match(whole))):
        raise AnswerError(N_("Type an amount, for example 12,50."))
    cents = int(re.sub(r"[.,]", "", whole)) * 100 + int(fraction.ljust(2, "0") or 0)
    return -cents if match["sign"] else cents
