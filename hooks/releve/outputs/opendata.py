"""Open data files: the annuaire in the data·inclusion schema and the fiches actions, as JSON and CSV,
and their catalogue in DCAT (JSON-LD), which data.gouv.fr and other portals harvest.

The CSV files have the same columns as the JSON ones, a UTF-8 byte order mark (so that a
spreadsheet reads the accents right) and lists joined by commas. A text that a spreadsheet would
run as a formula is written after a « ' » (see ``spreadsheet_safe``).
"""

from __future__ import annotations

import csv
import io
import json
import posixpath
from typing import Any

from .. import opendata, urls
from ..files import GeneratedFile
from ..link import LinkedSite

ACTION_COLUMNS = ("id", "titre", "axe", "statut", "pilotes", "partenaires", "debut", "fin", "progression")


def action_record(linked: LinkedSite, action) -> dict[str, Any]:
    done = linked.progress.get(action.id)
    return {
        "id": action.id,
        "titre": action.title,
        "axe": action.axis,
        "statut": action.status,
        "pilotes": list(action.pilots),
        "partenaires": list(action.partners),
        "debut": action.start.iso() if action.start else None,
        "fin": action.end.iso() if action.end else None,
        # The share of its jalons done, in percent; none when that share would not say how far the
        # fiche is (no jalon, or all done on a fiche still running or of unknown statut).
        "progression": round(100 * done.share) if done else None,
    }


def _json(records: Any) -> bytes:
    return (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP, « CSV Injection »)."""


def spreadsheet_safe(value: Any) -> Any:
    """A cell a spreadsheet shows as text: a text starting like a formula (« =HYPERLINK(…) »,
    « @SUM(…) ») gets a leading « ' », as OWASP recommends; numbers are left as they are."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_STARTS) else value


def _csv(records: list[dict], columns: tuple[str, ...]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for item in records:
        writer.writerow(
            spreadsheet_safe(", ".join(value) if isinstance(value, list) else "" if value is None else value)
            for value in (item[column] for column in columns)
        )
    return out.getvalue().encode("utf-8-sig")


DATA_INCLUSION_SCHEMA = "https://schema.data.gouv.fr/gip-inclusion/data-inclusion-schema/"
_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
_FRENCH = {"@id": "http://publications.europa.eu/resource/authority/language/FRA"}


def catalogue(linked: LinkedSite, structures: list[dict[str, Any]]) -> dict:
    """The open data files described in DCAT 2, as JSON-LD: one dataset for the annuaire (whose files
    carry the records ``structures``), one for the fiches actions, each with its JSON and CSV
    distributions. The addresses are absolute when the site's address is known (``site_url``), else
    relative to the catalogue itself (JSON-LD resolves them against the document's own address)."""
    site = linked.site
    ref = site.referential
    here = urls.public(urls.OPEN_DATA_CATALOGUE)

    def address(path: str) -> str:
        if site.public_url:
            return urls.on_site(site.public_url, path)
        return posixpath.relpath(path, posixpath.dirname(here)) + ("/" if path.endswith("/") else "")

    licence = {"@id": ref.licence_url} if ref.licence_url else ref.licence
    publisher = {"@type": "foaf:Organization", "foaf:name": ref.clsm_name}

    def distribution(path: str, media: str, title: str, schema: str | None = None) -> dict:
        item = {"@type": "dcat:Distribution", "dct:title": title, "dcat:downloadURL": {"@id": address(path)}, "dcat:mediaType": media, "dct:license": licence}
        return item | ({"dct:conformsTo": {"@id": schema}} if schema else {})

    def dataset(page: str, name: str, title: str, description: str, keywords: list[str], distributions: list[dict]) -> dict:
        return {
            "@id": address(urls.public(page)) + "#donnees",
            "@type": "dcat:Dataset",
            "dct:identifier": f"{opendata.producer_id(ref)}-{name}",
            "dct:title": title,
            "dct:description": description,
            "dcat:keyword": keywords,
            "dct:language": _FRENCH,
            "dct:publisher": publisher,
            "dct:license": licence,
            "dcat:landingPage": {"@id": address(urls.public(page))},
            "dcat:distribution": distributions,
        }

    directory = dataset(
        urls.DIRECTORY,
        "structures",
        f"Annuaire des structures du {ref.clsm_short_name}",
        f"Les structures partenaires du {ref.clsm_name} au format national data·inclusion : nom, description, adresse, "
        "coordonnées géographiques (WGS84) quand elles sont relevées, contacts publics, horaires, date de vérification.",
        ["santé mentale", "CLSM", "annuaire", "data·inclusion"],
        [
            distribution(urls.STRUCTURES_JSON, "application/json", "structures.json", DATA_INCLUSION_SCHEMA),
            distribution(urls.STRUCTURES_CSV, "text/csv", "structures.csv", DATA_INCLUSION_SCHEMA),
        ],
    )
    if structures:  # the latest verification of the structures published: the data's own date, not the build's
        directory["dct:modified"] = {"@value": max(record["date_maj"] for record in structures), "@type": "xsd:date"}
    actions = dataset(
        urls.ACTIONS,
        "fiches-actions",
        f"Fiches actions du {ref.clsm_short_name}",
        f"Les fiches actions du {ref.clsm_name} : titre, axe, statut, structures pilotes et partenaires, début, fin, progression.",
        ["santé mentale", "CLSM", "projets"],
        [distribution(urls.ACTIONS_JSON, "application/json", "actions.json"), distribution(urls.ACTIONS_CSV, "text/csv", "actions.csv")],
    )
    return {
        "@context": _CONTEXT,
        "@id": address(urls.OPEN_DATA_CATALOGUE),
        "@type": "dcat:Catalog",
        "dct:title": f"Données ouvertes du {ref.clsm_short_name}",
        "dct:description": f"Les fichiers de données ouvertes publiés par le site du {ref.clsm_name}.",
        "dct:language": _FRENCH,
        "dct:publisher": publisher,
        "dcat:dataset": [directory, actions],
    }


def open_data_files(linked: LinkedSite) -> list[GeneratedFile]:
    structures = opendata.exported(linked.site.structures, linked.site.referential)
    actions = [action_record(linked, a) for a in linked.site.actions]
    return [
        GeneratedFile(urls.STRUCTURES_JSON, _json(structures)),
        GeneratedFile(urls.STRUCTURES_CSV, _csv(structures, opendata.STRUCTURE_COLUMNS)),
        GeneratedFile(urls.ACTIONS_JSON, _json(actions)),
        GeneratedFile(urls.ACTIONS_CSV, _csv(actions, ACTION_COLUMNS)),
        GeneratedFile(urls.OPEN_DATA_CATALOGUE, _json(catalogue(linked, structures))),
    ]
