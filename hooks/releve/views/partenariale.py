"""The cartes partenariales: who works with whom, from what the content records, drawn as SVG
with a table as the text alternative.

- For a fiche action: the fiche and every structure involved in it — its pilotes and partenaires,
  and the structures represented at the meetings that discussed it or decided about it.
- For the CLSM as a whole (``carte/partenariale/``): the structures tied to one another, by the
  fiches they pilot or join together and the meetings where both were represented.

Both layouts are deterministic (no randomness, no iteration to converge) and narrow enough for a
phone: a column of structures with their names, the fiche on its left with one line to each
(a star), or arcs on the left joining the structures tied (an arc diagram, which grows in height,
never in width, with the network). A name too long for a phone's column goes on below rather than
shrink the text or be cut: the phone's drawing keeps its size, the text its 15 px.
"""

from __future__ import annotations

import re
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

NAME_SIZE = 15
ROLE_SIZE = 14
"""The graphs' text, in px, as releve.css sets it (``.releve-reseau``): a phone shows its drawing at
the drawing's own size (``PHONE``), so a name stays 15 px there, a role 14 px."""
LINE = 18
"""From a line's baseline to the next: a name or a role too long for its room goes on below."""
FIRST_LINE = 5
"""A first line's baseline below its circle's centre: the circle sits at the middle of the line."""
ROW = 32
"""From a structure's circle to the next one's at least; a structure whose text takes more lines
gets a taller row."""
INDENT = 14
"""From a structure's circle to its text; the text ends 6 px at least before the drawing's edge."""
NAME_LENGTH = 34
"""A phone's graph writes a name longer than this as its acronym, when it has one."""

Text = list[tuple[str, str | None]]
"""A structure's text in a graph: its lines, each with its class (``releve-role``, or None for a name)."""


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
    """The name a phone's graph writes: the acronym when the name is long."""
    return structure.acronym if structure.acronym and len(structure.name) > NAME_LENGTH else structure.name


@dataclass(frozen=True)
class Screen:
    """The room a graph has, and the names it writes."""

    width: int
    """The drawing's widest, in px as shown: a text that would go beyond goes on the next line."""
    arc: int
    """The widest arc of an arc diagram: a tie between far rows bulges no farther."""
    name: Callable[[Structure], str]


PHONE = Screen(328, 64, _name)
"""The column of a 360 px phone: drawn no wider, the graph is shown at its own size from there."""
WIDE = Screen(640, 110, lambda structure: structure.name)
"""The page's column from 45em (releve.css), 680 px at least: the whole names, on one line mostly."""


@dataclass(frozen=True)
class Drawing:
    """A graph drawn for a screen: its size and its elements, for ``svg.document``."""

    width: int
    height: int
    elements: tuple[str, ...]


def _lines(text: str, room: float, size: int, separator: str = " ") -> list[str]:
    """``text`` in lines that fit ``room`` px at ``size`` px, broken after a ``separator`` (inside a
    word only when the word alone is wider). Each line keeps its separator, so the lines joined are
    ``text``: a name goes on below, never cut."""
    length = max(1, int(room * svg.FONT_SIZE / (svg.CHAR_WIDTH * size)))
    lines = [""]
    for piece in re.split(f"(?<={re.escape(separator)})", text):
        if lines[-1] and len((lines[-1] + piece).rstrip(separator)) > length:
            lines.append("")
        lines[-1] += piece
        while len(lines[-1].rstrip(separator)) > length:
            lines[-1:] = [lines[-1][:length], lines[-1][length:]]
    return lines


def _room(screen: Screen, x: float) -> float:
    """The width a text has beside circles at ``x``."""
    return screen.width - x - INDENT - 6


def _width(x: float, texts: list[Text]) -> int:
    """A drawing's width: its circles at ``x`` and the widest line beside them."""
    widest = max(svg.text_width(line.rstrip(), size=ROLE_SIZE if css else NAME_SIZE) for lines in texts for line, css in lines)
    return round(x + INDENT + widest + 6)


def _rows(top: int, texts: list[Text]) -> list[int]:
    """The height of each structure's circle: one ``ROW`` apart, more after a text of several lines."""
    heights = [top]
    for lines in texts[:-1]:
        heights.append(heights[-1] + max(ROW, LINE * len(lines) + 14))
    return heights


def _label(x: float, y: int, lines: Text) -> list[str]:
    """A structure's text beside its circle at (``x``, ``y``): one ``<text>`` a line."""
    return [svg.label(x + INDENT, y + FIRST_LINE + index * LINE, line, css) for index, (line, css) in enumerate(lines)]


def _bottom(y: int, lines: Text) -> int:
    """Below the last line of a text beside a circle at height ``y``, with a margin."""
    return y + FIRST_LINE + LINE * (len(lines) - 1) + 9


