"""The whole engine, top to bottom: load and validate → link → views.

Everything is gathered and checked before anything is rendered, so a coordinator sees every
mistake at once and a broken site is never half-written.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from . import parallel, urls
from .link import LinkedSite, link
from .output_paths import unclean_paths
from .model import Meeting, Site
from .problems import ContentError, Problem
from .catalogue import REFERENTIAL_FILE
from .dates import today_from
from .files import GeneratedFile
from .validate import CheckedFiles, validate

if TYPE_CHECKING:
    from .views import GeneratedPage

@dataclass(frozen=True)
class SiteOutput:
    linked: LinkedSite
    pages: tuple[GeneratedPage, ...]
    files: tuple[GeneratedFile, ...]


def load(
    root: Path,
    today: dt.date | None = None,
    public_url: str | None = None,
    checked: CheckedFiles | None = None,
    pdf: bool = False,
    forges: tuple[str, ...] | None = None,
) -> LinkedSite:
    """Load, validate and link the content under ``root``; raise ``ContentError`` on any problem.

    ``public_url`` is where the site is published (mkdocs.yml ``site_url``), if known; ``checked``,
    the files as checked by the previous loads of the same project (see ``validate.CheckedFiles``);
    ``pdf``, whether this build writes PDFs (``pdf.write``), which the pages then link to;
    ``forges``, the self-hosted GitLab mkdocs.yml trusts (``validate``).
    """
    return link(replace(validate(Path(root), today or today_from(), checked, forges), public_url=public_url or None, pdf=pdf))


def validate_project(root: Path) -> list[Problem]:
    """Every problem of the content under ``root`` (an empty list when it is valid)."""
    try:
        load(root)
    except ContentError as error:
        return error.problems
    return []


def _views() -> tuple[Callable[[LinkedSite], list], ...]:
    """Every view, each a pure function of the linked site: those that add pages, then those that
    add other files (calendars, feeds, the web form of /admin/). Imported when a site is rendered
    only: loading one (``load``: ``releve engagements``, ``releve lettre``) needs none of them, nor
    Jinja, icalendar and feedgen, a third of the time of importing this module."""
    from .outputs import admin, feed, follow, ics, opendata
    from .views import accessibility, actions, agenda, bilan, carte, decisions, directory, home, letters, meetings, partenariale, sism, subscribe, suivi, timeline

    return (
        home.home_pages,
        meetings.meeting_pages,
        meetings.index_pages,
        meetings.instance_pages,
        meetings.theme_pages,
        actions.action_pages,
        actions.index_pages,
        directory.directory_pages,
        carte.map_pages,
        partenariale.network_pages,
        agenda.agenda_pages,
        decisions.decision_pages,
        suivi.follow_up_pages,
        timeline.timeline_pages,
        bilan.bilan_pages,
        accessibility.accessibility_pages,
        letters.letter_pages,
        sism.sism_pages,
        subscribe.subscribe_pages,
        ics.calendar_files,
        feed.feed_files,
        follow.follow_files,
        opendata.open_data_files,
        admin.admin_files,
        feed.letter_feed_files,
    )


def _views_work(linked: LinkedSite) -> list[Callable[[], list]]:
    """The views' work in the order of their outputs, cut where either core can take a part: one
    part per meeting page (most of the work on a large site), then each other view whole."""
    from .views import meetings

    work: list[Callable[[], list]] = []
    for view in _views():
        if view is meetings.meeting_pages:
            work += [partial(meetings.meeting_pages, linked, (meeting,)) for meeting in linked.site.meetings]
        else:
            work.append(partial(view, linked))
    return work


def render_site(linked: LinkedSite) -> SiteOutput:
    """Every generated page and file of the site; refuses two outputs on one URL, and any path
    that could lead out of the site folder (MkDocs writes each page where its ``src_uri`` says).

    The views are pure functions of ``linked``: a forked process renders them from the last one
    back while this one renders them from the first, and their outputs keep their order."""
    from .outputs import aliases
    from .views import GeneratedPage

    work = _views_work(linked)
    shared = parallel.FromBothEnds(operator.call, work)
    try:
        outputs = [output for index, part in enumerate(work) for output in (part() if shared.claim(index) else shared.taken(index))]
    finally:
        shared.close()
    pages = [output for output in outputs if isinstance(output, GeneratedPage)]
    files = [output for output in outputs if not isinstance(output, GeneratedPage)]
    # The old addresses of renamed items (renommages.yaml): copies of what the views just made.
    page_uris = [page.src_uri for page in pages]
    files += aliases.alias_files(linked, page_uris, files)
    uris = page_uris + [file.path for file in files]
    if problems := unclean_paths(uris):
        raise ContentError(problems)
    seen: set[str] = set()
    for uri in uris:
        if uri in seen:
            path, line = _source_of(linked, uri)
            raise ContentError([Problem(path, line, f"deux pages générées à la même adresse « {uri} » : changez l'identifiant de ce fichier ou de cet élément")])
        seen.add(uri)
    # The fragments' links skip MkDocs' resolution: a target must be one of the generated outputs,
    # or a page or file the content links to (one absent is the content's mistake: ``site_links``).
    written = {link.uri for link in linked.site.links if link.uri is not None}
    for page in pages:
        if missing := page.links - seen - written:
            raise ValueError(f"{page.src_uri} links to pages that are not generated: {sorted(missing)}")
    return SiteOutput(linked, tuple(pages), tuple(files))


def _without_prose(meeting: Meeting) -> Meeting:
    """The meeting without the text of its minutes, which only its own page shows (every other view
    reads its header, decisions and commitments). Line numbers go too: prose moves them."""

    def unlined(part):
        return replace(part, line=0)

    return replace(
        meeting,
        body=tuple(unlined(part) for part in meeting.body if not isinstance(part, str)),
        sections=(),
        decisions=tuple(map(unlined, meeting.decisions)),
        commitments=tuple(map(unlined, meeting.commitments)),
        closures=tuple(map(unlined, meeting.closures)),
    )


def _only_prose_differs(new: Site, old: Site) -> bool:
    """True when ``new`` differs from ``old`` in the text of some minutes at most (and in the warnings
    and the links' lines, which no page shows). A meeting checked once and kept (``validate.CheckedFiles``) is the same
    object in both, which spares comparing it."""
    return (
        replace(new, meetings=(), warnings=(), links=()) == replace(old, meetings=(), warnings=(), links=())
        and len(new.meetings) == len(old.meetings)
        and all(n is o or _without_prose(n) == _without_prose(o) for n, o in zip(new.meetings, old.meetings))
    )


def rerender_site(linked: LinkedSite, previous: SiteOutput) -> SiteOutput:
    """The output of ``linked`` given the ``previous`` one (the preview's last rebuild): when only the
    text of some minutes changed, only their pages are rendered again; otherwise the whole site."""
    if not _only_prose_differs(linked.site, previous.linked.site):
        return render_site(linked)
    from .views import letters, meetings

    changed = [(new, old) for new, old in zip(linked.site.meetings, previous.linked.site.meetings) if new != old]
    again = {urls.meeting(new.id): meetings.meeting_page(linked, new) for new, _ in changed}
    # Pages of other types that quote the minutes' text (a letter's « En bref ») are rendered again too.
    again.update(letters.pages_quoting(linked, changed))
    pages = tuple(again.get(page.src_uri, page) for page in previous.pages)
    return SiteOutput(linked, pages, previous.files)


def _source_of(linked: LinkedSite, uri: str) -> tuple[str, int]:
    """The source file (and line) whose item has the page ``uri``: a message names a file that exists."""
    site = linked.site
    owners = [(urls.meeting(m.id), m.path, 1) for m in site.meetings] + [(urls.action(a.id), a.path, 1) for a in site.actions]
    owners += [(urls.structure(s.id), *s.source.rsplit(":", 1)) for s in site.structures]
    for page, path, line in owners:
        if page == uri:
            return path, int(line)
    return REFERENTIAL_FILE, 1  # the other pages are named after the referential's ids


def build(
    root: Path,
    today: dt.date | None = None,
    public_url: str | None = None,
    previous: SiteOutput | None = None,
    checked: CheckedFiles | None = None,
    pdf: bool = False,
    forges: tuple[str, ...] = (),
) -> SiteOutput:
    """The site's output; ``previous``, the output of the last build of the same project, spares
    rendering again what cannot have changed, and ``checked`` checking again the files that have not;
    ``forges``, the self-hosted GitLab mkdocs.yml trusts (``validate``), none by default."""
    linked = load(root, today, public_url, checked, pdf, forges)
    return render_site(linked) if previous is None else rerender_site(linked, previous)
