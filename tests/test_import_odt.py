"""The importer reads an OpenDocument text (.odt, LibreOffice's format) as it reads the same document
saved by Word: the .odt files are written here part by part, as LibreOffice writes them, and their
drafts compared with those of the .docx the other tests build. Hostile .odt files give a French
message, never a traceback, in work proportional to their size."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
import test_hostile_import
from conftest import ratio
from test_hostile_import import LAUGHS, import_cli, too_many
from test_importer import SEED_000_AS_DOCX, build_docx, build_headings_docx, build_merged_docx

from releve.importing import import_document
from releve.importing.opendocument import NAMESPACES
from releve.importing.reading import MAX_PARAGRAPHS, MAX_TEXT_BYTES, UnreadableDocument, read_document

_NAMESPACES = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items() if prefix != "xml") + (
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"')

STYLES = """<office:styles>
  <style:style style:name="Standard" style:family="paragraph"/>
  <style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard"/>
  <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Heading"/>
  <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Heading"/>
  <style:style style:name="Subtitle" style:family="paragraph" style:parent-style-name="Heading"/>
  <style:style style:name="Strong_20_Emphasis" style:display-name="Strong Emphasis" style:family="text">
    <style:text-properties fo:font-weight="bold"/></style:style>
  <text:list-style style:name="Puces"><text:list-level-style-bullet text:level="1" text:bullet-char="•"/>
    <text:list-level-style-bullet text:level="2" text:bullet-char="◦"/></text:list-style>
  <text:list-style style:name="Numeros"><text:list-level-style-number text:level="1" style:num-format="1"/>
    <text:list-level-style-number text:level="2" style:num-format="a"/></text:list-style>
</office:styles>"""

AUTOMATIC = """<office:automatic-styles>
  <style:style style:name="P1" style:family="paragraph" style:parent-style-name="Standard" style:list-style-name="Puces"/>
  <style:style style:name="P2" style:family="paragraph" style:parent-style-name="Standard">
    <style:text-properties fo:font-weight="bold"/></style:style>
  <style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
  <style:style style:name="T2" style:family="text"><style:text-properties fo:font-weight="normal"/></style:style>
</office:automatic-styles>"""


def odt_bytes(body: str, header: str = "", content: bytes | None = None, automatic: str = "") -> bytes:
    """An .odt as LibreOffice writes it: « mimetype » first and stored, then its XML parts (``automatic``
    adds automatic styles)."""
    master = (f'<office:master-styles><style:master-page style:name="Standard"><style:header>{header}</style:header>'
              "</style:master-page></office:master-styles>") if header else ""
    styles = f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {_NAMESPACES}>{STYLES}{master}</office:document-styles>'
    written = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_NAMESPACES}>'
               f'{AUTOMATIC.replace("</office:automatic-styles>", automatic + "</office:automatic-styles>")}'
               f"<office:body><office:text>{body}</office:text></office:body></office:document-content>").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", written if content is None else content)
        archive.writestr("styles.xml", styles)
        archive.writestr("META-INF/manifest.xml", '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
    return buffer.getvalue()


def p(text: str, style: str = "Standard") -> str:
    return f'<text:p text:style-name="{style}">{text}</text:p>'


def items(style: str, *texts: str, more: str = "") -> str:
    return f'<text:list text:style-name="{style}"{more}>' + "".join(
        f"<text:list-item>{p(text)}</text:list-item>" for text in texts) + "</text:list>"


def table(*rows: tuple[str, ...]) -> str:
    return ('<table:table table:name="T"><table:table-column table:number-columns-repeated="3"/>' + "".join(
        "<table:table-row>" + "".join(cell if cell.startswith("<table:") else f"<table:table-cell>{cell or p('')}</table:table-cell>"
                                      for cell in row) + "</table:table-row>" for row in rows) + "</table:table>")


def cell(*paragraphs: str) -> str:
    """Paragraphs of a cell: « · » ones a bulleted list, as ``test_importer._cell`` makes Word's."""
    return "".join(items("Puces", text[2:]) if text.startswith("· ") else p(text) for text in paragraphs)


