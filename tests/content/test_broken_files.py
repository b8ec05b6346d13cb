"""Golden files for authors' mistakes. Each folder under ``broken/`` (modules) and
``broken_scenarios/`` (games) holds one kind of mistake; ``expected.txt`` beside it holds the exact
``file:line: message`` lines an author must see (English, untranslated)."""

from pathlib import Path

import pytest

from leergang.content import load_library, load_module
from leergang.content.scenarios import load_scenario

HERE = Path(__file__).parent
# corpus folder -> the loader for one item of it
CORPORA = {"broken": load_module, "broken_scenarios": load_scenario}


def _cases(corpus: str) -> list[str]:
    return sorted(p.name for p in (HERE / corpus).iterdir() if p.is_dir())


@pytest.mark.parametrize(
    "corpus, case", [(corpus, case) for corpus in CORPORA for case in _cases(corpus)]
)
def test_broken_file_reports_exact_problems(corpus, case):
    base = HERE / corpus
    item, problems = CORPORA[corpus](base / case)

    expected = (base / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert item is None
    assert expected, f"{case}/expected.txt is empty: a broken case must report something"
    assert [problem.format(base=base) for problem in problems] == expected


REQUIRED = {
    "broken": {
        "bad-yaml-syntax", "unknown-step-type", "missing-correct-answer", "duplicate-step-ids",
        "duplicate-yaml-key", "missing-alt-text", "missing-image-file", "script-in-markdown",
        "javascript-link", "event-handler", "unknown-field", "wrong-level", "pre-without-post",
        "schema-too-new", "no-module-file", "folder-id-mismatch",
    },
    "broken_scenarios": {
        "unknown-effect-type", "unknown-source", "amount-without-source", "turn-after-the-end",
        "every-option-costs-money", "fraction-of-a-cent", "unknown-cost", "bad-yaml",
        "payslip-does-not-add-up", "duplicate-option-ids", "unknown-effect-field",
        "schema-too-new", "folder-id-mismatch", "one-option", "translation-unknown-id",
        "translation-changes-an-amount", "translation-too-many-entries",
        "stage-cancels-unknown-cost", "reserved-card-id",
    },
}  # fmt: skip


@pytest.mark.parametrize("corpus", CORPORA)
def test_corpus_covers_the_required_mistakes(corpus):
    assert REQUIRED[corpus] <= set(_cases(corpus))


@pytest.mark.parametrize("corpus", CORPORA)
def test_library_skips_broken_items_and_reports_them_all(corpus):
    library = load_library(HERE / corpus)

    assert library.modules == {} and library.scenarios == {}
    assert {problem.path.parent.name for problem in library.problems} == set(_cases(corpus))


def test_the_fixed_base_of_the_scenario_corpus_loads(tmp_path):
    """The cases differ from a valid scenario by one mistake: undo it and the file loads."""
    text = (HERE / "broken_scenarios" / "unknown-source" / "scenario.yaml").read_text("utf-8")
    folder = tmp_path / "unknown-source"
    folder.mkdir()
    (folder / "scenario.yaml").write_text(text.replace("source: nibud", "source: voorbeeld"))

    scenario, problems = load_scenario(folder)

    assert problems == [] and scenario is not None and scenario.cards[0].options[0].needs() == 150
