"""Loading modules and libraries: line numbers, schema upgrades, library-wide rules."""

from pathlib import Path

import pytest

from leergang.content import CURRENT_SCHEMA_VERSION, load_library, load_module
from leergang.content.upgrade import UPGRADES

MODULE = """\
schema_version: 1
id: {id}
version: "1.0"
title: Sparen
description: Over sparen.
levels: [po-8]
themes: [vooruitzien]
learning_goals: [Ik kan sparen.]
minutes: 10
authors: [{{name: Test, organisation: Leergang}}]
licence: CC BY-SA 4.0
sources: [{{title: Nibud, url: "https://www.nibud.nl", year: 2023}}]
steps:
  - id: uitleg
    type: explanation
    body: Sparen is geld bewaren.
  - id: som
    type: numeric
    prompt: Hoeveel?
    answer: 12.50
    tolerance: 0.05
    feedback: {{correct: Goed., incorrect: Helaas.}}
"""


def write(root: Path, folder: str, text: str) -> Path:
    (root / folder).mkdir(parents=True)
    (root / folder / "module.yaml").write_text(text, encoding="utf-8")
    return root / folder


def test_valid_module_loads_with_money_in_cents(tmp_path):
    module, problems = load_module(write(tmp_path, "sparen", MODULE.format(id="sparen")))

    assert problems == []
    assert module.folder == tmp_path / "sparen"
    assert (module.steps[1].answer, module.steps[1].tolerance) == (1250, 5)
    assert module.step_index("som") == 1
    assert module.step("som").type == "numeric"
    assert [step.id for step in module.question_steps] == ["som"]
    with pytest.raises(KeyError):
        module.step_index("bestaat-niet")


def test_library_keeps_good_modules_when_one_is_broken(tmp_path):
    write(tmp_path, "b-sparen", MODULE.format(id="b-sparen"))
    write(tmp_path, "a-kapot", MODULE.format(id="a-kapot").replace("minutes: 10", "minutes: 0"))
    (tmp_path / ".git").mkdir()
    (tmp_path / "README.md").write_text("not a module")

    library = load_library(tmp_path)

    assert list(library.modules) == ["b-sparen"]
    assert [p.format(base=tmp_path) for p in library.problems] == [
        'a-kapot/module.yaml:9: "minutes" must be at least 1 (found 0).'
    ]


def test_duplicate_module_ids_are_reported_on_the_second_file(tmp_path):
    write(tmp_path, "sparen", MODULE.format(id="sparen"))
    write(tmp_path, "sparen-kopie", MODULE.format(id="sparen"))

    library = load_library(tmp_path)

    assert list(library.modules) == ["sparen"]
    assert [p.format(base=tmp_path) for p in library.problems] == [
        'sparen-kopie/module.yaml:2: The id "sparen" must be the same as the folder name '
        '"sparen-kopie". Rename the folder or change the id.',
        'sparen-kopie/module.yaml:2: Module id "sparen" is already used by '
        "sparen/module.yaml. Every module needs its own id.",
    ]


def test_version_0_files_are_upgraded(tmp_path):
    old = (
        MODULE.format(id="oud")
        .replace("schema_version: 1", "schema_version: 0")
        .replace("levels: [po-8]", "level: po-8")
        .replace("minutes: 10", "duration: 10")
    )
    module, problems = load_module(write(tmp_path, "oud", old))

    assert problems == []
    assert (module.schema_version, module.levels, module.minutes) == (1, ["po-8"], 10)


def test_upgrade_chain_has_no_gaps():
    assert sorted(UPGRADES) == list(range(min(UPGRADES), CURRENT_SCHEMA_VERSION))
    data = {"schema_version": min(UPGRADES), "level": "po-7", "duration": 5}
    for version in sorted(UPGRADES):
        data = UPGRADES[version](data)
        assert data["schema_version"] == version + 1


@pytest.mark.parametrize(
    ("version_line", "message"),
    [
        ("schema_version: -1", 'schema_version -1 does not exist. Use "schema_version: 1".'),
        ("schema_version: 1.5",
         '"schema_version" must be a whole number, for example "schema_version: 1".'),
        ("", '"schema_version" is missing. Add "schema_version: 1" as the first line.'),
    ],
)  # fmt: skip
def test_bad_schema_versions(tmp_path, version_line, message):
    text = MODULE.format(id="v").replace("schema_version: 1", version_line)
    problems = load_module(write(tmp_path, "v", text))[1]
    assert [p.message() for p in problems] == [message]


def test_markdown_problem_in_a_block_points_at_its_own_line(tmp_path):
    text = MODULE.format(id="blok").replace(
        "    body: Sparen is geld bewaren.\n",
        "    body: |\n      Regel een.\n\n      Regel drie <script>.\n",
    )
    problems = load_module(write(tmp_path, "blok", text))[1]
    assert [(p.line, p.params) for p in problems] == [(19, {"found": "<script"})]


def test_problem_format_translates_and_keeps_params(tmp_path):
    text = MODULE.format(id="vertaal").replace("levels: [po-8]", "levels: [groep-8]")
    (problem,) = load_module(write(tmp_path, "vertaal", text))[1]
    catalog = {problem.msgid: "%(value)s mag niet bij %(field)s."}

    assert problem.format(lambda msgid: catalog.get(msgid, msgid)) == (
        f"{tmp_path / 'vertaal' / 'module.yaml'}:6: groep-8 mag niet bij levels."
    )


def test_yaml_numbers_stay_exact(tmp_path):
    text = (
        MODULE.format(id="exact")
        .replace("answer: 12.50", "answer: 0.10")
        .replace("tolerance: 0.05", "tolerance: 0.07")
    )
    module, problems = load_module(write(tmp_path, "exact", text))
    assert problems == []
    assert (module.steps[1].answer, module.steps[1].tolerance) == (10, 7)
