"""Plain-language readings of the evaluator's figures, in the reader's language (Dutch first).

Each reading is one or two sentences beside a figure. Numbers go through Babel's
``format_decimal`` in the current locale (``1,2`` in Dutch, ``1.2`` in English). A figure
resting on fewer than k pupils gets no reading of its value, only that it is hidden. Call these
inside a request or ``force_locale`` block; they import no SciPy.
"""

from __future__ import annotations

from flask_babel import format_decimal, format_percent, gettext
from flask_babel import lazy_gettext as _l

from leergang.metrics.items import (
    FLAG_PRE_POST_GAP,
    FLAG_TOO_EASY,
    FLAG_TOO_HARD,
    TOO_EASY,
    TOO_HARD,
    ItemStatistics,
)
from leergang.metrics.stats import (
    FEW_CLASSES,
    REASON_NO_COMPARISON_GROUP,
    REASON_NO_TREATED_GROUP,
    REASON_NO_VARIATION,
    REASON_ONE_CLASS_IN_GROUP,
    REASON_TOO_FEW_PUPILS,
    Comparison,
    MeanDifference,
    PairedGain,
    Verdict,
)
from leergang.metrics.suppression import DEFAULT_K, check_k

REASONS = {
    REASON_TOO_FEW_PUPILS: _l("Too few pupils for a confidence interval."),
    REASON_NO_VARIATION: _l(
        "Every pupil changed by the same amount, so there is no confidence interval."
    ),
    REASON_NO_TREATED_GROUP: _l("There are no lesson classes to compare."),
    REASON_NO_COMPARISON_GROUP: _l("There are no comparison classes."),
    REASON_ONE_CLASS_IN_GROUP: _l(
        "One class in a group is too few for a confidence interval that accounts for classes."
    ),
}

UPPER_BOUND = _l(
    "There is no comparison group, so this gain is an upper bound: pupils also score higher "
    "because they take the test a second time (in Nibud's Cash Quiz study the control group "
    "rose from 6.2 to 6.8, the lesson group from 6.0 to 7.1)."
)


def number(value: float, digits: int = 1) -> str:
    """``value`` rounded to ``digits`` decimals in the current locale: 1,2 in Dutch."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern)


def hidden(k: int = DEFAULT_K) -> str:
    """The reading of a figure resting on fewer than k pupils."""
    return gettext("Fewer than %(k)d pupils: this figure is not shown.", k=check_k(k))


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated where it is used."""
    return message


# (on the scale of questions?, worse?, with interval?) -> sentence
GAIN_TEXTS = {
    (True, False, True): N_(
        "After the lesson, pupils scored on average %(diff)s of the %(questions)d questions "
        "better (95%% confidence interval %(low)s to %(high)s)."
    ),
    (True, True, True): N_(
        "After the lesson, pupils scored on average %(diff)s of the %(questions)d questions "
        "worse (95%% confidence interval %(low)s to %(high)s)."
    ),
    (True, False, False): N_(
        "After the lesson, pupils scored on average %(diff)s of the %(questions)d questions better."
    ),
    (True, True, False): N_(
        "After the lesson, pupils scored on average %(diff)s of the %(questions)d questions worse."
    ),
    (False, False, True): N_(
        "After the lesson, pupils scored on average %(diff)s points higher "
        "(95%% confidence interval %(low)s to %(high)s)."
    ),
    (False, True, True): N_(
        "After the lesson, pupils scored on average %(diff)s points lower "
        "(95%% confidence interval %(low)s to %(high)s)."
    ),
    (False, False, False): N_("After the lesson, pupils scored on average %(diff)s points higher."),
    (False, True, False): N_("After the lesson, pupils scored on average %(diff)s points lower."),
}


