"""The Word importer fed hostile documents: damaged or bomb-like .docx files, text exports with
invisible or control characters or two encodings, a line of thousands of words, thousands of
paragraphs and styles (hostile .odt files are in test_import_odt.py). Each gives a French message,
or a draft that passes validation, in work proportional to the document, and nothing is written
outside minutes/."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import BASE_FILES, ratio, run_releve, write_project
from docx.enum.style import WD_STYLE_TYPE

from releve import pipeline
from releve.importing import Directory, import_document
from releve.importing.directory import MAX_SPELT_WORDS
from releve.importing.reading import MAX_PARAGRAPHS, UnreadableDocument, read_document

SEED = Path(__file__).resolve().parent / "data" / "importer" / "seed-004-sensibilisation-qpv.txt"
DRAFT = "minutes/2022-03-01-organisation-de-la-sensibilisation-en-sante-mentale.md"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    write_project(root, BASE_FILES)
    return root


def import_cli(source: Path, root: Path):
    return run_releve("importer", str(source), "--site", str(root))


# --- Characters no one sees ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "hidden",
    ["\u202e", "\u2066", "\u200d", "\u2060", "\ufeff", "\x1b", "\x1e", "\x9b"],
    ids=["right-to-left override", "isolate", "zero-width joiner", "word joiner", "byte-order mark", "escape",
         "record separator", "C1 control"],
)
def test_invisible_and_control_characters_never_reach_the_draft(site: Path, tmp_path: Path, hidden: str):
    """« \u202eORGANISATION… » in a title, or an escape in a name, went into the draft, which
    ``releve verifier`` then refused (« caractère invisible U+202E… : retirez-le »)."""
    text = SEED.read_text(encoding="utf-8")
    assert "ORGANISATION DE LA" in text and "Sonia Charapoff" in text
    source = tmp_path / "cr.txt"
    source.write_text(text.replace("ORGANISATION DE LA", f"{hidden}ORGANI{hidden}SATION DE LA")
                      .replace("Sonia Charapoff", f"Sonia Chara{hidden}poff{hidden}"), encoding="utf-8")
    result = import_cli(source, site)
    assert result.returncode == 0, result.stderr
    assert (site / DRAFT).read_text(encoding="utf-8") == import_document(SEED, site).markdown
    assert [str(problem) for problem in pipeline.validate_project(site)] == []


def test_a_text_export_of_utf8_with_a_few_windows_accents_keeps_the_others(site: Path, tmp_path: Path):
    """A text in UTF-8 with one line pasted from a Windows-1252 file was read whole as
    Windows-1252: its other accents became « Ã© » and its « · » bullets « Â· »."""
    text = SEED.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if "é" in line and line.startswith("·"))
    source = tmp_path / "cr.txt"
    source.write_bytes(text.encode("utf-8").replace(line.encode("utf-8"), line.encode("cp1252")))
    assert import_document(source, site).markdown == import_document(SEED, site).markdown


# --- Damaged, bomb-like or other documents ---------------------------------------------------------


def docx_bytes() -> bytes:
    document = docx.Document()
    for line in ("Compte rendu du comité de pilotage", "Date : 14/04/2031", "Participants :", "· Jeanne Martin, CH Jury"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def replaced(data: bytes, name: str, content: bytes, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """``data``, a zip, with its part ``name`` holding ``content``."""
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as written:
        for item in source.infolist():
            if item.filename == name:
                written.writestr(name, content, compress_type=compression)
            else:
                written.writestr(item, source.read(item.filename))
    return buffer.getvalue()


def body(inner: str, declarations: str = "") -> bytes:
    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    return (f'<?xml version="1.0" encoding="UTF-8"?>{declarations}<w:document {namespace}><w:body>'
            f"<w:p><w:r><w:t>Compte rendu</w:t></w:r></w:p>{inner}</w:body></w:document>").encode()


def undecompressable(data: bytes) -> bytes:
    """``data`` whose « word/document.xml » is a deflate stream that does not decompress (its first
    block of a reserved type), its declared sizes and checksum unchanged."""
    header = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml").header_offset
    name, extra = (int.from_bytes(data[header + at:header + at + 2], "little") for at in (26, 28))
    start = header + 30 + name + extra  # the local header, then the compressed data
    return data[:start] + b"\xff" * 16 + data[start + 16:]


LAUGHS = "<!DOCTYPE w:document [<!ENTITY a0 \"ha\">" + "".join(
    f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10)) + "]>"

DAMAGED = {
    "not XML": lambda data: replaced(data, "word/document.xml", b"pas du XML"),
    "a NUL in the XML": lambda data: replaced(data, "word/document.xml", body("<w:p><w:r><w:t>a\x00b</w:t></w:r></w:p>")),
    "elements nested 300 deep": lambda data: replaced(
        data, "word/document.xml", body("<w:sdt><w:sdtContent>" * 150 + "<w:p/>" + "</w:sdtContent></w:sdt>" * 150)),
    "a billion laughs": lambda data: replaced(data, "word/document.xml", body("<w:p><w:r><w:t>&a9;</w:t></w:r></w:p>", LAUGHS)),
    "a billion laughs in its styles": lambda data: replaced(
        data, "word/styles.xml",
        f'<?xml version="1.0"?>{LAUGHS}<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "&a9;</w:styles>".encode()),
    "relations that are not": lambda data: replaced(data, "_rels/.rels", b"<x/>"),
    "a part that does not decompress": undecompressable,
}


@pytest.mark.parametrize("case", DAMAGED, ids=list(DAMAGED))
def test_a_damaged_docx_is_a_french_message(site: Path, tmp_path: Path, case: str):
    """Each stopped the import with « Erreur inattendue … (XMLSyntaxError : Excessive depth in
    document: 256…) … signalez-le », as a fault of the engine would."""
    source = tmp_path / "cr.docx"
    source.write_bytes(DAMAGED[case](docx_bytes()))
    result = import_cli(source, site)
    assert result.returncode == 2
    assert result.stderr.startswith("Erreur : « cr.docx » ") and result.stderr.count("\n") == 1, result.stderr
    assert "inattendue" not in result.stderr and "Traceback" not in result.stderr
    assert not (site / "minutes").exists() or [p.name for p in (site / "minutes").iterdir()] == ["2021-02-19-groupe-enfance.md"]


def test_an_external_entity_is_never_read(site: Path, tmp_path: Path):
    """« <!ENTITY x SYSTEM "file:///…"> »: the file it names never reaches the draft."""
    secret = tmp_path / "secret.txt"
    secret.write_text("Mot de passe : hunter2", encoding="utf-8")
    source = tmp_path / "cr.docx"
    source.write_bytes(replaced(docx_bytes(), "word/document.xml", body(
        "<w:p><w:r><w:t>Date : 14/04/2031</w:t></w:r></w:p><w:p><w:r><w:t>Participants : &x;</w:t></w:r></w:p>",
        f'<!DOCTYPE w:document [<!ENTITY x SYSTEM "{secret.as_uri()}">]>')))
    result = import_document(source, site)
    assert "hunter2" not in result.markdown and "hunter2" not in "".join(notice.message for notice in result.notices)


def test_a_loop_of_styles_based_on_each_other_ends(site: Path, tmp_path: Path):
    """A style based on another based on it: looking for a « Titre » among its ancestors never ended."""
    document = docx.Document()
    first, second = (document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH) for name in ("Premier", "Second"))
    first.base_style, second.base_style = second, first
    for line in ("Compte rendu du comité de pilotage", "Date : 14/04/2031", "Participants :", "· Jeanne Martin, CH Jury"):
        document.add_paragraph(line, style=first)
    document.add_heading("Bilan", level=1)
    document.add_paragraph("Le bilan est présenté.", style=second)
    source = tmp_path / "cr.docx"
    document.save(source)
    assert import_document(source, site).markdown.endswith("brouillon: true\n---\n## Bilan\n\nLe bilan est présenté.\n")


def test_the_import_writes_nothing_through_a_linked_minutes_folder(site: Path, tmp_path: Path):
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    for draft in (site / "minutes").iterdir():
        draft.unlink()
    (site / "minutes").rmdir()
    (site / "minutes").symlink_to(elsewhere, target_is_directory=True)
    result = import_cli(SEED, site)
    assert result.returncode == 1 and result.stderr == (
        "Erreur : « minutes » est un lien symbolique, qui peut mener hors du site : rien n'est écrit à travers lui ; retirez-le\n"
    )
    assert list(elsewhere.iterdir()) == []


# --- Work proportional to the document -------------------------------------------------------------


def too_many(name: str) -> str:
    """The refusal of a document ``name`` of one paragraph more than ``MAX_PARAGRAPHS``."""
    return (f"« {name} » compte 20\u202f001 paragraphes, plus que la limite de 20\u202f000 : un compte rendu, même long, "
            "en compte quelques centaines. Vérifiez qu'il s'agit bien du compte rendu.")


def test_a_document_of_too_many_paragraphs_is_refused_before_it_is_read(tmp_path: Path):
    """150,000 paragraphs took the import more than a minute, without a word: a document of more
    paragraphs than a compte rendu ever has (``MAX_PARAGRAPHS``, counted before they are read; the
    lines of a text export) is refused with the bound. One of as many as the bound is read."""
    assert MAX_PARAGRAPHS == 20_000
    export = tmp_path / "export.txt"
    export.write_text("\n".join(["Compte rendu"] + ["a"] * MAX_PARAGRAPHS), encoding="utf-8")
    word = tmp_path / "cr.docx"
    word.write_bytes(replaced(docx_bytes(), "word/document.xml", body("<w:p><w:r><w:t>a</w:t></w:r></w:p>" * MAX_PARAGRAPHS)))
    for source in (export, word):
        with pytest.raises(UnreadableDocument) as refused:
            read_document(source)
        assert str(refused.value) == too_many(source.name)
    export.write_text("\n".join(["Compte rendu"] + ["a"] * (MAX_PARAGRAPHS - 1)), encoding="utf-8")
    assert len(read_document(export).lines) == MAX_PARAGRAPHS


def test_a_docx_of_many_paragraphs_and_styles_is_read_in_linear_time(tmp_path: Path):
    """python-docx looks a paragraph's style up among all the styles at each call: 10,000
    paragraphs of a document of 165 styles took more than a minute, 150,000 half an hour."""

    def document(size: int) -> Path:
        written = docx.Document()
        for index in range(size // 4):
            # The styles' own element: ``styles.add_style`` looks for the name among all the styles
            # first, a quadratic making of the document (1.1 s of its 1.3 s here), the same bytes.
            written.styles.element.add_style_of_type(f"Style {index}", WD_STYLE_TYPE.PARAGRAPH, False)
        for index in range(size):
            written.add_paragraph(f"Paragraphe {index}.")
        path = tmp_path / f"cr-{size}.docx"
        written.save(path)
        return path

    small, large = document(200), document(2_000)
    assert len(read_document(large).lines) == 2_001
    assert ratio(read_document, small, large) < 30  # linear: 10; quadratic: 100


def test_a_participant_line_of_many_words_is_imported_in_linear_time(site: Path, tmp_path: Path):
    """The sigles a line might be written as were looked for at each of its words, with a copy of
    the line's words each time: a line of 30,000 words took seconds, one of 100,000 minutes."""

    def document(words: int) -> Path:
        source = tmp_path / f"cr-{words}.txt"
        source.write_text("Compte rendu du comité\nDate : 14/04/2031\nParticipants :\n· " + "ab " * words + "\n", encoding="utf-8")
        return source

    small, large = document(3_000), document(30_000)
    assert ratio(lambda source: import_document(source, site), small, large) < 30  # linear: 10; quadratic: 100


