"""A module can be validated from YAML text (a draft in the browser), with the same problems and
lines as from its folder."""

from pathlib import Path

import pytest

from leergang.content import load_module, parse_module_text
from leergang.content.loader import MODULE_FILE

BROKEN = Path(__file__).parent / "broken"
LESSONS = Path(__file__).parents[2] / "lessons"
# Folders whose problems all come from module.yaml itself (not a guide, nor a missing file).
FROM_TEXT = sorted(
    folder
    for folder in BROKEN.iterdir()
    if (folder / MODULE_FILE).is_file() and not list(folder.glob("teacher-guide*"))
)


@pytest.mark.parametrize("folder", FROM_TEXT, ids=lambda folder: folder.name)
def test_text_gives_the_same_problems_as_the_folder(folder):
    text = (folder / MODULE_FILE).read_text(encoding="utf-8")
    module, problems = parse_module_text(text, folder=folder)
    expected_module, expected = load_module(folder)
    assert (module, problems) == (expected_module, expected)
    assert problems, "every broken example has a problem"


def test_a_good_draft_validates_without_a_folder():
    text = (LESSONS / "nodig-of-willen" / MODULE_FILE).read_text(encoding="utf-8")
    module, problems = parse_module_text(text.replace("id: nodig-of-willen", "id: mijn-concept", 1))
    assert problems == []
    assert module is not None and module.id == "mijn-concept"


def test_a_broken_draft_names_the_line():
    text = "schema_version: 1\nid: Mijn Les\n"
    module, problems = parse_module_text(text)
    assert module is None
    messages = [problem.format() for problem in problems]
    assert (
        'module.yaml:2: "Mijn Les" is not a valid id. Use only lowercase letters, digits and '
        'hyphens, for example "mijn-les".' in messages
    )
    assert any('"title" is missing' in message for message in messages)
