"""The follow-up of commitments (« qui fait quoi »): open ones by structure and person, with their age.

A commitment is closed by ``!!! fait <anchor>`` in a meeting held the same day or later.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from .. import urls
from ..link import LinkedSite
from ..model import Commitment, Meeting
from ..problems import sort_key
from . import GeneratedPage, paginate, render_page

COMMITMENTS_PER_PAGE = 100
"""Open commitments pile up over the years: the follow-up is split into pages of 100."""


STALE_AFTER_DAYS = 365


@dataclass(frozen=True)
class Pending:
    meeting: Meeting
    commitment: Commitment
    age: int
    """Days since the meeting that made the commitment, counted to the build's « today »."""
    overdue: bool

    @property
    def stale(self) -> bool:
        """Open for over a year: the page says there is no news of it."""
        return self.age > STALE_AFTER_DAYS


def open_commitments(linked: LinkedSite) -> tuple[list[Pending], int]:
    """The commitments not yet closed, and how many are closed."""
    closed_on: dict[str, list] = {}
    for meeting in linked.site.meetings:
        for closure in meeting.closures:
            closed_on.setdefault(closure.commitment, []).append(meeting.date)
    pending, done = [], 0
    for meeting in linked.site.meetings:
        for commitment in meeting.commitments:
            if any(day >= meeting.date for day in closed_on.get(commitment.anchor, ())):
                done += 1
                continue
            overdue = commitment.due is not None and commitment.due < linked.today
            pending.append(Pending(meeting, commitment, max(0, (linked.today - meeting.date).days), overdue))
    return pending, done


def follow_up_pages(linked: LinkedSite) -> list[GeneratedPage]:
    pending, done = open_commitments(linked)

    def owner(item: Pending) -> tuple:
        structure = linked.structures[item.commitment.structure]
        return (sort_key(structure.name), structure.id, item.commitment.person is None, sort_key(item.commitment.person or ""))

    def groups(items: list[Pending]) -> list:
        return [
            (linked.structures[structure_id], [(person, list(items)) for person, items in groupby(items, key=lambda i: i.commitment.person)])
            for structure_id, items in ((key, list(group)) for key, group in groupby(items, key=lambda i: i.commitment.structure))
        ]

    ordered = sorted(pending, key=lambda item: (owner(item), item.meeting.date, item.commitment.line))
    return [
        render_page(paged.uri, "suivi.md.j2", site=linked, groups=groups(paged.items), paged=paged, count=len(pending), done=done)
        for paged in paginate(urls.FOLLOW_UP, ordered, COMMITMENTS_PER_PAGE)
    ]
