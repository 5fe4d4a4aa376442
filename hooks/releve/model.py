"""The content model: frozen dataclasses, free of any MkDocs type."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from .hours import time_range
from .problems import Problem
from .text import quoted


@dataclass(frozen=True, order=True)
class FuzzyDate:
    """A date known to the year, the month or the day (the seeds say « 2019 », « nov. 2018 », « 22/10/2021 »)."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        if self.day:
            return self.first_day
        if self.month:
            next_month = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
            return next_month - dt.timedelta(days=1)
        return dt.date(self.year, 12, 31)

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)

    @classmethod
    def of(cls, day: dt.date) -> FuzzyDate:
        return cls(day.year, day.month, day.day)


@dataclass(frozen=True)
class Axis:
    number: int
    name: str
    description: str


@dataclass(frozen=True)
class Instance:
    """A kind of meeting body: COPIL, plénière, groupe thématique…"""

    id: str
    name: str
    slug: str
    singular: str = ""
    """The name of one of its meetings (« Groupe thématique »); ``name`` names them all."""


@dataclass(frozen=True)
class Theme:
    id: str
    name: str


@dataclass(frozen=True)
class Sector:
    id: str
    name: str


DEFAULT_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("Quoi ?", "objectif"),
    ("Pourquoi ?", "justification de l'action"),
    ("Pour qui ?", "bénéficiaires de l'action"),
    ("Comment ?", "processus et activités"),
    ("Par qui ?", "acteurs impliqués : rôle, tâches, pilotage, réalisation"),
    ("Avec quoi ?", "ressources internes et externes, techniques, financières, humaines, matérielles"),
    ("Dans quel contexte ?", "partenaires, menaces, opportunité"),
    ("Où ?", "territoire concerné"),
    ("Quelle durée ?", "planification des étapes de réalisation"),
    ("Quel suivi et quelle évaluation ?", "tableau de bord, indicateurs"),
)
"""The ten questions of a fiche action (seed 001), with the hint the coordinator gave for each:
the questions of a CLSM whose ``referentiel.yaml`` declares none."""


DEFAULT_STATUSES: tuple[str, ...] = ("en réflexion", "en projet", "en cours", "réalisée", "suspendue", "abandonnée")
"""The statuts of a fiche action, in the order a project goes through them, when ``referentiel.yaml``
declares none."""

DEFAULT_RUNNING: tuple[str, ...] = ("en réflexion", "en projet", "en cours")
"""Of those, the statuts of a fiche that is still going on (``statuts_actifs`` of ``referentiel.yaml``)."""

DEFAULT_STALE_MONTHS = 12
"""A commitment without news for longer (``engagements.sans_suite_apres_mois``) is « sans suite connue »."""


DEFAULT_TIME_ZONE = "Europe/Paris"
"""The time zone of the calendars when ``clsm.fuseau_horaire`` is absent."""


@dataclass(frozen=True)
class Repository:
    """Where the site's sources live, for the web form (``depot`` of ``referentiel.yaml``)."""

    forge: str
    """``github`` or ``gitlab``."""
    project: str
    """``owner/name``."""
    branch: str = "main"
    base_url: str | None = None
    """A GitLab installed elsewhere than gitlab.com."""
    app_id: str | None = None
    """The GitLab OAuth application's id (PKCE sign-in)."""
    review: bool = False
    """Every change made in the form goes through a branch and a merge request."""


@dataclass(frozen=True)
class Referential:
    """What the coordinator declares once in ``referentiel.yaml``."""

    clsm_name: str
    clsm_short_name: str
    axes: tuple[Axis, ...]
    instances: tuple[Instance, ...]
    themes: tuple[Theme, ...]
    sectors: tuple[Sector, ...]
    presentation: str | None = None
    """A short text about the CLSM shown on the home page."""
    accessibility_contact: str | None = None
    """Where to report an accessibility defect (a public contact), named by the declaration."""
    verification_months: int = 12
    """An annuaire entry verified longer ago than this is shown « à vérifier »."""
    licence: str = "Licence Ouverte 2.0"
    """The licence of the open data files (structures, fiches actions)."""
    licence_url: str | None = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

    repository: Repository | None = None

    statuses: tuple[str, ...] = DEFAULT_STATUSES
    """The statuts of a fiche action, in the order its pages list them."""
    running: tuple[str, ...] = DEFAULT_RUNNING
    """The statuts of a fiche that is still going on: charted as active, listed on the home page."""
    stale_months: int = DEFAULT_STALE_MONTHS
    """A commitment past its échéance, or without one and older than this, is « sans suite connue »;
    so is an undated next meeting announced longer ago (the agenda stops showing it « à programmer »)."""
    contact: str | None = None
    """The CLSM's public contact (a web page or an e-mail address): on À propos, in the footer and on
    the declaration of accessibility."""
    accessibility_plan: str | None = None
    """The address of the host institution's multi-year accessibility plan, linked by the declaration."""
    questions: tuple[tuple[str, str], ...] = DEFAULT_QUESTIONS
    """The ``##`` headings of a fiche action, in order, each with a hint shown while it is unanswered."""
    time_zone: str = DEFAULT_TIME_ZONE
    """The IANA time zone of the meetings' hours (``Europe/Paris``, ``America/Cayenne``…)."""
    letter_months: int = 1
    """How many months one lettre d'information covers (``lettre.periodicite``): 1, 2, 3 or 6."""


