"""Images as a hurried author or an attacker puts them beside module.yaml: ``lessons check`` names
each problem at the line that shows the image, in Dutch, and the module is not loaded."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from flask_babel import force_locale, gettext

from leergang.content import load_module
from leergang.content.assets import MAX_IMAGE_BYTES, svg_danger

LESSONS = Path(__file__).parents[2] / "lessons"
MODULE = "nodig-of-willen"
SHOWN = "nodig-of-willen.svg"


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / MODULE
    shutil.copytree(LESSONS / MODULE, target)
    return target


def dutch(app, problems) -> list[str]:
    with app.app_context(), force_locale("nl"):
        return [f"{p.path.name}:{p.line}: {p.message(gettext)}" for p in problems]


def shown_line(folder: Path) -> int:
    lines = (folder / "module.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if f"]({SHOWN})" in line)


def test_a_symlinked_image_is_refused(app, folder):
    (folder / SHOWN).unlink()
    os.symlink("/etc/hostname", folder / SHOWN)
    module, problems = load_module(folder)
    assert module is None
    assert dutch(app, problems) == [
        f'module.yaml:{shown_line(folder)}: Afbeelding "{SHOWN}" is geen gewoon bestand '
        "(bijvoorbeeld een koppeling naar een ander bestand). Zet het plaatje zelf in de modulemap."
    ]


def test_a_symlink_to_a_missing_file_is_refused_as_a_link(folder):
    (folder / SHOWN).unlink()
    os.symlink("/nowhere/at/all.svg", folder / SHOWN)
    module, problems = load_module(folder)
    assert module is None
    assert [p.params["src"] for p in problems] == [SHOWN]
    assert "ordinary file" in problems[0].message()


def test_an_image_over_the_cap_is_refused_with_its_size(app, folder):
    (folder / SHOWN).write_text(
        '<svg xmlns="http://www.w3.org/2000/svg">' + " " * MAX_IMAGE_BYTES + "</svg>",
        encoding="utf-8",
    )
    module, problems = load_module(folder)
    assert module is None
    assert dutch(app, problems) == [
        f'module.yaml:{shown_line(folder)}: Afbeelding "{SHOWN}" is 1025 kB; de grens is 1024 kB. '
        "Maak het plaatje kleiner (minder pixels, of sla het op als JPEG of WebP)."
    ]


@pytest.mark.parametrize(
    ("svg", "found"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "<script"),
        ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "onload="),
        ('<svg xmlns="http://www.w3.org/2000/svg"><rect/onclick="x()"/></svg>', "onclick="),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe/></foreignObject></svg>',
            "<foreignObject",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/x.png"/></svg>',
            "href",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
            '<use xlink:href="other.svg#a"/></svg>',
            "href",
        ),
        ('<svg><style>@import "x.css";</style></svg>', "@import"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(https://e.example/#p)"/></svg>',
            "url(",
        ),
        ('<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>', "<!DOCTYPE"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><a><set attributeName="href" '
            'to="javascript:alert(1)"/></a></svg>',
            "javascript:",
        ),
        # Found in Chromium (tests/browser/test_xss_in_browser.py): a prefixed script element is
        # a script, and a character reference spells javascript: all the same.
        (
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:s="http://www.w3.org/2000/svg">'
            "<s:script>alert(1)</s:script></svg>",
            "<script",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><h:script '
            'xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></svg>',
            "<script",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><a><animate attributeName="href" '
            'values="&#106;avascript:alert(1)"/></a></svg>',
            "javascript:",
        ),
    ],
)
def test_an_svg_that_could_run_script_or_fetch_is_refused(app, folder, svg, found):
    (folder / SHOWN).write_text(svg, encoding="utf-8")
    module, problems = load_module(folder)
    assert module is None
    assert len(problems) == 1
    assert dutch(app, problems)[0].startswith(
        f'module.yaml:{shown_line(folder)}: Afbeelding "{SHOWN}" bevat "{found}'
    )
    assert "Een SVG mag alleen tekenen" in dutch(app, problems)[0]


def test_every_shipped_svg_is_clean():
    svgs = sorted(LESSONS.glob("*/*.svg"))
    assert svgs
    assert {svg.name: svg_danger(svg.read_text(encoding="utf-8")) for svg in svgs} == {
        svg.name: None for svg in svgs
    }


def test_an_image_file_nobody_shows_does_not_matter_to_the_check(folder):
    (folder / "reserve.png").write_bytes(b"x" * (MAX_IMAGE_BYTES + 1))
    module, problems = load_module(folder)
    assert problems == [] and module is not None
    assert module.asset_path("reserve.png") is None
    assert module.asset_path(SHOWN) == folder / SHOWN


def test_images_that_are_each_allowed_but_too_big_together_are_reported(app, folder):
    text = (folder / "module.yaml").read_text(encoding="utf-8")
    big = [f"groot-{n}.png" for n in range(4)]
    for name in big:
        (folder / name).write_bytes(b"\x89PNG" + b"x" * (MAX_IMAGE_BYTES - 100))
    pictures = "\n".join(f"      ![Plaatje {n}]({name})" for n, name in enumerate(big))
    text = text.replace(f"]({SHOWN})", f"]({SHOWN})\n\n{pictures}", 1)
    (folder / "module.yaml").write_text(text, encoding="utf-8")
    total = sum((folder / name).stat().st_size for name in [SHOWN, *big])
    module, problems = load_module(folder)
    assert module is None
    assert dutch(app, problems) == [
        f"module.yaml:1: De plaatjes van deze module zijn samen {-(-total // 1024)} kB; de grens "
        "is 3072 kB. "
        "Maak de plaatjes kleiner of gebruik er minder."
    ]
