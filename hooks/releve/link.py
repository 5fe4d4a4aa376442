"""Link stage: one pass over the site builds every index and backlink the views need.

Each meeting is visited once and appended to the lists of what it mentions, so the cost is
linear in the size of the content (no page is scanned for every other page).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter
from types import MappingProxyType
from typing import Callable, Iterable, Mapping, TypeVar

from . import agenda, newsletter, parallel
from .model import ActionSheet, Closure, Commitment, Decision, FuzzyDate, Instance, Meeting, Progress, Sector, Site, Structure, Theme, add_months
from .text import sort_key

OPEN = "en cours"
DUE = "échéance à venir"
STALE = "sans suite connue"
CLOSED = "réalisé"
"""The states of a commitment at the build's « today »: open (no échéance, recent), due (its
échéance is ahead), stale (past its échéance, or without news for ``Referential.stale_months``),
closed (``!!! fait`` in a meeting held the same day or later)."""


@dataclass(frozen=True)
class FollowedCommitment:
    """A commitment and its state at the build's « today »."""

    meeting: Meeting
    commitment: Commitment
    state: str
    closed_in: Meeting | None = None
    """The meeting whose ``!!! fait`` closed it."""
    closure: Closure | None = None

    @property
    def closed(self) -> bool:
        return self.state == CLOSED

    @property
    def stale(self) -> bool:
        return self.state == STALE


@dataclass(frozen=True)
class Neighbours:
    """The previous and next meeting of the same instance, and of each of its thématiques."""

    instance: tuple[Meeting | None, Meeting | None]
    themes: tuple[tuple[str, Meeting | None, Meeting | None], ...]


@dataclass(frozen=True)
class LinkedSite:
    site: Site
    structures: Mapping[str, Structure]
    actions: Mapping[str, ActionSheet]
    meetings: Mapping[str, Meeting]
    instances: Mapping[str, Instance]
    themes: Mapping[str, Theme]
    sectors: Mapping[str, Sector]
    meetings_of_action: Mapping[str, tuple[Meeting, ...]]
    """Meetings that list the action or decide about it, oldest first."""
    decisions_of_action: Mapping[str, tuple[tuple[Meeting, Decision], ...]]
    meetings_of_structure: Mapping[str, tuple[Meeting, ...]]
    """Meetings where the structure was represented (a participant of it) or hosted the meeting."""
    actions_of_structure: Mapping[str, tuple[tuple[ActionSheet, str], ...]]
    """Actions the structure pilots or joins, with its role: « pilote » or « partenaire »."""
    children: Mapping[str, tuple[Structure, ...]]
    meetings_of_instance: Mapping[str, tuple[Meeting, ...]]
    meetings_of_theme: Mapping[str, tuple[Meeting, ...]]
    actions_of_theme: Mapping[str, tuple[ActionSheet, ...]]
    neighbours: Mapping[str, Neighbours]
    decisions_of_structure: Mapping[str, tuple[tuple[Meeting, Decision], ...]]
    """Decisions on the fiches a structure pilots or joins, oldest first."""
    commitments: tuple[FollowedCommitment, ...]
    """Every commitment with its state, in the order of the meetings."""
    commitment_of: Mapping[tuple[str, str], FollowedCommitment]
    """By (meeting id, commitment anchor)."""
    closed_by: Mapping[tuple[str, str], tuple[FollowedCommitment, ...]]
    """By (meeting id, anchor named by a ``!!! fait``): the commitments that closure closed."""
    first_trace: Mapping[str, FuzzyDate]
    """Where each fiche's bar starts: its « debut », or else its earliest dated trace (absent: none)."""
    last_trace: Mapping[str, FuzzyDate]
    """The latest dated trace of each fiche up to today: its start, a jalon done or a meeting that
    discussed it (absent: the fiche has none)."""
    progress: Mapping[str, Progress]
    """The jalons done of each fiche whose share of them says how far it is (``measurable``)."""
    active: tuple[ActionSheet, ...]
    """The fiches whose statut is one of the CLSM's running ones (``statuts_actifs``)."""
    agenda: agenda.Agenda
    letters: tuple[newsletter.Letter, ...]
    """The lettres d'information up to today's period, oldest first (``newsletter.py``)."""

    @property
    def today(self) -> dt.date:
        return self.site.today

    def structure_news(self, structure_id: str) -> tuple[tuple[Meeting, Decision | None], ...]:
        """What the structure's own feed carries: its meetings, then the decisions on the fiches it
        pilots or joins (none: it has no feed)."""
        meetings = tuple((meeting, None) for meeting in self.meetings_of_structure.get(structure_id, ()))
        return meetings + self.decisions_of_structure.get(structure_id, ())


