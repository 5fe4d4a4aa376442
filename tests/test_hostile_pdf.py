"""Hostile input: the PDFs of ``docs/`` and ``medias/`` are content (the fuzzing audit's PDF items).

A PDF was published on its first bytes: a personal contact in its text, a script run by the
reader's PDF viewer, all reached the site. Each one is now read with pypdf before it is published:
refused when it cannot be read, is encrypted, or carries an action that runs or sends; its text
checked for contacts as a text file's is, page by page. Every PDF here is written byte by byte
(``conftest.pdf``).
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import time
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from conftest import BASE_FILES, PARTNERS, build_in_process, pdf, pdf_object, write_project

from releve import pipeline, published_pdf, validate

CONTACT_TEXT = "Tel 06 12 34 56 78 zorglubx@exemple-perso.fr"
"""The audit's PDF: ten lines, published with exit 0."""
ACTIVE = (
    "que le lecteur de PDF exécuterait chez qui l'ouvre : le site n'en publie aucun ; enregistrez-le à nouveau "
    "sans (par exemple en l'imprimant vers un nouveau PDF), ou retirez-le"
)
UNREADABLE = (
    "ce PDF ne se lit pas (fichier abîmé, incomplet ou d'un format inattendu : {}) : "
    "enregistrez-le à nouveau depuis le logiciel qui l'a créé, ou retirez-le"
)


def problems_in(root: Path, files: dict, partners: str = PARTNERS) -> list[str]:
    write_project(root, {**BASE_FILES, "partners.yaml": partners, **files})
    return [str(problem) for problem in pipeline.validate_project(root)]


def test_a_clean_pdf_is_published_and_the_audits_pdf_stops_the_build(tmp_path):
    clean, leaking = tmp_path / "propre", tmp_path / "fuite"
    clean.mkdir()
    leaking.mkdir()
    write_project(clean, {**BASE_FILES, "docs/rapport.pdf": pdf("Rapport annuel du CLSM", "Bilan des actions"), "medias/plan.pdf": pdf("Plan")})
    build = build_in_process(clean, "--strict")
    assert build.returncode == 0, build.output
    assert (build.site / "rapport.pdf").read_bytes() == pdf("Rapport annuel du CLSM", "Bilan des actions")
    assert (build.site / "medias" / "plan.pdf").is_file()
    write_project(leaking, {**BASE_FILES, "docs/note.pdf": pdf(CONTACT_TEXT)})
    build = build_in_process(leaking, "--strict")
    assert build.returncode == 1
    assert "docs/note.pdf:1: numéro de téléphone « 06 12 34 56 78 » dans la page 1" in build.output


def test_a_contact_is_named_by_its_file_and_page(tmp_path):
    files = {
        "docs/note.pdf": pdf("Compte rendu", "Contacts\n" + CONTACT_TEXT),
        "medias/lien.pdf": pdf(
            "Ecrivez-nous",
            page="/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /URI /URI (mailto:anne.exemple@exemple-perso.fr) >> >>]",
        ),
        "medias/auteur.pdf": b"",  # filled below: its properties name its author
    }
    files["medias/auteur.pdf"] = pdf("Programme").replace(b"/Root 1 0 R", b"/Root 1 0 R /Info << /Author (Paul 07 98 76 54 32) >>")
    assert problems_in(tmp_path, files) == [
        "docs/note.pdf:1: adresse électronique « zorglubx@exemple-perso.fr » dans la page 2 : retirez ce contact s'il est celui d'une personne",
        "docs/note.pdf:1: numéro de téléphone « 06 12 34 56 78 » dans la page 2 : retirez ce contact s'il est celui d'une personne",
        "medias/auteur.pdf:1: numéro de téléphone « 07 98 76 54 32 » dans les annotations, les signets ou les propriétés du PDF : "
        "retirez ce contact s'il est celui d'une personne",
        "medias/lien.pdf:1: adresse électronique « anne.exemple@exemple-perso.fr » dans les annotations, les signets ou les propriétés du PDF : "
        "retirez ce contact s'il est celui d'une personne",
    ]


