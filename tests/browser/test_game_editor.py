"""An author makes a small budget game in real Chromium, with the keyboard: the basics, a card
with an effect from the effect registry, then a play-test to the end and the balance table.
axe-core checks every editor page."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.helpers import AUTHOR_EMAIL, assert_accessible, author_of, sign_in_teacher


def _type(page, name: str, value: str) -> None:
    field = page.locator(f'[name="{name}"]')
    field.focus()
    field.fill(value)


def _press(page, button) -> None:
    button.focus()
    page.keyboard.press("Enter")


def test_an_author_makes_play_tests_and_balances_a_small_game(page, live_server):
    author_of(live_server.app, "Wijzer in Geldzaken")
    sign_in_teacher(page, live_server, email=AUTHOR_EMAIL)
    expect(page).not_to_have_url(re.compile("/login"))
    page.goto(live_server("/author/games/new"))
    expect(page.get_by_role("heading", name="Nieuw budgetspel")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Id").fill("fietsje")
    page.get_by_label("Titel").fill("Sparen voor een fietsbel")
    page.get_by_label("Niveau").select_option("po-8")
    page.get_by_label("Aantal beurten").fill("3")
    page.get_by_label("Spaardoel (euro)").fill("4")
    page.keyboard.press("Enter")  # the form's first button: "Spel maken"

    expect(page.get_by_role("heading", name="Spel bewerken: fietsje")).to_be_visible()
    expect(page.locator("#problems-title")).to_contain_text("problemen")
    assert_accessible(page)
    _type(page, "description", "Drie weken sparen voor een bel.")
    page.locator('[name="themes"][value="vooruitzien"]').focus()
    page.keyboard.press("Space")
    _type(page, "learning_goals", "Ik kan een paar weken sparen.")
    _type(page, "goal.text", "Je hebt je bel!")
    _type(page, "cards.0.title", "Een ijsje?")
    _type(page, "cards.0.text", "Je vrienden kopen een ijsje.")
    for index, (text, why) in enumerate([("Ik koop er een", "Lekker, maar weg geld."),
                                         ("Ik spaar", "Zo kom je bij je doel.")]):  # fmt: skip
        _type(page, f"cards.0.options.{index}.text", text)
        _type(page, f"cards.0.options.{index}.explanation", why)
    # An effect from the registry: its form appears after "add".
    page.get_by_label("Soort nieuw effect").first.select_option("pay")
    _press(page, page.get_by_role("button", name="Toevoegen aan effecten").first)
    amount = page.locator('[name="cards.0.options.0.effects.0.amount"]')
    expect(amount).to_be_visible()
    # Focus lands on the new effect, so a keyboard user goes on from there.
    expect(page.locator("#f-cards-0-options-0-effects-0")).to_be_focused()
    assert_accessible(page)
    _type(page, "cards.0.options.0.effects.0.amount", "1,50")
    _type(page, "cards.0.options.0.effects.0.source", "voorbeeld")
    _press(page, page.get_by_role("button", name="Opslaan").first)
    expect(page.locator("#problems-title")).to_have_text("Geen problemen")
    assert_accessible(page)

    _press(page, page.get_by_role("link", name="Testspelen"))
    expect(page.locator("#turn-label")).to_have_text("Week 1 van 3")
    expect(page.get_by_role("heading", name="Een ijsje?")).to_be_visible()
    assert_accessible(page)
    for _ in range(6):
        if page.get_by_role("heading", name="Hoe ging het?").count():
            break
        before = page.url
        _press(page, page.locator(".game-options button:not([disabled])").first)
        # Every choice lands on a new address (the moves so far): wait for it, so the next
        # press is not made on the page that is being left.
        expect(page).not_to_have_url(before)
        page.locator(".game-options, h1:has-text('Hoe ging het')").first.wait_for()
    expect(page.get_by_role("heading", name="Hoe ging het?")).to_be_visible()
    expect(page.get_by_text(re.compile("Je eindigde zonder schulden"))).to_be_visible()
    assert_accessible(page)

    _press(page, page.get_by_role("link", name="Balanstabel"))
    table = page.get_by_role("table", name=re.compile("Uitkomsten per speler over 200 spellen"))
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(6)  # one row per strategy
    assert_accessible(page)


def test_autosave_keeps_the_revision_and_a_second_tab_gets_a_clear_conflict(
    page, live_server
):
    author_of(live_server.app, "Wijzer in Geldzaken")
    sign_in_teacher(page, live_server, email=AUTHOR_EMAIL)
    expect(page).not_to_have_url(re.compile("/login"))
    page.goto(live_server("/author/games/new"))
    page.get_by_label("Id").fill("bel")
    page.get_by_label("Titel").fill("Bel")
    page.get_by_role("button", name="Spel maken").click()
    expect(page.get_by_role("heading", name="Spel bewerken: bel")).to_be_visible()
    other = page.context.new_page()  # the same author in a second tab, opened now
    other.goto(live_server("/author/games/bel/edit"))

    _type(page, "description", "Eerste tekst")
    expect(page.locator("#save-status")).to_contain_text("Opgeslagen (versie 2)")
    expect(page.locator("#revision")).to_have_value("2")
    _type(page, "description", "Tweede tekst")
    expect(page.locator("#save-status")).to_contain_text("Opgeslagen (versie 3)")

    _type(other, "title", "Van het andere tabblad")
    expect(other.locator("#save-status")).to_contain_text("opgeslagen nadat jij het opende")
    assert_accessible(other)
    _press(other, other.get_by_role("button", name="Opslaan").first)
    expect(other.get_by_role("alert")).to_contain_text("opgeslagen nadat jij het opende")
    expect(other.locator('[name="title"]')).to_have_value("Van het andere tabblad")
