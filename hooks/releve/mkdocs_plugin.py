"""The only bridge between the Relevé engine and MkDocs: the ``releve`` plugin maps engine stages to MkDocs events.

Named in ``mkdocs.yml`` under ``plugins:`` (entry point ``releve``). The rest of the engine never
imports MkDocs, so the site can move to another generator (Material's successor, Zensical) by
rewriting this file only.
"""

from __future__ import annotations

import calendar
import contextlib
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError, MkDocsException
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import _AbsoluteLinksValidationValue
from mkdocs.utils import clean_directory

from . import dates, pipeline, preview, sanitize, search, typography, urls
from .body import nesting_message, too_deep
from .console import count
from .output_paths import inside
from .problems import ContentError, Problem
from .site_config import ASSETS, MARKDOWN_EXTENSIONS, PUBLIC_URL_VARIABLE, THEME, TOC_SETTINGS, default_nav, site_names
from .site_config import assets as _assets
from .catalogue import SOURCES
from .views import GeneratedPage, substitute

# Not MkDocs' plugin logger, which prefixes each line with « releve: »: the lines are the engine's own.
log = logging.getLogger("mkdocs.plugins.releve")

_OMITTED = r'The following pages exist in the docs directory, but are not included in the "nav" configuration:\n  - (.*)'
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
    (_OMITTED, "Pages de docs/ hors du menu, que seul un lien d'une autre page fait lire : {0}"),
    # The mistakes of a page written by hand in docs/ (a warning, an error under --strict).
    (
        r"Doc file '(.*?)' contains a link '(.*?)', but the target(?: '.*?')? is not found among documentation files\."
        r" Did you mean '(.*)'\?",
        "{0} : le lien « {1} » mène à un fichier qui n'existe pas (vouliez-vous dire « {2} » ?)",
    ),
    (
        r"Doc file '(.*?)' contains a link '(.*?)', but the target(?: '.*?')? is not found among documentation files\.",
        "{0} : le lien « {1} » mène à un fichier qui n'existe pas",
    ),
    (r"Doc file '(.*?)' contains a link '(.*?)', but there is no such anchor on this page\..*", "{0} : le lien « {1} » mène à une ancre absente de la page"),
    (
        r"Doc file '(.*?)' contains a link '(.*?)', but the doc '(.*?)' does not contain an anchor '.*'\.",
        "{0} : le lien « {1} » mène à une ancre absente de {2}",
    ),
)
"""MkDocs' own progress lines, in French (None: dropped, the line says nothing to a coordinator)."""


_SAID: set[str] = set()
"""The lines said once per process (the preview rebuilds many times in one)."""


class _FrenchConsole(logging.Filter):
    """Rewrites MkDocs' English progress lines so that a build prints French only."""

    def filter(self, record: logging.LogRecord) -> bool:
        # The dev server stamps its lines with the time (« [10:04:12] »): kept, the rest translated.
        stamp, message = re.fullmatch(r"(\[[\d:]+\] )?(.*)", record.getMessage(), flags=re.S).groups()
        for english, french in _CONSOLE:
            match = re.fullmatch(english, message, flags=re.S)
            if match:
                if french is None:
                    return False
                if english == _OMITTED:  # said once, not again at each rebuild of the preview
                    if message in _SAID:
                        return False
                    _SAID.add(message)
                # A decimal comma; MkDocs' list of files (« \n  - a.md\n  - b.md ») on one line.
                groups = (g.replace(".", ",") if re.fullmatch(r"[\d.]+", g) else g.replace("\n  - ", ", ") for g in match.groups())
                record.msg, record.args = (stamp or "") + french.format(*groups), ()
                break
        return True


class _FrenchFormatter(logging.Formatter):
    """MkDocs' console without its English level column (« INFO    -  »): a line of information is
    printed as it is, a warning or an error says so in French (the debug lines of ``-v`` keep it)."""

    _LEVELS = {logging.WARNING: "Avertissement : ", logging.ERROR: "Erreur : ", logging.CRITICAL: "Erreur : "}

    def format(self, record: logging.LogRecord) -> str:
        message = super().format(record)
        if record.levelno < logging.INFO:
            return f"DEBUG   -  {message}"
        return self._LEVELS.get(record.levelno, "") + message


def _speak_french() -> None:
    for name in ("mkdocs.commands.build", "mkdocs.commands.serve", "mkdocs.livereload", "mkdocs.structure.nav", "mkdocs.structure.pages"):
        logger = logging.getLogger(name)
        if not any(isinstance(existing, _FrenchConsole) for existing in logger.filters):
            logger.addFilter(_FrenchConsole())
    # The handler MkDocs' command line puts on its « mkdocs » logger (none when MkDocs runs in process).
    for handler in logging.getLogger("mkdocs").handlers:
        if handler.get_name() == "MkDocsStreamHandler" and not isinstance(handler.formatter, _FrenchFormatter):
            handler.setFormatter(_FrenchFormatter())


