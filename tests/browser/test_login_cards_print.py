"""Login cards printed from Chromium to A4: eight whole cards a page, nothing cut off."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.helpers import assert_accessible, sign_in_teacher

# 25 pupils, with the longest names a class is likely to have, in a class with a long name.
NAMES = [
    "Maximiliaan", "Anne-Sophie", "Ömer", "Zoë", "Chloë", "Daan", "Emma", "Finn", "Guus",
    "Hiba", "Ivy", "Jesse", "Kiki", "Lars", "Mila", "Nora", "Omar", "Pien", "Quinn", "Rosa",
    "Sami", "Tess", "Umut", "Vera", "Wout",
]  # fmt: skip
CARDS_PER_PAGE = 8


def _class_with_cards(page, live_server, *, level: str, secret: str) -> None:
    sign_in_teacher(page, live_server)
    page.get_by_role("link", name="Nieuwe klas").click()
    page.get_by_label("Naam van de klas").fill("Groep 8 De Regenboog Łódź")
    page.get_by_label("Niveau").select_option(level)
    if secret == "pin":
        page.locator("input[name=secret_kind][value=pin]").check()
    page.get_by_role("button", name="Klas maken").click()
    page.get_by_label("Voornamen of roepnamen, één per regel").fill("\n".join(NAMES))
    page.get_by_role("button", name="Leerlingen toevoegen").click()
    expect(page.locator("#flashes")).to_contain_text("25 leerlingen toegevoegd.")
    page.get_by_role("link", name="Inlogkaarten printen").click()
    expect(page.locator(".login-card img.card-qr")).to_have_count(len(NAMES))


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


# Everything on a printed card that must be readable: it lies inside the card, and text that
# must stay on one line does.
CLIPPED = """cards => cards.flatMap((card, i) => {
  const box = card.getBoundingClientRect();
  const problems = [];
  if (card.scrollHeight > card.clientHeight + 1) problems.push(`card ${i} overflows`);
  if (box.left < -1 || box.right > document.documentElement.clientWidth + 1)
    problems.push(`card ${i} is wider than the page: ${box.left}-${box.right}`);
  for (const el of card.querySelectorAll('h2, p, strong, span, img')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) {
      problems.push(`card ${i}: ${el.tagName} hidden`);
      continue;
    }
    const outside = r.top < box.top - 1 || r.bottom > box.bottom + 1
      || r.left < box.left - 1 || r.right > box.right + 1;
    if (outside)
      problems.push(`card ${i}: ${el.tagName} ${el.textContent.trim()} outside the card`);
  }
  const code = card.querySelector('.class-code');
  if (code && code.getClientRects().length > 1) problems.push(`card ${i}: class code wraps`);
  for (const pic of card.querySelectorAll('.card-picture')) {
    const img = pic.querySelector('img').getBoundingClientRect();
    const label = pic.querySelector('span').getBoundingClientRect();
    if (Math.abs((img.top + img.bottom) / 2 - (label.top + label.bottom) / 2) > img.height)
      problems.push(`card ${i}: picture and its label apart`);
  }
  return problems;
})"""


def test_25_picture_cards_print_on_4_a4_pages_with_nothing_cut_off(page, live_server):
    _class_with_cards(page, live_server, level="po-8", secret="pictures")
    assert_accessible(page)
    page.emulate_media(media="print")
    # Chromium lays out print media at the A4 content width (210 mm - 2 × 10 mm margins).
    page.set_viewport_size({"width": 718, "height": 1060})
    problems = page.locator(".login-card").evaluate_all(CLIPPED)
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert not problems, problems
    assert _pdf_pages(pdf) == 4


def test_pin_cards_print_on_4_a4_pages_too(page, live_server):
    _class_with_cards(page, live_server, level="vmbo-kb", secret="pin")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 718, "height": 1060})
    problems = page.locator(".login-card").evaluate_all(CLIPPED)
    assert not problems, problems
    assert _pdf_pages(page.pdf(format="A4", prefer_css_page_size=True)) == 4
