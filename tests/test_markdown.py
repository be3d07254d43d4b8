"""The sanitizer: member Markdown never becomes executable or tracking markup."""
import re

import pytest

from forum.content.markdown import plain_excerpt, render

XSS_VECTORS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<iframe src='https://evil.example'></iframe>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](&#106;avascript:alert(1))",
    "![x](https://tracker.example/pixel.gif)",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<form action=https://evil.example><input name=p></form>",
    "<object data=x></object><embed src=x>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "<details open ontoggle=alert(1)>",
    "[x](https://example.com\" onmouseover=\"alert(1))",
    "<base href=https://evil.example/>",
    "<meta http-equiv=refresh content=0;url=https://evil.example>",
    "<link rel=stylesheet href=https://evil.example/x.css>",
]

FORBIDDEN = ["<script", "onerror", "onload", "ontoggle", "onmouseover", "javascript:", "vbscript:", "<iframe",
             "<img", "<svg", "<form", "<input", "<object", "<embed", "<style", "style=", "<base", "<meta", "<link",
             "data:text"]


def _tags(html: str) -> str:
    """Only what sits inside real tags: escaped text (&lt;script&gt;) can't run."""
    return " ".join(re.findall(r"<[^>]*>", html))


@pytest.mark.parametrize("source", XSS_VECTORS)
def test_tags_hold_no_dangerous_parts(source):
    tags = _tags(render(source)).lower()
    for fragment in FORBIDDEN:
        assert fragment not in tags, (source, tags)


def test_links_are_marked_user_content_and_only_safe_schemes_survive():
    html = render("[a](https://example.org) [b](mailto:team@example.org) [c](ftp://example.org/x) https://example.net")
    assert 'href="https://example.org"' in html
    assert 'href="mailto:team@example.org"' in html
    assert "ftp://" not in _tags(html)
    assert html.count("href=") == 3
    assert all('rel="nofollow noopener noreferrer ugc"' in tag for tag in re.findall(r"<a [^>]*>", html))


def test_common_formatting_is_kept():
    html = render("**bold** *it* ~~gone~~\n\n> quoted\n\n- one\n- two\n\n1. first\n\n`code`\n\n|a|b|\n|-|-|\n|1|2|")
    for tag in ["<strong>", "<em>", "<s>", "<blockquote>", "<ul>", "<ol>", "<code>", "<table>", "<td>"]:
        assert tag in html


def test_headings_start_at_h3_and_skip_no_level():
    html = render("# Big\n\n## Smaller\n\n#### Small")
    assert "<h3>Big</h3>" in html and "<h4>Smaller</h4>" in html and "<h5>Small</h5>" in html
    assert "<h1" not in html and "<h2" not in html
    assert render("### Only this").startswith("<h3>")


def test_typed_html_stays_visible_as_text():
    assert "&lt;b&gt;hello&lt;/b&gt;" in render("<b>hello</b>")


def test_excerpt_is_plain_text_and_bounded():
    excerpt = plain_excerpt("**Hello** <script>x</script> " + "word " * 100, length=40)
    assert "<" not in excerpt.replace("<script>", "") and len(excerpt) <= 40 and excerpt.endswith("…")
