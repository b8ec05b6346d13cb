"""Anonymous events written straight into the database, for the evaluator's tests.

Events written this way skip ``record``; call ``summaries.rebuild`` before reading figures.

``pupil_events`` gives one pupil a module: started, the pre-test with ``pre`` answers right,
the post-test with ``post`` right, finished when asked; scores are 1 or 0 per question.
"""

from __future__ import annotations

import secrets

from leergang.metrics.models import ActivityEvent, ActivityKind, AnswerEvent


def pupil_events(
    *, module, school_key: str, class_key: str, pre: int, post: int, group: str = "lesson",
    level: str = "po-8", school_year: str = "2026-2027", week: str = "2026-W48",
    finished: bool = True, research_use: bool = True, pseudonym: str | None = None,
) -> list:  # fmt: skip
    pseudonym = pseudonym or secrets.token_hex(12)
    context = {
        "pseudonym": pseudonym, "school_key": school_key, "class_key": class_key,
        "group": group, "level": level, "school_year": school_year, "iso_week": week,
        "research_use": research_use,
    }  # fmt: skip
    events: list = [
        ActivityEvent(
            **context,
            kind=ActivityKind.MODULE_STARTED,
            item_id=module.id,
            item_version=module.version,
        )  # fmt: skip
    ]
    for test, right in (("pre", pre), ("post", post)):
        for index, step in enumerate(module.knowledge_check_steps(test)):
            correct = index < right
            events.append(
                AnswerEvent(**context, module_id=module.id, module_version=module.version,
                            step_id=step.id, correct=correct, score=1.0 if correct else 0.0,
                            knowledge_check_test=test,
                            knowledge_check_construct=step.knowledge_check.construct_id)
            )  # fmt: skip
    if finished:
        events.append(
            ActivityEvent(
                **context,
                kind=ActivityKind.MODULE_FINISHED,
                item_id=module.id,
                item_version=module.version,
            )  # fmt: skip
        )
    return events
