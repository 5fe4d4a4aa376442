"""The search index: Pagefind's, cut again so that a query downloads only its own words.

Real Pagefind on real HTML pages written in a temporary site folder; the searches themselves, in
Chromium, are in test_browser.py, and the cut on every core in test_corpus.py (a test that forks).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import gzip
import json
from pathlib import Path

import cbor2
import pytest

from releve import search, search_chunks

PAGES = 120
REPEATS = 200
"""Each of the two words on every page, 200 times: 24,000 positions each, over Pagefind's chunk size."""


def write_pages(site: Path, text: str) -> None:
    for number in range(PAGES):
        page = site / "comptes-rendus" / f"reunion-{number}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            f'<!doctype html><html lang="fr"><head><title>Réunion {number}</title></head>'
            f"<body><div data-pagefind-body><h1>Réunion {number}</h1><p>{text}</p></div></body></html>",
            encoding="utf-8",
        )


def chunks(site: Path) -> list[tuple[str, str, list[str]]]:
    """Each chunk of the word index, in the metadata's order: its range and its words (stems)."""
    bundle = site / search.BUNDLE
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = search_chunks.read(bundle / f"pagefind.{entry['languages']['fr']['hash']}.pf_meta")
    return [(start, end, [word[0] for word in search_chunks.read(bundle / "index" / f"{name}.pf_index")[0]]) for start, end, name in meta[2]]


def test_an_accented_word_on_every_page_gets_a_chunk_of_its_own(tmp_path):
    """Pagefind counts nothing for « parentalité » (stored as an accented form of « parentalit »),
    so it would put it in one chunk with « part », and a search for one would download both."""
    write_pages(tmp_path, " ".join(["parentalité partir"] * REPEATS))
    search.Indexing(tmp_path).finish()
    found = chunks(tmp_path)
    words = [word for _, _, chunk in found for word in chunk]
    assert words == sorted(words) and {"parentalit", "part", "reunion"} <= set(words)
    assert [chunk for _, _, chunk in found if "parentalit" in chunk] == [["parentalit"]]
    assert [chunk for _, _, chunk in found if "part" in chunk] == [["part"]]
    # The ranges still sort the words into their chunks, as the browser looks them up.
    for start, end, chunk in found:
        assert start <= chunk[0] and chunk[-1][: len(end)] <= end
    assert [end < start for (_, end, _), (start, _, _) in zip(found, found[1:])] == [True] * (len(found) - 1)


def test_the_bundle_holds_only_what_the_site_loads(tmp_path):
    write_pages(tmp_path, "Le groupe se réunit.")
    search.Indexing(tmp_path).finish()
    bundle = tmp_path / search.BUNDLE
    files = sorted(path.name for path in bundle.iterdir() if path.is_file() and not path.name.endswith(".pf_meta"))
    assert files == ["pagefind-entry.json", "pagefind.js", "wasm.fr.pagefind"]
    assert len(list(bundle.glob("*.pf_meta"))) == 1


def test_an_index_file_of_another_form_stops_the_build_in_french(tmp_path):
    """A Pagefind upgrade that writes something else (here a map) is refused, never rewritten."""
    write_pages(tmp_path, "Le groupe se réunit.")
    bundle = tmp_path / search.BUNDLE
    search.Indexing(tmp_path).finish()
    chunk = next((bundle / "index").iterdir())
    chunk.write_bytes(gzip.compress(search_chunks.SIGNATURE + cbor2.dumps([{"mot": 1}])))
    with pytest.raises(search_chunks.FormatError, match=r"pf_meta : \w+Error"):
        search_chunks.rechunk(bundle)


@pytest.mark.parametrize("length", [0, 1, 23, 24, 255, 256, 65_535, 65_536])
def test_a_chunk_is_written_as_cbor2_would_write_it(length):
    """Words are copied into their new chunk, only the array's head is written: as cbor2 writes it."""
    assert search_chunks._array_head(length) + bytes(length) == cbor2.dumps([0] * length)
    assert search_chunks._array_length(cbor2.dumps([0] * length), 0) == (length, len(search_chunks._array_head(length)))


