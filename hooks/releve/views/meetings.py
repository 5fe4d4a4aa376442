"""Meeting pages, the minutes index by year, and the pages of each instance and thématique."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import re

from .. import dates, urls
from ..link import LinkedSite, by_month, by_year
from ..model import Commitment, Decision, FuzzyDate, HistoryEntry, Instance, Meeting, Participant, Structure, Theme
from ..text import agenda_sentence, first_upper, quoted, sort_key, summary
from ..words import plural
from . import GeneratedPage, Head, description, paginate, pdf_address, render_page, structured_data

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
            rows.append((f"Thématique {quoted(linked.themes[theme_id].name)}", previous, following))
    return rows


BRIEF_SHOWN = 3
"""« En bref » names three decisions and three people at most, the others fold behind « et N autres »:
the box stays within one phone screen."""


@dataclass(frozen=True)
class Brief:
    """« En bref », at the top of a meeting page: what it decided and who does what, linked to where
    the page says it."""

    decisions: tuple[tuple[str, str], ...]
    """(label, anchor) of each decision: the fiche it is about, or its first words."""
    commitments: tuple[tuple[str, int, str], ...]
    """(who, how many, anchor of the first) for each person or structure with commitments."""
    actions: tuple[str, ...]
    """The title of each fiche it concerns (shortened)."""


def _decision_label(linked: LinkedSite, decision: Decision) -> str:
    if not decision.actions:
        return summary(decision.text, 60)
    first = summary(linked.actions[decision.actions[0]].title, 60)
    return first + (f" (et {plural(len(decision.actions) - 1, 'autre fiche')})" if len(decision.actions) > 1 else "")


def brief(linked: LinkedSite, meeting: Meeting, actions: list) -> Brief:
    owners: dict[str, list[Commitment]] = {}
    for commitment in meeting.commitments:
        who = commitment.person or linked.structures[commitment.structure].name
        owners.setdefault(who, []).append(commitment)
    return Brief(
        decisions=tuple((_decision_label(linked, d), d.anchor) for d in meeting.decisions),
        commitments=tuple((who, len(made), made[0].anchor) for who, made in owners.items()),
        actions=tuple(summary(a.title, 60) for a in actions),
    )


def concerned_actions(linked: LinkedSite, meeting: Meeting) -> list:
    """The fiches a meeting is about (``Meeting.concerned_actions``)."""
    return [linked.actions[a] for a in meeting.concerned_actions]


def meeting_head(linked: LinkedSite, meeting: Meeting) -> Head:
    """« … – Compte rendu du 1er mars 2022 »: a fiche action may bear the meeting's title."""
    kind = f"{first_upper(meeting.kind)} du {dates.date(meeting.date)}"
    agenda = agenda_sentence(meeting.agenda) if meeting.agenda else None
    instance = linked.instances[meeting.instance].singular
    return Head(f"{meeting.title} – {kind}", description(f"{kind} ({instance}) : {meeting.title}.", agenda))


def meeting_page(linked: LinkedSite, meeting: Meeting) -> GeneratedPage:
    uri = urls.meeting(meeting.id)
    actions = concerned_actions(linked, meeting)
    return render_page(
        uri,
        "meeting.md.j2",
        head=meeting_head(linked, meeting),
        pdf=pdf_address(linked, uri),
        site=linked,
        m=meeting,
        body=_grouped_commitments(meeting.body),
        participants=_participants_by_structure(linked, meeting),
        folded=len(meeting.participants) > FOLDED_PARTICIPANTS,
        actions=actions,
        next_pending=linked.agenda.to_schedule(meeting),
        brief=brief(linked, meeting, actions),
        shown=BRIEF_SHOWN,
        neighbours=_neighbours(linked, meeting),
        jsonld=structured_data.script_json(structured_data.event(linked, meeting)),
    )


def meeting_pages(linked: LinkedSite, meetings: Iterable[Meeting] | None = None) -> list[GeneratedPage]:
    """The page of each meeting (of ``meetings``, when the build shares them out)."""
    return [meeting_page(linked, meeting) for meeting in (linked.site.meetings if meetings is None else meetings)]


