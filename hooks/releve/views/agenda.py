"""The agenda: held and announced meetings, events and dated jalons, upcoming first, then past by month.

``agenda_items`` is shared with the calendars (``outputs/ics.py``), so the page and the
subscription always show the same things.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from itertools import groupby

from markupsafe import Markup

from .. import urls
from ..link import LinkedSite
from ..model import FuzzyDate, Meeting, Place
from . import GeneratedPage, paginate, render_page

PAST_MONTHS_PER_PAGE = 12
"""The agenda page shows the past twelve months that have dates; older months follow on further pages."""

# « 14h », « 14h30 », « 14 h 30 », « 14H30 », « 14:30 »: one way to read every French spelling.
_TIME = re.compile(r"(\d{1,2})\s*(?:h\s*(\d{2})?|:\s*(\d{2}))", re.IGNORECASE)


@dataclass(frozen=True)
class AgendaItem:
    uid: str
    """Identity of the item in its source (file name, event id…): it survives edits of its text."""
    kind: str
    """« réunion », « prochaine réunion », « événement » or « étape » (a jalon), as shown to readers."""
    title: str
    date: FuzzyDate | None
    """To the day for meetings and events, maybe only to the month for a jalon; None: « à fixer »."""
    time_range: str | None
    place: Place
    description: str | None
    page: str
    """Source URI of the page that tells more, and the anchor on it."""
    anchor: str | None
    instance: str | None
    themes: tuple[str, ...]
    stamp: dt.date
    """The date of the source that wrote the item: a DTSTAMP that changes only with the content."""

    @property
    def sort_key(self) -> tuple:
        hours = time_range(self.time_range)
        return (self.date.sort_key if self.date else (0, 0, 0), hours[0] if hours else dt.time(), self.uid)


def time_range(text: str | None) -> tuple[dt.time, dt.time | None] | None:
    """« 8h30-12h30 » → (08:30, 12:30); « 14h » → (14:00, None); no readable time → None (all day)."""
    times = []
    for hours, h_minutes, colon_minutes in _TIME.findall(text or "")[:2]:
        minutes = h_minutes or colon_minutes
        if int(hours) > 23 or int(minutes or 0) > 59:
            return None
        times.append(dt.time(int(hours), int(minutes or 0)))
    if not times:
        return None
    end = times[1] if len(times) > 1 and times[1] > times[0] else None
    return times[0], end


def held(meeting: Meeting) -> AgendaItem:
    """A published meeting as an agenda item (also in each structure's calendar: the same UID)."""
    return AgendaItem(
        uid=f"reunion-{meeting.id}",
        kind="réunion",
        title=meeting.title,
        date=FuzzyDate.of(meeting.date),
        time_range=meeting.time_range,
        place=meeting.place,
        description=f"{meeting.kind.capitalize()} publié sur le site.",
        page=urls.meeting(meeting.id),
        anchor=None,
        instance=meeting.instance,
        themes=meeting.themes,
        stamp=meeting.date,
    )


def _announced(linked: LinkedSite) -> list[AgendaItem]:
    """Each ``prochaine_reunion``, unless the minutes of that very meeting are already published."""
    held = {(m.instance, m.date) for m in linked.site.meetings}
    items = []
    for meeting in linked.site.meetings:
        upcoming = meeting.next_meeting
        if upcoming is None or (upcoming.date != meeting.date and (meeting.instance, upcoming.date) in held):
            continue
        items.append(
            AgendaItem(
                uid=f"prochaine-reunion-{meeting.id}",
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


def _events(linked: LinkedSite) -> list[AgendaItem]:
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
            themes=tuple(dict.fromkeys(t for a in event.actions for t in linked.actions[a].themes)),
            stamp=event.date,
        )
        for event in linked.site.events
    ]


def _milestones(linked: LinkedSite) -> list[AgendaItem]:
    """Jalons dated at least to the month; one already shown as a meeting or an event of its action is left out."""
    shown = {(a, m.date) for m in linked.site.meetings for a in m.actions}
    shown |= {(a, e.date) for e in linked.site.events for a in e.actions}
    items = []
    for action in linked.site.actions:
        for index, milestone in enumerate(action.milestones):
            when = milestone.date
            if when.month is None or (when.day and (action.id, when.first_day) in shown):
                continue
            items.append(
                AgendaItem(
                    uid=f"jalon-{action.id}-{when.iso()}-{sum(1 for m in action.milestones[:index] if m.date == when) + 1}",
                    kind="étape",
                    title=f"{action.title} : {milestone.title}",
                    date=when,
                    time_range=None,
                    place=Place(),
                    description=f"Étape de la fiche action « {action.title} » ({'faite' if milestone.done else 'prévue'}).",
                    page=urls.action(action.id),
                    anchor=None,
                    instance=None,
                    themes=action.themes,
                    stamp=when.first_day,
                )
            )
    return items


def agenda_items(linked: LinkedSite) -> list[AgendaItem]:
    """Everything the agenda shows, oldest first (undated announcements first)."""
    items = [held(m) for m in linked.site.meetings] + _announced(linked) + _events(linked) + _milestones(linked)
    return sorted(items, key=lambda item: item.sort_key)


def _pending(linked: LinkedSite, item: AgendaItem) -> bool:
    """An undated announcement is still « à programmer » while no later meeting of its instance is published."""
    latest = linked.meetings_of_instance[item.instance][-1]
    return item.uid == f"prochaine-reunion-{latest.id}"


def _by_month(items: list[AgendaItem]) -> list[tuple[dt.date, list[AgendaItem]]]:
    return [(month, list(group)) for month, group in groupby(items, key=lambda i: i.date.first_day.replace(day=1))]


def agenda_pages(linked: LinkedSite) -> list[GeneratedPage]:
    items = agenda_items(linked)
    dated = [i for i in items if i.date]
    undated = [i for i in items if not i.date]
    upcoming = [i for i in dated if i.date.last_day >= linked.today]
    past = [i for i in reversed(dated) if i.date.last_day < linked.today]
    whole, *others = [(name, file_href(linked, path, urls.AGENDA), len(entries)) for name, path, entries in calendars(linked, items)]
    context = dict(
        site=linked,
        pending=[i for i in undated if _pending(linked, i)],
        upcoming=_by_month(upcoming),
        stale=[i for i in undated if not _pending(linked, i)],
        whole_calendar=whole,
        other_calendars=others,
    )
    return [
        render_page(paged.uri, "agenda.md.j2", paged=paged, past=paged.items, **context)
        for paged in paginate(urls.AGENDA, _by_month(past), PAST_MONTHS_PER_PAGE)
    ]


def file_href(linked: LinkedSite, path: str, page: str) -> tuple[Markup, Markup | None]:
    """The address of a generated file from a page, and its ``webcal://`` form when the site's address is known."""
    if not linked.site.public_url:
        return Markup(html.escape(urls.relative(page, path))), None
    url = linked.site.public_url.rstrip("/") + "/" + path
    return Markup(html.escape(url)), Markup(html.escape(re.sub(r"^https?://", "webcal://", url)))


def calendars(linked: LinkedSite, items: list[AgendaItem]) -> list[tuple[str, str, list[AgendaItem]]]:
    """Every calendar one can subscribe to, as (name, file path, items): all, per instance, per thématique.

    Only items known to the day can be calendar events; a jalon known to the month stays on the page.
    An instance or a thématique with no date has no calendar (nothing to subscribe to); the whole
    agenda always has one, as every page announces it (then valid with its time zone alone).
    """
    items = [i for i in items if i.date and i.date.day]
    result = [("Tout l'agenda", urls.CALENDAR, items)]
    for instance in linked.site.referential.instances:
        result.append((instance.name, urls.instance_calendar(instance.slug), [i for i in items if i.instance == instance.id]))
    for theme in linked.site.referential.themes:
        result.append((f"Thématique « {theme.name} »", urls.theme_calendar(theme.id), [i for i in items if theme.id in i.themes]))
    return result[:1] + [calendar for calendar in result[1:] if calendar[2]]
