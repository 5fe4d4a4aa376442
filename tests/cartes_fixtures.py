"""Fictional inputs of the maps' tests: a made-up territory, made-up structures and a tiny file in
the format of the national address base (BAN). Nothing here describes a real place: the communes'
codes start with 99 (the INSEE's prefix of foreign countries, never a French commune), their
names are invented, and their shapes are drawn by the functions below.
"""

from __future__ import annotations

import json
import math

from conftest import BASE_FILES

WEST, SOUTH = 4.0, 47.0
COLUMNS, ROWS = 6, 7
CELL_LON, CELL_LAT = 0.05, 0.035
WAVES = 60
"""Points along each edge of the grid: the fictional borders wind like real ones, so the maps'
simplification has work to do (the page budget is measured on them)."""


def _edge(start: tuple[float, float], end: tuple[float, float], seed: int) -> list[tuple[float, float]]:
    """A winding border from ``start`` to ``end`` (its ends fixed, so neighbours share it exactly)."""
    (x1, y1), (x2, y2) = start, end
    points = []
    for step in range(WAVES + 1):
        t = step / WAVES
        bend = math.sin(math.pi * t) * (0.08 * math.sin(seed + 7 * t) + 0.01 * math.sin(37 * t + seed))
        dx, dy = x2 - x1, y2 - y1
        points.append((round(x1 + dx * t - dy * bend, 6), round(y1 + dy * t + dx * bend, 6)))
    return points


def _corner(column: int, row: int) -> tuple[float, float]:
    return (round(WEST + column * CELL_LON, 6), round(SOUTH + row * CELL_LAT, 6))


def _cell(column: int, row: int) -> list[tuple[float, float]]:
    """The outline of the grid's cell, anticlockwise, from its borders (the same for both neighbours)."""
    a, b, c, d = _corner(column, row), _corner(column + 1, row), _corner(column + 1, row + 1), _corner(column, row + 1)
    south = _edge(a, b, 3 * row + column)
    east = _edge(b, c, 100 + 3 * column + row)
    north = list(reversed(_edge(d, c, 3 * (row + 1) + column)))
    west = list(reversed(_edge(a, d, 100 + 3 * (column) + row)))
    ring = south[:-1] + east[:-1] + north[:-1] + west
    return [list(p) for p in ring]


def _square(west: float, south: float, east: float, north: float) -> list[list[float]]:
    return [[west, south], [east, south], [east, north], [west, north], [west, south]]


HOLE = (4.113, 47.092, 4.137, 47.101)
"""The enclave « Enclave-sur-Test », inside the commune of cell (2, 2) (north of its centre, where a structure lies)."""
ISLAND = (4.31, 47.23, 4.33, 47.24)
"""A second part of « Fictiville-Port » (cell (5, 6)), beyond the grid."""


def commune_name(column: int, row: int) -> str:
    return {(2, 2): "Saint-Exemple", (0, 0): "Valmont", (1, 0): "Bourg-sur-Test", (5, 6): "Fictiville-Port"}.get((column, row), f"Commune fictive {row * COLUMNS + column + 1}")


def territory() -> dict:
    features = []
    for row in range(ROWS):
        for column in range(COLUMNS):
            code = f"99{row * COLUMNS + column + 1:03d}"
            ring = _cell(column, row)
            if (column, row) == (2, 2):
                geometry = {"type": "Polygon", "coordinates": [ring, list(reversed(_square(*HOLE)))]}
            elif (column, row) == (5, 6):
                geometry = {"type": "MultiPolygon", "coordinates": [[ring], [_square(*ISLAND)]]}
            else:
                geometry = {"type": "Polygon", "coordinates": [ring]}
            features.append({"type": "Feature", "properties": {"code": code, "nom": commune_name(column, row), "epci": "999000001"}, "geometry": geometry})
    features.append(
        {"type": "Feature", "properties": {"code": "99100", "nom": "Enclave-sur-Test", "epci": "999000001"}, "geometry": {"type": "Polygon", "coordinates": [_square(*HOLE)]}}
    )
    return {"type": "FeatureCollection", "source": "territoire fictif des tests", "features": features}


def territory_text() -> str:
    return json.dumps(territory(), separators=(",", ":"))


def cell_centre(column: int, row: int) -> tuple[float, float]:
    lon, lat = _corner(column, row)
    return round(lon + CELL_LON / 2, 5), round(lat + CELL_LAT / 2, 5)


TYPES = ("Association", "Service municipal", "Établissement de santé", "Service hospitalier")
PUBLICS = (["Adultes"], ["Enfants", "Familles"], ["Adultes", "Familles"], [])


