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
from .model import DEFAULT_QUESTIONS, DEFAULT_RUNNING, DEFAULT_STATUSES, ActionSheet, Meeting, Referential, Repository, Structure
from .schema import ACTION, ADDRESS, LETTER_PERIODS, MEETING, REFERENTIAL, REPOSITORY, STRUCTURE, Record
from .text import fold


def meeting(path: str, data: dict, parsed: ParsedBody) -> Meeting:
    """The meeting; the person of each commitment as the participants list spells them (« Frederique »
    written in a hurry is « Frédérique »), and a next meeting dated on or before the meeting itself
    (a slip the validation warns about) without its date: no page or calendar publishes it."""
    spelled = {fold(p["nom"]): p["nom"] for p in data.get("participants", ()) if "nom" in p}
    # By identity: the body holds the very commitments of ``parsed.commitments`` (hashing them by
    # their fields, text included, cost more than the rest of the assembly).
    renamed = {
        id(c): replace(c, person=person) for c in parsed.commitments if c.person and (person := spelled.get(fold(c.person), c.person)) != c.person
    }
    built = MEETING.build(
        data,
        id=stem(path),
        path=path,
        body=tuple(renamed.get(id(part), part) for part in parsed.parts) if renamed else parsed.parts,
        sections=parsed.sections,
        decisions=parsed.decisions,
        commitments=tuple(renamed.get(id(c), c) for c in parsed.commitments) if renamed else parsed.commitments,
        closures=parsed.closures,
    )
    following = built.next_meeting
    if following is not None and following.date is not None and following.date <= built.date:
        built = replace(built, next_meeting=replace(following, date=None))
    return built


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
    statuses = tuple(data.get("statuts") or DEFAULT_STATUSES)
    # Without « statuts_actifs », the default running ones the CLSM kept; if it kept none (statuts
    # of its own), every statut: no page says a fiche is over when the vocabulary does not.
    running = tuple(data.get("statuts_actifs") or [s for s in statuses if s in DEFAULT_RUNNING] or statuses)
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
        accessibility_contact=clsm.get("contact_accessibilite") or clsm.get("contact"),
        contact=clsm.get("contact"),
        accessibility_plan=clsm.get("schema_accessibilite"),
        statuses=statuses,
        running=running,
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
    if "sans_suite_apres_mois" in data.get("engagements", {}):
        settings["stale_months"] = data["engagements"]["sans_suite_apres_mois"]
    licence = data.get("donnees_ouvertes", {})
    if "licence" in licence:
        # Another licence than the default: its link is the one written, if any.
        settings.update(licence=licence["licence"], licence_url=licence.get("lien"))
    elif "lien" in licence:
        settings["licence_url"] = licence["lien"]
    return settings
