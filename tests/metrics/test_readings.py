"""What an evaluator reads beside each figure, in Dutch first and in English."""

from __future__ import annotations

from dataclasses import replace

import pytest
from flask_babel import force_locale

from leergang.metrics.readings import (
    describe_comparison,
    describe_effect_size,
    describe_gain,
    describe_item,
    describe_verdict,
)
from leergang.metrics.stats import PairedGain, comparison, paired_gain, verdict
from tests.metrics.examples import FEW_CLASS_ROWS

GAIN = PairedGain(
    n=40, mean_pre=1.1, mean_post=2.3, mean_diff=1.2, sd_pre=0.8, sd_post=0.7, sd_diff=0.9,
    ci_low=0.9, ci_high=1.5, p_value=0.0001, d_z=1.33, d_pre=1.5, hedges_g=1.47,
)  # fmt: skip


@pytest.fixture
def in_locale(app):
    with app.test_request_context():

        def read(lang, describe, *args, **kwargs):
            with force_locale(lang):
                return describe(*args, **kwargs)

        yield read


def test_gain_in_dutch_and_english(in_locale):
    assert in_locale("nl", describe_gain, GAIN, questions=3) == (
        "Leerlingen scoorden na de les gemiddeld 1,2 vragen van de 3 beter "
        "(95%-betrouwbaarheidsinterval 0,9 tot 1,5)."
    )
    assert in_locale("en", describe_gain, GAIN, questions=3) == (
        "After the lesson, pupils scored on average 1.2 of the 3 questions better "
        "(95% confidence interval 0.9 to 1.5)."
    )
    assert in_locale("nl", describe_gain, GAIN) == (
        "Leerlingen scoorden na de les gemiddeld 1,2 punten hoger "
        "(95%-betrouwbaarheidsinterval 0,9 tot 1,5)."
    )


def test_the_gain_is_read_with_the_class_clustered_interval_when_there_is_one(in_locale):
    # The hand-computed example of test_stats: clustered CI -0.148 .. 2.898 over 3 classes.
    gain = paired_gain([0] * 8, [1, 1, 1, 0, 2, 3, 1, 2], classes=list("XXXYYZZZ"))
    assert in_locale("nl", describe_gain, gain, questions=3, k=5) == (
        "Leerlingen scoorden na de les gemiddeld 1,4 vragen van de 3 beter "
        "(95%-betrouwbaarheidsinterval -0,1 tot 2,9)."
    )


def test_a_decline_is_told_as_worse_with_the_interval_turned_around(in_locale):
    worse = replace(GAIN, mean_diff=-0.4, ci_low=-0.7, ci_high=0.1)
    assert in_locale("nl", describe_gain, worse, questions=4) == (
        "Leerlingen scoorden na de les gemiddeld 0,4 vragen van de 4 slechter "
        "(95%-betrouwbaarheidsinterval -0,1 tot 0,7)."
    )


def test_a_gain_of_few_pupils_is_not_read_out(in_locale):
    few = replace(GAIN, n=9)
    assert in_locale("nl", describe_gain, few, questions=3) == (
        "Minder dan 10 leerlingen: dit cijfer wordt niet getoond."
    )
    assert "1,2" not in in_locale("nl", describe_effect_size, few)
    assert in_locale("nl", describe_gain, few, questions=3, k=5).startswith("Leerlingen")


def test_a_gain_without_interval_says_why(in_locale):
    # Ten pupils each one question better: mean 1, no spread, so no t interval.
    gain = paired_gain([1] * 10, [2] * 10)
    assert in_locale("nl", describe_gain, gain, questions=3) == (
        "Leerlingen scoorden na de les gemiddeld 1,0 vragen van de 3 beter. Alle leerlingen "
        "gingen evenveel vooruit of achteruit, dus er is geen betrouwbaarheidsinterval."
    )


def test_effect_size(in_locale):
    assert in_locale("nl", describe_effect_size, GAIN) == (
        "Effectgrootte: Hedges' g = 1,47 standaardafwijkingen van de voortoets. "
        "Lesprogramma's op school verbeteren kennis meestal met ongeveer 0,25 standaardafwijking. "
        "Gemeten aan de spreiding van de verschillen: d_z = 1,33."
    )


