"""The territory the maps draw: ``carte/territoire.geojson``, the outlines of the CLSM's communes.

The coordinator adds it once, cut from the communes' contours published on data.gouv.fr
(``releve territoire``). It is content, so untrusted: read through ``sources.read_text`` (size cap,
no symbolic link, UTF-8), parsed as JSON (no aliases in JSON, NaN and Infinity refused, nesting
bounded by the parser's recursion limit), then checked shape by shape — a GeoJSON
FeatureCollection of Polygon or MultiPolygon communes in WGS84, each with its INSEE code and its
name, and at most ``MAX_POSITIONS`` points — every problem reported at once, in French.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from .model import Commune, Territory
from .problems import Problem
from .text import sort_key
from .schema import INVALID, Checker, Text, label
from .sources import ESCAPED_CONTROL, control_character

MAX_COMMUNES = 1000
MAX_POSITIONS = 100_000
"""Points of all the outlines together: a territory cut by ``releve territoire`` has a few thousand;
beyond, the map would weigh more than its page budget for nothing a reader can see."""

INSEE_CODE = re.compile(r"^(?:[0-9]{5}|2[AB][0-9]{3})$")
CODE_KEYS = ("code", "INSEE_COM", "insee", "code_insee")
NAME_KEYS = ("nom", "NOM", "NOM_COM", "name")
"""Property names of the communes' code and name: Etalab's contours (``code``, ``nom``), IGN's
Admin Express (``INSEE_COM``, ``NOM``) and a few common others."""
_ESCAPED = re.compile(f"{ESCAPED_CONTROL.pattern}|[\ud800-\udfff]")
"""What a JSON escape makes that the file's text could not hold (``read_text``): a control character
(« \\u001b » drove the terminal, « \\u0000 » ended the SVG) or half of a surrogate pair (« \\ud83d »
without its second half stopped the build when the page was written)."""
_WGS84_NAMES = ("urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:EPSG::4326", "EPSG:4326")


class _NotFinite(ValueError):
    pass


def _refuse_constant(name: str) -> float:
    raise _NotFinite(name)


def parse(checker: Checker, text: str) -> Territory | None:
    """The territory written in ``text`` (the file's text), or None with its problems reported."""
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        checker.problems.append(_problem(checker, error.lineno, f"ce n'est pas un fichier GeoJSON lisible : {_json_reason(error)} (colonne {error.colno})"))
        return None
    except _NotFinite as error:
        checker.report((), f"valeur « {error} » refusée : chaque coordonnée doit être un nombre")
        return None
    except RecursionError:
        checker.report((), "listes imbriquées trop profondément : ce n'est pas le contour d'une commune")
        return None
    except ValueError:  # a number of thousands of digits (Python's limit on int conversion)
        checker.report((), "un nombre du fichier a trop de chiffres : chaque coordonnée doit être un nombre en degrés")
        return None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        checker.report((), "attendu un GeoJSON « FeatureCollection » dont « features » liste les communes")
        return None
    crs = data.get("crs")
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) and isinstance(crs.get("properties"), dict) else None
    if crs is not None and name not in _WGS84_NAMES:
        checker.report(("crs",), f"système de coordonnées {_shown(name or crs)} : le fichier doit être en WGS84 (longitude, latitude en degrés, EPSG:4326)")
        return None
    features = data["features"]
    if not features or len(features) > MAX_COMMUNES:
        checker.report(("features",), f"le fichier doit décrire entre 1 et {MAX_COMMUNES} communes, trouvé {len(features)}")
        return None
    source = _text(checker, data["source"], ("source",)) if "source" in data else None
    budget = [MAX_POSITIONS]
    communes, seen = [], {}
    for index, feature in enumerate(features):
        commune = _commune(checker, feature, ("features", index), budget)
        if commune is None:
            if budget[0] < 0:
                break
            continue
        if commune.code in seen:
            checker.report(("features", index), f"la commune {commune.code} ({commune.name}) figure deux fois (déjà en « features[{seen[commune.code] + 1}] »)")
            continue
        seen[commune.code] = index
        communes.append(commune)
    if checker.problems:
        return None
    return Territory(tuple(sorted(communes, key=lambda c: (sort_key(c.name), c.code))), None if source is INVALID else source)


def _text(checker: Checker, value: Any, path: tuple) -> Any:
    """A text of the file as ``Text`` checks it, with no character that only an escape can write."""
    found = _ESCAPED.search(value) if isinstance(value, str) else None
    if found is None:
        return Text().check(value, checker, path)
    character = found.group()
    if "\ud800" <= character <= "\udfff":
        return checker.report(path, f"« {label(path)} » : « \\u{ord(character):04x} » est la moitié d'un caractère écrit en deux échappements (un émoji), l'autre manque : retirez-le")
    return checker.report(path, f"« {label(path)} » : {control_character(character)}")


