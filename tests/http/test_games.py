"""The budget games over HTTP: list, cover, turn by turn to the debrief, resume, double submits,
forged choices, access rules, and the anonymous outcome for the metrics."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from leergang.db import new_session
from leergang.games import services
from leergang.games.models import GameChoice, GameRun
from leergang.metrics.models import GameOutcome
from tests.helpers import Actor, current_card, play_turn
from tests.helpers import start_game as start

SEED = 20261124


@pytest.fixture(autouse=True)
def fixed_seed(monkeypatch):
    """The server draws each run's seed at random; here it is fixed, so what a test asserts about
    a run's outcome does not depend on which events happened to be drawn."""
    monkeypatch.setattr(services, "new_seed", lambda: SEED)


def rows(app, model):
    with app.app_context(), new_session() as session:
        return list(session.exec(select(model)))


def test_pupil_sees_the_games_for_their_level(pupil_actor):
    page = pupil_actor.get("/games/").get_data(as_text=True)

    assert "Sparen voor …" in page
    assert "Je eerste bijbaan" not in page and "Bijna 18" not in page
    assert pupil_actor.get("/games/je-eerste-bijbaan/").status_code == 404
    cover = pupil_actor.get("/games/sparen-voor/").get_data(as_text=True)
    assert "Start het spel" in cover and "€\xa025,00" in cover


def test_play_a_game_to_the_debrief(app, pupil_actor, noor):
    url = start(pupil_actor)
    first = pupil_actor.get(url).get_data(as_text=True)
    assert "Week 1 van 10" in first and "Waar spaar je voor?" in first
    assert '<svg class="budget-chart"' in first and 'role="img"' in first
    assert "<caption>Je geld</caption>" in first and "Portemonnee" in first

    for _ in range(60):
        url = play_turn(pupil_actor, url)
        if url.endswith("/debrief"):
            break
    page = pupil_actor.get(url).get_data(as_text=True)

    assert "Hoe ging het?" in page
    assert "Al je keuzes, met uitleg" in page and "Een doel dat je voor je ziet" in page
    assert "Nog een keer spelen" in page
    (run,) = rows(app, GameRun)
    assert run.finished_at is not None and run.goal_reached is not None
    (outcome,) = rows(app, GameOutcome)
    assert outcome.pseudonym == noor.pseudonym and outcome.run_number == 1
    assert outcome.turns == 10 and outcome.ended_in_debt is False
    assert not hasattr(outcome, "pupil_id")
    assert outcome.cash_cents + outcome.bank_cents + outcome.savings_cents == run.net_cents


def test_a_game_resumes_on_another_device_exactly_where_it_was(app, client, noor, pupil_actor):
    url = start(pupil_actor)
    url = play_turn(pupil_actor, url)
    url = play_turn(pupil_actor, url, pick=1)
    before = pupil_actor.get(url).get_data(as_text=True)

    other = Actor(app.test_client())
    other.sign_in_pupil("KTR947", noor)
    cover = other.get("/games/sparen-voor/").get_data(as_text=True)
    assert "Ga verder waar je was" in cover
    again = start(other)

    assert again == url
    after = other.get(again).get_data(as_text=True)
    main = re.compile(r'<main id="main".*</main>', re.S)  # the page minus the CSRF tokens
    strip = re.compile(r'value="[^"]+">\s*<input type="hidden" name="turn"')
    assert strip.sub("", main.search(after)[0]) == strip.sub("", main.search(before)[0])
    assert len(rows(app, GameRun)) == 1


def test_a_double_click_plays_a_turn_once(app, pupil_actor):
    url = start(pupil_actor)
    turn, card, options = current_card(pupil_actor.get(url).get_data(as_text=True))
    choose = url.split("/turn/")[0] + "/choose"

    first = pupil_actor.post(choose, {"turn": turn, "card": card, "option": options[0]})
    second = pupil_actor.post(choose, {"turn": turn, "card": card, "option": options[1]})

    assert first.status_code == second.status_code == 303
    (stored,) = rows(app, GameChoice)
    assert (stored.turn, stored.card_id, stored.option_id) == (turn, card, options[0])


