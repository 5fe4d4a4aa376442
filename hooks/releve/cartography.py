"""The maps, drawn at build time as inline SVG: no tile, no script, nothing from another site.

A map is a ``Frame`` (the projection and the scale that fit the territory in the drawing), the
communes' outlines simplified for that scale (Douglas–Peucker at a drawing unit, coordinates
rounded to whole units: the page stays light), their names where they fit, and numbered markers.
The numbers are those of the list printed beside the map, which is the map's text alternative;
each marker is a link to its structure's page.

The drawing is 600 units wide and shown at the width of the page. Labels and markers come in two
sizes: the CSS shows the larger ones on a phone, where the map is drawn at half its size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from . import geo, svg
from .model import Commune, Structure, Territory

MAP_WIDTH = 600
MAP_HEIGHT = 560
"""The largest drawing of the carte des ressources: the territory fits in it, keeping its shape."""
LOCATOR_WIDTH = 300
LOCATOR_HEIGHT = 240
MARGIN = 16

MARKER_RADIUS = 11
PHONE_MARKER_RADIUS = 20
"""A marker's radius in drawing units; the CSS gives the larger one on a phone (``r`` is a CSS
property of circles), where the drawing is shown at about half its size (on a 360 px phone, 328 px
wide for 600 units at most: a disc of 22 px at least)."""
LABEL_SIZE = 12
PHONE_LABEL_SIZE = 22
"""Font sizes of the communes' names (drawing units): on a 360 px phone, 12 px at least (as above);
the names shown there are those that fit at that size, on one line or two, never smaller."""

COLOURS = ("#1f5fa8", "#b34700", "#00704f", "#7b3f99", "#555555", "#8a6100", "#b0185f", "#006a80")
"""One per type of structure, in the order of the legend (again from the first beyond eight): white
numbers on them have a contrast of 4.5:1 at least, and they stand out 3:1 from the communes' fill.
The type is also written in the list, so no reader depends on the colour."""


@dataclass(frozen=True)
class Frame:
    """Where a longitude and latitude fall in a drawing ``width`` × ``height`` units."""

    projection: geo.ConformalConic
    west: float
    north: float
    scale: float
    """Drawing units per metre."""
    width: int
    height: int

    def point(self, lon: float, lat: float) -> geo.Point:
        x, y = self.projection.project(lon, lat)
        return MARGIN + (x - self.west) * self.scale, MARGIN + (self.north - y) * self.scale


MINIMUM_SPAN = 2000.0
"""Metres: the narrowest a frame is, so that one structure alone is drawn among its surroundings."""


def frame(points: Sequence[geo.Point], width: int, height: int) -> Frame:
    """The frame that fits ``points`` (longitude, latitude) in ``width`` × ``height`` less the
    margins, at the projection suited to them; a span below ``MINIMUM_SPAN`` is widened to it."""
    projection = geo.projection_for(*geo.bounds(points))
    west, south, east, north = geo.bounds([projection.project(lon, lat) for lon, lat in points])
    if east - west < MINIMUM_SPAN:
        middle = (east + west) / 2
        west, east = middle - MINIMUM_SPAN / 2, middle + MINIMUM_SPAN / 2
    if north - south < MINIMUM_SPAN:
        middle = (north + south) / 2
        south, north = middle - MINIMUM_SPAN / 2, middle + MINIMUM_SPAN / 2
    scale = min((width - 2 * MARGIN) / (east - west), (height - 2 * MARGIN) / (north - south))
    return Frame(projection, west, north, scale, math.ceil((east - west) * scale) + 2 * MARGIN, math.ceil((north - south) * scale) + 2 * MARGIN)


def territory_frame(territory: Territory, width: int, height: int) -> Frame:
    return frame([point for commune in territory.communes for part in commune.polygons for point in part[0]], width, height)


@dataclass(frozen=True)
class Outline:
    """A commune as drawn in one frame."""

    commune: Commune
    path: str
    """The ``d`` of its ``<path>``: every ring, in whole drawing units."""
    label: geo.Point
    """Where its name is written: the point of its largest part farthest from its edges."""
    largest: tuple[tuple[geo.Point, ...], ...]
    """Its largest part as drawn, where its name must fit."""
    area: float
    """Its drawn area, in square drawing units: the largest communes are named first."""


DRAWN_POINTS = 10
"""Points of a map's outlines per unit of its width, at most (6,000 on the carte des ressources, 3,000
on the locator of every structure's page; the tests' territory of 10,000 points draws 1,200 and 700):
past it, they are simplified again at twice the tolerance. A territory of 1 Mo, one winding outline,
drew 330 ko on each structure's page."""


