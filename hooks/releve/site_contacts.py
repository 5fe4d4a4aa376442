"""No personal contact in the written site, as its reader sees it: the last check of a build.

The validation reads the sources; Markdown and the browser make more of them (entities decoded,
markup joined, soft line breaks, file names turned into addresses, fields put side by side).
So once the site is written, the text a reader sees of every page, feed, calendar and open-data
file, and every address, goes through the detector of ``contacts``. The public contacts of the
structures and of the CLSM, and those a file declares in ``contacts_publics``, are allowed as the
reader sees them (one key each: E.164 for a phone). Each contact found is reported at the line
of the source that wrote it, found by searching the sources for its digits or its parts.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

import phonenumbers

from . import contacts, urls
from .catalogue import ACTIONS_DIR, EVENTS_FILE, HISTORY_FILE, LETTERS_DIR, MINUTES_DIR, PARTNERS_FILE, REFERENTIAL_FILE
from .hand_written import DOCS_DIR, ENGINE_FOLDERS
from .problems import Problem

if TYPE_CHECKING:
    from .link import LinkedSite
    from .model import Referential, Structure

_SKIPPED = tuple(f"{folder}/" for folder in ENGINE_FOLDERS)
"""Folders of the written site that no content page reaches (``hand_written`` refuses one there): the
web editor's files, the theme's assets, the search index (made from the pages, which are checked)."""
_MACHINE_PROPERTIES = frozenset(
    "BEGIN END VERSION PRODID CALSCALE METHOD UID DTSTAMP DTSTART DTEND DUE CREATED LAST-MODIFIED SEQUENCE "
    "TZID TZNAME TZOFFSETFROM TZOFFSETTO RDATE RRULE EXDATE STATUS TRANSP CLASS X-WR-TIMEZONE "
    "X-PUBLISHED-TTL REFRESH-INTERVAL".split()
)
"""The properties of a calendar that no calendar application shows (identifiers, dates, time zones)."""
_UNFOLD = re.compile(r"(?:\r\n|\n)[ \t]")
"""A folded line's break (two literals: the regex engine skips to them, a calendar is long)."""
_ICS_ESCAPE = re.compile(r"\\([\\;,nN])")
_DIGITS = re.compile(r"\D+")
_FEED_IDS = re.compile(r"<id>[^<]*</id>")
"""An entry's identifier, which no feed reader shows."""


Found = tuple[str, str, str]
"""A contact seen in the written site: its key, the output where it was seen, how it reads there."""


def _entries(folder: str | Path, prefix: str = "", prune: tuple[str, ...] = ()) -> Iterator[tuple[str, os.DirEntry]]:
    """Every file and folder under ``folder``, as its site path and its directory entry (one listing
    per folder, no ``stat`` but where asked: a preview's rebuild lists thousands of files for a few
    written), leaving out what is inside the folders whose path + « / » is in ``prune``."""
    with os.scandir(folder) as entries:
        for entry in entries:
            relpath = prefix + entry.name
            yield relpath, entry
            if entry.is_dir(follow_symlinks=False) and relpath + "/" not in prune:
                yield from _entries(entry.path, relpath + "/", prune)


def published(site_dir: Path, since_ns: int | None = None) -> list[str]:
    """The outputs of ``site_dir`` a reader opens, as site paths (with ``since_ns``, only those
    written since then: a preview rebuild rewrites a few), in the order of their folders and names."""
    found = []
    for relpath, entry in _entries(site_dir, prune=_SKIPPED):
        if os.path.splitext(entry.name)[1] not in _READERS or relpath == "sitemap.xml" or not entry.is_file():
            continue
        if since_ns is None or entry.stat().st_mtime_ns >= since_ns:
            found.append(relpath)
    return sorted(found, key=lambda relpath: relpath.split("/"))


def seen_in(relpath: str, text: str) -> list[Found]:
    """Every contact a reader sees in the output ``relpath`` whose text is ``text``."""
    return [(contact.key, relpath, contact.text) for contact in contacts.scan(_READERS[os.path.splitext(relpath)[1]](text))]


def seen_in_names(site_dir: Path, prune: tuple[str, ...] = ()) -> list[Found]:
    """Every contact a reader sees in the site's addresses (each folder and file name, as a line),
    but under the folders of ``prune`` (site paths ending in « / »)."""
    names = {entry.name for _, entry in _entries(site_dir, prune=prune)}
    return [(contact.key, "", contact.text) for contact in contacts.scan(contacts.plain_text("\n".join(sorted(names))))]


