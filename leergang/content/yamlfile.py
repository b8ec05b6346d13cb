"""Reading a lesson or game file: YAML with a line for every key, so any check can name a line.

YAML is composed into nodes first, so each key and list item keeps its line; ``SourceFile`` maps a
location (``("steps", 2, "prompt")``) back to that line. Modules and scenarios share this kit, the
schema version check and the search for translations beside a file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from .messages import N_, Loc, Problem

NOT_UTF8 = N_("The file is not saved as UTF-8 text. Save it as UTF-8 in your editor.")
# A lesson or game file is text a person writes: far below this. A bigger file is refused before
# it is parsed, so no file can make loading slow for everyone.
MAX_FILE_BYTES = 256 * 1024
TOO_BIG = N_(
    "This file is %(size)d kB; a lesson file may be at most %(max)d kB. Split long texts over "
    "more steps, or move a module into two."
)
NO_ANCHORS = N_(
    'YAML anchors ("&name") and aliases ("*name") are not allowed in lesson files. Write the '
    "text out in full here."
)
NUMBER_TOO_LONG = N_(
    "A number in this file is far too long (over 4,300 digits). Write a shorter number."
)
Upgrades = Mapping[int, Callable[[dict[str, Any]], dict[str, Any]]]


class AnchorFound(yaml.MarkedYAMLError):
    """A file uses an anchor or alias: refused, because aliases can multiply a small file into
    billions of nodes ("billion laughs") and authors never need them."""


class _Decimals:
    """Numbers with a fraction are read as ``Decimal``, so money stays exact."""

    def construct_yaml_float(self, node: yaml.Node) -> Decimal | float:
        text = str(self.construct_scalar(node)).replace("_", "")  # type: ignore[attr-defined]
        try:
            return Decimal(text)
        except InvalidOperation:  # .inf, .nan, 1:30 (sexagesimal): rare, never money
            return super().construct_yaml_float(node)  # type: ignore[misc]


class DecimalLoader(_Decimals, yaml.SafeLoader):
    """Safe YAML loader that reads numbers with a fraction as ``Decimal``, so money stays exact,
    and refuses anchors and aliases before they are composed into the node graph."""

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:  # type: ignore[override]
        event = self.peek_event()
        if getattr(event, "anchor", None) is not None:
            raise AnchorFound(problem_mark=event.start_mark)
        return super().compose_node(parent, index)  # type: ignore[misc]


DecimalLoader.add_constructor("tag:yaml.org,2002:float", DecimalLoader.construct_yaml_float)

# libyaml, when PyYAML was built with it (its wheels are): the same safe constructors and
# resolver in Python, the scanning and composing in C, about ten times faster. Saving a draft
# reads its whole module, so an author's autosave waits on this.
_CDecimalLoader: type | None = None
if getattr(yaml, "__with_libyaml__", False):

    class _CDecimalLoader(_Decimals, yaml.CSafeLoader):  # type: ignore[no-redef]
        pass

    _CDecimalLoader.add_constructor("tag:yaml.org,2002:float", _CDecimalLoader.construct_yaml_float)


def _loader(text: str) -> Any:
    """A loader for ``text``, composed up to its one document's node (None when empty).

    libyaml reads valid YAML without anchors, tabs or characters YAML does not print. Anything
    else goes to ``DecimalLoader``: a refused anchor, a tab or a syntax error then gets the
    pure-Python parser's own words and line (libyaml, for one, allows a tab inside a title)."""
    if _CDecimalLoader is not None and not _for_pure_python(text):
        loader = _CDecimalLoader(text)
        try:
            return loader, loader.get_single_node()
        except yaml.YAMLError:  # e.g. two documents: said as DecimalLoader says it
            loader.dispose()
    loader = DecimalLoader(text)
    try:
        return loader, loader.get_single_node()
    except BaseException:
        loader.dispose()
        raise


def _for_pure_python(text: str) -> bool:
    """Whether ``text`` has a tab, a character YAML does not print, an anchor or an alias, or
    is not YAML libyaml can read: where the two parsers may answer differently."""
    if "\t" in text or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return True
    try:
        events = yaml.parse(text, Loader=yaml.CSafeLoader)
        return any(getattr(event, "anchor", None) is not None for event in events)
    except yaml.YAMLError:
        return True


@dataclass
class SourceFile:
    """One file after reading: the data's line map lets any later check report a line."""

    path: Path
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

    def sorted_problems(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: p.line)


def read_text(file: SourceFile) -> str | None:
    """The file's text, or None (with a problem) when it is too big or not UTF-8."""
    size = file.path.stat().st_size
    if size > MAX_FILE_BYTES:
        file.problems.append(_too_big(file, size))
        return None
    try:
        return file.path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        file.problems.append(file.problem((), NOT_UTF8))
        return None


