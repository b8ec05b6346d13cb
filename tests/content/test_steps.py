"""Step types: validation rules, parsing posted answers, and scoring them."""

from decimal import Decimal

import pytest
from pydantic import ValidationError
from werkzeug.datastructures import MultiDict

from leergang.content import STEP_TYPES, AnswerError, Outcome
from leergang.content.messages import ContentError

FEEDBACK = {"correct": "Goed.", "incorrect": "Helaas."}


def make(**data):
    return STEP_TYPES[data["type"]].model_validate(data, context={"folder": None})


def messages(**data):
    """The messages (params filled in) a step's validation reports."""
    with pytest.raises(ValidationError) as info:
        make(**data)
    found = []
    for error in info.value.errors():
        cause = error.get("ctx", {}).get("error")
        if isinstance(cause, ContentError):
            found += [issue.msgid % dict(issue.params) for issue in cause.issues]
        else:
            found.append(error["type"])
    return found


def answer_error(step, **form):
    with pytest.raises(AnswerError) as info:
        step.parse_answer(MultiDict(form))
    return info.value.message()


def single_choice(**extra):
    return {
        "type": "single_choice", "id": "q", "prompt": "Wat?",
        "options": [
            {"id": "a", "text": "A", "correct": True, "feedback": "A klopt."},
            {"id": "b", "text": "B", "feedback": "B klopt niet."},
        ],
        **extra,
    }  # fmt: skip


def test_registry_has_every_type_with_its_template():
    assert set(STEP_TYPES) == {
        "explanation", "single_choice", "multiple_choice", "true_false", "numeric", "ordering",
        "categorise", "reflection", "self_efficacy",
    }  # fmt: skip
    for name, cls in STEP_TYPES.items():
        assert cls.template == f"learn/steps/{name}.html"
        # Everything but reading waits for the pupil's answer.
        assert cls.needs_answer == (name != "explanation")
    assert not STEP_TYPES["explanation"].is_question
    assert not STEP_TYPES["reflection"].is_question
    assert not STEP_TYPES["self_efficacy"].is_question
    assert STEP_TYPES["numeric"].is_question


def test_explanation_has_no_answer():
    step = make(type="explanation", id="uitleg", body="Tekst.")
    assert step.parse_answer(MultiDict()) == {}
    assert step.check({}) == Outcome(correct=None, score=1.0)


def test_unknown_keys_are_refused_everywhere():
    data = single_choice()
    data["options"][0]["feeback"] = "typo"
    assert messages(**data) == ["extra_forbidden"]


# --- single choice --------------------------------------------------------------------------


def test_single_choice_scores_the_chosen_option_with_its_feedback():
    step = make(**single_choice())
    assert step.check(step.parse_answer(MultiDict({"choice": "a"}))) == Outcome(
        True, 1.0, ("A klopt.",)
    )
    assert step.check(step.parse_answer(MultiDict({"choice": "b"}))) == Outcome(
        False, 0.0, ("B klopt niet.",)
    )


def test_single_choice_refuses_empty_and_forged_answers():
    step = make(**single_choice())
    assert answer_error(step) == "Choose an answer."
    assert answer_error(step, choice="z") == (
        "That answer is not one of the choices. Reload the page."
    )


def test_single_choice_needs_exactly_one_correct_option():
    data = single_choice()
    data["options"][1]["correct"] = True
    assert messages(**data) == [
        'Step "q": exactly one option must have "correct: true" (found 2). Mark the right answer '
        "with correct: true."
    ]


def test_single_choice_needs_feedback_on_every_option_and_unique_ids():
    data = single_choice()
    del data["options"][1]["feedback"]
    data["options"][1]["id"] = "a"
    with pytest.raises(ValidationError) as info:
        make(**data)
    assert "used twice in options" in str(info.value)
    data["options"][1]["id"] = "b"
    assert messages(**data) == [
        'Step "q": option "b" has no feedback. Add "feedback:" that explains why this answer is '
        "right or wrong."
    ]


def test_single_choice_needs_two_options():
    data = single_choice()
    data["options"] = data["options"][:1]
    assert messages(**data) == ["too_short"]


# --- multiple choice ------------------------------------------------------------------------


def multiple_choice(**extra):
    return {
        "type": "multiple_choice", "id": "mc", "prompt": "Kies alles wat klopt.",
        "options": [
            {"id": "a", "text": "A", "correct": True, "feedback": "A hoort erbij."},
            {"id": "b", "text": "B", "correct": True, "feedback": "B hoort erbij."},
            {"id": "c", "text": "C", "feedback": "C hoort er niet bij."},
            {"id": "d", "text": "D", "feedback": "D hoort er niet bij."},
        ],
        **extra,
    }  # fmt: skip


