"""The structures a document names that ``partners.yaml`` lacks, as entries ready to paste.

Only what the text says: the name, a sigle when the text writes one (« CCOMS », « Centre
collaborateur de l'OMS (CCOMS) »), an id made from the name. ``secteur`` and ``type`` are left for
the coordinator, who knows them; nothing is guessed.
"""

from __future__ import annotations

import re

import yaml

from .directory import Directory
from .text import slugify

_SIGLE = re.compile(r"^[A-ZÀ-Ý0-9&'’.-]{2,12}(?: [A-ZÀ-Ý0-9&'’.-]{1,12}){0,2}$")


def entry(text: str, taken: set[str]) -> dict:
    name, sigle = text.strip(), None
    bracket = re.match(r"^(.*?)\s*\(([^()]+)\)$", name)
    if bracket and _SIGLE.match(bracket.group(2).strip()):
        name, sigle = bracket.group(1).strip(), bracket.group(2).strip()
    elif _SIGLE.match(name) and any(c.isalpha() for c in name):
        sigle = name
    base = slugify(name) or "structure"
    structure_id, n = base, 2
    while structure_id in taken:
        structure_id, n = f"{base}-{n}", n + 1
    taken.add(structure_id)
    data = {"id": structure_id, "nom": name}
    if sigle:
        data["sigle"] = sigle
    return data


def partners_block(texts: list[str], directory: Directory) -> str | None:
    """YAML to paste under ``structures:`` in partners.yaml; ``None`` when nothing is missing."""
    if not texts:
        return None
    taken = {s.id for s in directory.structures}
    chunks = []
    for text in texts:
        dumped = yaml.safe_dump([entry(text, taken)], allow_unicode=True, sort_keys=False, width=100)
        lines = ["  " + line for line in dumped.splitlines()]
        lines += ["    # type: à compléter (une catégorie déjà utilisée dans partners.yaml)",
                  "    # secteur: à compléter (un id de secteur de referentiel.yaml)"]
        chunks.append("\n".join(lines))
    return "\n".join(chunks) + "\n"
