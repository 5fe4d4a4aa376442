"""The « Avancement » pages: an overview of the fiches actions (counts by axe and statut, a
Gantt-like chart of those still running), the key figures, and one frise that merges the CLSM's
history, every meeting and every jalon; one chart of every fiche per axe; the progress of a fiche.

No page grows without bound: the overview's chart is capped, the axes' charts and the frise are
cut into pages. Every item is visited once to build its entry; the frise's sort runs over runs
that are already in date order (meetings, each fiche's jalons, the history), which Python's sort
merges in about linear time.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, replace
from itertools import groupby

from babel.numbers import format_percent

from .. import dates, svg, urls
from ..link import LinkedSite
from ..model import ActionSheet, Axis, FuzzyDate, HistoryEntry, Meeting
from ..words import plural
from . import GeneratedPage, Paged, paginate, render

RUNNING_ON_OVERVIEW = 50
"""The overview charts the active fiches (still running), at most the 50 started last (a real CLSM runs a
few dozen at once); every fiche is charted on its axe's page."""

FICHES_PER_AXIS_PAGE = 100
"""An axe's chart holds 100 fiches a page (3,600 px high); more make further pages."""

FRISE_YEARS_PER_PAGE = 10
FRISE_LINES_PER_PAGE = 400
"""The frise shows the ten latest years with dates (a CLSM's first decade fits on one page);
each older ten years make one more page, cut sooner when they have more than 400 lines."""

RUNNING = ("en réflexion", "en projet", "en cours")
"""Statuts of a fiche that is still going on: its bar runs to today when it has no « fin »."""

STATUS_COLOURS = ("#6b7280", "#0072b2", "#d55e00", "#007a5a", "#8e44ad", "#8b5a2b")
"""Colour-blind-safe hues (Okabe–Ito, darkened to 3:1 against white), one per statut in the referential's
order (again from the first beyond six): the statut is also written."""


def status_colour(statuses: tuple[str, ...], status: str) -> str:
    return STATUS_COLOURS[statuses.index(status) % len(STATUS_COLOURS)]


CATEGORY_LABELS = {"étape": "Étape", "instance": "Instance", "contribution": "Contribution"}


@dataclass(frozen=True)
class Entry:
    """One line of a frise, with what the axe and thématique filters match on."""

    date: FuzzyDate
    kind: str
    css: str
    title: str
    uri: str | None
    context: str | None = None
    """What the entry belongs to: the fiche of a jalon, the instance of a meeting."""
    end: FuzzyDate | None = None
    date_text: str | None = None
    axes: tuple[int, ...] = ()
    themes: tuple[str, ...] = ()
    upcoming: bool = False

    @property
    def when(self) -> str:
        """The date as precise as its source, in French; « fin 2016 » where the source says so."""
        if self.date_text:
            return self.date_text
        if self.end:
            return f"{dates.fuzzy(self.date)} – {dates.fuzzy(self.end)}"
        return dates.fuzzy(self.date)


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def percent(self) -> str:
        """« 60 % », formatted by babel."""
        return format_percent(self.done / self.total if self.total else 0, locale=dates.LOCALE)


def progress(action: ActionSheet) -> Progress:
    return Progress(sum(1 for m in action.milestones if m.done), len(action.milestones))


def action_span(action: ActionSheet, today: dt.date) -> tuple[dt.date, dt.date]:
    """From ``debut`` to ``fin``; to today for a fiche still running, else to its last known date."""
    start = action.start.first_day
    if action.end:
        end = action.end.last_day
    elif action.status in RUNNING:
        end = today
    else:
        end = max((m.date.last_day for m in action.milestones), default=action.start.last_day)
    # A fiche that starts after today (or whose jalons are all older than its start) spans its start.
    return start, end if end >= start else action.start.last_day


def _meeting_entry(linked: LinkedSite, meeting: Meeting) -> Entry:
    actions = [linked.actions[a] for a in meeting.actions]
    return Entry(
        date=FuzzyDate.of(meeting.date),
        kind="Réunion",
        css="reunion",
        title=meeting.title,
        uri=urls.meeting(meeting.id),
        context=linked.instances[meeting.instance].name,
        axes=tuple(sorted({a.axis for a in actions})),
        themes=tuple(dict.fromkeys([*meeting.themes, *(t for a in actions for t in a.themes)])),
        upcoming=meeting.date > linked.today,
    )


