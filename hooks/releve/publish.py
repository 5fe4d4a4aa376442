"""The coordinator's Markdown converted outside a host's Markdown pass (a letter's page, e-mail and
PDF, a compte rendu's PDF), with the same guarantees as a page of the site.

Every fragment made from content goes through ``publish`` (the allow-list, French typography)
before a trusted template (an e-mail's table layout, a PDF's page) wraps it.
"""

from __future__ import annotations

import functools
import re
from typing import Callable

import markdown

from . import sanitize, typography, urls


def publish(html: str) -> str:
    """HTML made outside Markdown (a letter, an e-mail, the source of a PDF) with the guarantees of
    a page: the allow-list, then French spacing (a page gets it in the finish pass)."""
    return typography.french_html(sanitize.page_html(html))


_EXTENSIONS = ("admonition", "attr_list", "tables")
"""The extensions the coordinator's text is written for (site_config.MARKDOWN_EXTENSIONS, without
``toc``, whose permalinks belong to a page of the site, and ``md_in_html``, which no text of a letter
needs)."""


@functools.cache
def _converter() -> markdown.Markdown:
    """One converter, reset before each text: making one took 60 % of the time of a letter."""
    return markdown.Markdown(extensions=list(_EXTENSIONS), output_format="html")


@functools.lru_cache(maxsize=4096)
def _converted(text: str) -> str:
    """A text converted once, for its page, its PDF and its e-mail, and for the preview's rebuilds
    (the addresses of its links are written afterwards, for each document)."""
    return _converter().reset().convert(text)


_ENGINE_LINK = re.compile(f'href="{urls.LINK_MARK}([^"#]*)(#[^"]*)?"')
_ENGINE_IMAGE = re.compile(f'<img alt="([^"]*)" src="{urls.LINK_MARK}([^"#]*)"[^>]*>')
"""An image of the site (``medias/``), marked as a link to it is."""


def _image(match: re.Match, href: Callable[[str, str | None], str], drawn: Callable[[str], bool] | None) -> str:
    """The image at its address in the document; where that address is another origin's to the
    allow-list (an e-mail's, a PDF's: the site's full address), a link to it, named by its text,
    where the allow-list would have left an image without a source, drawn nowhere. An image a PDF
    draws (``drawn``) keeps its mark, which ``pdf.render`` gives the image's checked bytes."""
    if drawn is not None and drawn(match.group(2)):
        return match.group(0)
    address = href(match.group(2), None)
    if sanitize.is_local(address):
        return match.group(0).replace(f'src="{urls.LINK_MARK}{match.group(2)}"', f'src="{address}"')
    return f'<a href="{address}">{match.group(1) or address}</a>'


def markdown_html(text: str, href: Callable[[str, str | None], str], drawn: Callable[[str], bool] | None = None) -> str:
    """The coordinator's Markdown (already checked, its links to minutes and fiches marked as the
    engine's, ``urls.link``) as published HTML; ``href(uri, anchor)`` gives each such link's address
    in the document being made (relative on a page, absolute in an e-mail); ``drawn(uri)``, whether
    a PDF draws the site's image ``uri`` (``pdf.Images``)."""
    converted = _ENGINE_LINK.sub(lambda m: f'href="{href(m.group(1), (m.group(2) or "#")[1:] or None)}"', _converted(text))
    if "<img" in converted:
        converted = _ENGINE_IMAGE.sub(lambda m: _image(m, href, drawn), converted)
    return publish(converted)
