"""The only bridge between the Relevé engine and MkDocs: it maps engine stages to MkDocs events.

Named in ``mkdocs.yml`` under ``hooks:``. The engine (``releve``) never imports MkDocs, so the
site can move to another generator (Material's successor, Zensical) by rewriting this file only.
"""

from __future__ import annotations

import calendar
import html
import logging
import os
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

sys.path.insert(0, str(Path(__file__).resolve().parent))

from releve import pipeline, preview, search  # noqa: E402
from releve.problems import ContentError, Problem  # noqa: E402
from releve.validate import SOURCES  # noqa: E402

_output: pipeline.SiteOutput | None = None
_serving = False
"""True under ``mkdocs serve``: a content error then keeps the last good site online."""


class _GeneratedFile(File):
    """A generated page that, in a dirty rebuild (the preview), counts as modified only when its
    Markdown changed: MkDocs' own generated files always do, so it would rebuild them all."""

    modified = True

    def is_modified(self) -> bool:
        return self.modified or not os.path.isfile(self.abs_dest_path)


def _not_the_dirty_warning(record: logging.LogRecord) -> bool:
    # MkDocs warns on every --dirty build, which --strict would count as an error.
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"
    if _serving:
        preview.start()
    if dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_not_the_dirty_warning)


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_pre_build(config: MkDocsConfig) -> None:
    """Load, validate, link and render before MkDocs cleans ``site/``.

    A content error stops ``mkdocs build`` with a non-zero exit whether or not ``--strict`` is
    given. Under ``mkdocs serve`` it is printed and the last good content is served again: the
    dev server would otherwise hold every request until the error is fixed.
    """
    global _output
    settings = config.extra.get("releve", {}) or {}
    try:
        _output = pipeline.build(_root(config), pipeline.today_from(settings.get("aujourdhui")), config.site_url)
    except ContentError as error:
        if not (_serving and _output is not None):
            raise PluginError(str(error)) from None
        # Printed, not logged: under --strict a logged error would abort the rebuild itself.
        print(f"{error}\nLe site affiché reste la dernière version correcte.", file=sys.stderr, flush=True)
    # MkDocs dates pages (sitemap <lastmod>, sitemap.xml.gz) from SOURCE_DATE_EPOCH, else from the
    # clock: the build's « today » is its only clock, so the same sources give the same bytes.
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(_output.linked.today.timetuple()))


# Run before other plugins' on_files (e.g. search) so they see the generated pages, as
# Material's blog plugin does with its generated posts.
def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _output is not None
    session = preview.session()
    if session is not None:
        session.rebuild(preview.stamp([config.config_file_path, *config.theme.dirs[:1]]))
    for page in _output.pages:
        existing = files.get_file_from_path(page.src_uri)
        if existing is not None:
            raise PluginError(
                str(Problem(f"docs/{page.src_uri}", 1, "ce fichier occupe l'adresse d'une page générée par Relevé : renommez-le"))
            )
        file = _GeneratedFile.generated(config, page.src_uri, content=page.markdown)
        file.modified = session is None or session.is_modified(page)
        files.append(file)
    return files


on_files.mkdocs_priority = 50  # type: ignore[attr-defined]


def on_page_content(content: str, page, config: MkDocsConfig, files: Files) -> str:
    """Titles come from the content, and Material prints ``page.title`` unescaped in ``<title>``
    and in the search index: store the escaped title so that it shows as text everywhere."""
    if page.title:
        page.meta["title"] = html.escape(page.title, quote=False)
    return content


def on_post_build(config: MkDocsConfig) -> None:
    """Write the non-page outputs (calendars, feeds) after MkDocs has written the pages, then
    index the site for the search; the preview remembers the pages instead of indexing them."""
    assert _output is not None
    site_dir = Path(config.site_dir)
    for generated in _output.files:
        target = site_dir / generated.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(generated.content)
    session = preview.session()
    if session is not None:
        session.record(_output.pages)
        return
    try:
        search.index_site(site_dir)
    except search.SearchIndexError as error:
        raise PluginError(str(error)) from None


def on_serve(server, config: MkDocsConfig, builder):
    """``mkdocs serve`` watches only ``docs/``: watch the content sources too."""
    root = _root(config)
    for name in SOURCES:
        if (root / name).exists():
            server.watch(str(root / name))
    server.watch(str(Path(__file__).resolve().parent / "releve"))
    return server
