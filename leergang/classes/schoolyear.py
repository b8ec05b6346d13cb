"""School days and years: "today" is the date in the school's time zone; school years run from
1 August to 31 July, and "2026-2027" names the one that starts in 2026."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

SCHOOL_TIMEZONE = ZoneInfo("Europe/Amsterdam")


def school_today(now: datetime | None = None) -> date:
    """Today's date in the Netherlands: start and due dates are school days, not UTC days."""
    return (now or datetime.now(SCHOOL_TIMEZONE)).astimezone(SCHOOL_TIMEZONE).date()


def school_year_start(day: date) -> int:
    """The calendar year in which the school year containing ``day`` began."""
    return day.year if day.month >= 8 else day.year - 1


def school_year_label(start_year: int) -> str:
    return f"{start_year}-{start_year + 1}"


def current_school_year(today: date | None = None) -> str:
    return school_year_label(school_year_start(today or school_today()))


def school_year_choices(today: date | None = None) -> list[str]:
    """This school year and the next (classes are often made before the summer)."""
    start = school_year_start(today or school_today())
    return [school_year_label(start), school_year_label(start + 1)]


def deletion_date(archived_on: date, extra_years: int) -> date:
    """The first day on which data of a class archived on ``archived_on`` may be deleted.

    With ``extra_years`` = 1 (the default): archived in school year Y, kept until the end of
    school year Y+1 (31 July), deleted from 1 August on.
    """
    return date(school_year_start(archived_on) + 1 + extra_years, 8, 1)
