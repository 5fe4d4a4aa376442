"""The engine as a host sees it: configure, build, convert, write, finish.

A host maps its own events to these calls and to nothing else of the engine: the MkDocs plugin
(``hosts/mkdocs.py``, which ProperDocs runs too) and the tree of ``releve generer`` that Zensical
builds (``tree.py``, ``hosts/zensical.py``). Whatever the host, every page goes through the HTML
stage (``html_stage``) and the written site through the finish pass (``finish``): the guarantees
live here, not in a host.

    problems = engine.config_problems(config_file)    # what the host's configuration may not hold
    stage = engine.html_stage(page_of)                # the Markdown extension, among the host's
    build = engine.build(root, settings, site_url)    # load, validate, link, render (ContentError)
    stage.pages = build.pages_by_uri                  # the generated parts of this build's pages
    finished = engine.FinishedPages()                 # optional: pages finished as rendered
    ... the host converts build.pages, renders each (finished.page) and writes it under engine.staging(site_dir) ...
    engine.write_files(build, written)                # calendars, feeds, open data
    engine.finish(build, written, site_dir, root, finished=finished)  # typography, tabs, contacts, search, swap
"""

from __future__ import annotations

import calendar
import os
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Mapping

from . import active_tab, config_guard, finish as finishing, parallel, pdf, pipeline, project_cache, site_links
from .catalogue import SOURCES
from .html_stage import HtmlStage, PageOf
from .model import HandWrittenPage
from .output_paths import collisions as output_collisions, inside
from .problems import ContentError, Problem
from .sanitize import title as page_title
from .body import relative_links
from .site_config import ASSETS, MARKDOWN_EXTENSIONS, PUBLIC_URL_VARIABLE, THEME, TOC_SETTINGS, assets, default_nav, footer, site_names
from .urls import HOME, section
from .validate import CheckedFiles
from .views import GeneratedPage, compiled_templates, paragraph_description, resolve_marked
from .words import plural

FinishError = finishing.FinishError
FinishedPages = finishing.FinishedPages
kept_until_built = parallel.kept_until_built
released = parallel.released
staging = finishing.staging
discard = finishing.discard


@dataclass(frozen=True)
class Build:
    """One build of a site by the engine: its generated pages and files, ready for a host."""

    output: pipeline.SiteOutput
    root: Path | None = None
    """The project, whose ``.cache/`` keeps the PDFs already made."""
    notices: tuple[Problem, ...] = ()
    """What the build could not do on this machine (PDFs without Pango), said with the warnings."""
    checked: dict | None = field(default=None, compare=False, repr=False)
    """The files as this build checked them, kept in the project's cache by ``finish`` (None:
    nothing new to keep, or the preview, which keeps them in memory and writes nothing but the
    site); not part of what was built."""

    @property
    def pages(self) -> tuple[GeneratedPage, ...]:
        return self.output.pages

    @property
    def pages_by_uri(self) -> dict[str, GeneratedPage]:
        return {page.src_uri: page for page in self.output.pages}

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Likely slips (a next meeting dated before its meeting, a stale annuaire entry): shown,
        never stopping the publication, even under --strict: they are not errors of the content."""
        return self.output.linked.site.warnings + self.notices

    @property
    def link_problems(self) -> list[Problem]:
        """The links of the coordinator's texts to a page or file absent from the site, at their
        source line (``site_links``): a warning, an error under --strict."""
        site = self.output.linked.site
        pages = [page.src_uri for page in self.output.pages] + [page.src_uri for page in site.hand_written]
        files = [file.path for file in self.output.files] + [*site.docs_files, *site.media, *assets()]
        # The PDFs, listed by making each one's HTML: only if a link may lead to one.
        return site_links.missing_targets(site, pages, files, lambda: [document.path for document in pdf.documents(self.output.linked)])

    def anchor_problems(self, anchors: Mapping[str, set[str]]) -> list[Problem]:
        """The links to an anchor absent from its page, given the ids of each page the host converted."""
        return site_links.missing_anchors(self.output.linked.site, anchors)

    @property
    def footer(self) -> dict:
        """What the footer of every page says (``theme/partials/copyright.html``)."""
        return footer(self.output.linked.site)

    def site_names(self, config) -> dict[str, str]:
        """The settings named after the CLSM, from its referential (``site_config.site_names``)."""
        referential = self.output.linked.site.referential
        return site_names(referential.clsm_short_name, referential.clsm_name, config)

    @property
    def summary(self) -> str:
        linked = self.output.linked
        return (
            f"{plural(len(linked.meetings), 'compte rendu', 'comptes rendus')}, "
            f"{plural(len(linked.actions), 'fiche action', 'fiches actions')}, "
            f"{plural(len(linked.structures), 'structure')} : {plural(len(self.output.pages), 'page générée', 'pages générées')}"
        )


def public_url(site_url: str | None) -> str | None:
    """Where the site is published: mkdocs.yml's ``site_url``, else what the Pages workflows set."""
    url = site_url or os.environ.get(PUBLIC_URL_VARIABLE)
    return url.rstrip("/") + "/" if url else None


