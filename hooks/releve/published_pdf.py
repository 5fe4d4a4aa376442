"""The PDFs of ``docs/`` and ``medias/``, published as they are: read before they are.

A PDF is content like a page: the reader's PDF viewer shows its text and runs what it carries. So
each one is opened with pypdf (``text``): refused if pypdf cannot read it, if it is encrypted (its
text could not be checked), or if it carries what a viewer would run or send (JavaScript, the
launch of a program, the sending or import of a form's data, a link to anything but a web page, an
e-mail address or a phone number), an XFA form (whose scripts are XML that pypdf does not read) or a
file attached to it (not checked); the text a reader sees is then given to the contact check of a
text file (``validate._pdf_file``): each page's, read twice (in the order it is drawn, and as its
glyphs are placed), and the other texts a viewer shows (annotations and how they are drawn, form
fields, bookmarks, the document's properties and its XMP metadata).

The work is bounded, so that a crafted file cannot hold the build: the file's size, its pages,
the text extracted, the objects walked, the metadata decoded, and pypdf's own limits on every stream
it decodes and parses; a PDF over a bound is refused, with the bound, rather than published partly
checked. pypdf is imported on the first PDF only: it costs a third of a second, and most sites have none.
"""

from __future__ import annotations

import logging
import math
import re
import time
import unicodedata
import warnings
import xml.parsers.expat
from dataclasses import dataclass
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
MAX_METADATA = 1_000_000
"""Most bytes of XMP metadata decoded (1 Mo): an office suite writes a few kilobytes, a hundred with
a thumbnail of the first page. Every filter's output is held to it while the stream is decoded."""
MAX_PIECES = 100_000
"""Most strings drawn on one page kept with their place (``_Placement``): a dense page drawn glyph
by glyph has about 5,000."""

_ACTIONS = {
    "/JavaScript": "du JavaScript",
    "/Launch": "une action qui lance un programme (« Launch »)",
    "/SubmitForm": "une action qui envoie les données d'un formulaire (« SubmitForm »)",
    "/ImportData": "une action qui importe des données (« ImportData »)",
}
"""What a viewer would run or send, by the type (``/S``) of the action: in an ``/OpenAction``, the
additional actions (``/AA``) of the document, a page or a form field, a link, a bookmark."""
LINK_SCHEMES = ("http", "https", "mailto", "tel")
"""The schemes of a link (a ``/URI`` action, the catalog's base of links) a PDF may carry, besides
a relative one; a mailto: or tel: target is checked as a contact (``_SHOWN_KEYS``)."""
_SCHEME_RISKS = {
    "javascript": "qui exécute un script chez qui clique dessus",
    "vbscript": "qui exécute un script chez qui clique dessus",
    "data": "qui porte en lui la page ou le script qu'il ouvre",
    "file": "qui ouvre un fichier de l'ordinateur de qui clique dessus",
}
"""Why a scheme is refused, in the message; any other one is opened by some program of the
reader's computer (« ms-msdt: », « smb: », a Windows drive « c: »)."""
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
_SHOWN_KEYS = frozenset(
    ("/Contents", "/V", "/DV", "/TU", "/T", "/Subj", "/RC", "/CA", "/Opt", "/URI", "/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/Producer")
)
"""The strings a viewer shows besides the pages' text: an annotation's text, author, subject and
rich text, a form field's value, default value, name, tooltip, choices and button caption, a link's
target (« mailto: »), a bookmark's title, the document's properties."""
OTHER_TEXTS = "les annotations, les signets ou les propriétés du PDF"

