"""The agenda, made once by the link stage: held and announced meetings, events, dated jalons and
the échéances of commitments, as ``AgendaItem``; the calendars one can subscribe to; each
structure's own items. The agenda page, the calendars (``outputs/ics.py``) and « Suivre cette
structure » read the same items, so a page and a subscription never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from operator import attrgetter
from types import MappingProxyType
from typing import Mapping

from . import dates, urls
from .model import ActionSheet, AgendaItem, Commitment, FuzzyDate, Meeting, Milestone, Place, Site, add_months
from .text import first_upper, quoted, summary


@dataclass(frozen=True)
class Calendar:
    """A calendar one can subscribe to: the whole agenda, an instance's, a thématique's."""

    name: str
    path: str
    items: tuple[AgendaItem, ...]
    """Only items known to the day: a jalon known to the month stays on the page."""


_CHRONOLOGICAL = attrgetter("sort_key")


def _announcement_uid(meeting_id: str) -> str:
    """The UID of the item that a meeting's ``prochaine_reunion`` announces."""
    return f"prochaine-reunion-{meeting_id}"


@dataclass(frozen=True)
class Agenda:
    items: tuple[AgendaItem, ...]
    """Everything the agenda shows, oldest first (undated announcements first)."""
    pending: tuple[AgendaItem, ...]
    """Undated announcements still « à programmer »: of the latest meeting of their instance, and
    made within ``Referential.stale_months`` of today."""
    unscheduled: tuple[AgendaItem, ...]
    """Undated announcements whose time has passed: a later meeting was held, or too long ago."""
    calendars: tuple[Calendar, ...]
    """The whole agenda first (always: every page announces it), then each instance and thématique
    that has a date."""
    of_structure: Mapping[str, tuple[AgendaItem, ...]]
    """Each structure's meetings (present or hosting) and the échéances of its commitments, in date
    order; a structure with none is absent."""

    def upcoming(self, today: dt.date) -> tuple[AgendaItem, ...]:
        """The dated items not over on ``today``, soonest first: « À venir », on the agenda and the home page."""
        return tuple(i for i in self.items if i.date and i.date.last_day >= today)

    def past(self, today: dt.date) -> tuple[AgendaItem, ...]:
        """The dated items over before ``today``, latest first."""
        return tuple(i for i in reversed(self.items) if i.date and i.date.last_day < today)

    def to_schedule(self, meeting: Meeting) -> bool:
        """Whether the meeting's undated next meeting is in ``pending``: its date is then « à fixer »,
        else « non renseignée », on the meeting's page and in its PDF alike."""
        uid = _announcement_uid(meeting.id)
        return any(item.uid == uid for item in self.pending)


def held(meeting: Meeting) -> AgendaItem:
    """A published meeting as an agenda item (also in each structure's calendar: the same UID)."""
    return AgendaItem(
        uid=f"reunion-{meeting.id}",
        kind="réunion",
        title=meeting.title,
        date=FuzzyDate.of(meeting.date),
        time_range=meeting.time_range,
        place=meeting.place,
        description=f"{first_upper(meeting.kind)} publié sur le site.",
        page=urls.meeting(meeting.id),
        anchor=None,
        instance=meeting.instance,
        themes=meeting.themes,
        stamp=meeting.date,
    )


def _announced(site: Site) -> list[AgendaItem]:
    """Each ``prochaine_reunion``, unless the minutes of that very meeting are already published.
    A next meeting dated on or before its own meeting is a slip: the model keeps it undated."""
    held = {(m.instance, m.date) for m in site.meetings}
    items = []
    for meeting in site.meetings:
        upcoming = meeting.next_meeting
        if upcoming is None or (meeting.instance, upcoming.date) in held:
            continue
        items.append(
            AgendaItem(
                uid=_announcement_uid(meeting.id),
                kind="prochaine réunion",
                title=f"Prochaine réunion : {meeting.title}",
                date=FuzzyDate.of(upcoming.date) if upcoming.date else None,
                time_range=upcoming.time_range,
                place=upcoming.place,
                description=upcoming.note,
                page=urls.meeting(meeting.id),
                anchor="prochaine-reunion",
                instance=meeting.instance,
                themes=meeting.themes,
                stamp=meeting.date,
            )
        )
    return items


def _events(site: Site, actions: Mapping[str, ActionSheet]) -> list[AgendaItem]:
    return [
        AgendaItem(
            uid=f"evenement-{event.id}",
            kind="événement",
            title=event.title,
            date=FuzzyDate.of(event.date),
            time_range=event.time_range,
            place=event.place,
            description=event.description,
            # A SISM event is told in full on its edition's page.
            page=urls.sism(event.sism) if event.sism is not None else urls.action(event.actions[0]) if event.actions else urls.AGENDA,
            anchor=None,
            instance=None,
            themes=tuple(dict.fromkeys(t for a in event.actions for t in actions[a].themes)),
            stamp=event.date,
        )
        for event in site.events
    ]


