"""The web form's configuration (Sveltia CMS, Decap-compatible ``config.yml``), made from ``schema``.

One source of truth: every collection's fields, required keys and patterns come from the
declarations that ``validate`` checks, so the form refuses before saving what the validator would
refuse, with the same French words. The hints are the schema's own, except where those speak to
someone writing the files by hand (file names, ids, ``true``): ``FORM_HINTS`` says the same thing
to someone filling a form. The vocabulary of ``referentiel.yaml`` (instances, thématiques,
secteurs, axes) becomes the options of selects, and a list still empty in a new site leaves its
field out rather than offering an empty choice (which the form refuses as an error of its
configuration); structures and fiches actions are relation widgets over the annuaire and the
fiches collection; a place is a structure of the annuaire or a text (``PLACE_WIDGET``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .catalogue import MEDIA_DIR
from .model import Referential, Repository, Structure
from .text import first_upper, quoted, sort_key
from .schema import (
    ACTION,
    AxisRef,
    NumberRef,
    EVENTS,
    ID_PATTERN,
    MEETING,
    PARTNERS,
    REFERENTIAL,
    Boolean,
    Choice,
    Count,
    Date,
    Degrees,
    Digits,
    Email,
    Field,
    FieldType,
    FuzzyDateType,
    ListOf,
    Pattern,
    Phone,
    PlaceRef,
    Record,
    Ref,
    Text,
    Url,
)

LABELS = {
    "titre": "Titre",
    "thematiques": "Thématiques",
    "ordre_du_jour": "Ordre du jour",
    "prochaine_reunion": "Prochaine réunion",
    "contacts_publics": "Contacts publiables",
    "debut": "Début",
    "jalons": "Jalons",
    "fait": "Fait",
    "visio": "En visioconférence",
    "site": "Site internet",
    "secteurs": "Secteurs",
    "numero": "Numéro",
    "evenements": "Événements",
    "clsm": "Le CLSM",
    "presentation": "Présentation",
    "brouillon": "Brouillon (non publié)",
    "id": "Identifiant",
    "participants": "Participants",
    "siret": "SIRET",
    "finess": "FINESS",
    "telephone": "Téléphone",
    "accessibilite": "Accessibilité",
    "ajoutee_le": "Ajoutée à l'annuaire le",
    "annee": "Année",
    "theme": "Thème",
    "sism": "SISM",
    "periodicite": "Périodicité",
    "organisateurs": "Organisateurs",
    "actions": "Fiches actions",
    "complement": "Complément",
    "verifie_le": "Vérifié le",
    "acces": "Accès",
    "fuseau_horaire": "Fuseau horaire",
    "contact_accessibilite": "Contact pour l'accessibilité",
    "annuaire": "Réglages de l'annuaire",
    "verification_valable_mois": "Durée de validité d'une vérification (en mois)",
    "donnees_ouvertes": "Données ouvertes",
    "licence": "Licence",
    "lien": "Adresse de la licence",
    "singulier": "Nom d'une réunion",
    "coordonnees": "Coordonnées sur la carte",
    "depot": "Dépôt du site",
    "etat": "État",
    "libelle": "Libellé",
    "reunion": "Réunion",
    "sans_suite_apres_mois": "Sans suite après (en mois)",
    "schema_accessibilite": "Schéma d'accessibilité",
}
"""Labels that are more than the key with a capital letter (accents, words joined by « _ »)."""

ITEM_LABELS = {
    "ordre_du_jour": "Point",
    "participants": "Participant",
    "contacts_publics": "Contact publiable",
    "jalons": "Jalon",
    "structures": "Structure",
    "publics": "Public",
    "evenements": "Événement",
    "sism": "Édition des SISM",
    "axes": "Axe",
    "instances": "Instance",
    "thematiques": "Thématique",
    "secteurs": "Secteur",
    "statuts": "Statut",
    "questions": "Question",
}
"""One item of a list, for the form's « Ajouter … » button and counts."""

ID_MESSAGE = "identifiant invalide : lettres minuscules sans accents, chiffres et tirets"
"""The validator's message for an id (``validate._valid_id``)."""

