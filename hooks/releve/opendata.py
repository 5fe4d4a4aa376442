"""The annuaire as open data in the national data·inclusion schema (``data-inclusion-schema``).

Each structure becomes a record of the schema's ``Structure`` model, validated by the schema's own
pydantic models when the files are written (``exported``, once per build). A structure that the
schema refuses (first of all one without a verification date: ``date_maj`` is required) is left out
of the files. The verification warns about it without running the model (``unexported``): the
annuaire's own checks (schema.py) already give phones, e-mails, addresses and SIRET the national
shapes, and the length limits the model adds are ``LENGTHS`` (a test keeps them equal to the model's).
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from .model import Referential, Structure
from .contacts import phone_key
from .urls import slugify

STRUCTURE_COLUMNS = (
    "id",
    "source",
    "nom",
    "description",
    "adresse",
    "complement_adresse",
    "code_postal",
    "commune",
    "longitude",
    "latitude",
    "telephone",
    "courriel",
    "site_web",
    "horaires_accueil",
    "accessibilite_lieu",
    "siret",
    "date_maj",
)
"""The fields of ``schemas/v1/structure.json`` that the annuaire fills, in the order of the CSV."""

def producer_id(referential: Referential) -> str:
    """The CLSM as a data·inclusion ``source``: ``clsm-messin``."""
    return slugify(referential.clsm_short_name) or "clsm"


def international_phone(phone: str) -> str:
    """« 03 87 00 00 00 » → « +33387000000 », Cayenne's « 05 94 29 10 00 » → « +594594291000 » (E.164,
    which the schema prefers); a short number (« 3114 ») stays as written, without spaces."""
    return phone_key(phone) or re.sub(r"\D", "", phone)


def record(structure: Structure, referential: Referential) -> dict[str, Any]:
    """The structure as a data·inclusion record (not yet validated), every column present."""
    address = structure.address
    source = producer_id(referential)
    values = {
        "id": f"{source}--{structure.id}",
        "source": source,
        "nom": structure.name,
        "description": structure.description,
        "adresse": address and address.street,
        "complement_adresse": address and address.complement,
        "code_postal": address and address.postcode,
        "commune": address and address.city,
        # WGS84, as data·inclusion carries them: where partners.yaml has them (« coordonnees »), never guessed.
        "longitude": structure.coordinates and structure.coordinates.longitude,
        "latitude": structure.coordinates and structure.coordinates.latitude,
        "telephone": structure.phone and international_phone(structure.phone),
        "courriel": structure.email,
        "site_web": structure.website,
        "horaires_accueil": structure.opening_hours,
        "accessibilite_lieu": structure.accessibility,
        "siret": structure.siret,
        "date_maj": structure.verified_on and structure.verified_on.isoformat(),
    }
    return {column: values[column] for column in STRUCTURE_COLUMNS}


LENGTHS = {"nom": (3, 150), "description": (5, 10000)}
"""The lengths (fewest, most characters) the national model allows for the texts the annuaire fills;
their fields are named as in partners.yaml too."""


def _too_short_or_long(structure: Structure) -> list[str]:
    reasons = []
    for field, value in (("nom", structure.name), ("description", structure.description)):
        fewest, most = LENGTHS[field]
        if value is not None and not fewest <= len(value) <= most:
            reasons.append(f"« {field} » {'trop court' if len(value) < fewest else 'trop long'}")
    return reasons


def unexported(structures: Iterable[Structure]) -> list[tuple[str, int, str]]:
    """(path, line, message) for the structures left out of ``structures.json``: those never verified
    in one message (a whole annuaire may not be yet), each whose text the schema refuses at its own line."""
    left_out, unverified = [], []
    for structure in structures:
        path, line = structure.source.rsplit(":", 1)
        if structure.verified_on is None:
            unverified.append((path, int(line)))
            continue
        if reasons := _too_short_or_long(structure):
            reason = "le schéma data·inclusion refuse " + ", ".join(reasons)
            left_out.append((path, int(line), f"« {structure.id} » n'est pas publiée dans les données ouvertes (structures.json) : {reason}"))
    if unverified:
        # One warning for them all (a whole annuaire may not be verified yet), at the first one's
        # line, naming the others' lines.
        lines = [line for _, line in unverified]
        shown = ", ".join(map(str, lines[:5])) + (f" et {len(lines) - 5} autres" if len(lines) > 5 else "")
        subject = "1 structure n'a" if len(lines) == 1 else f"{len(lines)} structures n'ont"
        where, they = ("ligne", "elle reste") if len(lines) == 1 else ("lignes", "elles restent")
        left_out.insert(
            0,
            (
                unverified[0][0],
                lines[0],
                f"{subject} pas encore de date de vérification ({where} {shown}) : {they} dans l'annuaire du site, "
                "mais pas dans le fichier des données ouvertes ; quand leurs informations ont été vérifiées auprès "
                "d'une source, ajoutez la date sous chacune (« verifie_le: AAAA-MM-JJ »)",
            ),
        )
    return left_out


def verified(structures: Iterable[Structure]) -> list[Structure]:
    """The structures with a verification date: the only ones the schema may accept (``date_maj`` is required)."""
    return [structure for structure in structures if structure.verified_on is not None]


def exported(structures: Iterable[Structure], referential: Referential) -> list[dict[str, Any]]:
    """The records of every structure the schema's model accepts, as written (the model would turn a
    URL into a normalised one). The verification says why one is refused without the model: ``unexported``."""
    dated = verified(structures)
    if not dated:
        return []
    # Imported here: pydantic costs a third of a second, and only verified entries need it.
    import pydantic
    from data_inclusion.schema.v1.structures import Structure as DataInclusionStructure

    records = []
    for structure in dated:
        values = record(structure, referential)
        try:
            DataInclusionStructure.model_validate(values)
        except pydantic.ValidationError:
            continue
        records.append(values)
    return records


UNVERIFIED, REFUSED = "unverified", "refused"


def why_empty(structures: Iterable[Structure]) -> str | None:
    """Why ``structures.json`` holds no structure (``UNVERIFIED``: none has a verification date yet;
    ``REFUSED``: the schema refuses every one that has), or None when it holds one. Without the model,
    as ``unexported``: the pages that say it are made apart from the files, in another process."""
    dated = verified(structures)
    if not dated:
        return UNVERIFIED
    return None if any(not _too_short_or_long(s) for s in dated) else REFUSED
