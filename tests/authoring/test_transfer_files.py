"""The pure file side of import and export: how zips are laid out by the tools authors use
(files at the top, a folder, a folder inside a folder, macOS extras), and that an export is the
same zip every time."""

from __future__ import annotations

import pytest

from leergang.authoring.services import AuthoringError
from leergang.authoring.transfer import (
    Bundle,
    check_bundle,
    folder_files,
    read_upload,
    version_files,
    zip_folder,
)
from leergang.authoring.transfer_services import ImportProblems, bundle_translations
from tests.authoring.helpers import IMAGE, MODULE, folder_entries, zip_of
from tests.helpers import LESSONS_DIR

FOLDER = LESSONS_DIR / MODULE


@pytest.mark.parametrize("prefix", ["", MODULE, f"lessons/{MODULE}"])
def test_a_folder_zipped_at_any_depth_reads_the_same(prefix):
    entries = folder_entries(FOLDER, prefix)
    entries["__MACOSX/._module.yaml"] = b"\0\5\26\7"
    bundle = read_upload("export.zip", zip_of(entries))
    assert bundle.kind == "module"
    assert bundle.folder_name == (MODULE if prefix else None)
    assert bundle.main == (FOLDER / "module.yaml").read_bytes()
    assert sorted(bundle.images) == [IMAGE]
    assert sorted(bundle.texts) == ["module.en.yaml", "teacher-guide.en.md", "teacher-guide.md"]
    checked = check_bundle(bundle)
    assert checked.problems == [] and checked.item is not None and checked.content_id == MODULE


def test_a_folder_named_differently_from_the_id_is_reported_as_lessons_check_does():
    checked = check_bundle(read_upload("x.zip", zip_of(folder_entries(FOLDER, "kopie"))))
    assert checked.item is None
    [problem] = checked.problems
    assert problem.format() == (
        f'kopie/module.yaml:2: The id "{MODULE}" must be the same as the folder name "kopie". '
        "Rename the folder or change the id."
    )


def test_an_export_is_the_same_zip_every_time():
    files = folder_files(FOLDER, "module")
    assert zip_folder(MODULE, files) == zip_folder(MODULE, dict(files))
    assert sorted(files) == sorted(p.name for p in FOLDER.iterdir())


def test_version_files_are_the_text_and_the_images():
    files = version_files("game", "id: x\n", {"a.png": "iVBORw0KGgo="})
    assert files == {"scenario.yaml": b"id: x\n", "a.png": b"\x89PNG\r\n\x1a\n"}


def test_version_files_hold_the_translations_beside_the_main_file():
    files = version_files("module", "id: x\n", {}, {"module.en.yaml": "title: Ë\n", "x.md": "no"})
    assert files == {"module.yaml": b"id: x\n", "module.en.yaml": "title: Ë\n".encode()}


def test_a_translation_that_cannot_be_stored_is_a_problem_not_a_draft():
    main = (FOLDER / "module.yaml").read_bytes()
    english = (FOLDER / "module.en.yaml").read_bytes()
    good = Bundle("module", MODULE, main, {"module.en.yaml": english, "teacher-guide.md": b"x"})
    translations, sources = bundle_translations(good)
    assert translations == {"en": english.decode()} and set(sources) == {"en"}
    assert sorted(good.guides) == ["teacher-guide.md"]
    for bad in (b"title: [\n", b"\xff\xfe title"):
        with pytest.raises(ImportProblems) as refused:
            bundle_translations(Bundle("module", MODULE, main, {"module.en.yaml": bad}))
        [problem] = refused.value.problems
        assert problem.path.name == "module.en.yaml"


def test_an_unknown_single_file_is_refused():
    with pytest.raises(AuthoringError) as refused:
        read_upload("notes.md", b"# hello")
    assert refused.value.msgid.startswith("Upload module.yaml, scenario.yaml or a zip")
