"""The pages and files a coordinator writes by hand: ``docs/`` and the web editor's ``medias/``.

They are content like the minutes: MkDocs would publish ``docs/`` as it is, front matter, raw HTML,
scripts and links to anywhere included. Every entry of both folders is looked at here, before
anything reads one: a symbolic link or a special file (a named pipe, a device) is refused, and so
is every file whose type is not on the allow-list. The pages of ``docs/`` then go through the
checks of a body (``validate``), with a front matter of ``title`` only, as MkDocs reads it.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

from .catalogue import MEDIA_DIR
from .output_paths import windows_refusal
from .problems import Problem, invisible_character
from .sources import KeyPath, LoadError, SourceDocument, not_ordinary, parse_yaml, special_kind, symbolic_link

DOCS_DIR = "docs"
PAGE_SUFFIX = ".md"
TEXT_SUFFIXES = (".txt",)
"""Text files published as they are, after the checks of a text (size, encoding, contacts)."""
SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
    ".pdf": (b"%PDF-",),
}
"""The images and documents published as they are, with the bytes each type starts with: a page
renamed « photo.png » is not one. A PDF is then read whole by the validation (``published_pdf``):
its text is checked for contacts, and one that carries a script is refused."""
_ACTIVE = {
    ".html": "une page HTML",
    ".htm": "une page HTML",
    ".xhtml": "une page HTML",
    ".shtml": "une page HTML",
    ".js": "un script",
    ".mjs": "un script",
    ".css": "une feuille de style",
    ".xml": "un fichier XML",
    ".xsl": "un fichier XML",
    ".svg": "une image SVG",
    ".svgz": "une image SVG",
}
"""What a browser runs or styles with when opened from the site: it would share the address of the
web editor (/admin/), and could read its sign-in from the browser's storage."""
_OTHER_MARKDOWN = (".markdown", ".mdown", ".mkdn", ".mkd", ".mdwn", ".mdtxt", ".mdtext")
"""Read by MkDocs as pages too, but never by the engine's checks: renamed to « .md »."""
ENGINE_FOLDERS = ("admin", "assets", "javascripts", "stylesheets", "pagefind", "search")
"""The folders of the written site that are the web editor's, the theme's and the search's: the last
check of a build (``site_contacts``) does not read them again, so no page of docs/ is published there."""
FRONT_MATTER_KEYS = ("title", "contacts_publics")
"""What a page of docs/ may set: its title, and the structures' contacts its text may publish (read
by the checks only). Every other key is the engine's (``releve_jsonld``, ``recherche``) or the
theme's (``description``, ``author``, ``hide``…), which print it in the page as it is."""

_NOT_UTF8 = re.compile("[\udc80-\udcff]")
"""A byte of a file's name that is not UTF-8, as Python reads it (« \\udce9 » for the byte E9 of a
name written in Latin-1 by another system)."""


# The front matter as MkDocs reads it (mkdocs.utils.meta.get_data): a YAML block between « --- »
# lines (closed by « --- » or « ... »), or else « Clé: valeur » lines at the top of the page.
_YAML_BLOCK = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE = re.compile(r"^(?:[ ]{4}|\t)(\s*)(?P<value>.*)")


def accepted_types(folder: str) -> str:
    suffixes = ([PAGE_SUFFIX, *TEXT_SUFFIXES] if folder == DOCS_DIR else []) + list(SIGNATURES)
    return ", ".join(suffixes)


def entries(root: Path) -> tuple[list[str], list[str], list[str], list[Problem]]:
    """The pages and the text files of ``docs/``, the published files of ``docs/`` and ``medias/``
    (images and PDF, their first bytes checked; a PDF's content is the validation's), as paths relative to ``root``, and a problem for
    each entry refused. Nothing is followed or opened but an ordinary file; hidden entries
    (« .gitkeep ») are not published by MkDocs and are passed over, unless they are links or
    special files, refused wherever they are."""
    pages: list[str] = []
    texts: list[str] = []
    files: list[str] = []
    problems: list[Problem] = []
    for top in (DOCS_DIR, MEDIA_DIR):
        folder = root / top
        if os.path.islink(folder):
            problems.append(symbolic_link(top))
            continue
        if not os.path.lexists(folder):
            continue
        if (kind := special_kind(os.lstat(folder).st_mode)) is not None and kind != "un dossier":
            problems.append(not_ordinary(top, kind))
            continue
        if not folder.is_dir():
            problems.append(Problem(top, 1, f"« {top} » doit être un dossier"))
            continue
        pending = [top]
        while pending:
            current = pending.pop()
            with os.scandir(root / current) as listing:
                found = sorted(listing, key=lambda entry: entry.name)
            for entry in found:
                relpath = f"{current}/{entry.name}"
                mode = entry.stat(follow_symlinks=False).st_mode
                hidden = entry.name.startswith(".")
                if _NOT_UTF8.search(entry.name):
                    # MkDocs stopped on it, in English (« 'utf-8' codec can't encode character »).
                    problems.append(Problem(relpath, 1, f"le nom « {relpath} » n'est pas écrit en UTF-8 (copié d'un autre système ?) : renommez-le"))
                elif (refusal := windows_refusal(entry.name)) is not None:
                    problems.append(Problem(relpath, 1, f"le nom « {relpath} » ne convient pas : {refusal} ; renommez-le"))
                elif stat.S_ISLNK(mode):
                    problems.append(symbolic_link(relpath))
                elif stat.S_ISDIR(mode):
                    if not hidden:
                        pending.append(relpath)
                elif (kind := special_kind(mode)) is not None:
                    problems.append(not_ordinary(relpath, kind))
                elif not hidden:
                    _sort(root, top, relpath, pages, texts, files, problems)
    return sorted(pages), sorted(texts), sorted(files), problems


