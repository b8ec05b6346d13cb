"""The contract every step type fulfils, and the ``STEP_TYPES`` registry the types join.

A step class validates its own YAML, turns a posted form into a JSON-serialisable answer
(``parse_answer``), scores it (``check``), puts an answer and the right answer into words for the
teacher (``describe``, ``right_answer_text``) and declares which of its fields a translation may
overlay (``texts``, ``entry_texts``). Everything outside ``content/`` relies only on this contract.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, Protocol, TypeVar, get_args

from .fields import ContentModel, KnowledgeCheck, Markdown, OutcomeFeedback, Slug, Text
from .messages import N_, AnswerError, ContentError, issue


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


def plain_money(cents: int) -> str:
    """Euros written the Dutch way without a locale (the app passes its own formatter)."""
    sign = "-" if cents < 0 else ""
    return f"{sign}€ {abs(cents) // 100},{abs(cents) % 100:02d}"


@dataclass(frozen=True)
class Wording:
    """How a step words an answer for its reader: their language's gettext and money format."""

    gettext: Callable[[str], str] = lambda text: text
    money: Callable[[int], str] = plain_money


PLAIN = Wording()


class StepBase(ContentModel):
    """Common shape of every step; subclasses set ``type`` to a one-value ``Literal``."""

    id: Slug
    type: str

    is_question: ClassVar[bool] = False
    # Whether the player waits for the pupil's answer before going on (questions, reflections,
    # self-efficacy ratings); explanations are simply read.
    needs_answer: ClassVar[bool] = False
    template: ClassVar[str]
    # Fields a translation file may overlay, in the order its messages list them; lists of
    # entries (options, items …) with the texts each entry may translate.
    texts: ClassVar[tuple[str, ...]] = ()
    entry_texts: ClassVar[Mapping[str, tuple[str, ...]]] = {}
    # What the pupil's result page says about an answer that is not right or wrong.
    result_label: ClassVar[str] = N_("your thoughts")
    # A note above the step in the teacher's preview of the lesson, if any.
    preview_note: ClassVar[str | None] = None
    # The list of entries (options, items) the player shows each pupil in their own order.
    shuffled: ClassVar[str | None] = None

    @property
    def pre_test(self) -> bool:
        """A pre-test item: its answer is saved without showing whether it is right."""
        return False

    def in_pupil_order(self, seed: str | None) -> list[Any]:
        """The shuffled entries as the pupil with this ``seed`` (their pseudonym) sees them.

        The order follows from a hash of seed, step id and entry id: the same on every visit and
        in the teacher's pages, different between pupils. Entries with ``pin: last`` stay last,
        in the author's order. Without a seed (the teacher's preview): the author's order.
        """
        entries = list(getattr(self, self.shuffled)) if self.shuffled else []
        if seed is None or len(entries) < 2:
            return entries
        pinned = [e for e in entries if getattr(e, "pin", None) == "last"]
        free = [e for e in entries if getattr(e, "pin", None) != "last"]
        free.sort(key=lambda entry: _shuffle_key(seed, self.id, entry.id))
        return self._unsolved(free) + pinned

    def _unsolved(self, entries: list[Any]) -> list[Any]:
        """Hook for steps whose shown order must not already be the answer (ordering)."""
        return entries

    @property
    def thanks(self) -> str | None:
        """A translatable thank-you shown after an answer that has no right or wrong, if any."""
        return None

    @property
    def heading(self) -> str | None:
        """A title shown above the step in the teacher's preview."""
        return None

    @property
    def preview_text(self) -> str | None:
        """The Markdown the teacher's preview shows for this step (its prompt by default)."""
        return getattr(self, "prompt", None)

    def parse_answer(self, form: Form) -> dict[str, Any]:
        return {}

    def check(self, answer: dict[str, Any]) -> Outcome:
        return Outcome(correct=None, score=1.0)

    def describe(
        self, answer: dict[str, Any], words: Wording = PLAIN, *, seed: str | None = None
    ) -> str:
        """A pupil's answer in words, as they saw the choices (in their order, given ``seed``)."""
        return str(answer)

    def right_answer_text(self, words: Wording = PLAIN) -> str:
        """The right answer in words, for the teacher's preview; empty if there is none."""
        return ""

    def sample_form(self, right: bool = True) -> dict[str, Any] | None:
        """A complete form a pupil could post: the right answer, or (``right=False``) a wrong
        one; None when the step has no wrong answer. Tests play any module with these."""
        return {} if right else None


