"""The curriculum in lessons/ (issue 5): every module loads clean and follows the module rules;
together the modules cover every level and Nibud theme; every text is readable for its level."""

from __future__ import annotations

import re

import pytest

from leergang import create_app
from leergang.content.readability import minimum_score, module_readability, pupil_texts
from leergang.content.steps import Reflection, SelfEfficacy, SingleChoice, TrueFalse
from tests.helpers import LESSONS_DIR, MODULE_IDS

PRIMARY = ("po-7", "po-8")
VMBO = ("vmbo-bb", "vmbo-kb", "vmbo-gt")
THEMES = ("inkomen-verwerven", "geldzaken-organiseren", "vooruitzien", "verantwoord-besteden")
GUIDE_HEADINGS = ["Doel", "Duur", "Gespreksvraag voor de klas", "Antwoorden"]


def test_lessons_check_passes_on_the_whole_library(library):
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite://",
         "LESSONS_DIR": str(LESSONS_DIR)}
    )  # fmt: skip
    result = app.test_cli_runner().invoke(args=["lessons", "check", "--lang", "en"])

    assert result.exit_code == 0, result.output
    assert sorted(library.modules) == MODULE_IDS  # the folder names the tests are made from
    games = len(library.scenarios)
    assert games >= 3  # the budget games live beside the modules and are checked too
    assert result.output.strip() == (
        f"Checked {len(MODULE_IDS)} module(s) and {games} game(s): no problems."
    )


@pytest.mark.parametrize("level, needed", [("po-7", 5), ("po-8", 5)] + [(v, 6) for v in VMBO])
def test_enough_modules_per_level(level, needed, library):
    found = [m.id for m in library.modules.values() if level in m.levels]
    assert len(found) >= needed, found


@pytest.mark.parametrize("school_type, levels", [("primary", PRIMARY), ("vmbo", VMBO)])
def test_every_nibud_theme_is_taught_per_school_type(school_type, levels, library):
    taught = {
        theme
        for module in library.modules.values()
        if set(module.levels) & set(levels)
        for theme in module.themes
    }
    assert taught == set(THEMES), f"{school_type} misses {set(THEMES) - taught}"


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_module_shape(module_id, library):
    module = library.modules[module_id]
    pre = module.knowledge_check_steps("pre")
    post = module.knowledge_check_steps("post")

    assert 8 <= len(module.steps) <= 15
    assert 15 <= module.minutes <= 25
    assert 3 <= len(pre) <= 5 and 3 <= len(post) <= 5
    assert sorted(s.knowledge_check.construct_id for s in pre) == sorted(
        s.knowledge_check.construct_id for s in post
    )
    assert any(isinstance(step, Reflection) for step in module.steps)
    assert module.sources, "every figure names its source"
    assert 2 <= len(module.learning_goals) <= 4
    assert set(module.levels) <= set(PRIMARY) or set(module.levels) <= set(VMBO)


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_self_efficacy_before_and_after(module_id, library):
    module = library.modules[module_id]
    rated = [step for step in module.steps if isinstance(step, SelfEfficacy)]

    assert [step.moment for step in rated] == ["pre", "post"]
    assert module.steps[0] is rated[0], "the pre step opens the lesson"
    assert len(rated[0].statements) == 2
    assert rated[0].statement_ids == rated[1].statement_ids
    assert all(s.text.startswith("Ik ") for s in rated[0].statements)


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_teacher_guide_has_the_four_headings_in_order(module_id, library):
    guide = library.modules[module_id].teacher_guide

    assert guide, f"{module_id} has no teacher-guide.md"
    headings = re.findall(r"^## (.+?)\s*$", guide, flags=re.MULTILINE)
    in_order = [h for h in headings if h in GUIDE_HEADINGS]
    assert in_order == GUIDE_HEADINGS, headings


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_english_title_and_description(module_id, library):
    dutch = library.modules[module_id]
    english = library.in_language("en")[module_id]

    assert english.language == "en", f"{module_id} has no (valid) module.en.yaml"
    assert english.title != dutch.title
    assert english.description != dutch.description


