"""The PDFs of ``docs/`` and ``medias/``, published as they are: read before they are.

A PDF is content like a page: the reader's PDF viewer shows its text and runs what it carries. So
each one is opened with pypdf (``text``): refused if pypdf cannot read it, if it is encrypted (its
text could not be checked), or if it carries what a viewer would run or send (JavaScript, the
launch of a program, the sending or import of a form's data), an XFA form (whose scripts are XML
that pypdf does not read) or a file attached to it (not checked); its text, page by page, is then
given to the contact check of a text file (``validate._pdf_file``).

The work is bounded, so that a crafted file cannot hold the build: the file's size, its pages,
the text extracted, the objects walked, and pypdf's own limits on every stream it decodes and
parses; a PDF over a bound is refused, with the bound, rather than published partly checked.
pypdf is imported on the first PDF only: it costs a third of a second, and most sites have none.
"""

from __future__ import annotations

import logging
import time
import warnings
from io import BytesIO
from pathlib import Path

from .problems import Problem
from .sources import LoadError, read_bytes

MAX_BYTES = 20_000_000
"""Largest PDF published (20 Mo): a report with photographs; the whole file is read into memory."""
MAX_PAGES = 200
"""Most pages read: a CLSM's guide or yearly report has fewer; pypdf reads a dense page in about a
tenth of a second, so the largest PDF takes 20 s once (its outcome is then kept, see
``validate.CheckedFiles``). Only the first pages checked would publish the others unchecked."""
MAX_TEXT = 2_000_000
"""Most characters of text extracted from one PDF: 200 dense pages hold less than 1 million."""
MAX_OBJECTS = 200_000
"""Most dictionaries and arrays walked in search of actions (a 200-page PDF has a few thousand)."""
MAX_SECONDS = 30.0
"""Past this, a PDF is refused, checked at each drawing operator: every bound above keeps a PDF made
by an office suite far below it (200 dense pages: about 20 s); this stops one crafted to be slow in
pypdf's reading (one page drawing 300 times a form of 200,000 operators took 195 s)."""
STREAM_WORK = 500_000
"""pypdf's budget for parsing one content stream (its default is 2 million, about 30 s here): a
dense page of text is about 10,000."""

_ACTIONS = {
    "/JavaScript": "du JavaScript",
    "/Launch": "une action qui lance un programme (« Launch »)",
    "/SubmitForm": "une action qui envoie les données d'un formulaire (« SubmitForm »)",
    "/ImportData": "une action qui importe des données (« ImportData »)",
}
"""What a viewer would run or send, by the type (``/S``) of the action: in an ``/OpenAction``, the
additional actions (``/AA``) of the document, a page or a form field, a link, a bookmark."""
_SHOWN_KEYS = ("/Contents", "/V", "/TU", "/URI", "/Title", "/Author", "/Subject", "/Keywords")
"""The strings a viewer shows besides the pages' text: an annotation's text, a form field's value
and tooltip, a link's target (« mailto: »), a bookmark's title, the document's properties."""
OTHER_TEXTS = "les annotations, les signets ou les propriétés du PDF"


class Refused(Exception):
    """A PDF that is not published; the message says why, in French."""


def read(root: Path, relpath: str) -> bytes:
    """The bytes of the PDF ``relpath``, refused (``LoadError``) as a source would be
    (``sources.read_bytes``: a symbolic link, a special file, one above ``MAX_BYTES``), or empty."""
    data = read_bytes(root, relpath, MAX_BYTES, _too_large)
    if not data:
        raise LoadError(Problem(relpath, 1, "le fichier est vide"))
    return data


def _too_large(relpath: str, size: int) -> Problem:
    return Problem(
        relpath,
        1,
        f"le PDF fait plus de {MAX_BYTES // 1_000_000} Mo, la limite d'un PDF publié : "
        "enregistrez-le avec des images moins lourdes, ou découpez-le",
    )


def text(data: bytes) -> list[str]:
    """The text a reader sees of the PDF whose bytes are ``data``: each page's, in order, then the
    other texts a viewer shows (``OTHER_TEXTS``) as one more. Raise ``Refused`` with the reason in
    French when it cannot be read, is encrypted or carries an action, or over a bound."""
    pypdf = _pypdf()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pypdf's warnings on a damaged file, in English: the outcome says it
        with pypdf.apply_configuration(stream_parsing_work_maximum_count=STREAM_WORK):
            try:
                return _read(pypdf, data)
            except Refused:
                raise
            except Exception as error:  # noqa: BLE001 — whatever pypdf raises on a crafted file (RecursionError and MemoryError included)
                raise Refused(_unreadable(error)) from None