HEADINGS_ODT = odt_bytes(
    header=p("CLSM messin – CH Jury – Tél.<text:s/>03 99 00 00 01"),
    body="".join([
        '<text:tracked-changes><text:changed-region xml:id="ct1" text:id="ct1"><text:deletion><office:change-info>'
        "<dc:creator>Relecture</dc:creator></office:change-info>"
        f"{p('Phrase supprimée en relecture.')}</text:deletion></text:changed-region></text:tracked-changes>",
        '<text:sequence-decls><text:sequence-decl text:display-outline-level="0" text:name="Illustration"/></text:sequence-decls>',
        p("Relevé de conclusions", "Title"),
        p("Collaboration CMP Winnicott / CLSM messin", "Subtitle"),
        p("Date<text:s/>: 22/10/2021 au CMP Winnicott<text:note text:note-class=\"footnote\"><text:note-citation>1</text:note-citation>"
          f"<text:note-body>{p('Une note de bas de page.')}</text:note-body></text:note>"),
        p('<text:span text:style-name="T1">Présents :</text:span>'),
        items("Puces", "Sylvie Plujat, cadre de santé – CH Jury – CMP Winnicott", "Stéphane TK – CH Jury"),
        '<text:h text:style-name="Heading_20_1" text:outline-level="2">Ordre du jour</text:h>',
        items("Numeros", "Projet de réseau psypérinatalité", "Projet PATH"),
        '<text:h text:style-name="Heading_20_1" text:outline-level="1">Projet de réseau psypérinatalité</text:h>',
        p("En 2019, plusieurs<text:line-break/>échanges se sont<text:tab/>réalisés "
          '<text:change-start text:change-id="ct2"/>dans le cadre du CLSM.<text:change-end text:change-id="ct2"/>'
          '<text:change text:change-id="ct1"/><office:annotation><text:p>Un commentaire.</text:p></office:annotation>'),
        p("Décision", "P2"),
        p("Il est convenu de poser les bases de ce réseau."),
        '<text:h text:style-name="Heading_20_1" text:outline-level="1">Projet PATH</text:h>',
        p("Un site dédié est déjà disponible : "
          '<text:a xlink:type="simple" xlink:href="https://path-perinatal.eu/fr/">https://path-perinatal.eu/fr/</text:a>'),
        p('<text:span text:style-name="Strong_20_Emphasis">Une phrase entière en gras met en valeur ce qu’elle dit.</text:span>'),
        '<text:h text:style-name="Heading_20_1" text:outline-level="1">Suites à donner</text:h>',
        table(tuple(p(text) for text in ("Qui", "Quoi", "Quand")),
              tuple(p(text) for text in ("Stéphane TK", "Envoyer la fiche méthodologique", "Novembre 2021")),
              tuple(p(text) for text in ("Sylvie Plujat", "Recenser les acteurs locaux", "31/12/2021")),
              (p("Julie Exemple"), p("Réserver une salle"), "")),
        p("Prochaine réunion : 23/11/2021 avec l’équipe de la MDA."),
        p("Stéphane TK, coordonnateur – Tél. 06 99 00 00 02"),
    ]),
)

SEED_000_ODT = odt_bytes(
    header=p("[Tapez le texte]"),
    body="".join([
        p(SEED_000_AS_DOCX["kind"]),
        table(*((p(label), cell(*values)) for label, values in SEED_000_AS_DOCX["header"])),
        p(""),
        p("Discussion"),
        table((p("THÈME"), ""), *((p(title), cell(*content)) for title, content in SEED_000_AS_DOCX["topics"])),
    ]),
)