_DECODED_LIMITS = (
    "zlib_maximum_output_length",
    "lzw_maximum_output_length",
    "run_length_maximum_output_length",
    "brotli_maximum_output_length",
    "jbig2_maximum_output_length",
    "array_based_stream_maximum_output_length",
    "xmp_maximum_input_length",
)
"""pypdf's limits on what one stream decodes to, held to ``MAX_METADATA`` for the metadata."""
_HIDDEN_METADATA = frozenset(
    (
        "http://ns.adobe.com/xap/1.0/mm/",  # xmpMM: the document's and its versions' identifiers, its history
        "http://ns.adobe.com/xap/1.0/sType/ResourceRef#",  # stRef: the identifiers of the documents it derives from
        "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#",  # stEvt: the dates and identifiers of its history
        "http://ns.adobe.com/xap/1.0/g/img/",  # xmpGImg: a thumbnail, in base64
        "http://ns.adobe.com/exif/1.0/aux/",  # aux: a photograph's camera, lens and their serial numbers
        "http://www.aiim.org/pdfa/ns/id/",  # pdfaid: the PDF/A part and level
        "http://www.aiim.org/pdfua/ns/id/",  # pdfuaid: the PDF/UA part
        "http://www.w3.org/2000/xmlns/",
        "http://www.w3.org/XML/1998/namespace",  # xml:lang
    )
)
"""The XMP namespaces no viewer shows as the document's (or an image's, ``published_image``)
properties: identifiers (« uuid:0612… »), dates, serial numbers and a base64 image, whose digits
could read as a phone number."""
_HIDDEN_PROPERTIES = frozenset(
    (
        "http://ns.adobe.com/xap/1.0/ CreateDate",  # xmp: dates, which a viewer shows as dates
        "http://ns.adobe.com/xap/1.0/ ModifyDate",
        "http://ns.adobe.com/xap/1.0/ MetadataDate",
        "adobe:ns:meta/ xmptk",  # x:xmptk: the version of the XMP library that wrote it
        "http://cipa.jp/exif/1.0/ BodySerialNumber",  # exifEX: a photograph's camera and lens serial numbers
        "http://cipa.jp/exif/1.0/ LensSerialNumber",
        "http://ns.adobe.com/exif/1.0/ ImageUniqueID",  # exif: a photograph's identifier
    )
)
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


class Refused(Exception):
    """A PDF that is not published; the message says why, in French."""


@dataclass(frozen=True)
class Reading:
    """The text a reader sees of one PDF."""

    pages: list[str]
    """Each page's text as pypdf reads it: in the order it is drawn, as a reader copies it."""
    placed: list[str]
    """Each page's text as its strings are placed on the page: line by line from the top, each line
    from the left. A text drawn out of order (« 8 », then « 7 », … at their places: « 06 12 … » to
    the eye) reads here as it shows."""
    others: str
    """The other texts a viewer shows (``OTHER_TEXTS``): the strings of ``_SHOWN_KEYS``, what the
    annotations' appearances draw, the document's XMP metadata."""


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


def text(data: bytes) -> Reading:
    """The text a reader sees of the PDF whose bytes are ``data``. Raise ``Refused`` with the reason
    in French when it cannot be read, is encrypted or carries an action, or over a bound."""
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