def _freeze(mapping: dict) -> Mapping:
    return MappingProxyType({key: tuple(value) for key, value in mapping.items()})


def _neighbours(sequence: list[Meeting]) -> dict[str, tuple[Meeting | None, Meeting | None]]:
    return {
        meeting.id: (sequence[i - 1] if i else None, sequence[i + 1] if i + 1 < len(sequence) else None)
        for i, meeting in enumerate(sequence)
    }


T = TypeVar("T")
_CHRONOLOGICAL = attrgetter("sort_key")


def by_year(items: Iterable[T], day: Callable[[T], dt.date | FuzzyDate]) -> list[tuple[int, list[T]]]:
    """Items already in date order (either way), grouped by year."""
    return [(year, list(group)) for year, group in groupby(items, key=lambda item: day(item).year)]


def by_month(items: Iterable[T], day: Callable[[T], dt.date | FuzzyDate]) -> list[tuple[dt.date, list[T]]]:
    """Items already in date order (either way), grouped by month: the first day of each month."""

    def month(item: T) -> dt.date:
        when = day(item)
        return (when.first_day if isinstance(when, FuzzyDate) else when).replace(day=1)

    return [(first, list(group)) for first, group in groupby(items, key=month)]


def measurable(action: ActionSheet, running: tuple[str, ...]) -> bool:
    """A share of jalons done says how far a fiche is only when its jalons include what remains to
    do, or when it is known to be over: « 1 sur 1 (100 %) » on a fiche still « en réflexion », or of
    unknown statut, would claim it is done."""
    if not action.milestones:
        return False
    return any(not m.done for m in action.milestones) or (action.status is not None and action.status not in running)


def _traces(action: ActionSheet, meetings: tuple[Meeting, ...], today: dt.date) -> list[FuzzyDate]:
    """The dated traces of a fiche up to today: its « debut », its jalons done, the meetings that
    discussed it. A jalon not marked done is a plan, not a trace."""
    traces = [action.start] if action.start else []
    traces += [m.date for m in action.milestones if m.done and m.date.first_day <= today]
    return traces + [FuzzyDate.of(m.date) for m in meetings if m.date <= today]


def _followed(site: Site) -> list[FollowedCommitment]:
    """Each commitment with its state: closed by the first ``!!! fait`` held the same day or later."""
    closures: dict[str, list[tuple[Meeting, Closure]]] = defaultdict(list)
    for meeting in site.meetings:  # in date order
        for closure in meeting.closures:
            closures[closure.commitment].append((meeting, closure))
    stale_before = add_months(site.today, -site.referential.stale_months)
    followed = []
    for meeting in site.meetings:
        for commitment in meeting.commitments:
            closing = next(((m, c) for m, c in closures.get(commitment.anchor, ()) if m.date >= meeting.date), None)
            if closing:
                followed.append(FollowedCommitment(meeting, commitment, CLOSED, *closing))
            elif commitment.due is not None:
                followed.append(FollowedCommitment(meeting, commitment, STALE if commitment.due < site.today else DUE))
            else:
                followed.append(FollowedCommitment(meeting, commitment, STALE if meeting.date < stale_before else OPEN))
    return followed


