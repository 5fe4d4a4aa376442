"""The web form's configuration (Sveltia CMS, Decap-compatible ``config.yml``), made from ``schema``.

One source of truth: every collection's fields, labels, hints, required keys and patterns come
from the declarations that ``validate`` checks, so the form refuses before saving what the
validator would refuse, with the same French words. The vocabulary of ``referentiel.yaml``
(instances, thématiques, secteurs, axes) becomes the options of selects; structures and fiches
actions are relation widgets over the annuaire and the fiches collection.
"""

from __future__ import annotations

import re
from typing import Any

from .model import Referential, Repository
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
    "depot": "Dépôt du site",
    "adresse": "Adresse du GitLab",
    "application": "Application OAuth (GitLab)",
    "relecture": "Relecture avant publication",
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
    "coordonnees": "Coordonnées sur la carte",
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

PLACEHOLDER_REPOSITORY = Repository(forge="github", project="depot/a-renseigner")
"""Until ``depot`` is filled in ``referentiel.yaml``: the form then only opens a local folder."""

MEETINGS, ACTIONS, DIRECTORY, REFERENTIAL_COLLECTION, EVENTS_COLLECTION = (
    "comptes-rendus",
    "fiches-actions",
    "annuaire",
    "referentiel",
    "evenements",
)


DRAFT_KEY = "brouillon"


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


def label(key: str) -> str:
    return LABELS.get(key, key.replace("_", " ").capitalize())


class _Widgets:
    """Turns field types into Sveltia widgets, with the vocabulary of one referential."""

    def __init__(self, referential: Referential):
        self.options = {
            "instance": [{"label": i.name, "value": i.id} for i in referential.instances],
            "thematique": [{"label": t.name, "value": t.id} for t in referential.themes],
            "secteur": [{"label": s.name, "value": s.id} for s in referential.sectors],
            "statut": [{"label": status[:1].upper() + status[1:], "value": status} for status in referential.statuses],
        }
        self.axes = {axis.number: f"{axis.number} — {axis.name}" for axis in referential.axes}

    def field(self, key: str, spec: Field) -> dict[str, Any]:
        config = {"name": key, "label": label(key), **self.widget(key, spec.type)}
        if spec.doc:
            # The schema's docs speak YAML (« true si… »); the form shows a switch.
            doc = re.sub(r"^true\b", "activé", spec.doc) if isinstance(spec.type, Boolean) else spec.doc
            config["hint"] = doc[:1].upper() + doc[1:] + "."
        config["required"] = spec.required
        return config

    def fields(self, record: Record) -> list[dict[str, Any]]:
        return [self.field(key, spec) for key, spec in record.fields.items()]

    def widget(self, key: str, field_type: FieldType) -> dict[str, Any]:
        message = f"« {label(key)} » doit être {field_type.expected}."
        if isinstance(field_type, (Pattern, Url, Digits, Phone, Email)):
            return {"widget": "string", "pattern": [_regex(field_type), message]}
        if isinstance(field_type, Boolean):
            return {"widget": "boolean"}
        if isinstance(field_type, Count):
            return {"widget": "number", "value_type": "int", "min": 0}
        if isinstance(field_type, Degrees):
            return {"widget": "number", "value_type": "float", "min": -field_type.limit, "max": field_type.limit}
        if isinstance(field_type, Choice):
            options = [{"label": self.axes.get(v) or str(v)[:1].upper() + str(v)[1:], "value": v} for v in field_type.values]
            return {"widget": "select", "options": options}
        if isinstance(field_type, AxisRef):
            return {"widget": "select", "options": [{"label": text, "value": number} for number, text in self.axes.items()]}
        if isinstance(field_type, NumberRef):  # a SISM edition's year
            return {"widget": "number", "value_type": "int", "min": 1900}
        if isinstance(field_type, Date):
            # Written as AAAA-MM-JJ, the form the schema accepts; shown as the French date.
            return {"widget": "datetime", "time_format": False, "format": "YYYY-MM-DD", "date_format": "DD/MM/YYYY"}
        if isinstance(field_type, FuzzyDateType):
            return {"widget": "string", "pattern": [r"^\d{4}(-\d{2}(-\d{2})?)?$", message]}
        if isinstance(field_type, Ref):
            return self.reference(field_type.kind)
        if isinstance(field_type, PlaceRef):
            return {"widget": "string"}
        if isinstance(field_type, ListOf):
            item = field_type.item
            if isinstance(item, (Ref, Choice)):
                return {**self.widget(key, item), "multiple": True}
            singular = {"label_singular": ITEM_LABELS[key]} if key in ITEM_LABELS else {}
            if isinstance(item, Record):
                return {"widget": "list", **singular, "fields": self.fields(item), **self._summary(item)}
            item_label = ITEM_LABELS.get(key, label(key))
            return {"widget": "list", **singular, "field": {"name": key, "label": item_label, **self.widget(key, item)}}
        if isinstance(field_type, Record):
            return {"widget": "object", "fields": self.fields(field_type)}
        if key == "id":
            return {"widget": "string", "pattern": [ID_PATTERN.pattern, ID_MESSAGE]}
        # A paragraph where the schema accepts line breaks, one line where it refuses them.
        return {"widget": "text" if isinstance(field_type, Text) and field_type.multiline else "string"}

    def reference(self, kind: str) -> dict[str, Any]:
        if kind == "structure":
            return {
                "widget": "relation",
                "collection": DIRECTORY,
                "file": "partners",
                "value_field": "structures.*.id",
                "search_fields": ["structures.*.nom", "structures.*.sigle", "structures.*.id"],
                "display_fields": ["structures.*.nom"],
            }
        if kind == "action":
            return {
                "widget": "relation",
                "collection": ACTIONS,
                "value_field": "{{slug}}",
                "search_fields": ["titre"],
                "display_fields": ["titre"],
            }
        return {"widget": "select", "options": self.options[kind]}

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


