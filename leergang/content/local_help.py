"""Where pupils find help: the installation's ``lessons/local-help.yaml`` and national fall-backs.

Lesson texts never name a town. They write a placeholder on a line of its own::

    [[lokale-hulp]]                 every kind of help for the module's levels
    [[lokale-hulp: geldzorgen]]     only help of one topic (see ``TOPICS``)

and the renderer puts in a list: first the installation's entries (Almelo in the demo), then the
national ones (``national-help.yaml`` beside this file) that the installation does not name
itself. The placeholder is not Jinja (lesson texts never go through Jinja) and only these fixed
names are expanded; the list is built from validated entries and cleaned like any lesson text.
``check_markdown`` reports an unknown placeholder with its line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, ValidationError

from .errors import fields_of, message
from .fields import ContentModel, Level, Text
from .markdown import (
    ANY_PLACEHOLDER,
    HELP_PLACEHOLDER,
    NOT_ON_ITS_LINE,
    PLACEHOLDER_TEXT,
    TOPICS,
    Topic,
    check_placeholders,
)
from .messages import N_, Issue, Loc, Problem
from .yamlfile import SourceFile, read_yaml

LOCAL_HELP_FILE = "local-help.yaml"
NATIONAL_HELP = Path(__file__).with_name("national-help.yaml")

NOT_A_HELP_FILE = N_(
    'The file must consist of "key: value" lines, starting with "entries:" (a list of places '
    "that help)."
)


class HelpEntry(ContentModel):
    """One place that helps: its name, what for, how to reach it, for whom.

    ``source`` says where the phone number and web address come from, and ``check_by`` when to
    look them up again (numbers change); the shipped files give both for every number and
    address (tests/content/test_help_sources.py). Pupils never see these two fields.
    """

    name: Text
    what: Text  # what it helps with, in a short sentence for pupils
    phone: Annotated[str, Field(pattern=r"^[0-9+][0-9 \-]{2,19}$")] | None = None
    url: Annotated[str, Field(pattern=r"^https?://[^\s<>]+$")] | None = None
    levels: list[Level] = Field(min_length=1)
    topics: list[Topic] = Field(min_length=1)
    source: Text | None = None
    check_by: date | None = None


class HelpFile(ContentModel):
    place: Text | None = None  # the town or region, for the reader of the file
    entries: list[HelpEntry] = Field(min_length=1)


@dataclass(frozen=True)
class HelpDirectory:
    """The installation's entries (maybe none) and the national fall-backs."""

    local: tuple[HelpEntry, ...] = ()
    national: tuple[HelpEntry, ...] = ()
    problems: tuple[Problem, ...] = field(default=())

    def entries(self, levels: Iterable[str], topic: str | None = None) -> list[HelpEntry]:
        """Local help first, then national help the installation does not name itself."""
        wanted = set(levels)
        named = {entry.name.casefold() for entry in self.local}
        named |= {entry.url for entry in self.local if entry.url}
        national = [
            e for e in self.national if e.name.casefold() not in named and e.url not in named
        ]
        return [
            entry
            for entry in (*self.local, *national)
            if wanted & set(entry.levels) and (topic is None or topic in entry.topics)
        ]


def _read(path: Path) -> tuple[list[HelpEntry], list[Problem]]:
    file = SourceFile(path=path)
    data = read_yaml(file, NOT_A_HELP_FILE)
    if data is None:
        return [], file.sorted_problems()
    try:
        return list(HelpFile.model_validate(data).entries), []
    except ValidationError as exc:

        def known(loc) -> list[str]:
            model = HelpEntry if "entries" in loc else HelpFile
            return list(fields_of(model))

        for error in exc.errors(include_url=False):
            msgid, params = message(error, tuple(error["loc"]), known)
            file.problems.append(file.problem(tuple(error["loc"]), msgid, **params))
        return [], file.sorted_problems()


def load_help(lessons_dir: Path | None) -> HelpDirectory:
    """The help directory of the installation whose lessons live in ``lessons_dir``."""
    national, _ = _read(NATIONAL_HELP)
    local: list[HelpEntry] = []
    problems: list[Problem] = []
    if lessons_dir is not None and (lessons_dir / LOCAL_HELP_FILE).is_file():
        local, problems = _read(lessons_dir / LOCAL_HELP_FILE)
    return HelpDirectory(tuple(local), tuple(national), tuple(problems))


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|!])")


def _plain(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def help_markdown(entries: list[HelpEntry], gettext: Callable[[str], str] = lambda s: s) -> str:
    """The entries as a Markdown list; their texts can never add markup or links."""
    if not entries:
        return _plain(gettext(N_("Ask your teacher where you can find help nearby.")))
    lines = []
    for entry in entries:
        line = f"- **{_plain(entry.name)}**: {_plain(entry.what)}"
        if entry.phone:
            line += " " + _plain(gettext(N_("Call %(phone)s.")) % {"phone": entry.phone})
        if entry.url:
            shown = re.sub(r"^https?://(www\.)?", "", entry.url).rstrip("/")
            line += f" [{_plain(shown)}](<{entry.url}>)"
        lines.append(line)
    return "\n".join(lines)


def expand_placeholders(
    text: str,
    directory: HelpDirectory,
    levels: Iterable[str],
    gettext: Callable[[str], str] = lambda s: s,
) -> str:
    """Markdown with each ``[[lokale-hulp…]]`` line replaced by the list of help for ``levels``."""
    levels = list(levels)

    def listing(match: re.Match[str]) -> str:
        topic = match.group(1)
        if topic is not None and topic not in TOPICS:
            return match.group(0)  # reported by ``lessons check``; shown as written
        return "\n" + help_markdown(directory.entries(levels, topic), gettext) + "\n"

    return HELP_PLACEHOLDER.sub(listing, text)


# --- games: plain texts, expanded when the scenario is loaded ------------------------------


def help_plain(entries: list[HelpEntry]) -> str:
    """The entries as one line of plain text, for game texts (which are not Markdown)."""
    parts = []
    for entry in entries:
        reach = [entry.phone] if entry.phone else []
        if entry.url:
            reach.append(re.sub(r"^https?://(www\.)?", "", entry.url).rstrip("/"))
        parts.append(f"{entry.name} ({', '.join(reach)})" if reach else entry.name)
    return "; ".join(parts)


def expand_in_game(
    data: Any, directory: HelpDirectory, levels: list[str], report: Callable[[Loc, Issue], None]
) -> Any:
    """Scenario data with every ``[[lokale-hulp…]]`` in a text replaced by plain help text (a
    game text may use it inside a sentence); unknown placeholders are reported at their key."""

    def walk(value: Any, loc: Loc) -> Any:
        if isinstance(value, dict):
            return {key: walk(item, (*loc, key)) for key, item in value.items()}
        if isinstance(value, list):
            return [walk(item, (*loc, index)) for index, item in enumerate(value)]
        if not isinstance(value, str) or "[[" not in value:
            return value
        for issue in check_placeholders(value):
            if issue.msgid != NOT_ON_ITS_LINE:  # inside a sentence is fine in a game
                report(loc, issue)

        def listing(match: re.Match[str]) -> str:
            known = PLACEHOLDER_TEXT.fullmatch(match.group(1))
            if known is None or (known.group(1) and known.group(1) not in TOPICS):
                return match.group(0)
            entries = directory.entries(levels, known.group(1))
            return help_plain(entries) or match.group(0)

        return ANY_PLACEHOLDER.sub(listing, value)

    return walk(data, ())
