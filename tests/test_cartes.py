"""The carte des ressources, the locators and the cartes partenariales, on a fictional territory
(tests/cartes_fixtures.py): projection, simplification, markers inside their communes, the
sanitizer, byte-for-byte builds, the open data, and the territory's and coordinates' checks."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import math
import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest
from cartes_fixtures import BAN_CSV, expected_communes, located_structures, partners, territory, territory_text
from conftest import BASE_FILES, SITE_URL, assert_golden, build_in_process, content_problems, inline_svgs, project_config, shared_build, write_project

from releve import geo, pipeline, sanitize
from releve.cli import main

SVG = "{http://www.w3.org/2000/svg}"
CARTE_FILES = {**BASE_FILES, "partners.yaml": partners(), "carte/territoire.geojson": territory_text(), "mkdocs.yml": project_config(f"site_url: {SITE_URL}\n")}


def write_carte_site(root: Path) -> None:
    write_project(root, CARTE_FILES)


@pytest.fixture(scope="module")
def carte_site(tmp_path_factory):
    """The fixture site with the fictional territory and 50 structures on the map."""
    return shared_build(tmp_path_factory, "cartes", write_carte_site)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The fixture site's linked content and generated pages, in process (no MkDocs)."""
    root = tmp_path_factory.mktemp("cartes-en-memoire")
    write_carte_site(root)
    linked = pipeline.load(root, today=dt.date(2022, 4, 1))
    return linked, pipeline.render_site(linked)


LOCATED_PARTNERS = partners().split("  - id: structure-fictive-1\n")[0].replace("    coordonnees:\n", "    verifie_le: 2022-03-01\n    coordonnees:\n")
"""The fixture's three structures, verified and with coordinates."""


@pytest.fixture(scope="module")
def located_site(tmp_path_factory):
    """The fixture site whose three structures have coordinates, without a territory, published at ``SITE_URL``."""
    files = {**BASE_FILES, "partners.yaml": LOCATED_PARTNERS, "mkdocs.yml": project_config(f"site_url: {SITE_URL}\n")}
    return shared_build(tmp_path_factory, "cartes-sans-territoire", lambda root: write_project(root, files))


# --- Geometry -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lon, lat, x, y",
    [
        # Computed by PROJ 9 (pyproj, EPSG:4326 → EPSG:2154) for arbitrary points of its domain.
        (3.0, 46.5, 700000.0, 6600000.0),
        (6.17, 49.12, 931356.6466428371, 6895777.242990147),
        (-4.5, 48.4, 145709.78894982324, 6837422.082614361),
        (9.45, 42.7, 1228546.0453160065, 6199420.64397506),
    ],
)
def test_lambert_93_is_proj_to_the_millimetre(lon, lat, x, y):
    px, py = geo.LAMBERT_93.project(lon, lat)
    assert abs(px - x) < 0.001 and abs(py - y) < 0.001


def test_a_territory_overseas_gets_a_conic_at_its_own_latitude():
    # PROJ: +proj=lcc +lat_0=-21 +lat_1=-21 +lat_2=-21 +lon_0=55.5 +ellps=GRS80 for (55.3, -21.1).
    projection = geo.projection_for(55.2, -21.4, 55.8, -20.8)
    assert projection is not geo.LAMBERT_93
    x, y = geo.ConformalConic(55.5, -21, -21, -21).project(55.3, -21.1)
    assert abs(x - -20780.224698466103) < 0.001 and abs(y - -11084.770801082013) < 0.001
    assert geo.projection_for(4.0, 47.0, 4.4, 47.3) is geo.LAMBERT_93


def test_simplification_keeps_every_point_within_the_tolerance():
    circle = [(100 * math.cos(i / 200 * 2 * math.pi), 100 * math.sin(i / 200 * 2 * math.pi)) for i in range(200)]
    ring = circle + circle[:1]
    simplified = geo.simplify_ring(ring, 2.0)
    assert simplified[0] == simplified[-1] and 8 < len(simplified) < 60
    for point in ring:
        assert min(geo._distance_to_segment(point, a, b) for a, b in zip(simplified, simplified[1:])) <= 2.0 + 1e-9
    assert len(geo.simplify_ring(ring, 1000)) == 4  # a triangle at least, closed


def test_point_in_polygon_honours_holes_and_labels_sit_inside():
    square = [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]
    hole = [(4, 4), (6, 4), (6, 6), (4, 6), (4, 4)]
    assert geo.inside((2, 2), [square, hole]) and not geo.inside((5, 5), [square, hole]) and not geo.inside((11, 5), [square])
    crescent = [(0, 0), (10, 0), (10, 10), (0, 10), (0, 8), (8, 8), (8, 2), (0, 2), (0, 0)]
    assert geo.inside(geo.label_point([crescent]), [crescent])
    assert geo.inside(geo.label_point([square, hole]), [square, hole])


# --- The carte des ressources ---------------------------------------------------------------------


def _rings(d: str) -> list[list[tuple[float, float]]]:
    rings = []
    for part in re.findall(r"M([^MZ]+)Z", d):
        numbers = [float(n) for n in part.split()]
        ring = list(zip(numbers[::2], numbers[1::2]))
        rings.append(ring + ring[:1])
    return rings


