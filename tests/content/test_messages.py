"""Message ids: extractable by Babel (keyword ``N_``) and all translated to Dutch."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file

from .dutch_messages import DUTCH

PACKAGE = Path(__file__).parents[2] / "leergang"
SOURCES = [*sorted((PACKAGE / "content").glob("*.py")), PACKAGE / "authoring" / "cli.py"]
KEYWORDS = {"N_": None, "gettext": None, "ngettext": (1, 2)}


def extracted_msgids() -> set[str]:
    found: set[str] = set()
    for source in SOURCES:
        for _line, message, _comments, _context in extract_from_file("python", source, KEYWORDS):
            found.update([message] if isinstance(message, str) else message)
    return found


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\((\w+)\)[sd]", text))


def test_every_message_has_a_dutch_translation():
    missing = extracted_msgids() - DUTCH.keys()
    assert not missing, f"add Dutch for: {sorted(missing)}"


def test_no_stale_dutch_translations():
    assert DUTCH.keys() - extracted_msgids() == set()


@pytest.mark.parametrize("msgid", sorted(DUTCH))
def test_dutch_keeps_the_placeholders(msgid):
    assert placeholders(DUTCH[msgid]) == placeholders(msgid)
