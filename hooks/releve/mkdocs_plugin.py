"""The only bridge between the Relevé engine and MkDocs: the ``releve`` plugin maps engine stages to MkDocs events.

Named in ``mkdocs.yml`` under ``plugins:`` (entry point ``releve``). The rest of the engine never
imports MkDocs, so the site can move to another generator (Material's successor, Zensical) by
rewriting this file only.
"""

from __future__ import annotations

import calendar
import html
import logging
import os
import re
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import _AbsoluteLinksValidationValue

from . import pipeline
from .console import count
from .problems import ContentError, Problem
from .validate import SOURCES

log = get_plugin_logger("releve")

PACKAGE = Path(__file__).resolve().parent
ASSETS = PACKAGE / "assets"
THEME = PACKAGE / "theme"
"""Theme overrides (``main.html``: the feed's and calendar's autodiscovery links on every page)."""

PUBLIC_URL_VARIABLE = "RELEVE_URL_PUBLIQUE"
"""Environment variable giving the published address when mkdocs.yml has no ``site_url``: the
GitHub Pages and GitLab Pages workflows set it, so no coordinator edits a file for it."""

MARKDOWN_EXTENSIONS = ("admonition", "attr_list", "md_in_html", "tables", "toc")
"""The extensions the generated pages are written for (``toc`` and ``tables`` are always on in MkDocs)."""

TOC_SETTINGS = {"permalink": True, "permalink_title": "Lien vers cette section"}

DEFAULT_NAV = (
    ("Accueil", "index.md"),
    ("Comptes rendus", "comptes-rendus/index.md"),
    ("Agenda", "agenda/index.md"),
    ("Instances", "instances/index.md"),
    ("Projets", "projets/index.md"),
    ("Avancement", "avancement/index.md"),
    ("Annuaire", "annuaire/index.md"),
    ("À propos", "a-propos.md"),
)
"""The site's tabs when mkdocs.yml has no ``nav``; « À propos » only when docs/a-propos.md exists."""

_CONSOLE = (
    (r"Cleaning site directory", None),
    (r"Building documentation to directory: (.*)", "Construction du site dans {0}"),
    (r"Documentation built in ([\d.]+) seconds", "Site construit en {0} s"),
    (r"Building documentation\.\.\.", "Construction du site…"),
    (r"Watching paths for changes: .*", None),
    (r"Serving on (\S+).*", "Site servi sur {0}"),
    (r"Detected file changes", "Modification détectée"),
    (r"Reloading browsers", "Rechargement des pages ouvertes"),
    (r"Browser connected: .*", None),
    (r"Shutting down\.\.\.", "Arrêt du serveur"),
)
"""MkDocs' own progress lines, in French (None: dropped, the line says nothing to a coordinator)."""


class _FrenchConsole(logging.Filter):
    """Rewrites MkDocs' English progress lines so that a build prints French only."""

    def filter(self, record: logging.LogRecord) -> bool:
        # The dev server stamps its lines with the time (« [10:04:12] »): kept, the rest translated.
        stamp, message = re.fullmatch(r"(\[[\d:]+\] )?(.*)", record.getMessage(), flags=re.S).groups()
        for english, french in _CONSOLE:
            match = re.fullmatch(english, message)
            if match:
                if french is None:
                    return False
                groups = (g.replace(".", ",") if g[:1].isdigit() else g for g in match.groups())
                record.msg, record.args = (stamp or "") + french.format(*groups), ()
                break
        return True


def _speak_french() -> None:
    for name in ("mkdocs.commands.build", "mkdocs.commands.serve", "mkdocs.livereload"):
        logger = logging.getLogger(name)
        if not any(isinstance(existing, _FrenchConsole) for existing in logger.filters):
            logger.addFilter(_FrenchConsole())


class ReleveError(Abort):
    """Stops the build with the French message as the last thing on the screen: MkDocs would
    follow a ``PluginError`` with its English « Aborted with a BuildError! »."""


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def _assets() -> list[str]:
    """The stylesheets and scripts every page loads, as docs-rooted URIs (``stylesheets/releve.css``)."""
    return sorted(path.relative_to(ASSETS).as_posix() for path in ASSETS.rglob("*") if path.is_file())


