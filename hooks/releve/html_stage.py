"""The engine's HTML stage: what the Markdown of every page goes through, whichever host converts it.

A Python-Markdown extension that every host converting Markdown with Python-Markdown registers
(MkDocs and ProperDocs through the plugin, Zensical through the tree's ``mkdocs.yml``): the
generated parts of an engine page are put back where their placeholders were converted, and all
that the conversion produced goes through the allow-list (``sanitize``). The Markdown it converts
already links page to page relatively (``urls.relative_source``, ``docs_markdown``), which every
host resolves and checks in its own way.

Which page is being converted is the host's to say (``PageOf``): Python-Markdown knows nothing of
pages. ``publish`` gives the same guarantees to HTML made outside Markdown (letters, e-mails, PDFs).
"""

from __future__ import annotations

from typing import Callable, Mapping

import xml.etree.ElementTree as ET

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from . import markdown_passes, sanitize, typography
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


class _Placeholders(Treeprocessor):
    """The paragraphs that stand for a generated part are left out of inline parsing: no pattern can
    match them, and each went through the twenty of Python-Markdown."""

    def run(self, root: ET.Element) -> None:
        for paragraph in root.iter("p"):
            if len(paragraph) == 0 and paragraph.text and PLACEHOLDER.fullmatch(paragraph.text):
                paragraph.text = AtomicString(paragraph.text)


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
        # Before the inline patterns (20).
        md.treeprocessors.register(_Placeholders(md), "releve_placeholders", 25)
        # Registered last (hosts append the stage after the site's extensions): the cheaper passes.
        markdown_passes.register(md)
        md.registerExtension(self)


def publish(html: str) -> str:
    """HTML made outside Markdown (a letter, an e-mail, the source of a PDF) with the guarantees of
    a page: the allow-list, then French spacing (a page gets it in the finish pass)."""
    return typography.french_html(sanitize.page_html(html))
