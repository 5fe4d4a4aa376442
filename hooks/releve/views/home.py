"""The home page: what the CLSM is, its axes, what comes next, the latest minutes, actions en cours."""

from __future__ import annotations

from .. import urls
from ..link import LinkedSite
from ..model import add_months
from ..words import enumeration
from . import GeneratedPage, first_sentence, render_page

LATEST = 5
UPCOMING = 3
"""The home page shows the first three items of the agenda to come; the agenda shows them all."""
RUNNING = 10
"""The home page lists the ten active fiches heard of last; « Projets » lists them all."""


def latest_letter(linked: LinkedSite):
    """The newest lettre d'information, if there is one."""
    found = linked.letters
    return found[-1] if found else None


def home_pages(linked: LinkedSite) -> list[GeneratedPage]:
    meetings = linked.site.meetings
    # What a partner may attend next, as the agenda says it: announced meetings, events, steps.
    upcoming = linked.agenda.upcoming(linked.today)
    page = render_page(
        urls.HOME,
        "home.md.j2",
        site=linked,
        # The presentation's first sentence: the phone screen says what the CLSM is in two lines.
        summary=first_sentence(linked.site.referential.presentation or ""),
        upcoming=upcoming[:UPCOMING],
        more=len(upcoming) - UPCOMING,
        pending=bool(linked.agenda.pending),
        latest=list(reversed(meetings[-LATEST:])),
        # Latest heard of first: a reader sees at once which ones are alive.
        running=sorted(linked.active, key=lambda a: linked.last_trace[a.id].sort_key if a.id in linked.last_trace else (), reverse=True)[:RUNNING],
        running_count=len(linked.active),
        running_names=enumeration(linked.site.referential.running, "ou"),
        # Older than this, a trace also says how long ago it was: old things look old.
        long_ago=add_months(linked.today, -linked.site.referential.stale_months),
        letter=latest_letter(linked),
    )
    return [page]
