"""The cartes partenariales: who works with whom, from what the content records, drawn as SVG
with a table as the text alternative.

- For a fiche action: the fiche and every structure involved in it — its pilotes and partenaires,
  and the structures represented at the meetings that discussed it or decided about it.
- For the CLSM as a whole (``carte/partenariale/``): the structures tied to one another, by the
  fiches they pilot or join together and the meetings where both were represented.

Both layouts are deterministic (no randomness, no iteration to converge) and narrow enough for a
phone: a column of structures with their names, the fiche on its left with one line to each
(a star), or arcs on the left joining the structures tied (an arc diagram, which grows in height,
never in width, with the network).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from .. import svg, urls
from ..link import LinkedSite
from ..model import ActionSheet, Meeting, Structure
from ..text import quoted, sort_key
from ..words import plural
from . import GeneratedPage, render_page

MAX_TIES = 120
MAX_STRUCTURES = 60
"""The CLSM's graph draws its 120 strongest ties between 60 structures at most (a plenary meeting ties
every structure present to every other): past that, no reader can follow a line; the table lists
the same ties, and each structure's page lists its fiches and meetings."""
MAX_STAR = 24
"""A fiche's graph draws its pilotes and partenaires and, after them, the structures that attended
most of its meetings, 24 in all at most (a fiche discussed in plenary meetings would otherwise draw
every structure present); its table lists them all."""
FICHE_WEIGHT = 3
"""A fiche piloted or joined together ties two structures more than a meeting attended together."""

ROW = 30
NAME_LENGTH = 34
LONG_NAME_LENGTH = 64
"""A graph for a phone writes names of up to 34 characters, one for a wider screen up to 64: at
most 435 drawing units, right of the arcs, within a page's column from 45em (releve.css)."""
ARC_WIDTH = 110
"""The widest arc (drawing units): a tie between far rows bulges no farther, so the graph keeps its width."""


@dataclass(frozen=True)
class Involvement:
    """A structure in a fiche action, and what ties it to the fiche."""

    structure: Structure
    role: str | None
    """« pilote », « partenaire », or None for a structure that only attended its meetings."""
    meetings: int
    """Meetings about the fiche where the structure was represented."""
    decisions: int
    """Decisions about the fiche taken at those meetings."""

    @property
    def summary(self) -> str:
        parts = [self.role] if self.role else []
        if self.meetings:
            parts.append(plural(self.meetings, "réunion"))
        if self.decisions:
            parts.append(plural(self.decisions, "décision"))
        return " · ".join(parts)


def _represented(meeting: Meeting) -> list[str]:
    """The structures of a meeting's participants, each once, in the order of the list."""
    return list(dict.fromkeys(s for participant in meeting.participants for s in participant.structures))


def involvements(linked: LinkedSite, action: ActionSheet) -> list[Involvement]:
    """Every structure involved in ``action``: pilotes, then partenaires, in the fiche's order,
    then the others represented at its meetings, those at most of them first, then by name."""
    meetings: dict[str, int] = defaultdict(int)
    for meeting in linked.meetings_of_action.get(action.id, ()):
        for structure_id in _represented(meeting):
            meetings[structure_id] += 1
    decisions: dict[str, int] = defaultdict(int)
    for meeting, _ in linked.decisions_of_action.get(action.id, ()):
        for structure_id in _represented(meeting):
            decisions[structure_id] += 1
    roles = dict.fromkeys(action.pilots, "pilote") | {s: "partenaire" for s in action.partners if s not in action.pilots}
    others = sorted((s for s in meetings if s not in roles), key=lambda s: (-meetings[s], sort_key(linked.structures[s].name)))
    return [Involvement(linked.structures[s], roles.get(s), meetings[s], decisions[s]) for s in [*roles, *others]]


@dataclass(frozen=True)
class Tie:
    """Two structures that work together, by what the content records."""

    first: Structure
    second: Structure
    actions: tuple[ActionSheet, ...]
    """Fiches both pilot or join."""
    meetings: int
    """Meetings where both were represented."""

    @property
    def strength(self) -> int:
        return FICHE_WEIGHT * len(self.actions) + self.meetings


