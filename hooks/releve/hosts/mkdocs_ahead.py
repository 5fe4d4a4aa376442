"""Generated pages converted, then every page rendered, on both cores (``parallel.FromBothEnds``).

MkDocs converts one page after another, on one core. Once the navigation is known, a forked
process converts the generated pages from the last one back, as MkDocs' ``Page.render`` does
(``mkdocs_markdown``: one converter per process) and with the same extensions (the engine's HTML
stage among them), while MkDocs converts them from the first one on; where they meet, MkDocs takes
the HTML, table of contents, title, anchors and messages of each page the other process converted
(``ConvertedPage.render``): the same page, byte for byte, and the same warnings, counted by
``--strict``. Only when no other plugin sees a page before its conversion.

Then, every page converted, the theme's templates likewise: a forked process renders the pages
from the last one back as MkDocs' ``_build_page`` does (context, ``page_context``, template,
``post_page``), those Pagefind reads first when pages are finished as rendered, while MkDocs
renders them from the first one on; a page the other process rendered is given to MkDocs with an
empty template, and its HTML comes back in ``post_page`` (``RenderedAhead``), which MkDocs writes.
Only when no other plugin sees a page as it is rendered.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

from .. import parallel
from . import mkdocs_markdown
from .mkdocs_console import HOST

if TYPE_CHECKING:
    from ..engine import FinishedPages


@dataclass(frozen=True)
class _Converted:
    """What ``Page.render`` gives a page, as it comes back from the other process."""

    content: str
    toc: TableOfContents
    title: str | None
    anchors: set[str]
    links_to_anchors: dict[str, dict[str, str]] | None
    """By the source URI of the page linked to (a ``File`` would come back as a copy)."""
    records: tuple[tuple[str, int, str], ...]
    """The messages logged while converting, to be logged again where ``--strict`` counts them."""


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


_records: _Records | None = None


def _worker_records() -> _Records:
    """In the forked process, the host's messages are kept for the page instead of printed there."""
    global _records
    if _records is None:
        _records = _Records()
        logger = logging.getLogger(HOST)
        logger.handlers = [_records]
        logger.propagate = False
    return _records


def _convert(config: MkDocsConfig, files: Files, page: Page) -> _Converted:
    """In the forked process: the page converted by MkDocs, its messages kept."""
    records = _worker_records()
    page.read_source(config)
    mkdocs_markdown.render(page, config, files)
    links = page.links_to_anchors
    taken, records.records = tuple(records.records), []
    return _Converted(
        page.content or "",
        page.toc,
        page._title_from_render,
        page.present_anchor_ids or set(),
        None if links is None else {file.src_uri: anchors for file, anchors in links.items()},
        taken,
    )


class ConvertedPage(mkdocs_markdown.OneConverterPage):
    """A page converted by whichever process reaches it first: ``render`` takes the result."""

    def __init__(self, file: File, config: MkDocsConfig, shared: parallel.FromBothEnds, index: int) -> None:
        super().__init__(None, file, config)
        self._shared, self._index = shared, index

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self._shared.claim(self._index):
            super().render(config, files)
            return
        converted: _Converted = self._shared.taken(self._index)
        for name, level, message in converted.records:
            logging.getLogger(name).log(level, message)
        self.content, self.toc, self._title_from_render = converted.content, converted.toc, converted.title
        self.present_anchor_ids = converted.anchors
        if converted.links_to_anchors is not None:
            self.links_to_anchors = {files.get_file_from_path(uri): anchors for uri, anchors in converted.links_to_anchors.items()}


def only_plugin(config: MkDocsConfig, plugin, events: tuple[str, ...] = ("pre_page", "page_markdown")) -> bool:
    """True when ``plugin`` is the only one that sees pages at ``events`` (before their conversion by default)."""
    return all(getattr(method, "__self__", None) is plugin for event in events for method in config.plugins.events[event])


