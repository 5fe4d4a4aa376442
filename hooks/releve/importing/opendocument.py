"""Read an OpenDocument text (``.odt``, LibreOffice's format, or ``.fodt``, the same document in one
XML file) into the lines ``reading.read_docx`` gives for the same document: one parser then serves
Word, LibreOffice and text exports.

The XML is parsed by lxml without resolving any entity, loading any DTD or reaching the network,
and within lxml's depth limit; the zip's sizes are checked first (``check_archive``), as a .docx's.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..words import number
from .reading import (
    HEADING_STYLES,
    OPENDOCUMENT,
    MAX_PARAGRAPHS,
    DocumentText,
    ListNumbers,
    TextSize,
    UnreadableDocument,
    check_archive,
    check_paragraphs,
    short_line,
)
from .text import HEADING, remove_artefacts

NAMESPACES = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "xml": "http://www.w3.org/XML/1998/namespace",
}


def _q(name: str) -> str:
    """« text:p » as lxml spells it: « {urn:…:text:1.0}p »."""
    prefix, local = name.split(":")
    return f"{{{NAMESPACES[prefix]}}}{local}"


_P, _H, _LIST, _TABLE = _q("text:p"), _q("text:h"), _q("text:list"), _q("table:table")
_NUMBERED, _NUMBER = _q("text:numbered-paragraph"), _q("text:number")
_SKIPPED = {_q(name) for name in (
    "text:note",  # a footnote: Word keeps its text out of the paragraph, so does the .docx reader
    "office:annotation",  # a comment
    "text:ruby-text",
    "draw:frame",  # a text box or a picture: its paragraphs are read after the paragraph's line
)}
_SKIPPED_BLOCKS = {_q(name) for name in (
    "text:tracked-changes",  # the deleted text of tracked changes: not the text as it reads now
    "office:forms", "text:sequence-decls", "text:variable-decls",
    "text:user-field-decls", "text:dde-connection-decls", "office:annotation", "text:note",
)}
MAX_REPEATED = 64
"""Most times a repeated table cell or row is read: Writer's tables have at most 64 columns, and a
cell « repeated » a billion times is a few bytes that would be a billion lines."""
MAX_TABLE_LINES = 2 * MAX_PARAGRAPHS
"""Most lines the tables of a document make, repeated rows and cells included: those of as many
one-cell rows as paragraphs allowed, each row followed by a blank line. A table of rows and cells
repeated 64 times in a cell of such a table, 1.4 ko of XML, made 16.8 million lines (10 s), one more
level 69 billion; 20,000 such tables of one paragraph, 82 million."""
MAX_LEVEL = 10
"""Deepest level of a list: OpenDocument's list styles have ten."""
MAX_SPACES = 100
"""Most spaces « text:s » gives: the draft collapses them anyway."""
_WHITESPACE = re.compile(r"[ \t\r\n]+")


def _parse(data: bytes):
    from lxml import etree

    # No entity resolved (a billion laughs, or « file:///… » read into the text), no DTD loaded, no network.
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)
    return etree.fromstring(data, parser)