def _map(html: str) -> ET.Element:
    return inline_svgs(html)["carte-ressources"]


def _markers(chart: ET.Element) -> list[ET.Element]:
    """The markers of a carte des ressources: each a link (``<a>``) to its structure's page."""
    return [a for a in chart.iter(f"{SVG}a") if "releve-marqueur" in a.get("class", "").split()]


def test_each_marker_lies_in_its_commune(carte_site):
    chart = _map(carte_site.raw_html("carte/index.html"))
    communes = {path.findtext(f"{SVG}title"): _rings(path.get("d")) for path in chart.iter(f"{SVG}path")}
    expected = expected_communes()
    markers = _markers(chart)
    assert len(markers) == 50
    ids = {s["nom"]: s["id"] for s in located_structures()} | {"Centre hospitalier de Jury": "ch-jury", "Centre psychothérapeutique Winnicott": "cmp-winnicott", "EPE 57": "epe-57"}
    for marker in markers:
        title = marker.findtext(f"{SVG}title")
        name = re.match(r"\d+\. (.*?)(?: \(.*\))?, ", title).group(1)
        # The link's name (its title, « 1. Centre hospitalier de Jury (CH Jury), Valmont ») and its target.
        assert marker.get("href") == f"../annuaire/{ids[name]}/"
        place = next(c for c in marker.iter(f"{SVG}circle") if c.get("class") == "releve-lieu")
        point = (float(place.get("cx")), float(place.get("cy")))
        commune = expected[name]
        assert geo.inside(point, communes[commune]), f"{title} : hors de {commune}"
        assert title.endswith(f", {commune}")
        # Drawn inside its own commune, it is in no other one (an enclave is a hole of its neighbour).
        assert [c for c, rings in communes.items() if geo.inside(point, rings)] == [commune]


def test_markers_at_one_address_are_drawn_apart_and_joined_to_it(carte_site):
    chart = _map(carte_site.raw_html("carte/index.html"))
    discs = {}
    for marker in _markers(chart):
        name = marker.findtext(f"{SVG}title")
        disc = next(c for c in marker.iter(f"{SVG}circle") if c.get("class") == "releve-disque")
        discs[name] = (float(disc.get("cx")), float(disc.get("cy")), marker.find(f"{SVG}line") is not None)
    jury = next(v for k, v in discs.items() if "Centre hospitalier de Jury" in k)
    winnicott = next(v for k, v in discs.items() if "Winnicott" in k)
    assert jury[2] and winnicott[2]  # each joined by a line to its place
    assert ((jury[0] - winnicott[0]) ** 2 + (jury[1] - winnicott[1]) ** 2) ** 0.5 >= 2 * 11


def test_the_list_beside_the_map_names_every_marker_by_commune(carte_site):
    html = carte_site.html("carte/index.html")
    listing = html[html.index('<div class="releve-ressources__liste">') :]
    numbers = [int(n) for n in re.findall(r'<span class="releve-numero releve-couleur-\d">(\d+)</span>', listing)]
    assert sorted(numbers) == list(range(1, 51))
    assert "<h3>Enclave-sur-Test</h3>" in listing and '<a href="../annuaire/epe-57/">EPE 57</a>' in listing
    # The legend names each type with its count; the filters are links to one page per type and public.
    assert re.search(r"</svg> Association \(\d+\)</li>", html)
    assert '<a href="type/service-municipal/">Service municipal</a>' in html and '<a href="public/familles/">Familles</a>' in html
    assert "Sources : contours des communes, territoire fictif des tests ; positions des structures, Base Adresse Nationale." in html
    assert "Pour la coordination" not in html  # every structure has its coordinates and the territory is there


def test_a_filter_page_shows_its_structures_with_their_numbers_of_the_full_map(carte_site):
    full = _map(carte_site.raw_html("carte/index.html"))
    numbers = {a.findtext(f"{SVG}title"): a.get("href") for a in _markers(full)}
    page = carte_site.html("carte/type/service-municipal/index.html")
    chart = _map(carte_site.raw_html("carte/type/service-municipal/index.html"))
    markers = {a.findtext(f"{SVG}title"): a.get("href") for a in _markers(chart)}
    # The same numbers and names as on the full map, each linked from this page's folder.
    assert markers and all(numbers[title] == href.replace("../../../", "../") for title, href in markers.items())
    listed = re.findall(r'releve-numero[^>]*>(\d+)</span> <a href="([^"]*)">[^<]*</a> — ([^,<]*)', page)
    assert sorted((number, href) for number, href, kind in listed) == sorted((title.split(".")[0], href) for title, href in markers.items())
    assert {kind for _, _, kind in listed} == {"Service municipal"}
    assert "<h1" in page and "Carte des ressources : Service municipal" in page
    assert "Les structures de l'annuaire de type « Service municipal » qui ont des coordonnées." in page
    # A public's page names it once (it read « de type ou de public « public « Familles » » »).
    public = carte_site.html("carte/public/familles/index.html")
    assert "Carte des ressources : public « Familles »" in public
    assert "Les structures de l'annuaire de public « Familles » qui ont des coordonnées." in public
    assert '<strong class="releve-filtre-actif">Service municipal</strong>' in page
    # Each « · » holds to the filter before it: on a phone, no line of filters starts with one.
    filters = unescape(carte_site.raw_html("carte/type/service-municipal/index.html").split('class="releve-carte-filtres"')[1].split("</div>")[0])
    assert filters.count("\u00a0· ") == 7 and " · " not in filters
    assert len(list(chart.iter(f"{SVG}path"))) == len(list(full.iter(f"{SVG}path")))  # the same territory


