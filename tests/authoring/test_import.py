"""Import through the browser: a module.yaml, scenario.yaml or zip of a lesson folder becomes a
draft of the author's organisation, checked as ``lessons check`` checks it, with the same file and
line in every message; ids of other organisations and of the lessons folder are refused."""

from __future__ import annotations

from sqlmodel import select

from leergang.auth.models import StaffUser
from leergang.authoring.models import AuditEntry, ContentVersion, VersionStatus
from leergang.authoring.translations import DONE, texts_for
from leergang.db import new_session
from tests.authoring.helpers import (
    IMAGE,
    MODULE,
    db_state,
    folder_entries,
    module_zip,
    upload,
    zip_of,
)
from tests.helpers import LESSONS_DIR

IMPORT = "/author/import"


def own_text(module: str = MODULE, new_id: str = "mijn-les") -> str:
    text = (LESSONS_DIR / module / "module.yaml").read_text(encoding="utf-8")
    return text.replace(f"id: {module}\n", f"id: {new_id}\n", 1)


def own_zip(text: str | None = None, folder: str = "mijn-les", **more: bytes) -> bytes:
    """A zip of a new module folder: module.yaml (default: ``own_text()``), its image, more."""
    entries = {
        f"{folder}/module.yaml": (text or own_text()).encode(),
        f"{folder}/{IMAGE}": (LESSONS_DIR / MODULE / IMAGE).read_bytes(),
    }
    entries.update(more)
    return zip_of(entries)


def rows(app):
    with app.app_context(), new_session() as session:
        return session.exec(select(ContentVersion).order_by(ContentVersion.id)).all()


def test_a_zip_of_a_new_module_becomes_a_draft_with_its_image(app, author):
    entries = {
        name.replace(f"{MODULE}/", "mijn-les/"): data
        for name, data in folder_entries(LESSONS_DIR / MODULE).items()
    }
    entries["mijn-les/module.yaml"] = own_text().encode()
    response = upload(author, IMPORT, "mijn-les.zip", zip_of(entries))
    assert response.status_code == 303, response.text
    assert response.headers["Location"] == "/author/module/mijn-les/images"
    [row] = rows(app)
    assert (row.kind, row.content_id, row.status, row.version) == (
        "module",
        "mijn-les",
        VersionStatus.DRAFT,
        "1.1",
    )
    assert row.yaml_text == own_text()
    assert sorted(row.assets) == [IMAGE]
    page = author.get(response.headers["Location"]).text
    assert "mijn-les versie 1.1 is nu een concept, met 1 afbeelding(en)." in page
    # The translation is kept with the draft; teacher guides have no place there, and the
    # author is told so.
    assert "Vertalingen bewaard bij het concept: module.en.yaml." in page
    assert (
        "Gecontroleerd, maar niet geïmporteerd: teacher-guide.en.md, teacher-guide.md. "
        "Handleidingen voor de docent kunnen nog niet bij een versie uit de browser worden "
        "bewaard. Houd ze in de lessenmap." in page
    )
    english = (LESSONS_DIR / MODULE / "module.en.yaml").read_text(encoding="utf-8")
    assert row.translations == {"en": english}
    assert set(row.translation_sources) == {"en"} and row.translation_sources["en"]
    with app.app_context(), new_session() as session:
        whats = session.exec(select(AuditEntry.what)).all()
    assert any(w.startswith("imported module mijn-les") and "[en]" in w for w in whats)
    # Nothing shows as untranslated or out of date after the import.
    assert {text.state for text in texts_for(row, "en")} == {DONE}


def test_a_translation_that_does_not_fit_refuses_the_whole_import(app, author):
    """``lessons check`` reads a translation with a key the Dutch lacks as a problem; storing it
    would give a draft whose translation is broken. Nothing is imported, the problem is shown."""
    entries = {
        name.replace(f"{MODULE}/", "mijn-les/"): data
        for name, data in folder_entries(LESSONS_DIR / MODULE).items()
    }
    entries["mijn-les/module.yaml"] = own_text().encode()
    entries["mijn-les/module.en.yaml"] = b"title: Need or want\nsteps:\n  - id: bestaat-niet\n"
    response = upload(author, IMPORT, "mijn-les.zip", zip_of(entries))
    assert response.status_code == 422
    assert "mijn-les/module.en.yaml:" in response.text
    assert rows(app) == []


def test_a_single_scenario_yaml_becomes_a_game_draft(app, author):
    text = (LESSONS_DIR / "sparen-voor" / "scenario.yaml").read_text(encoding="utf-8")
    text = text.replace("id: sparen-voor\n", "id: mijn-spel\n", 1)
    assert "id: mijn-spel\n" in text
    response = upload(author, IMPORT, "scenario.yaml", text.encode())
    assert response.status_code == 303, response.text
    [row] = rows(app)
    assert (row.kind, row.content_id, row.yaml_text) == ("game", "mijn-spel", text)