MERGED_ODT = odt_bytes(header=p(""), body="".join([
    p("Compte rendu"),
    table(('<table:table-cell table:number-columns-spanned="2">' + p("RÉUNION DU COMITÉ DE PILOTAGE") + "</table:table-cell>",
           "<table:covered-table-cell/>"),
          *((p(label), cell(*value.split("\n"))) for label, value in [
              ("Objet", "Comité de pilotage du CLSM de Test-sur-Exemple"), ("Date", "5 juin 2031"), ("Lieu", "Ville de Woippy"),
              ("Présents", "· Julie EXEMPLE, cheffe de service, GEM\n· Paul ESSAI, animateur, Médiathèque Jean Macé"),
              ("Prochaine réunion", "· 04/06/2031")])),
    p("Discussion"),
    table((p("THÈME"), ""),
          ('<table:table-cell table:number-rows-spanned="2">' + p("Bilan de l’année") + "</table:table-cell>",
           cell("Les sessions ont eu lieu.", "Calendrier", "Les dates restent à fixer.")),
          ("<table:covered-table-cell/>", cell("Décision", "· Il est convenu de reconduire les sessions."))),
]))


site = test_hostile_import.site  # the fixture: a site of the base files


@pytest.mark.parametrize("document", ["headings", "seed 000", "merged cells"])
def test_an_odt_gives_the_draft_of_the_same_docx(site: Path, tmp_path: Path, document: str):
    """An .odt was refused (« ouvrez-le dans LibreOffice et enregistrez-le au format Word »): read
    now into the very lines, hence the very draft (front matter, participants, agenda, decisions),
    of the same document saved by Word."""
    word = {
        "headings": lambda path: build_headings_docx(path),
        "seed 000": lambda path: build_docx(path, **SEED_000_AS_DOCX),
        "merged cells": lambda path: build_merged_docx(path),
    }[document](tmp_path / "cr.docx")
    libreoffice = tmp_path / "cr.odt"
    libreoffice.write_bytes({"headings": HEADINGS_ODT, "seed 000": SEED_000_ODT, "merged cells": MERGED_ODT}[document])
    assert read_document(libreoffice).lines == read_document(word).lines
    assert import_document(libreoffice, site).markdown == import_document(word, site).markdown


def flat(odt: bytes) -> bytes:
    """The .fodt LibreOffice saves for the same document: « styles.xml » and « content.xml » in one
    « office:document », in its order (styles, automatic styles, page styles, body)."""
    with zipfile.ZipFile(io.BytesIO(odt)) as archive:
        styles, written = (archive.read(name).decode() for name in ("styles.xml", "content.xml"))
    named, opening, pages = re.search("<office:document-styles[^>]*>(.*)</office:document-styles>", styles, re.S)[1].partition(
        "<office:master-styles")
    automatic, opening_body, body = re.search("<office:document-content[^>]*>(.*)</office:document-content>", written, re.S)[1].partition(
        "<office:body")
    return (f'<?xml version="1.0" encoding="UTF-8"?><office:document {_NAMESPACES} '
            f'office:mimetype="application/vnd.oasis.opendocument.text">{named}{automatic}{opening}{pages}{opening_body}{body}'
            "</office:document>").encode()


def in_utf16(flat_odt: bytes, codec: str = "utf-16") -> bytes:
    """The same .fodt in UTF-16 with its byte-order mark (« utf-16 » writes the machine's, « utf-16-be »
    none, hence the mark written here), as LibreOffice may write XML, or an editor save it again."""
    text = flat_odt.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"', 1)
    return (text if codec == "utf-16" else "\ufeff" + text).encode(codec)


@pytest.mark.parametrize("codec", ["utf-8", "utf-16", "utf-16-be"])
@pytest.mark.parametrize("name", ["cr.fodt", "cr.xml"])
def test_a_flat_odt_is_read_as_the_odt_of_the_same_document(site: Path, tmp_path: Path, name: str, codec: str):
    """A .fodt (LibreOffice's « Document texte OpenDocument à plat », the whole document in one XML
    file) was read as a text export: its XML became the draft, or it was refused as no minutes. It
    gives the lines, hence the draft, of the .odt of the same document, whatever its name, in UTF-8
    or in UTF-16 (which, but for a file named « .fodt », was still read as a text export)."""
    for odt in (HEADINGS_ODT, SEED_000_ODT, MERGED_ODT):
        zipped, single = tmp_path / "cr.odt", tmp_path / name
        zipped.write_bytes(odt)
        single.write_bytes(flat(odt) if codec == "utf-8" else in_utf16(flat(odt), codec))
        assert read_document(single) == read_document(zipped)
    assert import_document(single, site).markdown == import_document(zipped, site).markdown


