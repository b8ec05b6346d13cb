"""Every phone number and web address of the shipped help files says where it comes from and
when to look it up again; a number pupils may call is never left without a source."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from leergang.content.local_help import LOCAL_HELP_FILE, NATIONAL_HELP, HelpEntry, load_help

ROOT = Path(__file__).parents[2]


def unsourced(entries) -> list[str]:
    """Entries with a phone number or web address but no source or no check-by date."""
    return [
        f"{entry.name}: {'no source' if not entry.source else 'no check_by date'}"
        for entry in entries
        if (entry.phone or entry.url) and not (entry.source and entry.check_by)
    ]


def shipped() -> list[HelpEntry]:
    directory = load_help(ROOT / "lessons")
    assert not directory.problems, directory.problems
    assert directory.local and directory.national
    return [*directory.local, *directory.national]


def test_every_number_and_address_in_the_help_files_has_a_source_and_a_check_by_date():
    assert unsourced(shipped()) == []


def test_the_check_lists_an_entry_without_a_source():
    bare = HelpEntry.model_validate({"name": "Hulplijn", "what": "Helpt.", "phone": "0800-0000",
                                     "levels": ["po-8"], "topics": ["praten"]})  # fmt: skip
    undated = bare.model_copy(update={"source": "de eigen website"})
    talk = bare.model_copy(update={"phone": None})  # nothing to call or open: needs no source
    assert unsourced([bare, undated, talk]) == ["Hulplijn: no source", "Hulplijn: no check_by date"]


def test_a_check_by_date_is_a_real_date_after_the_files_were_written():
    for entry in shipped():
        if entry.check_by is not None:
            assert entry.check_by > date(2026, 11, 1), entry.name


def test_the_help_files_are_the_ones_the_app_reads():
    assert (ROOT / "lessons" / LOCAL_HELP_FILE).is_file() and NATIONAL_HELP.is_file()