def test_the_map_page_stays_within_its_budget_with_50_structures(carte_site):
    size = len((carte_site.site / "carte/index.html").read_bytes())
    assert size <= 150_000, f"carte/index.html : {size} octets"
    chart = _map(carte_site.raw_html("carte/index.html"))
    points = sum(len(re.findall(r"\d+ \d+", path.get("d"))) for path in chart.iter(f"{SVG}path"))
    source = sum(len(ring) for f in territory()["features"] for part in ([f["geometry"]["coordinates"]] if f["geometry"]["type"] == "Polygon" else f["geometry"]["coordinates"]) for ring in part)
    assert points < source / 3  # simplified for the drawing's scale


def test_the_maps_pass_the_sanitizer_untouched(rendered):
    _, output = rendered
    pages = {page.src_uri: page for page in output.pages}
    drawings = [fragment for uri in ("carte/index.md", "annuaire/epe-57.md", "projets/reseau.md", "carte/partenariale.md") for fragment in pages[uri].fragments if "<svg" in fragment]
    assert len(drawings) >= 4
    for drawing in drawings:
        for svg in re.findall(r"<svg\b.*?</svg>", drawing, flags=re.S):
            before, after = ET.fromstring(svg), ET.fromstring(re.search(r"<svg\b.*?</svg>", sanitize.page_html(svg), flags=re.S).group(0))
            assert [(e.tag, e.attrib, (e.text or "").strip()) for e in before.iter()] == [(e.tag, e.attrib, (e.text or "").strip()) for e in after.iter()]


@pytest.mark.parametrize(
    "hostile",
    [
        '<path d="M0 0 L10 10Z"/>',  # a command the engine never writes
        '<path d="javascript:alert(1)"/>',
        '<path d="M0 0 1 1Z" onclick="alert(1)"/>',
        '<path d="M0 0 1 1Z" style="fill:url(https://autre.example/x)"/>',
    ],
)
def test_the_sanitizer_keeps_only_the_paths_the_engine_draws(hostile):
    cleaned = sanitize.page_html(f'<svg xmlns="http://www.w3.org/2000/svg">{hostile}</svg>')
    assert "alert" not in cleaned and "autre.example" not in cleaned and "L10" not in cleaned


def test_two_builds_give_the_same_bytes(carte_site, tmp_path):
    root = tmp_path / "encore"
    root.mkdir()
    write_carte_site(root)
    again = build_in_process(root, "--strict")
    assert again.returncode == 0, again.output
    paths = [p.relative_to(carte_site.site) for p in sorted(carte_site.site.rglob("*")) if p.is_file()]
    compared = [p for p in paths if p.parts[0] in ("carte", "donnees") or p.as_posix() in ("annuaire/epe-57/index.html", "projets/reseau/index.html")]
    assert len(compared) > 10
    for path in compared:
        assert (carte_site.site / path).read_bytes() == (again.site / path).read_bytes(), path


def test_the_drawings_match_their_golden_files(carte_site):
    """Any change to how the maps and graphs are drawn shows here as a diff to review
    (``RELEVE_REGENERER=1`` rewrites the files)."""
    for page, chart, golden in (
        ("carte/index.html", "carte-ressources", "carte-ressources.svg"),
        ("annuaire/epe-57/index.html", "carte-reperage", "carte-reperage.svg"),
        ("carte/partenariale/index.html", "carte-partenariale", "carte-partenariale.svg"),
    ):
        drawing = re.search(rf'<svg\b[^>]*id="{chart}".*?</svg>', carte_site.raw_html(page), flags=re.S).group(0)
        assert_golden(golden, (drawing + "\n").encode("utf-8"))


def test_the_annuaire_links_both_maps(carte_site):
    html = carte_site.html("annuaire/index.html")
    assert '<a href="../carte/">carte des ressources</a>' in html and '<a href="../carte/partenariale/">carte partenariale</a>' in html


def test_a_structure_page_shows_its_locator(carte_site):
    html = carte_site.html("annuaire/epe-57/index.html")
    locator = inline_svgs(carte_site.raw_html("annuaire/epe-57/index.html"))["carte-reperage"]
    shaded = [p.findtext(f"{SVG}title") for p in locator.iter(f"{SVG}path") if "releve-commune--ici" in p.get("class")]
    assert shaded == ["Enclave-sur-Test"]
    # Its degrees and their letter on one line, on a phone too.
    position = unescape(carte_site.raw_html("annuaire/epe-57/index.html"))
    assert "Commune\u00a0: Enclave-sur-Test. Position\u00a0: 47,0965°\u00a0N, 4,125°\u00a0E (Base Adresse Nationale, relevée le 1er\u00a0mars 2022)." in position
    # « Coordonnées » are the contact details the card says the structure has not: not its position.
    assert html.count("Coordonnées") == 1 and "<strong>Coordonnées</strong> : non renseignées" in html
    assert '<a href="../../carte/">carte des ressources</a>' in html