_ADDRESS_HINT = (
    "En minuscules sans accents, mots reliés par des tirets (par exemple {example}) : c'est la fin de l'adresse "
    "de sa page. Ne la changez plus une fois {what} cité{e} : les pages qui {pronoun} citent s'y réfèrent."
)
_PLACE_HINT = "Une structure de l'annuaire, ou un autre lieu écrit en toutes lettres."
_FUZZY_HINT = "Une année (2021), un mois (2021-03) ou un jour (2021-03-15)."

FORM_LABELS = {
    "structures.id": "Adresse de sa page",
    "evenements.id": "Nom court",
    "instances.id": "Nom court",
    "thematiques.id": "Adresse de sa page",
    "secteurs.id": "Adresse de sa page",
    "comptes-rendus/actions": "Fiches actions abordées",
}
"""Labels of the form that differ from ``LABELS`` at one place (by the field's path in its file)."""

FORM_HINTS = {
    "comptes-rendus/date": "Le jour de la réunion.",
    "lieu": _PLACE_HINT,
    "comptes-rendus/instance": "Le type de réunion.",
    "thematiques": "Les thématiques concernées.",
    "referentiel/thematiques": "Les thématiques de travail du conseil.",
    "brouillon": "Activé : la page n'est publiée nulle part.",
    "participants.groupe": "Un groupe de personnes (par exemple « l'équipe du CMP »), à la place d'un nom.",
    "participants.structure": "Sa structure dans l'annuaire (ou les deux qu'elle représente).",
    "prochaine_reunion.date": "Si elle est connue.",
    "axe": "L'axe stratégique de l'action.",
    "statut": "Où en est l'action.",
    "structures.id": _ADDRESS_HINT.format(example="centre-hospitalier", what="la structure", e="e", pronoun="la"),
    "structures.secteur": "Facultatif : son secteur.",
    "structures.verifie_le": "Le jour de la dernière vérification de ces informations.",
    "structures.coordonnees.date": "Le jour où les coordonnées ont été relevées dans la source.",
    "structures.coordonnees.source": "D'où viennent les coordonnées, par exemple « Base Adresse Nationale ».",
    "evenements.id": (
        "Court et stable, en minuscules sans accents, mots reliés par des tirets (par exemple "
        "forum-sante-mentale) : il désigne l'événement dans les agendas de ceux qui s'y sont abonnés."
    ),
    "evenements.date": "Le jour de l'événement.",
    "instances.id": (
        "Le nom d'un type de réunion en minuscules (par exemple copil ou groupe thématique) ; il forme l'adresse de "
        "sa page. Ne le changez plus une fois des comptes rendus écrits."
    ),
    "thematiques.id": _ADDRESS_HINT.format(example="logement", what="la thématique", e="e", pronoun="la"),
    "secteurs.id": _ADDRESS_HINT.format(example="soins-prevention", what="le secteur", e="", pronoun="le"),
    "questions": "Les questions auxquelles répond chaque fiche action, dans l'ordre.",
    "clsm.nom": "Le nom complet du conseil : il figure au pied de chaque page du site.",
    "clsm.sigle": "Le nom court du conseil, par exemple « CLSM de la vallée » : c'est le titre de chaque page du site.",
    "comptes-rendus/approbation": (
        "Facultatif : projet, ou approuvé (avec le jour et la réunion qui l'a approuvé) ; laissé vide, "
        "le site n'affirme ni l'un ni l'autre."
    ),
    "approbation.date": "Le jour de l'approbation.",
    "approbation.reunion": "Le compte rendu de la réunion qui l'a approuvé.",
    "structures.ajoutee_le": "Le jour de l'ajout à l'annuaire : la lettre d'information du mois l'annonce.",
    "sism.action": "La fiche action des SISM.",
}
"""Hints of the form where the schema's words speak of files, ids or YAML, by the field's path in
its file (« participants.structure ») or its key alone (« date »): the same meaning, for a form."""


PLACEHOLDER_REPOSITORY = Repository(forge="github", project="depot/a-renseigner")
"""Until ``depot`` is filled in ``referentiel.yaml``: the form then only opens a local folder, and
its page says how to fill it in (``outputs.admin``); this name is never shown."""

PLACE_WIDGET = "releve-lieu"
"""The place widget of ``admin/releve-composants.js``: a structure of the annuaire or a text."""
EDITOR_COMPONENTS = ("decision", "engagement")
"""The buttons of the compte rendu's text that write a décision and an engagement (``releve-composants.js``)."""
CLOSURE_COMPONENT = "fait"
"""The button that closes an engagement (« !!! fait »), offered once the site holds any engagement
(one already done too: a compte rendu that closes it is edited again)."""

