"""Download names any browser and any WSGI server accept.

gunicorn refuses a header with characters outside Latin-1 (a 500 for a class called "Groep 8
Łódź"). This after-request guard rewrites such a ``Content-Disposition`` into an ASCII
``filename=`` fallback plus RFC 5987 ``filename*=UTF-8''…`` with the real name.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from werkzeug.wrappers import Response

_FILENAME = re.compile(r'filename="((?:[^"\\]|\\.)*)"|filename=([^;]+)')


# Letters NFKD does not split into a base letter and an accent.
_LETTERS = str.maketrans(
    {
        "Ł": "L",
        "ł": "l",
        "Ø": "O",
        "ø": "o",
        "ß": "ss",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "Đ": "D",
        "đ": "d",
        "ı": "i",
    }
)


def ascii_filename(name: str) -> str:
    """Letters without their accents; anything else outside ASCII becomes ``-``."""
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    plain = unicodedata.normalize("NFKD", stem.translate(_LETTERS))
    plain = plain.encode("ascii", "ignore").decode()
    plain = "".join(c if c.isalnum() or c in "-_" else "-" for c in plain)
    plain = re.sub(r"-{2,}", "-", plain).strip("-") or "download"
    extension = "".join(c for c in extension if c.isascii() and c.isalnum())
    return f"{plain}.{extension}" if extension else plain


def content_disposition(name: str, kind: str = "attachment") -> str:
    value = f'{kind}; filename="{ascii_filename(name)}"'
    if ascii_filename(name) != name:
        value += f"; filename*=UTF-8''{quote(name, safe='')}"
    return value


def safe_download_name(response: Response) -> Response:
    header = response.headers.get("Content-Disposition")
    if not header or header.isascii():
        return response
    kind = header.split(";", 1)[0].strip() or "attachment"
    match = _FILENAME.search(header)
    name = (match.group(1) or match.group(2)).strip() if match else "download"
    response.headers["Content-Disposition"] = content_disposition(name, kind)
    return response
