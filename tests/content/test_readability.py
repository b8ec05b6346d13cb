"""Flesch–Douma readability, worked out by hand on known sentences, and the module figures."""

from pathlib import Path

import pytest

from leergang.content import load_module
from leergang.content.readability import (
    count_syllables,
    minimum_score,
    module_readability,
    pupil_texts,
    readability,
)
from leergang.content.stats import module_stats, theme_coverage

BASE = Path(__file__).parent / "broken-translations" / "unknown-ids" / "module.yaml"


@pytest.fixture
def module(tmp_path):
    """A small clean po-8 module (vooruitzien) with an explanation and two questions."""
    folder = tmp_path / "sparen"
    folder.mkdir()
    text = BASE.read_text(encoding="utf-8").replace("id: unknown-ids", "id: sparen")
    (folder / "module.yaml").write_text(text, encoding="utf-8")
    module, problems = load_module(folder)
    assert problems == []
    return module


@pytest.mark.parametrize(
    "word, syllables",
    [("ik", 1), ("sparen", 2), ("boodschappen", 3), ("zorgverzekering", 5),
     ("incassokosten", 5), ("Albert-Heijn", 3), ("12,50", 1), ("auto's", 2)],
)  # fmt: skip
def test_dutch_syllables(word, syllables):
    assert count_syllables(word) == syllables


def test_an_easy_sentence():
    # ik·spaar·el-ke·week·twee·eu-ro: 6 words, 8 syllables, 1 sentence.
    # 206.84 − 0.77 × (100 × 8 / 6) − 0.93 × 6 = 98.59
    result = readability(["Ik spaar elke week twee euro."])
    assert (result.sentences, result.words, result.syllables) == (1, 6, 8)
    assert result.score == pytest.approx(98.59, abs=0.01)


def test_a_hard_sentence():
    # de·zorg-ver-ze-ke-ring·is·ver-plicht·van-af·je·acht-tien-de·ver-jaar-dag: 8 words, 18
    # syllables. 206.84 − 0.77 × 225 − 0.93 × 8 = 26.15
    result = readability(["De zorgverzekering is verplicht vanaf je achttiende verjaardag."])
    assert (result.words, result.syllables) == (8, 18)
    assert result.score == pytest.approx(26.15, abs=0.01)


def test_sentences_end_at_punctuation_and_markdown_blocks():
    text = "Goed zo! Je spaart.\n\n- Brood\n- Melk kopen\n\n## Kop\n\nLees [dit](https://x.nl)."
    result = readability([text, "Geld bewaren"])
    # "Goed zo!", "Je spaart.", "Brood", "Melk kopen", "Kop", "Lees dit.", "Geld bewaren"
    assert result.sentences == 7
    assert result.words == 12


def test_empty_text_scores_zero():
    assert readability([]).score == 0.0


def test_module_texts_and_figures(module):
    texts = list(pupil_texts(module))
    assert texts[:2] == ["Sparen", "Over sparen."]
    assert "Geld bewaren" in texts and "Ja." in texts and "Toch wel." in texts
    assert "CC0-1.0" not in texts and "Test" not in texts  # licence and authors are not read

    figures = module_stats(module)
    assert figures.words == module_readability(module).words
    assert (figures.steps, figures.minutes, figures.minimum) == (3, 5, 70)
    assert (figures.pre_items, figures.post_items) == (0, 0)
    assert figures.readable == (figures.score >= 70)


def test_minimum_follows_the_strictest_level(module):
    assert minimum_score(module) == 70
    vmbo = module.model_copy(update={"levels": ["vmbo-kb"]})
    both = module.model_copy(update={"levels": ["po-8", "vmbo-bb"]})
    assert (minimum_score(vmbo), minimum_score(both)) == (60, 70)


def test_theme_coverage_counts_modules_per_level_and_theme(module):
    other = module.model_copy(update={"levels": ["po-8", "vmbo-gt"], "themes": ["vooruitzien"]})

    coverage = theme_coverage([module, other])

    assert coverage["po-8"]["vooruitzien"] == 2
    assert coverage["vmbo-gt"] == {
        "inkomen-verwerven": 0, "geldzaken-organiseren": 0, "vooruitzien": 1,
        "verantwoord-besteden": 0,
    }  # fmt: skip
    assert coverage["po-7"]["vooruitzien"] == 0
