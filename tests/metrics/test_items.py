"""Item statistics for authors, by hand and against scipy.stats.pearsonr."""

from __future__ import annotations

import random

import pytest

from leergang.metrics.items import (
    FLAG_DISTRACTOR_BEATS_ANSWER,
    FLAG_PRE_POST_GAP,
    FLAG_TOO_EASY,
    FLAG_TOO_HARD,
    FLAG_UNPICKED_OPTION,
    Item,
    Response,
    item_statistics,
    pearson,
)
from tests.metrics.examples import ITEMS, item_responses


def test_item_statistics_by_hand():
    result = {s.item_id: s for s in item_statistics(item_responses(), items=ITEMS, k=5)}
    assert list(result) == ["q1", "q2", "q3"]  # q4 has 4 responders < k

    q1, q2, q3 = result["q1"], result["q2"], result["q3"]
    assert (q1.n, q1.share_correct) == (6, pytest.approx(4 / 6))
    assert q1.option_counts == (("a", 4), ("b", 2), ("c", 0))
    assert q1.unpicked_options == ("c",)
    # Pre form = q1, q2, so q1's rest score is q2 and vice versa.
    # x = 1 1 1 0 0 1 (mean 2/3), y = 1 1 0 0 0 0 (mean 1/3):
    # Sxy = 2(1/3)(2/3) + 2(1/3)(-1/3) + 2(-2/3)(-1/3) = 2/3; Sxx = Syy = 4/3 -> r = 0.5
    assert q1.discrimination == pytest.approx(0.5)
    assert q2.discrimination == pytest.approx(0.5)
    # Post share 6/6 - pre share 4/6 on "budget" = +33 points > 20.
    assert q1.pre_post_gap == pytest.approx(1 / 3)
    assert q1.flags == {FLAG_UNPICKED_OPTION, FLAG_PRE_POST_GAP}

    assert q2.share_correct == pytest.approx(2 / 6)
    assert q2.popular_distractors == ("c",)
    assert q2.unpicked_options == ("a", "d")
    assert q2.pre_post_gap is None  # no post item on "saving"
    assert q2.flags == {FLAG_UNPICKED_OPTION, FLAG_DISTRACTOR_BEATS_ANSWER}

    assert q3.share_correct == 1.0
    assert q3.discrimination is None  # the only post item: no rest score
    assert q3.pre_post_gap == pytest.approx(-1 / 3)
    assert q3.flags == {FLAG_TOO_EASY, FLAG_UNPICKED_OPTION, FLAG_PRE_POST_GAP}


def test_too_hard_and_the_twenty_and_ninety_percent_edges():
    items = [Item(f"h{j}", ("a", "b"), frozenset({"a"})) for j in range(3)]
    # h0: 1 of 10 right (10 %) too hard; h1: 2 of 10 (20 %) not too hard; h2: 9 of 10 not too easy
    right = {"h0": 1, "h1": 2, "h2": 9}
    responses = [
        Response(f"p{i}", item.id, ("a" if i < right[item.id] else "b",), i < right[item.id])
        for item in items
        for i in range(10)
    ]
    result = {s.item_id: s for s in item_statistics(responses, items=items, k=10)}
    assert FLAG_TOO_HARD in result["h0"].flags
    assert FLAG_TOO_HARD not in result["h1"].flags
    assert FLAG_TOO_EASY not in result["h2"].flags


def test_discrimination_matches_scipy_pearsonr_on_complete_answers():
    from scipy import stats

    rng = random.Random(11)
    items = [Item(f"i{j}", ("r", "w"), frozenset({"r"}), test="post") for j in range(6)]
    difficulty = [-1.0, -0.5, 0.0, 0.3, 0.8, 1.2]
    marks = {}
    for p in range(60):
        ability = rng.gauss(0, 1)
        for j, item in enumerate(items):
            marks[p, item.id] = rng.random() < 1 / (1 + 2.718 ** (difficulty[j] - ability))
    responses = [
        Response(f"p{p}", item.id, ("r" if marks[p, item.id] else "w",), marks[p, item.id])
        for p in range(60)
        for item in items
    ]
    for s in item_statistics(responses, items=items, k=10):
        x = [int(marks[p, s.item_id]) for p in range(60)]
        rest = [sum(marks[p, i.id] for i in items if i.id != s.item_id) for p in range(60)]
        assert s.discrimination == pytest.approx(stats.pearsonr(x, rest).statistic, rel=1e-9)
        assert s.discrimination == pytest.approx(stats.pointbiserialr(x, rest).statistic)


def test_several_right_options_count_each_pick():
    item = Item("m", ("a", "b", "c"), frozenset({"a", "b"}))
    picks = [("a", "b")] * 2 + [("a", "c")] * 3 + [("c",)] * 5
    responses = [
        Response(f"p{i}", "m", chosen, set(chosen) == {"a", "b"}) for i, chosen in enumerate(picks)
    ]
    (stat,) = item_statistics(responses, items=[item], k=10)
    assert stat.option_counts == (("a", 5), ("b", 2), ("c", 8))
    assert stat.popular_distractors == ("c",)  # 8 picks > 5 for the most-picked right option
    assert stat.share_correct == pytest.approx(0.2)


@pytest.mark.parametrize(
    "bad",
    [
        [Response("p1", "nope", ("a",), True)],
        [Response("p1", "q4", ("z",), False)],
        [Response("p1", "q4", ("x",), True), Response("p1", "q4", ("y",), False)],
    ],
)
def test_inconsistent_input_is_refused(bad):
    with pytest.raises(ValueError):
        item_statistics(bad, items=ITEMS, k=5)


def test_an_answer_outside_the_options_is_refused():
    with pytest.raises(ValueError, match="right option"):
        item_statistics([], items=[Item("z", ("a", "b"), frozenset({"c"}))], k=5)


def test_k_below_five_is_refused():
    with pytest.raises(ValueError):
        item_statistics(item_responses(), items=ITEMS, k=4)


def test_pearson_edges():
    assert pearson([1, 0], [1, 0]) is None  # fewer than 3 pairs
    assert pearson([1, 1, 1], [0, 1, 2]) is None  # no variation
    assert pearson([0, 1, 2], [0, 2, 4]) == pytest.approx(1.0)