MEETINGS, ACTIONS, DIRECTORY, REFERENTIAL_COLLECTION, EVENTS_COLLECTION = (
    "comptes-rendus",
    "fiches-actions",
    "annuaire",
    "referentiel",
    "evenements",
)


MEDIA_LIBRARIES = {
    # An upload keeps its name otherwise: « Photo réunion.png » became a link written
    # « Photo%20r%C3%A9union.png », which the build finds nowhere; slugified as the entries' names are.
    "default": {"config": {"slugify_filename": True}},
    # Photo banks (Unsplash, Pexels…) are other sites, which the page's CSP blocks: not offered.
    "stock_assets": False,
}
"""Where the form's images come from: the coordinator's own files only."""

DRAFT_KEY = "brouillon"

MAINTAINERS_ONLY = ("depot",)
"""Keys of referentiel.yaml the form never offers: ``depot`` says where the form itself signs in."""


def new_entry_values(config: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The values a new entry of each collection starts with, given to the form as the URL
    parameters of its « new entry » page (Decap's and Sveltia's dynamic default values).

    New comptes rendus and fiches start as drafts. A field's ``default`` cannot say so: the form
    also fills it in every existing file that lacks the key, so editing a published compte rendu
    would unpublish it; a dynamic default applies to a new entry only.
    """
    return {
        collection["name"]: {DRAFT_KEY: "true"}
        for collection in config["collections"]
        if any(field["name"] == DRAFT_KEY for field in collection.get("fields", ()))
    }


DATE_WIDGET = {"widget": "datetime", "time_format": False, "format": "YYYY-MM-DD", "date_format": "DD/MM/YYYY"}
"""A date written as AAAA-MM-JJ, the form the schema accepts, and shown as the French date."""

RELATIONS = {
    "structure": {
        "widget": "relation",
        "collection": DIRECTORY,
        "file": "partners",
        "value_field": "structures.*.id",
        "search_fields": ["structures.*.nom", "structures.*.sigle", "structures.*.id"],
        "display_fields": ["structures.*.nom"],
    },
    "action": {
        "widget": "relation",
        "collection": ACTIONS,
        "value_field": "{{slug}}",
        "search_fields": ["titre"],
        "display_fields": ["titre"],
    },
    "meeting": {
        "widget": "relation",
        "collection": MEETINGS,
        "value_field": "{{slug}}",
        "search_fields": ["titre", "date"],
        "display_fields": ["date", "titre"],
    },
}
"""A structure is chosen among the annuaire's, a fiche or a compte rendu among its collection's, by name."""


def label(key: str) -> str:
    return LABELS.get(key, first_upper(key.replace("_", " ")))


def _form_text(texts: dict[str, str], path: str, key: str) -> str | None:
    """The most precise of ``texts`` for a field: by its file and path (« referentiel/thematiques »),
    its path (« participants.structure ») or its key (« date »)."""
    for candidate in (path, path.partition("/")[2], key):
        if candidate in texts:
            return texts[candidate]
    return None


def _hint(path: str, key: str, spec: Field) -> str | None:
    if (text := _form_text(FORM_HINTS, path, key)) is not None:
        return text
    if isinstance(spec.type, FuzzyDateType):
        return _FUZZY_HINT
    if not spec.doc:
        return None
    # The schema's docs speak YAML (« true si… »); the form shows a switch.
    doc = re.sub(r"^true\b", "activé", spec.doc) if isinstance(spec.type, Boolean) else spec.doc
    return first_upper(doc) + "."


class _Widgets:
    """Turns field types into Sveltia widgets, with the vocabulary of one referential and the
    structures of the annuaire (the places a meeting may be held at)."""

    def __init__(self, referential: Referential, structures: tuple[Structure, ...] = ()):
        self.options = {
            "instance": [{"label": i.name, "value": i.id} for i in referential.instances],
            "thematique": [{"label": t.name, "value": t.id} for t in referential.themes],
            "secteur": [{"label": s.name, "value": s.id} for s in referential.sectors],
            "statut": [{"label": first_upper(status), "value": status} for status in referential.statuses],
        }
        self.axes = {axis.number: f"{axis.number} — {axis.name}" for axis in referential.axes}
        self.places = [{"label": s.name, "value": s.id} for s in sorted(structures, key=lambda s: sort_key(s.name))]

    def field(self, key: str, spec: Field, path: str = "") -> dict[str, Any] | None:
        """The form's field for ``key`` (at ``path`` in its file), or None when it has nothing to
        offer: a choice among a vocabulary still empty."""
        widget = self.widget(key, spec.type, path)
        if widget is None:
            if not spec.required:
                return None
            # Required but nothing to choose from: the validator names what to declare.
            widget = {"widget": "string"}
        config = {"name": key, "label": _form_text(FORM_LABELS, path, key) or label(key), **widget}
        hint = _hint(path, key, spec)
        if hint:
            config["hint"] = hint
        config["required"] = spec.required
        return config

    def fields(self, record: Record, prefix: str = "") -> list[dict[str, Any]]:
        fields = (
            # Where the form signs in: kept as written, never offered for editing in the form itself.
            {"name": key, "label": label(key), "widget": "hidden"} if key in MAINTAINERS_ONLY else self.field(key, spec, prefix + key)
            for key, spec in record.fields.items()
        )
        return [field for field in fields if field is not None]

    def widget(self, key: str, field_type: FieldType, path: str) -> dict[str, Any] | None:
        message = f"« {label(key)} » doit être {field_type.expected}."
        if isinstance(field_type, (Pattern, Url, Digits, Phone, Email)):
            return {"widget": "string", "pattern": [_regex(field_type), message]}
        if isinstance(field_type, Boolean):
            return {"widget": "boolean"}
        if isinstance(field_type, Count):
            return {"widget": "number", "value_type": "int", "min": 0, "max": field_type.maximum}
        if isinstance(field_type, Degrees):
            return {"widget": "number", "value_type": "float", "min": -field_type.limit, "max": field_type.limit}
        if isinstance(field_type, Choice):
            options = [{"label": self.axes.get(v) or first_upper(str(v)), "value": v} for v in field_type.values]
            return {"widget": "select", "options": options}
        if isinstance(field_type, AxisRef):
            options = [{"label": text, "value": number} for number, text in self.axes.items()]
            return {"widget": "select", "options": options} if options else None
        if isinstance(field_type, NumberRef):  # a SISM edition's year
            return {"widget": "number", "value_type": "int", "min": 1900}
        if isinstance(field_type, Date):
            return dict(DATE_WIDGET)
        if isinstance(field_type, FuzzyDateType):
            return {"widget": "string", "pattern": [r"^\d{4}(-\d{2}(-\d{2})?)?$", message]}
        if isinstance(field_type, Ref):
            return self.reference(field_type.kind)
        if isinstance(field_type, PlaceRef):
            # The structures known when the site was built; a text or an id written since stays as it is.
            return {"widget": PLACE_WIDGET, "options": self.places}
        if isinstance(field_type, ListOf):
            item = field_type.item
            if isinstance(item, (Ref, Choice)):
                single = self.widget(key, item, path)
                return None if single is None else {**single, "multiple": True}
            singular = {"label_singular": ITEM_LABELS[key]} if key in ITEM_LABELS else {}
            if isinstance(item, Record):
                return {"widget": "list", **singular, "fields": self.fields(item, path + "."), **self._summary(item)}
            item_label = ITEM_LABELS.get(key, label(key))
            return {"widget": "list", **singular, "field": {"name": key, "label": item_label, **self.widget(key, item, path)}}
        if isinstance(field_type, Record):
            return {"widget": "object", "fields": self.fields(field_type, path + ".")}
        if key == "id":
            return {"widget": "string", "pattern": [ID_PATTERN.pattern, ID_MESSAGE]}
        # A paragraph where the schema accepts line breaks, one line where it refuses them.
        return {"widget": "text" if isinstance(field_type, Text) and field_type.multiline else "string"}

    def reference(self, kind: str) -> dict[str, Any] | None:
        if kind in RELATIONS:
            return dict(RELATIONS[kind])
        options = self.options[kind]
        return {"widget": "select", "options": options} if options else None

    @staticmethod
    def _summary(record: Record) -> dict[str, str]:
        """How a list item is shown folded: its name or title, not « Item 3 »."""
        shown = [key for key in ("nom", "groupe", "titre", "libelle") if key in record.fields]
        return {"summary": " ".join(f"{{{{{key}}}}}" for key in shown)} if shown else {}


def _regex(field_type: FieldType) -> str:
    """The shape the schema declares for a text: its JSON Schema's pattern (or an e-mail's own),
    so the form and the editor refuse the same texts; the validator may refuse more (a SIRET's
    check digit, a phone number's length)."""
    if isinstance(field_type, Email):
        return field_type.PATTERN.pattern
    schema = field_type.json_schema({})
    return next(part["pattern"] for part in (schema, *schema.get("anyOf", ())) if "pattern" in part)


def _backend(repository: Repository) -> dict[str, Any]:
    backend: dict[str, Any] = {"name": repository.forge, "repo": repository.project, "branch": repository.branch}
    if repository.forge == "github":
        # Signing in with GitHub itself needs an OAuth server (Netlify's by default, another site):
        # the form offers the personal access token only.
        backend["auth_methods"] = ["token"]
    if repository.forge == "gitlab":
        backend["auth_type"] = "pkce"
        if repository.app_id:
            backend["app_id"] = repository.app_id
        if repository.base_url:
            base = repository.base_url.rstrip("/")
            backend.update(base_url=base, api_root=f"{base}/api/v4")
    return backend


def api_origins(repository: Repository | None) -> list[str]:
    """The forge addresses the form talks to, the only ones its page's CSP lets it reach."""
    repository = repository or PLACEHOLDER_REPOSITORY
    if repository.forge == "github":
        return ["https://api.github.com"]
    return [(repository.base_url or "https://gitlab.com").rstrip("/")]


def app_title(referential: Referential) -> str:
    """What the sign-in screen and the page's title say: « Modifier le site du CLSM de Valmont »."""
    name = referential.clsm_short_name
    return f"Modifier le site du {name}" if re.match(r"(?i)(clsm|conseil)\b", name) else f"Modifier le site {quoted(name)}"


Commitments = tuple[tuple[str, str], ...]
"""The engagements the « Engagement réalisé » button offers, as (anchor, label) in the list's order."""


@dataclass(frozen=True)
class Form:
    """The web form of one CLSM: ``config`` is its ``config.yml``, ``editor_settings`` what
    ``admin/releve-composants.js`` is given."""

    config: dict[str, Any]
    editor_settings: dict[str, Any]


def form(referential: Referential, structures: tuple[Structure, ...] = (), commitments: Commitments = ()) -> Form:
    """The form for the content of one CLSM. The engagements it may close are given once: the
    text's buttons name « Engagement réalisé » exactly when its settings have engagements to offer."""
    return Form(_config(referential, structures, commitments), _editor_settings(commitments))


def _config(referential: Referential, structures: tuple[Structure, ...], commitments: Commitments) -> dict[str, Any]:
    """The whole ``config.yml`` of the form."""
    widgets = _Widgets(referential, structures)
    repository = referential.repository or PLACEHOLDER_REPOSITORY
    body = {"name": "body", "label": "Texte", "widget": "markdown", "required": False}
    questions = "\n".join(f"## {question}\n\n" for question, _ in referential.questions)
    meetings = {
        "name": MEETINGS,
        "label": "Comptes rendus",
        "label_singular": "Compte rendu",
        "description": "Les comptes rendus et relevés de conclusions des réunions du conseil.",
        "folder": "minutes",
        "extension": "md",
        "format": "yaml-frontmatter",
        "create": True,
        # The file name carries the meeting's own date, which the validator compares with « date ».
        "slug": "{{fields.date}}-{{slug}}",
        "identifier_field": "titre",
        "summary": "{{date}} · {{titre}}",
        "sortable_fields": ["date", "titre"],
        # No default for « brouillon »: see new_entry_values.
        "fields": widgets.fields(MEETING, f"{MEETINGS}/") + [{**body, "editor_components": [*EDITOR_COMPONENTS, *([CLOSURE_COMPONENT] if commitments else []), "image"]}],
    }
    actions = {
        "name": ACTIONS,
        "label": "Fiches actions",
        "label_singular": "Fiche action",
        "description": "Une fiche par action du conseil ; son texte répond aux questions de la fiche.",
        "folder": "actions",
        "extension": "md",
        "format": "yaml-frontmatter",
        "create": True,
        "slug": "{{slug}}",
        "identifier_field": "titre",
        "summary": "{{titre}} · {{statut}} · depuis {{debut}}",
        "sortable_fields": ["titre", "debut", "statut"],
        # Décisions and engagements are written in the compte rendu of the meeting that took them.
        "fields": widgets.fields(ACTION, f"{ACTIONS}/") + [{**body, "default": questions, "editor_components": ["image"]}],
    }

    def single_file(name: str, title: str, path: str, record: Record, description: str) -> dict[str, Any]:
        stem = path.removesuffix(".yaml")
        file = {"name": stem, "label": title, "file": path, "format": "yaml", "fields": widgets.fields(record, f"{stem}/")}
        return {"name": name, "label": title, "description": description, "files": [file]}

    return {
        "backend": _backend(repository),
        "app_title": app_title(referential),
        **({"publish_mode": "editorial_workflow"} if repository.review else {}),
        # The form's preview is not the published page (no theme, no generated parts, « !!! » blocks
        # shown as text): none is offered rather than a misleading one.
        "editor": {"preview": False},
        # Required by the form; files added through it land in medias/, which the build checks like
        # docs/ (images and PDF only) and publishes at /medias/ (hand_written.MEDIA_DIR).
        "media_folder": MEDIA_DIR,
        "public_folder": f"/{MEDIA_DIR}",
        "media_libraries": MEDIA_LIBRARIES,
        "output": {"omit_empty_optional_fields": True},
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            meetings,
            actions,
            single_file(DIRECTORY, "Annuaire", "partners.yaml", PARTNERS, "Les structures citées dans les comptes rendus et les fiches."),
            single_file(EVENTS_COLLECTION, "Événements", "evenements.yaml", EVENTS, "Les événements de l'agenda."),
            single_file(
                REFERENTIAL_COLLECTION,
                "Référentiel",
                "referentiel.yaml",
                REFERENTIAL,
                "Le nom du conseil, ses axes stratégiques, ses instances, ses thématiques et ses secteurs.",
            ),
        ],
    }