def _read(pypdf, data: bytes) -> Reading:
    generic = pypdf.generic
    reader = pypdf.PdfReader(BytesIO(data), strict=False)
    if reader.is_encrypted:
        raise Refused(
            "ce PDF est chiffré ou protégé par un mot de passe : son texte ne peut pas être vérifié ; "
            "enregistrez-le à nouveau sans protection"
        )
    others = _walk(generic, reader.trailer)
    count = len(reader.pages)
    if count > MAX_PAGES:
        raise Refused(f"ce PDF a {count} pages, plus que la limite de {MAX_PAGES} : découpez-le en plusieurs fichiers")
    others += _metadata(pypdf, reader)
    deadline = time.monotonic() + MAX_SECONDS
    fonts: dict = {}
    appearances: set = set()
    pages, placed, length = [], [], 0
    for number, page in enumerate(reader.pages, 1):

        def in_time(*_, number=number) -> None:
            # Within a page too: a form drawn again and again is parsed again each time.
            if time.monotonic() > deadline:
                raise Refused(
                    f"la lecture de ce PDF dépasse {MAX_SECONDS:.0f} s (arrêtée à la page {number}) : "
                    "enregistrez-le à nouveau depuis le logiciel qui l'a créé, ou découpez-le"
                )

        in_time()
        placement = _Placement(generic, fonts, page.get("/Resources"), in_time, number)
        pages.append(page.extract_text(visitor_operand_before=placement.before, visitor_operand_after=placement.after))
        # pypdf drops what the reading of a form raises, and goes on: past a bound in the page's last form, asked again.
        in_time()
        placement.check()
        placed.append(placement.text())
        drawn = [
            page.extract_xform_text(stream, (0, 90, 180, 270), visitor_operand_before=in_time)
            for stream in _appearances(generic, page, appearances)
        ]
        in_time()
        others += drawn
        length += len(pages[-1]) + sum(map(len, drawn))
        if length > MAX_TEXT:
            raise Refused(
                f"ce PDF contient plus de {_number(MAX_TEXT)} caractères de texte (limite atteinte à la page {number}) : "
                "découpez-le en plusieurs fichiers"
            )
    return Reading(pages, placed, "\n".join(others))


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
                if key in _SHOWN_KEYS:
                    written = value.get_object() if isinstance(value, generic.IndirectObject) else value
                    if isinstance(written, generic.ArrayObject):  # a list's choices: strings, or pairs of strings
                        shown += [string for choice in written for string in _strings(generic, choice)]
                    else:
                        shown += _strings(generic, written)
                if isinstance(value, containers):
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


def _strings(generic, value) -> list[str]:
    """The text of a string (a link's target is often written as bytes), or of the strings of an
    array of them (a choice written as its value and the text shown)."""
    if isinstance(value, generic.IndirectObject):
        value = value.get_object()
    if isinstance(value, generic.TextStringObject):
        return [str(value)]
    if isinstance(value, generic.ByteStringObject):
        return [bytes(value).decode("latin-1")]
    if isinstance(value, generic.ArrayObject):
        return [string for item in value if isinstance(item, (generic.TextStringObject, generic.ByteStringObject)) for string in _strings(generic, item)]
    return []


def _refuse_active(generic, dictionary) -> None:
    if "/JS" in dictionary or "/JavaScript" in dictionary:  # an action's script, the catalog's names of scripts
        raise Refused(_active(_ACTIONS["/JavaScript"]))
    action = dict.get(dictionary, "/S")
    if isinstance(action, generic.IndirectObject):
        action = action.get_object()
    if isinstance(action, generic.NameObject) and action in _ACTIONS:
        raise Refused(_active(_ACTIONS[action]))
    targets = _strings(generic, dict.get(dictionary, "/URI")) if action == "/URI" else []  # a link's target
    targets += _strings(generic, dict.get(dictionary, "/Base"))  # the base of the relative ones (the catalog's « /URI << /Base … >> »)
    for target in targets:
        if (scheme := link_scheme(target)) is not None and scheme not in LINK_SCHEMES:
            risk = _SCHEME_RISKS.get(scheme, "qu'un autre programme de l'ordinateur ouvrirait")
            raise Refused(
                f"ce PDF contient un lien « {scheme}: », {risk} : le site ne publie que des liens "
                + ", ".join(f"{allowed}:" for allowed in LINK_SCHEMES[:-1])
                + f" et {LINK_SCHEMES[-1]}: ; retirez ce lien du document et enregistrez-le à nouveau, ou retirez-le"
            )
    if "/XFA" in dictionary:
        raise Refused(_active("un formulaire XFA, qui peut contenir des scripts"))
    if "/EF" in dictionary:
        raise Refused(
            "ce PDF contient un fichier joint, que le site ne peut pas vérifier : enregistrez-le à nouveau sans pièce jointe "
            "(dans LibreOffice, sans « PDF hybride »), ou publiez le fichier à part"
        )