def ties(linked: LinkedSite) -> tuple[list[Tie], int]:
    """The strongest ties between structures (``MAX_TIES`` at most, among ``MAX_STRUCTURES``), and
    the number of ties in all. One pass over the fiches and the meetings; a meeting of n structures
    makes n(n-1)/2 pairs, bounded by the number of structures."""
    actions: dict[tuple[str, str], list[ActionSheet]] = defaultdict(list)
    for action in linked.site.actions:
        members = sorted(set(action.pilots) | set(action.partners))
        for index, first in enumerate(members):
            for second in members[index + 1 :]:
                actions[(first, second)].append(action)
    meetings: dict[tuple[str, str], int] = defaultdict(int)
    for meeting in linked.site.meetings:
        members = sorted(_represented(meeting))
        for index, first in enumerate(members):
            for second in members[index + 1 :]:
                meetings[(first, second)] += 1
    everything = [
        Tie(linked.structures[a], linked.structures[b], tuple(actions.get((a, b), ())), meetings.get((a, b), 0))
        for a, b in sorted(set(actions) | set(meetings))
    ]
    everything.sort(key=lambda t: (-t.strength, t.first.id, t.second.id))
    strength: dict[str, int] = defaultdict(int)
    for tie in everything:
        strength[tie.first.id] += tie.strength
        strength[tie.second.id] += tie.strength
    kept_structures = set(sorted(strength, key=lambda s: (-strength[s], s))[:MAX_STRUCTURES])
    kept = [t for t in everything if t.first.id in kept_structures and t.second.id in kept_structures][:MAX_TIES]
    return kept, len(everything)


def _order(kept: list[Tie]) -> list[Structure]:
    """The structures of the arc diagram, in an order that keeps tied structures close (short arcs):
    from the most tied one, each structure's neighbours by strength, breadth first; ties broken by id."""
    neighbours: dict[str, list[tuple[int, str]]] = defaultdict(list)
    structures: dict[str, Structure] = {}
    total: dict[str, int] = defaultdict(int)
    for tie in kept:
        for one, other in ((tie.first, tie.second), (tie.second, tie.first)):
            neighbours[one.id].append((-tie.strength, other.id))
            structures[one.id] = one
            total[one.id] += tie.strength
    order: list[str] = []
    seen: set[str] = set()
    for start in sorted(structures, key=lambda s: (-total[s], s)):
        if start in seen:
            continue
        queue = [start]
        seen.add(start)
        while queue:
            current = queue.pop(0)
            order.append(current)
            for _, other in sorted(neighbours[current]):
                if other not in seen:
                    seen.add(other)
                    queue.append(other)
    return [structures[s] for s in order]


def _name(structure: Structure) -> str:
    """The name a graph writes on a phone: the acronym when the name is long, cut to ``NAME_LENGTH``."""
    name = structure.acronym if structure.acronym and len(structure.name) > NAME_LENGTH else structure.name
    return _cut(name, NAME_LENGTH)


def _whole_name(structure: Structure) -> str:
    """The name a graph writes on a wider screen: the name itself, cut to ``LONG_NAME_LENGTH`` only."""
    return _cut(structure.name, LONG_NAME_LENGTH)


def _cut(name: str, length: int) -> str:
    return name if len(name) <= length else name[: length - 1].rstrip() + "…"


def _for_each_screen(draw: Callable[[str, Callable[[Structure], str], str], str], chart_id: str, structures: list[Structure]) -> str:
    """A graph ``draw(id, name, classes)`` with the names ``_name`` gives, which fits a phone; and,
    when one of them is cut, drawn again with the whole names (``_whole_name``), which a screen from
    45em shows instead, its column having room for them (releve.css). Each drawing holds its text
    and is sized by it: a phone's would have cut names where a wide screen has room, a wide
    screen's would shrink its text to a phone's width."""
    if all(_name(s) == _whole_name(s) for s in structures):
        return draw(chart_id, _name, "")
    return draw(chart_id, _name, " releve-reseau--etroit") + draw(f"{chart_id}-large", _whole_name, " releve-reseau--large")


def _width(names: list[str], left: float) -> int:
    return round(left + 16 + max((svg.text_width(n) for n in names), default=0) + 8)


