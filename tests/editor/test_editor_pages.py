"""The module editor over HTTP: create, add, edit, reorder and remove steps, the content check's
messages beside the form, autosave, conflicts between two authors, bad input, and who may open
what. Pages are read and posted the way a browser does (``editor_fields``)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from leergang.auth.models import StaffUser
from leergang.authoring import services
from leergang.authoring.models import AuditEntry, ContentVersion, VersionStatus
from leergang.content import parse_module_text
from leergang.db import new_session
from tests.editor.helpers import (
    NEW,
    create_module,
    editor_fields,
    post_pairs,
    press,
    replaced,
    signed_in,
)

EDIT = f"/author/modules/{NEW['id']}/edit"


def stored(app) -> ContentVersion | None:
    with app.app_context(), new_session() as session:
        return session.exec(
            select(ContentVersion).where(ContentVersion.content_id == NEW["id"])
        ).first()


@pytest.fixture
def author(app, people):
    actor = signed_in(app, "author")
    assert create_module(actor).status_code == 303
    return actor


def test_a_new_module_is_a_draft_on_the_dashboard(app, author):
    row = stored(app)
    assert (row.status, row.revision) == (VersionStatus.DRAFT, 1)
    assert "title: Sparen voor een fiets" in row.yaml_text and "version: '1.0'" in row.yaml_text
    page = author.get("/author/").text
    assert NEW["id"] in page and "concept" in page and "Nieuwe module" in page


def test_a_used_id_or_bad_values_make_no_module(app, people):
    actor = signed_in(app, "author")
    taken = create_module(actor, id="nodig-of-willen")
    assert taken.status_code == 400
    assert "nodig-of-willen" in taken.text and "al gebruikt" in taken.text
    bad = create_module(actor, id="Sparen Voor!", levels=[], minutes="veel")
    assert bad.status_code == 400
    assert "kleine letters" in bad.text and "minstens één niveau" in bad.text
    assert 'value="Sparen voor een fiets"' in bad.text  # what was typed stays
    assert stored(app) is None


def test_steps_are_added_edited_moved_and_removed(app, author):
    press(author, "add:s", new_type="explanation")
    press(author, "add:s", new_type="single_choice")
    page = author.get(EDIT)
    assert 'name="s.1.options.1.text"' in page.text  # a single choice starts with two options
    moved = press(
        author, "up:s.1", page, s__0__body="Sparen is **slim**.", s__1__prompt="Wat doe je?"
    )
    assert moved.status_code == 303 and "at=step-0" in moved.headers["Location"]
    steps = _steps(app)
    assert [s["type"] for s in steps] == ["single_choice", "explanation"]
    assert steps[0]["prompt"] == "Wat doe je?" and steps[1]["body"] == "Sparen is **slim**."
    press(author, "add:s.0.options")
    assert len(_steps(app)[0]["options"]) == 3
    press(author, "drop:s.0.options.2")
    press(author, "remove:s.0")
    assert [s["type"] for s in _steps(app)] == ["explanation"]


def _steps(app):
    from leergang.authoring.editor import read_text

    return read_text(stored(app).yaml_text)["steps"]


def test_the_checks_messages_stand_next_to_the_step_and_typed_text_stays(app, author):
    press(author, "add:s", new_type="single_choice")
    options = {f"s__0__options__{n}__{field}": f"{field}-{n}" for n in (0, 1) for field in
               ("id", "text", "feedback")}  # fmt: skip
    saved = press(author, "save", s__0__prompt="Wat kost een fiets?", **options)
    page = author.get(saved.headers["Location"])
    step = page.text.split('id="step-0"', 1)[1]
    assert "precies één antwoord" in step.split("</section>", 1)[0]
    assert "Wat kost een fiets?" in page.text and 'value="text-1"' in page.text
    assert "Step 1" not in page.text  # translated


def test_a_valid_module_goes_to_review_a_broken_one_does_not(app, author, library):
    broken = post_pairs(author, f"/author/modules/{NEW['id']}/submit", [])
    assert broken.status_code == 303
    assert stored(app).status == VersionStatus.DRAFT
    assert "Los eerst de problemen op" in author.get(broken.headers["Location"]).text
    text = _valid_text()
    with app.app_context(), new_session(write=True) as session:
        row = session.exec(select(ContentVersion)).one()
        row.yaml_text = text
        session.add(row)
        session.commit()
    page = author.get(EDIT)
    sent = post_pairs(author, f"/author/modules/{NEW['id']}/submit", editor_fields(page.text))
    assert sent.status_code == 303
    assert stored(app).status == VersionStatus.IN_REVIEW
    with app.app_context(), new_session() as session:
        whats = [e.what for e in session.exec(select(AuditEntry)).all()]
    assert any(what.startswith("submitted for review") for what in whats)


def _valid_text() -> str:
    from tests.helpers import LESSONS_DIR

    text = (LESSONS_DIR / "nodig-of-willen" / "module.yaml").read_text(encoding="utf-8")
    return text.replace("id: nodig-of-willen", f"id: {NEW['id']}", 1)


def test_autosave_saves_and_hands_back_the_new_revision(app, author):
    page = author.get(EDIT)
    pairs = replaced(editor_fields(page.text), m__title="Een fiets kopen")
    saved = post_pairs(author, f"/author/modules/{NEW['id']}/autosave", pairs, htmx=True)
    assert saved.status_code == 200
    assert 'id="revision" value="2" hx-swap-oob="true"' in saved.text
    assert "Automatisch opgeslagen" in saved.text
    assert "title: Een fiets kopen" in stored(app).yaml_text


def test_two_authors_on_one_draft_get_a_conflict_not_an_overwrite(app, author):
    colleague = signed_in(app, "colleague")
    mine, theirs = author.get(EDIT), colleague.get(EDIT)
    assert press(colleague, "save", theirs, m__title="Titel van Colleague").status_code == 303
    refused = press(author, "save", mine, m__title="Mijn titel")
    assert refused.status_code == 409
    assert "Colleague heeft dit concept opgeslagen" in refused.text
    assert 'value="Mijn titel"' in refused.text  # kept, to copy
    later = replaced(editor_fields(mine.text), m__title="Nog later")
    late = post_pairs(author, f"/author/modules/{NEW['id']}/autosave", later, htmx=True)
    assert late.status_code == 409 and "Colleague" in late.text
    assert "title: Titel van Colleague" in stored(app).yaml_text


def test_a_save_after_a_colleague_published_the_draft_says_who_and_keeps_the_text(
    app, author, people
):
    """The author's editor still had the draft open when a colleague published it: saving,
    autosaving or sending for review changes nothing (409), says who published, and a save
    shows what was typed so it can be copied into a new draft."""
    mine = author.get(EDIT)
    with app.app_context(), new_session(write=True) as session:
        row = session.exec(select(ContentVersion)).one()
        module, _problems = parse_module_text(_valid_text())
        row.yaml_text, row.version = _valid_text(), module.version
        row.status = VersionStatus.APPROVED
        session.add(row)
        session.commit()
        services.publish(session=session, draft=row, by=session.get(StaffUser, people["colleague"]))
    said = (
        "Colleague heeft deze versie gepubliceerd nadat jij die opende. Kopieer eerst je eigen "
        "tekst en begin dan een nieuw concept."
    )
    refused = press(author, "save", mine, m__title="Mijn titel")
    assert refused.status_code == 409
    assert said in refused.text
    typed = refused.text.split('id="typed-text"', 1)[1].split("</textarea>", 1)[0]
    assert "title: Mijn titel" in typed and f"id: {NEW['id']}" in typed
    assert "Een nieuw concept beginnen" in refused.text
    fields = replaced(editor_fields(mine.text), m__title="Mijn titel")
    autosaved = post_pairs(author, f"/author/modules/{NEW['id']}/autosave", fields, htmx=True)
    assert autosaved.status_code == 409 and said in autosaved.text
    sent = post_pairs(author, f"/author/modules/{NEW['id']}/submit", fields)
    assert sent.status_code == 409 and said in sent.text
    assert stored(app).status == VersionStatus.PUBLISHED
    assert "Mijn titel" not in stored(app).yaml_text


def test_bad_input_gets_a_clear_4xx_and_changes_nothing(app, author):
    before = stored(app).yaml_text
    page = author.get(EDIT)
    huge = press(author, "save", page, m__description="x" * (300 * 1024))
    assert huge.status_code == 413
    for action in ("up:s.7", "remove:s.0", "add:s", "drop:m.title.0", "jump:s.0"):
        assert press(author, action, page, new_type="no_such_type").status_code == 400, action
    hostile = editor_fields(page.text) + [("s.99999999999999999999._", ""), ("action", "save")]
    assert post_pairs(author, EDIT, hostile).status_code == 400
    no_revision = [p for p in editor_fields(page.text) if p[0] != "revision"]
    assert post_pairs(author, EDIT, no_revision).status_code == 400
    assert stored(app).yaml_text == before and stored(app).revision == 1


def test_a_wrong_value_is_kept_and_explained_like_lessons_check(app, author):
    saved = press(author, "save", m__minutes="twintig")
    assert saved.status_code == 303, saved.text[-3000:]
    text = stored(app).yaml_text
    assert "minutes: twintig" in text
    _module, problems = parse_module_text(text)
    page = author.get(EDIT).text
    assert 'value="twintig"' in page
    assert any(p.msgid.startswith('"%(field)s" must be a whole number') for p in problems)
    assert "moet een heel getal zijn" in page


def test_the_markdown_preview_renders_as_the_pupil_sees_it(app, author):
    text = "Spaar **slim**\n\n<script>x</script>"
    pairs = [("field", "s.0.body"), ("s.0.body", text)]
    shown = post_pairs(author, "/author/markdown-preview", pairs, htmx=True)
    assert shown.status_code == 200
    assert "<strong>slim</strong>" in shown.text and "<script>" not in shown.text
    assert "&lt;script&gt;" in shown.text and "scripts zijn niet toegestaan" in shown.text


def test_who_may_open_the_editor(app, author, people):
    paths = [
        ("GET", "/author/"), ("GET", "/author/modules/new"), ("GET", EDIT),
        ("POST", EDIT), ("POST", f"/author/modules/{NEW['id']}/autosave"),
        ("POST", f"/author/modules/{NEW['id']}/submit"),
        ("POST", f"/author/modules/{NEW['id']}/new-draft"),
        ("POST", f"/author/modules/{NEW['id']}/step-preview"), ("POST", "/author/markdown-preview"),
    ]  # fmt: skip
    for key in ("teacher", "evaluator"):
        actor = signed_in(app, key)
        for method, path in paths:
            response = actor.get(path) if method == "GET" else post_pairs(actor, path, [])
            assert response.status_code == 403, (key, path)
    other = signed_in(app, "other")
    for method, path in paths[2:8]:
        response = other.get(path) if method == "GET" else post_pairs(other, path, [])
        assert response.status_code == 404, path
    assert NEW["id"] not in other.get("/author/").text
    assert create_module(other).status_code == 400  # the id belongs to Wijzer in Geldzaken
    anonymous = app.test_client().get(EDIT)
    assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/login")
    assert stored(app).revision == 1


HOSTILE = (
    "x" * 5000, "9" * 5000, "-1e999", "nan", "\r\nSet-Cookie: a=b", "\x00\x01",
    "\u202e\ufdfa😀 Ömer\u0301", "{{ 7*7 }}", "&#106;avascript:alert(1)", "*a", "[1, 2",
)  # fmt: skip


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_values_in_every_field_never_break_the_editor(app, author, value):
    press(author, "add:s", new_type="single_choice")
    page = author.get(EDIT)
    keep = {"csrf_token", "revision", "s.0.type"}
    pairs = [
        (n, v if n in keep or n.endswith("._") else value) for n, v in editor_fields(page.text)
    ]
    saved = post_pairs(author, EDIT, [*pairs, ("action", "save")])
    if "\x00" in value:  # refused for the whole app, with a message, before the editor
        assert saved.status_code == 400 and stored(app).revision == 2
        return
    assert saved.status_code == 303
    pairs = [(n, "3" if n == "revision" else v) for n, v in pairs]
    autosaved = post_pairs(author, f"/author/modules/{NEW['id']}/autosave", pairs, htmx=True)
    assert autosaved.status_code == 200
    again = author.get(EDIT)
    assert again.status_code == 200 and stored(app).revision == 4
    if value == "{{ 7*7 }}":
        assert "{{ 7*7 }}" in again.text and ">49<" not in again.text


def test_a_draft_that_is_no_module_yet_is_edited_as_text(app, author):
    with app.app_context(), new_session(write=True) as session:
        row = session.exec(select(ContentVersion)).one()
        good, row.yaml_text = row.yaml_text, "id: sparen-voor-een-fiets\ntitle: [niet af\n"
        session.add(row)
        session.commit()
    page = author.get(EDIT)
    assert "Dit is geen geldige YAML" in page.text and 'name="yaml_text"' in page.text
    fixed = post_pairs(author, EDIT, [("revision", "1"), ("yaml_text", good)])
    assert fixed.status_code == 303
    assert 'name="m.title"' in author.get(EDIT).text
    stale = post_pairs(author, EDIT, [("revision", "1"), ("yaml_text", "x: 1")])
    assert stale.status_code == 409 and stored(app).yaml_text == good


def test_a_published_module_is_changed_through_a_new_draft(app, author, people):
    from leergang.authoring import services
    from tests.editor.helpers import staff

    with app.app_context(), new_session(write=True) as session:
        row = session.exec(select(ContentVersion)).one()
        row.yaml_text, row.version = _valid_text(), "1.1"
        session.add(row)
        session.commit()
        services.submit_for_review(
            session=session, draft=row, author=staff(session, people, "author")
        )
        colleague = staff(session, people, "colleague")
        services.approve(session=session, draft=row, reviewer=colleague)
        services.publish(session=session, draft=row, by=colleague)
    page = author.get(EDIT)
    assert "Versie 1.1 is gepubliceerd" in page.text and 'name="m.title"' not in page.text
    assert "gepubliceerd" in author.get("/author/").text
    started = post_pairs(author, f"/author/modules/{NEW['id']}/new-draft", [])
    assert started.status_code == 303
    with app.app_context(), new_session() as session:
        rows = session.exec(select(ContentVersion).order_by(ContentVersion.id)).all()
    assert [(r.status, r.version) for r in rows] == [
        (VersionStatus.PUBLISHED, "1.1"), (VersionStatus.DRAFT, "1.2"),
    ]  # fmt: skip
    assert 'name="m.title"' in author.get(EDIT).text


def test_a_draft_with_a_giant_number_shows_a_message_not_an_error(app, author):
    with app.app_context(), new_session(write=True) as session:
        row = session.exec(select(ContentVersion)).one()
        row.yaml_text = row.yaml_text.replace("minutes: 20", "minutes: " + "9" * 5000)
        session.add(row)
        session.commit()
    page = author.get(EDIT)
    assert page.status_code == 200
    assert "veel te lang" in page.text and 'name="yaml_text"' in page.text


def test_a_step_is_previewed_with_the_pupils_own_template(app, author):
    press(author, "add:s", new_type="true_false")
    url = f"/author/modules/{NEW['id']}/step-preview"
    page = author.get(EDIT)
    unfinished = post_pairs(author, url, [*editor_fields(page.text), ("step", "0")], htmx=True)
    assert (
        unfinished.status_code == 200
        and "Los eerst de problemen van deze stap op" in unfinished.text
    )
    filled = replaced(
        editor_fields(page.text), s__0__prompt="Sparen is **altijd** slim.",
        s__0__feedback__correct="Goed.", s__0__feedback__incorrect="Niet altijd.",
    )  # fmt: skip
    shown = post_pairs(author, url, [*filled, ("step", "0")], htmx=True)
    assert shown.status_code == 200
    assert "<strong>altijd</strong>" in shown.text and 'type="radio" name="choice"' in shown.text
    assert (
        "<form" not in shown.text and '<fieldset class="step step-preview" disabled>' in shown.text
    )
    assert "Kijk mijn antwoord na" in shown.text  # the pupil's button, disabled here
    assert post_pairs(author, url, [*filled, ("step", "1")], htmx=True).status_code == 400
    assert stored(app).revision == 2  # a preview saves nothing
