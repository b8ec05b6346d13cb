"""Translating a draft in the browser: the Dutch beside the translation, what is untranslated or
out of date, saving with the draft's revision, who may open the page, and pupils who then read
the published version in their own language."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from leergang.auth.models import Role, StaffUser
from leergang.auth.services import hash_password
from leergang.authoring import services
from leergang.authoring.models import ContentVersion, Organisation, PublishedIsImmutable
from leergang.db import new_session
from tests.helpers import DEMO_AUTHOR, DRAFT_MODULE, LESSONS_DIR, Actor, demo_author_draft

URL = f"/author/module/{DRAFT_MODULE}/translate/en"
TITLE = "text:title"
FIRST = "text:steps/zelfvertrouwen-voor/statements/nodig-willen-kiezen/text"
SECOND_DUTCH = "Ik durf te wachten als ik iets graag wil kopen."  # left untranslated


@pytest.fixture
def draft(app, demo):
    return demo_author_draft(app)


@pytest.fixture
def author(app, draft):
    actor = Actor(app.test_client())
    actor.sign_in_staff(DEMO_AUTHOR)
    return actor


def revision(page: str) -> str:
    return re.search(r'name="revision" id="revision" value="(\d+)"', page).group(1)


def marks(page: str) -> list[str]:
    """The state marks of the texts in page order."""
    return re.findall(r'<span class="badge [a-z]+">([^<]+)</span>', page)


def save(actor, data: dict, htmx: bool = False, page: str | None = None):
    page = page if page is not None else actor.get(URL).get_data(as_text=True)
    return actor.post(URL, {"revision": revision(page), **data}, htmx=htmx)


def stored(app, draft_id: int) -> ContentVersion:
    with app.app_context(), new_session() as session:
        return session.get(ContentVersion, draft_id)


def publish(app, draft_id: int) -> None:
    """Review by the demo admin, then publish (the file version is 1.1, the draft 1.2)."""
    with app.app_context(), new_session(write=True) as session:
        row = session.get(ContentVersion, draft_id)
        author = session.exec(select(StaffUser).where(StaffUser.email == DEMO_AUTHOR)).one()
        admin = session.exec(select(StaffUser).where(StaffUser.role == Role.ADMIN)).first()
        services.submit_for_review(session=session, draft=row, author=author)
        services.approve(session=session, draft=row, reviewer=admin)
        services.publish(session=session, draft=row, by=admin, file_version="1.1")
    app.extensions["leergang.content_store"].refresh()


def test_the_page_shows_every_dutch_text_beside_an_empty_translation(author):
    page = author.get(URL).get_data(as_text=True)
    assert "Nodig of willen? vertalen in het Engels" in page
    assert '<div class="source-text" id="nl-0" lang="nl">Nodig of willen?</div>' in page
    assert SECOND_DUTCH in page
    assert 'for="text-0">title in het Engels</label>' in page
    assert set(marks(page)) == {"Nog niet vertaald"}
    count = len(marks(page))
    assert f"{count} teksten zijn nog niet vertaald." in page
    assert "0 vertalingen zijn verouderd" in page


def test_a_saved_translation_is_stored_as_an_overlay_and_shown_again(app, author, draft):
    response = save(author, {TITLE: "Need it or want it?", FIRST: "I can choose well."})
    assert response.status_code == 302
    page = author.get(URL).get_data(as_text=True)
    assert "De vertaling is opgeslagen." in page
    assert ">Need it or want it?</textarea>" in page and ">I can choose well.</textarea>" in page
    assert marks(page).count("Vertaald") == 2
    row = stored(app, draft)
    assert row.translations["en"] == (
        "title: Need it or want it?\n"
        "steps:\n"
        "- id: zelfvertrouwen-voor\n"
        "  statements:\n"
        "  - id: nodig-willen-kiezen\n"
        "    text: I can choose well.\n"
    )
    assert row.revision == 2


def test_a_published_translation_reaches_english_pupils_and_dutch_pupils_keep_dutch(
    app, author, draft, noor
):
    save(author, {TITLE: "Need it or want it?", FIRST: "I can choose well."})
    publish(app, draft)
    english, dutch = Actor(app.test_client()), Actor(app.test_client())
    for pupil in (english, dutch):
        pupil.sign_in_pupil("KTR947", noor)
    english.post("/language", {"lang": "en", "next": "/learn/"})
    assert "Need it or want it?" in english.get("/learn/").get_data(as_text=True)
    dutch_list = dutch.get("/learn/").get_data(as_text=True)
    assert "Nodig of willen?" in dutch_list and "Need it or want it?" not in dutch_list

    first = english.post(f"/learn/{DRAFT_MODULE}/start").headers["Location"]
    english_step = english.get(first).get_data(as_text=True)
    # The translated statement in English; the untranslated one stays Dutch, text by text.
    assert "I can choose well." in english_step and SECOND_DUTCH in english_step
    dutch_step = dutch.get(first).get_data(as_text=True)
    assert "I can choose well." not in dutch_step and "Ik kan kiezen tussen" in dutch_step


def test_a_published_versions_translations_are_frozen(app, author, draft):
    save(author, {TITLE: "Need it or want it?"})
    publish(app, draft)
    with app.app_context(), new_session(write=True) as session:
        row = session.get(ContentVersion, draft)
        row.translations = {"en": "title: Changed after publishing"}
        session.add(row)
        with pytest.raises(PublishedIsImmutable):
            session.commit()
    assert "Changed" not in stored(app, draft).translations["en"]
    assert author.get(URL).status_code == 404  # no open draft to translate any more


def test_a_translation_is_marked_out_of_date_when_the_dutch_text_changes(app, author, draft):
    save(author, {TITLE: "Need it or want it?", FIRST: "I can choose well."})
    with app.app_context(), new_session(write=True) as session:
        row = session.get(ContentVersion, draft)
        me = session.exec(select(StaffUser).where(StaffUser.email == DEMO_AUTHOR)).one()
        text = row.yaml_text.replace("title: Nodig of willen?", "title: Nodig of gewild?", 1)
        services.save_draft(session=session, kind="module", content_id=DRAFT_MODULE,
                            yaml_text=text, author=me, expected_revision=row.revision)  # fmt: skip
    page = author.get(URL).get_data(as_text=True)
    assert marks(page)[0] == "Verouderd: de Nederlandse tekst is veranderd"
    assert marks(page).count("Vertaald") == 1  # the statement's Dutch did not change
    assert "1 vertaling is verouderd, want het Nederlands is veranderd." in page
    assert 'name="confirm" value="title"' in page

    # Saving other texts keeps the mark: the title's translation was not looked at.
    page = author.get(URL).get_data(as_text=True)
    save(author, {TITLE: "Need it or want it?", FIRST: "I can choose very well."}, page=page)
    assert marks(author.get(URL).get_data(as_text=True))[0].startswith("Verouderd")
    # "Still right" makes it current again.
    save(author, {TITLE: "Need it or want it?", FIRST: "I can choose very well.",
                  "confirm": "title"})  # fmt: skip
    assert marks(author.get(URL).get_data(as_text=True))[0] == "Vertaald"


def test_two_authors_saving_the_same_revision_get_a_conflict_not_an_overwrite(app, author, draft):
    colleague = Actor(app.test_client())
    colleague.sign_in_staff(DEMO_AUTHOR)
    mine = author.get(URL).get_data(as_text=True)
    theirs = colleague.get(URL).get_data(as_text=True)
    assert save(colleague, {TITLE: "Their title"}, page=theirs).status_code == 302

    refused = save(author, {TITLE: "My title"}, page=mine)
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "heeft dit concept opgeslagen nadat jij het opende" in page
    assert ">My title</textarea>" in page  # the author's own text is still there to copy
    assert "Their title" in stored(app, draft).translations["en"]

    autosaved = save(author, {TITLE: "My title"}, htmx=True, page=mine)
    assert autosaved.status_code == 409
    assert "heeft dit concept opgeslagen nadat jij het opende" in autosaved.get_data(as_text=True)
    assert "My title" not in stored(app, draft).translations["en"]


def test_a_save_after_the_draft_was_published_says_who_and_keeps_the_text(app, author, draft):
    mine = author.get(URL).get_data(as_text=True)
    publish(app, draft)
    said = "heeft deze versie gepubliceerd nadat jij die opende. Kopieer eerst je eigen tekst"
    refused = save(author, {TITLE: "My title"}, page=mine)
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert f"Beheerder De Regenboog {said}" in page  # the demo admin published it
    assert ">My title</textarea>" in page  # still there to copy into a new draft
    assert f'href="/author/modules/{DRAFT_MODULE}/edit">Een nieuw concept beginnen</a>' in page
    autosaved = save(author, {TITLE: "My title"}, htmx=True, page=mine)
    assert autosaved.status_code == 409 and said in autosaved.get_data(as_text=True)
    assert "My title" not in stored(app, draft).translations.get("en", "")
    assert author.get(URL).status_code == 404  # reading it: there is no open draft


def test_an_autosave_answers_with_the_status_the_new_revision_and_the_marks(author):
    response = save(author, {TITLE: "Need it or want it?"}, htmx=True)
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert "<html" not in fragment and "Opgeslagen." in fragment
    assert 'id="revision" value="2" hx-swap-oob="true"' in fragment
    assert 'id="state-0" hx-swap-oob="true"' in fragment
    assert marks(fragment)[0] == "Vertaald" and marks(fragment)[1] == "Nog niet vertaald"
    assert '<p id="translate-summary" hx-swap-oob="true">' in fragment
    assert f"{len(marks(fragment)) - 1} teksten zijn nog niet vertaald." in fragment


@pytest.mark.parametrize(
    "text",
    ["<script>alert(1)</script>", "[klik](javascript:alert(1))", "<img/src=x/onerror=alert(1)>"],
)
def test_unsafe_text_is_refused_with_a_message_and_nothing_is_stored(app, author, draft, text):
    response = save(author, {TITLE: "Fine", FIRST: text})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'class="field-error"' in page and 'aria-invalid="true"' in page
    assert "Een paar vertalingen kunnen nog niet worden opgeslagen" in page
    row = stored(app, draft)
    assert row.translations == {} and row.revision == 1


def test_a_revision_that_is_no_number_is_a_bad_request(author):
    author.get(URL)
    for value in ("", "abc", "9" * 40):
        assert author.post(URL, {"revision": value, TITLE: "x"}).status_code == 400


@pytest.fixture
def other_author(app, demo):
    with app.app_context(), new_session(write=True) as session:
        nibud = Organisation(name="Nibud")
        session.add(nibud)
        session.flush()
        session.add(StaffUser(email="auteur@nibud.example", display_name="Nibud-auteur",
                              role=Role.AUTHOR, password_hash=hash_password("leergang-demo"),
                              organisation_id=nibud.id))  # fmt: skip
        session.commit()
    actor = Actor(app.test_client())
    actor.sign_in_staff("auteur@nibud.example")
    return actor


def test_only_an_author_of_the_organisation_may_open_it(app, draft, author, other_author):
    assert other_author.get(URL).status_code == 404
    assert other_author.post(URL, {"revision": "1", TITLE: "Stolen"}).status_code == 404
    for email in ("leraar@demo.leergang.nl", "evaluator@demo.leergang.nl",
                  "admin@demo.leergang.nl"):  # fmt: skip
        staff = Actor(app.test_client())
        staff.sign_in_staff(email)
        assert staff.get(URL).status_code == 403, email
    assert app.test_client().get(URL).headers["Location"].startswith("/login")
    elsewhere = (
        URL.replace("/en", "/nl"),
        URL.replace("/en", "/de"),
        URL.replace("/module/", "/game/"),
        URL.replace(DRAFT_MODULE, "sparen-voor"),
    )
    for url in elsewhere:
        assert author.get(url).status_code == 404, url
    assert stored(app, draft).translations == {}


def test_the_shipped_english_file_fills_the_page_and_nothing_is_out_of_date(app, author, draft):
    """An imported translation (the shipped module.en.yaml) shows every text as translated."""
    from leergang.authoring.translations import read_translation_files

    row = stored(app, draft)
    english = (LESSONS_DIR / DRAFT_MODULE / "module.en.yaml").read_text(encoding="utf-8")
    found = read_translation_files("module", row.yaml_text, {"module.en.yaml": english})
    translations, sources, problems = found
    assert problems == [] and translations == {"en": english}
    with app.app_context(), new_session(write=True) as session:
        row = session.get(ContentVersion, draft)
        row.translations, row.translation_sources = translations, sources
        session.add(row)
        session.commit()
    page = author.get(URL).get_data(as_text=True)
    assert set(marks(page)) == {"Vertaald"}
    assert ">Need or want?</textarea>" in page


def test_a_new_draft_after_publishing_keeps_the_translations_and_marks_what_changed(
    app, author, draft
):
    save(author, {TITLE: "Need it or want it?", FIRST: "I can choose well."})
    publish(app, draft)
    with app.app_context(), new_session(write=True) as session:
        me = session.exec(select(StaffUser).where(StaffUser.email == DEMO_AUTHOR)).one()
        text = stored(app, draft).yaml_text.replace('version: "1.2"', 'version: "1.3"', 1)
        text = text.replace("title: Nodig of willen?", "title: Nodig of gewild?", 1)
        services.save_draft(session=session, kind="module", content_id=DRAFT_MODULE,
                            yaml_text=text, author=me, expected_revision=None)  # fmt: skip
    page = author.get(URL).get_data(as_text=True)
    assert ">Need it or want it?</textarea>" in page and ">I can choose well.</textarea>" in page
    assert marks(page)[0].startswith("Verouderd") and marks(page).count("Vertaald") == 1


def test_a_game_draft_is_translated_text_by_text_too(app, author, draft):
    game = "sparen-voor"
    text = (LESSONS_DIR / game / "scenario.yaml").read_text(encoding="utf-8")
    version = re.search(r'^version: "([^"]+)"', text, re.MULTILINE).group(1)
    text = text.replace(f'version: "{version}"', 'version: "9.0"', 1)
    with app.app_context(), new_session(write=True) as session:
        me = session.exec(select(StaffUser).where(StaffUser.email == DEMO_AUTHOR)).one()
        row = services.save_draft(session=session, kind="game", content_id=game,
                                  yaml_text=text, author=me, expected_revision=None)  # fmt: skip
        game_draft = row.id
    url = f"/author/game/{game}/translate/en"
    page = author.get(url).get_data(as_text=True)
    assert "Sparen voor … vertalen in het Engels" in page and "Onderdeel cards" in page
    response = author.post(url, {"revision": revision(page), "text:title": "Saving up"})
    assert response.status_code == 302
    assert stored(app, game_draft).translations == {"en": "title: Saving up\n"}
    assert marks(author.get(url).get_data(as_text=True))[0] == "Vertaald"
