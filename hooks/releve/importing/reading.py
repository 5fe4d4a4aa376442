"""Read a Word document (``.docx``) or its plain-text export into lines shaped like that export
(an OpenDocument text, ``.odt`` or ``.fodt``, is read by ``opendocument``).

Word's plain-text export writes each table cell's first paragraph after a tab, the cell's other
paragraphs on their own lines, a blank line after each table row, and « · » before bullet items.
``read_docx`` produces the same shape, so one parser serves both inputs.
"""

from __future__ import annotations

import codecs
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..console import reason
from ..sources import OLE_SIGNATURE, ZIP_SIGNATURE
from ..words import number
from .text import HEADING, remove_artefacts


class UnreadableDocument(Exception):
    """The input cannot be read; the message is in French and meant for the coordinator, after
    « Erreur : » (so in small letters: « le fichier … est vide »)."""


MAX_INPUT_BYTES = 50_000_000
"""Largest document read (50 Mo): a compte rendu with its photos is far below."""
MAX_PART_BYTES = 20_000_000
"""Largest part of a .docx once uncompressed (20 Mo): the text of a compte rendu is a few hundred kilo-octets."""
MAX_UNCOMPRESSED_BYTES = 100_000_000
"""Largest .docx once uncompressed (100 Mo): python-docx holds every part in memory, and 432 Ko
could unpack to 400 Mo."""
MAX_PARTS = 2_000
MAX_TEXT_BYTES = 5_000_000
"""Largest text export read (5 Mo, some 2,500 pages): a compte rendu, even a long one, is a few
hundred kilobytes at most (the CLSM messin's are 4 to 8 kB). The import reads about a megabyte a
second, so a larger text, a log or a data export given by mistake, is refused at once."""
MAX_PARAGRAPHS = 20_000
"""Most paragraphs of a document (lines of a text export), counted before they are read: a compte
rendu, even a long one, has a few hundred. The import of 20,000 takes 2 s from a text export, 4 s
from a .docx; that of 150,000 took a minute, without a word."""


@dataclass(frozen=True)
class DocumentText:
    """What the importer reads of a document."""

    lines: list[str]
    """The document as lines shaped like Word's plain-text export."""
    images: int = 0
    """Pictures of a .docx: never imported (the draft is text), but counted so the coordinator is told."""


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.0f} Mo"


