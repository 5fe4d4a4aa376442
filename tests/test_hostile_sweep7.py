"""Hostile input, seventh sweep: the files the coordinator downloads and the build or the commands
read (the BAN's CSV, the communes' outlines), and what the earlier sweeps did not try. Unit-level or
command-level checks in process: no site is built here."""

from __future__ import annotations

import gzip
import json
import math
import os
import random
import struct
import zlib

import pytest
from cartes_fixtures import BAN_HEADER, _ban_row, territory
from conftest import BASE_FILES, content_problems, ratio, write_project
from test_cartes import GEOCODED_PARTNERS

from releve import ban, geo
from releve.cli import main


def _ban_file(tmp_path, latitude: str = "47.01013", body: str | None = None):
    row = _ban_row("99001_0010_00001", "1", "", "Rue de l'Exemple", "99100", "99001", "Valmont", "4.02012", latitude)
    path = tmp_path / "adresses-99.csv"
    path.write_text(BAN_HEADER + "\n" + (row if body is None else body) + "\n", encoding="utf-8")
    return path


# --- The BAN's CSV --------------------------------------------------------------------------------

# A latitude that closes the coordinates block and adds a structure of its own to partners.yaml,
# one that passes every check of the file: the geocoder wrote it as the CSV wrote it.
INJECTED = '"47.0\n      longitude: 4.02\n      source: x\n      date: 2022-04-01\n  - id: intrus\n    nom: Intrus\n    coordonnees:\n      latitude: 47.0"'


@pytest.mark.parametrize(
    "latitude, message",
    [
        (INJECTED, "adresses-99.csv:2: caractère de contrôle dans l'adresse"),
        ("1e308", "adresses-99.csv:2: latitude « 1e308 » de l'adresse « 99001_0010_00001 » : attendu un nombre de degrés (entre -90 et 90)"),
        ("NaN", "adresses-99.csv:2: latitude « NaN »"),
        ("47.0 # commentaire", "adresses-99.csv:2: latitude « 47.0 # commentaire »"),
        ("-91", "adresses-99.csv:2: latitude « -91 »"),
        ('"47\x1b[2J"', "adresses-99.csv:2: caractère de contrôle dans l'adresse"),
    ],
)
def test_geocoder_writes_only_numbers_from_the_ban(tmp_path, monkeypatch, capsys, latitude, message):
    root = tmp_path / "site"
    root.mkdir()
    write_project(root, {**BASE_FILES, "partners.yaml": GEOCODED_PARTNERS})
    monkeypatch.setenv("RELEVE_AUJOURDHUI", "2022-04-01")
    assert main(["geocoder", str(_ban_file(tmp_path, latitude)), "--site", str(root), "--structure", "ch-jury"]) == 1
    captured = capsys.readouterr()
    assert f"Erreur : {message}" in captured.err and "Traceback" not in captured.err
    assert (root / "partners.yaml").read_text(encoding="utf-8") == GEOCODED_PARTNERS



@pytest.mark.parametrize("number", ["²", "1" * 5_000])
def test_ban_numbers_are_numbers(tmp_path, number):
    """A number compared with the structure's: « ² » (a digit to str.isdigit, not to int) and one of
    5,000 digits (past Python's limit) stopped the geocoding on « erreur inattendue (ValueError…) »."""
    row = _ban_row("99001_0010_00001", number, "", "Rue de l'Exemple", "99100", "99001", "Valmont", "4.02012", "47.01013")
    with pytest.raises(ban.BanError, match=rf"^adresses-99\.csv:2: numéro « {number[:40]} » de l'adresse « 99001_0010_00001 » : attendu un nombre de cinq chiffres au plus"):
        ban.read(_ban_file(tmp_path, body=row), {"99100"}, [])

