"""The ``releve`` plugin: MkDocs' events mapped to the engine (``engine.py``), nothing more.

Named in ``mkdocs.yml`` under ``plugins:`` (entry point ``releve``); ProperDocs, a continuation of
MkDocs 1.x, runs it as it is. The guarantees of the site (the allow-list, French spacing, the
search, no personal contact, the atomic publication) are the engine's: this module only says when
MkDocs reaches each stage, which page it converts, and where it writes.
"""

from __future__ import annotations

import logging
import os
import time
import traceback
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import BuildError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import clean_directory

from . import mkdocs_console as console

# Before the engine's import (half a second) and the imports below it: Ctrl-C meanwhile is said in French too.
console.interrupt_in_french()

from .. import engine, entry_point, preview
from ..console import debugging
from .mkdocs_ahead import convert_on_both_cores, only_plugin, render_on_both_cores
from .mkdocs_parts import ThemeParts
from .mkdocs_serve import LastGoodSite, ReleveError, failure_message, poll_often
from .mkdocs_theme import list_once

# Not MkDocs' plugin logger, which prefixes each line with « releve: »: the lines are the engine's own.
# Under ProperDocs, « mkdocs » is a child of its « properdocs » logger: --strict counts these too.
log = logging.getLogger("mkdocs.plugins.releve")


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def _page_of(md) -> str | None:
    """The page MkDocs converts: its own link resolver, registered on each page's Markdown, knows it."""
    resolver = md.treeprocessors["relpath"] if "relpath" in md.treeprocessors else None
    return resolver.file.src_uri if resolver is not None else None


def _warn(problems: list[engine.Problem], config: MkDocsConfig) -> None:
    """The content's links that lead nowhere, as warnings: errors under --strict. With --quiet,
    MkDocs drops warnings before it counts them for --strict, and the site was published."""
    if problems and config.strict and not log.isEnabledFor(logging.WARNING):
        raise ReleveError(str(engine.ContentError(problems)))
    for problem in problems:
        log.warning(str(problem))


class _GeneratedFile(File):
    """A generated page that, in a dirty rebuild (the preview), counts as modified only when its
    Markdown changed: MkDocs' own generated files always do, so it would rebuild them all."""

    modified = True

    def is_modified(self) -> bool:
        return self.modified or not os.path.isfile(self.abs_dest_path)


