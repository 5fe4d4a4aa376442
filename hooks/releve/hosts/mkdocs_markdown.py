"""The generated pages converted by one Python-Markdown converter per process, reset between pages.

MkDocs builds a converter for each page (``Page.render``): its extensions loaded by name, their
dozens of passes registered afresh, a tenth of the time spent converting a meeting page. Python-
Markdown's converters are made to be reused (``Markdown.reset`` between texts), and the passes the
host adds for each page (its link resolver, which knows the page) are registered again, last, in
the order and at the places a new converter has them: the same HTML, table of contents, title and
anchors, byte for byte.

Only where that is known to hold: every pass comes from Python-Markdown, the host or the engine
(``markdown_passes.known``: another extension may keep some state of a page for the next), and the
host is not logging its debug lines (MkDocs then leaves out the links to check, ProperDocs does
not). Elsewhere, the host's own ``Page.render``.
"""

from __future__ import annotations

import logging

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .. import markdown_passes

_converter: tuple[MkDocsConfig, markdown.Markdown | None] | None = None
"""This process's converter and the configuration (of this build) it was made for; None when it
cannot be reused."""


def _reused(config: MkDocsConfig) -> markdown.Markdown | None:
    global _converter
    if _converter is None or _converter[0] is not config:
        md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})
        # The host's passes, registered for each page, are known: what is registered now decides.
        _converter = (config, md if markdown_passes.known(md) else None)
    md = _converter[1]
    return md.reset() if md is not None else None


def render(page: Page, config: MkDocsConfig, files: Files) -> None:
    """``Page.render`` (MkDocs 1.6.1, ProperDocs 1.6.7) with this process's converter."""
    md = _reused(config) if pages.log.getEffectiveLevel() > logging.DEBUG else None
    if md is None or page.markdown is None:
        Page.render(page, config, files)
        return
    raw_html = pages._RawHTMLPreprocessor()
    raw_html._register(md)
    anchors = pages._ExtractAnchorsTreeprocessor(page.file, files, config)
    anchors._register(md)
    links = pages._RelativePathTreeprocessor(page.file, files, config)
    links._register(md)
    title = pages._ExtractTitleTreeprocessor()
    title._register(md)
    page.content = md.convert(page.markdown)
    page.toc = get_toc(getattr(md, "toc_tokens", []))
    page._title_from_render = title.title
    page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
    page.links_to_anchors = links.links_to_anchors


class OneConverterPage(Page):
    """A generated page, converted by this process's converter."""

    def render(self, config: MkDocsConfig, files: Files) -> None:
        render(self, config, files)