# --- Cartes partenariales -------------------------------------------------------------------------


def test_a_fiche_shows_its_carte_partenariale_and_its_table(carte_site):
    html = carte_site.html("projets/reseau/index.html")
    graph = inline_svgs(carte_site.raw_html("projets/reseau/index.html"))["carte-partenariale-reseau"]
    # A name too long for the line goes on below: the lines of each structure's name, joined.
    names = ["".join(t.text for t in g.iter(f"{SVG}text") if not t.get("class")) for g in graph.iter(f"{SVG}g")]
    assert names == ["Fiche", "CMP Winnicott", "EPE 57", "Centre hospitalier de Jury"]
    kinds = [line.get("class") for line in graph.iter(f"{SVG}line")]
    assert kinds == ["releve-lien releve-lien--pilote", "releve-lien releve-lien--fiche", "releve-lien releve-lien--reunion"]
    start = html.index("<h2 id=\"carte-partenariale\"")  # the fiche's last section
    table = html[start : html.index("</table>", start)]
    rows = [re.sub(r"<[^>]+>", "", row).split("|") for row in re.findall(r"<tr><td>(.*?)</td></tr>", table.replace("</td><td>", "|"))]
    assert rows == [
        ["Centre psychothérapeutique Winnicott (CMP Winnicott)", "pilote", "1", "1"],
        ["EPE 57", "partenaire", "0", "0"],
        ["Centre hospitalier de Jury (CH Jury)", "présente aux réunions", "1", "1"],
    ]


def test_the_clsm_carte_partenariale_ties_who_works_together(carte_site):
    html = carte_site.html("carte/partenariale/index.html")
    graph = inline_svgs(carte_site.raw_html("carte/partenariale/index.html"))["carte-partenariale"]
    arcs = {p.findtext(f"{SVG}title").replace("\xa0", " "): p.get("class") for p in graph.iter(f"{SVG}path")}
    assert arcs == {
        "Centre psychothérapeutique Winnicott et EPE 57 : 1 fiche action en commun": "releve-lien releve-lien--fiche releve-lien-1",
        "Centre hospitalier de Jury et Centre psychothérapeutique Winnicott : 1 réunion ensemble": "releve-lien releve-lien--reunion releve-lien-1",
    }
    assert "Le tableau des 2 liens, du plus fort au plus faible" in html
    assert '<a href="../../projets/reseau/">Réseau psypérinatalité</a>' in html


def test_the_arc_diagram_is_the_same_whatever_the_order_of_the_ties(rendered):
    from releve.views import partenariale

    linked, _ = rendered
    kept, total = partenariale.ties(linked)
    drawn = partenariale.arc_diagram("x", "t", "d", kept)
    assert partenariale.arc_diagram("x", "t", "d", list(reversed(kept))) == drawn and total == 2


# --- Without a territory or coordinates -----------------------------------------------------------


def test_without_territory_nor_coordinates_the_pages_say_how_to_add_them(base_site):
    html = base_site.html("carte/index.html")
    assert "aucune structure n'a encore de coordonnées" in html and "<svg" not in html.split("<article", 1)[1].split("</article>")[0].replace('<svg class="releve-pastille"', "")
    assert "Le contour des communes du territoire n'est pas encore ajouté" in html and "<code>releve territoire</code>" in html
    assert "<code>releve geocoder</code>" in html
    # Until the map is drawn, the page still leads to every structure of the annuaire.
    article = html.split("<article", 1)[1].split("</article>")[0]
    assert re.findall(r'<li><a href="\.\./annuaire/([a-z0-9-]+)/"', article) == ["ch-jury", "cmp-winnicott", "epe-57"]
    assert "Sur la carte" not in base_site.html("annuaire/epe-57/index.html")


def test_coordinates_without_territory_still_draw_the_markers(located_site):
    build = located_site
    html = build.html("carte/index.html")
    chart = _map(build.raw_html("carte/index.html"))
    assert len(_markers(chart)) == 3
    assert "Le contour des communes du territoire n'est pas encore ajouté" in html
    assert "Commune : " not in build.html("annuaire/epe-57/index.html") and "Position : 47,0965°&nbsp;N" in build.html("annuaire/epe-57/index.html")