def test_forged_choices_are_refused_and_store_nothing(app, pupil_actor):
    url = start(pupil_actor)
    turn, card, _options = current_card(pupil_actor.get(url).get_data(as_text=True))
    choose = url.split("/turn/")[0] + "/choose"

    unknown = pupil_actor.post(choose, {"turn": turn, "card": card, "option": "alles-gratis"})
    ahead = pupil_actor.post(choose, {"turn": 5, "card": "spaarpot-2", "option": "vijf"})
    other_card = pupil_actor.post(choose, {"turn": turn, "card": "snoep", "option": "kopen"})
    junk = pupil_actor.post(choose, {"turn": "x", "card": card, "option": "bal"})

    assert unknown.status_code == ahead.status_code == other_card.status_code == 400
    assert "Die keuze kan nu niet" in unknown.get_data(as_text=True)
    assert junk.status_code == 400
    assert rows(app, GameChoice) == []


def test_a_turn_ahead_redirects_to_the_current_turn(pupil_actor):
    url = start(pupil_actor)
    ahead = pupil_actor.get(url.replace("/turn/1", "/turn/4"))

    assert ahead.status_code == 302 and ahead.headers["Location"].endswith("/turn/1")


def test_runs_are_private_to_their_pupil_and_games_to_pupils(app, demo, pupil_actor):
    url = start(pupil_actor)
    daan = next(p for p in demo.pupils["KTR947"] if p.display_name == "Daan")
    other = Actor(app.test_client())
    other.sign_in_pupil("KTR947", daan)
    assert other.get(url).status_code == 404

    teacher = Actor(app.test_client())
    teacher.sign_in_staff("leraar@demo.leergang.nl")
    assert teacher.get("/games/").status_code == 403
    anonymous = app.test_client().get("/games/")
    assert anonymous.status_code == 302


def test_replaying_starts_a_new_run_and_keeps_the_first(app, pupil_actor):
    url = start(pupil_actor)
    while not url.endswith("/debrief"):
        url = play_turn(pupil_actor, url, pick=-1)
    pupil_actor.get(url)
    second = start(pupil_actor)

    assert second != url and second.endswith("/turn/1")
    runs = sorted(rows(app, GameRun), key=lambda r: r.run_number)
    assert [r.run_number for r in runs] == [1, 2] and runs[0].finished_at is not None
    cover = pupil_actor.get("/games/sparen-voor/").get_data(as_text=True)
    assert "Spel 1" in cover


def test_htmx_boosted_choice_answers_with_the_next_card_itself(pupil_actor):
    """One round trip: the boosted choice brings the next card and its turn's address along,
    the page a GET of that address shows; a plain form post still redirects there."""
    url = start(pupil_actor)
    first = current_card(pupil_actor.get(url).get_data(as_text=True))
    turn, card, options = first
    choose = url.split("/turn/")[0] + "/choose"
    response = pupil_actor.post(
        choose,
        {"turn": turn, "card": card, "option": options[0]},
        headers={"HX-Boosted": "true"},
        htmx=True,
    )
    assert response.status_code == 200
    pushed = response.headers["HX-Push-Url"]
    assert pushed.startswith(url.split("/turn/")[0] + "/turn/")
    shown = current_card(response.get_data(as_text=True))
    assert shown != first
    assert shown == current_card(pupil_actor.get(pushed).get_data(as_text=True))
    # The same choice sent again (a double click) plays nothing twice.
    again = pupil_actor.post(
        choose,
        {"turn": turn, "card": card, "option": options[0]},
        headers={"HX-Boosted": "true"},
        htmx=True,
    )
    assert again.status_code == 303 and again.headers["Location"].endswith("/")
    assert current_card(pupil_actor.get(pushed).get_data(as_text=True)) == shown

    turn, card, options = shown
    plain = pupil_actor.post(choose, {"turn": turn, "card": card, "option": options[0]})
    assert plain.status_code == 303
    assert "/turn/" in plain.headers["Location"]
    assert current_card(pupil_actor.get(plain.headers["Location"]).get_data(as_text=True)) != shown


