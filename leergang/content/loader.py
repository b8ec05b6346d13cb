"""Read lesson modules from disk and report every problem with its file, line and what to change.

YAML is composed into nodes first, so each key and list item keeps its line; pydantic's error
locations are then mapped back to those lines and its error types to our own translatable messages.
A module with any problem is left out of the library; the others still load.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from .markdown import check_markdown
from .messages import N_, ContentError, Loc, Problem
from .schema import SOURCE_LANGUAGE, Module
from .steps import STEP_TYPES
from .translation import apply_overlay
from .upgrade import CURRENT_SCHEMA_VERSION, UPGRADES, upgrade

if TYPE_CHECKING:
    from .scenario_schema import Scenario

MODULE_FILE = "module.yaml"
SCENARIO_FILE = "scenario.yaml"  # a folder with this file is a budget game (see scenarios.py)
TEACHER_GUIDE = "teacher-guide.md"
# module.en.yaml and teacher-guide.en.md: a translation into the language with that code.
_TRANSLATION_FILE = re.compile(r"^(?:module\.([a-z]{2})\.yaml|teacher-guide\.([a-z]{2})\.md)$")


@dataclass
class Library:
    """All modules and game scenarios that loaded cleanly, by id in folder order, and the
    problems of the rest.

    ``modules`` holds the Dutch modules; ``translations[language][id]`` the same module with its
    translated texts (Dutch where a text is not translated). A broken translation is reported and
    left out: that language then shows the Dutch module.
    """

    modules: dict[str, Module] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    translations: dict[str, dict[str, Module]] = field(default_factory=dict)
    scenarios: dict[str, Scenario] = field(default_factory=dict)

    def in_language(self, language: str) -> dict[str, Module]:
        """Every module as a pupil or teacher using ``language`` should see it, in folder order."""
        translated = self.translations.get(language, {})
        return {key: translated.get(key, module) for key, module in self.modules.items()}


@dataclass
class LoadedFolder:
    """One module folder: the Dutch module (None if it has problems), its translations, problems."""

    module: Module | None
    translations: dict[str, Module]
    problems: list[Problem]
    module_id: str | None = None  # the id in module.yaml, if it could be read
    id_line: int = 1  # where module.yaml says "id:"


def load_library(root: Path) -> Library:
    """Load every module folder under ``root``; folders starting with ``.`` or ``_`` are skipped."""
    library = Library()
    first_file: dict[str, Path] = {}
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and p.name[0] not in "._"):
        if (folder / SCENARIO_FILE).is_file() and not (folder / MODULE_FILE).is_file():
            _add_scenario(library, folder)
            continue
        loaded = load_folder(folder)
        module, module_id = loaded.module, loaded.module_id
        if module_id is not None:
            if module_id in first_file:
                loaded.problems.append(Problem(
                    folder / MODULE_FILE, loaded.id_line,
                    N_('Module id "%(id)s" is already used by %(other)s. Every module needs its '
                       "own id."),
                    {"id": module_id, "other": _display(first_file[module_id], root)},
                ))  # fmt: skip
                module = None
            else:
                first_file[module_id] = folder / MODULE_FILE
        library.problems.extend(loaded.problems)
        if module is not None:
            library.modules[module.id] = module
            for language, translated in loaded.translations.items():
                library.translations.setdefault(language, {})[module.id] = translated
    return library


def _add_scenario(library: Library, folder: Path) -> None:
    """A game scenario; its id equals its folder name, so it cannot clash with another id."""
    from .scenarios import load_scenario

    scenario, problems = load_scenario(folder)
    library.problems.extend(problems)
    if scenario is not None:
        library.scenarios[scenario.id] = scenario


def load_module(folder: Path) -> tuple[Module | None, list[Problem]]:
    """Load one module folder: the Dutch module (None if it has problems) and all problems,
    including those of its translations."""
    loaded = load_folder(folder)
    return loaded.module, loaded.problems


def load_folder(folder: Path) -> LoadedFolder:
    """The module in a folder with its teacher guide, and every translation beside it."""
    loaded = _load(folder)
    problems = loaded.problems + _folder_problems(loaded)
    module_id = loaded.module.id if loaded.module is not None else None
    id_line = loaded.line(("id",))
    if loaded.module is None or loaded.data is None or problems:
        return LoadedFolder(None, {}, problems, module_id, id_line)
    module = loaded.module
    guide, guide_problems = _read_guide(folder / TEACHER_GUIDE, folder)
    if guide_problems:
        return LoadedFolder(None, {}, guide_problems, module_id, id_line)
    module._teacher_guide = guide
    translations: dict[str, Module] = {}
    for language in _translation_languages(folder):
        translated, found = _load_translation(folder, language, loaded.data, module)
        problems += found
        if translated is not None:
            translations[language] = translated
    return LoadedFolder(module, translations, problems, module_id, id_line)


def _translation_languages(folder: Path) -> list[str]:
    found = {
        match.group(1) or match.group(2)
        for path in folder.iterdir()
        if (match := _TRANSLATION_FILE.match(path.name))
    }
    return sorted(found - {SOURCE_LANGUAGE})


def _load_translation(
    folder: Path, language: str, dutch: dict[str, Any], module: Module
) -> tuple[Module | None, list[Problem]]:
    """The module in ``language``: ``module.<language>.yaml`` laid over the Dutch data."""
    loaded = _Loaded(path=folder / f"module.{language}.yaml")
    data: dict[str, Any] | None = dutch
    if loaded.path.is_file():
        overlay = _read_yaml(loaded, _NOT_A_TRANSLATION)
        if overlay is None:
            data = None
        else:
            data = apply_overlay(
                dutch,
                overlay,
                folder=folder,
                report=lambda loc, msgid, params, text_line: loaded.problems.append(
                    loaded.problem(loc, msgid, text_line, **params)
                ),
            )
    translated = None
    if data is not None and not loaded.problems:
        try:
            translated = Module.model_validate(data, context={"folder": folder})
        except ValidationError as exc:  # the overlay checks texts first; this is a safety net
            loaded.problems.extend(_translate(loaded, exc, data))
    guide, guide_problems = _read_guide(folder / f"teacher-guide.{language}.md", folder)
    problems = sorted(loaded.problems, key=lambda p: p.line) + guide_problems
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
        return None, [Problem(path, 1, _NOT_UTF8)]
    issues = check_markdown(text, folder)
    return text, [
        Problem(path, (issue.text_line or 0) + 1, issue.msgid, issue.params) for issue in issues
    ]


# --- reading YAML with line numbers ---------------------------------------------------------


class DecimalLoader(yaml.SafeLoader):
    """Safe YAML loader that reads numbers with a fraction as ``Decimal``, so money stays exact."""

    def construct_yaml_float(self, node: yaml.Node) -> Decimal | float:  # type: ignore[override]
        text = str(self.construct_scalar(node)).replace("_", "")  # type: ignore[arg-type]
        try:
            return Decimal(text)
        except InvalidOperation:  # .inf, .nan, 1:30 (sexagesimal): rare, never money
            return super().construct_yaml_float(node)


DecimalLoader.add_constructor("tag:yaml.org,2002:float", DecimalLoader.construct_yaml_float)


@dataclass
class _Loaded:
    """One module file after reading: the data's line map lets any later check report a line."""

    path: Path
    module: Module | None = None
    data: dict[str, Any] | None = None  # the file's data after upgrading, before validation
    problems: list[Problem] = field(default_factory=list)
    lines: dict[Loc, int] = field(default_factory=dict)  # key or list item -> its line
    blocks: dict[Loc, int] = field(default_factory=dict)  # literal "|" text -> its first line

    def line(self, loc: Loc, text_line: int | None = None) -> int:
        if text_line is not None and loc in self.blocks:
            return self.blocks[loc] + text_line
        for end in range(len(loc), 0, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return 1

    def problem(self, loc: Loc, msgid: str, text_line: int | None = None, **params: Any) -> Problem:
        return Problem(self.path, self.line(loc, text_line), msgid, params)


def _load(folder: Path) -> _Loaded:
    loaded = _read_module(folder)
    loaded.problems.sort(key=lambda p: p.line)
    return loaded


def _read_module(folder: Path) -> _Loaded:
    loaded = _Loaded(path=folder / MODULE_FILE)
    if not loaded.path.is_file():
        loaded.problems.append(loaded.problem(
            (), N_('This folder has no "module.yaml". Add one, or move the folder out of the '
                   "lessons folder."),
        ))  # fmt: skip
        return loaded
    data = _read_yaml(loaded, _NOT_A_MODULE)
    if data is None:
        return loaded
    data = _upgrade(loaded, data)
    if data is None:
        return loaded
    loaded.data = data
    try:
        module = Module.model_validate(data, context={"folder": folder})
    except ValidationError as exc:
        loaded.problems.extend(_translate(loaded, exc, data))
    else:
        module._folder = folder
        if not loaded.problems:  # e.g. duplicate keys: reported, and the module is not used
            loaded.module = module
    return loaded


_NOT_UTF8 = N_("The file is not saved as UTF-8 text. Save it as UTF-8 in your editor.")
_NOT_A_MODULE = N_('The file must consist of "key: value" lines, starting with '
                   '"schema_version: %(current)d".')  # fmt: skip
_NOT_A_TRANSLATION = N_('A translation file must consist of "key: value" lines, for example '
                        '"title: …" and "description: …".')  # fmt: skip


def _read_yaml(loaded: _Loaded, not_a_mapping: str = _NOT_A_MODULE) -> dict[str, Any] | None:
    try:
        text = loaded.path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        loaded.problems.append(loaded.problem((), _NOT_UTF8))
        return None
    loader = DecimalLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _index(loaded, node, ())
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loaded.problems.append(Problem(
            loaded.path, mark.line + 1 if mark else 1,
            N_("This is not valid YAML (%(detail)s). Check the indentation, colons and quotes "
               "here and on the line above."),
            {"detail": exc.problem or exc.context or "syntax error"},
        ))  # fmt: skip
        return None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        loaded.problems.append(loaded.problem((), not_a_mapping, current=CURRENT_SCHEMA_VERSION))
        return None
    return data


def _index(loaded: _Loaded, node: yaml.Node, loc: Loc) -> None:
    """Record the line of every key and list item; report keys that appear twice."""
    if isinstance(node, yaml.MappingNode):
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
                continue
            key, line = key_node.value, key_node.start_mark.line + 1
            if key in first:
                loaded.problems.append(Problem(
                    loaded.path, line,
                    N_('"%(key)s" appears twice here (first on line %(first)d). Remove one of '
                       "them; otherwise only the last one counts."),
                    {"key": key, "first": first[key]},
                ))  # fmt: skip
            first.setdefault(key, line)
            _index_child(loaded, key_node, value_node, loc + (key,))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_child(loaded, item, item, loc + (index,))


def _index_child(loaded: _Loaded, start: yaml.Node, value: yaml.Node, loc: Loc) -> None:
    loaded.lines[loc] = start.start_mark.line + 1
    if isinstance(value, yaml.ScalarNode) and value.style == "|":
        # The "|" sits on the key's line; the text starts on the next one (1-based: +2).
        loaded.blocks[loc] = value.start_mark.line + 2
    _index(loaded, value, loc)


def _upgrade(loaded: _Loaded, data: dict[str, Any]) -> dict[str, Any] | None:
    version = data.get("schema_version")
    current = CURRENT_SCHEMA_VERSION
    if "schema_version" not in data:
        msgid = N_('"schema_version" is missing. Add "schema_version: %(current)d" as the first '
                   "line.")  # fmt: skip
    elif not isinstance(version, int) or isinstance(version, bool):
        msgid = N_('"schema_version" must be a whole number, for example "schema_version: '
                   '%(current)d".')  # fmt: skip
    elif version > current:
        msgid = N_('This file has schema_version %(version)s, but Leergang only knows versions '
                   "up to %(current)d. Update Leergang, or write the file for schema_version "
                   "%(current)d.")  # fmt: skip
    elif version < min(UPGRADES, default=current):
        msgid = N_('schema_version %(version)s does not exist. Use "schema_version: '
                   '%(current)d".')  # fmt: skip
    else:
        return upgrade(data, version)
    loaded.problems.append(
        loaded.problem(("schema_version",), msgid, version=version, current=current)
    )
    return None


# --- pydantic errors to problems ------------------------------------------------------------

KnownFields = Callable[[Loc, dict[str, Any]], list[str]]


def _translate(loaded: _Loaded, exc: ValidationError, data: dict[str, Any]) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = _without_step_tags(error["loc"])
        if error["type"] == "union_tag_invalid":
            loc += ("type",)  # point at the wrong type, not at the start of the step
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, ContentError):
            problems.extend(
                loaded.problem(loc + issue.loc, issue.msgid, issue.text_line, **issue.params)
                for issue in cause.issues
            )
        else:
            msgid, params = _message(error, loc, data)
            problems.append(loaded.problem(loc, msgid, **params))
    return problems


