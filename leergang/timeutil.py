"""Time helpers: timestamps are timezone-aware UTC on every backend."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
