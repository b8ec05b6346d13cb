"""The partner author's item statistics page (issue 10, "What the partner author sees")."""

from __future__ import annotations

import re

from sqlmodel import select

from leergang.db import new_session
from leergang.metrics.models import AnswerEvent
from tests.helpers import Actor

MODULE = "nodig-of-willen"
VERSION = "1.1"
URL = "/authoring/item-statistics"


def _event(pupil: int, step: str, chosen: str | None, correct: bool, *, test=None,
           construct=None, research_use=True, version=VERSION) -> AnswerEvent:  # fmt: skip
    return AnswerEvent(
        pseudonym=f"p{pupil:03d}", school_key="k", level="po-8", school_year="2026-2027",
        iso_week="2026-W48", research_use=research_use, module_id=MODULE, module_version=version,
        step_id=step, correct=correct, score=float(correct), chosen=chosen,
        knowledge_check_test=test, knowledge_check_construct=construct,
    )  # fmt: skip


def _record(app, events) -> None:
    with app.app_context(), new_session(write=True) as session:
        session.add_all(events)
        session.commit()


def _pretest(app, pupils: int, *, first: int = 0, research_use: bool = True) -> None:
    """``pupils`` pupils answer the pre-test's choice question and its true/false statement.

    Of every 4 pupils: 1 picks the right coat ("jas"), 3 the brand coat ("merkjas"); nobody picks
    the cuddly toy. All of them know the advert statement is false (too easy).
    """
    events = []
    for p in range(first, first + pupils):
        right = p % 4 == 0
        events += [
            _event(p, "voortoets-nodig", "jas" if right else "merkjas", right, test="pre",
                   construct="nodig-of-willen", research_use=research_use),
            _event(p, "voortoets-reclame", "false", True, test="pre", construct="reclame",
                   research_use=research_use),
        ]  # fmt: skip
    _record(app, events)


def _author(client) -> Actor:
    actor = Actor(client)
    actor.sign_in_staff("auteur@demo.leergang.nl")
    return actor


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _row(html: str, step_id: str) -> str:
    row = re.search(rf"<tr>\s*<th scope=\"row\"[^>]*>\s*<span class=\"muted\">{step_id}\b.*?</tr>",
                    html, re.S)  # fmt: skip
    assert row, step_id
    return _text(row.group(0))


def test_the_author_sees_share_right_option_counts_and_signals(app, client, demo):
    _pretest(app, 12)
    page = _author(client).get(URL).get_data(as_text=True)

    assert "Vraaganalyse: welke vragen werken" in page
    row = _row(page, "voortoets-nodig")
    assert "12 25%" in row  # 12 pupils, 3 of them right
    assert "Een dure merkjas, net als zijn vrienden: 9" in row
    assert "Een warme jas die past: 3 goed antwoord" in row
    assert "Een nieuwe game: 0" in row
    assert "Niemand koos optie “Een nieuwe game”" in row
    assert "Het foute antwoord “Een dure merkjas, net als zijn vrienden” werd vaker gekozen" in row
    statement = _row(page, "voortoets-reclame")
    assert "100%" in statement and "Te makkelijk" in statement
    # The lesson's other questions had fewer than 10 pupils: no figures, only "< 10".
    assert "&lt; 10" in _row(page, "natoets-nodig")


def test_below_k_pupils_or_without_research_use_nothing_is_shown(app, client, demo):
    _pretest(app, 9)
    _pretest(app, 5, first=100, research_use=False)  # 14 events, but only 9 may be used
    page = _author(client).get(URL).get_data(as_text=True)

    assert "Nog geen enkele vraag is door 10 leerlingen beantwoord." in page
    waiting = _text(page.split('id="waiting-title"')[1])
    assert "Nodig of willen?" in waiting
    assert "merkjas" not in page and "25%" not in page and "33%" not in page


def test_k_follows_the_setting_but_never_drops_below_5(app, client, demo):
    _pretest(app, 6)
    app.config["METRICS_MIN_CELL"] = 2
    page = _author(client).get(URL).get_data(as_text=True)
    assert "Nog geen enkele vraag is door 5 leerlingen" not in page
    assert "&lt; 5" in _row(page, "natoets-nodig")  # hidden below 5, shown at 6
    assert "6 33%" in _row(page, "voortoets-nodig")


def test_an_older_version_of_the_module_is_not_mixed_in(app, client, demo):
    _record(app, [_event(p, "voortoets-nodig", "jas", True, version="1.0") for p in range(20)])
    page = _author(client).get(URL).get_data(as_text=True)
    assert "Nog geen enkele vraag is door 10 leerlingen beantwoord." in page


