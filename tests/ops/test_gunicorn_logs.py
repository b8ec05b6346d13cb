"""Card and invitation tokens never reach gunicorn's logs (gunicorn.conf.py, a real gunicorn)."""

from __future__ import annotations

import urllib.error
import urllib.request
from datetime import timedelta

import pytest
from sqlmodel import select

from leergang.auth import invites
from leergang.auth.models import StaffUser
from leergang.classes.services import card_token
from leergang.db import new_session
from leergang.ops.gunicorn_logging import redact
from tests.served import SECRET, serve_production


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url: str, referer: str | None = None) -> int:
    request = urllib.request.Request(url, headers={"Referer": referer} if referer else {})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        error.close()
        return error.code


@pytest.fixture
def tokens(app, demo, noor):
    with app.app_context(), new_session(write=True) as session:
        admin = session.exec(
            select(StaffUser).where(StaffUser.email == "admin@demo.leergang.nl")
        ).one()
        _invite, invite = invites.create_invite(
            session=session, admin=admin, email="nieuw@school.nl", valid_for=timedelta(days=1)
        )
    card = card_token(pupil=noor, secret_key=SECRET)
    return card, invite


def test_tokens_are_redacted_from_access_and_error_logs(app, tokens, tmp_path):
    card, invite = tokens
    with serve_production(app.config["DATABASE_URL"], tmp_path) as base:
        # The links work (so the lines are real requests), and a page opened from the invite
        # carries the token in its Referer header.
        assert _get(f"{base}/pupil/card/{card}") == 302
        assert _get(f"{base}/school/join/{invite}") == 200
        assert _get(f"{base}/", referer=f"{base}/school/join/{invite}") == 200
        assert _get(f"{base}/pupil/card/{card}x") == 404
    access, errors = tmp_path / "access.log", tmp_path / "error.log"
    # Leave out serve_production's readiness checks (the logo, until a worker answers).
    log = "\n".join(line for line in access.read_text().splitlines() if "logo.svg" not in line)
    assert len(log.splitlines()) == 4, log
    assert "/pupil/card/[redacted]" in log and "/school/join/[redacted]" in log
    for token in (card, invite):
        assert token not in log
        assert token not in errors.read_text()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("GET /pupil/card/abc.def-_1 HTTP/1.1", "GET /pupil/card/[redacted] HTTP/1.1"),
        ("/school/join/XyZ?x=1", "/school/join/[redacted]?x=1"),
        (
            "http://h/school/join/t/ and /pupil/card/u",
            "http://h/school/join/[redacted]/ and /pupil/card/[redacted]",
        ),  # fmt: skip
        ("GET /pupil/KTR947 HTTP/1.1", "GET /pupil/KTR947 HTTP/1.1"),
    ],
)
def test_redact(line, expected):
    assert redact(line) == expected
