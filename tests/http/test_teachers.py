"""Teachers over HTTP with JavaScript off (plain form posts), and htmx where a fragment returns."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from sqlmodel import select

from leergang.assignments.models import Assignment, AssignmentPupil
from leergang.classes.models import Classroom, Pupil
from leergang.classes.schoolyear import school_today
from leergang.db import new_session
from leergang.learn.models import ModuleProgress, StepAnswer
from leergang.metrics.models import AnswerEvent
from leergang.timeutil import utcnow
from tests.answers import right_answer, wrong_answer
from tests.helpers import Actor, play, without_csrf_tokens

TEACHER = "leraar@demo.leergang.nl"


def _all(app, model, *where):
    with app.app_context(), new_session() as session:
        return list(session.exec(select(model).where(*where)))


def _class(app, name) -> Classroom:
    return _all(app, Classroom, Classroom.name == name)[0]


def _pupils(app, classroom) -> dict[str, Pupil]:
    return {p.display_name: p for p in _all(app, Pupil, Pupil.classroom_id == classroom.id)}


@pytest.fixture
def teacher(app, demo):
    actor = Actor(app.test_client())
    actor.sign_in_staff(TEACHER)
    return actor


@pytest.fixture
def groep8(demo):
    return demo.classes[0]


def _new_class(teacher, name="Groep 7A", level="po-7", kind="pictures"):
    teacher.get("/classes/new")
    year = re.search(r'<option[^>]*value="(\d{4}-\d{4})"', teacher.get("/classes/new").text)[1]
    return teacher.post(
        "/classes/new",
        {"name": name, "school_year": year, "level": level, "secret_kind": kind},
    )


def test_create_class_then_paste_names_with_duplicates_and_empty_lines(app, teacher):
    response = _new_class(teacher)
    assert response.status_code == 302
    classroom = _class(app, "Groep 7A")
    assert response.headers["Location"] == f"/classes/{classroom.public_id}/#add-pupils"
    assert re.fullmatch(r"[ACDEFHJKMNPRTWXY3479]{8}", classroom.code)
    page = teacher.get(f"/classes/{classroom.public_id}/").text
    assert "Klas Groep 7A staat klaar" in page
    assert f"{classroom.code[:3]}-{classroom.code[3:6]}-{classroom.code[6:]}" in page

    names = "Ayla\n\nBoaz\n  Chris  \nayla\n\nBoaz\n" + "X" * 41 + "\n"
    response = teacher.post(f"/classes/{classroom.public_id}/pupils", {"names": names})
    assert response.status_code == 302
    page = teacher.get(f"/classes/{classroom.public_id}/").text
    assert "3 leerlingen toegevoegd." in page
    assert "Overgeslagen omdat de naam al in de klas staat: ayla, Boaz." in page
    assert "langer is dan 40 tekens" in page
    assert "2 lege regels zijn overgeslagen." in page
    pupils = _pupils(app, classroom)
    assert set(pupils) == {"Ayla", "Boaz", "Chris"}
    # Each pupil has a picture password of four different pictures, shown to the teacher.
    for pupil in pupils.values():
        keys = pupil.secret.split("-")
        assert len(keys) == 4 == len(set(keys))
    assert "3 leerlingen" in page

    # Pasting a name that is taken adds nothing and says why.
    teacher.post(f"/classes/{classroom.public_id}/pupils", {"names": "chris"})
    assert (
        "Overgeslagen omdat de naam al in de klas staat: chris"
        in teacher.get(f"/classes/{classroom.public_id}/").text
    )
    assert len(_pupils(app, classroom)) == 3


def test_create_class_errors_are_shown_and_nothing_is_lost(teacher):
    teacher.get("/classes/new")
    response = teacher.post(
        "/classes/new", {"name": "", "school_year": "1999-2000", "level": "po-8"}
    )
    assert response.status_code == 422
    assert "Geef de klas een naam." in response.text


def test_empty_name_list_and_too_many_pupils(app, teacher, groep8):
    url = f"/classes/{groep8.public_id}/pupils"
    teacher.get(f"/classes/{groep8.public_id}/")
    response = teacher.post(url, {"names": "\n\n"})
    assert response.status_code == 422 and "Plak of typ minstens één naam." in response.text
    many = "\n".join(f"Kind {n}" for n in range(40))
    response = teacher.post(url, {"names": many})
    assert response.status_code == 422
    assert "er is nog plaats voor 35" in response.text
    assert "Kind 39" in response.text  # the pasted list stays in the box
    assert len(_pupils(app, groep8)) == 5


def test_rename_refuses_a_taken_name(app, teacher, groep8, noor):
    url = f"/classes/{groep8.public_id}/pupils/{noor.public_id}/rename"
    assert 'value="Noor"' in teacher.get(url).text
    response = teacher.post(url, {"name": "daan"})
    assert response.status_code == 422 and "heeft deze naam al" in response.text
    assert teacher.post(url, {"name": "Noortje"}).status_code == 302
    assert "Noor heet nu Noortje." in teacher.get(f"/classes/{groep8.public_id}/").text


def test_removing_a_pupil_deletes_every_personal_trace_but_keeps_anonymous_events(
    app, teacher, groep8, noor, pupil_actor, library
):
    module = library.modules["nodig-of-willen"]
    play(pupil_actor, module, right_answer)
    progress = _all(app, ModuleProgress, ModuleProgress.pupil_id == noor.id)
    assert progress
    answers = _all(app, StepAnswer, StepAnswer.progress_id == progress[0].id)
    reflections = [a for a in answers if a.correct is None]
    assert reflections, "the example module has a reflection"
    events = _all(app, AnswerEvent, AnswerEvent.pseudonym == noor.pseudonym)
    # One anonymous event per question, none for the reflection.
    assert len(events) == len(module.question_steps)
    assert {e.step_id for e in events} == {s.id for s in module.question_steps}

    url = f"/classes/{groep8.public_id}/pupils/{noor.public_id}/remove"
    assert "Dit kun je niet terugdraaien." in teacher.get(url).text
    assert teacher.post(url).status_code == 302
    assert not _all(app, Pupil, Pupil.id == noor.id)
    assert not _all(app, ModuleProgress, ModuleProgress.pupil_id == noor.id)
    assert not _all(app, StepAnswer, StepAnswer.progress_id == progress[0].id)
    assert len(_all(app, AnswerEvent, AnswerEvent.pseudonym == noor.pseudonym)) == len(events)
    # The pupil's open session ends with the account.
    assert pupil_actor.get("/learn/").status_code == 302
    assert (
        "Noor en al het werk zijn verwijderd." in teacher.get(f"/classes/{groep8.public_id}/").text
    )
    assert "Noor" not in without_csrf_tokens(
        teacher.get(f"/classes/{groep8.public_id}/progress").text
    )


def test_new_class_code_keeps_teacher_urls_and_retires_the_old_code(app, teacher, groep8):
    old = groep8.code
    response = teacher.post(f"/classes/{groep8.public_id}/code")
    assert response.headers["Location"] == f"/classes/{groep8.public_id}/"
    new = _class(app, groep8.name).code
    assert new != old
    assert "De oude code werkt niet meer" in teacher.get(response.headers["Location"]).text
    pupil = Actor(app.test_client())
    pupil.get("/pupil")
    assert pupil.post("/pupil", {"code": old}).status_code == 200  # "cannot find this code"
    assert pupil.post("/pupil", {"code": new}).headers["Location"] == f"/pupil/{new}"


def test_unlock_and_new_picture_password(app, teacher, groep8, noor, pupil_actor):
    with app.app_context(), new_session(write=True) as session:
        pupil = session.get(Pupil, noor.id)
        pupil.failed_attempts = pupil.recent_failures = 5
        pupil.failed_since = pupil.last_failed_at = utcnow()
        session.add(pupil)
        session.commit()
    page = teacher.get(f"/classes/{groep8.public_id}/").text
    assert "Geef Noor weer toegang" in page and "5 mislukte pogingen sinds" in page
    # The progress grid, open during the lesson, says who is locked out.
    grid = teacher.get(f"/classes/{groep8.public_id}/progress").text
    assert "Kan niet inloggen (te vaak fout): Noor." in grid
    teacher.post(f"/classes/{groep8.public_id}/pupils/{noor.public_id}/unlock")
    assert _pupils(app, groep8)["Noor"].failed_attempts == 0
    assert "Kan niet inloggen" not in teacher.get(f"/classes/{groep8.public_id}/progress").text

    assert pupil_actor.get("/learn/").status_code == 200
    response = teacher.post(f"/classes/{groep8.public_id}/pupils/{noor.public_id}/secret")
    assert response.headers["Location"].endswith(f"/pupils/{noor.public_id}/card")
    renewed = _pupils(app, groep8)["Noor"]
    assert renewed.secret != noor.secret and renewed.card_version == noor.card_version + 1
    # A new picture password signs the pupil out on every other browser.
    assert pupil_actor.get("/learn/").status_code == 302


def _card_urls(page: str) -> list[str]:
    import base64
    from urllib.parse import unquote

    urls = []
    for uri in re.findall(r'src="(data:image/svg\+xml[^"]+)"', page):
        assert "<svg" in unquote(uri) or "<svg" in base64.b64decode(uri.split(",", 1)[1]).decode()
        urls.append(uri)
    return urls


def test_cards_page_has_a_qr_code_per_pupil_and_card_tokens_sign_in_and_revoke(
    app, teacher, groep8, noor
):
    page = teacher.get(f"/classes/{groep8.public_id}/cards").text
    assert page.count('class="login-card"') == 5
    assert len(_card_urls(page)) == 5
    assert "KTR-947" in page and "kat" in page  # class code and Noor's pictures
    assert 'alt="QR-code om in te loggen als Noor"' in page

    from leergang.classes.services import card_token

    token = card_token(pupil=noor, secret_key=app.config["SECRET_KEY"])
    phone = Actor(app.test_client())
    response = phone.get(f"/pupil/card/{token}")
    assert response.headers["Location"] == "/learn/"
    assert "Mijn opdrachten" in phone.get("/learn/").text

    # Reprinting Noor's card revokes the old QR code; the new card works.
    response = teacher.post(f"/classes/{groep8.public_id}/pupils/{noor.public_id}/card")
    single = teacher.get(response.headers["Location"]).text
    assert single.count('class="login-card"') == 1 and "Inlogkaart van Noor" in single
    other = Actor(app.test_client())
    refused = other.get(f"/pupil/card/{token}")
    assert refused.status_code == 404 and "Deze kaart werkt niet" in refused.text
    fresh = card_token(pupil=_pupils(app, groep8)["Noor"], secret_key=app.config["SECRET_KEY"])
    assert other.get(f"/pupil/card/{fresh}").status_code == 302
    # A forged or tampered token does nothing.
    assert other.get(f"/pupil/card/{fresh[:-2]}xx").status_code == 404


def test_co_teacher_of_the_same_school_only(app, teacher, groep8, other_school):
    page = teacher.get(f"/classes/{groep8.public_id}/settings").text
    assert "Meester Bas" not in page  # a teacher of another school is never offered
    assert "Meester Kees" in page  # already co-teaches: listed as teacher
    # A new colleague at the same school can be added; another school's teacher cannot.
    with app.app_context(), new_session() as session:
        from leergang.auth.models import StaffUser

        bas = session.exec(select(StaffUser).where(StaffUser.email == "leraar@vlinder.example"))
        bas_id = bas.one().id
    teacher.post(f"/classes/{groep8.public_id}/teachers", {"teacher": str(bas_id)})
    assert (
        "Kies een leraar van je school."
        in teacher.get(f"/classes/{groep8.public_id}/settings").text
    )
    bas = Actor(app.test_client())
    bas.sign_in_staff("leraar@vlinder.example")
    assert bas.get(f"/classes/{groep8.public_id}/").status_code == 404
    kees = Actor(app.test_client())
    kees.sign_in_staff("collega@demo.leergang.nl")
    assert "Groep 8 De Regenboog" in kees.get("/classes/").text


def test_rename_class_and_take_a_co_teacher_off(app, teacher, groep8, other_school):
    settings = f"/classes/{groep8.public_id}/settings"
    teacher.get(settings)
    refused = teacher.post(f"/classes/{groep8.public_id}/name", {"name": "  "})
    assert refused.status_code == 422 and "Geef de klas een naam." in refused.text
    teacher.post(f"/classes/{groep8.public_id}/name", {"name": "Groep 8B De Regenboog"})
    page = teacher.get(settings).text
    assert "De klas heet nu Groep 8B De Regenboog." in page
    assert "Groep 8B De Regenboog" in teacher.get("/classes/").text

    with app.app_context(), new_session() as session:
        from leergang.auth.models import StaffUser

        ids = {
            u.email: u.id
            for u in session.exec(
                select(StaffUser).where(
                    StaffUser.email.in_(["collega@demo.leergang.nl", "leraar@demo.leergang.nl"])
                )
            )
        }
    kees = Actor(app.test_client())
    kees.sign_in_staff("collega@demo.leergang.nl")
    assert kees.get(f"/classes/{groep8.public_id}/").status_code == 200
    teacher.get(settings)
    teacher.post(f"/classes/{groep8.public_id}/teachers/{ids['collega@demo.leergang.nl']}/remove")
    assert "Meester Kees geeft deze klas niet meer les." in teacher.get(settings).text
    assert kees.get(f"/classes/{groep8.public_id}/").status_code == 404
    # The last teacher stays: a class is never left without one.
    teacher.post(f"/classes/{groep8.public_id}/teachers/{ids['leraar@demo.leergang.nl']}/remove")
    page = teacher.get(settings).text
    assert "Een klas houdt altijd minstens één leraar." in page
    assert "van deze klas halen" not in page


def test_archive_stops_pupil_sign_in_and_restore_brings_it_back(app, teacher, groep8, noor):
    teacher.get(f"/classes/{groep8.public_id}/settings")
    assert teacher.post(f"/classes/{groep8.public_id}/archive").headers["Location"] == "/classes/"
    index = teacher.get("/classes/").text
    assert "Gearchiveerde klassen" in index and "gearchiveerd op" in index
    pupil = Actor(app.test_client())
    pupil.get("/pupil")
    assert pupil.post("/pupil", {"code": "KTR947"}).status_code == 200  # code not found
    from leergang.classes.services import card_token

    token = card_token(pupil=noor, secret_key=app.config["SECRET_KEY"])
    assert pupil.get(f"/pupil/card/{token}").status_code == 404
    teacher.post(f"/classes/{groep8.public_id}/restore")
    assert pupil.get(f"/pupil/card/{token}").status_code == 302


def test_assign_to_chosen_pupils_with_dates_order_and_states(app, teacher, groep8, demo, library):
    # Start clean: take back the demo assignment.
    page = teacher.get(f"/classes/{groep8.public_id}/assignments").text
    for public_id in re.findall(r"/assignments/([\w-]+)/remove", page):
        teacher.post(f"/classes/{groep8.public_id}/assignments/{public_id}/remove")
    assert (
        "Er is nog niets opgegeven." in teacher.get(f"/classes/{groep8.public_id}/assignments").text
    )
    pupils = {p.display_name: p for p in demo.pupils["KTR947"]}
    noor, daan = pupils["Noor"], pupils["Daan"]
    noor_actor = Actor(app.test_client())
    noor_actor.sign_in_pupil("KTR947", noor)
    assert noor_actor.get("/learn/nodig-of-willen/").status_code == 404  # not assigned

    url = f"/classes/{groep8.public_id}/assignments"
    today = school_today()
    # Validation: chosen pupils without any pupil, and a due date before the start date.
    bad = teacher.post(url, {"item": "module:nodig-of-willen", "who": "pupils"})
    assert bad.status_code == 422 and "Kies minstens één leerling" in bad.text
    bad = teacher.post(
        url,
        {
            "item": "module:nodig-of-willen",
            "who": "class",
            "starts_on": today.isoformat(),
            "due_on": (today - timedelta(days=1)).isoformat(),
        },
    )
    assert bad.status_code == 422 and "De inleverdatum ligt voor de startdatum." in bad.text
    assert teacher.post(url, {"item": "module:bestaat-niet", "who": "class"}).status_code == 422

    # For Noor only, due yesterday: late for Noor, invisible for Daan.
    response = teacher.post(
        url,
        {
            "item": "module:nodig-of-willen",
            "who": "pupils",
            "pupils": [noor.public_id],
            "due_on": (today - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 302
    # A lesson of another level, for the whole class, starting tomorrow: not visible yet.
    teacher.post(
        url,
        {
            "item": "module:achteraf-betalen",
            "who": "class",
            "starts_on": (today + timedelta(days=1)).isoformat(),
        },
    )
    page = teacher.get(url).text
    assert page.index("Nodig of willen?") < page.index("Achteraf betalen")
    assert "Noor" in page

    mine = noor_actor.get("/learn/").text
    assert "Nodig of willen?" in mine and "Te laat: maak het snel af" in mine
    assert "Achteraf betalen" not in mine
    assert noor_actor.get("/learn/achteraf-betalen/").status_code == 404
    assert noor_actor.get("/learn/nodig-of-willen/").status_code == 200
    daan_actor = Actor(app.test_client())
    daan_actor.sign_in_pupil("KTR947", daan)
    assert "Je hebt nu geen opdrachten." in daan_actor.get("/learn/").text
    assert daan_actor.get("/learn/nodig-of-willen/").status_code == 404

    # Moving the second assignment up changes the pupils' order.
    ids = re.findall(r"/assignments/([\w-]+)/move", page)
    second = ids[-1]
    teacher.post(f"{url}/{second}/move", {"direction": "up"})
    page = teacher.get(url).text
    assert page.index("Achteraf betalen") < page.index("Nodig of willen?")
    rows = _all(app, Assignment, Assignment.classroom_id == groep8.id)
    assert sorted(a.position for a in rows) == [0, 1]
    assert len(_all(app, AssignmentPupil)) == 1


def test_pupil_states_new_busy_done(app, pupil_actor, library):
    module = library.modules["nodig-of-willen"]
    assert "Nieuw" in pupil_actor.get("/learn/").text
    pupil_actor.post(f"/learn/{module.id}/start")
    assert "Bezig" in pupil_actor.get("/learn/").text
    play(pupil_actor, module, right_answer)
    assert "Klaar" in pupil_actor.get("/learn/").text


def test_progress_grid_fragment_csv_and_difficult_questions(app, teacher, groep8, demo, library):
    module = library.modules["nodig-of-willen"]
    pupils = {p.display_name: p for p in demo.pupils["KTR947"]}
    noor = Actor(app.test_client())
    noor.sign_in_pupil("KTR947", pupils["Noor"])
    play(noor, module, wrong_answer)
    daan = Actor(app.test_client())
    daan.sign_in_pupil("KTR947", pupils["Daan"])
    daan.post(f"/learn/{module.id}/start")

    url = f"/classes/{groep8.public_id}/progress"
    page = teacher.get(url).text
    assert 'hx-trigger="every 10s, refresh"' in page and "<html" in page
    fragment = teacher.client.get(url, headers={"HX-Request": "true"})
    html = fragment.text
    assert fragment.status_code == 200 and "<html" not in html
    assert html.strip().startswith('<div id="progress-grid"')
    noor_row = re.search(r"<tr>\s*<th scope=\"row\">.*?Noor.*?</tr>", html, re.S)[0]
    assert "Klaar" in noor_row and "0%" in noor_row and "cell-low" in noor_row
    daan_row = re.search(r"<tr>\s*<th scope=\"row\">.*?Daan.*?</tr>", html, re.S)[0]
    assert "Bezig" in daan_row
    sem_row = re.search(r"<tr>\s*<th scope=\"row\">.*?Sem.*?</tr>", html, re.S)[0]
    assert "Niet begonnen" in sem_row

    export = teacher.get(url + ".csv")
    assert export.mimetype == "text/csv"
    disposition = export.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="Groep-8-De-Regenboog-')
    raw = export.get_data()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    # The demo class has every groep 8 lesson assigned, in curriculum order: three columns each.
    col = rows[0].index("Nodig of willen?: status")
    assert rows[0][0] == "Leerling" and (col - 1) % 3 == 0
    assert rows[0][col : col + 3] == [
        "Nodig of willen?: status",
        "Nodig of willen?: score (%)",
        "Nodig of willen?: minuten",
    ]
    assert rows[-1][0] == "Klaar" and rows[-1][col : col + 3] == ["1 van 5", "", ""]  # footer
    assert re.search(r'<th scope="row">Klaar</th>(\s*<td>[^<]*</td>)*\s*<td>1 van 5</td>', html)
    by_name = {row[0]: row for row in rows[1:-1]}
    assert set(by_name) == {"Noor", "Daan", "Sem", "Lina", "Milan"}
    assert by_name["Noor"][col : col + 2] == ["Klaar", "0"]
    assert by_name["Daan"][col : col + 2] == ["Bezig", ""]
    assert by_name["Sem"][col : col + 3] == ["Niet begonnen", "", ""]
    assert all(len(row) == len(rows[0]) for row in rows[1:-1])

    page = teacher.get(f"/classes/{groep8.public_id}/modules/{module.id}").text
    assert "Moeilijke vragen in Groep 8 De Regenboog" in page
    assert "1 van de 1 leerlingen fout (100%)" in page
    # Lesson texts may name a "Noor" too: what must be missing is the list of who chose what.
    assert "(Noor)" not in page.split("Moeilijke vragen")[1].split("De stappen")[0]
    named = teacher.get(f"/classes/{groep8.public_id}/modules/{module.id}?names=1").text
    assert "(Noor)" in named
    assert "Goed antwoord" in page  # step previews with the right answers

    work = teacher.get(f"/classes/{groep8.public_id}/pupils/{pupils['Noor'].public_id}/").text
    assert "Werk van Noor" in work and "Ik spaar voortaan eerst" in work and "Fout" in work


def test_invite_link_works_once_and_joins_the_admins_school(app, demo):
    admin = Actor(app.test_client())
    admin.sign_in_staff("admin@demo.leergang.nl")
    admin.get("/school/invites")
    assert admin.post("/school/invites", {"email": "nope"}).status_code == 422
    taken = admin.post("/school/invites", {"email": TEACHER})
    assert "Er is al een account met dit e-mailadres." in taken.text
    page = admin.post("/school/invites", {"email": "nieuw@demo.leergang.nl"}).text
    link = re.search(r'value="(http://localhost/school/join/[^"]+)"', page)[1]
    path = link.removeprefix("http://localhost")
    from leergang.classes.models import TeacherInvite

    stored = _all(app, TeacherInvite)[0]
    assert path.rsplit("/", 1)[1] not in stored.token_hash  # only a hash is kept

    new = Actor(app.test_client())
    new.get(path)
    short = new.post(path, {"display_name": "Juf Eva", "password": "kort", "confirm": "kort"})
    assert short.status_code == 422 and "Gebruik minstens 10 tekens." in short.text
    response = new.post(
        path,
        {
            "display_name": "Juf Eva",
            "password": "een-lang-wachtwoord",
            "confirm": "een-lang-wachtwoord",
        },
    )
    assert response.headers["Location"] == "/classes/"
    assert "Welkom, Juf Eva!" in new.get("/classes/").text
    again = Actor(app.test_client())
    assert again.get(path).status_code == 404
    # Juf Eva belongs to the demo school: she can be added as co-teacher there.
    teacher = Actor(app.test_client())
    teacher.sign_in_staff(TEACHER)
    assert "Juf Eva" in teacher.get(f"/classes/{demo.classes[0].public_id}/settings").text


def test_expired_invite_does_not_work(app, demo):
    from leergang.auth.invites import create_invite
    from leergang.classes.models import TeacherInvite

    with app.app_context(), new_session(write=True) as session:
        from leergang.auth.models import StaffUser

        admin = session.exec(select(StaffUser).where(StaffUser.role == "admin")).first()
        _invite, token = create_invite(
            session=session, admin=admin, email="laat@demo.leergang.nl", valid_for=timedelta(0)
        )
    assert _all(app, TeacherInvite)
    response = Actor(app.test_client()).get(f"/school/join/{token}")
    assert response.status_code == 404 and "Deze uitnodiging werkt niet" in response.text


def test_time_spent_counts_long_pauses_as_five_minutes():
    from datetime import UTC, datetime

    from leergang.learn.assignable import active_seconds

    start = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    moments = [
        start,
        start + timedelta(minutes=2),  # first answer
        start + timedelta(days=3),  # after the weekend
        start + timedelta(days=3, minutes=1),  # finished
    ]
    assert active_seconds(moments) == (2 + 5 + 1) * 60
    assert active_seconds([start]) == 0


def test_lesson_page_shows_the_teacher_guide_in_the_teachers_language(teacher, groep8):
    url = f"/classes/{groep8.public_id}/modules/nodig-of-willen"
    dutch = teacher.get(url).text
    assert "Handleiding voor de leraar" in dutch
    assert "<h2>Gespreksvraag voor de klas</h2>" in dutch and "<h2>Antwoorden</h2>" in dutch
    teacher.post("/language", {"lang": "en", "next": url})
    english = teacher.get(url).text
    assert "<h2>Goal</h2>" in english and "<h2>Doel</h2>" not in english
