"""Hours: a meeting's « horaire » read into times, and opening hours (OpenStreetMap
``opening_hours``) written in French for the reader.

The expression is evaluated by its maintained parser (``opening-hours-py``) over one reference
week, so overriding rules (``Mo-Fr 09:00-17:00; We 09:00-12:00``) come out right without a grammar
of our own. Only weekly expressions (days, hours, ``off``, ``PH off``) can be told that way; any
other (months, weeks, school holidays…) is shown as written.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_WEEKLY = re.compile(r"^(?:(?:Mo|Tu|We|Th|Fr|Sa|Su|PH|\d{2}:\d{2}|off|closed|[-,;: ])+|24/7)$")
# « 14h », « 14h30 », « 14 h 30 », « 14H30 », « 14:30 »: one way to read every French spelling.
_TIME = re.compile(r"(\d{1,2})\s*(?:h\s*(\d{2})?|:\s*(\d{2}))", re.IGNORECASE)


@functools.lru_cache(maxsize=1024)  # the agenda sorts on it, and a CLSM writes a few horaires again and again
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


_MONDAY = dt.datetime(2001, 1, 1)
"""A Monday; no country is given to the parser, so no public holiday falls in this week."""


def _time(moment: dt.time) -> str:
    """« 9 h », « 9 h 30 »."""
    return f"{moment.hour} h" + (f" {moment.minute:02d}" if moment.minute else "")


def _day_ranges(ranges: list[tuple[dt.time, dt.time | None]]) -> str:
    parts = []
    for start, end in ranges:
        parts.append(f"de {_time(start)} à {'minuit' if end is None else _time(end)}")
    return " et ".join(parts)


def _days(indexes: list[int]) -> str:
    """[0, 1, 2, 3, 4] → « du lundi au vendredi »; [1, 3] → « le mardi et le jeudi »."""
    if len(indexes) == 7:
        return "tous les jours"
    runs: list[list[int]] = []
    for index in indexes:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    words = []
    for run in runs:
        if len(run) >= 3:
            words.append(f"du {DAYS[run[0]]} au {DAYS[run[-1]]}")
        else:
            words += [f"le {DAYS[index]}" for index in run]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " et " + words[-1]


def in_french(expression: str) -> str | None:
    """« Mo-Fr 09:00-12:00,14:00-17:00 » → « du lundi au vendredi, de 9 h à 12 h et de 14 h à 17 h »;
    None when the expression is not a weekly one (it is then shown as written)."""
    import opening_hours

    if not _WEEKLY.match(expression.strip()):
        return None
    week: list[list[tuple[dt.time, dt.time | None]]] = [[] for _ in DAYS]
    hours = opening_hours.OpeningHours(expression)
    for start, end, state, _ in hours.intervals(_MONDAY, _MONDAY + dt.timedelta(days=7)):
        if str(state) != "open":
            continue
        day = start
        # An interval running past midnight is cut at each midnight.
        while day < end:
            midnight = dt.datetime.combine(day.date() + dt.timedelta(days=1), dt.time())
            stop = min(end, midnight)
            week[day.weekday()].append((day.time(), None if stop == midnight else stop.time()))
            day = stop
    groups: dict[tuple, list[int]] = {}
    for index, ranges in enumerate(week):
        if ranges:
            groups.setdefault(tuple(ranges), []).append(index)
    if not groups:
        return "fermé"
    texts = []
    for ranges, indexes in groups.items():
        all_day = ranges == ((dt.time(), None),)
        texts.append(f"{_days(indexes)}, {'24 h sur 24' if all_day else _day_ranges(list(ranges))}")
    text = " ; ".join(texts)
    if re.search(r"\bPH (?:off|closed)\b", expression):
        text += " ; fermé les jours fériés"
    return text
