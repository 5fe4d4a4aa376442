"""``html_stage``: a generated part's placeholder made its paragraph at once gives the HTML Python-
Markdown's own passes give, wherever the placeholder stands (whole sites: tests/test_golden.py)."""

from __future__ import annotations

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from releve.engine import MARKDOWN_EXTENSIONS, TOC_SETTINGS
from releve.html_stage import HtmlStage
from releve.views import GeneratedPage

EXTENSIONS = ["fenced_code", *MARKDOWN_EXTENSIONS]


def convert(text: str, *, at_once: bool, fragments: tuple[str, ...] = ()) -> str:
    stage = HtmlStage(lambda md: "page.md", {"page.md": GeneratedPage("page.md", text, fragments)})
    md = markdown.Markdown(extensions=[*EXTENSIONS, stage], extension_configs={"toc": TOC_SETTINGS})
    if not at_once:
        md.parser.blockprocessors.deregister("releve_placeholder")
    return md.convert(text)


PARTS = st.sampled_from(
    ["\ue0000\ue000", "\ue0001\ue000", "\n", "\n\n", " ", "   ", "    ", "- ", "1. ", "> ", "!!! note\n", "```\n", "*", "[", "]", "(a.md)", "#", "mot", "{: .c }", '<div class="admonition note" markdown>\n', "\n</div>\n", "|", "---"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(PARTS, max_size=30))
def test_same_html_wherever_a_placeholder_stands(parts):
    text = "".join(parts)
    fragments = ('<div class="releve-a"><p>Un</p></div>', "<ul>\n<li>Deux</li>\n</ul>")
    assert convert(text, at_once=True, fragments=fragments) == convert(text, at_once=False, fragments=fragments)


def test_placeholders_become_their_fragments():
    text = "# Titre\n\n\ue0000\ue000\n\n- point\n\n    \ue0001\ue000\n\n> \ue0000\ue000\n\n    \ue0001\ue000\n"
    html = convert(text, at_once=True, fragments=('<p class="releve-a">Un</p>', "<p>Deux</p>"))
    # In place at the top, in a loose list item and a quote; an indented block stays code.
    assert '<p class="releve-a">Un</p>\n<ul>\n<li>\n<p>point</p>\n<p>Deux</p>\n</li>\n</ul>\n<blockquote>\n<p class="releve-a">Un</p>\n</blockquote>\n<pre><code>\ue0001\ue000\n</code></pre>' in html
