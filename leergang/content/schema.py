"""The lesson module: metadata, steps, and the rules that span several steps."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Annotated, Literal, Union

from pydantic import Field, PrivateAttr, model_validator

from .fields import ContentModel, Level, Slug, Text, Theme
from .markdown import IMAGE_SUFFIXES, is_local_image
from .messages import N_, ContentError, Issue
from .steps import STEP_TYPES, QuestionStep, StepBase
from .upgrade import CURRENT_SCHEMA_VERSION

# Built from the registry, so registering a step class is all it takes to allow it in a module.
Step = Annotated[Union[tuple(STEP_TYPES.values())], Field(discriminator="type")]  # noqa: UP007


class Author(ContentModel):
    name: Text
    organisation: Text | None = None


class Source(ContentModel):
    title: Text
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)


class Module(ContentModel):
    """One lesson module, read from ``lessons/<id>/module.yaml``."""

    schema_version: Literal[CURRENT_SCHEMA_VERSION]  # type: ignore[valid-type]
    id: Slug
    version: Text
    title: Text
    description: Text
    levels: list[Level] = Field(min_length=1)
    themes: list[Theme] = Field(min_length=1)
    learning_goals: list[Text] = Field(min_length=1)
    minutes: int = Field(ge=1, le=120)
    authors: list[Author] = Field(min_length=1)
    licence: Text
    sources: list[Source]
    steps: list[Step] = Field(min_length=1)

    _folder: Path = PrivateAttr(default=Path("."))

    @model_validator(mode="after")
    def _check_steps(self) -> Module:
        issues = _duplicate_step_ids(self.steps) + _unpaired_knowledge_checks(self.steps)
        if issues:
            raise ContentError(*issues)
        return self

    @property
    def folder(self) -> Path:
        """The module's folder; images live beside ``module.yaml``."""
        return self._folder

    def step_index(self, step_id: str) -> int:
        """Position of a step; raises ``KeyError`` for an unknown id."""
        try:
            return self._step_positions[step_id]
        except KeyError:
            raise KeyError(step_id) from None

    def step(self, step_id: str) -> StepBase:
        return self.steps[self.step_index(step_id)]

    @cached_property
    def _step_positions(self) -> dict[str, int]:
        return {step.id: index for index, step in enumerate(self.steps)}

    @property
    def question_steps(self) -> list[QuestionStep]:
        return [step for step in self.steps if isinstance(step, QuestionStep)]

    def knowledge_check_steps(self, test: Literal["pre", "post"]) -> list[QuestionStep]:
        """The pre- or post-test items, in lesson order."""
        return [
            step
            for step in self.question_steps
            if step.knowledge_check and step.knowledge_check.test == test
        ]

    def asset_path(self, filename: str) -> Path | None:
        """The file for an image the module may show, or None (unknown, unsafe or wrong type)."""
        if not is_local_image(filename) or PurePosixPath(filename).suffix.lower() not in (
            IMAGE_SUFFIXES
        ):
            return None
        path = self.folder / filename
        return path if path.is_file() else None


def _duplicate_step_ids(steps: list[StepBase]) -> list[Issue]:
    first: dict[str, int] = {}
    issues = []
    for index, step in enumerate(steps):
        if step.id in first:
            issues.append(Issue(
                N_('Step id "%(step)s" is used twice (also step %(other)d). Every step needs its '
                   "own id."),
                {"step": step.id, "other": first[step.id] + 1}, loc=("steps", index, "id"),
            ))  # fmt: skip
        first.setdefault(step.id, index)
    return issues


def _unpaired_knowledge_checks(steps: list[StepBase]) -> list[Issue]:
    """Pre- and post-test items come in parallel: a construct measured before is measured after."""
    found: dict[str, dict[str, int]] = {"pre": {}, "post": {}}
    for index, step in enumerate(steps):
        if isinstance(step, QuestionStep) and step.knowledge_check:
            check = step.knowledge_check
            found[check.test].setdefault(check.construct_id, index)
    issues = []
    for test, other in (("pre", "post"), ("post", "pre")):
        for construct, index in found[test].items():
            if construct not in found[other]:
                issues.append(Issue(
                    N_('Step "%(step)s" is a %(test)s-test item for "%(construct)s", but no '
                       "step is a %(other)s-test item for it. Add a step with knowledge_check: "
                       "{test: %(other)s, construct: %(construct)s}."),
                    {"step": steps[index].id, "test": test, "other": other,
                     "construct": construct},
                    loc=("steps", index, "knowledge_check"),
                ))  # fmt: skip
    return sorted(issues, key=lambda issue: issue.loc[1])
