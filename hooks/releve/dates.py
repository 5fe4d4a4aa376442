"""Dates written in French by babel (``fr_FR``), never with hand-written month names."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_skeleton

from .model import FuzzyDate

LOCALE = "fr_FR"


def long_date(day: dt.date) -> str:
    """« vendredi 22 octobre 2021 »"""
    return format_date(day, format="full", locale=LOCALE)


def date(day: dt.date) -> str:
    """« 22 octobre 2021 »"""
    return format_date(day, format="long", locale=LOCALE)


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