def test_a_pdf_is_checked_as_a_text_file_is(tmp_path):
    """The same text gives the same verdict in a docs/ .txt and a PDF: a structure's phone declared
    in partners.yaml may show (neither has « contacts_publics » to declare it in: a flyer with a
    CMP's number could never be published), a person's may not."""
    partners = PARTNERS.replace("description: Hôpital de test.", 'description: Hôpital de test.\n    telephone: "03 87 00 00 00"')
    text = "Accueil du CH Jury : 03 87 00 00 00\nPermanence : 06 12 34 56 78\nSans contact : 12 rue de Metz"
    found = problems_in(tmp_path, {"docs/notes.txt": text + "\n", "docs/notes.pdf": pdf(text)}, partners)
    as_text = [line.split(": ", 1)[1] for line in found if line.startswith("docs/notes.txt:")]
    as_pdf = [line.split(": ", 1)[1] for line in found if line.startswith("docs/notes.pdf:")]
    assert as_text == [
        "numéro de téléphone « 06 12 34 56 78 » dans le texte : retirez ce contact s'il est celui d'une personne ; si c'est le contact"
        " public d'une structure, écrivez-le dans sa fiche de partners.yaml (« telephone », « courriel »)",
    ]
    assert as_pdf == [message.replace("dans le texte", "dans la page 1") for message in as_text]


ACTIVE_PDFS = {
    "open-action": (pdf("x", catalog="/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"), "du JavaScript"),
    # A name written with escapes is the same name to a viewer.
    "escaped-name": (pdf("x", catalog="/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"), "du JavaScript"),
    "names-tree": (
        pdf("x", catalog=f"/Names << /JavaScript << /Names [(a) {pdf_object(1)}] >> >>", objects=("<< /S /JavaScript /JS (app.alert(1)) >>",)),
        "du JavaScript",
    ),
    "catalog-aa": (pdf("x", catalog="/AA << /WC << /S /JavaScript /JS (1) >> >>"), "du JavaScript"),
    "page-aa": (pdf("x", page="/AA << /O << /S /Launch /F (calc.exe) >> >>"), "une action qui lance un programme (« Launch »)"),
    "link": (
        pdf("x", page="/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /SubmitForm /F (https://x.example/) >> >>]"),
        "une action qui envoie les données d'un formulaire (« SubmitForm »)",
    ),
    "import-data": (
        pdf("x", page=f"/Annots [{pdf_object(1)}]", objects=("<< /Type /Annot /Subtype /Widget /Rect [0 0 9 9] /A << /S /ImportData /F (d.fdf) >> >>",)),
        "une action qui importe des données (« ImportData »)",
    ),
    # A bookmark's action, behind the next one of a chain.
    "outline": (
        pdf(
            "x",
            catalog=f"/Outlines {pdf_object(1)}",
            objects=(
                f"<< /Type /Outlines /First {pdf_object(1, 1)} /Last {pdf_object(1, 1)} /Count 1 >>",
                f"<< /Title (Ouvrir) /Parent {pdf_object(1)} /A << /S /GoTo /D [4 0 R /Fit] /Next << /S /JavaScript /JS (1) >> >> >>",
            ),
        ),
        "du JavaScript",
    ),
    "xfa": (pdf("x", catalog="/AcroForm << /Fields [] /XFA (<xdp/>) >>"), "un formulaire XFA, qui peut contenir des scripts"),
}


@pytest.mark.parametrize("name", ACTIVE_PDFS)
def test_a_pdf_that_runs_or_sends_something_is_refused(tmp_path, name):
    data, what = ACTIVE_PDFS[name]
    assert problems_in(tmp_path, {"medias/tract.pdf": data}) == [f"medias/tract.pdf:1: ce PDF contient {what}, {ACTIVE}"]


def test_an_attached_file_is_refused(tmp_path):
    attached = pdf(
        "x",
        catalog=f"/Names << /EmbeddedFiles << /Names [(odt) {pdf_object(1)}] >> >>",
        objects=(f"<< /Type /Filespec /F (source.odt) /EF << /F {pdf_object(1, 1)} >> >>", "<< /Length 2 >>\nstream\nPK\nendstream"),
    )
    assert problems_in(tmp_path, {"docs/hybride.pdf": attached}) == [
        "docs/hybride.pdf:1: ce PDF contient un fichier joint, que le site ne peut pas vérifier : enregistrez-le à nouveau sans pièce jointe "
        "(dans LibreOffice, sans « PDF hybride »), ou publiez le fichier à part"
    ]


