"""Images beside a version made in the browser: uploaded with required alt text and the same
rules as image files in a module folder; served so that nothing in them can run, a draft's only to
its organisation, a published version's to pupils, and only the images its text shows."""

from __future__ import annotations

import pytest
from sqlmodel import select

from leergang.authoring.models import ContentVersion
from leergang.content.assets import MAX_IMAGE_BYTES
from leergang.db import new_session
from tests.answers import right_answer
from tests.authoring.helpers import (
    IMAGE,
    MODULE,
    PNG,
    db_state,
    own_module_text,
    publish,
    upload,
    zip_of,
)
from tests.helpers import LESSONS_DIR, Actor

SVG = (LESSONS_DIR / MODULE / IMAGE).read_bytes()
IMAGES = "/author/module/mijn-les/images"
SANDBOX = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


@pytest.fixture
def draft(app, author):
    """The author's organisation has a draft of its own module "mijn-les" with one image."""
    zipped = zip_of({"mijn-les/module.yaml": own_module_text().encode(), f"mijn-les/{IMAGE}": SVG})
    assert upload(author, "/author/import", "mijn-les.zip", zipped).status_code == 303
    with app.app_context(), new_session() as session:
        return session.exec(select(ContentVersion.id)).one()


def assets(app, version_id):
    with app.app_context(), new_session() as session:
        return session.get(ContentVersion, version_id).assets


def test_an_image_with_alt_text_is_stored_beside_the_draft(app, author, draft):
    response = upload(author, IMAGES, "Spaar Pot.PNG", PNG, alt="Een spaarpot vol munten")
    assert response.status_code == 303
    page = author.get(IMAGES).text
    assert "spaar-pot.png is bewaard. Laat het plaatje in een tekst zien met: " in page
    assert "![Een spaarpot vol munten](spaar-pot.png)" in page
    assert sorted(assets(app, draft)) == [IMAGE, "spaar-pot.png"]
    assert f'src="/author/versions/{draft}/images/spaar-pot.png"' in page


def test_the_upload_form_posts_to_its_own_page(author, draft):
    """The form's action names the kind (it was "/author//mijn-les/images": not found)."""
    page = author.get(IMAGES).text
    assert f'<form method="post" action="{IMAGES}" enctype="multipart/form-data"' in page


BAD_UPLOADS = {
    "no alt text": ("pot.png", PNG, "  ", "Beschrijf wat er op het plaatje staat (alt-tekst)."),
    "alt text with HTML": ("pot.png", PNG, "<b>pot</b>", 'HTML werkt hier niet'),
    "alt text over two lines": ("pot.png", PNG, "een\npot", "Schrijf de beschrijving op één regel"),
    "alt text too long": ("pot.png", PNG, "a" * 251, "hoogstens 250 tekens (nu 251)"),
    "svg with script": ("s.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)'
                        b"</script></svg>", "x", "bevat &#34;&lt;script&#34;"),
    "svg with a handler": ("s.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
                           "x", "bevat &#34;onload=&#34;"),
    "svg with foreignObject": ("s.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject>'
                               b"<p>hi</p></foreignObject></svg>", "x", "&lt;foreignObject"),
    "svg with an external image": ("s.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><image '
                                   b'href="https://evil.example/x.png"/></svg>', "x", "href"),
    "html named png": ("pot.png", b"<html><script>alert(1)</script></html>", "x",
                       "is vanbinnen geen echt PNG-bestand"),
    "png named svg": ("pot.svg", PNG, "x", "is vanbinnen geen echt SVG-bestand"),
    "gif": ("pot.gif", b"GIF89a....", "x", "De bestandsnaam &#34;pot.gif&#34; kan niet"),
    "a path as name": ("../../etc/passwd", b"root:x:0:0", "x", "kan niet"),
    "just over the size cap": ("groot.png", PNG + b"\0" * MAX_IMAGE_BYTES, "x",
                               "de grens is 1024 kB"),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD_UPLOADS.values(), ids=BAD_UPLOADS.keys())
def test_a_bad_upload_is_refused_with_a_clear_message_and_changes_nothing(app, author, draft, case):
    filename, data, alt, message = case
    before = db_state(app)
    response = upload(author, IMAGES, filename, data, alt=alt)
    assert response.status_code == 400
    assert message in response.text
    assert db_state(app) == before


def test_a_20_mb_image_is_refused_before_it_is_read(app, author, draft):
    before = db_state(app)
    response = upload(author, IMAGES, "huge.png", PNG + b"\0" * (20 * 1024 * 1024), alt="x")
    assert response.status_code == 413
    assert "Dit bestand is te groot" in response.text
    assert "Leergang neemt hier hoogstens 1088 kB aan." in response.text
    assert db_state(app) == before


