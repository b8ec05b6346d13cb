"""The 500s the security review found, each a clear answer now (through the test client; the
gunicorn run is tests/ops/test_hostile_input.py)."""

from __future__ import annotations

import pytest

from leergang.content.messages import AnswerError
from leergang.content.money import parse_amount
from leergang.ops.downloads import content_disposition
from leergang.web import is_local_path


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Groep-8.csv", 'attachment; filename="Groep-8.csv"'),
        (
            "Groep-8-Łódź.csv",
            'attachment; filename="Groep-8-Lodz.csv"; '
            "filename*=UTF-8''Groep-8-%C5%81%C3%B3d%C5%BA.csv",
        ),
        (
            "Класс.csv",
            'attachment; filename="download.csv"; '
            "filename*=UTF-8''%D0%9A%D0%BB%D0%B0%D1%81%D1%81.csv",
        ),
    ],
)
def test_download_names_have_an_ascii_fallback(name, expected):
    assert content_disposition(name) == expected
    assert content_disposition(name).isascii()


def test_csv_download_of_a_class_with_any_name(actor, demo):
    actor.sign_in_staff("leraar@demo.leergang.nl")
    groep8 = demo.classes[0].public_id
    actor.get(f"/classes/{groep8}/settings")
    assert actor.post(f"/classes/{groep8}/name", {"name": "Groep 8 Łódź"}).status_code == 302
    response = actor.get(f"/classes/{groep8}/progress.csv")
    assert response.status_code == 200
    header = response.headers["Content-Disposition"]
    assert header.encode("latin-1")
    assert 'filename="Groep-8-Lodz-' in header and "filename*=UTF-8''Groep-8-%C5%81" in header


@pytest.mark.parametrize(
    ("target", "local"),
    [
        ("/learn/", True),
        ("/classes/?x=1#y", True),
        ("//evil.example/", False),
        ("/\\evil.example", False),
        ("/\r\nSet-Cookie: a=b", False),
        ("/\t/evil.example", False),
        ("https://evil.example/", False),
        ("", False),
        ("/" + "a" * 3000, False),
    ],
)
def test_language_switch_only_goes_back_to_local_paths(target, local):
    assert is_local_path(target) is local


def test_language_switch_with_a_newline_in_next_goes_home(actor):
    actor.get("/")
    response = actor.post("/language", {"lang": "en", "next": "/\r\nSet-Cookie: a=b"})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_an_amount_of_thousands_of_digits_is_a_clear_error():
    with pytest.raises(AnswerError):
        parse_amount("9" * 5000)
    assert parse_amount("1.234,56") == 123456


def test_skipped_names_are_echoed_capped_and_compared_after_nfc():
    from leergang.classes.services import MAX_ECHOED, parse_names

    parsed = parse_names("Zoe\u0308\n" + "x" * 5000 + "\n" + "Sem\n" * 50, existing=["Zoë", "Sem"])
    assert parsed.names == []
    assert parsed.duplicates[0] == "Zoë" and len(parsed.duplicates) == MAX_ECHOED + 1
    assert parsed.duplicates[-1] == "…"
    assert parsed.too_long == ["x" * 40 + "…"]
    assert parse_names("Noe\u0308mi", existing=[]).names == ["Noëmi"]


def test_a_huge_paste_is_refused_with_a_message_that_fits_in_a_cookie(actor, demo):
    actor.sign_in_staff("leraar@demo.leergang.nl")
    groep8 = demo.classes[0].public_id
    actor.get(f"/classes/{groep8}/")
    response = actor.post(f"/classes/{groep8}/pupils", {"names": "x" * 20_000})
    assert response.status_code == 422
    assert "Deze lijst is te lang" in response.text
    response = actor.post(f"/classes/{groep8}/pupils", {"names": "\n".join(["y" * 41] * 200)})
    assert response.status_code == 302
    assert len(response.headers.get("Set-Cookie", "")) < 4000


def test_a_deleted_pupils_name_leaves_the_sqlite_files(app, demo):
    from leergang.classes.models import Pupil
    from leergang.classes.services import add_pupils, delete_pupil
    from leergang.db import new_session
    from leergang.ops.checks import sqlite_path

    path = sqlite_path(app.config["DATABASE_URL"])
    if path is None:
        pytest.skip("SQLite files only")
    with app.app_context(), new_session(write=True) as session:
        classroom = session.get(type(demo.classes[0]), demo.classes[0].id)
        (pupil,) = add_pupils(session=session, classroom=classroom, names=["Qwertyuiopa"])
        on_disk = path.read_bytes() + path.with_name(path.name + "-wal").read_bytes()
        assert b"Qwertyuiopa" in on_disk
        delete_pupil(session=session, pupil=session.get(Pupil, pupil.id))
        wal = path.with_name(path.name + "-wal")
        on_disk = path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    assert b"Qwertyuiopa" not in on_disk


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("post", "/login", {"email": "a\x00@b.nl", "password": "x"}),
        ("get", "/pupil/KTR947/%00", None),
        ("get", "/classes/?q=%00", None),
    ],
)
def test_a_nul_character_is_a_clear_400(actor, demo, method, url, data):
    """PostgreSQL cannot store NUL in text: a 500 there (found by the gunicorn run)."""
    actor.get("/login")
    response = actor.post(url, data) if method == "post" else actor.get(url)
    assert response.status_code == 400
    assert "Dit kon niet gelezen worden" in response.text
