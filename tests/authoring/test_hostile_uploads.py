"""Hostile and mistaken uploads to the import form: each gets a clear Dutch 4xx message, nothing
in the database changes, nothing is written outside a temporary folder, and no upload makes the
server work for long (the caps stop a zip bomb or YAML bomb before it grows)."""

from __future__ import annotations

import struct
import tempfile
import time

import pytest

from leergang.authoring.transfer import MAX_MEMBERS
from tests.authoring.helpers import IMAGE, MODULE, db_state, own_module_text, upload, zip_of
from tests.helpers import LESSONS_DIR

IMPORT = "/author/import"
SVG = (LESSONS_DIR / MODULE / IMAGE).read_bytes()
ESCAPE = "leergang-xfer-escape.txt"


def own(**more: bytes) -> dict[str, bytes]:
    return {"mijn-les/module.yaml": own_module_text().encode(), f"mijn-les/{IMAGE}": SVG, **more}


def lying_zip(name: str, real: bytes, declared: int) -> bytes:
    """A one-file zip whose headers say the file is ``declared`` bytes (unpacked), whatever it
    really is: how zip bombs slip past a check of the declared size alone."""
    data = bytearray(zip_of({name: real}))
    local = data.find(b"PK\x03\x04")
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, local + 22, declared)
    struct.pack_into("<I", data, central + 24, declared)
    return bytes(data)


def deflated_zeros(size: int) -> bytes:
    return b"\0" * size


