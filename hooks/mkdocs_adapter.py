"""The only bridge between the Relevé engine and MkDocs: it maps engine stages to MkDocs events.

Named in ``mkdocs.yml`` under ``hooks:``. The engine (``releve``) never imports MkDocs, so the
site can move to another generator (Material's successor, Zensical) by rewriting this file only.
"""

from __future__ import annotations

import calendar
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError, MkDocsException, PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import clean_directory

sys.path.insert(0, str(Path(__file__).resolve().parent))

from releve import dates, pipeline, sanitize, typography, urls  # noqa: E402
from releve.body import nesting_message, too_deep  # noqa: E402
from releve.output_paths import inside  # noqa: E402
from releve.problems import ContentError, Problem  # noqa: E402
from releve.validate import SOURCES  # noqa: E402

_output: pipeline.SiteOutput | None = None
_marked_tabs: list = []
"""Tabs marked active for the page being rendered (see ``on_page_context``)."""


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_pre_build(config: MkDocsConfig) -> None:
    """Load, validate, link and render before MkDocs cleans ``site/``.

    A content error stops the build with a non-zero exit whether or not ``--strict`` is given
    (under ``mkdocs serve``, ``_serve_last_good_site`` then puts the last good site back).
    """
    global _output
    settings = config.extra.get("releve", {}) or {}
    try:
        _output = pipeline.build(_root(config), pipeline.today_from(settings.get("aujourdhui")), config.site_url)
    except ContentError as error:
        raise PluginError(str(error)) from None
    # MkDocs dates pages (sitemap <lastmod>, sitemap.xml.gz) from SOURCE_DATE_EPOCH, else from the
    # clock: the build's « today » is its only clock, so the same sources give the same bytes.
    # The footer of every page (overrides/partials/copyright.html) says when the site was built.
    config.extra["releve_pied"] = {"construit": dates.date(_output.linked.today)}
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(_output.linked.today.timetuple()))


# Run before other plugins' on_files (e.g. search) so they see the generated pages, as
# Material's blog plugin does with its generated posts.
def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _output is not None
    for page in _output.pages:
        existing = files.get_file_from_path(page.src_uri)
        if existing is not None:
            raise PluginError(
                str(Problem(f"docs/{page.src_uri}", 1, "ce fichier occupe l'adresse d'une page générée par Relevé : renommez-le"))
            )
        files.append(File.generated(config, page.src_uri, content=page.markdown))
    return files


on_files.mkdocs_priority = 50  # type: ignore[attr-defined]


def on_page_content(content: str, page, config: MkDocsConfig, files: Files) -> str:
    """Every page is made from content, generated or written in ``docs/``: its HTML goes through
    the allow-list here, after Markdown and before the search plugin indexes ``page.content``.
    Material prints the title unescaped (``<title>``, header, search index): store it escaped once."""
    if page.title:
        page.meta["title"] = sanitize.title(page.title)
    return sanitize.page_html(content)


def on_page_markdown(markdown: str, page, config: MkDocsConfig, files: Files) -> str:
    """A page of ``docs/`` nested too deep would make Python-Markdown raise RecursionError: say
    where, as validation does for the bodies of minutes and fiches (generated pages are made of those)."""
    if page.file.generated_by is None and (deep := too_deep(page.file.content_string)) is not None:
        path = Path(os.path.relpath(page.file.abs_src_path, _root(config))).as_posix()
        raise PluginError(str(ContentError([Problem(path, deep[0] + 1, nesting_message(deep[1]))])))
    return markdown


def on_page_context(context: dict, page, config: MkDocsConfig, nav):
    """Generated pages are not in the nav (it must not grow with the content): mark the tab they
    are read under, as Material marks the tab of a page that is in the nav."""
    section = urls.section(page.file.src_uri)
    if section and page.parent is None and page not in nav.pages:
        for item in nav.items:
            if getattr(item, "file", None) is not None and item.file.src_uri == section:
                item.active = True
                _marked_tabs.append(item)
    return context


def on_post_page(output: str, page, config: MkDocsConfig) -> str:
    """French spacing on the whole page, theme included: « : » and « » » never start a line."""
    while _marked_tabs:  # the tab was marked for this page only
        _marked_tabs.pop().active = False
    return typography.french_html(output)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """The theme's own pages (404.html) get the same French spacing; sitemaps are not prose."""
    return typography.french_html(output) if template_name.endswith(".html") else output


