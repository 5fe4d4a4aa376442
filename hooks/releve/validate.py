"""Validate stage: every rule on every file, all problems at once, then the frozen ``Site``.

Pass 1 checks each file against its declared schema (``schema.py``) and collects the ids it
defines and the ids it mentions; pass 2 resolves every mention against every definition, so a
typo anywhere is reported with the nearest existing id. The files are found and read by
``catalogue.py``, pass 1 is shared out between the cores by ``parallel.py``, and the checked
values become the model through the schema's mapping of each key (``Record.build``), completed
by ``assemble.py`` where a file gives more than its keys.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import os
import re
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Collection

from . import (
    assemble,
    config_guard,
    contacts,
    hand_written,
    newsletter,
    opendata,
    parallel,
    published_image,
    published_pdf,
    site_contacts,
    site_links,
    territory,
    urls,
)
from .body import ParsedBody, parse_body
from .catalogue import (
    ACTIONS_DIR,
    EVENTS_FILE,
    HISTORY_FILE,
    LETTERS_DIR,
    MINUTES_DIR,
    PARTNERS_FILE,
    REFERENTIAL_FILE,
    RENAMES_FILE,
    TERRITORY_FILE,
    letter_paths,
    parse,
    read,
    source_paths,
    stem,
    unread_files,
)
from .model import (
    DEFAULT_TIME_ZONE,
    FuzzyDate,
    ActionSheet,
    Commitment,
    Decision,
    Event,
    HandWrittenPage,
    HistoryEntry,
    KeyFigures,
    LetterNote,
    Meeting,
    RENAMED_KINDS,
    Referential,
    SismEdition,
    Rename,
    Site,
    Structure,
    Territory,
    WrittenLink,
    months_text,
)
from .output_paths import windows_refusal
from .problems import ContentError, Problem, Suggestions, suggest
from .schema import (
    ACTION,
    EVENT,
    EVENTS,
    HISTORY,
    HISTORY_ENTRY,
    ID_PATTERN,
    SISM_EDITION,
    INVALID,
    KEY_FIGURES,
    LETTER,
    LETTER_PERIODS,
    PUBLIC_CONTACTS,
    Text,
    MEETING,
    PARTNERS,
    REFERENTIAL,
    RENAMES,
    YEARS,
    Checker,
    Record,
    Reference,
    label,
)
from .sources import LoadError, SourceDocument
from .text import fold, key as comparison_key

_MINUTES_NAME = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.md$")
r"""ASCII digits only: ``\d`` would take « ٢٠٢١ » (Arabic-Indic digits), which ``int`` reads as 2021."""
_ACTION_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.md$")

_KIND_NAMES = {
    "structure": "structure inconnue",
    "action": "fiche action inconnue",
    "meeting": "compte rendu inconnu",
    "thematique": "thématique inconnue",
    "instance": "instance inconnue",
    "secteur": "secteur inconnu",
    "axe": "axe inconnu",
    "statut": "statut inconnu",
    "commitment": "engagement inconnu",
    "sism": "édition des SISM non déclarée",
}
_DRAFT_NAMES = {"action": "la fiche action", "meeting": "le compte rendu"}
_LISTED = {"axe": "les axes", "statut": "les statuts"}
"""Short vocabularies whose every value an unknown one's message names."""
_NONE_DECLARED = {
    "structure": f"{PARTNERS_FILE} ne déclare encore aucune structure : ajoutez-la dans « structures »",
    "thematique": f"{REFERENTIAL_FILE} ne déclare encore aucune thématique : ajoutez-la dans « thematiques »",
    "secteur": f"{REFERENTIAL_FILE} ne déclare encore aucun secteur : ajoutez-le dans « secteurs »",
    "instance": f"{REFERENTIAL_FILE} ne déclare encore aucune instance : ajoutez-la dans « instances »",
    "axe": f"{REFERENTIAL_FILE} ne déclare encore aucun axe : ajoutez-le dans « axes »",
}
"""What an unknown value's message says when its vocabulary is empty, as in a new site (the starter
declares no thématique, no secteur, no structure): where to declare it, rather than nothing."""


_Place = Callable[[int], tuple[int, str]]
"""For a line of a body that is not a file's own text (a PDF's pages, joined), the line to report
and where the text is, as a message names it (« la page 2 »)."""


@dataclass
class _Collected:
    """What pass 1 learned: the checked items, the ids they define, the references they make."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    references: list[tuple[Reference, bool]] = field(default_factory=list)
    """Each reference, with whether it comes from a draft (drafts may point at drafts)."""
    defined: dict[str, Collection[str]] = field(default_factory=dict)
    """By kind, the known ids."""
    names: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    """By kind, each id's names an unknown value may be taken from (« copil » for « Comité de
    pilotage (COPIL) »): the referential's vocabularies and the structures."""
    drafts: dict[str, set[str]] = field(default_factory=lambda: {"action": set(), "meeting": set()})
    links: list[WrittenLink] = field(default_factory=list)
    """The links to this site of the published files (a draft's are not)."""
    draft_links: list[WrittenLink] = field(default_factory=list)
    """The links to this site of the drafts: a file of medias/ that only they link to is not published."""

    def absorb(
        self, checker: Checker, draft: bool = False, public: list[str] | None = None, place: _Place | None = None, directory: tuple[str, ...] = ()
    ) -> None:
        """Take what checking one file found; its texts are checked for contacts here, so that no
        kind of file can be left out. ``public``: the file's ``contacts_publics``, if it can have one;
        ``place``: where a line of its body is, if not at that line of the file (a PDF's page);
        ``directory``: the public contacts of partners.yaml, for a file that cannot declare any."""
        _check_contacts(checker, public, place, directory)
        self.problems += checker.problems
        self.warnings += checker.warnings
        self.references += [(reference, draft) for reference in checker.references]
        if draft:
            self.draft_links += checker.links
        else:
            self.links += checker.links

    def __reduce__(self):
        # Sent back by the process that checked a share of the files, once per file: as its fields,
        # the references as plain tuples, rather than as objects and their dictionaries (pickled
        # and made again three times faster).
        references = [(tuple(reference), draft) for reference, draft in self.references]
        links = [tuple(link) for link in self.links]
        return _collected, (self.problems, self.warnings, references, self.defined, self.drafts, links, [tuple(link) for link in self.draft_links])

    def merge(self, other: _Collected) -> None:
        """Add what another process learned from its share of the files (see ``_check_files``)."""
        self.problems += other.problems
        self.warnings += other.warnings
        self.references += other.references
        self.links += other.links
        self.draft_links += other.draft_links
        for kind, ids in other.drafts.items():
            self.drafts[kind] |= ids


def _collected(
    problems: list, warnings: list, references: list[tuple[tuple, bool]], defined: dict, drafts: dict, links: list[tuple], draft_links: list[tuple]
) -> _Collected:
    references = [(Reference(*reference), draft) for reference, draft in references]
    return _Collected(
        problems, warnings, references, defined=defined, drafts=drafts,
        links=[WrittenLink(*link) for link in links], draft_links=[WrittenLink(*link) for link in draft_links],
    )


_Outcome = tuple[Any, _Collected]
"""What pass 1 made of one file: its value (for a minutes or fiche file, its item, None if it has
errors or is a draft), and what was learned about it."""
_Outcomes = dict[str, tuple[tuple, _Outcome]]
"""By path: the key an outcome was made from (a digest of the file's text, what else its check is
given), and the outcome."""


