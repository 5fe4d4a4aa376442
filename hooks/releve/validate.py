"""Validate stage: every rule on every file, all problems at once, then the frozen ``Site``.

Pass 1 checks each file against its declared schema (``schema.py``) and collects the ids it
defines and the ids it mentions; pass 2 resolves every mention against every definition, so a
typo anywhere is reported with the nearest existing id.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import multiprocessing
import os
import re
import threading
import zoneinfo
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Collection

from . import contacts, opendata, urls
from .body import parse_body
from .model import (
    DEFAULT_QUESTIONS,
    DEFAULT_STATUSES,
    DEFAULT_TIME_ZONE,
    ActionSheet,
    Address,
    Axis,
    Commitment,
    Decision,
    Event,
    Figure,
    HistoryEntry,
    Instance,
    KeyFigures,
    Meeting,
    Milestone,
    NextMeeting,
    Participant,
    Place,
    Referential,
    Repository,
    Sector,
    Site,
    Structure,
    Theme,
    months_text,
)
from .problems import ContentError, Problem, fold, suggest
from .schema import ACTION, EVENTS, HISTORY, ID_PATTERN, INVALID, MEETING, PARTNERS, REFERENTIAL, Checker, Record, Reference, _label
from .sources import LoadError, SourceDocument, load_markdown_file, load_yaml_file

REFERENTIAL_FILE = "referentiel.yaml"
PARTNERS_FILE = "partners.yaml"
EVENTS_FILE = "evenements.yaml"
"""Optional: events that are not meetings (sessions, forums…), shown in the agenda."""
HISTORY_FILE = "historique.yaml"
"""Optional: the CLSM's history and the figures of activities that are not meetings."""
MINUTES_DIR = "minutes"
ACTIONS_DIR = "actions"
SOURCES = (MINUTES_DIR, ACTIONS_DIR, PARTNERS_FILE, REFERENTIAL_FILE, EVENTS_FILE, HISTORY_FILE)
"""Every file or folder the content is read from (what ``mkdocs serve`` must watch)."""
PARALLEL_FROM = 200
"""From this many minutes and fiches, pass 1 runs on every core (see ``_check_files``)."""

_MINUTES_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.md$")
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
}
_DRAFT_NAMES = {"action": "la fiche action", "meeting": "le compte rendu"}
_LISTED = {"axe": "les axes", "statut": "les statuts"}
"""Short vocabularies whose every value an unknown one's message names."""


@dataclass
class _Collected:
    """What pass 1 learned: the checked items, the ids they define, the references they make."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    references: list[tuple[Reference, bool]] = field(default_factory=list)
    """Each reference, with whether it comes from a draft (drafts may point at drafts)."""
    defined: dict[str, Collection[str]] = field(default_factory=dict)
    drafts: dict[str, set[str]] = field(default_factory=lambda: {"action": set(), "meeting": set()})

    def absorb(self, checker: Checker, draft: bool = False, public: list[str] | None = None) -> None:
        """Take what checking one file found; its texts are checked for contacts here, so that no
        kind of file can be left out. ``public``: the file's ``contacts_publics``, if it can have one."""
        _check_contacts(checker, public)
        self.problems += checker.problems
        self.references += [(reference, draft) for reference in checker.references]

    def merge(self, other: _Collected) -> None:
        """Add what another process learned from its share of the files (see ``_check_files``)."""
        self.problems += other.problems
        self.warnings += other.warnings
        self.references += other.references
        for kind, ids in other.drafts.items():
            self.drafts[kind] |= ids


def source_paths(root: Path) -> tuple[list[str], list[str]]:
    def listing(folder: str) -> list[str]:
        directory = root / folder
        return sorted(f"{folder}/{p.name}" for p in directory.glob("*.md") if not p.is_dir()) if directory.is_dir() else []

    return listing(MINUTES_DIR), listing(ACTIONS_DIR)


