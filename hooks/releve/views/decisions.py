"""The register of decisions: every decision of every published meeting, newest first.

Filtering by thématique or fiche action is done with one static page per filter, so the
register works without any script.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import urls
from ..link import LinkedSite
from ..model import Decision, Meeting
from . import GeneratedPage, paginate, render_page

DECISIONS_PER_PAGE = 50
"""Each list (all decisions, one thématique, one fiche) is split into pages of 50 decisions, so
that the register of a twenty-year CLSM stays light to load and to index."""


ACTIONS_ON_REGISTER = 50
"""The register's first page names at most 50 fiches actions, so it does not grow with them."""


@dataclass(frozen=True)
class Entry:
    meeting: Meeting
    decision: Decision
    themes: tuple[str, ...]
    """The thématiques of the fiches actions the decision concerns; the meeting's when it names none
    (a COPIL on housing decides about one fiche, not about every theme of its agenda)."""


def register(linked: LinkedSite) -> list[Entry]:
    entries = []
    for meeting in reversed(linked.site.meetings):
        for decision in meeting.decisions:
            themes = dict.fromkeys(t for action_id in decision.actions for t in linked.actions[action_id].themes)
            entries.append(Entry(meeting, decision, tuple(themes) if decision.actions else meeting.themes))
    return entries


def decision_pages(linked: LinkedSite) -> list[GeneratedPage]:
    """The full register, one compact page per thématique, and counts per fiche action.

    The fiche's own page already quotes its decisions (« Décisions »), so the action filter
    links there instead of copying every decision once more: the register grows as decisions,
    not as decisions × filters.
    """
    entries = register(linked)
    by_theme: dict[str, list[Entry]] = {}
    for entry in entries:
        for theme_id in entry.themes:
            by_theme.setdefault(theme_id, []).append(entry)
    themes = [(t, by_theme[t.id]) for t in linked.site.referential.themes if t.id in by_theme]
    # The fiches with the most decisions; every fiche's page quotes its own decisions.
    decided = linked.decisions_of_action
    actions = sorted(((a, len(decided[a.id])) for a in linked.site.actions if a.id in decided), key=lambda item: -item[1])
    actions = actions[:ACTIONS_ON_REGISTER]
    filters = dict(themes=[(t, len(selected)) for t, selected in themes], actions=actions)

    def pages(uri: str, title: str, selected: list[Entry], compact: bool) -> list[GeneratedPage]:
        return [
            render_page(paged.uri, "decisions.md.j2", site=linked, title=title, entries=paged.items, paged=paged, here=uri, compact=compact, **filters)
            for paged in paginate(uri, selected, DECISIONS_PER_PAGE)
        ]

    result = pages(urls.DECISIONS, "Registre des décisions", entries, compact=False)
    for theme, selected in themes:
        result += pages(urls.theme_decisions(theme.id), f"Décisions – {theme.name}", selected, compact=True)
    return result
