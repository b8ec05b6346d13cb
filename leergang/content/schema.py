"""The lesson module: metadata, steps, and the rules that span several steps."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Annotated, Literal, Union

from pydantic import Field, PrivateAttr, model_validator

from .assets import IMAGE_SUFFIXES, regular_file_in
from .fields import ContentModel, Level, Slug, Text, Theme
from .markdown import image_sources
from .messages import N_, ContentError, Issue, issue
from .steps import STEP_TYPES, QuestionStep, SelfEfficacy, StepBase
from .upgrade import CURRENT_SCHEMA_VERSION

SOURCE_LANGUAGE = "nl"  # module.yaml is Dutch; translations are module.<language>.yaml beside it

# Built from the registry, so registering a step class is all it takes to allow it in a module.
Step = Annotated[Union[tuple(STEP_TYPES.values())], Field(discriminator="type")]  # noqa: UP007


class Author(ContentModel):
    name: Text
    organisation: Text | None = None


class Source(ContentModel):
    title: Text
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)
    # For figures that change by law or by year: ``lessons check`` warns once this date has
    # passed, and ``lessons stats`` lists what is due.
    check_by: date | None = None


class Catalogued(ContentModel):
    """What every lesson module and game says about itself, for teachers and the catalogue."""

    id: Slug
    version: Text
    title: Text
    description: Text
    levels: list[Level] = Field(min_length=1)
    themes: list[Theme] = Field(min_length=1)
    learning_goals: list[Text] = Field(min_length=1)
    minutes: int = Field(ge=1, le=120)
    # Place in the curriculum of its levels (1 first): the teacher's assign form and the demo
    # school offer lessons and games in this order. Without it, an item comes after the others.
    order: int | None = Field(default=None, ge=1, le=999)
    authors: list[Author] = Field(min_length=1)
    licence: Text


def curriculum_key(item: Catalogued, level: str) -> tuple:
    """Sort key for a level's catalogue: its items in curriculum order, then the other levels'."""
    return (level not in item.levels, item.order is None, item.order or 0, item.title)


class Module(Catalogued):
    """One lesson module, read from ``lessons/<id>/module.yaml``."""

    schema_version: Literal[CURRENT_SCHEMA_VERSION]  # type: ignore[valid-type]
    sources: list[Source]
    steps: list[Step] = Field(min_length=1)

    _folder: Path | None = PrivateAttr(default=Path("."))  # None: a text, not a folder
    _language: str = PrivateAttr(default=SOURCE_LANGUAGE)
    _teacher_guide: str | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _check_steps(self) -> Module:
        issues = (
            _duplicate_step_ids(self.steps)
            + _unpaired_knowledge_checks(self.steps)
            + _unpaired_self_efficacy(self.steps)
        )
        if issues:
            raise ContentError(*issues)
        return self

    @property
    def folder(self) -> Path:
        """The module's folder; images live beside ``module.yaml``."""
        return self._folder

    @property
    def language(self) -> str:
        """The language of this module's texts: "nl", or the language of its translation."""
        return self._language

    @property
    def teacher_guide(self) -> str | None:
        """The teacher guide's Markdown (``teacher-guide.md``, or its translation), if any."""
        return self._teacher_guide

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

    def self_efficacy_step(self, moment: Literal["pre", "post"]) -> SelfEfficacy | None:
        """The module's self-efficacy step before (``pre``) or after (``post``) the lesson."""
        return next(
            (s for s in self.steps if isinstance(s, SelfEfficacy) and s.moment == moment), None
        )

    @cached_property
    def referenced_images(self) -> frozenset[str]:
        """Every image file name the module's texts or its teacher guide show."""
        texts = list(_strings(self.model_dump()))
        if self.teacher_guide:
            texts.append(self.teacher_guide)
        return frozenset(src for text in texts if "![" in text for src in image_sources(text))

    def asset_path(self, filename: str) -> Path | None:
        """The file for an image the module shows, or None: a file the module does not refer to,
        a symlink or special file, or a file of another type is never served."""
        if self._folder is None or filename not in self.referenced_images:
            return None  # a version from the database has no folder (its images come later)
        if PurePosixPath(filename).suffix.lower() not in IMAGE_SUFFIXES:
            return None
        return regular_file_in(self.folder, filename)


