"""Hand-computed examples shared by the metrics tests (import them from here)."""

from leergang.metrics.items import Item, Response

# Two treated classes against three comparison classes.
#   A (treated) 1 2 3, B (treated) 3 4 5      -> mean 3; residual sums per class -3, +3
#   C 0 1, D 1 2, E 2 3 (comparison)          -> mean 1.5; residual sums -2, 0, +2
# Coefficient of `treated` = 3 - 1.5 = 1.5. For a class-level 0/1 regressor the sandwich is
#   V0 = sum_treated(resid sums^2) / N_t^2 + sum_comparison(resid sums^2) / N_c^2
#      = 18 / 36 + 8 / 36 = 0.722222
# CR1 factor G / (G - 1) * (N - 1) / (N - 2) = 5/4 * 11/10 = 1.375 -> V = 0.993056, se 0.996522
# t(0.975, G - 1 = 4) = 2.776445 -> half width 2.766788 -> CI -1.266788 .. 4.266788
# t = 1.5 / 0.996522 = 1.505235 -> two-sided p (4 df) = 0.206717
FEW_CLASS_ROWS = [
    ("A", True, 1), ("A", True, 2), ("A", True, 3),
    ("B", True, 3), ("B", True, 4), ("B", True, 5),
    ("C", False, 0), ("C", False, 1),
    ("D", False, 1), ("D", False, 2),
    ("E", False, 2), ("E", False, 3),
]  # fmt: skip


ITEMS = [
    Item("q1", ("a", "b", "c"), frozenset({"a"}), construct="budget", test="pre"),
    Item("q2", ("a", "b", "c", "d"), frozenset({"b"}), construct="saving", test="pre"),
    Item("q3", ("a", "b"), frozenset({"a"}), construct="budget", test="post"),
    Item("q4", ("x", "y"), frozenset({"x"})),
]
# pupil:   p1 p2 p3 p4 p5 p6
# q1 pick:  a  a  a  b  b  a   right 1 1 1 0 0 1 -> 4/6
# q2 pick:  b  b  c  c  c  c   right 1 1 0 0 0 0 -> 2/6; c (4) beats the answer b (2)
# q3 pick:  a  a  a  a  a  a   right 6/6 -> too easy; b never picked
# q4: only 4 pupils -> below k = 5, not reported
PICKS = {
    "q1": "aaabba",
    "q2": "bbcccc",
    "q3": "aaaaaa",
    "q4": "xyxx",
}


def item_responses():
    return [
        Response(f"p{i + 1}", item.id, (pick,), pick in item.answer)
        for item in ITEMS
        for i, pick in enumerate(PICKS[item.id])
    ]