def arc_diagram(chart_id: str, title: str, description: str, kept: list[Tie]) -> str:
    """The structures in a column, named, and one arc on their left for each tie: solid when they
    share a fiche, dashed when they only met; the stronger the tie, the thicker the arc."""
    order = _order(kept)
    row = {s.id: index for index, s in enumerate(order)}
    widest = max(abs(row[t.first.id] - row[t.second.id]) * ROW // 2 for t in kept)
    x = min(widest, ARC_WIDTH) + 8
    top = 14
    arcs = []
    for tie in sorted(kept, key=lambda t: (row[t.first.id], row[t.second.id])):
        i, j = sorted((row[tie.first.id], row[tie.second.id]))
        y1, y2 = top + i * ROW, top + j * ROW
        half = (y2 - y1) // 2
        kind = "releve-lien--fiche" if tie.actions else "releve-lien--reunion"
        weight = min(3, 1 + tie.strength // (2 * FICHE_WEIGHT))
        arcs.append(
            svg.node(
                "path",
                {"class": f"releve-lien {kind} releve-lien-{weight}", "d": f"M{x} {y1}A{min(half, ARC_WIDTH)} {half} 0 0 0 {x} {y2}"},
                svg.node("title", None, svg.text(_tie_text(tie))),
            )
        )

    def draw(drawing_id: str, name: Callable[[Structure], str], classes: str) -> str:
        nodes = [
            svg.node("g", {"class": "releve-noeud"}, svg.node("circle", {"cx": x, "cy": top + index * ROW, "r": 6}), svg.label(x + 14, top + index * ROW + 4, name(structure)))
            for index, structure in enumerate(order)
        ]
        return svg.document(
            drawing_id,
            _width([name(s) for s in order], x),
            top + max(len(order) - 1, 0) * ROW + 14,
            title,
            description,
            svg.node("g", {"class": "releve-liens"}, *arcs),
            *nodes,
            css="releve-svg releve-reseau" + classes,
        )

    return _for_each_screen(draw, chart_id, order)


def _tie_text(tie: Tie) -> str:
    parts = []
    if tie.actions:
        parts.append(plural(len(tie.actions), "fiche action en commun", "fiches actions en commun"))
    if tie.meetings:
        parts.append(plural(tie.meetings, "réunion ensemble", "réunions ensemble"))
    return f"{tie.first.name} et {tie.second.name} : " + ", ".join(parts)


def star(chart_id: str, title: str, description: str, people: list[Involvement]) -> str:
    """The fiche on the left, joined to each structure in a column: a thick line to a pilote, a line
    to a partenaire, a dashed one to a structure that only attended its meetings."""
    hub_x, x, top = 24, 120, 16
    middle = top + (len(people) - 1) * ROW / 2
    lines = []
    for index, person in enumerate(people):
        kind = {"pilote": "releve-lien--pilote", "partenaire": "releve-lien--fiche"}.get(person.role or "", "releve-lien--reunion")
        lines.append(svg.node("line", {"class": f"releve-lien {kind}", "x1": hub_x, "y1": float(middle), "x2": x, "y2": top + index * ROW}))
    hub = svg.node(
        "g",
        {"class": "releve-noeud releve-noeud--fiche"},
        svg.node("circle", {"cx": hub_x, "cy": float(middle), "r": 10}),
        svg.label(hub_x - 10, middle + 26, "Fiche"),
    )

    def draw(drawing_id: str, name: Callable[[Structure], str], classes: str) -> str:
        nodes = []
        for index, person in enumerate(people):
            y = top + index * ROW
            nodes.append(
                svg.node(
                    "g",
                    {"class": "releve-noeud"},
                    svg.node("title", None, svg.text(f"{person.structure.name} : {person.summary}")),
                    svg.node("circle", {"cx": x, "cy": y, "r": 6}),
                    svg.label(x + 14, y - 1, name(person.structure)),
                    svg.label(x + 14, y + 12, person.summary, "releve-role"),
                )
            )
        width = _width([name(p.structure) for p in people] + [p.summary for p in people], x)
        return svg.document(drawing_id, width, top + (len(people) - 1) * ROW + 34, title, description, *lines, hub, *nodes, css="releve-svg releve-reseau" + classes)

    return _for_each_screen(draw, chart_id, [p.structure for p in people])


def action_network(linked: LinkedSite, action: ActionSheet) -> tuple[Markup, list[Involvement]] | None:
    """The carte partenariale of a fiche and its table's rows, or None when no structure is involved."""
    people = involvements(linked, action)
    if not people:
        return None
    title = f"Carte partenariale de la fiche {quoted(action.title)}"
    drawn = people[:MAX_STAR]
    shown = "" if len(drawn) == len(people) else f", les {len(drawn)} premières dessinées"
    description = f"{plural(len(people), 'structure reliée', 'structures reliées')} à la fiche{shown} ; le tableau qui suit les nomme toutes."
    return Markup(star(f"carte-partenariale-{action.id}", title, description, drawn)), people


def network_pages(linked: LinkedSite) -> list[GeneratedPage]:
    """The carte partenariale of the whole CLSM."""
    kept, total = ties(linked)
    graph = None
    if kept:
        structures = len({s.id for t in kept for s in (t.first, t.second)})
        description = f"{plural(structures, 'structure reliée', 'structures reliées')} par {plural(len(kept), 'lien')} ; le tableau qui suit en donne le détail."
        graph = Markup(arc_diagram("carte-partenariale", f"Carte partenariale du {linked.site.referential.clsm_short_name}", description, kept))
    return [render_page(urls.PARTNERSHIP_MAP, "partenariale.md.j2", site=linked, graph=graph, ties=kept, total=total, shown_max=MAX_TIES)]
