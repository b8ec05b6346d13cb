"""Right and wrong form answers for any step, from its content: tests can play any module.

Each step type knows its own sample answers (``StepBase.sample_form``), so a new step type needs
nothing here.
"""

from __future__ import annotations


def right_answer(step) -> dict:
    return step.sample_form(right=True)


def wrong_answer(step) -> dict | None:
    """A complete but wrong answer; None for steps that have no wrong answer."""
    return step.sample_form(right=False)