# --- Checks of the content ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, message",
    [
        ("{pas du json", "carte/territoire.geojson:1: ce n'est pas un fichier GeoJSON lisible : nom de propriété entre guillemets attendu (colonne 2)"),
        ('{"type": "FeatureCollection", "features": [NaN]}', "carte/territoire.geojson:1: valeur « NaN » refusée : chaque coordonnée doit être un nombre"),
        ("[" * 5000 + "]" * 5000, "carte/territoire.geojson:1: listes imbriquées trop profondément : ce n'est pas le contour d'une commune"),
        ('{"type": "Feature"}', "carte/territoire.geojson:1: attendu un GeoJSON « FeatureCollection » dont « features » liste les communes"),
        (
            '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"99001","nom":"A"},"geometry":{"type":"Polygon","coordinates":[[[930000,6890000],[931000,6890000],[931000,6891000],[930000,6890000]]]}}]}',
            "carte/territoire.geojson:1: « features[1] » (commune 99001) : le point [930000, 6890000] n'est pas en longitude, latitude (WGS84) ; ces nombres semblent des mètres (Lambert-93) : prenez le fichier en WGS84 (EPSG:4326)",
        ),
        (
            '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"99001","nom":"A"},"geometry":{"type":"Polygon","coordinates":[[[4,47],[4.1,47],[4.1,47.1],[4,47.1]]]}}]}',
            "carte/territoire.geojson:1: « features[1] » (commune 99001) : un contour doit se refermer (son dernier point doit répéter le premier)",
        ),
        (
            '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"99001","nom":"A"},"geometry":{"type":"Point","coordinates":[4,47]}}]}',
            "carte/territoire.geojson:1: « features[1] » (commune 99001) : la géométrie doit être un « Polygon » ou un « MultiPolygon », trouvé « Point »",
        ),
        (
            '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"Metz","nom":"A"},"geometry":null}]}',
            "carte/territoire.geojson:1: « features[1] » : la propriété « code » doit être le code INSEE de la commune (5 caractères, par exemple 57463), trouvé « Metz »",
        ),
        (
            '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"99001","nom":"A"},"geometry":{"type":"Polygon","coordinates":[[[4,47],[4.1,47],[4,47.1],[4,47]]]}},'
            '{"type":"Feature","properties":{"code":"99001","nom":"B"},"geometry":{"type":"Polygon","coordinates":[[[4,47],[4.1,47],[4,47.1],[4,47]]]}}]}',
            "carte/territoire.geojson:1: la commune 99001 (B) figure deux fois (déjà en « features[1] »)",
        ),
        (
            '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2154"}},"features":[]}',
            "carte/territoire.geojson:1: système de coordonnées « urn:ogc:def:crs:EPSG::2154 » : le fichier doit être en WGS84 (longitude, latitude en degrés, EPSG:4326)",
        ),
        (
            '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"99001","nom":"A jean.martin@exemple.fr"},"geometry":{"type":"Polygon","coordinates":[[[4,47],[4.1,47],[4,47.1],[4,47]]]}}]}',
            "carte/territoire.geojson:1: adresse électronique « jean.martin@exemple.fr » dans « features[1].properties.nom » : retirez ce contact s'il est celui d'une personne",
        ),
    ],
)
def test_a_wrong_territory_is_reported_in_french(tmp_path, text, message):
    assert content_problems(tmp_path, {"carte/territoire.geojson": text}) == [message]


def test_a_territory_too_large_or_linked_is_refused(tmp_path):
    points = ",".join(f"[{4 + i / 1e6:.6f},47]" for i in range(100_001))
    big = '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"99001","nom":"A"},"geometry":{"type":"Polygon","coordinates":[[' + points + "]]}}]}"
    assert content_problems(tmp_path, {"carte/territoire.geojson": big}) == [
        f"carte/territoire.geojson:1: le fichier fait {len(big)} octets, plus que la limite de 1 Mo : découpez-le en plusieurs fichiers"
    ]
    many = '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"99001","nom":"A"},"geometry":{"type":"Polygon","coordinates":[[' + ",".join(["[4,47]"] * 100_001) + "]]}}]}"
    assert content_problems(tmp_path, {"carte/territoire.geojson": many}) == [
        "carte/territoire.geojson:1: les contours ont plus de 100000 points en tout : simplifiez le fichier (releve territoire --tolerance 20)"
    ]
    outside = tmp_path / "ailleurs.geojson"
    outside.write_text(territory_text(), encoding="utf-8")
    (tmp_path / "projet").mkdir()
    write_project(tmp_path / "projet", BASE_FILES)
    (tmp_path / "projet" / "carte").mkdir()
    (tmp_path / "projet" / "carte" / "territoire.geojson").symlink_to(outside)
    problems = [str(p) for p in pipeline.validate_project(tmp_path / "projet")]
    assert problems == ["carte/territoire.geojson:1: « carte/territoire.geojson » est un lien symbolique : remplacez-le par le fichier ou le dossier lui-même (un lien pourrait publier un fichier extérieur au projet)"]


@pytest.mark.parametrize(
    "block, message",
    [
        ("latitude: 147.2\n      longitude: 4.1", "« structures[3].coordonnees.latitude » doit être une latitude en degrés décimaux (WGS84), par exemple 49.1196, trouvé « 147.2 »"),
        ("latitude: 47,2\n      longitude: 4.1", "« structures[3].coordonnees.latitude » doit être une latitude en degrés décimaux (WGS84), par exemple 49.1196, trouvé « 47,2 »"),
        ("latitude: 47.2", "clé obligatoire « longitude » manquante dans « structures[3].coordonnees » (longitude WGS84 en degrés décimaux)"),
    ],
)
def test_wrong_coordinates_are_reported_at_their_line(tmp_path, block, message):
    partners_text = BASE_FILES["partners.yaml"] + f"    coordonnees:\n      {block}\n      source: relevé à la main\n      date: 2022-03-01\n"
    problems = content_problems(tmp_path, {"partners.yaml": partners_text})
    assert [p.split(": ", 1)[1] for p in problems] == [message]
    assert problems[0].startswith("partners.yaml:2")


