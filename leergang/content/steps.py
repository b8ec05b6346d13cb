"""Step types: one pydantic class per ``type``, registered in ``STEP_TYPES``.

Each class validates its own YAML, turns a posted form into a JSON-serialisable answer
(``parse_answer``) and scores that answer (``check``). The player and the templates rely only on the
``StepBase`` contract, so a new step type is one class here plus one template.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal, Protocol, TypeVar, get_args

from pydantic import Field, model_validator

from .fields import Cents, ContentModel, KnowledgeCheck, Markdown, OutcomeFeedback, Slug, Text
from .messages import N_, AnswerError, ContentError, Issue, fail
from .money import parse_amount


class Form(Protocol):
    """What ``parse_answer`` needs from a form: werkzeug's ``MultiDict`` fits."""

    def get(self, key: str, default: Any = None) -> Any: ...
    def getlist(self, key: str) -> list[Any]: ...


@dataclass(frozen=True)
class Outcome:
    """The result of checking an answer. ``correct`` is None for steps without a right answer."""

    correct: bool | None
    score: float
    feedback: tuple[str, ...] = ()  # Markdown sources, in the order to show them


class StepBase(ContentModel):
    """Common shape of every step; subclasses set ``type`` to a one-value ``Literal``."""

    id: Slug
    type: str

    is_question: ClassVar[bool] = False
    # Whether the player waits for the pupil's answer before going on (questions, reflections,
    # self-efficacy ratings); explanations are simply read.
    needs_answer: ClassVar[bool] = False
    template: ClassVar[str]

    @property
    def thanks(self) -> str | None:
        """A translatable thank-you shown after an answer that has no right or wrong, if any."""
        return None

    def parse_answer(self, form: Form) -> dict[str, Any]:
        return {}

    def check(self, answer: dict[str, Any]) -> Outcome:
        return Outcome(correct=None, score=1.0)


class QuestionStep(StepBase):
    """A step with a right answer; may carry a hint and be a pre/post knowledge-check item."""

    prompt: Markdown
    hint: Markdown | None = None
    knowledge_check: KnowledgeCheck | None = None

    is_question: ClassVar[bool] = True
    needs_answer: ClassVar[bool] = True


STEP_TYPES: dict[str, type[StepBase]] = {}
S = TypeVar("S", bound=type[StepBase])


def register(cls: S) -> S:
    """Add a step class to ``STEP_TYPES`` under its ``type`` and give it its template."""
    (name,) = get_args(cls.model_fields["type"].annotation)
    cls.template = f"learn/steps/{name}.html"
    STEP_TYPES[name] = cls
    return cls


def _unique_ids(field: str, entries: list[Any]) -> None:
    """Option, item and category ids must be unique within a step."""
    seen: set[str] = set()
    issues = []
    for index, entry in enumerate(entries):
        if entry.id in seen:
            issues.append(Issue(
                N_('The id "%(id)s" is used twice in %(field)s. Give each one its own id.'),
                {"id": entry.id, "field": field}, loc=(field, index, "id"),
            ))  # fmt: skip
        seen.add(entry.id)
    if issues:
        raise ContentError(*issues)


def _outcome(correct: bool, feedback: OutcomeFeedback, score: float | None = None) -> Outcome:
    return Outcome(
        correct=correct,
        score=float(correct) if score is None else score,
        feedback=(feedback.correct if correct else feedback.incorrect,),
    )


@register
class Explanation(StepBase):
    """Text (and images) to read; no answer."""

    type: Literal["explanation"]
    title: Text | None = None
    body: Markdown


class Option(ContentModel):
    id: Slug
    text: Text
    correct: bool = False
    feedback: Markdown | None = None