def test_the_images_of_a_draft_are_for_its_organisation_only(app, sign_in, draft, demo, noor):
    url = f"/author/versions/{draft}/images/{IMAGE}"
    for key in ("author", "reviewer"):
        response = sign_in(key).client.get(url)
        assert response.status_code == 200, key
        assert response.data == SVG
        assert response.mimetype == "image/svg+xml"
        assert response.headers["Content-Security-Policy"] == SANDBOX
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert sign_in("other").client.get(url).status_code == 404
    assert sign_in("other").get(IMAGES).status_code == 404
    # An admin reviews every organisation's drafts in the preview, images included.
    assert sign_in("admin@demo.leergang.nl").client.get(url).data == SVG
    for email in ("leraar@demo.leergang.nl", "evaluator@demo.leergang.nl"):
        assert sign_in(email).client.get(url).status_code == 403
        assert sign_in(email).get(IMAGES).status_code == 403
    pupil = Actor(app.test_client())
    pupil.sign_in_pupil("KTR947", noor)
    assert pupil.client.get(url).status_code == 403
    assert app.test_client().get(url).status_code == 302  # to the sign-in page
    # Not a draft's URL, not a stored name: nothing.
    assert sign_in("author").client.get(f"/content/module/mijn-les/1.1/images/{IMAGE}"
                                        ).status_code == 404  # fmt: skip


@pytest.fixture
def published(app, partners):
    """mijn-les 1.1 published with the image its text shows and one it does not."""
    return publish(app, partners, own_module_text(), {IMAGE: SVG, "extra.png": PNG},
                   content_id="mijn-les")  # fmt: skip


@pytest.mark.parametrize(
    "path, status",
    [
        (IMAGE, 200),
        ("extra.png", 404),  # stored, but no text shows it
        ("module.yaml", 404),
        ("../../../etc/passwd", 404),
        ("%2e%2e/%2e%2e/etc/passwd", 404),
        ("/etc/passwd", 404),
        (IMAGE.upper(), 404),
    ],
)
def test_pupils_get_only_images_a_published_text_shows(app, demo, noor, published, path, status):
    pupil = Actor(app.test_client())
    pupil.sign_in_pupil("KTR947", noor)
    # follow: "images//etc" is first redirected to "images/etc" (merged slashes)
    response = pupil.client.get(f"/content/module/mijn-les/1.1/images/{path}",
                                follow_redirects=True)  # fmt: skip
    assert response.status_code == status
    if status == 200:
        assert response.data == SVG
        assert response.mimetype == "image/svg+xml"
        assert response.headers["Content-Security-Policy"] == SANDBOX
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert pupil.client.get(f"/content/module/mijn-les/9.9/images/{IMAGE}").status_code == 404
    assert pupil.client.get(f"/content/game/mijn-les/1.1/images/{IMAGE}").status_code == 404
    assert app.test_client().get(f"/content/module/mijn-les/1.1/images/{IMAGE}").status_code == 302


def test_an_image_whose_stored_bytes_changed_type_is_not_served(app, demo, noor, published):
    """Bytes that are no longer what the name says (changed in the database) are never sent."""
    import base64

    with app.app_context(), new_session(write=True) as session:
        session.connection().execute(
            ContentVersion.__table__.update().values(
                assets={IMAGE: base64.b64encode(b"<html><script>alert(1)</script>").decode()}
            )
        )
        session.commit()
    pupil = Actor(app.test_client())
    pupil.sign_in_pupil("KTR947", noor)
    assert pupil.client.get(f"/content/module/mijn-les/1.1/images/{IMAGE}").status_code == 404


def test_a_pupil_sees_the_image_of_a_version_published_in_the_browser(app, demo, noor, partners):
    """A new version of an assigned module, published with its image: the step shows it through
    the database route, and that route serves it."""
    app.config["LESSONS_ORGANISATION"] = "Wijzer in Geldzaken"
    text = own_module_text(new_id=MODULE, version="1.2")
    publish(app, partners, text, {IMAGE: SVG}, content_id=MODULE, file_version="1.1")
    app.extensions["leergang.content_store"].check_seconds = 0  # see the publish at once
    pupil = Actor(app.test_client())
    pupil.sign_in_pupil("KTR947", noor)
    with app.app_context():
        module = app.extensions["leergang.content_store"].published("module", MODULE, "nl")
    assert module.version == "1.2"
    step = next(s for s in module.steps if f"]({IMAGE})" in str(s.model_dump()))
    assert pupil.post(f"/learn/{MODULE}/start").status_code == 302
    for before in module.steps[: module.step_index(step.id)]:  # walk there, as a pupil does
        if before.needs_answer:
            pupil.post(f"/learn/{MODULE}/{before.id}/answer", right_answer(before))
        assert pupil.post(f"/learn/{MODULE}/{before.id}/next").status_code == 302
    page = pupil.get(f"/learn/{MODULE}/{step.id}").text
    src = f"/content/module/{MODULE}/1.2/images/{IMAGE}"
    assert f'src="{src}"' in page
    assert pupil.client.get(src).data == SVG


def test_a_published_version_gets_a_new_draft_for_a_new_image(app, author, published):
    before = len(db_state(app)[0])
    assert upload(author, IMAGES, "nieuw.png", PNG, alt="Nieuw plaatje").status_code == 303
    versions, _audit = db_state(app)
    assert len(versions) == before + 1
    assert versions[-1][3] == "draft"
    assert versions[-1][6] == sorted([IMAGE, "extra.png", "nieuw.png"])
    assert sorted(assets(app, published)) == sorted([IMAGE, "extra.png"])  # stays as it was
