"""The neutral intermediate of the importer: what a Word minutes document says, before and after
interpretation. Plain dataclasses, independent of Word and of the Markdown format; a place, a
participant and the next meeting are the engine's own (``releve.model``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..model import NextMeeting, Participant, Place
from .dates import find_date


@dataclass
class Paragraph:
    """One paragraph of a discussion: plain text, a bullet item or a numbered item."""

    text: str
    kind: str = "text"  # "text" | "bullet" | "numbered" | "heading" (a short sub-heading of the topic)
    number: int | None = None


@dataclass
class DecisionText:
    """A decision: a paragraph written after a « Décision » line or in the « Conclusions » block."""

    text: str


@dataclass
class CommitmentText:
    """A row of a « Qui / Quoi / Quand » table; ``structure``, ``person`` and ``due`` are filled by the
    interpretation when the participants and the directory tell them, never guessed."""

    who: str
    what: str
    when: str = ""
    structure: str | None = None
    person: str | None = None
    due: dt.date | None = None

    @property
    def text(self) -> str:
        return self.what


Block = Paragraph | DecisionText | CommitmentText


@dataclass
class Topic:
    """One row of the « Discussion » table: a theme and what was said about it."""

    title: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def decisions(self) -> list[DecisionText]:
        return [block for block in self.blocks if isinstance(block, DecisionText)]


@dataclass
class RawMinutes:
    """The document as written: every field still a piece of text (artefacts already removed)."""

    kind: str | None = None
    """« Relevé de conclusions », « Compte rendu »…"""
    title: str | None = None
    page_header: list[str] = field(default_factory=list)
    """Lines before the type line (Word page header): a fallback title."""
    date_place: list[str] = field(default_factory=list)
    agenda: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    excused: list[str] = field(default_factory=list)
    next_meeting: list[str] = field(default_factory=list)
    conclusions: list[str] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    labels_seen: list[str] = field(default_factory=list)
    vocabulary: list[str] = field(default_factory=list)
    """Every line of the document that is not all in capitals: used to re-case an upper-case title."""

    discussion: bool = False
    """A « Discussion » table was found (its title line or its column titles)."""

    def looks_like_minutes(self) -> bool:
        # Text alone is not enough: « Avancée des projets », a report, has sections but no meeting.
        dated_title = self.title is not None and find_date(self.title) is not None
        return bool(self.labels_seen or self.date_place or self.kind or self.discussion or dated_title)


@dataclass
class Minutes:
    """The interpreted minutes, ready to be written in the format of ``minutes/``."""

    title: str | None
    kind: str | None
    date: dt.date | None
    time_range: str | None = None
    place: Place = field(default_factory=Place)
    instance: str | None = None
    themes: list[str] = field(default_factory=list)
    agenda: list[str] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    next_meeting: NextMeeting | None = None
    approval: None = None
    """Never read from a document: the coordinator records the approval (``approbation``) once it is given."""
    conclusions: list[DecisionText] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    topic_actions: dict[int, list[str]] = field(default_factory=dict)
    """Index of a topic → fiche action ids it is about (its decisions name them)."""
    suggested_themes: list[str] = field(default_factory=list)
    suggested_actions: list[str] = field(default_factory=list)
    """Thématiques and fiches named in the text: proposed to the coordinator, never filled in."""
    unknown_structures: list[str] = field(default_factory=list)
    """Structures the text names that ``partners.yaml`` does not have, as written."""

    @property
    def decision_count(self) -> int:
        return len(self.conclusions) + sum(len(topic.decisions) for topic in self.topics)


@dataclass
class Notice:
    """Something the importer could not map, shown to the coordinator in French."""

    message: str
    where: str | None = None
    """A text of the draft's line the notice is about (« instance: », a participant's name), so the
    summary can give that line; ``None`` for what the draft lacks."""


@dataclass
class ImportResult:
    minutes: Minutes
    notices: list[Notice]
    markdown: str
    file_name: str
    partners_block: str | None = None
    """The unknown structures as ``partners.yaml`` entries, ready to paste (secteur and type to fill)."""
    removed_contacts: list[str] = field(default_factory=list)
    """The e-mail addresses and phone numbers left out of the draft."""
    fingerprint: str | None = None
    """An undated document's fingerprint, written in its draft's front matter (``render.marked``)."""
    renamed: bool = False
    """``file_name`` is the draft that keeps ``fingerprint`` under the name the coordinator gave it
    (« 2027-01-12-… » once its date is known): the import completes it, never writes another."""
