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
