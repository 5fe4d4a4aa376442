"""The « Avancement » pages: an overview of the fiches actions (counts by axe and statut, a
Gantt-like chart of those still running) and the key figures; on pages of its own, the frise that
merges the CLSM's history, every meeting and every jalon; one chart of every fiche per axe.

No page grows without bound: the overview's chart is capped, the axes' charts and the frise are
cut into pages. Every item is visited once to build its entry; the frise's sort runs over runs
that are already in date order (meetings, each fiche's jalons, the history), which Python's sort
merges in about linear time.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .. import dates, svg, urls, words
from ..link import LinkedSite, by_year
from ..model import ActionSheet, FuzzyDate, HistoryEntry, Meeting, Milestone
from . import GeneratedPage, Paged, pages_of, paginate, render_page

RUNNING_ON_OVERVIEW = 50
"""The overview charts the active fiches (still running), at most the 50 started last (a real CLSM runs a
few dozen at once); every fiche is charted on its axe's page."""

FICHES_PER_AXIS_PAGE = 100
"""An axe's chart holds 100 fiches a page (3,600 px high); more make further pages."""

FRISE_YEARS_PER_PAGE = 10
FRISE_LINES_PER_PAGE = 400
"""The frise shows the ten latest years with dates (a CLSM's first decade fits on one page);
each older ten years make one more page, cut sooner when they have more than 400 lines."""

STATUS_COLOURS = ("#6b7280", "#0072b2", "#d55e00", "#007a5a", "#8e44ad", "#8b5a2b")
"""Colour-blind-safe hues (Okabe–Ito, darkened to 3:1 against white), one per statut in the referential's
order (again from the first beyond six): the statut is also written."""
UNKNOWN_COLOUR = "#9ca3af"
"""A fiche whose statut no source gives: a lighter grey, and « statut non renseigné » written."""
UNKNOWN_STATUS = "statut non renseigné"
UNKNOWN_AXIS = "Axe non renseigné"


def status_colour(statuses: tuple[str, ...], status: str | None) -> str:
    return STATUS_COLOURS[statuses.index(status) % len(STATUS_COLOURS)] if status else UNKNOWN_COLOUR


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


def action_span(linked: LinkedSite, action: ActionSheet) -> tuple[dt.date, dt.date] | None:
    """From ``debut`` (or its first dated trace) to ``fin`` (or its last dated trace): a bar never
    claims that a fiche went on beyond what the sources say. None: nothing about it is dated."""
    first, last = linked.first_trace.get(action.id), linked.last_trace.get(action.id)
    if first is None:
        return None
    end = action.end.last_day if action.end else (last or first).last_day
    return first.first_day, max(end, first.last_day)


def state(linked: LinkedSite, action: ActionSheet) -> str:
    """The statut and the period the sources vouch for: « depuis 2017, en cours au 12 mars 2021 »;
    without a « debut », « première trace en 2021 »: never a start no source gives. A statut no
    source gives is said so, with the date of the fiche's last trace."""
    status = action.status or UNKNOWN_STATUS
    start, trace = linked.first_trace.get(action.id), linked.last_trace.get(action.id)
    if action.end and start:
        return f"de {dates.fuzzy(start)} à {dates.fuzzy(action.end)}, {status}"
    if trace is None:
        return f"{status}, aucune date connue"
    # A statut holds « au » a day; a trace was left « le » that day.
    now = f"{status} {dates.at(trace)}" if action.status else f"{status}, dernière trace {dates.on(trace)}"
    if trace == start:
        return now
    if action.start:
        return f"depuis {dates.fuzzy(start)}, {now}"
    return f"{now}, première trace {dates.on(start)}"