def problems(found: Iterable[Found], linked: LinkedSite, root: Path, docs_dir: Path | None = None) -> list[Problem]:
    """A problem for each personal contact ``found`` in the site (the public ones allowed), at the
    source lines of the project ``root`` that wrote it (all at once; empty when there is none)."""
    allowed = public_keys(linked)
    seen: dict[str, tuple[str, str]] = {}
    """By key, the first contact not allowed: the output where it was seen, and how it reads there."""
    for key, relpath, shown in sorted(found, key=lambda item: (item[1] == "", item[1])):
        if key not in allowed and key not in seen:
            seen[key] = (relpath, shown)
    if not seen:
        return []
    sources = _Sources(Path(root), Path(docs_dir) if docs_dir else Path(root) / DOCS_DIR, linked)
    reported = []
    for key, (relpath, shown) in seen.items():
        owner = sources.owner(relpath)
        where = sources.locate(key, owner)
        output = relpath or "dans l'adresse d'une page"
        kind = contacts.kind(shown)
        published = "publiée" if "@" in shown else "publié"  # « adresse électronique », « numéro de téléphone », as ``contacts.kind``
        for path, line in where or [(owner or REFERENTIAL_FILE, 1)]:
            reported.append(
                Problem(
                    path,
                    line,
                    f"{kind} « {shown} » {published} sur le site ({output}) : retirez ce contact s'il est celui "
                    "d'une personne, sous quelque forme qu'il soit écrit (balises, entités, caractères invisibles, nom de fichier) ; "
                    "si c'est le contact public d'une structure, ajoutez-le à « contacts_publics »",
                )
            )
    return sorted(set(reported))


def directory_contacts(structures: Iterable[Structure], referential: Referential | None) -> tuple[str, ...]:
    """The public contacts partners.yaml and referentiel.yaml give: each structure's phone and
    e-mail, the CLSM's contact and its accessibility contact (the footer shows the one, the
    declaration the other, when both are given)."""
    found = {contact for structure in structures for contact in (structure.phone, structure.email) if contact}
    if referential is not None:
        found.update(contact for contact in (referential.contact, referential.accessibility_contact) if contact)
    return tuple(sorted(found))


def public_keys(linked: LinkedSite) -> set[str]:
    """The keys of every contact the site may publish: the annuaire's (``directory_contacts``, a
    phone as the site displays it too, and what a SIRET or FINESS would be read as), the
    ``contacts_publics`` of the minutes, fiches, éditos and pages of docs/."""
    site = linked.site
    texts = [*directory_contacts(site.structures, site.referential)]
    texts += [contacts.display_phone(s.phone) for s in site.structures if s.phone]
    texts += [value for s in site.structures for value in (s.siret, s.finess) if value]
    texts += [contact for item in (*site.meetings, *site.actions, *site.letter_notes, *site.hand_written) for contact in item.public_contacts]
    keys = {contact.key for text in texts for contact in contacts.find(text)}
    return keys | {contacts.contact_key(text) for text in texts}


# --- What a reader sees of each output ---------------------------------------------------------


def page_text(page: str) -> str:
    """The visible text of a page made from content: its title, its description (which a search
    result or a shared link shows) and its article. The rest of a page is the theme's (header,
    menus, footer), where content reaches only as a page's title, which the title and the article
    show too; a page without an article is read whole, its description with it."""
    start, end = page.find("<article"), page.rfind("</article>")
    head_end = page.find("</head>")
    head = page[:head_end] if head_end != -1 else page
    title_start = head.find("<title>")
    title = head[title_start : head.find("</title>", title_start)] if title_start != -1 else ""
    said = "\n".join(_DESCRIPTIONS.findall(head))
    return contacts.visible_text(f"{title}\n{said}\n{page[start:end]}" if start != -1 and end > start else f"{said}\n{page}")


_DESCRIPTIONS = re.compile(r'<meta (?:name|property)="(?:description|og:title|og:description)" content="([^"]*)"')
"""The description and Open Graph texts of a page's head (theme/main.html), as written (escaped)."""


def feed_text(feed: str) -> str:
    """An Atom feed's text; an entry's content of type ``html`` is HTML written as text."""
    text = contacts.visible_text(_FEED_IDS.sub("", feed))
    return contacts.visible_text(text) if 'type="html"' in feed else text


def calendar_text(calendar: str) -> str:
    """A calendar's text as an application shows it: each property's value but those of machines."""
    values = []
    for line in _UNFOLD.sub("", calendar).splitlines():
        name, _, value = line.partition(":")
        if name.split(";", 1)[0].upper() not in _MACHINE_PROPERTIES:
            values.append(value)
    # Unescaped once for all the values: the line break that joins two is no escaped character.
    return contacts.plain_text(_ICS_ESCAPE.sub(lambda match: "\n" if match.group(1) in "nN" else match.group(1), "\n".join(values)))


