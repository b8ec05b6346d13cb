"""Static files served by WhiteNoise: hashed names cached for good, gzip and Brotli made once.

At start-up ``static/`` is copied to ``instance/static-<digest>/`` (once per content version;
workers that start together race harmlessly to an atomic rename): each file under its own name
and under a name with its content hash (``css/app.3f2a9c1e0b.css``), plus ``.gz`` and ``.br``
twins. ``url_for('static', ...)`` hands out the hashed names, which WhiteNoise serves with a
one-year ``immutable`` cache header; plain names stay valid for anything that links them.
Stylesheets point at the hashed names of the fonts and images they use.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

from flask import Flask
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

HASHED = re.compile(r"\.[0-9a-f]{10}\.[A-Za-z0-9]+$")
CSS_URL = re.compile(r"""url\(\s*(["']?)([^)"':]+)\1\s*\)""")


def _hashed_name(name: str, data: bytes) -> str:
    stem, dot, suffix = name.rpartition(".")
    digest = hashlib.md5(data, usedforsecurity=False).hexdigest()[:10]
    return f"{stem}.{digest}.{suffix}" if dot else f"{name}.{digest}"


def _sources(root: Path) -> list[tuple[str, bytes]]:
    files = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            files.append((path.relative_to(root).as_posix(), path.read_bytes()))
    return files


def _rewrite_css(name: str, data: bytes, manifest: dict[str, str]) -> bytes:
    """Point ``url(...)`` in a stylesheet at the hashed names (they never go stale)."""
    folder = Path(name).parent

    def swap(match: re.Match) -> str:
        target = os.path.normpath((folder / match.group(2)).as_posix())
        if target not in manifest:
            return match.group(0)
        relative = os.path.relpath(manifest[target], folder.as_posix() or ".")
        return f'url("{relative}")'

    return CSS_URL.sub(swap, data.decode()).encode()


def build(static_dir: Path, instance_dir: Path) -> tuple[Path, dict[str, str]]:
    """The served copy of ``static_dir`` and its manifest (plain name -> hashed name)."""
    sources = _sources(static_dir)
    manifest: dict[str, str] = {}
    outputs: dict[str, bytes] = {}
    for name, data in sorted(sources, key=lambda item: item[0].endswith(".css")):
        if name.endswith(".css"):
            data = _rewrite_css(name, data, manifest)
        manifest[name] = _hashed_name(name, data)
        outputs[name] = data
    version = hashlib.md5(
        "".join(sorted(manifest.values())).encode(), usedforsecurity=False
    ).hexdigest()[:12]
    target = instance_dir / f"static-{version}"
    if not target.exists():
        staging = Path(tempfile.mkdtemp(prefix=".static-", dir=instance_dir))
        compressor = Compressor(quiet=True)
        for name, data in outputs.items():
            for served in (name, manifest[name]):
                path = staging / served
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                if compressor.should_compress(str(path)):
                    compressor.compress(str(path))
        try:
            staging.rename(target)
        except OSError:  # another worker got there first with the same content
            shutil.rmtree(staging, ignore_errors=True)
    return target, manifest


def _immutable(_path: str, url: str) -> bool:
    return bool(HASHED.search(url))


def init_app(app: Flask) -> None:
    """Serve ``static/`` through WhiteNoise and make ``url_for`` give hashed names.

    Not in debug mode: there Flask serves ``static/`` as it is, so an edited stylesheet shows
    on the next reload without a restart.
    """
    if app.debug:
        return
    assert app.static_folder and app.static_url_path
    root, manifest = build(Path(app.static_folder), Path(app.instance_path))
    app.extensions["leergang.static_manifest"] = manifest
    app.wsgi_app = WhiteNoise(
        app.wsgi_app,
        root=str(root),
        prefix=app.static_url_path.strip("/") + "/",
        immutable_file_test=_immutable,
        max_age=3600,
    )

    @app.url_defaults
    def _hashed_static(endpoint: str, values: dict) -> None:
        if endpoint == "static" and values.get("filename") in manifest:
            values["filename"] = manifest[values["filename"]]