def test_multiple_choice_is_correct_only_for_the_exact_set():
    step = make(**multiple_choice())
    right = step.check(step.parse_answer(MultiDict([("choice", "a"), ("choice", "b")])))
    assert right == Outcome(True, 1.0, ("A hoort erbij.", "B hoort erbij."))

    partly = step.check(step.parse_answer(MultiDict([("choice", "a"), ("choice", "c")])))
    assert partly.correct is False
    assert partly.score == 0.5  # b missed, c wrongly chosen: 2 of 4 options right
    assert partly.feedback == ("B hoort erbij.", "C hoort er niet bij.")


def test_multiple_choice_outcome_feedback_comes_first():
    step = make(**multiple_choice(feedback=FEEDBACK))
    assert step.check({"choices": ["a", "b"]}).feedback == ("Goed.",)
    assert step.check({"choices": ["a"]}).feedback == ("Helaas.", "B hoort erbij.")


def test_multiple_choice_parse_refuses_nothing_and_forged_ids():
    step = make(**multiple_choice())
    assert answer_error(step) == "Choose one or more answers."
    assert answer_error(step, choice="x").startswith("That answer is not one of the choices")


def test_multiple_choice_rules():
    data = multiple_choice()
    for option in data["options"]:
        option["correct"] = False
    assert messages(**data) == [
        'Step "mc": at least one option must have "correct: true". Mark the right answers with '
        "correct: true."
    ]
    data = multiple_choice()
    del data["options"][2]["feedback"]
    assert messages(**data) == [
        'Step "mc" needs feedback: give every option a "feedback:", or give the step '
        '"feedback:" with "correct:" and "incorrect:".'
    ]
    make(**{**data, "feedback": FEEDBACK})  # outcome feedback is enough


# --- true/false -----------------------------------------------------------------------------


def test_true_false():
    step = make(type="true_false", id="tf", prompt="Waar?", answer=False, feedback=FEEDBACK)
    assert step.check(step.parse_answer(MultiDict({"choice": "false"}))) == Outcome(
        True, 1.0, ("Goed.",)
    )
    assert step.check(step.parse_answer(MultiDict({"choice": "true"}))) == Outcome(
        False, 0.0, ("Helaas.",)
    )
    assert answer_error(step) == "Choose an answer."
    assert answer_error(step, choice="maybe").startswith("That answer is not one of")


def test_true_false_needs_outcome_feedback():
    assert messages(type="true_false", id="tf", prompt="Waar?", answer=True) == ["missing"]


# --- numeric --------------------------------------------------------------------------------


def numeric(**extra):
    return make(
        type="numeric", id="som", prompt="Hoeveel?", answer=Decimal("12.50"), feedback=FEEDBACK,
        **extra,
    )  # fmt: skip


def test_numeric_stores_cents_exactly():
    assert numeric().answer == 1250
    assert numeric(tolerance=Decimal("0.10")).tolerance == 10
    assert numeric().tolerance == 0


@pytest.mark.parametrize(
    "typed", ["12,50", "12.50", "€ 12,50", "€12,5", " 12,50 ", "12,50 euro", "EUR 12.50"]
)
def test_numeric_accepts_dutch_and_plain_formats(typed):
    step = numeric()
    assert step.parse_answer(MultiDict({"amount": typed})) == {"cents": 1250}
    assert step.check({"cents": 1250}).correct is True


@pytest.mark.parametrize(
    ("typed", "cents"),
    [("12", 1200), ("12,-", 1200), ("1.234,56", 123456), ("1.234", 123400), ("0,05", 5)],
)
def test_numeric_parses_amounts(typed, cents):
    assert numeric().parse_answer(MultiDict({"amount": typed})) == {"cents": cents}


@pytest.mark.parametrize("typed", ["", "   ", "twaalf", "12.", "1,2,3", "12,50,-", "1.23,45"])
def test_numeric_refuses_garbage(typed):
    assert answer_error(numeric(), amount=typed) == "Type an amount, for example 12,50."


def test_numeric_tolerance():
    step = numeric(tolerance=Decimal("0.5"))
    assert step.check({"cents": 1300}).correct is True
    assert step.check({"cents": 1200}).correct is True
    assert step.check({"cents": 1301}) == Outcome(False, 0.0, ("Helaas.",))


def test_numeric_refuses_fractions_of_cents_and_negative_tolerance():
    with pytest.raises(ValidationError, match="more than two decimals"):
        numeric(tolerance=Decimal("0.001"))
    with pytest.raises(ValidationError, match="cannot be negative"):
        numeric(tolerance=-1)


# --- ordering -------------------------------------------------------------------------------


def ordering():
    return make(
        type="ordering", id="volgorde", prompt="Zet op volgorde.", feedback=FEEDBACK,
        items=[{"id": "een", "text": "Een"}, {"id": "twee", "text": "Twee"},
               {"id": "drie", "text": "Drie"}],
    )  # fmt: skip