def history_entry(linked: LinkedSite, item: HistoryEntry) -> Entry:
    action = linked.actions[item.action] if item.action else None
    if action:
        uri = urls.action(action.id)
    elif item.instance:
        uri = urls.instance(linked.instances[item.instance].slug)
    else:
        uri = None
    return Entry(
        date=item.date,
        kind=CATEGORY_LABELS[item.category],
        css=f"historique-{urls.slugify(item.category)}",
        title=item.title,
        uri=uri,
        context=action.title if action else None,
        end=item.end,
        date_text=item.date_text,
        axes=tuple(sorted({n for n in (item.axis, action.axis if action else None) if n})),
        themes=tuple(dict.fromkeys([*item.themes, *(action.themes if action else ())])),
        upcoming=item.date.first_day > linked.today,
    )


def milestone_entries(action: ActionSheet, today: dt.date) -> list[Entry]:
    return [
        Entry(
            date=m.date,
            kind="Jalon réalisé" if m.done else "Jalon à venir" if m.date.first_day > today else "Jalon à réaliser",
            css="jalon-fait" if m.done else "jalon-a-faire",
            title=m.title,
            uri=urls.action(action.id),
            context=action.title,
            axes=(action.axis,),
            themes=action.themes,
            upcoming=m.date.first_day > today,
        )
        for m in action.milestones
    ]


def by_date(entries: list[Entry]) -> list[Entry]:
    # A year-only date (« 2019 ») comes before the months of that year, as in the source.
    return sorted(entries, key=lambda e: e.date.sort_key)


def frise(linked: LinkedSite) -> list[tuple[int, list[Entry]]]:
    """Every dated item of the site, grouped by year, oldest first."""
    entries = [history_entry(linked, item) for item in linked.site.history]
    entries += [_meeting_entry(linked, meeting) for meeting in linked.site.meetings]
    entries += [entry for action in linked.site.actions for entry in milestone_entries(action, linked.today)]
    return [(year, list(items)) for year, items in groupby(by_date(entries), key=lambda e: e.date.year)]


def frise_pages(linked: LinkedSite) -> list[Paged]:
    """The frise, latest years first: ten years a page, or fewer when they pass ``FRISE_LINES_PER_PAGE``
    lines; a year longer than that is cut into parts, its latest lines on the earlier page."""
    pages: list[list[tuple[int, list[Entry]]]] = [[]]
    for year, items in reversed(frise(linked)):
        for end in range(len(items), 0, -FRISE_LINES_PER_PAGE):
            part = items[max(0, end - FRISE_LINES_PER_PAGE) : end]
            page = pages[-1]
            if page and (len(page) == FRISE_YEARS_PER_PAGE or sum(len(lines) for _, lines in page) + len(part) > FRISE_LINES_PER_PAGE):
                page = []
                pages.append(page)
            page.append((year, part))
    uris = tuple(urls.page(urls.TIMELINE, number) for number in range(1, len(pages) + 1))
    return [Paged(uri, items, uris) for uri, items in zip(uris, pages)]


def action_timeline(linked: LinkedSite, action: ActionSheet) -> list[Entry]:
    """The mini frise of one fiche: its jalons and the meetings that discussed it."""
    # On the fiche's own page, its title beside each jalon would only repeat the page title.
    entries = [replace(entry, context=None) for entry in milestone_entries(action, linked.today)]
    entries += [_meeting_entry(linked, meeting) for meeting in linked.meetings_of_action.get(action.id, ())]
    return by_date(entries)


# Gantt layout, in SVG user units (pixels at 100 %).
YEAR_WIDTH = 64
MARGIN = 8
AXIS_HEIGHT = 30
GROUP_HEIGHT = 26
ROW_HEIGHT = 36
LEGEND_HEIGHT = 24