def test_the_draft_of_an_odt_leaves_out_deletions_notes_and_comments(site: Path, tmp_path: Path):
    source = tmp_path / "cr.odt"
    source.write_bytes(HEADINGS_ODT)
    markdown = import_document(source, site).markdown
    assert "En 2019, plusieurs échanges se sont réalisés dans le cadre du CLSM." in markdown
    assert "supprimée" not in markdown and "note de bas" not in markdown and "commentaire" not in markdown
    assert "date: 2021-10-22" in markdown and "## Projet PATH" in markdown


def test_lists_of_an_odt_are_numbered_as_word_numbers_them(tmp_path: Path):
    """Each list counts from 1 unless it continues another; an item of a higher level restarts the
    deeper ones; a list header has no number; a bullet list's items a « · »."""
    nested = ('<text:list text:style-name="Numeros" xml:id="list1"><text:list-item>' + p("Premier")
              + items("Numeros", "Sous-point a", "Sous-point b") + "</text:list-item><text:list-item>" + p("Deuxième")
              + items("Numeros", "Sous-point a") + "</text:list-item><text:list-header>" + p("En-tête") + "</text:list-header></text:list>")
    source = tmp_path / "cr.odt"
    source.write_bytes(odt_bytes("".join([
        nested, items("Numeros", "Troisième", more=' text:continue-list="list1"'),
        items("Numeros", "Nouvelle liste"), items("Numeros", "Suite", more=' text:continue-numbering="true"'),
        '<text:list><text:list-item>' + p("Puce du style du paragraphe", "P1") + "</text:list-item></text:list>",
        items("Puces", "Puce"),
    ])))
    assert read_document(source).lines == [
        "1. Premier", "1. Sous-point a", "2. Sous-point b", "2. Deuxième", "1. Sous-point a", "En-tête", "3. Troisième",
        "1. Nouvelle liste", "2. Suite", "· Puce du style du paragraphe", "· Puce",
    ]


def numbered(text: str, list_id: str | None = "list7", level: int = 1, shown: str = "1.") -> str:
    """A numbered paragraph outside a list, with the number LibreOffice last showed (« text:number »)."""
    written = f' text:list-id="{list_id}"' if list_id else ""
    return (f'<text:numbered-paragraph{written} text:level="{level}" text:style-name="Numeros">'
            f"<text:number>{shown}</text:number>{p(text)}</text:numbered-paragraph>")


def test_numbered_paragraphs_of_an_odt_are_numbered_as_word_numbers_them(site: Path, tmp_path: Path):
    """LibreOffice's numbered paragraphs outside a list (« text:numbered-paragraph ») were read as
    plain paragraphs, their numbers lost: the agenda they number was no agenda. Each is an item of the
    list its « text:list-id » names (a text:list's own id included), at its level, as Word's « List
    Number » paragraphs are: the same lines, the same draft."""
    text = ["Compte rendu du comité de pilotage", "Date : 14/04/2031", "Ordre du jour :"]
    agenda = ["Bilan des sessions", "Calendrier 2031"]
    rest = ["Participants :", "Jeanne Martin, CH Jury", "La séance est ouverte."]
    written = docx.Document()
    for line in text:
        written.add_paragraph(line)
    for line in agenda:
        written.add_paragraph(line, style="List Number")
    for line in rest:
        written.add_paragraph(line)
    word = tmp_path / "cr.docx"
    written.save(word)
    libreoffice = tmp_path / "cr.odt"
    libreoffice.write_bytes(odt_bytes("".join([*map(p, text), *(numbered(line, shown=f"{index}.") for index, line in enumerate(agenda, 1)),
                                               *map(p, rest)]), header=p("")))  # python-docx's template has an empty header
    assert read_document(libreoffice).lines == read_document(word).lines
    assert "ordre_du_jour:\n- Bilan des sessions\n- Calendrier 2031\n" in import_document(libreoffice, site).markdown
    assert import_document(libreoffice, site).markdown == import_document(word, site).markdown

    lists = tmp_path / "listes.odt"
    lists.write_bytes(odt_bytes("".join([
        numbered("Premier"), numbered("Sous-point", level=2), numbered("Deuxième"), numbered("Autre liste", "list8"),
        items("Numeros", "Liste", more=' xml:id="list9"'), numbered("Suite de la liste", "list9"), numbered("Sans liste", None),
        numbered("Niveau mille", level=1000),
    ])))
    assert read_document(lists).lines == [
        "1. Premier", "1. Sous-point", "2. Deuxième", "1. Autre liste", "1. Liste", "2. Suite de la liste", "1. Sans liste",
        "· Niveau mille",  # the tenth level, which « Numeros » leaves a bullet's
    ]