@dataclass(frozen=True)
class Address:
    street: str | None = None
    complement: str | None = None
    postcode: str | None = None
    city: str | None = None


@dataclass(frozen=True)
class Coordinates:
    """Where a structure receives its public (WGS84), and where that was read: never guessed."""

    latitude: float
    longitude: float
    source: str
    """What gave them, e.g. « Base Adresse Nationale, adresse 57463_2340_00012 » (``releve geocoder`` writes it)."""
    date: dt.date
    """The day they were read from the source."""


@dataclass(frozen=True)
class Structure:
    """An organisation of the annuaire (a hospital, a city service, an association…)."""

    id: str
    name: str
    acronym: str | None
    type: str | None
    """``None`` when the coordinator does not know it yet (listed apart in the annuaire)."""
    sector: str | None
    parent: str | None
    website: str | None
    description: str | None
    source: str
    """``partners.yaml:line`` of its entry, for messages about it."""
    address: Address | None = None
    phone: str | None = None
    """Public phone of the structure, as written (« 03 87 00 00 00 »)."""
    email: str | None = None
    opening_hours: str | None = None
    """OpenStreetMap ``opening_hours`` syntax, already checked by its parser."""
    access: str | None = None
    publics: tuple[str, ...] = ()
    territory: str | None = None
    accessibility: str | None = None
    """Link to its page on acceslibre."""
    siret: str | None = None
    finess: str | None = None
    verified_on: dt.date | None = None
    verified_by: str | None = None
    """How the information was verified (the ``source`` key of partners.yaml)."""
    coordinates: Coordinates | None = None
    added_on: dt.date | None = None
    """When it joined the annuaire (``ajoutee_le``): the lettre d'information of that month announces it."""

    def needs_verification(self, today: dt.date, months: int) -> bool:
        """Verified longer ago than ``months`` months (an entry never verified says nothing)."""
        return self.verified_on is not None and today > add_months(self.verified_on, months)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months later (earlier when negative), or the month's last day."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def months_text(months: int) -> str:
    """« plus d'un an », « plus de 2 ans », « plus de 6 mois »: how long a verification stays valid."""
    if months == 12:
        return "plus d'un an"
    if months and months % 12 == 0:
        return f"plus de {months // 12} ans"
    return "plus d'un mois" if months == 1 else f"plus de {months} mois"


@dataclass(frozen=True)
class Place:
    """Where a meeting happens: a structure of the annuaire, free text, and/or online."""

    structure: str | None = None
    text: str | None = None
    online: bool = False


@dataclass(frozen=True)
class Participant:
    """One person (name and function) or one group, usually attached to a structure."""

    name: str | None = None
    function: str | None = None
    group: str | None = None
    structures: tuple[str, ...] = ()
    """Every structure named (« CH Jury / CMP Winnicott »)."""

    @property
    def structure(self) -> str | None:
        """The first structure named (the page groups the participant under it)."""
        return self.structures[0] if self.structures else None


@dataclass(frozen=True)
class Section:
    title: str
    anchor: str
    line: int


@dataclass(frozen=True)
class Decision:
    """A decision written as ``!!! decision [action ids]`` in a meeting's body."""

    anchor: str
    """Stable: derived from the decision's own text, so edits elsewhere do not move it."""
    text: str
    actions: tuple[str, ...]
    section: str
    line: int


@dataclass(frozen=True)
class Commitment:
    """« Qui fait quoi »: ``!!! engagement structure ["person"] [due date]``."""

    anchor: str
    text: str
    structure: str
    person: str | None
    due: dt.date | None
    section: str
    line: int


@dataclass(frozen=True)
class Approval:
    """Whether the minutes are approved, as the coordinator records it (``approbation``)."""

    state: str
    """« projet » (not yet approved) or « approuvé »."""
    date: dt.date | None = None
    meeting: str | None = None
    """The id of the published minutes of the meeting that approved them."""
    instance: str | None = None
    """The instance that approved them, when its minutes are not published."""


