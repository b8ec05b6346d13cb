"""File → browser → file without loss, for every module and game in lessons/: a zip of the
folder is imported, exported again, and the exported folder holds the same main file and images,
parses to the same module or game, and passes ``flask lessons check``. Translations
(``module.en.yaml``, ``scenario.en.yaml``) travel with the version: the exported folder parses to
the same translated module or game. Teacher guides are not kept with a version (the import page
says so), so they are the only files that do not come back."""

from __future__ import annotations

import io
import zipfile

import pytest

from leergang.content import load_folder
from leergang.content.scenarios import load_scenario
from tests.authoring.helpers import db_state, folder_entries, upload, zip_of
from tests.helpers import LESSONS_DIR

FOLDERS = sorted(p for p in LESSONS_DIR.iterdir() if p.is_dir() and p.name[0] not in "._")


def _kind(folder) -> str:
    return "module" if (folder / "module.yaml").is_file() else "game"


def _load(folder):
    if _kind(folder) == "module":
        loaded = load_folder(folder)
        return loaded.module, loaded.problems
    return load_scenario(folder)


def _translated(folder) -> dict:
    """Every translation of the folder's module or game, parsed: {language: model_dump()}."""
    if _kind(folder) == "module":
        loaded = load_folder(folder)
        assert loaded.problems == [], folder
        return {lang: m.model_dump() for lang, m in loaded.translations.items()}
    scenario, problems = load_scenario(folder)
    assert problems == [] and scenario is not None, folder
    return {lang: s.model_dump() for lang, s in scenario._translations.items()}


@pytest.fixture
def lessons_author(app, sign_in):
    """An author of the organisation that owns the lessons folder's ids."""
    app.config["LESSONS_ORGANISATION"] = "Wijzer in Geldzaken"
    return sign_in("author")


def test_every_module_and_game_survives_import_and_export(app, lessons_author, tmp_path):
    assert len(FOLDERS) >= 20
    exported_root = tmp_path / "lessons"
    with_translation = []
    for folder in FOLDERS:
        kind = _kind(folder)
        response = upload(lessons_author, "/author/import", f"{folder.name}.zip",
                          zip_of(folder_entries(folder)))  # fmt: skip
        assert response.status_code == 303, (folder.name, response.text[-2000:])
        response = lessons_author.client.get(f"/author/{kind}/{folder.name}/export")
        assert response.status_code == 200, folder.name
        assert response.mimetype == "application/zip"
        with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
            names = archive.namelist()
            assert all(name.startswith(f"{folder.name}/") for name in names), names
            archive.extractall(exported_root)
        exported = exported_root / folder.name
        main = "module.yaml" if kind == "module" else "scenario.yaml"
        # The main file comes back byte for byte, and so does every image it shows and every
        # translation; only the teacher guides stay behind.
        assert (exported / main).read_bytes() == (folder / main).read_bytes(), folder.name
        for file in exported.iterdir():
            assert file.read_bytes() == (folder / file.name).read_bytes(), file
        kept = {p.name for p in folder.iterdir() if not p.name.startswith("teacher-guide")}
        assert {p.name for p in exported.iterdir()} == kept, folder.name
        if list(folder.glob("*.en.yaml")):
            translated = _translated(folder)
            assert "en" in translated, folder.name
            assert _translated(exported) == translated, folder.name
            with_translation.append(folder.name)
        original, problems = _load(folder)
        assert problems == [] and original is not None
        again, problems = _load(exported)
        assert problems == [], [p.format() for p in problems]
        assert again.model_dump() == original.model_dump(), folder.name

    assert len(with_translation) == len([f for f in FOLDERS if list(f.glob("*.en.yaml"))]) >= 20

    app.config["LESSONS_DIR"] = str(exported_root)  # the check compares ids with this folder
    result = app.test_cli_runner().invoke(args=["lessons", "check", str(exported_root)])
    assert result.exit_code == 0, result.output
    modules = sum(1 for f in FOLDERS if _kind(f) == "module")
    games = len(FOLDERS) - modules
    assert (
        f"{modules} module(s) en {games} spel(len) gecontroleerd: geen problemen." in result.output
    )


def test_an_exported_draft_version_opens_by_its_id(app, lessons_author):
    folder = LESSONS_DIR / "sparen-voor-een-doel"
    upload(lessons_author, "/author/import", "x.zip", zip_of(folder_entries(folder)))
    [(version_id, *_rest)], _audit = db_state(app)
    response = lessons_author.client.get(f"/author/versions/{version_id}/export")
    assert response.status_code == 200
    assert 'filename="sparen-voor-een-doel-' in response.headers["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        assert sorted(archive.namelist()) == [
            "sparen-voor-een-doel/module.en.yaml",
            "sparen-voor-een-doel/module.yaml",
            "sparen-voor-een-doel/spaarpot-doel.svg",
        ]
