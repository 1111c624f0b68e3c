"""Render a lesson's Markdown to safe HTML (pure, no Django).

Lessons are CommonMark with tables, written by the module's authors. Raw
HTML is off in the parser, and the HTML that comes out is cleaned again
against an allow-list, so a mistake in a lesson, or in the parser, can never
put a script, an event handler or a ``javascript:`` link on a page that
people with case access read.
"""

from functools import lru_cache
from typing import Final

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

# A lesson's title is the page's h1; the lesson's own headings start below it.
TOP_HEADING: Final = 2
DEEPEST_HEADING: Final = 6

TAGS: Final = frozenset(
    {
        "p",
        *(f"h{level}" for level in range(TOP_HEADING, DEEPEST_HEADING + 1)),
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "a",
        "blockquote",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "code",
        "pre",
        "br",
        "hr",
    }
)
ATTRIBUTES: Final = {
    "a": {"href", "title"},
    # A list that starts at 3 in the Markdown must start at 3 on the page.
    "ol": {"start"},
    # scope is only valid on th in HTML5. Column alignment comes as a style
    # attribute, which the CSP (style-src 'self') would block anyway: dropped.
    "th": {"scope"},
}
LINK_REL: Final = "noopener noreferrer"
URL_SCHEMES: Final = frozenset({"https", "http", "mailto", "tel"})

_PARSER: Final = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")


@lru_cache(maxsize=256)
def render(markdown: str) -> str:
    """Return ``markdown`` as clean HTML whose top headings are h2.

    Headings shift together so that the lesson's highest level becomes h2
    (h6 at most): a lesson written from ``#`` is demoted by one, and one
    written from ``##``, as the shipped lessons are, keeps its levels. Either
    way the page keeps a single h1 and the outline skips no level. The
    result is cached by content, since the same lessons render for every
    learner.
    """
    env: dict[str, object] = {}
    tokens = _PARSER.parse(markdown, env)
    _shift_headings(tokens)
    for token in tokens:
        # Markdown table headers are column headers; say so to screen readers.
        if token.type == "th_open":
            token.attrSet("scope", "col")
    return clean(_PARSER.renderer.render(tokens, _PARSER.options, env))


def clean(html: str) -> str:
    """Return ``html`` with only the allowed tags, attributes and URL schemes left."""
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        link_rel=LINK_REL,
        url_schemes=set(URL_SCHEMES),
        strip_comments=True,
    )


def _shift_headings(tokens: list[Token]) -> None:
    headings = [t for t in tokens if t.type in ("heading_open", "heading_close")]
    if not headings:
        return
    shift = TOP_HEADING - min(int(t.tag[1]) for t in headings)
    for token in headings:
        token.tag = f"h{min(int(token.tag[1]) + shift, DEEPEST_HEADING)}"