def _for_each_screen(draw: Callable[[Screen], Drawing], chart_id: str, title: str, description: str) -> str:
    """The graph drawn for a phone and, when it differs, drawn again for a wider screen, which a
    screen from 45em shows instead (releve.css). Each drawing is sized by its text: a phone's at
    a wide screen's width would shrink its text, a wide screen's names cut or wrapped for a phone
    would waste its room."""

    def document(drawing_id: str, drawing: Drawing, classes: str) -> str:
        return svg.document(drawing_id, drawing.width, drawing.height, title, description, *drawing.elements, css="releve-svg releve-reseau" + classes)

    phone, wide = draw(PHONE), draw(WIDE)
    if phone == wide:
        return document(chart_id, phone, "")
    return document(chart_id, phone, " releve-reseau--etroit") + document(f"{chart_id}-large", wide, " releve-reseau--large")


def arc_diagram(chart_id: str, title: str, description: str, kept: list[Tie]) -> str:
    """The structures in a column, named, and one arc on their left for each tie: solid when they
    share a fiche, dashed when they only met; the stronger the tie, the thicker the arc."""
    order = _order(kept)
    row = {s.id: index for index, s in enumerate(order)}
    top = 14

    def draw(screen: Screen) -> Drawing:
        # The names are broken for the widest arcs the screen allows: the arcs drawn may be
        # narrower, their width depending on the rows' heights, which depend on the names.
        room = _room(screen, screen.arc + 8)
        texts = [[(line, None) for line in _lines(screen.name(s), room, NAME_SIZE)] for s in order]
        y = _rows(top, texts)
        x = min(max(abs(y[row[t.first.id]] - y[row[t.second.id]]) // 2 for t in kept), screen.arc) + 8
        arcs = []
        for tie in sorted(kept, key=lambda t: (row[t.first.id], row[t.second.id])):
            y1, y2 = sorted((y[row[tie.first.id]], y[row[tie.second.id]]))
            half = (y2 - y1) // 2
            kind = "releve-lien--fiche" if tie.actions else "releve-lien--reunion"
            weight = min(3, 1 + tie.strength // (2 * FICHE_WEIGHT))
            arcs.append(
                svg.node(
                    "path",
                    {"class": f"releve-lien {kind} releve-lien-{weight}", "d": f"M{x} {y1}A{min(half, screen.arc)} {half} 0 0 0 {x} {y2}"},
                    svg.node("title", None, svg.text(_tie_text(tie))),
                )
            )
        nodes = [svg.node("g", {"class": "releve-noeud"}, svg.node("circle", {"cx": x, "cy": y[index], "r": 6}), *_label(x, y[index], texts[index])) for index in range(len(order))]
        return Drawing(_width(x, texts), _bottom(y[-1], texts[-1]), (svg.node("g", {"class": "releve-liens"}, *arcs), *nodes))

    return _for_each_screen(draw, chart_id, title, description)


def _tie_text(tie: Tie) -> str:
    parts = []
    if tie.actions:
        parts.append(plural(len(tie.actions), "fiche action en commun", "fiches actions en commun"))
    if tie.meetings:
        parts.append(plural(tie.meetings, "réunion ensemble", "réunions ensemble"))
    return f"{tie.first.name} et {tie.second.name} : " + ", ".join(parts)


def star(chart_id: str, title: str, description: str, people: list[Involvement]) -> str:
    """The fiche on the left, joined to each structure in a column: a thick line to a pilote, a line
    to a partenaire, a dashed one to a structure that only attended its meetings. Under each name,
    its role, meetings and decisions."""
    hub_x, x, top = 24, 88, 16

    def draw(screen: Screen) -> Drawing:
        room = _room(screen, x)
        texts = [
            [(line, None) for line in _lines(screen.name(p.structure), room, NAME_SIZE)] + [(line, "releve-role") for line in _lines(p.summary, room, ROLE_SIZE, " · ")]
            for p in people
        ]
        y = _rows(top, texts)
        middle = (y[0] + y[-1]) / 2
        spokes = []
        nodes = []
        for index, person in enumerate(people):
            kind = {"pilote": "releve-lien--pilote", "partenaire": "releve-lien--fiche"}.get(person.role or "", "releve-lien--reunion")
            spokes.append(svg.node("line", {"class": f"releve-lien {kind}", "x1": hub_x, "y1": float(middle), "x2": x, "y2": y[index]}))
            nodes.append(
                svg.node(
                    "g",
                    {"class": "releve-noeud"},
                    svg.node("title", None, svg.text(f"{person.structure.name} : {person.summary}")),
                    svg.node("circle", {"cx": x, "cy": y[index], "r": 6}),
                    *_label(x, y[index], texts[index]),
                )
            )
        hub = svg.node(
            "g",
            {"class": "releve-noeud releve-noeud--fiche"},
            svg.node("circle", {"cx": hub_x, "cy": float(middle), "r": 10}),
            svg.label(hub_x - 10, middle + 30, "Fiche"),
        )
        # The « Fiche » under the hub's circle.
        return Drawing(_width(x, texts), max(_bottom(y[-1], texts[-1]), round(middle) + 38), (*spokes, hub, *nodes))

    return _for_each_screen(draw, chart_id, title, description)

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