class CheckedFiles:
    """The pass-1 outcome of each file, with the digest of the text it was made from, kept from one
    validation of a project to the next (the preview's rebuilds, and the builds through the
    project's cache: ``project_cache``): a file whose text has not changed is not parsed and checked
    again. The outcome of a file depends on its path and text only, and on what else its check is
    given (the referential's questions for a fiche, today for partners.yaml), which is part of the
    key; pass 2, which checks each file against all the others, runs on every file at every
    validation, and every file is read again at every validation."""

    def __init__(self, outcomes: _Outcomes | None = None) -> None:
        self.outcomes: _Outcomes = outcomes or {}
        self.changed = False
        """Whether the last validation checked a file anew or forgot one: the outcomes differ from the ones it started from."""


@parallel.gc_paused()
def validate(root: Path, today: dt.date, checked: CheckedFiles | None = None, forges: tuple[str, ...] | None = None) -> Site:
    """Load and check everything under ``root``; raise ``ContentError`` with every problem found.

    ``checked``, the outcomes of a previous validation of the same project, spares checking again
    the files that have not changed; it is updated with this validation's outcomes. ``forges``: the
    self-hosted GitLab mkdocs.yml trusts (``config_guard.trusted_forges``), the only one the web
    editor's ``depot: adresse:`` may give; None for a command that publishes no web editor."""
    collected = _Collected()
    # None: nothing is kept, no digest of each text is made (at 5,000 synthetic minutes, 70 ms).
    previous = checked.outcomes if checked is not None else None
    outcomes: _Outcomes = {}

    def file(path: str, check: Callable, default: Any, *extra: Any, read: Callable = _read) -> Any:
        return _take(collected, outcomes, path, *_outcome(root, previous, check, path, extra, default, read))

    referential = file(REFERENTIAL_FILE, _referential, None, forges)
    minutes, actions = source_paths(root)
    partners, *checked_files = _check_files(root, minutes, actions, referential, today, previous)
    # What each file taught is taken in the files' order, the one of the messages and links.
    structures = _take(collected, outcomes, *partners)
    # Optional files; one that is there but not an ordinary file (a link, a pipe) is refused when read.
    events, sism = file(EVENTS_FILE, _events, ([], [])) if os.path.lexists(root / EVENTS_FILE) else ([], [])
    notes = [note for path in letter_paths(root) if (note := file(path, _letter_note, None)) is not None]
    history, key_figures = file(HISTORY_FILE, _history, ([], [])) if os.path.lexists(root / HISTORY_FILE) else ([], [])
    renames = file(RENAMES_FILE, _renames, []) if os.path.lexists(root / RENAMES_FILE) else []
    land = file(TERRITORY_FILE, _territory, None) if os.path.lexists(root / TERRITORY_FILE) else None
    collected.problems += unread_files(root)
    items = [_take(collected, outcomes, *checked) for checked in checked_files]
    meetings, sheets = [m for m in items if isinstance(m, Meeting)], [a for a in items if isinstance(a, ActionSheet)]
    # docs/ and medias/: every entry looked at before any is read, then the pages and texts checked as content.
    pages, texts, published, refused = hand_written.entries(root)
    collected.problems += refused
    hand_pages = [page for path in pages if (page := file(path, _hand_written_page, None)) is not None]
    # A text or a PDF cannot declare « contacts_publics »: those of the annuaire may show there (a flyer).
    directory = site_contacts.directory_contacts(structures or [], referential)
    for path in texts:
        file(path, _text_file, None, directory)
    for path in published:
        if path.lower().endswith(".pdf"):  # its first bytes are a PDF's (hand_written.SIGNATURES)
            file(path, _pdf_file, None, directory, read=_read_pdf)
        else:  # an image's (idem)
            file(path, _image_file, None, directory, read=_read_image)
    if checked is not None:
        checked.changed = outcomes.keys() != previous.keys() or any(outcomes[path][1] is not previous[path][1] for path in outcomes)
        checked.outcomes = outcomes  # the files of this validation only: a removed file is forgotten
    if referential is not None:
        # In the referential's order: the message of an unknown one lists them all.
        collected.defined["axe"] = dict.fromkeys(str(axis.number) for axis in referential.axes).keys()
        collected.defined["statut"] = dict.fromkeys(referential.statuses).keys()
        collected.names["thematique"] = {theme.id: (theme.name,) for theme in referential.themes}
        collected.names["instance"] = {instance.id: (instance.name, instance.singular) for instance in referential.instances}
        collected.names["secteur"] = {sector.id: (sector.name,) for sector in referential.sectors}
    if structures is None:
        # Unreadable (said at its line): its ids are unknown, not absent; no « structure inconnue » at each mention.
        structures = []
    else:
        collected.names["structure"] = {structure.id: (structure.name, structure.acronym or "") for structure in structures}
    for kind, names in collected.names.items():
        collected.defined[kind] = names.keys()
    # Every file defines its id even when it has errors, so one typo is not reported again at each mention.
    collected.defined["meeting"] = {stem(path) for path in minutes} - collected.drafts["meeting"]
    collected.defined["action"] = {stem(path) for path in actions} - collected.drafts["action"]
    collected.defined["commitment"] = {c.anchor for meeting in meetings for c in meeting.commitments}
    collected.defined["sism"] = {str(edition.year) for edition in sism}
    _resolve(collected, _open_commitments(meetings))
    _check_closures(meetings, collected)
    _check_parents(structures, collected)
    _check_renames(renames, collected)
    if referential is not None:
        _check_letter_periods(notes, referential.letter_months, collected)
    if collected.problems:
        raise ContentError(collected.problems)
    assert referential is not None
    return Site(
        referential=referential,
        structures=tuple(structures),
        meetings=tuple(sorted(meetings, key=lambda m: (m.date, m.id))),
        actions=tuple(sorted(sheets, key=lambda a: a.id)),
        today=today,
        events=tuple(sorted(events, key=lambda e: (e.date, e.id))),
        history=tuple(sorted(history, key=lambda h: h.date.sort_key)),
        key_figures=tuple(sorted(key_figures + [_sism_figures(edition) for edition in sism], key=lambda k: k.date.sort_key)),
        sism=tuple(sorted(sism, key=lambda edition: edition.year)),
        letter_notes=tuple(sorted(notes, key=lambda note: note.id)),
        hand_written=tuple(hand_pages),
        # A file only drafts link to is withheld with them (« Drafts appear nowhere »).
        media=site_links.published_media(
            (path for path in published if path.startswith(f"{hand_written.MEDIA_DIR}/")), collected.links, collected.draft_links
        ),
        territory=land,
        warnings=tuple(sorted({*collected.warnings, *_directory_warnings(structures, referential, today)}, key=str)),
        renames=tuple(rename for rename, _ in renames),
        docs_files=tuple(path.split("/", 1)[1] for path in [*texts, *published] if path.startswith(f"{hand_written.DOCS_DIR}/")),
        links=tuple(collected.links),
    )