@dataclass(frozen=True)
class Closure:
    """``!!! fait <anchor>`` in a later meeting: the commitment is done."""

    commitment: str
    text: str
    line: int


BodyPart = str | Decision | Commitment | Closure
"""A part of a text's body: Markdown, or a block the engine shows in its own way."""


@dataclass(frozen=True)
class NextMeeting:
    date: dt.date | None
    time_range: str | None
    place: Place
    note: str | None


@dataclass(frozen=True)
class Meeting:
    """One compte rendu or relevé de conclusions."""

    id: str
    """The file name without ``.md``: ``2021-10-22-collaboration-cmp-winnicott``."""
    path: str
    title: str
    kind: str
    date: dt.date
    time_range: str | None
    place: Place
    instance: str
    themes: tuple[str, ...]
    agenda: tuple[str, ...]
    participants: tuple[Participant, ...]
    actions: tuple[str, ...]
    next_meeting: NextMeeting | None
    body: tuple[BodyPart, ...]
    """The minutes in order: their Markdown (links rewritten to the generated pages) between the
    decisions, commitments and closures they hold."""
    sections: tuple[Section, ...]
    decisions: tuple[Decision, ...]
    commitments: tuple[Commitment, ...]
    closures: tuple[Closure, ...]
    updated: dt.date | None = None
    approval: Approval | None = None
    """None when the coordinator has recorded nothing: the page then claims neither state."""
    public_contacts: tuple[str, ...] = ()
    """The structures' contacts its text may publish (``contacts_publics``), as written."""

    @property
    def concerned_actions(self) -> tuple[str, ...]:
        """The fiches it is about, each once: those it names, then those its decisions are about."""
        mentioned = dict.fromkeys(self.actions)
        for decision in self.decisions:
            mentioned.update(dict.fromkeys(decision.actions))
        return tuple(mentioned)


@dataclass(frozen=True)
class Milestone:
    date: FuzzyDate
    title: str
    done: bool

    def lapsed(self, today: dt.date) -> bool:
        """Planned for a time now over and never said done: « sans suite connue », no longer work to do."""
        return not self.done and self.date.last_day < today


@dataclass(frozen=True)
class Progress:
    """How many of a fiche's jalons are done."""

    done: int
    total: int

    @property
    def share(self) -> float:
        return self.done / self.total if self.total else 0.0


@dataclass(frozen=True)
class ActionSheet:
    """A fiche action; its id is its file name."""

    id: str
    path: str
    title: str
    axis: int | None
    """None when no source says which axe the fiche serves: the pages say « non renseigné »."""
    themes: tuple[str, ...]
    status: str | None
    """None when no source gives the fiche's statut."""
    pilots: tuple[str, ...]
    partners: tuple[str, ...]
    start: FuzzyDate
    end: FuzzyDate | None
    milestones: tuple[Milestone, ...]
    answers: tuple[str, ...]
    """Markdown answer to each of the referential's ``questions``, in order; empty when unanswered."""
    extra: str = ""
    """Markdown written before the first question (an introduction), kept as is."""
    public_contacts: tuple[str, ...] = ()
    """The structures' contacts its text may publish (``contacts_publics``), as written."""

    @property
    def answered(self) -> int:
        return sum(1 for answer in self.answers if answer.strip())

    @property
    def jalons_done(self) -> Progress:
        return Progress(sum(1 for m in self.milestones if m.done), len(self.milestones))


@dataclass(frozen=True)
class Registration:
    """How to register for an event: a link, a structure whose public contact the page shows, or a
    sentence (« entrée libre »); any of them, as the coordinator writes it."""

    url: str | None = None
    structure: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class Event:
    """An event that is not a meeting (a sensibilisation session…), declared in ``evenements.yaml``."""

    id: str
    """Written by the coordinator; it keeps the event's identity in subscribed calendars."""
    title: str
    date: dt.date
    time_range: str | None
    place: Place
    actions: tuple[str, ...]
    description: str | None
    organisers: tuple[str, ...] = ()
    """Structure ids."""
    public: str | None = None
    """Who it is for, as written (« tout public », « professionnels de l'enfance »)."""
    accessibility: str | None = None
    """What a reader with a disability needs to know, as written."""
    registration: Registration | None = None
    sism: int | None = None
    """The year of the SISM edition the event belongs to (declared in ``evenements.yaml``'s ``sism``)."""

    @property
    def sort_key(self) -> tuple:
        """By day, then by start (« 8h30 » before « 13h30 », whatever their ids), then by id."""
        hours = time_range(self.time_range)
        return (self.date, hours[0] if hours else dt.time(), self.id)


