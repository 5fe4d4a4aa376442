"""``releve territoire``: ``carte/territoire.geojson``, the CLSM's communes cut from the communes'
contours published on data.gouv.fr, offline.

The national file is read once (GeoJSON, or GeoJSON compressed by gzip), the communes named by
their INSEE codes (or by their EPCI) are kept, each outline is simplified (Douglas–Peucker in
Lambert-93 metres) and its coordinates rounded to five decimals (a metre), one commune per line.
The result is checked as the build will check it before it is written.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
from pathlib import Path

from .. import geo
from ..atomic import link_in, linked_folder, replace_files
from ..catalogue import TERRITORY_FILE
from ..console import fail, fail_on
from ..dates import date, today_from
from ..schema import Checker
from ..sources import MAX_FILE_BYTES, SourceDocument, special_kind
from ..territory import CODE_KEYS, INSEE_CODE, NAME_KEYS, parse
from ..words import plural

HELP = "écrit carte/territoire.geojson : les communes du CLSM, extraites des contours publiés sur data.gouv.fr"
DESCRIPTION = (
    "Extrait du fichier national des contours des communes (GeoJSON en WGS84, par exemple communes-100m.geojson.gz "
    "des contours administratifs d'Etalab sur data.gouv.fr) les communes du territoire du CLSM, données par leur "
    "code INSEE (--communes) ou par leur EPCI (--epci), simplifie leurs contours et écrit carte/territoire.geojson, "
    "que les cartes du site dessinent."
)

def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("fichier", metavar="FICHIER", help="le fichier des contours des communes (.geojson ou .geojson.gz), en WGS84")
    parser.add_argument("--communes", metavar="CODES", help="les codes INSEE des communes, séparés par des virgules (57463,…)")
    parser.add_argument("--epci", metavar="SIREN", help="ou : toutes les communes de cet EPCI (son numéro SIREN, propriété « epci » du fichier)")
    parser.add_argument("--tolerance", metavar="MÈTRES", type=float, default=10.0, help="écart au contour permis par la simplification, en mètres (10 par défaut)")
    parser.add_argument("--source", metavar="TEXTE", help="la source citée sous les cartes (par défaut : le nom du fichier et la date)")
    parser.add_argument("--remplacer", action="store_true", help="remplace un carte/territoire.geojson existant")


def _simplified(rings: list, tolerance: float) -> list:
    """Each ring simplified in Lambert-93 (or the territory's own conic), its kept points as written
    in the source, rounded to five decimals."""
    points = [tuple(p[:2]) for ring in rings for p in ring]
    projection = geo.projection_for(*geo.bounds(points))
    simplified = []
    for ring in rings:
        positions = [(float(p[0]), float(p[1])) for p in ring]
        projected = [projection.project(*p) for p in positions]
        kept = set(geo.kept_in_ring(projected, tolerance)) if tolerance > 0 else set(range(len(positions)))
        ring_out = [[round(lon, 5), round(lat, 5)] for index, (lon, lat) in enumerate(positions) if index in kept]
        if ring_out[0] != ring_out[-1]:
            ring_out.append(ring_out[0])
        simplified.append(ring_out)
    return simplified


def _property(properties: dict, keys: tuple[str, ...]):
    return next((properties[key] for key in keys if key in properties), None)


def run(args: argparse.Namespace) -> int:
    root = Path(args.site)
    source = Path(args.fichier).expanduser()
    target = root / TERRITORY_FILE
    if not args.communes and not args.epci:
        return fail("donnez les communes du territoire : --communes CODE_INSEE,CODE_INSEE… ou --epci SIREN")
    if target.exists() and not args.remplacer:
        return fail(f"{TERRITORY_FILE} existe déjà : ajoutez --remplacer pour le remplacer")
    if not math.isfinite(args.tolerance) or args.tolerance < 0:
        return fail("--tolerance doit être un nombre de mètres positif ou nul, par exemple 10")
    wanted = [code.strip() for code in (args.communes or "").split(",") if code.strip()]
    try:
        # A device (/dev/zero) would be read for ever, a pipe wait for a writer: an ordinary file only.
        if (kind := special_kind(source.stat().st_mode)) is not None:
            return fail(f"« {source.name} » est {kind}, pas un fichier : donnez les contours des communes (.geojson ou .geojson.gz)")
        opener = gzip.open if source.name.endswith(".gz") else open
        with opener(source, "rt", encoding="utf-8") as file:
            data = json.load(file)
    except OSError as error:
        return fail_on(error, "de lire", source)
    except (ValueError, EOFError, RecursionError):
        return fail(f"« {source.name} » n'est pas un fichier GeoJSON lisible : prenez les contours des communes au format GeoJSON (.geojson ou .geojson.gz)")
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        return fail(f"« {source.name} » n'est pas une collection GeoJSON de communes (« FeatureCollection »)")
    kept = {}
    for feature in features:
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict):
            continue
        code = _property(properties, CODE_KEYS)
        if isinstance(code, int) and not isinstance(code, bool):  # a code written as a number lost its leading zero
            code = f"{code:05d}"
        if code in wanted or (args.epci and str(properties.get("epci")) == args.epci):
            if not (isinstance(code, str) and INSEE_CODE.match(code)):  # nor any text to print
                return fail(f"« {source.name} » : une commune retenue n'a pas de code INSEE (5 caractères, par exemple 57463) ; prenez les contours des communes d'Etalab ou d'IGN")
            kept[code] = feature
    missing = [code for code in wanted if code not in kept]
    if missing:
        return fail(f"{plural(len(missing), 'commune introuvable', 'communes introuvables')} dans « {source.name} » : {', '.join(missing)} (codes INSEE, par exemple 57463)")
    if not kept:
        return fail(f"aucune commune de l'EPCI {args.epci} dans « {source.name} » (propriété « epci »)")
    lines = []
    for code in sorted(kept):
        feature = kept[code]
        geometry = feature.get("geometry")
        kind, coordinates = (geometry.get("type"), geometry.get("coordinates")) if isinstance(geometry, dict) else (None, None)
        try:
            if kind == "Polygon":
                coordinates = _simplified(coordinates, args.tolerance)
            elif kind == "MultiPolygon":
                coordinates = [_simplified(polygon, args.tolerance) for polygon in coordinates]
        except (TypeError, ValueError, IndexError):
            return fail(f"la commune {code} de « {source.name} » n'a pas un contour lisible")
        properties = {"code": code, "nom": _property(feature["properties"], NAME_KEYS)}
        lines.append(json.dumps({"type": "Feature", "properties": properties, "geometry": {"type": kind, "coordinates": coordinates}}, ensure_ascii=False, separators=(",", ":")))
    credit = args.source or f"{source.name} (data.gouv.fr), extrait le {date(today_from())}"
    text = '{"type":"FeatureCollection","source":' + json.dumps(credit, ensure_ascii=False) + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"
    size = len(text.encode("utf-8", "surrogatepass"))  # half of an emoji in a name: parse names it
    if size > MAX_FILE_BYTES:
        return fail(f"le territoire ferait {size} octets, plus que la limite de 1 Mo : simplifiez davantage (--tolerance 30) ou prenez un fichier moins détaillé (communes-100m)")
    checker = Checker(SourceDocument(TERRITORY_FILE, None, {(): 1}))
    if parse(checker, text) is None:
        return fail("le territoire extrait ne serait pas accepté par le site : " + " ; ".join(p.message for p in checker.problems[:3]))
    if (link := link_in(root, target.parent)) is not None:
        return fail(linked_folder(link))
    try:
        target.parent.mkdir(exist_ok=True)
        replace_files({target: text})  # a link at its name is replaced, not written through
    except OSError as error:
        return fail_on(error, "d'écrire dans", target)
    print(f"{TERRITORY_FILE} : {plural(len(kept), 'commune')}, {size // 1000 or 1} Ko (tolérance {args.tolerance:g} m).")
    return 0