def test_ordering_scores_fraction_in_place():
    step = ordering()
    right = step.parse_answer(MultiDict({"position-een": "1", "position-twee": "2",
                                         "position-drie": "3"}))  # fmt: skip
    assert right == {"order": ["een", "twee", "drie"]}
    assert step.check(right) == Outcome(True, 1.0, ("Goed.",))
    swapped = step.parse_answer(MultiDict({"position-een": "2", "position-twee": "1",
                                           "position-drie": "3"}))  # fmt: skip
    assert step.check(swapped) == Outcome(False, pytest.approx(1 / 3), ("Helaas.",))


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"position-een": "1", "position-twee": "2"}, "Give every item a place from 1 to 3."),
        ({"position-een": "1", "position-twee": "2", "position-drie": "4"},
         "Give every item a place from 1 to 3."),
        ({"position-een": "1", "position-twee": "x", "position-drie": "3"},
         "Give every item a place from 1 to 3."),
        ({"position-een": "1", "position-twee": "1", "position-drie": "3"},
         "Each place can be used only once."),
    ],
)  # fmt: skip
def test_ordering_refuses_incomplete_answers(form, message):
    assert answer_error(ordering(), **form) == message


def test_ordering_needs_unique_items():
    with pytest.raises(ValidationError, match='The id "a" is used twice in items'):
        make(type="ordering", id="o", prompt="P", feedback=FEEDBACK,
             items=[{"id": "a", "text": "A"}, {"id": "a", "text": "B"}])  # fmt: skip


# --- categorise -----------------------------------------------------------------------------


def categorise():
    return make(
        type="categorise", id="sorteer", prompt="Sorteer.", feedback=FEEDBACK,
        categories=[{"id": "nodig", "label": "Nodig"}, {"id": "willen", "label": "Willen"}],
        items=[{"id": "brood", "text": "Brood", "category": "nodig"},
               {"id": "snoep", "text": "Snoep", "category": "willen"}],
    )  # fmt: skip


def test_categorise_scores_fraction_right():
    step = categorise()
    answer = step.parse_answer(MultiDict({"category-brood": "nodig", "category-snoep": "nodig"}))
    assert answer == {"categories": {"brood": "nodig", "snoep": "nodig"}}
    assert step.check(answer) == Outcome(False, 0.5, ("Helaas.",))
    assert step.check({"categories": {"brood": "nodig", "snoep": "willen"}}).correct is True


def test_categorise_refuses_incomplete_and_forged_answers():
    assert answer_error(categorise(), **{"category-brood": "nodig"}) == (
        "Choose a group for every item."
    )
    assert answer_error(
        categorise(), **{"category-brood": "nodig", "category-snoep": "hacked"}
    ).startswith("That answer is not one of the choices")