def link_scheme(target: str) -> str | None:
    """The scheme of a link's target as a browser reads it, in lower case (None for a relative
    target): without the blanks and control characters before it, nor the tabs and line breaks
    within it (the WHATWG URL standard); invisible characters are dropped too, which a browser
    would keep (the target would then be relative, harmless): « \\x01 Java\\tScript: » is « javascript »."""
    invisible = {"Cc", "Cf", "Zs", "Zl", "Zp"}
    start = 0
    while start < len(target) and unicodedata.category(target[start]) in invisible:
        start += 1
    head, colon, _ = target[start : start + 1_000].partition(":")  # no scheme is longer
    if not colon:
        return None
    written = "".join(character for character in head if character not in "\t\n\r" and unicodedata.category(character) != "Cf")
    return written.lower() if _SCHEME.fullmatch(written) else None


def _active(what: str) -> str:
    return (
        f"ce PDF contient {what}, que le lecteur de PDF exécuterait chez qui l'ouvre : le site n'en publie aucun ; "
        "enregistrez-le à nouveau sans (par exemple en l'imprimant vers un nouveau PDF), ou retirez-le"
    )


def _metadata(pypdf, reader) -> list[str]:
    """The texts of the document's XMP metadata (the catalog's ``/Metadata``), which a viewer shows
    as its properties (title, author, description, keywords), in its XML elements and attributes,
    but in the namespaces of ``_HIDDEN_METADATA``. Each filter's output held to ``MAX_METADATA``;
    a stream that is not XML, or declares entities, is refused (its text could not be checked)."""
    generic = pypdf.generic
    catalog = reader.trailer.get("/Root")
    catalog = catalog.get_object() if isinstance(catalog, generic.IndirectObject) else catalog
    stream = dict.get(catalog, "/Metadata") if isinstance(catalog, generic.DictionaryObject) else None
    if isinstance(stream, generic.IndirectObject):
        stream = stream.get_object()
    if not isinstance(stream, generic.StreamObject):
        return []
    too_large = Refused(
        f"les métadonnées (XMP) de ce PDF font plus de {MAX_METADATA // 1_000_000} Mo, la limite d'un PDF vérifié : "
        "enregistrez-le à nouveau depuis le logiciel qui l'a créé"
    )
    with pypdf.apply_configuration(**dict.fromkeys(_DECODED_LIMITS, MAX_METADATA)):
        try:
            data = stream.get_data()
        except pypdf.errors.LimitReachedError:
            raise too_large from None
    if len(data) > MAX_METADATA:
        raise too_large
    return xmp_texts(data, "ce PDF", "enregistrez-le à nouveau depuis le logiciel qui l'a créé")


def xmp_texts(data: bytes, what: str, again: str) -> list[str]:
    """The texts of the XMP metadata ``data`` a viewer shows as the properties of ``what`` (« ce PDF »,
    « cette image »): its XML elements and attributes, but in the namespaces of ``_HIDDEN_METADATA``.
    Metadata that is not XML, or declares entities, is refused (its text could not be checked): the
    message says so, then ``again``, how to write the file anew."""
    texts: list[str] = []
    hidden = 0  # how deep within an element no viewer shows

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal hidden
        if hidden or _hidden(name):
            hidden += 1
            return
        texts.extend(value for key, value in attributes.items() if not _hidden(key) and key != f"{_RDF} about")
        texts.append("\n")

    def end(name: str) -> None:
        nonlocal hidden
        hidden -= 1 if hidden else 0
        texts.append("\n")

    def forbidden(*_) -> None:
        raise ValueError("entité déclarée")

    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = lambda characters: None if hidden else texts.append(characters)
    parser.EntityDeclHandler = forbidden  # an entity's text could be expanded a billion times
    parser.StartDoctypeDeclHandler = forbidden
    try:
        parser.Parse(data, True)
    except (xml.parsers.expat.ExpatError, ValueError) as error:
        raise Refused(
            f"les métadonnées (XMP) de {what} ne se lisent pas ({error}) : leur texte ne peut pas être vérifié ; {again}"
        ) from None
    return [line.strip() for line in "".join(texts).split("\n") if line.strip()]


