"""The fields of each kind of source file, declared once.

Each field type checks a raw YAML value and returns a typed one, or records a ``Problem`` with
the key's line. References to other content (structures, actions, thématiques…) are collected
here and resolved in ``validate`` once every file is loaded, so all errors show at once.
The same declarations export a JSON Schema for editors (``json_schema``), and map each French
key to the attribute of the model it fills (``Field.attr``): ``Record.build`` makes the model's
object from checked values, ``Record.written`` gives back the keys of a file from an object with
those attributes (the importer's draft).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import MISSING, dataclass, field, replace
from dataclasses import fields as attributes_of
from typing import Any, Callable, Collection, Mapping, NamedTuple

from .contacts import phone_key
from .model import (
    ActionSheet,
    Address,
    Approval,
    Coordinates,
    Axis,
    Event,
    Figure,
    FuzzyDate,
    HistoryEntry,
    Instance,
    KeyFigures,
    Meeting,
    Milestone,
    NextMeeting,
    Participant,
    Place,
    Registration,
    Repository,
    Sector,
    SismEdition,
    Structure,
    Theme,
    WrittenLink,
)
from .problems import INVISIBLE_FOUND, PRINTED_MARKUP, Problem, invisible_character, printed_markup, suggest
from .sources import KeyPath, SourceDocument
from .words import number, plural

INVALID = object()
"""Returned by a field type when the value is wrong (the problem is already recorded)."""

KnownIds = Mapping[str, Collection[str]]
"""The ids declared in the content, by reference kind (``structure``, ``instance``…), which the
JSON Schema offers as allowed values so that editors complete them."""

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FUZZY_PATTERN = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
"""ASCII digits, as YAML and the form read dates: ``\\d`` also takes « ٢٠٢٧ », which ``int`` reads as 2027."""
_LINE_BREAK = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
"""What ``str.splitlines`` breaks at: none may hide in a single-line value."""
_ONE_LINE_SUSPECT = re.compile(f"{_LINE_BREAK.pattern}|{INVISIBLE_FOUND.pattern}")
"""A line break or an invisible character: what a single-line value is searched for, in one pass."""
SINGLE_LINE_MAX = 1000
"""Longest single-line value (a title, an agenda item): Python-Markdown's inline pass grows
faster than the text, and a title is repeated on many pages."""
MULTILINE_MAX = 5000
"""Longest multi-line value (a description, a presentation)."""
YEARS = (1900, 2100)
"""The years a date may have: beyond them a date is a typo, and date arithmetic overflows."""
ADDRESS_MAX = 100
"""Longest value that becomes part of a page's address (an id, a type of structure, a public, a
statut): a file name holds at most 255 bytes, with « instance- » or « .ics » around it."""
COUNT_MAX = 10**12
"""Largest count: far above any figure of a CLSM, far below what YAML can write (a number of 5,000
digits is more than Python reads, one of 300 more than a file name holds)."""
MONTHS_MAX = 1200
"""Longest duration in months (a century): a date that far away is still a date."""
PARTICIPANTS_MAX = 200
"""Most participants of one meeting (a crowd is one « groupe »), each of at most two structures:
the carte partenariale ties every two structures of a meeting, so that their number squared is
its work (2,500 structures at one meeting took 30 s, 5,000 more than two minutes)."""
ACTION_STRUCTURES_MAX = 100
"""Most pilotes, and most partenaires, of one fiche action: each of their pages lists every
decision of the fiche, so that their number multiplies the decisions' (1,900 of each took 14 s to
load alone, and would have listed 3.6 million decisions); a real fiche names a few."""


class Reference(NamedTuple):
    """A mention of another item by its id, to be resolved when every file is known.

    A named tuple rather than a frozen dataclass: a file makes a dozen, which a large project sends
    from the process that checked the file to the one that resolves them (``parallel.in_shares``),
    and a tuple is pickled and made again seven times faster."""

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
    texts: list[tuple[KeyPath, str]] = field(default_factory=list)
    """Every text value checked, by key path, for the contact check (``validate._check_contacts``)."""
    links: list[WrittenLink] = field(default_factory=list)
    """Every link of the file's text to this site, checked once every page is known (``site_links``)."""

    warnings: list[Problem] = field(default_factory=list)
    """What does not stop the build but the coordinator should change (a renamed key)."""

    def report(self, path: KeyPath, message: str, hint: str | None = None) -> object:
        self.problems.append(Problem(self.doc.path, self.doc.line(*path), message, hint))
        return INVALID

    def warn(self, path: KeyPath, message: str) -> None:
        self.warnings.append(Problem(self.doc.path, self.doc.line(*path), message, severity="warning"))

    def refer(self, kind: str, value: str, path: KeyPath) -> None:
        self.references.append(Reference(kind, value, self.doc.path, self.doc.line(*path)))


def label(path: KeyPath) -> str:
    """``participants[2].structure`` — how a key path is named in messages."""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "l'en-tête"


def _shown(value: Any) -> str:
    return "rien" if value is None else f"« {value} »"


class FieldType:
    expected: str = "une valeur"
    public_contact: bool = False
    """True for the public phone and e-mail of a structure: the only fields where a contact may be
    written, so the personal-contact check leaves them alone."""
    absent: Any = None
    """The model's value when the key is not written (and the model has no default of its own)."""

    def to_model(self, value: Any) -> Any:
        """A checked value as the model holds it."""
        return value

    @property
    def keeps_values(self) -> bool:
        """Whether the model holds the checked value itself (most types: ids, texts, dates), so that
        ``to_model`` need not be called for each value of each file."""
        return type(self).to_model is FieldType.to_model

    def written(self, value: Any) -> Any:
        """A model's value as a file writes it (``None``: the key is left out)."""
        return value

    def check(self, value: Any, checker: Checker, path: KeyPath) -> Any:
        raise NotImplementedError

    def json_schema(self, known: KnownIds) -> dict:
        raise NotImplementedError

    def wrong(self, value: Any, checker: Checker, path: KeyPath, hint: str | None = None) -> object:
        # The whole of a YAML file (partners.yaml, renommages.yaml…) has no header: the file itself is wrong.
        named = "le fichier" if not path and not checker.doc.path.endswith(".md") else f"« {label(path)} »"
        return checker.report(path, f"{named} doit être {self.expected}, trouvé {_shown(value)}", hint)


