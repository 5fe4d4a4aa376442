"""The agenda page: upcoming first, then the past by month; the items are the link stage's
(``releve/agenda.py``), which the calendars show too."""

from __future__ import annotations

import html
import re

from markupsafe import Markup

from .. import urls
from ..link import LinkedSite, by_month
from . import GeneratedPage, paginate, render_page

PAST_MONTHS_PER_PAGE = 12
"""The agenda page shows the past twelve months that have dates; older months follow on further pages."""

UNSCHEDULED_ON_AGENDA = 10
UNSCHEDULED_PER_PAGE = 50
"""The agenda names the ten latest meetings announced without a date and never held; all of them
(one per meeting whose next one was never dated, since the CLSM began) are on pages of their own."""


def _when(item):
    return item.date


def agenda_pages(linked: LinkedSite) -> list[GeneratedPage]:
    agenda = linked.agenda
    upcoming, past = agenda.upcoming(linked.today), agenda.past(linked.today)
    whole, *others = [(c.name, file_href(linked, c.path, urls.AGENDA), len(c.items)) for c in agenda.calendars]
    context = dict(
        site=linked,
        pending=agenda.pending,
        upcoming=by_month(upcoming, _when),
        stale=agenda.unscheduled[-UNSCHEDULED_ON_AGENDA:],
        stale_count=len(agenda.unscheduled),
        whole_calendar=whole,
        other_calendars=others,
    )
    pages = [
        render_page(paged.uri, "agenda.md.j2", paged=paged, past=paged.items, **context)
        for paged in paginate(urls.AGENDA, by_month(past, _when), PAST_MONTHS_PER_PAGE)
    ]
    if len(agenda.unscheduled) > UNSCHEDULED_ON_AGENDA:
        pages += [
            render_page(paged.uri, "agenda_unscheduled.md.j2", site=linked, paged=paged, total=len(agenda.unscheduled))
            for paged in paginate(urls.AGENDA_UNSCHEDULED, list(reversed(agenda.unscheduled)), UNSCHEDULED_PER_PAGE)
        ]
    return pages


def file_href(linked: LinkedSite, path: str, page: str) -> tuple[Markup, Markup | None]:
    """The address of a generated file from a page, and its ``webcal://`` form when the site's address is known."""
    if not linked.site.public_url:
        return Markup(html.escape(urls.relative(page, path))), None
    url = urls.on_site(linked.site.public_url, path)
    return Markup(html.escape(url)), Markup(html.escape(re.sub(r"^https?://", "webcal://", url)))
