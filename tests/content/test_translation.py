"""Teacher guides and translations (module.<lang>.yaml overlays): loading, fallback, problems."""

from pathlib import Path

import pytest

from leergang.content import load_library
from leergang.content.loader import load_folder

BASE = (Path(__file__).parent / "broken-translations" / "unknown-ids" / "module.yaml").read_text(
    encoding="utf-8"
)
BROKEN = Path(__file__).parent / "broken-translations"
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


def folder(tmp_path, files: dict[str, str], name="sparen") -> Path:
    path = tmp_path / name
    path.mkdir()
    (path / "module.yaml").write_text(BASE.replace("id: unknown-ids", f"id: {name}"), "utf-8")
    for filename, text in files.items():
        (path / filename).write_text(text, encoding="utf-8")
    return path


COMPLETE = """\
title: Saving
description: About saving.
learning_goals: [I can save., I can choose a goal.]
steps:
  - id: uitleg
    title: What is saving?
    body: Saving is keeping money for later.
  - id: kies
    prompt: What is saving?
    options:
      - {id: uitgeven, text: Spending money, feedback: No.}
      - {id: bewaren, text: Keeping money, feedback: Yes.}
  - id: waar
    feedback: {incorrect: It does.}
"""


def test_translation_sets_texts_and_falls_back_to_dutch(tmp_path):
    loaded = load_folder(folder(tmp_path, {"module.en.yaml": COMPLETE}))

    assert loaded.problems == []
    dutch, english = loaded.module, loaded.translations["en"]
    assert (dutch.language, english.language) == ("nl", "en")
    assert (english.title, english.description) == ("Saving", "About saving.")
    assert english.learning_goals == ["I can save.", "I can choose a goal."]
    assert english.step("uitleg").body == "Saving is keeping money for later."
    choice = english.step("kies")
    # Options keep the Dutch order and their answers; only texts change.
    assert [(o.id, o.text, o.correct) for o in choice.options] == [
        ("bewaren", "Keeping money", True),
        ("uitgeven", "Spending money", False),
    ]
    true_false = english.step("waar")
    assert true_false.feedback.incorrect == "It does."
    assert true_false.feedback.correct == "Ja."  # not translated: Dutch
    assert true_false.prompt == "Sparen helpt."
    assert true_false.answer is True
    assert [s.id for s in english.steps] == [s.id for s in dutch.steps]
    assert dutch.title == "Sparen" and dutch.step("kies").options[0].text == "Geld bewaren"


def test_title_and_description_only(tmp_path):
    loaded = load_folder(
        folder(tmp_path, {"module.en.yaml": "title: Saving\ndescription: About saving.\n"})
    )
    english = loaded.translations["en"]
    assert english.title == "Saving"
    assert english.step("uitleg").body == "Sparen is geld bewaren."
    assert english.learning_goals == ["Ik kan sparen.", "Ik kan een doel kiezen."]


def test_teacher_guide_is_loaded_per_language(tmp_path):
    path = folder(
        tmp_path,
        {
            "teacher-guide.md": "## Doel\n\nLeerlingen leren sparen.\n",
            "teacher-guide.en.md": "## Goal\n\nPupils learn to save.\n",
        },
    )
    loaded = load_folder(path)

    assert loaded.problems == []
    assert loaded.module.teacher_guide == "## Doel\n\nLeerlingen leren sparen.\n"
    # A guide in English alone makes an English variant with Dutch lesson texts.
    assert loaded.translations["en"].teacher_guide == "## Goal\n\nPupils learn to save.\n"
    assert loaded.translations["en"].title == "Sparen"


def test_english_falls_back_to_the_dutch_guide_and_no_guide_is_none(tmp_path):
    with_guide = load_folder(
        folder(tmp_path, {"teacher-guide.md": "## Doel\n", "module.en.yaml": "title: Saving\n"})
    )
    assert with_guide.translations["en"].teacher_guide == "## Doel\n"
    without = load_folder(folder(tmp_path, {}, name="zonder"))
    assert without.module.teacher_guide is None and without.translations == {}


def test_library_gives_modules_per_language(tmp_path):
    folder(tmp_path, {"module.en.yaml": "title: Saving\n"}, name="a-sparen")
    folder(tmp_path, {}, name="b-lenen")

    library = load_library(tmp_path)

    english = library.in_language("en")
    assert list(english) == ["a-sparen", "b-lenen"]
    assert english["a-sparen"].title == "Saving"
    assert english["b-lenen"] is library.modules["b-lenen"]  # no translation: Dutch
    assert library.in_language("nl")["a-sparen"].title == "Sparen"


@pytest.mark.parametrize("case", CASES)
def test_broken_translation_reports_exact_problems_and_keeps_the_dutch(case):
    loaded = load_folder(BROKEN / case)

    expected = (BROKEN / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert expected
    assert [problem.format(base=BROKEN) for problem in loaded.problems] == expected
    # The Dutch module still works; the broken language is left out (and shows Dutch).
    assert loaded.module is not None
    assert loaded.translations == {}