def _read(pypdf, data: bytes) -> list[str]:
    reader = pypdf.PdfReader(BytesIO(data), strict=False)
    if reader.is_encrypted:
        raise Refused(
            "ce PDF est chiffré ou protégé par un mot de passe : son texte ne peut pas être vérifié ; "
            "enregistrez-le à nouveau sans protection"
        )
    others = _walk(pypdf.generic, reader.trailer)
    count = len(reader.pages)
    if count > MAX_PAGES:
        raise Refused(f"ce PDF a {count} pages, plus que la limite de {MAX_PAGES} : découpez-le en plusieurs fichiers")
    deadline = time.monotonic() + MAX_SECONDS
    pages, length = [], 0
    for number, page in enumerate(reader.pages, 1):

        def in_time(*_, number=number) -> None:
            # Within a page too: a form drawn again and again is parsed again each time.
            if time.monotonic() > deadline:
                raise Refused(
                    f"la lecture de ce PDF dépasse {MAX_SECONDS:.0f} s (arrêtée à la page {number}) : "
                    "enregistrez-le à nouveau depuis le logiciel qui l'a créé, ou découpez-le"
                )

        in_time()
        pages.append(page.extract_text(visitor_operand_before=in_time))
        length += len(pages[-1])
        if length > MAX_TEXT:
            raise Refused(
                f"ce PDF contient plus de {_number(MAX_TEXT)} caractères de texte (limite atteinte à la page {number}) : "
                "découpez-le en plusieurs fichiers"
            )
    return [*pages, "\n".join(others)]


def _walk(generic, trailer) -> list[str]:
    """Every dictionary and array reachable from the trailer (the catalog, its pages, annotations,
    form fields, bookmarks, names, the document's properties), each object once: ``Refused`` at the
    first action that would run or send, XFA form or attached file; the strings a viewer shows."""
    containers = (generic.DictionaryObject, generic.ArrayObject, generic.IndirectObject)
    shown: list[str] = []
    seen: set[tuple[int, int]] = set()
    pending = [trailer]
    walked = 0
    while pending:
        item = pending.pop()
        if isinstance(item, generic.IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        if isinstance(item, generic.DictionaryObject):  # a stream's dictionary too; its data is not decoded
            _refuse_active(generic, item)
            for key, value in dict.items(item):  # as written: references not followed yet
                written = value.get_object() if key in _SHOWN_KEYS and isinstance(value, generic.IndirectObject) else value
                if key in _SHOWN_KEYS and isinstance(written, generic.TextStringObject):
                    shown.append(str(written))
                elif key in _SHOWN_KEYS and isinstance(written, generic.ByteStringObject):  # a link's target, often
                    shown.append(bytes(written).decode("latin-1"))
                elif isinstance(value, containers):
                    pending.append(value)
        elif isinstance(item, generic.ArrayObject):
            pending.extend(value for value in item if isinstance(value, containers))  # references not followed yet
        else:
            continue
        walked += 1
        if walked > MAX_OBJECTS:
            raise Refused(
                f"ce PDF compte plus de {_number(MAX_OBJECTS)} objets, la limite d'un PDF vérifié : "
                "enregistrez-le à nouveau depuis le logiciel qui l'a créé, ou découpez-le"
            )
    return shown


def _refuse_active(generic, dictionary) -> None:
    if "/JS" in dictionary or "/JavaScript" in dictionary:  # an action's script, the catalog's names of scripts
        raise Refused(_active(_ACTIONS["/JavaScript"]))
    action = dict.get(dictionary, "/S")
    if isinstance(action, generic.IndirectObject):
        action = action.get_object()
    if isinstance(action, generic.NameObject) and action in _ACTIONS:
        raise Refused(_active(_ACTIONS[action]))
    if "/XFA" in dictionary:
        raise Refused(_active("un formulaire XFA, qui peut contenir des scripts"))
    if "/EF" in dictionary:
        raise Refused(
            "ce PDF contient un fichier joint, que le site ne peut pas vérifier : enregistrez-le à nouveau sans pièce jointe "
            "(dans LibreOffice, sans « PDF hybride »), ou publiez le fichier à part"
        )


def _active(what: str) -> str:
    return (
        f"ce PDF contient {what}, que le lecteur de PDF exécuterait chez qui l'ouvre : le site n'en publie aucun ; "
        "enregistrez-le à nouveau sans (par exemple en l'imprimant vers un nouveau PDF), ou retirez-le"
    )


def _unreadable(error: BaseException) -> str:
    return (
        f"ce PDF ne se lit pas (fichier abîmé, incomplet ou d'un format inattendu : {type(error).__name__}) : "
        "enregistrez-le à nouveau depuis le logiciel qui l'a créé, ou retirez-le"
    )


def _number(count: int) -> str:
    """« 2 000 000 », as French writes it."""
    return f"{count:,}".replace(",", " ")


def _pypdf():
    import pypdf  # noqa: PLC0415 — on the first PDF only (see the module's docstring)
    import pypdf.generic  # noqa: PLC0415

    # Its messages on a damaged file are in English and would count as the build's warnings; the
    # outcome of the check says what matters, in French.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL + 1)
    return pypdf
