"""Lesson and game files are read by libyaml when PyYAML has it (``yamlfile._CDecimalLoader``),
about ten times faster than the pure-Python parser. An author must not see the difference: the
same data (Decimal amounts included), the same line for every key, and the same message at the
same line for a broken file. Each file here is read both ways and compared."""

from __future__ import annotations

from pathlib import Path

import pytest

from leergang.content import yamlfile
from leergang.content.yamlfile import SourceFile, read_yaml

ROOT = Path(__file__).parents[2]
FILES = sorted([*(ROOT / "lessons").rglob("*.yaml"), *(ROOT / "tests" / "content").rglob("*.yaml")])
TRICKY = {
    "anchor": "title: &t Sparen\nsteps:\n  - id: a\n    prompt: *t\n",
    "anchor only": "title: Sparen\nsteps: &s []\n",
    "tab": "title: Sparen\nsteps:\n\t- id: a\n",
    "syntax": "title: Sparen\nsteps: [a, b\nlevel: po-8\n",
    "colon": "title: Sparen: nu\n  level: po-8\n",
    "duplicate key": "title: Sparen\nlevel: po-8\ntitle: Nog eens\n",
    "two documents": "title: Sparen\n---\ntitle: Twee\n",
    "long number": "amount: " + "9" * 5000 + "\n",
    "money": "amount: 2.50\nweeks: 3\nrate: 1_000.5\nodd: .nan\nclock: 1:30\n",
    "block": "title: Sparen\nsteps:\n  - id: a\n    body: |\n      Regel een\n\n      Regel drie\n",
    "not a mapping": "- een\n- twee\n",
    "empty": "",
    "only a comment": "# niets\n",
    "tab in a title": "title: Nodig of\twillen?\nlevel: po-8\n",
    "tab in a block": "body: |\n  Regel\n  \tmet tab\n",
    "control character": "title: Sparen\x07\nlevel: po-8\n",
    "bom": "\ufefftitle: Sparen\nlevel: po-8\n",
    "long key": "k" * 1100 + ": 1\n",
    "deep": "a: " + "[" * 300 + "]" * 300 + "\n",
    "next line in plain text": "title: Een\x85twee\nlevel: po-8\n",
    "line separator in plain text": "title: Een\u2028twee\nlevel: po-8\n",
    "crlf": "title: Sparen\r\nsteps:\r\n  - id: a\r\n    body: |\r\n      Regel\r\n",
    "unicode lines": 'title: "Ömer\u2028nu"\ntext: "a\u0085b"\nlevel: po-8\n',
}


def _read(text: str, fast: bool, monkeypatch) -> tuple[str, dict, dict, list]:
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(yamlfile, "_CDecimalLoader", None)
        file = SourceFile(path=Path("module.yaml"))
        data = read_yaml(file, "not a mapping", text)
    problems = [(p.line, p.msgid, p.params) for p in file.problems]
    return repr(data), file.lines, file.blocks, problems


def test_a_valid_file_is_read_by_libyaml_alone(monkeypatch):
    """The wheels PyPI ships for Linux carry libyaml, and a valid file without anchors never
    reaches the pure-Python parser (else every comparison below compares it with itself)."""

    class Refused(yamlfile.DecimalLoader):
        def __init__(self, _text):
            raise AssertionError("the pure-Python parser was used")

    monkeypatch.setattr(yamlfile, "DecimalLoader", Refused)
    text = (ROOT / "lessons" / "sparen-voor" / "scenario.yaml").read_text(encoding="utf-8")
    file = SourceFile(path=Path("scenario.yaml"))
    assert read_yaml(file, "not a mapping", text)["id"] == "sparen-voor"
    assert file.problems == [] and len(file.lines) > 100


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_reads_the_same_both_ways(path, monkeypatch):
    text = path.read_text(encoding="utf-8")
    assert _read(text, True, monkeypatch) == _read(text, False, monkeypatch)


@pytest.mark.parametrize("name", TRICKY)
def test_broken_and_tricky_texts_read_the_same_both_ways(name, monkeypatch):
    assert _read(TRICKY[name], True, monkeypatch) == _read(TRICKY[name], False, monkeypatch)


def test_amounts_stay_exact_and_lines_are_right(monkeypatch):
    data, lines, blocks, problems = _read(TRICKY["money"], True, monkeypatch)
    assert "Decimal('2.50')" in data and "'weeks': 3" in data and "Decimal('1000.5')" in data
    assert lines[("amount",)] == 1 and lines[("clock",)] == 5 and problems == []
    _data, lines, blocks, _problems = _read(TRICKY["block"], True, monkeypatch)
    assert lines[("steps", 0, "body")] == 4 and blocks[("steps", 0, "body")] == 5


def test_an_anchor_is_still_refused_at_its_line(monkeypatch):
    _data, _lines, _blocks, problems = _read(TRICKY["anchor"], True, monkeypatch)
    assert [(line, msgid) for line, msgid, _params in problems] == [(1, yamlfile.NO_ANCHORS)]