def test_ban_lines_are_read_at_a_bounded_length(tmp_path):
    """A line of 100 Mo is refused at its line, after reading 10,000 characters of it; csv's own limit
    (131,072 characters a value) came only once the whole line was in memory."""
    path = _ban_file(tmp_path, body="x" * (ban.MAX_LINE + 1))
    with pytest.raises(ban.BanError, match=r"^adresses-99\.csv:2: ligne de plus de 10000 caractères"):
        ban.read(path, {"99100"}, [])
    # Compressed, from a BOM on: the same reading.
    packed = tmp_path / "adresses-99.csv.gz"
    packed.write_bytes(gzip.compress(b"\xef\xbb\xbf" + path.read_bytes()))
    with pytest.raises(ban.BanError, match=r"^adresses-99\.csv\.gz:2: ligne de plus"):
        ban.read(packed, {"99100"}, [])


def test_ban_value_past_csv_limit_names_its_line(tmp_path):
    """A quoted value over many short lines: csv's limit, named at the line where it is passed."""
    path = _ban_file(tmp_path, body='"' + ("y" * 5_000 + "\n") * 30)
    with pytest.raises(ban.BanError, match=r"^adresses-99\.csv:28: ce n'est pas un fichier CSV de la Base Adresse Nationale"):
        ban.read(path, {"99100"}, [])



def test_ban_lines_and_addresses_are_counted(tmp_path, monkeypatch):
    """A gzip of 20 ko held 20 million empty lines, read in 5 s: one of a few megabytes, billions.
    The bound (40 million, more than the whole of France's file) is lowered here to be reached."""
    monkeypatch.setattr(ban, "MAX_LINES", 1_000)
    packed = tmp_path / "adresses-99.csv.gz"
    packed.write_bytes(gzip.compress(BAN_HEADER.encode() + b"\n" * 5_000))
    with pytest.raises(ban.BanError, match=r"^adresses-99\.csv\.gz:1001: plus de 1000 lignes"):
        ban.read(packed, {"99100"}, [])
    # One address repeated: each kept in memory, then compared with every structure. The bound (a
    # million, more than a département's addresses in the postcodes of a CLSM) is lowered likewise.
    monkeypatch.setattr(ban, "MAX_FOUND", 100)
    row = _ban_row("99001_0010_00001", "1", "", "Rue de l'Exemple", "99100", "99001", "Valmont", "4.02012", "47.01013")
    packed.write_bytes(gzip.compress((BAN_HEADER + "\n" + (row + "\n") * 500).encode()))
    with pytest.raises(ban.BanError, match=r"^adresses-99\.csv\.gz:102: plus de 100 adresses dans les codes postaux et les communes des structures"):
        ban.read(packed, {"99100"}, [])

# --- The communes' outlines -----------------------------------------------------------------------


def _comb(teeth: int, width: float = 600.0, height: float = 280.0) -> list[geo.Point]:
    """A ring in drawing units with ``teeth`` thin teeth: each tooth a point Douglas–Peucker splits
    off alone, and cells of polylabel kept open along each one."""
    points = [(0.0, 0.0)]
    step = width / teeth
    for tooth in range(teeth):
        x = tooth * step
        points += [(x, height), (x + step / 2, height), (x + step / 2, 1.0), (x + step, 1.0)]
    return points + [(width, 0.0), (0.0, 0.0)]


def test_simplification_of_a_comb_is_linear():
    """Douglas–Peucker split a comb one tooth at a time: 16,000 points took 17 s, 48,000 minutes."""
    small, large = _comb(200), _comb(2_000)
    assert ratio(lambda ring: geo.kept_in_ring(ring, 0.7), small, large) < 30  # linear: 10; quadratic: 100
    # Past its budget, every tooth is still drawn (its two tips, 0.15 units apart, as one).
    kept = [large[index] for index in geo.kept_in_ring(large, 0.7)]
    assert sum(1 for _, y in kept if y == 280.0) >= 2_000


