"""A reviewer comments on a step and sends the draft back; the author sees the comment beside
that step and sends it again; the reviewer approves and publishes. Keyboard only for the forms,
and axe-core over every page on the way (review, preview, versions, diff)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from leergang.db import new_session
from leergang.demo_authoring import seed_demo_draft
from tests.helpers import LESSONS_DIR, assert_accessible, sign_in_teacher

DRAFT = "nodig-of-willen"
REVIEW = f"/author/module/{DRAFT}/review"


def sign_in(page, live_server, email: str) -> None:
    sign_in_teacher(page, live_server, email)
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def press_enter_on(locator) -> None:
    locator.focus()
    locator.press("Enter")


def test_review_send_back_resubmit_approve_publish(live_server, new_context, library):
    with live_server.app.app_context(), new_session(write=True) as session:
        seed_demo_draft(session=session, lessons_dir=LESSONS_DIR)
    step = library.modules[DRAFT].steps[1]
    ruben = new_context().new_page()
    sign_in(ruben, live_server, "reviewer@demo.leergang.nl")
    ruben.goto(live_server(REVIEW))
    expect(ruben.get_by_role("heading", name=re.compile("Beoordeling van"))).to_be_visible()
    assert_accessible(ruben)

    # Keyboard only: type in the step's comment box, Tab to its button, Enter.
    box = ruben.locator(f"#comment-{step.id}")
    box.focus()
    ruben.keyboard.type("De vraag is te lang. Maak hem korter.")
    ruben.keyboard.press("Tab")
    expect(ruben.locator(f"#part-{step.id} button")).to_be_focused()
    ruben.keyboard.press("Enter")
    expect(ruben.locator("#flashes")).to_contain_text("Je opmerking is bewaard.")
    expect(ruben.locator(f"#part-{step.id} .review-comments")).to_contain_text("te lang")
    assert_accessible(ruben)

    ruben.locator("#send-back-comment").focus()
    ruben.keyboard.type("Kijk naar mijn opmerking bij de voortoets.")
    ruben.keyboard.press("Tab")
    ruben.keyboard.press("Enter")
    expect(ruben.locator("#review-status")).to_have_text("concept")

    sanne = new_context().new_page()
    sign_in(sanne, live_server, "auteur@demo.leergang.nl")
    sanne.goto(live_server(REVIEW))
    expect(sanne.locator(f"#part-{step.id}")).to_contain_text("De vraag is te lang.")
    expect(sanne.locator(".review-note")).to_contain_text("Kijk naar mijn opmerking")
    expect(sanne.locator(f"#comment-{step.id}")).to_have_count(0)  # authors read, not judge
    assert_accessible(sanne)

    sanne.get_by_role("link", name="Bekijk als leerling").click()
    expect(sanne.locator(".chromebook #step-count")).to_have_text(re.compile("Stap 1 van"))
    assert_accessible(sanne)
    sanne.go_back()
    press_enter_on(sanne.get_by_role("button", name="Ter beoordeling sturen"))
    expect(sanne.locator("#review-status")).to_have_text("ter beoordeling")

    ruben.reload()
    press_enter_on(ruben.get_by_role("button", name="Goedkeuren"))
    expect(ruben.locator("#review-status")).to_have_text("goedgekeurd")
    assert_accessible(ruben)
    press_enter_on(ruben.get_by_role("button", name="Publiceer versie 1.2"))
    expect(ruben.get_by_role("heading", name=re.compile("Versies van"))).to_be_visible()
    expect(ruben.locator("tbody tr").first).to_contain_text("gepubliceerd")
    assert_accessible(ruben)

    ruben.get_by_role("link", name="Wat is er veranderd in de laatste versie?").click()
    expect(ruben.locator("#diff-summary")).to_contain_text("gewijzigd")
    expect(ruben.locator(".diff-parts")).to_contain_text("Wacht een week.")
    assert_accessible(ruben)