def outlines(territory: Territory, where: Frame, named: bool = True) -> list[Outline]:
    """The communes in ``where``, each ring simplified to a drawing unit (finer detail would not show;
    coarser past ``DRAWN_POINTS``); ``named``: with the point where each one's name goes (a locator
    writes no name)."""
    projected = [[[[where.point(lon, lat) for lon, lat in ring] for ring in polygon] for polygon in commune.polygons] for commune in territory.communes]
    tolerance = 0.7
    drawn, points = _drawn(territory, projected, tolerance)
    # Up to an eighth of the drawing: coarser, no outline would be recognisable (many small rings stay).
    while points > DRAWN_POINTS * where.width and tolerance < where.width / 8:
        tolerance *= 2
        drawn, points = _drawn(territory, projected, tolerance)
    labels = geo.label_points([largest for _, _, largest, _ in drawn], 2.0) if named else [largest[0][0] for _, _, largest, _ in drawn]
    return [Outline(commune, path, label, largest, area) for (commune, path, largest, area), label in zip(drawn, labels)]


def _drawn(territory: Territory, projected: list, tolerance: float) -> tuple[list, int]:
    """Each commune drawn from its ``projected`` rings simplified at ``tolerance``: its path, its
    largest part and its area; and the number of points of all the paths."""
    drawn, points = [], 0
    for commune, polygons in zip(territory.communes, projected):
        rings, parts = [], []
        for polygon in polygons:
            part = []
            for ring in polygon:
                rounded = _distinct([(round(x), round(y)) for x, y in geo.simplify_ring(ring, tolerance)])
                if len(rounded) >= 3:
                    rings.append("M" + " ".join(f"{x} {y}" for x, y in rounded) + "Z")
                    part.append(tuple(rounded + rounded[:1]))
                    points += len(rounded)
            if part:
                parts.append(tuple(part))
        if not parts:  # a commune smaller than a drawing unit
            continue
        largest = max(parts, key=lambda part: abs(geo.ring_area(part[0])))
        area = sum(abs(geo.ring_area(part[0])) for part in parts)
        drawn.append((commune, "".join(rings), largest, area))
    return drawn, points


