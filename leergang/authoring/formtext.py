"""What the editor page shows around the generated forms: labels in the reader's language, the
content check's messages next to the steps, and Markdown previews rendered as pupils see them.

A field or step type without a label here (a new step type) is shown with its name from
``module.yaml``, so a new type needs no change here to get a working form.
"""

from __future__ import annotations

from typing import Any, get_args

from flask_babel import gettext as _
from markupsafe import Markup

from leergang.authoring import editor, services
from leergang.authoring.stepforms import FieldSpec, choices_in_order, entries_of, shown
from leergang.content import N_, STEP_TYPES, render_markdown
from leergang.content.fields import Level
from leergang.content.local_help import expand_placeholders
from leergang.content.markdown import check_markdown

STEP_NAMES = {
    "explanation": N_("Explanation"),
    "single_choice": N_("Single choice"),
    "multiple_choice": N_("Multiple choice"),
    "true_false": N_("True or false"),
    "numeric": N_("Amount"),
    "ordering": N_("Put in order"),
    "categorise": N_("Sort into groups"),
    "reflection": N_("Reflection"),
    "self_efficacy": N_("How sure do you feel"),
}
# By "kind:name" first (feedback after a right answer is not an option's "correct"), then name.
LABELS = {
    "id": N_("Id"),
    "version": N_("Version"),
    "title": N_("Title"),
    "description": N_("Description"),
    "levels": N_("Levels"),
    "themes": N_("Themes"),
    "learning_goals": N_("Learning goals (one per line)"),
    "minutes": N_("Minutes"),
    "order": N_("Place in the curriculum"),
    "authors": N_("Authors"),
    "name": N_("Name"),
    "organisation": N_("Organisation"),
    "licence": N_("Licence"),
    "sources": N_("Sources"),
    "url": N_("Web address"),
    "year": N_("Year"),
    "check_by": N_("Check again by"),
    "body": N_("Text"),
    "prompt": N_("Question"),
    "hint": N_("Hint"),
    "knowledge_check": N_("Pre- or post-test item"),
    "test": N_("Test"),
    "construct": N_("Construct (what the item measures)"),
    "options": N_("Options"),
    "text": N_("Text"),
    "yes_no:correct": N_("This answer is right"),
    "markdown:correct": N_("Feedback after a right answer"),
    "markdown:incorrect": N_("Feedback after a wrong answer"),
    "feedback": N_("Feedback"),
    "pin": N_("Keep in place when shuffled"),
    "answer": N_("Answer"),
    "amount:answer": N_("Answer in euros"),
    "amount:tolerance": N_("Tolerance in euros"),
    "items": N_("Items"),
    "categories": N_("Groups"),
    "label": N_("Label"),
    "category": N_("Group (its id)"),
    "max_length": N_("Maximum number of characters"),
    "moment": N_("Moment"),
    "statements": N_("Statements"),
}
ENTRY_NAMES = {
    "options": N_("Option %(n)d"),
    "items": N_("Item %(n)d"),
    "categories": N_("Group %(n)d"),
    "statements": N_("Statement %(n)d"),
    "authors": N_("Author %(n)d"),
    "sources": N_("Source %(n)d"),
}


def label(spec: FieldSpec) -> str:
    msgid = LABELS.get(f"{spec.kind}:{spec.name}") or LABELS.get(spec.name)
    return _(msgid) if msgid else spec.name


def entry_name(spec: FieldSpec, number: int) -> str:
    msgid = ENTRY_NAMES.get(spec.name)
    return _(msgid, n=number) if msgid else f"{spec.name} {number}"


def step_name(step_type: str) -> str:
    msgid = STEP_NAMES.get(step_type)
    return _(msgid) if msgid else step_type


def markdown_html(text: str, levels: list[str] | None = None) -> Markup:
    """Markdown as the player renders it: the help placeholders expanded for the module's
    levels, then the same renderer and sanitiser. Images are named, not yet served."""
    from leergang.web import help_directory

    if not text:
        return Markup("")
    known = set(get_args(Level))
    chosen = [lv for lv in levels or [] if lv in known] or sorted(known)
    return Markup(render_markdown(expand_placeholders(text, help_directory(), chosen, _)))


def preview_html(text: str, levels: list[str]) -> dict[str, Any]:
    messages = [_(issue.msgid, **issue.params) for issue in check_markdown(text, None)]
    return {"html": markdown_html(text, levels), "messages": messages}


def module_form_problems(module_id: str, text: str) -> dict[int | None, list[str]]:
    """The messages of ``lessons check`` for a text, translated, by step (None: the module)."""
    _item, problems = services.validate(kind="module", content_id=module_id, yaml_text=text)
    placed = editor.place(text, problems)
    return {
        index: [problem.message(_) for problem in found] for index, found in placed.by_step.items()
    }


def editor_context(draft: Any, data: dict[str, Any] | None, text: str) -> dict[str, Any]:
    """What ``author/edit.html`` needs: the fields and values of the metadata and each step."""
    problems = module_form_problems(draft.content_id, text)
    steps = []
    raw_steps = (data or {}).get("steps")
    for index, step in enumerate(raw_steps if isinstance(raw_steps, list) else []):
        step = step if isinstance(step, dict) else {}
        step_type = str(step.get("type", ""))
        known = step_type in STEP_TYPES
        steps.append({
            "index": index,
            "type": step_type,
            "name": step_name(step_type) if known else step_type,
            "id": str(step.get("id", "")),
            "fields": editor.step_fields(step_type) if known else (),
            "values": step,
            "raw": None if known else editor.dump_yaml(step),
            "problems": problems.get(index, []),
        })  # fmt: skip
    levels = (data or {}).get("levels")
    return {
        "data": data,
        "meta_fields": editor.meta_fields(),
        "steps": steps,
        "problems": problems,
        "problem_count": sum(len(found) for found in problems.values()),
        "levels": levels if isinstance(levels, list) else [],
        "label": label,
        "entry_name": entry_name,
        "step_name": step_name,
        "shown": shown,
        "entries_of": entries_of,
        "choices_in_order": choices_in_order,
        "markdown": markdown_html,
    }