def test_names_of_combs_are_placed_in_bounded_work():
    """polylabel keeps a cell open along each thin tooth: a comb of 50 teeth took a second, a
    territory of such communes minutes. The work is shared out between a map's communes."""
    comb = [tuple(_comb(40))]
    assert ratio(lambda count: geo.label_points([comb] * count, 2.0, work=100_000), 2, 20) < 3  # bounded: 1; per commune: 10
    # Within its budget, the point is still inside the comb.
    assert all(geo.inside(point, comb) for point in geo.label_points([comb] * 3, 2.0, work=100_000))


# A JSON escape writes what the file's text may not hold (``read_text`` refuses it there).
ESCAPES = [
    ("\\u001b[2J", "« features[1].properties.nom » : caractère de contrôle invisible U+001B : retirez-le ou retapez ce passage"),
    ("\\u0000", "« features[1].properties.nom » : caractère de contrôle invisible U+0000 : retirez-le ou retapez ce passage"),
    # Half of an emoji: the build stopped at « erreur inattendue (UnicodeEncodeError…) » writing the page.
    ("\\ud83d", "« features[1].properties.nom » : « \\ud83d » est la moitié d'un caractère écrit en deux échappements (un émoji), l'autre manque : retirez-le"),
]


@pytest.mark.parametrize("escape, message", ESCAPES)
def test_commune_names_hold_no_character_an_escape_makes(tmp_path, escape, message):
    text = json.dumps(territory()).replace('"nom": "Valmont"', f'"nom": "Valmont{escape}"', 1)
    assert content_problems(tmp_path, {"carte/territoire.geojson": text}) == [f"carte/territoire.geojson:1: {message}"]


def test_territory_messages_quote_no_control_character(tmp_path):
    """Messages are printed on the coordinator's terminal: a value is quoted with its escapes."""
    data = territory()
    data["crs"] = {"properties": {"name": "\x1b[2J\x9b" + "x" * 100_000}}
    data["features"][0]["properties"]["code"] = "\x1b]0;titre\x07"
    problems = content_problems(tmp_path, {"carte/territoire.geojson": json.dumps(data)})
    assert problems == ["carte/territoire.geojson:1: système de coordonnées « \\u001b[2J\\u009b" + "x" * 55 + "… » : le fichier doit être en WGS84 (longitude, latitude en degrés, EPSG:4326)"]
    del data["crs"]
    problems = content_problems(tmp_path, {"carte/territoire.geojson": json.dumps(data)})
    assert problems == ["carte/territoire.geojson:1: « features[1] » : la propriété « code » doit être le code INSEE de la commune (5 caractères, par exemple 57463), trouvé « \\u001b]0;titre\\u0007 »"]


@pytest.mark.parametrize(
    "text, reason",
    [
        (b"\xef\xbb\xbf\xef\xbb\xbf{}", "marque d'ordre des octets (BOM) en trop au début du fichier (colonne 1)"),
        (b'{"type": "Feature\\q"}', "« \\ » suivi d'un caractère qui n'est pas un échappement JSON (colonne 18)"),
        (b'{"type": "\\u12"}', "« \\u » suivi d'autre chose que quatre chiffres hexadécimaux (colonne 12)"),
    ],
)
def test_territory_json_errors_are_named_in_french(tmp_path, text, reason):
    """A second BOM (the first is the encoding's) and a bad escape: Python's English was shown."""
    assert content_problems(tmp_path, {"carte/territoire.geojson": text}) == [f"carte/territoire.geojson:1: ce n'est pas un fichier GeoJSON lisible : {reason}"]