def _too_big(file: SourceFile, size: int) -> Problem:
    return file.problem((), TOO_BIG, size=-(-size // 1024), max=MAX_FILE_BYTES // 1024)


def read_yaml(
    file: SourceFile, not_a_mapping: str, text: str | None = None, **params: Any
) -> dict[str, Any] | None:
    """The mapping in ``text`` (default: the file's text), indexing every line; None (with
    problems) when it is not valid YAML or not a mapping (``not_a_mapping`` % ``params``)."""
    if text is None:
        text = read_text(file)
        if text is None:
            return None
    elif len(text.encode("utf-8")) > MAX_FILE_BYTES:
        file.problems.append(_too_big(file, len(text.encode("utf-8"))))
        return None
    loader = None
    try:
        loader, node = _loader(text)
        if node is not None:
            _index(file, node, ())
        data = loader.construct_document(node) if node is not None else None
    except AnchorFound as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        file.problems.append(Problem(file.path, line, NO_ANCHORS))
        return None
    except yaml.reader.ReaderError as exc:  # a control character, e.g. from a word processor
        line = text.count("\n", 0, exc.position) + 1
        code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "?"
        file.problems.append(Problem(file.path, line, CONTROL_CHARACTER, {"code": code}))
        return None
    except ValueError:  # int() refuses a number of over 4,300 digits
        file.problems.append(file.problem((), NUMBER_TOO_LONG))
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        msgid = N_(
            "This is not valid YAML (%(detail)s). Check the indentation, colons and quotes here "
            "and on the line above."
        )
        detail = exc.problem or exc.context or "syntax error"
        line = mark.line + 1 if mark else 1
        tab_line = _tab_line(text, line)
        if tab_line is not None:
            file.problems.append(Problem(file.path, tab_line, HAS_TAB))
        else:
            file.problems.append(Problem(file.path, line, msgid, {"detail": detail}))
        return None
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(data, dict):
        file.problems.append(file.problem((), not_a_mapping, **params))
        return None
    return data


CONTROL_CHARACTER = N_(
    "There is an invisible character on this line (%(code)s) that a lesson file may not hold, "
    "often pasted from another program. Delete it, or type the text again."
)
HAS_TAB = N_(
    "There is a tab on this line (the space made by the Tab key, often pasted from Word). "
    "Replace the tab with spaces."
)


def _tab_line(text: str, line: int) -> int | None:
    """The line with a tab that likely broke the YAML: the error's own line or the one above."""
    lines = text.splitlines()
    for number in (line, line - 1):
        if 1 <= number <= len(lines) and "\t" in lines[number - 1]:
            return number
    return None


def _index(file: SourceFile, node: yaml.Node, loc: Loc) -> None:
    """Record the line of every key and list item; report keys that appear twice."""
    if isinstance(node, yaml.MappingNode):
        first: dict[str, int] = {}
        twice = N_(
            '"%(key)s" appears twice here (first on line %(first)d). Remove one of them; '
            "otherwise only the last one counts."
        )
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
                continue
            key, line = key_node.value, key_node.start_mark.line + 1
            if key in first:
                file.problems.append(
                    Problem(file.path, line, twice, {"key": key, "first": first[key]})
                )
            first.setdefault(key, line)
            _index_child(file, key_node, value_node, loc + (key,))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_child(file, item, item, loc + (index,))


def _index_child(file: SourceFile, start: yaml.Node, value: yaml.Node, loc: Loc) -> None:
    file.lines[loc] = start.start_mark.line + 1
    if isinstance(value, yaml.ScalarNode) and value.style == "|":
        # The "|" sits on the key's line; the text starts on the next one (1-based: +2).
        file.blocks[loc] = value.start_mark.line + 2
    _index(file, value, loc)


def check_version(
    file: SourceFile, data: dict[str, Any], *, current: int, upgrades: Upgrades
) -> dict[str, Any] | None:
    """The data brought up to schema version ``current`` through the ``upgrades`` chain
    (``upgrades[n]`` turns version n into n + 1); None (with a problem) for a bad version."""
    version = data.get("schema_version")
    if "schema_version" not in data:
        msgid = N_(
            '"schema_version" is missing. Add "schema_version: %(current)d" as the first line.'
        )
    elif not isinstance(version, int) or isinstance(version, bool):
        msgid = N_(
            '"schema_version" must be a whole number, for example "schema_version: %(current)d".'
        )
    elif version > current:
        msgid = N_(
            "This file has schema_version %(version)s, but Leergang only knows versions up to "
            "%(current)d. Update Leergang, or write the file for schema_version %(current)d."
        )
    elif version < min(upgrades, default=current):
        msgid = N_('schema_version %(version)s does not exist. Use "schema_version: %(current)d".')
    else:
        for step in range(version, current):
            data = upgrades[step](data)
        return data
    file.problems.append(file.problem(("schema_version",), msgid, version=version, current=current))
    return None


def languages_beside(folder: Path, pattern: re.Pattern[str], source_language: str) -> list[str]:
    """The languages of the translation files in ``folder`` whose names match ``pattern`` (the
    first non-empty group is the language code), without the source language."""
    found = {
        next(group for group in match.groups() if group)
        for path in folder.iterdir()
        if (match := pattern.match(path.name))
    }
    return sorted(found - {source_language})
