"""The deployment files parse and describe what docs/deploy.md promises (Docker itself does not
run on the development machine, so this is a syntax and shape check only)."""

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
    assert "443:443" in services["proxy"]["ports"]
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "reverse_proxy app1:8000 app2:8000" in caddyfile


def test_dockerfile_runs_gunicorn_as_a_non_root_user():
    lines = (ROOT / "Dockerfile").read_text().splitlines()
    assert lines[1].startswith("FROM python:") and lines[1].endswith("-slim")
    assert "USER leergang" in lines
    assert any(line.startswith("CMD") and "gunicorn" in line for line in lines)