class ReleveError(Abort):
    """Stops the build with the French message as the last thing on the screen: MkDocs would
    follow a ``PluginError`` with its English « Aborted with a BuildError! »."""


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


class _GeneratedFile(File):
    """A generated page that, in a dirty rebuild (the preview), counts as modified only when its
    Markdown changed: MkDocs' own generated files always do, so it would rebuild them all."""

    modified = True

    def is_modified(self) -> bool:
        return self.modified or not os.path.isfile(self.abs_dest_path)


def _not_the_dirty_warning(record: logging.LogRecord) -> bool:
    # MkDocs warns on every --dirty build, which --strict would count as an error.
    return not record.getMessage().startswith("A 'dirty' build is being performed")


class RelevePlugin(BasePlugin):
    """The Relevé engine as a MkDocs plugin: ``plugins: [search, releve]``."""

    def __init__(self) -> None:
        super().__init__()
        self._output: pipeline.SiteOutput | None = None
        self._generated: dict[str, GeneratedPage] = {}
        """The generated pages by source URI, for their fragments (``on_page_content``)."""
        self._marked_tabs: list = []
        """Tabs marked active for the page being rendered (see ``on_page_context``)."""
        self._rebuilds: _LastGoodSite | None = None
        """Set once ``on_serve`` has made each rebuild of ``mkdocs serve`` fall back on the last good site."""
        _speak_french()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        if command == "serve":
            preview.start()
        if dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_not_the_dirty_warning)

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
            config.nav = default_nav(Path(config.docs_dir))
        if not config.site_url and os.environ.get(PUBLIC_URL_VARIABLE):
            config.site_url = os.environ[PUBLIC_URL_VARIABLE].rstrip("/") + "/"
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Load, validate, link and render before MkDocs cleans ``site/``.

        A content error stops the build with a non-zero exit whether or not ``--strict`` is given
        (under ``mkdocs serve``, ``_LastGoodSite`` then puts the last good site back).
        """
        settings = config.extra.get("releve", {}) or {}
        session = preview.session()
        try:
            previous, checked = (session.output, session.checked) if session is not None else (None, None)
            self._output = pipeline.build(_root(config), pipeline.today_from(settings.get("aujourdhui")), config.site_url, previous, checked)
        except ContentError as error:
            raise ReleveError(str(error)) from None
        self._generated = {page.src_uri: page for page in self._output.pages}
        referential = self._output.linked.site.referential
        for key, value in site_names(referential.clsm_short_name, referential.clsm_name, config).items():
            config[key] = value
        # Likely slips (a next meeting dated before its meeting, a stale annuaire entry) are shown,
        # but never stop the publication, even under --strict: they are not errors of the content.
        for warning in self._output.linked.site.warnings:
            log.info(str(warning))
        # The footer of every page (theme/partials/copyright.html) says when the site was built.
        config.extra["releve_pied"] = {"construit": dates.date(self._output.linked.today)}
        # The header's search button (theme/partials/recherche.html), only where on_post_build indexes.
        config.extra["releve_recherche"] = session is None
        # MkDocs dates pages (sitemap <lastmod>, sitemap.xml.gz) from SOURCE_DATE_EPOCH, else from the
        # clock: the build's « today » is its only clock, so the same sources give the same bytes.
        os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(self._output.linked.today.timetuple()))

    # Run before other plugins' on_files (e.g. search) so they see the generated pages, as
    # Material's blog plugin does with its generated posts.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self._output is not None
        session = preview.session()
        if session is not None:
            session.rebuild(preview.stamp([config.config_file_path, *config.theme.dirs[:1]]))
        generated = [(page, page.src_uri, {"content": page.markdown}) for page in self._output.pages]
        generated += [(None, uri, {"abs_src_path": str(ASSETS / uri)}) for uri in _assets()]
        for page, src_uri, source in generated:
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                # Named as it is on disk (relative to the project), whatever the docs folder is called.
                path = Path(os.path.relpath(existing.abs_src_path, _root(config))).as_posix() if existing.abs_src_path else existing.src_uri
                raise ReleveError(str(Problem(path, 1, "ce fichier occupe l'adresse d'une page générée par Relevé : renommez-le")))
            # Listed in nav or not, a generated page is never « omitted from the nav ».
            file = _GeneratedFile.generated(config, src_uri, inclusion=InclusionLevel.NOT_IN_NAV, **source)
            # Under the preview, a page whose Markdown has not changed is not written again.
            file.modified = page is None or session is None or session.is_modified(page)
            files.append(file)
        linked = self._output.linked
        log.info(
            f"{count(len(linked.meetings), 'compte rendu', 'comptes rendus')}, "
            f"{count(len(linked.actions), 'fiche action', 'fiches actions')}, "
            f"{count(len(linked.structures), 'structure')} : {count(len(self._output.pages), 'page générée', 'pages générées')}"
        )
        return files

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        """Under the preview, the theme's templates are compiled once for the session, not at each rebuild."""
        session = preview.session()
        if session is not None:
            env.bytecode_cache = session.compiled_templates
        return env

    def on_page_markdown(self, markdown: str, *, page, config: MkDocsConfig, files: Files) -> str:
        """A page of ``docs/`` nested too deep would make Python-Markdown raise RecursionError: say
        where, as validation does for the bodies of minutes and fiches (generated pages are made of those)."""
        if page.file.generated_by is None and (deep := too_deep(page.file.content_string)) is not None:
            path = Path(os.path.relpath(page.file.abs_src_path, _root(config))).as_posix()
            raise ReleveError(str(ContentError([Problem(path, deep[0] + 1, nesting_message(deep[1]))])))
        return markdown

    def on_page_content(self, html_content: str, *, page, config: MkDocsConfig, files: Files) -> str:
        """Every page is made from content, generated or written in ``docs/``: its HTML goes through
        the allow-list here, after Markdown and before the search plugin indexes ``page.content``.
        Material prints the title unescaped (``<title>``, header, search index): store it escaped once."""
        if page.title:
            page.meta["title"] = sanitize.title(page.title)
        # The generated parts of a generated page, put where their placeholders were converted.
        generated = self._generated.get(page.file.src_uri)
        if generated is not None:
            html_content = substitute(html_content, generated.fragments)
            # Before MkDocs checks the links to anchors, at the end of the build.
            page.present_anchor_ids |= generated.anchors
        return sanitize.page_html(html_content)

    def on_page_context(self, context: dict, *, page, config: MkDocsConfig, nav):
        """Generated pages are not in the nav (it must not grow with the content): mark the tab they
        are read under, as Material marks the tab of a page that is in the nav."""
        section = urls.section(page.file.src_uri)
        if section and page.parent is None and page not in nav.pages:
            for item in nav.items:
                if getattr(item, "file", None) is not None and item.file.src_uri == section:
                    item.active = True
                    self._marked_tabs.append(item)
        return context

    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        """French spacing on the whole page, theme included: « : » and « » » never start a line."""
        while self._marked_tabs:  # the tab was marked for this page only
            self._marked_tabs.pop().active = False
        return typography.french_html(output)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """The theme's own pages (404.html) get the same French spacing; sitemaps are not prose."""
        return typography.french_html(output_content) if template_name.endswith(".html") else output_content

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the non-page outputs (calendars, feeds) after MkDocs has written the pages; each path
        is resolved in the site folder first, and none is written if one would land outside it."""
        assert self._output is not None
        try:
            targets = [(inside(Path(config.site_dir), generated.path), generated.content) for generated in self._output.files]
        except ContentError as error:
            raise ReleveError(str(error)) from None
        for target, content in targets:
            # A file left as it was keeps its date: the preview (--dirty) rewrites only what changed.
            if target.is_file() and target.stat().st_size == len(content) and target.read_bytes() == content:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        # The search index of the published site; the preview remembers its pages instead.
        session = preview.session()
        if session is not None:
            session.record(self._output)
            return
        try:
            search.index_site(Path(config.site_dir))
        except search.SearchIndexError as error:
            raise ReleveError(str(error)) from None

    def on_build_error(self, *, error: Exception) -> None:
        """Turn what MkDocs would show as a traceback or an English abort into one French message.

        Our own errors are already French, and a ``BuildError`` is printed by MkDocs; so is any
        error of a guarded rebuild, which ``_LastGoodSite`` prints.
        """
        if not (isinstance(error, (BuildError, ReleveError)) or self._rebuilds is not None):
            raise ReleveError(_failure_message(error)) from None

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        """``mkdocs serve`` watches only ``docs/``: watch the content sources too (not the engine's
        code: MkDocs loads a plugin once, so a change there needs a restart of ``make site``), more
        often; and keep serving the last good site whatever a rebuild raises."""
        _poll_often(server, config)
        root = _root(config)
        for name in SOURCES:
            if (root / name).exists():
                server.watch(str(root / name))
        self._rebuilds = server.builder = _LastGoodSite(server.builder, config.site_dir)
        return server

    def on_shutdown(self) -> None:
        """``mkdocs serve`` removes site/ once stopped: not while the last good site is being copied from it."""
        if self._rebuilds is not None:
            self._rebuilds.wait()


POLL_SECONDS = 0.2
"""How often the preview looks for saved files (MkDocs: every 0.5 s). Each look lists the watched
folders: with 300 minutes, the server idles at 3 % of a core instead of 1 % (7 % every 0.1 s)."""


def _poll_often(server, config: MkDocsConfig) -> None:
    """``mkdocs serve`` finds a saved file by listing the watched folders every half second (polling
    works on network and container mounts, where change notifications do not): a quarter of a
    second of waiting after each save, on average; every ``POLL_SECONDS`` instead. The observer has
    not started yet: what MkDocs watches before ``on_serve`` (docs/, mkdocs.yml, the theme's folders
    under ``--watch-theme``) moves to a new one, through the server's own ``unwatch`` and ``watch``;
    if anything else was watched, nothing moves."""
    moved = []
    for path in dict.fromkeys([config.docs_dir, config.config_file_path, *config.theme.dirs]):
        with contextlib.suppress(KeyError):  # unwatch() raises KeyError for a path that is not watched
            while True:  # as many times as it is watched
                server.unwatch(path)
                moved.append(path)
    if not server.observer.emitters:
        server.observer = type(server.observer)(timeout=POLL_SECONDS)  # MkDocs' PollingObserver
    for path in moved:
        server.watch(path)


# --- Build failures: a French message, never a traceback; under serve, the last good site -------


_KEPT = "le site affiché reste la dernière version correcte"


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


class _AfterFailure(logging.Filter):
    """Drops the browsers' reload line that ``mkdocs serve`` logs once a failed rebuild has been
    replaced by the last good site, so that the error stays the last thing on screen."""

    pending = False

    def filter(self, record: logging.LogRecord) -> bool:
        if self.pending and record.getMessage().endswith(("Reloading browsers", "Rechargement des pages ouvertes")):
            self.pending = False
            return False
        return True


def _mirror(source: str, target: str) -> None:
    """Make ``target`` a copy of ``source`` by copying only the files that differ in size or date:
    a preview rebuild rewrites a few pages, and copying the whole site took longer than the rebuild."""
    copied = set()
    for folder, _, names in os.walk(source):
        into = os.path.join(target, os.path.relpath(folder, source))
        os.makedirs(into, exist_ok=True)
        for name in names:
            origin, copy = os.path.join(folder, name), os.path.normpath(os.path.join(into, name))
            copied.add(copy)
            stat = os.stat(origin)
            try:
                kept = os.stat(copy)
            except FileNotFoundError:
                kept = None
            if kept is None or (kept.st_size, kept.st_mtime_ns) != (stat.st_size, stat.st_mtime_ns):
                shutil.copy2(origin, copy)  # with its date, for the next comparison
    for folder, _, names in os.walk(target):
        for name in names:
            if os.path.normpath(os.path.join(folder, name)) not in copied:
                os.remove(os.path.join(folder, name))


class _LastGoodSite:
    """The rebuild ``mkdocs serve`` runs on each change, made to never fail.

    When a rebuild raises, mkdocs serve holds every request until a rebuild succeeds (the
    browser hangs). Here a failed rebuild prints its message and puts back a copy of the last
    site that was built, so the server goes on answering with it.
    """

    def __init__(self, builder, site_dir: str) -> None:
        self._builder = builder
        self._site_dir = site_dir
        self._last_good = tempfile.TemporaryDirectory(prefix="releve-dernier-site-")  # removed at exit
        shutil.copytree(site_dir, self._last_good.name, dirs_exist_ok=True)
        self._after_failure = _AfterFailure()
        logging.getLogger("mkdocs.livereload").addFilter(self._after_failure)
        self._copying: threading.Thread | None = None

    def __call__(self, *args, **kwargs) -> None:
        self.wait()  # the copy of the last good site is whole before site/ changes again
        try:
            self._builder(*args, **kwargs)
        except BaseException as error:  # every failure, MkDocs' own included: the server must not hang
            if isinstance(error, KeyboardInterrupt):
                raise
            clean_directory(self._site_dir)
            shutil.copytree(self._last_good.name, self._site_dir, dirs_exist_ok=True)
            self._after_failure.pending = True
            if isinstance(error, ReleveError):
                message = f"{error.format_message()}\n{_KEPT.capitalize()}."
            elif isinstance(error, Abort) and "BuildError" in str(error):
                message = f"{_KEPT.capitalize()}."  # MkDocs has printed the BuildError itself
            else:
                message = _failure_message(error, _KEPT)
            print(message, file=sys.stderr, flush=True)
        else:
            # The server shows the new site as soon as this returns: the copy is made meanwhile,
            # not on the way from the coordinator's save to the page.
            self._copying = threading.Thread(target=_mirror, args=(self._site_dir, self._last_good.name), name="releve-dernier-site")
            self._copying.start()

    def wait(self) -> None:
        """Until the copy of the last site built is complete."""
        if self._copying is not None:
            self._copying.join()
            self._copying = None
