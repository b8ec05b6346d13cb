"""``/healthz`` for load balancers (issue 13): "ok", no database, no session cookie, and no line in
gunicorn's access log (which still logs every other request)."""

from __future__ import annotations

import urllib.request

from sqlalchemy import event

from tests.served import serve_production


def test_healthz_says_ok_without_database_or_session(app, client):
    statements = []
    engine = app.extensions["leergang.engine"]

    def listener(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        response = client.get("/healthz")
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"
    assert response.mimetype == "text/plain"
    assert "Set-Cookie" not in response.headers
    assert statements == []


def test_healthz_ignores_a_signed_in_pupils_cookie(app, pupil_actor):
    """A browser that sends a pupil's session cookie along still gets the bare answer: the
    pupil is not looked up and no new session cookie is sent."""
    statements = []
    engine = app.extensions["leergang.engine"]

    def listener(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        response = pupil_actor.get("/healthz")
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert response.get_data(as_text=True) == "ok"
    assert "Set-Cookie" not in response.headers
    assert statements == []
    assert pupil_actor.get("/learn/").status_code == 200  # still signed in


def test_healthz_is_left_out_of_the_access_log(app, tmp_path):
    with serve_production(app.config["DATABASE_URL"], tmp_path) as base:
        for _ in range(3):
            with urllib.request.urlopen(f"{base}/healthz", timeout=30) as response:
                assert response.read() == b"ok"
        with urllib.request.urlopen(f"{base}/login", timeout=30) as response:
            assert response.status == 200
    log = (tmp_path / "access.log").read_text()
    assert "/login" in log
    assert "/healthz" not in log
