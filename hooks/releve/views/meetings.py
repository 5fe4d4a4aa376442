"""Meeting pages, the minutes index by year, and the pages of each instance and thématique."""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby

from .. import urls
from ..link import LinkedSite
from ..model import Commitment, HistoryEntry, Instance, Meeting, Participant, Structure, Theme
from ..problems import sort_key
from ..words import plural
from . import GeneratedPage, paginate, render_page, structured_data

LATEST_ON_INDEX = 10
"""The minutes index shows the latest meetings and one link per year, so it stays small."""

FOLDED_PARTICIPANTS = 10
"""Beyond ten participants the list folds behind « 28 participants de 19 structures »: the decisions come first."""


def _grouped_commitments(body: list) -> list:
    """The body with each run of consecutive commitments of one person (or structure) as one list."""
    parts: list = []
    for part in body:
        if isinstance(part, Commitment):
            previous = parts[-1] if parts and isinstance(parts[-1], list) else None
            if previous and (previous[0].person, previous[0].structure) == (part.person, part.structure):
                previous.append(part)
                continue
            part = [part]
        parts.append(part)
    return parts


def _participants_by_structure(linked: LinkedSite, meeting: Meeting) -> list[tuple[Structure | None, list[Participant]]]:
    groups: dict[str | None, list[Participant]] = defaultdict(list)
    for participant in meeting.participants:
        groups[participant.structure].append(participant)
    ordered = sorted(groups.items(), key=lambda item: (item[0] is None, sort_key(linked.structures[item[0]].name) if item[0] else ("", "")))
    return [(linked.structures[key] if key else None, people) for key, people in ordered]


def _neighbours(linked: LinkedSite, meeting: Meeting) -> list[tuple[str, Meeting | None, Meeting | None]]:
    around = linked.neighbours[meeting.id]
    rows = []
    previous, following = around.instance
    if previous or following:
        rows.append((linked.instances[meeting.instance].name, previous, following))
    for theme_id, previous, following in around.themes:
        if previous or following:
            rows.append((f"Thématique « {linked.themes[theme_id].name} »", previous, following))
    return rows


def meeting_page(linked: LinkedSite, meeting: Meeting) -> GeneratedPage:
    mentioned = dict.fromkeys(meeting.actions)
    for decision in meeting.decisions:
        mentioned.update(dict.fromkeys(decision.actions))
    uri = urls.meeting(meeting.id)
    return render_page(
        uri,
        "meeting.md.j2",
        # Written after the pages when the build makes PDFs (pdf.py), next to the page's folder.
        pdf=urls.relative(uri, urls.pdf(uri)) if linked.site.pdf else None,
        site=linked,
        m=meeting,
        body=_grouped_commitments(meeting.body),
        participants=_participants_by_structure(linked, meeting),
        folded=len(meeting.participants) > FOLDED_PARTICIPANTS,
        actions=[linked.actions[a] for a in mentioned],
        neighbours=_neighbours(linked, meeting),
        jsonld=structured_data.script_json(structured_data.event(linked, meeting)),
    )


def meeting_pages(linked: LinkedSite) -> list[GeneratedPage]:
    return [meeting_page(linked, meeting) for meeting in linked.site.meetings]


def index_pages(linked: LinkedSite) -> list[GeneratedPage]:
    """The minutes index (latest meetings, years, instances, thématiques) and one page per year."""
    meetings = linked.site.meetings
    by_year = [(year, list(items)) for year, items in groupby(reversed(meetings), key=lambda m: m.date.year)]
    pages = [
        render_page(
            urls.MEETINGS,
            "meetings_index.md.j2",
            site=linked,
            latest=list(reversed(meetings[-LATEST_ON_INDEX:])),
            years=[(year, len(items)) for year, items in by_year],
            instances=_instance_lines(shown_instances(linked)),
            themes=_theme_lines(shown_themes(linked)),
        )
    ]
    for year, items in by_year:
        pages.append(render_page(urls.meetings_year(year), "meetings_year.md.j2", site=linked, year=year, meetings=items))
    return pages


MEETINGS_PER_PAGE = 100
"""Instance and thématique pages list their meetings 100 at a time: twenty years of a COPIL or a
busy thématique stay light pages."""


def instance_pages(linked: LinkedSite) -> list[GeneratedPage]:
    """One page per instance that has something to show (minutes, or dates of its history)."""
    shown = shown_instances(linked)
    pages = [render_page(urls.INSTANCES, "instances_index.md.j2", site=linked, instances=_instance_lines(shown))]
    for instance, meetings, history in shown:
        pages += [
            render_page(paged.uri, "instance.md.j2", site=linked, instance=instance, paged=paged, history=history)
            for paged in paginate(urls.instance(instance.slug), list(reversed(meetings)), MEETINGS_PER_PAGE)
        ]
    return pages


def shown_instances(linked: LinkedSite) -> list[tuple[Instance, tuple[Meeting, ...], list[HistoryEntry]]]:
    """The instances with minutes or dated history, with both: no link leads to an empty page."""
    shown = []
    for instance in linked.site.referential.instances:
        meetings = linked.meetings_of_instance.get(instance.id, ())
        history = [entry for entry in reversed(linked.site.history) if entry.instance == instance.id]
        if meetings or history:
            shown.append((instance, meetings, history))
    return shown


def _instance_lines(shown: list[tuple[Instance, tuple[Meeting, ...], list[HistoryEntry]]]) -> list[tuple[Instance, str]]:
    """Each instance with what its page holds: « 3 comptes rendus, 2 autres dates de l'historique »."""
    lines = []
    for instance, meetings, history in shown:
        parts = [plural(len(meetings), "compte rendu")] if meetings else []
        if history:
            dates = plural(len(history), "autre date", "autres dates") if meetings else plural(len(history), "date")
            parts.append(f"{dates} de l'historique")
        lines.append((instance, ", ".join(parts)))
    return lines


def _theme_lines(shown: list[tuple[Theme, tuple[Meeting, ...], tuple]]) -> list[tuple[Theme, str]]:
    """Each thématique with what its page holds: « 4 réunions, 2 fiches actions »."""
    lines = []
    for theme, meetings, actions in shown:
        parts = [plural(len(meetings), "réunion")] if meetings else []
        if actions:
            parts.append(plural(len(actions), "fiche action", "fiches actions"))
        lines.append((theme, ", ".join(parts)))
    return lines


def shown_themes(linked: LinkedSite) -> list[tuple[Theme, tuple[Meeting, ...], tuple]]:
    """The thématiques with minutes or fiches actions, with both."""
    shown = []
    for theme in linked.site.referential.themes:
        meetings, actions = linked.meetings_of_theme.get(theme.id, ()), linked.actions_of_theme.get(theme.id, ())
        if meetings or actions:
            shown.append((theme, meetings, actions))
    return shown


def theme_pages(linked: LinkedSite) -> list[GeneratedPage]:
    shown = shown_themes(linked)
    pages = [render_page(urls.THEMES, "themes_index.md.j2", site=linked, themes=_theme_lines(shown))]
    for theme, meetings, actions in shown:
        pages += [
            render_page(paged.uri, "theme.md.j2", site=linked, theme=theme, paged=paged, actions=actions)
            for paged in paginate(urls.theme(theme.id), list(reversed(meetings)), MEETINGS_PER_PAGE)
        ]
    return pages
