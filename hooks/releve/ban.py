"""Addresses of the national address base (Base Adresse Nationale, BAN), read offline from the CSV
file of a département that the coordinator downloads once (``adresses-57.csv.gz``), and matched
with the addresses of partners.yaml.

A match is exact when the number, its repetition index (« bis ») and the street are the same once
written the same way (accents, case, punctuation and the usual abbreviations: « av. » is
« avenue »), in the same postcode, or the same commune when there is no postcode. Anything else is
a *near* match (rapidfuzz on the street names of the commune): shown to the coordinator to choose,
never taken on its own.
"""

from __future__ import annotations

import csv
import gzip
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .console import reason
from .text import without_accents

COLUMNS = ("id", "numero", "rep", "nom_voie", "code_postal", "code_insee", "nom_commune", "lon", "lat")
"""The columns of the BAN's « adresses » CSV that the geocoding reads (schema: adresse.data.gouv.fr)."""

MAX_LINE = 10_000
"""Characters of a line of the file: a BAN line has a few hundred (its cadastral parcels at most a
few thousand); a longer one is not an address, and is never read whole into memory."""
MAX_LINES = 40_000_000
"""Lines of the file: the whole of France's has some 26 million; a gzip file of a few kilobytes can
hold billions of empty lines, read at millions a second."""
MAX_FOUND = 1_000_000
"""Addresses kept, in the postcodes and communes of the structures: a département has hundreds of
thousands in all, a postcode some thousands; a gzip of a few megabytes can repeat one line billions
of times, each kept in memory and then compared with every structure."""
_DEGREES = re.compile(r"^-?[0-9]{1,3}(?:\.[0-9]{1,15})?$")
"""A longitude or latitude as the BAN writes it: written to partners.yaml as it is, so nothing else
(an exponent, a line break that would add lines of YAML, a word) ever gets there."""
_HOUSE_NUMBER = re.compile("^[0-9]{0,5}$")
"""A number as the BAN writes it (99999 for a place without one): compared as a number, « ² » or a
number of thousands of digits stopped the geocoding on Python's error."""
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
"""Control characters, which no address holds: a line break would add lines to partners.yaml, an
escape sequence would drive the coordinator's terminal when the address is printed."""

NEAR_SCORE = 75
"""rapidfuzz's WRatio from which a street of the commune is offered as a near match."""
CANDIDATES = 5


class BanError(Exception):
    """The file is not a BAN CSV that can be read: the message says why, in French."""


@dataclass(frozen=True)
class BanAddress:
    id: str
    """The BAN's key of the address (« 57463_2340_00012 »)."""
    number: str
    rep: str
    street: str
    postcode: str
    insee: str
    city: str
    longitude: str
    latitude: str
    """As the file writes them (WGS84 degrees): written to partners.yaml without any rounding."""

    @property
    def label(self) -> str:
        number = f"{self.number}{' ' + self.rep if self.rep else ''} " if self.number and self.number != "99999" else ""
        return f"{number}{self.street}, {self.postcode} {self.city}"


@dataclass(frozen=True)
class Wanted:
    """The address of a structure of partners.yaml, as the geocoding reads it."""

    number: str | None
    rep: str
    street: str
    postcode: str | None
    city: str | None


_ABBREVIATIONS = {
    "av": "avenue", "ave": "avenue", "bd": "boulevard", "bld": "boulevard", "boul": "boulevard", "pl": "place",
    "r": "rue", "rte": "route", "ch": "chemin", "chem": "chemin", "imp": "impasse", "all": "allee", "sq": "square",
    "fg": "faubourg", "fbg": "faubourg", "crs": "cours", "qu": "quai", "pass": "passage", "res": "residence",
    "st": "saint", "ste": "sainte", "pte": "porte", "prom": "promenade", "esp": "esplanade", "lot": "lotissement",
    "gal": "general", "mal": "marechal", "pdt": "president", "dr": "docteur", "pr": "professeur",
}
_REPS = {"b": "bis", "t": "ter", "q": "quater"}
_NUMBER = re.compile(r"^\s*(\d{1,5})\s*(bis|ter|quater|quinquies|[a-z])?(?=[\s,]|$)[\s,]*(.*)$", re.IGNORECASE)