def test_a_broken_game_is_skipped_logged_and_shown_to_admins(
    app_config, demo, noor, tmp_path, caplog
):
    import logging
    import shutil

    from leergang import create_app
    from tests.helpers import LESSONS_DIR

    root = tmp_path / "lessons"
    shutil.copytree(LESSONS_DIR / "sparen-voor", root / "sparen-voor")
    text = (LESSONS_DIR / "sparen-voor" / "scenario.yaml").read_text(encoding="utf-8")
    text = text.replace("id: sparen-voor", "id: kapot-spel", 1).replace(
        "type: save", "type: sav", 1
    )
    (root / "kapot-spel").mkdir()
    (root / "kapot-spel" / "scenario.yaml").write_text(text, encoding="utf-8")
    line = next(n for n, x in enumerate(text.splitlines(), 1) if "type: sav," in x)

    with caplog.at_level(logging.WARNING, logger="leergang.library"):
        broken_app = create_app({**app_config, "LESSONS_DIR": str(root)})
    assert any(f"kapot-spel/scenario.yaml:{line}: Unknown effect type" in r.getMessage()
               for r in caplog.records)  # fmt: skip

    pupil = Actor(broken_app.test_client())
    pupil.sign_in_pupil("KTR947", noor)
    assert pupil.get("/games/").get_data(as_text=True).count('class="module-card"') == 1
    assert pupil.get("/games/kapot-spel/").status_code == 404

    admin = Actor(broken_app.test_client())
    admin.sign_in_staff("admin@demo.leergang.nl")
    page = admin.get("/admin/lessons").get_data(as_text=True)
    assert f'kapot-spel/scenario.yaml:{line}: Onbekend effecttype "sav". Bedoel je "save"?' in (
        page.replace("&#34;", '"')
    )
    assert "<h2>Spellen</h2>" in page and "Sparen voor …" in page
    broken_app.extensions["leergang.engine"].dispose()


def test_switching_to_english_shows_the_english_game_in_the_same_state(app, pupil_actor):
    url = start(pupil_actor)
    url = play_turn(pupil_actor, url)
    dutch = pupil_actor.get(url).get_data(as_text=True)
    assert "Meteen sparen?" in dutch

    pupil_actor.post("/language", {"lang": "en", "next": url})
    english = pupil_actor.get(url).get_data(as_text=True)

    assert "Save right away?" in english and "Week 1 of 10" in english
    assert "Your last choice" in english
    assert current_card(english) == current_card(dutch)
    assert "Saving for …" in pupil_actor.get("/games/").get_data(as_text=True)


def test_ignored_buy_now_pay_later_bill_shows_its_growing_costs_in_the_debrief(app, demo):
    yara = next(p for p in demo.pupils["HMW374"] if p.display_name == "Yara")
    actor = Actor(app.test_client())
    actor.sign_in_pupil("HMW374", yara)
    url = start(actor, "je-eerste-bijbaan")
    seen_bill = False
    for _ in range(80):
        if url.endswith("/debrief"):
            break
        page = actor.get(url).get_data(as_text=True)
        turn, card, options = current_card(page)
        if card == "loonstrook":
            option = "zuinig"  # no loan from a friend: the only bill is the sneakers
        elif card == "sneakers":
            option = "achteraf"
        elif card.startswith("bill-"):
            seen_bill = True
            assert "Rekening: Sneakers (achteraf betalen)" in page
            option = "later"
        else:
            option = options[-1]
        response = actor.post(url.split("/turn/")[0] + "/choose",
                              {"turn": turn, "card": card, "option": option})  # fmt: skip
        url = response.headers["Location"]
    page = actor.get(url).get_data(as_text=True)

    assert seen_bill
    assert "Te laat betalen kostte je €\xa045,00 aan extra kosten." in page
    assert "Je eindigde met een schuld van €\xa0105,00." in page
    assert "Wat te laat betalen je kostte" in page and "Incassobureau" in page
    choices = page.split("Al je keuzes, met uitleg")[1]
    assert "Rekening: Sneakers (achteraf betalen): je stelde het uit" in choices
    (outcome,) = rows(app, GameOutcome)
    assert outcome.fees_cents == 4500 and outcome.ended_in_debt and outcome.debt_cents >= 10500