def declared_names(root: Path) -> dict[str, dict[str, str]]:
    """Every id the content declares, with its name, by kind (``instance``, ``structure``, ``axe``…).

    Read leniently, without validation: the editor schemas and the ``nouveau`` dialogue must
    still offer the known ids while some file is being fixed.
    """

    def read(path: str) -> Any:
        try:
            return load_yaml_file(root, path).data if (root / path).is_file() else None
        except LoadError:
            return None

    def names(data: Any, list_key: str, id_key: str = "id") -> dict[str, str]:
        items = data.get(list_key) if isinstance(data, dict) else None
        return {
            str(item[id_key]): str(item.get("nom", item[id_key]))
            for item in (items if isinstance(items, list) else [])
            if isinstance(item, dict) and item.get(id_key) is not None
        }

    referential = read(REFERENTIAL_FILE)

    def declared(key: str, default: tuple[str, ...]) -> dict[str, str]:
        items = referential.get(key) if isinstance(referential, dict) else None
        return {str(item): str(item) for item in (items if isinstance(items, list) and items else default)}

    return {
        "statut": declared("statuts", DEFAULT_STATUSES),
        "question": declared("questions", tuple(question for question, _ in DEFAULT_QUESTIONS)),
        "axe": names(referential, "axes", "numero"),
        "instance": names(referential, "instances"),
        "thematique": names(referential, "thematiques"),
        "secteur": names(referential, "secteurs"),
        "structure": names(read(PARTNERS_FILE), "structures"),
        "action": {path.rsplit("/", 1)[1][:-3]: path for path in source_paths(root)[1]},
    }