def json_text(document: str) -> str:
    """Every string of a JSON document, one per line (the keys are the format's, not content)."""
    try:
        value = json.loads(document)
    except ValueError:
        return contacts.plain_text(document)
    return contacts.plain_text("\n".join(_strings(value)))


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def csv_text(table: str) -> str:
    """Every cell of a CSV file, one per line."""
    return contacts.plain_text("\n".join(cell for row in csv.reader(io.StringIO(table)) for cell in row))


_READERS = {".html": page_text, ".xml": feed_text, ".ics": calendar_text, ".json": json_text, ".csv": csv_text}


# --- Back to the sources -----------------------------------------------------------------------


class _Sources:
    """The content files of a project, read only when a contact must be found in them."""

    def __init__(self, root: Path, docs: Path, linked: LinkedSite) -> None:
        self.root, self.docs = root, docs
        site = linked.site
        owners = {urls.meeting(m.id): m.path for m in site.meetings} | {urls.action(a.id): a.path for a in site.actions}
        owners |= {urls.letter(note.id): note.path for note in site.letter_notes}
        self.owners = {urls.public(uri) + "index.html": path for uri, path in owners.items()}
        self.structures = {urls.public(urls.structure(s.id)) + "index.html": s.source for s in site.structures}
        self._texts: dict[str, str] | None = None

    def owner(self, relpath: str) -> str | None:
        """The source file of a page: its meeting, fiche, édito, structure or page of ``docs/``."""
        if relpath in self.owners:
            return self.owners[relpath]
        if relpath in self.structures:
            return self.structures[relpath].rsplit(":", 1)[0]
        if relpath.endswith(".html"):
            for candidate in _docs_sources(relpath):
                if (self.docs / candidate).is_file():
                    return (self.docs / candidate).relative_to(self.root).as_posix() if self.docs.is_relative_to(self.root) else candidate
        return None

    def texts(self) -> dict[str, str]:
        """Every content file by path, the owners' first (in the order messages list them)."""
        if self._texts is None:
            paths = [path for folder in (MINUTES_DIR, ACTIONS_DIR, LETTERS_DIR) for path in sorted((self.root / folder).glob("*.md"))]
            paths += sorted(self.docs.rglob("*.md")) if self.docs.is_dir() else []
            paths += [self.root / name for name in (PARTNERS_FILE, EVENTS_FILE, HISTORY_FILE, REFERENTIAL_FILE)]
            self._texts = {}
            for path in paths:
                if path.is_file() and not path.is_symlink():
                    name = path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else path.name
                    self._texts[name] = path.read_text(encoding="utf-8", errors="replace")
        return self._texts

    def locate(self, key: str, owner: str | None) -> list[tuple[str, int]]:
        """Where the sources write a contact: its owner's line if the owner has it, else every file's."""
        texts = self.texts()
        ordered = ([owner] if owner in texts else []) + [path for path in texts if path != owner]
        found = []
        for path in ordered:
            line = _line_of(key, path, texts[path])
            if line is not None:
                found.append((path, line))
                if path == owner:
                    break
        return found


def _docs_sources(relpath: str) -> Iterable[str]:
    """The pages of ``docs/`` that MkDocs publishes at ``relpath`` (``a/index.html``: a.md or a/index.md)."""
    if relpath == "index.html":
        return ("index.md", "README.md")
    if relpath.endswith("/index.html"):
        folder = relpath[: -len("/index.html")]
        return (f"{folder}.md", f"{folder}/index.md", f"{folder}/README.md")
    return (relpath[:-5] + ".md",)


def _line_of(key: str, path: str, text: str) -> int | None:
    """The line of ``text`` (or 1 for its file name) that writes the contact of ``key``: found by the
    detector as Markdown shows it, else by its digits (a phone) or its two parts (an address) on one
    line or two that follow each other, whatever markup, entities or invisible characters cut them."""
    for line, contact in contacts.find_in_markdown(text):
        if contacts.contact_key(contact) == key:
            return line
    lines = contacts.markdown_text(text).split("\n")
    if "@" in key:
        local, _, domain = key.partition("@")
        parts = (local, domain.split(".", 1)[0])
        line = _window([re.sub(r"\s+", "", line).casefold() for line in lines], lambda joined: all(part in joined for part in parts), 2)
        return line or (1 if all(part in path.casefold() for part in parts) else None)
    digits = str(phonenumbers.parse(key, None).national_number)
    line = _window([_DIGITS.sub("", line) for line in lines], lambda joined: digits in joined, 3)
    return line or (1 if digits in _DIGITS.sub("", path) else None)


def _window(lines: list[str], holds, size: int) -> int | None:
    """The first line of the first ``size`` lines that, joined, hold the contact (``holds``): the last
    window start that still holds it all, so that the line is where the contact begins."""
    for index in range(len(lines)):
        if holds("".join(lines[index : index + size])):
            while index + 1 < len(lines) and holds("".join(lines[index + 1 : index + 1 + size])):
                index += 1
            return index + 1
    return None
