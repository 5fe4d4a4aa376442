"""What the project already knows: structures (``partners.yaml``), instances and thématiques
(``referentiel.yaml``), fiches actions (``actions/*.md``). The importer only links to ids found here."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .text import key

_STOP = {"de", "du", "des", "la", "le", "les", "l", "d", "et", "a", "au", "aux", "en", "pour", "sur"}
_GENERIC_PREFIX = re.compile(r"^(?:ville|mairie|commune) (?:de |d )")
_SEGMENTS = re.compile(r"\s+[–—-]\s+|\s*/\s*|\s+>\s+")
DEFAULT_INSTANCES = (
    ("copil", "Comité de pilotage (COPIL)"),
    ("plénière", "Plénière"),
    ("groupe thématique", "Groupes thématiques"),
    ("groupe projet", "Groupes projets"),
    ("réunion partenariale", "Réunions partenariales"),
)


def _load_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


@dataclass(frozen=True)
class Structure:
    id: str
    name: str
    acronym: str | None = None
    parent: str | None = None


@dataclass
class Directory:
    """The structures of ``partners.yaml`` and how to recognise them in free text."""

    structures: list[Structure] = field(default_factory=list)
    loaded: bool = True

    def __post_init__(self) -> None:
        self._full: dict[str, set[str]] = {}
        self._short: dict[str, set[str]] = {}
        self._by_id = {s.id: s for s in self.structures}
        for s in self.structures:
            names = [s.id.replace("-", " "), s.name, re.sub(r"\(.*?\)", " ", s.name)]
            if s.acronym:
                names.append(s.acronym)
            for name in names:
                if key(name):
                    self._full.setdefault(key(name), set()).add(s.id)
            for name in names[1:3]:
                short = _GENERIC_PREFIX.sub("", key(name))
                if short != key(name) and short:
                    self._short.setdefault(short, set()).add(s.id)

    @classmethod
    def load(cls, root: Path) -> Directory:
        data = _load_yaml(root / "partners.yaml")
        if not isinstance(data, dict) or not isinstance(data.get("structures"), list):
            return cls([], loaded=False)
        structures = []
        for item in data["structures"]:
            if isinstance(item, dict) and item.get("id") and item.get("nom"):
                structures.append(
                    Structure(
                        str(item["id"]),
                        str(item["nom"]),
                        str(item["sigle"]) if item.get("sigle") else None,
                        str(item["parent"]) if item.get("parent") else None,
                    )
                )
        return cls(structures)

    def __contains__(self, structure_id: str) -> bool:
        return structure_id in self._by_id

    def _exact(self, text: str) -> set[str]:
        k = key(text)
        return self._full.get(k) or self._short.get(k) or set()

    def ambiguous(self, text: str) -> list[str]:
        """The ids sharing this name or sigle, when there are several (« GEM »)."""
        ids = self._exact(text)
        return sorted(ids) if len(ids) > 1 else []

    def match(self, text: str) -> str | None:
        """The structure this text names (a name, a sigle, an id), tolerant of case, accents and typos.

        « CH Jury – CMP Winnicott » gives the most specific one, the last segment that matches.
        """
        for attempt in (text, re.sub(r"\(.*?\)", " ", text)):
            ids = self._exact(attempt)
            if len(ids) == 1:
                return next(iter(ids))
            if ids:
                return None
        segments = [s for s in _SEGMENTS.split(text) if s.strip()]
        if len(segments) > 1:
            for segment in reversed(segments):
                found = self.match(segment)
                if found:
                    return found
        return self._fuzzy(key(text))

    def _fuzzy(self, k: str, cutoff: float = 0.86) -> str | None:
        if len(k) < 6:
            return None
        candidates = [name for name in self._full if len(name) >= 6]
        close = difflib.get_close_matches(k, candidates, n=1, cutoff=cutoff)
        if not close or len(self._full[close[0]]) != 1:
            return None
        return next(iter(self._full[close[0]]))

    def find_in(self, text: str) -> str | None:
        """A structure named somewhere inside a longer text (« Membres de l'équipe du Centre … »)."""
        k = f" {key(text)} "
        hits = [(len(name), ids) for name, ids in self._full.items() if len(name) >= 3 and f" {name} " in k]
        if hits:
            length, ids = max(hits, key=lambda hit: hit[0])
            if len(ids) == 1 and sum(1 for hit in hits if hit[0] == length) == 1:
                return next(iter(ids))
        words = key(text).split()
        best: tuple[float, str] | None = None
        for size in range(2, min(6, len(words)) + 1):
            for start in range(0, len(words) - size + 1):
                window = " ".join(words[start:start + size])
                for name, ids in self._full.items():
                    if len(name) >= 8 and len(ids) == 1:
                        ratio = difflib.SequenceMatcher(None, window, name).ratio()
                        if ratio >= 0.88 and (best is None or ratio > best[0]):
                            best = (ratio, next(iter(ids)))
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


@dataclass
class Referential:
    """Instances, thématiques (``referentiel.yaml``) and fiches actions (``actions/``)."""

    instances: list[tuple[str, str]] = field(default_factory=lambda: list(DEFAULT_INSTANCES))
    themes: list[tuple[str, str]] = field(default_factory=list)
    actions: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def load(cls, root: Path) -> Referential:
        result = cls()
        data = _load_yaml(root / "referentiel.yaml")
        if isinstance(data, dict):
            pairs = lambda items: [  # noqa: E731
                (str(i["id"]), str(i.get("nom") or i["id"])) for i in items or [] if isinstance(i, dict) and i.get("id")
            ]
            if isinstance(data.get("instances"), list):
                result.instances = pairs(data["instances"])
            if isinstance(data.get("thematiques"), list):
                result.themes = pairs(data["thematiques"])
        actions_dir = root / "actions"
        if actions_dir.is_dir():
            for path in sorted(actions_dir.glob("*.md")):
                title = _front_matter_title(path)
                if title:
                    result.actions.append((path.stem, title))
        return result


def _front_matter_title(path: Path) -> str | None:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    match = re.match(r"^---\s*\n(.*?)\n---\s*(?:\n|$)", text, re.DOTALL)
    if not match:
        return None
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return None
    return str(data["titre"]) if isinstance(data, dict) and data.get("titre") else None
