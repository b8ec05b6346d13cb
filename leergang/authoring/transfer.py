"""Modules and games as files: read an uploaded ``module.yaml``, ``scenario.yaml`` or zip of a
folder, check it exactly as ``lessons check`` does, and write a version back as the folder it
would be in ``lessons/``. Pure logic: no Flask, no database.

An upload is hostile until read: a zip is read member by member with caps on the number of
members, on every member's declared *and* actual size and on the total, so a tiny zip that expands
to gigabytes stops at the cap; names that climb out of the folder (``../``, absolute paths, drive
letters, backslashes) and symlink entries are refused, never unpacked. Only the files a lesson
folder may hold are kept; the check then runs on them in a fresh temporary folder.
"""

from __future__ import annotations

import base64
import io
import re
import stat
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from leergang.content import N_, Module, Problem, load_folder
from leergang.content.assets import IMAGE_SUFFIXES, MAX_IMAGE_BYTES, TOO_BIG, regular_file_in
from leergang.content.loader import MODULE_FILE, SCENARIO_FILE
from leergang.content.scenario_schema import Scenario
from leergang.content.scenarios import load_scenario
from leergang.content.yamlfile import MAX_FILE_BYTES, SourceFile, read_yaml

from .images import NOT_WHAT_IT_SAYS, image_problem, shown_images
from .services import AuthoringError

MAIN_FILES = {MODULE_FILE: "module", SCENARIO_FILE: "game"}
KIND_FILE = {kind: name for name, kind in MAIN_FILES.items()}
MAX_UPLOAD_BYTES = 8 * 1024 * 1024  # what the import form accepts (the zip itself)
MAX_UNPACKED_BYTES = 8 * 1024 * 1024  # all kept files together, unpacked
MAX_MEMBERS = 200
# Texts beside the main file: translations and teacher guides (the same names as in lessons/).
TEXT_FILE = re.compile(
    r"^(?:module\.[a-z]{2}\.yaml|scenario\.[a-z]{2}\.yaml|teacher-guide(?:\.[a-z]{2})?\.md)$"
)
_JUNK = ("__MACOSX", "Thumbs.db", "desktop.ini")  # what zip tools add by themselves
_SAFE_FOLDER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._ -]{0,99}$")
_ZIP_DATE = (2026, 1, 1, 0, 0, 0)  # fixed, so the same version always gives the same zip

NOT_A_ZIP = N_("This file is not a zip file that can be opened. Make the zip again and retry.")
DAMAGED = N_('The zip file is damaged at "%(name)s" (%(detail)s). Make the zip again and retry.')
WRONG_FILE = N_(
    "Upload module.yaml, scenario.yaml or a zip of a lesson folder. A file with another name "
    "or type cannot be imported."
)
CLIMBS_OUT = N_(
    'The zip contains "%(name)s", which points outside the lesson folder. Make a zip of the '
    "folder itself."
)
A_LINK = N_(
    'The zip contains "%(name)s", a link to another file. Put the file itself in the folder and '
    "make the zip again."
)
ENCRYPTED = N_('"%(name)s" in the zip has a password. Make the zip again without a password.')
TOO_MANY_FILES = N_("The zip has %(num)d files; a lesson folder has at most %(max)d.")
UNPACKED_TOO_BIG = N_(
    "Unpacked, the zip is larger than %(max)d MB. A lesson folder is much smaller: remove large "
    "files and try again."
)
TEXT_TOO_BIG = N_(
    '"%(name)s" is %(size)d kB; a lesson file may be at most %(max)d kB. Split long texts over '
    "more steps, or make two modules."
)
NOTHING_TO_IMPORT = N_(
    "The zip has no module.yaml or scenario.yaml. Make a zip of a lesson folder, with that file "
    "in it."
)
TWO_ITEMS = N_(
    "The zip holds more than one module or game (%(found)s). Import them one at a time: one "
    "folder per zip."
)
OUTSIDE = N_('"%(name)s" is not in the folder of %(main)s. Make a zip of that one folder only.')


@dataclass
class Bundle:
    """What an upload holds: the main file and what may sit beside it, by name in the folder."""

    kind: str  # "module" or "game"
    folder_name: str | None  # the folder in the zip (None: a single file, or files at the top)
    main: bytes
    files: dict[str, bytes] = field(default_factory=dict)  # images, translations, guides
    ignored: list[str] = field(default_factory=list)  # other files in the zip (not imported)

    @property
    def texts(self) -> dict[str, bytes]:
        """Translations and teacher guides (checked with the main file)."""
        return {n: d for n, d in self.files.items() if TEXT_FILE.match(n)}

    @property
    def translations(self) -> dict[str, bytes]:
        """Translations of the main file (``module.en.yaml``, ``scenario.en.yaml``)."""
        return {n: d for n, d in self.texts.items() if n.endswith(".yaml")}

    @property
    def guides(self) -> dict[str, bytes]:
        """Teacher guides (``teacher-guide.md``, ``teacher-guide.en.md``)."""
        return {n: d for n, d in self.texts.items() if n.endswith(".md")}

    @property
    def images(self) -> dict[str, bytes]:
        return {
            n: d for n, d in self.files.items() if PurePosixPath(n).suffix.lower() in IMAGE_SUFFIXES
        }

    def main_text(self) -> str:
        return self.main.decode("utf-8-sig")