def _milestone_state(milestone: Milestone, today: dt.date) -> str:
    if milestone.done:
        return "faite"
    return "prévue, sans suite connue" if milestone.lapsed(today) else "prévue"


def _milestones(site: Site) -> list[AgendaItem]:
    """Jalons dated at least to the month; one already shown as a meeting or an event of its action is left out."""
    shown = {(a, m.date) for m in site.meetings for a in m.actions}
    shown |= {(a, e.date) for e in site.events for a in e.actions}
    items = []
    for action in site.actions:
        # The uid numbers the jalons of one date in their order, left out or not; counted as they
        # come (counting again those before each took 15 s for 8,000 jalons).
        counted: defaultdict[FuzzyDate, int] = defaultdict(int)
        for milestone in action.milestones:
            when = milestone.date
            counted[when] += 1
            if when.month is None or (when.day and (action.id, when.first_day) in shown):
                continue
            items.append(
                AgendaItem(
                    uid=f"jalon-{action.id}-{when.iso()}-{counted[when]}",
                    kind="étape",
                    title=f"{action.title} : {milestone.title}",
                    date=when,
                    time_range=None,
                    place=Place(),
                    description=f"Étape de la fiche action {quoted(action.title)} ({_milestone_state(milestone, site.today)}).",
                    page=urls.action(action.id),
                    anchor=None,
                    instance=None,
                    themes=action.themes,
                    stamp=when.first_day,
                )
            )
    return items


def due(meeting: Meeting, commitment: Commitment) -> AgendaItem:
    """The échéance of a commitment, in the calendar of the structure that made it."""
    assert commitment.due is not None
    return AgendaItem(
        uid=f"{commitment.anchor}-{meeting.id}",
        kind="échéance d'un engagement",
        title=f"Échéance : {summary(commitment.text, 80)}",
        date=FuzzyDate.of(commitment.due),
        time_range=None,
        place=Place(),
        description=f"Engagement pris le {dates.date(meeting.date)} ({quoted(meeting.title)}).",
        page=urls.meeting(meeting.id),
        anchor=commitment.anchor,
        instance=meeting.instance,
        themes=meeting.themes,
        stamp=meeting.date,
    )


def make(site: Site, actions: Mapping[str, ActionSheet], meetings_of_instance: Mapping[str, tuple[Meeting, ...]],
         meetings_of_structure: Mapping[str, tuple[Meeting, ...]]) -> Agenda:
    # Each meeting's item made once: it is also in the calendar of each structure present.
    held_items = {m.id: held(m) for m in site.meetings}
    items = sorted([*held_items.values()] + _announced(site) + _events(site, actions) + _milestones(site), key=_CHRONOLOGICAL)
    since = add_months(site.today, -site.referential.stale_months)
    # An undated announcement is « à programmer » while no later meeting of its instance is
    # published and it is recent: « réunion bilan à programmer en mai » of 2022 is not in 2026.
    pending = tuple(
        i for i in items
        if not i.date and i.uid == _announcement_uid(meetings_of_instance[i.instance][-1].id) and i.stamp >= since
    )
    pending_uids = {i.uid for i in pending}
    unscheduled = tuple(i for i in items if not i.date and i.uid not in pending_uids)

    dated = tuple(i for i in items if i.in_calendars)
    # Each item put in its calendars in one pass: scanning every item for each instance and each
    # thématique grew as their product (thousands of each took minutes).
    of_instance: dict[str | None, list[AgendaItem]] = defaultdict(list)
    of_theme: dict[str, list[AgendaItem]] = defaultdict(list)
    for item in dated:
        of_instance[item.instance].append(item)
        for theme_id in dict.fromkeys(item.themes):
            of_theme[theme_id].append(item)
    calendars = [Calendar("Tout l'agenda", urls.CALENDAR, dated)]
    for instance in site.referential.instances:
        calendars.append(Calendar(instance.name, urls.instance_calendar(instance.slug), tuple(of_instance[instance.id])))
    for theme in site.referential.themes:
        calendars.append(Calendar(f"Thématique {quoted(theme.name)}", urls.theme_calendar(theme.id), tuple(of_theme[theme.id])))
    # An instance or a thématique with no date has no calendar (nothing to subscribe to; an empty
    # calendar is not valid RFC 5545); the whole agenda then has its time zone alone.
    calendars = calendars[:1] + [c for c in calendars[1:] if c.items]

    of_structure: dict[str, list[AgendaItem]] = defaultdict(list)
    for structure_id, meetings in meetings_of_structure.items():
        of_structure[structure_id] += [held_items[m.id] for m in meetings]
    for meeting in site.meetings:
        for commitment in meeting.commitments:
            if commitment.due:
                of_structure[commitment.structure].append(due(meeting, commitment))
    return Agenda(
        items=tuple(items),
        pending=pending,
        unscheduled=unscheduled,
        calendars=tuple(calendars),
        of_structure=MappingProxyType({key: tuple(sorted(value, key=_CHRONOLOGICAL)) for key, value in of_structure.items()}),
    )