def describe_gain(gain: PairedGain, *, questions: int | None = None, k: int = DEFAULT_K) -> str:
    """The paired gain in words, on the scale of questions right when ``questions`` is given.

    "Leerlingen scoorden na de les gemiddeld 1,2 vragen van de 3 beter
    (95%-betrouwbaarheidsinterval 0,9 tot 1,5)." A decline is told as "slechter" with the
    interval turned around, so the sentence never says "-0,4 beter". The interval is the
    class-clustered one when ``paired_gain`` was given the classes.
    """
    if gain.n < check_k(k) or gain.mean_diff is None:
        return hidden(k)
    worse = gain.mean_diff < 0
    values: dict[str, object] = {"diff": number(abs(gain.mean_diff))}
    if questions:
        values["questions"] = questions
    # The class-clustered interval, when there is one, is the honest one: pupils of a class
    # share a teacher and a lesson, so they are not independent.
    ci_low, ci_high = gain.ci_low, gain.ci_high
    if gain.clustered_ci_low is not None and gain.clustered_ci_high is not None:
        ci_low, ci_high = gain.clustered_ci_low, gain.clustered_ci_high
    with_interval = ci_low is not None and ci_high is not None
    if with_interval:
        low, high = (-ci_high, -ci_low) if worse else (ci_low, ci_high)
        values |= {"low": number(low), "high": number(high)}
    text = gettext(GAIN_TEXTS[bool(questions), worse, with_interval], **values)
    if not with_interval and gain.reason in REASONS:
        text += " " + str(REASONS[gain.reason])
    return text


# (less sure?, with interval?) -> sentence on the paired self-efficacy difference
EFFICACY_TEXTS = {
    (False, True): N_(
        "Pupils who rated before and after felt on average %(diff)s points surer after the "
        "lesson (95%% confidence interval %(low)s to %(high)s; %(n)d pupils)."
    ),
    (True, True): N_(
        "Pupils who rated before and after felt on average %(diff)s points less sure after the "
        "lesson (95%% confidence interval %(low)s to %(high)s; %(n)d pupils)."
    ),
    (False, False): N_(
        "Pupils who rated before and after felt on average %(diff)s points surer after the "
        "lesson (%(n)d pupils)."
    ),
    (True, False): N_(
        "Pupils who rated before and after felt on average %(diff)s points less sure after the "
        "lesson (%(n)d pupils)."
    ),
}


def describe_efficacy_change(change: MeanDifference, *, k: int = DEFAULT_K) -> str:
    """The paired self-efficacy difference on the 1–5 scale, turned around when it fell."""
    if change.n < check_k(k) or change.mean is None:
        return hidden(k)
    less = change.mean < 0
    values: dict[str, object] = {"diff": number(abs(change.mean), 2), "n": change.n}
    with_interval = change.ci_low is not None and change.ci_high is not None
    if with_interval:
        low, high = (-change.ci_high, -change.ci_low) if less else (change.ci_low, change.ci_high)
        values |= {"low": number(low, 2), "high": number(high, 2)}
    text = gettext(EFFICACY_TEXTS[less, with_interval], **values)
    if not with_interval and change.reason in REASONS:
        text += " " + str(REASONS[change.reason])
    return text


def describe_effect_size(gain: PairedGain, *, k: int = DEFAULT_K) -> str:
    """Hedges' g (and d_z) beside the literature's typical +0.25 SD for school programmes."""
    if gain.n < check_k(k):
        return hidden(k)
    if gain.hedges_g is None:
        return gettext("There is no effect size: the pre-test scores do not vary.")
    text = gettext(
        "Effect size: Hedges' g = %(g)s pre-test standard deviations. School programmes "
        "typically improve knowledge by about 0.25 standard deviations.",
        g=number(gain.hedges_g, 2),
    )
    if gain.d_z is not None:
        text += " " + gettext(
            "Measured against the spread of the differences: d_z = %(dz)s.", dz=number(gain.d_z, 2)
        )
    return text


