"""Export: a zip with the folder as lessons/ holds it, for the version an author works on, one
version by id, or a lessons folder module no organisation has taken; never another
organisation's work, never for staff who do not author."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.authoring.helpers import IMAGE, MODULE, PNG, own_module_text, publish, upload, zip_of
from tests.helpers import LESSONS_DIR

SVG = (LESSONS_DIR / MODULE / IMAGE).read_bytes()


def names(response) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        return sorted(archive.namelist())


@pytest.fixture
def version_id(app, partners):
    return publish(app, partners, own_module_text(), {IMAGE: SVG, "los.png": PNG},
                   content_id="mijn-les")  # fmt: skip


def test_the_author_exports_the_version_they_work_on(app, sign_in, version_id):
    author = sign_in("author")
    response = author.client.get("/author/module/mijn-les/export")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="mijn-les-1.1.zip"'
    assert response.headers["Cache-Control"] == "no-store"
    assert names(response) == sorted(
        ["mijn-les/los.png", f"mijn-les/{IMAGE}", "mijn-les/module.yaml"]
    )
    # A new draft (from an upload) is what the author now works on: it is exported instead.
    new = own_module_text(version="1.2")
    zipped = zip_of({"mijn-les/module.yaml": new.encode(), f"mijn-les/{IMAGE}": SVG})
    assert upload(author, "/author/import", "x.zip", zipped).status_code == 303
    response = author.client.get("/author/module/mijn-les/export")
    assert names(response) == sorted([f"mijn-les/{IMAGE}", "mijn-les/module.yaml"])
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        assert archive.read("mijn-les/module.yaml").decode() == new
    # The published version stays available by its id.
    published = author.client.get(f"/author/versions/{version_id}/export")
    assert "mijn-les/los.png" in names(published)


def test_another_organisation_and_other_staff_get_nothing(app, sign_in, version_id):
    other = sign_in("other")
    assert other.client.get("/author/module/mijn-les/export").status_code == 404
    assert other.client.get(f"/author/versions/{version_id}/export").status_code == 404
    assert other.client.get("/author/module/mijn-les/images").status_code == 404
    for email in ("leraar@demo.leergang.nl", "evaluator@demo.leergang.nl",
                  "admin@demo.leergang.nl"):  # fmt: skip
        staff = sign_in(email)
        assert staff.client.get("/author/module/mijn-les/export").status_code == 403
        assert staff.client.get(f"/author/versions/{version_id}/export").status_code == 403
    anonymous = app.test_client().get("/author/module/mijn-les/export")
    assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/login")


@pytest.mark.parametrize(
    "url",
    [
        "/author/game/mijn-les/export",  # not a game
        "/author/lesson/mijn-les/export",  # no such kind
        "/author/module/MIJN-LES/export",
        "/author/module/..%2F..%2Fetc/export",
        "/author/module/bestaat-niet/export",
        "/author/versions/999999/export",
    ],
)
def test_unknown_or_crooked_addresses_are_not_found(sign_in, version_id, url):
    assert sign_in("author").client.get(url).status_code == 404


def test_a_lessons_folder_module_exports_its_whole_folder(sign_in):
    response = sign_in("author").client.get(f"/author/module/{MODULE}/export")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="{MODULE}.zip"'
    assert names(response) == sorted(
        f"{MODULE}/{path.name}" for path in (LESSONS_DIR / MODULE).iterdir()
    )
    game = sign_in("author").client.get("/author/game/sparen-voor/export")
    assert names(game) == ["sparen-voor/scenario.en.yaml", "sparen-voor/scenario.yaml"]


def test_a_lessons_folder_id_taken_by_another_organisation_is_theirs(app, sign_in):
    app.config["LESSONS_ORGANISATION"] = "Nibud"
    nibud = sign_in("other")
    entries = {f"{MODULE}/{p.name}": p.read_bytes() for p in (LESSONS_DIR / MODULE).iterdir()}
    assert upload(nibud, "/author/import", "x.zip", zip_of(entries)).status_code == 303
    assert sign_in("author").client.get(f"/author/module/{MODULE}/export").status_code == 404
    assert nibud.client.get(f"/author/module/{MODULE}/export").status_code == 200
