"""The diff between two versions reads as changes to steps, not to YAML: added, removed, moved,
and per changed step the fields with old and new text. Re-indenting the file changes nothing."""

from __future__ import annotations

import pytest
import yaml

from leergang.authoring.diff import ADDED, CHANGED, MOVED, REMOVED, diff_items
from leergang.content import parse_module_text
from leergang.db import new_session
from tests.helpers import LESSONS_DIR, Actor

TEXT = (LESSONS_DIR / "nodig-of-willen" / "module.yaml").read_text(encoding="utf-8")


@pytest.fixture
def demo(demo, app):
    """The demo school with the demo partner's draft in review (version 1.2 of the module)."""
    from leergang.demo_authoring import seed_demo_draft

    with app.app_context(), new_session(write=True) as session:
        seed_demo_draft(session=session, lessons_dir=LESSONS_DIR)
    return demo


def parsed(data: dict):
    module, problems = parse_module_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert module is not None, [p.msgid for p in problems]
    return module


def test_a_reformatted_file_has_no_changes():
    data = yaml.safe_load(TEXT)
    assert diff_items(parsed(data), parse_module_text(TEXT)[0]).empty


def test_added_removed_moved_and_changed_steps_are_named_with_their_fields():
    old = yaml.safe_load(TEXT)
    new = yaml.safe_load(TEXT)
    explanations = [i for i, s in enumerate(new["steps"]) if s["type"] == "explanation"]
    first, second = explanations[0], explanations[1]
    removed = new["steps"].pop(second)
    new["steps"][first]["title"] = "Nodig of graag willen"
    moved = new["steps"].pop(first)
    new["steps"].insert(first + 2, moved)
    new["steps"].insert(1, {"id": "nieuwe-uitleg", "type": "explanation", "title": "Nieuw",
                            "body": "Een nieuwe stap."})  # fmt: skip
    new["title"] = "Nodig of willen? (nieuw)"

    result = diff_items(parsed(old), parsed(new))

    by_id = {p.part_id: p for p in result.parts}
    assert by_id["nieuwe-uitleg"].change == ADDED and by_id["nieuwe-uitleg"].new_position == 2
    assert by_id[removed["id"]].change == REMOVED
    assert by_id[moved["id"]].change == MOVED
    assert [(f.path, f.old, f.new) for f in by_id[moved["id"]].fields] == [
        ("title", "Nodig of willen", "Nodig of graag willen")
    ]
    assert len(result.parts) == 3  # nothing else moved or changed
    assert [(f.path, f.new) for f in result.metadata] == [("title", "Nodig of willen? (nieuw)")]


def test_a_changed_option_is_one_field_of_one_step():
    old, new = yaml.safe_load(TEXT), yaml.safe_load(TEXT)
    step = next(s for s in new["steps"] if s["type"] == "single_choice")
    option = step["options"][0]
    option["text"] = "Iets heel anders"
    [part] = diff_items(parsed(old), parsed(new)).parts
    assert part.part_id == step["id"] and part.change == CHANGED
    assert [f.path for f in part.fields] == [f"options.{option['id']}.text"]


def test_the_diff_page_shows_readable_change_lines(app, demo):
    sanne = Actor(app.test_client())
    sanne.sign_in_staff("auteur@demo.leergang.nl")
    page = sanne.get("/author/module/nodig-of-willen/diff")  # the folder's 1.1 → the draft 1.2
    assert page.status_code == 200
    text = " ".join(page.text.split())
    assert "Stap uitleg-nodig-willen gewijzigd" in text
    assert "<dt>body</dt>" in text and "<ins>" in text and "Wacht een week." in text
    assert "<dt>version</dt>" in text


def test_a_game_diff_names_cards_and_events():
    from leergang.content.scenarios import parse_scenario_text

    text = (LESSONS_DIR / "sparen-voor" / "scenario.yaml").read_text(encoding="utf-8")
    old, new = yaml.safe_load(text), yaml.safe_load(text)
    new["cards"][0]["title"] = "Een andere titel"
    removed = new["events"].pop()
    before = parse_scenario_text(text)[0]
    after, problems = parse_scenario_text(yaml.safe_dump(new, allow_unicode=True, sort_keys=False))
    assert after is not None, [p.msgid for p in problems]

    result = diff_items(before, after)

    assert [(p.kind, p.part_id, p.change) for p in result.parts] == [
        ("card", new["cards"][0]["id"], CHANGED),
        ("event", removed["id"], REMOVED),
    ]
    assert result.parts[0].fields[0].new == "Een andere titel"
    assert old["cards"][0]["title"] == result.parts[0].fields[0].old


def test_a_long_text_shows_only_the_paragraphs_that_changed():
    old, new = yaml.safe_load(TEXT), yaml.safe_load(TEXT)
    step = next(s for s in new["steps"] if s["type"] == "explanation")
    paragraphs = step["body"].strip().split("\n\n")
    step["body"] = "\n\n".join([*paragraphs[:-1], "Een nieuwe laatste alinea."])
    [part] = diff_items(parsed(old), parsed(new)).parts
    [field] = part.fields
    assert field.paragraphs == [
        ("=", ""), ("-", paragraphs[-1].strip()), ("+", "Een nieuwe laatste alinea.")
    ]  # fmt: skip