def _check_files(
    root: Path, minutes: list[str], actions: list[str], referential: Referential | None, today: dt.date, previous: _Outcomes | None
) -> list[tuple[str, tuple | None, _Outcome]]:
    """Pass 1 over partners.yaml, the minutes and the fiches, shared out between the cores for a large
    project: each file is checked on its own. The outcome of each file, in that order, with the key
    it is made from (see ``_outcome``)."""
    # Without a valid referential, the fiches' headings cannot be checked (its problems are reported).
    questions = referential.questions if referential is not None else None
    # partners.yaml, the largest file after the minutes (600 Ko at 5,000 synthetic minutes, a tenth
    # of a second), is checked with them: the other process starts that much earlier.
    files = [(_structures, PARTNERS_FILE, (today,))]
    files += [(_meeting, path, ()) for path in minutes] + [(_action, path, (questions,)) for path in actions]
    work = functools.partial(_check_share, root, previous)
    # Starting from previous outcomes, few files are checked again: forking and sending the outcomes
    # back would cost more than the checks (at 5,000 minutes, 2.4 s instead of 0.6 s).
    # The other process's outcomes (13 MB at 5,000 minutes) cost it about a tenth of its checking
    # to send, and this one to read: this one checks more of the files. The time of a check is
    # nearly proportional to the file's size, and the fiches, listed last, are shorter than
    # minutes: the files are shared out by size (at 5,000 synthetic minutes, −9 % of the time).
    shares = [work(files)] if previous else parallel.in_shares(work, files, sending=0.1, weight=functools.partial(_size, root))
    return [checked for share in shares for checked in share]


def _size(root: Path, file: tuple[Callable, str, tuple]) -> int:
    """About what checking ``file`` costs (the time is nearly proportional to the size): its size
    in bytes, plus a little for any file (an empty one, one that cannot be read, a link)."""
    try:
        return os.lstat(os.path.join(root, file[1])).st_size + 256
    except OSError:
        return 256


def _check_share(root: Path, previous: _Outcomes | None, files: list[tuple[Callable, str, tuple]]) -> list[tuple[str, tuple | None, _Outcome]]:
    """The outcome of each of some minutes, fiches and partners.yaml, with the key it is made from (see ``_outcome``)."""
    return [(path, *_outcome(root, previous, check, path, extra)) for check, path, extra in files]


def _outcome(
    root: Path, previous: _Outcomes | None, check: Callable, path: str, extra: tuple, default: Any = None, read: Callable | None = None
) -> tuple[tuple | None, _Outcome]:
    """The outcome of ``check(path, text, *extra, collected)`` on the file ``path``, and the key it is
    made from (None when the file cannot be read, or ``previous`` is None: nothing to keep); the one
    in ``previous`` if it was made from the same key. The file is read every time, so that one made
    unreadable is reported. ``read``: how the file is read (``_read`` for a text; ``_read_pdf`` and ``_read_image`` give bytes)."""
    collected = _Collected()
    text = _guarded(path, collected, None, read or _read, root, path)
    if text is None:
        return None, (default, collected)
    key = None
    if previous is not None:
        content = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
        key = (hashlib.blake2b(content, digest_size=16).digest(), extra)
        if path in previous and previous[path][0] == key:
            return key, previous[path][1]
    return key, (_guarded(path, collected, default, check, path, text, *extra), collected)


def _take(collected: _Collected, outcomes: _Outcomes, path: str, key: tuple | None, outcome: _Outcome) -> Any:
    """Add what was learned about the file ``path`` to ``collected``, keep its outcome if it has a
    key, and give its value."""
    value, found = outcome
    collected.merge(found)
    if key is not None:
        outcomes[path] = (key, outcome)
    return value


def _read(root: Path, path: str, collected: _Collected) -> str | None:
    return read(root, path, collected.problems)


def _read_bytes(reader: Callable[[Path, str], bytes], root: Path, path: str, collected: _Collected) -> bytes | None:
    """A PDF or an image of docs/ or medias/, read whole by ``reader``, which refuses one too large."""
    try:
        return reader(root, path)
    except LoadError as error:
        collected.problems.append(error.problem)
        return None


_read_pdf = functools.partial(_read_bytes, published_pdf.read)
_read_image = functools.partial(_read_bytes, published_image.read)


def _guarded(path: str, collected: _Collected, default: Any, check: Callable, *args: Any) -> Any:
    """``check(*args, collected)``, the work on the file ``path``, with any failure of the engine
    there (even a RecursionError or a MemoryError) reported at the file, in French, instead of a
    traceback; ``default`` stands for what the work would have returned."""
    try:
        return check(*args, collected)
    except Exception as error:  # noqa: BLE001 — the one place where every failure becomes a message
        collected.problems.append(
            Problem(
                path,
                1,
                f"Relevé n'a pas pu lire ce fichier jusqu'au bout (erreur interne {type(error).__name__}) : "
                "simplifiez la dernière modification et signalez le problème",
            )
        )
        return default


def _unique(items: list[dict], checker: Checker, list_key: str, key: str = "id") -> list[dict]:
    """Keep the first of each id; report the others at their line."""
    seen: dict[Any, int] = {}
    kept = []
    for index, item in enumerate(items):
        value = item.get(key)
        if value is None:
            continue
        if value in seen:
            checker.report((list_key, index, key), f"identifiant « {value} » en double (déjà utilisé à la ligne {seen[value]})")
            continue
        seen[value] = checker.doc.line(list_key, index, key)
        kept.append(item)
    return kept


def _referential(path: str, text: str, forges: tuple[str, ...] | None, collected: _Collected) -> Referential | None:
    doc = parse(path, text, collected.problems, markdown=False)
    if doc is None:
        return None
    checker = Checker(doc)
    data = REFERENTIAL.check(doc.data, checker, ())
    address = data.get("depot", {}).get("adresse") if data is not INVALID else None
    if forges is not None and isinstance(address, str) and (refusal := config_guard.forge_refusal(address, forges)):
        checker.report(("depot", "adresse"), refusal)
    complete = data is not INVALID and {"clsm", "axes", "instances", "thematiques", "secteurs"} <= data.keys()
    time_zone = data.get("clsm", {}).get("fuseau_horaire", DEFAULT_TIME_ZONE) if data is not INVALID else DEFAULT_TIME_ZONE
    if time_zone not in _time_zones():
        checker.report(
            ("clsm", "fuseau_horaire"),
            f"fuseau horaire inconnu : « {time_zone} » (attendu un nom comme Europe/Paris ou America/Cayenne)",
            suggest(time_zone, _time_zones()),
        )
    if complete:
        axes = _unique(data["axes"], checker, "axes", "numero")
        instances = _unique(data["instances"], checker, "instances")
        themes = _unique(data["thematiques"], checker, "thematiques")
        sectors = _unique(data["secteurs"], checker, "secteurs")
        # Each of these ids becomes part of a path (/thematiques/<id>/, agenda/instance-<slug>.ics…).
        for key, items in (("thematiques", themes), ("secteurs", sectors)):
            kept = {id(item) for item in items}
            for index, item in enumerate(data[key]):
                if id(item) in kept and "id" in item:
                    _valid_id(item["id"], checker, (key, index, "id"))
        _distinct_slugs(data["instances"], "id", checker, ("instances",), "l'instance", urls.instance, same_thing=False)
    collected.absorb(checker)
    if not complete or checker.problems:
        return None
    return assemble.referential(data, axes, instances, themes, sectors)


@functools.cache
def _time_zones() -> frozenset[str]:
    # Not zones but the machine's own settings: « localtime » is whatever zone builds the site.
    return frozenset(zoneinfo.available_timezones()) - {"localtime", "posixrules", "Factory"}


def _identified(doc: SourceDocument, record: Record, key: str, required: set[str], checker: Checker, data: Any = None) -> list[tuple[int, dict]]:
    """The complete items of a YAML list, each with a valid id used once, and their index in the
    list; ``data``, the file's values if they are already checked."""
    data = record.check(doc.data, checker, ()) if data is None else data
    listed = [] if data is INVALID else data.get(key, [])
    # By identity: « in » on the list compared dicts one by one (some 20 s for the 28,000 structures of 1 Mo), and
    # took a repeated entry, equal to the one kept, as kept.
    kept = {id(item) for item in _unique(listed, checker, key)}
    return [
        (index, item)
        for index, item in enumerate(listed)
        if id(item) in kept and required <= item.keys() and _valid_id(item["id"], checker, (key, index, "id"))
    ]


