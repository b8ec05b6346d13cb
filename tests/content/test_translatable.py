"""Translations made in the browser meet file translations without loss: every shipped
``module.en.yaml`` and ``scenario.en.yaml``, read into texts by key and written back as an
overlay, gives the same translated module or game as the file itself."""

from __future__ import annotations

import pytest

from leergang.content.translatable import (
    build_overlay,
    dutch_data,
    overlay_values,
    text_slots,
    translate_module_text,
    translate_scenario_text,
)
from tests.helpers import LESSONS_DIR

TRANSLATIONS = sorted(LESSONS_DIR.glob("*/*.en.yaml"))


@pytest.mark.parametrize("path", TRANSLATIONS, ids=[p.parent.name for p in TRANSLATIONS])
def test_texts_by_key_rebuild_the_same_translation(path):
    kind = "module" if path.name.startswith("module.") else "game"
    dutch = (path.parent / path.name.replace(".en.yaml", ".yaml")).read_text(encoding="utf-8")
    english = path.read_text(encoding="utf-8")
    slots = {slot.key: slot for slot in text_slots(kind, dutch_data(kind, dutch))}
    values = overlay_values(english)
    assert set(values) <= set(slots), "a translated text has no place on the translate page"
    translate = translate_module_text if kind == "module" else translate_scenario_text
    from_file, problems = translate(dutch, "en", english)
    assert problems == []
    rebuilt, problems = translate(dutch, "en", build_overlay(dutch_data(kind, dutch), values))
    assert problems == []
    assert rebuilt.model_dump() == from_file.model_dump()
    assert rebuilt.title != dutch_data(kind, dutch)["title"]


def test_an_empty_translation_is_no_overlay_and_a_partial_one_keeps_the_dutch():
    dutch = (LESSONS_DIR / "nodig-of-willen" / "module.yaml").read_text(encoding="utf-8")
    data = dutch_data("module", dutch)
    assert build_overlay(data, {}) == ""
    overlay = build_overlay(data, {"learning_goals/1": "I know what ads want."})
    module, problems = translate_module_text(dutch, "en", overlay)
    assert problems == []
    assert module.learning_goals[1] == "I know what ads want."
    assert module.learning_goals[0] == data["learning_goals"][0]  # still Dutch
    assert overlay_values(overlay) == {
        **{f"learning_goals/{i}": goal for i, goal in enumerate(data["learning_goals"])},
        "learning_goals/1": "I know what ads want.",
    }