def _part(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        return archive.read(name)
    except KeyError:
        return None


def read_odt(path: Path) -> DocumentText:
    """Body paragraphs, lists and tables in document order (page header first), as export-shaped lines."""
    check_archive(path, OPENDOCUMENT)
    damaged = _damaged(path)
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = _part(archive, "META-INF/manifest.xml") or b""
            content, styles = _part(archive, "content.xml"), _part(archive, "styles.xml")
    except (OSError, zipfile.BadZipFile, zlib.error, ValueError, RuntimeError, NotImplementedError, EOFError):
        raise damaged from None
    if b"encryption-data" in manifest:
        raise UnreadableDocument(
            f"« {path.name} » est protégé par un mot de passe : ouvrez-le dans LibreOffice, enregistrez-le "
            "sans mot de passe (Fichier > Enregistrer sous, sans cocher « Enregistrer avec mot de passe ») "
            "puis importez-le à nouveau."
        )
    if content is None:
        raise damaged
    return _read(path, content, styles)


def read_fodt(path: Path, data: bytes) -> DocumentText:
    """A flat OpenDocument text (``data``, read from ``path``): its one XML file holds what an .odt's
    « content.xml » and « styles.xml » hold, and is read as they are."""
    return _read(path, data, None)


def _damaged(path: Path) -> UnreadableDocument:
    return UnreadableDocument(f"« {path.name} » est un document OpenDocument endommagé ou d'un format inattendu.")


def _read(path: Path, content: bytes, styles: bytes | None) -> DocumentText:
    """Body paragraphs, lists and tables of ``content`` in document order, after the page header of
    ``styles`` (of ``content`` itself for a flat document)."""
    try:
        root = _parse(content)
        styles_root = _parse(styles) if styles else root
    except Exception:  # not XML, nested past lxml's limit, a DTD: never a traceback
        raise _damaged(path) from None
    check_paragraphs(path, int(root.xpath("count(.//text:p | .//text:h)", namespaces=NAMESPACES)))
    try:
        reader = _OdtReader(_Styles([styles_root] if styles_root is root else [styles_root, root]), TextSize(path))
        lines = reader.header(styles_root)
        images = 0
        for text in root.iterfind("office:body/office:text", NAMESPACES):
            lines.extend(reader.blocks(text))
            images += len(text.xpath(".//draw:frame[draw:image]", namespaces=NAMESPACES))  # a picture and its fallback: one
    except _TooManyTableLines:
        raise UnreadableDocument(
            f"« {path.name} » répète les lignes ou les cellules de ses tableaux au-delà de {number(MAX_TABLE_LINES)} lignes, "
            "la limite : un compte rendu, même long, en compte quelques centaines. Vérifiez qu'il s'agit bien du compte rendu."
        ) from None
    except UnreadableDocument:
        raise
    except Exception:  # a damaged document: never a traceback
        raise _damaged(path) from None
    return DocumentText([remove_artefacts(line) for line in lines], images)


@dataclass(frozen=True)
class _StyleFacts:
    heading: bool
    """A title style (``HEADING_STYLES``), or one based on it."""
    bold: bool | None
    list_style: str | None


class _Styles:
    """Paragraph, text and list styles of a document (its named ones in styles.xml, its automatic
    ones in content.xml), each looked up once; a style based on itself through others ends its
    chain there."""

    def __init__(self, trees) -> None:
        self._written: dict[tuple[str, str], object] = {}
        self.lists: dict[str, dict[str, str]] = {}
        for tree in trees:
            for style in tree.iterfind(".//style:style", NAMESPACES):
                self._written.setdefault((style.get(_q("style:family"), ""), style.get(_q("style:name"), "")), style)
            for list_style in tree.iterfind(".//text:list-style", NAMESPACES):
                levels = self.lists.setdefault(list_style.get(_q("style:name"), ""), {})
                for level in list_style:
                    kind = level.tag.rsplit("}", 1)[-1]
                    number = kind == "list-level-style-number" and level.get(_q("style:num-format"), "1") != ""
                    levels.setdefault(level.get(_q("text:level"), "1"), "number" if number else "bullet")
        self._facts: dict[tuple[str, str], _StyleFacts] = {}

    def of(self, family: str, name: str | None) -> _StyleFacts:
        key = (family, name or "")
        chain: dict[tuple[str, str], None] = {}  # in order, and searched at once
        while key in self._written and key not in self._facts and key not in chain:
            chain[key] = None
            key = (family, self._written[key].get(_q("style:parent-style-name"), ""))
        base = self._facts.get(key, _StyleFacts(False, None, None))
        for link in reversed(chain):  # from the style the others are based on
            base = self._facts[link] = self._own(self._written[link], link[1], base)
        return self._facts.get((family, name or ""), base)

    @staticmethod
    def _own(style, name: str, base: _StyleFacts) -> _StyleFacts:
        """The facts of ``style``: what it writes, else what its base style says."""
        bold = None
        for properties in style.iterfind("style:text-properties", NAMESPACES):
            weight = properties.get(_q("fo:font-weight"))
            if weight is not None:
                bold = weight == "bold" or weight.isdigit() and len(weight) == 3 and weight >= "600"
        shown = style.get(_q("style:display-name")) or name
        return _StyleFacts(base.heading or shown.startswith(HEADING_STYLES),
                           base.bold if bold is None else bold,
                           style.get(_q("style:list-style-name")) or base.list_style)


@dataclass(frozen=True)
class _Item:
    """Where a paragraph stands in a list: the list it counts in, its style, its level (0 first)."""

    list_id: str
    style: str | None
    level: int
    numbered: bool
    """``False`` for a list header, an item without number or bullet."""


class _TooManyTableLines(Exception):
    """The document's tables made more than ``MAX_TABLE_LINES`` lines."""


class _OdtReader:
    def __init__(self, styles: _Styles, size: TextSize) -> None:
        self.styles = styles
        self.size = size  # each paragraph's text counted once made, a repeated cell's at each repetition
        self.numbers = ListNumbers()
        self._last_of_style: dict[str | None, str] = {}
        self._by_id: dict[str, str] = {}
        self._lists = 0
        self._table_lines = 0  # a nested table's lines are counted again in the cell holding it

    def header(self, styles_root) -> list[str]:
        """The first page style's header, as the .docx reader reads its first section's."""
        for header in styles_root.iterfind("office:master-styles/style:master-page/style:header", NAMESPACES):
            return self.size.add([self.paragraph(paragraph, None)[0] for paragraph in header if paragraph.tag in (_P, _H)])
        return []

    def blocks(self, container, item: _Item | None = None) -> list[str]:
        lines: list[str] = []
        for child in container:
            if not isinstance(child.tag, str):  # a comment or a processing instruction
                continue
            if child.tag in (_P, _H):
                lines.extend(self.block(child, item))
            elif child.tag == _LIST:
                lines.extend(self.list(child, item))
            elif child.tag == _NUMBERED:
                lines.extend(self.numbered(child))
            elif child.tag == _TABLE:
                lines.extend(self.table(child))
            elif child.tag not in _SKIPPED_BLOCKS and not child.tag.endswith("-source"):
                lines.extend(self.blocks(child, item))  # a section, an index's body, a frame's text box…
        return lines

    def list(self, element, outer: _Item | None) -> list[str]:
        """A list's items; a list inside an item is the same list, one level deeper."""
        if outer is None:
            style = element.get(_q("text:style-name"))
            list_id = self._list_id(element, style, element.get(_q("xml:id")), element.get(_q("text:continue-list")))
            level = 0
        else:
            list_id, style, level = outer.list_id, element.get(_q("text:style-name")) or outer.style, outer.level + 1
        lines: list[str] = []
        for child in element:
            numbered = child.tag == _q("text:list-item")
            if numbered or child.tag == _q("text:list-header"):
                lines.extend(self.blocks(child, _Item(list_id, style, level, numbered)))
        return lines

    def numbered(self, element) -> list[str]:
        """A numbered paragraph outside a list (« text:numbered-paragraph »): an item, at its level, of
        the list its « text:list-id » names, as Word's numbered paragraphs are items of theirs."""
        style = element.get(_q("text:style-name"))
        list_id = self._list_id(element, style, None, element.get(_q("text:list-id")))
        level = _count(element.get(_q("text:level")), MAX_LEVEL) - 1
        return self.blocks(element, _Item(list_id, style, level, True))

    def _list_id(self, element, style: str | None, own: str | None, followed: str | None) -> str:
        """The list ``element`` counts in: the one it continues (``followed``, a list's id), else the
        last one of its style if it continues numbering, else a new one (``own``, its id, if it has one)."""
        self._lists += 1
        list_id = own or f"liste {self._lists}"
        if followed is not None:
            list_id = self._by_id.get(followed, followed)
        elif element.get(_q("text:continue-numbering")) == "true" and style in self._last_of_style:
            list_id = self._last_of_style[style]
        self._last_of_style[style] = self._by_id[own or list_id] = list_id
        return list_id

    def block(self, element, item: _Item | None) -> list[str]:
        text, bold, boxes = self.paragraph(element, item)
        facts = self.styles.of("paragraph", element.get(_q("text:style-name")))
        marked = item is not None and item.numbered
        # As the .docx reader: a heading style, or a short line all in bold that is not a list item.
        heading = element.tag == _H or facts.heading or bold and short_line(text) and not marked
        return [*self.size.add([HEADING + text if text.strip() and heading else text]), *boxes]

    def paragraph(self, element, item: _Item | None) -> tuple[str, bool, list[str]]:
        """The paragraph's text with its list marker, whether all its text is in bold, and the lines
        of the text boxes it anchors."""
        parts: list[str] = []
        bolds: list[bool] = []
        boxes: list[str] = []
        self._inline(element, bool(self.styles.of("paragraph", element.get(_q("text:style-name"))).bold), parts, bolds, boxes)
        text = "".join(parts).replace("\xad", "")
        marker = self.marker(element, item)
        return (f"{marker} {text.strip()}" if marker and text.strip() else text), bool(bolds) and all(bolds), boxes

    def _inline(self, element, bold: bool, parts: list[str], bolds: list[bool], boxes: list[str]) -> None:
        def add(text: str | None) -> None:
            if text:
                text = _WHITESPACE.sub(" ", text)
                parts.append(text)
                if text.strip():
                    bolds.append(bold)

        add(element.text)
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):  # a comment, a processing instruction, an entity left unresolved
                pass
            elif tag == _q("text:s"):
                count = child.get(_q("text:c"), "1")
                parts.append(" " * _count(count, MAX_SPACES))
            elif tag in (_q("text:tab"), _q("text:line-break")):
                parts.append(" ")  # as the .docx reader reads Word's tabs and manual line breaks
            elif tag == _q("text:a"):
                inner: list[str] = []
                self._inline(child, bold, inner, bolds, boxes)
                text, address = "".join(inner), child.get(_q("xlink:href"), "")
                address = "" if address.startswith("#") else address  # a link within the document
                parts.append(f"{text} ({address})" if address and address not in text else text)
            elif tag == _q("draw:frame"):
                for box in child.iterfind("draw:text-box", NAMESPACES):
                    boxes.extend(self.blocks(box))
            elif tag not in _SKIPPED:
                span = self.styles.of("text", child.get(_q("text:style-name"))).bold if tag == _q("text:span") else None
                self._inline(child, bold if span is None else span, parts, bolds, boxes)
            add(child.tail)

    def marker(self, element, item: _Item | None) -> str | None:
        """« · » for a bullet item, « 3. » for a numbered one, ``None`` for a plain paragraph or a
        list header (or any paragraph of an item but its first)."""
        before = element.getprevious()
        if item is None or not item.numbered or before is not None and before.tag != _NUMBER:  # the number as last shown
            return None
        style = item.style or self.styles.of("paragraph", element.get(_q("text:style-name"))).list_style
        if self.styles.lists.get(style or "", {}).get(str(item.level + 1), "bullet") == "bullet":
            return "·"
        return self.numbers.next(item.list_id, item.level)

    def table(self, element) -> list[str]:
        """Row by row, as the .docx reader: each cell's first line after a tab, its other lines on
        their own, a blank line after the row; a cell merged into the one on its left is no cell,
        one merged into the one above is an empty cell."""
        lines: list[str] = []
        for row in self._rows(element):
            spanned = 0  # cells still covered by a cell of this row spanning columns
            for cell in row:
                if cell.tag == _q("table:covered-table-cell"):
                    if spanned:
                        spanned -= 1
                    else:
                        self._add(lines, ["\t"])
                    continue
                if cell.tag != _q("table:table-cell"):
                    continue
                spanned = _count(cell.get(_q("table:number-columns-spanned"))) - 1
                cell_lines = [line for line in self.cell(cell) if line.strip()]
                for repetition in range(_count(cell.get(_q("table:number-columns-repeated")))):
                    made = ["\t" + (cell_lines[0] if cell_lines else ""), *cell_lines[1:]]
                    self._add(lines, self.size.add(made) if repetition else made)  # the first, read, is counted
            self._add(lines, [""])
        return lines

    def _add(self, lines: list[str], made: list[str]) -> None:
        """Add a table's ``made`` lines to its ``lines``, counted as they are made: never more than
        ``MAX_TABLE_LINES`` in memory."""
        self._table_lines += len(made)
        if self._table_lines > MAX_TABLE_LINES:
            raise _TooManyTableLines
        lines.extend(made)

    def _rows(self, element):
        for child in element:
            if child.tag == _q("table:table-row"):
                for _ in range(_count(child.get(_q("table:number-rows-repeated")))):
                    yield child
            elif child.tag in (_q("table:table-header-rows"), _q("table:table-rows"), _q("table:table-row-group")):
                yield from self._rows(child)

    def cell(self, cell) -> list[str]:
        lines: list[str] = []
        for child in cell:
            if child.tag == _TABLE:  # a nested table: its cells become paragraphs
                lines.extend(line.lstrip("\t") for line in self.table(child))
            else:
                lines.extend(self.blocks([child]))
        return lines


def _count(written: str | None, most: int = MAX_REPEATED) -> int:
    """A count the document writes, at least 1 and at most ``most``."""
    if not written or not (written.isascii() and written.isdigit()):
        return 1
    return max(1, min(int(written[:6]) if len(written) <= 6 else most, most))
