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
from . import GeneratedPage, Paged, paginate, render_page

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
"""Statuts of a fiche that is still going on: the overview charts these ones."""

STATUS_COLOURS = ("#6b7280", "#0072b2", "#d55e00", "#007a5a", "#8e44ad", "#8b5a2b")
"""Colour-blind-safe hues (Okabe–Ito, darkened to 3:1 against white), one per statut in the referential's
order (again from the first beyond six): the statut is also written."""


def status_colour(statuses: tuple[str, ...], status: str) -> str:
    return STATUS_COLOURS[statuses.index(status) % len(STATUS_COLOURS)]


CATEGORY_LABELS = {"étape": "Étape du CLSM", "instance": "Instance", "contribution": "Contribution"}
"""How the frise names each category of historique.yaml: « Étape du CLSM » apart from a fiche's « Étape réalisée »."""


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


def last_evidence(linked: LinkedSite, action: ActionSheet) -> FuzzyDate:
    """The latest dated trace of a fiche up to today: its start, a jalon or a meeting that discussed it."""
    today = linked.today
    # A jalon not marked done is a plan, not a trace.
    traces = [action.start, *(m.date for m in action.milestones if m.done and m.date.first_day <= today)]
    traces += [FuzzyDate.of(m.date) for m in linked.meetings_of_action.get(action.id, ()) if m.date <= today]
    return max(traces, key=lambda d: d.sort_key)


def action_span(linked: LinkedSite, action: ActionSheet) -> tuple[dt.date, dt.date]:
    """From ``debut`` to ``fin``; without « fin », to its last dated trace: a bar never claims
    that a fiche went on beyond what the sources say."""
    start = action.start.first_day
    end = action.end.last_day if action.end else last_evidence(linked, action).last_day
    return start, max(end, action.start.last_day)


def state(linked: LinkedSite, action: ActionSheet) -> str:
    """The statut and the period the sources vouch for: « depuis 2017, en cours au 12 mars 2021 »."""
    if action.end:
        return f"de {dates.fuzzy(action.start)} à {dates.fuzzy(action.end)}, {action.status}"
    trace = last_evidence(linked, action)
    if trace == action.start:
        return f"{action.status} {dates.at(trace)}"
    return f"depuis {dates.fuzzy(action.start)}, {action.status} {dates.at(trace)}"