@register
class SingleChoice(QuestionStep):
    """Pick one option; every option explains itself."""

    type: Literal["single_choice"]
    options: list[Option] = Field(min_length=2)

    @model_validator(mode="after")
    def _check_options(self) -> SingleChoice:
        _unique_ids("options", self.options)
        found = sum(option.correct for option in self.options)
        issues = []
        if found != 1:
            issues.append(Issue(
                N_('Step "%(step)s": exactly one option must have "correct: true" (found '
                   "%(found)d). Mark the right answer with correct: true."),
                {"step": self.id, "found": found}, loc=("options",),
            ))  # fmt: skip
        for index, option in enumerate(self.options):
            if option.feedback is None:
                issues.append(Issue(
                    N_('Step "%(step)s": option "%(option)s" has no feedback. Add "feedback:" '
                       "that explains why this answer is right or wrong."),
                    {"step": self.id, "option": option.id}, loc=("options", index),
                ))  # fmt: skip
        if issues:
            raise ContentError(*issues)
        return self

    def parse_answer(self, form: Form) -> dict[str, Any]:
        choice = form.get("choice")
        if not choice:
            raise AnswerError(N_("Choose an answer."))
        if choice not in {option.id for option in self.options}:
            raise AnswerError(N_("That answer is not one of the choices. Reload the page."))
        return {"choice": choice}

    def check(self, answer: dict[str, Any]) -> Outcome:
        chosen = next(option for option in self.options if option.id == answer["choice"])
        return Outcome(
            correct=chosen.correct, score=float(chosen.correct), feedback=(chosen.feedback or "",)
        )


@register
class MultipleChoice(QuestionStep):
    """Pick all right options; feedback per option, per outcome, or both."""

    type: Literal["multiple_choice"]
    options: list[Option] = Field(min_length=2)
    feedback: OutcomeFeedback | None = None

    @model_validator(mode="after")
    def _check_options(self) -> MultipleChoice:
        _unique_ids("options", self.options)
        if not any(option.correct for option in self.options):
            raise fail(
                N_('Step "%(step)s": at least one option must have "correct: true". Mark the '
                   "right answers with correct: true."),
                loc=("options",), step=self.id,
            )  # fmt: skip
        if self.feedback is None and not all(option.feedback for option in self.options):
            raise fail(
                N_(
                    'Step "%(step)s" needs feedback: give every option a "feedback:", or give the '
                    'step "feedback:" with "correct:" and "incorrect:".'
                ),
                step=self.id,
            )
        return self

    def parse_answer(self, form: Form) -> dict[str, Any]:
        chosen = form.getlist("choice")
        if not chosen:
            raise AnswerError(N_("Choose one or more answers."))
        known = [option.id for option in self.options]
        if not set(chosen) <= set(known):
            raise AnswerError(N_("That answer is not one of the choices. Reload the page."))
        return {"choices": [option_id for option_id in known if option_id in chosen]}

    def check(self, answer: dict[str, Any]) -> Outcome:
        chosen = set(answer["choices"])
        wrong = [option for option in self.options if (option.id in chosen) != option.correct]
        correct = not wrong
        feedback: list[str] = []
        if self.feedback is not None:
            feedback.append(self.feedback.correct if correct else self.feedback.incorrect)
        # Explain what went wrong; when all is right and there is no step feedback, explain the
        # chosen options instead so the pupil still reads why.
        explained = wrong if wrong or self.feedback else [
            option for option in self.options if option.id in chosen
        ]  # fmt: skip
        feedback.extend(option.feedback for option in explained if option.feedback)
        score = 1 - len(wrong) / len(self.options)
        return Outcome(correct=correct, score=score, feedback=tuple(feedback))


