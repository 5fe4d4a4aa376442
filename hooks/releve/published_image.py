"""The images of ``docs/`` and ``medias/``, published as they are: the texts they carry besides
their pixels.

A photograph keeps who took it, a description, a comment, keywords: an image viewer, a computer's
« Propriétés » or a search engine show them to whoever saves the image from the site. So the texts
of each published image are read here (``texts``) and given to the contact check of a text file
(``validate._image_file``), as a PDF's properties are: a PNG's text chunks, a JPEG's comment, the
EXIF fields that hold text (description, artist, copyright, comment, the « Title », « Author »…
Windows writes), its IPTC fields (by-line, caption, contact…) and its XMP metadata, a GIF's
comments and XMP, a WebP's EXIF and XMP. Identifiers, serial numbers and dates are left out, as a
viewer shows them as such: their digits could read as a phone number.

Only the containers are walked, no pixel is decoded: the work is bounded by the file's size (read
once, at most ``MAX_BYTES``), and a compressed text is inflated up to ``MAX_TEXT``. A container cut
short ends the walk: what was read is checked, as a browser would show the image anyway.
"""

from __future__ import annotations

import io
import struct
import warnings
import zlib
from pathlib import Path

from .hand_written import SIGNATURES
from .problems import Problem
from .published_pdf import MAX_METADATA, Refused, xmp_texts
from .sources import read_bytes

MAX_BYTES = 20_000_000
"""Largest image published (20 Mo, a PDF's bound): a photograph from a phone is a few; the whole
file is read into memory."""
MAX_TEXT = MAX_METADATA
"""Most bytes a compressed text of a PNG is inflated to (1 Mo)."""
MAX_TEXTS = 2 * MAX_METADATA
"""Most characters of all the texts of an image (2 Mo; a photograph's are a few thousand): a PNG's
compressed texts inflate a thousandfold and an EXIF field may point at any bytes of the file, again
and again, so that an image of 50 ko claimed 50 million characters, one of 20 Mo gigabytes."""
WHERE = "les propriétés de l'image (auteur, description, commentaire, mots-clés…)"
"""Where a contact found here is, as the message names it."""

_PNG = b"\x89PNG\r\n\x1a\n"
_XMP_KEYWORD = "XML:com.adobe.xmp"
_HIDDEN_PNG = ("Creation Time", "date:", "exif:", "Raw profile type", "icc", "Signature", "Thumb::")
"""The PNG keywords no viewer shows as text: dates, what ImageMagick copies from EXIF as hex or
one field by key (identifiers, serial numbers, dates: but those of ``_SHOWN_PNG``), a colour
profile, a checksum."""
_SHOWN_PNG = tuple(
    f"exif:{name}" for name in ("ImageDescription", "Artist", "Copyright", "UserComment", "CameraOwnerName", "XPTitle", "XPComment", "XPAuthor", "XPKeywords", "XPSubject")
)
"""The EXIF fields that hold text (``_SHOWN_EXIF``), as ImageMagick copies them into a PNG."""
_XMP_JPEG = b"http://ns.adobe.com/xap/1.0/\x00"
_XMP_EXTENDED = b"http://ns.adobe.com/xmp/extension/\x00"
_EXIF = b"Exif\x00\x00"
_SHOWN_EXIF = {0x010E, 0x013B, 0x8298, 0x9286, 0xA430, 0x9C9B, 0x9C9C, 0x9C9D, 0x9C9E, 0x9C9F}
"""ImageDescription, Artist, Copyright, UserComment, CameraOwnerName and Windows's XPTitle,
XPComment, XPAuthor, XPKeywords, XPSubject (UTF-16)."""
_EXIF_IFD = 0x8769
_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8}
_HIDDEN_IPTC = {0, 55, 60, 62, 63, 70, 200, 201, 202}
"""IPTC datasets of record 2 shown as no text: the record's version, dates and times, a preview."""


def read(root: Path, relpath: str) -> bytes:
    """The bytes of the image ``relpath``, refused (``LoadError``) as a source would be
    (``sources.read_bytes``: a symbolic link, a special file, one above ``MAX_BYTES``)."""
    return read_bytes(root, relpath, MAX_BYTES, _too_large)


