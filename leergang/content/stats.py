"""Figures about modules for authors and editors: size, readability, tests, theme coverage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

from .fields import Level, Theme
from .readability import minimum_score, module_readability
from .schema import Module

LEVELS: tuple[str, ...] = get_args(Level)
THEMES: tuple[str, ...] = get_args(Theme)


@dataclass(frozen=True)
class ModuleStats:
    id: str
    levels: tuple[str, ...]
    steps: int
    minutes: int
    words: int
    score: float  # Flesch–Douma
    minimum: int
    pre_items: int
    post_items: int

    @property
    def readable(self) -> bool:
        return round(self.score, 1) >= self.minimum


def module_stats(module: Module) -> ModuleStats:
    readability = module_readability(module)
    return ModuleStats(
        id=module.id,
        levels=tuple(module.levels),
        steps=len(module.steps),
        minutes=module.minutes,
        words=readability.words,
        score=readability.score,
        minimum=minimum_score(module),
        pre_items=len(module.knowledge_check_steps("pre")),
        post_items=len(module.knowledge_check_steps("post")),
    )


def theme_coverage(modules: list[Module]) -> dict[str, dict[str, int]]:
    """Per level and Nibud theme, how many modules teach it."""
    return {
        level: {
            theme: sum(1 for m in modules if level in m.levels and theme in m.themes)
            for theme in THEMES
        }
        for level in LEVELS
    }
