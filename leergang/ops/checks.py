"""``check-deploy``: settings that are insecure or fragile on a real server, one line each.

Each check is a small function that returns a problem (a sentence saying what is wrong and what
to do) or None, so a test can drive each on its own.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy.engine import make_url

from leergang.config import DEV_SECRET_KEY

MIN_SECRET_LENGTH = 32
NETWORK_FILESYSTEMS = ("nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "9p")


def worker_count(option: int | None = None, environ: Mapping[str, str] | None = None) -> int:
    """Workers the app runs with: ``--workers``, else WEB_CONCURRENCY, else GUNICORN_CMD_ARGS."""
    if option is not None:
        return option
    environ = os.environ if environ is None else environ
    if environ.get("WEB_CONCURRENCY", "").strip().isdigit():
        return int(environ["WEB_CONCURRENCY"])
    args = shlex.split(environ.get("GUNICORN_CMD_ARGS", ""))
    for i, arg in enumerate(args):
        for flag in ("-w", "--workers"):
            if arg == flag and i + 1 < len(args) and args[i + 1].isdigit():
                return int(args[i + 1])
            if arg.startswith(flag + "=") and arg[len(flag) + 1 :].isdigit():
                return int(arg[len(flag) + 1 :])
            if flag == "-w" and arg.startswith("-w") and arg[2:].isdigit():
                return int(arg[2:])
    return 1


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite database URL; None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def filesystem_of(path: Path, mounts: str) -> tuple[str, str]:
    """(mount point, type) of the mount that holds ``path``, from /proc/mounts text."""
    path = path.resolve()
    best = ("/", "")
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = path == Path(point) or Path(point) in path.parents
        if inside and len(point) >= len(best[0]):
            best = (point, fields[2])
    return best


def check_debug(config: Mapping, debug: bool) -> str | None:
    if debug or config.get("DEBUG"):
        return (
            "Debug mode is on (FLASK_DEBUG / DEBUG): it shows code and data on errors and "
            "allows the demo accounts. Unset FLASK_DEBUG."
        )
    return None


def check_secret_key(config: Mapping) -> str | None:
    key = str(config.get("SECRET_KEY") or "")
    if key == DEV_SECRET_KEY:
        return (
            "SECRET_KEY is the published development key: set LEERGANG_SECRET_KEY to "
            "python -c 'import secrets; print(secrets.token_hex(32))'."
        )
    if len(key) < MIN_SECRET_LENGTH:
        return (
            f"SECRET_KEY is short ({len(key)} characters; use at least {MIN_SECRET_LENGTH}): "
            "set LEERGANG_SECRET_KEY to a long random value."
        )
    return None


def check_cookies(config: Mapping) -> list[str]:
    return [
        f"{name} is off: session cookies would travel over plain http. Serve over https and "
        f"set LEERGANG_{name}=true."
        for name in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE")
        if not config.get(name)
    ]


def check_rate_limit_storage(config: Mapping, workers: int) -> str | None:
    storage = str(config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if workers > 1 and storage.startswith("memory://"):
        return (
            f"Rate limits are kept in memory ({storage}) with {workers} workers: each worker "
            f"counts on its own, so limits are {workers} times looser. Set "
            "LEERGANG_RATELIMIT_STORAGE_URI=redis://…."
        )
    return None


def check_sqlite_location(config: Mapping, mounts: str) -> str | None:
    path = sqlite_path(str(config.get("DATABASE_URL") or ""))
    if path is None:
        return None
    point, fstype = filesystem_of(path, mounts)
    if fstype in NETWORK_FILESYSTEMS or fstype.startswith(("nfs", "smb", "cifs")):
        return (
            f"The SQLite database {path} is on a network file system ({fstype} at {point}): "
            "its locks do not work there and data can be lost. Use a local disk or PostgreSQL."
        )
    return None


def check_request_size(config: Mapping) -> str | None:
    if not config.get("MAX_CONTENT_LENGTH"):
        return (
            "MAX_CONTENT_LENGTH is not set: any request body is read whatever its size. Set "
            "LEERGANG_MAX_CONTENT_LENGTH (the default is 262144 bytes)."
        )
    return None


def deploy_problems(
    config: Mapping, *, debug: bool, workers: int, mounts: str | None = None
) -> list[str]:
    """Every insecure or fragile setting found, one sentence each (empty when all is well)."""
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text()
        except OSError:
            mounts = ""
    found = [
        check_debug(config, debug),
        check_secret_key(config),
        *check_cookies(config),
        check_rate_limit_storage(config, workers),
        check_sqlite_location(config, mounts),
        check_request_size(config),
    ]
    return [problem for problem in found if problem]
