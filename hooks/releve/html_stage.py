"""The engine's HTML stage: what the Markdown of every page goes through, whichever host converts it.

A Python-Markdown extension that every host converting Markdown with Python-Markdown registers
(MkDocs and ProperDocs through the plugin, Zensical through the tree's ``mkdocs.yml``): the
generated parts of an engine page are put back where their placeholders were converted, and all
that the conversion produced goes through the allow-list (``sanitize``). The Markdown it converts
already links page to page relatively (``urls.relative_source``, ``docs_markdown``), which every
host resolves and checks in its own way.

Which page is being converted is the host's to say (``PageOf``): Python-Markdown knows nothing of
pages. ``publish.py`` gives the same guarantees to HTML made outside Markdown (letters, e-mails, PDFs).
"""

from __future__ import annotations

import re
from typing import Callable, Mapping

import xml.etree.ElementTree as ET

from markdown import Extension, Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.postprocessors import Postprocessor
from markdown.util import AtomicString

from . import markdown_passes, sanitize
from .views import PLACEHOLDER, GeneratedPage, substitute

PageOf = Callable[[Markdown], "str | None"]
"""How a host tells the source URI (``projets/x.md``, relative to the docs folder) of the page a
Markdown instance is converting; None when it cannot."""

class _Publish(Postprocessor):
    """The page's generated parts in place of their placeholders, then the allow-list on all of it."""

    def __init__(self, md: Markdown, stage: HtmlStage) -> None:
        super().__init__(md)
        self._stage = stage

    def run(self, text: str) -> str:
        page = self._stage.page_of(self.md)
        generated = self._stage.pages.get(page) if page is not None else None
        if generated is not None:
            text = substitute(text, generated.fragments)
        return sanitize.page_html(text)


class _Placeholder(BlockProcessor):
    """A block that stands for a generated part, made its paragraph at once: Python-Markdown would
    try a dozen block passes on it before its paragraph pass, then its twenty inline patterns on the
    text. Only where the paragraph pass would make it a paragraph: not inside a tight list item,
    nor indented by four spaces or more (code, or a list item's continuation, which the list's own
    pass detabs and parses again). None of Python-Markdown's or MkDocs' block passes matches such a
    block, and the parts are the engine's: no extension gets to change them."""

    def test(self, parent: ET.Element, block: str) -> bool:
        return _PLACEHOLDER_BLOCK.fullmatch(block) is not None and not self.parser.state.isstate("list")

    def run(self, parent: ET.Element, blocks: list[str]) -> None:
        ET.SubElement(parent, "p").text = AtomicString(blocks.pop(0).lstrip())


_PLACEHOLDER_BLOCK = re.compile(f" {{0,3}}{PLACEHOLDER.pattern}")
"""A placeholder alone in its block, as the paragraph pass would take it (it strips the spaces)."""


class HtmlStage(Extension):
    """The engine's Markdown extension. ``pages`` are the generated pages of the current build, by
    source URI (their fragments); a host that writes the fragments into the Markdown itself (the
    tree of ``releve generer``) leaves it empty."""

    def __init__(self, page_of: PageOf, pages: Mapping[str, GeneratedPage] | None = None) -> None:
        super().__init__()
        self.page_of = page_of
        self.pages: Mapping[str, GeneratedPage] = pages or {}

    def extendMarkdown(self, md: Markdown) -> None:
        # Last: after the raw HTML (30) and the entities (20) are back in the text.
        md.postprocessors.register(_Publish(md, self), "releve_publish", 0)
        # Before every block pass (Python-Markdown's first, the empty block's, is at 100).
        md.parser.blockprocessors.register(_Placeholder(md.parser), "releve_placeholder", 200)
        # Registered last (hosts append the stage after the site's extensions): the cheaper passes.
        markdown_passes.register(md)
        md.registerExtension(self)