def yaml_bomb() -> bytes:
    lines = ["schema_version: 2", "id: mijn-les", 'a: &a ["lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        name, below = chr(97 + level), chr(96 + level)
        lines.append(f"{name}: &{name} [{', '.join(['*' + below] * 9)}]")
    return ("\n".join(lines) + "\n").encode()


BIG_MEMBER = 64 * 1024 * 1024  # 64 MB of zeros: a 64 kB zip
CASES = {
    "a path that climbs out": (
        zip_of({**own(), f"mijn-les/../../{ESCAPE}": b"x"}), 400,
        f"De zip bevat &#34;mijn-les/../../{ESCAPE}&#34;, dat buiten de lesmap wijst",
    ),
    "an absolute path": (
        zip_of({**own(), "/etc/passwd": b"root:x:0:0"}), 400, "&#34;/etc/passwd&#34;, dat buiten",
    ),
    "a Windows drive path": (
        zip_of({**own(), "C:/Windows/win.ini": b"x"}), 400, "dat buiten de lesmap wijst",
    ),
    "backslashes that climb": (
        zip_of({**own(), "mijn-les\\..\\..\\x.png": b"x"}), 400, "dat buiten de lesmap wijst",
    ),
    "a symlink entry": (
        zip_of({**own(), f"mijn-les/{IMAGE}": b"/etc/hostname"}, links=(f"mijn-les/{IMAGE}",)),
        400, "een koppeling naar een ander bestand",
    ),
    "two modules": (
        zip_of({**own(), "tweede/module.yaml": own_module_text("tweede").encode()}), 400,
        "De zip bevat meer dan één module of spel (mijn-les/module.yaml, tweede/module.yaml)",
    ),
    "a module and a game in one folder": (
        zip_of({**own(), "mijn-les/scenario.yaml": b"schema_version: 1\n"}), 400,
        "meer dan één module of spel",
    ),
    "no lesson in the zip": (
        zip_of({"foto.png": b"x"}), 400, "De zip heeft geen module.yaml of scenario.yaml",
    ),
    "a file beside the folder": (
        zip_of({**own(), "leesmij.txt": b"x"}), 400,
        "&#34;leesmij.txt&#34; staat niet in de map van module.yaml",
    ),
    "not a zip, named .zip": (
        b"This is a text file, not a zip.\n" * 10, 400,
        "Dit bestand is geen zipbestand dat open kan",
    ),
    "a zip cut short": (
        zip_of(own())[:300], 400, "Dit bestand is geen zipbestand dat open kan",
    ),
    "a bomb that declares its size": (
        zip_of({**own(), "mijn-les/bom.png": deflated_zeros(BIG_MEMBER)}), 400,
        "Uitgepakt is de zip groter dan 8 MB",
    ),
    "a bomb that lies about its size": (
        lying_zip("mijn-les/module.yaml", deflated_zeros(BIG_MEMBER), 100), 400,
        "Het zipbestand is beschadigd bij &#34;mijn-les/module.yaml&#34;",
    ),
    "an image over the cap": (
        zip_of({**own(), "mijn-les/groot.png": deflated_zeros(2 * 1024 * 1024)}), 400,
        "Afbeelding &#34;groot.png&#34; is 2048 kB; de grens is 1024 kB",
    ),
    "a zip that claims 4 GB": (
        lying_zip("mijn-les/module.yaml", b"id: x\n", 0xFFFFFFFE), 400,
        "Uitgepakt is de zip groter dan 8 MB",
    ),
    "many images adding up": (
        zip_of({**own(), **{f"mijn-les/{n}.png": b"\x89PNG" + b"\0" * 900_000 for n in range(10)}}),
        400, "Uitgepakt is de zip groter dan 8 MB",
    ),
    "too many files": (
        zip_of({**own(), **{f"mijn-les/{n}.txt": b"" for n in range(MAX_MEMBERS)}}), 400,
        f"De zip heeft {MAX_MEMBERS + 2} bestanden; een lesmap heeft er hoogstens {MAX_MEMBERS}",
    ),
    "a YAML bomb": (
        zip_of({"mijn-les/module.yaml": yaml_bomb()}), 422,
        "mijn-les/module.yaml:3: YAML-ankers (&#34;&amp;naam&#34;) en verwijzingen",
    ),
    "a huge module.yaml": (
        zip_of({"mijn-les/module.yaml": b"id: mijn-les\ntitle: " + b"x" * 400_000 + b"\n"}), 400,
        "&#34;module.yaml&#34; is 391 kB; een lesbestand mag hoogstens 256 kB zijn",
    ),
    "a png that is html": (
        zip_of(own(**{"mijn-les/extra.png": b"<html><script>alert(1)</script></html>"})), 422,
        "Afbeelding &#34;extra.png&#34; is vanbinnen geen echt PNG-bestand",
    ),
    "an svg with script beside the module": (
        zip_of(own(**{"mijn-les/extra.svg": b'<svg xmlns="http://www.w3.org/2000/svg">'
                      b"<script>alert(1)</script></svg>"})), 422,
        "Afbeelding &#34;extra.svg&#34; bevat &#34;&lt;script&#34;",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_hostile_zip_is_refused_clearly_and_changes_nothing(
    app, author, case, tmp_path, monkeypatch
):
    data, status, message = case
    # The import unpacks into a temporary folder: this test's own, so that imports by other
    # tests running in parallel cannot be mistaken for leftovers of this one.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    before = db_state(app)
    started = time.monotonic()
    response = upload(author, IMPORT, "mijn-les.zip", data)
    assert time.monotonic() - started < 20  # no bomb makes the server work for long
    assert response.status_code == status, response.text[-1500:]
    assert message in response.text
    assert db_state(app) == before
    assert not (tmp_path / ESCAPE).exists() and not (tmp_path.parent / ESCAPE).exists()
    assert not list(tmp_path.glob("leergang-import-*/*"))


def test_a_huge_single_file_is_refused(app, author):
    before = db_state(app)
    response = upload(author, IMPORT, "module.yaml", b"id: x\ntitle: " + b"x" * 300_000)
    assert response.status_code == 400
    message = "&#34;module.yaml&#34; is 293 kB; een lesbestand mag hoogstens 256 kB zijn"
    assert message in response.text
    assert db_state(app) == before


def test_a_20_mb_upload_is_refused_before_it_is_read(app, author):
    before = db_state(app)
    response = upload(author, IMPORT, "mijn-les.zip", b"PK" + b"\0" * (20 * 1024 * 1024))
    assert response.status_code == 413
    assert "Dit bestand is te groot" in response.text
    assert "Leergang neemt hier hoogstens 8256 kB aan." in response.text
    assert db_state(app) == before


@pytest.mark.parametrize(
    "filename, message",
    [
        ("les.yaml", "Upload module.yaml, scenario.yaml of een zip van een lesmap"),
        ("module.txt", "Upload module.yaml, scenario.yaml of een zip van een lesmap"),
        ("", "Kies een bestand om te importeren."),
    ],
)
def test_other_files_are_refused(app, author, filename, message):
    before = db_state(app)
    response = upload(author, IMPORT, filename, own_module_text().encode())
    assert response.status_code == 400
    assert message in response.text
    assert db_state(app) == before


def test_the_yaml_bomb_stops_at_once(app, author):
    """The bomb's aliases would make 6 × 9^9 nodes: refused at the first anchor instead."""
    started = time.monotonic()
    response = upload(author, IMPORT, "module.yaml", yaml_bomb())
    assert response.status_code == 422
    assert time.monotonic() - started < 5
    assert "module.yaml:3: YAML-ankers" in response.text
