"""Yearly bilans d'activité (``/bilan/AAAA/``) and their index, counted from the content.

People are counted (participations), never named: a bilan is about the CLSM's activity. Each
item is put in its year's bucket in one pass; a fiche is counted in every year it spans.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from .. import dates, svg, urls
from ..link import LinkedSite
from ..model import ActionSheet, Event, KeyFigures, Meeting
from ..text import first_upper
from ..words import plural
from . import GeneratedPage, Head, description, pdf_address, render_page
from .timeline import UNKNOWN_AXIS, UNKNOWN_STATUS, Entry, action_span, activity_years, by_date, frise_pages, history_entry, milestone_entries

NO_THEME = "Sans thématique"
MILESTONES_LISTED = 100
"""A bilan lists its year's jalons up to 100; beyond, it links to the year on the frise (already cut into pages)."""


@dataclass(frozen=True)
class Chart:
    """A bar chart and the same data as a table, its text alternative."""

    id: str
    title: str
    header: str
    unit: str
    rows: tuple[tuple[str, int], ...]

    @property
    def svg(self) -> str:
        listed = " ; ".join(f"{name} : {value}" for name, value in self.rows)
        return svg.bar_chart(self.id, self.title, f"{first_upper(self.unit)} par {self.header.lower()} : {listed}.", self.rows)


@dataclass(frozen=True)
class YearReport:
    """What happened in one year."""

    year: int
    past: bool
    """A year before today's: its fiches' statut (known as of today only) is not counted."""
    meetings: tuple[Meeting, ...]
    actions: tuple[ActionSheet, ...]
    """Fiches whose span (to their « fin » or last dated trace) covers part of the year."""
    milestones: tuple[Entry, ...]
    """The year's jalons, in date order."""
    milestones_done: int
    history: tuple[Entry, ...]
    key_figures: tuple[KeyFigures, ...]
    events: tuple[Event, ...]
    """The events of evenements.yaml held that year (those the site knows: a SISM's own figures are in its key figures)."""

    @property
    def participations(self) -> int:
        return sum(len(m.participants) for m in self.meetings)

    @property
    def structures(self) -> int:
        return len({s for m in self.meetings for p in m.participants for s in p.structures})

    @property
    def decisions(self) -> int:
        return sum(len(m.decisions) for m in self.meetings)


def _counted(counter: Counter, order: list[tuple[str, str]]) -> tuple[tuple[str, int], ...]:
    """The non-zero counts, in the referential's order, under their readable names."""
    return tuple((name, counter[key]) for key, name in order if counter[key])


def charts(linked: LinkedSite, report: YearReport) -> list[Chart]:
    referential = linked.site.referential
    year = report.year
    by_instance = Counter(m.instance for m in report.meetings)
    by_theme = Counter(t for m in report.meetings for t in (m.themes or (NO_THEME,)))
    by_status = Counter(a.status or UNKNOWN_STATUS for a in report.actions if not report.past)
    by_axis = Counter(a.axis or UNKNOWN_AXIS for a in report.actions)
    themes = [(t.id, t.name) for t in referential.themes] + [(NO_THEME, NO_THEME)]
    candidates = [
        Chart(f"bilan-{year}-instances", f"Réunions {year} par instance", "Instance", "réunions",
              _counted(by_instance, [(i.id, i.name) for i in referential.instances])),
        Chart(f"bilan-{year}-thematiques", f"Réunions {year} par thématique", "Thématique", "réunions", _counted(by_theme, themes)),
        # A statut is known as of today only: a past year's bilan does not lend it to the past.
        Chart(f"bilan-{year}-statuts", f"Fiches actions par statut au {dates.date(linked.today)}", "Statut", "fiches actions",
              _counted(by_status, [(s, s) for s in referential.statuses] + [(UNKNOWN_STATUS, UNKNOWN_STATUS)])),
        Chart(f"bilan-{year}-axes", f"Fiches actions {year} par axe", "Axe", "fiches actions",
              _counted(by_axis, [(a.number, f"Axe {a.number} – {a.name}") for a in referential.axes] + [(UNKNOWN_AXIS, UNKNOWN_AXIS)])),
    ]
    return [chart for chart in candidates if chart.rows]


def year_reports(linked: LinkedSite) -> list[YearReport]:
    site = linked.site
    years = activity_years(linked)
    if not years:
        return []
    first, last = years[0], years[-1]
    found: dict[int, dict[str, list]] = {year: defaultdict(list) for year in years}
    nowhere: dict[str, list] = defaultdict(list)  # items of later years (jalons to come) have no bilan yet

    def of(year: int) -> dict[str, list]:
        return found.get(year, nowhere)

    for meeting in site.meetings:
        of(meeting.date.year)["meetings"].append(meeting)
    for figures in site.key_figures:
        of(figures.date.year)["key_figures"].append(figures)
    for event in site.events:
        of(event.date.year)["events"].append(event)
    for item in site.history:
        entry = history_entry(linked, item)
        for year in range(item.date.year, (item.end or item.date).year + 1):
            of(year)["history"].append(entry)
    for action in site.actions:
        span = action_span(linked, action)
        start, end = span if span else (linked.today, linked.today - dt.timedelta(days=1))  # no date: in no year
        for year in range(max(start.year, first), min(end.year, last) + 1):
            of(year)["actions"].append(action)
        for milestone, entry in zip(action.milestones, milestone_entries(action, linked.today)):
            of(entry.date.year)["milestones"].append(entry)
            of(entry.date.year)["done"].append(milestone.done)
    return [
        YearReport(
            year,
            past=year < linked.today.year,
            meetings=tuple(items["meetings"]),
            actions=tuple(items["actions"]),
            milestones=tuple(by_date(items["milestones"])),
            milestones_done=sum(items["done"]),
            history=tuple(items["history"]),
            key_figures=tuple(items["key_figures"]),
            events=tuple(items["events"]),
        )
        for year, items in found.items()
    ]


def report_head(linked: LinkedSite, report: YearReport) -> Head:
    """What a year's bilan counts, as its page's description."""
    counted = [
        plural(len(items), singular, many)
        for items, singular, many in (
            (report.meetings, "compte rendu", "comptes rendus"),
            (report.actions, "fiche action suivie", "fiches actions suivies"),
            (report.milestones, "étape", "étapes"),
            (report.events, "événement", "événements"),
        )
        if items
    ]
    said = f" : {', '.join(counted)}." if counted else "."
    return Head(description=description(f"Bilan d'activité {report.year} du {linked.site.referential.clsm_short_name}{said}"))


def bilan_pages(linked: LinkedSite) -> list[GeneratedPage]:
    reports = year_reports(linked)
    # Where each year starts on the frise: a later page when a year is cut in parts.
    frise_of_year = {year: paged.uri for paged in frise_pages(linked) for year, _ in paged.items}
    pages = [render_page(urls.REPORTS, "bilan_index.md.j2", site=linked, reports=reports)]
    for index, report in enumerate(reports):
        pages.append(
            render_page(
                urls.report(report.year),
                "bilan.md.j2",
                head=report_head(linked, report),
                site=linked,
                r=report,
                charts=charts(linked, report),
                listed=MILESTONES_LISTED,
                frise=frise_of_year.get(report.year),
                previous=reports[index - 1].year if index else None,
                following=reports[index + 1].year if index + 1 < len(reports) else None,
                pdf=pdf_address(linked, urls.report(report.year)),
            )
        )
    return pages