def _strings(value: object) -> Iterator[str]:
    """Every text inside a dumped model (dicts and lists of any depth)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _duplicate_step_ids(steps: list[StepBase]) -> list[Issue]:
    first: dict[str, int] = {}
    issues = []
    for index, step in enumerate(steps):
        if step.id in first:
            msgid = N_(
                'Step id "%(step)s" is used twice (also step %(other)d). Every step needs its '
                "own id."
            )
            loc = ("steps", index, "id")
            issues.append(issue(msgid, loc=loc, step=step.id, other=first[step.id] + 1))
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
                msgid = N_(
                    'Step "%(step)s" is a %(test)s-test item for "%(construct)s", but no step is a '
                    "%(other)s-test item for it. Add a step with knowledge_check: {test: "
                    "%(other)s, construct: %(construct)s}."
                )
                loc = ("steps", index, "knowledge_check")
                params = {"test": test, "other": other, "construct": construct}
                issues.append(issue(msgid, loc=loc, step=steps[index].id, **params))
    return sorted(issues, key=lambda issue: issue.loc[1])


def _unpaired_self_efficacy(steps: list[StepBase]) -> list[Issue]:
    """One pre and one post self-efficacy step, pre first, asking the same statements."""
    found: dict[str, int] = {}
    rated: dict[int, SelfEfficacy] = {}
    issues = []
    for index, step in enumerate(steps):
        if not isinstance(step, SelfEfficacy):
            continue
        rated[index] = step
        if step.moment in found:
            msgid = N_(
                'Step "%(step)s" is a second self_efficacy step with moment: %(moment)s (the first '
                'is step "%(first)s"). A module has one pre and one post self_efficacy step.'
            )
            first = steps[found[step.moment]].id
            loc = ("steps", index, "moment")
            issues.append(issue(msgid, loc=loc, step=step.id, moment=step.moment, first=first))
        found.setdefault(step.moment, index)
    if len(found) == 1:
        ((moment, index),) = found.items()
        other = "post" if moment == "pre" else "pre"
        msgid = N_(
            'Step "%(step)s" asks the self-efficacy statements with moment: %(moment)s, but no '
            "self_efficacy step asks them with moment: %(other)s. Add one with the same "
            "statements (pre at the start of the lesson, post near the end)."
        )
        loc = ("steps", index, "moment")
        issues.append(issue(msgid, loc=loc, step=steps[index].id, moment=moment, other=other))
    elif len(found) == 2:
        pre, post = rated[found["pre"]], rated[found["post"]]
        if found["post"] < found["pre"]:
            msgid = N_(
                'Step "%(step)s" (moment: post) comes before step "%(other)s" (moment: pre). Put '
                "the pre step at the start of the lesson and the post step near the end."
            )
            loc = ("steps", found["post"], "moment")
            issues.append(issue(msgid, loc=loc, step=post.id, other=pre.id))
        if sorted(post.statement_ids) != sorted(pre.statement_ids):
            msgid = N_(
                'Step "%(step)s" has the statements %(found)s, but step "%(other)s" has '
                "%(expected)s. Use the same statement ids before and after the lesson, so the "
                "answers can be compared."
            )
            loc = ("steps", found["post"], "statements")
            params = {
                "found": ", ".join(post.statement_ids),
                "expected": ", ".join(pre.statement_ids),
            }
            issues.append(issue(msgid, loc=loc, step=post.id, other=pre.id, **params))
    return sorted(issues, key=lambda issue: issue.loc[1])