class RelevePlugin(BasePlugin):
    """The Relevé engine as a MkDocs plugin: ``plugins: [releve]``."""

    def __init__(self) -> None:
        super().__init__()
        self._build: engine.Build | None = None
        self._stage = engine.html_stage(_page_of)
        self._marked_tabs: list = []
        """Tabs marked active for the page being rendered (see ``on_page_context``)."""
        self._serving = self._dirty = False
        self._published: Path | None = None
        self._written = ""
        """Where the site is published; MkDocs writes it beside, in ``engine.staging`` (not under serve)."""
        self._started_ns = 0
        self._rebuilds: LastGoodSite | None = None
        self._interruption: console.Interruption | None = None
        """Ctrl-C during a build (``mkdocs build``, the preview's first build, not its rebuilds)."""
        self._finished_build = False
        """Whether the site is published (then Ctrl-C stops only MkDocs' last words)."""
        self._shared = None
        self._nav = None
        self._anchors: dict[str, set[str]] = {}
        """The ids of each page converted in this build, for the check of the links to them."""
        self._parts: ThemeParts | None = None
        """The theme's parts rendered once for pages that show them alike (``mkdocs_parts``)."""
        self.rendered_ahead = None
        """Pages rendered on both cores (``mkdocs_ahead.RenderedAhead``), in a full build."""
        self.finished: engine.FinishedPages | None = None
        """Pages finished as they are rendered, in a full build (``on_post_page``)."""
        console.speak_french()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._serving, self._dirty = command == "serve", dirty
        entry_point.started()
        # The preview's first build too, until on_serve: Ctrl-C then stops the server.
        self._interruption = console.Interruption()
        if self._serving:
            preview.start()
        if dirty:
            console.allow_dirty_builds()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Add what the generated pages need, so that a CLSM's mkdocs.yml stays short; refuse, in
        French, what the engine cannot work with; write the site beside the published one."""
        # mkdocs.yml is code: what in it would run code, load from elsewhere or empty another folder is refused.
        if problems := engine.config_problems(Path(config.config_file_path), config.site_dir):
            raise ReleveError(str(engine.ContentError(problems)))
        if config.theme.name != "material":
            raise ReleveError(str(engine.Problem("mkdocs.yml", 1, f"Relevé s'affiche avec le thème Material (« theme: name: material »), pas « {config.theme.name} »")))
        if not config.use_directory_urls:
            # urls.public() writes every absolute link (calendars, feeds) as a folder address.
            raise ReleveError(str(engine.Problem("mkdocs.yml", 1, "Relevé publie chaque page à une adresse en dossier (/projets/x/) : retirez « use_directory_urls: false »")))
        # After the site's own custom_dir (first), before Material's templates.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(engine.THEME))
        list_once(config.theme)
        for name in engine.MARKDOWN_EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        config.markdown_extensions.append(self._stage)
        config.mdx_configs["toc"] = {**engine.TOC_SETTINGS, **config.mdx_configs.get("toc", {})}
        # The engine checks every link of the content at its source line (``site_links``): MkDocs'
        # own checks would name only the generated page, in English, and a written link rewritten
        # (a docs-rooted one is made relative: what MkDocs still sees as absolute starts with a backslash).
        for check in ("not_found", "unrecognized_links", "anchors", "absolute_links"):
            config.validation.links[check] = logging.DEBUG
        for uri in engine.assets():
            target = config.extra_css if uri.endswith(".css") else config.extra_javascript
            if uri not in target:
                target.append(uri)
        if config.nav is None:
            config.nav = engine.default_nav(Path(config.docs_dir))
        config.site_url = engine.public_url(config.site_url)
        if not (self._serving or self._dirty):
            self._published = Path(config.site_dir)
            config.site_dir = self._written = str(engine.staging(self._published))
            console.PUBLISHED[config.site_dir] = str(self._published)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Load, validate, link and render before MkDocs writes anything.

        A content error stops the build with a non-zero exit whether or not ``--strict`` is given
        (under ``mkdocs serve``, ``LastGoodSite`` then puts the last good site back).
        """
        self._started_ns = time.time_ns()
        session = preview.session()
        previous, checked = (session.build, session.checked) if session is not None else (None, None)
        try:
            self._build = engine.build(_root(config), config.extra.get("releve"), config.site_url, previous, checked, preview=session is not None)
        except engine.ContentError as error:
            raise ReleveError(str(error)) from None
        self._stage.pages = self._build.pages_by_uri
        for warning in self._build.warnings:
            log.info(str(warning))
        _warn(self._build.link_problems, config)
        config.extra["releve_pied"] = self._build.footer
        # The CLSM's name, written once in referentiel.yaml: every page's title, the footer.
        for key, value in self._build.site_names(config).items():
            config[key] = value
        # The header's search button (theme/partials/recherche.html), only where the site is indexed.
        config.extra["releve_recherche"] = session is None
        engine.kept_until_built()  # the content and its pages, until the site is written

    # Run before other plugins' on_files so they see the generated pages, as Material's blog
    # plugin does with its generated posts.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self._build is not None
        session = preview.session()
        if session is not None:
            session.rebuild(preview.stamp([config.config_file_path, *config.theme.dirs[:1]]))
        own = [(file.src_uri, self._relative(file.abs_src_path, config)) for file in files if file.abs_src_path and not file.inclusion.is_excluded()]
        if problems := engine.collisions(own, self._build):
            raise ReleveError(str(engine.ContentError(problems)))
        for path in engine.media(self._build):  # the web editor's uploads, checked like docs/
            files.append(File(path, str(_root(config)), config.site_dir, config.use_directory_urls))
        for page in self._build.pages:
            # Listed in nav or not, a generated page is never « omitted from the nav ».
            file = _GeneratedFile.generated(config, page.src_uri, content=page.markdown, inclusion=InclusionLevel.NOT_IN_NAV)
            # Under the preview, a page whose Markdown has not changed is not written again.
            file.modified = session is None or session.is_modified(page)
            files.append(file)
        for uri in engine.assets():
            files.append(_GeneratedFile.generated(config, uri, abs_src_path=str(engine.ASSETS / uri), inclusion=InclusionLevel.NOT_IN_NAV))
        log.info(self._build.summary)
        return files

    @staticmethod
    def _relative(path: str, config: MkDocsConfig) -> str:
        """A file as the coordinator names it: relative to the project, whatever docs/ is called."""
        return Path(os.path.relpath(path, _root(config))).as_posix()

    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        """The generated pages are converted on both cores (``mkdocs_ahead``)."""
        in_nav = {page.file.src_uri for page in nav.pages}
        generated = [file for file in files.documentation_pages() if isinstance(file, _GeneratedFile) and file.src_uri not in in_nav]
        self._shared = convert_on_both_cores(self, config, files, generated)
        self._nav = nav
        return nav

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        """The theme's templates are compiled once, not at each build or preview rebuild; the
        pages are rendered on both cores (``mkdocs_ahead``), except in a rebuild of the preview."""
        if self._shared is not None:  # every page is converted
            self._shared.close()
        _warn(self._build.anchor_problems(self._anchors), config)
        self._anchors = {}
        engine.kept_until_built()  # the converted pages, until they are written
        env.bytecode_cache = engine.compiled_templates()
        if not (self._serving or self._dirty):
            # Finished as MkDocs is about to write them, on both cores, unless another plugin may
            # change a page after this one (the finish pass then reads them all from the site).
            if only_plugin(config, self, ("post_page",)):
                self.finished = engine.FinishedPages()
            self.rendered_ahead = render_on_both_cores(self, config, self._nav, files, env)
        return env

    def on_page_markdown(self, markdown: str, *, page, config: MkDocsConfig, files: Files) -> str:
        """A page written by hand in docs/ is converted as the engine checked it (``validate``): its
        body made safe, and no front matter but its title."""
        if page.file.generated_by is not None:
            return markdown
        if (checked := engine.docs_page(self._build, page.file.src_uri)) is None:  # added after validation
            raise ReleveError(str(engine.Problem(self._relative(page.file.abs_src_path, config), 1, "page ajoutée pendant la construction : relancez-la")))
        page.meta = {"title": checked.title} if checked.title else {}
        return engine.docs_markdown(checked)

    def on_page_content(self, html_content: str, *, page, config: MkDocsConfig, files: Files) -> str:
        """Material prints the title unescaped (``<title>``, header): stored escaped once; the
        description is the engine's (``engine.page_description``). The page's ids, its generated
        parts' included, are kept for the engine's check of links to anchors once every page is
        converted (``on_env``)."""
        self._check_interruption()
        if page.title:
            page.meta["title"] = engine.page_title(page.title)
        if found := engine.page_description(page.file.src_uri, page.meta, html_content):
            page.meta["description"] = found
        if (generated := self._stage.pages.get(page.file.src_uri)) is not None:
            page.present_anchor_ids |= generated.anchors
        self._anchors[page.file.src_uri] = page.present_anchor_ids
        return html_content

    def on_page_context(self, context: dict, *, page, config: MkDocsConfig, nav):
        """Generated pages are not in the nav (it must not grow with the content): mark the tab they
        are read under, as Material marks the tab of a page that is in the nav."""
        section = engine.section(page.file.src_uri)
        if section and page.parent is None and page not in nav.pages:
            for item in nav.items:
                if getattr(item, "file", None) is not None and item.file.src_uri == section:
                    item.active = True
                    self._marked_tabs.append(item)
        if self._parts is None or self._parts.nav is not nav:
            self._parts = ThemeParts(nav)
        context["releve_part"] = self._parts.for_page(page, self._marked_tabs[-1] if self._marked_tabs else None)
        context["releve_toc"] = self._parts.toc
        return context

    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        self._check_interruption()
        while self._marked_tabs:  # the tab was marked for this page only
            self._marked_tabs.pop().active = False
        if self.rendered_ahead is not None and (elsewhere := self.rendered_ahead.elsewhere(page)) is not None:
            return elsewhere
        return output if self.finished is None else self.finished.page(page.file.dest_uri, output)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """The engine's files, then its finish pass over what MkDocs wrote; the preview remembers
        its pages instead of indexing them."""
        assert self._build is not None
        self._check_interruption()
        self._stop_other_processes()  # every page is written
        written = Path(config.site_dir)
        session = preview.session()
        try:
            for warning in engine.write_files(self._build, written):
                log.info(str(warning))  # as the build's other warnings: never failing --strict
            since = self._started_ns if session or self._dirty else None
            finished, self.finished = self.finished, None
            engine.finish(self._build, written, self._published, _root(config), Path(config.docs_dir), since_ns=since, index=session is None, finished=finished)
        except (engine.ContentError, engine.FinishError) as error:
            if self._dirty and not self._serving:  # written in place: a site that failed is not left there
                clean_directory(config.site_dir)
            raise ReleveError(str(error)) from None
        finally:
            engine.released()
        self._finished_build = True
        if self._published is not None:  # what MkDocs does next with the site (gh-deploy, serve --clean) finds it published
            config.site_dir = str(self._published)
        if session is not None:
            session.record(self._build)

    def _check_interruption(self) -> None:
        if self._interruption is not None:
            self._interruption.check()

    def _stop_other_processes(self) -> None:
        """Stop the forked processes converting or rendering pages (their share is done, or the build failed)."""
        for shared in (self._shared, self.rendered_ahead):
            if shared is not None:
                shared.close()
        self._shared = self.rendered_ahead = None

    def on_build_error(self, *, error: Exception) -> None:
        """Turn what MkDocs would show as a traceback or an English abort into one French message
        (the traceback too with ``RELEVE_DEBUG=1``); a half-written site is forgotten.

        Our own errors are already French, and a ``BuildError`` is printed by MkDocs; so is any
        error of a guarded rebuild, which ``LastGoodSite`` prints.
        """
        self._forget_build()
        if debugging():
            log.error("".join(traceback.format_exception(error)))
        if not (isinstance(error, (BuildError, ReleveError)) or self._rebuilds is not None):
            raise ReleveError(failure_message(error)) from None

    def _forget_build(self) -> None:
        """A build that stopped: its other processes ended, the half-written site removed."""
        self._stop_other_processes()
        engine.released()
        if self.finished is not None:  # the build stopped before its finish pass
            self.finished.close()
            self.finished = None
        if self._published is not None:
            engine.discard(Path(self._written))

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        """``mkdocs serve`` watches only ``docs/``: watch the content sources too (not the engine's
        code: MkDocs loads a plugin once, so a change there needs a restart of ``make site``), more
        often; and keep serving the last good site whatever a rebuild raises."""
        poll_often(server, config)
        root = _root(config)
        for name in engine.SOURCES:
            if (root / name).exists():
                server.watch(str(root / name))
        self._rebuilds = server.builder = LastGoodSite(server.builder, config.site_dir)
        # The first build and the copy of its site are done: from here Ctrl-C stops the server.
        if self._interruption is not None:
            self._interruption.release()
        return server

    def on_shutdown(self) -> None:
        """``mkdocs serve`` removes site/ once stopped: not while the last good site is being copied
        from it. A build stopped by Ctrl-C (``console.Interruption``) is forgotten here."""
        if self._rebuilds is not None:
            self._rebuilds.wait()
        if self._interruption is not None:
            self._interruption.release(ignored=self._interruption.happened)
            if self._interruption.happened:
                if not self._finished_build:
                    self._forget_build()
                log.error("aperçu interrompu avant d'être servi" if self._serving else f"construction interrompue : {self._left_as_it_was()}")

    def _left_as_it_was(self) -> str:
        if self._finished_build:
            return "le site était déjà publié"
        if self._published is None:  # --dirty: written in place
            return "le site est incomplet, relancez la construction"
        if self._published.exists():
            return f"le site publié ({self._published.name}/) n'a pas changé"
        return "aucun site n'est publié"