def test_a_pdf_that_cannot_be_read_is_refused_without_a_traceback(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=BytesIO(pdf("Secret")))
    writer.encrypt("", "proprietaire", algorithm="RC4-128")  # opens without a password, yet encrypted
    encrypted = BytesIO()
    writer.write(encrypted)
    files = {
        "docs/vide-de-sens.pdf": b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n",  # the old fixture: no catalog
        "docs/tronque.pdf": pdf("Bonjour")[:200],
        "docs/bruit.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 40,
        # A page tree that is its own kid.
        "medias/boucle.pdf": pdf("x").replace(b"/Kids [4 0 R]", b"/Kids [2 0 R]"),
        "medias/chiffre.pdf": encrypted.getvalue(),
    }
    found = problems_in(tmp_path, files)
    # pypdf's error is named (for whoever reports the problem), whichever it is.
    assert [re.sub(r" : \w+\) : ", " : …) : ", line) for line in found[:4]] == [
        f"{path}:1: " + UNREADABLE.format("…") for path in ("docs/bruit.pdf", "docs/tronque.pdf", "docs/vide-de-sens.pdf", "medias/boucle.pdf")
    ]
    assert found[4:] == [
        "medias/chiffre.pdf:1: ce PDF est chiffré ou protégé par un mot de passe : son texte ne peut pas être vérifié ; "
        "enregistrez-le à nouveau sans protection"
    ]


def test_the_work_on_a_pdf_is_bounded(tmp_path, monkeypatch):
    big = pdf("x") + b"%" + b"0" * published_pdf.MAX_BYTES
    files = {
        "docs/gros.pdf": big,
        "docs/long.pdf": pdf(*["page"] * (published_pdf.MAX_PAGES + 1)),
        "docs/bavard.pdf": pdf("un texte de quarante caracteres au moins", "un texte de quarante caracteres au moins"),
        "docs/lent.pdf": pdf("a", "b"),
    }
    monkeypatch.setattr(published_pdf, "MAX_TEXT", 50)
    write_project(tmp_path, {**BASE_FILES, **files})
    found = [str(problem) for problem in pipeline.validate_project(tmp_path)]
    monkeypatch.setattr(published_pdf, "MAX_SECONDS", -1)
    slow = [str(problem) for problem in pipeline.validate_project(tmp_path) if problem.path == "docs/lent.pdf"]
    monkeypatch.setattr(published_pdf, "MAX_SECONDS", 60.0)
    monkeypatch.setattr(published_pdf, "MAX_OBJECTS", 3_000)
    (tmp_path / "docs" / "lent.pdf").write_bytes(pdf("a", catalog="/Dests [" + "[] " * 3_001 + "]"))
    crowded = [str(problem) for problem in pipeline.validate_project(tmp_path) if problem.path == "docs/lent.pdf"]
    assert found == [
        "docs/bavard.pdf:1: ce PDF contient plus de 50 caractères de texte (limite atteinte à la page 2) : découpez-le en plusieurs fichiers",
        "docs/gros.pdf:1: le PDF fait plus de 20 Mo, la limite d'un PDF publié : enregistrez-le avec des images moins lourdes, ou découpez-le",
        f"docs/long.pdf:1: ce PDF a {published_pdf.MAX_PAGES + 1} pages, plus que la limite de {published_pdf.MAX_PAGES} : découpez-le en plusieurs fichiers",
    ]
    assert slow == [
        "docs/lent.pdf:1: la lecture de ce PDF dépasse -1 s (arrêtée à la page 1) : "
        "enregistrez-le à nouveau depuis le logiciel qui l'a créé, ou découpez-le"
    ]
    assert crowded == [
        "docs/lent.pdf:1: ce PDF compte plus de 3 000 objets, la limite d'un PDF vérifié : "
        "enregistrez-le à nouveau depuis le logiciel qui l'a créé, ou découpez-le"
    ]


def test_a_pdf_is_read_again_only_when_it_changes(tmp_path, monkeypatch):
    read = []

    def counted(data: bytes) -> list[str]:
        read.append(data)
        return text(data)

    text = published_pdf.text
    monkeypatch.setattr(published_pdf, "text", counted)
    write_project(tmp_path, {**BASE_FILES, "medias/plan.pdf": pdf("Plan"), "docs/note.pdf": pdf(CONTACT_TEXT)})
    checked = validate.CheckedFiles()
    today = dt.date(2022, 1, 1)
    for _ in range(2):
        with pytest.raises(validate.ContentError) as first:
            validate.validate(tmp_path, today, checked)
    assert len(read) == 2, "each PDF read once, its outcome (problems included) kept"
    assert [str(problem) for problem in first.value.problems][0].startswith("docs/note.pdf:1: adresse électronique")
    (tmp_path / "docs" / "note.pdf").write_bytes(pdf("Corrigé"))
    validate.validate(tmp_path, today, checked)
    assert read[2:] == [pdf("Corrigé")]