@dataclass(frozen=True)
class SismEdition:
    """One year of the Semaines d'information sur la santé mentale, as the coordinator records it:
    its theme and the figures the sources give, never counted by the engine."""

    year: int
    theme: str
    figures: tuple[Figure, ...] = ()
    text: str | None = None
    """An outcome without a number (« organisation d'une diffusion en direct »)."""
    partners: tuple[str, ...] = ()
    """Structure ids of the partners the sources name (besides the organisers of its events)."""
    action: str | None = None
    source: str | None = None
    """Where the figures come from (« Avancée des projets – Nov. 2020 »)."""

    @property
    def title(self) -> str:
        return f"SISM {self.year} {quoted(self.theme)}"


@dataclass(frozen=True)
class LetterNote:
    """The coordinator's own words for one lettre d'information (``lettres/AAAA-MM.md``)."""

    id: str
    """``AAAA-MM``: the first month of the letter's period."""
    path: str
    title: str | None
    body: str
    """Markdown ready for rendering (links rewritten, HTML neutralised): the édito."""
    public_contacts: tuple[str, ...] = ()
    """The structures' contacts its text may publish (``contacts_publics``), as written."""


@dataclass(frozen=True)
class HistoryEntry:
    """A dated step of the CLSM's history that is neither a meeting nor a fiche (``historique.yaml``)."""

    date: FuzzyDate
    title: str
    category: str
    """« étape », « instance » or « contribution »: how the timeline labels it."""
    end: FuzzyDate | None = None
    """The end of a period (« 2015 - 2016 »)."""
    date_text: str | None = None
    """The date as the source words it when it is vaguer than ``date`` (« fin 2016 »)."""
    instance: str | None = None
    action: str | None = None
    axis: int | None = None
    themes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Figure:
    """One number as the source writes it: « 7 partenaires »."""

    number: int
    label: str
    note: str | None = None
    """Why the number is kept as written (« 250 partenaires » where one expects participants)."""


@dataclass(frozen=True)
class KeyFigures:
    """The figures of one dated activity that is not a meeting (a SISM edition, a year of sessions)."""

    date: FuzzyDate
    title: str
    figures: tuple[Figure, ...]
    text: str | None = None
    """An outcome without a number (« organisation d'une diffusion en direct »)."""
    action: str | None = None
    axis: int | None = None
    themes: tuple[str, ...] = ()
    sism: int | None = None
    """The SISM edition these figures are of: its page tells more."""


@dataclass(frozen=True)
class HandWrittenPage:
    """A page written by hand in ``docs/``, checked as content: MkDocs converts ``markdown`` in place
    of the file's text, and the page has no front matter but its ``title``."""

    src_uri: str
    """Its path in ``docs/`` (``a-propos.md``), the page's source URI for MkDocs."""
    markdown: str
    """Its body, links to a meeting or a fiche pointed at its page and raw HTML shown as text."""
    title: str | None = None
    public_contacts: tuple[str, ...] = ()
    """The structures' contacts its text may publish (``contacts_publics``), as written."""


@dataclass(frozen=True)
class AgendaItem:
    """One dated (or still undated) thing of the agenda: a meeting held or announced, an event, a
    jalon, a commitment's échéance. The agenda page, the calendars and each structure's calendar
    show the same items (``agenda.py`` makes them once, for the link stage)."""

    uid: str
    """Identity of the item in its source (file name, event id…): it survives edits of its text."""
    kind: str
    """« réunion », « prochaine réunion », « événement », « étape » (a jalon) or « échéance d'un
    engagement », as shown to readers."""
    title: str
    date: FuzzyDate | None
    """To the day for meetings and events, maybe only to the month for a jalon; None: « à fixer »."""
    time_range: str | None
    place: Place
    description: str | None
    page: str
    """Source URI of the page that tells more, and the anchor on it."""
    anchor: str | None
    instance: str | None
    themes: tuple[str, ...]
    stamp: dt.date
    """The date of the source that wrote the item: a DTSTAMP that changes only with the content."""

    @property
    def hours(self) -> tuple[dt.time, dt.time | None] | None:
        return time_range(self.time_range)

    @property
    def in_calendars(self) -> bool:
        """Known to the day, as an event of a calendar must be: a jalon known to the month, or an
        announcement without a date, stays on the agenda page."""
        return self.date is not None and self.date.day is not None

    sort_key: tuple = field(init=False, repr=False, compare=False)
    """An item is sorted in the agenda, in each of its structures' calendars and in its lettre: its
    key is made with it (a cached_property's lock cost as much as the key)."""

    def __post_init__(self) -> None:
        hours = self.hours
        object.__setattr__(self, "sort_key", (self.date.sort_key if self.date else (0, 0, 0), hours[0] if hours else dt.time(), self.uid))