def read_document(path: Path) -> DocumentText:
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode) and not stat.S_ISDIR(status.st_mode):
            raise UnreadableDocument(f"« {path.name} » n'est pas un fichier ordinaire (tube nommé ou périphérique) : importez le document lui-même.")
        if status.st_size > MAX_INPUT_BYTES:
            raise UnreadableDocument(
                f"« {path.name} » fait {_megabytes(status.st_size)}, plus que la limite de {_megabytes(MAX_INPUT_BYTES)} : "
                "ce n'est pas un compte rendu ordinaire."
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableDocument(f"le fichier « {path} » est introuvable.") from None
    except IsADirectoryError:
        raise UnreadableDocument(f"« {path} » est un dossier, pas un document.") from None
    except OSError as error:
        raise UnreadableDocument(f"impossible de lire « {path} » ({reason(error)}).") from None
    if not raw.strip():
        raise UnreadableDocument(f"le fichier « {path.name} » est vide.")
    if raw.startswith(ZIP_SIGNATURE):
        if _opendocument(path) or path.suffix.lower() == ".odt":  # the name tells a damaged zip's format
            from .opendocument import read_odt  # imported here: it reads this module's limits

            return read_odt(path)
        return read_docx(path)
    if _flat_opendocument(raw) or path.suffix.lower() == ".fodt":
        from .opendocument import read_fodt

        return read_fodt(path, raw)
    if raw.startswith(OLE_SIGNATURE) and "EncryptedPackage".encode("utf-16-le") in raw:
        # Word saves a .docx protected by a password inside an OLE container, as a .doc would be.
        raise UnreadableDocument(
            f"« {path.name} » est protégé par un mot de passe : ouvrez-le dans Word, retirez le mot de passe "
            "(Fichier > Informations > Protéger le document > Chiffrer avec mot de passe, laisser vide), "
            "enregistrez-le puis importez-le à nouveau."
        )
    if raw.startswith(OLE_SIGNATURE):
        raise UnreadableDocument(
            f"« {path.name} » est au format Word 97-2003 (.doc), qui n'est pas pris en charge : "
            "ouvrez-le dans Word ou LibreOffice et enregistrez-le au format .docx."
        )
    if raw.startswith(b"%PDF"):
        raise UnreadableDocument(
            f"« {path.name} » est un PDF, qui n'est pas pris en charge : importez le document Word (.docx) d'origine."
        )
    if raw.startswith(b"{\\rtf"):
        raise UnreadableDocument(
            f"« {path.name} » est au format RTF, qui n'est pas pris en charge : enregistrez-le au format .docx."
        )
    if len(raw) > MAX_TEXT_BYTES:
        raise UnreadableDocument(
            f"« {path.name} » fait {_megabytes(len(raw))} de texte, plus que la limite de {_megabytes(MAX_TEXT_BYTES)} : "
            "un compte rendu, même long, en fait quelques centaines de kilo-octets. Vérifiez qu'il s'agit bien "
            "de l'export texte du compte rendu."
        )
    lines = _LINE_BREAK.split(_decode(raw, path))
    check_paragraphs(path, len(lines))
    return DocumentText([remove_artefacts(line) for line in lines])


class TextSize:
    """The characters of text a document's reader has made, refused beyond ``MAX_TEXT_BYTES`` as
    they are made, as a text export's bytes are: a .fodt of 45 Mo of text imported in 22 s into a
    draft that « make verifier » then refused (over its 1 Mo bound)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.characters = 0

    def add(self, lines: list[str]) -> list[str]:
        """``lines``, once counted."""
        self.characters += sum(map(len, lines))
        if self.characters > MAX_TEXT_BYTES:
            raise UnreadableDocument(
                f"« {self.path.name} » fait plus de {_megabytes(MAX_TEXT_BYTES)} de texte, la limite : un compte rendu, "
                "même long, en fait quelques centaines de kilo-octets. Vérifiez qu'il s'agit bien du compte rendu."
            )
        return lines


def check_paragraphs(path: Path, count: int) -> None:
    """Refuse a document of more than ``MAX_PARAGRAPHS`` paragraphs (``count``), before reading them."""
    if count > MAX_PARAGRAPHS:
        raise UnreadableDocument(
            f"« {path.name} » compte {number(count)} paragraphes, plus que la limite de {number(MAX_PARAGRAPHS)} : "
            "un compte rendu, même long, en compte quelques centaines. Vérifiez qu'il s'agit bien du compte rendu."
        )


_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x85\u2028\u2029]")
"""Every line ending a text export may have, not only « \\n »: a lone « \\r » (an old Mac's file), the
vertical tab Word uses for a manual line break, a Unicode line separator. Read as one line, the
document lost its lines (no minutes at all, or a point of the agenda holding a control character)."""


def _as_windows_1252(error: UnicodeDecodeError) -> tuple[str, int]:
    return error.object[error.start:error.end].decode("cp1252", errors="replace"), error.end


codecs.register_error("releve-windows-1252", _as_windows_1252)


_UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
"""The byte-order marks of UTF-16, little- and big-endian."""


def _decode(raw: bytes, path: Path) -> str:
    """The text of an export in UTF-8, UTF-16 (with its byte-order mark) or Windows-1252: a byte that
    is not UTF-8 is read as Windows-1252, so that a UTF-8 text with a few « é » of Windows (pasted
    from an older file) keeps its other accents, which read as Windows-1252 were « Ã© »."""
    if raw.startswith(_UTF16_MARKS):
        text = raw.decode("utf-16", errors="replace")
    else:
        text = raw.decode("utf-8-sig", errors="releve-windows-1252")
    if "\x00" in text or sum(not c.isprintable() and c not in "\t\n\r" for c in text) > len(text) // 20:
        raise UnreadableDocument(
            f"« {path.name} » n'est ni un document Word (.docx) ni un texte lisible."
        )
    return text


WORD = "document Word (.docx)"
OPENDOCUMENT = "document OpenDocument (.odt)"


def check_archive(path: Path, kind: str = WORD) -> None:
    """Refuse a .docx or an .odt (``kind``) whose parts, once uncompressed, would be too large, from
    the sizes its zip directory declares: read before anything is decompressed (and no part is ever
    read past its declared size), so a small file that unpacks to gigabytes costs nothing."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except OSError as error:
        raise UnreadableDocument(f"impossible de lire « {path} » ({reason(error)}).") from None
    except (zipfile.BadZipFile, ValueError):
        raise UnreadableDocument(f"« {path.name} » n'est pas un {kind} lisible (archive zip endommagée).") from None
    if len(parts) > MAX_PARTS:
        raise UnreadableDocument(f"« {path.name} » contient {len(parts)} parties, plus que les {MAX_PARTS} d'un {kind} ordinaire.")
    for part in parts:
        if part.file_size > MAX_PART_BYTES:
            raise UnreadableDocument(
                f"« {path.name} » : sa partie « {part.filename} » ferait {_megabytes(part.file_size)} une fois décompressée, "
                f"plus que la limite de {_megabytes(MAX_PART_BYTES)} : ce n'est pas un compte rendu ordinaire."
            )
    total = sum(part.file_size for part in parts)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise UnreadableDocument(
            f"« {path.name} » ferait {_megabytes(total)} une fois décompressé, plus que la limite de "
            f"{_megabytes(MAX_UNCOMPRESSED_BYTES)} : ce n'est pas un compte rendu ordinaire."
        )


def _opendocument(path: Path) -> bool:
    """Whether the zip is an OpenDocument file: its first part, « mimetype », says so."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open("mimetype") as part:
            return part.read(100).startswith(b"application/vnd.oasis.opendocument")
    except (OSError, zipfile.BadZipFile, zlib.error, ValueError, KeyError):
        return False


_OFFICE = b"urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_FLAT_HEAD = 65_536
"""Where a flat OpenDocument file declares its namespaces: LibreOffice writes some forty, in 3 ko."""


def _flat_opendocument(raw: bytes) -> bool:
    """Whether the file is a flat OpenDocument file (« .fodt »), whatever its name: XML declaring
    OpenDocument's « office » namespace in its head, in UTF-8 or in UTF-16 with its byte-order mark
    (as LibreOffice may write XML, or an editor save it again; libxml2 reads both). Read as a text
    export, its XML made the draft."""
    head = raw[:_FLAT_HEAD]
    if head.startswith(_UTF16_MARKS):
        head = head.decode("utf-16", errors="replace").encode()
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") and _OFFICE in head


_TEXT_BOX = './/*[local-name()="txbxContent"][not(ancestor::*[local-name()="Fallback"])]/w:p'
"""The paragraphs of a text box anchored in a paragraph (a DrawingML box; its VML copy, the
« Fallback » for old versions of Word, would read them twice)."""
_PICTURE = './/pic:pic | .//*[local-name()="imagedata"][not(ancestor::*[local-name()="Fallback"])]'


_DAMAGED = "« {name} » est un document Word endommagé ou d'un format inattendu."


def read_docx(path: Path) -> DocumentText:
    """Body paragraphs and tables in document order (page header first), as export-shaped lines."""
    check_archive(path)
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover - python-docx is a declared dependency
        raise UnreadableDocument("Le module python-docx manque : installez les dépendances du projet.") from None
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise UnreadableDocument(f"« {path.name} » n'est pas un document Word (.docx) lisible (archive zip qui ne contient pas de document Word).") from None
    except zlib.error:  # a compressed part that does not decompress
        raise UnreadableDocument(f"« {path.name} » n'est pas un document Word (.docx) lisible (archive zip endommagée).") from None
    except Exception:  # XML that is not XML, nested past any limit, or entities that multiply themselves
        raise UnreadableDocument(_DAMAGED.format(name=path.name)) from None
    # Those of the body's tables and text boxes too (a text box's twice, its copy for old versions of Word included).
    check_paragraphs(path, int(document.element.body.xpath("count(.//w:p)")))
    lines: list[str] = []
    size = TextSize(path)
    try:
        reader = _DocxReader(document)
        for section in document.sections[:1]:
            lines.extend(size.add([reader.paragraph(paragraph) for paragraph in section.header.paragraphs]))
        for item in _block_items(document.element.body, document._body):
            lines.extend(size.add(reader.block(item)))
        images = len(document.element.body.xpath(_PICTURE))
    except UnreadableDocument:
        raise
    except Exception:  # a damaged document: never show a traceback to the coordinator
        raise UnreadableDocument(_DAMAGED.format(name=path.name)) from None
    return DocumentText([remove_artefacts(line) for line in lines], images)


MAX_HEADING_WORDS = 12
"""Longest line in bold read as a section's title."""
HEADING_STYLES = ("Heading", "Title", "Subtitle")
"""How Word and LibreOffice name their title styles whatever the language (« Titre 1 » is « Heading 1 »)."""


def short_line(text: str) -> bool:
    """Whether a line all in bold may title a section: a whole sentence in bold is emphasis, not a title."""
    return len(text.split()) <= MAX_HEADING_WORDS and not text.rstrip().endswith((".", ",", ";"))


_WRAPPERS = {"ins", "moveTo", "smartTag", "customXml", "sdt", "sdtContent", "fldSimple", "bdo", "dir"}
"""Elements of a paragraph that wrap its runs: a tracked insertion is the text as it reads now, so
is a content control's or a field's text; a tracked deletion (« del », « moveFrom ») is not."""


def _unwrapped(element, parent, kinds: dict):
    """The children of ``element`` whose tags ``kinds`` names, made its classes (with ``parent``), in
    document order, those inside a wrapper (``_WRAPPERS``) included: python-docx's own
    ``iter_inner_content`` skips the text of tracked insertions, content controls and custom XML."""
    for child in element.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag in kinds:
            yield kinds[tag](child, parent)
        elif tag in _WRAPPERS:
            yield from _unwrapped(child, parent, kinds)


def _inner_content(element, paragraph):
    """The runs and hyperlinks of a paragraph in document order (``_unwrapped``)."""
    from docx.text.hyperlink import Hyperlink
    from docx.text.run import Run

    return _unwrapped(element, paragraph, {"r": Run, "hyperlink": Hyperlink})


def _block_items(element, parent):
    """The paragraphs and tables of a body or a cell in document order (``_unwrapped``)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    return _unwrapped(element, parent, {"p": Paragraph, "tbl": Table})


@dataclass(frozen=True)
class _StyleFacts:
    """What the reader asks of a paragraph style."""

    name: str
    heading: bool
    """A « Titre 1 »… style, or one based on it."""
    bold: bool | None


class _ParagraphStyles:
    """The styles of a document, looked up by id in one table read once: python-docx looks a
    paragraph's style up among all the styles at each call, so that ten thousand paragraphs of a
    document of two hundred styles took minutes. A style based on itself through others (a loop of
    « basedOn ») ends its chain there instead of being followed for ever."""

    def __init__(self, document) -> None:
        from docx.enum.style import WD_STYLE_TYPE

        self._paragraph = WD_STYLE_TYPE.PARAGRAPH
        self._by_id: dict[str | None, object] = {}
        defaults = []
        for style in document.styles:
            self._by_id.setdefault(style.style_id, style)
            if style.type == self._paragraph and style.element.default:
                defaults.append(style)
        self._default = defaults[-1] if defaults else None  # as python-docx: the last one marked default
        self._facts: dict[str | None, _StyleFacts | None] = {}
        self._headings: dict[str | None, bool] = {}

    def of(self, paragraph) -> _StyleFacts | None:
        """The facts of the paragraph's style (the default paragraph style's if it names none or
        an unknown one, as Word reads it); ``None`` in a document without styles."""
        style_id = paragraph._p.style
        if style_id not in self._facts:
            style = self._by_id.get(style_id)
            if style is None or style.type != self._paragraph:
                style = self._default
            self._facts[style_id] = _StyleFacts(style.name or "", self._heading(style), style.font.bold) if style is not None else None
        return self._facts[style_id]

    def _heading(self, style) -> bool:
        chain: dict[str | None, None] = {}  # in order, and searched at once
        found = False
        while style is not None and style.style_id not in chain:
            if style.style_id in self._headings:
                found = self._headings[style.style_id]
                break
            chain[style.style_id] = None
            if (style.name or "").startswith(HEADING_STYLES):
                found = True
                break
            style = self._by_id.get(style.element.basedOn_val)
        for style_id in chain:
            self._headings[style_id] = found
        return found


class ListNumbers:
    """The numbers given so far to the items of each numbered list, level by level."""

    def __init__(self) -> None:
        self._lists: dict[str, dict[int, int]] = {}

    def next(self, list_id: str, level: int) -> str:
        """« 3. » for the third item of ``list_id`` at ``level``: an item of a higher level restarts
        the deeper ones (looked for among the list's levels only, so that thousands of lists cost
        no more each than one)."""
        levels = self._lists.setdefault(list_id, {})
        levels[level] = levels.get(level, 0) + 1
        for deeper in [other for other in levels if other > level]:
            del levels[deeper]
        return f"{levels[level]}."


class _DocxReader:
    def __init__(self, document):
        self.document = document
        self.numbers = ListNumbers()
        self._lists: tuple[dict[str | None, str], dict[str | None, dict[str | None, str]]] | None = None
        self._styles = _ParagraphStyles(document)

    def block(self, item) -> list[str]:
        from docx.table import Table

        if isinstance(item, Table):
            return self.table(item)
        from docx.text.paragraph import Paragraph

        # Worked out once: it counts the items of a numbered list.
        marker = self.list_marker(item)
        text = self.marked(item, marker)
        boxes = [self.paragraph(Paragraph(p, item._parent)) for p in item._p.xpath(_TEXT_BOX)]
        return [HEADING + text if text.strip() and self.is_heading(item, marker) else text, *boxes]

    def is_heading(self, paragraph, marker: str | None) -> bool:
        """A « Titre 1 »… paragraph, or a line all in bold that is not a list item (``marker``): how a
        coordinator titles the sections of a minutes written without a « Discussion » table."""
        style = self._styles.of(paragraph)
        if style is not None and style.heading:
            return True
        style_bold = style is not None and style.bold
        runs = [run for run in paragraph.runs if run.text.strip()]
        bold = bool(runs) and all(run.bold or run.bold is None and style_bold for run in runs)
        return bold and short_line(paragraph.text) and marker is None

    def table(self, table) -> list[str]:
        lines: list[str] = []
        # The cell elements themselves, kept alive: an id() of a freed lxml proxy may be reused.
        above: set = set()
        for row in table.rows:
            seen: set = set()
            for cell in row.cells:
                if cell._tc in seen:  # merged across columns: one cell
                    continue
                seen.add(cell._tc)
                if cell._tc in above:  # merged down from the row above: already read, an empty cell here
                    lines.append("\t")
                    continue
                cell_lines = [line for line in self.cell(cell) if line.strip()]
                lines.append("\t" + (cell_lines[0] if cell_lines else ""))
                lines.extend(cell_lines[1:])
            above |= seen
            lines.append("")
        return lines

    def cell(self, cell) -> list[str]:
        from docx.table import Table

        lines: list[str] = []
        for item in _block_items(cell._tc, cell):
            if isinstance(item, Table):  # a nested table: its cells become paragraphs
                lines.extend(line.lstrip("\t") for line in self.table(item))
            else:
                lines.append(self.paragraph(item))
        return lines

    def paragraph(self, paragraph) -> str:
        return self.marked(paragraph, self.list_marker(paragraph))

    def marked(self, paragraph, marker: str | None) -> str:
        """The text of ``paragraph`` after its list marker (``list_marker``)."""
        from docx.text.hyperlink import Hyperlink

        parts: list[str] = []
        for item in _inner_content(paragraph._p, paragraph):
            if isinstance(item, Hyperlink):
                text, address = item.text, item.address
                if item.fragment:
                    address = f"{address}#{item.fragment}" if address else ""
                parts.append(f"{text} ({address})" if address and address not in text else text)
            else:
                parts.append(item.text)
        text = "".join(parts).replace("\t", " ").replace("\n", " ").replace("\xad", "")
        return f"{marker} {text.strip()}" if marker and text.strip() else text

    def list_marker(self, paragraph) -> str | None:
        """« · » for a bullet item, « 3. » for a numbered one, ``None`` for a plain paragraph."""
        p_pr = paragraph._p.pPr
        num_pr = p_pr.numPr if p_pr is not None else None
        facts = self._styles.of(paragraph)
        style = facts.name if facts is not None else ""
        if num_pr is None or num_pr.numId is None:
            if style.startswith("List Number"):
                return self.numbers.next(f"style:{style}", 0)
            return "·" if style.startswith(("List Bullet", "List Paragraph")) else None
        num_id = str(num_pr.numId.val)
        level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        if self._format(num_id, str(level)) in ("bullet", "none", ""):
            return "·"
        return self.numbers.next(num_id, level)

    def _format(self, num_id: str, level: str) -> str:
        if self._lists is None:
            self._lists = self._read_lists()
        abstracts, formats = self._lists
        abstract = abstracts.get(num_id)
        return formats.get(abstract, {}).get(level, "bullet") if abstract is not None else "bullet"

    def _read_lists(self) -> tuple[dict[str | None, str], dict[str | None, dict[str | None, str]]]:
        """The lists' definitions, read once from the numbering part: each list's definition, and
        each definition's format (« bullet », « decimal »…) at each level. Looked up there for each
        list, a document of thousands of lists took the square of their number. The first of two
        definitions counts, as Word reads it."""
        from docx.oxml.ns import qn

        try:
            numbering = self.document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return {}, {}
        formats: dict[str | None, dict[str | None, str]] = {}
        for written in numbering.xpath("./w:abstractNum/w:lvl/w:numFmt/@w:val"):
            level = written.getparent().getparent()  # the attribute's « numFmt », then its « lvl »
            formats.setdefault(level.getparent().get(qn("w:abstractNumId")), {}).setdefault(level.get(qn("w:ilvl")), str(written))
        abstracts: dict[str | None, str] = {}
        for abstract_id in numbering.xpath("./w:num/w:abstractNumId/@w:val"):
            abstracts.setdefault(abstract_id.getparent().getparent().get(qn("w:numId")), str(abstract_id))
        return abstracts, formats

