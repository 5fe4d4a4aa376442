"""Pagefind's word index cut again into chunks, so that a query loads only its own words.

Pagefind (1.5) cuts its sorted word list into chunks of about ``TARGET`` positions, but it counts
only the positions of a word written without accents: those of its accented forms (« parentalité »
is stored as the stem « parentalit » with that variant) count for nothing. So the chunk of such a
word runs on until a word without accents fills it, and a search for « parentalite » downloaded
« part » (« à partir de », on nearly every page) with it: 45 KB of the 103 KB chunk it fetched at
5,000 minutes. Here every position counts, and a chunk closes *before* a word that would take it
past ``TARGET``, so a large word gets a chunk of its own.

The files keep Pagefind's format (gzip, then ``pagefind_dcd`` and CBOR); only the chunks, their
ranges in the metadata file and the names of both change. The CBOR here is the subset Pagefind
writes (integers, text, arrays): anything else stops the build rather than being mangled.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"
TARGET = 20_000
"""Pagefind's own chunk size, in positions plus one per page listed (``chunk_index``)."""


class FormatError(Exception):
    """A Pagefind file holds what this module does not know how to rewrite."""


def _decode(data: bytes, at: int):
    head = data[at]
    major, info = head >> 5, head & 31
    at += 1
    if info < 24:
        value = info
    elif info <= 27:
        width = 1 << (info - 24)
        value, at = int.from_bytes(data[at : at + width], "big"), at + width
    else:
        raise FormatError(f"CBOR: octet {head:#x} inattendu")
    if major == 0:
        return value, at
    if major == 1:
        return -1 - value, at
    if major == 3:
        return data[at : at + value].decode("utf-8"), at + value
    if major == 4:
        items = []
        for _ in range(value):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    raise FormatError(f"CBOR : type majeur {major} inattendu")


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, width in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * width):
            return bytes([major << 5 | info]) + value.to_bytes(width, "big")
    raise FormatError(f"CBOR : entier trop grand ({value})")


def _encode(value) -> bytes:
    if isinstance(value, bool) or not isinstance(value, (int, str, list)):
        raise FormatError(f"CBOR : valeur inattendue {value!r}")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    return _head(4, len(value)) + b"".join(_encode(item) for item in value)


def read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise FormatError(f"{path.name} : pas un fichier de Pagefind")
    value, end = _decode(data, len(SIGNATURE))
    if end != len(data):
        raise FormatError(f"{path.name} : octets en trop")
    return value


def _write(value, prefix: str, digits: int, path_of, taken: set[str]) -> str:
    """Write ``value`` as Pagefind does, at ``path_of(name)`` for a name made from its hash; return the name."""
    data = SIGNATURE + _encode(value)
    digest = hashlib.sha256(data).hexdigest()
    while prefix + digest[:digits] in taken:  # Pagefind lengthens a hash that collides, too
        digits += 1
    name = prefix + digest[:digits]
    taken.add(name)
    # mtime=0: the same site gives the same bytes.
    path_of(name).write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return name


def _size(word: list) -> int:
    """The positions of a word and of each of its accented forms, plus one per page listed."""
    stem, pages, variants = word
    return sum(len(page[1]) + 1 for page in pages) + sum(len(page[1]) + 1 for variant in variants for page in variant[1])


def _cut(words: list[list]) -> list[list[list]]:
    chunks: list[list[list]] = [[]]
    size = 0
    for word in words:
        weight = _size(word)
        if chunks[-1] and size + weight > TARGET:
            chunks.append([])
            size = 0
        chunks[-1].append(word)
        size += weight
    return chunks


def _prefixes(before: str, after: str) -> tuple[str, str]:
    """The shortest prefixes that still tell two neighbouring words apart (Pagefind's ``get_prefixes``)."""
    common = 0
    for a, b in zip(before, after):
        if a != b:
            break
        common += 1
    return before[: common + 1], after[: common + 1]


def _ranges(chunks: list[list[list]]) -> list[list[str]]:
    ranges = [[chunk[0][0], chunk[-1][0]] for chunk in chunks]
    for left, right in zip(ranges, ranges[1:]):
        left[1], right[0] = _prefixes(left[1], right[0])
    return ranges


def rechunk(bundle: Path) -> None:
    """Cut the word index of each language of ``bundle`` (``site/pagefind/``) again (see above)."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    index = bundle / "index"
    for language, details in entry["languages"].items():
        meta_path = bundle / f"pagefind.{details['hash']}.pf_meta"
        meta = read(meta_path)
        old = [index / f"{chunk[2]}.pf_index" for chunk in meta[2]]
        words = [word for path in old for word in read(path)[0]]
        chunks = _cut(words)
        for path in old:
            path.unlink()
        taken: set[str] = set()
        meta[2] = [
            [start, end, _write([chunk], f"{language}_", 7, lambda name: index / f"{name}.pf_index", taken)]
            for (start, end), chunk in zip(_ranges(chunks), chunks)
        ]
        meta_path.unlink()
        details["hash"] = _write(meta, f"{language}_", 10, lambda name: bundle / f"pagefind.{name}.pf_meta", set())
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