def test_simultaneous_double_click_plays_one_choice(app, noor, pupil_actor):
    """Two posts of the same card racing each other (slow wifi) store and play it once."""
    import threading

    url = start(pupil_actor)
    other = Actor(app.test_client())
    other.sign_in_pupil("KTR947", noor)
    turn, card, options = current_card(other.get(url).get_data(as_text=True))
    pupil_actor.get(url)
    choose = url.split("/turn/")[0] + "/choose"
    barrier = threading.Barrier(2)
    statuses = []

    def submit(actor, option):
        barrier.wait()
        statuses.append(
            actor.post(choose, {"turn": turn, "card": card, "option": option}).status_code
        )

    threads = [
        threading.Thread(target=submit, args=(pupil_actor, options[0])),
        threading.Thread(target=submit, args=(other, options[1])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [303, 303]
    assert len(rows(app, GameChoice)) == 1


def test_simultaneous_start_makes_one_run(app, noor, pupil_actor):
    import threading

    other = Actor(app.test_client())
    other.sign_in_pupil("KTR947", noor)
    for actor in (pupil_actor, other):
        actor.get("/games/sparen-voor/")
    barrier = threading.Barrier(2)
    locations = []

    def submit(actor):
        barrier.wait()
        locations.append(actor.post("/games/sparen-voor/start").headers["Location"])

    threads = [threading.Thread(target=submit, args=(a,)) for a in (pupil_actor, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(set(locations)) == 1
    assert len(rows(app, GameRun)) == 1


def test_teacher_sees_games_in_the_grid_and_first_and_best_run_on_the_pupil_page(
    app, demo, pupil_actor, noor
):
    """Games are assigned like lessons: the grid shows the game, the pupil page its runs."""
    teacher = Actor(app.test_client())
    teacher.sign_in_staff("leraar@demo.leergang.nl")
    groep8 = demo.classes[0]
    pupil_page = f"/classes/{groep8.public_id}/pupils/{noor.public_id}/"
    assert "Nog niet gespeeld." in teacher.get(pupil_page).get_data(as_text=True)

    url = start(pupil_actor)
    for _ in range(60):
        url = play_turn(pupil_actor, url)
        if url.endswith("/debrief"):
            break
    grid = teacher.get(f"/classes/{groep8.public_id}/progress").get_data(as_text=True)
    noor_row = re.search(r"<tr>\s*<th scope=\"row\">.*?Noor.*?</tr>", grid, re.S)[0]
    assert "Sparen voor …" in grid and "Klaar" in noor_row
    page = teacher.get(pupil_page).get_data(as_text=True)
    assert "Sparen voor …" in page and "1 keer gestart." in page
    assert "Eerste spel (spel 1), ook het beste" in page


def yara_actor(app, demo):
    """A vmbo pupil of the demo school, who has the vmbo games."""
    yara = next(p for p in demo.pupils["HMW374"] if p.display_name == "Yara")
    actor = Actor(app.test_client())
    actor.sign_in_pupil("HMW374", yara)
    return actor


def play_until(actor, url, stop, pick=lambda card, options: options[-1]):
    """Play turns (``pick`` chooses) until ``stop(page, card)`` is true; returns url and page."""
    for _ in range(80):
        page = actor.get(url).get_data(as_text=True)
        turn, card, options = current_card(page)
        if stop(page, card):
            return url, page
        choice = {"turn": turn, "card": card, "option": pick(card, options)}
        response = actor.post(url.split("/turn/")[0] + "/choose", choice)
        url = response.headers["Location"]
    raise AssertionError("never reached")


def test_the_payslip_is_shown_and_explained_when_the_wage_comes_in(app, demo):
    actor = yara_actor(app, demo)
    url = start(actor, "je-eerste-bijbaan")
    before = []

    def week_4(page, card):
        before.append("Je loonstrook" in page)
        return "Week 4 van 12" in page

    url, page = play_until(actor, url, week_4)

    assert before[0] is False and not any(before[:-1])  # no wage, no payslip in weeks 1-3
    slip = page.split('class="card game-payslip"')[1].split("</section>")[0]
    assert "Je loonstrook: Loon van de supermarkt" in slip
    assert "Gewerkte uren × uurloon" in slip and "32 × €\xa05,07" in slip  # minimum wage at 16
    assert "Brutoloon" in slip and "Loonheffing" in slip and "€\xa0162,24" in slip
    assert "Nettoloon: dit komt op je rekening" in slip
    assert "Dit zijn voorbeeldbedragen" not in slip  # the 2026 minimum wage, not made up
    assert "Bruto is wat je verdient" in slip and "Netto is wat echt op je rekening komt" in slip


def test_a_bill_can_be_spread_over_a_payment_plan_without_extra_costs(app, demo):
    actor = yara_actor(app, demo)
    url = start(actor, "je-eerste-bijbaan")

    def pick(card, options):
        if card == "loonstrook":
            return "zuinig"
        if card == "sneakers":
            return "achteraf"
        if card.startswith("bill-"):
            return "plan"
        return options[-1]

    url, page = play_until(actor, url, lambda page, card: card.startswith("bill-"), pick)
    assert "Vraag een betalingsregeling (3 × ongeveer €\xa020,00, geen extra kosten)" in page
    for _ in range(80):
        if url.endswith("/debrief"):
            break
        page = actor.get(url).get_data(as_text=True)
        turn, card, options = current_card(page)
        choice = {"turn": turn, "card": card, "option": pick(card, options)}
        response = actor.post(url.split("/turn/")[0] + "/choose", choice)
        url = response.headers["Location"]
    page = actor.get(url).get_data(as_text=True)

    assert "Je betaalde geen extra kosten voor te laat betalen." in page
    assert "je vroeg een betalingsregeling" in page
    assert "Betalingsregeling: een deel betaald" in page
    (outcome,) = rows(app, GameOutcome)
    assert outcome.fees_cents == 0


def test_a_pupil_saves_an_amount_they_type_and_wrong_amounts_are_refused(app, pupil_actor):
    url = start(pupil_actor)
    run_url = url.split("/turn/")[0]
    pupil_actor.post(f"{run_url}/choose", {"turn": 1, "card": "doel", "option": "bal"})
    page = pupil_actor.get(url).get_data(as_text=True)
    assert current_card(page)[1] == "spaarpot-1"
    field = re.search(r'<input type="text" id="amount-zelf" name="amount"[^>]*>', page).group(0)
    assert 'inputmode="decimal"' in field and 'value="0,50"' in field
    assert "Van €\xa00,50 tot €\xa05,50, in stappen van €\xa00,50." in page

    for typed, message in (
        ("7", "Dat bedrag kan niet. Van €\xa00,50 tot €\xa05,50"),
        ("1,25", "Dat bedrag kan niet."),
        ("twee", "Typ een bedrag in euro, bijvoorbeeld 2,50."),
        ("-1", "Typ een bedrag in euro"),
    ):
        choice = {"turn": 1, "card": "spaarpot-1", "option": "zelf", "amount": typed}
        response = pupil_actor.post(f"{run_url}/choose", choice)
        assert response.status_code == 400, typed
        assert message in response.get_data(as_text=True), typed
    assert len(rows(app, GameChoice)) == 1  # only the goal card: nothing refused was stored

    choice = {"turn": 1, "card": "spaarpot-1", "option": "zelf", "amount": "2,50"}
    response = pupil_actor.post(f"{run_url}/choose", choice)
    assert response.status_code == 303
    (_goal, saved) = rows(app, GameChoice)
    assert saved.option_id == "zelf=250"
    page = pupil_actor.get(response.headers["Location"]).get_data(as_text=True)
    chart = page.split("<caption>Je geld</caption>")[1].split("</table>")[0]
    assert "Spaarpot" in chart and "€\xa02,50" in chart
    assert "Ik kies zelf een bedrag (€\xa02,50)" in page  # what happened, with the amount