def _meeting_entry(linked: LinkedSite, meeting: Meeting) -> Entry:
    actions = [linked.actions[a] for a in meeting.actions]
    return Entry(
        date=FuzzyDate.of(meeting.date),
        kind="Réunion",
        css="reunion",
        title=meeting.title,
        uri=urls.meeting(meeting.id),
        context=linked.instances[meeting.instance].singular,
        axes=tuple(sorted({a.axis for a in actions if a.axis})),
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


def _milestone_kind(milestone: Milestone, today: dt.date) -> str:
    if milestone.done:
        return "Étape réalisée"
    if milestone.date.first_day > today:
        return "Étape à venir"
    return "Étape sans suite connue" if milestone.lapsed(today) else "Étape à réaliser"


def milestone_entries(action: ActionSheet, today: dt.date) -> list[Entry]:
    return [
        Entry(
            date=m.date,
            kind=_milestone_kind(m, today),
            css="jalon-fait" if m.done else "jalon-a-faire",
            title=m.title,
            uri=urls.action(action.id),
            context=action.title,
            axes=(action.axis,) if action.axis else (),
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
    return by_year(by_date(entries), lambda e: e.date)


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
    return pages_of(urls.FRISE, pages)


def action_timeline(linked: LinkedSite, action: ActionSheet, meetings: Sequence[Meeting]) -> list[Entry]:
    """The mini frise of one fiche: its jalons and ``meetings``, those that discussed it its page shows."""
    # On the fiche's own page, its title beside each jalon would only repeat the page title.
    entries = [replace(entry, context=None) for entry in milestone_entries(action, linked.today)]
    entries += [_meeting_entry(linked, meeting) for meeting in meetings]
    return by_date(entries)


# The Gantt is HTML (titles that wrap on a phone) with thin SVG strips whose coordinates are
# percentages of the chart's width: it fits any screen without a scroll box, the text keeps its size.
YEAR_LABEL_ROOM = 40
"""Pixels a year label needs (« 2021 » and a gap): the scale labels every year that leaves that much."""
NARROW_CHART = 280
WIDE_CHART = 560
"""Width of the chart on a phone (320 px and up) and from a tablet on (600 px and up), in pixels."""
BAR_HEIGHT = 16
YEAR_LABEL_BASELINE = 13
TODAY_LINE_TOP = 17
"""Where the scale's year labels (12 px digits) stand and where today's line starts, under them."""


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
    groups: tuple[tuple[str | None, tuple[GanttRow, ...]], ...]
    """The rows under their axe's heading (None: no heading, on an axe's own page)."""
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
    spans = {a.id: span for a in actions if (span := action_span(linked, a))}
    actions = [a for a in actions if a.id in spans]  # a fiche with no date has no bar (its row says so)
    if not actions:
        return None
    today = linked.today
    statuses = linked.site.referential.statuses
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
            labels.append(svg.node("text", {"x": left, "y": YEAR_LABEL_BASELINE, "dx": 3, "class": css}, svg.text(first + index)))
    now = x(today)
    # Today's line starts under the year labels: from the top, it struck out the year it falls in
    # (« 2022 » in April, a reader saw « 20¦22 »).
    lines.append(svg.node("line", {"x1": _percent(now), "y1": TODAY_LINE_TOP, "x2": _percent(now), "y2": "100%", "class": "releve-aujourdhui", "stroke": "currentColor", "stroke-dasharray": "4 3"}))
    # « aujourd'hui » reads towards the middle of the chart, so it is never cut at an edge.
    anchor = {"text-anchor": "end", "dx": -4} if now > 50 else {"dx": 4}
    labels.append(svg.node("text", {"x": _percent(now), "y": 30, "class": "releve-aujourdhui", **anchor}, svg.text("aujourd'hui")))
    strip = {"class": "releve-gantt__echelle", "aria-hidden": "true", "width": "100%"}
    groups = []
    headings = [(axis.number, f"Axe {axis.number} – {axis.name}") for axis in linked.site.referential.axes] + [(None, UNKNOWN_AXIS)]
    by_axis = by_axis and any(a.axis is not None for a in actions)  # no heading « Axe non renseigné » over every bar
    for number, heading in headings:
        rows = tuple(_gantt_row(linked, a, spans[a.id], x, status_colour(statuses, a.status)) for a in actions if a.axis == number)
        if rows:
            groups.append((heading if by_axis else None, rows))
    charted = {a.status for a in actions}
    legend = [(_swatch(svg.node("rect", {"x": 0, "y": 0, "width": 14, "height": 12, "rx": 2, "fill": status_colour(statuses, s)})), s or UNKNOWN_STATUS) for s in (*statuses, None) if s in charted]
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

    heading: str
    uri: str | None
    """The axe's chart page; None when it has no fiche."""
    total: int
    statuses: tuple[tuple[str, int], ...]


def _by_start(linked: LinkedSite, actions) -> list[ActionSheet]:
    """Oldest start first, so that a chart reads as a staircase and a page of it covers one period;
    the fiches with no date at all last."""
    def start(action: ActionSheet) -> tuple:
        first = linked.first_trace.get(action.id)
        return (first is None, first.sort_key if first else (), action.id)

    return sorted(actions, key=start)


def _rows(linked: LinkedSite, actions: list[ActionSheet]) -> list[tuple]:
    """The chart's text alternative: one table row per fiche, in the chart's order."""
    axes = {axis.number: axis for axis in linked.site.referential.axes}
    return [(a, axes.get(a.axis), state(linked, a), a.jalons_done) for a in actions]


def _axis_summaries(linked: LinkedSite) -> list[AxisSummary]:
    counts = Counter((a.axis, a.status) for a in linked.site.actions)
    statuses = (*linked.site.referential.statuses, None)
    headings = [(axis.number, f"Axe {axis.number} – {axis.name}") for axis in linked.site.referential.axes] + [(None, UNKNOWN_AXIS)]
    summaries = []
    for number, heading in headings:
        # Counted, « 6 sans statut renseigné »: « 6 statut non renseigné » read as a slip.
        found = tuple((status or "sans statut renseigné", counts[number, status]) for status in statuses if counts[number, status])
        total = sum(n for _, n in found)
        summaries.append(AxisSummary(heading, urls.timeline_axis(number) if total else None, total, found))
    return summaries


def _axis_order(linked: LinkedSite):
    """The referential's order of the axes, the fiches without one last."""
    order = {axis.number: index for index, axis in enumerate(linked.site.referential.axes)}
    return lambda action: order.get(action.axis, len(order))


def timeline_pages(linked: LinkedSite) -> list[GeneratedPage]:
    """The overview, the frise (latest years first, older ones on further pages) and each axe's chart.

    The overview's chart holds at most ``RUNNING_ON_OVERVIEW`` fiches, so that the page does not
    grow with the number of fiches: every fiche is charted on its axe's own page.
    """
    site = linked.site
    summaries = _axis_summaries(linked)
    running = _by_start(linked, linked.active)
    # The chart groups its bars by axe: the table follows the same order (the sort is stable).
    shown = sorted(running[-RUNNING_ON_OVERVIEW:], key=_axis_order(linked))
    overview = render_page(
        urls.TIMELINE,
        "timeline.md.j2",
        site=linked,
        # The axes with fiches, in a table; the others named in a sentence (no row of zeros).
        summaries=[s for s in summaries if s.total],
        empty_axes=[s.heading for s in summaries if not s.total and s.heading != UNKNOWN_AXIS],
        running=running,
        running_names=words.enumeration(site.referential.running, "ou"),
        gantt=gantt(linked, shown, "gantt-actions", "Fiches actions actives"),
        rows=_rows(linked, shown),
        key_figures=site.key_figures,
        report_years=activity_years(linked),
        frise_years=[year for year, _ in frise(linked)],
    )
    pages = [overview]
    frise_paged = frise_pages(linked)
    # A filter offers only what some line of the frise has: no « Axe » where no source gives any.
    shown = [entry for paged in frise_paged for _, entries in paged.items for entry in entries]
    axes = [axis for axis in site.referential.axes if any(axis.number in entry.axes for entry in shown)]
    themes = [theme for theme in site.referential.themes if any(theme.id in entry.themes for entry in shown)]
    pages += [
        render_page(paged.uri, "timeline_frise.md.j2", site=linked, years=list(reversed(paged.items)), paged=paged, axes=axes, themes=themes)
        for paged in frise_paged
    ]
    return pages + _axis_pages(linked)


def _axis_pages(linked: LinkedSite) -> list[GeneratedPage]:
    """One chart and table of every fiche per axe (``/avancement/axe-N/``), and of the fiches whose
    axe no source gives, in pages of ``FICHES_PER_AXIS_PAGE``."""
    by_axis: dict[int | None, list[ActionSheet]] = {}
    for action in _by_start(linked, linked.site.actions):
        by_axis.setdefault(action.axis, []).append(action)
    pages = []
    for axis in (*linked.site.referential.axes, None):
        number = axis.number if axis else None
        actions = by_axis.get(number)
        if not actions:
            continue
        for paged in paginate(urls.timeline_axis(number), actions, FICHES_PER_AXIS_PAGE):
            chart_id = f"gantt-axe-{number}" if axis else "gantt-sans-axe"
            title = f"Fiches actions de l'axe {number}" if axis else "Fiches actions dont l'axe n'est pas renseigné"
            pages.append(
                render_page(
                    paged.uri, "timeline_axis.md.j2", site=linked, axis=axis, total=len(actions), paged=paged,
                    gantt=gantt(linked, paged.items, chart_id, title, by_axis=False), rows=_rows(linked, paged.items),
                )
            )
    return pages
