"""Test modules share code through tests/helpers.py, never by importing another test module."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
IMPORT = re.compile(r"^\s*(?:from|import)\s+(tests(?:\.\w+)*)", re.MULTILINE)


def _is_test_module(dotted: str) -> bool:
    last = dotted.rsplit(".", 1)[-1]
    return last.startswith("test_") or last == "conftest"


def test_no_test_module_imports_another_test_module_or_a_conftest():
    offenders = [
        f"{path.relative_to(TESTS)}: {name}"
        for path in sorted(TESTS.rglob("*.py"))
        for name in IMPORT.findall(path.read_text(encoding="utf-8"))
        if _is_test_module(name)
    ]
    assert offenders == [], "move shared code to tests/helpers.py: " + ", ".join(offenders)


def test_the_guard_sees_such_an_import():
    text = "from tests.http.test_player import play\nfrom tests.helpers import Actor\n"
    assert [n for n in IMPORT.findall(text) if _is_test_module(n)] == ["tests.http.test_player"]
