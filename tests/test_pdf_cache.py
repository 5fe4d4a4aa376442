"""The PDFs' cache (pdf.py): a compte rendu's PDF is taken from the cache while nothing it is made
from has changed, whatever the day of the build, and made again when its text, a name it cites or the
title of its fiche changes. Made again on another day from the same content, it is the same file.

A cached PDF is replaced by marked bytes between builds: a PDF the build copies from the cache keeps
the mark, one it makes again is a real PDF with the new words.
"""

from __future__ import annotations

import gc
import io
import tempfile
import re

import pytest
from conftest import AGENDA_FILES, BASE_FILES, TODAY, build_in_process, project_config, write_project

from releve import pdf, project_cache



@pytest.fixture(autouse=True, scope="module")
def weasyprint_here() -> None:
    """Asked when the tests run, not when they are collected: every test process collects this
    file, and importing WeasyPrint to know costs each of them a second."""
    if pdf.unavailable() is not None:
        pytest.skip("WeasyPrint ou Pango absent")

ENFANCE, COPIL = "comptes-rendus/2021-02-19-groupe-enfance.pdf", "comptes-rendus/2022-03-01-copil.pdf"


def version(content: bytes) -> str:
    """The fingerprint the footer shows."""
    return re.search(r"version ([0-9a-f]{8})", words(content))[1]


def words(content: bytes) -> str:
    import pypdf  # here, not at collection: see weasyprint_here

    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages).split())


def links(content: bytes) -> list[str]:
    """The targets of a PDF's links, as a viewer reads them."""
    import pypdf  # here, not at collection: see weasyprint_here

    pages = pypdf.PdfReader(io.BytesIO(content)).pages
    annotations = [annotation.get_object() for page in pages for annotation in page.get("/Annots") or ()]
    return [str(annotation["/A"]["/URI"]) for annotation in annotations if "/URI" in annotation.get("/A", {})]


def mark_cache(root) -> None:
    for entry in (root / project_cache.PDF).glob("*.pdf"):
        entry.write_bytes(b"cached " + entry.name.encode())


def build(root, today=TODAY):
    done = build_in_process(root, "--strict", today=today, pdf=True)
    assert done.returncode == 0, done.output
    return {path: (root / "site" / path).read_bytes() for path in (ENFANCE, COPIL)}


def test_a_pdf_is_made_again_only_when_its_meeting_or_what_it_cites_changes(tmp_path):
    root = tmp_path / "projet"
    root.mkdir()
    write_project(root, {**BASE_FILES, **AGENDA_FILES, "mkdocs.yml": project_config().replace("pdf: false", "pdf: true")})
    first = build(root)
    assert all(content.startswith(b"%PDF") for content in first.values())
    # No address of the site: the page's relative path (« comptes-rendus/… ») would mean nothing on paper.
    assert "En ligne : sur le site du CLSM test" in words(first[ENFANCE]) and "En ligne : comptes-rendus/" not in words(first[ENFANCE])
    # Its links are relative to its own folder, where a browser's viewer resolves them: « comptes-rendus/x/ »
    # written in comptes-rendus/x.pdf opened comptes-rendus/comptes-rendus/x/, a page that does not exist.
    for path in (ENFANCE, COPIL, "lettres/2022-03.pdf", "bilan/2022.pdf"):
        uris = links((root / "site" / path).read_bytes())
        relative = [uri for uri in uris if ":" not in uri.split("/")[0]]
        assert relative and all(uri.startswith("../") and (root / "site" / path).parent.joinpath(uri.split("#")[0], "index.html").resolve().is_file() for uri in relative), (path, uris)

    mark_cache(root)
    meeting = root / "minutes/2021-02-19-groupe-enfance.md"
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("discute du réseau.", "discute du réseau et des Horaires-nouveaux."), encoding="utf-8")
    # The next day: no PDF shows the build's day, so an unchanged one still comes from the cache.
    second = build(root, today="2022-04-02")
    assert second[ENFANCE].startswith(b"%PDF") and "Horaires-nouveaux" in words(second[ENFANCE])
    assert second[COPIL].startswith(b"cached m-"), "an unchanged meeting's PDF comes from the cache"
    assert version(second[ENFANCE]) != version(first[ENFANCE]), "two versions of a compte rendu tell themselves apart"

    # The copil's engagement cites EPE 57: its new name is in the copil's PDF, not in the enfance's.
    mark_cache(root)
    partners = root / "partners.yaml"
    partners.write_text(partners.read_text(encoding="utf-8").replace("nom: EPE 57", "nom: EPE Moselle"), encoding="utf-8")
    third = build(root)
    assert third[COPIL].startswith(b"%PDF") and "EPE Moselle" in words(third[COPIL])
    assert third[ENFANCE].startswith(b"cached m-")

    # The enfance meeting is about the fiche « reseau »: its « En bref » names the fiche by its title.
    mark_cache(root)
    action = root / "actions/reseau.md"
    action.write_text(action.read_text(encoding="utf-8").replace("titre: Réseau psypérinatalité", "titre: Réseau-renomme"), encoding="utf-8")
    fourth = build(root)
    assert fourth[ENFANCE].startswith(b"%PDF") and "Réseau-renomme" in words(fourth[ENFANCE])

    # Made afresh a month later from the same content (a new CI runner, no cache): the same bytes.
    # Only the two compared PDFs leave the cache: the others (letters, bilans) would be rendered
    # for nothing (about a third of a second of processor each).
    compared = [entry for entry in (root / project_cache.PDF).glob("*.pdf") if entry.read_bytes() in (fourth[ENFANCE], fourth[COPIL])]
    assert len(compared) == 2
    for entry in compared:
        entry.unlink()
    fresh = build(root, today="2022-05-02")
    assert fresh[ENFANCE].startswith(b"%PDF") and fresh[COPIL].startswith(b"%PDF"), "both were made again"
    assert fresh[ENFANCE] == fourth[ENFANCE] and fresh[COPIL] == third[COPIL]


def test_a_build_leaves_no_folder_of_fonts_in_the_temporary_folder(tmp_path, monkeypatch, no_threads):
    """WeasyPrint copies the font into a temporary folder that only its destructor removes, which a
    forked process never runs: each build left one such folder per process that rendered PDFs.
    (``no_threads``: it was skipped when its process had launched Chromium before it.)"""
    from releve import parallel

    if parallel._cores() < 2 or not parallel._forkable():
        pytest.skip("un seul processus rend les PDF ici")
    temporary = tmp_path / "temporaire"
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    monkeypatch.setattr(tempfile, "tempdir", None)
    pdf._styles.cache_clear()  # its folder is made again, in ``temporary``
    root = tmp_path / "projet"
    root.mkdir()
    write_project(root, {**BASE_FILES, **AGENDA_FILES, "mkdocs.yml": project_config().replace("pdf: false", "pdf: true")})
    try:
        build(root)
        assert len(list((root / "site").rglob("*.pdf"))) >= pdf.PARALLEL_FROM, "enough PDFs to share them out"
        # This process keeps its own for the next build, and removes it as it ends.
        assert len(list(temporary.glob("weasyprint-*"))) == 1
    finally:
        pdf._styles.cache_clear()
    gc.collect()  # what the interpreter's end does: rendering leaves the fonts in reference cycles
    assert list(temporary.glob("weasyprint-*")) == []
