"""Step types: one pydantic class per ``type``, registered in ``STEP_TYPES``.

Each class fulfils the ``StepBase`` contract (``stepbase.py``), which is all the player, the
teacher's pages and the translation overlay rely on: a new step type is one class here (or in
``choice_steps.py``, imported first) plus one template ``learn/steps/<type>.html``, and
``tests/content/test_step_registry.py`` checks both.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from .choice_steps import Explanation, MultipleChoice, SingleChoice, TrueFalse
from .fields import Cents, Markdown, OutcomeFeedback
from .messages import N_, AnswerError, ContentError, fail, issue
from .money import parse_amount
from .stepbase import (
    LIKERT_LABELS,
    PLAIN,
    STEP_TYPES,
    Category,
    CategoryItem,
    Form,
    Item,
    Outcome,
    QuestionStep,
    Statement,
    StepBase,
    Wording,
    outcome,
    register,
    unique_ids,
)

__all__ = [
    "LIKERT_LABELS",
    "STEP_TYPES",
    "Categorise",
    "Explanation",
    "Form",
    "MultipleChoice",
    "Numeric",
    "Ordering",
    "Outcome",
    "OutcomeFeedback",
    "QuestionStep",
    "Reflection",
    "SelfEfficacy",
    "SingleChoice",
    "StepBase",
    "TrueFalse",
    "Wording",
]


@register
class Numeric(QuestionStep):
    """An amount in euros; ``answer`` and ``tolerance`` are integer cents after validation."""

    type: Literal["numeric"]
    answer: Cents
    tolerance: Cents = 0
    feedback: OutcomeFeedback

    @model_validator(mode="after")
    def _check_tolerance(self) -> Numeric:
        if self.tolerance < 0:
            msgid = N_(
                'Step "%(step)s": "tolerance" cannot be negative. Use 0 for an exact answer.'
            )
            raise fail(msgid, loc=("tolerance",), step=self.id)
        return self

    def parse_answer(self, form: Form) -> dict[str, Any]:
        if not (form.get("amount") or "").strip():
            raise AnswerError(N_("Type an amount, for example 12,50."))
        return {"cents": parse_amount(form.get("amount"))}

    def check(self, answer: dict[str, Any]) -> Outcome:
        return outcome(abs(answer["cents"] - self.answer) <= self.tolerance, self.feedback)

    def describe(
        self, answer: dict[str, Any], words: Wording = PLAIN, *, seed: str | None = None
    ) -> str:
        return words.money(answer.get("cents", 0))

    def right_answer_text(self, words: Wording = PLAIN) -> str:
        return words.money(self.answer)

    def sample_form(self, right: bool = True) -> dict[str, Any] | None:
        cents = self.answer if right else self.answer + self.tolerance + 1000
        return {"amount": f"{cents // 100},{cents % 100:02d}"}


@register
class Ordering(QuestionStep):
    """Put items in order; ``items`` is listed in the right order."""

    type: Literal["ordering"]
    items: list[Item] = Field(min_length=2)
    feedback: OutcomeFeedback

    entry_texts: ClassVar[dict[str, tuple[str, ...]]] = {"items": ("text",)}
    shuffled: ClassVar[str | None] = "items"

    @model_validator(mode="after")
    def _check_items(self) -> Ordering:
        unique_ids("items", self.items)
        return self

    def _unsolved(self, entries: list[Any]) -> list[Any]:
        """Never start with the items already in the right order: move the first one last."""
        if [entry.id for entry in entries] == [item.id for item in self.items]:
            return entries[1:] + entries[:1]
        return entries

    def parse_answer(self, form: Form) -> dict[str, Any]:
        count = len(self.items)
        positions: dict[str, int] = {}
        for item in self.items:
            raw = (form.get(f"position-{item.id}") or "").strip()
            if not raw.isdigit() or not 1 <= int(raw) <= count:
                raise AnswerError(N_("Give every item a place from 1 to %(count)d."), count=count)
            positions[item.id] = int(raw)
        if len(set(positions.values())) != count:
            raise AnswerError(N_("Each place can be used only once."))
        return {"order": sorted(positions, key=positions.__getitem__)}

    def check(self, answer: dict[str, Any]) -> Outcome:
        right = sum(
            given == item.id for given, item in zip(answer["order"], self.items, strict=True)
        )
        return outcome(right == len(self.items), self.feedback, right / len(self.items))

    def describe(
        self, answer: dict[str, Any], words: Wording = PLAIN, *, seed: str | None = None
    ) -> str:
        texts = {item.id: item.text for item in self.items}
        return " → ".join(texts.get(i, "?") for i in answer.get("order", []))

    def right_answer_text(self, words: Wording = PLAIN) -> str:
        return " → ".join(item.text for item in self.items)

    def sample_form(self, right: bool = True) -> dict[str, Any] | None:
        count = len(self.items)
        places = [n if right else count + 1 - n for n in range(1, count + 1)]
        return {f"position-{item.id}": str(n) for item, n in zip(self.items, places, strict=True)}


@register
class Categorise(QuestionStep):
    """Sort items into categories."""

    type: Literal["categorise"]
    categories: list[Category] = Field(min_length=2)
    items: list[CategoryItem] = Field(min_length=1)
    feedback: OutcomeFeedback

    entry_texts: ClassVar[dict[str, tuple[str, ...]]] = {
        "items": ("text",),
        "categories": ("label",),
    }

    @model_validator(mode="after")
    def _check_categories(self) -> Categorise:
        unique_ids("categories", self.categories)
        unique_ids("items", self.items)
        known = [category.id for category in self.categories]
        msgid = N_(
            'Step "%(step)s": item "%(item)s" has category "%(category)s", which is not in '
            "categories. Use one of: %(known)s."
        )
        issues = [
            issue(
                msgid,
                loc=("items", index, "category"),
                step=self.id,
                item=item.id,
                category=item.category,
                known=", ".join(known),
            )
            for index, item in enumerate(self.items)
            if item.category not in known
        ]
        if issues:
            raise ContentError(*issues)
        return self

    def parse_answer(self, form: Form) -> dict[str, Any]:
        known = {category.id for category in self.categories}
        given: dict[str, str] = {}
        for item in self.items:
            category = form.get(f"category-{item.id}")
            if not category:
                raise AnswerError(N_("Choose a group for every item."))
            if category not in known:
                raise AnswerError(N_("That answer is not one of the choices. Reload the page."))
            given[item.id] = category
        return {"categories": given}

    def check(self, answer: dict[str, Any]) -> Outcome:
        right = sum(answer["categories"][item.id] == item.category for item in self.items)
        return outcome(right == len(self.items), self.feedback, right / len(self.items))

    def describe(
        self, answer: dict[str, Any], words: Wording = PLAIN, *, seed: str | None = None
    ) -> str:
        given = answer.get("categories", {})
        return self._sorted(lambda item: given.get(item.id))

    def right_answer_text(self, words: Wording = PLAIN) -> str:
        return self._sorted(lambda item: item.category)

    def sample_form(self, right: bool = True) -> dict[str, Any] | None:
        ids = [c.id for c in self.categories]
        other = {c: next(o for o in ids if o != c) for c in ids}
        return {f"category-{i.id}": i.category if right else other[i.category] for i in self.items}

    def _sorted(self, category_of) -> str:
        labels = {c.id: c.label for c in self.categories}
        return "; ".join(f"{i.text}: {labels.get(category_of(i), '?')}" for i in self.items)


@register
class Reflection(StepBase):
    """An open question without a right answer. Answers stay between pupil and teacher."""

    type: Literal["reflection"]
    prompt: Markdown
    feedback: Markdown | None = None
    max_length: int = Field(default=1000, ge=1, le=10000)

    needs_answer: ClassVar[bool] = True
    texts: ClassVar[tuple[str, ...]] = ("prompt", "feedback")
    preview_note: ClassVar[str | None] = N_("Reflection (no right answer)")

    def parse_answer(self, form: Form) -> dict[str, Any]:
        text = (form.get("text") or "").strip()
        if not text:
            raise AnswerError(N_("Write an answer first."))
        if len(text) > self.max_length:
            msgid = N_("Your answer is too long: use at most %(max)d characters (now %(length)d).")
            raise AnswerError(msgid, max=self.max_length, length=len(text))
        return {"text": text}

    def check(self, answer: dict[str, Any]) -> Outcome:
        return Outcome(correct=None, score=1.0, feedback=(self.feedback,) if self.feedback else ())

    def describe(
        self, answer: dict[str, Any], words: Wording = PLAIN, *, seed: str | None = None
    ) -> str:
        return answer.get("text", "")

    def sample_form(self, right: bool = True) -> dict[str, Any] | None:
        return {"text": "Ik spaar voortaan eerst en koop daarna."} if right else None


@register
class SelfEfficacy(StepBase):
    """How sure a pupil feels ("Ik weet hoe ik een budget maak"), rated 1–5 before and after.

    Not a question: there is no right answer, it is never scored and it does not count for the
    result. The module pairs one ``pre`` and one ``post`` step with the same statement ids, so a
    teacher (and the metrics) can compare the two.
    """

    type: Literal["self_efficacy"]
    moment: Literal["pre", "post"]
    statements: list[Statement] = Field(min_length=2, max_length=3)

    needs_answer: ClassVar[bool] = True
    labels: ClassVar[tuple[str, ...]] = LIKERT_LABELS
    entry_texts: ClassVar[dict[str, tuple[str, ...]]] = {"statements": ("text",)}
    result_label: ClassVar[str] = N_("how sure you feel")

    @model_validator(mode="after")
    def _check_statements(self) -> SelfEfficacy:
        unique_ids("statements", self.statements)
        return self

    @property
    def statement_ids(self) -> list[str]:
        return [statement.id for statement in self.statements]

    @property
    def thanks(self) -> str:
        if self.moment == "pre":
            return N_(
                "There is no right or wrong here. At the end of the lesson you will answer the "
                "same sentences again."
            )
        return N_(
            "Look back: do you feel surer than at the start? Your result page shows both answers."
        )

    def parse_answer(self, form: Form) -> dict[str, Any]:
        ratings: dict[str, int] = {}
        for statement in self.statements:
            raw = (form.get(f"rating-{statement.id}") or "").strip()
            if not raw:
                raise AnswerError(N_("Choose an answer for every sentence."))
            if raw not in {"1", "2", "3", "4", "5"}:
                raise AnswerError(N_("That answer is not one of the choices. Reload the page."))
            ratings[statement.id] = int(raw)
        return {"ratings": ratings}

    def check(self, answer: dict[str, Any]) -> Outcome:
        return Outcome(correct=None, score=1.0)

    def sample_form(self, right: bool = True) -> dict[str, Any] | None:
        if not right:
            return None
        return {f"rating-{s.id}": str(n % 5 + 1) for n, s in enumerate(self.statements, start=3)}