class RelevePlugin(BasePlugin):
    """The Relevé engine as a MkDocs plugin: ``plugins: [search, releve]``."""

    def __init__(self) -> None:
        super().__init__()
        self._output: pipeline.SiteOutput | None = None
        self._serving = False
        """True under ``mkdocs serve``: a content error then keeps the last good site online."""
        _speak_french()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Add what the generated pages need, so that a CLSM's mkdocs.yml stays short; refuse, in
        French, what the engine cannot work with."""
        if config.theme.name != "material":
            raise ReleveError(str(Problem("mkdocs.yml", 1, f"Relevé s'affiche avec le thème Material (« theme: name: material »), pas « {config.theme.name} »")))
        if not config.use_directory_urls:
            # urls.public() writes every absolute link (calendars, feeds) as a folder address.
            raise ReleveError(str(Problem("mkdocs.yml", 1, "Relevé publie chaque page à une adresse en dossier (/projets/x/) : retirez « use_directory_urls: false »")))
        # After the site's own custom_dir (first), before Material's templates.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))
        for name in MARKDOWN_EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        config.mdx_configs["toc"] = {**TOC_SETTINGS, **config.mdx_configs.get("toc", {})}
        # Generated pages link to each other as /projets/x.md: MkDocs resolves and checks them.
        config.validation.links.absolute_links = _AbsoluteLinksValidationValue.RELATIVE_TO_DOCS
        config.validation.links.anchors = max(config.validation.links.anchors, logging.WARNING)
        config.validation.links.unrecognized_links = max(config.validation.links.unrecognized_links, logging.WARNING)
        for uri in _assets():
            target = config.extra_css if uri.endswith(".css") else config.extra_javascript
            if uri not in target:
                target.append(uri)
        if config.nav is None:
            docs = Path(config.docs_dir)
            config.nav = [{title: uri} for title, uri in DEFAULT_NAV if uri != "a-propos.md" or (docs / uri).is_file()]
        if not config.site_url and os.environ.get(PUBLIC_URL_VARIABLE):
            config.site_url = os.environ[PUBLIC_URL_VARIABLE].rstrip("/") + "/"
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Load, validate, link and render before MkDocs cleans ``site/``.

        A content error stops ``mkdocs build`` with a non-zero exit whether or not ``--strict`` is
        given. Under ``mkdocs serve`` it is printed and the last good content is served again: the
        dev server would otherwise hold every request until the error is fixed.
        """
        settings = config.extra.get("releve", {}) or {}
        try:
            self._output = pipeline.build(_root(config), pipeline.today_from(settings.get("aujourdhui")), config.site_url)
        except ContentError as error:
            if not (self._serving and self._output is not None):
                raise ReleveError(str(error)) from None
            # Printed, not logged: under --strict a logged error would abort the rebuild itself.
            print(f"{error}\nLe site affiché reste la dernière version correcte.", file=sys.stderr, flush=True)
        # MkDocs dates pages (sitemap <lastmod>, sitemap.xml.gz) from SOURCE_DATE_EPOCH, else from the
        # clock: the build's « today » is its only clock, so the same sources give the same bytes.
        os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(self._output.linked.today.timetuple()))

    # Run before other plugins' on_files (e.g. search) so they see the generated pages, as
    # Material's blog plugin does with its generated posts.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self._output is not None
        generated = [(page.src_uri, {"content": page.markdown}) for page in self._output.pages]
        generated += [(uri, {"abs_src_path": str(ASSETS / uri)}) for uri in _assets()]
        for src_uri, source in generated:
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                raise ReleveError(
                    str(Problem(f"docs/{src_uri}", 1, "ce fichier occupe l'adresse d'une page générée par Relevé : renommez-le"))
                )
            # Listed in nav or not, a generated page is never « omitted from the nav ».
            files.append(File.generated(config, src_uri, inclusion=InclusionLevel.NOT_IN_NAV, **source))
        linked = self._output.linked
        log.info(
            f"{count(len(linked.meetings), 'compte rendu', 'comptes rendus')}, "
            f"{count(len(linked.actions), 'fiche action', 'fiches actions')}, "
            f"{count(len(linked.structures), 'structure')} : {count(len(self._output.pages), 'page générée', 'pages générées')}"
        )
        return files

    def on_page_content(self, html_content: str, *, page, config: MkDocsConfig, files: Files) -> str:
        """Titles come from the content, and Material prints ``page.title`` unescaped in ``<title>``
        and in the search index: store the escaped title so that it shows as text everywhere."""
        if page.title:
            page.meta["title"] = html.escape(page.title, quote=False)
        return html_content

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the non-page outputs (calendars, feeds) after MkDocs has written the pages."""
        assert self._output is not None
        site_dir = Path(config.site_dir)
        for generated in self._output.files:
            target = site_dir / generated.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(generated.content)

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        """``mkdocs serve`` watches only ``docs/``: watch the content sources too. Not the engine's
        code: MkDocs loads a plugin once, so a change there needs a restart of ``make site``."""
        root = _root(config)
        for name in SOURCES:
            if (root / name).exists():
                server.watch(str(root / name))
        return server