def test_authors_find_it_from_the_lesson_library_and_others_do_not(client, demo):
    author = _author(client)
    assert URL in author.get("/admin/lessons").get_data(as_text=True)
    author.post("/logout")
    admin = Actor(client)
    admin.sign_in_staff("admin@demo.leergang.nl")
    assert URL not in admin.get("/admin/lessons").get_data(as_text=True)
    assert admin.get(URL).status_code == 403


def test_the_page_costs_the_same_queries_however_many_answers(app, client, demo):
    from sqlalchemy import event

    from leergang.demo import seed_demo

    engine = app.extensions["leergang.engine"]
    seen: list[str] = []

    def listener(_conn, _cursor, statement, *_args):
        seen.append(statement)

    author = _author(client)

    def queries() -> int:
        author.get(URL)  # warm-up
        seen.clear()
        assert author.get(URL).status_code == 200
        return len(seen)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        _pretest(app, 12)
        few = queries()
        with app.app_context(), new_session(write=True) as session:
            seed_demo(session=session, history=True)  # thousands of answers in 18 modules
        many = queries()
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert few == many
    assert sum("answer_event" in statement for statement in seen) == 1


def _author_of(app, organisation: str | None, email: str) -> None:
    """A partner author of ``organisation`` (None: of no organisation)."""
    from leergang.auth.models import Role, StaffUser
    from leergang.auth.services import hash_password
    from leergang.authoring.models import Organisation

    with app.app_context(), new_session(write=True) as session:
        org = None
        if organisation is not None:
            org = Organisation(name=organisation)
            session.add(org)
            session.flush()
        session.add(StaffUser(email=email, display_name="Partner", role=Role.AUTHOR,
                              password_hash=hash_password("partner-pass-123"),
                              organisation_id=org.id if org else None))  # fmt: skip
        session.commit()


def test_an_author_of_another_organisation_does_not_see_the_figures(app, client, demo):
    # The lesson files name "Leergang Omgaan met Geld" as author; the demo author belongs to it.
    _pretest(app, 12)
    _author_of(app, "Nibud", "nibud@partner.example")
    other = Actor(client)
    other.sign_in_staff("nibud@partner.example", password="partner-pass-123")
    page = other.get(URL).get_data(as_text=True)

    assert "Je ziet de modules van Nibud" in page
    assert "Je organisatie heeft nog geen gepubliceerde modules." in page
    assert "voortoets-nodig" not in page and "merkjas" not in page
    assert "Nodig of willen?" not in page
    # The demo author, of the organisation the files name, does see them.
    other.post("/logout")
    mine = _author(client).get(URL).get_data(as_text=True)
    assert "Je ziet de modules van Leergang Omgaan met Geld" in mine
    assert "12 25%" in _row(mine, "voortoets-nodig")


def test_an_author_without_an_organisation_sees_no_module(app, client, demo):
    _pretest(app, 12)
    _author_of(app, None, "loose@partner.example")
    actor = Actor(client)
    actor.sign_in_staff("loose@partner.example", password="partner-pass-123")
    page = actor.get(URL).get_data(as_text=True)
    assert "hoort nog niet bij een partnerorganisatie" in page
    assert "voortoets-nodig" not in page and "Nodig of willen?" not in page


def test_a_module_published_in_the_browser_belongs_to_the_organisation_on_its_row(app, demo):
    from leergang.authoring.models import ContentVersion, Organisation
    from leergang.library import get_modules
    from leergang.metrics.ownership import organisation_modules

    class Store:  # the published "nodig-of-willen" comes from the database, the rest from files
        def source_of(self, kind, content_id):
            return "database" if content_id == MODULE else "files"

    with app.app_context(), new_session(write=True) as session:
        nibud = Organisation(name="Nibud")
        session.add(nibud)
        session.flush()
        session.add(ContentVersion(kind="module", content_id=MODULE, version=VERSION,
                                   status="published", yaml_text="x",
                                   organisation_id=nibud.id))  # fmt: skip
        session.commit()
        demo_org = session.exec(
            select(Organisation).where(Organisation.name == "Leergang Omgaan met Geld")
        ).one()
        modules = list(get_modules().values())
        for_nibud = organisation_modules(session=session, organisation_id=nibud.id,
                                         modules=modules, store=Store())  # fmt: skip
        for_demo = organisation_modules(session=session, organisation_id=demo_org.id,
                                        modules=modules, store=Store())  # fmt: skip
    assert [m.id for m in for_nibud] == [MODULE]
    assert MODULE not in {m.id for m in for_demo}
    assert len(for_demo) == len(modules) - 1  # every file module names the demo organisation