@pytest.mark.parametrize("module_id", ["nodig-of-willen", "achteraf-betalen"])
def test_complete_english_translations(module_id, library):
    """One groep 7/8 and one VMBO module prove the translation path: every text in English."""
    dutch = library.modules[module_id]
    english = library.in_language("en")[module_id]

    untranslated = [
        text for text, other in zip(pupil_texts(dutch), pupil_texts(english), strict=True)
        if text == other
    ]  # fmt: skip
    assert untranslated == []
    assert english.teacher_guide and english.teacher_guide != dutch.teacher_guide
    assert english.teacher_guide.startswith("## Goal")


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_readability_meets_the_minimum_for_its_level(module_id, library):
    module = library.modules[module_id]
    score = module_readability(module).score

    assert round(score, 1) >= minimum_score(module), (
        f"{module_id}: Flesch–Douma {score:.1f} < {minimum_score(module)}"
    )


HEADING_OPENERS = re.compile(
    r'^\s*(?:feedback|correct|incorrect): "?(Niet helemaal\.|Goed zo!|Not quite\.|Well done!)',
    re.M,
)


@pytest.mark.parametrize("path", sorted(LESSONS_DIR.glob("*/module*.yaml")), ids=str)
def test_feedback_does_not_repeat_the_players_heading(path):
    """The player already heads feedback with "Goed zo!" or "Niet helemaal.": saying it again
    right below reads as a stutter (and a multiple-choice step shows every option's feedback)."""
    assert HEADING_OPENERS.findall(path.read_text(encoding="utf-8")) == []


# Knowledge checks that measure knowledge (issue 11, content review 2026-11 §4): answers cannot be
# guessed from their form, and a pre item and its post item can be compared.


def _all_steps(library, kind):
    return [
        (module_id, step)
        for module_id, module in sorted(library.modules.items())
        for step in module.steps
        if isinstance(step, kind)
    ]


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_pre_and_post_item_of_a_construct_have_the_same_step_type(module_id, library):
    module = library.modules[module_id]
    kinds = {
        test: {s.knowledge_check.construct_id: type(s).__name__
               for s in module.knowledge_check_steps(test)}
        for test in ("pre", "post")
    }  # fmt: skip

    assert kinds["pre"] == kinds["post"]


def test_true_false_answers_are_near_half_true(library):
    answers = [step.answer for _, step in _all_steps(library, TrueFalse)]

    assert 0.4 <= sum(answers) / len(answers) <= 0.6, f"{sum(answers)} of {len(answers)} true"


def _right_option_is_the_longest(step):
    lengths = sorted((len(option.text) for option in step.options), reverse=True)
    return max(step.options, key=lambda o: len(o.text)).correct and lengths[0] > lengths[1]


def test_the_right_option_is_not_systematically_the_longest(library):
    items = _all_steps(library, SingleChoice)
    longest = [f"{m}:{step.id}" for m, step in items if _right_option_is_the_longest(step)]

    assert len(longest) <= len(items) / 2, longest


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_self_efficacy_asks_for_confidence_to_act(module_id, library):
    statements = [
        s.text for step in library.modules[module_id].steps
        if isinstance(step, SelfEfficacy) for s in step.statements
    ]  # fmt: skip

    assert all(text.startswith(("Ik durf ", "Ik kan ")) for text in statements), statements


def test_every_module_and_game_has_its_own_place_in_the_curriculum(library):
    """Teachers are offered items in curriculum order: no item without a place, no ties."""
    items = [*library.modules.values(), *library.scenarios.values()]
    for level in (*PRIMARY, *VMBO):
        places = [item.order for item in items if level in item.levels]
        assert None not in places, level
        assert len(places) == len(set(places)), (level, sorted(places))