class QuestionStep(StepBase):
    """A step with a right answer; may carry a hint and be a pre/post knowledge-check item."""

    prompt: Markdown
    hint: Markdown | None = None
    knowledge_check: KnowledgeCheck | None = None

    is_question: ClassVar[bool] = True
    needs_answer: ClassVar[bool] = True
    texts: ClassVar[tuple[str, ...]] = ("prompt", "hint", "feedback")

    @property
    def pre_test(self) -> bool:
        return self.knowledge_check is not None and self.knowledge_check.test == "pre"


# The entries inside steps: options, items to order or sort, categories, statements.
class Option(ContentModel):
    id: Slug
    text: Text
    correct: bool = False
    feedback: Markdown | None = None
    # "last": the player keeps this option at the end ("Weet ik niet") instead of shuffling it.
    pin: Literal["last"] | None = None


class Item(ContentModel):
    id: Slug
    text: Text


class Category(ContentModel):
    id: Slug
    label: Text


class CategoryItem(ContentModel):
    id: Slug
    text: Text
    category: Slug


class Statement(ContentModel):
    id: Slug
    text: Text


# The five answers of a self-efficacy statement, from 1 to 5; the player shows these labels.
LIKERT_LABELS = (
    N_("Not true at all"),
    N_("Not true for me"),
    N_("A little"),  # a little true: not "don't know" (content review 2026-11)
    N_("True for me"),
    N_("Completely true"),
)


STEP_TYPES: dict[str, type[StepBase]] = {}
S = TypeVar("S", bound=type[StepBase])


def register(cls: S) -> S:
    """Add a step class to ``STEP_TYPES`` under its ``type`` and give it its template."""
    (name,) = get_args(cls.model_fields["type"].annotation)
    cls.template = f"learn/steps/{name}.html"
    STEP_TYPES[name] = cls
    return cls


def _shuffle_key(seed: str, step_id: str, entry_id: str) -> bytes:
    return hashlib.sha256(f"{seed}\0{step_id}\0{entry_id}".encode()).digest()


def unique_ids(field: str, entries: list[Any]) -> None:
    """Option, item and category ids must be unique within a step."""
    seen: set[str] = set()
    issues = []
    for index, entry in enumerate(entries):
        if entry.id in seen:
            msgid = N_('The id "%(id)s" is used twice in %(field)s. Give each one its own id.')
            issues.append(issue(msgid, loc=(field, index, "id"), id=entry.id, field=field))
        seen.add(entry.id)
    if issues:
        raise ContentError(*issues)


def outcome(correct: bool, feedback: OutcomeFeedback, score: float | None = None) -> Outcome:
    """The outcome of a question with one feedback for right and one for wrong."""
    return Outcome(
        correct=correct,
        score=float(correct) if score is None else score,
        feedback=(feedback.correct if correct else feedback.incorrect,),
    )


def one_choice(form: Form, known: list[str]) -> str:
    """The one choice a pupil made among ``known``."""
    choice = form.get("choice")
    if not choice:
        raise AnswerError(N_("Choose an answer."))
    if choice not in known:
        raise AnswerError(N_("That answer is not one of the choices. Reload the page."))
    return choice


def true_or_false(value: bool, words: Wording) -> str:
    """ "True" or "False" in the reader's language."""
    return words.gettext(N_("True")) if value else words.gettext(N_("False"))