def test_a_site_without_pdf_does_not_load_pypdf(tmp_path):
    """pypdf costs a third of a second to import: only a site with a PDF pays it."""
    write_project(tmp_path, BASE_FILES)
    script = (
        "import datetime, sys; from pathlib import Path; from releve import validate; "
        f"validate.validate(Path({str(tmp_path)!r}), datetime.date(2022, 1, 1)); print('pypdf' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def _drawing_a_form(times: int, operators: int) -> bytes:
    """One page drawing ``times`` the same form of ``operators`` pairs « q Q »: pypdf parses the form
    again at each drawing."""
    form = "q Q " * operators + "BT /F1 12 Tf 1 1 Td (x) Tj ET"
    content = "/X1 Do\n" * times
    bodies = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> /XObject << /X1 6 0 R >> >> /Contents 5 0 R >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        f"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /Font << /F1 3 0 R >> >> /Length {len(form)} >>\nstream\n{form}\nendstream",
    ]
    written, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(bodies, 1):
        offsets.append(len(written))
        written += f"{number} 0 obj\n{body}\nendobj\n".encode()
    table = len(written)
    written += f"xref\n0 {len(bodies) + 1}\n0000000000 65535 f \n".encode() + b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    return written + f"trailer\n<< /Size {len(bodies) + 1} /Root 1 0 R >>\nstartxref\n{table}\n%%EOF\n".encode()


def test_a_page_slow_to_read_is_stopped_within_the_page(tmp_path, monkeypatch):
    """The limit was checked between pages only: one page drawing 300 times a form of 200,000
    operators held the build 195 s, then was published."""
    monkeypatch.setattr(published_pdf, "MAX_SECONDS", 0.5)
    write_project(tmp_path, {**BASE_FILES, "docs/lent.pdf": _drawing_a_form(40, 100_000)})
    started = time.monotonic()
    found = [str(problem) for problem in pipeline.validate_project(tmp_path)]
    assert found == [
        "docs/lent.pdf:1: la lecture de ce PDF dépasse 0 s (arrêtée à la page 1) : "
        "enregistrez-le à nouveau depuis le logiciel qui l'a créé, ou découpez-le"
    ]
    assert time.monotonic() - started < 5


def _stream(data: str, dictionary: str = "") -> str:
    """A stream object for ``pdf(objects=…)``: its dictionary, its length, its data (bytes as latin-1)."""
    return f"<< {dictionary} /Length {len(data.encode('latin-1'))} >>\nstream\n{data}\nendstream"


def _link(target: str) -> bytes:
    """A page whose link goes to ``target`` (a string of PDF: escapes as written)."""
    return pdf("Lien", page=f"/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI ({target}) >> >>]")


LINK_REFUSED = "le site ne publie que des liens http:, https:, mailto: et tel: ; retirez ce lien du document et enregistrez-le à nouveau, ou retirez-le"
SCRIPT = "qui exécute un script chez qui clique dessus"
HIDDEN_LINKS = {
    "javascript": (_link("javascript:app.alert\\(1\\)"), "javascript", SCRIPT),
    # As a browser reads it: blanks and control characters before the scheme, tabs and line breaks in it, any case.
    "disguised": (_link("  \\001\\tJaVa\\tScRiPt:alert\\(1\\)"), "javascript", SCRIPT),
    "line-break": (_link("java\\nscript:alert\\(1\\)"), "javascript", SCRIPT),
    "utf-16": (_link("\xfe\xff\x00v\x00b\x00s\x00c\x00r\x00i\x00p\x00t\x00:\x00x"), "vbscript", SCRIPT),
    "data": (_link("data:text/html;base64,PHNjcmlwdD4="), "data", "qui porte en lui la page ou le script qu'il ouvre"),
    "file": (_link("FILE:///C:/Windows/System32/calc.exe"), "file", "qui ouvre un fichier de l'ordinateur de qui clique dessus"),
    "program": (_link("ms-msdt:/id PCWDiagnostic"), "ms-msdt", "qu'un autre programme de l'ordinateur ouvrirait"),
    # The base of the relative links, in the catalog: « rapport.pdf » would open a file of the computer.
    "base": (pdf("x", catalog="/URI << /Base (file:///C:/) >>"), "file", "qui ouvre un fichier de l'ordinateur de qui clique dessus"),
    # An action behind a reference, after another in a chain.
    "chained": (
        pdf("x", catalog=f"/OpenAction << /S /URI /URI (https://clsm.example.org/) /Next {pdf_object(1)} >>", objects=("<< /S /URI /URI (data:,x) >>",)),
        "data",
        "qui porte en lui la page ou le script qu'il ouvre",
    ),
}


