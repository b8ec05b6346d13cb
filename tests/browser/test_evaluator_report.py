"""The demo evaluator filters the dashboard, opens the report and prints it to A4; admins manage
programmes. axe-core is clean on every evaluator and programme page."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlmodel import select

from leergang.classes.models import Classroom, School
from leergang.db import new_session
from leergang.library import get_library
from leergang.metrics.summaries import rebuild
from tests.helpers import assert_accessible, sign_in_teacher
from tests.metrics.history import pupil_events


def _history(live_server) -> None:
    """Twelve pupils in groep 8 (2026-2027) and twelve in VMBO 3B (2025-2026)."""
    app = live_server.app
    with app.app_context():
        module = get_library().modules["nodig-of-willen"]
    with app.app_context(), new_session(write=True) as session:
        school = session.exec(select(School).where(School.name == "Demoschool De Regenboog")).one()
        classes = session.exec(
            select(Classroom).where(Classroom.school_id == school.id).order_by(Classroom.id)
        ).all()
        for classroom, level, year in zip(
            classes, ("po-8", "vmbo-kb"), ("2026-2027", "2025-2026"), strict=True
        ):
            for i in range(12):
                session.add_all(
                    pupil_events(module=module, school_key=school.research_key,
                                 class_key=classroom.research_key, pre=i % 2, post=2 + i % 2,
                                 level=level, school_year=year)
                )  # fmt: skip
        session.flush()
        rebuild(session=session)
        session.commit()


def test_the_evaluator_filters_opens_the_report_and_prints_it(page, live_server):
    _history(live_server)
    sign_in_teacher(page, live_server, "evaluator@demo.leergang.nl")
    page.get_by_role("link", name="Evaluatie").click()
    # The first evaluator request imports SciPy and statsmodels: seconds on two busy cores.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Demo Schuldenlab", timeout=60_000)
    reached = page.locator("dt:has-text('Bereikte leerlingen') + dd")
    expect(reached).to_have_text("24")
    assert_accessible(page)

    page.get_by_label("Schooljaar").select_option("2026-2027")
    page.get_by_label("Niveau").select_option("po-8")
    page.get_by_role("button", name="Tonen").click()
    expect(page).to_have_url(re.compile(r"school_year=2026-2027&level=po-8"))
    expect(reached).to_have_text("12")
    expect(page.locator("svg.chart title")).to_have_text("Leerlingen die elke module afrondden")
    assert_accessible(page)

    page.get_by_role("link", name="Rapportage om af te drukken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Rapportage preventie — Leren omgaan met geld"
    )
    expect(page.locator(".report")).to_contain_text("Schooljaar 2026-2027")
    expect(page.locator(".report")).to_contain_text("gemiddeld 2,0 vragen")
    assert_accessible(page)
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("button", name="Afdrukken")).to_be_hidden()
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    assert 1 <= len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf)) <= 6


def test_comparison_classes_and_programme_pages_are_accessible(page, live_server, new_context):
    sign_in_teacher(page, live_server, "evaluator@demo.leergang.nl")
    expect(page.get_by_role("link", name="Evaluatie")).to_be_visible()
    page.goto(live_server("/evaluate/classes"))
    page.get_by_role("checkbox", name="VMBO 3B").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#flashes")).to_contain_text("Vergelijkingsklassen opgeslagen.")
    expect(page.get_by_role("checkbox", name="VMBO 3B")).to_be_checked()
    assert_accessible(page)

    admin = new_context().new_page()
    sign_in_teacher(admin, live_server, "admin@demo.leergang.nl")
    expect(admin.get_by_role("link", name="Programma's")).to_be_visible()
    admin.get_by_role("link", name="Programma's").click()
    assert_accessible(admin)
    admin.get_by_label("Naam").fill("Schuldenlab Almelo 2026–2027")
    admin.get_by_role("button", name="Programma aanmaken").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Schuldenlab Almelo 2026–2027")
    admin.get_by_role("button", name="Toevoegen").first.click()
    expect(admin.locator("#schools-title + ul")).to_contain_text("Demoschool De Regenboog")
    admin.get_by_label("Minstens").fill("0,6")
    admin.get_by_label("Criterium", exact=True).select_option("completion_share")
    admin.get_by_role("button", name="Criterium toevoegen").click()
    expect(admin.locator("table.data")).to_contain_text("Deel van de begonnen modules")
    assert_accessible(admin)
