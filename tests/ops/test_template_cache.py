"""Compiled templates are kept on disk (``web._keep_compiled_templates``), so a worker started
later, or after a restart, renders its first pages without compiling templates again. This
matters most to a class that signs in at once, right after the workers start."""

from __future__ import annotations

import logging
import os
import re
import tempfile
import urllib.request

from leergang import create_app
from tests.served import serve_production


def _cached(temp):
    folder = temp / f"_jinja2-cache-{os.getuid()}"
    if not folder.exists():
        return {}
    return {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}


def _open_start_page(base: str) -> str:
    with urllib.request.urlopen(base + "/", timeout=30) as response:
        assert response.status == 200
        page = response.read().decode("utf-8")
    return re.sub(r'(X-CSRFToken": "|name="csrf_token" value=")[^"]+', r"\1…", page)


def test_a_second_server_renders_from_the_templates_the_first_compiled(app, tmp_path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {"TMPDIR": str(temp), "LEERGANG_SESSION_COOKIE_SECURE": "false"}
    one, two = tmp_path / "one", tmp_path / "two"  # each server's own logs
    one.mkdir()
    two.mkdir()
    with serve_production(app.config["DATABASE_URL"], one, **env) as base:
        first = _open_start_page(base)
    kept = _cached(temp)
    assert len(kept) >= 2, kept  # the start page and the base template it extends
    with serve_production(app.config["DATABASE_URL"], two, **env) as base:
        assert _open_start_page(base) == first
    assert _cached(temp) == kept  # loaded, not compiled and written again


def test_a_planted_cache_folder_leaves_templates_in_memory(
    app_config, tmp_path, monkeypatch, caplog
):
    """Jinja refuses to load compiled code from a folder that is not its own: here a symbolic
    link planted where its folder goes. The app still starts and serves its pages, compiling
    templates in memory as before."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    folder = tmp_path / f"_jinja2-cache-{os.getuid()}"
    folder.symlink_to(elsewhere)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with caplog.at_level(logging.WARNING):
        app = create_app(app_config)
    try:
        assert app.jinja_env.bytecode_cache is None
        assert "compiled templates are not kept on disk" in caplog.text
        assert app.test_client().get("/").status_code == 200
        assert list(elsewhere.iterdir()) == []
    finally:
        app.extensions["leergang.engine"].dispose()