@pytest.mark.parametrize(
    "code, name, message",
    [
        (None, "B", "« communes.geojson » : une commune retenue n'a pas de code INSEE (5 caractères, par exemple 57463)"),
        (["99002"], "B", "« communes.geojson » : une commune retenue n'a pas de code INSEE"),
        ("99002", "B\ud83d", "le territoire extrait ne serait pas accepté par le site : « features[2].properties.nom » : « \\ud83d » est la moitié"),
    ],
)
def test_territoire_reads_a_hostile_national_file(tmp_path, capsys, code, name, message):
    """``releve territoire`` on a national file with a commune of the EPCI without a code (it stopped
    at « erreur inattendue (TypeError…) ») or with half an emoji in its name (UnicodeEncodeError)."""
    root = tmp_path / "site"
    root.mkdir()
    write_project(root, BASE_FILES)
    ring = [[4.0, 47.0], [4.1, 47.0], [4.1, 47.1], [4.0, 47.0]]
    features = [
        {"type": "Feature", "properties": {"code": value, "nom": text, "epci": "200000001"}, "geometry": {"type": "Polygon", "coordinates": [ring]}}
        for value, text in (("99001", "A"), (code, name))
    ]
    source = tmp_path / "communes.geojson"
    source.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    assert main(["territoire", str(source), "--epci", "200000001", "--site", str(root)]) == 1
    assert f"Erreur : {message}" in capsys.readouterr().err
    assert not (root / "carte").exists()




def test_a_winding_outline_is_drawn_within_a_bound_of_points():
    """One commune whose outline winds in rows, 10,000 points a pixel or two apart: each point was
    drawn, on the locator of every structure's page (330 ko a page for a territory of 1 Mo). Past
    ``DRAWN_POINTS`` per unit of width, the outlines are simplified again, coarser."""
    from releve import cartography
    from releve.model import Commune, Territory

    ring: list[geo.Point] = []
    for row in range(40):
        columns = [4.0 + 0.5 * column / 250 for column in range(250)]
        ring += [(lon, 47.0 + 0.45 * row / 40 + (0.0056 if column % 2 else 0.0)) for column, lon in enumerate(columns[:: 1 if row % 2 == 0 else -1])]
    territory = Territory((Commune("99001", "Serpentin", ((tuple(ring + ring[:1]),),)),), None)
    where = cartography.territory_frame(territory, cartography.LOCATOR_WIDTH, cartography.LOCATOR_HEIGHT)
    (drawn,) = cartography.outlines(territory, where, named=False)
    assert 3 <= drawn.path.count(" ") // 2 <= cartography.DRAWN_POINTS * where.width

def test_markers_are_spread_in_bounded_work():
    """Each marker was compared with every group, and each spread disc with every disc: a carte of
    1,000 structures took 20 s there, of 9,000 (a partners.yaml of 1 Mo) minutes."""
    from releve.cartography import PHONE_MARKER_RADIUS, _marker_positions

    def places(count: int) -> tuple[list[geo.Point], int]:
        """``count`` places in a square as crowded whatever their number (one per disc's area)."""
        scatter, side = random.Random(count), round(math.sqrt(count) * 2 * PHONE_MARKER_RADIUS)
        return [(scatter.uniform(0, side), scatter.uniform(0, side)) for _ in range(count)], side

    def spread(drawing: tuple[list[geo.Point], int]) -> list[geo.Point]:
        points, side = drawing
        return _marker_positions(points, PHONE_MARKER_RADIUS, side, side)

    assert ratio(spread, places(100), places(1_000)) < 30  # linear: 10; quadratic: 100
    # Structures at one address: spread around it, each disc clear of the others as long as there is room.
    discs = _marker_positions([(300.0, 280.0)] * 12, PHONE_MARKER_RADIUS, 600, 560)
    assert all(math.dist(a, b) >= 2 * PHONE_MARKER_RADIUS for index, a in enumerate(discs) for b in discs[index + 1 :])


