"""What a new teacher hit in a first-week run (issue 8): names in Dutch order everywhere, the
assign page's lesson list and empty first choice, clean form attributes, the cards page's tabs."""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.helpers import Actor

NAMES = ["Zoë", "emma", "Ömer", "Anna", "Éva"]
DUTCH_ORDER = ["Anna", "emma", "Éva", "Ömer", "Zoë"]


@pytest.fixture
def teacher(app, demo):
    actor = Actor(app.test_client())
    actor.sign_in_staff("leraar@demo.leergang.nl")
    return actor


@pytest.fixture
def class_url(teacher):
    """A new groep 7 whose pupils were typed in no particular order."""
    teacher.get("/classes/new")
    year = re.search(r'<option[^>]*value="(\d{4}-\d{4})"', teacher.get("/classes/new").text)[1]
    response = teacher.post(
        "/classes/new",
        {"name": "Groep 7 Ster", "school_year": year, "level": "po-7", "secret_kind": "pictures"},
    )
    url = response.headers["Location"].split("#")[0]
    teacher.post(url + "pupils", {"names": "\n".join(NAMES)})
    return url


def test_names_sort_the_dutch_way_on_lists_cards_grid_and_csv(teacher, class_url):
    detail = teacher.get(class_url).text
    assert re.findall(r'<td><a href="[^"]*/pupils/[^"]*/">([^<]+)</a></td>', detail) == DUTCH_ORDER
    cards = teacher.get(class_url + "cards").text
    assert re.findall(r'<h2 class="card-name">([^<]+)</h2>', cards) == DUTCH_ORDER
    teacher.post(class_url + "assignments", {"item": "module:nodig-of-willen", "who": "class"})
    grid = teacher.get(class_url + "progress").text
    assert re.findall(r'<th scope="row"><a [^>]*>([^<]+)</a></th>', grid) == DUTCH_ORDER
    export = teacher.get(class_url + "progress.csv").get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(export), delimiter=";"))
    assert [row[0] for row in rows[1:-1]] == DUTCH_ORDER


def test_assign_page_lists_lessons_and_preselects_nothing(teacher, class_url):
    page = teacher.get(class_url + "assignments").text
    lessons = page.split('id="lessons-title"')[1]
    assert lessons.count("<li>") >= 5 and "/modules/nodig-of-willen" in lessons
    select = re.search(r'<select[^>]*name="item".*?</select>', page, re.S)[0]
    first = re.search(r"<option[^>]*>[^<]*</option>", select)[0]
    assert 'value=""' in first and "Kies een les of spel" in first and "selected" not in select
    # Assigning without choosing assigns nothing.
    refused = teacher.post(class_url + "assignments", {"who": "class"})
    assert refused.status_code == 422 and "Er is nog niets opgegeven." in refused.text


def test_assign_page_offers_lessons_and_games_in_curriculum_order(teacher, class_url, library):
    """Groep 7/8 learns what money is before budgeting and saving; other levels' items last."""
    page = teacher.get(class_url + "assignments").text
    select = re.search(r'<select[^>]*name="item".*?</select>', page, re.S)[0]
    for kind in ("module", "game"):
        offered = [_item(library, i) for i in re.findall(rf'value="{kind}:([^"]+)"', select)]
        fitting = [item for item in offered if "po-7" in item.levels]
        assert offered[: len(fitting)] == fitting, kind  # the class's level first
        assert [item.order for item in fitting] == sorted(item.order for item in fitting), kind
    modules = re.findall(r'value="module:([^"]+)"', select)
    assert modules[:3] == ["wat-is-geld", "nodig-of-willen", "zakgeld-en-weekbudget"]
    lessons = page.split('id="lessons-title"')[1].split("</ul>")[0]
    listed = re.findall(r"/modules/([^\"/]+)", lessons)
    assert listed == [m for m in modules if "po-7" in library.modules[m].levels]


def _item(library, item_id):
    return library.modules.get(item_id) or library.scenarios[item_id]


def test_forms_do_not_print_none_attributes(app, teacher, class_url):
    pages = [class_url, class_url + "assignments", class_url + "settings", "/classes/new"]
    for url in pages:
        page = teacher.get(url).text
        assert '="None"' not in page, url
    for url in ("/login", "/pupil"):
        assert '="None"' not in Actor(app.test_client()).get(url).text, url


def test_cards_page_links_to_the_class_pages(teacher, class_url):
    cards = teacher.get(class_url + "cards").text
    for tab in ("", "assignments", "progress", "settings"):
        assert f'href="{class_url}{tab}"' in cards, tab
    assert 'aria-current="page"' in cards
