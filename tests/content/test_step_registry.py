"""Every registered step type is complete: a new type is one class, one template and its snippet
in lessons/README.md, and nothing else in the app needs to know about it.

The example of each type is the YAML snippet under its heading in ``lessons/README.md`` (the
partners' documentation), so documenting a new type is part of adding it.
"""

from __future__ import annotations

import re
import typing

import pytest
import yaml
from werkzeug.datastructures import MultiDict

from leergang.config import ROOT
from leergang.content import STEP_TYPES, Outcome
from leergang.content.fields import OutcomeFeedback
from leergang.content.steps import Wording

README = ROOT / "lessons" / "README.md"
TEMPLATES = ROOT / "templates"
HEADING = re.compile(r"^### `(?P<type>[a-z_]+)`", re.M)


def readme_examples() -> dict[str, dict]:
    """The first yaml snippet after each '### `<type>`' heading."""
    text = README.read_text(encoding="utf-8")
    found = {}
    for match in HEADING.finditer(text):
        section = text[match.end() :].split("\n#", 1)[0]
        if "```yaml\n" in section:
            snippet = section.split("```yaml\n", 1)[1].split("```", 1)[0]
            (found[match["type"]],) = yaml.safe_load(snippet)
    return found


EXAMPLES = readme_examples()
SHOUTING = Wording(gettext=str.upper, money=lambda cents: f"<{cents}>")


def example(name):
    assert name in EXAMPLES, f"lessons/README.md has no '### `{name}`' section with a yaml snippet"
    return STEP_TYPES[name].model_validate(EXAMPLES[name], context={"folder": None})


@pytest.mark.parametrize("name", sorted(STEP_TYPES))
def test_every_type_has_its_template(name):
    assert (TEMPLATES / STEP_TYPES[name].template).is_file()


@pytest.mark.parametrize("name", sorted(STEP_TYPES))
def test_every_type_is_documented_with_a_valid_snippet(name):
    assert example(name).type == name


@pytest.mark.parametrize("name", sorted(STEP_TYPES))
def test_every_type_words_answers_for_the_teacher(name):
    step = example(name)
    right = step.sample_form(right=True)
    assert right is not None
    answer = step.parse_answer(MultiDict(right))
    outcome = step.check(answer)
    assert isinstance(outcome, Outcome)
    described = step.describe(answer, SHOUTING)
    assert isinstance(described, str)
    if step.is_question:
        assert outcome.correct is True
        # What the pupil chose, worded, is what the teacher sees as the right answer.
        assert described == step.right_answer_text(SHOUTING) != ""
        wrong = step.parse_answer(MultiDict(step.sample_form(right=False)))
        assert step.check(wrong).correct is False
        assert step.describe(wrong, SHOUTING) != described
    else:
        assert step.right_answer_text(SHOUTING) == ""


@pytest.mark.parametrize("name", sorted(STEP_TYPES))
def test_every_type_declares_its_translatable_texts(name):
    cls = STEP_TYPES[name]
    fields = cls.model_fields
    assert set(cls.texts) <= set(fields), "texts must name fields of the step"
    for entries, texts in cls.entry_texts.items():
        entry_model = fields[entries].annotation.__args__[0]  # list[Entry]
        assert set(texts) <= set(entry_model.model_fields)
    # Every text a pupil reads is translatable: no Markdown or Text field left out.
    for field, info in fields.items():
        if field in ("id", "type"):
            continue
        if _is_text(info):
            assert field in cls.texts, f"{name}.{field} is a text but not in texts"


def _is_text(info) -> bool:
    """A str field (Text/Markdown, maybe optional) or an outcome feedback."""
    kinds = typing.get_args(info.annotation) or (info.annotation,)
    return str in kinds or OutcomeFeedback in kinds or info.annotation in (str, OutcomeFeedback)


def test_teacher_wording_uses_the_readers_language():
    assert example("true_false").right_answer_text(SHOUTING) in ("TRUE", "FALSE")
    numeric = example("numeric")
    assert numeric.right_answer_text(SHOUTING) == f"<{numeric.answer}>"