def _meeting_entry(linked: LinkedSite, meeting: Meeting) -> Entry:
    actions = [linked.actions[a] for a in meeting.actions]
    return Entry(
        date=FuzzyDate.of(meeting.date),
        kind="Réunion",
        css="reunion",
        title=meeting.title,
        uri=urls.meeting(meeting.id),
        context=linked.instances[meeting.instance].singular,
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
            kind="Étape réalisée" if m.done else "Étape à venir" if m.date.first_day > today else "Étape à réaliser",
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


# The Gantt is HTML (titles that wrap on a phone) with thin SVG strips whose coordinates are
# percentages of the chart's width: it fits any screen without a scroll box, the text keeps its size.
YEAR_LABEL_ROOM = 40
"""Pixels a year label needs (« 2021 » and a gap): the scale labels every year that leaves that much."""
NARROW_CHART = 280
WIDE_CHART = 560
"""Width of the chart on a phone (320 px and up) and from a tablet on (600 px and up), in pixels."""
BAR_HEIGHT = 16


@dataclass(frozen=True)
class GanttRow:
    action: ActionSheet
    state: str
    """The statut and period in words, shown beside the title: the colour is never the only clue."""
    bar: str
    """The row's SVG strip: its bar and its jalons."""


@dataclass(frozen=True)
class Gantt:
    id: str
    title: str
    scale: str
    """SVG: the years and « aujourd'hui »."""
    grid: str
    """SVG behind the rows: a line at each year and today's."""
    groups: tuple[tuple[Axis | None, tuple[GanttRow, ...]], ...]
    legend: tuple[tuple[str, str], ...]
    """(SVG swatch, words): the statuts charted, in the referential's order, then the jalons' marks."""
    first: int
    last: int


def _percent(value: float) -> str:
    return f"{svg.number(value)}%"


def _labelled_every(years: int, room: float) -> int:
    """One year label every so many years, so that labels never overlap in ``room`` pixels."""
    return max(1, -(-years * YEAR_LABEL_ROOM // int(room)))


def gantt(linked: LinkedSite, actions: list[ActionSheet], chart_id: str, title: str, by_axis: bool = True) -> Gantt | None:
    """One bar per fiche from ``debut`` to ``fin`` (or its last dated trace), coloured by statut,
    grouped by axe, with its jalons as marks: filled when done, hollow when not."""
    if not actions:
        return None
    today = linked.today
    statuses = linked.site.referential.statuses
    spans = {a.id: action_span(linked, a) for a in actions}
    marks = [m.date for a in actions for m in a.milestones]
    first = min([start.year for start, _ in spans.values()] + [m.year for m in marks])
    last = max([end.year for _, end in spans.values()] + [m.year for m in marks] + [today.year])
    origin, days = dt.date(first, 1, 1), (dt.date(last + 1, 1, 1) - dt.date(first, 1, 1)).days

    def x(day: dt.date) -> float:
        return (day - origin).days * 100 / days

    years = last - first + 1
    wide, narrow = _labelled_every(years, WIDE_CHART), _labelled_every(years, NARROW_CHART)
    narrow = wide * -(-narrow // wide)  # the phone's labels are some of the wide screen's
    lines, labels = [], []
    for index in range(years):
        left = _percent(x(dt.date(first + index, 1, 1)))
        if index:
            lines.append(svg.node("line", {"x1": left, "y1": 0, "x2": left, "y2": "100%", "class": "releve-grille", "stroke": "currentColor", "stroke-opacity": "0.2"}))
        # A label starts at its year and needs the room of the years it stands for: the last ones stay unlabelled.
        if index % wide == 0 and years - index >= wide:
            css = "releve-annee" if index % narrow == 0 and years - index >= narrow else "releve-annee releve-large"
            labels.append(svg.node("text", {"x": left, "y": 13, "dx": 3, "class": css}, svg.text(first + index)))
    now = x(today)
    lines.append(svg.node("line", {"x1": _percent(now), "y1": 0, "x2": _percent(now), "y2": "100%", "class": "releve-aujourdhui", "stroke": "currentColor", "stroke-dasharray": "4 3"}))
    # « aujourd'hui » reads towards the middle of the chart, so it is never cut at an edge.
    anchor = {"text-anchor": "end", "dx": -4} if now > 50 else {"dx": 4}
    labels.append(svg.node("text", {"x": _percent(now), "y": 30, "class": "releve-aujourdhui", **anchor}, svg.text("aujourd'hui")))
    strip = {"class": "releve-gantt__echelle", "aria-hidden": "true", "width": "100%"}
    groups = []
    for axis in linked.site.referential.axes:
        rows = tuple(_gantt_row(linked, a, spans[a.id], x, status_colour(statuses, a.status)) for a in actions if a.axis == axis.number)
        if rows:
            groups.append((axis if by_axis else None, rows))
    charted = {a.status for a in actions}
    legend = [(_swatch(svg.node("rect", {"x": 0, "y": 0, "width": 14, "height": 12, "rx": 2, "fill": status_colour(statuses, s)})), s) for s in statuses if s in charted]
    legend += [(_swatch(_mark(7, 6, done)), f"étape {'réalisée' if done else 'à réaliser'}") for done in (True, False)]
    return Gantt(
        id=chart_id,
        title=title,
        scale=svg.node("svg", {**strip, "height": 36}, *labels),
        grid=svg.node("svg", {**strip, "class": "releve-gantt__fond", "height": "100%"}, *lines),
        groups=tuple(groups),
        legend=tuple(legend),
        first=first,
        last=last,
    )


def _mark(cx: float | str, cy: float, done: bool) -> str:
    """A jalon: filled when done, hollow when not."""
    return svg.node(
        "circle",
        {"cx": cx, "cy": cy, "r": 4, "class": f"releve-jalon-{'fait' if done else 'a-faire'}", "fill": "currentColor" if done else "Canvas", "stroke": "currentColor"},
    )


def _swatch(shape: str) -> str:
    return svg.node("svg", {"aria-hidden": "true", "width": 14, "height": 12}, shape)


def _gantt_row(linked: LinkedSite, action: ActionSheet, span: tuple[dt.date, dt.date], x, colour: str) -> GanttRow:
    start, end = span
    left, right = x(start), x(end + dt.timedelta(days=1))
    marks = [_mark(_percent(x(m.date.first_day + (m.date.last_day - m.date.first_day) / 2)), BAR_HEIGHT / 2, m.done) for m in action.milestones]
    bar = svg.node(
        "svg",
        {"class": "releve-gantt__barre", "aria-hidden": "true", "width": "100%", "height": BAR_HEIGHT},
        svg.node("rect", {"x": _percent(left), "y": 2, "width": _percent(max(right - left, 1.0)), "height": 12, "rx": 2, "fill": colour}),
        *marks,
    )
    return GanttRow(action, state(linked, action), bar)


def activity_years(linked: LinkedSite) -> list[int]:
    """Years up to today's with a meeting, an event, a history item, key figures or a jalon: one bilan each."""
    site = linked.site
    years = {m.date.year for m in site.meetings} | {k.date.year for k in site.key_figures} | {e.date.year for e in site.events}
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
    return [(a, axes[a.axis], state(linked, a), progress(a)) for a in actions]


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
        render_page(paged.uri, "timeline.md.j2", years=list(reversed(paged.items)), paged=paged, **context)
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
            chart = gantt(linked, paged.items, f"gantt-axe-{axis.number}", f"Fiches actions de l'axe {axis.number}", by_axis=False)
            pages.append(
                render_page(
                    paged.uri, "timeline_axis.md.j2", site=linked, axis=axis, total=len(actions), paged=paged,
                    gantt=chart, rows=_rows(linked, paged.items),
                )
            )
    return pages