def _too_large(relpath: str, size: int) -> Problem:
    return Problem(
        relpath, 1, f"l'image fait plus de {MAX_BYTES // 1_000_000} Mo, la limite d'une image publiée : enregistrez-la en plus petit"
    )


_FORMATS = ((_PNG, "PNG"), (b"\xff\xd8", "JPEG"), (b"GIF8", "GIF"))
"""Pillow's name of each format, by its first bytes (``hand_written.SIGNATURES``). Not a WebP's:
Pillow's reader sets up its whole canvas, 50 ms for a file of 5 ko that claims 12,000 × 12,000
pixels; its first 12 bytes are checked (« RIFF », « WEBP »)."""
SIZED_SUFFIXES = frozenset(suffix for suffix, starts in SIGNATURES.items() if any(start.startswith(first) for start in starts for first, _ in _FORMATS))
"""The names' endings of the published files whose size ``check_header`` reads (the validation has
checked that each file starts as its ending says)."""


def _format(data: bytes) -> str | None:
    """Pillow's name of the format ``data`` starts as (``_FORMATS``), None for any other (a WebP)."""
    return next((name for signature, name in _FORMATS if data.startswith(signature)), None)


def check_header(data: bytes) -> tuple[int, int] | None:
    """The width and height of the image ``data`` (None for a WebP, not read: see ``_FORMATS``); raise
    ``Refused`` unless it starts as the image its first bytes announce: after a PNG's signature, a page
    (HTML, a script) is no image, and was published as one. Pillow (which comes with WeasyPrint) reads
    what a viewer needs before the pixels, no pixel: a PNG's chunks up to its image data (checksums
    included), a JPEG's markers up to its frame: a tenth of a millisecond. An image cut short in its
    pixels passes, as a browser shows what it has."""
    name = _format(data)
    if name is None:  # a WebP
        return None
    from PIL import Image, ImageFile  # when there is an image to check: 20 ms of imports

    # WeasyPrint's import sets this for the whole process; with it, Pillow skips a bad checksum in an
    # optional chunk (a text, a colour profile), as viewers do. Set here too, so that the check does not
    # depend on whether a PDF was written before it; its critical chunks' checksums are still checked.
    ImageFile.LOAD_TRUNCATED_IMAGES = True
    try:
        with warnings.catch_warnings():  # Pillow's English notes on what it reads (« Corrupt EXIF data »…)
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data), formats=[name]) as image:
                return image.size
    except Image.DecompressionBombError:
        most = 2 * Image.MAX_IMAGE_PIXELS // 1_000_000  # Pillow's bound, where a viewer would need gigabytes
        raise Refused(f"cette image annonce plus de {most} millions de pixels, plus qu'une image publiée : enregistrez-la en plus petit") from None
    except Exception:  # Pillow's error for a damaged file depends on the format (OSError, SyntaxError, struct.error…)
        raise Refused(f"ce fichier n'est pas une image {name} lisible : enregistrez-le à nouveau dans ce format, ou retirez-le") from None


class _Texts(list):
    """The texts found, refused past ``MAX_TEXTS`` characters in all: not cut short, since a contact
    after them would go unchecked."""

    size = 0

    def append(self, text: str) -> None:
        self.size += len(text)
        if self.size > MAX_TEXTS:
            raise Refused(f"les propriétés de cette image font plus de {MAX_TEXTS // 1_000_000} millions de caractères : enregistrez-la à nouveau sans elles")
        super().append(text)

    def __iadd__(self, texts):
        for text in texts:
            self.append(text)
        return self


def texts(data: bytes) -> list[str]:
    """The texts of the image whose bytes are ``data`` that a viewer shows as its properties. Raise
    ``Refused`` when its XMP metadata is not XML (its text could not be checked), or when they pass
    ``MAX_TEXTS``."""
    found = _Texts()
    name = _format(data)
    try:
        if name is not None:
            _WALKS[name](data, found)
        elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            _webp(data, found)
    except (struct.error, IndexError, ValueError, zlib.error):
        pass  # cut short or damaged: what was read is checked
    return [text.strip() for text in found if text.strip()]


