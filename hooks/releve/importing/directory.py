"""What the project already knows: structures (``partners.yaml``), instances and thématiques
(``referentiel.yaml``), fiches actions (``actions/*.md``). The importer only links to ids found here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from ..catalogue import PARTNERS_FILE, declared_names, read_leniently, source_paths, stem
from .places import AMBIGUOUS_NAMES, DEPARTEMENTS
from ..text import key
from .text import TITLES

_STOP = {"de", "du", "des", "la", "le", "les", "l", "d", "et", "a", "au", "aux", "en", "pour", "sur"}
_ARTICLES = {"la", "le", "les", "l", "d", "a", "au", "aux"}
GENERIC_WORDS = {
    "ville", "mairie", "commune", "centre", "service", "services", "association", "pole", "departement", "conseil",
    "equipe", "unite", "structure", "quartier", "direction", "maison", "antenne", "delegation", "site", "agence",
}
"""Words that say what kind of body a name is, not which one: alone they select nothing."""
_TOWN_PREFIX = re.compile(r"^(?:ville|mairie|commune) ")
_SEGMENTS = re.compile(r"\s+[–—-]\s+|\s*/\s*|\s+>\s+")
_DEPARTEMENT_KEYS = sorted(
    ((key(name), number) for number, name in DEPARTEMENTS.items() if key(name) not in AMBIGUOUS_NAMES),
    key=lambda pair: -len(pair[0]),
)
_DEPARTEMENT_NUMBERS = set(DEPARTEMENTS)
DEFAULT_INSTANCES = (
    ("copil", "Comité de pilotage (COPIL)"),
    ("plénière", "Plénière"),
    ("groupe thématique", "Groupes thématiques"),
    ("groupe projet", "Groupes projets"),
    ("réunion partenariale", "Réunions partenariales"),
)


@lru_cache(maxsize=4096)  # the same texts are compared with every structure, thématique and fiche
def norm(text: str) -> str:
    """The key a person compares: no case, accents, punctuation or articles, and a département
    written as its number (« Département de la Moselle » → « departement 57 »)."""
    k = f" {key(text)} "
    for name, number in _DEPARTEMENT_KEYS:
        if f" {name} " in k:
            k = k.replace(f" {name} ", f" {number} ")
    words: list[str] = []
    for word in k.split():
        if word not in _STOP and (not words or words[-1] != word):  # « 57 (Moselle) » → « 57 »
            words.append(word)
    return " ".join(words)


@lru_cache(maxsize=1024)  # a participant's line is looked up in several forms, each reading it again
def abbreviations(name: str) -> frozenset[str]:
    """The sigles a long name is usually written as: « Centre hospitalier de Jury » → « ch jury »,
    « Maison départementale des personnes handicapées » → « mdph »."""
    words = [(w, key(w)) for w in re.split(r"[\s'’]+", re.sub(r"\(.*?\)", " ", name)) if w]
    significant = [(w, k) for w, k in words if k and k not in _STOP]
    found: set[str] = set()
    if len(significant) >= 3:
        found.add("".join(k[0] for _, k in significant))
    # « Maison des adolescents » → « mda »: the small words' initials count in some sigles.
    linked = [k for _, k in words if k and k not in _ARTICLES]
    if len(significant) >= 2 and len(linked) >= 3:
        found.add("".join(k[0] for k in linked))
    # Common words in lower case, then the proper name: initials of the first, the second kept. The
    # first cut with no capital in the head after its first word and only capitals in the tail, found
    # from both ends at once (a cut tried at each word made a long line's import quadratic).
    capitals = [w[:1].isupper() for w, _ in significant]
    first_capital = next((i for i in range(1, len(capitals)) if capitals[i]), len(capitals))
    cut = max(2, max((i + 1 for i, capital in enumerate(capitals) if not capital), default=0))
    if cut < len(significant) and cut <= first_capital:
        head, tail = significant[:cut], significant[cut:]
        found.add("".join(k[0] for _, k in head) + " " + " ".join(k for _, k in tail))
    return frozenset(norm(a) for a in found if len(a.replace(" ", "")) >= 2)


MAX_SPELT_WORDS = 40
"""Longest text in which a misspelt name is looked for: a longer one is a paragraph, each window of
whose words compared with each name of the annuaire was minutes of work for one line."""


def person_key(name: str) -> str:
    words = [w for w in key(name).split() if w not in TITLES]
    return " ".join(words)


@dataclass(frozen=True)
class Structure:
    id: str
    name: str
    acronym: str | None = None
    parent: str | None = None


@dataclass
class Directory:
    """The structures of ``partners.yaml`` and how to recognise them in free text, as a person would:
    by name or sigle, a long name for its sigle, « X 57 » for « X », never by a place name alone."""

    structures: list[Structure] = field(default_factory=list)
    loaded: bool = True
    people: dict[str, set[str]] = field(default_factory=dict)
    """A person's key (``person_key``) → the structures the published minutes attach them to."""

    def __post_init__(self) -> None:
        self._full: dict[str, set[str]] = {}
        self._loose: dict[str, set[str]] = {}
        """Derived forms (abbreviations, a name without its département): used when unique."""
        self._by_id = {s.id: s for s in self.structures}
        self.places: set[str] = set(_DEPARTEMENT_NUMBERS)
        for s in self.structures:
            for inner in re.findall(r"\(([^)]*)\)", s.name):
                if any(c.islower() for c in inner):  # « (Metz Borny) », not a sigle « (MDA) »
                    self.places |= set(norm(inner).split())
            town = _TOWN_PREFIX.sub("", norm(s.name))
            if town != norm(s.name):
                self.places |= set(town.split())
        for s in self.structures:
            names = [s.id.replace("-", " "), s.name, re.sub(r"\(.*?\)", " ", s.name)]
            if s.acronym:
                names.append(s.acronym)
            for name in names:
                if norm(name):
                    self._full.setdefault(norm(name), set()).add(s.id)
            loose = abbreviations(s.name) | {self._without_departement(norm(n)) for n in names}
            for name in loose - {""}:
                if self._distinctive(name):
                    self._loose.setdefault(name, set()).add(s.id)
        # The names a text is searched for, chosen once: at each participant's line, the choice cost
        # more than the search.
        self._named = [(name, ids) for name, ids in self._full.items() if len(name) >= 3 and self._distinctive(name)]
        self._spelt = [name for name, _ in self._named if len(name) >= 6]
        self._misspelt_inside = {name: next(iter(ids)) for name, ids in self._named if len(name) >= 8 and len(ids) == 1}
        """The names a misspelling is looked for inside a text (``find_in``), and their structure."""
        self._longest = max((len(name.split()) for name in [*self._full, *self._loose]), default=0)
        """Words of the longest name: a text's first words are never looked up past it."""

    @classmethod
    def load(cls, root: Path) -> Directory:
        data = read_leniently(root, PARTNERS_FILE)
        # « structures: » with nothing under it, as « releve creer » writes it: an empty annuaire, not an unreadable one.
        if not isinstance(data, dict) or "structures" not in data or not isinstance(data["structures"], (list, type(None))):
            return cls([], loaded=False)
        structures = []
        for item in data["structures"] or []:
            if isinstance(item, dict) and item.get("id") and item.get("nom"):
                structures.append(
                    Structure(
                        str(item["id"]),
                        str(item["nom"]),
                        str(item["sigle"]) if item.get("sigle") else None,
                        str(item["parent"]) if item.get("parent") else None,
                    )
                )
        directory = cls(structures)
        directory.people = _published_people(root, {s.id for s in structures})
        return directory

    def __contains__(self, structure_id: str) -> bool:
        return structure_id in self._by_id

    def _without_departement(self, k: str) -> str:
        return " ".join(w for w in k.split() if w not in _DEPARTEMENT_NUMBERS)

    def _distinctive(self, k: str) -> set[str]:
        """The words of a key that say which body it is: not places, not generic words."""
        return set(k.split()) - self.places - GENERIC_WORDS

    def is_place(self, text: str) -> bool:
        """« Metz », « Woippy », « Moselle », « Metz Borny »: a place name, which names no structure."""
        words = set(norm(text).split())
        return bool(words) and words <= self.places

    def town(self, text: str) -> str | None:
        """The structure of a commune named alone (« Metz » → « Ville de Metz »), if the annuaire
        has exactly one: a participant's line that ends with a town means its services."""
        if not self.is_place(text):
            return None
        k = norm(text)
        found = [s.id for s in self.structures if _TOWN_PREFIX.match(norm(s.name)) and _TOWN_PREFIX.sub("", norm(s.name)) == k]
        return found[0] if len(found) == 1 else None

    def _exact(self, text: str) -> set[str]:
        k = norm(text)
        if not k or not (set(k.split()) - self.places):  # a place name alone never selects a structure
            return set()
        found = self._full.get(k) or self._loose.get(k) or self._loose.get(self._without_departement(k))
        if found:
            return found
        # A long name for a structure the annuaire knows by its sigle: « Maison des adolescents » is « MDA ».
        by_sigle = {structure_id for sigle in abbreviations(text) for structure_id in self._full.get(sigle, ())}
        return by_sigle if len(by_sigle) == 1 else set()

    def ambiguous(self, text: str) -> list[str]:
        """The ids sharing this name or sigle, when there are several (« GEM »)."""
        ids = self._exact(text)
        return sorted(ids) if len(ids) > 1 else []

    def match(self, text: str) -> str | None:
        """The structure this text names (a name, a sigle, an id), tolerant of case, accents and typos.

        « CH Jury – CMP Winnicott » gives the most specific one, the last segment that matches;
        « CH Jury unité X » gives the CH Jury (a unit named beside its parent).
        """
        found = self.match_all(text)
        return found[0] if len(found) == 1 else None

    def match_all(self, text: str) -> list[str]:
        """Every structure a text names: one, or two unrelated ones (« Ville de Metz / CCOMS »)."""
        for attempt in (text, re.sub(r"\(.*?\)", " ", text)):
            ids = self._exact(attempt)
            if len(ids) == 1:
                return sorted(ids)
            if ids:
                return []
        segments = [s for s in _SEGMENTS.split(text) if s.strip()]
        if len(segments) > 1:
            found: list[str] = []
            for segment in segments:
                one = self.match(segment)
                if one and one not in found:
                    found.append(one)
            # A service written after its parent is the service; unrelated ones are all kept.
            found = [f for f in found if not any(self.is_ancestor(f, other) for other in found)]
            if found:
                return found
        one = self._prefix(text) or self._fuzzy(norm(text))
        return [one] if one else []

    def is_ancestor(self, ancestor: str, other: str) -> bool:
        parent = self._by_id.get(other).parent if other in self._by_id else None
        seen = set()
        while parent and parent not in seen:
            if parent == ancestor:
                return True
            seen.add(parent)
            parent = self._by_id[parent].parent if parent in self._by_id else None
        return False

    def _prefix(self, text: str) -> str | None:
        """A known name followed by a unit of it: « CH Jury unité X », « UNAFAM délégation de Metz »."""
        words = norm(text).split()
        for size in range(min(len(words) - 1, self._longest), 0, -1):
            head = " ".join(words[:size])
            ids = self._full.get(head) or self._loose.get(head)
            if ids and self._distinctive(head):
                return next(iter(ids)) if len(ids) == 1 else None
        return None

    def _fuzzy(self, k: str, cutoff: float = 88) -> str | None:
        """A misspelt name (« Centre Psychothérapique WINNICOT »): its distinctive words must be there."""
        if len(k) < 6 or not self._distinctive(k):
            return None
        found = process.extract(k, self._spelt, scorer=fuzz.ratio, limit=2, score_cutoff=cutoff)
        if not found or len(self._full[found[0][0]]) != 1:
            return None
        if len(found) > 1 and self._full[found[1][0]] != self._full[found[0][0]] and found[1][1] > found[0][1] - 3:
            return None  # two names almost as close: ambiguous, left for the coordinator
        return next(iter(self._full[found[0][0]]))

    def find_in(self, text: str) -> str | None:
        """A structure named somewhere inside a longer text (« Membres de l'équipe du Centre … »)."""
        k = f" {norm(text)} "
        hits = [(len(name), ids) for name, ids in self._named if f" {name} " in k]
        if hits:
            length, ids = max(hits, key=lambda hit: hit[0])
            if len(ids) == 1 and sum(1 for hit in hits if hit[0] == length) == 1:
                return next(iter(ids))
        words = norm(text).split()
        if len(words) > MAX_SPELT_WORDS:
            return None
        best: tuple[float, str] | None = None
        for size in range(2, min(6, len(words)) + 1):
            for start in range(0, len(words) - size + 1):
                window = " ".join(words[start:start + size])
                if not self._distinctive(window):
                    continue
                # The first of the closest names, as the first window of the closest ones wins.
                found = process.extractOne(window, self._misspelt_inside.keys(), scorer=fuzz.ratio, score_cutoff=88)
                if found and (best is None or found[1] > best[0]):
                    best = (found[1], self._misspelt_inside[found[0]])
        return best[1] if best else None

    def refine(self, structure_id: str, part: str) -> tuple[str, bool] | None:
        """A sub-structure of ``structure_id`` that ``part`` names (« Pôle petite enfance » of the
        Ville de Metz): ``(child id, whether part is only that name)``; ``None`` if none."""
        parent = self._by_id.get(structure_id)
        if not parent:
            return None
        parent_words = set(key(parent.name).split()) | set(key(parent.acronym or "").split())
        part_words = set(key(part).split())
        best: tuple[int, str, bool] | None = None
        for child in self.structures:
            if child.parent != structure_id:
                continue
            distinctive = set(key(child.name).split()) - parent_words - _STOP
            if len(distinctive) >= 2 and distinctive <= part_words:
                consumed = (part_words - _STOP - parent_words) <= distinctive
                if best is None or len(distinctive) > best[0]:
                    best = (len(distinctive), child.id, consumed)
        return (best[1], best[2]) if best else None

    def known_person(self, name: str) -> str | None:
        """The structure the published minutes attach this person to, if they always name the same one."""
        ids = self.people.get(person_key(name), set())
        return next(iter(ids)) if len(ids) == 1 else None


