"""Static files under hashed names, cached for good and compressed; pages compressed too."""

from __future__ import annotations

import re

import brotli


def fetch(client, url, **headers):
    """GET a static file and close it (WhiteNoise streams from an open file)."""
    response = client.get(url, headers=headers)
    response.get_data()
    response.close()
    return response


def test_pages_link_hashed_static_files_that_are_cached_for_good(client):
    page = client.get("/").get_data(as_text=True)
    css = re.search(r'href="(/static/css/app\.[0-9a-f]{10}\.css)"', page)
    js = re.search(r'src="(/static/js/htmx-2\.0\.11\.min\.[0-9a-f]{10}\.js)"', page)
    assert css and js, page[:800]
    for url in (css.group(1), js.group(1)):
        response = fetch(client, url, **{"Accept-Encoding": "br, gzip"})
        assert response.status_code == 200
        assert response.headers["Content-Encoding"] == "br"
        assert "immutable" in response.headers["Cache-Control"]
        assert "max-age=315360000" in response.headers["Cache-Control"]
    gz = fetch(client, js.group(1), **{"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip"
    # The stylesheet points at the hashed fonts, which are served too.
    stylesheet = brotli.decompress(
        fetch(client, css.group(1), **{"Accept-Encoding": "br"}).data
    ).decode()
    fonts = re.findall(r'url\("\.\./(fonts/[^"]+\.[0-9a-f]{10}\.woff2)"\)', stylesheet)
    assert len(fonts) == 2
    assert fetch(client, f"/static/{fonts[0]}").status_code == 200


def test_plain_static_names_still_work_but_are_not_immutable(client):
    response = fetch(client, "/static/css/app.css")
    assert response.status_code == 200
    assert "immutable" not in response.headers["Cache-Control"]


def test_pages_are_compressed_for_browsers_that_accept_it(client):
    squeezed = client.get("/", headers={"Accept-Encoding": "br, gzip"})
    assert squeezed.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in squeezed.headers["Vary"]
    plain = client.get("/")
    assert "Content-Encoding" not in plain.headers
    # The same page but for the CSRF tokens, which are masked anew in every response (BREACH).
    token = re.compile(rb'(value="|"X-CSRFToken": ")[^"]+')
    assert token.sub(rb"\1", brotli.decompress(squeezed.data)) == token.sub(rb"\1", plain.data)
    # Well under the plain size; not under half on this small page, because the masked tokens are
    # random bytes that no compressor can shrink.
    assert len(squeezed.data) < len(plain.data) * 0.6