def test_comparison_readings(in_locale):
    # The hand-computed 2-against-3-classes example: 1.5 more, CI -1.27 .. 4.27, 12 pupils.
    result = comparison(FEW_CLASS_ROWS)
    assert in_locale("nl", describe_comparison, result, k=5) == (
        "Leerlingen in lesklassen gingen gemiddeld 1,5 meer vooruit dan leerlingen in "
        "vergelijkingsklassen (12 leerlingen in 5 klassen). 95%-betrouwbaarheidsinterval, "
        "rekening houdend met klassen: -1,3 tot 4,3. Met minder dan 10 klassen in een groep is "
        "dit interval waarschijnlijk te smal: lees het met voorzichtigheid."
    )
    # Six pupils per group is below the default k of 10.
    assert in_locale("nl", describe_comparison, result) == (
        "Minder dan 10 leerlingen: dit cijfer wordt niet getoond."
    )


def test_without_comparison_classes_the_gain_is_called_an_upper_bound(in_locale):
    result = comparison([("A", True, 1.0), ("B", True, 2.0)])
    text = in_locale("nl", describe_comparison, result)
    assert text.startswith(
        "Er is geen vergelijkingsgroep. Deze vooruitgang is daarom een bovengrens"
    )
    assert "6,2 naar 6,8" in text


def test_one_class_in_a_group_reads_out_the_estimate_and_why_there_is_no_interval(in_locale):
    rows = [("A", True, 2.0)] * 5 + [("A", True, 4.0)] * 5
    rows += [("C", False, 1.0)] * 5 + [("D", False, 2.0)] * 5
    text = in_locale("en", describe_comparison, comparison(rows))
    assert text == (
        "Pupils in lesson classes gained on average 1.5 more than pupils in comparison classes "
        "(20 pupils in 3 classes). One class in a group is too few for a confidence interval "
        "that accounts for classes."
    )


@pytest.mark.parametrize(
    ("args", "dutch"),
    [
        ((0.4, 0.3, 0.5, 0.25), "Gehaald: het hele betrouwbaarheidsinterval voldoet aan het "
         "criterium."),
        ((0.3, 0.1, 0.5, 0.25), "Nog onbeslist: het betrouwbaarheidsinterval ligt aan beide "
         "kanten van de grens."),
        ((0.1, 0.0, 0.2, 0.25), "Niet gehaald: het hele betrouwbaarheidsinterval blijft onder "
         "het criterium."),
        ((900, None, None, 800), "Gehaald, beoordeeld op het cijfer zelf (er is geen interval)."),
        ((None, None, None, 800), "Nog onbeslist: er is geen cijfer om te beoordelen."),
    ],
)  # fmt: skip
def test_verdict_readings(in_locale, args, dutch):
    assert in_locale("nl", describe_verdict, verdict(*args)) == dutch


def test_item_readings_for_authors(in_locale):
    from leergang.metrics.items import item_statistics
    from tests.metrics.examples import ITEMS, item_responses

    q1, q2, q3 = item_statistics(item_responses(), items=ITEMS, k=5)
    assert in_locale("nl", describe_item, q1) == [
        "67% van de 6 leerlingen had deze vraag goed.",
        "Item-restcorrelatie 0,50: leerlingen die de andere vragen goed maken, hebben deze vraag "
        "meestal ook goed.",
        "Niemand koos optie c.",
        "Vragen uit de voortoets en de natoets over dit onderwerp verschillen 33 procentpunten in "
        "goede antwoorden; een deel daarvan is wat de les leerde.",
    ]
    assert "Het foute antwoord c werd vaker gekozen dan het goede antwoord." in in_locale(
        "nl", describe_item, q2
    )
    assert in_locale("en", describe_item, q3)[:2] == [
        "100% of 6 pupils answered this question right.",
        "Too easy: more than 90% answered right.",
    ]
