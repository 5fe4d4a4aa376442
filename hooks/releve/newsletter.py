"""The lettre d'information: one per period (a month by default, ``lettre.periodicite`` of
referentiel.yaml), assembled from what the content already says, with the coordinator's édito
(``lettres/AAAA-MM.md``) when there is one.

A period where nothing happened has no letter: an édito, a meeting held, an event, a commitment
closed, a jalon reached, a fiche started or ended, a structure added make one. Drafts are set
aside before this stage (``validate``), so none can make or fill a letter.

The same ``Letter`` is the page of the site (``views/letters.py``), the e-mail (``email.py``), the
PDF (``pdf.py``) and an entry of the letters' feed (``outputs/feed.py``).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from operator import attrgetter

from . import dates
from .model import ActionSheet, AgendaItem, Site, Closure, Commitment, Event, LetterNote, Meeting, Milestone, Structure
from .text import first_upper, fold
from .words import plural

IN_BRIEF = "en bref"
"""The heading of the summary a compte rendu may open with (« ## En bref »), quoted by the letter."""


@dataclass(frozen=True)
class Letter:
    id: str
    """``AAAA-MM``: the first month of its period, the name of its édito and of its page."""
    start: dt.date
    end: dt.date
    """The last day of the period."""
    note: LetterNote | None
    meetings: tuple[Meeting, ...]
    events: tuple[Event, ...]
    closed: tuple[tuple[Meeting, Closure, Commitment | None], ...]
    """Each ``!!! fait`` written in a meeting of the period, with the commitment it closes."""
    due: tuple[tuple[Meeting, Commitment], ...]
    """Commitments still open whose échéance falls in the period."""
    milestones: tuple[tuple[ActionSheet, Milestone], ...]
    """Jalons done in the period (dated at least to the month)."""
    started: tuple[ActionSheet, ...]
    ended: tuple[ActionSheet, ...]
    structures: tuple[Structure, ...]
    coming: tuple[AgendaItem, ...]
    """Meetings, events and jalons dated in the two periods that follow."""

    @property
    def period(self) -> str:
        """« mars 2022 », « janvier – mars 2022 »."""
        if self.start.month == self.end.month:
            return dates.month(self.start)
        return f"{dates.month(self.start).split(' ')[0]} – {dates.month(self.end)}"

    @property
    def title(self) -> str:
        return self.note.title if self.note and self.note.title else f"Lettre d'information – {self.period}"

    @property
    def decisions(self) -> int:
        return sum(len(m.decisions) for m in self.meetings)

    @property
    def summary(self) -> str:
        """One sentence for the archive and the feed: what the letter holds, in numbers of items."""
        parts = []
        if self.meetings:
            parts.append(plural(len(self.meetings), "réunion"))
        if self.decisions:
            parts.append(plural(self.decisions, "décision"))
        if self.events:
            parts.append(plural(len(self.events), "événement"))
        if self.closed:
            parts.append(plural(len(self.closed), "engagement réalisé", "engagements réalisés"))
        if self.milestones:
            parts.append(plural(len(self.milestones), "étape franchie", "étapes franchies"))
        if self.structures:
            parts.append(plural(len(self.structures), "structure ajoutée", "structures ajoutées"))
        text = ", ".join(parts)
        if self.note:
            text = "L'édito" + (f" ; {text}" if text else "")
        return first_upper(text) + "." if text else ""


def _period_start(day: dt.date, months: int) -> dt.date:
    return dt.date(day.year, (day.month - 1) // months * months + 1, 1)


def _period_end(start: dt.date, months: int) -> dt.date:
    month = start.month - 1 + months
    return dt.date(start.year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def letter_id(day: dt.date, months: int) -> str:
    """The id (``AAAA-MM``) of the letter whose period holds ``day``."""
    return f"{_period_start(day, months):%Y-%m}"


def period_of(letter_id: str, months: int) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the letter ``AAAA-MM``; None if that month does not start a period."""
    try:
        start = dt.date(int(letter_id[:4]), int(letter_id[5:7]), 1)
    except ValueError:
        return None
    if len(letter_id) != 7 or letter_id[4] != "-" or _period_start(start, months) != start:
        return None
    return start, _period_end(start, months)


def in_brief(meeting: Meeting) -> str | None:
    """The Markdown of the meeting's « ## En bref » section, if it has one."""
    for part in meeting.body:
        if isinstance(part, str) and part.startswith("## "):
            heading, _, text = part.partition("\n")
            if fold(heading[3:].strip().rstrip("#").strip()) == IN_BRIEF:
                return text.strip() or None
    return None


def letters(
    site: Site,
    open_due: list[tuple[Meeting, Commitment]],
    closes: Mapping[tuple[str, str], Commitment],
    agenda: tuple[AgendaItem, ...],
) -> tuple[Letter, ...]:
    """Every letter of the site up to today's period, oldest first (made once, by the link stage):
    ``open_due``, the open commitments that have an échéance; ``closes``, the commitment each
    ``!!! fait`` closed, by (its meeting, the anchor it names), as the link stage paired them;
    ``agenda``, every agenda item. Each item is put in its period's bucket in one pass over the content."""
    today = site.today
    months = site.referential.letter_months

    def key(day: dt.date) -> dt.date:
        return _period_start(day, months)

    buckets: dict[dt.date, dict[str, list]] = {}

    def bucket(day: dt.date) -> dict[str, list]:
        return buckets.setdefault(key(day), {name: [] for name in ("meetings", "events", "closed", "due", "milestones", "started", "ended", "structures")})

    for meeting in site.meetings:
        bucket(meeting.date)["meetings"].append(meeting)
        for closure in meeting.closures:
            bucket(meeting.date)["closed"].append((meeting, closure, closes.get((meeting.id, closure.commitment))))
    # Listed as the agenda lists them: a day's morning session before its afternoon one.
    for event in sorted(site.events, key=attrgetter("sort_key")):
        bucket(event.date)["events"].append(event)
    for action in site.actions:
        for milestone in action.milestones:
            if milestone.done and milestone.date.month:
                bucket(milestone.date.first_day)["milestones"].append((action, milestone))
        if action.start and action.start.month:
            bucket(action.start.first_day)["started"].append(action)
        if action.end and action.end.month and action.end.last_day <= today:
            bucket(action.end.first_day)["ended"].append(action)
    for structure in site.structures:
        if structure.added_on:
            bucket(structure.added_on)["structures"].append(structure)
    notes = {}
    for note in site.letter_notes:
        period = period_of(note.id, months)
        if period:
            notes[period[0]] = note
            bucket(period[0])
    for meeting, commitment in open_due:
        # Into the letters that exist: an échéance alone makes none.
        if (found := buckets.get(key(commitment.due))) is not None:
            found["due"].append((meeting, commitment))
    # In date order already (``Agenda.items``, by ``sort_key``, whose first day never goes back).
    items = [item for item in agenda if item.date]
    starts = [item.date.first_day for item in items]

    result = []
    for start in sorted(buckets):
        if start > today:
            continue
        end = _period_end(start, months)
        # Two periods ahead: a monthly letter sent at the end of March announces April and May.
        following = _period_end(_period_end(end + dt.timedelta(days=1), months) + dt.timedelta(days=1), months)
        found = buckets[start]
        result.append(
            Letter(
                id=letter_id(start, months),
                start=start,
                end=end,
                note=notes.get(start),
                meetings=tuple(found["meetings"]),
                events=tuple(found["events"]),
                closed=tuple(found["closed"]),
                due=tuple(found["due"]),
                milestones=tuple(found["milestones"]),
                started=tuple(found["started"]),
                ended=tuple(found["ended"]),
                structures=tuple(sorted(found["structures"], key=lambda s: (s.added_on, s.name))),
                coming=tuple(items[bisect.bisect_right(starts, end) : bisect.bisect_right(starts, following)]),
            )
        )
    return tuple(result)
