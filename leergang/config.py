"""Default settings. Override with instance/config.py or LEERGANG_* environment variables."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Published in the repository: usable only in debug mode and tests (see check_secrets).
DEV_SECRET_KEY = "dev-only-leergang-secret-do-not-use-in-production"


def defaults(instance_path: str) -> dict:
    return {
        "SECRET_KEY": DEV_SECRET_KEY,
        "DATABASE_URL": os.environ.get(
            "DATABASE_URL", "sqlite:///" + os.path.join(instance_path, "leergang.db")
        ),
        "LESSONS_DIR": str(ROOT / "lessons"),
        # Evaluator figures resting on fewer pupils than this show as "< k" (never below 5).
        "METRICS_MIN_CELL": 10,
        # Reload lesson files when they change (debug); in production a restart reloads them.
        "LESSONS_AUTO_RELOAD": False,
        # How often each worker asks the database whether content was published (seconds).
        "CONTENT_CHECK_SECONDS": 2.0,
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
        "LANGUAGES": ("nl", "en"),
        # A CSRF token lives as long as the session: a pupil answering after an hour keeps the
        # answer.
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": True,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": True,
        # Staff stay signed in this long after their last request; pupils get a cookie that ends
        # when the browser closes, and PUPIL_IDLE_MINUTES.
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        # Largest request body read (413 above it): class lists and answers are far smaller.
        "MAX_CONTENT_LENGTH": 256 * 1024,
        # Except on the author's upload forms: a zipped lesson folder (8 MB unpacked at most,
        # images 1 MB each) and one image (1 MB), each with room for the form around it.
        "IMPORT_MAX_CONTENT_LENGTH": 8 * 1024 * 1024 + 64 * 1024,
        "IMAGE_MAX_CONTENT_LENGTH": 1024 * 1024 + 64 * 1024,
        # The organisation whose authors may import and edit the modules and games of the
        # lessons folder in the browser (its name); by default nobody: those ids are taken.
        "LESSONS_ORGANISATION": None,
        # A pupil who does nothing this long is signed out (shared Chromebooks). After signing in
        # again they return to the page they were on, and an answer they sent is kept.
        "PUPIL_IDLE_MINUTES": 60,
        # Rate-limit counters. memory:// holds per worker only: with more than one worker or
        # server use shared storage, e.g. LEERGANG_RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379.
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        # Behind a reverse proxy (nginx, a load balancer) set this to the number of proxies that
        # add X-Forwarded-For, so limits per client see the client and not the proxy.
        "TRUSTED_PROXIES": 0,
        # Class-code lookups that find no class, per client and for the whole site. The code
        # space (20^8) makes guessing hopeless at these rates; the global budget logs a warning.
        "CLASS_CODE_MISSES_PER_CLIENT": "30 per 10 minutes; 100 per day",
        "CLASS_CODE_MISSES_GLOBAL": "2000 per hour",
        # After a valid class code, its names page stays open this long in that browser.
        "CLASS_CODE_PROOF_SECONDS": 30 * 60,
        # Wrong picture passwords or PINs: this many are free, then the pupil waits, starting at
        # PUPIL_FIRST_WAIT_SECONDS and doubling with every further wrong try up to
        # PUPIL_MAX_WAIT_SECONDS. The streak is forgotten after a quiet period; the count the
        # teacher sees is reset only by the teacher ("unlock").
        "PUPIL_FREE_TRIES": 5,
        "PUPIL_FIRST_WAIT_SECONDS": 30,
        "PUPIL_MAX_WAIT_SECONDS": 15 * 60,
        "PUPIL_FORGET_FAILURES_AFTER_SECONDS": 24 * 3600,
        # Sign-in attempts per class per minute (keyed on the class, not the code's spelling):
        # stops guessing across a class, never one pupil's typo.
        "PUPIL_SIGNIN_LIMIT_PER_CLASS": "60 per minute",
        # Failed staff sign-ins per (e-mail, client): the steps act as a growing back-off. A
        # stranger elsewhere cannot lock a teacher out by knowing their address.
        "STAFF_SIGNIN_LIMIT": "5 per minute; 10 per 15 minutes; 30 per day",
        # Failed staff sign-ins per client, whatever the e-mail (password spraying).
        "STAFF_SIGNIN_LIMIT_PER_CLIENT": "20 per 15 minutes; 100 per day",
        "ALLOW_DEMO_ACCOUNTS": False,
        # Login-card QR codes stop working after this many seconds (and when a card is reprinted).
        "CARD_TOKEN_MAX_AGE": 400 * 24 * 3600,
        # A teacher invitation link works once, for this long.
        "INVITE_VALID_FOR": timedelta(days=7),
        # The progress grid refreshes itself this often while the page is visible.
        "PROGRESS_POLL_SECONDS": 10,
        # Pupil data of an archived class is kept until the end of this many further school
        # years (1: archived in 2026-2027, deleted from 1 August 2028 by `flask retention run`).
        "RETENTION_EXTRA_SCHOOL_YEARS": 1,
        # Compressed pages: Brotli where the browser takes it, else gzip; static files are
        # compressed once at start-up (leergang.assets), not per request.
        "COMPRESS_MIMETYPES": ["text/html", "text/csv", "application/json"],
        "COMPRESS_ALGORITHM": ["br", "gzip"],
        "COMPRESS_REGISTER": True,
        "COMPRESS_MIN_SIZE": 500,
    }


class InsecureConfigError(RuntimeError):
    """Raised at start-up when a published development secret would reach production."""


def check_secrets(app) -> None:
    """Refuse published development secrets outside debug mode and tests.

    A served app (gunicorn) refuses to start. Flask CLI tasks such as ``lessons check`` or
    ``db upgrade`` need no secret and may run; only answering requests is then refused.
    """
    if app.debug or app.testing:
        return
    key = str(app.config["SECRET_KEY"])
    if key != DEV_SECRET_KEY and len(key) >= 32:
        return
    reason = (
        "Refusing to serve: set LEERGANG_SECRET_KEY to a long random value "
        "(python -c 'import secrets; print(secrets.token_hex(32))'). "
        "The development key only works with --debug."
    )
    if os.environ.get("FLASK_RUN_FROM_CLI") != "true":
        raise InsecureConfigError(reason)

    @app.before_request
    def _refuse_requests():
        raise InsecureConfigError(reason)
