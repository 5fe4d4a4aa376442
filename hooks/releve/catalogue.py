"""Where a site's content lives, and what it declares.

The files and folders the content is read from; the reading and parsing of one of them with
its problem reported; the files of ``minutes/`` and ``actions/`` that would not be read; and,
read leniently (without validation), every id the content declares, for the editor schemas, the ``nouveau``
dialogue and the importer, which must still work while some file is being fixed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .model import DEFAULT_QUESTIONS, DEFAULT_STATUSES
from .problems import Problem
from .sources import (
    LoadError,
    SourceDocument,
    load_markdown_file,
    load_yaml_file,
    markdown_document,
    not_ordinary,
    read_text,
    special_kind,
    symbolic_link,
    yaml_document,
)

REFERENTIAL_FILE = "referentiel.yaml"
PARTNERS_FILE = "partners.yaml"
EVENTS_FILE = "evenements.yaml"
"""Optional: events that are not meetings (sessions, forums…), shown in the agenda."""
HISTORY_FILE = "historique.yaml"
"""Optional: the CLSM's history and the figures of activities that are not meetings."""
RENAMES_FILE = "renommages.yaml"
"""Optional, written by ``releve renommer``: the ids renamed, whose old addresses keep answering."""
TERRITORY_FILE = "carte/territoire.geojson"
"""Optional: the outlines of the CLSM's communes, which the maps draw (``territory.py``)."""
MINUTES_DIR = "minutes"
ACTIONS_DIR = "actions"
LETTERS_DIR = "lettres"
"""Optional: the éditos of the lettres d'information, one ``AAAA-MM.md`` per letter."""
MEDIA_DIR = "medias"
"""The web editor's uploads (``media_folder`` of its configuration), published under ``/medias/``."""
SOURCES = (
    MINUTES_DIR, ACTIONS_DIR, PARTNERS_FILE, REFERENTIAL_FILE, EVENTS_FILE, HISTORY_FILE, RENAMES_FILE, TERRITORY_FILE,
    LETTERS_DIR, MEDIA_DIR,
)
"""Every file or folder the content is read from (what ``mkdocs serve`` must watch)."""


def source_paths(root: Path) -> tuple[list[str], list[str]]:
    """The minutes and the fiches actions, as paths relative to ``root``, in file order."""

    return _markdown_files(root, MINUTES_DIR), _markdown_files(root, ACTIONS_DIR)


def letter_paths(root: Path) -> list[str]:
    """The éditos of ``lettres/``, in file order (none without the folder)."""
    return _markdown_files(root, LETTERS_DIR)


def _markdown_files(root: Path, folder: str) -> list[str]:
    """The « .md » of ``folder`` that are not folders (a link to one included), in file order; as
    ``glob("*.md")`` lists them, but without a stat of each file (a tenth of a second at 5,000 files)."""
    directory = root / folder
    if not directory.is_dir():
        return []
    try:
        with os.scandir(directory) as entries:
            return sorted(f"{folder}/{entry.name}" for entry in entries if entry.name.endswith(".md") and not entry.is_dir())
    except PermissionError:  # as glob, which lists nothing there: unread_files then reports the folder
        return []


def stem(path: str) -> str:
    """The id a minutes or fiche file gives its item: its name without ``.md``."""
    return path.rsplit("/", 1)[1][:-3]


_CREATE = {
    PARTNERS_FILE: " : créez-le à la racine du site avec la ligne « structures: », l'annuaire vide pour commencer "
    "(celui d'un site neuf, écrit par « releve creer », en donne le mode d'emploi en commentaires)",
    # Its axes, instances, statuts and questions do not fit in one line: a new site's is copied instead.
    REFERENTIAL_FILE: " : il déclare le CLSM, ses axes, ses instances, ses statuts et les questions des fiches action ; "
    "« releve creer DOSSIER --nom \"…\" » en écrit un dans chaque site neuf : copiez à la racine de ce site "
    "celui d'un site ainsi créé, puis adaptez-le",
}
"""How to create a required file a new site may lack, as its missing file's message says."""


def read(root: Path, path: str, problems: list[Problem]) -> str | None:
    """The text of the file ``path``, or ``None`` with its problem added (missing, a link, a named
    pipe, not UTF-8…)."""
    if not os.path.lexists(os.path.join(root, path)):
        problems.append(Problem(path, 1, "fichier introuvable" + _CREATE.get(path, "")))
        return None
    try:
        return read_text(root, path)
    except LoadError as error:
        problems.append(error.problem)
        return None


def parse(path: str, text: str, problems: list[Problem], markdown: bool) -> SourceDocument | None:
    """The document of the file ``path`` whose text is ``text``, or ``None`` with its problem added."""
    try:
        return markdown_document(path, text) if markdown else yaml_document(path, text)
    except LoadError as error:
        problems.append(error.problem)
        return None


def unread_files(root: Path) -> list[Problem]:
    """A file that is not read must not be left out without a word: a « .MD », a « .docx »,
    a subfolder or a symbolic link in ``minutes/`` or ``actions/`` is an error. Hidden files
    (« .gitkeep », an editor's temporary file) are not content and are passed over."""
    problems = []
    for folder in (MINUTES_DIR, ACTIONS_DIR, LETTERS_DIR):
        directory = root / folder
        if directory.is_symlink() or not directory.is_dir():
            continue  # a linked folder is refused at each of its files (``sources.read_text``)
        with os.scandir(directory) as listed:  # the kind of each entry without a stat, where the system gives it
            entries = sorted(listed, key=lambda entry: entry.name)
        for entry in entries:
            relpath = f"{folder}/{entry.name}"
            if entry.name.startswith(".") or entry.name.endswith(".md") and not entry.is_dir():
                continue  # a « .md » is read, and refused there (once) if it is a link or not an ordinary file
            if entry.is_symlink():
                problems.append(symbolic_link(relpath))
                continue
            if entry.is_dir():
                message = f"sous-dossier non lu : les fichiers doivent être directement dans {folder}/"
            elif (kind := special_kind(entry.stat(follow_symlinks=False).st_mode)) is not None:
                problems.append(not_ordinary(relpath, kind))
                continue
            else:
                message = f"fichier non lu : seuls les fichiers « .md » (en minuscules) de {folder}/ sont lus ; renommez-le ou retirez-le du dossier"
            problems.append(Problem(relpath, 1, message))
    return problems


def read_leniently(root: Path, path: str, markdown: bool = False) -> Any:
    """The YAML data of a file (a Markdown file's front matter), or ``None`` if it is missing or unreadable."""
    try:
        return (load_markdown_file(root, path) if markdown else load_yaml_file(root, path)).data if (root / path).is_file() else None
    except LoadError:
        return None


def declared_names(root: Path) -> dict[str, dict[str, str]]:
    """Every id the content declares, with its name, by kind (``instance``, ``structure``, ``axe``…)."""

    def names(data: Any, list_key: str, id_key: str = "id") -> dict[str, str]:
        items = data.get(list_key) if isinstance(data, dict) else None
        return {
            str(item[id_key]): str(item.get("nom") or item[id_key])
            for item in (items if isinstance(items, list) else [])
            if isinstance(item, dict) and item.get(id_key) is not None
        }

    referential = read_leniently(root, REFERENTIAL_FILE)

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
        "structure": names(read_leniently(root, PARTNERS_FILE), "structures"),
        "action": {stem(path): path for path in source_paths(root)[1]},
    }