def test_each_word_is_copied_with_pagefind_s_own_bytes(tmp_path):
    """Numbered as Pagefind numbered them, the words come back as Pagefind wrote them (cbor2 writes
    the same bytes), weighed by their positions and pages, accented forms included (one per word
    here, so none changes place)."""
    write_pages(tmp_path, " ".join(["parentalité partir parentalite"] * REPEATS) + " Le groupe se réunit à Metz.")
    search.Indexing(tmp_path).read()  # Pagefind's index, not yet cut again
    bundle = tmp_path / search.BUNDLE
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = len(search_chunks.read(bundle / f"pagefind.{entry['languages']['fr']['hash']}.pf_meta")[1])
    accented = 0
    for path in (bundle / "index").iterdir():
        words = search_chunks.read(path)[0]
        weights = [sum(len(page[1]) + 1 for page in [*pages_of, *(page for _, form in forms for page in form)]) for _, pages_of, forms in words]
        assert search_chunks.renumbered_words(path, list(range(pages))) == [(word[0], weight, cbor2.dumps(word)) for word, weight in zip(words, weights)]
        accented += sum(len(word[2]) for word in words)
    assert accented > 0


ORDERED_PAGES = 16


def _page(number: int) -> str:
    """A page whose words are on some pages only, some with accents and some without, and two accented
    forms of a word each met first on another page."""
    words = ["réunion", f"numéro{number}"] + ["parentalité"] * (number % 3) + ["parentalite"] * (number % 2) + ["logement"] * (number % 5)
    words += {1: ["compléter"], 2: ["complète"]}.get(number % 4, [])
    return f'<!doctype html><html lang="fr"><head><title>Réunion {number}</title></head><body><div data-pagefind-body><p>{" ".join(words)}</p></div></body></html>'


def _indexed_in_order(bundle: Path, order) -> dict[str, bytes]:
    """Pagefind's index of the pages ``_page(n)`` handed to it in ``order`` (as a file system lists
    the pages to its command), written in ``bundle``; every file of it.

    The files are taken from the service's memory (``get_files``), not from what it writes: it answers
    that it has written them before its writes end, and the wrapper then stops it, so a file could be
    cut short (seen under load: ``pagefind-component-ui.js``). The build runs Pagefind's command,
    which ends only once its files are written."""
    from pagefind.index import PagefindIndex

    async def index() -> list:
        # Leaving the block writes the files there too: the folder is not read.
        async with PagefindIndex({"force_language": search.LANGUAGE, "output_path": str(bundle.with_name(bundle.name + "-ecrit"))}) as pagefind:
            for number in order:
                await pagefind.add_html_file(content=_page(number), url=f"/comptes-rendus/reunion-{number}/")
            return await pagefind.get_files()

    # In a thread of its own: in a test process where Playwright drives Chromium, this one's event loop runs.
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        files = thread.submit(asyncio.run, index()).result()
    for file in files:
        (bundle / file["path"]).parent.mkdir(parents=True, exist_ok=True)
        (bundle / file["path"]).write_bytes(file["content"])
    return _files(bundle)


def _files(bundle: Path) -> dict[str, bytes]:
    return {path.relative_to(bundle).as_posix(): path.read_bytes() for path in sorted(bundle.rglob("*")) if path.is_file()}


def test_the_index_does_not_depend_on_the_order_pagefind_read_the_pages(tmp_path):
    """Pagefind numbers the pages in the order it reads them, which is the order the file system lists
    them: the same pages gave another index on another file system. Numbered again by their
    fragments, they give the same bytes. (Pagefind's service answers a page every tenth of a second:
    a few pages.)"""
    forward = _indexed_in_order(tmp_path / "a", range(ORDERED_PAGES))
    backward = _indexed_in_order(tmp_path / "b", reversed(range(ORDERED_PAGES)))
    assert forward != backward and {name for name in forward if name.startswith("fragment/")} == {name for name in backward if name.startswith("fragment/")}
    for folder in ("a", "b"):
        search_chunks.rechunk(tmp_path / folder)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_pagefind_reads_only_the_title_and_the_indexed_content():
    """The title is Pagefind's title of a page without « h1 »; the theme around the content is left out
    (test_hosts.py checks that the index is the same as of the whole pages)."""
    page = (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Réunion | CLSM</title><link rel="stylesheet" href="x.css"></head>'
        '<body><nav>Menu</nav><article class="md-content__inner"><div data-pagefind-body><p>Texte.</p></div><p>Après</p></article><footer>Pied</footer></body></html>'
    )
    assert search.searched_part(page) == (
        '<!doctype html><html lang="fr"><head><title>Réunion | CLSM</title></head><body><div data-pagefind-body><p>Texte.</p></div><p>Après</p></body></html>'
    )
    unmarked = page.replace(" data-pagefind-body", "")
    assert search.searched_part(unmarked) is None  # Pagefind would leave it out: not copied