def config(referential: Referential) -> dict[str, Any]:
    """The whole ``config.yml`` of the form, for the content of one CLSM."""
    widgets = _Widgets(referential)
    repository = referential.repository or PLACEHOLDER_REPOSITORY
    body = {"name": "body", "label": "Texte", "widget": "markdown", "required": False}
    questions = "\n".join(f"## {question}\n\n" for question, _ in referential.questions)
    meetings = {
        "name": MEETINGS,
        "label": "Comptes rendus",
        "label_singular": "Compte rendu",
        "description": "Un fichier par réunion dans minutes/, nommé d'après sa date et son titre.",
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
        "fields": widgets.fields(MEETING) + [body],
    }
    actions = {
        "name": ACTIONS,
        "label": "Fiches actions",
        "label_singular": "Fiche action",
        "description": "Un fichier par action dans actions/ ; le texte répond aux dix questions.",
        "folder": "actions",
        "extension": "md",
        "format": "yaml-frontmatter",
        "create": True,
        "slug": "{{slug}}",
        "identifier_field": "titre",
        "summary": "{{titre}} · {{statut}} · depuis {{debut}}",
        "sortable_fields": ["titre", "debut", "statut"],
        "fields": widgets.fields(ACTION) + [{**body, "default": questions}],
    }

    def single_file(name: str, title: str, path: str, record: Record, description: str) -> dict[str, Any]:
        file = {"name": path.removesuffix(".yaml"), "label": title, "file": path, "format": "yaml", "fields": widgets.fields(record)}
        return {"name": name, "label": title, "description": description, "files": [file]}

    return {
        "backend": _backend(repository),
        **({"publish_mode": "editorial_workflow"} if repository.review else {}),
        # Required by the form; images added through it land in docs/, which MkDocs publishes.
        "media_folder": "docs/medias",
        "public_folder": "/medias",
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
                "Le vocabulaire du CLSM ; ne jamais modifier un identifiant déjà utilisé.",
            ),
        ],
    }
