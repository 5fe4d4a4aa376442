"""The fields of each kind of source file, declared once.

Each field type checks a raw YAML value and returns a typed one, or records a ``Problem`` with
the key's line. References to other content (structures, actions, thématiques…) are collected
here and resolved in ``validate`` once every file is loaded, so all errors show at once.
The same declarations export a JSON Schema for editors (``json_schema``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Collection, Mapping

from .model import FuzzyDate
from .problems import Problem, suggest
from .sources import KeyPath, SourceDocument

INVALID = object()
"""Returned by a field type when the value is wrong (the problem is already recorded)."""

KnownIds = Mapping[str, Collection[str]]
"""The ids declared in the content, by reference kind (``structure``, ``instance``…), which the
JSON Schema offers as allowed values so that editors complete them."""

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FUZZY_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class Reference:
    """A mention of another item by its id, to be resolved when every file is known."""

    kind: str
    value: str
    path: str
    line: int


@dataclass
class Checker:
    """Collects problems and references while the fields of one document are checked."""

    doc: SourceDocument
    problems: list[Problem] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)

    def report(self, path: KeyPath, message: str, hint: str | None = None) -> object:
        self.problems.append(Problem(self.doc.path, self.doc.line(*path), message, hint))
        return INVALID

    def refer(self, kind: str, value: str, path: KeyPath) -> None:
        self.references.append(Reference(kind, value, self.doc.path, self.doc.line(*path)))


def _label(path: KeyPath) -> str:
    """``participants[2].structure`` — how a key path is named in messages."""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "l'en-tête"


def _shown(value: Any) -> str:
    return "rien" if value is None else f"« {value} »"


class FieldType:
    expected: str = "une valeur"

    def check(self, value: Any, checker: Checker, path: KeyPath) -> Any:
        raise NotImplementedError

    def json_schema(self, known: KnownIds) -> dict:
        raise NotImplementedError

    def wrong(self, value: Any, checker: Checker, path: KeyPath) -> object:
        return checker.report(path, f"« {_label(path)} » doit être {self.expected}, trouvé {_shown(value)}")


class Text(FieldType):
    expected = "un texte"

    def check(self, value, checker, path):
        if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
            return self.wrong(value, checker, path)
        text = str(value).strip()
        return text if text else self.wrong(value, checker, path)

    def json_schema(self, known):
        # Numbers are accepted too: ``check`` turns them into text, as YAML gives ``horaire: 10``.
        return {"type": ["string", "number"], "minLength": 1}


class Url(Text):
    expected = "une adresse web commençant par http:// ou https://"

    def check(self, value, checker, path):
        text = super().check(value, checker, path)
        if text is not INVALID and not re.match(r"^https?://\S+$", text):
            return self.wrong(value, checker, path)
        return text

    def json_schema(self, known):
        return {"type": "string", "pattern": r"^https?://\S+$"}


class Boolean(FieldType):
    expected = "true ou false"

    def check(self, value, checker, path):
        return value if isinstance(value, bool) else self.wrong(value, checker, path)

    def json_schema(self, known):
        return {"type": "boolean"}


class Count(FieldType):
    expected = "un nombre entier positif ou nul"

    def check(self, value, checker, path):
        valid = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        return value if valid else self.wrong(value, checker, path)

    def json_schema(self, known):
        return {"type": "integer", "minimum": 0}


class Choice(FieldType):
    def __init__(self, *values: Any):
        self.values = values
        self.expected = "l'une des valeurs " + ", ".join(f"« {v} »" for v in values)

    def check(self, value, checker, path):
        if value in self.values:
            return value
        hint = suggest(value, [str(v) for v in self.values]) if isinstance(value, str) else None
        checker.report(path, f"« {_label(path)} » doit être {self.expected}, trouvé {_shown(value)}", hint)
        return INVALID

    def json_schema(self, known):
        return {"enum": list(self.values)}


class Date(FieldType):
    expected = "une date au format AAAA-MM-JJ"

    def check(self, value, checker, path):
        if isinstance(value, str):
            match = _FUZZY_PATTERN.match(value.strip())
            if match and match.group(3):
                try:
                    return dt.date(*(int(part) for part in match.groups()))
                except ValueError:
                    return checker.report(path, f"« {_label(path)} » : la date « {value} » n'existe pas")
        return self.wrong(value, checker, path)

    def json_schema(self, known):
        return {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}


class FuzzyDateType(FieldType):
    expected = "une date AAAA, AAAA-MM ou AAAA-MM-JJ"

    def check(self, value, checker, path):
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        match = _FUZZY_PATTERN.match(value.strip()) if isinstance(value, str) else None
        if not match:
            return self.wrong(value, checker, path)
        year, month, day = (int(part) if part else None for part in match.groups())
        try:
            dt.date(year, month or 1, day or 1)
        except ValueError:
            return checker.report(path, f"« {_label(path)} » : la date « {value} » n'existe pas")
        return FuzzyDate(year, month, day)

    def json_schema(self, known):
        return {
            "anyOf": [
                {"type": "integer", "minimum": 1000, "maximum": 9999},
                {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
            ]
        }


class Ref(FieldType):
    """The id of another item; resolved later against every file."""

    NOUNS = {
        "structure": "l'identifiant d'une structure de partners.yaml",
        "action": "l'identifiant d'une fiche action (nom du fichier dans actions/)",
        "thematique": "l'identifiant d'une thématique de referentiel.yaml",
        "instance": "l'identifiant d'une instance de referentiel.yaml",
        "secteur": "l'identifiant d'un secteur de referentiel.yaml",
        "statut": "l'un des statuts de referentiel.yaml",
    }

    def __init__(self, kind: str):
        self.kind = kind
        self.expected = self.NOUNS[kind]

    def check(self, value, checker, path):
        if not isinstance(value, (str, int)) or isinstance(value, bool) or not str(value).strip():
            return self.wrong(value, checker, path)
        checker.refer(self.kind, str(value).strip(), path)
        return str(value).strip()

    def json_schema(self, known):
        ids = known.get(self.kind)
        return {"enum": sorted(ids)} if ids else {"type": "string", "minLength": 1}


class AxisRef(FieldType):
    """The number of an axe declared in referentiel.yaml; resolved later, as each CLSM numbers its own."""

    expected = "le numéro d'un axe de referentiel.yaml"

    def check(self, value, checker, path):
        if not isinstance(value, int) or isinstance(value, bool):
            return self.wrong(value, checker, path)
        checker.refer("axe", str(value), path)
        return value

    def json_schema(self, known):
        numbers = known.get("axe")
        return {"enum": sorted(int(n) for n in numbers)} if numbers else {"type": "integer"}


class PlaceRef(FieldType):
    """A place: a structure id (linked to the annuaire) or free text."""

    expected = "l'identifiant d'une structure ou un texte libre"

    def check(self, value, checker, path):
        text = Text().check(value, checker, path)
        if text is not INVALID and ID_PATTERN.match(text):
            checker.refer("structure", text, path)
        return text

    def json_schema(self, known):
        # The structure ids are offered for completion; any other text stays allowed.
        text = Text().json_schema(known)
        ids = known.get("structure")
        return {"anyOf": [{"enum": sorted(ids)}, text]} if ids else text


class ListOf(FieldType):
    def __init__(self, item: FieldType, unique: bool = True):
        self.item = item
        self.unique = unique
        self.expected = "une liste"

    def check(self, value, checker, path):
        if not isinstance(value, list):
            return self.wrong(value, checker, path)
        items, seen = [], set()
        for index, raw in enumerate(value):
            item = self.item.check(raw, checker, path + (index,))
            if item is INVALID:
                continue
            if self.unique and isinstance(item, str):
                if item in seen:
                    checker.report(path + (index,), f"« {item} » figure deux fois dans « {_label(path)} »")
                    continue
                seen.add(item)
            items.append(item)
        return items

    def json_schema(self, known):
        schema = {"type": "array", "items": self.item.json_schema(known)}
        if self.unique and not isinstance(self.item, Record):  # ``check`` compares texts only
            schema["uniqueItems"] = True
        return schema


@dataclass(frozen=True)
class Field:
    type: FieldType
    required: bool = False
    doc: str = ""


class Record(FieldType):
    """A mapping with declared keys: unknown keys and missing required keys are reported."""

    expected = "un ensemble de clés (clé: valeur)"

    def __init__(self, fields: dict[str, Field], one_of: tuple[str, ...] = ()):
        self.fields = fields
        self.required = [(key, spec) for key, spec in fields.items() if spec.required]
        self.one_of = one_of
        """Exactly one of these keys must be present (a participant is a person or a group)."""

    def check(self, value, checker, path):
        if not isinstance(value, dict):
            return self.wrong(value, checker, path)
        result: dict[str, Any] = {}
        for key, raw in value.items():
            if key not in self.fields:
                checker.report(
                    path + (key,),
                    f"clé inconnue « {key} »" + (f" dans « {_label(path)} »" if path else ""),
                    suggest(key, self.fields),
                )
                continue
            checked = self.fields[key].type.check(raw, checker, path + (key,))
            if checked is not INVALID:
                result[key] = checked
        for key, spec in self.required:
            if key not in value:
                where = f" dans « {_label(path)} »" if path else ""
                checker.report(path, f"clé obligatoire « {key} » manquante{where} ({spec.doc})")
        if self.one_of and sum(key in value for key in self.one_of) != 1:
            keys = " ou ".join(f"« {key} »" for key in self.one_of)
            checker.report(path, f"« {_label(path)} » doit avoir soit {keys}, pas les deux ni aucune")
        return result

    def json_schema(self, known):
        schema: dict[str, Any] = {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                key: {**spec.type.json_schema(known), **({"description": spec.doc} if spec.doc else {})}
                for key, spec in self.fields.items()
            },
        }
        required = [key for key, _ in self.required]
        if required:
            schema["required"] = required
        if self.one_of:
            schema["oneOf"] = [{"required": [key]} for key in self.one_of]
        return schema


MEETING_KINDS = ("compte rendu", "relevé de conclusions")

PARTICIPANT = Record(
    {
        "nom": Field(Text(), doc="prénom et nom de la personne"),
        "fonction": Field(Text(), doc="sa fonction"),
        "groupe": Field(Text(), doc="un groupe de personnes, à la place de « nom »"),
        "structure": Field(Ref("structure"), doc="identifiant de sa structure dans partners.yaml"),
    },
    one_of=("nom", "groupe"),
)

NEXT_MEETING = Record(
    {
        "date": Field(Date(), doc="date AAAA-MM-JJ, si elle est connue"),
        "horaire": Field(Text(), doc="par exemple 10h-12h"),
        "lieu": Field(PlaceRef(), doc="identifiant d'une structure ou texte libre"),
        "visio": Field(Boolean(), doc="true si la réunion a lieu en visioconférence"),
        "note": Field(Text(), doc="précision libre, par exemple « à programmer en mai »"),
    }
)

MEETING = Record(
    {
        "titre": Field(Text(), required=True, doc="titre de la réunion"),
        "type": Field(Choice(*MEETING_KINDS), required=True, doc="compte rendu ou relevé de conclusions"),
        "date": Field(Date(), required=True, doc="date AAAA-MM-JJ, la même que dans le nom du fichier"),
        "horaire": Field(Text(), doc="par exemple 10h-12h"),
        "lieu": Field(PlaceRef(), doc="identifiant d'une structure ou texte libre"),
        "visio": Field(Boolean(), doc="true si la réunion a eu lieu en visioconférence"),
        "instance": Field(Ref("instance"), required=True, doc="instance de referentiel.yaml"),
        "thematiques": Field(ListOf(Ref("thematique")), doc="identifiants de thématiques"),
        "ordre_du_jour": Field(ListOf(Text(), unique=False), doc="points à l'ordre du jour"),
        "participants": Field(ListOf(PARTICIPANT), doc="personnes ou groupes présents"),
        "actions": Field(ListOf(Ref("action")), doc="fiches actions dont la réunion a parlé"),
        "prochaine_reunion": Field(NEXT_MEETING, doc="la réunion suivante, même sans date"),
        "brouillon": Field(Boolean(), doc="true : le fichier n'est publié nulle part"),
        "contacts_publics": Field(
            ListOf(Text()), doc="adresses électroniques ou téléphones que le texte peut publier (ceux d'une structure)"
        ),
    }
)

MILESTONE = Record(
    {
        "date": Field(FuzzyDateType(), required=True, doc="AAAA, AAAA-MM ou AAAA-MM-JJ"),
        "titre": Field(Text(), required=True, doc="ce qui est fait à cette étape"),
        "fait": Field(Boolean(), doc="true si l'étape est réalisée"),
    }
)

ACTION = Record(
    {
        "titre": Field(Text(), required=True, doc="titre de la fiche action"),
        "axe": Field(AxisRef(), required=True, doc="numéro d'un axe stratégique de referentiel.yaml"),
        "thematiques": Field(ListOf(Ref("thematique")), doc="identifiants de thématiques"),
        "statut": Field(Ref("statut"), required=True, doc="avancement de l'action : l'un des statuts de referentiel.yaml"),
        "pilotes": Field(ListOf(Ref("structure")), doc="structures qui pilotent l'action"),
        "partenaires": Field(ListOf(Ref("structure")), doc="structures partenaires"),
        "debut": Field(FuzzyDateType(), required=True, doc="AAAA, AAAA-MM ou AAAA-MM-JJ"),
        "fin": Field(FuzzyDateType(), doc="AAAA, AAAA-MM ou AAAA-MM-JJ"),
        "jalons": Field(ListOf(MILESTONE), doc="étapes datées de l'action"),
        "brouillon": Field(Boolean(), doc="true : le fichier n'est publié nulle part"),
    }
)

STRUCTURE = Record(
    {
        "id": Field(Text(), required=True, doc="identifiant en minuscules sans accents, par exemple ch-jury"),
        "nom": Field(Text(), required=True, doc="nom de la structure"),
        "sigle": Field(Text(), doc="sigle, trouvé par la recherche"),
        "type": Field(Text(), required=True, doc="catégorie, pour grouper l'annuaire"),
        "secteur": Field(Ref("secteur"), required=True, doc="secteur de referentiel.yaml"),
        "parent": Field(Ref("structure"), doc="identifiant de la structure dont elle fait partie"),
        "site": Field(Url(), doc="site internet"),
        "description": Field(Text(), required=True, doc="ce que fait la structure"),
    }
)

EVENT = Record(
    {
        "id": Field(Text(), required=True, doc="identifiant court et stable, par exemple sensibilisation-bellecroix"),
        "titre": Field(Text(), required=True, doc="titre de l'événement"),
        "date": Field(Date(), required=True, doc="date AAAA-MM-JJ"),
        "horaire": Field(Text(), doc="par exemple 8h30-12h30"),
        "lieu": Field(PlaceRef(), doc="identifiant d'une structure ou texte libre"),
        "visio": Field(Boolean(), doc="true si l'événement a lieu en visioconférence"),
        "actions": Field(ListOf(Ref("action")), doc="fiches actions dont l'événement fait partie"),
        "description": Field(Text(), doc="précision libre"),
    }
)

EVENTS = Record({"evenements": Field(ListOf(EVENT, unique=False), required=True, doc="les événements")})

PARTNERS = Record({"structures": Field(ListOf(STRUCTURE, unique=False), required=True, doc="les structures")})

HISTORY_CATEGORIES = ("étape", "instance", "contribution")

_FILTERS = {
    "action": Field(Ref("action"), doc="fiche action concernée (nom du fichier dans actions/)"),
    "axe": Field(AxisRef(), doc="numéro d'un axe stratégique de referentiel.yaml, pour le filtre de la frise"),
    "thematiques": Field(ListOf(Ref("thematique")), doc="identifiants de thématiques, pour le filtre de la frise"),
}

HISTORY_ENTRY = Record(
    {
        "date": Field(FuzzyDateType(), required=True, doc="AAAA, AAAA-MM ou AAAA-MM-JJ : pas plus précis que la source"),
        "fin": Field(FuzzyDateType(), doc="fin d'une période, par exemple 2016 pour « 2015 - 2016 »"),
        "quand": Field(Text(), doc="la date telle que la source l'écrit, si elle est plus vague (« fin 2016 »)"),
        "titre": Field(Text(), required=True, doc="ce qui s'est passé"),
        "categorie": Field(Choice(*HISTORY_CATEGORIES), required=True, doc="étape, instance ou contribution"),
        "instance": Field(Ref("instance"), doc="instance de referentiel.yaml (COPIL, plénière…)"),
        **_FILTERS,
    }
)

FIGURE = Record(
    {
        "nombre": Field(Count(), required=True, doc="le nombre tel que la source l'écrit"),
        "libelle": Field(Text(), required=True, doc="ce qui est compté, tel que la source l'écrit (« partenaires »)"),
        "note": Field(Text(), doc="précision sur ce chiffre"),
    }
)

KEY_FIGURES = Record(
    {
        "date": Field(FuzzyDateType(), required=True, doc="AAAA, AAAA-MM ou AAAA-MM-JJ"),
        "titre": Field(Text(), required=True, doc="l'activité chiffrée, par exemple « SISM 2017 »"),
        "valeurs": Field(ListOf(FIGURE, unique=False), doc="les chiffres, dans l'ordre de la source"),
        "texte": Field(Text(), doc="un résultat sans chiffre"),
        **_FILTERS,
    }
)

HISTORY = Record(
    {
        "historique": Field(ListOf(HISTORY_ENTRY, unique=False), doc="les étapes datées de l'histoire du CLSM"),
        "chiffres": Field(ListOf(KEY_FIGURES, unique=False), doc="les chiffres d'activités qui ne sont pas des réunions"),
    }
)

_NAMED = {"id": Field(Text(), required=True), "nom": Field(Text(), required=True)}

REFERENTIAL = Record(
    {
        "clsm": Field(
            Record(
                {
                    "nom": Field(Text(), required=True, doc="nom complet du CLSM"),
                    "sigle": Field(Text(), required=True, doc="nom court, par exemple « CLSM messin »"),
                    "presentation": Field(Text(), doc="court texte de présentation pour la page d'accueil"),
                    "fuseau_horaire": Field(
                        Text(), doc="fuseau horaire des réunions, par exemple America/Cayenne (par défaut : Europe/Paris)"
                    ),
                    "contact_accessibilite": Field(
                        Text(),
                        doc="contact public (adresse d'une page de contact, ou adresse électronique du CLSM) "
                        "pour signaler un défaut d'accessibilité ; affiché dans la déclaration d'accessibilité",
                    ),
                }
            ),
            required=True
        ),
        "axes": Field(
            ListOf(
                Record(
                    {
                        "numero": Field(Count(), required=True, doc="numéro de l'axe, tel que les fiches l'écrivent"),
                        "nom": Field(Text(), required=True),
                        "description": Field(Text(), required=True),
                    }
                ),
                unique=False,
            ),
            required=True,
        ),
        "instances": Field(
            ListOf(
                Record(
                    _NAMED
                    | {
                        "singulier": Field(
                            Text(),
                            doc="nom d'une seule réunion de cette instance, par exemple « Groupe thématique » "
                            "pour « Groupes thématiques » (par défaut : le nom)",
                        )
                    }
                ),
                unique=False,
            ),
            required=True,
        ),
        "thematiques": Field(ListOf(Record(_NAMED), unique=False), required=True),
        "secteurs": Field(ListOf(Record(_NAMED), unique=False), required=True),
        "statuts": Field(
            ListOf(Text()),
            doc="les statuts d'une fiche action, dans l'ordre où les pages les présentent "
            "(par défaut : en réflexion, en projet, en cours, réalisée, suspendue, abandonnée)",
        ),
        "questions": Field(
            ListOf(Text()),
            doc="les titres « ## » d'une fiche action, dans l'ordre (par défaut : les dix questions, de « Quoi ? » "
            "à « Quel suivi et quelle évaluation ? »)",
        ),
    }
)


def json_schema(record: Record, title: str, known: KnownIds | None = None) -> dict:
    """A JSON Schema of one kind of file, for editors; ``known`` ids become allowed values.

    Draft-07, not 2020-12: the YAML language server behind VS Code and other editors implements
    draft-07 and warns that 2020-12 is not fully supported.
    """
    return {"$schema": "http://json-schema.org/draft-07/schema#", "title": title, **record.json_schema(known or {})}