def test_spaces_breaks_and_text_boxes_of_an_odt(tmp_path: Path):
    """« text:s c="3" » is three spaces, a line break or a tab one, a text box's paragraphs follow
    the paragraph that anchors it, and a picture is counted, not read."""
    source = tmp_path / "cr.odt"
    source.write_bytes(odt_bytes(p(
        'a<text:s text:c="3"/>b<text:line-break/>c<text:tab/>d<!-- un commentaire XML -->'
        '<draw:frame draw:name="Cadre"><draw:text-box>' + p("Dans le cadre") + "</draw:text-box></draw:frame>"
        '<draw:frame draw:name="Image"><draw:image xlink:href="Pictures/a.png"/><draw:image xlink:href="Pictures/a.svg"/></draw:frame>')))
    document = read_document(source)
    assert document.lines == ["a   b c d", "Dans le cadre"] and document.images == 1


# --- Hostile .odt ------------------------------------------------------------------------------------

def content(inner: str, declarations: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{declarations}<office:document-content {_NAMESPACES}>'
            f"<office:body><office:text>{inner}</office:text></office:body></office:document-content>").encode()


def without_content() -> bytes:
    source, buffer = zipfile.ZipFile(io.BytesIO(odt_bytes(p("a")))), io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as written:
        for item in source.infolist():
            if item.filename != "content.xml":
                written.writestr(item, source.read(item.filename))
    return buffer.getvalue()


DAMAGED = {
    "not XML": lambda: odt_bytes("", content=b"pas du XML"),
    "a billion laughs": lambda: odt_bytes("", content=content(p("&a9;"), LAUGHS)),
    "sections nested 300 deep": lambda: odt_bytes("", content=content(
        '<text:section text:name="s">' * 300 + p("a") + "</text:section>" * 300)),
    "no content": without_content,
    "a damaged zip": lambda: odt_bytes(p("a"))[:300],
}


@pytest.mark.parametrize("case", DAMAGED, ids=list(DAMAGED))
def test_a_damaged_odt_is_a_french_message(site: Path, tmp_path: Path, case: str):
    source = tmp_path / "cr.odt"
    source.write_bytes(DAMAGED[case]())
    result = import_cli(source, site)
    assert result.returncode == 2
    assert result.stderr.startswith("Erreur : « cr.odt » ") and result.stderr.count("\n") == 1, result.stderr
    assert "OpenDocument" in result.stderr and "endommagé" in result.stderr
    assert "Traceback" not in result.stderr and "inattendue" not in result.stderr


FLAT_DAMAGED = {
    "not XML": lambda: b"pas du XML",
    "a billion laughs": lambda: content(p("&a9;"), LAUGHS),
    "sections nested 300 deep": lambda: content('<text:section text:name="s">' * 300 + p("a") + "</text:section>" * 300),
}


