"""Staff passwords are stored as argon2id at OWASP's minimum (19 MiB, two passes, one lane).

The apps the tests make in-process hash with cheaper parameters (tests/conftest.py), so this
asks a fresh Python process, as production imports it, and signs in through a served app."""

from __future__ import annotations

import re
import subprocess
import sys

import requests
from sqlmodel import select

from leergang.auth.models import StaffUser
from leergang.db import new_session
from tests.served import serve_production

OWASP = "$argon2id$v=19$m=19456,t=2,p=1$"


def test_production_hashes_staff_passwords_at_owasps_minimum():
    code = "from leergang.auth.services import hash_password; print(hash_password('geheim-123'))"
    printed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert printed.startswith(OWASP), printed


def test_a_weaker_hash_is_made_strong_at_the_next_sign_in(app, demo, tmp_path):
    """The demo teacher's hash was made in this process (cheap parameters); one sign-in on the
    production server stores it again at OWASP's minimum."""
    email = "leraar@demo.leergang.nl"
    with app.app_context(), new_session() as session:
        before = session.exec(select(StaffUser.password_hash).where(StaffUser.email == email))
        assert not before.one().startswith(OWASP)
    with serve_production(
        app.config["DATABASE_URL"],
        tmp_path,
        LEERGANG_SESSION_COOKIE_SECURE="false",
        LEERGANG_ALLOW_DEMO_ACCOUNTS="true",
    ) as base:
        http = requests.Session()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', http.get(base + "/login").text)
        signed_in = http.post(
            base + "/login",
            data={"csrf_token": token.group(1), "email": email, "password": "leergang-demo"},
        )
        assert signed_in.status_code == 200 and "/login" not in signed_in.url
    with app.app_context(), new_session() as session:
        after = session.exec(select(StaffUser.password_hash).where(StaffUser.email == email))
        assert after.one().startswith(OWASP)