NO_SLUG = "il faut au moins une lettre latine (accentuée ou non) ou un chiffre, dont son adresse est faite"
"""Why a value whose slug is empty is refused: an Arabic or Chinese name has letters, none of an address."""


def _valid_id(value: str, checker: Checker, path: tuple) -> bool:
    if ID_PATTERN.match(value):
        if (refusal := windows_refusal(value)) is None:
            return True
        checker.report(path, f"identifiant « {value} » refusé : il nomme un dossier du site, et {refusal}")
        return False
    checker.report(
        path,
        f"identifiant « {value} » invalide : lettres minuscules sans accents, chiffres et tirets",
        urls.slugify(value) or None,
    )
    return False


def _distinct_slugs(
    items: list[dict], key: str, checker: Checker, path: tuple, noun: str, page: Callable[[str], str], same_thing: bool
) -> None:
    """Values published at the address of their slug (instances, types of structure: ``page``
    gives it) must each have a slug of their own: one spelled differently from another with the
    same slug would take its page, and one without a letter or digit would have none.
    ``same_thing``: two spellings with one slug are likely one value (a type) rather than two (instances)."""
    first: dict[str, tuple[str, int]] = {}
    for index, item in enumerate(items):
        value = item.get(key) if isinstance(item, dict) else None
        if not isinstance(value, str):
            continue  # a missing or wrong value is reported by the schema
        value = value.strip()
        slug = urls.slugify(value)
        line = checker.doc.line(*path, index, key)
        if not slug:
            checker.report((*path, index, key), f"{noun} « {value} » est invalide : {NO_SLUG}")
        elif (refusal := windows_refusal(slug)) is not None:
            checker.report((*path, index, key), f"{noun} « {value} » aurait l'adresse /{urls.public(page(slug))}, et {refusal} : écrivez-le autrement")
        elif slug in first and first[slug][0] != value:
            other, other_line = first[slug]
            checker.report(
                (*path, index, key),
                f"{noun} « {value} » aurait la même adresse (/{urls.public(page(slug))}) que « {other} » "
                f"(ligne {other_line}) : "
                + ("écrivez-les de la même façon" if same_thing else "choisissez un autre identifiant"),
                other if same_thing else None,
            )
        else:
            first.setdefault(slug, (value, line))


def _structures(path: str, text: str, today: dt.date, collected: _Collected) -> list[Structure] | None:
    doc = parse(path, text, collected.problems, markdown=False)
    if doc is None:
        return None
    checker = Checker(doc)
    structures = []
    for index, item in _identified(doc, PARTNERS, "structures", {"id", "nom"}, checker):
        if item.get("verifie_le") and item["verifie_le"] > today:
            checker.report(
                ("structures", index, "verifie_le"),
                f"« verifie_le » ({item['verifie_le'].isoformat()}) est dans le futur : nous sommes le {today.isoformat()}",
            )
            continue
        if item.get("coordonnees", {}).get("date", today) > today:
            day = item["coordonnees"]["date"].isoformat()
            checker.report(("structures", index, "coordonnees", "date"), f"« coordonnees.date » ({day}) est dans le futur : nous sommes le {today.isoformat()}")
        structures.append(assemble.structure(item, f"{doc.path}:{doc.line('structures', index)}"))
    if isinstance(doc.data, dict) and isinstance(doc.data.get("structures"), list):
        _distinct_slugs(doc.data["structures"], "type", checker, ("structures",), "le type", urls.directory_type, same_thing=True)
    collected.absorb(checker)
    return structures


def _directory_warnings(structures: list[Structure], referential: Referential, today: dt.date) -> list[Problem]:
    """Entries to verify again, and entries left out of the open data: listed, never blocking."""
    warnings = []
    for structure in structures:
        path, line = structure.source.rsplit(":", 1)
        if structure.needs_verification(today, referential.verification_months):
            warnings.append(
                Problem(
                    path,
                    int(line),
                    f"« {structure.id} » : informations vérifiées le {structure.verified_on.isoformat()}, "
                    f"il y a {months_text(referential.verification_months)} : vérifiez-les et mettez à jour « verifie_le »",
                    severity="warning",
                )
            )
    warnings += [Problem(*where, severity="warning") for where in opendata.unexported(structures)]
    return warnings


def _territory(path: str, text: str, collected: _Collected) -> Territory | None:
    """The optional ``carte/territoire.geojson``: the communes the maps draw."""
    checker = Checker(SourceDocument(path, None, {(): 1}))
    land = territory.parse(checker, text)
    collected.absorb(checker)
    return land


def _events(path: str, text: str, collected: _Collected) -> tuple[list[Event], list[SismEdition]]:
    """The optional ``evenements.yaml``: events of the agenda that are not meetings, and the SISM editions."""
    doc = parse(path, text, collected.problems, markdown=False)
    if doc is None:
        return [], []
    checker = Checker(doc)
    data = EVENTS.check(doc.data, checker, ())
    events = [EVENT.build(item) for _, item in _identified(doc, EVENTS, "evenements", {"id", "titre", "date"}, checker, data)]
    editions, seen = [], {}
    for index, item in enumerate(data.get("sism", ()) if data is not INVALID else ()):
        if not {"annee", "theme"} <= item.keys():
            continue
        if item["annee"] in seen:
            checker.report(("sism", index, "annee"), f"l'édition des SISM {item['annee']} est déjà déclarée à la ligne {seen[item['annee']]}")
            continue
        seen[item["annee"]] = doc.line("sism", index, "annee")
        editions.append(SISM_EDITION.build(item))
    collected.absorb(checker)
    return events, editions


def _sism_figures(edition: SismEdition) -> KeyFigures:
    """An edition's figures among the CLSM's key figures (bilans, avancement), linked to its page."""
    return KeyFigures(FuzzyDate(edition.year), edition.title, edition.figures, edition.text, edition.action, sism=edition.year)


_LETTER_NAME = re.compile(r"^([0-9]{4})-(0[1-9]|1[0-2])\.md$")


def _letter_note(path: str, text: str, collected: _Collected) -> LetterNote | None:
    """An édito of ``lettres/``: named after the first month of its letter, Markdown like a
    compte rendu's text, without decisions or commitments (those are written in the minutes)."""
    doc = parse(path, text, collected.problems, markdown=True)
    if doc is None:
        return None
    checker = Checker(doc)
    data = LETTER.check(doc.data if doc.data is not None else {}, checker, ())
    name = _LETTER_NAME.match(path.rsplit("/", 1)[1])
    if not name:
        checker.report((), f"nom de fichier invalide : attendu {LETTERS_DIR}/AAAA-MM.md, le mois de la lettre (par exemple {LETTERS_DIR}/2022-03.md)")
    elif not YEARS[0] <= int(name.group(1)) <= YEARS[1]:
        # A typo, beyond which the letter's period overflows date arithmetic (« 0000-01 », « 9999-12 »).
        checker.report((), f"nom de fichier invalide : l'année « {name.group(1)} » doit être entre {YEARS[0]} et {YEARS[1]}")
    parsed = _parsed_body(doc, checker)
    for part in parsed.parts:
        if not isinstance(part, str):
            checker.problems.append(
                Problem(doc.path, part.line, "les décisions et engagements s'écrivent dans un compte rendu (minutes/) : la lettre les reprend de là")
            )
    draft = data is not INVALID and data.get("brouillon", False)
    collected.absorb(checker, draft, _public(data))
    if draft or checker.problems:
        return None
    body = "\n".join(part for part in parsed.parts if isinstance(part, str)).strip()
    return LetterNote(id=stem(path), path=path, title=data.get("titre"), body=body, public_contacts=tuple(_public(data)))