def test_a_long_text_is_looked_up_in_the_annuaire_in_linear_time(site: Path):
    """A name the annuaire knows followed by a unit of it (« CH Jury unité X ») was looked for among
    all the first words of a text, joined again at each count: the square of a long line's length."""
    directory = Directory.load(site)
    assert directory.match("CH Jury unité Les Tilleuls") == "ch-jury"
    small, large = (" ".join(f"mot{index}" for index in range(size)) for size in (2_000, 20_000))
    assert ratio(directory.match_all, small, large) < 30  # linear: 10; quadratic: 100


def test_a_misspelt_name_is_looked_for_in_a_short_text_only(site: Path):
    """Each window of words of a text was compared with each name of the annuaire: a paragraph given
    as a participant's line, hundreds of millions of comparisons. A misspelt name is looked for in a
    text as long as a group's line may be; a name written right, in any."""
    directory = Directory.load(site)
    padding = " " + " ".join(f"mot{index}" for index in range(MAX_SPELT_WORDS))
    assert directory.find_in("Membres de l'équipe du Centre psychothérapique Winnicot") == "cmp-winnicott"
    assert directory.find_in("Membres de l'équipe du Centre psychothérapique Winnicot" + padding) is None
    assert directory.find_in("Membres de l'équipe du Centre psychothérapeutique Winnicott" + padding) == "cmp-winnicott"