@pytest.mark.parametrize("name", HIDDEN_LINKS)
def test_a_link_that_runs_a_script_or_leaves_the_web_is_refused(tmp_path, name):
    """A link's target was published whatever its scheme: « javascript: » runs in some viewers, a
    « file: » or « ms-msdt: » one opens a program of the reader's computer."""
    data, scheme, risk = HIDDEN_LINKS[name]
    assert problems_in(tmp_path, {"medias/tract.pdf": data}) == [f"medias/tract.pdf:1: ce PDF contient un lien « {scheme}: », {risk} : {LINK_REFUSED}"]


def test_links_to_the_web_a_mail_a_phone_or_a_page_are_published(tmp_path):
    links = " ".join(
        f"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI ({target}) >> >>"
        for target in ("https://clsm.example.org/", "http://exemple.fr", "MAILTO:accueil@ch-jury.example.org", "tel:0387000000", "../a-propos/", "rapport.pdf#page=2")
    )
    partners = PARTNERS.replace(
        "description: Hôpital de test.", 'description: Hôpital de test.\n    telephone: "03 87 00 00 00"\n    courriel: accueil@ch-jury.example.org'
    )
    assert problems_in(tmp_path, {"docs/liens.pdf": pdf("Liens", page=f"/Annots [{links}]")}, partners) == []
    # A mailto: or tel: target is still a contact.
    assert problems_in(tmp_path, {"docs/liens.pdf": _link("tel:0612345678")}) == [
        "docs/liens.pdf:1: numéro de téléphone « 0612345678 » dans les annotations, les signets ou les propriétés du PDF : "
        "retirez ce contact s'il est celui d'une personne"
    ]


def test_a_calendar_in_a_flyer_is_no_phone_number(tmp_path):
    """A month's table, as a flyer of the SISM shows it: its rows read « 01 02 03 04 05 06 07 »."""
    calendar = pdf("Programme de mai\nlun mar mer jeu ven sam dim\n01 02 03 04 05 06 07\n08 09 10 11 12 13 14\n15 16 17 18 19 20 21")
    assert problems_in(tmp_path, {"docs/programme.pdf": calendar}) == []