class Text(FieldType):
    """A text; on one line unless ``multiline`` (a line break in a title would open a block on
    the page); ``public_contact`` if it is meant to hold a structure's public e-mail or phone,
    which every other text is checked not to hold."""

    expected = "un texte"

    def __init__(self, multiline: bool = False, public_contact: bool | None = None, max_length: int | None = None):
        self.multiline = multiline
        # Phone and Email are public contacts by their type.
        self.public_contact = type(self).public_contact if public_contact is None else public_contact
        self.max_length = max_length or (MULTILINE_MAX if multiline else SINGLE_LINE_MAX)

    def check(self, value, checker, path):
        if isinstance(value, dict) and len(value) == 1 and all(isinstance(part, str) for part in (*value, *value.values())):
            # « Ordre du jour : bilan » with French spacing: YAML reads a key and its value.
            ((key, rest),) = value.items()
            return checker.report(
                path,
                f"« {label(path)} » doit être un texte, trouvé « {key.rstrip()} : {rest} », lu comme une clé et sa valeur "
                "à cause du « : » suivi d'une espace : mettez le texte entre guillemets",
            )
        if type(value) is not str and (isinstance(value, bool) or value is None or isinstance(value, (dict, list))):
            return self.wrong(value, checker, path)
        text = str(value).strip()
        if not text:
            return self.wrong(value, checker, path)
        if len(text) > self.max_length:
            return checker.report(
                path, f"« {label(path)} » est trop long ({len(text)} caractères, au plus {self.max_length})"
            )
        if not self.multiline and _ONE_LINE_SUSPECT.search(text):  # most texts: neither search below
            if _LINE_BREAK.search(text):
                return checker.report(path, f"« {label(path)} » doit tenir sur une ligne : retirez le retour à la ligne")
            if (invisible := invisible_character(text)) is not None:
                # A title, a name, an id: what a reader or the engine tells apart by its look.
                return checker.report(path, f"« {label(path)} » contient un {invisible} : retirez-le")
        if not self.public_contact:
            checker.texts.append((path, text))
        return text

    def json_schema(self, known):
        # Numbers are accepted too: ``check`` turns them into text, as YAML gives ``horaire: 10``.
        schema = {"type": ["string", "number"], "minLength": 1, "maxLength": self.max_length}
        if not self.multiline:
            schema["pattern"] = "^[^\\n\\r\\v\\f\\x1c-\\x1e\\x85\\u2028\\u2029]*$"
        return schema


class PrintedText(Text):
    """A text the theme prints as it is, unescaped: the CLSM's name and short name, which become
    mkdocs.yml's ``copyright`` and ``site_name`` (the footer, the header, every page's title and the
    logo's label). A « < », a « > » or a « " » there would make HTML of it, a script on every page."""

    def check(self, value, checker, path):
        text = super().check(value, checker, path)
        if text is not INVALID and PRINTED_MARKUP.search(text):
            return checker.report(path, printed_markup(label(path)))
        return text

    def json_schema(self, known):
        schema = super().json_schema(known)
        return {**schema, "pattern": schema["pattern"].replace("[^", '[^<>"', 1)}


class Url(Text):
    expected = "une adresse web commençant par http:// ou https://"

    def check(self, value, checker, path):
        text = super().check(value, checker, path)
        if text is not INVALID and not re.match(r"^https?://\S+$", text):
            return self.wrong(value, checker, path)
        return text

    def json_schema(self, known):
        return {"type": "string", "pattern": r"^https?://\S+$", "maxLength": self.max_length}


class Pattern(Text):
    """A text of a given shape; the web form checks the same regular expression before saving."""

    def __init__(self, regex: str, expected: str, near: Callable[[str], str] | None = None):
        super().__init__()
        self.regex = regex
        self.expected = expected
        self.near = near
        """The text as the coordinator may have meant it, suggested when it has the shape."""

    def check(self, value, checker, path):
        text = super().check(value, checker, path)
        if text is not INVALID and not re.fullmatch(self.regex, text):
            meant = self.near(text) if self.near else None
            return self.wrong(value, checker, path, meant if meant and re.fullmatch(self.regex, meant) else None)
        return text

    def json_schema(self, known):
        return {"type": "string", "pattern": self.regex}


_HOUR = r"([01]?[0-9]|2[0-3]) ?[hH:] ?([0-5][0-9])?"


def _time_range_as_said(text: str) -> str:
    """« de 14h à 16h », « 14h – 16h » as a sentence or Word writes it: « 14h-16h »."""
    return re.sub(r"\s*(?:à|–|—|a)\s*", "-", re.sub(r"^de\s+", "", text.strip(), flags=re.IGNORECASE))


class TimeRange(Pattern):
    """« 10h », « 8h30-12h30 »: a range whose end is not after its start is a slip (« 12h30-8h30 »),
    not a meeting through the night; read as it was, the end was dropped from the calendars."""

    def check(self, value, checker, path):
        text = super().check(value, checker, path)
        if text is INVALID:
            return text
        match = re.fullmatch(self.regex, text)  # it has the shape: ``Pattern.check`` refused it otherwise
        if match[4] is None:
            return text
        start, end = (int(match[1]), int(match[2] or 0)), (int(match[4]), int(match[5] or 0))
        # « 20h-0h » ends at midnight (the calendars then give it no end, as ``hours.time_range`` reads it).
        if end > start or end == (0, 0):
            return text
        if end == start:
            return checker.report(path, f"« {label(path)} » : « {text} » finit à l'heure où il commence")
        first, second = (part.strip() for part in text.split("-"))
        return checker.report(path, f"« {label(path)} » : « {text} » finit avant de commencer", f"{second}-{first}")


TIME_RANGE = TimeRange(
    rf"^{_HOUR}( ?- ?{_HOUR})?$",
    "un horaire comme 10h, 10h-12h ou 8h30-12h30",
    _time_range_as_said,
)


class Degrees(FieldType):
    """A latitude or a longitude in decimal degrees (WGS84), within ``limit`` of zero, with at most
    eight decimals (a millimetre: more would be noise). YAML gives it as written (see ``sources``)."""

    PATTERN = re.compile(r"^-?\d{1,3}(?:\.\d{1,8})?$")

    def __init__(self, limit: int, expected: str):
        self.limit = limit
        self.expected = expected

    def check(self, value, checker, path):
        text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
        if not self.PATTERN.match(text) or abs(float(text)) > self.limit:
            return self.wrong(value, checker, path)
        return float(text)

    def json_schema(self, known):
        return {"type": "number", "minimum": -self.limit, "maximum": self.limit}


_BOOLEAN_WORDS = {"oui": "true", "vrai": "true", "non": "false", "faux": "false"}
"""The French words a coordinator writes for a yes or a no (YAML's own yes/no are already booleans)."""


class Boolean(FieldType):
    expected = "true ou false"
    absent = False

    def written(self, value):
        return value or None  # a flag is written only when true

    def check(self, value, checker, path):
        if isinstance(value, bool):
            return value
        return self.wrong(value, checker, path, _BOOLEAN_WORDS.get(value.strip().lower()) if isinstance(value, str) else None)

    def json_schema(self, known):
        return {"type": "boolean"}


class Count(FieldType):
    """A whole number from 0 to ``maximum``: a year, an axis's number or a duration becomes an
    address or a date, which a number too large would break."""

    expected = "un nombre entier positif ou nul"

    def __init__(self, maximum: int = COUNT_MAX):
        self.maximum = maximum

    def check(self, value, checker, path):
        whole = isinstance(value, int) and not isinstance(value, bool)
        if whole and 0 <= value <= self.maximum:
            return value
        # Too large, or so many digits that YAML left them as text: Python reads no number that long (``sources``).
        digits = str(value) if whole and value > 0 else value if isinstance(value, str) and value.isascii() and value.isdigit() else ""
        if digits and (whole or len(digits) > len(str(self.maximum))):
            shown = f"« {digits} »" if len(digits) <= 20 else f"un nombre de {len(digits)} chiffres"
            return checker.report(path, f"« {label(path)} » doit être un nombre entier de 0 à {number(self.maximum)}, trouvé {shown}")
        return self.wrong(value, checker, path)

    def json_schema(self, known):
        return {"type": "integer", "minimum": 0, "maximum": self.maximum}


class Choice(FieldType):
    def __init__(self, *values: Any):
        self.values = values
        self.expected = "l'une des valeurs " + ", ".join(f"« {v} »" for v in values)

    def check(self, value, checker, path):
        if value in self.values:
            return value
        hint = suggest(value, [str(v) for v in self.values]) if isinstance(value, str) else None
        checker.report(path, f"« {label(path)} » doit être {self.expected}, trouvé {_shown(value)}", hint)
        return INVALID

    def json_schema(self, known):
        return {"enum": list(self.values)}


