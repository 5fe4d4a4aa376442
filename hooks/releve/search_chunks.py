"""Pagefind's word index cut again into chunks, so that a query loads only its own words.

Pagefind (1.5) cuts its sorted word list into chunks of about ``TARGET`` positions, but it counts
only the positions of a word written without accents: those of its accented forms (« parentalité »
is stored as the stem « parentalit » with that variant) count for nothing. So the chunk of such a
word runs on until a word without accents fills it, and a search for « parentalite » downloaded
« part » (« à partir de », on nearly every page) with it: 45 KB of the 103 KB chunk it fetched at
5,000 minutes. Here every position counts, and a chunk closes *before* a word that would take it
past ``TARGET``, so a large word gets a chunk of its own.

The pages are numbered again too, in the order of their fragments' names. Pagefind numbers them in
the order the file system lists them (the walk of its glob): the same pages gave other bytes on
another file system (tmpfs lists files as they were created, ext4 in an order of its own per file
system), so the site was the same byte for byte only on the machine that built it. A fragment's name
is the hash of its content, so this order depends on the pages alone.

The files keep Pagefind's format (gzip, then ``pagefind_dcd`` and CBOR, read and written by cbor2,
which gives Pagefind's own bytes back); only the chunks, their ranges in the metadata file, the
pages' numbers (and the order of a word's accented forms, which Pagefind lists as it met them) and
the names of both files change. Each page of a word is copied into its new chunk as Pagefind wrote
it, only its number written again (encoding whole words took more than half the time of the cut).
An index of another shape (a newer Pagefind) stops the build rather than being mangled.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import io
import json
import os
from pathlib import Path

import cbor2

from . import parallel

SIGNATURE = b"pagefind_dcd"
TARGET = 20_000
"""Pagefind's own chunk size, in positions plus one per page listed (``chunk_index``)."""


class FormatError(Exception):
    """A Pagefind file holds what this module does not know how to rewrite."""


def _payload(path: Path) -> bytes:
    """The CBOR of a Pagefind file, after its signature."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise FormatError(f"{path.name} : pas un fichier de Pagefind")
    return data[len(SIGNATURE) :]


def read(path: Path):
    data = _payload(path)
    try:
        return cbor2.loads(data)
    except cbor2.CBORDecodeError as error:
        raise FormatError(f"{path.name} : {error}") from None


_ARRAY = 0x80
"""CBOR's first byte of an array (major type 4) of fewer than 24 items, its length in it."""
_TEXT = 0x60
"""The same for a text (major type 3), its length in bytes."""


def _head(major: int, value: int) -> bytes:
    """The head of a CBOR item of type ``major`` and of argument ``value`` (an array's length, an
    integer), as short as cbor2 and Pagefind write it."""
    if value < 24:
        return bytes([major + value])
    size = next(size for size in (1, 2, 4, 8) if value < 1 << (8 * size))
    return bytes([major + 24 + size.bit_length() - 1]) + value.to_bytes(size, "big")


def _array_head(length: int) -> bytes:
    """The head of a CBOR array of ``length`` items."""
    return _head(_ARRAY, length)


def _array_length(data: bytes, position: int, major: int = _ARRAY) -> tuple[int, int]:
    """The length of the CBOR array (or of the item of another ``major`` type) whose head is at
    ``position``, and where its first item (its bytes) starts."""
    info = data[position] - major
    if not 0 <= info < 28:
        raise ValueError(f"un {'tableau' if major == _ARRAY else 'texte'} CBOR était attendu à l'octet {position}")
    if info < 24:
        return info, position + 1
    size = 1 << (info - 24)
    return int.from_bytes(data[position + 1 : position + 1 + size], "big"), position + 1 + size


class _Encoded(dict):
    """The CBOR bytes of each integer met (page numbers, positions, lengths), made once per process."""

    def __missing__(self, number: int) -> bytes:
        self[number] = data = _head(0x00, number) if number >= 0 else _head(0x20, -1 - number)
        return data


_INTEGER = _Encoded()
_TRIPLE = _array_head(3)
"""The head of a word (``[stem, pages, accented forms]``) and of each of its pages (``[number,
positions, positions in the metadata]``)."""


def _renumbered(stream: io.BytesIO, decode, data: bytes, position: int, rank: list[int]) -> tuple[bytes, int, int]:
    """The pages of a word (or of one of its accented forms) whose list starts at ``position`` of
    ``data`` (read by ``decode`` from ``stream``), numbered again by ``rank``: their bytes, their
    weight (their positions, plus one per page), where the list ends.

    Pagefind writes each page's number as the difference from the page before, so the pages are
    sorted by their new number and each difference written again; the rest of a page is copied."""
    count, position = _array_length(data, position)
    stream.seek(position)
    pages, number, size = [], 0, count
    for _ in range(count):
        difference, positions, _ = decode()
        end = stream.tell()
        number += difference
        size += len(positions)
        pages.append((rank[number], data[position + 1 + len(_INTEGER[difference]) : end]))
        position = end
    pages.sort()
    parts, last = [_array_head(count)], 0
    for number, rest in pages:
        parts += (_TRIPLE, _INTEGER[number - last], rest)
        last = number
    return b"".join(parts), size, position


def _text(data: bytes, position: int) -> tuple[str, int]:
    """The CBOR text whose head is at ``position``, and where it ends."""
    length, start = _array_length(data, position, _TEXT)
    return data[start : start + length].decode("utf-8"), start + length