def _history(path: str, text: str, collected: _Collected) -> tuple[list[HistoryEntry], list[KeyFigures]]:
    """The optional ``historique.yaml``: dated steps of the CLSM and figures that are not meetings."""
    doc = parse(path, text, collected.problems, markdown=False)
    if doc is None:
        return [], []
    checker = Checker(doc)
    data = HISTORY.check(doc.data, checker, ())
    for index, item in enumerate(data.get("historique", ()) if data is not INVALID else ()):
        if "date" in item and "fin" in item and item["fin"].last_day < item["date"].first_day:
            checker.report(("historique", index, "fin"), f"« fin » ({item['fin'].iso()}) est avant « date » ({item['date'].iso()})")
    collected.absorb(checker)
    if data is INVALID or checker.problems:
        return [], []
    history = [HISTORY_ENTRY.build(item) for item in data.get("historique", ())]
    key_figures = [KEY_FIGURES.build(item) for item in data.get("chiffres", ())]
    return history, key_figures


def _renames(path: str, text: str, collected: _Collected) -> list[tuple[Rename, int]]:
    """The optional ``renommages.yaml`` (``releve renommer``): each rename with its line. The new id
    must exist (pass 2); the old one must not be in use again (``_check_renames``)."""
    doc = parse(path, text, collected.problems, markdown=False)
    if doc is None:
        return []
    checker = Checker(doc)
    data = RENAMES.check(doc.data, checker, ())
    renames = []
    for index, item in enumerate(data.get("renommages", ()) if data is not INVALID else ()):
        if not {"type", "ancien", "nouveau"} <= item.keys():
            continue
        kind = RENAMED_KINDS[item["type"]]
        where = ("renommages", index)
        if kind != "instance" and not _valid_id(item["ancien"], checker, (*where, "ancien")):
            continue
        if not urls.slugify(item["ancien"]):
            checker.report((*where, "ancien"), f"« {item['ancien']} » est invalide : {NO_SLUG}")
            continue
        if (refusal := windows_refusal(urls.slugify(item["ancien"]))) is not None:  # an instance's old address
            checker.report((*where, "ancien"), f"« {item['ancien']} » est refusé : {refusal}")
            continue
        checker.refer(kind, item["nouveau"], (*where, "nouveau"))
        renames.append((Rename(kind, item["ancien"], item["nouveau"]), doc.line(*where, "ancien")))
    collected.absorb(checker)
    return renames


def _check_renames(renames: list[tuple[Rename, int]], collected: _Collected) -> None:
    """An old id whose address is in use again would give it to two items, and so would two renames
    to one address: the rename must go. Compared by address, as an instance's is its id's slug: « COPIL »
    renamed put a redirect at /instances/copil/, over the page of the instance « copil »."""
    in_use = {
        kind: {urls.addresses(kind, item)[0] for item in collected.defined.get(kind, ())} for kind in {rename.kind for rename, _ in renames}
    }
    first: dict[str, str] = {}
    for rename, line in renames:
        address = urls.addresses(rename.kind, rename.old)[0]
        if address in in_use[rename.kind] or rename.old == rename.new:
            message = f"« {rename.old} » est de nouveau un identifiant en usage : retirez ce renommage (ses anciennes adresses sont de nouveau celles de cette page)"
        elif address in first:
            message = f"« {rename.old} » a la même adresse que « {first[address]} », renommé plus haut : gardez un seul de ces deux renommages"
        else:
            first[address] = rename.old
            continue
        collected.problems.append(Problem(RENAMES_FILE, line, message))


def _check_letter_periods(notes: list[LetterNote], months: int, collected: _Collected) -> None:
    """An édito is named after the first month of its letter's period: another month's would be
    published nowhere, without a word (a « trimestrielle » letter has no « 2022-03 »)."""
    period = next(name for name, count in LETTER_PERIODS.items() if count == months)
    named = {note.id for note in notes}
    for note in notes:
        if newsletter.period_of(note.id, months) is None:
            month, _ = newsletter.period_of(note.id, 1)  # a named month is a monthly letter's period
            first = newsletter.letter_id(month, months)
            # Renamed onto an édito already there, one of the two texts would be lost: they are joined.
            target = f"{LETTERS_DIR}/{first}.md"
            what = f"{target} existe déjà, réunissez-y ce texte" if first in named else f"renommez-le {target}"
            collected.problems.append(
                Problem(
                    note.path,
                    1,
                    f"la lettre est {period} (« lettre » de {REFERENTIAL_FILE}) : l'édito porte le nom du premier mois "
                    f"de sa période ; {what}",
                )
            )


def _check_owners(commitments: tuple[Commitment, ...], participants: list[dict], checker: Checker) -> None:
    """The person named in ``!!! engagement`` must be one of the meeting's participants."""
    names = [p["nom"] for p in participants if "nom" in p]
    known = {fold(name) for name in names}
    for commitment in commitments:
        if commitment.person and fold(commitment.person) not in known:
            checker.problems.append(
                Problem(
                    checker.doc.path,
                    commitment.line,
                    f"« !!! engagement » : « {commitment.person} » ne figure pas parmi les participants de la réunion",
                    suggest(commitment.person, names),
                )
            )


def _check_next_date(doc: SourceDocument, data: dict, collected: _Collected) -> None:
    """A next meeting on or before its own meeting is most likely a slip of the source document."""
    following = data.get("prochaine_reunion") or {}
    if "date" in data and "date" in following and following["date"] <= data["date"]:
        when = "le jour même de" if following["date"] == data["date"] else "avant"
        collected.warnings.append(
            Problem(
                doc.path,
                doc.line("prochaine_reunion", "date"),
                f"la prochaine réunion ({following['date'].isoformat()}) est datée {when} cette réunion "
                f"({data['date'].isoformat()}) : vérifiez la date",
                severity="warning",
            )
        )


def _check_approval(data: dict, checker: Checker) -> None:
    """Minutes are approved on or after their meeting, by a later meeting; « projet » has neither."""
    approval = data.get("approbation")
    if not approval or "date" not in data:
        return
    if approval.get("etat") == "projet" and ({"date", "reunion", "instance"} & approval.keys()):
        checker.report(("approbation", "etat"), "« approbation » : un projet n'a ni date ni réunion d'approbation ; écrivez « etat: approuvé » ou retirez-les")
    if "date" in approval and approval["date"] < data["date"]:
        checker.report(
            ("approbation", "date"),
            f"« approbation.date » ({approval['date'].isoformat()}) est avant la réunion elle-même ({data['date'].isoformat()})",
        )
    by = approval.get("reunion")
    if by and _MINUTES_NAME.match(f"{by}.md") and by[:10] <= data["date"].isoformat():
        checker.report(("approbation", "reunion"), f"« approbation.reunion » : la réunion « {by} » n'a pas lieu après celle-ci ({data['date'].isoformat()})")


_BODY_NAMES = {MINUTES_DIR: "le compte rendu", ACTIONS_DIR: "la fiche action"}


