"""Open data files: the annuaire in the data·inclusion schema and the fiches actions, as JSON and CSV.

The CSV files have the same columns as the JSON ones, a UTF-8 byte order mark (so that a
spreadsheet reads the accents right) and lists joined by commas.
"""

from __future__ import annotations

import csv
import io
import json
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


def _json(records: list[dict]) -> bytes:
    return (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _csv(records: list[dict], columns: tuple[str, ...]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for item in records:
        writer.writerow(
            ", ".join(value) if isinstance(value, list) else "" if value is None else value
            for value in (item[column] for column in columns)
        )
    return out.getvalue().encode("utf-8-sig")


def open_data_files(linked: LinkedSite) -> list[GeneratedFile]:
    structures = opendata.exported(linked.site.structures, linked.site.referential)
    actions = [action_record(linked, a) for a in linked.site.actions]
    return [
        GeneratedFile(urls.STRUCTURES_JSON, _json(structures)),
        GeneratedFile(urls.STRUCTURES_CSV, _csv(structures, opendata.STRUCTURE_COLUMNS)),
        GeneratedFile(urls.ACTIONS_JSON, _json(actions)),
        GeneratedFile(urls.ACTIONS_CSV, _csv(actions, ACTION_COLUMNS)),
    ]