@dataclass
class Checked:
    """The result of checking a bundle as ``lessons check`` would."""

    item: Module | Scenario | None
    content_id: str | None  # the id the main file states (also when it has problems)
    problems: list[Problem]
    shown_as: Path  # the folder the problems name (print them relative to its parent)


def read_upload(filename: str, data: bytes) -> Bundle:
    """The bundle in an uploaded file; ``AuthoringError`` with a clear message when it is none."""
    name = PurePosixPath(filename.replace("\\", "/")).name
    if data.startswith(b"PK") or name.lower().endswith(".zip"):
        return read_zip(data)
    if name in MAIN_FILES:
        if len(data) > MAX_FILE_BYTES:
            raise _text_too_big(name, len(data))
        return Bundle(MAIN_FILES[name], None, data)
    raise AuthoringError(WRONG_FILE)


def read_zip(data: bytes) -> Bundle:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise AuthoringError(NOT_A_ZIP) from None
    with archive:
        members = _safe_members(archive)
        mains = [m for m in members if PurePosixPath(m.filename).name in MAIN_FILES]
        if not mains:
            raise AuthoringError(NOTHING_TO_IMPORT)
        if len(mains) > 1:
            raise AuthoringError(TWO_ITEMS, found=", ".join(m.filename for m in mains))
        main_path = PurePosixPath(mains[0].filename)
        base = main_path.parent
        bundle = Bundle(
            MAIN_FILES[main_path.name],
            base.name if base.parts else None,
            _read_member(archive, mains[0], MAX_FILE_BYTES),
        )
        total = len(bundle.main)
        for member in members:
            path = PurePosixPath(member.filename)
            if member is mains[0]:
                continue
            if base.parts and path.parts[: len(base.parts)] != base.parts:
                raise AuthoringError(OUTSIDE, name=member.filename, main=main_path.name)
            inside = PurePosixPath(*path.parts[len(base.parts) :]).as_posix()
            if path.suffix.lower() in IMAGE_SUFFIXES:
                cap = MAX_IMAGE_BYTES
            elif TEXT_FILE.match(inside):
                cap = MAX_FILE_BYTES
            else:
                bundle.ignored.append(inside)
                continue
            bundle.files[inside] = _read_member(archive, member, cap)
            total += len(bundle.files[inside])
            if total > MAX_UNPACKED_BYTES:
                raise AuthoringError(UNPACKED_TOO_BIG, max=MAX_UNPACKED_BYTES // 1024 // 1024)
    return bundle


def _safe_members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The files of a zip, refusing the whole zip for one dangerous entry."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise AuthoringError(TOO_MANY_FILES, num=len(infos), max=MAX_MEMBERS)
    members, seen = [], set()
    for info in infos:
        name = info.filename
        path = PurePosixPath(name)
        if (
            "\\" in name
            or "\x00" in name
            or name.startswith("/")
            or re.match(r"^[A-Za-z]:", name)
            or any(part == ".." for part in path.parts)
        ):
            raise AuthoringError(CLIMBS_OUT, name=name)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise AuthoringError(A_LINK, name=name)
        if info.is_dir() or any(p.startswith(".") or p in _JUNK for p in path.parts):
            continue
        if info.flag_bits & 0x1:
            raise AuthoringError(ENCRYPTED, name=name)
        if name in seen:
            raise AuthoringError(DAMAGED, name=name, detail="2x")
        seen.add(name)
        members.append(info)
    if sum(info.file_size for info in members) > MAX_UNPACKED_BYTES:
        raise AuthoringError(UNPACKED_TOO_BIG, max=MAX_UNPACKED_BYTES // 1024 // 1024)
    return members


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    """A member's bytes, never more than ``cap``: the declared size may lie, so the bytes are
    counted while they are unpacked and reading stops one chunk past the cap."""
    if info.file_size > cap:
        raise _over_cap(info.filename, info.file_size, cap)
    chunks, size = [], 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(64 * 1024):
                size += len(chunk)
                if size > cap:
                    raise _over_cap(info.filename, size, cap)
                chunks.append(chunk)
    # zipfile raises NotImplementedError for a compression method it lacks and RuntimeError for
    # an encrypted member: both are damaged uploads to the author, not missing code.
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,
            ValueError, OSError) as exc:  # fmt: skip
        raise AuthoringError(DAMAGED, name=info.filename, detail=type(exc).__name__) from None
    return b"".join(chunks)


def _over_cap(name: str, size: int, cap: int) -> AuthoringError:
    if PurePosixPath(name).suffix.lower() in IMAGE_SUFFIXES:
        return AuthoringError(
            TOO_BIG, src=PurePosixPath(name).name, size=-(-size // 1024), max=cap // 1024
        )
    return _text_too_big(PurePosixPath(name).name, size)


def _text_too_big(name: str, size: int) -> AuthoringError:
    return AuthoringError(
        TEXT_TOO_BIG, name=name, size=-(-size // 1024), max=MAX_FILE_BYTES // 1024
    )


# --- checking -------------------------------------------------------------------------------


def stated_id(bundle: Bundle) -> str | None:
    """The id the main file states, read without checking anything else (None if unreadable)."""
    try:
        text = bundle.main_text()
    except UnicodeDecodeError:
        return None
    data = read_yaml(SourceFile(path=Path(KIND_FILE[bundle.kind])), "", text)
    value = data.get("id") if data else None
    return value if isinstance(value, str) and _SAFE_FOLDER.match(value) else None


def check_bundle(bundle: Bundle) -> Checked:
    """Check the bundle as ``lessons check <folder>`` does: the files are written to a fresh
    folder named as in the zip (or after the id) and loaded from there."""
    content_id = stated_id(bundle)
    name = bundle.folder_name or content_id or "import"
    if not _SAFE_FOLDER.match(name):
        name = content_id or "import"
    with tempfile.TemporaryDirectory(prefix="leergang-import-") as tmp:
        folder = Path(tmp) / name
        write_folder(folder, {KIND_FILE[bundle.kind]: bundle.main, **bundle.files})
        if bundle.kind == "module":
            loaded = load_folder(folder)
            item, problems = loaded.module, loaded.problems
        else:
            item, problems = load_scenario(folder)
        problems = problems + _image_problems(folder, bundle)
    shown = Path(name)
    problems = [_relative(p, Path(tmp), shown.parent) for p in problems]
    return Checked(None if problems else item, content_id, problems, shown)


def _image_problems(folder: Path, bundle: Bundle) -> list[Problem]:
    """What the folder check does not look at: whether each image's bytes are what its suffix
    says (browsers get the type the bytes have), and every rule for images no text shows yet
    (they are stored too). Shown images are otherwise reported by the check, at their line."""
    main = folder / KIND_FILE[bundle.kind]
    try:
        shown = shown_images(bundle.main_text())
    except UnicodeDecodeError:
        return []  # the check reports that the file is not UTF-8
    problems = []
    for name, data in sorted(bundle.images.items()):
        found = image_problem(name, data)
        if found is not None and (name not in shown or found[0] == NOT_WHAT_IT_SAYS):
            problems.append(Problem(main, 1, *found))
    return problems


def _relative(problem: Problem, tmp: Path, base: Path) -> Problem:
    try:
        path = base / problem.path.relative_to(tmp)
    except ValueError:
        path = problem.path
    return Problem(path, problem.line, problem.msgid, problem.params)


def write_folder(folder: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` ({name in the folder: bytes}) into ``folder``; names were checked."""
    for name, data in files.items():
        target = folder / PurePosixPath(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


# --- exporting ------------------------------------------------------------------------------


def version_files(
    kind: str, yaml_text: str, assets: dict[str, Any], texts: dict[str, str] | None = None
) -> dict[str, bytes]:
    """The files of a version as its folder in ``lessons/`` holds them: {name: bytes}.

    ``texts`` are the files written beside the main file, by name: the translations
    (``translations.translation_files``); the same names ``lessons/`` uses."""
    files = {KIND_FILE[kind]: yaml_text.encode("utf-8")}
    for name, text in sorted((texts or {}).items()):
        if TEXT_FILE.match(name):
            files[name] = text.encode("utf-8")
    for name, encoded in sorted(assets.items()):
        files[name] = base64.b64decode(encoded)
    return files


def folder_files(folder: Path, kind: str) -> dict[str, bytes]:
    """The files of a module or game folder in ``lessons/``: the main file, its translations and
    guides, and the images it shows (regular files only, never a symlink)."""
    files: dict[str, bytes] = {}
    main = folder / KIND_FILE[kind]
    files[main.name] = main.read_bytes()
    for path in sorted(folder.iterdir()):
        if TEXT_FILE.match(path.name) and regular_file_in(folder, path.name) is not None:
            files[path.name] = path.read_bytes()
    for src in sorted(shown_images(files[main.name].decode("utf-8-sig"))):
        path = regular_file_in(folder, src)
        if path is not None and path.stat().st_size <= MAX_IMAGE_BYTES:
            files[src] = path.read_bytes()
    return files


def zip_folder(folder_name: str, files: dict[str, bytes]) -> bytes:
    """A zip with one folder, as a lesson folder is zipped by hand."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(f"{folder_name}/{name}", date_time=_ZIP_DATE)
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()
