"""What pupils and teachers see of the sign-in protections, in real Chromium: the wait after wrong
tries, the teacher's failed-try counts and "unlock all", and the QR link that asks before it
switches who is signed in."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from leergang.classes.services import card_token
from tests.helpers import assert_accessible


def _sign_in_teacher(page, live_server) -> None:
    page.goto(live_server("/login"))
    page.get_by_label("E-mailadres").fill("leraar@demo.leergang.nl")
    page.get_by_label("Wachtwoord").fill("leergang-demo")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Mijn klassen")).to_be_visible()


def test_wrong_tries_make_a_pupil_wait_and_the_teacher_unlocks_all(new_context, live_server):
    pupil = new_context().new_page()
    pupil.goto(live_server("/pupil"))
    pupil.get_by_label("Klascode").fill("KTR-947")
    pupil.get_by_role("button", name="Volgende").click()
    pupil.get_by_role("link", name="Daan").click()
    for tries_left in (4, 3, 2, 1, 0):
        for picture in ("zon", "boom", "vis"):
            pupil.get_by_role("button", name=picture, exact=True).click()
        if tries_left:
            expect(pupil.get_by_role("alert")).to_contain_text(f"nog {tries_left} keer")
    expect(pupil.get_by_role("alert")).to_contain_text("Wacht 1 minuut")
    assert_accessible(pupil)

    teacher = new_context().new_page()
    _sign_in_teacher(teacher, live_server)
    teacher.get_by_role("link", name=re.compile("Groep 8 De Regenboog")).first.click()
    row = teacher.locator("table.pupils tbody tr", has_text="Daan")
    expect(row).to_contain_text(re.compile(r"5 mislukte pogingen sinds \d+ \w+"))
    expect(row).to_contain_text("Moet wachten")
    assert_accessible(teacher)
    teacher.get_by_role("button", name="Iedereen weer toegang geven").click()
    expect(teacher.get_by_text("1 leerling kan weer inloggen.")).to_be_visible()
    expect(teacher.locator("table.pupils tbody tr", has_text="Daan")).not_to_contain_text(
        "mislukte"
    )

    daan = next(p for p in live_server.demo.pupils["KTR947"] if p.display_name == "Daan")
    pupil.reload()
    for key in daan.secret.split("-"):
        pupil.locator(f'button[name="pick"][value="{key}"]').click()
    expect(pupil.get_by_role("heading", name="Mijn opdrachten")).to_be_visible()


def test_card_link_asks_before_switching_from_the_teacher(new_context, live_server):
    noor = next(p for p in live_server.demo.pupils["KTR947"] if p.display_name == "Noor")
    token = card_token(pupil=noor, secret_key=live_server.app.config["SECRET_KEY"])
    page = new_context().new_page()
    _sign_in_teacher(page, live_server)
    page.goto(live_server(f"/pupil/card/{token}"))
    expect(page.get_by_role("heading")).to_contain_text(
        re.compile(r"Je bent ingelogd als .+\. Wil je wisselen\?")
    )
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Nee, blijf")).click()
    expect(page.get_by_role("heading", name="Mijn klassen")).to_be_visible()
    page.goto(live_server(f"/pupil/card/{token}"))
    page.get_by_role("button", name="Ja, wissel naar Noor").click()
    expect(page.get_by_role("heading", name="Mijn opdrachten")).to_be_visible()
    expect(page.locator(".site-nav .who")).to_have_text("Noor")
