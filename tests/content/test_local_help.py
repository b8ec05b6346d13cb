"""[[lokale-hulp]] placeholders: checked in every Markdown text, expanded from validated entries
that can add no markup of their own; lessons/local-help.yaml is checked with file and line."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from leergang.content.local_help import (
    HelpDirectory,
    HelpEntry,
    expand_placeholders,
    load_help,
)
from leergang.content.markdown import check_markdown, render_markdown

ROOT = Path(__file__).parents[2]


def entry(**data) -> HelpEntry:
    return HelpEntry.model_validate({"what": "Helpt.", "levels": ["po-8"], "topics": ["praten"],
                                     **data})  # fmt: skip


def messages(text: str) -> list[tuple[int, str]]:
    return [(i.text_line, i.msgid % dict(i.params)) for i in check_markdown(text, None)]


def test_unknown_or_inline_placeholders_are_reported_with_their_line():
    text = "Hulp:\n[[lokale-hulp]]\n[[onzin]]\nZie [[lokale-hulp]] hier.\n[[lokale-hulp: sport]]"
    assert messages(text) == [
        (2, 'Unknown placeholder "[[onzin]]". Write [[lokale-hulp]], or [[lokale-hulp: topic]] '
            "with a topic from: geldzorgen, thuis, praten, rechten."),
        (3, 'Put "[[lokale-hulp]]" on a line of its own: it becomes a list of places where '
            "pupils find help."),
        (4, 'Unknown placeholder "[[lokale-hulp: sport]]". Write [[lokale-hulp]], or '
            "[[lokale-hulp: topic]] with a topic from: geldzorgen, thuis, praten, rechten."),
    ]  # fmt: skip
    assert messages("[[lokale-hulp]]\n\n  [[ lokale-hulp: thuis ]]") == []


def test_expansion_filters_by_level_and_topic_local_first():
    directory = HelpDirectory(
        local=(entry(name="Buurtteam", topics=["thuis"]),),
        national=(
            entry(name="Kindertelefoon", topics=["praten", "thuis"]),
            entry(name="Loket", levels=["vmbo-kb"], topics=["thuis"]),
        ),
    )
    html = render_markdown(expand_placeholders("[[lokale-hulp: thuis]]", directory, ["po-8"]))
    assert html.index("Buurtteam") < html.index("Kindertelefoon") and "Loket" not in html
    only_talk = expand_placeholders("[[lokale-hulp: praten]]", directory, ["po-8"])
    assert "Kindertelefoon" in only_talk and "Buurtteam" not in only_talk


def test_entries_cannot_add_markup_or_links():
    # Raw HTML in an entry is refused outright, like in every plain text of the lessons.
    with pytest.raises(ValidationError, match="HTML"):
        entry(name="Hulp <b>x</b>", url="https://www.example.nl/hulp")
    # Markdown in an entry stays text: no link, image or bold of the entry's own.
    directory = HelpDirectory(local=(
        entry(name="[klik](https://evil.example)", what="**vet** ![img](a.svg)",
              url="https://www.example.nl/hulp"),
    ))  # fmt: skip
    html = render_markdown(expand_placeholders("[[lokale-hulp]]", directory, ["po-8"]))
    assert "evil.example" not in html.replace("[klik](https://evil.example)", "")
    assert html.count("<a ") == 1 and 'href="https://www.example.nl/hulp"' in html
    assert "<img" not in html and "<strong>vet" not in html


def test_no_matching_help_asks_the_teacher():
    text = expand_placeholders("[[lokale-hulp: rechten]]", HelpDirectory(), ["po-8"])
    assert "Ask your teacher" in text


def test_the_shipped_files_load_and_an_installation_without_one_gets_national_help(tmp_path):
    demo = load_help(ROOT / "lessons")
    assert demo.problems == () and any("Almelo" in e.name for e in demo.local)
    bare = load_help(tmp_path)
    assert bare.local == () and bare.problems == ()
    names = {e.name for e in bare.national}
    assert {"Geldfit", "De Kindertelefoon", "Het Juridisch Loket", "Stichting Leergeld",
            "Jeugdfonds Sport & Cultuur"} <= names  # fmt: skip


def test_a_wrong_local_help_file_is_reported_with_its_line(tmp_path):
    (tmp_path / "local-help.yaml").write_text(
        "place: Hengelo\nentries:\n  - name: Gemeente\n    what: Helpt.\n    phone: bel ons\n"
        "    levels: [po-8]\n    topics: [schulden]\n",
        encoding="utf-8",
    )
    problems = [(p.line, p.message()) for p in load_help(tmp_path).problems]
    assert problems == [
        (5, '"bel ons" is not a phone number. Write only digits, spaces and dashes, for example '
            "0800-0432."),
        (7, '"schulden" is not allowed for "topics". Use one of: geldzorgen, thuis, praten, '
            "rechten."),
    ]  # fmt: skip


# --- games: scenario texts are plain, so the help is put in when the game is loaded ----------


def _game(root: Path, description: str, *, local_help: bool) -> Path:
    import shutil

    folder = root / "sparen-voor"
    shutil.copytree(ROOT / "lessons" / "sparen-voor", folder)
    path = folder / "scenario.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(n for n, line in enumerate(lines) if line.startswith("description:"))
    lines[start] = f'description: "{description}"\n'
    path.write_text("".join(lines), encoding="utf-8")
    if local_help:
        shutil.copy(ROOT / "lessons" / "local-help.yaml", root / "local-help.yaml")
    return folder


def test_a_game_text_names_the_local_help_of_the_installation(tmp_path):
    from leergang.content.scenarios import load_scenario

    text = "Hulp nodig? Kijk bij [[lokale-hulp: geldzorgen]]."
    almelo, problems = load_scenario(_game(tmp_path / "a", text, local_help=True))
    assert problems == []
    assert almelo.description == (
        "Hulp nodig? Kijk bij Schuldhulp van de gemeente Almelo (14 0546, almelo.nl); "
        "Schoolmaatschappelijk werk."
    )
    national, _ = load_scenario(_game(tmp_path / "b", "[[lokale-hulp: thuis]]", local_help=False))
    assert national.description.startswith("De Kindertelefoon (0800-0432, kindertelefoon.nl); ")
    assert "Almelo" not in national.description


def test_an_unknown_placeholder_in_a_game_is_a_problem(tmp_path):
    from leergang.content.scenarios import load_scenario

    scenario, problems = load_scenario(_game(tmp_path, "Bel [[hulplijn]].", local_help=False))
    assert scenario is None
    assert [(p.line, p.message()) for p in problems] == [
        (5, 'Unknown placeholder "[[hulplijn]]". Write [[lokale-hulp]], or [[lokale-hulp: topic]] '
            "with a topic from: geldzorgen, thuis, praten, rechten."),
    ]  # fmt: skip
