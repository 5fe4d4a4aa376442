"""Import a Word or LibreOffice minutes document (``.docx``, ``.odt`` or ``.fodt``, or a plain-text export) as a draft minutes file.

Plain Python, no MkDocs. The stages read top to bottom:

    reading     .docx / .odt / .fodt / .txt → lines shaped like Word's plain-text export
    parsing     lines         → ``RawMinutes`` (what the document says, still as text)
    interpret   RawMinutes    → ``Minutes`` (dates, structure ids, visio…) + ``Notice``s
    render      Minutes       → Markdown with YAML front matter (the format of ``minutes/``)

``import_document`` chains them; ``releve importer`` (``commands/importer.py``) is the command-line front end.
"""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

from ..catalogue import MINUTES_DIR, source_paths
from ..contacts import contact_key, redact
from ..sources import LoadError, read_text

from .complete import UnreadableDraft, read_draft
from .dates import find_date, parse_date, parse_time_range
from .directory import Directory, Referential
from .interpret import interpret
from .model import ImportResult, Minutes, Notice, RawMinutes
from .parsing import parse_lines
from .reading import UnreadableDocument, read_document
from .render import file_name, fingerprint, marked, render
from .unknown import partners_block

CONTACT_PLACEHOLDER = "[coordonnées retirées]"

__all__ = [
    "Directory",
    "ImportResult",
    "Minutes",
    "Notice",
    "RawMinutes",
    "Referential",
    "UnreadableDocument",
    "find_date",
    "import_document",
    "parse_date",
    "parse_lines",
    "parse_time_range",
    "read_document",
    "render",
]


def import_document(source: Path, root: Path) -> ImportResult:
    """Read ``source`` and build the draft minutes for the project at ``root`` (nothing is written).

    Raises ``UnreadableDocument`` (with a French message) when the file cannot be read as minutes.
    """
    document = read_document(source)
    lines, removed = remove_contacts(document.lines)
    raw = parse_lines(lines)
    if not raw.looks_like_minutes():
        raise UnreadableDocument(
            f"« {source.name} » ne ressemble pas à un relevé de conclusions ou à un compte rendu : "
            "aucune rubrique DATE/LIEU, PARTICIPANTS, ORDRE DU JOUR ni tableau « Discussion » n'a été trouvée."
        )
    directory = Directory.load(root)
    referential = Referential.load(root)
    minutes, notices = interpret(raw, directory, referential)
    minutes = _redact_texts(minutes, removed)  # the halves of an address on two lines, joined by the parser
    name = file_name(minutes)
    # Without a date, the title alone names the draft: another document's draft may have that name.
    mark = None if minutes.date else fingerprint(document.lines)
    renamed = _marked_draft(root, mark) if mark else None
    if renamed:  # dated and renamed by the coordinator since the import: still this document's draft
        name = renamed
    elif mark and (taken := _undated_name(root, name, mark))[1]:
        name = taken[0]
        notices.append(
            Notice(
                f"Un brouillon sans date du même titre, importé d'un autre document, existe déjà ({', '.join(taken[1])}) : "
                f"ce document a donc le sien, {MINUTES_DIR}/{name} ; renseignez la date de chacun et renommez-les "
                "en AAAA-MM-JJ-titre.md."
            )
        )
    if minutes.date:
        # The same meeting published under another title would be two pages.
        day = f"{minutes.date:%Y-%m-%d}-"
        same_day = [path for path in source_paths(root)[0] if Path(path).name.startswith(day) and Path(path).name != name]
        if same_day:
            notices.append(
                Notice(
                    f"Un compte rendu de la même date existe déjà ({', '.join(same_day)}) : vérifiez qu'il ne s'agit "
                    "pas de la même réunion avant de publier le brouillon.",
                    "date:",
                )
            )
    if document.images:
        notices.append(
            Notice(
                f"Images du document non importées ({document.images}) : le brouillon n'a que le texte ; "
                "ajoutez celles qui sont utiles au lecteur depuis le formulaire /admin/ (elles vont dans medias/)."
            )
        )
    if removed:
        notices.append(
            Notice(
                f"Coordonnées personnelles retirées du brouillon ({len(removed)}), remplacées par « {CONTACT_PLACEHOLDER} » : "
                + ", ".join(removed) + ".",
                CONTACT_PLACEHOLDER,
            )
        )
    return ImportResult(
        minutes=minutes,
        notices=notices,
        markdown=render(minutes, mark),
        file_name=name,
        partners_block=partners_block(minutes.unknown_structures, directory),
        removed_contacts=removed,
        fingerprint=mark,
        renamed=renamed is not None,
    )


def _marked_draft(root: Path, mark: str) -> str | None:
    """The name of the file of minutes/ whose front matter keeps the fingerprint ``mark`` under
    another name than « date-inconnue-… » (``render.marked``), ``None`` if there is none. A file that
    cannot be read is passed over: the verification reports it."""
    for path in source_paths(root)[0]:
        name = Path(path).name
        if name.startswith("date-inconnue-"):
            continue  # ``_undated_name`` reads those, the drafts the import names
        try:
            text = read_text(root, path)
        except (LoadError, OSError):
            continue
        if marked(text) == mark:
            return name
    return None


def _undated_name(root: Path, name: str, mark: str) -> tuple[str, list[str]]:
    """The name of an undated document's draft, and the drafts of other documents passed over: its
    title's (« date-inconnue-titre.md ») or, when that is another document's draft (its fingerprint
    differs), the first of « -2 », « -3 »… that is free or this document's. A file there that cannot
    be read, or without a fingerprint, stops the search: the command says what it is."""
    stem = name.removesuffix(".md")
    passed: list[str] = []
    for candidate in itertools.chain([name], (f"{stem}-{number}.md" for number in itertools.count(2))):
        relative = f"{MINUTES_DIR}/{candidate}"
        if not ((root / relative).exists() or (root / relative).is_symlink()):
            break
        try:
            found = marked(read_draft(root, relative)[0])
        except UnreadableDraft:
            break
        if found in (None, mark):
            break
        passed.append(relative)
    return candidate, passed


def remove_contacts(lines: list[str]) -> tuple[list[str], list[str]]:
    """The lines without their e-mail addresses and phone numbers, and what was removed.

    A draft committed to git is public in the repository even if the site never shows it, so a
    person's contact details never reach the file: the engine's own detector (``releve.contacts``,
    the one ``releve verifier`` runs) finds them, « nom [at] domaine.fr » and the like included."""
    removed: list[str] = []
    return [_redacted(line, removed) for line in lines], removed


def _redacted(text: str, removed: list[str]) -> str:
    text, found = redact(text, CONTACT_PLACEHOLDER)
    for contact in found:
        if contact_key(contact) not in {contact_key(other) for other in removed}:
            removed.append(contact)
    return text.replace(f"mailto:{CONTACT_PLACEHOLDER}", CONTACT_PLACEHOLDER)


def _redact_texts(value, removed: list[str]):
    """Every text of ``value`` (the minutes, their topics, participants…) without contacts."""
    if isinstance(value, str):
        return _redacted(value, removed)
    if isinstance(value, list):
        return [_redact_texts(item, removed) for item in value]
    if dataclasses.is_dataclass(value):
        # A copy: the model's places and participants are frozen.
        return dataclasses.replace(
            value,
            **{f.name: _redact_texts(getattr(value, f.name), removed) for f in dataclasses.fields(value) if f.init},
        )
    return value
