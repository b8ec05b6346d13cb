"""A teacher's first lesson with Leergang, in real Chromium: create a class, paste 25 names, print
login cards, assign a lesson; two pupils sign in (picture password, and the QR card link); one
finishes and the teacher's progress grid shows it without a reload. axe-core checks every teacher
page on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from leergang.classes.models import Classroom, Pupil
from leergang.classes.services import card_token
from leergang.db import new_session
from tests.answers import right_answer
from tests.helpers import assert_accessible, play_module, set_up_class, sign_in_teacher

MODULE = "nodig-of-willen"
NAMES = [
    "Amir", "Bo", "Chloë", "Daan", "Emma", "Finn", "Guus", "Hiba", "Ivy", "Jesse", "Kiki",
    "Lars", "Mila", "Nora", "Omar", "Pien", "Quinn", "Rosa", "Sami", "Tess", "Umut", "Vera",
    "Wout", "Xara", "Yusuf",
]  # fmt: skip


@pytest.fixture
def live_app_config(live_app_config):
    # Refresh the grid every second so the test does not wait ten.
    return {**live_app_config, "PROGRESS_POLL_SECONDS": 1}


def _hide(page, hidden: bool) -> None:
    """Pretend the tab is hidden (or shown again), as when the teacher switches tabs."""
    if hidden:
        page.evaluate(
            "Object.defineProperty(document, 'hidden', {configurable: true, get: () => true})"
        )
    else:
        page.evaluate(
            "delete document.hidden; document.dispatchEvent(new Event('visibilitychange'))"
        )


def _accessible_grid(page) -> None:
    """axe on the progress page with polling paused, so no swap happens mid-check."""
    _hide(page, True)
    assert_accessible(page)
    _hide(page, False)


def _class_and_pupils(live_server, name):
    with live_server.app.app_context(), new_session() as session:
        classroom = session.exec(select(Classroom).where(Classroom.name == name)).one()
        pupils = session.exec(select(Pupil).where(Pupil.classroom_id == classroom.id))
        return classroom, {p.display_name: p for p in pupils}


def test_teacher_gets_a_class_going_and_sees_progress_live(new_context, live_server, library):
    module = library.modules[MODULE]
    teacher = new_context().new_page()
    sign_in_teacher(teacher, live_server)
    expect(teacher.get_by_role("heading", name="Mijn klassen")).to_be_visible()
    assert_accessible(teacher)

    # A new class.
    teacher.get_by_role("link", name="Nieuwe klas").click()
    expect(teacher.get_by_role("heading", name="Nieuwe klas")).to_be_visible()
    assert_accessible(teacher)
    teacher.get_by_label("Naam van de klas").fill("Groep 7 Zon")
    teacher.get_by_label("Niveau").select_option("po-7")
    teacher.get_by_role("button", name="Klas maken").click()
    expect(teacher.get_by_role("heading", name="Groep 7 Zon")).to_be_visible()
    expect(teacher.locator("#flashes")).to_contain_text("Klas Groep 7 Zon staat klaar")
    assert_accessible(teacher)

    # 25 names pasted at once.
    teacher.get_by_label("Voornamen of roepnamen, één per regel").fill("\n".join(NAMES))
    teacher.get_by_role("button", name="Leerlingen toevoegen").click()
    expect(teacher.locator("#flashes")).to_contain_text("25 leerlingen toegevoegd.")
    expect(teacher.locator("table.pupils tbody tr")).to_have_count(25)
    assert_accessible(teacher)

    # Login cards: one per pupil, each with a QR code that really renders.
    teacher.get_by_role("link", name="Inlogkaarten printen").click()
    cards = teacher.locator(".login-card")
    expect(cards).to_have_count(25)
    qr = teacher.locator(".login-card img.card-qr")
    expect(qr).to_have_count(25)
    widths = qr.evaluate_all("imgs => imgs.map(i => i.complete && i.naturalWidth)")
    assert all(width and width > 50 for width in widths), widths
    assert_accessible(teacher)
    teacher.emulate_media(media="print")
    expect(teacher.locator(".site-header")).to_be_hidden()
    # Two cards side by side on the printed page.
    first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
    assert first["y"] == second["y"] and second["x"] > first["x"]
    teacher.emulate_media(media="screen")

    # Assign the groep 7/8 lesson: the cards page has the class's tabs too.
    teacher.get_by_role("link", name="Opdrachten").click()
    expect(teacher.get_by_role("heading", name="Iets opgeven")).to_be_visible()
    assert_accessible(teacher)
    # Pupil checkboxes only show for "Gekozen leerlingen" (pure CSS, so also without JS).
    amir_box = teacher.get_by_role("checkbox", name="Amir")
    expect(amir_box).to_be_hidden()
    teacher.get_by_label("Gekozen leerlingen").check()
    expect(amir_box).to_be_visible()
    teacher.get_by_label("De hele klas").check()
    expect(amir_box).to_be_hidden()
    teacher.get_by_label("Wat geef je op?").select_option(f"module:{MODULE}")
    teacher.get_by_role("button", name="Opgeven", exact=True).click()
    expect(teacher.locator("#flashes")).to_contain_text(f"{module.title} is opgegeven.")
    assert_accessible(teacher)

    # The progress grid stays open on the digibord.
    teacher.get_by_role("link", name="Voortgang", exact=True).click()
    expect(teacher.locator("table.progress-grid tbody tr")).to_have_count(25)
    _accessible_grid(teacher)
    teacher.evaluate("window.__sameDocument = true")
    # A hidden tab does not poll; showing it again refreshes at once.
    polls = []
    teacher.on("request", lambda r: polls.append(r.url) if r.url.endswith("/progress") else None)
    _hide(teacher, True)
    teacher.wait_for_timeout(2500)
    assert polls == []
    _hide(teacher, False)
    teacher.wait_for_timeout(300)
    assert polls

    classroom, pupils = _class_and_pupils(live_server, "Groep 7 Zon")
    code = classroom.code

    # Pupil one: class code, name, three pictures.
    amir = new_context().new_page()
    amir.goto(live_server("/pupil"))
    amir.get_by_label("Klascode").fill(code)
    amir.get_by_role("button", name="Volgende").click()
    amir.get_by_role("link", name="Amir").click()
    for key in pupils["Amir"].secret.split("-"):
        amir.locator(f'button[name="pick"][value="{key}"]').click()
    expect(amir.get_by_role("heading", name="Mijn opdrachten")).to_be_visible()

    # Pupil two: the QR code's link, no typing.
    token = card_token(pupil=pupils["Bo"], secret_key=live_server.app.config["SECRET_KEY"])
    bo = new_context().new_page()
    bo.goto(live_server(f"/pupil/card/{token}"))
    expect(bo.get_by_role("heading", name="Mijn opdrachten")).to_be_visible()
    expect(bo.locator(".site-nav .who")).to_have_text("Bo")
    expect(bo.locator(".module-card", has_text=module.title)).to_contain_text("Nieuw")

    # Bo opens the lesson: busy. Amir finishes it: done, with a score.
    bo.get_by_role("link", name=module.title).click()
    bo.get_by_role("button", name="Beginnen").click()
    play_module(amir, module, answers=right_answer, check_a11y=False)

    amir_row = teacher.locator("table.progress-grid tbody tr", has_text="Amir")
    expect(amir_row).to_contain_text("Klaar", timeout=15_000)
    expect(amir_row).to_contain_text("100%")
    expect(teacher.locator("table.progress-grid tbody tr", has_text="Bo")).to_contain_text("Bezig")
    expect(teacher.locator("table.progress-grid tbody tr", has_text="Guus")).to_contain_text(
        "Niet begonnen"
    )
    assert teacher.evaluate("window.__sameDocument") is True  # no reload happened
    # The CSV link downloads a file; htmx's link boosting must not swap it into the page.
    with teacher.expect_download() as download:
        teacher.get_by_role("link", name="Downloaden als CSV (Excel)").click()
    assert download.value.suggested_filename.endswith(".csv")
    assert "Amir" in download.value.path().read_text(encoding="utf-8-sig")
    expect(teacher.locator("table.progress-grid")).to_be_visible()
    _accessible_grid(teacher)

    # The other teacher pages pass axe too.
    teacher.get_by_role("link", name=module.title).first.click()
    expect(teacher.get_by_role("heading", name=re.compile("Moeilijke vragen"))).to_be_visible()
    assert_accessible(teacher)
    teacher.goto(live_server(f"/classes/{classroom.public_id}/progress"))
    teacher.get_by_role("link", name="Amir").click()
    expect(teacher.get_by_role("heading", name="Werk van Amir")).to_be_visible()
    assert_accessible(teacher)
    teacher.goto(live_server(f"/classes/{classroom.public_id}/settings"))
    assert_accessible(teacher)
    teacher.goto(live_server(f"/classes/{classroom.public_id}/"))
    teacher.get_by_text("Amir wijzigen").click()
    teacher.get_by_role("link", name="Naam wijzigen").first.click()
    expect(teacher.get_by_role("heading", name="Naam van Amir wijzigen")).to_be_visible()
    assert_accessible(teacher)
    teacher.goto(
        live_server(f"/classes/{classroom.public_id}/pupils/{pupils['Bo'].public_id}/remove")
    )
    assert_accessible(teacher)


def test_admin_invite_page_is_accessible(page, live_server):
    page.goto(live_server("/login"))
    page.get_by_label("E-mailadres").fill("admin@demo.leergang.nl")
    page.get_by_label("Wachtwoord").fill("leergang-demo")
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(re.compile("/admin/lessons$"))  # signed in before going on
    page.goto(live_server("/school/invites"))
    page.get_by_label("E-mailadres van de leraar").fill("nieuw@demo.leergang.nl")
    page.get_by_role("button", name="Uitnodigingslink maken").click()
    link = page.get_by_label("Uitnodigingslink").input_value()
    assert "/school/join/" in link
    assert_accessible(page)
    page.goto(live_server("/classes/"))
    assert_accessible(page)


def test_every_teacher_action_works_with_javascript_off(new_context, live_server):
    """The same journey's forms with JavaScript off: plain posts and redirects."""
    page = new_context(java_script_enabled=False).new_page()
    sign_in_teacher(page, live_server)
    set_up_class(page, "Klas zonder JS", ["Ada", "Ben"], MODULE)
    page.get_by_role("link", name="Vernieuwen").click()
    expect(page.locator("table.progress-grid tbody tr")).to_have_count(2)
    page.get_by_role("link", name="Instellingen").click()
    page.get_by_role("button", name="Klas zonder JS archiveren").click()
    expect(page.get_by_role("heading", name="Gearchiveerde klassen")).to_be_visible()


def test_grid_goes_to_sign_in_when_the_session_ends(new_context, live_server):
    teacher = new_context().new_page()
    sign_in_teacher(teacher, live_server)
    expect(teacher.get_by_role("heading", name="Mijn klassen")).to_be_visible()
    groep8 = live_server.demo.classes[0]
    teacher.goto(live_server(f"/classes/{groep8.public_id}/progress"))
    expect(teacher.locator("table.progress-grid")).to_be_visible()
    teacher.context.clear_cookies()  # the session ended (signed out elsewhere, expired)
    expect(teacher).to_have_url(re.compile("/login"), timeout=5_000)
    expect(teacher.locator("#progress-grid")).to_have_count(0)
    expect(teacher.get_by_role("button", name="Inloggen")).to_be_visible()