def street_key(text: str) -> str:
    """A street name written one way: « Av. du Général-de-Gaulle » → « avenue du general de gaulle »."""
    words = re.sub(r"[^a-z0-9]+", " ", without_accents(text).lower().replace("œ", "oe")).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


def city_key(text: str) -> str:
    return street_key(text).replace("saint ", "st ").replace("sainte ", "ste ")


def _rep(text: str) -> str:
    folded = without_accents(text).lower().strip()
    return _REPS.get(folded, folded)


def wanted(street: str, postcode: str | None, city: str | None) -> Wanted:
    """The number, repetition index and street of a ``rue`` line (« 12 bis rue X »)."""
    match = _NUMBER.match(street)
    if match:
        return Wanted(str(int(match.group(1))), _rep(match.group(2) or ""), match.group(3).strip(), postcode, city)
    return Wanted(None, "", street.strip(), postcode, city)


def _lines(file, name: str):
    """The lines of ``file``, none longer than ``MAX_LINE`` (read at most that far), ``MAX_LINES`` at most."""
    number = 0
    while line := file.readline(MAX_LINE + 1):
        number += 1
        if number > MAX_LINES:
            raise BanError(f"{name}:{number}: plus de {MAX_LINES} lignes : ce n'est pas un fichier « adresses » de la Base Adresse Nationale (celui de toute la France en a moins) ; téléchargez-le de nouveau sur adresse.data.gouv.fr")
        if len(line) > MAX_LINE:
            raise BanError(f"{name}:{number}: ligne de plus de {MAX_LINE} caractères : ce n'est pas un fichier « adresses » de la Base Adresse Nationale ; téléchargez-le de nouveau sur adresse.data.gouv.fr")
        yield line


def _address(values: list[str], name: str, line: int) -> BanAddress:
    """The address of a row the geocoding keeps, its coordinates and text checked: they are written
    to partners.yaml and printed as the file writes them."""
    if any(_CONTROL.search(value) for value in values):
        raise BanError(f"{name}:{line}: caractère de contrôle dans l'adresse : ce n'est pas un fichier de la Base Adresse Nationale ; téléchargez-le de nouveau sur adresse.data.gouv.fr")
    if not _HOUSE_NUMBER.match(values[1]):
        raise BanError(f"{name}:{line}: numéro « {values[1][:40]} » de l'adresse « {values[0][:40]} » : attendu un nombre de cinq chiffres au plus ; téléchargez le fichier de nouveau sur adresse.data.gouv.fr")
    for value, limit, what in ((values[7], 180, "longitude"), (values[8], 90, "latitude")):
        if not _DEGREES.match(value) or abs(float(value)) > limit:
            raise BanError(f"{name}:{line}: {what} « {value[:40]} » de l'adresse « {values[0][:40]} » : attendu un nombre de degrés (entre -{limit} et {limit}) ; téléchargez le fichier de nouveau sur adresse.data.gouv.fr")
    return BanAddress(*values)