def test_structures_are_located_in_bounded_work():
    """Each structure was tested against every edge of every commune before its own: a territory of
    1 Mo (50,000 points) and thousands of structures took minutes. Each polygon's bounds are
    measured once; a point is tested only in the polygons whose bounds hold it."""
    from releve.cartography import communes_of
    from releve.model import Commune, Territory

    def square(west: float) -> tuple[geo.Point, ...]:
        """A commune 0.01° wide with 400 points on its outline (as detailed as a real one)."""
        side = [(west + 0.01 * step / 100, 47.0) for step in range(100)]
        return (*side, *[(west + 0.01, 47.0 + 0.01 * step / 100) for step in range(100)],
                *[(west + 0.01 - 0.01 * step / 100, 47.01) for step in range(100)], *[(west, 47.01 - 0.01 * step / 100) for step in range(100)], (west, 47.0))

    def territory(count: int) -> tuple[Territory, list[geo.Point]]:
        communes = tuple(Commune(f"99{index:03d}", f"Commune {index}", ((square(4.0 + 0.01 * index),),)) for index in range(count))
        return Territory(communes, None), [(4.0 + 0.01 * (count - 1) + 0.005, 47.005)] * 200  # in the last one

    assert ratio(lambda located: communes_of(*located), territory(10), territory(100)) < 5  # bounded: 1 to 2; every edge: 10
    located, points = territory(3)
    assert [commune.code for commune in communes_of(located, points[:1] + [(4.015, 47.005)])] == ["99002", "99001"]
    assert communes_of(located, [(4.015, 47.02)]) == [None] and communes_of(None, [(4.0, 47.0)]) == [None]

# --- Media ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["zTXt", "EXIF"])
def test_image_texts_are_bounded_in_all(tmp_path, kind):
    """A PNG of a few kilobytes whose properties claimed tens of millions of characters: compressed
    texts of a megabyte each, or EXIF fields that all point at the same bytes. Each one was within
    its own bound; all together they took seconds and hundreds of megabytes per 50 ko of image."""
    from test_hostile_images import _chunk, png

    if kind == "zTXt":
        chunks = [_chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b"a " * 500_000, 9))] * 3
    else:
        entries = b"".join(struct.pack("<HHI4s", 0x010E, 2, 800_000, struct.pack("<I", 8)) for _ in range(3))
        chunks = [_chunk(b"eXIf", b"II*\x00" + struct.pack("<IH", 8, 3) + entries + b"\x00" * 4 + b"x" * 800_000)]
    assert content_problems(tmp_path, {"medias/photo.png": png(*chunks)}) == [
        "medias/photo.png:1: les propriétés de cette image font plus de 2 millions de caractères : enregistrez-la à nouveau sans elles"
    ]


# --- docs/ ----------------------------------------------------------------------------------------


def test_a_docs_page_is_not_published_as_an_engine_folder(tmp_path):
    """« docs/assets.md » is published as assets/index.html, in the folder the last check of the
    written site does not read again: « [anne](index.md)@exemple.fr », a contact only the rendering
    makes, was published there (docs/assets/contact.md was already refused)."""
    assert content_problems(tmp_path, {"docs/assets.md": "# Contact\n\nÉcrire à [anne](index.md)@exemple.fr\n"}) == [
        "docs/assets.md:1: une page ne se publie pas à l'adresse /assets/, le dossier des fichiers du thème et du moteur, "
        "que la vérification du site écrit ne relit pas : renommez-la"
    ]



def test_file_names_are_printed_without_raw_bytes(tmp_path):
    """A name in Latin-1 (copied from another system): MkDocs stopped on it in English (« 'utf-8'
    codec can't encode character '\\udce9' »), and messages printed its byte raw. A control
    character in a name (« \\x1b]0;…\\x07 » sets the terminal's title) was printed as it is."""
    write_project(tmp_path, BASE_FILES)
    (tmp_path / "medias").mkdir()
    for folder, name in (("docs", b"caf\xe9.md"), ("medias", b"caf\xe9.png"), ("minutes", b"2022-01-01-caf\xe9.md")):
        with open(os.path.join(bytes(tmp_path), folder.encode(), name), "wb") as file:
            file.write(b"# Caf\xc3\xa9\n")
    problems = content_problems(tmp_path, {"docs/\x1b]0;titre\x07.md": "# Titre\n"})
    assert problems == [
        "docs/\\u001b]0;titre\\u0007.md:1: le nom « docs/\\u001b]0;titre\\u0007.md » ne convient pas : Windows refuse « \\u001b » dans un nom ; renommez-le",
        "docs/caf\\xe9.md:1: le nom « docs/caf\\xe9.md » n'est pas écrit en UTF-8 (copié d'un autre système ?) : renommez-le",
        "medias/caf\\xe9.png:1: le nom « medias/caf\\xe9.png » n'est pas écrit en UTF-8 (copié d'un autre système ?) : renommez-le",
        # Any message's file name, escaped where every problem is made (``Problem``).
        "minutes/2022-01-01-caf\\xe9.md:1: l'en-tête YAML manque : le fichier doit commencer par une ligne « --- »",
    ]