def on_post_build(config: MkDocsConfig) -> None:
    """Write the non-page outputs (calendars, feeds) after MkDocs has written the pages; each path
    is resolved in the site folder first, and none is written if one would land outside it."""
    assert _output is not None
    try:
        targets = [(inside(Path(config.site_dir), generated.path), generated.content) for generated in _output.files]
    except ContentError as error:
        raise PluginError(str(error)) from None
    for target, content in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


# --- Build failures: a French message, never a traceback; under serve, the last good site -------


_KEPT = "le site affiché reste la dernière version correcte"
_guarded_rebuilds = False
"""True once ``on_serve`` has made each rebuild of ``mkdocs serve`` fall back on the last good site."""


def _failure_message(error: BaseException, outcome: str = "le site n'a pas été construit") -> str:
    """What the coordinator reads when the build stops on something other than a content error."""
    if isinstance(error, Abort) and "strict" in str(error):
        reason = "en mode strict, les avertissements ci-dessus comptent comme des erreurs"
    elif isinstance(error, RecursionError):
        reason = "une page imbrique trop de listes, de citations ou de blocs les uns dans les autres"
    elif isinstance(error, MemoryError):
        reason = "la mémoire a manqué"
    elif isinstance(error, MkDocsException):
        reason = f"MkDocs s'est arrêté : {error.format_message()}"
    else:
        reason = f"erreur inattendue ({type(error).__name__} : {error})"
    return f"Relevé : {reason} ; {outcome}."


def on_build_error(error: Exception) -> None:
    """Turn what MkDocs would show as a traceback or an English abort into one French message.

    A ``BuildError`` (ours are already French) is left to MkDocs, which prints it and aborts; so
    is any error of a guarded rebuild, which prints it (``_serve_last_good_site``).
    """
    if not (isinstance(error, BuildError) or _guarded_rebuilds):
        raise PluginError(_failure_message(error)) from None


class _AfterFailure(logging.Filter):
    """Drops the « [time] Reloading browsers » that ``mkdocs serve`` logs once a failed rebuild has been
    replaced by the last good site, so that the error stays the last thing on screen."""

    pending = False

    def filter(self, record: logging.LogRecord) -> bool:
        if self.pending and record.getMessage().endswith("Reloading browsers"):
            self.pending = False
            return False
        return True


def _serve_last_good_site(builder, site_dir: str):
    """The rebuild ``mkdocs serve`` runs on each change, made to never fail.

    When a rebuild raises, mkdocs serve holds every request until a rebuild succeeds (the
    browser hangs). Here a failed rebuild prints its message and puts back a copy of the last
    site that was built, so the server goes on answering with it.
    """
    last_good = tempfile.TemporaryDirectory(prefix="releve-dernier-site-")
    shutil.copytree(site_dir, last_good.name, dirs_exist_ok=True)
    after_failure = _AfterFailure()
    logging.getLogger("mkdocs.livereload").addFilter(after_failure)

    def rebuild(*args, **kwargs) -> None:
        try:
            builder(*args, **kwargs)
        except Exception as error:  # every failure, MkDocs' own included: the server must not hang
            clean_directory(site_dir)
            shutil.copytree(last_good.name, site_dir, dirs_exist_ok=True)
            # MkDocs has printed a BuildError itself and raised a bare « Aborted with a BuildError! ».
            printed = isinstance(error, Abort) and "BuildError" in str(error)
            after_failure.pending = True
            print(f"{_KEPT.capitalize()}." if printed else _failure_message(error, _KEPT), file=sys.stderr, flush=True)
        else:
            clean_directory(last_good.name)
            shutil.copytree(site_dir, last_good.name, dirs_exist_ok=True)

    rebuild.last_good = last_good  # type: ignore[attr-defined]  # removed with the function, at exit
    return rebuild


def on_serve(server, config: MkDocsConfig, builder):
    """``mkdocs serve`` watches only ``docs/``: watch the content sources too; and keep serving the
    last good site whatever a rebuild raises."""
    root = _root(config)
    for name in SOURCES:
        if (root / name).exists():
            server.watch(str(root / name))
    server.watch(str(Path(__file__).resolve().parent / "releve"))
    global _guarded_rebuilds
    server.builder = _serve_last_good_site(server.builder, config.site_dir)
    _guarded_rebuilds = True
    return server