Weighed = tuple[str, int, bytes]
"""A word of the index: its stem, its weight (its positions and those of its accented forms, plus
one per page listed) and its bytes in the file."""


def renumbered_words(path: Path, rank: list[int]) -> list[Weighed]:
    """The words of a chunk of the word index (``[[word, …]]``), their pages numbered again by
    ``rank`` (``rank[old]`` is a page's new number), weighed. A word is ``[stem, pages, accented
    forms]``, and each of its pages ``[number, positions, positions in the metadata]``."""
    data = _payload(path)
    outer, position = _array_length(data, 0)
    if outer != 1:
        raise ValueError(f"{path.name} : {outer} éléments au lieu d'un")
    count, position = _array_length(data, position)
    stream = io.BytesIO(data)
    decode = cbor2.CBORDecoder(stream).decode
    words: list[Weighed] = []
    for _ in range(count):
        if data[position] != _TRIPLE[0]:
            raise ValueError(f"{path.name} : un mot était attendu à l'octet {position}")
        start = position
        stem, stem_end = _text(data, start + 1)
        pages, size, end = _renumbered(stream, decode, data, stem_end, rank)
        form_count, forms_start = _array_length(data, end)
        position, forms = forms_start, []
        for _ in range(form_count):  # ``[form, pages]``
            form, form_end = _text(data, position + 1)
            form_pages, form_size, after = _renumbered(stream, decode, data, form_end, rank)
            forms.append((form, data[position:form_end] + form_pages))
            size += form_size
            position = after
        # In the order of their text: Pagefind lists them in the order of the pages where it met each first.
        forms.sort()
        words.append((stem, size, b"".join([data[start:stem_end], pages, data[end:forms_start], *(form for _, form in forms)])))
    if position != len(data):
        raise ValueError(f"{path.name} : {len(data) - position} octets après les mots")
    return words


def _packed(datas: list[bytes]) -> list[tuple[str, bytes]]:
    """Each CBOR of ``datas`` as Pagefind writes it: the hash its file is named after, its bytes."""
    # mtime=0: the same site gives the same bytes. Level 6: 2 % larger than 9 (about 1 KB a search
    # at 5,000 minutes) in a quarter of the time.
    signed = [SIGNATURE + data for data in datas]
    return [(hashlib.sha256(data).hexdigest(), gzip.compress(data, compresslevel=6, mtime=0)) for data in signed]


def _write(packed: tuple[str, bytes], prefix: str, digits: int, path_of, taken: set[str]) -> str:
    """Write a file ``_packed`` at ``path_of(name)`` for a name made from its hash; return the name."""
    digest, compressed = packed
    while prefix + digest[:digits] in taken:  # Pagefind lengthens a hash that collides, too
        digits += 1
    name = prefix + digest[:digits]
    taken.add(name)
    path_of(name).write_bytes(compressed)
    return name


def _weighed(paths: list[Path], rank: list[int]) -> list[Weighed]:
    """The words of the chunks ``paths``, in their order, numbered again and weighed (decoded here, in
    whichever process reads them: only their stems, weights and bytes go back)."""
    return [word for path in paths for word in renumbered_words(path, rank)]


def _cut(words: list[Weighed]) -> list[list[Weighed]]:
    chunks: list[list[Weighed]] = [[]]
    size = 0
    for word in words:
        weight = word[1]
        if chunks[-1] and size + weight > TARGET:
            chunks.append([])
            size = 0
        chunks[-1].append(word)
        size += weight
    return chunks


def _prefixes(before: str, after: str) -> tuple[str, str]:
    """The shortest prefixes that still tell two neighbouring words apart (Pagefind's ``get_prefixes``)."""
    common = len(os.path.commonprefix([before, after]))
    return before[: common + 1], after[: common + 1]


def _ranges(chunks: list[list[Weighed]]) -> list[list[str]]:
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
        try:
            if meta[3] or meta[4]:
                raise ValueError("filtres ou tris de Pagefind, que la numérotation des pages ne sait pas réécrire")
            # The pages in the order of their fragments' names (``[name, number of words]``).
            order = sorted(range(len(meta[1])), key=lambda number: meta[1][number][0])
            rank = [0] * len(order)
            for new, old in enumerate(order):
                rank[old] = new
            meta[1] = [meta[1][number] for number in order]
            old = [index / f"{chunk[2]}.pf_index" for chunk in meta[2]]
            # Decoding is most of the cut's time: the chunks are read on every core.
            chunks = _cut([word for share in parallel.in_shares(functools.partial(_weighed, rank=rank), old, from_items=2) for word in share])
        except (TypeError, ValueError, IndexError, KeyError) as error:  # not the shapes read here
            raise FormatError(f"{meta_path.name} : {type(error).__name__} : {error}") from None
        for path in old:
            path.unlink()
        # Compressed on every core too (a fifth of the cut's time at 5,000 minutes), named here in turn.
        datas = [_array_head(1) + _array_head(len(chunk)) + b"".join(data for _, _, data in chunk) for chunk in chunks]
        packed = [file for share in parallel.in_shares(_packed, datas, from_items=2) for file in share]
        taken: set[str] = set()
        meta[2] = [
            [start, end, _write(file, f"{language}_", 7, lambda name: index / f"{name}.pf_index", taken)]
            for (start, end), file in zip(_ranges(chunks), packed)
        ]
        meta_path.unlink()
        (meta_file,) = _packed([cbor2.dumps(meta)])
        details["hash"] = _write(meta_file, f"{language}_", 10, lambda name: bundle / f"pagefind.{name}.pf_meta", set())
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