RENAMED_KINDS = {"structure": "structure", "fiche": "action", "instance": "instance", "thematique": "thematique"}
"""What ``renommages.yaml`` calls each kind of item (« type: ») → the kind of its references."""


@dataclass(frozen=True)
class Rename:
    """An id changed by ``releve renommer``: the pages, calendars and feeds named after ``old`` are
    still served at their old addresses (a redirect page, a copy), so that links and subscriptions
    made before keep working."""

    kind: str
    """« structure », « action », « instance » or « thematique » (the kinds of ``Reference``)."""
    old: str
    new: str


@dataclass(frozen=True)
class Commune:
    """One commune of the territory the maps draw (``carte/territoire.geojson``)."""

    code: str
    """Its INSEE code (« 57463 »)."""
    name: str
    polygons: tuple[tuple[tuple[tuple[float, float], ...], ...], ...]
    """Its parts, each an outer ring then its holes, each ring (longitude, latitude) pairs, closed."""


@dataclass(frozen=True)
class Territory:
    """The communes of the CLSM, from public data the coordinator added once."""

    communes: tuple[Commune, ...]
    """Sorted by name."""
    source: str | None = None
    """Where the outlines come from (the file's ``source``), credited under each map."""


class WrittenLink(NamedTuple):
    """A link of a text to a page or file of this site, as its source writes it, checked once every
    page is known (``site_links``). A named tuple: a file makes many, sent between processes as
    references are (``schema.Reference``)."""

    path: str
    """The source file (``actions/x.md``), relative to the project."""
    line: int
    written: str
    """The target as written (« ../annuaire/ », « /a-propos.md#contact »)."""
    uri: str | None
    """The docs-relative path the source names (a meeting or fiche, a docs-rooted « /x.md », any
    target of a text shown on other pages than its own, ``body.rewrite_links``); None: relative to the
    page that shows the text."""


@dataclass(frozen=True)
class Site:
    """Everything published: drafts are already set aside."""

    referential: Referential
    structures: tuple[Structure, ...]
    meetings: tuple[Meeting, ...]
    actions: tuple[ActionSheet, ...]
    today: dt.date
    """« Today » for the agenda and the follow-up: an input of the build (never read from the clock
    here), so the same content and the same date give the same site."""
    events: tuple[Event, ...] = ()
    """Sorted by date; empty when the project has no ``evenements.yaml``."""
    public_url: str | None = None
    """Where the site is published (``site_url`` of mkdocs.yml), for absolute links in calendars and feeds."""
    history: tuple[HistoryEntry, ...] = ()
    """The CLSM's history from ``historique.yaml``, sorted by date; empty without the file."""
    key_figures: tuple[KeyFigures, ...] = ()
    """Figures of activities that are not meetings, sorted by date; empty without ``historique.yaml``."""
    hand_written: tuple[HandWrittenPage, ...] = ()
    """The pages of ``docs/``, checked as content, by name."""
    media: tuple[str, ...] = ()
    """The files of ``medias/`` (the web editor's uploads), as paths from the project's root, published at the same path;
    not one that only drafts link to (``site_links.published_media``)."""
    territory: Territory | None = None
    """The communes' outlines; None without ``carte/territoire.geojson``."""
    sism: tuple[SismEdition, ...] = ()
    """The SISM editions of ``evenements.yaml``, oldest first."""
    letter_notes: tuple[LetterNote, ...] = ()
    """The published éditos of ``lettres/``, oldest first."""
    pdf: bool = False
    """Whether this build writes PDFs (``extra.releve.pdf`` of mkdocs.yml, and WeasyPrint present):
    the pages link to them only then."""
    warnings: tuple[Problem, ...] = ()
    """Problems of severity « warning » (a stale annuaire entry, a next meeting dated before its
    meeting…): shown by the build and the verification, never blocking."""
    renames: tuple[Rename, ...] = ()
    """The ids renamed by ``releve renommer`` (``renommages.yaml``): their old addresses still answer."""
    docs_files: tuple[str, ...] = ()
    """The files of ``docs/`` that are not pages (images, PDF, texts), as source URIs (``plan.png``)."""
    links: tuple[WrittenLink, ...] = ()
    """Every link of a published text to this site (not to another site), for ``site_links``."""
