"""Item statistics for the partners who write the questions: which questions work.

Input is one module version's questions (``Item``: its options, which are right, its construct
and pre/post role, from the lesson file) and the anonymous responses to them (``Response``: one
per pupil pseudonym and question, with the option ids the pupil chose). Nothing is returned for a
question with fewer than k responders.

- Difficulty: the share of responders who answered right.
- Discrimination: the item–rest correlation, Pearson's r of right/wrong (0/1) with the
  responder's rest score (point-biserial): the share right on the other questions of the same
  form (pre-test, post-test, or the lesson's own questions), over those of them the pupil
  answered. With complete answers this is the usual rest-score correlation (a share is the
  count divided by a constant). Pupils who answered no other question of the form are left out.
- Flags: too easy (> 90 % right), too hard (< 20 %), an option nobody picks, a distractor picked
  more often than the most-picked right option, and a pre- or post-test question whose share right
  differs by more than 20 points from that of the other test's questions on the same construct
  (part of that gap is the lesson's own effect: compare it with the module's overall gain).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from leergang.metrics.suppression import DEFAULT_K, check_k

TOO_EASY = 0.90
TOO_HARD = 0.20
PRE_POST_GAP = 0.20

FLAG_TOO_EASY = "too_easy"
FLAG_TOO_HARD = "too_hard"
FLAG_UNPICKED_OPTION = "unpicked_option"
FLAG_DISTRACTOR_BEATS_ANSWER = "distractor_beats_answer"
FLAG_PRE_POST_GAP = "pre_post_gap"


@dataclass(frozen=True)
class Item:
    """A question as the lesson file defines it."""

    id: str
    options: tuple[str, ...]  # every option id, in the file's order
    answer: frozenset[str]  # the right option id(s)
    construct: str | None = None  # knowledge_check construct
    test: str | None = None  # "pre", "post" or None for a lesson question


@dataclass(frozen=True)
class Response:
    """One pupil's first answer to one question (from the anonymous record)."""

    respondent: str  # the pupil's pseudonym
    item_id: str
    chosen: tuple[str, ...]  # option id(s) picked
    correct: bool


@dataclass(frozen=True)
class ItemStatistics:
    item_id: str
    construct: str | None
    test: str | None
    n: int  # responders
    share_correct: float  # difficulty: 0..1
    discrimination: float | None  # item–rest correlation; None when it cannot be computed
    option_counts: tuple[tuple[str, int], ...]  # (option id, times picked), file order
    unpicked_options: tuple[str, ...]
    popular_distractors: tuple[str, ...]  # wrong options picked more than the right answer
    pre_post_gap: float | None  # share right of the other test's items − this one's
    flags: frozenset[str]


def item_statistics(
    responses: Iterable[Response], *, items: Iterable[Item], k: int = DEFAULT_K
) -> list[ItemStatistics]:
    """Statistics of every question with at least ``k`` responders, in the order of ``items``."""
    check_k(k)
    by_id = {item.id: item for item in items}
    for item in by_id.values():
        if not item.answer or not item.answer <= set(item.options):
            raise ValueError(f"question {item.id!r}: its right option(s) must be among its options")
    answers: dict[str, dict[str, Response]] = defaultdict(dict)
    options = {item.id: frozenset(item.options) for item in by_id.values()}
    for response in responses:
        known = options.get(response.item_id)
        if known is None:
            raise ValueError(f"a response names question {response.item_id!r}, not among items")
        if not known.issuperset(response.chosen):
            unknown = sorted(set(response.chosen) - known)[0]
            raise ValueError(f"question {response.item_id!r} has no option {unknown!r}")
        by_pupil = answers[response.item_id]
        if response.respondent in by_pupil:
            raise ValueError(f"two responses of one pupil to question {response.item_id!r}")
        by_pupil[response.respondent] = response
    reportable = [item for item in by_id.values() if len(answers[item.id]) >= k]
    share = {item.id: _share(answers[item.id].values()) for item in reportable}
    discrimination = _item_rest(by_id, answers, {item.id for item in reportable})
    results = []
    for item in reportable:
        counts = {option: 0 for option in item.options}
        for response in answers[item.id].values():
            for option in set(response.chosen):
                counts[option] += 1
        best_right = max((counts[o] for o in item.answer), default=0)
        popular = tuple(o for o in item.options if o not in item.answer and counts[o] > best_right)
        unpicked = tuple(o for o in item.options if counts[o] == 0)
        gap = _pre_post_gap(item, reportable, share)
        flags = {
            FLAG_TOO_EASY: share[item.id] > TOO_EASY,
            FLAG_TOO_HARD: share[item.id] < TOO_HARD,
            FLAG_UNPICKED_OPTION: bool(unpicked),
            FLAG_DISTRACTOR_BEATS_ANSWER: bool(popular),
            FLAG_PRE_POST_GAP: gap is not None and abs(gap) > PRE_POST_GAP,
        }
        results.append(
            ItemStatistics(
                item_id=item.id,
                construct=item.construct,
                test=item.test,
                n=len(answers[item.id]),
                share_correct=share[item.id],
                discrimination=discrimination[item.id],
                option_counts=tuple(counts.items()),
                unpicked_options=unpicked,
                popular_distractors=popular,
                pre_post_gap=gap,
                flags=frozenset(flag for flag, raised in flags.items() if raised),
            )
        )
    return results


def _share(responses: Iterable[Response]) -> float:
    marks = [r.correct for r in responses]
    return sum(marks) / len(marks)


def _pre_post_gap(item: Item, reportable: list[Item], share: dict[str, float]) -> float | None:
    """Mean share right of the other test's items on the same construct, minus this item's."""
    other = {"pre": "post", "post": "pre"}.get(item.test or "")
    if other is None or item.construct is None:
        return None
    shares = [share[i.id] for i in reportable if i.construct == item.construct and i.test == other]
    if not shares:
        return None
    return math.fsum(shares) / len(shares) - share[item.id]


def _item_rest(
    by_id: dict[str, Item], answers: dict[str, dict[str, Response]], wanted: set[str]
) -> dict[str, float | None]:
    """Item–rest correlation of each wanted item within its form (NumPy: 40,000 pupils)."""
    import numpy as np

    forms: dict[str | None, list[Item]] = defaultdict(list)
    for item in by_id.values():
        forms[item.test].append(item)
    result: dict[str, float | None] = {}
    for form in forms.values():
        if not any(item.id in wanted for item in form):
            continue
        pupils = {
            p: i for i, p in enumerate(dict.fromkeys(p for it in form for p in answers[it.id]))
        }
        answered = np.zeros((len(pupils), len(form)), dtype=bool)
        right = np.zeros_like(answered)
        for j, item in enumerate(form):
            for pupil, response in answers[item.id].items():
                answered[pupils[pupil], j] = True
                right[pupils[pupil], j] = response.correct
        n_answered, n_right = answered.sum(axis=1), right.sum(axis=1)
        for j, item in enumerate(form):
            if item.id in wanted:
                rows = answered[:, j] & (n_answered > 1)
                x = right[rows, j].astype(float)
                rest = (n_right[rows] - x) / (n_answered[rows] - 1)
                result[item.id] = pearson(x, rest)
    return result


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r, or None with fewer than 3 pairs or no variation in either variable."""
    import numpy as np

    x, y = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    if len(x) < 3:
        return None
    x, y = x - x.mean(), y - y.mean()
    sxx, syy = float(x @ x), float(y @ y)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return max(-1.0, min(1.0, float(x @ y) / math.sqrt(sxx * syy)))
