"""Dutch readability of a module: the Flesch–Douma score over the texts a pupil reads.

Flesch–Douma (W.H. Douma, 1960) is Flesch's Reading Ease fitted to Dutch:

    score = 206.84 − 0.77 × (syllables per 100 words) − 0.93 × (words per sentence)

Higher is easier: 60–70 is "fairly easy" (about B1), 70–80 "easy" (about A2). ``textstat`` with
``set_lang("nl")`` uses the same constants, but it counts sentences with a regular expression
over plain text, drops sentences of two words or fewer while still counting their words, and
knows nothing of Markdown, so list items and option texts without a full stop merge into long
"sentences". We therefore count ourselves:

- texts: title, description, learning goals, and per step its title, body, prompt, hint, every
  feedback, and the texts of options, items, categories and self-efficacy statements (not
  sources, authors or ids);
- every Markdown block (paragraph, list item, heading, table cell) and every short text (an
  option, a title) ends a sentence; inside a block a sentence ends at ``.``, ``!``, ``?`` or ``…``
  followed by a space;
- words: runs of letters or digits (``12,50``, ``auto's`` and ``Albert-Heijn`` are one word);
- syllables: pyphen's Dutch hyphenation (the LibreOffice ``nl_NL`` patterns), hyphen points + 1
  per part of a hyphenated word; a number (``12,50``) counts as one syllable.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import pyphen
from markdown_it import MarkdownIt

from .schema import Module
from .steps import OutcomeFeedback

# The minimum score per level: groep 7/8 read at about A2, VMBO at about B1 (see lessons/README).
MINIMUM_SCORE = {"po-7": 70, "po-8": 70, "vmbo-bb": 60, "vmbo-kb": 60, "vmbo-gt": 60}

_md = MarkdownIt("commonmark").enable("table")
_WORD = re.compile(r"[^\W_]+(?:[-'’.,][^\W_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+")


@dataclass(frozen=True)
class Readability:
    sentences: int
    words: int
    syllables: int

    @property
    def score(self) -> float:
        """The Flesch–Douma score (0 for a text without words)."""
        if not self.words:
            return 0.0
        return (
            206.84
            - 0.77 * (100 * self.syllables / self.words)
            - 0.93 * (self.words / self.sentences)
        )


def readability(texts: list[str]) -> Readability:
    """Sentences, words and syllables of Markdown texts, each text read as its own block(s)."""
    sentences = words = syllables = 0
    for block in (b for text in texts for b in _blocks(text)):
        for sentence in _SENTENCE_END.split(block):
            found = _WORD.findall(sentence)
            if found:
                sentences += 1
                words += len(found)
                syllables += sum(count_syllables(word) for word in found)
    return Readability(sentences, words, syllables)


def module_readability(module: Module) -> Readability:
    return readability(list(pupil_texts(module)))


def minimum_score(module: Module) -> int:
    """A module for several levels must meet the strictest of their minimums."""
    return max(MINIMUM_SCORE[level] for level in module.levels)


def count_syllables(word: str) -> int:
    return sum(_syllables(part) for part in word.lower().split("-") if part)


@cache
def _syllables(part: str) -> int:
    if any(char.isdigit() for char in part):
        return 1  # an amount or a number
    letters = "".join(char for char in part if char.isalpha())
    return len(_dutch().positions(letters)) + 1 if letters else 0


@cache
def _dutch() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="nl_NL")


def pupil_texts(module: Module) -> Iterator[str]:
    """Every text a pupil reads in the module, in order."""
    yield module.title
    yield module.description
    yield from module.learning_goals
    for step in module.steps:
        for name in ("title", "body", "prompt", "hint", "feedback"):
            value = getattr(step, name, None)
            if isinstance(value, OutcomeFeedback):
                yield value.correct
                yield value.incorrect
            elif isinstance(value, str):
                yield value
        for name in ("options", "items", "categories", "statements"):
            for entry in getattr(step, name, None) or ():
                for field in ("text", "label", "feedback"):
                    value = getattr(entry, field, None)
                    if isinstance(value, str):
                        yield value


def _blocks(text: str) -> Iterator[str]:
    """The plain text of each Markdown block (links keep their text; images are left out)."""
    for token in _md.parse(text):
        if token.type != "inline":
            continue
        parts = []
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
        plain = "".join(parts).strip()
        if plain:
            yield plain
