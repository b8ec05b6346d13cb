"""SVG in real Chromium: an uploaded SVG with script is refused with a message, in every form
an attacker tries (found here: a namespace-prefixed script and an entity-encoded javascript:
slipped past the check). An SVG the app serves runs nothing when opened on its own: its headers
(a sandbox policy without script, nosniff) stop even a script SVG, and an SVG with script that got
into the database is not served at all. The tripwire's own guard test is here too."""

from __future__ import annotations

import base64
import re

from playwright.sync_api import expect

from tests.browser.xss_tools import MODULE, Tripwire, import_file, module_text
from tests.helpers import AUTHOR_EMAIL, author_of, sign_in_teacher

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">{}</svg>'
# SVGs with script, in the forms an attacker tries; each one is refused or cannot run.
HOSTILE_SVGS = {
    "script.svg": SVG.format("<script>__pwned(101)</script>"),
    "onload.svg": SVG.replace("<svg ", '<svg onload="__pwned(102)" ').format(""),
    "cdata.svg": SVG.format("<script><![CDATA[__pwned(103)]]></script>"),
    "link.svg": SVG.format('<a href="javascript:__pwned(104)"><text y="20">klik</text></a>'),
    "foreign.svg": SVG.format('<foreignObject><iframe srcdoc="x"></iframe></foreignObject>'),
    "prefixed.svg": SVG.replace("<svg ", '<svg xmlns:s="http://www.w3.org/2000/svg" ').format(
        "<s:script>__pwned(105)</s:script>"
    ),
    "xhtml.svg": SVG.format(
        '<h:script xmlns:h="http://www.w3.org/1999/xhtml">__pwned(106)</h:script>'
    ),
    "animate.svg": SVG.format(
        '<a><animate attributeName="href" values="&#106;avascript:__pwned(107)"/>'
        '<text y="20">klik</text></a>'
    ),
    "entity.svg": '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "&#60;script&#62;">]>'
    + SVG.format("&x;__pwned(108)"),
}
CLEAN_SVG = SVG.format('<circle cx="20" cy="20" r="18" fill="#2a7"/>')


def _upload(page, live_server, name: str, data: str) -> None:
    page.goto(live_server(f"/author/module/{MODULE}/images"))
    page.get_by_label(re.compile("Afbeelding")).set_input_files(
        {"name": name, "mimeType": "image/svg+xml", "buffer": data.encode("utf-8")}
    )
    page.get_by_label(re.compile("alt-tekst")).fill("Een groene cirkel")
    page.get_by_role("button", name="Uploaden").click()
    outcome = page.locator(".flash, [role=alert]").filter(has_text=name)
    expect(outcome.first).to_be_visible()


def test_svg_with_script_is_refused_and_a_served_svg_runs_nothing(new_context, live_server):
    from sqlmodel import select

    from leergang.authoring.models import ContentVersion
    from leergang.db import new_session

    author_of(live_server.app, "Wijzer in Geldzaken")
    page = new_context().new_page()  # with the CSP: the image's own policy is under test
    wire = Tripwire(page)
    sign_in_teacher(page, live_server, email=AUTHOR_EMAIL)
    expect(page).not_to_have_url(re.compile("/login"))
    import_file(page, live_server, module_text(lambda n: f"Tekst {n}", lambda n: f"Tekst {n}."))
    expect(page.locator(".flash-success")).to_contain_text(f"{MODULE} versie 1.0")
    for name, data in HOSTILE_SVGS.items():
        _upload(page, live_server, name, data)
        expect(page.get_by_role("alert")).to_contain_text(f'Afbeelding "{name}" bevat')
        wire.check(f"upload of {name}")
    _upload(page, live_server, "cirkel.svg", CLEAN_SVG)
    expect(page.locator(".flash-success")).to_contain_text("cirkel.svg is bewaard")
    with live_server.app.app_context(), new_session() as session:
        version_id = session.exec(
            select(ContentVersion.id).where(ContentVersion.content_id == MODULE)
        ).one()
    url = live_server(f"/author/versions/{version_id}/images/cirkel.svg")

    # Served so that nothing in it can run: an opaque origin without script.
    response = page.goto(url)
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert response.headers["x-content-type-options"] == "nosniff"
    policy = response.headers["content-security-policy"]
    assert "sandbox" in policy and "default-src 'none'" in policy, policy
    wire.ran_nothing("the SVG opened on its own")
    # Those headers alone stop script: the same response with each hostile SVG as its body
    # (as if one had slipped past the check) runs nothing in Chromium, even when clicked.
    for name, data in HOSTILE_SVGS.items():
        page.route(url, _with_body(data))
        page.goto(url)
        page.locator("svg").first.click(position={"x": 5, "y": 15}, force=True)
        wire.ran_nothing(f"{name} served with the image headers")
        page.unroute(url)
    # (Without those headers the same file does run: the check above can fail.)
    page.route(url, lambda route: route.fulfill(
        body=HOSTILE_SVGS["prefixed.svg"], content_type="image/svg+xml"))  # fmt: skip
    page.goto(url)
    expect(page.locator("svg")).to_have_count(1)
    assert page.evaluate("() => Array.from(window.__xss)") == ["__pwned(105)"]
    page.unroute(url)

    # An SVG with script that got into the database some other way (stored before the rules) is
    # not served at all.
    with live_server.app.app_context(), new_session(write=True) as session:
        row = session.get(ContentVersion, version_id)
        row.assets = {**row.assets, **{n: _b64(d) for n, d in HOSTILE_SVGS.items()}}
        session.add(row)
        session.commit()
    for name in HOSTILE_SVGS:
        response = page.goto(live_server(f"/author/versions/{version_id}/images/{name}"))
        assert response.status == 404, name
        wire.check(f"{name} opened on its own")


def _with_body(body: str):
    """A route handler: the server's real response (its headers) with another body."""

    def handle(route) -> None:
        route.fulfill(response=route.fetch(), body=body)

    return handle


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode()


def test_the_tripwire_sees_a_payload_that_runs_and_live_markup(new_context):
    """The guard of the tests above can fail: script that runs, and markup that could."""

    def show(html: str):
        page = new_context(bypass_csp=True).new_page()
        page.route("http://tripwire.test/", lambda route: route.fulfill(
            body=html, content_type="text/html"))  # fmt: skip
        wire = Tripwire(page)
        page.goto("http://tripwire.test/")
        return wire

    wire = show('<main><img src="data:," onerror="__pwned(1)"></main>')
    try:
        wire.check("a page with a payload")
    except AssertionError as error:
        assert "__pwned(1)" in str(error)
    else:
        raise AssertionError("the tripwire missed a payload that ran")
    for markup in ('<div hx-get="/admin/lessons">x</div>', '<a href="javascript:void(0)">x</a>',
                   "<iframe srcdoc='x'></iframe>", "<p onclick='x'>x</p>"):  # fmt: skip
        wire = show(f"<main>{markup}</main>")
        try:
            wire.check(markup)
        except AssertionError as error:
            assert "live markup" in str(error), error
        else:
            raise AssertionError(f"the audit missed {markup}")