@pytest.mark.parametrize("case", FLAT_DAMAGED, ids=list(FLAT_DAMAGED))
def test_a_damaged_flat_odt_is_refused_as_a_damaged_odt(tmp_path: Path, case: str):
    """A damaged .fodt is refused with the .odt's message. libxml2 refuses a billion laughs whatever
    the parser's options: that no entity is expanded nor an external one read is proven below, by
    ``test_an_external_entity_of_an_odt_is_never_read``."""
    source = tmp_path / "cr.fodt"
    source.write_bytes(FLAT_DAMAGED[case]())
    with pytest.raises(UnreadableDocument) as refused:
        read_document(source)
    assert str(refused.value) == "« cr.fodt » est un document OpenDocument endommagé ou d'un format inattendu."


@pytest.mark.parametrize("name", ["cr.odt", "cr.fodt"])
def test_an_odt_of_too_many_paragraphs_is_refused_before_it_is_read(tmp_path: Path, name: str):
    """As a .docx (``test_hostile_import``): headings and a table's paragraphs count."""
    source = tmp_path / name
    document = odt_bytes(p("Compte rendu") + '<text:h text:outline-level="1">Titre</text:h>'
                         + table(*[(p("a"),)] * (MAX_PARAGRAPHS - 1)))
    source.write_bytes(document if name.endswith(".odt") else flat(document))
    with pytest.raises(UnreadableDocument) as refused:
        read_document(source)
    assert str(refused.value) == too_many(name)


def too_much_text(name: str) -> str:
    return (f"« {name} » fait plus de 5 Mo de texte, la limite : un compte rendu, même long, en fait quelques "
            "centaines de kilo-octets. Vérifiez qu'il s'agit bien du compte rendu.")


def test_a_document_of_more_text_than_a_text_export_may_hold_is_refused(tmp_path: Path):
    """A .fodt of 45 Mo of text imported in 22 s into a draft « make verifier » refused: the text an
    .odt, a .fodt or a .docx makes is bounded as a text export's bytes are (``MAX_TEXT_BYTES``),
    counted as it is made, a repeated cell's at each repetition. One of as much text as the bound is read."""
    assert MAX_TEXT_BYTES == 5_000_000
    heading, megabyte = "Compte rendu", "a" * 1_000_000
    over = {  # 12 characters more than the bound
        "cr.odt": odt_bytes(p(heading) + p(megabyte) * 5),
        "cr.fodt": flat(odt_bytes(p(heading) + p(megabyte) * 5)),
        "cr.xml": in_utf16(flat(odt_bytes(p(heading) + p(megabyte) * 5))),
        "cr.docx": test_hostile_import.replaced(test_hostile_import.docx_bytes(), "word/document.xml",
                                                test_hostile_import.body(f"<w:p><w:r><w:t>{megabyte}</w:t></w:r></w:p>" * 5)),
        "tableau.odt": odt_bytes(p(heading) + table((f'<table:table-cell table:number-columns-repeated="64">'
                                                     f'{p("a" * 78_125)}</table:table-cell>',))),
    }
    for name, document in over.items():
        source = tmp_path / name
        source.write_bytes(document)
        with pytest.raises(UnreadableDocument) as refused:
            read_document(source)
        assert str(refused.value) == too_much_text(name)
    source = tmp_path / "cr.fodt"
    source.write_bytes(flat(odt_bytes(p(heading) + p("a" * (1_000_000 - len(heading))) + p(megabyte) * 4)))
    assert len(read_document(source).lines) == 6