def test_coordinates_dated_in_the_future_are_refused(tmp_path):
    partners_text = BASE_FILES["partners.yaml"] + "    coordonnees:\n      latitude: 47.2\n      longitude: 4.1\n      source: relevé\n      date: 2030-01-01\n"
    assert content_problems(tmp_path, {"partners.yaml": partners_text}) == [
        "partners.yaml:24: « coordonnees.date » (2030-01-01) est dans le futur : nous sommes le " + dt.date.today().isoformat()
    ]


# --- Open data ------------------------------------------------------------------------------------


def test_the_open_data_carry_the_coordinates_and_a_dcat_catalogue(located_site):
    build = located_site
    from data_inclusion.schema.v1.structures import Structure

    records = {r["id"]: r for r in json.loads((build.site / "donnees/structures.json").read_bytes())}
    assert (records["clsm-test--epe-57"]["latitude"], records["clsm-test--epe-57"]["longitude"]) == (47.0965, 4.125)
    for record in records.values():
        Structure.model_validate(record)
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO((build.site / "donnees/structures.csv").read_bytes().decode("utf-8-sig")))}
    assert (rows["clsm-test--ch-jury"]["latitude"], rows["clsm-test--ch-jury"]["longitude"]) == ("47.0101", "4.0201")
    catalogue = json.loads((build.site / "donnees/catalogue.jsonld").read_bytes())
    assert catalogue["@type"] == "dcat:Catalog" and catalogue["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    downloads = [d["dcat:downloadURL"]["@id"] for dataset in catalogue["dcat:dataset"] for d in dataset["dcat:distribution"]]
    assert downloads == [SITE_URL + f"donnees/{name}" for name in ("structures.json", "structures.csv", "actions.json", "actions.csv")]
    assert all((build.site / url.removeprefix(SITE_URL)).is_file() for url in downloads)
    assert catalogue["dcat:dataset"][0]["dct:modified"] == {"@value": "2022-03-01", "@type": "xsd:date"}
    assert catalogue["dcat:dataset"][0]["dct:license"] == {"@id": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"}
    assert f'<a href="{SITE_URL}donnees/catalogue.jsonld">catalogue</a>' in build.html("annuaire/index.html")


# --- The commands ---------------------------------------------------------------------------------

GEOCODED_PARTNERS = """\
# Un commentaire en tête, gardé tel quel.
structures:

  # --- Santé ---
  - id: ch-jury
    nom: Centre hospitalier de Jury
    description: >
      Hôpital de test,
      sur deux lignes.
    adresse:
      rue: 1, rue de l'exemple   # numéro et rue
      code_postal: "99100"
      commune: Valmont

  - id: cmp-winnicott
    nom: Centre psychothérapeutique Winnicott
    adresse:
      rue: 3 bis rue de l'Exemple
      code_postal: "99100"
  # --- Associations ---
  - id: epe-57
    nom: EPE 57
    adresse:
      rue: 7 pl. de la Fontaine
      commune: Bourg-sur-Test
  - id: sans-adresse
    nom: Structure sans adresse
"""


@pytest.fixture
def geocoding(tmp_path, monkeypatch):
    root = tmp_path / "site"
    root.mkdir()
    write_project(root, {**BASE_FILES, "partners.yaml": GEOCODED_PARTNERS, "minutes/2021-02-19-groupe-enfance.md": None, "actions/reseau.md": None})
    ban = tmp_path / "adresses-99.csv.gz"
    ban.write_bytes(gzip.compress(BAN_CSV.encode("utf-8")))
    monkeypatch.setenv("RELEVE_AUJOURDHUI", "2022-04-01")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    return root, ban


def test_geocoder_writes_exact_matches_and_keeps_every_other_line(geocoding, capsys):
    root, ban = geocoding
    assert main(["geocoder", str(ban), "--site", str(root)]) == 0
    out = capsys.readouterr().out
    assert "ch-jury : 1 Rue de l'Exemple, 99100 Valmont (adresse exacte, 99001_0010_00001)" in out
    assert "cmp-winnicott : 3 bis Rue de l'Exemple, 99100 Valmont (adresse exacte, 99001_0010_00003_bis)" in out
    assert "  1. 5 Place de la Fontaine, 99200 Bourg-sur-Test (99002_0030_00005, ressemblance 100 %)" in out
    assert f"Pour retenir l'une d'elles : releve geocoder {ban} --choix epe-57=99002_0030_00005" in out
    assert "partners.yaml : 2 structures ont reçu leurs coordonnées (2 adresses exactes, 1 structure où choisir une adresse proche, 1 structure sans adresse dans partners.yaml)." in out
    text = (root / "partners.yaml").read_text(encoding="utf-8")
    added = [line for line in text.splitlines() if line not in GEOCODED_PARTNERS.splitlines()]
    assert added == [
        "    coordonnees:", "      latitude: 47.01013", "      longitude: 4.02012",
        '      source: "Base Adresse Nationale, adresse 99001_0010_00001 (adresses-99.csv.gz)"', "      date: 2022-04-01",
        "    coordonnees:", "      latitude: 47.01029", "      longitude: 4.02042",
        '      source: "Base Adresse Nationale, adresse 99001_0010_00003_bis (adresses-99.csv.gz)"', "      date: 2022-04-01",
    ]
    # Each block at the end of its entry, before the blank line and the comment that follow it.
    assert "      commune: Valmont\n    coordonnees:\n" in text and '      date: 2022-04-01\n\n  - id: cmp-winnicott' in text
    assert '      date: 2022-04-01\n  # --- Associations ---\n' in text
    assert pipeline.validate_project(root) == []
    # Nothing left to find exactly: a second run writes nothing; near matches stay a choice.
    assert main(["geocoder", str(ban), "--site", str(root)]) == 0
    assert "Aucune coordonnée écrite" in capsys.readouterr().out


def test_geocoder_takes_a_near_match_only_when_chosen(geocoding, capsys, monkeypatch):
    root, ban = geocoding
    before = (root / "partners.yaml").read_bytes()
    assert main(["geocoder", str(ban), "--site", str(root), "--structure", "epe-57", "--essai", "--choix", "epe-57=99002_0030_00009"]) == 0
    assert "Essai : 1 structure recevrait ses coordonnées (1 adresse choisie) ; rien n'est écrit." in capsys.readouterr().out
    assert (root / "partners.yaml").read_bytes() == before
    assert main(["geocoder", str(ban), "--site", str(root), "--choix", "epe-57=99001_0010_00001"]) == 1
    assert "cet identifiant n'est pas une adresse de la commune de « epe-57 »" in capsys.readouterr().err
    assert (root / "partners.yaml").read_bytes() == before

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr("sys.stdin", Terminal(""))  # Ctrl-D at the question
    assert main(["geocoder", str(ban), "--site", str(root), "--structure", "epe-57"]) == 1
    assert "Erreur : abandon : rien n'a été écrit." in capsys.readouterr().err
    assert (root / "partners.yaml").read_bytes() == before
    monkeypatch.setattr("sys.stdin", Terminal("4\n2\n"))  # a wrong answer is asked again
    assert main(["geocoder", str(ban), "--site", str(root), "--structure", "epe-57"]) == 0
    out = capsys.readouterr().out
    assert "Répondez par un numéro de 1 à 2, ou Entrée." in out
    assert "      latitude: 47.01517\n      longitude: 4.07533\n" in (root / "partners.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "content, message",
    [
        (b"nom;adresse\nx;y\n", "« adresses-99.csv.gz » n'a pas les colonnes d'un fichier « adresses » de la Base Adresse Nationale"),
        (None, "le fichier « "),
        ("dossier", "» est un dossier : donnez le fichier adresses-DÉPARTEMENT.csv.gz"),
    ],
)
def test_geocoder_refuses_a_file_that_is_not_the_ban(geocoding, capsys, content, message):
    root, ban = geocoding
    if content is None:
        ban.unlink()
    elif content == "dossier":
        ban.unlink()
        ban.mkdir()
    else:
        ban.write_bytes(gzip.compress(content))
    before = (root / "partners.yaml").read_bytes()
    assert main(["geocoder", str(ban), "--site", str(root)]) == 1
    assert message in capsys.readouterr().err
    assert (root / "partners.yaml").read_bytes() == before


def test_geocoder_s_help_and_messages_name_no_site_s_values(geocoding, capsys):
    """The released package's help is read by every CLSM: it named the Moselle's file (adresses-57)
    and one of its hospitals (« --choix ch-jury=57463_… »)."""
    root, ban = geocoding
    with pytest.raises(SystemExit):
        main(["geocoder", "--help"])
    shown = capsys.readouterr().out
    assert main(["geocoder", str(ban), "--site", str(root), "--choix", "epe-57"]) == 1
    refused = capsys.readouterr().err
    assert "adresses-DÉPARTEMENT.csv.gz" in shown
    assert "« --choix epe-57 » : écrivez --choix STRUCTURE=ID_BAN : l'id de la structure dans partners.yaml" in refused
    for messin in ("57", "ch-jury"):
        assert messin not in shown and messin not in refused.replace("epe-57", ""), messin


def test_territoire_cuts_the_communes_and_the_build_draws_them(tmp_path, capsys, monkeypatch):
    national = tmp_path / "communes-100m.geojson.gz"
    extra = {"type": "Feature", "properties": {"code": "98001", "nom": "Ailleurs", "epci": "1"}, "geometry": {"type": "Polygon", "coordinates": [[[5, 47], [5.1, 47], [5.1, 47.1], [5, 47]]]}}
    whole = territory()
    whole["features"].append(extra)
    national.write_bytes(gzip.compress(json.dumps(whole).encode("utf-8")))
    root = tmp_path / "site"
    root.mkdir()
    write_project(root, BASE_FILES)
    monkeypatch.setenv("RELEVE_AUJOURDHUI", "2022-04-01")
    assert main(["territoire", str(national), "--site", str(root), "--communes", "99001,99002,99100"]) == 0
    assert "carte/territoire.geojson : 3 communes" in capsys.readouterr().out
    written = json.loads((root / "carte/territoire.geojson").read_text(encoding="utf-8"))
    assert [f["properties"] for f in written["features"]] == [{"code": "99001", "nom": "Valmont"}, {"code": "99002", "nom": "Bourg-sur-Test"}, {"code": "99100", "nom": "Enclave-sur-Test"}]
    assert written["source"] == "communes-100m.geojson.gz (data.gouv.fr), extrait le 1er avril 2022"
    assert len(written["features"][0]["geometry"]["coordinates"][0]) < len(whole["features"][0]["geometry"]["coordinates"][0])
    assert main(["territoire", str(national), "--site", str(root), "--epci", "999000001"]) == 1
    assert "carte/territoire.geojson existe déjà : ajoutez --remplacer" in capsys.readouterr().err
    assert main(["territoire", str(national), "--site", str(root), "--epci", "999000001", "--remplacer", "--tolerance", "0"]) == 0
    assert len(json.loads((root / "carte/territoire.geojson").read_text(encoding="utf-8"))["features"]) == 43
    assert main(["territoire", str(national), "--site", str(root), "--communes", "99001,97999", "--remplacer"]) == 1
    assert "1 commune introuvable dans « communes-100m.geojson.gz » : 97999" in capsys.readouterr().err
    for tolerance in ("nan", "inf", "-1"):
        assert main(["territoire", str(national), "--site", str(root), "--epci", "999000001", "--remplacer", "--tolerance", tolerance]) == 1
        assert "--tolerance doit être un nombre de mètres positif ou nul" in capsys.readouterr().err
    # A code written as a number (its leading zero lost), a geometry that is not an object: said, not a crash.
    extra["properties"]["code"], extra["geometry"] = 8001, [[5, 47]]
    national.write_bytes(gzip.compress(json.dumps(whole).encode("utf-8")))
    assert main(["territoire", str(national), "--site", str(root), "--communes", "08001", "--remplacer"]) == 1
    assert "(commune 08001) : la géométrie doit être un « Polygon » ou un « MultiPolygon », trouvé rien" in capsys.readouterr().err
    assert pipeline.validate_project(root) == []


def test_territoire_writes_nothing_through_a_link_committed_in_the_project(tmp_path, capsys):
    national = tmp_path / "communes.geojson"
    national.write_text(json.dumps(territory()), encoding="utf-8")
    outside = tmp_path / "precieux.txt"
    outside.write_text("à garder\n", encoding="utf-8")
    root = tmp_path / "site"
    root.mkdir()
    write_project(root, BASE_FILES)
    (root / "carte").mkdir()
    (root / "carte/territoire.geojson").symlink_to(outside)
    assert main(["territoire", str(national), "--site", str(root), "--communes", "99001", "--remplacer"]) == 0
    assert outside.read_text(encoding="utf-8") == "à garder\n" and not (root / "carte/territoire.geojson").is_symlink()
    (root / "carte/territoire.geojson").unlink()
    (root / "carte").rmdir()
    (root / "carte").symlink_to(tmp_path, target_is_directory=True)
    capsys.readouterr()
    assert main(["territoire", str(national), "--site", str(root), "--communes", "99001"]) == 1
    assert "« carte » est un lien symbolique, qui peut mener hors du site : rien n'est écrit à travers lui ; retirez-le" in capsys.readouterr().err
    assert not (tmp_path / "territoire.geojson").exists()


def test_until_the_map_is_drawn_the_structures_are_listed_commune_by_commune(tmp_path):
    """No coordinates yet: the carte des ressources lists the structures by the commune of their
    address, in French order, those without one last, each with its street when written."""
    from releve.views import carte

    addresses = {
        "ch-jury": "    adresse:\n      rue: 1 rue de l'Exemple\n      commune: Metz\n",
        "epe-57": "    adresse:\n      commune: Ars-sur-Moselle\n",
    }
    text = BASE_FILES["partners.yaml"]
    for ident, address in addresses.items():
        start = text.index(f"  - id: {ident}\n")
        end = text.find("  - id:", start + 1)
        end = len(text) if end == -1 else end
        text = text[:end] + address + text[end:]
    write_project(tmp_path, {**BASE_FILES, "partners.yaml": text})
    linked = pipeline.load(tmp_path, today=dt.date(2022, 4, 1))
    page = next(p for p in carte.map_pages(linked) if p.src_uri == "carte/index.md")
    headings = re.findall(r"^## (.+)$", page.markdown, re.MULTILINE)
    assert headings == ["Ars-sur-Moselle", "Metz", "Commune non renseignée"]
    listed = "".join(page.fragments)
    assert "Centre hospitalier de Jury (CH Jury)</a> : 1 rue de l&#39;Exemple</li>" in listed and listed.index("EPE 57") < listed.index("Centre hospitalier de Jury")