def _without_step_tags(loc: tuple[int | str, ...]) -> Loc:
    """pydantic puts the step type into locations of a discriminated union: drop it."""
    return tuple(
        part
        for index, part in enumerate(loc)
        if not (index == 2 and loc[0] == "steps" and part in STEP_TYPES)
    )


_STEP_TYPE_LIST = ", ".join(STEP_TYPES)


def _message(
    error: Any, loc: Loc, data: dict[str, Any], known_fields: KnownFields | None = None
) -> tuple[str, dict[str, Any]]:
    """Our message for one pydantic error, saying what to change. ``known_fields`` lists the
    fields allowed at a location (for "did you mean"); the default walks the module schema."""
    kind, ctx, value = error["type"], error.get("ctx") or {}, error["input"]
    names = [part for part in loc if isinstance(part, str)]
    name = names[-1] if names else "module"
    params: dict[str, Any] = {"field": name, "value": _show(value)}
    if kind == "missing":
        return N_('"%(field)s" is missing. Add "%(field)s:" with a value.'), params
    if kind == "extra_forbidden":
        known = (known_fields or _known_fields)(loc[:-1], data)
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        if close:
            return N_('Unknown field "%(field)s". Did you mean "%(suggestion)s"?'), {
                **params,
                "suggestion": close[0],
            }
        return N_('Unknown field "%(field)s". Remove it; allowed here: %(known)s.'), {
            **params,
            "known": ", ".join(known),
        }
    if value is None:
        return N_('"%(field)s" is empty. Write a value after "%(field)s:".'), params
    if kind == "union_tag_invalid":
        tag = str(ctx.get("tag"))
        close = difflib.get_close_matches(tag, list(STEP_TYPES), n=1, cutoff=0.6)
        if close:
            return N_('Unknown step type "%(type)s". Did you mean "%(suggestion)s"?'), {
                "type": tag,
                "suggestion": close[0],
            }
        return N_('Unknown step type "%(type)s". Use one of: %(known)s.'), {
            "type": tag,
            "known": _STEP_TYPE_LIST,
        }
    if kind == "union_tag_not_found":
        return N_('This step has no "type". Add "type:" with one of: %(known)s.'), {
            "known": _STEP_TYPE_LIST
        }
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        return N_('"%(value)s" is not allowed for "%(field)s". Use one of: %(allowed)s.'), {
            **params,
            "allowed": ", ".join(allowed),
        }
    if kind == "string_pattern_mismatch":
        if "https" in ctx.get("pattern", ""):
            return N_('"%(value)s" is not a web address. Start it with https://.'), params
        return N_('"%(value)s" is not a valid id. Use only lowercase letters, digits and '
                  'hyphens, for example "%(suggestion)s".'), {
            **params, "suggestion": _slugify(str(value))
        }  # fmt: skip
    if kind == "string_type":
        return N_('"%(field)s" must be text. Put the value in quotes: "%(value)s".'), params
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return N_('"%(field)s" must be a whole number (found "%(value)s").'), params
    if kind in ("bool_type", "bool_parsing"):
        return N_('"%(field)s" must be true or false (found "%(value)s").'), params
    if kind == "list_type":
        return N_('"%(field)s" must be a list: put each entry on its own line, starting with '
                  '"- ".'), params  # fmt: skip
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return N_('"%(field)s" must contain fields ("key: value" lines, indented below it).'), (
            params
        )
    if kind == "too_short":
        return N_('Add more entries to "%(field)s": it needs at least %(min)d (now %(found)d).'), {
            **params,
            "min": ctx.get("min_length"),
            "found": ctx.get("actual_length"),
        }
    if kind == "too_long":
        return N_(
            '"%(field)s" has too many entries: it may have at most %(max)d (now %(found)d).'
        ), {
            **params,
            "max": ctx.get("max_length"),
            "found": ctx.get("actual_length"),
        }
    if kind == "string_too_short":
        return N_('"%(field)s" is empty. Write some text.'), params
    if kind == "string_too_long":
        return N_('"%(field)s" is too long: use at most %(max)d characters.'), {
            **params,
            "max": ctx.get("max_length"),
        }
    if kind in ("greater_than_equal", "greater_than"):
        return N_('"%(field)s" must be at least %(limit)s (found %(value)s).'), {
            **params,
            "limit": ctx.get("ge", ctx.get("gt")),
        }
    if kind in ("less_than_equal", "less_than"):
        return N_('"%(field)s" must be at most %(limit)s (found %(value)s).'), {
            **params,
            "limit": ctx.get("le", ctx.get("lt")),
        }
    return N_('"%(field)s" is not valid: %(detail)s.'), {**params, "detail": error["msg"]}


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return "…"
    return str(value)


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "my-id"


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
        fields = {info.alias or name: info for name, info in model.model_fields.items()}
        model = _inner_model(fields[part].annotation) if part in fields else None
    return [info.alias or name for name, info in model.model_fields.items()] if model else []


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside ``list[X]``, ``X | None`` or ``Annotated[X, ...]``, if there is one."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    args = get_args(annotation)
    if get_origin(annotation) is Annotated:
        return _inner_model(args[0])
    models = [m for m in map(_inner_model, args) if m is not None]
    return models[0] if len(models) == 1 else None


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _folder_problems(loaded: _Loaded) -> list[Problem]:
    module = loaded.module
    if module is None or module.id == loaded.path.parent.name:
        return []
    return [loaded.problem(
        ("id",),
        N_('The id "%(id)s" must be the same as the folder name "%(folder)s". Rename the folder '
           "or change the id."),
        id=module.id, folder=loaded.path.parent.name,
    )]  # fmt: skip