@contextlib.contextmanager
def _gc_paused():
    """Pause Python's cycle collector: validation keeps every file's objects alive, so each automatic
    collection went through all of them again (a tenth of the time of a large corpus) for no garbage."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@_gc_paused()
def validate(root: Path, today: dt.date) -> Site:
    """Load and check everything under ``root``; raise ``ContentError`` with every problem found."""
    collected = _Collected()
    referential = _guarded(REFERENTIAL_FILE, collected, None, _referential, root)
    structures = _guarded(PARTNERS_FILE, collected, [], _structures, root, today)
    events = _guarded(EVENTS_FILE, collected, [], _events, root)
    history, key_figures = _guarded(HISTORY_FILE, collected, ([], []), _history, root)
    minutes, actions = source_paths(root)
    _check_folders(root, (MINUTES_DIR, ACTIONS_DIR), collected)
    meetings, sheets = _check_files(root, minutes, actions, referential, collected)
    if referential is not None:
        # In the referential's order: the message of an unknown one lists them all.
        collected.defined["axe"] = dict.fromkeys(str(axis.number) for axis in referential.axes).keys()
        collected.defined["statut"] = dict.fromkeys(referential.statuses).keys()
        collected.defined["thematique"] = {theme.id for theme in referential.themes}
        collected.defined["instance"] = {instance.id for instance in referential.instances}
        collected.defined["secteur"] = {sector.id for sector in referential.sectors}
    collected.defined["structure"] = {structure.id for structure in structures}
    # Every file defines its id even when it has errors, so one typo is not reported again at each mention.
    collected.defined["meeting"] = {_stem(path) for path in minutes} - collected.drafts["meeting"]
    collected.defined["action"] = {_stem(path) for path in actions} - collected.drafts["action"]
    collected.defined["commitment"] = {c.anchor for meeting in meetings for c in meeting.commitments}
    _resolve(collected, _open_commitments(meetings))
    _check_closures(meetings, collected)
    _check_parents(structures, collected)
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
        key_figures=tuple(sorted(key_figures, key=lambda k: k.date.sort_key)),
        warnings=tuple(sorted({*collected.warnings, *_directory_warnings(structures, referential, today)}, key=str)),
    )


def _check_files(
    root: Path, minutes: list[str], actions: list[str], referential: Referential | None, collected: _Collected
) -> tuple[list[Meeting], list[ActionSheet]]:
    """Pass 1 over the minutes and fiches, shared out between the cores for a large project.

    Each file is checked on its own, so the files are cut into consecutive shares, one per core
    (this process takes the first), and the shares are put back together in file order: the result
    does not depend on the number of cores. Below PARALLEL_FROM files, starting a process and
    sending its results back would cost more than it saves. Processes are forked, which copies
    this one as it is (no imports to redo), but only from a process without other threads (not
    under ``mkdocs serve``): a fork copies none of them, nor releases the locks they hold.
    """
    # Without a valid referential, the fiches' headings cannot be checked (its problems are reported).
    questions = referential.questions if referential is not None else None
    files = [(_meeting, path) for path in minutes] + [(functools.partial(_action, questions=questions), path) for path in actions]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    if len(files) < PARALLEL_FROM or cores < 2 or not forkable:
        results = [_check_share(root, files)]
    else:
        size = -(-len(files) // cores)  # rounded up: one share per core
        shares = [files[start : start + size] for start in range(0, len(files), size)]
        with ProcessPoolExecutor(len(shares) - 1, mp_context=multiprocessing.get_context("fork")) as pool:
            others = [pool.submit(_check_share, root, share) for share in shares[1:]]
            results = [_check_share(root, shares[0])] + [future.result() for future in others]
    items: list[Meeting | ActionSheet] = []
    for checked, share_collected in results:
        items += checked
        collected.merge(share_collected)
    return [m for m in items if isinstance(m, Meeting)], [a for a in items if isinstance(a, ActionSheet)]


def _check_share(root: Path, files: list[tuple[Callable, str]]) -> tuple[list[Meeting | ActionSheet], _Collected]:
    """Check some minutes and fiches: the published ones, and what was learned about all of them."""
    collected = _Collected()
    checked = [item for item in (_guarded(path, collected, None, check, root, path) for check, path in files) if item is not None]
    return checked, collected


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


def _check_folders(root: Path, folders: tuple[str, ...], collected: _Collected) -> None:
    """A file that is not read must not be left out without a word: a « .MD », a « .docx »,
    a subfolder or a symbolic link in ``minutes/`` or ``actions/`` is an error. Hidden files
    (« .gitkeep », an editor's temporary file) are not content and are passed over."""
    for folder in folders:
        directory = root / folder
        if directory.is_symlink() or not directory.is_dir():
            continue  # a linked folder is refused at each of its files (``sources.read_text``)
        for entry in sorted(directory.iterdir()):
            relpath = f"{folder}/{entry.name}"
            if entry.name.startswith("."):
                continue
            if entry.is_symlink():
                message = (
                    "lien symbolique : remplacez-le par le fichier lui-même "
                    "(un lien pourrait publier un fichier extérieur au projet)"
                )
            elif entry.is_dir():
                message = f"sous-dossier non lu : les fichiers doivent être directement dans {folder}/"
            elif entry.name.endswith(".md"):
                continue
            else:
                message = f"fichier non lu : seuls les fichiers « .md » (en minuscules) de {folder}/ sont lus ; renommez-le ou retirez-le du dossier"
            collected.problems.append(Problem(relpath, 1, message))


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[1][:-3]


def _load(root: Path, path: str, collected: _Collected, markdown: bool) -> SourceDocument | None:
    if not (root / path).is_file():
        collected.problems.append(Problem(path, 1, "fichier introuvable"))
        return None
    try:
        return load_markdown_file(root, path) if markdown else load_yaml_file(root, path)
    except LoadError as error:
        collected.problems.append(error.problem)
        return None


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


def _referential(root: Path, collected: _Collected) -> Referential | None:
    doc = _load(root, REFERENTIAL_FILE, collected, markdown=False)
    if doc is None:
        return None
    checker = Checker(doc)
    data = REFERENTIAL.check(doc.data, checker, ())
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
            for index, item in enumerate(data[key]):
                if item in items and "id" in item:
                    _valid_id(item["id"], checker, (key, index, "id"))
        _distinct_slugs(data["instances"], "id", checker, ("instances",), "l'instance", "/instances/{}/", same_thing=False)
    collected.absorb(checker)
    if not complete or checker.problems:
        return None
    hints = dict(DEFAULT_QUESTIONS)
    return Referential(
        clsm_name=data["clsm"]["nom"],
        clsm_short_name=data["clsm"]["sigle"],
        axes=tuple(Axis(a["numero"], a["nom"], a["description"]) for a in sorted(axes, key=lambda a: a["numero"])),
        instances=tuple(Instance(i["id"], i["nom"], urls.slugify(i["id"]), i.get("singulier") or i["nom"]) for i in instances),
        themes=tuple(Theme(t["id"], t["nom"]) for t in themes),
        sectors=tuple(Sector(s["id"], s["nom"]) for s in sectors),
        presentation=data["clsm"].get("presentation"),
        accessibility_contact=data["clsm"].get("contact_accessibilite"),
        statuses=tuple(data.get("statuts") or DEFAULT_STATUSES),
        # A declared question that is one of the default ten keeps its hint.
        questions=tuple((q, hints.get(q, "")) for q in data["questions"]) if data.get("questions") else DEFAULT_QUESTIONS,
        time_zone=time_zone,
        **_settings(data),
        repository=_repository(data.get("depot")),
    )


def _repository(data: dict | None) -> Repository | None:
    if not data or not {"forge", "projet"} <= data.keys():
        return None
    return Repository(
        forge=data["forge"],
        project=data["projet"],
        branch=data.get("branche", "main"),
        base_url=data.get("adresse"),
        app_id=data.get("application"),
        review=data.get("relecture", False),
    )


def _settings(data: dict) -> dict[str, Any]:
    """The optional settings of ``referentiel.yaml`` that were written; the model's defaults for the others."""
    settings: dict[str, Any] = {}
    if "verification_valable_mois" in data.get("annuaire", {}):
        settings["verification_months"] = data["annuaire"]["verification_valable_mois"]
    licence = data.get("donnees_ouvertes", {})
    if "licence" in licence:
        # Another licence than the default: its link is the one written, if any.
        settings.update(licence=licence["licence"], licence_url=licence.get("lien"))
    elif "lien" in licence:
        settings["licence_url"] = licence["lien"]
    return settings


@functools.cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _identified(doc: SourceDocument, record: Record, key: str, required: set[str], checker: Checker) -> list[tuple[int, dict]]:
    """The complete items of a YAML list, each with a valid id used once, and their index in the list."""
    data = record.check(doc.data, checker, ())
    listed = [] if data is INVALID else data.get(key, [])
    kept = _unique(listed, checker, key)
    return [
        (index, item)
        for index, item in enumerate(listed)
        if item in kept and required <= item.keys() and _valid_id(item["id"], checker, (key, index, "id"))
    ]


def _valid_id(value: str, checker: Checker, path: tuple) -> bool:
    if ID_PATTERN.match(value):
        return True
    checker.report(
        path,
        f"identifiant « {value} » invalide : lettres minuscules sans accents, chiffres et tirets",
        urls.slugify(value) or None,
    )
    return False


def _distinct_slugs(items: list[dict], key: str, checker: Checker, path: tuple, noun: str, address: str, same_thing: bool) -> None:
    """Values published at the address of their slug (instances, types of structure) must each
    have a slug of their own: one spelled differently from another with the same slug would take
    its page, and one without a letter or digit would have none. ``same_thing``: two spellings
    with one slug are likely one value (a type) rather than two (instances)."""
    first: dict[str, tuple[str, int]] = {}
    for index, item in enumerate(items):
        value = item.get(key) if isinstance(item, dict) else None
        if not isinstance(value, str):
            continue  # a missing or wrong value is reported by the schema
        value = value.strip()
        slug = urls.slugify(value)
        line = checker.doc.line(*path, index, key)
        if not slug:
            checker.report((*path, index, key), f"{noun} « {value} » est invalide : il faut au moins une lettre ou un chiffre")
        elif slug in first and first[slug][0] != value:
            other, other_line = first[slug]
            checker.report(
                (*path, index, key),
                f"{noun} « {value} » aurait la même adresse ({address.format(slug)}) que « {other} » "
                f"(ligne {other_line}) : "
                + ("écrivez-les de la même façon" if same_thing else "choisissez un autre identifiant"),
                other if same_thing else None,
            )
        else:
            first.setdefault(slug, (value, line))


def _structures(root: Path, today: dt.date, collected: _Collected) -> list[Structure]:
    doc = _load(root, PARTNERS_FILE, collected, markdown=False)
    if doc is None:
        return []
    checker = Checker(doc)
    structures = []
    for index, item in _identified(doc, PARTNERS, "structures", {"id", "nom"}, checker):
        if item.get("verifie_le") and item["verifie_le"] > today:
            checker.report(
                ("structures", index, "verifie_le"),
                f"« verifie_le » ({item['verifie_le'].isoformat()}) est dans le futur : nous sommes le {today.isoformat()}",
            )
            continue
        address = item.get("adresse")
        structures.append(
            Structure(
                id=item["id"],
                name=item["nom"],
                acronym=item.get("sigle"),
                type=item.get("type"),
                sector=item.get("secteur"),
                parent=item.get("parent"),
                website=item.get("site"),
                description=item.get("description"),
                source=f"{doc.path}:{doc.line('structures', index)}",
                address=Address(**{name: address.get(key) for key, name in _ADDRESS_KEYS.items()}) if address else None,
                phone=item.get("telephone"),
                email=item.get("courriel"),
                opening_hours=item.get("horaires"),
                access=item.get("acces"),
                publics=tuple(item.get("publics", ())),
                territory=item.get("territoire"),
                accessibility=item.get("accessibilite"),
                siret=item.get("siret"),
                finess=item.get("finess"),
                verified_on=item.get("verifie_le"),
                verified_by=item.get("source"),
            )
        )
    if isinstance(doc.data, dict) and isinstance(doc.data.get("structures"), list):
        _distinct_slugs(doc.data["structures"], "type", checker, ("structures",), "le type", "/annuaire/type/{}/", same_thing=True)
    collected.absorb(checker)
    return structures


_ADDRESS_KEYS = {"rue": "street", "complement": "complement", "code_postal": "postcode", "commune": "city"}


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
    warnings += [Problem(*where, severity="warning") for where in opendata.unexported(structures, referential)]
    return warnings


def _events(root: Path, collected: _Collected) -> list[Event]:
    """The optional ``evenements.yaml``: events of the agenda that are not meetings."""
    if not (root / EVENTS_FILE).is_file():
        return []
    doc = _load(root, EVENTS_FILE, collected, markdown=False)
    if doc is None:
        return []
    checker = Checker(doc)
    events = [
        Event(
            id=item["id"],
            title=item["titre"],
            date=item["date"],
            time_range=item.get("horaire"),
            place=_place(item),
            actions=tuple(item.get("actions", ())),
            description=item.get("description"),
        )
        for _, item in _identified(doc, EVENTS, "evenements", {"id", "titre", "date"}, checker)
    ]
    collected.absorb(checker)
    return events


def _filters(item: dict) -> dict[str, Any]:
    """The keys that place a history item under the timeline's axe and thématique filters."""
    return {"action": item.get("action"), "axis": item.get("axe"), "themes": tuple(item.get("thematiques", ()))}


def _history(root: Path, collected: _Collected) -> tuple[list[HistoryEntry], list[KeyFigures]]:
    """The optional ``historique.yaml``: dated steps of the CLSM and figures that are not meetings."""
    if not (root / HISTORY_FILE).is_file():
        return [], []
    doc = _load(root, HISTORY_FILE, collected, markdown=False)
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
    history = [
        HistoryEntry(
            date=item["date"],
            title=item["titre"],
            category=item["categorie"],
            end=item.get("fin"),
            date_text=item.get("quand"),
            instance=item.get("instance"),
            **_filters(item),
        )
        for item in data.get("historique", ())
    ]
    key_figures = [
        KeyFigures(
            date=item["date"],
            title=item["titre"],
            figures=tuple(Figure(v["nombre"], v["libelle"], v.get("note")) for v in item.get("valeurs", ())),
            text=item.get("texte"),
            **_filters(item),
        )
        for item in data.get("chiffres", ())
    ]
    return history, key_figures


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


_BODY_NAMES = {MINUTES_DIR: "le compte rendu", ACTIONS_DIR: "la fiche action"}


def _check_contacts(checker: Checker, public: list[str] | None) -> None:
    """A person's e-mail or phone never reaches the site: every text of the file (the body, and
    each field value but those the schema declares as public contacts) is searched, unless the
    coordinator declares the contact public in ``contacts_publics`` (``public``)."""
    doc = checker.doc
    allowed = {contacts.contact_key(contact) for contact in public or ()}
    found = [(line, contact, _BODY_NAMES.get(doc.path.split("/", 1)[0], "le texte")) for line, contact in contacts.find_contacts(doc.body, doc.body_line)]
    texts = checker.texts
    for index, contact in contacts.find_in_texts([text for _, text in texts]):
        path = texts[index][0]
        found.append((doc.line(*path), contact, f"« {_label(path)} »"))
    advice = " ; si c'est le contact public d'une structure, ajoutez-le à « contacts_publics »" if public is not None else ""
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


def _place(data: dict) -> Place:
    where = data.get("lieu")
    is_structure = where is not None and ID_PATTERN.match(where) is not None
    return Place(
        structure=where if is_structure else None,
        text=None if is_structure else where,
        online=data.get("visio", False),
    )


def _meeting(root: Path, path: str, collected: _Collected) -> Meeting | None:
    doc = _load(root, path, collected, markdown=True)
    if doc is None:
        return None
    checker = Checker(doc)
    data = MEETING.check(doc.data, checker, ())
    name = _MINUTES_NAME.match(path.rsplit("/", 1)[1])
    if not name:
        checker.report((), "nom de fichier invalide : attendu minutes/AAAA-MM-JJ-titre-court.md (minuscules, chiffres, tirets)")
    elif data is not INVALID and "date" in data and data["date"].isoformat() != "-".join(name.groups()):
        checker.report(
            ("date",),
            f"la date « {data['date'].isoformat()} » ne correspond pas à celle du nom du fichier "
            f"« {'-'.join(name.groups())} »",
        )
    parsed = parse_body(doc.body, doc.body_line, checker)
    if data is not INVALID:
        _check_next_date(doc, data, collected)
        _check_owners(parsed.commitments, data.get("participants", []), checker)
    draft = data is not INVALID and data.get("brouillon", False)
    meeting_id = _stem(path)
    if draft:
        collected.drafts["meeting"].add(meeting_id)
    collected.absorb(checker, draft, _public(data))
    if draft or checker.problems:
        return None
    next_data = data.get("prochaine_reunion")
    return Meeting(
        id=meeting_id,
        path=path,
        title=data["titre"],
        kind=data["type"],
        date=data["date"],
        time_range=data.get("horaire"),
        place=_place(data),
        instance=data["instance"],
        themes=tuple(data.get("thematiques", ())),
        agenda=tuple(data.get("ordre_du_jour", ())),
        participants=tuple(
            Participant(
                p.get("nom"), p.get("fonction"), p.get("groupe"), (p.get("structure") or [None])[0], tuple(p.get("structure", ()))
            )
            for p in data.get("participants", ())
        ),
        actions=tuple(data.get("actions", ())),
        next_meeting=None
        if next_data is None
        else NextMeeting(next_data.get("date"), next_data.get("horaire"), _place(next_data), next_data.get("note")),
        body=parsed.parts,
        sections=parsed.sections,
        decisions=parsed.decisions,
        commitments=parsed.commitments,
        closures=parsed.closures,
    )


@functools.lru_cache(maxsize=1024)  # the same titles in every fiche
def _question_key(title: str) -> str:
    return fold(title).rstrip(" ?").strip()


def _action(root: Path, path: str, collected: _Collected, questions: tuple[tuple[str, str], ...] | None) -> ActionSheet | None:
    doc = _load(root, path, collected, markdown=True)
    if doc is None:
        return None
    checker = Checker(doc)
    data = ACTION.check(doc.data, checker, ())
    if not _ACTION_NAME.match(path.rsplit("/", 1)[1]):
        checker.report((), "nom de fichier invalide : attendu actions/titre-court.md (minuscules, chiffres, tirets)")
    if data is not INVALID and "debut" in data and "fin" in data and data["fin"].last_day < data["debut"].first_day:
        checker.report(("fin",), f"« fin » ({data['fin'].iso()}) est avant « debut » ({data['debut'].iso()})")
    answers, extra = _answers(doc, checker, questions)
    draft = data is not INVALID and data.get("brouillon", False)
    action_id = _stem(path)
    if draft:
        collected.drafts["action"].add(action_id)
    collected.absorb(checker, draft, _public(data))
    if draft or checker.problems:
        return None
    return ActionSheet(
        id=action_id,
        path=path,
        title=data["titre"],
        axis=data["axe"],
        themes=tuple(data.get("thematiques", ())),
        status=data["statut"],
        pilots=tuple(data.get("pilotes", ())),
        partners=tuple(data.get("partenaires", ())),
        start=data["debut"],
        end=data.get("fin"),
        milestones=tuple(
            sorted(
                (Milestone(j["date"], j["titre"], j.get("fait", False)) for j in data.get("jalons", ())),
                key=lambda m: m.date.sort_key,
            )
        ),
        answers=tuple(answers),
        extra=extra,
    )


def _answers(doc: SourceDocument, checker: Checker, questions: tuple[tuple[str, str], ...] | None) -> tuple[list[str], str]:
    """Cut a fiche's body at its ``##`` headings (as the fence-aware parse found them) into the
    answers to the referential's questions; an unknown heading is a typo to report."""
    parsed = parse_body(doc.body, doc.body_line, checker)
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


def _open_commitments(meetings: list[Meeting]) -> Callable[[str], list[str]]:
    """For a file closing an unknown commitment, the ids it most likely meant: the open commitments
    made in that file or owned by a structure present at that meeting. Suggesting any other id
    would invite closing an unrelated commitment, a silent error."""
    closed = {closure.commitment for meeting in meetings for closure in meeting.closures}
    present = {
        meeting.path: {s for p in meeting.participants for s in p.structures} for meeting in meetings
    }

    def candidates(path: str) -> list[str]:
        structures = present.get(path, set())
        return [
            c.anchor
            for meeting in meetings
            for c in meeting.commitments
            if c.anchor not in closed and (meeting.path == path or c.structure in structures)
        ]

    return candidates


def _resolve(collected: _Collected, open_commitments: Callable[[str], list[str]] = lambda path: []) -> None:
    """Pass 2: every mentioned id must exist; a published page must not point at a draft."""
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
            hint = suggest(reference.value, candidates)
            if not hint and candidates:
                message += " ; engagements ouverts de cette réunion ou de ses structures : " + ", ".join(candidates[:5])
        else:
            hint = suggest(reference.value, known)
        if reference.kind in _LISTED:
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
    parents = {s.id: s.parent for s in structures}
    for structure in structures:
        seen = {structure.id}
        parent = structure.parent
        while parent in parents:
            if parent in seen:
                path, line = structure.source.rsplit(":", 1)
                collected.problems.append(
                    Problem(path, int(line), f"« parent » de « {structure.id} » forme une boucle")
                )
                break
            seen.add(parent)
            parent = parents[parent]
