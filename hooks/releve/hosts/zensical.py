"""Zensical as a host: the tree written by ``releve generer`` names this module among its Markdown
extensions (``tree.engine_config``), so that Zensical converts every page through the engine's
HTML stage; ``releve generer --construire`` then runs the finish pass over what it wrote.

Zensical keeps the page it converts in a preprocessor of each Markdown instance (its
``rendering_context``, whose ``page`` has the source path relative to the docs folder, the
page's metadata and its title in the navigation). It prints the title unescaped in ``<title>`` and
the header, as Material under MkDocs does: the title is handed back escaped, as the plugin does
(``engine.page_title``), with the page's description (``engine.page_description``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from markdown import Markdown
from markdown.extensions.toc import stashedHTML2text
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from .. import engine


def _page(md: Markdown):
    context = next((processor for processor in md.preprocessors if getattr(processor, "name", None) == "rendering_context"), None)
    return getattr(context, "page", None)


def page_of(md: Markdown) -> str | None:
    return getattr(_page(md), "path", None)


class _EscapedTitle(Treeprocessor):
    """The page's title, escaped in the metadata that Zensical gets back from the conversion and
    prints from (``<title>``, the header): as MkDocs reads it, the navigation's (mkdocs.yml's
    ``nav``), else its front matter's, else its first heading's."""

    def run(self, root: ET.Element) -> None:
        page = _page(self.md)
        if page is None:
            return
        title = page.title_override or page.meta.get("title") or self._heading(root)
        if title:
            page.meta["title"] = engine.page_title(str(title))

    def _heading(self, root: ET.Element) -> str | None:
        """The text of the first top-level heading, without its permalink, as MkDocs reads a title."""
        heading = next((element for element in root if element.tag == "h1"), None)
        if heading is None:
            return None
        text = (heading.text or "") + "".join("".join(child.itertext()) + (child.tail or "") for child in heading if child.get("class") != "headerlink")
        return stashedHTML2text(text, self.md, strip_entities=False).strip()


class _Description(Postprocessor):
    """The page's description, from its HTML as the engine's stage leaves it, in its metadata."""

    def run(self, text: str) -> str:
        page = _page(self.md)
        if page is not None and (found := engine.page_description(page.path, page.meta, text)):
            page.meta["description"] = found
        return text


class ZensicalStage(engine.HtmlStage):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        super().extendMarkdown(md)
        # After toc (5), which leaves the heading's text as written.
        md.treeprocessors.register(_EscapedTitle(md), "releve_title", 1)
        # After the engine's publication (0): the HTML a reader gets, as the plugin reads it.
        md.postprocessors.register(_Description(md), "releve_description", -1)


def makeExtension(**kwargs) -> engine.HtmlStage:  # noqa: N802 (Python-Markdown's name)
    return ZensicalStage(page_of)
