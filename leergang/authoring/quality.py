"""The item-quality rules an author sees beside the preview: the same rules the curriculum tests
hold the whole library to (tests/curriculum/test_curriculum_rules.py), applied to one module.

- answer balance: the right option of a single-choice question is not systematically the
  longest, and true/false questions are not all true (or all false);
- pre/post pairs: every construct tested before the lesson is tested after it, with the same
  step type, and the self-efficacy step before has one after;
- readability: the Flesch–Douma score against the minimum for the module's levels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from leergang.content import N_, Module
from leergang.content.choice_steps import SingleChoice, TrueFalse
from leergang.content.readability import minimum_score, module_readability


@dataclass(frozen=True)
class Check:
    ok: bool
    msgid: str
    params: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Quality:
    score: float
    minimum: int
    words: int
    checks: list[Check]

    @property
    def readable(self) -> bool:
        return round(self.score, 1) >= self.minimum


def module_quality(module: Module) -> Quality:
    readability = module_readability(module)
    return Quality(
        score=readability.score,
        minimum=minimum_score(module),
        words=readability.words,
        checks=[*_answer_balance(module), *_pairs(module)],
    )


def _right_is_longest(step: SingleChoice) -> bool:
    lengths = sorted((len(option.text) for option in step.options), reverse=True)
    longest = max(step.options, key=lambda o: len(o.text))
    return longest.correct and len(lengths) > 1 and lengths[0] > lengths[1]


def _answer_balance(module: Module) -> list[Check]:
    checks = []
    single = [s for s in module.steps if isinstance(s, SingleChoice)]
    if single:
        longest = sum(1 for s in single if _right_is_longest(s))
        checks.append(
            Check(
                longest <= len(single) / 2,
                N_(
                    "The right answer is the longest option in %(num)d of %(total)d "
                    "single-choice questions (at most half is good)."
                ),
                {"num": longest, "total": len(single)},
            )  # fmt: skip
        )
    true_false = [s for s in module.steps if isinstance(s, TrueFalse)]
    if len(true_false) >= 2:
        true = sum(1 for s in true_false if s.answer)
        checks.append(
            Check(
                0 < true < len(true_false),
                N_("%(num)d of %(total)d true/false questions are true (mix true and false)."),
                {"num": true, "total": len(true_false)},
            )
        )
    return checks


def _pairs(module: Module) -> list[Check]:
    pre = {s.knowledge_check.construct_id: s for s in module.knowledge_check_steps("pre")}  # type: ignore[union-attr]
    post = {s.knowledge_check.construct_id: s for s in module.knowledge_check_steps("post")}  # type: ignore[union-attr]
    checks = []
    for construct in sorted(set(pre) | set(post)):
        before, after = pre.get(construct), post.get(construct)
        if before is None or after is None:
            checks.append(
                Check(
                    False,
                    N_('"%(construct)s" is tested only before or only after the lesson.'),
                    {"construct": construct},
                )  # fmt: skip
            )
        elif before.type != after.type:
            checks.append(
                Check(
                    False,
                    N_(
                        '"%(construct)s" is asked as %(before)s before and as %(after)s after the '
                        "lesson. Use the same step type."
                    ),
                    {"construct": construct, "before": before.type, "after": after.type},
                )  # fmt: skip
            )
        else:
            checks.append(
                Check(
                    True,
                    N_('"%(construct)s": a pre-test and a post-test item of the same type.'),
                    {"construct": construct},
                )  # fmt: skip
            )
    if not pre and not post:
        checks.append(Check(False, N_("This module has no pre-test and post-test items.")))
    has_before = module.self_efficacy_step("pre") is not None
    has_after = module.self_efficacy_step("post") is not None
    checks.append(
        Check(
            has_before and has_after,
            N_("Self-efficacy questions before and after the lesson.")
            if has_before and has_after
            else N_("Ask the self-efficacy questions both before and after the lesson."),
        )
    )
    return checks