def _check_contacts(checker: Checker, public: list[str] | None, place: _Place | None = None, directory: tuple[str, ...] = ()) -> None:
    """A person's e-mail or phone never reaches the site: every text of the file (the body, and
    each field value but those the schema declares as public contacts) is searched, unless the
    coordinator declares the contact public in ``contacts_publics`` (``public``). ``place``: where
    a line of the body is, if not at that line of the file."""
    doc = checker.doc
    allowed = {contacts.contact_key(contact) for contact in (*(public or ()), *directory)}
    # The body as Markdown will show it (markup, entities and soft line breaks), the file's name as
    # its page's address shows it: the check of the written site (site_contacts) finds the rest.
    body_name = _BODY_NAMES.get(doc.path.split("/", 1)[0], "le texte")
    found = []
    for line, contact in contacts.find_in_markdown(doc.body, doc.body_line):
        at, where = place(line) if place else (line, body_name)
        found.append((at, contact, where))
    found += [(1, contact, "le nom du fichier") for _, contact in contacts.find_contacts(doc.path.rsplit("/", 1)[-1].removesuffix(".md"))]
    texts = checker.texts
    for index, contact in contacts.find_in_texts([text for _, text in texts]):
        path = texts[index][0]
        found.append((doc.line(*path), contact, f"« {label(path)} »"))
    if public is not None:
        advice = " ; si c'est le contact public d'une structure, ajoutez-le à « contacts_publics »"
    elif directory:
        advice = " ; si c'est le contact public d'une structure, écrivez-le dans sa fiche de partners.yaml (« telephone », « courriel »)"
    else:
        advice = ""
    for line, contact, where in found:
        if contacts.contact_key(contact) not in allowed:
            checker.problems.append(
                Problem(
                    doc.path,
                    line,
                    f"{contacts.kind(contact)} « {contact} » dans {where} : retirez ce contact s'il est celui d'une personne{advice}",
                )
            )


def _public(data: Any) -> list[str]:
    """The contacts a meeting or a fiche declares public (none when its front matter is wrong)."""
    return [] if data is INVALID else data.get("contacts_publics", [])


_WRITTEN_DATE = re.compile(r"^\d{1,4}[-_. ]\d{1,2}[-_. ]\d{1,4}(?:[-_. ]+|$)")


def _file_name(path: str, day: dt.date | None = None) -> str | None:
    """The name a badly named file should have (« minutes/2026-03-12-copil.md » for « minutes/12-03-2026
    COPIL.md »): its words as a slug, after the meeting's date; None when no name can be told."""
    folder, name = path.rsplit("/", 1)
    words = urls.slugify(_WRITTEN_DATE.sub("", name.removesuffix(".md")))
    if not words or (folder == MINUTES_DIR and day is None):
        return None
    return f"{folder}/{day.isoformat()}-{words}.md" if day else f"{folder}/{words}.md"


_WORD_BULLETS = "•●▪◦‣∙"
_WORD_BULLET = re.compile(rf" {{0,3}}([{_WORD_BULLETS}])\s")
"""A bullet pasted from Word, at a line's start: Markdown sees a line of text, joined to its neighbours in one paragraph."""
_BULLET_LINES_SHOWN = 10
"""The lines of such bullets a warning names (a pasted list can be long)."""
_LEVEL_ONE = re.compile(r" {0,3}#(?:[ \t\n]|\Z)")
"""A heading of level 1 at a line's start, « # Titre »: the page of a compte rendu, a fiche or a lettre has its own."""
_NEXT_LEVEL_ONE = re.compile(r"\n" + _LEVEL_ONE.pattern)
"""The same after a line break: searched for a literal, where « ^ » in multiline mode tries every position."""


def _lines_outside_code(doc: SourceDocument, parsed: ParsedBody, pattern: re.Pattern) -> list[tuple[int, re.Match]]:
    """The lines of ``doc``'s text that start with ``pattern``, outside code (``ParsedBody.code``),
    with their line in the file."""
    return [(doc.body_line + index, found) for index, line in enumerate(doc.body.split("\n")) if index not in parsed.code and (found := pattern.match(line))]


def _parsed_body(doc: SourceDocument, checker: Checker, titled: bool = True) -> ParsedBody:
    """The text of a Markdown file, parsed; a list pasted from Word, whose bullets Markdown does not
    read, is a warning at its first line (outside code, shown as written); so is a heading of level 1
    in a text whose page is titled by the engine (``titled``), a second « h1 » on the page."""
    parsed = parse_body(doc.body, doc.body_line, checker)
    body = doc.body
    if titled and (_LEVEL_ONE.match(body) or _NEXT_LEVEL_ONE.search(body)) and (headings := _lines_outside_code(doc, parsed, _LEVEL_ONE)):
        checker.warnings.append(
            Problem(
                doc.path,
                headings[0][0],
                "« # » fait un titre de niveau 1 : la page en a déjà un, son titre, et les lecteurs d'écran en "
                "annonceraient deux ; écrivez « ## » pour une partie du texte (« ### » pour une sous-partie)",
                severity="warning",
            )
        )
    # « in » first, at memory speed: few texts hold a bullet.
    if any(bullet in body for bullet in _WORD_BULLETS) and (bullets := _lines_outside_code(doc, parsed, _WORD_BULLET)):
        shown = ", ".join(str(number) for number, _ in bullets[:_BULLET_LINES_SHOWN]) + (" …" if len(bullets) > _BULLET_LINES_SHOWN else "")
        where = f" (lignes {shown})" if len(bullets) > 1 else ""
        checker.warnings.append(
            Problem(
                doc.path,
                bullets[0][0],
                f"« {bullets[0][1][1]} » en début de ligne{where} ne fait pas une liste sur le site, où le texte se suit en un seul paragraphe : "
                "écrivez « - » (un tiret et une espace) à la place de la puce",
                severity="warning",
            )
        )
    return parsed


def _meeting(path: str, text: str, collected: _Collected) -> Meeting | None:
    doc = parse(path, text, collected.problems, markdown=True)
    if doc is None:
        return None
    checker = Checker(doc)
    data = MEETING.check(doc.data, checker, ())
    name = _MINUTES_NAME.match(path.rsplit("/", 1)[1])
    if not name:
        day = data.get("date") if data is not INVALID else None
        checker.report(
            (), "nom de fichier invalide : attendu minutes/AAAA-MM-JJ-titre-court.md (minuscules, chiffres, tirets)", _file_name(path, day)
        )
    elif data is not INVALID and "date" in data and data["date"].isoformat() != "-".join(name.groups()):
        checker.report(
            ("date",),
            f"la date « {data['date'].isoformat()} » ne correspond pas à celle du nom du fichier "
            f"« {'-'.join(name.groups())} »",
        )
    parsed = _parsed_body(doc, checker)
    if data is not INVALID:
        _check_next_date(doc, data, collected)
        _check_owners(parsed.commitments, data.get("participants", []), checker)
        _check_approval(data, checker)
    draft = data is not INVALID and data.get("brouillon", False)
    if draft:
        collected.drafts["meeting"].add(stem(path))
    collected.absorb(checker, draft, _public(data))
    if draft or checker.problems:
        return None
    return assemble.meeting(path, data, parsed)


@functools.lru_cache(maxsize=1024)  # the same titles in every fiche
def _question_key(title: str) -> str:
    return fold(title).rstrip(" ?").strip()