def _sort(root: Path, top: str, relpath: str, pages: list[str], texts: list[str], files: list[str], problems: list[Problem]) -> None:
    suffix = os.path.splitext(relpath)[1].lower()
    if (invisible := invisible_character(relpath)) is not None:  # a name becomes the file's address
        problems.append(Problem(relpath, 1, f"le nom « {relpath} » contient un {invisible} : renommez le fichier"))
    elif top == DOCS_DIR and suffix == PAGE_SUFFIX and relpath.endswith(PAGE_SUFFIX):
        folder = relpath.split("/")[1].removesuffix(PAGE_SUFFIX)  # of its address: « docs/assets.md » is assets/index.html
        if folder in ENGINE_FOLDERS:
            where, fix = (f"à l'adresse /{folder}/", "renommez-la") if relpath.count("/") == 1 else (f"dans {DOCS_DIR}/{folder}/", f"déplacez-la ailleurs dans {DOCS_DIR}/")
            problems.append(
                Problem(relpath, 1, f"une page ne se publie pas {where}, le dossier des fichiers du thème et du moteur, "
                        f"que la vérification du site écrit ne relit pas : {fix}")
            )
        else:
            pages.append(relpath)
    elif top == DOCS_DIR and suffix in TEXT_SUFFIXES:
        texts.append(relpath)
    elif suffix in SIGNATURES:
        if _starts_as(root / relpath, suffix):
            files.append(relpath)
        else:
            problems.append(
                Problem(relpath, 1, f"« {relpath} » ne contient pas une image ou un document {suffix[1:].upper()} : "
                        "enregistrez-le à nouveau dans ce format, ou retirez-le")
            )
    else:
        problems.append(Problem(relpath, 1, _refusal(relpath, top, suffix)))


def _refusal(relpath: str, top: str, suffix: str) -> str:
    accepted = accepted_types(top)
    if suffix in _ACTIVE:
        return (
            f"« {relpath} » est {_ACTIVE[suffix]} : le site n'en publie aucun, car le navigateur l'exécuterait à "
            f"l'adresse du site, où l'éditeur en ligne garde sa connexion ; fichiers acceptés : {accepted}"
        )
    if suffix in _OTHER_MARKDOWN or suffix == PAGE_SUFFIX:
        return f"« {relpath} » : une page s'écrit dans un fichier « .md » (en minuscules) de {DOCS_DIR}/ ; renommez-le"
    return f"« {relpath} » : type de fichier non publié ; fichiers acceptés dans {top}/ : {accepted}"


def _starts_as(path: Path, suffix: str) -> bool:
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as file:
        head = file.read(16)
    if suffix == ".webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    return head.startswith(SIGNATURES[suffix])


def has_yaml_front_matter(text: str) -> bool:
    return _YAML_BLOCK.match(text) is not None


def page_document(relpath: str, text: str) -> SourceDocument:
    """A page of docs/ as MkDocs splits it: its front matter (``data``, which may be empty) and its
    body. A YAML front matter is read as every YAML of the content is (no alias, bounded nesting).
    Line ends as MkDocs reads them: a page saved by Notepad (CRLF) lost its title, its front matter
    shown as text."""
    text = text.replace("\r\n", "\n")
    block = _YAML_BLOCK.match(text)
    if block:
        data, lines = parse_yaml(block.group(1), relpath, first_line=2)
        if data is not None and not isinstance(data, dict):
            raise LoadError(Problem(relpath, 2, "l'en-tête YAML doit être une suite de clés « clé: valeur »"))
        body_start = block.end()
        while body_start < len(text) and text[body_start] == "\n":  # MkDocs strips the blank lines after it
            body_start += 1
        return SourceDocument(relpath, data or {}, lines, text[body_start:], text.count("\n", 0, body_start) + 1)
    data, lines, consumed = _multimarkdown_meta(text)
    return SourceDocument(relpath, data, lines, text[consumed:], text.count("\n", 0, consumed) + 1)


def _multimarkdown_meta(text: str) -> tuple[dict[str, Any], dict[KeyPath, int], int]:
    """The « Clé: valeur » lines MkDocs reads as metadata at the top of a page without « --- »,
    their lines, and the length of text they take (with the blank line that ends them)."""
    data: dict[str, Any] = {}
    lines: dict[KeyPath, int] = {(): 1}
    key = None
    consumed = 0
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip() == "":
            if data:
                consumed += len(line) + 1
            break
        if (meta := _META_LINE.match(line)) is not None:
            key = meta.group("key").lower().strip()
            data[key] = f"{data[key]} {meta.group('value').strip()}" if key in data else meta.group("value").strip()
            lines.setdefault((key,), number)
        elif key is not None and (more := _META_MORE.match(line)) is not None:
            data[key] += " " + more.group("value").strip()
        else:
            break
        consumed += len(line) + 1
    return data, lines, min(consumed, len(text))


def meta_problem(key: str, written_as_yaml: bool) -> str:
    if written_as_yaml:
        return (
            f"clé « {key} » refusée dans l'en-tête d'une page de {DOCS_DIR}/ : seules « title » et « contacts_publics » y sont acceptées "
            "(les autres sont réservées au moteur et au thème, qui les afficheraient telles quelles)"
        )
    return (
        f"cette ligne serait lue par MkDocs comme une métadonnée « {key} » et n'apparaîtrait pas sur la page : "
        "commencez la page par son titre (« # Titre ») ou par une ligne vide"
    )