def _hidden(name: str) -> bool:
    """Whether the XMP element or attribute ``name`` (« namespace local name ») is one no viewer shows."""
    return name.rpartition(" ")[0] in _HIDDEN_METADATA or name in _HIDDEN_PROPERTIES


def _appearances(generic, page, seen: set) -> list:
    """The streams that draw the annotations of ``page`` (``/AP``: normal, rollover, down, or one
    of each per state of a check box), each once in the document: a stamp, a free text, a form
    field show them rather than their ``/Contents`` or ``/V``."""
    streams = []
    annotations = page.get("/Annots")
    annotations = annotations.get_object() if isinstance(annotations, generic.IndirectObject) else annotations
    if not isinstance(annotations, generic.ArrayObject):
        return streams
    for annotation in annotations:
        annotation = annotation.get_object() if isinstance(annotation, generic.IndirectObject) else annotation
        appearance = dict.get(annotation, "/AP") if isinstance(annotation, generic.DictionaryObject) else None
        appearance = appearance.get_object() if isinstance(appearance, generic.IndirectObject) else appearance
        if not isinstance(appearance, generic.DictionaryObject):
            continue
        for kind in ("/N", "/R", "/D"):
            drawn = dict.get(appearance, kind)
            states = [drawn]
            resolved = drawn.get_object() if isinstance(drawn, generic.IndirectObject) else drawn
            if isinstance(resolved, generic.DictionaryObject) and not isinstance(resolved, generic.StreamObject):
                states = list(dict.values(resolved))
            for state in states:
                key = (state.idnum, state.generation) if isinstance(state, generic.IndirectObject) else id(state)
                stream = state.get_object() if isinstance(state, generic.IndirectObject) else state
                if isinstance(stream, generic.StreamObject) and key not in seen:
                    seen.add(key)
                    streams.append(stream)
    return streams


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _times(m, n) -> tuple[float, ...]:
    """``m`` then ``n``, as PDF composes its matrices (``m × n``)."""
    return (
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    )