@register
class TrueFalse(QuestionStep):
    """A statement that is true or false."""

    type: Literal["true_false"]
    answer: bool
    feedback: OutcomeFeedback

    def parse_answer(self, form: Form) -> dict[str, Any]:
        choice = form.get("choice")
        if not choice:
            raise AnswerError(N_("Choose an answer."))
        if choice not in ("true", "false"):
            raise AnswerError(N_("That answer is not one of the choices. Reload the page."))
        return {"choice": choice == "true"}

    def check(self, answer: dict[str, Any]) -> Outcome:
        return _outcome(answer["choice"] == self.answer, self.feedback)


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
            raise fail(
                N_('Step "%(step)s": "tolerance" cannot be negative. Use 0 for an exact answer.'),
                loc=("tolerance",), step=self.id,
            )  # fmt: skip
        return self

    def parse_answer(self, form: Form) -> dict[str, Any]:
        if not (form.get("amount") or "").strip():
            raise AnswerError(N_("Type an amount, for example 12,50."))
        return {"cents": parse_amount(form.get("amount"))}

    def check(self, answer: dict[str, Any]) -> Outcome:
        return _outcome(abs(answer["cents"] - self.answer) <= self.tolerance, self.feedback)


class Item(ContentModel):
    id: Slug
    text: Text


@register
class Ordering(QuestionStep):
    """Put items in order; ``items`` is listed in the right order."""

    type: Literal["ordering"]
    items: list[Item] = Field(min_length=2)
    feedback: OutcomeFeedback

    @model_validator(mode="after")
    def _check_items(self) -> Ordering:
        _unique_ids("items", self.items)
        return self

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
        return _outcome(right == len(self.items), self.feedback, right / len(self.items))


class Category(ContentModel):
    id: Slug
    label: Text


class CategoryItem(ContentModel):
    id: Slug
    text: Text
    category: Slug


@register
class Categorise(QuestionStep):
    """Sort items into categories."""

    type: Literal["categorise"]
    categories: list[Category] = Field(min_length=2)
    items: list[CategoryItem] = Field(min_length=1)
    feedback: OutcomeFeedback

    @model_validator(mode="after")
    def _check_categories(self) -> Categorise:
        _unique_ids("categories", self.categories)
        _unique_ids("items", self.items)
        known = [category.id for category in self.categories]
        issues = [
            Issue(
                N_('Step "%(step)s": item "%(item)s" has category "%(category)s", which is not '
                   "in categories. Use one of: %(known)s."),
                {"step": self.id, "item": item.id, "category": item.category,
                 "known": ", ".join(known)},
                loc=("items", index, "category"),
            )
            for index, item in enumerate(self.items)
            if item.category not in known
        ]  # fmt: skip
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
        return _outcome(right == len(self.items), self.feedback, right / len(self.items))


@register
class Reflection(StepBase):
    """An open question without a right answer. Answers stay between pupil and teacher."""

    type: Literal["reflection"]
    prompt: Markdown
    feedback: Markdown | None = None
    max_length: int = Field(default=1000, ge=1, le=10000)

    needs_answer: ClassVar[bool] = True

    def parse_answer(self, form: Form) -> dict[str, Any]:
        text = (form.get("text") or "").strip()
        if not text:
            raise AnswerError(N_("Write an answer first."))
        if len(text) > self.max_length:
            raise AnswerError(
                N_("Your answer is too long: use at most %(max)d characters (now %(length)d)."),
                max=self.max_length, length=len(text),
            )  # fmt: skip
        return {"text": text}

    def check(self, answer: dict[str, Any]) -> Outcome:
        return Outcome(correct=None, score=1.0, feedback=(self.feedback,) if self.feedback else ())


# The five answers of a self-efficacy statement, from 1 to 5; the player shows these labels.
LIKERT_LABELS = (
    N_("Not true at all"),
    N_("Not true for me"),
    N_("I don't know"),
    N_("True for me"),
    N_("Completely true"),
)


class Statement(ContentModel):
    id: Slug
    text: Text


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

    @model_validator(mode="after")
    def _check_statements(self) -> SelfEfficacy:
        _unique_ids("statements", self.statements)
        return self

    @property
    def statement_ids(self) -> list[str]:
        return [statement.id for statement in self.statements]

    @property
    def thanks(self) -> str:
        if self.moment == "pre":
            return N_("There is no right or wrong here. At the end of the lesson you will answer "
                      "the same sentences again.")  # fmt: skip
        return N_("Look back: do you feel surer than at the start? Your result page shows both "
                  "answers.")  # fmt: skip

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