def read(path: Path, postcodes: Iterable[str], cities: Iterable[str]) -> list[BanAddress]:
    """The addresses of the BAN file ``path`` (CSV, or CSV compressed by gzip) in one of ``postcodes``
    or ``cities``: one pass over the file, keeping only those (a département has hundreds of thousands)."""
    postcodes, cities = set(postcodes), {city_key(c) for c in cities}
    opener = gzip.open if path.name.endswith(".gz") else open
    found = []
    reader = None
    try:
        with opener(path, "rt", encoding="utf-8-sig", newline="") as file:
            reader = csv.reader(_lines(file, path.name), delimiter=";")
            header = next(reader, None)
            missing = [column for column in COLUMNS if column not in (header or [])]
            if missing:
                raise BanError(
                    f"« {path.name} » n'a pas les colonnes d'un fichier « adresses » de la Base Adresse Nationale "
                    f"(il manque {', '.join(missing)}) : téléchargez adresses-DÉPARTEMENT.csv.gz sur adresse.data.gouv.fr"
                )
            at = [header.index(column) for column in COLUMNS]
            last = reader.line_num
            for row in reader:
                start, last = last + 1, reader.line_num  # a quoted value may span lines: the row's first is named
                if len(row) < len(header):
                    continue
                values = [row[i] for i in at]
                if values[4] in postcodes or city_key(values[6]) in cities:
                    if len(found) == MAX_FOUND:
                        raise BanError(f"{path.name}:{start}: plus de {MAX_FOUND} adresses dans les codes postaux et les communes des structures : ce n'est pas un fichier « adresses » de la Base Adresse Nationale ; téléchargez-le de nouveau sur adresse.data.gouv.fr")
                    found.append(_address(values, path.name, start))
    except (gzip.BadGzipFile, EOFError, zlib.error):  # not gzip, cut short, or damaged
        raise BanError(f"« {path.name} » n'est pas un fichier gzip complet et intact : téléchargez-le de nouveau sur adresse.data.gouv.fr") from None
    except OSError as error:
        raise BanError(f"impossible de lire « {path} » ({reason(error)})") from None
    except csv.Error:  # a value longer than csv's limit, or a NUL
        raise BanError(f"{path.name}:{reader.line_num if reader else 1}: ce n'est pas un fichier CSV de la Base Adresse Nationale : téléchargez-le de nouveau sur adresse.data.gouv.fr") from None
    except UnicodeDecodeError:  # decoded by blocks: its line is not known
        raise BanError(f"« {path.name} » n'est pas un fichier CSV en UTF-8 : téléchargez-le de nouveau sur adresse.data.gouv.fr") from None
    return found


@dataclass(frozen=True)
class Match:
    exact: BanAddress | None
    near: tuple[tuple[BanAddress, float], ...]
    """Candidates to choose from, best first, with rapidfuzz's score (100 for the same street)."""


def pool(address: Wanted, addresses: list[BanAddress]) -> list[BanAddress]:
    """The addresses where ``address`` may be: those of its postcode, or of its commune without one."""
    if address.postcode:
        return [a for a in addresses if a.postcode == address.postcode]
    return [a for a in addresses if city_key(a.city) == city_key(address.city or "")]


def match(address: Wanted, addresses: list[BanAddress]) -> Match:
    """The exact match of ``address``, or its near matches."""
    from rapidfuzz import fuzz, process

    key = street_key(address.street)
    streets: dict[str, list[BanAddress]] = {}
    for candidate in pool(address, addresses):
        streets.setdefault(street_key(candidate.street), []).append(candidate)
    if address.number is not None:
        exact = [a for a in streets.get(key, []) if a.number == address.number and _rep(a.rep) == address.rep]
        if len(exact) == 1:
            return Match(exact[0], ())
    near: list[tuple[BanAddress, float]] = []
    for name, score, _ in process.extract(key, list(streets), scorer=fuzz.WRatio, limit=CANDIDATES, score_cutoff=NEAR_SCORE):
        near += [(candidate, score) for candidate in _nearest_numbers(streets[name], address)]
    near.sort(key=lambda item: (-item[1], _distance(item[0], address), item[0].id))
    return Match(None, tuple(near[:CANDIDATES]))


def _number(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def _distance(candidate: BanAddress, address: Wanted) -> int:
    number, wanted_number = _number(candidate.number), _number(address.number or "")
    if number is None or wanted_number is None:
        return 0
    return abs(number - wanted_number) * 2 + (0 if _rep(candidate.rep) == address.rep else 1)


def _nearest_numbers(street: list[BanAddress], address: Wanted) -> list[BanAddress]:
    """On one street, the two addresses nearest to the number wanted (the first two without a number)."""
    return sorted(street, key=lambda a: (_distance(a, address), _number(a.number) or 0, a.rep, a.id))[:2]
