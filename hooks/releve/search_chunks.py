"""Pagefind's word index cut again into chunks, so that a query loads only its own words.

Pagefind (1.5) cuts its sorted word list into chunks of about ``TARGET`` positions, but it counts
only the positions of a word written without accents: those of its accented forms (« parentalité »
is stored as the stem « parentalit » with that variant) count for nothing. So the chunk of such a
word runs on until a word without accents fills it, and a search for « parentalite » downloaded
« part » (« à partir de », on nearly every page) with it: 45 KB of the 103 KB chunk it fetched at
5,000 minutes. Here every position counts, and a chunk closes *before* a word that would take it
past ``TARGET``, so a large word gets a chunk of its own.

The files keep Pagefind's format (gzip, then ``pagefind_dcd`` and CBOR, read and written by cbor2,
which gives Pagefind's own bytes back); only the chunks, their ranges in the metadata file and the
names of both change. Each word is copied into its new chunk as Pagefind wrote it, not encoded
again (encoding took more than half the time of the cut). An index of another shape (a newer
Pagefind) stops the build rather than being mangled.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import operator
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


def _array_head(length: int) -> bytes:
    """The head of a CBOR array of ``length`` items, as short as cbor2 and Pagefind write it."""
    if length < 24:
        return bytes([_ARRAY + length])
    size = next(size for size in (1, 2, 4, 8) if length < 1 << (8 * size))
    return bytes([_ARRAY + 24 + size.bit_length() - 1]) + length.to_bytes(size, "big")


def _array_length(data: bytes, position: int) -> tuple[int, int]:
    """The length of the CBOR array whose head is at ``position``, and where its first item starts."""
    info = data[position] - _ARRAY
    if not 0 <= info < 28:
        raise ValueError(f"un tableau CBOR était attendu à l'octet {position}")
    if info < 24:
        return info, position + 1
    size = 1 << (info - 24)
    return int.from_bytes(data[position + 1 : position + 1 + size], "big"), position + 1 + size


def read_words(path: Path) -> list[tuple[list, bytes]]:
    """The words of a chunk of the word index (``[[word, …]]``), each with its bytes in the file."""
    data = _payload(path)
    outer, start = _array_length(data, 0)
    if outer != 1:
        raise ValueError(f"{path.name} : {outer} éléments au lieu d'un")
    count, start = _array_length(data, start)
    stream = io.BytesIO(data)
    stream.seek(start)
    decoder = cbor2.CBORDecoder(stream)
    words = []
    for _ in range(count):
        word = decoder.decode()
        end = stream.tell()
        words.append((word, data[start:end]))
        start = end
    if start != len(data):
        raise ValueError(f"{path.name} : {len(data) - start} octets après les mots")
    return words


def _write(data: bytes, prefix: str, digits: int, path_of, taken: set[str]) -> str:
    """Write the CBOR ``data`` as Pagefind does, at ``path_of(name)`` for a name made from its hash;
    return the name."""
    data = SIGNATURE + data
    digest = hashlib.sha256(data).hexdigest()
    while prefix + digest[:digits] in taken:  # Pagefind lengthens a hash that collides, too
        digits += 1
    name = prefix + digest[:digits]
    taken.add(name)
    # mtime=0: the same site gives the same bytes. Level 6: 2 % larger than 9 (about 1 KB a search
    # at 5,000 minutes) in a quarter of the time.
    path_of(name).write_bytes(gzip.compress(data, compresslevel=6, mtime=0))
    return name


_POSITIONS = operator.itemgetter(1)
"""A page's positions in a word (``[page, positions, …]``)."""


def _size(word: list) -> int:
    """The positions of a word and of each of its accented forms, plus one per page listed."""
    stem, pages, variants = word
    pages = [*pages, *(page for variant in variants for page in variant[1])]
    return sum(map(len, map(_POSITIONS, pages))) + len(pages)


Weighed = tuple[str, int, bytes]
"""A word of the index: its stem, its ``_size`` and its bytes in the file."""


def _weighed(paths: list[Path]) -> list[Weighed]:
    """The words of the chunks ``paths``, in their order, weighed (decoded here, in whichever process
    reads them: only their stems, weights and bytes go back)."""
    return [(word[0], _size(word), data) for path in paths for word, data in read_words(path)]


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
            old = [index / f"{chunk[2]}.pf_index" for chunk in meta[2]]
            # Decoding is most of the cut's time: the chunks are read on every core.
            chunks = _cut([word for share in parallel.in_shares(_weighed, old, from_items=2) for word in share])
        except (TypeError, ValueError, IndexError, KeyError) as error:  # not the shapes read here
            raise FormatError(f"{meta_path.name} : {type(error).__name__} : {error}") from None
        for path in old:
            path.unlink()
        taken: set[str] = set()
        meta[2] = [
            [start, end, _write(_array_head(1) + _array_head(len(chunk)) + b"".join(data for _, _, data in chunk), f"{language}_", 7, lambda name: index / f"{name}.pf_index", taken)]
            for (start, end), chunk in zip(_ranges(chunks), chunks)
        ]
        meta_path.unlink()
        details["hash"] = _write(cbor2.dumps(meta), f"{language}_", 10, lambda name: bundle / f"pagefind.{name}.pf_meta", set())
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
