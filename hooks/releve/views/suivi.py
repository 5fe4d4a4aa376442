"""The follow-up of commitments (« qui fait quoi »), at the build's « today »: the open ones by
structure and person, then those « sans suite connue » (past their échéance, or without news for
``Referential.stale_months``), never headed by a person's name, then the closed ones, folded.

The states are the link stage's (``link.FollowedCommitment``): the meeting pages say the same.
"""

from __future__ import annotations

from itertools import groupby

from .. import urls
from ..link import CLOSED, DUE, OPEN, STALE, FollowedCommitment, LinkedSite
from ..model import months_text
from ..text import sort_key
from . import GeneratedPage, paginate, render_page

COMMITMENTS_PER_PAGE = 100
"""Commitments pile up over the years: the follow-up is split into pages of 100."""

SECTIONS = ((OPEN, "En cours"), (STALE, "Sans suite connue"), (CLOSED, "Réalisés"))
"""The page's sections, in order; a commitment whose échéance is ahead is « en cours »."""


def _section(item: FollowedCommitment) -> str:
    return OPEN if item.state == DUE else item.state


def follow_up_pages(linked: LinkedSite) -> list[GeneratedPage]:
    def owner(item: FollowedCommitment) -> tuple:
        structure = linked.structures[item.commitment.structure]
        return (sort_key(structure.name), structure.id, item.commitment.person is None, sort_key(item.commitment.person or ""))

    def order(item: FollowedCommitment) -> tuple:
        section = [key for key, _ in SECTIONS].index(_section(item))
        if section == 0:  # open: by who does it, then oldest first
            return (section, owner(item), item.meeting.date, item.commitment.line)
        # stale and closed: newest meeting first, whoever made them
        return (section, -item.meeting.date.toordinal(), item.meeting.id, item.commitment.line)

    def sections(items: list[FollowedCommitment]) -> list:
        found = []
        for key, group in groupby(items, key=_section):
            group = list(group)
            owners = [
                (linked.structures[structure_id], [(person, list(mine)) for person, mine in groupby(theirs, key=lambda i: i.commitment.person)])
                for structure_id, theirs in ((k, list(g)) for k, g in groupby(group, key=lambda i: i.commitment.structure))
            ]
            found.append((key, dict(SECTIONS)[key], group, owners))
        return found

    ordered = sorted(linked.commitments, key=order)
    counts = {key: sum(1 for item in ordered if _section(item) == key) for key, _ in SECTIONS}
    return [
        render_page(
            paged.uri, "suivi.md.j2", site=linked, sections=sections(paged.items), paged=paged, counts=counts, OPEN=OPEN, STALE=STALE, CLOSED=CLOSED,
            stale_after=months_text(linked.site.referential.stale_months),
        )
        for paged in paginate(urls.FOLLOW_UP, ordered, COMMITMENTS_PER_PAGE)
    ]
