"""Hostile input: the images of ``docs/`` and ``medias/`` publish no contact, neither in their name
nor in the texts a viewer shows as their properties (PNG text chunks, JPEG comment, EXIF, IPTC and
XMP, GIF comment, WebP EXIF); identifiers, serial numbers and dates are no contacts. Every image is
made here, byte by byte, and the project validated in process."""

from __future__ import annotations

import struct
import zlib

from conftest import BASE_FILES, write_project

from releve import pipeline

WHERE = "dans les propriétés de l'image (auteur, description, commentaire, mots-clés…) : retirez ce contact s'il est celui d'une personne"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(*chunks: bytes) -> bytes:
    """A grey PNG of 2 × 2 pixels with ``chunks`` before its image data."""
    header = _chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 0, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + header + b"".join(chunks) + _chunk(b"IDAT", zlib.compress(b"\x00\x80\x80" * 2)) + _chunk(b"IEND", b"")


def png_text(keyword: str, text: str, kind: bytes = b"tEXt") -> bytes:
    if kind == b"tEXt":
        return _chunk(kind, keyword.encode("latin-1") + b"\x00" + text.encode("latin-1"))
    if kind == b"zTXt":
        return _chunk(kind, keyword.encode("latin-1") + b"\x00\x00" + zlib.compress(text.encode("latin-1")))
    return _chunk(kind, keyword.encode("latin-1") + b"\x00\x01\x00fr\x00\x00" + zlib.compress(text.encode("utf-8")))


def _directory(entries: list[tuple[int, int, bytes]], base: int) -> bytes:
    """An EXIF directory at offset ``base`` of its TIFF block: each entry's tag, type and value."""
    data_start = base + 2 + 12 * len(entries) + 4
    head, tail = struct.pack("<H", len(entries)), b""
    for tag, kind, payload in entries:
        count = len(payload) // (4 if kind == 4 else 1)
        value = payload.ljust(4, b"\x00") if len(payload) <= 4 else struct.pack("<I", data_start + len(tail))
        tail += b"" if len(payload) <= 4 else payload
        head += struct.pack("<HHI", tag, kind, count) + value
    return head + struct.pack("<I", 0) + tail


def exif(main: list[tuple[int, int, bytes]], more: list[tuple[int, int, bytes]] = ()) -> bytes:
    """A little-endian EXIF block: ``main`` in its first directory, ``more`` in its Exif directory."""
    if not more:
        return b"II*\x00" + struct.pack("<I", 8) + _directory(main, 8)
    first = _directory([*main, (0x8769, 4, b"\x00" * 4)], 8)
    first = _directory([*main, (0x8769, 4, struct.pack("<I", 8 + len(first)))], 8)
    return b"II*\x00" + struct.pack("<I", 8) + first + _directory(list(more), 8 + len(first))


def ascii_field(tag: int, text: str) -> tuple[int, int, bytes]:
    return (tag, 2, text.encode("utf-8") + b"\x00")


def jpeg(*segments: tuple[int, bytes]) -> bytes:
    """A JPEG's markers: its segments (marker, data), its frame (2 × 2, three components: what a
    viewer reads before the pixels), then the start of its image data."""
    segments += ((0xC0, b"\x08\x00\x02\x00\x02\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01"),)
    body = b"".join(bytes((0xFF, marker)) + struct.pack(">H", len(data) + 2) + data for marker, data in segments)
    return b"\xff\xd8" + body + b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00" + b"\x12\x34" + b"\xff\xd9"


def xmp(inner: str) -> bytes:
    return (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about=""'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"'
        f' xmlns:aux="http://ns.adobe.com/exif/1.0/aux/">{inner}</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode("utf-8")


def iptc(dataset: int, text: str) -> bytes:
    record = b"\x1c\x02" + bytes((dataset,)) + struct.pack(">H", len(text.encode())) + text.encode()
    return b"Photoshop 3.0\x00" + b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(record)) + record + b"\x00" * (len(record) % 2)