def located_structures(count: int = 47) -> list[dict]:
    """Fictional structures, each at the centre of one cell of the grid (which lies inside the
    cell's commune: the borders wind by less than a quarter of a cell), with their commune."""
    structures = []
    for number in range(count):
        column, row = number % COLUMNS, (number // COLUMNS) % ROWS
        lon, lat = cell_centre(column, row)
        structures.append(
            {
                "id": f"structure-fictive-{number + 1}",
                "nom": f"Structure fictive {number + 1}",
                "type": TYPES[number % len(TYPES)],
                "publics": PUBLICS[number % len(PUBLICS)],
                "lon": lon,
                "lat": lat,
                "commune": commune_name(column, row),
            }
        )
    return structures


SPECIAL = [
    # Two structures at one address: their markers are drawn apart, each joined to its place.
    {"id": "ch-jury", "lon": 4.0201, "lat": 47.0101, "commune": "Valmont"},
    {"id": "cmp-winnicott", "lon": 4.0202, "lat": 47.0102, "commune": "Valmont"},
    # In the enclave, inside the hole of Saint-Exemple.
    {"id": "epe-57", "lon": 4.125, "lat": 47.0965, "commune": "Enclave-sur-Test"},
]


def _coordinates(lat: float, lon: float, ban_id: str) -> str:
    return f"""    coordonnees:
      latitude: {lat}
      longitude: {lon}
      source: "Base Adresse Nationale, adresse {ban_id} (adresses-99.csv.gz)"
      date: 2022-03-01
"""


def partners() -> str:
    """The fixture's partners.yaml with coordinates for its three structures and 47 fictional ones: 50 on the map."""
    text = BASE_FILES["partners.yaml"]
    for special in SPECIAL:
        anchor = f"  - id: {special['id']}\n"
        start = text.index(anchor)
        end = text.find("\n  - id:", start + 1)
        end = len(text) if end < 0 else end + 1
        text = text[:end] + _coordinates(special["lat"], special["lon"], f"99001_0001_{special['id']}") + text[end:]
    for s in located_structures():
        publics = f"    publics: [{', '.join(s['publics'])}]\n" if s["publics"] else ""
        text += f"""  - id: {s['id']}
    nom: {s['nom']}
    type: {s['type']}
{publics}""" + _coordinates(s["lat"], s["lon"], f"99001_0002_{s['id']}")
    return text


def expected_communes() -> dict[str, str]:
    """The commune of each structure on the map, by name, as the fixture places it."""
    return {s["nom"]: s["commune"] for s in located_structures()} | {
        "Centre hospitalier de Jury": "Valmont",
        "Centre psychothérapeutique Winnicott": "Valmont",
        "EPE 57": "Enclave-sur-Test",
    }


BAN_HEADER = (
    "id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;code_insee_ancienne_commune;nom_ancienne_commune;"
    "x;y;lon;lat;type_position;alias;nom_ld;libelle_acheminement;nom_afnor;source_position;source_nom_voie;certification_commune;cad_parcelles"
)


def _ban_row(ban_id: str, number: str, rep: str, street: str, postcode: str, insee: str, city: str, lon: str, lat: str) -> str:
    return f"{ban_id};{ban_id.rsplit('_', 1)[0]};{number};{rep};{street};{postcode};{insee};{city};;;;;{lon};{lat};entrée;;;{city.upper()};{street.upper()};commune;commune;1;"


BAN_CSV = "\n".join(
    [
        BAN_HEADER,
        _ban_row("99001_0010_00001", "1", "", "Rue de l'Exemple", "99100", "99001", "Valmont", "4.02012", "47.01013"),
        _ban_row("99001_0010_00003", "3", "", "Rue de l'Exemple", "99100", "99001", "Valmont", "4.02031", "47.01024"),
        _ban_row("99001_0010_00003_bis", "3", "bis", "Rue de l'Exemple", "99100", "99001", "Valmont", "4.02042", "47.01029"),
        _ban_row("99001_0020_00012", "12", "", "Avenue du Général de Gaulle", "99100", "99001", "Valmont", "4.03104", "47.02005"),
        _ban_row("99002_0030_00005", "5", "", "Place de la Fontaine", "99200", "99002", "Bourg-sur-Test", "4.07511", "47.01502"),
        _ban_row("99002_0030_00009", "9", "", "Place de la Fontaine", "99200", "99002", "Bourg-sur-Test", "4.07533", "47.01517"),
        _ban_row("99003_0040_00002", "2", "", "Chemin des Vignes", "99300", "99003", "Commune fictive 3", "4.12502", "47.01755"),
    ]
) + "\n"
"""Fictional addresses in the BAN's CSV format (its real columns, « ; » separated, UTF-8)."""