def _problem(checker: Checker, line: int, message: str) -> Problem:
    return Problem(checker.doc.path, line, message)


def _json_reason(error: json.JSONDecodeError) -> str:
    reasons = {
        "Expecting value": "valeur attendue",
        "Expecting property name enclosed in double quotes": "nom de propriété entre guillemets attendu",
        "Expecting ',' delimiter": "virgule attendue",
        "Expecting ':' delimiter": "« : » attendu",
        "Unterminated string starting at": "texte entre guillemets non fermé",
        "Extra data": "texte en trop après la fin du GeoJSON",
        "Invalid control character at": "caractère de contrôle dans un texte",
        "Invalid \\escape": "« \\ » suivi d'un caractère qui n'est pas un échappement JSON",
        "Invalid \\uXXXX escape": "« \\u » suivi d'autre chose que quatre chiffres hexadécimaux",
        "Unexpected UTF-8 BOM (decode using utf-8-sig)": "marque d'ordre des octets (BOM) en trop au début du fichier",
    }
    return reasons.get(error.msg, error.msg)


def _commune(checker: Checker, feature: Any, path: tuple, budget: list[int]) -> Commune | None:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        checker.report(path, f"« {_where(path)} » doit être un objet GeoJSON « Feature »")
        return None
    properties = feature.get("properties")
    properties = properties if isinstance(properties, dict) else {}
    code = next((properties[key] for key in CODE_KEYS if key in properties), None)
    name_key = next((key for key in NAME_KEYS if key in properties), None)
    if not isinstance(code, str) or not INSEE_CODE.match(code):
        checker.report(path + ("properties",), f"« {_where(path)} » : la propriété « code » doit être le code INSEE de la commune (5 caractères, par exemple 57463), trouvé {_shown(code)}")
        return None
    if name_key is None:
        checker.report(path + ("properties",), f"« {_where(path)} » (commune {code}) : la propriété « nom » manque")
        return None
    name = _text(checker, properties[name_key], path + ("properties", name_key))
    geometry = feature.get("geometry")
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind not in ("Polygon", "MultiPolygon"):
        checker.report(path + ("geometry",), f"« {_where(path)} » (commune {code}) : la géométrie doit être un « Polygon » ou un « MultiPolygon », trouvé {_shown(kind)}")
        return None
    raw = geometry.get("coordinates")
    polygons = [raw] if kind == "Polygon" else raw
    if not isinstance(polygons, list) or not polygons:
        checker.report(path + ("geometry",), f"« {_where(path)} » (commune {code}) : « coordinates » doit lister les contours de la commune")
        return None
    parts = []
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            checker.report(path + ("geometry",), f"« {_where(path)} » (commune {code}) : un polygone doit être une liste de contours")
            return None
        rings = []
        for ring in polygon:
            checked = _ring(checker, ring, path, code, budget)
            if checked is None:
                return None
            rings.append(checked)
        parts.append(tuple(rings))
    if name is INVALID:
        return None
    return Commune(code, name, tuple(parts))


def _ring(checker: Checker, ring: Any, path: tuple, code: str, budget: list[int]) -> tuple | None:
    where = f"« {_where(path)} » (commune {code})"
    if not isinstance(ring, list) or len(ring) < 4:
        checker.report(path + ("geometry",), f"{where} : un contour doit avoir au moins 4 points (le premier répété à la fin)")
        return None
    budget[0] -= len(ring)
    if budget[0] < 0:
        checker.report(path + ("geometry",), f"les contours ont plus de {MAX_POSITIONS} points en tout : simplifiez le fichier (releve territoire --tolerance 20)")
        return None
    points = []
    for position in ring:
        if not (isinstance(position, list) and len(position) in (2, 3) and all(_is_number(v) for v in position)):
            checker.report(path + ("geometry",), f"{where} : chaque point doit être [longitude, latitude], trouvé {_shown(position)}")
            return None
        lon, lat = float(position[0]), float(position[1])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            hint = " ; ces nombres semblent des mètres (Lambert-93) : prenez le fichier en WGS84 (EPSG:4326)" if abs(lon) > 1000 or abs(lat) > 1000 else ""
            checker.report(path + ("geometry",), f"{where} : le point [{position[0]}, {position[1]}] n'est pas en longitude, latitude (WGS84){hint}")
            return None
        points.append((lon, lat))
    if points[0] != points[-1]:
        checker.report(path + ("geometry",), f"{where} : un contour doit se refermer (son dernier point doit répéter le premier)")
        return None
    return tuple(points)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _where(path: tuple) -> str:
    return f"features[{path[1] + 1}]"


def _shown(value: Any) -> str:
    """``value`` for a message, cut short (its control characters are escaped as every message's)."""
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return "rien" if value is None else f"« {text[:60]}{'…' if len(text) > 60 else ''} »"
