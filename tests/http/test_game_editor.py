"""The budget-game editor over HTTP: start a game, edit it through the generated form (every
effect type of the registry), round trip every game in lessons/, inline validation with the
messages of ``lessons check``, revision conflicts, bad input, and who may open it."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select
from werkzeug.datastructures import MultiDict

from leergang.authoring.game_labels import unlabelled
from leergang.authoring.models import ContentKind, ContentVersion
from leergang.authoring.services import open_draft, save_draft
from leergang.content.effects import EFFECT_TYPES
from leergang.content.scenarios import parse_scenario_text
from leergang.db import new_session
from tests.helpers import AUTHOR_EMAIL, LESSONS_DIR, Actor, FormReader, author_of

GAMES = sorted(path.parent.name for path in LESSONS_DIR.glob("*/scenario.yaml"))
NEW = {"id": "fiets", "title": "Sparen voor een fiets", "level": "po-8", "unit": "week",
       "count": "6", "cash": "5,00", "goal": "20"}  # fmt: skip


@pytest.fixture
def author(app, demo):
    author_of(app, "Wijzer in Geldzaken")
    actor = Actor(app.test_client())
    actor.sign_in_staff(AUTHOR_EMAIL)
    return actor


def draft_text(app, content_id="fiets") -> str:
    with app.app_context(), new_session() as session:
        return open_draft(session=session, kind="game", content_id=content_id).yaml_text


def post_form(actor, url, fields):
    data = MultiDict(fields)
    data.setdefault("csrf_token", actor._token)
    return actor.client.post(url, data=data)


def submit(actor, content_id="fiets", **changes):
    """Open the editor, change fields as an author would, press a button (``op``)."""
    page = actor.get(f"/author/games/{content_id}/edit").get_data(as_text=True)
    return post_form(actor, f"/author/games/{content_id}/edit",
                     FormReader(page, "game-form").data(**changes))  # fmt: skip


def test_an_author_starts_a_game_and_lands_in_the_editor(app, author):
    assert author.get("/author/games/new").status_code == 200
    response = author.post("/author/games/new", NEW)
    assert response.status_code == 303
    assert response.headers["Location"] == "/author/games/fiets/edit"
    page = author.get("/author/games/fiets/edit").get_data(as_text=True)
    assert 'value="Sparen voor een fiets"' in page
    text = draft_text(app)
    assert "turns: {unit: week, count: 6}" in text and "cash: 5.00" in text
    # Required texts are still empty: the same message as lessons check, next to the field.
    assert "&#34;description&#34; ontbreekt" in page
    assert 'id="err-f-description"' in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("id", "Fiets!", "kleine letters"), ("id", "sparen-voor", "bestaat al"),
     ("count", "99", "2 tot en met 52"), ("goal", "veel", "12.50")],
)  # fmt: skip
def test_a_new_game_with_bad_basics_is_refused_and_nothing_is_made(app, author, field, value,
                                                                   message):  # fmt: skip
    response = author.post("/author/games/new", {**NEW, field: value})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context(), new_session() as session:
        assert session.exec(select(ContentVersion)).first() is None


def test_every_registered_effect_type_gets_its_own_form(app, author):
    author.post("/author/games/new", NEW)
    options = "cards.0.options.0.effects"
    for number, kind in enumerate(EFFECT_TYPES):
        response = submit(author, op=f"add:{options}", **{f"new-type:{options}": kind})
        assert response.status_code == 303, response.get_data(as_text=True)[:300]
        page = author.get(response.headers["Location"]).get_data(as_text=True)
        at = f"{options}.{number}"
        # The effect's human name first (here Dutch), then its type as the file writes it.
        legend = re.search(rf"<legend>Effect {number + 1}: ([^<]+)</legend>", page)
        assert legend is not None and legend[1] not in (kind, ""), kind
        for name, info in EFFECT_TYPES[kind].model_fields.items():
            key = info.alias or name
            if key != "type":  # a field, or the add button of a list of parts (debt stages)
                assert f'name="{at}.{key}"' in page or f'"add:{at}.{key}"' in page, (kind, key)
        assert f'<option value="{kind}">{legend[1]} ({kind})</option>' in page
    assert len(parse_text_effects(draft_text(app))) == len(EFFECT_TYPES)


def parse_text_effects(text):
    import yaml

    return yaml.safe_load(text)["cards"][0]["options"][0]["effects"]


def test_cards_are_added_moved_and_removed_with_buttons(app, author):
    author.post("/author/games/new", NEW)
    response = submit(author, op="add:cards")
    assert response.headers["Location"].endswith("focus=cards.1")
    submit(author, cards__1__title="Tweede kaart", op="up:cards.1")
    titles = [c.get("title") for c in yaml_of(draft_text(app))["cards"]]
    assert titles == ["Tweede kaart", None]
    submit(author, op="remove:cards.1")
    assert [c["id"] for c in yaml_of(draft_text(app))["cards"]] == ["new-2"]


def yaml_of(text):
    import yaml

    return yaml.safe_load(text)


@pytest.mark.parametrize("game", GAMES)
def test_every_game_in_lessons_round_trips_through_the_form(app, author, game):
    text = (LESSONS_DIR / game / "scenario.yaml").read_text(encoding="utf-8")
    _save(app, game, text)
    response = submit(author, game, op="save")
    assert response.status_code == 303
    saved = draft_text(app, game)
    assert saved != text  # really rewritten by the form …
    before, _ = parse_scenario_text(text)
    after, problems = parse_scenario_text(saved)
    assert not problems, [p.format() for p in problems]
    assert after.model_dump() == before.model_dump()  # … and equivalent


def _save(app, content_id, text, revision=None):
    from leergang.auth.models import StaffUser

    with app.app_context(), new_session(write=True) as session:
        user = session.exec(select(StaffUser).where(StaffUser.email == AUTHOR_EMAIL)).one()
        saved = save_draft(session=session, kind=ContentKind.GAME, content_id=content_id,
                           yaml_text=text, author=user, expected_revision=revision)  # fmt: skip
        return saved.revision


def test_a_wrong_value_gets_the_lessons_check_message_at_its_field(app, author):
    author.post("/author/games/new", NEW)
    submit(author, wellbeing__per_turn="4", op="save")
    page = author.get("/author/games/fiets/edit").get_data(as_text=True)
    _scenario, problems = parse_scenario_text(draft_text(app))
    expected = next(p for p in problems if "per_turn" in p.params.get("field", ""))
    with app.test_request_context():
        from flask_babel import gettext

        message = expected.message(gettext)
    assert "mag hoogstens 0 zijn" in message
    error = page.split('id="err-f-wellbeing-per_turn">')[1].split("</p>")[0]
    assert error == message.replace('"', "&#34;")
    assert f"scenario.yaml:{expected.line}</a>" in page


def test_a_stale_revision_is_a_conflict_and_the_typed_text_stays(app, author):
    author.post("/author/games/new", NEW)
    page = author.get("/author/games/fiets/edit").get_data(as_text=True)
    _save(app, "fiets", draft_text(app).replace("Sparen voor een fiets", "Door Kees"), 1)
    form = FormReader(page, "game-form").data(title="Mijn nieuwe titel", op="save")
    response = post_form(author, "/author/games/fiets/edit", form)
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "heeft dit concept opgeslagen" in body or "saved this draft" in body
    assert 'value="Mijn nieuwe titel"' in body  # nothing the author typed is lost
    assert "title: Door Kees" in draft_text(app)


COLLEAGUE = "collega@wijzer.example"


def test_a_save_after_the_game_was_published_says_who_and_the_typed_text_stays(app, author):
    from leergang.auth.models import StaffUser
    from leergang.authoring import services

    author_of(app, "Wijzer in Geldzaken", COLLEAGUE)  # reviews and publishes the game
    author.post("/author/games/new", NEW)
    page = author.get("/author/games/fiets/edit").get_data(as_text=True)
    shipped = (LESSONS_DIR / "sparen-voor" / "scenario.yaml").read_text(encoding="utf-8")
    revision = _save(app, "fiets", shipped.replace("id: sparen-voor", "id: fiets", 1), 1)
    with app.app_context(), new_session(write=True) as session:
        by_email = {u.email: u for u in session.exec(select(StaffUser)).all()}
        game = open_draft(session=session, kind=ContentKind.GAME, content_id="fiets")
        assert game.revision == revision
        services.submit_for_review(session=session, draft=game, author=by_email[AUTHOR_EMAIL])
        reviewer = by_email[COLLEAGUE]
        services.approve(session=session, draft=game, reviewer=reviewer)
        services.publish(session=session, draft=game, by=reviewer)
    form = FormReader(page, "game-form").data(title="Mijn nieuwe titel", op="save")
    response = post_form(author, "/author/games/fiets/edit", form)
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "collega heeft deze versie gepubliceerd nadat jij die opende." in body
    assert 'value="Mijn nieuwe titel"' in body  # nothing the author typed is lost
    with app.app_context(), new_session() as session:
        versions = session.exec(select(ContentVersion).where(ContentVersion.content_id == "fiets"))
        assert [v.status for v in versions] == ["published"]  # no new draft was made


def test_autosave_answers_with_the_new_revision(app, author):
    author.post("/author/games/new", NEW)
    page = author.get("/author/games/fiets/edit").get_data(as_text=True)
    form = FormReader(page, "game-form").data(title="Autosaved", autosave="1")
    data = MultiDict(form)
    headers = {"HX-Request": "true", "X-CSRFToken": author._token}
    response = author.client.post("/author/games/fiets/edit", data=data, headers=headers)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="revision" value="2"' in body and 'hx-swap-oob="true"' in body
    assert "title: Autosaved" in draft_text(app)


def test_bad_input_gets_a_clear_4xx_and_changes_nothing(app, author):
    author.post("/author/games/new", NEW)
    before = draft_text(app)
    huge = submit(author, description="x" * 300_000, op="save")
    assert huge.status_code == 413 and "256 kB" in huge.get_data(as_text=True)
    assert submit(author, op="explode:cards").status_code == 400
    assert submit(author, op="remove:cards.99").status_code == 400
    broken = post_form(author, "/author/games/fiets/edit",
                       [("yaml_text", "id: [unclosed"), ("revision", "1")])  # fmt: skip
    assert broken.status_code == 303  # a draft may be broken; it is kept, with its problems
    page = author.get("/author/games/fiets/edit").get_data(as_text=True)
    assert 'name="yaml_text"' in page and "Dit is geen geldige YAML" in page
    assert before != draft_text(app) == "id: [unclosed"


def test_only_authors_of_the_games_organisation_open_it(app, author, demo):
    author.post("/author/games/new", NEW)
    urls = ["/author/games/fiets/edit", "/author/games/fiets/playtest",
            "/author/games/fiets/balance"]  # fmt: skip
    for role_email in ("leraar@demo.leergang.nl", "evaluator@demo.leergang.nl"):
        other = Actor(app.test_client())
        other.sign_in_staff(role_email)
        assert all(other.get(url).status_code == 403 for url in urls + ["/author/games/new"])
    author_of(app, "Nibud", "schrijver@nibud.example")
    stranger = Actor(app.test_client())
    stranger.sign_in_staff("schrijver@nibud.example")
    assert all(stranger.get(url).status_code == 404 for url in urls)
    assert post_form(stranger, "/author/games/fiets/edit", [("title", "x")]).status_code == 404
    assert Actor(app.test_client()).get(urls[0]).status_code == 302  # sign in first


def test_a_new_effect_type_gets_its_form_without_an_editor_change(app, author, monkeypatch):
    from typing import Literal

    from leergang.content.effects import Amount, EffectBase
    from leergang.content.fields import Slug

    class Donate(EffectBase):
        type: Literal["donate"]
        amount: Amount
        charity: Slug
        anonymous: bool = False

    monkeypatch.setitem(EFFECT_TYPES, "donate", Donate)
    author.post("/author/games/new", NEW)
    effects = "cards.0.options.1.effects"
    response = submit(author, op=f"add:{effects}", **{f"new-type:{effects}": "donate"})
    page = author.get(response.headers["Location"]).get_data(as_text=True)
    assert "<legend>Effect 1: donate</legend>" in page  # no name yet: the type itself
    for field in ("amount", "charity", "anonymous"):
        assert f'name="{effects}.0.{field}"' in page
    # A field with no label in the mapping shows its key (and the label test names it).
    at = f"f-{effects.replace('.', '-')}-0"
    assert (f'<label for="{at}-charity">charity <small class="yaml-key"><code>charity</code>'
            in page)  # fmt: skip
    assert f'<label for="{at}-amount">Bedrag (euro) <small class="yaml-key">' in page
    assert {"Donate.charity", "Donate.anonymous", "effect type donate"} <= set(unlabelled())


def test_every_field_of_the_scenario_schema_has_a_label():
    """The game editor shows a human label per field; a new schema field, list or effect type
    without one is listed here (and shows its bare YAML key in the editor until it gets one)."""
    assert unlabelled() == []


def test_fields_show_a_dutch_label_with_the_yaml_key_in_small_print(app, author):
    text = (LESSONS_DIR / "bijna-18" / "scenario.yaml").read_text(encoding="utf-8")
    _save(app, "bijna-18", text)
    page = author.get("/author/games/bijna-18/edit").get_data(as_text=True)
    for name, label, key in [
        ("wellbeing-per_turn", "Verandering per beurt (−20 tot 0)", "per_turn"),
        ("title", "Titel", "title"),
        ("cards-0-options-0-text", "Tekst op de knop", "text"),
        ("goal-text", "Tekst als het doel gehaald is", "text"),
        ("wellbeing-start", "Welzijn bij de start (0–100)", "start"),
    ]:
        expected = f'<label for="f-{name}">{label} <small class="yaml-key"><code>{key}</code>'
        assert expected in page, name
    assert '<legend>Geld bij de start <small class="yaml-key"><code>start</code>' in page
    assert '<option value="pay">Betalen (pay)</option>' in page
    assert ">Toevoegen aan keuzekaarten<" in page
    # No field is named by its bare key: every label and legend starts with a human name.
    named = re.findall(r'<(?:label for="f-[^"]*"|legend)>([^<]*) <small class="yaml-key">'
                       r"<code>([^<]*)</code>", page)  # fmt: skip
    assert len(named) > 100
    assert [(shown, key) for shown, key in named if shown == key] == []
    assert "<legend>Kaart 1: " in page and "<legend>Optie 1: " in page


def test_events_are_edited_like_cards(app, author):
    author.post("/author/games/new", NEW)
    submit(author, op="add:events")
    submit(author, events__0__title="Je fiets is kapot", events__0__probability="30",
           events__0__if_flag="heeft-fiets", op="save")  # fmt: skip
    event = yaml_of(draft_text(app))["events"][0]
    assert event == {"id": "new-1", "title": "Je fiets is kapot", "probability": 30,
                     "if_flag": "heeft-fiets"}  # fmt: skip
    page = author.get("/author/games/fiets/edit").get_data(as_text=True)
    assert 'name="events.0.effects.#"' not in page  # no effects yet …
    assert 'value="add:events.0.effects"' in page  # … but they can be added
    # The event still lacks its text: the check's message sits at that field.
    assert 'id="err-f-events-0-text">&#34;text&#34; ontbreekt' in page


def test_a_text_the_form_cannot_show_opens_in_the_text_editor(app, author):
    author.post("/author/games/new", NEW)
    text = draft_text(app).replace("minutes: 15", "minutes: 15\nduur: 15")
    _save(app, "fiets", text, 1)
    page = author.get("/author/games/fiets/edit").get_data(as_text=True)
    assert 'name="yaml_text"' in page and "duur: 15" in page
    assert "Onbekend veld" in page  # the check's own message for the unknown key
    assert 'name="cards.#"' not in page  # the form would have dropped "duur"


def test_the_same_text_sent_twice_is_no_conflict(app, author):
    author.post("/author/games/new", NEW)
    page = author.get("/author/games/fiets/edit").get_data(as_text=True)
    form = FormReader(page, "game-form").data(title="Twee keer", op="save")
    assert post_form(author, "/author/games/fiets/edit", form).status_code == 303
    assert post_form(author, "/author/games/fiets/edit", form).status_code == 303  # stale, same
    changed = FormReader(page, "game-form").data(title="Anders", op="save")
    assert post_form(author, "/author/games/fiets/edit", changed).status_code == 409
