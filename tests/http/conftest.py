"""Fixtures for the HTTP tests: a second school for the access rules."""

from tests.http.schools import other_school

__all__ = ["other_school"]