def test_problems_are_listed_with_file_and_line_and_nothing_is_stored(app, author):
    text = own_text().replace("type: single_choice", "type: single_choise", 1)
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "single_choise" in t)
    before = db_state(app)
    response = upload(author, IMPORT, "module.yaml", text.encode())
    assert response.status_code == 422
    page = response.text
    assert "Er is niets geïmporteerd" in page
    assert f"mijn-les/module.yaml:{line}: Onbekend staptype &#34;single_choise&#34;" in page
    assert db_state(app) == before


def test_a_missing_image_is_reported_as_lessons_check_reports_it(app, author):
    response = upload(author, IMPORT, "module.yaml", own_text().encode())
    assert response.status_code == 422
    line = next(n for n, t in enumerate(own_text().splitlines(), 1) if f"]({IMAGE})" in t)
    assert f"mijn-les/module.yaml:{line}: Afbeelding" in response.text
    assert rows(app) == []


def test_an_id_of_the_lessons_folder_is_refused(app, author):
    before = db_state(app)
    response = upload(author, IMPORT, f"{MODULE}.zip", module_zip())
    assert response.status_code == 403
    assert f"Het id &#34;{MODULE}&#34; is een les uit de lessenmap van Leergang" in response.text
    assert db_state(app) == before


def test_the_lessons_organisation_may_import_an_id_of_the_lessons_folder(app, author):
    app.config["LESSONS_ORGANISATION"] = "Wijzer in Geldzaken"
    assert upload(author, IMPORT, f"{MODULE}.zip", module_zip()).status_code == 303
    assert [r.content_id for r in rows(app)] == [MODULE]


def test_an_id_of_another_organisation_is_refused(app, sign_in):
    nibud = sign_in("other")
    zipped = own_zip()
    assert upload(nibud, IMPORT, "mijn-les.zip", zipped).status_code == 303
    before = db_state(app)
    response = upload(sign_in("author"), IMPORT, "mijn-les.zip", zipped)
    assert response.status_code == 403
    assert "Het id &#34;mijn-les&#34; hoort bij een andere organisatie" in response.text
    assert db_state(app) == before


def test_a_module_cannot_take_the_id_of_a_game(app, author):
    zipped = own_zip(own_text(new_id="sparen-voor"), "sparen-voor")
    response = upload(author, IMPORT, "sparen-voor.zip", zipped)
    assert response.status_code == 400
    assert "Het id &#34;sparen-voor&#34; is al in gebruik door scenario.yaml" in response.text
    assert rows(app) == []


def test_an_open_draft_is_replaced_only_when_asked(app, author):
    zipped = own_zip()
    assert upload(author, IMPORT, "mijn-les.zip", zipped).status_code == 303
    changed = own_zip(own_text().replace('"1.1"', '"1.2"'))
    before = db_state(app)
    response = upload(author, IMPORT, "mijn-les.zip", changed)
    assert response.status_code == 400
    assert "Er is al een concept van &#34;mijn-les&#34; (versie 1.1)" in response.text
    assert db_state(app) == before
    assert upload(author, IMPORT, "mijn-les.zip", changed, replace="1").status_code == 303
    [row] = rows(app)
    assert (row.version, row.revision) == ("1.2", 2)


def test_files_a_lesson_folder_does_not_hold_are_named_and_left_out(app, author):
    zipped = own_zip(**{"mijn-les/notities.txt": b"mijn aantekeningen",
                        "__MACOSX/mijn-les/._module.yaml": b"\x00\x05",
                        "mijn-les/.DS_Store": b"\x00"})  # fmt: skip
    response = upload(author, IMPORT, "mijn-les.zip", zipped)
    assert response.status_code == 303
    assert "Niet geïmporteerd: notities.txt." in author.get(response.headers["Location"]).text
    assert sorted(rows(app)[0].assets) == [IMAGE]


def test_only_authors_import(app, sign_in, partners):
    zipped = module_zip()
    for email in ("leraar@demo.leergang.nl", "evaluator@demo.leergang.nl",
                  "admin@demo.leergang.nl"):  # fmt: skip
        actor = sign_in(email)
        assert actor.get(IMPORT).status_code == 403
        assert upload(actor, IMPORT, "x.zip", zipped).status_code == 403
    assert rows(app) == []


def test_an_author_without_an_organisation_is_told_so(app, sign_in):
    with app.app_context(), new_session(write=True) as session:
        sanne = session.exec(
            select(StaffUser).where(StaffUser.email == "auteur@demo.leergang.nl")
        ).one()
        sanne.organisation_id = None  # the demo puts her in the lesson files' organisation
        session.add(sanne)
        session.commit()
    demo_author = sign_in("auteur@demo.leergang.nl")
    zipped = own_zip()
    response = upload(demo_author, IMPORT, "mijn-les.zip", zipped)
    assert response.status_code == 403
    assert "partnerorganisatie" in response.text
    assert rows(app) == []