XMP = """<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 5.6-c015 84.159810, 2016/09/10-02:41:30">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"
 xmp:CreateDate="2021-06-12T09:34:56+02:00" xmp:CreatorTool="Microsoft Word" pdf:Producer="{producer}">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Programme des SISM</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq></dc:creator>
<xmp:ModifyDate>2021-06-12T09:34:56+02:00</xmp:ModifyDate>
<xmpMM:DocumentID>uuid:0612ab34-5678-4d0c-9012-345678901234</xmpMM:DocumentID>
<xmpMM:InstanceID>uuid:06123456-7890-4abc-8def-012345678901</xmpMM:InstanceID>
<xmpMM:History><rdf:Seq><rdf:li stEvt:action="saved" stEvt:instanceID="xmp.iid:0612345678" stEvt:when="2021-06-12T09:34:56+02:00"/></rdf:Seq></xmpMM:History>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
"""The XMP metadata an office suite writes (Word's identifiers and history, whose digits read as phones)."""


def _with_metadata(xmp: str, dictionary: str = "") -> bytes:
    return pdf("Programme", catalog=f"/Metadata {pdf_object(1)}", objects=(_stream(xmp, f"/Type /Metadata /Subtype /XML {dictionary}"),))


def test_the_text_of_the_xmp_metadata_is_checked(tmp_path):
    """A viewer shows the document's XMP metadata as its properties (author, description…): it was
    not read; its identifiers and dates are not shown, and are no contacts."""
    ordinary = XMP.format(creator="CLSM de test", producer="Microsoft&#174; Word pour Microsoft 365")
    leaking = XMP.format(creator="Anne Exemple 06 12 34 56 78", producer="Word &#48;7&#32;98 76 54 32")
    compressed = zlib.compress(leaking.encode()).decode("latin-1")
    found = problems_in(
        tmp_path,
        {
            "docs/ordinaire.pdf": _with_metadata(ordinary),
            "docs/auteur.pdf": _with_metadata(leaking),
            "medias/compresse.pdf": _with_metadata(compressed, "/Filter /FlateDecode"),
        },
    )
    where = "dans les annotations, les signets ou les propriétés du PDF : retirez ce contact s'il est celui d'une personne"
    assert found == [
        f"docs/auteur.pdf:1: numéro de téléphone « 06 12 34 56 78 » {where}",
        f"docs/auteur.pdf:1: numéro de téléphone « 07 98 76 54 32 » {where}",
        f"medias/compresse.pdf:1: numéro de téléphone « 06 12 34 56 78 » {where}",
        f"medias/compresse.pdf:1: numéro de téléphone « 07 98 76 54 32 » {where}",
    ]


def test_metadata_that_cannot_be_read_or_is_too_large_is_refused(tmp_path, monkeypatch):
    bomb = zlib.compress(b" " * 50_000_000, 9).decode("latin-1")  # 49 kB that decode to 50 MB
    entities = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "06 12 34 56 78">]><x>&a;</x>'
    found = problems_in(
        tmp_path,
        {
            "docs/bombe.pdf": _with_metadata(bomb, "/Filter /FlateDecode"),
            "docs/entites.pdf": _with_metadata(entities),
            "docs/tronque.pdf": _with_metadata(XMP[:300]),
        },
    )
    assert [re.sub(r"pas \(.*\) :", "pas (…) :", line) for line in found] == [
        "docs/bombe.pdf:1: les métadonnées (XMP) de ce PDF font plus de 1 Mo, la limite d'un PDF vérifié : "
        "enregistrez-le à nouveau depuis le logiciel qui l'a créé",
        *(
            f"docs/{name}.pdf:1: les métadonnées (XMP) de ce PDF ne se lisent pas (…) : leur texte ne peut pas être vérifié ; "
            "enregistrez-le à nouveau depuis le logiciel qui l'a créé"
            for name in ("entites", "tronque")
        ),
    ]


def _drawing(content: str, box: str = "[0 0 200 20]", subtype: str = "") -> str:
    """A form XObject drawing ``content`` in Helvetica (``/F1``)."""
    return _stream(content, f"/Type /XObject /Subtype /Form {subtype} /BBox {box} /Resources << /Font << /F1 3 0 R >> >>")


def test_what_the_annotations_draw_is_checked(tmp_path):
    """A viewer draws an annotation or a form field with its appearance stream (``/AP``), not with
    its ``/Contents`` or ``/V``: a stamp or a note could show a number that no string holds."""
    stamp = pdf(
        "Affiche",
        page=f"/Annots [<< /Type /Annot /Subtype /Stamp /Rect [0 0 200 20] /Contents (Tampon) /AP << /N {pdf_object(1)} >> >>]",
        objects=(_drawing("BT /F1 12 Tf 2 5 Td (Tel. 06 12 34 56 78) Tj ET"),),
    )
    # A check box: one appearance per state, the one shown when the pointer is over it too.
    box = pdf(
        "Formulaire",
        page=f"/Annots [{pdf_object(1)}]",
        objects=(
            f"<< /Type /Annot /Subtype /Widget /FT /Btn /T (inscrit) /Rect [0 0 9 9] /AP << /N << /Oui {pdf_object(1, 1)} /Off {pdf_object(1, 1)} >> "
            f"/R << /Oui {pdf_object(1, 2)} >> >> >>",
            _drawing("BT /F1 8 Tf 0 0 Td (x) Tj ET"),
            _drawing("BT /F1 8 Tf 0 0 Td (ecrire a zorglubx@exemple-perso.fr) Tj ET"),
        ),
    )
    assert problems_in(tmp_path, {"medias/tampon.pdf": stamp, "medias/case.pdf": box}) == [
        "medias/case.pdf:1: adresse électronique « zorglubx@exemple-perso.fr » dans les annotations, les signets ou les propriétés du PDF : "
        "retirez ce contact s'il est celui d'une personne",
        "medias/tampon.pdf:1: numéro de téléphone « 06 12 34 56 78 » dans les annotations, les signets ou les propriétés du PDF : "
        "retirez ce contact s'il est celui d'une personne",
    ]