def describe_comparison(result: Comparison, *, k: int = DEFAULT_K) -> str:
    """The difference in gains between lesson and comparison classes, or why there is none."""
    check_k(k)
    if result.reason == REASON_NO_COMPARISON_GROUP:
        return str(UPPER_BOUND)
    if result.estimate is None:
        return str(REASONS.get(result.reason, hidden(k)))
    if min(result.pupils_treated, result.pupils_comparison) < k:
        return hidden(k)
    values = {
        "diff": number(abs(result.estimate)),
        "pupils": result.pupils_treated + result.pupils_comparison,
        "classes": result.classes_treated + result.classes_comparison,
    }
    less = result.estimate < 0
    if less:
        text = gettext(
            "Pupils in lesson classes gained on average %(diff)s less than pupils in comparison "
            "classes (%(pupils)d pupils in %(classes)d classes).",
            **values,
        )
    else:
        text = gettext(
            "Pupils in lesson classes gained on average %(diff)s more than pupils in comparison "
            "classes (%(pupils)d pupils in %(classes)d classes).",
            **values,
        )
    if result.ci_low is None or result.ci_high is None:
        return f"{text} {REASONS.get(result.reason, '')}".strip()
    low, high = (-result.ci_high, -result.ci_low) if less else (result.ci_low, result.ci_high)
    text += " " + gettext(
        "95%% confidence interval, accounting for classes: %(low)s to %(high)s.",
        low=number(low),
        high=number(high),
    )
    if result.few_classes:
        text += " " + gettext(
            "With fewer than %(n)d classes in a group this interval is probably too narrow: "
            "read it with care.",
            n=FEW_CLASSES,
        )
    return text


def describe_verdict(result: Verdict) -> str:
    """A Go/No-Go criterion's outcome and what it rests on."""
    texts = {
        ("met", "interval"): _l("Met: the whole confidence interval meets the criterion."),
        ("not_met", "interval"): _l("Not met: the whole confidence interval falls short."),
        ("undecided", "interval"): _l(
            "Undecided: the confidence interval lies on both sides of the threshold."
        ),
        ("met", "estimate"): _l("Met, judged on the figure itself (it has no interval)."),
        ("not_met", "estimate"): _l("Not met, judged on the figure itself (it has no interval)."),
        ("undecided", "no_data"): _l("Undecided: there is no figure to judge."),
    }
    return str(texts[result.outcome, result.basis])


# Ebel & Frisbie's rule of thumb for item–rest correlations: below 0.20 a question hardly
# separates pupils who know the material from those who do not.
WEAK_DISCRIMINATION = 0.20


def describe_item(stat: ItemStatistics) -> list[str]:
    """Sentences for an author about one question: difficulty, discrimination, then each flag."""
    texts = [
        gettext(
            "%(share)s of %(n)d pupils answered this question right.",
            share=format_percent(stat.share_correct),
            n=stat.n,
        )
    ]
    if stat.discrimination is not None:
        r = number(stat.discrimination, 2)
        texts.append(
            gettext(
                "Item–rest correlation %(r)s: the question hardly tells pupils who know the "
                "material from those who do not.",
                r=r,
            )
            if stat.discrimination < WEAK_DISCRIMINATION
            else gettext(
                "Item–rest correlation %(r)s: pupils who do well on the other questions also "
                "tend to get this one right.",
                r=r,
            )
        )
    if FLAG_TOO_EASY in stat.flags:
        texts.append(
            gettext("Too easy: more than %(limit)s answered right.", limit=format_percent(TOO_EASY))
        )
    if FLAG_TOO_HARD in stat.flags:
        texts.append(
            gettext(
                "Too hard: fewer than %(limit)s answered right.", limit=format_percent(TOO_HARD)
            )
        )
    if stat.unpicked_options:
        texts.append(
            gettext("Nobody picked option %(options)s.", options=", ".join(stat.unpicked_options))
        )
    if stat.popular_distractors:
        texts.append(
            gettext(
                "Wrong option %(options)s was picked more often than the right answer.",
                options=", ".join(stat.popular_distractors),
            )
        )
    if FLAG_PRE_POST_GAP in stat.flags and stat.pre_post_gap is not None:
        texts.append(
            gettext(
                "Pre-test and post-test questions on this topic differ by %(points)d percentage "
                "points in answers right; part of that is what the lesson taught.",
                points=round(abs(stat.pre_post_gap) * 100),
            )
        )
    return texts
