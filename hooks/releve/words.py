"""French words that agree with a number, for the pages (Jinja filters) and the console alike."""

from __future__ import annotations


def _plural_of(singular: str) -> str:
    """« compte rendu » → « comptes rendus »: each word takes an s, unless it ends in s, x or z."""
    return " ".join(word if word[-1:] in "sxz" else word + "s" for word in singular.split(" "))


def agree(count: int, singular: str, plural: str | None = None) -> str:
    """The word that agrees with ``count``: French keeps the singular for 0 and 1."""
    return singular if count < 2 else plural or _plural_of(singular)


def plural(count: int, singular: str, plural: str | None = None) -> str:
    """« 1 réunion », « 3 réunions », « 2 fiches actions »."""
    return f"{count} {agree(count, singular, plural)}"


def enumeration(items, last: str) -> str:
    """« en réflexion, en projet ou en cours »: a French list, its last two joined by ``last``."""
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {last} {items[-1]}" if items else ""


def number(count: int) -> str:
    """« 30 000 », as French writes a number in a message: its thousands apart from 10 000 on
    (« 1000 » stays whole), by a narrow no-break space that never leaves « 000 » alone on a line."""
    return f"{count:,}".replace(",", "\u202f") if count >= 10_000 else str(count)


def percent(share: float) -> str:
    """« 60 % », by babel for French."""
    from babel.numbers import format_percent

    from .dates import LOCALE

    return format_percent(share, locale=LOCALE)