def test_categorise_item_category_must_exist():
    with pytest.raises(ValidationError, match='item "brood" has category "eten"'):
        make(type="categorise", id="s", prompt="P", feedback=FEEDBACK,
             categories=[{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
             items=[{"id": "brood", "text": "Brood", "category": "eten"}])  # fmt: skip


# --- reflection -----------------------------------------------------------------------------


def test_reflection_keeps_text_and_thanks():
    step = make(type="reflection", id="r", prompt="Wat vind jij?", feedback="Dank je!",
                max_length=10)  # fmt: skip
    assert step.parse_answer(MultiDict({"text": "  Sparen.  "})) == {"text": "Sparen."}
    assert step.check({"text": "Sparen."}) == Outcome(None, 1.0, ("Dank je!",))
    assert answer_error(step, text="   ") == "Write an answer first."
    assert answer_error(step, text="x" * 11) == (
        "Your answer is too long: use at most 10 characters (now 11)."
    )
    assert make(type="reflection", id="r", prompt="P").max_length == 1000


# --- self_efficacy --------------------------------------------------------------------------


def self_efficacy(**extra):
    return {
        "type": "self_efficacy", "id": "zeker", "moment": "pre",
        "statements": [
            {"id": "budget", "text": "Ik weet hoe ik een budget maak."},
            {"id": "sparen", "text": "Ik kan sparen voor iets wat ik graag wil."},
        ],
        **extra,
    }  # fmt: skip


def test_self_efficacy_stores_every_rating_and_is_never_scored():
    step = make(**self_efficacy())
    answer = step.parse_answer(MultiDict({"rating-budget": "2", "rating-sparen": "5"}))

    assert answer == {"ratings": {"budget": 2, "sparen": 5}}
    assert step.check(answer) == Outcome(correct=None, score=1.0)
    assert step.needs_answer and not step.is_question
    assert step.statement_ids == ["budget", "sparen"]
    assert "At the end of the lesson" in step.thanks
    assert "at the start" in make(**self_efficacy(moment="post")).thanks


@pytest.mark.parametrize(
    "form, message",
    [
        ({}, "Choose an answer for every sentence."),
        ({"rating-budget": "3"}, "Choose an answer for every sentence."),
        ({"rating-budget": "3", "rating-sparen": "6"},
         "That answer is not one of the choices. Reload the page."),
        ({"rating-budget": "0", "rating-sparen": "2"},
         "That answer is not one of the choices. Reload the page."),
        ({"rating-budget": "veel", "rating-sparen": "2"},
         "That answer is not one of the choices. Reload the page."),
    ],
)  # fmt: skip
def test_self_efficacy_needs_a_rating_from_1_to_5_for_every_sentence(form, message):
    assert answer_error(make(**self_efficacy()), **form) == message


def test_self_efficacy_rules():
    one = self_efficacy(statements=[{"id": "a", "text": "Ik kan het."}])
    four = self_efficacy(statements=[{"id": x, "text": "Ik kan het."} for x in "abcd"])
    twice = self_efficacy(statements=[{"id": "a", "text": "Ik."}, {"id": "a", "text": "Ik."}])

    assert messages(**one) == ["too_short"]
    assert messages(**four) == ["too_long"]
    assert messages(**twice) == [
        'The id "a" is used twice in statements. Give each one its own id.'
    ]
    assert messages(**self_efficacy(moment="tijdens")) == ["literal_error"]
    assert messages(**self_efficacy(prompt="Hoe zeker?")) == ["extra_forbidden"]


# --- question extras ------------------------------------------------------------------------


def test_questions_take_hint_and_knowledge_check():
    step = make(
        **single_choice(hint="Denk na.", knowledge_check={"test": "pre", "construct": "sparen"})
    )
    assert step.hint == "Denk na."
    assert (step.knowledge_check.test, step.knowledge_check.construct_id) == ("pre", "sparen")
    assert messages(**single_choice(knowledge_check={"test": "tussen", "construct": "x"})) == [
        "literal_error"
    ]
    assert messages(type="explanation", id="u", body="B", hint="H") == ["extra_forbidden"]


# --- the order each pupil sees -----------------------------------------------------------------

FOUR_OPTIONS = {
    "id": "vraag",
    "type": "single_choice",
    "prompt": "Wat klopt?",
    "options": [
        {"id": "a", "text": "A", "correct": True, "feedback": "Ja."},
        {"id": "b", "text": "B", "feedback": "Nee."},
        {"id": "c", "text": "C", "feedback": "Nee."},
        {"id": "weet-niet", "text": "Weet ik niet", "pin": "last", "feedback": "Geeft niet."},
    ],
}
SEEDS = [f"pupil-{n}" for n in range(60)]


def test_each_pupil_gets_a_stable_order_with_the_pinned_option_last():
    step = make(**FOUR_OPTIONS)
    orders = {seed: [o.id for o in step.in_pupil_order(seed)] for seed in SEEDS}
    assert all(order[-1] == "weet-niet" for order in orders.values())
    assert all(sorted(order) == ["a", "b", "c", "weet-niet"] for order in orders.values())
    assert {tuple(order) for order in orders.values()} == {  # all 6 orders of a, b, c occur
        (*p, "weet-niet")
        for p in [("a", "b", "c"), ("a", "c", "b"), ("b", "a", "c"), ("b", "c", "a"),
                  ("c", "a", "b"), ("c", "b", "a")]
    }  # fmt: skip
    assert all([o.id for o in step.in_pupil_order(s)] == orders[s] for s in SEEDS)
    assert [o.id for o in step.in_pupil_order(None)] == ["a", "b", "c", "weet-niet"]


def test_only_pin_last_is_allowed():
    data = {**FOUR_OPTIONS, "options": [{**FOUR_OPTIONS["options"][0], "pin": "first"}]}
    assert "literal_error" in messages(**data)


def test_ordering_items_never_start_in_the_right_order():
    items = [{"id": name, "text": name} for name in ("een", "twee", "drie")]
    step = make(id="volgorde", type="ordering", prompt="Zet op volgorde.", items=items,
                feedback=FEEDBACK)  # fmt: skip
    for seed in SEEDS:
        assert [i.id for i in step.in_pupil_order(seed)] != ["een", "twee", "drie"]


def test_a_multiple_choice_answer_is_described_in_the_pupils_order():
    data = {**FOUR_OPTIONS, "type": "multiple_choice"}
    step = make(**data)
    answer = {"choices": ["a", "b", "c"]}
    for seed in SEEDS[:10]:
        shown = [o.text for o in step.in_pupil_order(seed) if o.id != "weet-niet"]
        assert step.describe(answer, seed=seed) == ", ".join(shown)
