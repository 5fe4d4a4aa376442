"""Link stage: one pass over the site builds every index and backlink the views need.

Each meeting is visited once and appended to the lists of what it mentions, so the cost is
linear in the size of the content (no page is scanned for every other page).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from .model import ActionSheet, Decision, Instance, Meeting, Sector, Site, Structure, Theme
from .problems import sort_key


@dataclass(frozen=True)
class Neighbours:
    """The previous and next meeting of the same instance, and of each of its thématiques."""

    instance: tuple[Meeting | None, Meeting | None]
    themes: tuple[tuple[str, Meeting | None, Meeting | None], ...]


@dataclass(frozen=True)
class LinkedSite:
    site: Site
    structures: Mapping[str, Structure]
    actions: Mapping[str, ActionSheet]
    meetings: Mapping[str, Meeting]
    instances: Mapping[str, Instance]
    themes: Mapping[str, Theme]
    sectors: Mapping[str, Sector]
    meetings_of_action: Mapping[str, tuple[Meeting, ...]]
    """Meetings that list the action or decide about it, oldest first."""
    decisions_of_action: Mapping[str, tuple[tuple[Meeting, Decision], ...]]
    meetings_of_structure: Mapping[str, tuple[Meeting, ...]]
    """Meetings where the structure was represented (a participant of it) or hosted the meeting."""
    actions_of_structure: Mapping[str, tuple[tuple[ActionSheet, str], ...]]
    """Actions the structure pilots or joins, with its role: « pilote » or « partenaire »."""
    children: Mapping[str, tuple[Structure, ...]]
    meetings_of_instance: Mapping[str, tuple[Meeting, ...]]
    meetings_of_theme: Mapping[str, tuple[Meeting, ...]]
    actions_of_theme: Mapping[str, tuple[ActionSheet, ...]]
    neighbours: Mapping[str, Neighbours]

    @property
    def today(self):
        return self.site.today


def _freeze(mapping: dict) -> Mapping:
    return MappingProxyType({key: tuple(value) for key, value in mapping.items()})


def _neighbours(sequence: list[Meeting]) -> dict[str, tuple[Meeting | None, Meeting | None]]:
    return {
        meeting.id: (sequence[i - 1] if i else None, sequence[i + 1] if i + 1 < len(sequence) else None)
        for i, meeting in enumerate(sequence)
    }


def link(site: Site) -> LinkedSite:
    meetings_of_action: dict[str, list[Meeting]] = defaultdict(list)
    decisions_of_action: dict[str, list[tuple[Meeting, Decision]]] = defaultdict(list)
    meetings_of_structure: dict[str, list[Meeting]] = defaultdict(list)
    meetings_of_instance: dict[str, list[Meeting]] = defaultdict(list)
    meetings_of_theme: dict[str, list[Meeting]] = defaultdict(list)
    for meeting in site.meetings:  # already in date order
        mentioned = dict.fromkeys(meeting.actions)
        for decision in meeting.decisions:
            mentioned.update(dict.fromkeys(decision.actions))
            for action_id in decision.actions:
                decisions_of_action[action_id].append((meeting, decision))
        for action_id in mentioned:
            meetings_of_action[action_id].append(meeting)
        represented = dict.fromkeys(s for p in meeting.participants for s in p.structures)
        if meeting.place.structure:
            represented[meeting.place.structure] = None
        for structure_id in represented:
            meetings_of_structure[structure_id].append(meeting)
        meetings_of_instance[meeting.instance].append(meeting)
        for theme_id in meeting.themes:
            meetings_of_theme[theme_id].append(meeting)

    actions_of_structure: dict[str, list[tuple[ActionSheet, str]]] = defaultdict(list)
    actions_of_theme: dict[str, list[ActionSheet]] = defaultdict(list)
    for action in site.actions:
        for structure_id in action.pilots:
            actions_of_structure[structure_id].append((action, "pilote"))
        for structure_id in action.partners:
            if structure_id not in action.pilots:
                actions_of_structure[structure_id].append((action, "partenaire"))
        for theme_id in action.themes:
            actions_of_theme[theme_id].append(action)

    children: dict[str, list[Structure]] = defaultdict(list)
    for structure in sorted(site.structures, key=lambda s: sort_key(s.name)):
        if structure.parent:
            children[structure.parent].append(structure)

    by_instance = {key: _neighbours(value) for key, value in meetings_of_instance.items()}
    by_theme = {key: _neighbours(value) for key, value in meetings_of_theme.items()}
    neighbours = {
        meeting.id: Neighbours(
            by_instance[meeting.instance][meeting.id],
            tuple((theme_id, *by_theme[theme_id][meeting.id]) for theme_id in meeting.themes),
        )
        for meeting in site.meetings
    }

    ref = site.referential
    return LinkedSite(
        site=site,
        structures=MappingProxyType({s.id: s for s in site.structures}),
        actions=MappingProxyType({a.id: a for a in site.actions}),
        meetings=MappingProxyType({m.id: m for m in site.meetings}),
        instances=MappingProxyType({i.id: i for i in ref.instances}),
        themes=MappingProxyType({t.id: t for t in ref.themes}),
        sectors=MappingProxyType({s.id: s for s in ref.sectors}),
        meetings_of_action=_freeze(meetings_of_action),
        decisions_of_action=_freeze(decisions_of_action),
        meetings_of_structure=_freeze(meetings_of_structure),
        actions_of_structure=_freeze(actions_of_structure),
        children=_freeze(children),
        meetings_of_instance=_freeze(meetings_of_instance),
        meetings_of_theme=_freeze(meetings_of_theme),
        actions_of_theme=_freeze(actions_of_theme),
        neighbours=MappingProxyType(neighbours),
    )
