"""Signing in ends without a full page load (issue 13): the last picture tap (or the PIN) swaps the
next page into the body, so a slow Chromebook does not parse the CSS and scripts again. Focus
lands on the new page's heading. Without JavaScript the same form still signs in."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlmodel import select

from leergang.classes.models import Pupil
from leergang.db import new_session
from tests.helpers import sign_in_as_noor_without_js

NOT_RELOADED = "window.notReloaded = true"


def _to_the_secret_page(page, live_server, code: str, name: str) -> None:
    page.goto(live_server("/pupil"))
    page.get_by_label("Klascode").fill(code)
    page.get_by_role("button", name="Volgende").click()
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name=f"Hoi {name}!")).to_be_visible()


def _landed_without_reload(page) -> None:
    heading = page.get_by_role("heading", name="Mijn opdrachten")
    expect(heading).to_be_visible()
    expect(page).to_have_url(re.compile(r"/learn/$"))
    expect(page).to_have_title(re.compile("^Mijn opdrachten"))
    expect(heading).to_be_focused()
    assert page.evaluate("window.notReloaded") is True


def test_the_last_picture_swaps_in_the_next_page(page, live_server):
    _to_the_secret_page(page, live_server, "ktr 947", "Noor")
    page.evaluate(NOT_RELOADED)
    for done, picture in enumerate(("kat", "appel"), start=1):
        page.get_by_role("button", name=picture, exact=True).click()
        expect(page.locator(".picked")).to_contain_text(f"{done} van de 3 gekozen")
    page.get_by_role("button", name="ster", exact=True).click()
    _landed_without_reload(page)
    # Signed in for real: the next link and form work, and signing out too.
    page.get_by_role("link", name="Mijn spellen").click()
    expect(page.get_by_role("heading", name="Mijn spellen")).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_label("Klascode")).to_be_visible()


def test_a_pin_swaps_in_the_next_page(page, live_server):
    _to_the_secret_page(page, live_server, "hmw 374", "Yara")
    page.evaluate(NOT_RELOADED)
    page.get_by_label("PIN").fill("2580")
    page.get_by_role("button", name="Inloggen").click()
    _landed_without_reload(page)


def test_the_next_page_keeps_easy_reading(page, live_server):
    with live_server.app.app_context(), new_session(write=True) as session:
        noor = session.exec(select(Pupil).where(Pupil.display_name == "Noor")).one()
        noor.reading_friendly = True
        session.add(noor)
        session.commit()
    _to_the_secret_page(page, live_server, "ktr 947", "Noor")
    expect(page.locator("html")).not_to_have_class("reading")
    page.evaluate(NOT_RELOADED)
    for picture in ("kat", "appel", "ster"):
        page.get_by_role("button", name=picture, exact=True).click()
    _landed_without_reload(page)
    expect(page.locator("html")).to_have_class("reading")


def test_signing_in_works_without_javascript(new_context, live_server):
    page = new_context(java_script_enabled=False).new_page()
    sign_in_as_noor_without_js(page, live_server)
    expect(page).to_have_url(re.compile(r"/learn/$"))
    expect(page.get_by_role("heading", name="Mijn opdrachten")).to_be_visible()
