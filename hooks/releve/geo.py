"""The geometry of the maps, in plain Python: projection, simplification, point in polygon.

France's legal projection, Lambert-93 (EPSG:2154), is a conformal conic projection on the GRS80
ellipsoid; its formulas (IGN's « Projection cartographique conique conforme de Lambert », Snyder's
*Map Projections — A Working Manual* §15) fit in a few lines, so no projection library (PROJ and
its data files) is needed for the few thousand points of a territory. A territory outside its
domain (a CLSM overseas) gets the same projection tangent at its own latitude: still conformal,
and true to scale where the territory is.

Everything here is deterministic: the same points give the same numbers, in the same order.
"""

from __future__ import annotations

import heapq
import math
from typing import Sequence

Point = tuple[float, float]

GRS80_A = 6378137.0
GRS80_F = 1 / 298.257222101
_E = math.sqrt(2 * GRS80_F - GRS80_F**2)
"""The first eccentricity of the GRS80 ellipsoid."""

LAMBERT_93_DOMAIN = (-9.86, 41.15, 10.38, 51.56)
"""Where EPSG:2154 is meant to be used (metropolitan France and Corsica), as (west, south, east, north)."""


def _m(phi: float) -> float:
    return math.cos(phi) / math.sqrt(1 - (_E * math.sin(phi)) ** 2)


def _t(phi: float) -> float:
    sine = _E * math.sin(phi)
    return math.tan(math.pi / 4 - phi / 2) / ((1 - sine) / (1 + sine)) ** (_E / 2)


class ConformalConic:
    """Lambert's conformal conic projection of GRS80 with two standard parallels (or one, twice)."""

    def __init__(self, lon0: float, lat0: float, lat1: float, lat2: float, x0: float = 0.0, y0: float = 0.0):
        phi0, phi1, phi2 = map(math.radians, (lat0, lat1, lat2))
        if phi1 == phi2:
            self.n = math.sin(phi1)
        else:
            self.n = (math.log(_m(phi1)) - math.log(_m(phi2))) / (math.log(_t(phi1)) - math.log(_t(phi2)))
        self.scale = GRS80_A * _m(phi1) / (self.n * _t(phi1) ** self.n)
        self.rho0 = self.scale * _t(phi0) ** self.n
        self.lambda0 = math.radians(lon0)
        self.x0, self.y0 = x0, y0

    def project(self, lon: float, lat: float) -> Point:
        """(x, y) in metres, x to the east and y to the north, of a WGS84 longitude and latitude."""
        rho = self.scale * _t(math.radians(lat)) ** self.n
        theta = self.n * (math.radians(lon) - self.lambda0)
        return self.x0 + rho * math.sin(theta), self.y0 + self.rho0 - rho * math.cos(theta)


LAMBERT_93 = ConformalConic(lon0=3.0, lat0=46.5, lat1=44.0, lat2=49.0, x0=700_000.0, y0=6_600_000.0)
"""EPSG:2154 (RGF93 / Lambert-93). WGS84 and RGF93 coordinates differ by less than a metre."""


def projection_for(west: float, south: float, east: float, north: float) -> ConformalConic:
    """Lambert-93 for a territory inside its domain, else the conformal conic tangent at the
    territory's middle latitude (kept one degree away from the equator, where the cone becomes a cylinder)."""
    d_west, d_south, d_east, d_north = LAMBERT_93_DOMAIN
    if d_west <= west and east <= d_east and d_south <= south and north <= d_north:
        return LAMBERT_93
    middle = (south + north) / 2
    if abs(middle) < 1:
        middle = 1.0 if middle >= 0 else -1.0
    return ConformalConic(lon0=(west + east) / 2, lat0=middle, lat1=middle, lat2=middle)


