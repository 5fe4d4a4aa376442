"""The full list of the meetings behind a page that shows only the latest ones: those that discussed
a fiche action (with their decisions on it) and those where a structure was represented.

A fiche discussed at every COPIL for twenty years, a hospital present at every meeting: their
pages keep a fixed number of meetings (a phone's worth), and these pages, reached from a sentence
of the page, hold them all, 100 a page as on an instance's page. None is made when the page shows
everything.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..link import LinkedSite, by_year
from ..model import Decision, Meeting
from . import GeneratedPage, paginate, render_page
from .meetings import MEETINGS_PER_PAGE


def meeting_list_pages(
    linked: LinkedSite,
    uri: str,
    title: str,
    subject: tuple[str, str, str, str],
    meetings: Sequence[Meeting],
    decisions: dict[str, list[Decision]] | None = None,
) -> list[GeneratedPage]:
    """``meetings`` (in date order) newest first, by year, in pages of ``MEETINGS_PER_PAGE``;
    under each, its ``decisions`` (by meeting id) when given. ``subject``: the words before the
    link back to the page, its text, its address and the words after it (« où la structure »,
    « CH Jury », its page, « était représentée »)."""
    return [
        render_page(
            paged.uri,
            "meeting_list.md.j2",
            site=linked,
            title=title,
            subject=subject,
            total=len(meetings),
            paged=paged,
            years=by_year(paged.items, lambda m: m.date),
            decisions=decisions or {},
        )
        for paged in paginate(uri, list(reversed(meetings)), MEETINGS_PER_PAGE)
    ]