def _xmp(data: bytes, found: list[str]) -> None:
    if len(data) > MAX_METADATA:
        raise Refused(f"les métadonnées (XMP) de cette image font plus de {MAX_METADATA // 1_000_000} Mo : enregistrez-la à nouveau sans elles")
    found += xmp_texts(data.rstrip(b"\x00"), "cette image", "enregistrez-la à nouveau depuis le logiciel qui l'a créée")


def _inflated(data: bytes) -> bytes:
    inflater = zlib.decompressobj()
    return inflater.decompress(data, MAX_TEXT)


def _png(data: bytes, found: list[str]) -> None:
    position = len(_PNG)
    while position + 8 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, position)
        chunk = data[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"IEND":
            break
        if kind == b"eXIf":
            _exif(chunk, found)
            continue
        if kind not in (b"tEXt", b"zTXt", b"iTXt"):
            continue
        keyword, _, rest = chunk.partition(b"\x00")
        name = keyword.decode("latin-1")
        if kind == b"tEXt":
            text = rest.decode("latin-1")
        elif kind == b"zTXt":
            text = _inflated(rest[1:]).decode("latin-1")
        else:
            compressed, rest = rest[0], rest[2:]
            _, _, rest = rest.partition(b"\x00")  # the language
            translated, _, rest = rest.partition(b"\x00")
            found.append(translated.decode("utf-8", "replace"))
            text = (_inflated(rest) if compressed else rest).decode("utf-8", "replace")
        if name == _XMP_KEYWORD:
            _xmp(text.encode("utf-8"), found)
        elif name in _SHOWN_PNG or not name.startswith(_HIDDEN_PNG):
            found.append(text)


def _jpeg(data: bytes, found: list[str]) -> None:
    position = 2
    extended: list[tuple[int, bytes]] = []
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            position += 2
            continue
        if marker in (0xDA, 0xD9):  # the image data starts: no metadata after it
            break
        (length,) = struct.unpack_from(">H", data, position + 2)
        segment = data[position + 4 : position + 2 + length]
        position += 2 + length
        if marker == 0xFE:
            found.append(segment.decode("utf-8", "replace"))
        elif marker == 0xE1 and segment.startswith(_EXIF):
            _exif(segment[len(_EXIF) :], found)
        elif marker == 0xE1 and segment.startswith(_XMP_JPEG):
            _xmp(segment[len(_XMP_JPEG) :], found)
        elif marker == 0xE1 and segment.startswith(_XMP_EXTENDED):
            # The part of an XMP too large for one segment: its offset, after a GUID and the full length.
            (offset,) = struct.unpack_from(">I", segment, len(_XMP_EXTENDED) + 36)
            extended.append((offset, segment[len(_XMP_EXTENDED) + 40 :]))
        elif marker == 0xED and segment.startswith(b"Photoshop 3.0\x00"):
            _photoshop(segment[14:], found)
    if extended:
        _xmp(b"".join(part for _, part in sorted(extended)), found)


def _exif(data: bytes, found: list[str]) -> None:
    """The text fields of an EXIF block (a TIFF header and its first directories)."""
    if data.startswith(_EXIF):
        data = data[len(_EXIF) :]
    order = {b"II": "<", b"MM": ">"}.get(data[:2])
    if order is None:
        return
    (first,) = struct.unpack_from(order + "I", data, 4)
    pending, seen = [first], set()
    while pending and len(seen) < 8:
        directory = pending.pop()
        if directory in seen or directory + 2 > len(data):
            continue
        seen.add(directory)
        (count,) = struct.unpack_from(order + "H", data, directory)
        for index in range(min(count, (len(data) - directory - 2) // 12)):
            tag, kind, number, value = struct.unpack_from(order + "HHI4s", data, directory + 2 + 12 * index)
            if tag == _EXIF_IFD:
                pending.append(struct.unpack(order + "I", value)[0])
                continue
            if tag not in _SHOWN_EXIF or kind not in (1, 2, 7):
                continue
            size = number * _TYPE_SIZES[kind]
            if size <= 4:
                raw = value[:size]
            else:
                (offset,) = struct.unpack(order + "I", value)
                raw = data[offset : offset + size]
            found.append(_exif_text(tag, raw))


def _exif_text(tag: int, raw: bytes) -> str:
    if tag >= 0x9C9B:  # Windows's fields: UTF-16, little-endian whatever the block's order
        return raw.decode("utf-16-le", "replace").rstrip("\x00")
    if tag == 0x9286:  # UserComment: an 8-byte code of its character set, then the text
        code, raw = raw[:8], raw[8:]
        if code.startswith(b"UNICODE"):
            return raw.decode("utf-16-be" if raw[:1] == b"\x00" else "utf-16-le", "replace").rstrip("\x00")
    return raw.decode("utf-8", "replace").rstrip("\x00")


def _photoshop(data: bytes, found: list[str]) -> None:
    """The IPTC fields of a JPEG's Photoshop resources (``8BIM``, resource 0x0404)."""
    position = 0
    while position + 12 <= len(data) and data[position : position + 4] == b"8BIM":
        (resource,) = struct.unpack_from(">H", data, position + 4)
        name_length = data[position + 6]
        position += 6 + name_length + 1 + (name_length + 1) % 2
        (size,) = struct.unpack_from(">I", data, position)
        block = data[position + 4 : position + 4 + size]
        position += 4 + size + size % 2
        if resource == 0x0404:
            _iptc(block, found)


def _iptc(data: bytes, found: list[str]) -> None:
    position = 0
    while position + 5 <= len(data) and data[position] == 0x1C:
        record, dataset, size = data[position + 1], data[position + 2], struct.unpack_from(">H", data, position + 3)[0]
        position += 5
        if size & 0x8000:  # an extended length: its number of bytes, then the length
            width = size & 0x7FFF
            size = int.from_bytes(data[position : position + width], "big")
            position += width
        if record == 2 and dataset not in _HIDDEN_IPTC:
            found.append(data[position : position + size].decode("utf-8", "replace"))
        position += size


def _gif(data: bytes, found: list[str]) -> None:
    position = 13
    if data[10] & 0x80:  # a global colour table
        position += 3 << ((data[10] & 0x07) + 1)
    while position < len(data):
        block = data[position]
        if block == 0x3B:  # the trailer
            break
        if block == 0x2C:  # an image: its descriptor, colour table and the first byte of its data
            packed = data[position + 9]
            position += 10 + ((3 << ((packed & 0x07) + 1)) if packed & 0x80 else 0) + 1
        elif block == 0x21:
            label = data[position + 1]
            position += 2
            if label == 0xFF and data[position : position + 12] == b"\x0bXMP DataXMP":
                # XMP as it is, ended by a « magic trailer » that reads as sub-blocks.
                end = data.find(b"<?xpacket end", position)
                close = data.find(b"?>", end) if end != -1 else -1
                if close != -1:
                    _xmp(data[position + 12 : close + 2], found)
            elif label == 0xFE:
                comment, position = _sub_blocks(data, position)
                found.append(comment.decode("utf-8", "replace"))
                continue
        else:
            break
        _, position = _sub_blocks(data, position)


def _sub_blocks(data: bytes, position: int) -> tuple[bytes, int]:
    """The data of the sub-blocks at ``position`` (each its length, then its bytes, until a zero), and where they end."""
    parts = []
    while position < len(data) and data[position]:
        parts.append(data[position + 1 : position + 1 + data[position]])
        position += 1 + data[position]
    return b"".join(parts), position + 1


def _webp(data: bytes, found: list[str]) -> None:
    position = 12
    while position + 8 <= len(data):
        kind, size = struct.unpack_from("<4sI", data, position)
        chunk = data[position + 8 : position + 8 + size]
        position += 8 + size + size % 2
        if kind == b"EXIF":
            _exif(chunk, found)
        elif kind == b"XMP ":
            _xmp(chunk, found)


_WALKS = {"PNG": _png, "JPEG": _jpeg, "GIF": _gif}
"""How the texts of each format of ``_FORMATS`` are read."""