def _float(value) -> float | None:
    """A number of a content stream, or None (a string, a name, or a crafted « 1e999 »)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def _floats(operands, count: int) -> list[float] | None:
    numbers = [_float(value) for value in operands[:count]]
    return numbers if len(numbers) == count and None not in numbers else None


class _Placement:
    """The strings a page draws, each at its place, so that its text can be read as it shows
    (``text``). pypdf reads a page in the order it is drawn, and joins on one line what follows on
    it wherever it is placed: a phone number drawn from its last digit, or digit by digit in any
    order, reads « 87 65 43 21 60 » there. pypdf's visitors give each operator and the transformation
    matrix; this follows the rest as a viewer does: the text matrix, the font (pypdf's reading of
    it: encoding, map to Unicode, widths), spacing and scaling, saved and restored with the graphics
    state, into the forms the page draws, placed by their own matrix.

    Its limits: a string is one piece, its glyphs in their order (one drawn backwards by a negative
    spacing is not put back); a gap of a sixth of the size reads as a space, as in pypdf's reading,
    so that an address drawn letter-spaced reads « z o r g @ … », which the contact check does not
    take for an address (in a text file neither); the annotations' appearances are read in the order
    they are drawn only; a text drawn as outlines or as an image is no text to any reader of PDF."""

    def __init__(self, generic, fonts: dict, resources, in_time, number: int) -> None:
        self.generic = generic
        self.fonts = fonts
        self.in_time = in_time
        self.number = number
        self.resources = resources.get_object() if isinstance(resources, generic.IndirectObject) else resources
        self.pieces: list[tuple[int, float, float, float, float, str]] = []
        """(orientation, height of the line, start and end along it, size of the glyphs, text)"""
        self.font = None
        self.size = self.spacing = self.word_spacing = self.leading = 0.0
        self.scale = 1.0
        self.matrix = self.line = _IDENTITY
        self.outer = _IDENTITY
        """From the space of the content read (a form's) to the page's."""
        self.saved: list[tuple] = []
        self.unsaved = 0
        """The « q » past the depth kept (a crafted page nests thousands): their « Q » restore nothing."""
        self.forms: list[tuple] = []

    def before(self, operator: bytes, operands, cm, tm) -> None:
        self.in_time()
        handler = self._HANDLERS.get(operator)
        if handler is not None:
            handler(self, operands, cm)

    def after(self, operator: bytes, operands, cm, tm) -> None:
        if operator == b"Do" and self.forms:
            state, self.resources, self.outer = self.forms.pop()
            self._restore(state)

    def _state(self) -> tuple:
        return (self.font, self.size, self.spacing, self.word_spacing, self.leading, self.scale, self.matrix, self.line)

    def _restore(self, state: tuple) -> None:
        self.font, self.size, self.spacing, self.word_spacing, self.leading, self.scale, self.matrix, self.line = state

    def _save(self, operands, cm) -> None:
        if len(self.saved) < 1_000:
            self.saved.append(self._state())
        else:
            self.unsaved += 1

    def _load(self, operands, cm) -> None:
        if self.unsaved:
            self.unsaved -= 1
        elif self.saved:
            self._restore(self.saved.pop())

    def _begin(self, operands, cm) -> None:
        self.matrix = self.line = _IDENTITY

    def _set_font(self, operands, cm) -> None:
        if operands:
            self.font = self._font(operands[0])
        if len(operands) > 1 and (size := _float(operands[1])) is not None:
            self.size = size

    def _font(self, name):
        generic = self.generic
        fonts = dict.get(self.resources, "/Font") if isinstance(self.resources, generic.DictionaryObject) else None
        fonts = fonts.get_object() if isinstance(fonts, generic.IndirectObject) else fonts
        font = dict.get(fonts, name) if isinstance(fonts, generic.DictionaryObject) and isinstance(name, str) else None
        key = (font.idnum, font.generation) if isinstance(font, generic.IndirectObject) else id(font)
        font = font.get_object() if isinstance(font, generic.IndirectObject) else font
        if not isinstance(font, generic.DictionaryObject):
            return None
        if key not in self.fonts:
            # pypdf's own reading of a font (its encoding, its map to Unicode, its glyphs' widths): a
            # private class of pypdf, pinned in pyproject.toml; tests/test_hostile_pdf.py reads through it.
            from pypdf.generic._font import Font  # noqa: PLC0415

            try:
                self.fonts[key] = (font, Font.from_font_resource(font))  # the dictionary kept: its id stays its own
            except (AttributeError, TypeError, ValueError, KeyError, IndexError):
                self.fonts[key] = (font, None)  # a font pypdf reads as unknown too: its text is « � »
        return self.fonts[key][1]

    def _setter(attribute: str, factor: float = 1.0):
        def handler(self, operands, cm) -> None:
            if operands and (value := _float(operands[0])) is not None:
                setattr(self, attribute, value * factor)

        return handler

    def _move(self, operands, cm) -> None:
        if (offset := _floats(operands, 2)) is not None:
            self.matrix = self.line = _times((1.0, 0.0, 0.0, 1.0, *offset), self.line)

    def _move_leading(self, operands, cm) -> None:
        if (offset := _floats(operands, 2)) is not None:
            self.leading = -offset[1]
            self._move(operands, cm)

    def _set_matrix(self, operands, cm) -> None:
        if (matrix := _floats(operands, 6)) is not None:
            self.matrix = self.line = tuple(matrix)

    def _next_line(self, operands=(), cm=None) -> None:
        self._move((0.0, -self.leading), cm)

    def _show(self, operands, cm) -> None:
        if operands:
            self._draw(operands[0], cm)

    def _next_and_show(self, operands, cm) -> None:
        self._next_line()
        self._show(operands, cm)

    def _spaced_next_and_show(self, operands, cm) -> None:
        if len(operands) >= 3:
            self.word_spacing = _float(operands[0]) if _float(operands[0]) is not None else self.word_spacing
            self.spacing = _float(operands[1]) if _float(operands[1]) is not None else self.spacing
            self._next_line()
            self._draw(operands[2], cm)

    def _show_each(self, operands, cm) -> None:
        if operands and isinstance(operands[0], self.generic.ArrayObject):
            for item in operands[0]:
                if (offset := _float(item)) is not None:
                    self._advance(-offset / 1000 * self.size * self.scale)
                else:
                    self._draw(item, cm)

    def _draw_form(self, operands, cm) -> None:
        generic = self.generic
        self.forms.append((self._state(), self.resources, self.outer))
        objects = dict.get(self.resources, "/XObject") if isinstance(self.resources, generic.DictionaryObject) else None
        objects = objects.get_object() if isinstance(objects, generic.IndirectObject) else objects
        form = dict.get(objects, operands[0]) if operands and isinstance(objects, generic.DictionaryObject) and isinstance(operands[0], str) else None
        form = form.get_object() if isinstance(form, generic.IndirectObject) else form
        if not isinstance(form, generic.StreamObject) or dict.get(form, "/Subtype") != "/Form":
            return
        # pypdf reads the form from its own origin: its matrix and the page's at « Do » lead to the page.
        matrix = dict.get(form, "/Matrix")
        matrix = matrix.get_object() if isinstance(matrix, generic.IndirectObject) else matrix
        matrix = _floats(matrix, 6) if isinstance(matrix, generic.ArrayObject) else None
        self.outer = _times(tuple(matrix or _IDENTITY), _times(tuple(cm), self.outer))
        resources = dict.get(form, "/Resources")
        resources = resources.get_object() if isinstance(resources, generic.IndirectObject) else resources
        if isinstance(resources, generic.DictionaryObject):
            self.resources = resources

    def _advance(self, distance: float) -> None:
        self.matrix = _times((1.0, 0.0, 0.0, 1.0, distance, 0.0), self.matrix)

    def _draw(self, value, cm) -> None:
        """One string drawn: its text (as pypdf decodes it, ``get_text_operands``), its place, and the
        text matrix moved past its glyphs."""
        font = self.font
        if isinstance(value, self.generic.NameObject):  # not text: pypdf skips it too
            return
        if isinstance(value, str):  # already text
            raw = shown = value
        elif isinstance(value, bytes) and font is not None:
            if isinstance(font.encoding, str):
                try:
                    raw = value.decode(font.encoding, "surrogatepass")
                except UnicodeDecodeError:
                    raw = value.decode(font.encoding, "replace")
                shown = raw
            else:
                raw = value.decode("latin-1")
                shown = "".join(font.encoding.get(byte, chr(byte)) for byte in value)
        elif isinstance(value, bytes):
            self._advance(len(value) * self.size * self.scale / 2)  # an unknown font: no text, half an em each
            return
        else:
            return
        width = 0.0
        if font is not None:
            widths, default = font.character_widths, font.character_widths.get("default", 500)
            width = sum(font.space_width if glyph == font.space_char else widths.get(glyph, default) for glyph in raw)
            text = "".join(font.character_map.get(glyph, glyph) for glyph in shown)
            spaces = raw.count(font.space_char)
        else:
            width, text, spaces = 500.0 * len(raw), shown, raw.count(" ")
        distance = (width / 1000 * self.size + len(raw) * self.spacing + spaces * self.word_spacing) * self.scale
        placed = _times(self.matrix, _times(tuple(cm), self.outer))
        self._advance(distance)
        if not text.strip():
            return
        # The line is across the direction of the text (the page turned a quarter of a turn or more).
        across, along = (placed[5], placed[4]) if abs(placed[0]) >= abs(placed[1]) else (placed[4], placed[5])
        direction = placed[0] if abs(placed[0]) >= abs(placed[1]) else placed[1]
        orientation = (0 if direction >= 0 else 2) + (0 if abs(placed[0]) >= abs(placed[1]) else 1)
        if orientation in (0, 3):  # upright, or read from the top down: lines from the top
            across = -across
        if direction < 0:
            along = -along
        length = distance * math.hypot(placed[0], placed[1])
        size = abs(self.size) * math.hypot(placed[2], placed[3])
        self.pieces.append((orientation, across, along, along + length, size, text))
        self.check()

    def check(self) -> None:
        """``Refused`` past ``MAX_PIECES``: called again once the page is read, since pypdf drops
        what a form's reading raises (and goes on)."""
        if len(self.pieces) > MAX_PIECES:
            raise Refused(
                f"la page {self.number} de ce PDF dessine son texte en plus de {_number(MAX_PIECES)} morceaux, "
                "la limite d'un PDF vérifié : enregistrez-le à nouveau depuis le logiciel qui l'a créé, ou découpez-le"
            )

    _HANDLERS = {
        b"q": _save,
        b"Q": _load,
        b"BT": _begin,
        b"Tf": _set_font,
        b"Tc": _setter("spacing"),
        b"Tw": _setter("word_spacing"),
        b"Tz": _setter("scale", 0.01),
        b"TL": _setter("leading"),
        b"Td": _move,
        b"TD": _move_leading,
        b"Tm": _set_matrix,
        b"T*": _next_line,
        b"Tj": _show,
        b"'": _next_and_show,
        b'"': _spaced_next_and_show,
        b"TJ": _show_each,
        b"Do": _draw_form,
    }

    def text(self) -> str:
        """The page's text as placed: its pieces by line (those whose baselines are within half the
        size of their glyphs), from the top, each line from the left, cut where a wide gap shows
        (one and a half times the size: another column, another cell); a space between two pieces
        where a gap shows (a sixth of the size), nothing where they touch (a text drawn glyph by
        glyph). A blank line between two of these runs, so that the contact check reads no number
        across them: from one column to the next, on lines that were not one (pypdf's reading has
        the lines of each column one after the other, a number cut at the end of one)."""
        runs: list[str] = []
        pieces = sorted(self.pieces, key=lambda piece: (piece[0], piece[1]))
        start = 0
        while start < len(pieces):
            orientation, top, size = pieces[start][0], pieces[start][1], pieces[start][4]
            end = start + 1
            while end < len(pieces) and pieces[end][0] == orientation and pieces[end][1] - top <= max(size, pieces[end][4]) / 2:
                size = max(size, pieces[end][4])
                end += 1
            run, reached = [], None
            for _, _, left, right, height, piece in sorted(pieces[start:end], key=lambda piece: piece[2]):
                if reached is not None and left - reached > 1.5 * height:
                    runs.append("".join(run).strip())
                    run = []
                elif reached is not None and left - reached > height / 6 and not run[-1].endswith(" ") and not piece.startswith(" "):
                    run.append(" ")
                run.append(piece)
                reached = right if reached is None else max(reached, right)
            runs.append("".join(run).strip())
            start = end
        return "\n\n".join(run for run in runs if run)


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
    import pypdf.errors  # noqa: PLC0415
    import pypdf.generic  # noqa: PLC0415

    # Its messages on a damaged file are in English and would count as the build's warnings; the
    # outcome of the check says what matters, in French.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL + 1)
    return pypdf
