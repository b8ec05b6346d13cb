"""Module images as an attacker would place them: only a regular file that the module's texts show
is ever served, never a symlink or another file in the folder, and SVG cannot run script."""

from __future__ import annotations

import os
import shutil

import pytest

from leergang import create_app
from tests.helpers import LESSONS_DIR

MODULE = "nodig-of-willen"
SHOWN = "nodig-of-willen.svg"  # the image module.yaml shows


@pytest.fixture
def hostile_app(app_config, tmp_path):
    root = tmp_path / "lessons"
    folder = root / MODULE
    shutil.copytree(LESSONS_DIR / MODULE, folder)
    (folder / "geheim.png").write_bytes(b"\x89PNG not referenced by any text")
    os.symlink("/etc/hostname", folder / "host.png")
    (folder / "plaatjes").mkdir()
    app = create_app({**app_config, "LESSONS_DIR": str(root), "PRELOADED_LIBRARIES": {}})
    yield app, folder
    app.extensions["leergang.engine"].dispose()


def test_a_shown_svg_is_served_sandboxed_and_not_sniffed(hostile_app):
    app, _folder = hostile_app
    response = app.test_client().get(f"/learn/{MODULE}/assets/{SHOWN}")
    response.close()
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.headers["Content-Security-Policy"] == (
        "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "filename",
    ["geheim.png", "host.png", "module.yaml", "teacher-guide.md", "../../etc/hostname", "plaatjes"],
)
def test_nothing_else_in_the_folder_is_served(hostile_app, filename):
    app, _folder = hostile_app
    assert app.test_client().get(f"/learn/{MODULE}/assets/{filename}").status_code == 404


def test_a_shown_image_swapped_for_a_symlink_is_not_served(hostile_app):
    """The module loaded with a real file; someone replaces it by a link to a server file."""
    app, folder = hostile_app
    (folder / SHOWN).unlink()
    os.symlink("/etc/hostname", folder / SHOWN)
    response = app.test_client().get(f"/learn/{MODULE}/assets/{SHOWN}")
    assert response.status_code == 404