def gif(comment: str) -> bytes:
    text = comment.encode("utf-8")
    image = b"\x2c" + struct.pack("<HHHH", 0, 0, 1, 1) + b"\x00" + b"\x02\x02\x44\x01\x00"
    return b"GIF89a" + struct.pack("<HH", 1, 1) + b"\x00\x00\x00" + b"\x21\xfe" + bytes((len(text),)) + text + b"\x00" + image + b"\x3b"


def webp(*chunks: tuple[bytes, bytes]) -> bytes:
    """A WebP of one grey pixel (lossless) with ``chunks`` (EXIF, XMP) after its image data, as the
    extended format, which its first chunk announces, places them."""
    extended = (b"VP8X", b"\x0c" + b"\x00" * 9)  # EXIF and XMP may follow; a canvas of 1 × 1
    pixel = (b"VP8L", b"/\x00\x00\x00\x00\x07P\xc0\x02\x16\xb0\xff\x81\x88\xe8\x7f\x00")
    body = b"WEBP" + b"".join(kind + struct.pack("<I", len(data)) + data + b"\x00" * (len(data) % 2) for kind, data in (extended, pixel, *chunks))
    return b"RIFF" + struct.pack("<I", len(body)) + body


HIDING = {
    "medias/auteur.png": (
        png(png_text("Author", "Anne Exemple 06 11 11 11 11"), png_text("exif:Artist", "Anne 06 12 12 12 12")),  # the second, as ImageMagick copies EXIF
        "numéro de téléphone « 06 11 11 11 11 »",
        "numéro de téléphone « 06 12 12 12 12 »",
    ),
    "medias/commentaire.png": (png(png_text("Comment", "Écrire à anne.png@exemple-perso.fr", b"zTXt")), "adresse électronique « anne.png@exemple-perso.fr »"),
    "medias/xmp.png": (
        png(png_text("XML:com.adobe.xmp", xmp("<dc:creator>Anne 07 22 22 22 22</dc:creator>").decode(), b"iTXt")),
        "numéro de téléphone « 07 22 22 22 22 »",
    ),
    "medias/commentaire.jpg": (jpeg((0xFE, "Rappeler le 06 33 33 33 33".encode())), "numéro de téléphone « 06 33 33 33 33 »"),
    "medias/exif.jpg": (
        jpeg((0xE1, b"Exif\x00\x00" + exif([ascii_field(0x013B, "Anne 06 44 44 44 44"), (0x9C9D, 1, "Anne 06 55 55 55 55\x00".encode("utf-16-le"))], [(0x9286, 7, b"ASCII\x00\x00\x00Anne 06 66 66 66 66")]))),
        "numéro de téléphone « 06 44 44 44 44 »",
        "numéro de téléphone « 06 55 55 55 55 »",
        "numéro de téléphone « 06 66 66 66 66 »",
    ),
    "medias/iptc.jpg": (jpeg((0xED, iptc(118, "anne.iptc@exemple-perso.fr"))), "adresse électronique « anne.iptc@exemple-perso.fr »"),
    "medias/xmp.jpg": (jpeg((0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + xmp('<dc:rights>Anne, 06 77 77 77 77</dc:rights>'))), "numéro de téléphone « 06 77 77 77 77 »"),
    "docs/anime.gif": (gif("Anne : 06 88 88 88 88"), "numéro de téléphone « 06 88 88 88 88 »"),
    "medias/photo.webp": (webp((b"EXIF", exif([ascii_field(0x010E, "Anne 06 99 99 99 99")]))), "numéro de téléphone « 06 99 99 99 99 »"),
}
"""Each image hides a contact (or three) in its properties."""

CLEAN = {
    # Dates, software, the camera and its serial number, XMP identifiers: what every photograph carries.
    "medias/propre.jpg": jpeg(
        (0xE1, b"Exif\x00\x00" + exif([ascii_field(0x010F, "Canon"), ascii_field(0x0132, "2021:05:10 14:30:12")], [ascii_field(0xA431, "0612345678")])),
        (0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + xmp('<xmpMM:DocumentID>xmp.did:0612345678</xmpMM:DocumentID><aux:SerialNumber>0612345678</aux:SerialNumber>')),
    ),
    "medias/propre.png": png(
        png_text("date:create", "2021-05-10T14:30:12+02:00"), png_text("Software", "GIMP 2.10"), png_text("Title", "Affiche du forum"),
        png_text("exif:BodySerialNumber", "0612345678"),
    ),
}


