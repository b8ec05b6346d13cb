"""The step types a pupil reads or picks from: explanation, single choice, multiple choice and
true/false. Registered in ``STEP_TYPES`` like every other type; ``steps.py`` imports this module
first, so these come first in the registry (the order authors see in "use one of" messages).
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from .fields import Markdown, OutcomeFeedback, Text
from .messages import N_, AnswerError, ContentError, fail, issue
from .stepbase import (
    PLAIN,
    Form,
    Option,
    Outcome,
    QuestionStep,
    StepBase,
    Wording,
    one_choice,
    outcome,
    register,
    true_or_false,
    unique_ids,
)


@register
class Explanation(StepBase):
    """Text (and images) to read; no answer."""

    type: Literal["explanation"]
    title: Text | None = None
    body: Markdown

    texts: ClassVar[tuple[str, ...]] = ("title", "body")

    @property
    def heading(self) -> str | None:
        return self.title

    @property
    def preview_text(self) -> str | None:
        return self.body


@register
class SingleChoice(QuestionStep):
    """Pick one option; every option explains itself."""

    type: Literal["single_choice"]
    options: list[Option] = Field(min_length=2)

    texts: ClassVar[tuple[str, ...]] = ("prompt", "hint")
    entry_texts: ClassVar[dict[str, tuple[str, ...]]] = {"options": ("text", "feedback")}
    shuffled: ClassVar[str | None] = "options"

    @model_validator(mode="after")
    def _check_options(self) -> SingleChoice:
        unique_ids("options", self.options)
        found = sum(option.correct for option in self.options)
        issues = []
        if found != 1:
            msgid = N_(
                'Step "%(step)s": exactly one option must have "correct: true" (found %(found)d). '
                "Mark the right answer with correct: true."
            )
            issues.append(issue(msgid, loc=("options",), step=self.id, found=found))
        no_feedback = N_(
            'Step "%(step)s": option "%(option)s" has no feedback. Add "feedback:" that explains '
            "why this answer is right or wrong."
        )
        for index, option in enumerate(self.options):
            if option.feedback is None:
                loc = ("options", index)
                issues.append(issue(no_feedback, loc=loc, step=self.id, option=option.id))
        if issues:
            raise ContentError(*issues)
        return self

    def parse_answer(self, form: Form) -> dict[str, Any]:
        return {"choice": one_choice(form, [option.id for option in self.options])}

    def check(self, answer: dict[str, Any]) -> Outcome:
        chosen = next(option for option in self.options if option.id == answer["choice"])
        return Outcome(
            correct=chosen.correct, score=float(chosen.correct), feedback=(chosen.feedback or "",)
        )

    def describe(
        self, answer: dict[str, Any], words: Wording = PLAIN, *, seed: str | None = None
    ) -> str:
        return next((o.text for o in self.options if o.id == answer.get("choice")), "?")

    def right_answer_text(self, words: Wording = PLAIN) -> str:
        return next(o.text for o in self.options if o.correct)

    def sample_form(self, right: bool = True) -> dict[str, Any] | None:
        return {"choice": next(o.id for o in self.options if o.correct == right)}


@register
class MultipleChoice(QuestionStep):
    """Pick all right options; feedback per option, per outcome, or both."""

    type: Literal["multiple_choice"]
    options: list[Option] = Field(min_length=2)
    feedback: OutcomeFeedback | None = None

    entry_texts: ClassVar[dict[str, tuple[str, ...]]] = {"options": ("text", "feedback")}
    shuffled: ClassVar[str | None] = "options"

    @model_validator(mode="after")
    def _check_options(self) -> MultipleChoice:
        unique_ids("options", self.options)
        if not any(option.correct for option in self.options):
            msgid = N_(
                'Step "%(step)s": at least one option must have "correct: true". Mark the right '
                "answers with correct: true."
            )
            raise fail(msgid, loc=("options",), step=self.id)
        if self.feedback is None and not all(option.feedback for option in self.options):
            msgid = N_(
                'Step "%(step)s" needs feedback: give every option a "feedback:", or give the step '
                '"feedback:" with "correct:" and "incorrect:".'
            )
            raise fail(msgid, step=self.id)
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
        explained = wrong or ([] if self.feedback else [o for o in self.options if o.id in chosen])
        feedback.extend(option.feedback for option in explained if option.feedback)
        score = 1 - len(wrong) / len(self.options)
        return Outcome(correct=correct, score=score, feedback=tuple(feedback))

    def describe(
        self, answer: dict[str, Any], words: Wording = PLAIN, *, seed: str | None = None
    ) -> str:
        chosen = answer.get("choices", [])
        texts = [o.text for o in self.in_pupil_order(seed) if o.id in chosen]
        return ", ".join(texts) or words.gettext(N_("(nothing chosen)"))

    def right_answer_text(self, words: Wording = PLAIN) -> str:
        return ", ".join(o.text for o in self.options if o.correct)

    def sample_form(self, right: bool = True) -> dict[str, Any] | None:
        chosen = [o.id for o in self.options if o.correct == right]
        return {"choice": chosen or [self.options[0].id]}


@register
class TrueFalse(QuestionStep):
    """A statement that is true or false."""

    type: Literal["true_false"]
    answer: bool
    feedback: OutcomeFeedback

    def parse_answer(self, form: Form) -> dict[str, Any]:
        return {"choice": one_choice(form, ["true", "false"]) == "true"}

    def check(self, answer: dict[str, Any]) -> Outcome:
        return outcome(answer["choice"] == self.answer, self.feedback)

    def describe(
        self, answer: dict[str, Any], words: Wording = PLAIN, *, seed: str | None = None
    ) -> str:
        return true_or_false(bool(answer.get("choice")), words)

    def right_answer_text(self, words: Wording = PLAIN) -> str:
        return true_or_false(self.answer, words)

    def sample_form(self, right: bool = True) -> dict[str, Any] | None:
        return {"choice": "true" if self.answer == right else "false"}