def _published_people(root: Path, known: set[str]) -> dict[str, set[str]]:
    """Who the published minutes attach to which structure (drafts are not a source)."""
    people: dict[str, set[str]] = {}
    for path in source_paths(root)[0]:
        data = read_leniently(root, path, markdown=True)
        if not isinstance(data, dict) or data.get("brouillon") or not isinstance(data.get("participants"), list):
            continue
        for person in data["participants"]:
            if isinstance(person, dict) and person.get("nom") and person.get("structure"):
                ids = person["structure"] if isinstance(person["structure"], list) else [person["structure"]]
                for structure_id in map(str, ids):
                    if structure_id in known:
                        people.setdefault(person_key(str(person["nom"])), set()).add(structure_id)
                        break  # the first structure named is the person's own
    return people


@dataclass
class Referential:
    """Instances, thématiques (``referentiel.yaml``) and fiches actions (``actions/``)."""

    instances: list[tuple[str, str]] = field(default_factory=lambda: list(DEFAULT_INSTANCES))
    themes: list[tuple[str, str]] = field(default_factory=list)
    actions: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def load(cls, root: Path) -> Referential:
        names = declared_names(root)
        result = cls(themes=list(names["thematique"].items()))
        if names["instance"]:
            result.instances = list(names["instance"].items())
        for path in source_paths(root)[1]:
            data = read_leniently(root, path, markdown=True)
            if isinstance(data, dict) and data.get("titre"):
                result.actions.append((stem(path), str(data["titre"])))
        return result