def convert_on_both_cores(plugin, config: MkDocsConfig, files: Files, generated: list[File]) -> parallel.FromBothEnds | None:
    """Start converting the ``generated`` pages (in the order MkDocs converts them, not in the nav)
    from the back in another process; None when MkDocs converts them all (one converter for them all)."""
    shared = parallel.FromBothEnds(partial(_convert, config, files), [file.page for file in generated]) if only_plugin(config, plugin) else None
    if shared is None or not shared.forked:
        for file in generated:
            mkdocs_markdown.OneConverterPage(None, file, config)  # now the file's page
        return None
    for index, file in enumerate(generated):
        ConvertedPage(file, config, shared, index)  # now the file's page
    return shared


RENDERED_ELSEWHERE = "releve-rendue-ailleurs.html"
"""The template (empty, in the engine's theme) MkDocs renders for a page the other process rendered."""


@dataclass(frozen=True)
class _Rendered:
    """A page rendered by the other process, as it comes back."""

    output: str
    records: tuple[tuple[str, int, str], ...]
    finished: tuple[dict[str, int], list] | None
    """What the other process's ``FinishedPages`` noted of the page (``taken``)."""


def _render(plugin, config: MkDocsConfig, nav, doc_files: list[File], env, page: Page) -> _Rendered:
    """In the forked process: the page rendered as MkDocs' ``_build_page`` renders it, not written."""
    records = _worker_records()
    plugin.rendered_ahead = None  # this process renders every page it takes itself
    config._current_page = page
    page.active = True
    try:
        context = get_context(nav, doc_files, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        output = config.plugins.on_post_page(template.render(context), page=page, config=config)
    finally:
        page.active = False
        config._current_page = None
    taken, records.records = tuple(records.records), []
    return _Rendered(output, taken, None if plugin.finished is None else plugin.finished.taken())


class RenderedAhead:
    """The pages of a build rendered from both ends. MkDocs chooses a page's template before any
    event of that page: whether this process renders page i + 1 is settled once page i is done
    (``elsewhere``), and the first page's at the start."""

    def __init__(self, shared: parallel.FromBothEnds, pages: list[Page], finished: FinishedPages | None) -> None:
        self._shared, self._pages, self._finished = shared, pages, finished
        self._indexes = {page.file.src_uri: index for index, page in enumerate(pages)}
        self._elsewhere: set[int] = set()
        self._settle(0)

    def _settle(self, index: int) -> None:
        if index < len(self._pages) and not self._shared.claim(index):
            self._pages[index].meta["template"] = RENDERED_ELSEWHERE
            self._elsewhere.add(index)

    def elsewhere(self, page: Page) -> str | None:
        """The HTML of ``page`` as MkDocs is to write it, if the other process rendered it (and
        finished it, if pages are finished as rendered); None if this one renders it."""
        index = self._indexes[page.file.src_uri]
        self._settle(index + 1)
        if index not in self._elsewhere:
            return None
        rendered: _Rendered = self._shared.taken(index)
        for name, level, message in rendered.records:
            logging.getLogger(name).log(level, message)
        if rendered.finished is not None and self._finished is not None:
            self._finished.add(*rendered.finished)
        return rendered.output

    def close(self) -> None:
        self._shared.close()


def render_on_both_cores(plugin, config: MkDocsConfig, nav, files: Files, env) -> RenderedAhead | None:
    """Start rendering the pages (in the order MkDocs renders them) from the back in another
    process, those Pagefind reads first if pages are finished as rendered (``plugin.finished``);
    None when MkDocs renders them all (another plugin sees pages as they are rendered)."""
    if not only_plugin(config, plugin, ("page_context", "post_page")):
        return None
    doc_files = files.documentation_pages()
    pages = [file.page for file in doc_files]
    # The pages finished as rendered: the other process first takes those Pagefind reads.
    order = plugin.finished.expect(config.site_dir, [page.file.dest_uri for page in pages]) if plugin.finished is not None else None
    shared = parallel.FromBothEnds(partial(_render, plugin, config, nav, doc_files, env), pages, order)
    return RenderedAhead(shared, pages, plugin.finished) if shared.forked else None