def _action(path: str, text: str, questions: tuple[tuple[str, str], ...] | None, collected: _Collected) -> ActionSheet | None:
    doc = parse(path, text, collected.problems, markdown=True)
    if doc is None:
        return None
    checker = Checker(doc)
    data = ACTION.check(doc.data, checker, ())
    if not _ACTION_NAME.match(path.rsplit("/", 1)[1]):
        checker.report((), "nom de fichier invalide : attendu actions/titre-court.md (minuscules, chiffres, tirets)", _file_name(path))
    elif (refusal := windows_refusal(stem(path))) is not None:
        checker.report((), f"nom de fichier refusé : {refusal} ; renommez-le")
    if data is not INVALID and "debut" in data and "fin" in data and data["fin"].last_day < data["debut"].first_day:
        checker.report(("fin",), f"« fin » ({data['fin'].iso()}) est avant « debut » ({data['debut'].iso()})")
    answers, extra = _answers(doc, checker, questions)
    draft = data is not INVALID and data.get("brouillon", False)
    if draft:
        collected.drafts["action"].add(stem(path))
    collected.absorb(checker, draft, _public(data))
    if draft or checker.problems:
        return None
    return assemble.action(path, data, answers, extra)


def _answers(doc: SourceDocument, checker: Checker, questions: tuple[tuple[str, str], ...] | None) -> tuple[list[str], str]:
    """Cut a fiche's body at its ``##`` headings (as the fence-aware parse found them) into the
    answers to the referential's questions; an unknown heading is a typo to report."""
    parsed = _parsed_body(doc, checker)
    for part in parsed.parts:
        if not isinstance(part, str):
            kind = {Decision: "decision", Commitment: "engagement"}.get(type(part), "fait")
            checker.problems.append(
                Problem(
                    doc.path,
                    part.line,
                    f"« !!! {kind} » s'écrit dans un compte rendu (minutes/), pas dans une fiche action : "
                    "la fiche le montrera depuis la réunion qui la mentionne",
                )
            )
    if questions is None:
        return [], ""
    index_of = {_question_key(question): index for index, (question, _) in enumerate(questions)}
    answers = [""] * len(questions)
    bounds = [*parsed.section_parts, len(parsed.parts)]
    for section, start, end in zip(parsed.sections, bounds, bounds[1:]):
        index = index_of.get(_question_key(section.title))
        if index is None:
            checker.problems.append(
                Problem(
                    doc.path,
                    section.line,
                    f"la section « {section.title} » n'est pas l'une des questions d'une fiche action "
                    "(« questions » de referentiel.yaml)",
                    suggest(section.title, [question for question, _ in questions]),
                )
            )
            continue
        text = "\n".join(part for part in parsed.parts[start:end] if isinstance(part, str))
        answer = text.split("\n", 1)[1].strip() if "\n" in text else ""  # without its heading line
        answers[index] = f"{answers[index]}\n\n{answer}".strip()  # a question written twice keeps both
    intro = parsed.parts[: bounds[0]]
    return answers, "\n".join(part for part in intro if isinstance(part, str)).strip()


def _hand_written_page(path: str, text: str, collected: _Collected) -> HandWrittenPage | None:
    """A page of docs/: content like a body (its links, images, nesting, brackets, raw HTML shown as
    text, contacts), with a front matter of ``title`` and ``contacts_publics`` only, read as MkDocs
    reads it."""
    try:
        doc = hand_written.page_document(path, text)
    except LoadError as error:
        collected.problems.append(error.problem)
        return None
    checker = Checker(doc)
    as_yaml = hand_written.has_yaml_front_matter(text)
    for key in doc.data:
        if key not in hand_written.FRONT_MATTER_KEYS:
            checker.report((key,), hand_written.meta_problem(key, as_yaml), suggest(key, hand_written.FRONT_MATTER_KEYS))
    title = Text().check(doc.data["title"], checker, ("title",)) if "title" in doc.data else None
    public = PUBLIC_CONTACTS.check(doc.data.get("contacts_publics"), checker, ("contacts_publics",))
    public = [] if public is INVALID else public
    parsed = _parsed_body(doc, checker, titled=False)  # a page of docs/ is titled by its own « # »
    for part in parsed.parts:
        if not isinstance(part, str):
            checker.problems.append(
                Problem(path, part.line, "les décisions, engagements et « !!! fait » s'écrivent dans un compte rendu (minutes/), pas dans une page de docs/")
            )
    collected.absorb(checker, public=public)
    if checker.problems:
        return None
    return HandWrittenPage(path.split("/", 1)[1], "\n".join(parsed.parts), title, tuple(public))


def _text_file(path: str, text: str, directory: tuple[str, ...], collected: _Collected) -> None:
    """A text file of docs/, published as it is: read as every source is (size, encoding, line
    endings), and its text checked for contacts (those of the annuaire, ``directory``, allowed)."""
    collected.absorb(Checker(SourceDocument(path, {}, {(): 1}, text, 1)), directory=directory)


def _pdf_file(path: str, data: bytes, directory: tuple[str, ...], collected: _Collected) -> None:
    """A PDF of docs/ or medias/, published as it is: refused if it cannot be read, is encrypted or
    carries what a viewer would run (``published_pdf``); else its text checked for contacts as a
    text file's is, each contact named by its page."""
    try:
        reading = published_pdf.text(data)
    except published_pdf.Refused as refusal:
        collected.problems.append(Problem(path, 1, str(refusal)))
        return
    # Each page's text, then a page's text as placed where it shows a contact that its text as drawn
    # does not (a number drawn out of order), then the other texts; joined into one body,
    # a blank line between two (no contact read across them), the first line of each naming a
    # contact's page.
    sections = [(f"la page {number}", page) for number, page in enumerate(reading.pages, 1)]
    for number, (drawn, placed) in enumerate(zip(reading.pages, reading.placed), 1):
        if unseen := _unseen(drawn, placed):
            sections.append((f"la page {number}", unseen))
    sections.append((published_pdf.OTHER_TEXTS, reading.others))
    starts, line = [], 1
    for _, section in sections:
        starts.append(line)
        line += section.count("\n") + 2

    def place(line: int) -> tuple[int, str]:
        return 1, sections[bisect.bisect_right(starts, line) - 1][0]

    body = "\n\n".join(section for _, section in sections)
    collected.absorb(Checker(SourceDocument(path, {}, {(): 1}, body, 1)), place=place, directory=directory)


def _image_file(path: str, data: bytes, directory: tuple[str, ...], collected: _Collected) -> None:
    """An image of docs/ or medias/, published as it is: its name and the texts a viewer shows as its
    properties (``published_image``) checked for contacts as a text file's are; refused if its
    metadata cannot be read, or if it is not the image its first bytes announce."""
    try:
        published_image.check_header(data)
        texts = published_image.texts(data)
    except published_pdf.Refused as refusal:
        collected.problems.append(Problem(path, 1, str(refusal)))
        return
    # A blank line between two texts: no contact read across them.
    document = SourceDocument(path, {}, {(): 1}, "\n\n".join(texts), 1)
    collected.absorb(Checker(document), place=lambda line: (1, published_image.WHERE), directory=directory)


def _unseen(drawn: str, placed: str) -> str:
    """A page's text as placed (``published_pdf.Reading.placed``) if it shows a contact that its text
    as drawn does not, neither as it is nor within a longer one (an address glued to the word before
    it where a narrow gap shows); else nothing, so that a contact is not named twice, spaced twice."""
    if placed == drawn:
        return ""
    found = [contacts.contact_key(contact) for _, contact in contacts.find_in_markdown(placed, 1)]
    if not found:  # most pages: the text as drawn, which the page's own section checks, is not searched here
        return ""
    shown = {contacts.contact_key(contact) for _, contact in contacts.find_in_markdown(drawn, 1)}
    return placed if any(not any(key in other or other in key for other in shown) for key in found) else ""


