"""Each folder under ``broken/`` is a module with one kind of mistake; ``expected.txt`` beside it
holds the exact ``file:line: message`` lines an author must see (English, untranslated)."""

from pathlib import Path

import pytest

from leergang.content import load_library, load_module

BROKEN = Path(__file__).parent / "broken"
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES)
def test_broken_module_reports_exact_problems(case):
    module, problems = load_module(BROKEN / case)

    expected = (BROKEN / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert module is None
    assert expected, f"{case}/expected.txt is empty: a broken case must report something"
    assert [problem.format(base=BROKEN) for problem in problems] == expected


def test_corpus_covers_the_required_mistakes():
    required = {
        "bad-yaml-syntax", "unknown-step-type", "missing-correct-answer", "duplicate-step-ids",
        "duplicate-yaml-key", "missing-alt-text", "missing-image-file", "script-in-markdown",
        "javascript-link", "event-handler", "unknown-field", "wrong-level", "pre-without-post",
        "schema-too-new", "no-module-file", "folder-id-mismatch",
    }  # fmt: skip
    assert required <= set(CASES)


def test_library_skips_broken_modules_and_reports_them_all():
    library = load_library(BROKEN)

    assert library.modules == {}
    reported = {problem.path.parent.name for problem in library.problems}
    assert reported == set(CASES)