def _editor_settings(commitments: Commitments) -> dict[str, Any]:
    """The place widget's words, and the fields of the décision and engagement buttons, made like
    every other field of the form; the « Engagement réalisé » button's only with ``commitments``."""
    structure, actions, date = RELATIONS["structure"], {**RELATIONS["action"], "multiple": True}, DATE_WIDGET
    closure = {
        CLOSURE_COMPONENT: {
            "label": "Engagement réalisé",
            "fields": [
                {"name": "engagement", "label": "Engagement réalisé", "widget": "select", "required": True,
                 "options": [{"label": label, "value": anchor} for anchor, label in commitments],
                 "hint": "Les engagements pris en réunion, du plus récent au plus ancien ; ceux déjà réalisés sont en fin de liste."},
                {"name": "texte", "label": "Ce qui a été fait", "widget": "text", "required": True,
                 "hint": "Par exemple « Les salles sont réservées. »"},
            ],
        }
    }
    return {
        **(closure if commitments else {}),
        "lieu": {
            "widget": PLACE_WIDGET,
            "aucun": "— Aucun lieu —",
            "annuaire": "Une structure de l'annuaire",
            "autre": "Un autre lieu (à écrire)",
            "texte": "Autre lieu",
            "exemple": "Par exemple : salle du conseil municipal",
        },
        "decision": {
            "label": "Décision",
            "fields": [
                {"name": "texte", "label": "Décision", "widget": "text", "required": True,
                 "hint": "Ce qui est décidé, par exemple « Il est convenu de… »."},
                {"name": "fiches", "label": "Fiches actions concernées", **actions, "required": False,
                 "hint": "La page de chaque fiche choisie citera la décision."},
            ],
        },
        "engagement": {
            "label": "Engagement",
            "fields": [
                {"name": "texte", "label": "Engagement", "widget": "text", "required": True, "hint": "Ce qui sera fait."},
                # One structure, chosen as in a list of one: in a button of the text, Sveltia CMS loses
                # a single relation's choice when another field of the button is edited after it.
                {"name": "structure", "label": "Structure qui s'engage", **structure, "multiple": True, "min": 1, "max": 1, "required": True},
                {"name": "personne", "label": "Personne", "widget": "string", "required": False,
                 "hint": "Facultatif : prénom et nom, tels qu'ils figurent parmi les participants."},
                {"name": "echeance", "label": "Échéance", **date, "required": False,
                 "hint": "Facultatif : le jour où ce doit être fait ; il entre dans l'agenda de la structure."},
            ],
        },
    }