@pytest.mark.parametrize(
    "value, shown",
    [
        ("!!binary aGVsbG8=", "!!binary aGVsbG8="),  # a title made of bytes, shown « b'hello' »
        ("!!bool peut-être", "!!bool peut-être"),  # « erreur interne KeyError »
        ("!Important réunion", "!Important réunion"),
        ("=", "="),
    ],
)
def test_a_tagged_value_is_refused_as_written(tmp_path, value, shown):
    """A front-matter value after a YAML tag is neither built (bytes, a reading stopped) nor named
    without its tag: quoted whole, it is a text."""
    files = {"minutes/2022-03-10-copil.md": f"---\ntitre: {value}\ndate: 2022-03-10\n---\n\nTexte.\n"}
    assert content_problems(tmp_path, files) == [f"minutes/2022-03-10-copil.md:2: valeur « {shown} » non reconnue : mettez-la entre guillemets"]


# --- renommages.yaml ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "renames, message",
    [
        # The old id's address is the slug of an instance in use: its page was replaced by a redirect.
        (
            [("instance", "COPIL", "groupe thématique")],
            "renommages.yaml:3: « COPIL » est de nouveau un identifiant en usage : retirez ce renommage (ses anciennes adresses sont de nouveau celles de cette page)",
        ),
        # Two old ids at one address: one redirect silently replaced the other.
        (
            [("instance", "ancien copil", "copil"), ("instance", "Ancien Copil", "groupe thématique")],
            "renommages.yaml:6: « Ancien Copil » a la même adresse que « ancien copil », renommé plus haut : gardez un seul de ces deux renommages",
        ),
    ],
)
def test_renames_are_compared_by_address(tmp_path, renames, message):
    text = "renommages:\n" + "".join(f"  - type: {kind}\n    ancien: {old}\n    nouveau: {new}\n" for kind, old, new in renames)
    assert content_problems(tmp_path, {"renommages.yaml": text}) == [message]


# --- The lettre -----------------------------------------------------------------------------------


def test_the_letters_text_version_is_linear_in_its_links():
    """Each link's end searched its start backwards through the whole letter: an édito of 20,000
    links took seconds for its text version."""
    from releve.email import _Text

    def text(html: str) -> str:
        parser = _Text()
        parser.feed(html)
        return "".join(parser.parts)

    def links(count: int) -> list[str]:
        # The parser's calls for « <a href=…>lien</a> » and a space, made directly: the tokenizer's
        # own work would hide the search behind it at these sizes.
        parser = _Text()
        for index in range(count):
            parser.handle_starttag("a", [("href", f"https://exemple.fr/{index}")])
            parser.handle_data("lien")
            parser.handle_endtag("a")
            parser.handle_data(" ")
        return parser.parts

    assert ratio(links, 2_000, 20_000) < 25  # linear: 10; quadratic: 100
    # Nested and unclosed links: each text with its address, and nothing left where a link opened.
    assert text('<p><a href="https://a.fr">un <a href="https://b.fr">deux</a></a> <a href="https://c.fr">trois</p>') == (
        "\nun deux <https://b.fr> <https://a.fr> trois\n"
    )
