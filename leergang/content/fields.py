"""Field types shared by the module schema and the step types."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo

from .markdown import check_markdown, check_plain_text
from .messages import ContentError
from .money import euros_to_cents


class ContentModel(BaseModel):
    """Base for everything read from lesson files: unknown keys are errors, content is immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_markdown(text: str, info: ValidationInfo) -> str:
    folder = (info.context or {}).get("folder")
    issues = check_markdown(text, folder)
    if issues:
        raise ContentError(*issues)
    return text


def _check_plain_text(text: str) -> str:
    issues = check_plain_text(text)
    if issues:
        raise ContentError(*issues)
    return text


Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
Text = Annotated[str, Field(min_length=1), AfterValidator(_check_plain_text)]
# Markdown source; validation needs ``context={"folder": Path}`` to check that images exist.
Markdown = Annotated[str, Field(min_length=1), AfterValidator(_check_markdown)]
# An amount in euros in the file, integer cents in Python.
Cents = Annotated[int, BeforeValidator(euros_to_cents)]

Level = Literal["po-7", "po-8", "vmbo-bb", "vmbo-kb", "vmbo-gt"]
Theme = Literal["inkomen-verwerven", "geldzaken-organiseren", "vooruitzien", "verantwoord-besteden"]


class OutcomeFeedback(ContentModel):
    """Feedback shown after a right or a wrong answer."""

    correct: Markdown
    incorrect: Markdown


class KnowledgeCheck(ContentModel):
    """Marks a question as a pre- or post-test item measuring one construct."""

    test: Literal["pre", "post"]
    # "construct" in the file; renamed because pydantic's BaseModel has a construct() method.
    construct_id: Slug = Field(alias="construct")
