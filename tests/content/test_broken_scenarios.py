"""Each folder under ``broken_scenarios/`` is a game scenario with one kind of mistake;
``expected.txt`` beside it holds the exact ``file:line: message`` lines an author must see."""

from pathlib import Path

import pytest

from leergang.content import load_library
from leergang.content.scenarios import load_scenario

BROKEN = Path(__file__).parent / "broken_scenarios"
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES)
def test_broken_scenario_reports_exact_problems(case):
    scenario, problems = load_scenario(BROKEN / case)

    expected = (BROKEN / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert scenario is None
    assert expected, f"{case}/expected.txt is empty: a broken case must report something"
    assert [problem.format(base=BROKEN) for problem in problems] == expected


def test_corpus_covers_the_required_mistakes():
    required = {
        "unknown-effect-type", "unknown-source", "amount-without-source", "turn-after-the-end",
        "every-option-costs-money", "fraction-of-a-cent", "unknown-cost", "bad-yaml",
        "payslip-does-not-add-up", "duplicate-option-ids", "unknown-effect-field",
        "schema-too-new", "folder-id-mismatch", "one-option", "translation-unknown-id",
        "translation-changes-an-amount", "translation-too-many-entries",
        "stage-cancels-unknown-cost", "reserved-card-id",
    }  # fmt: skip
    assert required <= set(CASES)


def test_library_skips_broken_scenarios_and_reports_them_all():
    library = load_library(BROKEN)

    assert library.scenarios == {} and library.modules == {}
    assert {problem.path.parent.name for problem in library.problems} == set(CASES)


def test_the_fixed_base_of_the_corpus_loads(tmp_path):
    """The cases differ from a valid scenario by one mistake: undo it and the file loads."""
    text = (BROKEN / "unknown-source" / "scenario.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "unknown-source"
    folder.mkdir()
    (folder / "scenario.yaml").write_text(text.replace("source: nibud", "source: voorbeeld"))

    scenario, problems = load_scenario(folder)

    assert problems == [] and scenario is not None and scenario.cards[0].options[0].needs() == 150