def problems_in(tmp_path, files: dict) -> list[str]:
    write_project(tmp_path, {**BASE_FILES, **files})
    return sorted(str(problem) for problem in pipeline.validate_project(tmp_path))


def test_a_contact_in_the_properties_or_the_name_of_an_image_is_refused(tmp_path):
    files = {path: image for path, (image, *_) in HIDING.items()}
    files |= CLEAN
    files["medias/appeler-06-12-34-56-78.png"] = png()
    files["medias/xmp-illisible.jpg"] = jpeg((0xE1, b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta>"))
    expected = [f"{path}:1: {contact} {WHERE}" for path, (_, *found) in HIDING.items() for contact in found]
    expected += [
        # Its name becomes its address: it was found only in the written site, and blamed on referentiel.yaml.
        "medias/appeler-06-12-34-56-78.png:1: numéro de téléphone « 06-12-34-56-78 » dans le nom du fichier : "
        "retirez ce contact s'il est celui d'une personne",
        "medias/xmp-illisible.jpg:1: les métadonnées (XMP) de cette image ne se lisent pas (unbound prefix: line 1, column 0) : "
        "leur texte ne peut pas être vérifié ; enregistrez-la à nouveau depuis le logiciel qui l'a créée",
    ]
    assert problems_in(tmp_path, files) == sorted(expected)


def test_an_image_cut_short_or_damaged_before_its_pixels_is_refused_in_its_pixels_read_as_far_as_it_goes(tmp_path):
    """Cut short or damaged before its pixels, an image shows nothing, like one whose first bytes
    are an image's and the rest a page (``test_hostile_docs``): refused at its path. Cut short in
    its pixels, it is published, as a browser shows what it has, and its properties are read."""
    whole = HIDING["medias/exif.jpg"][0]
    refused = {
        "medias/coupee.jpg": (whole[:40], "JPEG"),
        "medias/coupee.png": (png(png_text("Author", "Anne"))[:30], "PNG"),
        # A header whose checksum is wrong: viewers refuse it.
        "medias/somme-fausse.png": (png()[:29] + b"\x00" * 4 + png()[33:], "PNG"),
        "docs/coupee.gif": (gif("Anne")[:20], "GIF"),
    }
    published = {
        "medias/faux-zlib.png": png(_chunk(b"zTXt", b"Author\x00\x00" + b"\x00" * 4)),
        # An optional chunk whose checksum is wrong: viewers skip it and show the image, whether WeasyPrint
        # (which tells Pillow to do the same) was imported before or not.
        "medias/texte-somme-fausse.png": png(b"\x00\x00\x00\x08zTXtAuthor\x00\x00" + b"\x00" * 4),
        "medias/coupee.webp": webp((b"EXIF", b"MM\x00*\x00\x00\xff\xff"))[:30],  # a WebP's first 12 bytes only are checked
        "medias/pixels-coupes.png": png(png_text("Author", "Anne Exemple 06 11 11 11 11"))[:-20],  # in its image data
        "medias/pixels-coupes.jpg": HIDING["medias/commentaire.jpg"][0][:-3],
    }
    expected = [f"{path}:1: ce fichier n'est pas une image {name} lisible : enregistrez-le à nouveau dans ce format, ou retirez-le" for path, (_, name) in refused.items()]
    expected += [f"medias/pixels-coupes.png:1: numéro de téléphone « 06 11 11 11 11 » {WHERE}", f"medias/pixels-coupes.jpg:1: numéro de téléphone « 06 33 33 33 33 » {WHERE}"]
    # A header that claims 60,000 × 60,000 pixels (3.6 billion): no viewer shows it.
    published["medias/immense.png"] = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", 60_000, 60_000, 8, 0, 0, 0, 0)) + _chunk(b"IEND", b"")
    expected.append("medias/immense.png:1: cette image annonce plus de 178 millions de pixels, plus qu'une image publiée : enregistrez-la en plus petit")
    assert problems_in(tmp_path, {**{path: data for path, (data, _) in refused.items()}, **published}) == sorted(expected)
