"""A partner author writes a module in the browser with the keyboard: a new module, three step
types, a live Markdown preview, a step moved up, saved; axe-core finds nothing serious."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlmodel import select

from leergang.auth.models import StaffUser
from leergang.authoring.models import ContentVersion, Organisation
from leergang.content import parse_module_text
from leergang.db import new_session
from tests.helpers import assert_accessible, sign_in_teacher

AUTHOR = "auteur@demo.leergang.nl"


def _give_the_author_an_organisation(live_server) -> None:
    with live_server.app.app_context(), new_session(write=True) as session:
        org = Organisation(name="Wijzer in Geldzaken")
        session.add(org)
        session.flush()
        author = session.exec(select(StaffUser).where(StaffUser.email == AUTHOR)).one()
        author.organisation_id = org.id
        session.add(author)
        session.commit()


def _type_into(page, selector: str, text: str) -> None:
    page.locator(selector).focus()
    page.keyboard.type(text)


def _press(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).first.focus()
    page.keyboard.press("Enter")


def _add_step(page, kind: str, number: int) -> None:
    page.get_by_label("Soort stap").select_option(label=kind)
    _press(page, "Stap toevoegen")
    expect(
        page.get_by_role("heading", name=re.compile(re.escape(f"Stap {number}: {kind}")))
    ).to_be_focused()


def test_an_author_writes_a_module_with_the_keyboard(page, live_server):
    _give_the_author_an_organisation(live_server)
    sign_in_teacher(page, live_server, AUTHOR)
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    page.goto(live_server("/author/"))
    assert_accessible(page)
    page.get_by_role("link", name="Nieuwe module").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Nieuwe module")).to_be_visible()
    _type_into(page, "#new-title", "Sparen voor een fiets")
    _type_into(page, "#new-id", "sparen-voor-een-fiets")
    _type_into(page, "#new-description", "Hoe je spaart voor iets groots.")
    page.get_by_label("groep 8").focus()
    page.keyboard.press("Space")
    page.get_by_label("vooruitzien").focus()
    page.keyboard.press("Space")
    assert_accessible(page)
    _press(page, "Module maken")
    expect(page.get_by_role("heading", name="Sparen voor een fiets")).to_be_visible()

    _add_step(page, "Uitleg", 1)
    _type_into(page, "#f-s-0-body", "Sparen is **slim**.")
    expect(page.locator("#pv-f-s-0-body strong")).to_have_text("slim")  # the live preview
    _add_step(page, "Waar of niet waar", 2)
    _type_into(page, "#f-s-1-prompt", "Sparen kost geen moeite.")
    page.locator("#f-s-1-answer").select_option("false")
    _type_into(page, "#f-s-1-feedback-correct", "Goed gezien.")
    _type_into(page, "#f-s-1-feedback-incorrect", "Sparen vraagt geduld.")
    _add_step(page, "Meerkeuze (één antwoord)", 3)
    _type_into(page, "#f-s-2-prompt", "Wat doe je eerst?")
    for n, (option, text) in enumerate((("plan", "Een plan maken"), ("kopen", "Meteen kopen"))):
        _type_into(page, f"#f-s-2-options-{n}-id", option)
        _type_into(page, f"#f-s-2-options-{n}-text", text)
        _type_into(page, f"#f-s-2-options-{n}-feedback", f"Uitleg bij {option}.")
    page.locator('input[name="s.2.options.0.correct"]').focus()
    page.keyboard.press("Space")
    expect(page.locator("#pv-f-s-2-options-1-feedback")).to_have_text("Uitleg bij kopen.")

    _press(page, "Stap 3 omhoog")
    expect(page.get_by_role("heading", name=re.compile("Stap 2: Meerkeuze"))).to_be_focused()
    _press(page, "Opslaan")
    expect(
        page.get_by_role("heading", name=re.compile("Stap 3: Waar of niet waar"))
    ).to_be_visible()
    assert_accessible(page)

    with live_server.app.app_context(), new_session() as session:
        row = session.exec(select(ContentVersion)).one()
    module, problems = parse_module_text(row.yaml_text)
    step_types = [s["type"] for s in _steps(row.yaml_text)]
    assert step_types == ["explanation", "single_choice", "true_false"]
    # Only the metadata the author has not filled in yet is missing.
    assert [p.msgid for p in problems] == [
        'Add more entries to "%(field)s": it needs at least %(min)d (now %(found)d).'
    ]
    expect(page.get_by_text("1 probleem om op te lossen vóór de controle")).to_be_visible()

    _type_into(page, "#f-m-learning_goals", "Ik kan uitleggen waarom sparen helpt.")
    _press(page, "Ter beoordeling sturen")
    expect(page.get_by_text("Ter beoordeling gestuurd.")).to_be_visible()
    expect(page.get_by_role("cell", name="ter beoordeling")).to_be_visible()
    assert_accessible(page)


def _steps(text: str) -> list[dict]:
    from leergang.authoring.editor import read_text

    return read_text(text)["steps"]


def test_saving_a_draft_a_colleague_published_meanwhile_keeps_the_text_to_copy(page, live_server):
    """The author's editor still has the draft open when a colleague publishes it: "Opslaan"
    changes nothing and says who published it; what was typed is there to copy, and the page
    stays accessible."""
    from leergang.authoring import services
    from tests.helpers import LESSONS_DIR, author_of

    _give_the_author_an_organisation(live_server)
    author_of(live_server.app, "Wijzer in Geldzaken", "collega@wijzer.example")
    text = (LESSONS_DIR / "nodig-of-willen" / "module.yaml").read_text(encoding="utf-8")
    text = text.replace("id: nodig-of-willen", "id: fiets-kopen", 1)
    with live_server.app.app_context(), new_session(write=True) as session:
        people = {u.email: u for u in session.exec(select(StaffUser)).all()}
        draft = services.save_draft(session=session, kind="module", content_id="fiets-kopen",
                                    yaml_text=text, author=people[AUTHOR],
                                    expected_revision=None)  # fmt: skip
    sign_in_teacher(page, live_server, AUTHOR)
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    page.goto(live_server("/author/modules/fiets-kopen/edit"))
    expect(page.locator("#f-m-title")).to_have_value("Nodig of willen?")
    with live_server.app.app_context(), new_session(write=True) as session:
        draft = session.get(ContentVersion, draft.id)
        colleague = people["collega@wijzer.example"]
        services.submit_for_review(session=session, draft=draft, author=people[AUTHOR])
        services.approve(session=session, draft=draft, reviewer=colleague)
        services.publish(session=session, draft=draft, by=colleague, file_version="1.0")
    # Typed after the publish, so no autosave can change the draft while it is reviewed.
    page.locator("#f-m-title").fill("Mijn eigen titel")
    page.get_by_role("button", name="Opslaan", exact=True).first.click()
    expect(page.get_by_role("alert")).to_have_text(
        "collega heeft deze versie gepubliceerd nadat jij die opende. Kopieer eerst je eigen "
        "tekst en begin dan een nieuw concept."
    )
    expect(page.get_by_label("Wat je hebt getypt (niet opgeslagen):")).to_contain_text(
        "title: Mijn eigen titel"
    )
    expect(page.get_by_role("button", name="Een nieuw concept beginnen")).to_be_visible()
    assert_accessible(page)
