"""Problems and errors that content code reports, with translatable message ids.

Every message id is an English sentence wrapped in ``N_()`` so ``pybabel extract -k N_`` finds it;
translation happens only when a message is shown (``Problem.format(gettext)``), because the loader
runs outside any request or locale.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def N_(message: str) -> str:
    """Mark a message id for extraction without translating it (translation happens on display)."""
    return message


Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a lesson file, at a 1-based line."""

    path: Path
    line: int
    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def message(self, gettext: Callable[[str], str] = lambda s: s) -> str:
        return gettext(self.msgid) % dict(self.params)

    def format(
        self,
        gettext: Callable[[str], str] = lambda s: s,
        *,
        base: Path | None = None,
        label: str | None = None,
    ) -> str:
        """``path:line: message``; with ``base``, the path is shown relative to it when possible;
        a ``label`` ("warning") goes before the message."""
        path = self.path
        if base is not None:
            try:
                path = path.resolve().relative_to(base.resolve())
            except ValueError:
                pass
        prefix = f"{label}: " if label else ""
        return f"{path}:{self.line}: {prefix}{self.message(gettext)}"


@dataclass(frozen=True)
class Issue:
    """A problem found while validating, before its file and line are known.

    ``loc`` is relative to the object being validated (pydantic adds the rest); ``text_line`` is a
    0-based line inside a Markdown text, so a report can point into a ``|`` block.
    """

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)
    loc: Loc = ()
    text_line: int | None = None


class ContentError(ValueError):
    """Raised from pydantic validators; carries one or more issues with translatable messages."""

    def __init__(self, *issues: Issue):
        super().__init__("; ".join(i.msgid % dict(i.params) for i in issues))
        self.issues = issues


def fail(msgid: str, loc: Loc = (), **params: Any) -> ContentError:
    """Shorthand for a ``ContentError`` with a single issue: ``raise fail(N_("..."), x=1)``."""
    return ContentError(Issue(msgid, params, loc))


class AnswerError(ValueError):
    """A pupil's answer is incomplete or not one the step offers; shown to the pupil."""

    def __init__(self, msgid: str, **params: Any):
        super().__init__(msgid % params)
        self.msgid = msgid
        self.params = params

    def message(self, gettext: Callable[[str], str] = lambda s: s) -> str:
        return gettext(self.msgid) % self.params


def issue(msgid: str, loc: Loc = (), **params: Any) -> Issue:
    """An ``Issue`` written like ``fail``: ``issue(N_("..."), loc=("options",), step=step_id)``."""
    return Issue(msgid, params, loc)
