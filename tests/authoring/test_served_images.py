"""Images of versions made in the browser, through a real gunicorn: the headers that make an
uploaded SVG inert reach the browser as sent (the Flask test client never shows what a server
adds or drops), for pupils and for the organisation's authors."""

from __future__ import annotations

from tests.authoring.helpers import IMAGE, MODULE, PASSWORD, PNG, STAFF, own_module_text, publish
from tests.helpers import LESSONS_DIR, Actor
from tests.served import HttpClient, serve

SVG = (LESSONS_DIR / MODULE / IMAGE).read_bytes()
SANDBOX = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def _headers(response) -> dict[str, str]:
    return {key.lower(): value for key, value in response.headers.items()}


def test_served_images_carry_nosniff_and_the_sandbox(app, app_config, demo, noor, partners,
                                                     tmp_path):  # fmt: skip
    version_id = publish(app, partners, own_module_text(), {IMAGE: SVG, "foto.png": PNG},
                         content_id="mijn-les")  # fmt: skip
    text = own_module_text().replace(f"]({IMAGE})", f"]({IMAGE}) ![Een foto](foto.png)", 1)
    assert text != own_module_text()
    png_version = publish(app, partners, text.replace('"1.1"', '"1.2"', 1),
                          {IMAGE: SVG, "foto.png": PNG}, content_id="mijn-les")  # fmt: skip
    with serve(app_config, tmp_path / "gunicorn.log") as server:
        pupil = Actor(HttpClient(server.url))
        assert pupil.sign_in_pupil("KTR947", noor).status_code == 302
        for url, body, media in (
            (f"/content/module/mijn-les/1.1/images/{IMAGE}", SVG, "image/svg+xml"),
            ("/content/module/mijn-les/1.2/images/foto.png", PNG, "image/png"),
        ):
            response = pupil.client.get(url)
            assert response.status_code == 200, url
            assert response.body == body
            headers = _headers(response)
            assert headers["content-type"].split(";")[0] == media
            assert headers["x-content-type-options"] == "nosniff"
            assert headers["content-security-policy"] == SANDBOX
            assert "no-store" not in headers["cache-control"]
        # A stored image no text of 1.1 shows is not served.
        assert pupil.client.get("/content/module/mijn-les/1.1/images/foto.png").status_code == 404
        # The organisation's author sees a version's images by its id; a pupil does not.
        author = Actor(HttpClient(server.url))
        author.sign_in_staff(STAFF["author"][0], PASSWORD)
        response = author.client.get(f"/author/versions/{version_id}/images/{IMAGE}")
        headers = _headers(response)
        assert response.status_code == 200
        assert headers["content-type"].startswith("image/svg+xml")
        assert headers["content-security-policy"] == SANDBOX
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["cache-control"] == "private, no-cache"
        url = f"/author/versions/{png_version}/images/foto.png"
        assert pupil.client.get(url).status_code == 403
        assert Actor(HttpClient(server.url)).client.get(url).status_code == 302