def _distance_to_segment(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    if length == 0:
        return math.hypot(px - ax, py - ay)
    along = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.hypot(px - ax - along * dx, py - ay - along * dy)


SIMPLIFICATION_WORK = 32
"""Distances measured per point of a ring by its simplification: Douglas–Peucker measures some
times log n per point on a real outline, but n per point on a comb whose every tooth splits one
point off at a time (a ring of 16,000 points took 17 s); past it, ``_thinned`` takes over."""


def _kept(points: Sequence[Point], tolerance: float, keep: list[bool], first: int, last: int, work: int) -> int:
    """Douglas–Peucker between ``first`` and ``last``, with a stack rather than recursion (a ring
    of a coast may have thousands of points); squared distances, computed inline (the innermost
    loop of every map). At most ``work`` distances are measured, what is left is thinned; returns
    the work left."""
    limit = tolerance * tolerance
    stack = [(first, last)]
    while stack:
        start, end = stack.pop()
        if work <= 0:
            _thinned(points, limit, keep, start, end)
            continue
        work -= end - start - 1
        ax, ay = points[start]
        bx, by = points[end]
        dx, dy = bx - ax, by - ay
        length = dx * dx + dy * dy
        farthest, distance = -1, limit
        for index in range(start + 1, end):
            px, py = points[index]
            if length:
                along = ((px - ax) * dx + (py - ay) * dy) / length
                along = 0.0 if along < 0 else 1.0 if along > 1 else along
                ex, ey = px - ax - along * dx, py - ay - along * dy
            else:
                ex, ey = px - ax, py - ay
            d = ex * ex + ey * ey
            if d > distance:
                farthest, distance = index, d
        if farthest >= 0:
            keep[farthest] = True
            stack += [(start, farthest), (farthest, end)]
    return work


def _thinned(points: Sequence[Point], limit: float, keep: list[bool], start: int, end: int) -> None:
    """Between ``start`` and ``end``, each point at the tolerance (squared: ``limit``) or farther from
    the last one kept: every point left out is within the tolerance of one kept, in one pass."""
    ax, ay = points[start]
    for index in range(start + 1, end):
        px, py = points[index]
        if (px - ax) ** 2 + (py - ay) ** 2 >= limit:
            keep[index] = True
            ax, ay = px, py


def kept_in_ring(ring: Sequence[Point], tolerance: float) -> list[int]:
    """The indexes of the points of a closed ring that its simplification keeps, the ring still
    closed and with three distinct points at least: the ring is cut at its point farthest from the
    first, and each half simplified (a chord from a point to itself would measure nothing)."""
    closed = list(ring) if len(ring) > 1 and ring[0] == ring[-1] else [*ring, ring[0]]
    if len(closed) <= 4:
        return list(range(len(closed)))
    first = closed[0]
    far = max(range(len(closed) - 1), key=lambda i: (closed[i][0] - first[0]) ** 2 + (closed[i][1] - first[1]) ** 2)
    keep = [False] * len(closed)
    keep[0] = keep[far] = keep[-1] = True
    work = _kept(closed, tolerance, keep, 0, far, SIMPLIFICATION_WORK * len(closed))
    _kept(closed, tolerance, keep, far, len(closed) - 1, work)
    if sum(keep) < 4:  # a triangle at least: the point farthest from the chord
        third = max((i for i in range(len(closed)) if not keep[i]), key=lambda i: _distance_to_segment(closed[i], first, closed[far]), default=None)
        if third is not None:
            keep[third] = True
    return [index for index, kept in enumerate(keep) if kept]


def simplify_ring(ring: Sequence[Point], tolerance: float) -> list[Point]:
    """A closed ring simplified (see ``kept_in_ring``), closed."""
    closed = list(ring) if len(ring) > 1 and ring[0] == ring[-1] else [*ring, ring[0]]
    return [closed[index] for index in kept_in_ring(closed, tolerance)]


def ring_area(ring: Sequence[Point]) -> float:
    """The area of a ring (shoelace formula), positive when it turns anticlockwise (y up)."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:])) / 2


def inside(point: Point, polygon: Sequence[Sequence[Point]]) -> bool:
    """Whether ``point`` is inside the polygon (its outer ring, less its holes), by the even–odd
    rule: a ray from the point crosses the rings an odd number of times."""
    x, y = point
    crossings = 0
    for ring in polygon:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                crossings += 1
    return crossings % 2 == 1


def _signed_distance(point: Point, polygon: Sequence[Sequence[Point]]) -> float:
    """The distance from ``point`` to the polygon's nearest edge, negative outside it (the
    even–odd crossings counted in the same pass over the edges)."""
    px, py = point
    nearest = math.inf
    crossings = 0
    for ring in polygon:
        for (ax, ay), (bx, by) in zip(ring, ring[1:]):
            if (ay > py) != (by > py) and px < ax + (py - ay) * (bx - ax) / (by - ay):
                crossings += 1
            dx, dy = bx - ax, by - ay
            length = dx * dx + dy * dy
            along = ((px - ax) * dx + (py - ay) * dy) / length if length else 0.0
            along = 0.0 if along < 0 else 1.0 if along > 1 else along
            ex, ey = px - ax - along * dx, py - ay - along * dy
            d = ex * ex + ey * ey
            if d < nearest:
                nearest = d
    return math.sqrt(nearest) if crossings % 2 else -math.sqrt(nearest)


LABEL_WORK = 4_000_000
"""Edges measured to place the names of one map's communes (``label_points``): a real commune needs
some thousands, and this is a second or two for them all; a territory of combs with thin teeth,
each keeping thousands of cells of ``label_point`` open, took minutes."""


def label_points(polygons: Sequence[Sequence[Sequence[Point]]], precision: float, work: int = LABEL_WORK) -> list[Point]:
    """The ``label_point`` of each polygon, ``work`` shared out evenly between them."""
    return [label_point(polygon, precision, work // len(polygons)) for polygon in polygons]


def label_point(polygon: Sequence[Sequence[Point]], precision: float = 1.0, work: int = LABEL_WORK) -> Point:
    """The point inside the polygon farthest from its edges (its pole of inaccessibility, found as
    Mapbox's *polylabel* does: cells split while they may hold a farther point), where a name sits
    best, whatever the commune's shape. Deterministic: ties are broken by the order of the cells.

    ``work`` bounds the edges measured (cells × edges); past it, the best point found so far is kept."""
    west, south, east, north = bounds(polygon[0])
    size = min(east - west, north - south)
    if size <= 0:
        return polygon[0][0]
    queue: list[tuple[float, int, float, float, float, float]] = []
    counter = 0
    cells = max(1, work // sum(len(ring) for ring in polygon))

    def push(x: float, y: float, half: float) -> None:
        nonlocal counter
        if counter >= cells:
            return
        distance = _signed_distance((x, y), polygon)
        heapq.heappush(queue, (-(distance + half * math.sqrt(2)), counter, x, y, half, distance))
        counter += 1

    half = size / 2
    y = south
    while y < north:
        x = west
        while x < east:
            push(x + half, y + half, half)
            x += size
        y += size
    centre = ((west + east) / 2, (south + north) / 2)
    best, best_distance = centre, _signed_distance(centre, polygon)
    while queue:
        potential, _, x, y, half, distance = heapq.heappop(queue)
        if distance > best_distance:
            best, best_distance = (x, y), distance
        if -potential - best_distance <= precision:
            continue
        half /= 2
        for dx, dy in ((-1, -1), (1, -1), (-1, 1), (1, 1)):
            push(x + dx * half, y + dy * half, half)
    return best


def bounds(points: Sequence[Point]) -> tuple[float, float, float, float]:
    """(min x, min y, max x, max y) of some points."""
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)