def gantt(linked: LinkedSite, actions: list[ActionSheet], chart_id: str, title: str) -> str:
    """One bar per fiche from ``debut`` to ``fin`` (or today), coloured by statut, grouped by axe,
    with its jalons as marks: filled when done, hollow when not."""
    if not actions:
        return ""
    today = linked.today
    statuses = linked.site.referential.statuses
    spans = {a.id: action_span(a, today) for a in actions}
    marks = [m.date for a in actions for m in a.milestones]
    first = min([start.year for start, _ in spans.values()] + [m.year for m in marks])
    last = max([end.year for _, end in spans.values()] + [m.year for m in marks] + [today.year])
    origin = dt.date(first, 1, 1)

    def x(day: dt.date) -> float:
        return MARGIN + (day - origin).days * YEAR_WIDTH / 365.25

    groups = [(axis, [a for a in actions if a.axis == axis.number]) for axis in linked.site.referential.axes]
    groups = [(axis, items) for axis, items in groups if items]
    longest = max(svg.text_width(a.title) for a in actions)
    width = MARGIN * 2 + max((last - first + 1) * YEAR_WIDTH, longest)
    height = AXIS_HEIGHT + sum(GROUP_HEIGHT + len(items) * ROW_HEIGHT for _, items in groups) + LEGEND_HEIGHT
    chart_bottom = height - LEGEND_HEIGHT

    parts = []
    for year in range(first, last + 1):
        left = x(dt.date(year, 1, 1))
        parts.append(_line(left, AXIS_HEIGHT - 6, chart_bottom, "releve-grille"))
        parts.append(svg.label(left + YEAR_WIDTH / 2, 16, year, "releve-annee", "middle"))
    top = AXIS_HEIGHT
    for axis, items in groups:
        parts.append(svg.label(MARGIN, top + 18, f"Axe {axis.number} – {axis.name}", "releve-groupe"))
        top += GROUP_HEIGHT
        for action in items:
            parts.append(_gantt_row(action, spans[action.id], top, x, status_colour(statuses, action.status)))
            top += ROW_HEIGHT
    now = x(today)
    parts.append(_line(now, AXIS_HEIGHT - 6, chart_bottom, "releve-aujourdhui", dashed=True))
    parts.append(svg.label(now + 3, AXIS_HEIGHT - 2, "aujourd'hui", "releve-aujourdhui"))
    left = MARGIN
    for status in statuses:
        parts.append(svg.node("rect", {"x": float(left), "y": chart_bottom + 8, "width": 12, "height": 12, "fill": status_colour(statuses, status)}))
        parts.append(svg.label(left + 16, chart_bottom + 18, status))
        left += 24 + svg.text_width(status)
    width = max(width, left)
    description = (
        f"{plural(len(actions), 'fiche action', 'fiches actions')}, de {first} à {last}{', groupées par axe' if len(groups) > 1 else ''} ; "
        "chaque barre va du début à la fin de la fiche (ou à aujourd'hui si elle est en cours) et sa couleur "
        "indique le statut. Le tableau qui suit donne les mêmes informations."
    )
    return svg.document(chart_id, width, height, title, description, *parts)


def _line(left: float, top: float, bottom: float, css: str, dashed: bool = False) -> str:
    attributes = {"x1": float(left), "y1": float(top), "x2": float(left), "y2": float(bottom), "class": css, "stroke": "currentColor"}
    attributes.update({"stroke-dasharray": "4 3"} if dashed else {"stroke-opacity": "0.2"})
    return svg.node("line", attributes)


def _gantt_row(action: ActionSheet, span: tuple[dt.date, dt.date], top: float, x, colour: str) -> str:
    start, end = span
    left, right = x(start), x(end + dt.timedelta(days=1))
    until = dates.fuzzy(action.end) if action.end else "aujourd'hui" if action.status in RUNNING else dates.date(end)
    state = f"{action.status}, de {dates.fuzzy(action.start)} à {until}"
    marks = [
        svg.node(
            "circle",
            {
                "cx": x(m.date.first_day + (m.date.last_day - m.date.first_day) / 2),
                "cy": top + 26.0,
                "r": 4,
                "class": "releve-jalon-fait" if m.done else "releve-jalon-a-faire",
                "fill": "currentColor" if m.done else "Canvas",
                "stroke": "currentColor",
            },
            svg.node("title", None, svg.text(f"{dates.fuzzy(m.date)} : {m.title} ({'fait' if m.done else 'à faire'})")),
        )
        for m in action.milestones
    ]
    return svg.node(
        "g",
        {"class": "releve-fiche"},
        svg.node("title", None, svg.text(f"{action.title} — {state}")),
        svg.label(MARGIN, top + 13, action.title),
        svg.node(
            "rect",
            {"x": left, "y": top + 20.0, "width": max(right - left, 2.0), "height": 12, "rx": 2, "fill": colour},
        ),
        *marks,
    )