def test_a_docx_of_thousands_of_lists_is_read_in_linear_time(tmp_path: Path):
    """Each list's format was looked up in the whole numbering part: 4,000 lists of one item took
    13 seconds."""
    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def document(size: int) -> Path:
        definitions = "".join(f'<w:abstractNum w:abstractNumId="{index}"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/>'
                              "</w:lvl></w:abstractNum>" for index in range(size))
        lists = "".join(f'<w:num w:numId="{index + 1}"><w:abstractNumId w:val="{index}"/></w:num>' for index in range(size))
        items = "".join(f'<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{index + 1}"/></w:numPr></w:pPr>'
                        f"<w:r><w:t>Point {index}</w:t></w:r></w:p>" for index in range(size))
        data = replaced(docx_bytes(), "word/numbering.xml", f"<w:numbering {namespace}>{definitions}{lists}</w:numbering>".encode())
        path = tmp_path / f"cr-{size}.docx"
        path.write_bytes(replaced(data, "word/document.xml", f"<w:document {namespace}><w:body>{items}</w:body></w:document>".encode()))
        return path

    small, large = document(300), document(3_000)
    assert read_document(small).lines[:2] == ["1. Point 0", "1. Point 1"]
    assert ratio(read_document, small, large) < 30  # linear: 10; quadratic: 100

