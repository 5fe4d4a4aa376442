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
names of both change. An index of another shape (a newer Pagefind) stops the build rather than
being mangled.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"
TARGET = 20_000
"""Pagefind's own chunk size, in positions plus one per page listed (``chunk_index``)."""


class FormatError(Exception):
    """A Pagefind file holds what this module does not know how to rewrite."""


def read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise FormatError(f"{path.name} : pas un fichier de Pagefind")
    try:
        return cbor2.loads(data[len(SIGNATURE) :])
    except cbor2.CBORDecodeError as error:
        raise FormatError(f"{path.name} : {error}") from None


def _write(value, prefix: str, digits: int, path_of, taken: set[str]) -> str:
    """Write ``value`` as Pagefind does, at ``path_of(name)`` for a name made from its hash; return the name."""
    data = SIGNATURE + cbor2.dumps(value)
    digest = hashlib.sha256(data).hexdigest()
    while prefix + digest[:digits] in taken:  # Pagefind lengthens a hash that collides, too
        digits += 1
    name = prefix + digest[:digits]
    taken.add(name)
    # mtime=0: the same site gives the same bytes. Level 6: 2 % larger than 9 (about 1 KB a search
    # at 5,000 minutes) in a quarter of the time.
    path_of(name).write_bytes(gzip.compress(data, compresslevel=6, mtime=0))
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
    common = len(os.path.commonprefix([before, after]))
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
        try:
            old = [index / f"{chunk[2]}.pf_index" for chunk in meta[2]]
            words = [word for path in old for word in read(path)[0]]
            chunks = _cut(words)
        except (TypeError, ValueError, IndexError, KeyError) as error:  # not the shapes read here
            raise FormatError(f"{meta_path.name} : {type(error).__name__} : {error}") from None
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