def _open_commitments(meetings: list[Meeting]) -> Callable[[str], list[str]]:
    """For a file closing an unknown commitment, the ids it most likely meant: the open commitments
    made in that file or owned by a structure present at that meeting. Suggesting any other id
    would invite closing an unrelated commitment, a silent error."""

    @functools.cache
    def known() -> tuple[set[str], dict[str, set[str]]]:
        # The closed commitments and each meeting's structures, gathered at the first unknown
        # commitment: most validations have none.
        closed = {closure.commitment for meeting in meetings for closure in meeting.closures}
        return closed, {meeting.path: {s for p in meeting.participants for s in p.structures} for meeting in meetings}

    def candidates(path: str) -> list[str]:
        closed, present = known()
        structures = present.get(path, set())
        return [
            c.anchor
            for meeting in meetings
            for c in meeting.commitments
            if c.anchor not in closed and (meeting.path == path or c.structure in structures)
        ]

    return candidates


class _Named:
    """The one id of a vocabulary whose name holds an unknown value as whole words, compared without
    case or accents: « copil » for the instance « comite-pilotage » named « Comité de pilotage
    (COPIL) », an id renamed while its name stayed. Each vocabulary's names are split once, and
    indexed by word: only the names holding the value's rarest word are read, at most ``_READ`` of
    them (thousands of unknown values against thousands of names were read pairwise)."""

    _READ = 64
    """Beyond, the value's words are too common for one name to be the hint."""

    def __init__(self, names: dict[str, dict[str, tuple[str, ...]]]) -> None:
        self._names = names
        self._indexes: dict[str, tuple[list[tuple[str, str]], dict[str, list[int]]]] = {}
        self._found: dict[tuple[str, str], str | None] = {}

    def __call__(self, kind: str, value: str) -> str | None:
        known = self._names.get(kind)
        if known is None:  # a vocabulary of ids without names
            return None
        wanted = comparison_key(value)
        if (kind, wanted) not in self._found:
            self._found[kind, wanted] = self._search(kind, known, wanted) if wanted else None
        return self._found[kind, wanted]

    def _search(self, kind: str, known: dict[str, tuple[str, ...]], wanted: str) -> str | None:
        if kind not in self._indexes:
            keyed = [(id_, f" {comparison_key(name)} ") for id_, names in known.items() for name in names if name]
            by_word: dict[str, list[int]] = {}
            for index, (_, words) in enumerate(keyed):
                for word in set(words.split()):
                    by_word.setdefault(word, []).append(index)
            self._indexes[kind] = keyed, by_word
        keyed, by_word = self._indexes[kind]
        holding = min((by_word.get(word, []) for word in wanted.split()), key=len)
        if len(holding) > self._READ:
            return None
        found = {keyed[index][0] for index in holding if f" {wanted} " in keyed[index][1]}
        return found.pop() if len(found) == 1 else None


def _resolve(collected: _Collected, open_commitments: Callable[[str], list[str]]) -> None:
    """Pass 2: every mentioned id must exist; a published page must not point at a draft."""
    near = Suggestions()  # a meeting deleted under three hundred texts breaks all their links
    named = _Named(collected.names)
    for reference, from_draft in collected.references:
        known = collected.defined.get(reference.kind)
        if known is None or reference.value in known:
            continue
        drafts = collected.drafts.get(reference.kind, set())
        if reference.value in drafts:
            if not from_draft:
                collected.problems.append(
                    Problem(
                        reference.path,
                        reference.line,
                        f"{_DRAFT_NAMES[reference.kind]} « {reference.value} » est un brouillon : "
                        "une page publiée ne peut pas y renvoyer",
                    )
                )
            continue
        message = f"{_KIND_NAMES[reference.kind]} : « {reference.value} »"
        if reference.kind == "commitment":
            candidates = open_commitments(reference.path)
            # All share « engagement- », eleven of their nineteen characters: at the usual cutoff any
            # id looked near any other. At this one, six of the eight hashed ones must match: a typo.
            hint = near(reference.value, candidates, cutoff=0.85)
            if not hint and candidates:
                message += " ; engagements ouverts de cette réunion ou de ses structures : " + ", ".join(candidates[:5])
        else:
            hint = near(reference.value, known) or named(reference.kind, reference.value)
        if reference.kind == "action" and not hint:
            # Most likely a fiche deleted: kept with an ending status, its meetings keep their link.
            statuses = list(collected.defined.get("statut", ()))
            ended = "abandonnée" if "abandonnée" in statuses else (statuses[-1] if statuses else "abandonnée")
            message += (
                f" ; si la fiche a été supprimée, remettez plutôt son fichier dans {ACTIONS_DIR}/ avec « statut: {ended} » : "
                "les comptes rendus qui la citent gardent leur lien et son histoire reste lisible"
            )
        if not known and reference.kind in _NONE_DECLARED:
            message += f" ; {_NONE_DECLARED[reference.kind]}"
        elif reference.kind in _LISTED:
            message += f" ; {REFERENTIAL_FILE} déclare {_LISTED[reference.kind]} " + ", ".join(f"« {value} »" for value in known)
        if reference.kind == "axe" and known:  # the nearest number: « 4 » for « 5 »
            hint = min(known, key=lambda number: abs(int(number) - int(reference.value)))
        collected.problems.append(Problem(reference.path, reference.line, message, hint))


def _check_closures(meetings: list[Meeting], collected: _Collected) -> None:
    """A ``!!! fait`` closes a commitment made before it: earlier in the same file, or in a meeting
    held the same day or before. Placed before, it would close nothing on the follow-up page."""
    made: dict[str, list[tuple[dt.date, str, int]]] = {}
    for meeting in meetings:
        for commitment in meeting.commitments:
            made.setdefault(commitment.anchor, []).append((meeting.date, meeting.path, commitment.line))
    for meeting in meetings:
        for closure in meeting.closures:
            places = made.get(closure.commitment)
            if not places:
                continue  # an unknown id is reported by _resolve
            if not any(day < meeting.date or (day == meeting.date and (path != meeting.path or line < closure.line)) for day, path, line in places):
                day, path, line = places[0]
                collected.problems.append(
                    Problem(
                        meeting.path,
                        closure.line,
                        f"« !!! fait {closure.commitment} » est placé avant l'engagement qu'il clôt ({path}:{line}, "
                        f"réunion du {day.isoformat()}) : écrivez-le dans le compte rendu d'une réunion qui suit l'engagement",
                    )
                )


def _check_parents(structures: list[Structure], collected: _Collected) -> None:
    """Each structure whose chain of « parent » runs into a loop is reported. Each chain is walked
    once: what is known of a structure is kept for every structure below it (walking each one to
    its top took some 20 s more on a chain of 28,000)."""
    parents = {s.id: s.parent for s in structures}
    loops: dict[str, bool] = {}
    for structure in structures:
        walked: list[str] = []
        on_walk: set[str] = set()
        current: str | None = structure.id
        while current in parents and current not in loops and current not in on_walk:
            walked.append(current)
            on_walk.add(current)
            current = parents[current]
        ends_in_loop = current in on_walk or loops.get(current, False)
        loops.update(dict.fromkeys(walked, ends_in_loop))
    for structure in structures:
        if loops[structure.id]:
            path, line = structure.source.rsplit(":", 1)
            collected.problems.append(Problem(path, int(line), f"« parent » de « {structure.id} » forme une boucle"))
