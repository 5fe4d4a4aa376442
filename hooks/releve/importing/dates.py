"""Dates and time ranges as French minutes write them.

``22/10/2021``, ``19/02/21``, ``01.03.2022``, ``2022-03-01``, « 1er avril 2021 », « mardi 10 mai 2022 »,
« 10 févr. 2022 »; time ranges « de 10h à 12h », « 8h30 - 12h30 », « 14h00 » → ``10h-12h``, ``8h30-12h30``, ``14h``.
A date without a year (« 10 mai ») is not a date: the importer never guesses a year.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .. import dates as french_dates
from .text import fold_same_length

MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1,
    "fevrier": 2, "fevr": 2, "fev": 2,
    "mars": 3,
    "avril": 4, "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7, "juil": 7,
    "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9,
    "octobre": 10, "oct": 10,
    "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_SEP = r"(?:\s?/\s?|\.|-)"
_NUMERIC = re.compile(rf"(?<![\d/.])(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}}|\d{{2}})(?![\d/])")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_TEXTUAL = re.compile(
    rf"(?:\b({'|'.join(WEEKDAYS)})\s+)?\b(\d{{1,2}})\s*(?:er|e|eme)?\s+({_MONTH_ALT})\b\.?\s+(\d{{4}})(?!\d)"
)
_WITHOUT_YEAR = re.compile(
    rf"(?:\ble\s+)?(?:\b(?:{'|'.join(WEEKDAYS)})\s+)?\b\d{{1,2}}\s*(?:er|e|eme)?\s+(?:{_MONTH_ALT})\b\.?(?!\s*\d)"
)


@dataclass(frozen=True)
class DateMatch:
    date: dt.date
    start: int
    end: int
    weekday: str | None = None
    """The day of the week written before the date when it is not the date's (« mardi 12 mars 2026 », a
    Thursday): the date is kept as written, and the coordinator asked to check it."""


def _make(year: int, month: int, day: int) -> dt.date | None:
    if year < 100:
        year += 2000
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_date(text: str) -> DateMatch | None:
    """The first valid date written in ``text``, with its span; ``None`` if there is none."""
    folded = fold_same_length(text)
    found: list[DateMatch] = []
    for match in _ISO.finditer(folded):
        day = _make(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if day:
            found.append(DateMatch(day, match.start(), match.end()))
    for match in _NUMERIC.finditer(folded):
        day = _make(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        if day and not any(m.start <= match.start() < m.end for m in found):
            found.append(DateMatch(day, match.start(), match.end()))
    for match in _TEXTUAL.finditer(folded):
        day = _make(int(match.group(4)), MONTHS[match.group(3)], int(match.group(2)))
        if day:
            written = match.group(1)
            wrong = written if written and WEEKDAYS.index(written) != day.weekday() else None
            found.append(DateMatch(day, match.start(), match.end(), wrong))
    return min(found, key=lambda m: m.start) if found else None


def find_day_without_year(text: str) -> tuple[int, int] | None:
    """The span of a day written without its year (« le 1er mars », « mardi 3 mars »), which is no date."""
    match = _WITHOUT_YEAR.search(fold_same_length(text))
    return match.span() if match else None


def weekday_notice(match: DateMatch, text: str) -> str | None:
    """What to tell the coordinator when the day of the week is not the date's (« mardi 12 mars 2026 »)."""
    if not match.weekday:
        return None
    actual = french_dates.long_date(match.date).split()[0]
    return (
        f"« {text[match.start:match.end].strip()} » : le {french_dates.date(match.date)} est un {actual}, "
        f"pas un {match.weekday} ; la date est gardée telle qu'écrite, vérifiez-la."
    )


def parse_date(text: str) -> dt.date | None:
    match = find_date(text)
    return match.date if match else None


_H = r"(\d{1,2}\s*h\s*(?:\d{2})?|\d{1,2}:\d{2})"
_RANGE = re.compile(rf"(?:\b(?:de|entre)\s+)?(?<![\d/]){_H}\s*(?:a|-|–|—|jusqu'a|et)\s*{_H}(?![\w])")
_SINGLE = re.compile(rf"(?:\b(?:a|des|a partir de)\s+)?(?<![\d/]){_H}(?![\w])")


def _hour(written: str) -> str | None:
    hours, minutes = re.match(r"(\d{1,2})\s*[h:]\s*(\d{2})?", written).groups()
    h, m = int(hours), int(minutes or 0)
    if h > 23 or m > 59:
        return None
    return f"{h}h{m:02d}" if m else f"{h}h"


@dataclass(frozen=True)
class TimeMatch:
    text: str
    start: int
    end: int


def parse_time_range(text: str) -> TimeMatch | None:
    """« de 10h à 12h » → ``10h-12h``; « à 14h30 » → ``14h30``; ``None`` without a time."""
    folded = fold_same_length(text)
    match = _RANGE.search(folded)
    if match:
        start, end = _hour(match.group(1)), _hour(match.group(2))
        if start and end:
            return TimeMatch(f"{start}-{end}", match.start(), match.end())
    match = _SINGLE.search(folded)
    if match:
        single = _hour(match.group(1))
        if single:
            return TimeMatch(single, match.start(), match.end())
    return None