def test_other_strings_a_viewer_shows_are_checked(tmp_path):
    """An annotation's author (``/T``) and subject, a list's choices, a button's caption, the
    producer of the document."""
    shown = pdf(
        "x",
        page=(
            "/Annots [<< /Type /Annot /Subtype /Text /Rect [0 0 9 9] /T (Paul 07 98 76 54 32) /Subj (Note) >> "
            "<< /Type /Annot /Subtype /Widget /FT /Ch /Rect [0 0 9 9] /Opt [(Non) [(o) (zorglubx@exemple-perso.fr)]] >> "
            "<< /Type /Annot /Subtype /Widget /FT /Btn /Rect [0 0 9 9] /MK << /CA (06 11 22 33 44) >> >>]"
        ),
    ).replace(b"/Root 1 0 R", b"/Root 1 0 R /Info << /Producer (Anne 06 55 44 33 22) >>")
    assert [line.split(" dans ")[0] for line in problems_in(tmp_path, {"medias/note.pdf": shown})] == [
        "medias/note.pdf:1: adresse électronique « zorglubx@exemple-perso.fr »",
        "medias/note.pdf:1: numéro de téléphone « 06 11 22 33 44 »",
        "medias/note.pdf:1: numéro de téléphone « 06 55 44 33 22 »",
        "medias/note.pdf:1: numéro de téléphone « 07 98 76 54 32 »",
    ]


PHONE = "06 12 34 56 78"


def _glyphs(order: list[int], each: str) -> str:
    """The glyphs of ``PHONE`` drawn one by one in ``order``, 7 points apart: ``each`` draws the
    glyph ``{glyph}`` at ``{x}`` (``{twice}`` in a space scaled by half)."""
    return " ".join(each.format(glyph=PHONE[index], x=100 + 7 * index, twice=200 + 14 * index, index=index) for index in order)


FORWARD, BACKWARD, SHUFFLED = list(range(len(PHONE))), list(reversed(range(len(PHONE)))), [13, 3, 0, 9, 5, 11, 1, 7, 12, 2, 10, 6, 4, 8]
GLYPH_BY_GLYPH = {
    # The brief's example: in order, each glyph moved by its own Td. pypdf reads it as shown.
    "in-order": "BT /F1 12 Tf 100 700 Td " + " 7 0 Td ".join(f"({glyph}) Tj" for glyph in PHONE) + " ET",
    "backwards": "BT /F1 12 Tf 191 700 Td " + " -7 0 Td ".join(f"({glyph}) Tj" for glyph in reversed(PHONE)) + " ET",
    "shuffled-matrix": "BT /F1 12 Tf " + _glyphs(SHUFFLED, "1 0 0 1 {x} 700 Tm ({glyph}) Tj") + " ET",
    "one-text-each": _glyphs(BACKWARD, "BT /F1 12 Tf {x} 700 Td ({glyph}) Tj ET"),
    "interleaved": _glyphs(FORWARD, "BT /F1 12 Tf {x} 700 Td ({glyph}) Tj ET BT /F1 12 Tf 72 {x} Td (Ligne) Tj ET"),
    "kerning": "BT /F1 12 Tf 191 700 Td [" + " ".join(f"({glyph}) 1250" for glyph in reversed(PHONE)) + "] TJ ET",
    "scaled": "q 0.5 0 0 0.5 0 0 cm BT /F1 24 Tf " + _glyphs(SHUFFLED, "1 0 0 1 {twice} 1400 Tm ({glyph}) Tj") + " ET Q",
    "turned": "BT /F1 12 Tf " + _glyphs(SHUFFLED, "0 1 -1 0 300 {x} Tm ({glyph}) Tj") + " ET",
    "state-saved": "BT /F1 12 Tf ET " + _glyphs(SHUFFLED, "q BT 1 0 0 1 {x} 700 Tm ({glyph}) Tj ET Q"),
}


@pytest.mark.parametrize("name", GLYPH_BY_GLYPH)
def test_a_number_drawn_glyph_by_glyph_in_any_order_is_found(tmp_path, name):
    """pypdf reads a page in the order it is drawn: a number drawn from its last digit, or digit by
    digit in any order at its place, read « 87 65 43 21 60 » or « 860 73 1 4 26 5 », and was
    published. The page is read as placed too (``published_pdf._Placement``)."""
    found = problems_in(tmp_path, {"docs/tract.pdf": pdf(GLYPH_BY_GLYPH[name], drawn=True)})
    assert found == [f"docs/tract.pdf:1: numéro de téléphone « {PHONE} » dans la page 1 : retirez ce contact s'il est celui d'une personne"]


