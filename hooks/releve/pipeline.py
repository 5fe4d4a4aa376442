"""The whole engine, top to bottom: load and validate → link → views.

Everything is gathered and checked before anything is rendered, so a coordinator sees every
mistake at once and a broken site is never half-written.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from .link import LinkedSite, link
from .problems import ContentError, Problem
from .validate import validate
from .outputs import feed, ics
from .views import GeneratedFile, GeneratedPage, actions, admin, agenda, bilan, decisions, directory, home, meetings, suivi, timeline

TODAY_VARIABLE = "RELEVE_AUJOURDHUI"
"""Environment variable fixing « today » (AAAA-MM-JJ) for reproducible builds and tests."""


@dataclass(frozen=True)
class SiteOutput:
    linked: LinkedSite
    pages: tuple[GeneratedPage, ...]
    files: tuple[GeneratedFile, ...]


def today_from(setting: str | None = None) -> dt.date:
    """« Today » for the build: the setting, else ``RELEVE_AUJOURDHUI``, else the build date."""
    value = setting or os.environ.get(TODAY_VARIABLE)
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ContentError([Problem("mkdocs.yml", 1, f"date du jour « {value} » invalide : attendu AAAA-MM-JJ")]) from None


def load(root: Path, today: dt.date | None = None, public_url: str | None = None) -> LinkedSite:
    """Load, validate and link the content under ``root``; raise ``ContentError`` on any problem.

    ``public_url`` is where the site is published (mkdocs.yml ``site_url``), if known.
    """
    return link(replace(validate(Path(root), today or today_from()), public_url=public_url or None))


def validate_project(root: Path) -> list[Problem]:
    """Every problem of the content under ``root`` (an empty list when it is valid)."""
    try:
        load(root)
    except ContentError as error:
        return error.problems
    return []


PAGE_VIEWS: tuple[Callable[[LinkedSite], list[GeneratedPage]], ...] = (
    home.home_pages,
    meetings.meeting_pages,
    meetings.index_pages,
    meetings.instance_pages,
    meetings.theme_pages,
    actions.action_pages,
    actions.index_pages,
    directory.directory_pages,
    agenda.agenda_pages,
    decisions.decision_pages,
    suivi.follow_up_pages,
    timeline.timeline_pages,
    bilan.bilan_pages,
)
"""Every view that adds pages; each is a pure function of the linked site."""

FILE_VIEWS: tuple[Callable[[LinkedSite], list[GeneratedFile]], ...] = (
    ics.calendar_files,
    feed.feed_files,
    admin.admin_files,
)
"""Every view that adds non-page files (calendars, feeds, the web form of /admin/)."""


def render_site(linked: LinkedSite) -> SiteOutput:
    """Every generated page and file of the site; refuses two outputs on one URL."""
    pages = [page for view in PAGE_VIEWS for page in view(linked)]
    files = [file for view in FILE_VIEWS for file in view(linked)]
    seen: set[str] = set()
    for uri in [page.src_uri for page in pages] + [file.path for file in files]:
        if uri in seen:
            raise ContentError([Problem(uri, 1, f"deux pages générées à la même adresse « {uri} »")])
        seen.add(uri)
    return SiteOutput(linked, tuple(pages), tuple(files))


def build(root: Path, today: dt.date | None = None, public_url: str | None = None) -> SiteOutput:
    return render_site(load(root, today, public_url))