def _distinct(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The points without consecutive repeats (rounding merges near points), without the closing one."""
    kept = [point for index, point in enumerate(points) if index == 0 or point != points[index - 1]]
    return kept[:-1] if len(kept) > 1 and kept[0] == kept[-1] else kept


def communes_of(territory: Territory | None, points: Sequence[geo.Point]) -> list[Commune | None]:
    """The commune of the territory where each point (longitude, latitude) lies, if any (tested in
    degrees, as the outlines are written). Each polygon is tested only for the points within
    the bounds of its rings, measured once: each of thousands of structures tested against every
    edge of a detailed territory (a file of 1 Mo, 50,000 points) took minutes."""
    if territory is None:
        return [None] * len(points)
    polygons = [(geo.bounds([point for ring in polygon for point in ring]), polygon, commune) for commune in territory.communes for polygon in commune.polygons]
    return [
        next((commune for (west, south, east, north), polygon, commune in polygons if west <= lon <= east and south <= lat <= north and geo.inside((lon, lat), polygon)), None)
        for lon, lat in points
    ]


@dataclass(frozen=True)
class Marker:
    """A structure on the carte des ressources."""

    number: int
    structure: Structure
    colour: int
    """Index in ``COLOURS`` (its type's place in the legend)."""
    label: str
    """Its link's name (the ``<title>``): number, name and commune."""
    href: str
    """Its link: the structure's page (an engine link, made relative to the page that shows the map)."""


def _marker_positions(points: list[geo.Point], radius: float, width: int, height: int) -> list[geo.Point]:
    """Where each marker's disc is drawn: at its place when no other is near; markers that would
    overlap (structures at one address, or a few doors apart) are spread around their middle, each
    at the first free spot of rings of growing size (starting at the top, clockwise), joined to its
    place by a line. Every disc stays whole inside the drawing; the order of the markers decides.

    Near markers are looked for in the cells of a grid two radii wide around each one, a place once:
    compared with every other, thousands of structures took minutes (a group's discs, spread, are then
    compared again with every disc)."""
    reach = 2 * radius

    def cell(x: float, y: float) -> tuple[int, int]:
        return math.floor(x / reach), math.floor(y / reach)

    def around(x: float, y: float) -> list[tuple[int, int]]:
        column, row = cell(x, y)
        return [(column + dx, row + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]

    groups: list[list[int]] = []
    grid: dict[tuple[int, int], dict[geo.Point, int]] = {}
    """By cell: each place there, with the first of its groups (a marker near it joins the first group near it)."""
    for index, (x, y) in enumerate(points):
        near = (group for c in around(x, y) for (ox, oy), group in grid.get(c, {}).items() if math.hypot(x - ox, y - oy) < reach)
        joined = min(near, default=len(groups))
        if joined == len(groups):
            groups.append([])
        groups[joined].append(index)
        grid.setdefault(cell(x, y), {})[(x, y)] = joined
    placed: dict[int, geo.Point] = {group[0]: points[group[0]] for group in groups if len(group) == 1}
    taken: dict[tuple[int, int], set[geo.Point]] = {}
    for spot in placed.values():
        taken.setdefault(cell(*spot), set()).add(spot)

    def free(spot: geo.Point) -> bool:
        x, y = spot
        inside_drawing = radius <= x <= width - radius and radius <= y <= height - radius
        return inside_drawing and all(math.hypot(x - ox, y - oy) >= reach for c in around(x, y) for ox, oy in taken.get(c, ()))

    for group in (g for g in groups if len(g) > 1):
        cx = sum(points[i][0] for i in group) / len(group)
        cy = sum(points[i][1] for i in group) / len(group)
        spots = [
            (cx + ring * radius * math.cos(angle), cy + ring * radius * math.sin(angle))
            for ring in (1.2, 2.3, 3.4, 4.5, 5.6)
            for angle in (-math.pi / 2 + step * math.pi / (3 * ring) for step in range(round(6 * ring)))
        ]
        for index in group:
            placed[index] = next((spot for spot in spots if free(spot)), spots[0])
            taken.setdefault(cell(*placed[index]), set()).add(placed[index])
    return [(min(max(x, radius), width - radius), min(max(y, radius), height - radius)) for x, y in (placed[i] for i in range(len(points)))]


def _box_overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


LINE_HEIGHT = 1.2
"""The step between the two lines of a name written on two, in font sizes."""


def _layouts(name: str, wrap: bool) -> list[tuple[str, ...]]:
    """The ways to write a commune's name: whole on one line, then (``wrap``) on two, cut after a
    hyphen or at a space where the longer line is shortest. Never shortened: each line is its own."""
    if not wrap:
        return [(name,)]
    cuts = [(name[: i + 1], name[i + 1 :]) for i, c in enumerate(name) if c == "-"] + [(name[:i], name[i + 1 :]) for i, c in enumerate(name) if c == " "]
    cuts = [(first.strip(), second.strip()) for first, second in cuts if first.strip(" -") and second.strip()]
    return [(name,)] + ([min(cuts, key=lambda lines: max(svg.text_width(line) for line in lines))] if cuts else [])


def _names(
    drawn: list[Outline], where: Frame, obstacles: list[tuple[float, float, float, float]], size: float, wrap: bool = False
) -> dict[str, tuple[geo.Point, tuple[str, ...], float]]:
    """Where the communes' names are written at font ``size``, in which lines (``wrap``: on two
    when one does not fit) and with which step between their baselines: the largest communes first,
    each name centred inside its commune, at its label point or above or below it, no wider than half
    as much again as the commune, on no name already written and no marker. A name that fits nowhere is left out, never made smaller: the
    commune is still named by its outline's ``<title>`` and in the list of structures."""
    placed: list[tuple[float, float, float, float]] = list(obstacles)
    named: dict[str, tuple[geo.Point, tuple[str, ...], float]] = {}
    step = LINE_HEIGHT * size
    for outline in sorted(drawn, key=lambda o: (-o.area, o.commune.code)):
        west, _, east, _ = geo.bounds(outline.largest[0])
        x, y = outline.label
        layouts = [(lines, max(svg.text_width(line, size=size) for line in lines)) for lines in _layouts(outline.commune.name, wrap)]
        spots = ((lines, width, y + shift * size) for lines, width in layouts if width <= 1.5 * (east - west) for shift in (0.35, -0.9, 1.6, -2.1, 2.8, -3.3))
        for lines, width, baseline in spots:
            depth = (len(lines) - 1) * step
            box = (x - width / 2, baseline - size * 0.8, x + width / 2, baseline + depth + size * 0.25)
            within = box[0] >= 0 and box[1] >= 0 and box[2] <= where.width and box[3] <= where.height
            if within and geo.inside((x, baseline + depth / 2 - size * 0.3), outline.largest) and not any(_box_overlaps(box, other) for other in placed):
                placed.append(box)
                named[outline.commune.code] = ((x, baseline), lines, step)
                break
    return named


def resource_map(chart_id: str, title: str, description: str, where: Frame, drawn: list[Outline], markers: list[Marker]) -> str:
    """The carte des ressources: communes outlined and named, numbered markers coloured by type, each a link."""
    places = [where.point(m.structure.coordinates.longitude, m.structure.coordinates.latitude) for m in markers]
    discs = _marker_positions(places, PHONE_MARKER_RADIUS, where.width, where.height)
    # A name covers no marker (at each size's radius) and no line from a moved marker to its place.
    lines = [(min(px, dx) - 3, min(py, dy) - 3, max(px, dx) + 3, max(py, dy) + 3) for (px, py), (dx, dy) in zip(places, discs)]

    def discs_of(radius: float) -> list[tuple[float, float, float, float]]:
        return [(x - radius, y - radius, x + radius, y + radius) for x, y in discs]

    on_desktop = _names(drawn, where, discs_of(MARKER_RADIUS + 2) + lines, LABEL_SIZE)
    # A phone's names may take two lines: few communes are wide enough for a whole name at its size.
    on_phone = _names(drawn, where, discs_of(PHONE_MARKER_RADIUS + 2) + lines, PHONE_LABEL_SIZE, wrap=True)
    communes = _commune_paths(drawn, None)
    # A name shown at both sizes in one line at one place is written once (with both classes).
    names = []
    for outline in drawn:
        code = outline.commune.code
        spots: dict[tuple[tuple[int, int], tuple[str, ...]], tuple[float, list[str]]] = {}
        if code in on_desktop:
            (x, y), text, step = on_desktop[code]
            spots[(round(x), round(y)), text] = (step, ["releve-nom--ecran"])
        if code in on_phone:
            (x, y), text, step = on_phone[code]
            near = [spot for spot in spots if spot[1] == text and math.hypot(spot[0][0] - x, spot[0][1] - y) < PHONE_LABEL_SIZE / 2]
            spots.setdefault(near[0] if near else ((round(x), round(y)), text), (step, []))[1].append("releve-nom--telephone")
        for ((x, y), text), (step, sizes) in spots.items():
            names += [svg.label(x, y + index * step, line, " ".join(["releve-nom", *sizes]), "middle") for index, line in enumerate(text)]
    pins = [_marker(marker, place, disc) for marker, place, disc in zip(markers, places, discs)]
    layers = [svg.node("g", {"class": css}, *items) for css, items in (("releve-communes", communes), ("releve-noms", names), ("releve-marqueurs", pins)) if items]
    # Its markers are links: inside an image (role="img") they would be hidden from assistive technologies.
    return svg.document(chart_id, where.width, where.height, title, description, *layers, css="releve-svg releve-plan", image=False)


def _commune_paths(drawn: list[Outline], home: Commune | None) -> list[str]:
    """Each commune's outline, named by its ``<title>``; ``home``'s shaded."""
    return [
        svg.node(
            "path",
            {"class": "releve-commune" + (" releve-commune--ici" if home is not None and outline.commune.code == home.code else ""), "d": outline.path},
            svg.node("title", None, svg.text(outline.commune.name)),
        )
        for outline in drawn
    ]


def _marker(marker: Marker, place: geo.Point, disc: geo.Point) -> str:
    """A marker as a link to its structure's page, named by its ``<title>`` (a finger or the keyboard opens it)."""
    (px, py), (dx, dy) = place, disc
    moved = (round(px), round(py)) != (round(dx), round(dy))
    return svg.node(
        "a",
        {"href": marker.href, "class": f"releve-marqueur releve-couleur-{marker.colour}"},
        svg.node("title", None, svg.text(marker.label)),
        svg.node("line", {"class": "releve-renvoi", "x1": float(px), "y1": float(py), "x2": float(dx), "y2": float(dy)}) if moved else "",
        svg.node("circle", {"class": "releve-lieu", "cx": float(px), "cy": float(py), "r": 2}),
        svg.node("circle", {"class": "releve-disque", "cx": float(dx), "cy": float(dy), "r": MARKER_RADIUS}),
        svg.node("text", {"x": float(dx), "y": float(dy), "text-anchor": "middle"}, svg.text(marker.number)),
    )


def locator_map(chart_id: str, title: str, description: str, where: Frame, drawn: list[Outline], home: Commune | None, place: geo.Point) -> str:
    """The small map of a structure page: the territory, its commune shaded, one marker."""
    x, y = place
    communes = svg.node("g", {"class": "releve-communes"}, *_commune_paths(drawn, home))
    marker = svg.node("circle", {"class": "releve-repere", "cx": float(x), "cy": float(y), "r": 7})
    return svg.document(chart_id, where.width, where.height, title, description, communes, marker, css="releve-svg releve-plan releve-plan--reperage")
