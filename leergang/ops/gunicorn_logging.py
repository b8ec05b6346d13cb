"""A gunicorn logger that keeps secret link tokens out of the logs.

A login card's QR link (``/pupil/card/<token>``) signs a pupil in for 400 days and an invitation
link (``/school/join/<token>``) makes a teacher account: anyone who reads the access log could use
them. This logger replaces the token with ``[redacted]`` in every access-log field (request line,
path, referer, headers) and in error-log lines. ``gunicorn.conf.py`` selects it.
"""

from __future__ import annotations

import logging
import re

from gunicorn.glogging import Logger

TOKEN_PATHS = re.compile(r"(/pupil/card/|/school/join/)[^/?#\s\"]+")
REDACTED = r"\1[redacted]"


def redact(text: str) -> str:
    return TOKEN_PATHS.sub(REDACTED, text)


class _RedactFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


class RedactingLogger(Logger):
    """gunicorn's logger with card and invite tokens removed from what it writes."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        self.error_log.addFilter(_RedactFilter())

    def access(self, resp, req, environ, request_time) -> None:
        # Health probes come every few seconds: a line each would bury the real requests.
        if environ.get("PATH_INFO") == "/healthz" and str(resp.status).startswith("200"):
            return
        super().access(resp, req, environ, request_time)

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()
        }