DAY_FIRST = re.compile(r"^(?:([0-9]{1,2})[/.-])?([0-9]{1,2})[/.-]([0-9]{4})$")
"""A date as written in France, « 12/03/2026 » (or with dots or dashes), or a month, « 03/2026 »."""


@dataclass(frozen=True)
class DayFirst:
    """A date written day first (``DAY_FIRST``)."""

    iso: str | None
    """Its ISO form, ``None`` for a day (or a month) of no calendar: « 31/02/2027 »."""
    form: str
    """The form to write it in: « AAAA-MM-JJ », « AAAA-MM » for a month."""


def day_first(value: Any, day: bool) -> DayFirst | None:
    """``value`` read as a date written day first (« 12/03/2026 ») or, unless ``day``, as a month
    (« 03/2026 »); ``None`` if it is written otherwise. The front matter's dates and the body's due
    dates are named by it alike: with their ISO form, or as a day that does not exist."""
    match = DAY_FIRST.match(value.strip()) if isinstance(value, str) else None
    if not match or (day and match[1] is None):
        return None
    form = "AAAA-MM-JJ" if match[1] else "AAAA-MM"
    try:
        written = dt.date(int(match[3]), int(match[2]), int(match[1] or 1))
    except ValueError:
        return DayFirst(None, form)
    return DayFirst(written.isoformat()[:len(form)], form)


def _not_iso(field_type: FieldType, value: Any, checker: Checker, path: KeyPath, day: bool) -> object:
    """A date not written as ``field_type`` expects: with its ISO form if written day first, or said
    not to exist, as « 2027-02-31 » is (a message of the format alone gave no clue)."""
    written = day_first(value, day)
    if written and written.iso is None:
        return checker.report(path, f"« {label(path)} » : la date « {value} » n'existe pas (écrivez-la {written.form})")
    return field_type.wrong(value, checker, path, written.iso if written else None)


class Date(FieldType):
    expected = "une date au format AAAA-MM-JJ"

    def check(self, value, checker, path):
        if isinstance(value, str):
            match = _FUZZY_PATTERN.match(value.strip())
            if match and match.group(3):
                return _real_date(value, match, checker, path)
        return _not_iso(self, value, checker, path, day=True)

    def json_schema(self, known):
        return {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}


