"""What the game editor does besides the form: find an organisation's game, check a text the way
``lessons check`` does and place each problem at its field, start a new game, and compute the
balance table (judged by ``simulation.balance.verdicts``, the rule of the balance tests).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from leergang.auth.models import StaffUser
from leergang.authoring import game_forms
from leergang.authoring.models import ContentKind, ContentVersion
from leergang.authoring.services import open_draft, validate
from leergang.content import Problem
from leergang.content.loader import NOT_A_MODULE
from leergang.content.scenario_schema import Scenario
from leergang.content.yamlfile import SourceFile, read_yaml
from leergang.simulation.balance import STRATEGIES, Row, table

# The editor plays 200 runs per strategy (about a second on one core), not the 1,000 of the
# balance tests (five times longer, while a sync worker waits): the same rules judge them, so the
# verdict is CI's except for a game right at a limit.
BALANCE_SEEDS = range(200)
GAME = ContentKind.GAME


def game_version(*, session: Session, user: StaffUser, content_id: str) -> ContentVersion | None:
    """The version of ``content_id`` an author of its organisation works on: the open draft, else
    the newest version. None for anyone else (the page is then not found)."""
    if user.organisation_id is None:
        return None
    version = open_draft(session=session, kind=GAME, content_id=content_id)
    if version is None:
        version = session.exec(
            select(ContentVersion)
            .where(ContentVersion.kind == GAME, ContentVersion.content_id == content_id)
            .order_by(ContentVersion.id.desc())  # type: ignore[union-attr]
        ).first()
    if version is None or version.organisation_id != user.organisation_id:
        return None
    return version


def id_taken(*, session: Session, content_id: str, library: Any) -> bool:
    """Whether a module or game (in the database or in lessons/) already has this id."""
    if content_id in library.modules or content_id in library.scenarios:
        return True
    found = session.exec(
        select(ContentVersion.id).where(ContentVersion.content_id == content_id)
    ).first()
    return found is not None


def read_data(text: str) -> dict[str, Any] | None:
    """The mapping in a scenario text, or None when it is not readable YAML."""
    return read_yaml(SourceFile(path=Path("scenario.yaml")), NOT_A_MODULE, text)


@dataclass
class Checked:
    """A text checked as ``lessons check`` checks it."""

    scenario: Scenario | None
    problems: list[Problem]  # lines of the saved text
    anchors: list[str]  # per problem: the form name it belongs to ("" when unknown)


def check(*, content_id: str, text: str, data: dict[str, Any] | None = None) -> Checked:
    """Check ``text``; with the form's ``data``, also place every problem at its field (through
    a copy with every key on its own line, whose problems come in the same order)."""
    scenario, problems = validate(kind=GAME, content_id=content_id, yaml_text=text)
    anchors = [""] * len(problems)
    if data is not None and problems:
        block = game_forms.to_yaml(data, one_key_per_line=True)
        _item, placed = validate(kind=GAME, content_id=content_id, yaml_text=block)
        if len(placed) == len(problems):
            at_line = _names_by_line(block)
            anchors = [_anchor(at_line.get(p.line, ""), p) for p in placed]
    return Checked(scenario, problems, anchors)


def _anchor(name: str, problem: Problem) -> str:
    """A missing field is reported at its mapping's first line: point at the field itself."""
    field = str(problem.params.get("field", ""))
    if not name or not field or name.rpartition(".")[2] == field:
        return name
    parent = name.rpartition(".")[0]
    return f"{parent}.{field}" if parent else field


def _names_by_line(text: str) -> dict[int, str]:
    file = SourceFile(path=Path("scenario.yaml"))
    read_yaml(file, NOT_A_MODULE, text)
    names: dict[int, str] = {}
    for loc, line in file.lines.items():
        name = ".".join(str(part) for part in loc)
        if len(name) > len(names.get(line, "")):
            names[line] = name
    return names


def new_game_data(
    *, content_id: str, title: str, level: str, unit: str, count: str, cash: str, goal: str,
    author: str, organisation: str, example_source: str,
) -> dict[str, Any]:  # fmt: skip
    """The first draft of a new game: what the author typed, the rest left for the editor."""
    form = {
        "id": content_id, "version": "1", "title": title, "levels": [level], "minutes": "15",
        "authors.#": ["0"], "authors.0.name": author, "authors.0.organisation": organisation,
        "licence": "CC BY-SA 4.0", "sources.#": ["0"], "sources.0.id": "voorbeeld",
        "sources.0.title": example_source, "turns.unit": unit, "turns.count": count,
        "start.cash": cash, "start.source": "voorbeeld", "goal.amount": goal,
        "goal.source": "voorbeeld", "cards.#": ["0"], "cards.0.id": "kaart-1",
        "cards.0.turn": "1", "cards.0.options.#": ["0", "1"], "cards.0.options.0.id": "a",
        "cards.0.options.1.id": "b",
    }  # fmt: skip
    return game_forms.read_form(_Form(form))


class _Form(dict):
    """Just enough of a MultiDict for ``read_form``."""

    def getlist(self, key: str) -> list[str]:
        value = self.get(key)
        return [] if value is None else value if isinstance(value, list) else [value]


# --- balance ------------------------------------------------------------------------------------

_CACHE: OrderedDict[str, list[Row]] = OrderedDict()


def balance_rows(scenario: Scenario, text: str) -> list[Row]:
    """Outcomes per scripted strategy over ``BALANCE_SEEDS``, remembered for the last texts
    (the engine is deterministic by seed, so one text always gives the same table)."""
    digest = sha256(text.encode()).hexdigest()
    if digest not in _CACHE:
        _CACHE[digest] = table(scenario, BALANCE_SEEDS, STRATEGIES)
        while len(_CACHE) > 16:
            _CACHE.popitem(last=False)
    return _CACHE[digest]