def activity_years(linked: LinkedSite) -> list[int]:
    """Years up to today's with a meeting, a history item, key figures or a jalon: one bilan each."""
    site = linked.site
    years = {m.date.year for m in site.meetings} | {k.date.year for k in site.key_figures}
    years |= {year for h in site.history for year in range(h.date.year, (h.end or h.date).year + 1)}
    years |= {m.date.year for a in site.actions for m in a.milestones}
    return sorted(year for year in years if year <= linked.today.year)


@dataclass(frozen=True)
class AxisSummary:
    """One line of the overview: how many fiches an axe has, by statut (an axe with none has no page)."""

    axis: Axis
    total: int
    statuses: tuple[tuple[str, int], ...]


def _by_start(actions) -> list[ActionSheet]:
    """Oldest start first, so that a chart reads as a staircase and a page of it covers one period."""
    return sorted(actions, key=lambda a: (a.start.sort_key, a.id))


def _rows(linked: LinkedSite, actions: list[ActionSheet]) -> list[tuple]:
    """The chart's text alternative: one table row per fiche, in the chart's order."""
    axes = {axis.number: axis for axis in linked.site.referential.axes}
    return [(a, axes[a.axis], action_span(a, linked.today), progress(a)) for a in actions]


def _axis_summaries(linked: LinkedSite) -> list[AxisSummary]:
    counts = Counter((a.axis, a.status) for a in linked.site.actions)
    summaries = []
    for axis in linked.site.referential.axes:
        statuses = tuple((status, counts[axis.number, status]) for status in linked.site.referential.statuses if counts[axis.number, status])
        summaries.append(AxisSummary(axis, sum(n for _, n in statuses), statuses))
    return summaries


def timeline_pages(linked: LinkedSite) -> list[GeneratedPage]:
    """The overview and the latest years of the frise; older years follow on further pages.

    The overview's chart holds at most ``RUNNING_ON_OVERVIEW`` fiches, so that the page does not
    grow with the number of fiches: every fiche is charted on its axe's own page.
    """
    site = linked.site
    running = _by_start(a for a in site.actions if a.status in RUNNING)
    # The chart groups its bars by axe: the table follows the same order (the sort is stable).
    shown = sorted(running[-RUNNING_ON_OVERVIEW:], key=lambda a: a.axis)
    context = dict(
        site=linked,
        summaries=_axis_summaries(linked),
        running=running,
        gantt=gantt(linked, shown, "gantt-actions", "Fiches actions actives"),
        rows=_rows(linked, shown),
        key_figures=site.key_figures,
        report_years=activity_years(linked),
        axes=site.referential.axes,
        themes=site.referential.themes,
    )
    pages = [
        GeneratedPage(paged.uri, render("timeline.md.j2", years=list(reversed(paged.items)), paged=paged, **context))
        for paged in frise_pages(linked)
    ]
    return pages + _axis_pages(linked)


def _axis_pages(linked: LinkedSite) -> list[GeneratedPage]:
    """One chart and table of every fiche per axe (``/avancement/axe-N/``), in pages of ``FICHES_PER_AXIS_PAGE``."""
    by_axis: dict[int, list[ActionSheet]] = {}
    for action in _by_start(linked.site.actions):
        by_axis.setdefault(action.axis, []).append(action)
    pages = []
    for axis in linked.site.referential.axes:
        actions = by_axis.get(axis.number)
        if not actions:
            continue
        for paged in paginate(urls.timeline_axis(axis.number), actions, FICHES_PER_AXIS_PAGE):
            chart = gantt(linked, paged.items, f"gantt-axe-{axis.number}", f"Fiches actions de l'axe {axis.number}")
            markdown = render(
                "timeline_axis.md.j2", site=linked, axis=axis, total=len(actions), paged=paged,
                gantt=chart, rows=_rows(linked, paged.items),
            )
            pages.append(GeneratedPage(paged.uri, markdown))
    return pages
