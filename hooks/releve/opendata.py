"""The annuaire as open data in the national data·inclusion schema (``data-inclusion-schema``).

Each structure becomes a record of the schema's ``Structure`` model, validated by the schema's own
pydantic models rather than by a copy of its rules. A structure that the schema refuses (first of
all one without a verification date: ``date_maj`` is required) is left out of the files, and the
verification says why, as a warning.
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

_FIELD_NAMES = {
    "nom": "nom",
    "description": "description",
    "date_maj": "verifie_le",
    "telephone": "telephone",
    "courriel": "courriel",
    "site_web": "site",
    "accessibilite_lieu": "accessibilite",
    "code_postal": "adresse.code_postal",
    "siret": "siret",
    "horaires_accueil": "horaires",
}
"""For messages: the key of partners.yaml behind each field of the schema."""

_ERRORS = {
    "string_too_short": "trop court",
    "string_too_long": "trop long",
    "url_parsing": "adresse web invalide",
    "value_error": "valeur refusée",
    "missing": "manquant",
}


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


def validated(structure: Structure, referential: Referential) -> tuple[dict[str, Any] | None, str | None]:
    """The record as the schema's model accepts it, or None and the reason in French."""
    if structure.verified_on is None:
        return None, "il manque « verifie_le », la date de vérification de ses informations"
    # Imported here: pydantic costs a third of a second, and only verified entries need it.
    import pydantic
    from data_inclusion.schema.v1.structures import Structure as DataInclusionStructure

    values = record(structure, referential)
    try:
        DataInclusionStructure.model_validate(values)
    except pydantic.ValidationError as error:
        reasons = []
        for detail in error.errors():
            field = str(detail["loc"][0]) if detail["loc"] else "?"
            what = _ERRORS.get(detail["type"], "valeur refusée")
            reasons.append(f"« {_FIELD_NAMES.get(field, field)} » {what}")
        return None, "le schéma data·inclusion refuse " + ", ".join(reasons)
    # The validated values as written (the model would turn a URL into a normalised one).
    return values, None


def unexported(structures: Iterable[Structure], referential: Referential) -> list[tuple[str, int, str]]:
    """(path, line, message) for the structures left out of ``structures.json``: those never verified
    in one message (a whole annuaire may not be yet), each refused by the schema at its own line."""
    left_out, unverified = [], []
    for structure in structures:
        path, line = structure.source.rsplit(":", 1)
        if structure.verified_on is None:
            unverified.append(structure.id)
            continue
        _, reason = validated(structure, referential)
        if reason:
            left_out.append((path, int(line), f"« {structure.id} » n'est pas publiée dans les données ouvertes (structures.json) : {reason}"))
    if unverified:
        names = ", ".join(unverified[:5]) + (f"… ({len(unverified)} en tout)" if len(unverified) > 5 else "")
        subject = "1 structure n'est pas publiée" if len(unverified) == 1 else f"{len(unverified)} structures ne sont pas publiées"
        left_out.insert(0, (path, 1, f"{subject} dans les données ouvertes (structures.json), faute de « verifie_le » (date de vérification) : {names}"))
    return left_out


def exported(structures: Iterable[Structure], referential: Referential) -> list[dict[str, Any]]:
    """The records of every structure the schema accepts."""
    return [values for values, _ in (validated(s, referential) for s in structures) if values is not None]
