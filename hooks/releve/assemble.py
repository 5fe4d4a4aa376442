"""From checked values to the model's frozen dataclasses.

Each French key fills the attribute that the schema declares for it (``Field.attr``, through
``Record.build``); only what no key gives is added here: an id taken from the file name, a body,
a slug, an order, a default of the referential.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from . import urls
from .body import ParsedBody
from .catalogue import stem
from .model import DEFAULT_QUESTIONS, DEFAULT_STATUSES, ActionSheet, Meeting, Referential, Repository, Structure
from .schema import ACTION, ADDRESS, LETTER_PERIODS, MEETING, REFERENTIAL, REPOSITORY, STRUCTURE, Record


def meeting(path: str, data: dict, parsed: ParsedBody) -> Meeting:
    return MEETING.build(
        data,
        id=stem(path),
        path=path,
        body=parsed.parts,
        sections=parsed.sections,
        decisions=parsed.decisions,
        commitments=parsed.commitments,
        closures=parsed.closures,
    )


def action(path: str, data: dict, answers: list[str], extra: str) -> ActionSheet:
    sheet = ACTION.build(data, id=stem(path), path=path, answers=tuple(answers), extra=extra)
    return replace(sheet, milestones=tuple(sorted(sheet.milestones, key=lambda m: m.date.sort_key)))


def structure(item: dict, source: str) -> Structure:
    """``source``: ``partners.yaml:line`` of the entry; an empty ``adresse`` is no address."""
    return STRUCTURE.build(item, source=source, address=ADDRESS.build(item["adresse"]) if item.get("adresse") else None)


def _item(key: str) -> Record:
    """The record of one item of a list of ``referentiel.yaml`` (an axe, an instance…)."""
    return REFERENTIAL.fields[key].type.item


def referential(data: dict, axes: list[dict], instances: list[dict], themes: list[dict], sectors: list[dict]) -> Referential:
    """The referential from its checked values and its lists, each item's id used once."""
    clsm = data["clsm"]
    hints = dict(DEFAULT_QUESTIONS)
    return Referential(
        clsm_name=clsm["nom"],
        clsm_short_name=clsm["sigle"],
        axes=tuple(_item("axes").build(a) for a in sorted(axes, key=lambda a: a["numero"])),
        instances=tuple(
            _item("instances").build(i, slug=urls.slugify(i["id"]), singular=i.get("singulier") or i["nom"]) for i in instances
        ),
        themes=tuple(_item("thematiques").build(t) for t in themes),
        sectors=tuple(_item("secteurs").build(s) for s in sectors),
        presentation=clsm.get("presentation"),
        accessibility_contact=clsm.get("contact_accessibilite"),
        statuses=tuple(data.get("statuts") or DEFAULT_STATUSES),
        # A declared question that is one of the default ten keeps its hint.
        questions=tuple((q, hints.get(q, "")) for q in data["questions"]) if data.get("questions") else DEFAULT_QUESTIONS,
        **({"time_zone": clsm["fuseau_horaire"]} if "fuseau_horaire" in clsm else {}),
        **_settings(data),
        repository=_repository(data.get("depot")),
    )


def _repository(data: dict | None) -> Repository | None:
    if not data or not {"forge", "projet"} <= data.keys():
        return None
    return REPOSITORY.build(data)


def _settings(data: dict) -> dict[str, Any]:
    """The optional settings of ``referentiel.yaml`` that were written; the model's defaults for the others."""
    settings: dict[str, Any] = {}
    if "verification_valable_mois" in data.get("annuaire", {}):
        settings["verification_months"] = data["annuaire"]["verification_valable_mois"]
    if "periodicite" in data.get("lettre", {}):
        settings["letter_months"] = LETTER_PERIODS[data["lettre"]["periodicite"]]
    licence = data.get("donnees_ouvertes", {})
    if "licence" in licence:
        # Another licence than the default: its link is the one written, if any.
        settings.update(licence=licence["licence"], licence_url=licence.get("lien"))
    elif "lien" in licence:
        settings["licence_url"] = licence["lien"]
    return settings
