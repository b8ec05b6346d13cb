"""Read lesson modules and report every problem with its file, line and what to change.

A module is read from its folder (``load_folder``) or validated from YAML text
(``parse_module_text``, for drafts that are not files yet); both give the same messages. YAML is
read with a line for every key (``yamlfile``), and pydantic's errors become our own translatable
messages (``errors``). A module with any problem is left out of the library; the others still load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .assets import regular_file_in
from .errors import TaggedList, fields_of, inner_model
from .markdown import check_markdown
from .messages import N_, Loc, Problem
from .schema import SOURCE_LANGUAGE, Module
from .steps import STEP_TYPES
from .translation import apply_overlay
from .upgrade import CURRENT_SCHEMA_VERSION, UPGRADES
from .yamlfile import NOT_UTF8, SourceFile, check_version, languages_beside, read_text, read_yaml

MODULE_FILE = "module.yaml"
SCENARIO_FILE = "scenario.yaml"  # a folder with this file is a budget game (see scenarios.py)
TEACHER_GUIDE = "teacher-guide.md"
# module.en.yaml and teacher-guide.en.md: a translation into the language with that code.
_TRANSLATION_FILE = re.compile(r"^(?:module\.([a-z]{2})\.yaml|teacher-guide\.([a-z]{2})\.md)$")

NOT_A_MODULE = N_(
    'The file must consist of "key: value" lines, starting with "schema_version: %(current)d".'
)
_NOT_A_TRANSLATION = N_(
    'A translation file must consist of "key: value" lines, for example "title: …" and '
    '"description: …".'
)


@dataclass
class LoadedFolder:
    """One module folder: the Dutch module (None if it has problems), its translations, problems."""

    module: Module | None
    translations: dict[str, Module]
    problems: list[Problem]
    module_id: str | None = None  # the id in module.yaml, if it could be read
    id_line: int = 1  # where module.yaml says "id:"


def load_module(folder: Path) -> tuple[Module | None, list[Problem]]:
    """Load one module folder: the Dutch module (None if it has problems) and all problems,
    including those of its translations."""
    loaded = load_folder(folder)
    return loaded.module, loaded.problems


def parse_module_text(
    text: str, *, folder: Path | None = None
) -> tuple[Module | None, list[Problem]]:
    """Validate ``module.yaml`` text that need not be a file yet (a draft): the module (None if
    it has problems) and its problems, with the same messages and lines as ``load_folder``.

    ``folder`` holds the module's images and names it (its id must equal the folder name);
    without it, images are not checked against files and problems name plain ``module.yaml``.
    """
    file, module = _parse(text, folder)
    problems = file.sorted_problems() + _folder_problems(file, module, folder)
    return (None if problems else module), problems


def load_folder(folder: Path) -> LoadedFolder:
    """The module in a folder with its teacher guide, and every translation beside it."""
    file = SourceFile(path=folder / MODULE_FILE)
    module = None
    if not file.path.is_file():
        msgid = N_(
            'This folder has no "module.yaml". Add one, or move the folder out of the lessons '
            "folder."
        )
        file.problems.append(file.problem((), msgid))
    elif (text := read_text(file)) is not None:
        file, module = _parse(text, folder)
    problems = file.sorted_problems() + _folder_problems(file, module, folder)
    module_id = module.id if module is not None else None
    id_line = file.line(("id",))
    if module is None or file.data is None or problems:
        return LoadedFolder(None, {}, problems, module_id, id_line)
    guide, guide_problems = _read_guide(folder / TEACHER_GUIDE, folder)
    if guide_problems:
        return LoadedFolder(None, {}, guide_problems, module_id, id_line)
    module._teacher_guide = guide
    translations: dict[str, Module] = {}
    for language in languages_beside(folder, _TRANSLATION_FILE, SOURCE_LANGUAGE):
        translated, found = _load_translation(folder, language, file.data, module)
        problems += found
        if translated is not None:
            translations[language] = translated
    return LoadedFolder(module, translations, problems, module_id, id_line)


def _parse(text: str, folder: Path | None) -> tuple[SourceFile, Module | None]:
    """Read, upgrade and validate module.yaml text; the module only when nothing is wrong."""
    file = SourceFile(path=(folder or Path()) / MODULE_FILE)
    data = read_yaml(file, NOT_A_MODULE, text, current=CURRENT_SCHEMA_VERSION)
    if data is not None:
        data = check_version(file, data, current=CURRENT_SCHEMA_VERSION, upgrades=UPGRADES)
    if data is None:
        return file, None
    file.data = data
    try:
        module = Module.model_validate(data, context={"folder": folder})
    except ValidationError as exc:
        file.problems.extend(_translate(file, exc, data))
        return file, None
    module._folder = folder
    # e.g. duplicate keys: reported, and the module is not used
    return file, (None if file.problems else module)


def _load_translation(
    folder: Path, language: str, dutch: dict[str, Any], module: Module
) -> tuple[Module | None, list[Problem]]:
    """The module in ``language``: ``module.<language>.yaml`` laid over the Dutch data."""
    file = SourceFile(path=folder / f"module.{language}.yaml")
    data: dict[str, Any] | None = dutch
    if file.path.is_file():
        overlay = read_yaml(file, _NOT_A_TRANSLATION)
        if overlay is None:
            data = None
        else:
            data = apply_overlay(
                dutch,
                overlay,
                folder=folder,
                report=lambda loc, msgid, params, text_line: file.problems.append(
                    file.problem(loc, msgid, text_line, **params)
                ),
            )
    translated = None
    if data is not None and not file.problems:
        try:
            translated = Module.model_validate(data, context={"folder": folder})
        except ValidationError as exc:  # the overlay checks texts first; this is a safety net
            file.problems.extend(_translate(file, exc, data))
    guide, guide_problems = _read_guide(folder / f"teacher-guide.{language}.md", folder)
    problems = file.sorted_problems() + guide_problems
    if translated is None or problems:
        return None, problems
    translated._folder = folder
    translated._language = language
    translated._teacher_guide = guide if guide is not None else module.teacher_guide
    return translated, []


def _read_guide(path: Path, folder: Path) -> tuple[str | None, list[Problem]]:
    """A teacher guide (Markdown), checked like lesson Markdown; None when there is none."""
    if not path.is_file():
        return None, []
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [Problem(path, 1, NOT_UTF8)]
    issues = check_markdown(text, folder)
    return text, [
        Problem(path, (issue.text_line or 0) + 1, issue.msgid, issue.params) for issue in issues
    ]


# --- pydantic errors to problems ------------------------------------------------------------


_STEPS = TaggedList(
    "steps",
    STEP_TYPES,
    unknown_near=N_('Unknown step type "%(type)s". Did you mean "%(suggestion)s"?'),
    unknown=N_('Unknown step type "%(type)s". Use one of: %(known)s.'),
    missing=N_('This step has no "type". Add "type:" with one of: %(known)s.'),
)


def _translate(file: SourceFile, exc: ValidationError, data: dict[str, Any]) -> list[Problem]:
    return _STEPS.problems(file, exc, lambda at: _known_fields(at, data))


def _known_fields(loc: Loc, data: dict[str, Any]) -> list[str]:
    """Field names allowed in the mapping at ``loc`` (for "did you mean"), found via the schema."""
    model: type[BaseModel] | None = Module
    for index, part in enumerate(loc):
        if isinstance(part, int):
            if loc[:index] == ("steps",):  # a step's class follows from its "type"
                step = data["steps"][part]
                model = STEP_TYPES.get(step.get("type")) if isinstance(step, dict) else None
            continue
        if model is None:
            return []
        fields = fields_of(model)
        model = inner_model(fields[part].annotation) if part in fields else None
    return list(fields_of(model)) if model else []


MAX_MODULE_IMAGE_BYTES = 3 * 1024 * 1024  # what a pupil's Chromebook downloads for one module
_IMAGES_TOO_BIG = N_(
    "The images of this module are %(size)d kB together; the limit is %(max)d kB. Make the "
    "pictures smaller or use fewer."
)


def _folder_problems(file: SourceFile, module: Module | None, folder: Path | None) -> list[Problem]:
    """A module's id must equal its folder's name, and its images together stay small."""
    if module is None or folder is None:
        return []
    total = sum(
        path.stat().st_size
        for src in module.referenced_images
        if (path := regular_file_in(folder, src)) is not None
    )
    if total > MAX_MODULE_IMAGE_BYTES:
        params = {"size": -(-total // 1024), "max": MAX_MODULE_IMAGE_BYTES // 1024}
        return [file.problem((), _IMAGES_TOO_BIG, **params)]
    if module.id == folder.name:
        return []
    msgid = N_(
        'The id "%(id)s" must be the same as the folder name "%(folder)s". Rename the folder or '
        "change the id."
    )
    return [file.problem(("id",), msgid, id=module.id, folder=folder.name)]
