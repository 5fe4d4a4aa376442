"""Calendar subscriptions (RFC 5545, made with ``icalendar``): the whole agenda, one per instance, one per thématique.

Two builds of the same content give the same bytes: UIDs come from the items' identities
(file names, event ids), DTSTAMP from the date of the source that wrote each item, never
from the clock.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import lru_cache

import icalendar
from icalendar.parser_tools import to_unicode
from icalendar.prop import vDDDTypes, vText, vUri

from .. import urls
from ..files import GeneratedFile
from ..link import LinkedSite
from ..model import AgendaItem, Place
from ..text import first_upper
from ..typography import french_text

DEFAULT_DURATION = dt.timedelta(hours=1)
"""The length of an event whose time has a start and no end."""


def _location(linked: LinkedSite, place: Place) -> str | None:
    where = linked.structures[place.structure].name if place.structure else place.text
    if place.online:
        return f"{where} et en visioconférence" if where else "Visioconférence"
    return where


@lru_cache(maxsize=None)
def event_lines(item: AgendaItem, domain: str, zone: str, location: str | None, instance: str | None, public_url: str | None) -> bytes:
    """The VEVENT of an item, as icalendar writes it: each value written by icalendar's own types,
    the properties in its order (its canonical ones, then by name), each line folded as it folds
    them. Building an ``icalendar.Event`` to serialise it was two thirds of the time spent on
    calendars. Made once per process: the general calendar and the calendar of each structure
    present list the same meetings, and a preview's rebuild the same items."""
    day = item.date.first_day
    hours = item.hours
    lines = [("SUMMARY", "", vText(french_text(item.title)))]
    if hours is None:
        lines += [("DTSTART", ";VALUE=DATE", vDDDTypes(day)), ("DTEND", ";VALUE=DATE", vDDDTypes(day + dt.timedelta(days=1)))]
    else:
        start, end = hours
        local = _zone_parameter(zone)
        lines.append(("DTSTART", local, vDDDTypes(dt.datetime.combine(day, start, zoneinfo.ZoneInfo(zone)))))
        # « 14h » alone: an hour, what calendar applications give a new event, rather than the
        # zero-length event RFC 5545 makes of a start without an end.
        lines.append(("DTEND", local, vDDDTypes(dt.datetime.combine(day, end, zoneinfo.ZoneInfo(zone)))) if end is not None else ("DURATION", "", vDDDTypes(DEFAULT_DURATION)))
    lines += [("DTSTAMP", "", vDDDTypes(dt.datetime.combine(item.stamp, dt.time(), dt.timezone.utc))), ("UID", "", vText(f"{item.uid}@{domain}"))]
    # One item: « Groupe projet », not the instance's name for all its meetings.
    kind = first_upper(item.kind) + (f" · {instance}" if instance else "")
    # « Étape de la fiche action … » says its kind already: not « Étape » on the line above it.
    description = [] if item.description and item.description.startswith(kind) else [kind]
    if item.time_range and hours is None:
        description.append(f"Horaire : {item.time_range}")
    if item.description:
        description.append(item.description)
    # The text a reader sees gets the pages' French spacing (« : » and « » » never start a line).
    lines.append(("DESCRIPTION", "", vText("\n".join(map(french_text, description)))))
    if location:
        lines.append(("LOCATION", "", vText(french_text(location))))
    if (url := urls.on_site(public_url, urls.public(item.page, item.anchor))) is not None:
        lines.append(("URL", "", vUri(url)))
    contents = [f"{name}{parameters}:{to_unicode(value.to_ical())}" for name, parameters, value in lines]
    return b"".join(fold(line) + b"\r\n" for line in ["BEGIN:VEVENT", *contents, "END:VEVENT"])


@lru_cache(maxsize=None)
def _zone_parameter(zone: str) -> str:
    return ";" + to_unicode(icalendar.Parameters({"TZID": zone}).to_ical())


FOLD_AT = 75
"""RFC 5545: a content line longer than 75 octets is folded (line break, then a space)."""


def fold(line: str) -> bytes:
    """``line`` folded as icalendar folds it (each part under 75 octets, cut between two characters,
    never right after a ``\\`` or ``^`` that escapes the next one), on its UTF-8 bytes: icalendar's
    character by character loop was a third of the time spent on calendars."""
    data = line.encode()
    if len(data) < FOLD_AT:
        return data
    parts, start = [], 0
    while len(data) - start >= FOLD_AT:
        end = start + FOLD_AT - 1
        while data[end] & 0xC0 == 0x80:  # inside a character: cut before it
            end -= 1
        if end - start > 1 and data[end - 1] in b"\\^":
            end -= 1
        parts.append(data[start:end])
        start = end
    parts.append(data[start:])
    return b"\r\n ".join(parts)


_END = b"END:VCALENDAR\r\n"


def calendar(linked: LinkedSite, name: str, items: list[AgendaItem], lines: dict[str, bytes]) -> bytes:
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
    head = cal.to_ical()
    assert head.endswith(_END)
    if not items:
        # RFC 5545 wants at least one component: an agenda with no date yet has its time zone.
        zone = _time_zone(clsm.time_zone, linked.today.year, linked.today.year + 2)
    elif any(b";TZID=" in lines[item.uid] for item in items):
        # The VTIMEZONE covers the years of the items only, so it does not grow with the tz database.
        years = [item.date.year for item in items]
        zone = _time_zone(clsm.time_zone, min(years), max(years) + 2)
    else:
        zone = b""  # all-day events only: no time zone to describe
    # The calendar's own lines, its time zone, then the events as serialised once.
    return head[: -len(_END)] + zone + b"".join(lines[item.uid] for item in items) + _END


@lru_cache(maxsize=None)
def _time_zone(name: str, first_year: int, last_year: int) -> bytes:
    """A VTIMEZONE for the years from ``first_year`` to ``last_year``: icalendar takes tens of
    milliseconds to make one, and a site has a calendar per structure, most over the same years."""
    zone = icalendar.Timezone.from_tzinfo(zoneinfo.ZoneInfo(name), name, dt.date(first_year, 1, 1), dt.date(last_year, 1, 1))
    # icalendar's note « This timezone only works from … to … », in English, for whoever reads the file.
    zone.pop("COMMENT", None)
    return zone.to_ical()


def domain(linked: LinkedSite) -> str:
    """The right-hand side of every UID: one per CLSM, so the same item has the same UID in every calendar."""
    return urls.slugify(linked.site.referential.clsm_short_name) or "releve"


def serialised(linked: LinkedSite, items: list[AgendaItem]) -> dict[str, bytes]:
    """The lines of the event of each item known to the day, for ``calendar``."""
    # The meetings' hours are local to the CLSM (validated against the tz database).
    zone, name, public_url = linked.site.referential.time_zone, domain(linked), linked.site.public_url
    # An item listed several times (a meeting in the calendar of each structure present) is made once.
    dated = {item.uid: item for item in items if item.date and item.date.day}
    return {
        uid: event_lines(item, name, zone, _location(linked, item.place), linked.instances[item.instance].singular if item.instance else None, public_url)
        for uid, item in dated.items()
    }


def calendar_files(linked: LinkedSite) -> list[GeneratedFile]:
    lines = serialised(linked, linked.agenda.items)
    return [GeneratedFile(c.path, calendar(linked, c.name, c.items, lines)) for c in linked.agenda.calendars]
