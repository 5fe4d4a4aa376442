"""The structures a document names that ``partners.yaml`` lacks, as entries ready to paste.

Only what the text says: the name, a sigle when the text writes one (« CCOMS », « Centre
collaborateur de l'OMS (CCOMS) »), the structure it belongs to when the text names it, an id made
from the name. ``secteur`` and ``type`` are left for the coordinator, who knows them; nothing is
guessed. One structure written several ways in a document is proposed once: in capitals or not
(« CH JURY », « CH Jury »), with a slip (« WINNICOT »), or followed by where its branch is
(« Médecins du Monde – Mission France – Metz » is « Médecins du Monde »).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from rapidfuzz import fuzz, process

from .directory import Directory, norm
from .text import slugify

_SIGLE = re.compile(r"^[A-ZÀ-Ý0-9&'’.-]{2,12}(?: [A-ZÀ-Ý0-9&'’.-]{1,12}){0,2}$")
_SEPARATE = re.compile(r"\s+/\s+|\s*/\s*(?=[A-ZÀ-Ý])")
"""« Ville de Woippy / EPE 57 »: two structures."""
_NESTED = re.compile(r"\s+[–—-]\s+|\s+>\s+")
"""« CH Jury – CMP Winnicott »: a structure, then a part of it."""
_BRANCH_WORDS = {
    "mission", "france", "delegation", "antenne", "agence", "siege", "local", "locale", "departemental",
    "departementale", "regional", "regionale", "territorial", "territoriale", "national", "nationale",
}
"""What a branch of an organisation adds to its name (« Mission France », « délégation 57 »)."""
SAME_NAME = 90
"""rapidfuzz ratio from which two names of a document are one structure written two ways."""


@dataclass
class Proposal:
    """One structure to add: its entry, and every way the document wrote it."""

    name: str
    sigle: str | None = None
    parent: str | None = None
    """The id of the structure it belongs to: in the annuaire, or proposed before it."""
    id: str = ""
    written: list[str] = field(default_factory=list)


def _name_and_sigle(text: str) -> tuple[str, str | None]:
    name = text.strip()
    bracket = re.match(r"^(.*?)\s*\(([^()]+)\)$", name)
    if bracket and _SIGLE.match(bracket.group(2).strip()):
        return bracket.group(1).strip(), bracket.group(2).strip()
    if _SIGLE.match(name) and any(c.isalpha() for c in name):
        return name, name
    return name, None


def _is_branch(segment: str, directory: Directory) -> bool:
    """« Mission France », « Metz », « délégation de la Moselle »: where a branch is, not which body."""
    words = norm(segment).split()
    if not words:
        return True
    if all(word in _BRANCH_WORDS or word in directory.places for word in words):
        return True
    # A single word in capitals and lower case, not a sigle: a town (« Metz », « Woippy »).
    return len(segment.split()) == 1 and segment[:1].isupper() and not segment.isupper() and not any(c.isdigit() for c in segment)


def _segments(text: str, directory: Directory) -> list[str]:
    """The nested names of one structure, outermost first, without the branch's place."""
    segments = [segment.strip() for segment in _NESTED.split(text) if segment.strip()]
    kept = [segments[0]] + [segment for segment in segments[1:] if not _is_branch(segment, directory)]
    return kept


COMPARED = 200
"""Proposals a new name is compared with for a slip: the first ones (a compte rendu names a few
dozen structures). Past them only the same spelling is one structure, so that a document naming
thousands stays linear (each name compared with each was minutes for 30,000)."""


class _Proposals:
    def __init__(self, directory: Directory):
        self.directory = directory
        self.items: list[Proposal] = []
        self.taken = {s.id for s in directory.structures}
        self.keys: dict[str, Proposal] = {}
        """The name and sigle of each proposal, as ``norm`` writes them."""
        self.compared: list[tuple[str, Proposal]] = []
        """The names long enough to be compared for a slip (at most ``COMPARED``)."""

    def same(self, name: str) -> Proposal | None:
        """The proposal already made for this name, written the same way or nearly."""
        wanted = norm(name)
        if wanted in self.keys or len(wanted) < 8:
            return self.keys.get(wanted)
        found = process.extractOne(
            wanted, [other for other, _ in self.compared], scorer=fuzz.ratio, score_cutoff=SAME_NAME
        )
        return self.compared[found[2]][1] if found else None

    def _remember(self, proposal: Proposal) -> None:
        for text in (proposal.name, proposal.sigle):
            if text:
                self.keys.setdefault(norm(text), proposal)
        if len(norm(proposal.name)) >= 8 and len(self.compared) < COMPARED:
            self.compared.append((norm(proposal.name), proposal))

    def add(self, text: str, written: str, parent: str | None = None) -> str:
        """The id of the structure ``text`` names: known, already proposed, or proposed now."""
        known = self.directory.match(text)
        if known:
            return known
        name, sigle = _name_and_sigle(text)
        proposal = self.same(name)
        if proposal is None:
            proposal = Proposal(name, sigle, parent)
            base = slugify(name) or "structure"
            proposal.id, n = base, 2
            while proposal.id in self.taken:
                proposal.id, n = f"{base}-{n}", n + 1
            self.taken.add(proposal.id)
            self.items.append(proposal)
            self._remember(proposal)
        elif _better(name, proposal.name):
            # « CH JURY » was only the name in capitals, not a sigle the text gave.
            proposal.sigle = sigle if proposal.sigle == proposal.name else proposal.sigle
            proposal.name = name
            self._remember(proposal)
        proposal.parent = proposal.parent or parent
        if written not in proposal.written:
            proposal.written.append(written)
        return proposal.id


def _better(name: str, than: str) -> bool:
    """« CH Jury » rather than « CH JURY »: fewer words in capitals (a sigle excepted)."""
    def shouting(text: str) -> int:
        return sum(1 for word in text.split() if word.isupper() and len(word) > 4)

    return shouting(name) < shouting(than)


def proposals(texts: list[str], directory: Directory) -> list[Proposal]:
    """The structures to add for the texts the import could not match, each once, a part after
    the structure it belongs to."""
    found = _Proposals(directory)
    for text in texts:
        for part in _SEPARATE.split(text):
            segments = _segments(part, directory)
            parent = None
            for segment in segments:
                parent = found.add(segment, text, parent)
    return found.items


def partners_block(texts: list[str], directory: Directory) -> str | None:
    """YAML to paste under ``structures:`` in partners.yaml; ``None`` when nothing is missing."""
    items = proposals(texts, directory)
    if not items:
        return None
    chunks = []
    for proposal in items:
        data = {"id": proposal.id, "nom": proposal.name}
        if proposal.sigle:
            data["sigle"] = proposal.sigle
        if proposal.parent:
            data["parent"] = proposal.parent
        dumped = yaml.safe_dump([data], allow_unicode=True, sort_keys=False, width=100)
        lines = ["  " + line for line in dumped.splitlines()]
        lines += ["    # type: à compléter (une catégorie déjà utilisée dans partners.yaml)",
                  "    # secteur: à compléter (un id de secteur de referentiel.yaml)"]
        chunks.append("\n".join(lines))
    return "\n".join(chunks) + "\n"
