"""Calendar subscriptions (RFC 5545, made with ``icalendar``): the whole agenda, one per instance, one per thématique.

Two builds of the same content give the same bytes: UIDs come from the items' identities
(file names, event ids), DTSTAMP from the date of the source that wrote each item, never
from the clock.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import icalendar

from .. import urls
from ..link import LinkedSite
from ..model import Place
from ..views import GeneratedFile
from ..views.agenda import AgendaItem, agenda_items, calendars, time_range

DEFAULT_DURATION = dt.timedelta(hours=1)
"""The length of an event whose time has a start and no end."""


def _location(linked: LinkedSite, place: Place) -> str | None:
    where = linked.structures[place.structure].name if place.structure else place.text
    if place.online:
        return f"{where} et en visioconférence" if where else "Visioconférence"
    return where


def _event(linked: LinkedSite, item: AgendaItem, domain: str, zone: zoneinfo.ZoneInfo) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{item.uid}@{domain}")
    event.add("dtstamp", dt.datetime.combine(item.stamp, dt.time(), dt.timezone.utc))
    day = item.date.first_day
    hours = time_range(item.time_range)
    if hours is None:
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
    else:
        start, end = hours
        event.add("dtstart", dt.datetime.combine(day, start, zone))
        if end is not None:
            event.add("dtend", dt.datetime.combine(day, end, zone))
        else:
            # « 14h » alone: an hour, what calendar applications give a new event, rather than
            # the zero-length event RFC 5545 makes of a start without an end.
            event.add("duration", DEFAULT_DURATION)
    event.add("summary", item.title)
    location = _location(linked, item.place)
    if location:
        event.add("location", location)
    lines = [item.kind.capitalize() + (f" · {linked.instances[item.instance].name}" if item.instance else "")]
    if item.time_range and hours is None:
        lines.append(f"Horaire : {item.time_range}")
    if item.description:
        lines.append(item.description)
    event.add("description", "\n".join(lines))
    if linked.site.public_url:
        event.add("url", linked.site.public_url.rstrip("/") + "/" + urls.public(item.page, item.anchor))
    return event


_END = b"END:VCALENDAR\r\n"


def calendar(linked: LinkedSite, name: str, items: list[AgendaItem], events: dict[str, icalendar.Event], lines: dict[str, bytes]) -> bytes:
    """One calendar. Each event is serialised once (``lines``) and spliced into every calendar
    that lists it: folding the lines of every event again for each instance and thématique was
    most of the time spent on calendars."""
    clsm = linked.site.referential
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//Relevé//{clsm.clsm_short_name}//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", f"{clsm.clsm_short_name} – {name}")
    cal.add("x-wr-calname", f"{clsm.clsm_short_name} – {name}")
    cal.add("x-wr-timezone", clsm.time_zone)
    for item in items:
        cal.add_component(events[item.uid])
    if items:
        # The VTIMEZONE covers the years of the items only, so it does not grow with the tz database.
        years = [item.date.year for item in items]
        cal.add_missing_timezones(dt.date(min(years), 1, 1), dt.date(max(years) + 2, 1, 1))
    else:
        # RFC 5545 wants at least one component: an agenda with no date yet has its time zone.
        year = linked.today.year
        cal.add_component(icalendar.Timezone.from_tzinfo(zoneinfo.ZoneInfo(clsm.time_zone), clsm.time_zone, dt.date(year, 1, 1), dt.date(year + 2, 1, 1)))
    # The calendar's own lines and time zones (placed before the events), then the events as serialised once.
    cal.subcomponents = [component for component in cal.subcomponents if component.name != "VEVENT"]
    head = cal.to_ical()
    assert head.endswith(_END)
    return head[: -len(_END)] + b"".join(lines[item.uid] for item in items) + _END


def domain(linked: LinkedSite) -> str:
    """The right-hand side of every UID: one per CLSM, so the same item has the same UID in every calendar."""
    return urls.slugify(linked.site.referential.clsm_short_name) or "releve"


def serialised(linked: LinkedSite, items: list[AgendaItem]) -> tuple[dict[str, icalendar.Event], dict[str, bytes]]:
    """The events of the items known to the day, and each one's lines, for ``calendar``."""
    # The meetings' hours are local to the CLSM (validated against the tz database).
    zone = zoneinfo.ZoneInfo(linked.site.referential.time_zone)
    events = {item.uid: _event(linked, item, domain(linked), zone) for item in items if item.date and item.date.day}
    return events, {uid: event.to_ical() for uid, event in events.items()}


def calendar_files(linked: LinkedSite) -> list[GeneratedFile]:
    items = agenda_items(linked)
    events, lines = serialised(linked, items)
    return [GeneratedFile(path, calendar(linked, name, selected, events, lines)) for name, path, selected in calendars(linked, items)]
