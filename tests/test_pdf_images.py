"""A compte rendu's PDF draws the site's own images it shows (pdf.Images): read from the project and
served by the PDF's fetcher. An image of another origin is not fetched, and one of more than
pdf.MAX_PIXELS is named by a link instead (WeasyPrint would decode every pixel)."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from conftest import BASE_FILES, MEETING, build_in_process, project_config, write_project

from releve import pdf, urls

ENFANCE = "comptes-rendus/2021-02-19-groupe-enfance.pdf"


@pytest.fixture(autouse=True, scope="module")
def weasyprint_here() -> None:
    """Asked when the tests run, not when they are collected (importing WeasyPrint costs a second)."""
    if pdf.unavailable() is not None:
        pytest.skip("WeasyPrint ou Pango absent")


def png(width: int, height: int, rows: bytes | None = None) -> bytes:
    """A PNG made here (no binary file in the repository): grey pixels, or ``rows`` as its image data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    data = zlib.compress(rows if rows is not None else b"".join(b"\x00" + b"\x80" * width for _ in range(height)))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def drawn_images(content: bytes) -> list[tuple[int, int]]:
    """The size of each image XObject the PDF's pages draw (WeasyPrint's pages share their resources)."""
    import pypdf  # here, not at collection: see weasyprint_here

    found = {}
    for page in pypdf.PdfReader(io.BytesIO(content)).pages:
        for ref in (page["/Resources"].get_object().get("/XObject") or {}).values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Image":
                found[ref.idnum] = (int(xobject["/Width"]), int(xobject["/Height"]))
    return list(found.values())


def test_a_compte_rendu_s_pdf_draws_the_site_s_own_image_but_not_a_huge_one(tmp_path):
    shown = (
        "\nAffiche de la réunion :\n\n![Affiche-du-groupe](/medias/affiche.png)\n\n"
        "![Logo](/images/logo.png)\n\n![Plan-géant](/medias/plan.png)\n"
    )
    # The huge one claims 6,000 × 5,000 pixels (30 millions) in a header of a few bytes: its rows are cut short.
    files = {
        **BASE_FILES,
        "minutes/2021-02-19-groupe-enfance.md": MEETING + shown,
        "medias/affiche.png": png(40, 30),
        "medias/plan.png": png(6000, 5000, rows=b"\x00" * 100),
        "docs/images/logo.png": png(16, 8),
        "mkdocs.yml": project_config().replace("pdf: false", "pdf: true"),
    }
    write_project(tmp_path, files)
    done = build_in_process(tmp_path, "--strict", pdf=True)
    assert done.returncode == 0, done.output
    content = (tmp_path / "site" / ENFANCE).read_bytes()
    # The site's own images (of medias/ and of docs/) are drawn, at their own size; the huge one is not.
    assert sorted(drawn_images(content)) == [(16, 8), (40, 30)]
    import pypdf

    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)
    assert "Plan-géant" in text  # named by its link, as an image of a PDF was before


def test_a_changed_image_makes_the_pdf_again(tmp_path):
    files = {
        **BASE_FILES,
        "minutes/2021-02-19-groupe-enfance.md": MEETING + "\n![Affiche](/medias/affiche.png)\n",
        "medias/affiche.png": png(40, 30),
        "mkdocs.yml": project_config().replace("pdf: false", "pdf: true"),
    }
    write_project(tmp_path, files)
    assert build_in_process(tmp_path, "--strict", pdf=True).returncode == 0
    assert drawn_images((tmp_path / "site" / ENFANCE).read_bytes()) == [(40, 30)]
    (tmp_path / "medias/affiche.png").write_bytes(png(20, 10))
    assert build_in_process(tmp_path, "--strict", pdf=True).returncode == 0
    assert drawn_images((tmp_path / "site" / ENFANCE).read_bytes()) == [(20, 10)]


def test_a_pdf_fetches_no_image_but_those_it_was_given(tmp_path):
    """Validation refuses an image of another site in the content; the fetcher refuses it all the same,
    and a file of this machine, and a marked image it was not given."""
    outside = tmp_path / "ailleurs.png"
    outside.write_bytes(png(40, 30))
    given = (("medias/affiche.png", png(20, 10)),)
    html = (
        f'<html><body><img src="{outside.as_uri()}"><img src="https://exemple.fr/image.png">'
        f'<img src="{urls.LINK_MARK}medias/autre.png"><img src="{urls.LINK_MARK}medias/affiche.png"></body></html>'
    )
    content, _ = pdf.render(html, given)
    assert drawn_images(content) == [(20, 10)]