def build(
    root: Path,
    settings: dict | None = None,
    site_url: str | None = None,
    previous: Build | None = None,
    checked: CheckedFiles | None = None,
    preview: bool = False,
) -> Build:
    """Load, validate, link and render the site in ``root``; ``ContentError`` lists every problem.

    ``previous`` and ``checked`` come from the last build of the same project (the preview): what
    cannot have changed is not rendered or checked again. The preview makes no PDF (``pdf.py``).
    """
    settings = settings or {}
    documents, notices = _documents(settings, preview)
    checked = checked if checked is not None else CheckedFiles()
    if not checked.outcomes:  # the first build of this process: the files as the last one checked them
        checked.outcomes = project_cache.read_checked(root)
    today = pipeline.today_from(settings.get("aujourdhui"))
    forges = config_guard.trusted_forges(settings)
    output = pipeline.build(root, today, public_url(site_url), previous.output if previous else None, checked, documents, forges)
    # Hosts date files (MkDocs' sitemap) from SOURCE_DATE_EPOCH, else from the clock: the build's
    # « today » is its only clock, so the same sources give the same bytes.
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(output.linked.today.timetuple()))
    return Build(output, Path(root), notices, checked.outcomes if checked.changed and not preview else None)


def _documents(settings: dict, preview: bool) -> tuple[bool, tuple[Problem, ...]]:
    """Whether this build writes PDFs (``extra.releve.pdf`` of mkdocs.yml, true by default; never
    the preview; never with ``RELEVE_PDF=non``), and why not when this machine cannot."""
    if settings.get("pdf", True) is False or os.environ.get(pdf.SWITCH) == "non" or preview:
        return False, ()
    if missing := pdf.unavailable():
        return False, (Problem("mkdocs.yml", 1, f"les PDF ne sont pas produits : {missing}", severity="warning"),)
    return True, ()


def config_problems(config_file: Path, site_dir: str | None = None) -> list[Problem]:
    """What the configuration ``config_file`` may not hold (``config_guard``): a setting that runs
    code, loads from elsewhere or prints markup, an output folder other than the project's
    ``site/`` (``site_dir``: the one the build will empty, when the host knows it)."""
    return config_guard.check(config_file, site_dir)


def docs_page(built: Build, src_uri: str) -> HandWrittenPage | None:
    """The page of docs/ at ``src_uri`` as validation checked it (None: not among them, added since)."""
    return next((page for page in built.output.linked.site.hand_written if page.src_uri == src_uri), None)


def docs_markdown(page: HandWrittenPage) -> str:
    """A page written by hand in docs/ as a host converts it: its body as checked (links to meetings
    and fiches pointed at their pages, raw HTML shown as text), its docs-rooted links
    (``/projets/x.md``) made relative to it, as the engine's own links are."""
    return relative_links(resolve_marked(page.markdown, page.src_uri), page.src_uri)


def media(built: Build) -> tuple[str, ...]:
    """The web editor's uploads (``medias/…``, paths from the project's root), checked like docs/:
    a host publishes each at the same path in the site. Not one that only drafts link to."""
    return built.output.linked.site.media


