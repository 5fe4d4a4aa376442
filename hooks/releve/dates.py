"""Dates written in French by babel (``fr_FR``), never with hand-written month names."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_skeleton

from .model import FuzzyDate

LOCALE = "fr_FR"


def _day(day: dt.date) -> str:
    # French writes the first day of a month as an ordinal: « 1er mars », « 2 mars ».
    return "d'er'" if day.day == 1 else "d"


def long_date(day: dt.date) -> str:
    """« vendredi 22 octobre 2021 », « mardi 1er mars 2022 »"""
    return format_date(day, format=f"EEEE {_day(day)} MMMM y", locale=LOCALE)


def date(day: dt.date) -> str:
    """« 22 octobre 2021 », « 1er mars 2022 »"""
    return format_date(day, format=f"{_day(day)} MMMM y", locale=LOCALE)


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
