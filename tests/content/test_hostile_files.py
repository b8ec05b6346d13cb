"""Content can never take the site down: a hostile or careless file skips its own module, with a
file:line message, and everything else still loads."""

from __future__ import annotations

import shutil
from pathlib import Path

from leergang.content import load_library, load_module, parse_module_text
from leergang.content.yamlfile import MAX_FILE_BYTES

LESSONS = Path(__file__).parents[2] / "lessons"
GOOD = "nodig-of-willen"

BILLION_LAUGHS = """\
schema_version: 1
id: lachen
a: &a ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
j: [*i, *i, *i, *i, *i, *i, *i, *i, *i]
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def messages(problems) -> list[str]:
    return [f"{p.path.name}:{p.line}: {p.message()}" for p in problems]


def test_anchors_and_aliases_are_refused_at_their_line(tmp_path):
    folder = write(tmp_path / "lachen", "module.yaml", BILLION_LAUGHS)
    module, problems = load_module(folder)
    assert module is None
    assert messages(problems) == [
        'module.yaml:3: YAML anchors ("&name") and aliases ("*name") are not allowed in lesson '
        "files. Write the text out in full here."
    ]


def test_an_alias_in_a_translation_keeps_only_that_translation_out(tmp_path):
    folder = tmp_path / GOOD
    shutil.copytree(LESSONS / GOOD, folder)
    write(folder, "module.en.yaml", "title: &t Needs or wants\ndescription: *t\n")
    library = load_library(tmp_path)
    assert GOOD in library.modules
    assert GOOD not in library.translations.get("en", {})
    assert messages(library.problems) == [
        'module.en.yaml:1: YAML anchors ("&name") and aliases ("*name") are not allowed in lesson '
        "files. Write the text out in full here."
    ]


def test_a_file_over_the_size_cap_is_refused_before_reading(tmp_path):
    text = "schema_version: 1\nid: groot\ntitle: " + "x" * MAX_FILE_BYTES + "\n"
    folder = write(tmp_path / "groot", "module.yaml", text)
    module, problems = load_module(folder)
    assert module is None
    expected = (
        "module.yaml:1: This file is 257 kB; a lesson file may be at most 256 kB. Split long "
        "texts over more steps, or move a module into two."
    )
    assert messages(problems) == [expected]
    assert messages(parse_module_text(text)[1]) == [expected]


def test_a_game_file_over_the_size_cap_is_refused(tmp_path):
    write(tmp_path / "spel", "scenario.yaml", "schema_version: 1\n# " + "x" * MAX_FILE_BYTES)
    library = load_library(tmp_path)
    assert library.scenarios == {}
    assert [p.line for p in library.problems] == [1]
    assert "at most 256 kB" in library.problems[0].message()


def test_a_file_that_breaks_the_parser_skips_only_its_module(tmp_path):
    # Deep nesting makes the YAML composer recurse past Python's limit: not a YAML error.
    text = "schema_version: 1\nid: diep\nsteps: " + "[" * 20_000 + "]" * 20_000 + "\n"
    write(tmp_path / "diep", "module.yaml", text)
    shutil.copytree(LESSONS / GOOD, tmp_path / GOOD)
    library = load_library(tmp_path)
    assert list(library.modules) == [GOOD]
    assert messages(library.problems) == [
        "module.yaml:1: Leergang could not read this folder (RecursionError), so it is left out. "
        "Check the file for very deep nesting or unusual characters, or ask a developer."
    ]


def test_a_tab_pasted_into_a_title_is_named_in_dutch(app, tmp_path):
    from flask_babel import force_locale, gettext

    text = (LESSONS / GOOD / "module.yaml").read_text(encoding="utf-8")
    text = text.replace("title: Nodig of willen?", "title: Nodig of\twillen?", 1)
    line = text.splitlines().index("title: Nodig of\twillen?") + 1
    module, problems = parse_module_text(text)
    assert module is None
    with app.app_context(), force_locale("nl"):
        assert [f"{p.line}: {p.message(gettext)}" for p in problems] == [
            f"{line}: Op deze regel staat een tab (de ruimte van de Tab-toets, vaak meegekomen uit "
            "Word). Vervang de tab door spaties."
        ]


def test_an_invisible_control_character_skips_only_its_module_and_names_its_line(app, tmp_path):
    """A vertical tab (U+000B) pasted from a word processor made the YAML reader raise: the
    library said only "could not read this folder" at line 1, and ``parse_module_text`` (an
    author's save and import) let the error through."""
    from flask_babel import force_locale, gettext

    text = (LESSONS / GOOD / "module.yaml").read_text(encoding="utf-8")
    text = text.replace("title: Nodig of willen?", "title: Nodig of\x0bwillen?", 1)
    line = text[: text.index("\x0b")].count("\n") + 1
    write(tmp_path / "kapot", "module.yaml", text.replace("id: nodig-of-willen", "id: kapot", 1))
    shutil.copytree(LESSONS / GOOD, tmp_path / GOOD)
    library = load_library(tmp_path)
    assert list(library.modules) == [GOOD]
    with app.app_context(), force_locale("nl"):
        assert [f"{p.path.name}:{p.line}: {p.message(gettext)}" for p in library.problems] == [
            f"module.yaml:{line}: Op deze regel staat een onzichtbaar teken (U+000B) dat niet in "
            "een lesbestand mag, vaak meegekomen uit een ander programma. Haal het weg, of typ "
            "de tekst opnieuw."
        ]


def test_a_tab_used_for_indentation_is_named_too(tmp_path):
    text = (LESSONS / GOOD / "module.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    number = next(n for n, x in enumerate(lines) if x.startswith("  - id:"))
    lines[number] = "\t" + lines[number][2:]
    module, problems = parse_module_text("\n".join(lines) + "\n")
    assert module is None
    assert [(p.line, "tab" in p.message()) for p in problems] == [(number + 1, True)]
