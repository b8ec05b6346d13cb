"""``flask check-deploy``: a line per insecure or fragile setting and exit 1, or "OK" and 0."""

from __future__ import annotations

import subprocess
import sys

import pytest

from leergang import create_app
from leergang.config import ROOT
from leergang.ops.checks import deploy_problems, filesystem_of, worker_count

GOOD = {
    "SECRET_KEY": "x" * 64,
    "SESSION_COOKIE_SECURE": True,
    "REMEMBER_COOKIE_SECURE": True,
    "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379",
    "DATABASE_URL": "sqlite:////srv/leergang/leergang.db",
    "MAX_CONTENT_LENGTH": 262144,
}
MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
fileserver:/export /srv nfs4 rw,relatime 0 0
//nas/share /mnt/nas cifs rw 0 0
/dev/sdb1 /srv/local ext4 rw 0 0
"""


def _problems(debug=False, workers=1, mounts="/dev/sda1 / ext4 rw 0 0\n", **changes):
    return deploy_problems({**GOOD, **changes}, debug=debug, workers=workers, mounts=mounts)


def test_a_good_configuration_has_no_problems():
    assert _problems() == []
    assert _problems(DATABASE_URL="postgresql://db/leergang", mounts=MOUNTS) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"debug": True}, "Debug mode is on"),
        ({"DEBUG": True}, "Debug mode is on"),
        ({"SECRET_KEY": "dev-only-leergang-secret-do-not-use-in-production"}, "published"),
        ({"SECRET_KEY": "short-secret"}, "SECRET_KEY is short (12 characters"),
        ({"SESSION_COOKIE_SECURE": False}, "SESSION_COOKIE_SECURE is off"),
        ({"REMEMBER_COOKIE_SECURE": False}, "REMEMBER_COOKIE_SECURE is off"),
        ({"RATELIMIT_STORAGE_URI": "memory://", "workers": 4}, "kept in memory (memory://) with 4"),
        ({"DATABASE_URL": "sqlite:////srv/leergang.db", "mounts": MOUNTS}, "(nfs4 at /srv)"),
        ({"DATABASE_URL": "sqlite:////mnt/nas/a/l.db", "mounts": MOUNTS}, "(cifs at /mnt/nas)"),
        ({"MAX_CONTENT_LENGTH": None}, "MAX_CONTENT_LENGTH is not set"),
    ],
)
def test_each_problem_is_one_clear_line(changes, expected):
    problems = _problems(**changes)
    assert len(problems) == 1 and expected in problems[0], problems
    assert "\n" not in problems[0]


def test_memory_rate_limits_are_fine_with_one_worker_and_local_sqlite_is_fine():
    assert _problems(RATELIMIT_STORAGE_URI="memory://", workers=1) == []
    # A local disk mounted below a network share is local.
    assert _problems(DATABASE_URL="sqlite:////srv/local/l.db", mounts=MOUNTS) == []


def test_filesystem_is_the_longest_mount_that_holds_the_path():
    from pathlib import Path

    assert filesystem_of(Path("/srv/x.db"), MOUNTS) == ("/srv", "nfs4")
    assert filesystem_of(Path("/srvx/x.db"), MOUNTS) == ("/", "ext4")


@pytest.mark.parametrize(
    ("option", "environ", "expected"),
    [
        (3, {"WEB_CONCURRENCY": "8"}, 3),
        (None, {"WEB_CONCURRENCY": "8"}, 8),
        (None, {"GUNICORN_CMD_ARGS": "-b 0.0.0.0:8000 -w 4"}, 4),
        (None, {"GUNICORN_CMD_ARGS": "--workers=5"}, 5),
        (None, {"GUNICORN_CMD_ARGS": "-w2"}, 2),
        (None, {}, 1),
    ],
)
def test_worker_count(option, environ, expected):
    assert worker_count(option, environ) == expected


def _run(tmp_path, *args, **env):
    base = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "leergang", "check-deploy", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_command_exits_1_with_a_line_per_problem_and_0_with_ok(tmp_path):
    db = f"sqlite:///{tmp_path}/leergang.db"
    bad = _run(tmp_path, "--workers", "4", DATABASE_URL=db, FLASK_DEBUG="1")
    assert bad.returncode == 1, bad.stderr
    lines = bad.stdout.splitlines()
    assert all(line.startswith("PROBLEM: ") for line in lines)
    for text in ("Debug mode", "published development key", "SESSION_COOKIE_SECURE",
                 "with 4 workers"):  # fmt: skip
        assert sum(text in line for line in lines) == 1, (text, lines)

    good = _run(
        tmp_path,
        DATABASE_URL=db,
        LEERGANG_SECRET_KEY="k" * 64,
        # One worker may keep its rate limits in memory.
        WEB_CONCURRENCY="1",
    )
    assert (good.returncode, good.stdout) == (0, "OK\n"), good.stderr
    crowded = _run(tmp_path, DATABASE_URL=db, LEERGANG_SECRET_KEY="k" * 64, WEB_CONCURRENCY="4")
    assert crowded.returncode == 1 and "with 4 workers" in crowded.stdout


def test_a_large_request_gets_a_translated_413(app):
    assert app.config["MAX_CONTENT_LENGTH"] == 256 * 1024
    response = app.test_client().post("/login", data={"email": "x" * 300_000})
    assert response.status_code == 413
    assert "Dat was te veel in één keer" in response.text


def test_create_app_default_has_a_request_limit(tmp_path):
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path}/l.db"})
    assert app.config["MAX_CONTENT_LENGTH"] == 262144
    app.extensions["leergang.engine"].dispose()
