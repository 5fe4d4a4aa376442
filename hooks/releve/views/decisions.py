"""The register of decisions: every decision of every published meeting, newest first.

Filtering by thématique or fiche action is done with one static page per filter, so the
register works without any script.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import urls
from ..link import LinkedSite
from ..model import Decision, Meeting
from . import GeneratedPage, paginate, render

DECISIONS_PER_PAGE = 50
"""Each list (all decisions, one thématique, one fiche) is split into pages of 50 decisions, so
that the register of a twenty-year CLSM stays light to load and to index."""


@dataclass(frozen=True)
class Entry:
    meeting: Meeting
    decision: Decision
    themes: tuple[str, ...]
    """The meeting's thématiques and those of the fiches actions the decision concerns."""


def register(linked: LinkedSite) -> list[Entry]:
    entries = []
    for meeting in reversed(linked.site.meetings):
        for decision in meeting.decisions:
            themes = dict.fromkeys(meeting.themes)
            for action_id in decision.actions:
                themes.update(dict.fromkeys(linked.actions[action_id].themes))
            entries.append(Entry(meeting, decision, tuple(themes)))
    return entries


def decision_pages(linked: LinkedSite) -> list[GeneratedPage]:
    entries = register(linked)
    themes = [(t, [e for e in entries if t.id in e.themes]) for t in linked.site.referential.themes]
    themes = [(t, selected) for t, selected in themes if selected]
    actions = [(a, [e for e in entries if a.id in e.decision.actions]) for a in linked.site.actions]
    actions = [(a, selected) for a, selected in actions if selected]
    filters = dict(themes=[(t, len(s)) for t, s in themes], actions=[(a, len(s)) for a, s in actions])

    def pages(uri: str, title: str, selected: list[Entry]) -> list[GeneratedPage]:
        return [
            GeneratedPage(paged.uri, render("decisions.md.j2", site=linked, title=title, entries=paged.items, paged=paged, here=uri, **filters))
            for paged in paginate(uri, selected, DECISIONS_PER_PAGE)
        ]

    result = pages(urls.DECISIONS, "Registre des décisions", entries)
    for t, selected in themes:
        result += pages(urls.theme_decisions(t.id), f"Décisions – {t.name}", selected)
    for a, selected in actions:
        result += pages(urls.action_decisions(a.id), f"Décisions – {a.title}", selected)
    return result
