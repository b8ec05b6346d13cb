"""The Markdown renderer is safe on its own, whatever the validator let through."""

from leergang.content import render_markdown
from leergang.content.markdown import check_markdown


def test_script_is_never_rendered_as_html():
    html = render_markdown('Hoi <script>alert("x")</script>')
    assert "<script" not in html
    assert "&lt;script&gt;" in html


def test_javascript_link_is_neutralised():
    html = render_markdown("[klik](javascript:alert(1)) en [ook](JaVaScRiPt:alert(1))")
    assert "href" not in html
    assert "<a" not in html


def test_event_handler_attributes_never_survive():
    html = render_markdown('<img src="x.png" onerror="alert(1)">')
    assert "<img" not in html


def test_images_are_rewritten_and_keep_alt_text():
    html = render_markdown("![Een spaarpot](spaarpot.svg)", asset_url=lambda f: f"/assets/{f}")
    assert html == '<p><img src="/assets/spaarpot.svg" alt="Een spaarpot"></p>\n'


def test_remote_images_are_not_rewritten():
    html = render_markdown("![x](https://example.org/a.png)", asset_url=lambda f: "/assets/" + f)
    assert 'src="https://example.org/a.png"' in html


def test_links_get_noopener_and_tables_render():
    html = render_markdown("[Nibud](https://www.nibud.nl)\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert '<a href="https://www.nibud.nl" rel="noopener">Nibud</a>' in html
    assert "<table>" in html and "<td>1</td>" in html


def test_allowed_markup_survives():
    html = render_markdown("## Kop\n\n**vet** en *schuin*\n\n- een\n- twee\n\n> citaat")
    for tag in ("<h2>", "<strong>", "<em>", "<ul>", "<li>", "<blockquote>"):
        assert tag in html


def test_check_points_to_the_line_inside_the_text():
    issues = check_markdown("Eerste regel.\n\nKlik [hier](javascript:void(0)).", folder=None)
    assert [(issue.text_line, issue.params) for issue in issues] == [(2, {"found": "javascript:"})]


def test_check_accepts_safe_markdown(tmp_path):
    (tmp_path / "pot.png").write_bytes(b"png")
    assert check_markdown("**Sparen** helpt. ![Een pot](pot.png) [Nibud](https://nibud.nl)",
                          tmp_path) == []  # fmt: skip