@parallel.gc_paused()  # as in validation: every object made here stays alive (half of its time at 5,000 minutes)
def link(site: Site) -> LinkedSite:
    meetings_of_action: dict[str, list[Meeting]] = defaultdict(list)
    decisions_of_action: dict[str, list[tuple[Meeting, Decision]]] = defaultdict(list)
    meetings_of_structure: dict[str, list[Meeting]] = defaultdict(list)
    meetings_of_instance: dict[str, list[Meeting]] = defaultdict(list)
    meetings_of_theme: dict[str, list[Meeting]] = defaultdict(list)
    for meeting in site.meetings:  # already in date order
        for decision in meeting.decisions:
            for action_id in decision.actions:
                decisions_of_action[action_id].append((meeting, decision))
        for action_id in meeting.concerned_actions:
            meetings_of_action[action_id].append(meeting)
        represented = dict.fromkeys(s for p in meeting.participants for s in p.structures)
        if meeting.place.structure:
            represented[meeting.place.structure] = None
        for structure_id in represented:
            meetings_of_structure[structure_id].append(meeting)
        meetings_of_instance[meeting.instance].append(meeting)
        for theme_id in meeting.themes:
            meetings_of_theme[theme_id].append(meeting)

    actions_of_structure: dict[str, list[tuple[ActionSheet, str]]] = defaultdict(list)
    actions_of_theme: dict[str, list[ActionSheet]] = defaultdict(list)
    for action in site.actions:
        for structure_id in action.pilots:
            actions_of_structure[structure_id].append((action, "pilote"))
        for structure_id in action.partners:
            if structure_id not in action.pilots:
                actions_of_structure[structure_id].append((action, "partenaire"))
        for theme_id in action.themes:
            actions_of_theme[theme_id].append(action)

    children: dict[str, list[Structure]] = defaultdict(list)
    for structure in sorted(site.structures, key=lambda s: sort_key(s.name)):
        if structure.parent:
            children[structure.parent].append(structure)

    by_instance = {key: _neighbours(value) for key, value in meetings_of_instance.items()}
    by_theme = {key: _neighbours(value) for key, value in meetings_of_theme.items()}
    neighbours = {
        meeting.id: Neighbours(
            by_instance[meeting.instance][meeting.id],
            tuple((theme_id, *by_theme[theme_id][meeting.id]) for theme_id in meeting.themes),
        )
        for meeting in site.meetings
    }

    decisions_of_structure: dict[str, dict[tuple[str, str], tuple[Meeting, Decision]]] = defaultdict(dict)
    for structure_id, taken in actions_of_structure.items():
        for action, _ in taken:
            for meeting, decision in decisions_of_action.get(action.id, ()):
                decisions_of_structure[structure_id][meeting.id, decision.anchor] = (meeting, decision)

    followed = _followed(site)
    closed_by: dict[tuple[str, str], list[FollowedCommitment]] = defaultdict(list)
    for item in followed:
        if item.closed_in and item.closure:
            closed_by[item.closed_in.id, item.closure.commitment].append(item)

    ref = site.referential
    meetings_of_action_frozen = _freeze(meetings_of_action)
    traces = {a.id: _traces(a, meetings_of_action_frozen.get(a.id, ()), site.today) for a in site.actions}
    actions = MappingProxyType({a.id: a for a in site.actions})
    instance_meetings, structure_meetings = _freeze(meetings_of_instance), _freeze(meetings_of_structure)
    made_agenda = agenda.make(site, actions, instance_meetings, structure_meetings)
    return LinkedSite(
        site=site,
        structures=MappingProxyType({s.id: s for s in site.structures}),
        actions=actions,
        meetings=MappingProxyType({m.id: m for m in site.meetings}),
        instances=MappingProxyType({i.id: i for i in ref.instances}),
        themes=MappingProxyType({t.id: t for t in ref.themes}),
        sectors=MappingProxyType({s.id: s for s in ref.sectors}),
        meetings_of_action=meetings_of_action_frozen,
        decisions_of_action=_freeze(decisions_of_action),
        meetings_of_structure=structure_meetings,
        actions_of_structure=_freeze(actions_of_structure),
        children=_freeze(children),
        meetings_of_instance=instance_meetings,
        meetings_of_theme=_freeze(meetings_of_theme),
        actions_of_theme=_freeze(actions_of_theme),
        neighbours=MappingProxyType(neighbours),
        decisions_of_structure=MappingProxyType(
            {key: tuple(sorted(value.values(), key=lambda item: item[0].date)) for key, value in decisions_of_structure.items()}
        ),
        commitments=tuple(followed),
        commitment_of=MappingProxyType({(item.meeting.id, item.commitment.anchor): item for item in followed}),
        closed_by=_freeze(closed_by),
        first_trace=MappingProxyType({a.id: a.start or min(traces[a.id], key=_CHRONOLOGICAL) for a in site.actions if a.start or traces[a.id]}),
        last_trace=MappingProxyType({key: max(found, key=_CHRONOLOGICAL) for key, found in traces.items() if found}),
        progress=MappingProxyType({a.id: a.jalons_done for a in site.actions if measurable(a, ref.running)}),
        active=tuple(a for a in site.actions if a.status in ref.running),
        agenda=made_agenda,
        letters=newsletter.letters(
            site,
            [(f.meeting, f.commitment) for f in followed if f.state != CLOSED and f.commitment.due],
            {key: items[0].commitment for key, items in closed_by.items()},
            made_agenda.items,
        ),
    )
