"""Dates written in French by babel (``fr_FR``), never with hand-written month names."""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache

from babel import Locale
from babel.dates import format_skeleton

from .model import FuzzyDate
from .problems import ContentError, Problem

LOCALE = Locale.parse("fr_FR")
"""Parsed once: given its name, babel makes a new locale and loads its data again at every date (half the time of a date)."""
TODAY_VARIABLE = "RELEVE_AUJOURDHUI"
"""Environment variable fixing « today » (AAAA-MM-JJ) for reproducible builds and tests."""


def today_from(setting: str | None = None) -> dt.date:
    """« Today » for the build: the setting, else ``RELEVE_AUJOURDHUI``, else the build date."""
    value = setting or os.environ.get(TODAY_VARIABLE)
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ContentError([Problem("mkdocs.yml", 1, f"date du jour « {value} » invalide : attendu AAAA-MM-JJ")]) from None


# babel's names, read once: format_date looks them up through the locale's data at every call
# (three quarters of its 30 µs), and the validation writes a few thousand new days (échéances).
_MONTHS = dict(LOCALE.months["format"]["wide"])
_WEEKDAYS = dict(LOCALE.days["format"]["wide"])


def _day(day: dt.date) -> str:
    # French writes the first day of a month as an ordinal: « 1er mars », « 2 mars ».
    return "1er" if day.day == 1 else str(day.day)


# A site writes the same few thousand days tens of thousands of times (lists, feeds, calendars):
# each is written once per build.
@lru_cache(maxsize=None)
def long_date(day: dt.date) -> str:
    """« vendredi 22 octobre 2021 », « mardi 1er mars 2022 » (babel's ``EEEE d MMMM y``)"""
    return f"{_WEEKDAYS[day.weekday()]} {date(day)}"


@lru_cache(maxsize=None)
def date(day: dt.date) -> str:
    """« 22 octobre 2021 », « 1er mars 2022 » (babel's ``d MMMM y``)"""
    return f"{_day(day)} {_MONTHS[day.month]} {day.year}"


@lru_cache(maxsize=None)
def month(day: dt.date) -> str:
    """« octobre 2021 »"""
    return format_skeleton("yMMMM", day, locale=LOCALE)


def fuzzy(value: FuzzyDate) -> str:
    """As precise as the source: « 2019 », « novembre 2018 », « 22 octobre 2021 »."""
    if value.day:
        return date(value.first_day)
    if value.month:
        return month(value.first_day)
    return str(value.year)


def at(value: FuzzyDate) -> str:
    """A fuzzy date after a statut: « au 12 mars 2021 », « en mars 2021 », « en 2021 »."""
    return f"{'au' if value.day else 'en'} {fuzzy(value)}"


def on(value: FuzzyDate) -> str:
    """A fuzzy date after what happened then: « le 12 mars 2021 », « en mars 2021 », « en 2021 »."""
    return f"{'le' if value.day else 'en'} {fuzzy(value)}"


_NUMBER_WORDS = (
    "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize "
    "dix-sept dix-huit dix-neuf vingt"
).split()


def _spelled(number: int) -> str:
    """Small numbers in words, as one says them (« quatre ans ») ; larger ones in figures."""
    return _NUMBER_WORDS[number] if number < len(_NUMBER_WORDS) else str(number)


def elapsed(since: dt.date, today: dt.date) -> str:
    """How long ago, as one would say it: « il y a 12 jours », « il y a plus de quatre ans »."""
    days = (today - since).days
    if days <= 0:
        return "aujourd'hui"
    if days == 1:
        return "hier"
    if days < 61:
        return f"il y a {days} jours"
    months = (today.year - since.year) * 12 + today.month - since.month - (today.day < since.day)
    if months < 12:
        return f"il y a plus de {_spelled(months)} mois"
    years = months // 12
    if months % 12 == 0:
        return "il y a un an" if years == 1 else f"il y a {_spelled(years)} ans"
    return "il y a plus d'un an" if years == 1 else f"il y a plus de {_spelled(years)} ans"