def index_pages(linked: LinkedSite) -> list[GeneratedPage]:
    """The minutes index (latest meetings, years, instances, thématiques) and one page per year."""
    meetings = linked.site.meetings
    years = by_year(reversed(meetings), lambda m: m.date)
    pages = [
        render_page(
            urls.MEETINGS,
            "meetings_index.md.j2",
            site=linked,
            latest=list(reversed(meetings[-LATEST_ON_INDEX:])),
            years=[(year, len(items)) for year, items in years],
            instances=instance_lines(shown_instances(linked)),
            themes=theme_lines(shown_themes(linked)),
        )
    ]
    for year, items in years:
        said = description(f"Les comptes rendus {year} du {linked.site.referential.clsm_short_name}, mois par mois : {plural(len(items), 'réunion')}.")
        pages.append(render_page(urls.meetings_year(year), "meetings_year.md.j2", head=Head(description=said), site=linked, year=year, months=by_month(items, lambda m: m.date)))
    return pages


MEETINGS_PER_PAGE = 100
"""Instance and thématique pages list their meetings 100 at a time: twenty years of a COPIL or a
busy thématique stay light pages."""

ACTIONS_ON_THEME_PAGE = 50
"""A thématique's page names its first 50 fiches; all are on its list of fiches (``views/actions.py``)."""


def instance_pages(linked: LinkedSite) -> list[GeneratedPage]:
    """One page per instance that has something to show (minutes, or dates of its history)."""
    shown = shown_instances(linked)
    pages = [render_page(urls.INSTANCES, "instances_index.md.j2", site=linked, instances=instance_lines(shown))]
    for instance, meetings, history in shown:
        dated = [FuzzyDate.of(meetings[-1].date)] if meetings else []
        latest = max(dated + [entry.date for entry in history], key=lambda day: day.sort_key)
        context = dict(site=linked, instance=instance, history=history, short_name=short_name(instance), latest=dates.fuzzy(latest))
        published = plural(len(meetings), "compte rendu publié", "comptes rendus publiés") if meetings else "aucun compte rendu publié"
        head = Head(description=description(f"{instance.name} du {linked.site.referential.clsm_short_name} : {published}" + (", et les dates de son historique." if history else ".")))
        pages += [
            render_page(paged.uri, "instance.md.j2", head=head, paged=paged, years=by_year(paged.items, lambda m: m.date), **context)
            for paged in paginate(urls.instance(instance.slug), list(reversed(meetings)), MEETINGS_PER_PAGE)
        ]
    return pages


_SHORT_NAME = re.compile(r"\(([^()]{2,12})\)\s*$")


def short_name(instance: Instance) -> str:
    """What a reader types to find an instance: the short name its name ends with (« Comité de
    pilotage (COPIL) » → « COPIL »), else its id (« copil »)."""
    found = _SHORT_NAME.search(instance.name)
    return found.group(1) if found else instance.id


def shown_instances(linked: LinkedSite) -> list[tuple[Instance, tuple[Meeting, ...], list[HistoryEntry]]]:
    """The instances with minutes or dated history, with both: no link leads to an empty page."""
    shown = []
    for instance in linked.site.referential.instances:
        meetings = linked.meetings_of_instance.get(instance.id, ())
        history = [entry for entry in reversed(linked.site.history) if entry.instance == instance.id]
        if meetings or history:
            shown.append((instance, meetings, history))
    return shown


def instance_lines(shown: list[tuple[Instance, tuple[Meeting, ...], list[HistoryEntry]]]) -> list[tuple[Instance, str]]:
    """Each instance with what its page holds: « 3 comptes rendus, 2 autres dates de l'historique »."""
    lines = []
    for instance, meetings, history in shown:
        parts = [plural(len(meetings), "compte rendu")] if meetings else []
        if history:
            dates = plural(len(history), "autre date", "autres dates") if meetings else plural(len(history), "date")
            parts.append(f"{dates} de l'historique")
        lines.append((instance, ", ".join(parts)))
    return lines


def theme_lines(shown: list[tuple[Theme, tuple[Meeting, ...], tuple]]) -> list[tuple[Theme, str]]:
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
    pages = [render_page(urls.THEMES, "themes_index.md.j2", site=linked, themes=theme_lines(shown))]
    for theme, meetings, actions in shown:
        latest = dates.date(meetings[-1].date) if meetings else None
        pages += [
            render_page(paged.uri, "theme.md.j2", site=linked, theme=theme, paged=paged, actions=actions, shown=ACTIONS_ON_THEME_PAGE, latest=latest)
            for paged in paginate(urls.theme(theme.id), list(reversed(meetings)), MEETINGS_PER_PAGE)
        ]
    return pages
