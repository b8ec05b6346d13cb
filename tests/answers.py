"""Right and wrong form answers for any step, from its content: tests can play any module."""

from __future__ import annotations


def right_answer(step) -> dict:
    kind = step.type
    if kind == "single_choice":
        return {"choice": next(o.id for o in step.options if o.correct)}
    if kind == "multiple_choice":
        return {"choice": [o.id for o in step.options if o.correct]}
    if kind == "true_false":
        return {"choice": "true" if step.answer else "false"}
    if kind == "numeric":
        return {"amount": f"{step.answer // 100},{step.answer % 100:02d}"}
    if kind == "ordering":
        return {f"position-{item.id}": str(n) for n, item in enumerate(step.items, start=1)}
    if kind == "categorise":
        return {f"category-{item.id}": item.category for item in step.items}
    if kind == "reflection":
        return {"text": "Ik spaar voortaan eerst en koop daarna."}
    if kind == "self_efficacy":  # no right answer: any complete rating will do
        return {f"rating-{s.id}": str(n % 5 + 1) for n, s in enumerate(step.statements, start=3)}
    raise AssertionError(f"no answer for {kind}")


def wrong_answer(step) -> dict | None:
    """A complete but wrong answer; None for steps that have no wrong answer."""
    kind = step.type
    if kind == "single_choice":
        return {"choice": next(o.id for o in step.options if not o.correct)}
    if kind == "multiple_choice":
        wrong = [o.id for o in step.options if not o.correct]
        return {"choice": wrong or [step.options[0].id]}
    if kind == "true_false":
        return {"choice": "false" if step.answer else "true"}
    if kind == "numeric":
        cents = step.answer + step.tolerance + 1000
        return {"amount": f"{cents // 100},{cents % 100:02d}"}
    if kind == "ordering":
        count = len(step.items)
        return {f"position-{item.id}": str(count - n) for n, item in enumerate(step.items)}
    if kind == "categorise":
        other = {c.id: next(o.id for o in step.categories if o.id != c.id) for c in step.categories}
        return {f"category-{item.id}": other[item.category] for item in step.items}
    return None
