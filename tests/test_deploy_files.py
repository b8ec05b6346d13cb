"""The deployment files parse and describe what docs/deploy.md promises. A shape check only:
``deploy/check_compose.py`` builds and starts them (about ten minutes, so not in the suite)."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_compose_has_two_app_servers_behind_an_https_proxy_with_postgres_and_redis():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"app1", "app2", "proxy", "postgres", "redis"}
    for name in ("app1", "app2"):
        env = services[name]["environment"]
        assert env["LEERGANG_DATABASE_URL"].startswith("postgresql://")
        assert env["LEERGANG_RATELIMIT_STORAGE_URI"].startswith("redis://")
        # Healthy once a worker answers, so an upgrade can wait for one server at a time.
        assert "/healthz" in " ".join(services[name]["healthcheck"]["test"])
    assert "443:443" in services["proxy"]["ports"]
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "reverse_proxy app1:8000 app2:8000" in caddyfile
    assert "health_uri /healthz" in caddyfile


def test_dockerfile_runs_gunicorn_as_a_non_root_user():
    lines = (ROOT / "Dockerfile").read_text().splitlines()
    # The official slim Python image, unless the builder names another (no Docker Hub).
    assert "ARG PYTHON_IMAGE=python:3.12-slim" in lines and "FROM ${PYTHON_IMAGE}" in lines
    assert "USER leergang" in lines
    assert any(line.startswith("CMD") and "gunicorn" in line for line in lines)