def test_an_external_entity_of_an_odt_is_never_read(site: Path, tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Mot de passe : hunter2", encoding="utf-8")
    source = tmp_path / "cr.odt"
    source.write_bytes(odt_bytes("", content=content(
        p("Compte rendu") + p("Date : 14/04/2031") + p("Participants : &x;"),
        f'<!DOCTYPE office:document-content [<!ENTITY x SYSTEM "{secret.as_uri()}">]>')))
    result = import_document(source, site)
    assert "hunter2" not in result.markdown and "hunter2" not in "".join(notice.message for notice in result.notices)
    flat_source, utf16_source = tmp_path / "cr.fodt", tmp_path / "cr.xml"
    flat_source.write_bytes(zipfile.ZipFile(source).read("content.xml"))
    utf16_source.write_bytes(in_utf16(flat_source.read_bytes()))
    assert read_document(flat_source).lines == read_document(source).lines == ["Compte rendu", "Date : 14/04/2031", "Participants :"]
    assert read_document(utf16_source).lines == read_document(source).lines


def test_counts_an_odt_writes_are_bounded(tmp_path: Path):
    """A cell « repeated » a billion times, or a billion spaces, are a few bytes of XML."""
    source = tmp_path / "cr.odt"
    source.write_bytes(odt_bytes(
        p('a<text:s text:c="1000000000"/>b')
        + table(('<table:table-cell table:number-columns-repeated="1000000000">' + p("x") + "</table:table-cell>",))))
    lines = read_document(source).lines
    assert len(lines) <= 100 and len(lines[0]) <= 200


def repeated_table(inner: str) -> str:
    """A table of one row and one cell, each repeated as many times as a count of the document is read."""
    return ('<table:table table:name="T"><table:table-row table:number-rows-repeated="64">'
            f'<table:table-cell table:number-columns-repeated="64">{inner}</table:table-cell></table:table-row></table:table>')


REPEATED_TABLES = {
    # 16.8 million lines (10 s) from 1.4 ko of XML; one level more, 69 billion.
    "a repeated table in a repeated table's cell": lambda: repeated_table(repeated_table(p("x"))),
    # 82 million lines from 20,000 paragraphs, fewer than the bound on paragraphs.
    "many repeated tables": lambda: repeated_table(p("x")) * 10,
    "repeated rows of covered cells": lambda: ('<table:table table:name="T"><table:table-row table:number-rows-repeated="64">'
                                               + "<table:covered-table-cell/>" * 700 + "</table:table-row></table:table>"),
}


@pytest.mark.parametrize("name", ["cr.odt", "cr.fodt"])
@pytest.mark.parametrize("case", REPEATED_TABLES, ids=list(REPEATED_TABLES))
def test_the_lines_repeated_tables_make_are_bounded(tmp_path: Path, case: str, name: str):
    """Each repeated row and cell is read at most 64 times (``test_counts_an_odt_writes_are_bounded``);
    the lines of all the tables are counted too, as they are made."""
    source = tmp_path / name

    def read(body: str) -> list[str]:
        document = odt_bytes(p("Compte rendu") + body)
        source.write_bytes(document if name.endswith(".odt") else flat(document))
        return read_document(source).lines

    with pytest.raises(UnreadableDocument) as refused:
        read(REPEATED_TABLES[case]())
    assert str(refused.value) == (
        f"« {name} » répète les lignes ou les cellules de ses tableaux au-delà de 40\u202f000 lignes, la limite : "
        "un compte rendu, même long, en compte quelques centaines. Vérifiez qu'il s'agit bien du compte rendu.")
    assert len(read(repeated_table(p("x")) * 9)) == 1 + 9 * 64 * 65  # 64 cells and a blank line in each row


def test_an_odt_of_many_paragraphs_lists_and_styles_is_read_in_linear_time(tmp_path: Path):
    """Thousands of one-item lists, each of its own style based on the one before."""

    def document(size: int) -> Path:
        styles = "".join(f'<style:style style:name="S{index}" style:family="paragraph" style:parent-style-name="S{index - 1}"/>'
                         for index in range(size))
        body = "".join(items("Numeros", f"Point {index}") + p(f"Paragraphe {index}.", f"S{index}") for index in range(size))
        path = tmp_path / f"cr-{size}.odt"
        path.write_bytes(odt_bytes(body, automatic=styles))
        return path

    small, large = document(800), document(8_000)  # 16,000 paragraphs: below MAX_PARAGRAPHS
    assert read_document(large).lines[:2] == ["1. Point 0", "Paragraphe 0."]
    assert ratio(read_document, small, large) < 30  # linear: 10; quadratic: 100
