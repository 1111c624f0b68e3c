"""Lesson Markdown renders to clean HTML: no scripts, no handlers, one h1 per page."""

from html.parser import HTMLParser
from itertools import pairwise

import pytest

from elearning.content import LANGUAGES, modules
from elearning.markdown import TAGS, clean, render


class Elements(HTMLParser):
    """Collect the elements of a fragment, with their attributes, in document order."""

    def __init__(self) -> None:
        """Start with no elements found."""
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser.found


def headings(html: str) -> list[int]:
    return [int(tag[1]) for tag, _ in elements(html) if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}]


def assert_safe(html: str) -> None:
    for tag, attrs in elements(html):
        assert tag in TAGS, f"<{tag}> is not allowed"
        assert not any(name.startswith("on") for name in attrs), f"<{tag}> has a handler"
        assert not (attrs.get("href") or "").lower().startswith(("javascript:", "data:"))


@pytest.mark.parametrize(
    "markdown",
    [
        "<script>alert(1)</script>",
        "Tekst <script>alert(1)</script> verder",
        '<img src="x" onerror="alert(1)">',
        '<p onclick="alert(1)">klik</p>',
        "<iframe src='https://evil.example'></iframe>",
        "[klik](javascript:alert(1))",
        "[klik](JAVASCRIPT:alert(1))",
        "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "<a href='javascript:alert(1)'>klik</a>",
        "![x](javascript:alert(1))",
    ],
)
def test_scripts_handlers_and_raw_html_do_not_survive(markdown: str) -> None:
    html = render(markdown)
    assert_safe(html)
    assert "<script" not in html
    assert "<img" not in html
    assert "<iframe" not in html


def test_raw_html_shows_as_text_not_as_markup() -> None:
    assert render("<b>vet</b>") == "<p>&lt;b&gt;vet&lt;/b&gt;</p>\n"


@pytest.mark.parametrize(
    "html",
    [
        '<p onclick="alert(1)">a</p>',
        "<script>alert(1)</script><p>a</p>",
        '<a href="javascript:alert(1)">a</a>',
        '<img src="x" onerror="alert(1)"><p>a</p>',
        '<h1 style="color:red">a</h1>',
        '<th align="left" style="text-align:left">a</th>',
    ],
)
def test_the_cleaner_removes_what_the_parser_would_never_make(html: str) -> None:
    cleaned = clean(html)
    assert_safe(cleaned)
    assert "alert" not in cleaned
    assert "style" not in cleaned
    assert "<h1" not in cleaned


def test_headings_written_from_h1_are_demoted_by_one() -> None:
    html = render("# Een\n\n## Twee\n\n### Drie\n\n##### Vijf\n\n###### Zes")
    assert headings(html) == [2, 3, 4, 6, 6]
    assert html.startswith("<h2>Een</h2>")


def test_headings_written_from_h2_keep_their_levels() -> None:
    assert headings(render("## Twee\n\n### Drie\n\n## Twee")) == [2, 3, 2]


def test_a_lesson_that_starts_deeper_is_lifted_to_h2() -> None:
    assert headings(render("### Drie\n\n#### Vier")) == [2, 3]


def test_tables_render_with_column_headers() -> None:
    html = render("| Partner | Nummer |\n|:---|---:|\n| Veilig Thuis | 0800-2000 |\n")
    tags = [tag for tag, _ in elements(html)]
    assert tags == ["table", "thead", "tr", "th", "th", "tbody", "tr", "td", "td"]
    assert all(attrs == {"scope": "col"} for tag, attrs in elements(html) if tag == "th")
    # Alignment would be an inline style, which the CSP blocks; it is dropped.
    assert "style" not in html


def test_a_link_keeps_its_href_and_title_and_gets_rel() -> None:
    html = render('[CoMensha](https://www.comensha.nl/ "Landelijk")')
    assert elements(html) == [
        ("p", {}),
        (
            "a",
            {
                "href": "https://www.comensha.nl/",
                "title": "Landelijk",
                "rel": "noopener noreferrer",
            },
        ),
    ]


@pytest.mark.parametrize("href", ["mailto:info@example.nl", "tel:08002000", "/leren/", "#samen"])
def test_mail_phone_and_site_links_are_kept(href: str) -> None:
    html = render(f"[bel]({href})")
    assert elements(html)[1] == ("a", {"href": href, "rel": "noopener noreferrer"})


def test_lists_emphasis_code_quotes_and_rules_render() -> None:
    html = render(
        "3. drie\n4. vier\n\n- **vet** en *schuin*\n\n> citaat\n\n`code`\n\n---\n\n"
        "```\nblok\n```\n\nregel  \nbreuk"
    )
    tags = {tag for tag, _ in elements(html)}
    assert {"ol", "ul", "li", "strong", "em", "blockquote", "code", "pre", "hr", "br"} <= tags
    assert '<ol start="3">' in html


def test_the_same_text_is_rendered_once() -> None:
    render.cache_clear()
    render("## Eens")
    render("## Eens")
    assert render.cache_info().hits == 1


LESSONS = [
    pytest.param(lesson.body.get(language), id=f"{module.slug}/{lesson.slug}.{language}")
    for module in modules()
    for lesson in module.lessons
    for language in LANGUAGES
]


def test_there_are_shipped_lessons_in_both_languages() -> None:
    assert len(LESSONS) >= 2 * len(modules())


@pytest.mark.parametrize("body", LESSONS)
def test_every_shipped_lesson_renders_without_an_h1_or_a_skipped_level(body: str) -> None:
    html = render(body)
    assert html.strip()
    assert_safe(html)
    levels = headings(html)
    assert 1 not in levels
    if levels:
        assert levels[0] == 2
        assert all(b <= a + 1 for a, b in pairwise(levels)), levels