def test_a_number_drawn_glyph_by_glyph_in_forms_is_found(tmp_path):
    """Each digit in a form of its own, placed by the page (its matrix and the form's)."""
    forms = tuple(_drawing(f"BT /F1 12 Tf 0 0 Td ({glyph}) Tj ET", "[0 0 10 10]", "/Matrix [1 0 0 1 0 700]") for glyph in PHONE)
    names = " ".join(f"/G{index} {pdf_object(1, index)}" for index in range(len(PHONE)))
    content = _glyphs(SHUFFLED, "q 1 0 0 1 {x} 0 cm /G{index} Do Q")
    assert problems_in(tmp_path, {"docs/tract.pdf": pdf(content, drawn=True, resources=f"/XObject << {names} >>", objects=forms)}) == [
        f"docs/tract.pdf:1: numéro de téléphone « {PHONE} » dans la page 1 : retirez ce contact s'il est celui d'une personne"
    ]


def test_the_text_as_placed_reads_an_ordinary_page_as_pypdf_does():
    """No contact twice, no text glued, no number read from one column to the next: a page of two
    columns, their lines side by side, each one a run of its own."""
    columns = (
        "BT /F1 12 Tf 14 TL 72 720 Td (Accueil du lundi) Tj T* (au vendredi) Tj ET "
        "BT /F1 12 Tf 14 TL 320 720 Td (Tel. 03 87 00 00 00) Tj T* (Permanence 06 12 34 56 78) Tj ET"
    )
    reading = published_pdf.text(pdf(columns, drawn=True))
    assert reading.placed == ["Accueil du lundi\n\nTel. 03 87 00 00 00\n\nau vendredi\n\nPermanence 06 12 34 56 78"]
    assert validate._unseen(reading.pages[0], reading.placed[0]) == ""


def test_the_build_refuses_a_pdf_that_hides_a_script_or_a_contact(tmp_path):
    """The real build, as the coordinator runs it: each way through to the site is closed at its file."""
    files = {
        "docs/lien.pdf": _link(" javascript:app.alert\\(1\\)"),
        "docs/proprietes.pdf": _with_metadata(XMP.format(creator="Anne 06 12 34 56 78", producer="Word")),
        "docs/tampon.pdf": pdf("x", page=f"/Annots [<< /Subtype /FreeText /Rect [0 0 200 20] /AP << /N {pdf_object(1)} >> >>]", objects=(_drawing("BT /F1 9 Tf 0 5 Td (zorglubx@exemple-perso.fr) Tj ET"),)),
        "docs/desordre.pdf": pdf(GLYPH_BY_GLYPH["backwards"], drawn=True),
    }
    write_project(tmp_path, {**BASE_FILES, **files})
    build = build_in_process(tmp_path, "--strict")
    assert build.returncode == 1
    where = "dans les annotations, les signets ou les propriétés du PDF : retirez ce contact s'il est celui d'une personne"
    for message in (
        f"docs/lien.pdf:1: ce PDF contient un lien « javascript: », {SCRIPT} : {LINK_REFUSED}",
        f"docs/proprietes.pdf:1: numéro de téléphone « 06 12 34 56 78 » {where}",
        f"docs/tampon.pdf:1: adresse électronique « zorglubx@exemple-perso.fr » {where}",
        f"docs/desordre.pdf:1: numéro de téléphone « {PHONE} » dans la page 1",
    ):
        assert message in build.output
    assert "Traceback" not in build.output
    assert not (tmp_path / "site" / "lien.pdf").exists()


def test_the_reading_of_placed_text_is_bounded(tmp_path, monkeypatch):
    """Its pieces on one page, the graphics states it saves (a page nesting 100,000 « q »)."""
    nested = "q " * 100_000 + GLYPH_BY_GLYPH["backwards"] + " Q" * 100_000
    started = time.process_time()
    reading = published_pdf.text(pdf(nested, drawn=True))
    assert reading.placed == [PHONE]
    assert time.process_time() - started < 10
    monkeypatch.setattr(published_pdf, "MAX_PIECES", 5)
    write_project(tmp_path, {**BASE_FILES, "docs/morceaux.pdf": pdf(GLYPH_BY_GLYPH["one-text-each"], drawn=True)})
    assert [str(problem) for problem in pipeline.validate_project(tmp_path)] == [
        "docs/morceaux.pdf:1: la page 1 de ce PDF dessine son texte en plus de 5 morceaux, la limite d'un PDF vérifié : "
        "enregistrez-le à nouveau depuis le logiciel qui l'a créé, ou découpez-le"
    ]