def page_description(src_uri: str | None, meta: Mapping, converted: str) -> str | None:
    """The description in the head of the page at ``src_uri`` once a host has converted it
    (``converted``, its HTML): the one its front matter gives (``views.Head``), else the text of its
    first paragraph (``views.paragraph_description``); none for the home page, which the site's
    description describes (the theme prints ``site_description``). Every host sets it in the page's
    metadata, where the theme reads it."""
    if meta.get("description"):
        return meta["description"]
    return None if src_uri == HOME else paragraph_description(converted)


def html_stage(page_of: PageOf) -> HtmlStage:
    """The engine's Markdown extension for a host that says in its own way which page it converts;
    the host gives it each build's pages (``Build.pages_by_uri``)."""
    return HtmlStage(page_of)


def collisions(own: list[tuple[str, str]], built: Build) -> list[Problem]:
    """A problem for each file of ``own`` (source URI, path named to the coordinator) or of
    ``medias/`` that would be published where a generated page, file or asset is, or at an address
    that differs from one only by case or accents (``output_paths.collisions``): all of them at once."""
    generated = [page.src_uri for page in built.pages] + assets() + [file.path for file in built.output.files]
    return output_collisions(own + [(path, path) for path in media(built)], generated)


def write_files(built: Build, site_dir: Path) -> tuple[Problem, ...]:
    """Write the generated non-page files (calendars, feeds, open data, the web form, the PDFs): every path
    is resolved inside ``site_dir`` first, and none is written if one would land outside it. A
    file left as it was keeps its date (the preview rewrites only what changed). Returns the
    warnings of the PDFs (a character drawn as an empty box), for the host to show."""
    targets = [(inside(Path(site_dir), generated.path), generated.content) for generated in built.output.files]
    for target, content in targets:
        if target.is_file() and target.stat().st_size == len(content) and target.read_bytes() == content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    if built.output.linked.site.pdf:
        # After the pages, which link to them: each PDF from the cache when its content is unchanged.
        cache = built.root / project_cache.PDF if built.root and project_cache.usable(built.root) else None
        return pdf.write(built.output.linked, Path(site_dir), built.root, cache).warnings
    return ()


def finish(
    built: Build,
    written: Path,
    site_dir: Path | None,
    root: Path,
    docs_dir: Path | None = None,
    *,
    since_ns: int | None = None,
    index: bool = True,
    finished: FinishedPages | None = None,
) -> None:
    """The finish pass over the site written in ``written`` from the project ``root``, then its
    publication at ``site_dir`` (``finish.py``); ``ContentError`` if it shows a personal contact.
    ``finished``: the pages the host finished as it rendered them (``FinishedPages.page``).
    A page out of the navigation gets the tab it is read under marked, if its host did not mark it.
    The files as the build checked them are kept for the next one (``project_cache``) once no
    page shows a contact, while Pagefind indexes (a build that fails writes nothing outside its site)."""
    keep = partial(project_cache.write_checked, root, built.checked) if built.checked is not None else None
    tabs = active_tab.tabs(page.src_uri for page in (*built.pages, *built.output.linked.site.hand_written))
    finishing.finish(written, site_dir, built.output.linked, root, docs_dir, since_ns=since_ns, index=index, finished=finished, meanwhile=keep, tabs=tabs)


__all__ = [
    "ASSETS",
    "Build",
    "HtmlStage",
    "ContentError",
    "FinishError",
    "FinishedPages",
    "MARKDOWN_EXTENSIONS",
    "PUBLIC_URL_VARIABLE",
    "Problem",
    "SOURCES",
    "THEME",
    "TOC_SETTINGS",
    "assets",
    "build",
    "collisions",
    "compiled_templates",
    "config_problems",
    "default_nav",
    "discard",
    "docs_markdown",
    "docs_page",
    "finish",
    "html_stage",
    "kept_until_built",
    "media",
    "page_description",
    "page_title",
    "public_url",
    "released",
    "section",
    "staging",
    "write_files",
]