class FuzzyDateType(FieldType):
    expected = "une date AAAA, AAAA-MM ou AAAA-MM-JJ"

    def check(self, value, checker, path):
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        match = _FUZZY_PATTERN.match(value.strip()) if isinstance(value, str) else None
        if not match:
            return _not_iso(self, value, checker, path, day=False)
        if _real_date(value, match, checker, path) is INVALID:
            return INVALID
        year, month, day = (int(part) if part else None for part in match.groups())
        return FuzzyDate(year, month, day)

    def json_schema(self, known):
        return {
            "anyOf": [
                {"type": "integer", "minimum": YEARS[0], "maximum": YEARS[1]},
                {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
            ]
        }


def _real_date(value: Any, match: re.Match, checker: Checker, path: KeyPath) -> dt.date | object:
    """The first day that ``AAAA[-MM[-JJ]]`` names, or a problem: a month or day « 00 » does not
    exist, and a year outside ``YEARS`` is a typo (it would overflow date arithmetic later)."""
    year, month, day = (int(part) if part is not None else 1 for part in match.groups())
    if not YEARS[0] <= year <= YEARS[1]:
        return checker.report(
            path, f"« {label(path)} » : l'année de la date « {value} » doit être entre {YEARS[0]} et {YEARS[1]}"
        )
    try:
        return dt.date(year, month, day)
    except ValueError:
        return checker.report(path, f"« {label(path)} » : la date « {value} » n'existe pas")


class Ref(FieldType):
    """The id of another item; resolved later against every file."""

    NOUNS = {
        "structure": "l'identifiant d'une structure de partners.yaml",
        "action": "l'identifiant d'une fiche action (nom du fichier dans actions/)",
        "thematique": "l'identifiant d'une thématique de referentiel.yaml",
        "instance": "l'identifiant d'une instance de referentiel.yaml",
        "secteur": "l'identifiant d'un secteur de referentiel.yaml",
        "statut": "l'un des statuts de referentiel.yaml",
        "meeting": "le nom d'un compte rendu (fichier de minutes/, sans .md)",
    }

    def __init__(self, kind: str):
        self.kind = kind
        self.expected = self.NOUNS[kind]

    def check(self, value, checker, path):
        text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
        if not text:
            return self.wrong(value, checker, path)
        checker.refer(self.kind, text, path)
        return text

    def json_schema(self, known):
        ids = known.get(self.kind)
        return {"enum": sorted(ids)} if ids else {"type": "string", "minLength": 1}


class NumberRef(FieldType):
    """A number that names an item declared elsewhere, resolved once every file is read: an axe of
    referentiel.yaml (each CLSM numbers its own), a SISM edition of evenements.yaml (its year)."""

    def __init__(self, kind: str, expected: str):
        self.kind = kind
        self.expected = expected

    def check(self, value, checker, path):
        if not isinstance(value, int) or isinstance(value, bool):
            return self.wrong(value, checker, path)
        checker.refer(self.kind, str(value), path)
        return value

    def json_schema(self, known):
        numbers = known.get(self.kind)
        return {"enum": sorted(int(n) for n in numbers)} if numbers else {"type": "integer"}


class AxisRef(NumberRef):
    def __init__(self):
        super().__init__("axe", "le numéro d'un axe de referentiel.yaml")


class YearRef(NumberRef):
    def __init__(self):
        super().__init__("sism", "l'année d'une édition des SISM déclarée dans la liste « sism » d'evenements.yaml")


class PlaceRef(FieldType):
    """A place: a structure id (linked to the annuaire) or free text."""

    expected = "l'identifiant d'une structure ou un texte libre"
    absent = Place()

    def check(self, value, checker, path):
        text = Text().check(value, checker, path)
        if text is not INVALID and ID_PATTERN.match(text):
            checker.refer("structure", text, path)
        return text

    def to_model(self, value):
        is_structure = ID_PATTERN.match(value) is not None
        return Place(structure=value if is_structure else None, text=None if is_structure else value)

    def written(self, value):
        return value.structure or value.text

    def json_schema(self, known):
        # The structure ids are offered for completion; any other text stays allowed.
        text = Text().json_schema(known)
        ids = known.get("structure")
        return {"anyOf": [{"enum": sorted(ids)}, text]} if ids else text


class ListOf(FieldType):
    def __init__(self, item: FieldType, unique: bool = True, max_items: int | None = None):
        self.item = item
        self.unique = unique
        self.max_items = max_items
        self.expected = "une liste"
        self.absent = ()

    def to_model(self, value):
        if self.item.keeps_values:
            return tuple(value)
        return tuple(self.item.to_model(item) for item in value)

    def written(self, value):
        return [self.item.written(item) for item in value] or None

    def check(self, value, checker, path):
        if value is None:  # « participants: » with its examples still commented out below
            return []
        if not isinstance(value, list):
            # « thematiques: logement »: the list of one id the coordinator meant.
            one = f"[{value}]" if isinstance(value, str) and ID_PATTERN.match(value) else None
            return self.wrong(value, checker, path, one)
        if self.max_items is not None and len(value) > self.max_items:
            return checker.report(path, f"« {label(path)} » est trop longue ({len(value)} éléments, au plus {self.max_items})")
        items, seen = [], set()
        for index, raw in enumerate(value):
            item = self.item.check(raw, checker, path + (index,))
            if item is INVALID:
                continue
            if self.unique and isinstance(item, str):
                if item in seen:
                    checker.report(path + (index,), f"« {item} » figure deux fois dans « {label(path)} »")
                    continue
                seen.add(item)
            items.append(item)
        return items

    def json_schema(self, known):
        schema = {"type": ["array", "null"], "items": self.item.json_schema(known)}
        if self.unique and not isinstance(self.item, Record):  # ``check`` compares texts only
            schema["uniqueItems"] = True
        if self.max_items is not None:
            schema["maxItems"] = self.max_items
        return schema


PUBLIC_CONTACTS = ListOf(Text(public_contact=True))
"""``contacts_publics`` of a file with a text (minutes, fiche, édito, page of docs/): the structures'
contacts its text may publish, which the checks of contacts then allow in it."""


class OneOrList(ListOf):
    """One value, or a list of them (« structure A / service B » gives two structures)."""

    def __init__(self, item: FieldType, max_items: int | None = None):
        super().__init__(item, max_items=max_items)
        self.expected = f"{item.expected}, ou une liste"

    def check(self, value, checker, path):
        if isinstance(value, list):
            items = super().check(value, checker, path)
            return items if items else self.wrong(value, checker, path)
        item = self.item.check(value, checker, path)
        return INVALID if item is INVALID else [item]

    def written(self, value):
        items = super().written(value)
        return items[0] if items and len(items) == 1 else items

    def json_schema(self, known):
        return {"anyOf": [self.item.json_schema(known), super().json_schema(known)]}


@dataclass(frozen=True)
class Field:
    type: FieldType
    required: bool = False
    doc: str = ""
    attr: str = ""
    """The attribute of the record's model that the key fills (``titre`` → ``title``); a dotted one
    sets an attribute of another key's value (``visio`` → ``place.online``, with ``lieu`` → ``place``).
    Empty: the key is read by the validation alone (``brouillon``)."""
    moved_from: tuple[str, ...] = ()
    """The key's former names: still read, for one release, with a warning that names this one, so
    that the files of every CLSM survive a rename (as MkDocs' ``Deprecated`` config options do)."""


class Record(FieldType):
    """A mapping with declared keys: unknown keys and missing required keys are reported."""

    expected = "un ensemble de clés (clé: valeur)"

    def __init__(self, fields: dict[str, Field], one_of: tuple[str, ...] = (), model: type | None = None):
        self.fields = fields
        self.required = [(key, spec) for key, spec in fields.items() if spec.required]
        self.one_of = one_of
        """Exactly one of these keys must be present (a participant is a person or a group)."""
        self.model = model
        """The dataclass whose attributes the keys fill (``Field.attr``)."""
        self._checks = {key: spec.type.check for key, spec in fields.items()}
        """The check of each key's type (bound once: called for every key of every file)."""
        self.moved = {old: key for key, spec in fields.items() for old in spec.moved_from}
        """Each former name of a key, with the key it became."""
        self._defaulted = {f.name for f in attributes_of(model) if f.default is not MISSING or f.default_factory is not MISSING} if model else set()
        """The model's attributes with a default of their own, left to it when their key is not written."""
        self._attributes = [
            (key, spec.attr, spec.type, None if spec.type.keeps_values else spec.type.to_model, spec.attr in self._defaulted)
            for key, spec in fields.items()
            if spec.attr and "." not in spec.attr
        ]
        """Each key that fills an attribute of the model: key, attribute, type, its ``to_model`` (None when
        the checked value is the model's, most of them: not called), whether the model has a default."""
        self._dotted = [(key, *spec.attr.split("."), spec.type) for key, spec in fields.items() if "." in spec.attr]
        """Each key that fills an attribute of another key's value: key, owner, attribute, type."""

    def values(self, data: dict) -> dict[str, Any]:
        """The model's attributes from checked values; a key not written gives its type's ``absent``
        value, unless the model has a default of its own."""
        result: dict[str, Any] = {}
        for key, attr, type_, to_model, defaulted in self._attributes:
            if key in data:
                result[attr] = data[key] if to_model is None else to_model(data[key])
            elif not defaulted:
                result[attr] = type_.absent
        for key, owner, name, type_ in self._dotted:
            if key in data:
                result[owner] = replace(result[owner], **{name: type_.to_model(data[key])})
        return result

    def build(self, data: dict, **attributes: Any) -> Any:
        """The model's object from checked values; ``attributes`` are those no key gives (an id, a body)."""
        return self.model(**{**self.values(data), **attributes})

    def to_model(self, value):
        return self.build(value) if self.model else value

    def written(self, value: Any) -> dict[str, Any] | None:
        """The keys of a file for an object with the model's attributes, in the declared order;
        the keys with nothing to say (no value, an empty list, a false flag) are left out."""
        result = {}
        for key, spec in self.fields.items():
            if spec.attr:
                attribute = value
                for name in spec.attr.split("."):
                    # A model of fewer attributes (the importer's minutes have no public contacts).
                    attribute = getattr(attribute, name, None)
                written = None if attribute is None else spec.type.written(attribute)
                if written is not None and written != "":
                    result[key] = written
        return result or None

    def check(self, value, checker, path):
        if not isinstance(value, dict):
            return self.wrong(value, checker, path)
        result: dict[str, Any] = {}
        checks = self._checks
        for written, raw in value.items():
            key = written
            if written not in checks:  # most keys are declared ones, under their own name
                key = self.moved.get(written, written)
                if key != written:
                    if key in value:
                        checker.report(path + (written,), f"« {written} » et « {key} » sont la même clé, sous son ancien et son nouveau nom : gardez « {key} »")
                        continue
                    checker.warn(path + (written,), f"la clé « {written} » s'appelle désormais « {key} » : renommez-la (l'ancien nom ne sera plus lu dans une prochaine version)")
                elif key not in self.fields:
                    checker.report(
                        path + (key,),
                        f"clé inconnue « {key} »" + (f" dans « {label(path)} »" if path else ""),
                        suggest(key, self.fields),
                    )
                    continue
            checked = checks[key](raw, checker, path + (written,))
            if checked is not INVALID:
                result[key] = checked
        for key, spec in self.required:
            if key not in value and not any(self.moved.get(written) == key for written in value):
                where = f" dans « {label(path)} »" if path else ""
                checker.report(path, f"clé obligatoire « {key} » manquante{where}" + (f" ({spec.doc})" if spec.doc else ""))
        if self.one_of and sum(key in value for key in self.one_of) != 1:
            keys = " ou ".join(f"« {key} »" for key in self.one_of)
            checker.report(path, f"« {label(path)} » doit avoir soit {keys}, pas les deux ni aucune")
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


class Phone(Text):
    """A structure's public phone: a French number, overseas included (« 05 94 29 10 00 »), another
    country's with its prefix (« +352 26 12 34 56 »), or a short number (« 15 », « 3114 »);
    recognised by ``phonenumbers``, as the personal-contact check recognises them (``contacts``)."""

    expected = "un numéro de téléphone, par exemple « 03 87 00 00 00 », « +352 26 12 34 56 » ou « 3114 »"
    public_contact = True
    SHORT = re.compile(r"^[1-9]\d{1,3}$")

    def check(self, value, checker, path):
        if isinstance(value, int) and not isinstance(value, bool):
            # YAML reads 0312345670 as an octal number: the digits written are already lost.
            return checker.report(path, f"« {label(path)} » : écrivez le numéro de téléphone entre guillemets")
        text = super().check(value, checker, path)
        if text is not INVALID and phone_key(text) is None and not self.SHORT.match(re.sub(r"[\s.\-]", "", text)):
            return self.wrong(value, checker, path)
        return text

    def json_schema(self, known):
        return {"type": "string", "pattern": r"^[+0-9(][0-9 .()/-]*$"}


class Email(Text):
    expected = "une adresse électronique, par exemple « accueil@exemple.fr »"
    public_contact = True
    PATTERN = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")

    def check(self, value, checker, path):
        text = super().check(value, checker, path)
        if text is not INVALID and not self.PATTERN.match(text):
            return self.wrong(value, checker, path)
        return text

    def json_schema(self, known):
        return {"type": "string", "format": "email"}


class PublicContact(Text):
    """The public contact of the CLSM: the address of a contact page, or an e-mail address."""

    expected = "l'adresse d'une page de contact (https://…) ou une adresse électronique, par exemple « clsm@exemple.fr »"
    public_contact = True

    def check(self, value, checker, path):
        text = super().check(value, checker, path)
        if text is not INVALID and not (re.match(r"^https?://\S+$", text) or Email.PATTERN.match(text)):
            return self.wrong(value, checker, path)
        return text

    def json_schema(self, known):
        return {"type": "string", "anyOf": [{"pattern": r"^https?://\S+$"}, {"format": "email"}]}


class Digits(FieldType):
    """A code of a fixed number of digits (postcode, SIRET), written with or without spaces."""

    def __init__(self, count: int, expected: str):
        self.count = count
        self.expected = expected

    def check(self, value, checker, path):
        if isinstance(value, int) and not isinstance(value, bool):
            if len(str(value)) < self.count:
                # YAML drops a leading zero (and reads 01000 as an octal number): the code must be quoted.
                return checker.report(path, f"« {label(path)} » : écrivez ce code entre guillemets, par exemple \"01000\"")
            value = str(value)
        digits = re.sub(r"\s", "", value) if isinstance(value, str) else ""
        if not re.fullmatch(rf"\d{{{self.count}}}", digits):
            count = sum(c.isdigit() for c in digits)
            found = f"{_shown(value)} ({plural(count, 'chiffre')})" if isinstance(value, str) else _shown(value)
            return checker.report(path, f"« {label(path)} » doit être {self.expected}, trouvé {found}")
        return digits

    def json_schema(self, known):
        return {"anyOf": [{"type": "string", "pattern": rf"^(\d\s*){{{self.count}}}$"}, {"type": "integer"}]}


class Siret(Digits):
    def __init__(self):
        super().__init__(14, "un numéro SIRET de 14 chiffres")

    def check(self, value, checker, path):
        siret = super().check(value, checker, path)
        if siret is INVALID:
            return siret
        # python-stdnum knows the rule of La Poste's establishments (SIREN 356000000) too. Imported at the
        # first SIRET: its import (it loads pydoc and ssl) was a twentieth of the start of a validation.
        from stdnum.fr import siret as stdnum_siret

        if not stdnum_siret.is_valid(siret):
            return checker.report(
                path,
                f"« {label(path)} » : le numéro SIRET « {siret} » n'est pas valide (le chiffre de contrôle ne correspond pas) ; "
                "recopiez-le depuis annuaire-entreprises.data.gouv.fr",
            )
        return siret


class Finess(Text):
    expected = "un numéro FINESS de 9 caractères, par exemple « 570000000 » (2A ou 2B pour la Corse)"
    PATTERN = re.compile(r"^(?:\d{2}|2A|2B)\d{7}$")

    def check(self, value, checker, path):
        text = super().check(value, checker, path)
        if text is not INVALID and not self.PATTERN.match(re.sub(r"\s", "", text)):
            return self.wrong(value, checker, path)
        return text if text is INVALID else re.sub(r"\s", "", text)

    def json_schema(self, known):
        return {"type": ["string", "integer"]}


class AcceslibreUrl(Url):
    expected = "un lien https vers la page de la structure sur acceslibre (https://acceslibre.beta.gouv.fr/…)"

    def check(self, value, checker, path):
        text = super().check(value, checker, path)
        if text is not INVALID and not re.match(r"^https://acceslibre\.beta\.gouv\.fr/\S*$", text):
            return self.wrong(value, checker, path)
        return text

    def json_schema(self, known):
        return {"type": "string", "pattern": r"^https://acceslibre\.beta\.gouv\.fr/\S*$"}


class OpeningHours(Text):
    """Opening hours in OpenStreetMap's ``opening_hours`` syntax, the format of the national schema,
    checked by the maintained parser (``opening-hours-py``) rather than by a grammar of our own."""

    expected = "des horaires au format OpenStreetMap, par exemple « Mo-Fr 09:00-12:00,14:00-17:00 »"

    def check(self, value, checker, path):
        import opening_hours  # only when a structure has horaires: the parser is a compiled extension

        text = super().check(value, checker, path)
        if text is INVALID:
            return text
        try:
            opening_hours.OpeningHours(text)
        except (opening_hours.ParserError, SyntaxError, ValueError) as error:
            where = re.search(r"--> \d+:(\d+)", str(error))
            at = f" (erreur au caractère {where.group(1)})" if where else ""
            return checker.report(
                path,
                f"« {label(path)} » : « {text} » n'est pas au format OpenStreetMap des horaires{at} ; "
                "par exemple « Mo-Fr 09:00-12:00,14:00-17:00 » (Mo Tu We Th Fr Sa Su, heures sur 24 h)",
            )
        return text


MEETING_KINDS = ("compte rendu", "relevé de conclusions")

PARTICIPANT = Record(
    {
        "nom": Field(Text(), doc="prénom et nom de la personne", attr="name"),
        "fonction": Field(Text(), doc="sa fonction", attr="function"),
        "groupe": Field(Text(), doc="un groupe de personnes, à la place de « nom »", attr="group"),
        "structure": Field(
            OneOrList(Ref("structure"), max_items=2), doc="identifiant de sa structure dans partners.yaml, ou une liste de deux ids", attr="structures"
        ),
    },
    one_of=("nom", "groupe"),
    model=Participant,
)

NEXT_MEETING = Record(
    {
        "date": Field(Date(), doc="date AAAA-MM-JJ, si elle est connue", attr="date"),
        "horaire": Field(TIME_RANGE, doc="par exemple 10h-12h", attr="time_range"),
        "lieu": Field(PlaceRef(), doc="identifiant d'une structure ou texte libre", attr="place"),
        "visio": Field(Boolean(), doc="true si la réunion a lieu en visioconférence", attr="place.online"),
        "note": Field(Text(), doc="précision libre, par exemple « à programmer en mai »", attr="note"),
    },
    model=NextMeeting,
)

APPROVAL_STATES = ("projet", "approuvé")

APPROVAL = Record(
    {
        "etat": Field(Choice(*APPROVAL_STATES), required=True, doc="projet (pas encore approuvé) ou approuvé", attr="state"),
        "date": Field(Date(), doc="date AAAA-MM-JJ de l'approbation", attr="date"),
        "reunion": Field(Ref("meeting"), doc="le compte rendu (nom du fichier dans minutes/, sans .md) de la réunion qui l'a approuvé", attr="meeting"),
        "instance": Field(Ref("instance"), doc="l'instance qui l'a approuvé, quand son compte rendu n'est pas publié", attr="instance"),
    },
    model=Approval,
)

MEETING = Record(
    {
        "titre": Field(Text(), required=True, doc="titre de la réunion", attr="title"),
        "type": Field(Choice(*MEETING_KINDS), required=True, doc="compte rendu ou relevé de conclusions", attr="kind"),
        "date": Field(Date(), required=True, doc="date AAAA-MM-JJ, la même que dans le nom du fichier", attr="date"),
        "horaire": Field(TIME_RANGE, doc="par exemple 10h-12h", attr="time_range"),
        "lieu": Field(PlaceRef(), doc="identifiant d'une structure ou texte libre", attr="place"),
        "visio": Field(Boolean(), doc="true si la réunion a eu lieu en visioconférence", attr="place.online"),
        "instance": Field(Ref("instance"), required=True, doc="instance de referentiel.yaml", attr="instance"),
        "thematiques": Field(ListOf(Ref("thematique")), doc="identifiants de thématiques", attr="themes"),
        "ordre_du_jour": Field(ListOf(Text(), unique=False), doc="points à l'ordre du jour", attr="agenda"),
        "participants": Field(ListOf(PARTICIPANT, max_items=PARTICIPANTS_MAX), doc="personnes ou groupes présents", attr="participants"),
        "actions": Field(ListOf(Ref("action")), doc="fiches actions dont la réunion a parlé", attr="actions"),
        "prochaine_reunion": Field(NEXT_MEETING, doc="la réunion suivante, même sans date", attr="next_meeting"),
        "approbation": Field(
            APPROVAL, doc="facultatif : projet, ou approuvé (avec la date et la réunion qui l'a approuvé) ; sans cette clé, le site n'affirme ni l'un ni l'autre", attr="approval"
        ),
        "brouillon": Field(Boolean(), doc="true : le fichier n'est publié nulle part"),
        "contacts_publics": Field(
            PUBLIC_CONTACTS,
            doc="adresses électroniques ou téléphones que le texte peut publier (ceux d'une structure)",
            attr="public_contacts",
        ),
    },
    model=Meeting,
)

MILESTONE = Record(
    {
        "date": Field(FuzzyDateType(), required=True, doc="AAAA, AAAA-MM ou AAAA-MM-JJ", attr="date"),
        "titre": Field(Text(), required=True, doc="ce qui est fait à cette étape", attr="title"),
        "fait": Field(Boolean(), doc="true si l'étape est réalisée", attr="done"),
    },
    model=Milestone,
)

ACTION = Record(
    {
        "titre": Field(Text(), required=True, doc="titre de la fiche action", attr="title"),
        "axe": Field(AxisRef(), doc="facultatif : numéro d'un axe stratégique de referentiel.yaml, seulement si un document le dit", attr="axis"),
        "thematiques": Field(ListOf(Ref("thematique")), doc="identifiants de thématiques", attr="themes"),
        "statut": Field(Ref("statut"), doc="facultatif : avancement de l'action, l'un des statuts de referentiel.yaml, seulement si un document le dit", attr="status"),
        "pilotes": Field(ListOf(Ref("structure"), max_items=ACTION_STRUCTURES_MAX), doc="structures qui pilotent l'action", attr="pilots"),
        "partenaires": Field(ListOf(Ref("structure"), max_items=ACTION_STRUCTURES_MAX), doc="structures partenaires", attr="partners"),
        "debut": Field(FuzzyDateType(), doc="facultatif : début de l'action, AAAA, AAAA-MM ou AAAA-MM-JJ, seulement si un document le dit", attr="start"),
        "fin": Field(FuzzyDateType(), doc="AAAA, AAAA-MM ou AAAA-MM-JJ", attr="end"),
        "jalons": Field(ListOf(MILESTONE), doc="étapes datées de l'action", attr="milestones"),
        "brouillon": Field(Boolean(), doc="true : le fichier n'est publié nulle part"),
        "contacts_publics": Field(
            PUBLIC_CONTACTS,
            doc="adresses électroniques ou téléphones que la fiche peut publier (ceux d'une structure)",
            attr="public_contacts",
        ),
    },
    model=ActionSheet,
)

ADDRESS = Record(
    {
        "rue": Field(Text(), doc="numéro et rue", attr="street"),
        "complement": Field(Text(), doc="bâtiment, étage…", attr="complement"),
        "code_postal": Field(Digits(5, "un code postal de 5 chiffres"), doc="code postal (5 chiffres)", attr="postcode"),
        "commune": Field(Text(), doc="commune", attr="city"),
    },
    model=Address,
)

COORDINATES = Record(
    {
        "latitude": Field(
            Degrees(90, "une latitude en degrés décimaux (WGS84), par exemple 49.1196"), required=True, doc="latitude WGS84 en degrés décimaux", attr="latitude"
        ),
        "longitude": Field(
            Degrees(180, "une longitude en degrés décimaux (WGS84), par exemple 6.1757"), required=True, doc="longitude WGS84 en degrés décimaux", attr="longitude"
        ),
        "source": Field(
            Text(), required=True, doc="d'où viennent les coordonnées, par exemple « Base Adresse Nationale, adresse 57463_… » (écrit par releve geocoder)", attr="source"
        ),
        "date": Field(Date(), required=True, doc="date AAAA-MM-JJ à laquelle les coordonnées ont été relevées dans la source", attr="date"),
    },
    model=Coordinates,
)

STRUCTURE = Record(
    {
        "id": Field(
            Text(max_length=ADDRESS_MAX),
            required=True,
            doc="identifiant unique en minuscules, mots reliés par des tirets (par exemple centre-hospitalier), celui que "
            "l'on écrit dans « structure », « lieu », « pilotes » ou « partenaires » ; ne jamais modifier un id déjà utilisé",
            attr="id",
        ),
        "nom": Field(Text(), required=True, doc="le nom tel qu'il figure dans les documents du CLSM", attr="name"),
        "sigle": Field(Text(), doc="facultatif : le sigle usuel, qui permet de retrouver la structure dans la recherche", attr="acronym"),
        "type": Field(
            Text(max_length=ADDRESS_MAX), doc="facultatif : une catégorie courte, pour grouper l'annuaire ; si possible une catégorie déjà utilisée", attr="type"
        ),
        "secteur": Field(Ref("secteur"), doc="facultatif : secteur de referentiel.yaml", attr="sector"),
        "parent": Field(Ref("structure"), doc="facultatif : la structure dont elle dépend (par exemple un CMP et son hôpital)", attr="parent"),
        "site": Field(Url(), doc="facultatif : uniquement une adresse Internet donnée par un document du CLSM", attr="website"),
        "description": Field(
            Text(multiline=True),
            doc="facultatif : uniquement ce que disent les documents du CLSM : aucune adresse, aucun téléphone, aucun nom "
            "développé d'un sigle s'il n'est pas écrit dans les documents",
            attr="description",
        ),
        # Practical information of the annuaire (issue 16): each filled only from a source.
        "adresse": Field(ADDRESS, doc="adresse d'accueil du public", attr="address"),
        "telephone": Field(Phone(), doc="téléphone public de la structure (jamais celui d'une personne)", attr="phone"),
        "courriel": Field(Email(), doc="adresse électronique publique de la structure (jamais celle d'une personne)", attr="email"),
        "horaires": Field(
            OpeningHours(), doc="horaires d'accueil au format OpenStreetMap, par exemple Mo-Fr 09:00-12:00,14:00-17:00", attr="opening_hours"
        ),
        "acces": Field(Text(), doc="conditions d'accès, par exemple « sur rendez-vous »", attr="access"),
        "publics": Field(ListOf(Text(max_length=ADDRESS_MAX)), doc="publics accueillis", attr="publics"),
        "territoire": Field(Text(), doc="territoire couvert", attr="territory"),
        "accessibilite": Field(AcceslibreUrl(), doc="lien vers la page de la structure sur acceslibre", attr="accessibility"),
        "siret": Field(Siret(), doc="numéro SIRET (14 chiffres)", attr="siret"),
        "finess": Field(Finess(), doc="numéro FINESS (9 caractères)", attr="finess"),
        "verifie_le": Field(Date(), doc="date AAAA-MM-JJ de la dernière vérification de ces informations", attr="verified_on"),
        "source": Field(Text(), doc="comment les informations ont été vérifiées (site de la structure, appel…)", attr="verified_by"),
        "coordonnees": Field(
            COORDINATES,
            doc="facultatif : la position de l'adresse d'accueil sur la carte, jamais devinée ; « releve geocoder » la relève "
            "dans la Base Adresse Nationale",
            attr="coordinates",
        ),
        "ajoutee_le": Field(Date(), doc="date AAAA-MM-JJ de l'ajout à l'annuaire : la lettre d'information du mois l'annonce", attr="added_on"),
    },
    model=Structure,
)

FIGURE = Record(
    {
        "nombre": Field(Count(), required=True, doc="le nombre tel que la source l'écrit", attr="number"),
        "libelle": Field(Text(), required=True, doc="ce qui est compté, tel que la source l'écrit (« partenaires »)", attr="label"),
        "note": Field(Text(), doc="précision sur ce chiffre", attr="note"),
    },
    model=Figure,
)

REGISTRATION = Record(
    {
        "lien": Field(Url(), doc="adresse de la page d'inscription", attr="url"),
        "structure": Field(
            Ref("structure"), doc="structure auprès de qui s'inscrire : la page affiche son téléphone et son courriel publics", attr="structure"
        ),
        "texte": Field(Text(), doc="en quelques mots, par exemple « entrée libre, sans inscription »", attr="text"),
    },
    model=Registration,
)

EVENT = Record(
    {
        "id": Field(Text(), required=True, doc="identifiant court et stable, par exemple forum-sante-mentale", attr="id"),
        "titre": Field(Text(), required=True, doc="titre de l'événement", attr="title"),
        "date": Field(Date(), required=True, doc="date AAAA-MM-JJ", attr="date"),
        "horaire": Field(TIME_RANGE, doc="par exemple 8h30-12h30", attr="time_range"),
        "lieu": Field(PlaceRef(), doc="identifiant d'une structure ou texte libre", attr="place"),
        "visio": Field(Boolean(), doc="true si l'événement a lieu en visioconférence", attr="place.online"),
        "actions": Field(ListOf(Ref("action")), doc="fiches actions dont l'événement fait partie", attr="actions"),
        "description": Field(Text(multiline=True), doc="précision libre", attr="description"),
        "organisateurs": Field(ListOf(Ref("structure")), doc="structures qui organisent l'événement", attr="organisers"),
        "public": Field(Text(), doc="à qui s'adresse l'événement, par exemple « tout public »", attr="public"),
        "accessibilite": Field(Text(), doc="accessibilité du lieu et de l'événement, par exemple « salle accessible en fauteuil roulant »", attr="accessibility"),
        "inscription": Field(REGISTRATION, doc="comment s'inscrire : lien, structure à contacter ou texte", attr="registration"),
        "sism": Field(YearRef(), doc="année de l'édition des SISM dont l'événement fait partie (liste « sism » de ce fichier)", attr="sism"),
    },
    model=Event,
)

SISM_EDITION = Record(
    {
        "annee": Field(Count(YEARS[1]), required=True, doc="l'année de l'édition", attr="year"),
        "theme": Field(Text(), required=True, doc="le thème national de l'année, tel que la source l'écrit", attr="theme"),
        "valeurs": Field(ListOf(FIGURE, unique=False), doc="les chiffres de l'édition, tels que la source les écrit", attr="figures"),
        "texte": Field(Text(multiline=True), doc="un résultat sans chiffre", attr="text"),
        "partenaires": Field(ListOf(Ref("structure")), doc="structures partenaires que la source nomme", attr="partners"),
        "action": Field(Ref("action"), doc="fiche action des SISM (nom du fichier dans actions/)", attr="action"),
        "source": Field(Text(), doc="d'où viennent les chiffres, par exemple « Avancée des projets – Nov. 2020 »", attr="source"),
    },
    model=SismEdition,
)

EVENTS = Record(
    {
        "evenements": Field(ListOf(EVENT, unique=False), doc="les événements"),
        "sism": Field(ListOf(SISM_EDITION, unique=False), doc="les éditions des Semaines d'information sur la santé mentale"),
    }
)

LETTER = Record(
    {
        "titre": Field(Text(), doc="titre de la lettre (par défaut : « Lettre d'information » et le mois)", attr="title"),
        "brouillon": Field(Boolean(), doc="true : l'édito n'est publié nulle part (la lettre paraît sans lui)"),
        "contacts_publics": Field(
            PUBLIC_CONTACTS, doc="adresses électroniques ou téléphones que l'édito peut publier (ceux d'une structure)"
        ),
    },
)

LETTER_PERIODS = {"mensuelle": 1, "bimestrielle": 2, "trimestrielle": 3, "semestrielle": 6}

PARTNERS = Record({"structures": Field(ListOf(STRUCTURE, unique=False), required=True, doc="les structures")})

RENAME = Record(
    {
        "type": Field(Choice("structure", "fiche", "instance", "thematique"), required=True, doc="ce qui a été renommé"),
        "ancien": Field(Text(max_length=ADDRESS_MAX), required=True, doc="l'identifiant d'avant, dont les adresses restent valables"),
        "nouveau": Field(Text(), required=True, doc="l'identifiant actuel"),
        "date": Field(Date(), doc="le jour du renommage"),
    }
)

RENAMES = Record({"renommages": Field(ListOf(RENAME, unique=False), required=True, doc="les identifiants renommés par releve renommer")})

HISTORY_CATEGORIES = ("étape", "instance", "contribution")

_FILTERS = {
    "action": Field(Ref("action"), doc="fiche action concernée (nom du fichier dans actions/)", attr="action"),
    "axe": Field(AxisRef(), doc="numéro d'un axe stratégique de referentiel.yaml, pour le filtre de la frise", attr="axis"),
    "thematiques": Field(ListOf(Ref("thematique")), doc="identifiants de thématiques, pour le filtre de la frise", attr="themes"),
}

HISTORY_ENTRY = Record(
    {
        "date": Field(FuzzyDateType(), required=True, doc="AAAA, AAAA-MM ou AAAA-MM-JJ : pas plus précis que la source", attr="date"),
        "fin": Field(FuzzyDateType(), doc="fin d'une période, par exemple 2016 pour « 2015 - 2016 »", attr="end"),
        "quand": Field(Text(), doc="la date telle que la source l'écrit, si elle est plus vague (« fin 2016 »)", attr="date_text"),
        "titre": Field(Text(), required=True, doc="ce qui s'est passé", attr="title"),
        "categorie": Field(Choice(*HISTORY_CATEGORIES), required=True, doc="étape, instance ou contribution", attr="category"),
        "instance": Field(Ref("instance"), doc="instance de referentiel.yaml (COPIL, plénière…)", attr="instance"),
        **_FILTERS,
    },
    model=HistoryEntry,
)

KEY_FIGURES = Record(
    {
        "date": Field(FuzzyDateType(), required=True, doc="AAAA, AAAA-MM ou AAAA-MM-JJ", attr="date"),
        "titre": Field(Text(), required=True, doc="l'activité chiffrée, par exemple « SISM 2017 »", attr="title"),
        "valeurs": Field(ListOf(FIGURE, unique=False), doc="les chiffres, dans l'ordre de la source", attr="figures"),
        "texte": Field(Text(multiline=True), doc="un résultat sans chiffre", attr="text"),
        **_FILTERS,
    },
    model=KeyFigures,
)

HISTORY = Record(
    {
        "historique": Field(ListOf(HISTORY_ENTRY, unique=False), doc="les étapes datées de l'histoire du CLSM"),
        "chiffres": Field(ListOf(KEY_FIGURES, unique=False), doc="les chiffres d'activités qui ne sont pas des réunions"),
    }
)

_NAMED = {
    "id": Field(Text(max_length=ADDRESS_MAX), required=True, doc="identifiant écrit dans les autres fichiers ; ne jamais modifier un id déjà utilisé", attr="id"),
    "nom": Field(Text(), required=True, doc="le nom affiché sur le site", attr="name"),
}

FORGES = ("github", "gitlab")

FORGE_ADDRESS = Pattern(
    r"^https://(?=[A-Za-z0-9.-]*[A-Za-z])[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:[0-9]{1,5})?(/[A-Za-z0-9._~-]+)*/?$",
    "une adresse commençant par https:// suivie d'un nom d'hôte, par exemple https://gitlab.exemple.fr",
)
"""A self-hosted GitLab's address (``depot: adresse:`` of referentiel.yaml, ``extra: releve: forge:`` of
mkdocs.yml): the web editor sends its sign-in there, and the page's CSP lets it connect there, so
only an https:// address with a host name (no « http: », no other scheme, no space or « ; » that
would add a rule to the CSP)."""

REPOSITORY = Record(
    {
        "forge": Field(Choice(*FORGES), required=True, doc="github ou gitlab : là où le dépôt du site est hébergé", attr="forge"),
        "projet": Field(
            Pattern(r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$", "un projet de la forme propriétaire/nom"),
            required=True,
            doc="le dépôt, de la forme propriétaire/nom, par exemple clsm-exemple/site", attr="project"
        ),
        "branche": Field(
            Pattern(r"^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$", "un nom de branche (lettres, chiffres, « . », « _ », « - » et « / »)"),
            doc="la branche publiée ; par défaut main",
            attr="branch",
        ),
        # Trusted only when mkdocs.yml names it too (``extra: releve: forge:``, ``validate``).
        "adresse": Field(
            FORGE_ADDRESS,
            doc="GitLab installé ailleurs que sur gitlab.com : son adresse, par exemple https://gitlab.exemple.fr, que mkdocs.yml doit donner aussi (extra: releve: forge:)",
            attr="base_url",
        ),
        "application": Field(
            Pattern(r"^[A-Za-z0-9_-]+$", "l'identifiant d'une application (lettres, chiffres, « _ » et « - »)"),
            doc="GitLab : l'identifiant (Application ID) de l'application OAuth du site",
            attr="app_id",
        ),
        "relecture": Field(
            Boolean(), doc="true : chaque modification faite en ligne passe par une branche et une demande de fusion à valider", attr="review"
        ),
    },
    model=Repository,
)


REFERENTIAL = Record(
    {
        "clsm": Field(
            Record(
                {
                    "nom": Field(PrintedText(), required=True, doc="nom complet du CLSM"),
                    "sigle": Field(PrintedText(), required=True, doc="nom court, par exemple « CLSM de la vallée »"),
                    "presentation": Field(Text(multiline=True), doc="court texte de présentation pour la page d'accueil"),
                    "fuseau_horaire": Field(
                        Text(), doc="fuseau horaire des réunions, par exemple America/Cayenne (par défaut : Europe/Paris)"
                    ),
                    "contact": Field(
                        PublicContact(),
                        doc="facultatif : le contact public du CLSM (adresse d'une page de contact, ou adresse électronique "
                        "du CLSM, jamais celle d'une personne) ; affiché sur « À propos », en pied de page et dans la "
                        "déclaration d'accessibilité",
                    ),
                    "contact_accessibilite": Field(
                        Text(public_contact=True),
                        doc="contact public (adresse d'une page de contact, ou adresse électronique du CLSM) "
                        "pour signaler un défaut d'accessibilité ; affiché dans la déclaration d'accessibilité (par défaut : « contact »)",
                    ),
                    "schema_accessibilite": Field(
                        Url(),
                        doc="facultatif : l'adresse du schéma pluriannuel de mise en accessibilité de l'établissement qui "
                        "porte le CLSM, liée depuis la déclaration d'accessibilité",
                    ),
                }
            ),
            required=True
        ),
        "axes": Field(
            ListOf(
                Record(
                    {
                        "numero": Field(Count(99), required=True, doc="numéro de l'axe, tel que les fiches l'écrivent", attr="number"),
                        "nom": Field(Text(), required=True, attr="name"),
                        "description": Field(Text(multiline=True), required=True, attr="description"),
                    },
                    model=Axis,
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
                            attr="singular",
                        )
                    },
                    model=Instance,
                ),
                unique=False,
            ),
            required=True,
        ),
        "thematiques": Field(ListOf(Record(_NAMED, model=Theme), unique=False), required=True),
        "secteurs": Field(ListOf(Record(_NAMED, model=Sector), unique=False), required=True),
        "annuaire": Field(
            Record({"verification_valable_mois": Field(Count(MONTHS_MAX), doc="au-delà, une fiche est « à vérifier » (12 par défaut)")}),
            doc="réglages de l'annuaire",
        ),
        "donnees_ouvertes": Field(
            Record(
                {
                    "licence": Field(Text(), doc="licence des fichiers publiés (Licence Ouverte 2.0 par défaut)"),
                    "lien": Field(Url(), doc="adresse du texte de la licence"),
                }
            ),
            doc="licence des données ouvertes (structures et fiches actions)",
        ),
        "depot": Field(REPOSITORY, doc="le dépôt du site, pour la modification en ligne (page /admin/)"),
        "lettre": Field(
            Record({"periodicite": Field(Choice(*LETTER_PERIODS), doc="une lettre par mois (mensuelle, par défaut), ou bimestrielle, trimestrielle, semestrielle")}),
            doc="réglages de la lettre d'information",
        ),
        "statuts": Field(
            ListOf(Text(max_length=ADDRESS_MAX)),
            doc="les statuts d'une fiche action, dans l'ordre où les pages les présentent "
            "(par défaut : en réflexion, en projet, en cours, réalisée, suspendue, abandonnée)",
        ),
        "statuts_actifs": Field(
            ListOf(Ref("statut")),
            doc="ceux des statuts d'une fiche qui se poursuit : l'accueil et « Avancement » montrent ces fiches "
            "(par défaut : en réflexion, en projet et en cours s'ils sont parmi les statuts, sinon tous)",
        ),
        "engagements": Field(
            Record(
                {
                    "sans_suite_apres_mois": Field(
                        Count(MONTHS_MAX),
                        doc="un engagement sans échéance, pris il y a plus de ce nombre de mois et jamais déclaré réalisé, "
                        "est « sans suite connue » (12 par défaut)",
                    )
                }
            ),
            doc="réglages du suivi des engagements",
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
