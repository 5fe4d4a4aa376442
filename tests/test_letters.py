"""The CLSM's own coordination tools (issue 26): the lettre d'information (page, archive, feed,
e-mail, text), the SISM pages and programme, the PDFs; from hostile and draft content too.

One site is built once with PDFs (``letters_site``): every test reads it.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from html import unescape
from textwrap import dedent

import pytest
from browser import open_page, serve
from test_hostile_docs import png
from conftest import AGENDA_FILES, BASE_FILES, MEETING, SITE_URL, content_problems, project_config, run_releve, shared_build, write_project

from releve import pdf, pipeline, project_cache, urls

SECRET = "Brouillon-secret-4242"
LONG_WORD = "Anticonstitutionnellement" * 5
"""A word longer than a PDF's line (a pasted address, a name written in one piece)."""

COPIL = dedent(AGENDA_FILES["minutes/2022-03-01-copil.md"]).replace(
    "prochaine_reunion:\n", "approbation:\n  etat: approuvé\n  date: 2022-03-29\nprochaine_reunion:\n"
).replace(
    "## Logement\n",
    dedent("""\
        ## En bref

        Synthese-du-copil : le groupe logement est lancé. <script>alert("bref")</script>
        {: onclick="alert('bref')" }

        ## Logement
        """),
)

FILES = {
    **BASE_FILES,
    **AGENDA_FILES,
    "minutes/2022-03-01-copil.md": COPIL,
    # Its next meeting undated, and long past by « today »: no longer « à fixer ».
    # Two points on its agenda, each a sentence of its own.
    "minutes/2021-02-19-groupe-enfance.md": MEETING.replace("prochaine_reunion:\n  date: 2022-05-10\n  horaire: 10h-12h\n  visio: true\n", "prochaine_reunion:\n  note: Suite-sans-date\n")
    .replace("  - Rédiger les fiches projets.\n", "  - Rédiger les fiches projets.\n  - Point sur le réseau.\n")
    # What the pages show with the reader's fonts, the PDF draws with the machine's (OTHER_SCRIPTS).
    .replace("titre: Réunion du groupe enfance", "titre: Réunion du groupe enfance 🎉")
    .replace("  - nom: Anne Exemple", "  - nom: 王小明")
    .replace("Le groupe discute du réseau.", "Le groupe discute du réseau : « الصحة النفسية », « मानसिक स्वास्थ्य »."),
    # But not a character of a private use area, which no font has (the month has its letter already).
    "minutes/2021-02-26-logo.md": "---\ntitre: Réunion-du-logo\ntype: compte rendu\ndate: 2021-02-26\ninstance: copil\n---\n## Logo\n\nLe logo \U00100000 du réseau.\n",
    # A fiche whose status no source gives, started in March: in the letter without one.
    "actions/sans-statut.md": "---\ntitre: Fiche-sans-statut\ndebut: 2022-03\n---\n## Quoi ?\n\nUne fiche.\n",
    "lettres/2022-03.md": """\
        ---
        titre: Lettre de mars
        ---
        Edito-du-mois : bonjour à toutes et à tous ! <script>alert("edito")</script>
        Une adresse collée d'un seul tenant : {LONG_WORD}.

        [Un lien piégé](javascript:alert(2)) et [le réseau](../actions/reseau.md).

        ![Affiche-du-mois](/medias/affiche.png)

        | Lieu | Date |
        |------|------|
        | Salle-Kairos | Mardi 10 mai |

        Un paragraphe cliquable.
        {: onclick="alert(3)" }
        """.replace("{LONG_WORD}", LONG_WORD),
    # A draft édito in a month where nothing else happens: no letter.
    # The édito's image: shown by the letter's page, a link to it in the e-mail and the PDF.
    "medias/affiche.png": png(),
    "lettres/2022-02.md": f"""\
        ---
        brouillon: true
        ---
        Edito {SECRET}.
        """,
    # A draft meeting alone in its month: no letter either.
    "minutes/2022-01-10-brouillon-seul.md": f"""\
        ---
        titre: Réunion {SECRET}
        type: compte rendu
        date: 2022-01-10
        instance: copil
        brouillon: true
        ---
        ## En bref

        Bref {SECRET}.
        """,
    "evenements.yaml": dedent(AGENDA_FILES["evenements.yaml"])
    + dedent("""\
          - id: sism-cine-debat
            titre: Ciné-débat des SISM
            date: 2022-03-15
            horaire: 18h-21h
            lieu: Cinéma Le Palace
            organisateurs: [epe-57, ch-jury]
            public: tout public
            accessibilite: salle accessible en fauteuil roulant
            inscription:
              structure: epe-57
              lien: https://inscription.example.org/sism
            sism: 2022
          # The same day, in the morning: listed before the evening's ciné-débat, whose id comes first.
          - id: sism-matinee
            titre: Matinée-des-SISM
            date: 2022-03-15
            horaire: 9h-11h
            lieu: Médiathèque
            sism: 2022
        sism:
          - annee: 2022
            theme: Santé mentale et environnement
            partenaires: [cmp-winnicott]
            source: bilan de test
            valeurs:
              - nombre: 12
                libelle: partenaires
        """),
    "partners.yaml": BASE_FILES["partners.yaml"].replace(
        "    description: Association de test.\n",
        "    description: Association de test.\n    courriel: accueil@epe57.example.org\n    ajoutee_le: 2022-03-05\n",
    ),
    "mkdocs.yml": project_config(f"site_url: {SITE_URL}\n").replace("pdf: false", "pdf: true"),
}

ACTIVE = re.compile(r"javascript:|\bon[a-z]+=|/JavaScript|" + SECRET + "|Edito Brouillon", re.IGNORECASE)
"""What hostile or draft content would leave in an output: a ``javascript:`` link, an event
handler, a script action, a draft's words; and in HTML, a script element (hostile text shown as
text, « &lt;script&gt; » in HTML or « <script> » in a PDF's or a text's words, is no danger)."""


@pytest.fixture(scope="session")
def letters_site(tmp_path_factory):
    return shared_build(tmp_path_factory, "lettres", lambda root: write_project(root, FILES), pdf=True)


def text(html: str) -> str:
    """The words of a page's article, as a reader sees them (French spaces as spaces)."""
    article = html[html.find("<article"): html.find("</article>")] if "<article" in html else html
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", article))).translate({0xA0: " ", 0x202F: " "})


# --- The letter's page, archive and feed ------------------------------------------------------


def test_a_month_with_meetings_has_its_letter(letters_site):
    page = text(letters_site.html("lettres/2022-03/index.html"))
    assert "Lettre de mars" in page and "Conseil local de santé mentale de test · mars 2022" in page
    assert "Edito-du-mois : bonjour à toutes et à tous !" in page
    assert "Comité de pilotage" in page and "Synthese-du-copil : le groupe logement est lancé." in page
    assert "Il est convenu de créer un groupe logement." in page  # its decision
    assert "Ciné-débat des SISM" in page and "tout public" in page and "accueil@epe57.example.org" in page
    assert "EPE 57" in page and "Nouvelle structure dans l'annuaire" in page
    assert "Réserver les salles." in page  # a commitment due in March, still open
    assert "À venir" in page and "Forum du réseau" in page  # May: two months ahead
    raw = letters_site.raw_html("lettres/2022-03/index.html")
    assert 'href="../../comptes-rendus/2022-03-01-copil/"' in raw and 'href="../../projets/reseau/"' in raw
    assert 'href="../2022-03.pdf"' in raw and (letters_site.site / "lettres/2022-03.pdf").is_file()


def test_the_letter_s_month_takes_a_capital_only_at_the_start_of_a_line(letters_site, email):
    """French typography: « · mars 2022 » within the header line of the page, the e-mail and its text
    version alike (the HTML ones wrote « · Mars 2022 »), « Mars 2022 » alone as the PDF's subtitle."""
    header = "Conseil local de santé mentale de test · mars 2022"
    shown = {
        "lettre": text(letters_site.html("lettres/2022-03/index.html")),
        "courriel": text((email[0] / "lettre-2022-03.html").read_text(encoding="utf-8")),
        "texte": (email[0] / "lettre-2022-03.txt").read_text(encoding="utf-8"),
    }
    assert {name: header in words for name, words in shown.items()} == dict.fromkeys(shown, True)
    pdf = _pdf(letters_site, "lettres/2022-03.pdf").pages[0].extract_text()
    assert "\nMars 2022\n" in pdf, pdf[:200]


def test_a_days_events_are_listed_by_their_start(letters_site, email):
    """The evening's ciné-débat came before the morning's session: events were listed by id."""
    shown = {
        "lettre": text(letters_site.html("lettres/2022-03/index.html")),
        "courriel": (email[0] / "lettre-2022-03.txt").read_text(encoding="utf-8"),
        "sism": text(letters_site.html("sism/2022/index.html")),
        "programme": text(letters_site.html("sism/2022/programme/index.html")),
    }
    assert {name: words.index("Matinée-des-SISM") < words.index("Ciné-débat des SISM") for name, words in shown.items()} == dict.fromkeys(shown, True)


def test_the_feed_gives_the_agenda_as_one_sentence(letters_site):
    """« Rédiger les fiches projets. ; Point sur le réseau. »: each point kept its full stop before the « ; »."""
    feed = (letters_site.site / "flux.xml").read_text(encoding="utf-8").replace("\u00a0", " ").replace("\u202f", " ")
    assert "Ordre du jour : Rédiger les fiches projets ; Point sur le réseau.</summary>" in feed


def test_a_fiche_without_a_status_starts_in_the_letter_without_one(letters_site):
    """No source gives its status: the letter says nothing of it (it ended on a dangling comma)."""
    page = text(letters_site.html("lettres/2022-03/index.html"))
    assert "Fiche-sans-statut : début du projet (mars 2022) " in page and "(mars 2022)," not in page


def test_no_letter_from_drafts_or_an_empty_month(letters_site):
    letters = sorted(p.name for p in (letters_site.site / "lettres").iterdir() if p.is_dir())
    assert letters == ["2021-02", "2022-03"]  # not 2022-01 (a draft meeting), not 2022-02 (a draft édito)
    archive = text(letters_site.html("lettres/index.html"))
    assert archive.index("Lettre de mars") < archive.index("Lettre d'information – février 2021")
    feed = (letters_site.site / "lettres/flux.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == 2 and f"{SITE_URL}lettres/2022-03/" in feed


def test_hostile_and_draft_content_reaches_no_letter_no_email_no_pdf(letters_site, tmp_path):
    assert run_releve("lettre", "2022-03", "--site", str(letters_site.root), "--dossier", str(tmp_path)).returncode == 0
    page = letters_site.raw_html("lettres/2022-03/index.html")
    outputs = {
        "page": page[page.index("<article") : page.index("</article>")],
        "courriel": (tmp_path / "lettre-2022-03.html").read_text(encoding="utf-8"),
        "texte": (tmp_path / "lettre-2022-03.txt").read_text(encoding="utf-8"),
    }
    pdfs = sorted(letters_site.site.rglob("*.pdf"))
    assert len(pdfs) == 8
    for path in pdfs:
        outputs[path.name] = "\n".join(page.extract_text() for page in _reader(path).pages) + path.read_bytes().decode("latin-1")
    assert {name: ACTIVE.findall(content) for name, content in outputs.items() if ACTIVE.search(content)} == {}
    assert "<script" not in outputs["page"] + outputs["courriel"]
    # The hostile text is shown as written, inert; the attribute list is gone, its paragraph kept.
    assert "&lt;script&gt;alert(\"edito\")&lt;/script&gt;" in outputs["page"] and "<p>Un paragraphe cliquable.</p>" in outputs["page"]
    assert "<a>Un lien piégé</a>" in outputs["page"]


def test_an_edito_may_not_publish_a_personal_phone(tmp_path):
    problems = content_problems(tmp_path, {"lettres/2022-03.md": "---\ntitre: Mars\n---\nAppelez Paul au 06 12 34 56 78.\n"})
    assert problems == ["lettres/2022-03.md:4: numéro de téléphone « 06 12 34 56 78 » dans le texte : retirez ce contact s'il est celui d'une personne ; si c'est le contact public d'une structure, ajoutez-le à « contacts_publics »"]


def test_an_edito_is_named_after_its_month(tmp_path):
    # « ٢٠٢٢-03 » (Arabic-Indic digits, which int() reads as 2022) was taken for March 2022.
    problems = content_problems(tmp_path, {name: "---\ntitre: Mars\n---\nTexte.\n" for name in ("lettres/mars.md", "lettres/\u0662\u0660\u0662\u0662-03.md")})
    assert sorted(problems) == [
        f"{name}:1: nom de fichier invalide : attendu lettres/AAAA-MM.md, le mois de la lettre (par exemple lettres/2022-03.md)"
        for name in ("lettres/mars.md", "lettres/\u0662\u0660\u0662\u0662-03.md")
    ]


def test_an_edito_named_after_an_impossible_year_is_said_so(tmp_path):
    # Its letter's period, out of the dates Python knows, stopped the check with a traceback.
    edito = "---\ntitre: Édito\n---\nTexte.\n"
    assert content_problems(tmp_path, {"lettres/0000-01.md": edito, "lettres/9999-12.md": edito}) == [
        f"lettres/{name}.md:1: nom de fichier invalide : l'année « {name[:4]} » doit être entre 1900 et 2100" for name in ("0000-01", "9999-12")
    ]


def test_an_edito_of_a_longer_letter_is_named_after_its_period_s_first_month(tmp_path):
    """A « trimestrielle » letter is 2021-01 (January to March): an édito named « 2021-02 » was
    published nowhere, without a word."""
    from conftest import REFERENTIAL

    files = {"referentiel.yaml": REFERENTIAL + "lettre:\n  periodicite: trimestrielle\n", "lettres/2021-01.md": "---\ntitre: Hiver\n---\nTexte.\n"}
    assert content_problems(tmp_path, files) == []
    misnamed = content_problems(tmp_path, files | {"lettres/2021-02.md": "---\ntitre: Février\n---\nTexte.\n"})
    # Its period's édito is already there: renamed onto it, one of the two texts would be lost.
    assert misnamed == [
        "lettres/2021-02.md:1: la lettre est trimestrielle (« lettre » de referentiel.yaml) : l'édito porte le nom "
        "du premier mois de sa période ; lettres/2021-01.md existe déjà, réunissez-y ce texte"
    ]
    (tmp_path / "seul").mkdir()
    alone = content_problems(tmp_path / "seul", {"referentiel.yaml": files["referentiel.yaml"], "lettres/2021-05.md": "---\ntitre: Mai\n---\nTexte.\n"})
    assert alone == [
        "lettres/2021-05.md:1: la lettre est trimestrielle (« lettre » de referentiel.yaml) : l'édito porte le nom "
        "du premier mois de sa période ; renommez-le lettres/2021-04.md"
    ]


def test_the_preview_never_leaves_a_letter_stale(tmp_path):
    """The preview's shortcut (only the prose of some minutes changed) renders again the letter that
    quotes their « En bref », and only it."""
    from releve.validate import CheckedFiles

    write_project(tmp_path, {**BASE_FILES, **AGENDA_FILES, "minutes/2022-03-01-copil.md": COPIL})
    checked = CheckedFiles()
    first = pipeline.render_site(pipeline.load(tmp_path, checked=checked))
    minutes = tmp_path / "minutes/2022-03-01-copil.md"
    minutes.write_text(minutes.read_text(encoding="utf-8").replace("Synthese-du-copil", "Synthese-corrigee"), encoding="utf-8")
    again = pipeline.rerender_site(pipeline.load(tmp_path, checked=checked), first)
    assert again == pipeline.render_site(pipeline.load(tmp_path))
    changed = [p.src_uri for p, before in zip(again.pages, first.pages) if p is not before]
    assert changed == [urls.meeting("2022-03-01-copil"), urls.letter("2022-03")]
    letter = next(p for p in again.pages if p.src_uri == urls.letter("2022-03"))
    assert "Synthese-corrigee" in "".join(letter.fragments)


# --- The e-mail and its text version ----------------------------------------------------------


@pytest.fixture(scope="module")
def email(letters_site, tmp_path_factory):
    folder = tmp_path_factory.mktemp("courriel")
    result = run_releve("lettre", "2022-03", "--site", str(letters_site.root), "--dossier", str(folder))
    assert result.returncode == 0, result.output
    return folder, result.output


def test_the_command_says_where_the_files_are_and_how_to_send_them(email):
    folder, output = email
    assert "lettre-2022-03.html (la lettre mise en page)" in output and "lettre-2022-03.txt (la version texte)" in output
    # A folder outside the current one is given in full, not as « ../../tmp/… ».
    assert f"  {(folder / 'lettre-2022-03.html').resolve()} (la lettre mise en page)" in output
    assert "Outlook" in output and "Thunderbird" in output and "Cci" in output and "Objet proposé : « Lettre de mars »" in output


def test_the_command_refuses_what_it_cannot_do(letters_site, tmp_path):
    shutil.copytree(letters_site.root, tmp_path / "p", ignore=shutil.ignore_patterns("site", ".cache"))
    (tmp_path / "p/mkdocs.yml").write_text(project_config(), encoding="utf-8")
    no_address = run_releve("lettre", "2022-03", "--site", str(tmp_path / "p"))
    assert no_address.returncode == 1 and "--adresse https://" in no_address.output
    # The starter's « make lettre » passes the address given as ADRESSE=… to --adresse.
    assert "(ADRESSE=https://… avec make lettre, --adresse https://… avec releve lettre)" in no_address.output
    empty = run_releve("lettre", "2022-02", "--site", str(letters_site.root))
    assert empty.returncode == 1 and "pas de lettre pour 2022-02" in empty.output and "2022-03" in empty.output
    assert "(ou ce mois n'ouvre pas une période de la lettre). Vouliez-vous dire 2022-03 ? Dernières lettres : 2021-02, 2022-03." in empty.output
    for month in ("2022-13", "2022-00", "٢٠٢٢-03"):  # Arabic-Indic digits: int() reads them, the month is not written so
        not_a_month = run_releve("lettre", month, "--site", str(letters_site.root))
        assert not_a_month.returncode == 1 and f"« {month} » n'est pas un mois : écrivez-le AAAA-MM, par exemple 2022-03" in not_a_month.output
    day_first = run_releve("lettre", "03/2022", "--site", str(letters_site.root))
    assert day_first.returncode == 1 and "« 03/2022 » n'est pas un mois : écrivez-le AAAA-MM, par exemple 2022-03\n" in day_first.output
    assert "par exemple 2026-04\n" in run_releve("lettre", "4.2026", "--site", str(letters_site.root)).output
    for address in ("exemple.fr", "ftp://exemple.fr", "https://exemple .fr"):
        wrong = run_releve("lettre", "2022-03", "--site", str(letters_site.root), "--adresse", address)
        assert wrong.returncode == 1 and f"« {address} » n'est pas l'adresse d'un site" in wrong.output


def test_a_link_committed_in_the_folder_of_the_emails_writes_nothing_outside(letters_site, tmp_path):
    """« courriels/ » comes with the project: a link there would have had the letter replace a file of the
    coordinator's computer (a text they wrote, as the last lines of ~/.bashrc)."""
    project = tmp_path / "p"
    shutil.copytree(letters_site.root, project, ignore=shutil.ignore_patterns("site", ".cache"))
    outside = tmp_path / "precieux.txt"
    outside.write_text("à garder\n", encoding="utf-8")
    (project / "courriels").mkdir()
    (project / "courriels" / "lettre-2022-03.txt").symlink_to(outside)
    written = run_releve("lettre", "2022-03", "--site", str(project))
    assert written.returncode == 0, written.output
    assert outside.read_text(encoding="utf-8") == "à garder\n"
    assert not (project / "courriels" / "lettre-2022-03.txt").is_symlink()
    assert "Lettre de mars" in (project / "courriels" / "lettre-2022-03.txt").read_text(encoding="utf-8")

    shutil.rmtree(project / "courriels")
    (project / "courriels").symlink_to(tmp_path, target_is_directory=True)
    refused = run_releve("lettre", "2022-03", "--site", str(project))
    assert refused.returncode == 1
    assert "« courriels » est un lien symbolique, qui peut mener hors du site : rien n'est écrit à travers lui ; retirez-le, ou choisissez un autre dossier avec --dossier" in refused.output
    assert sorted(path.name for path in tmp_path.iterdir()) == ["p", "precieux.txt"]


def test_the_email_is_made_for_mail_clients(email):
    html = (email[0] / "lettre-2022-03.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="fr">' in html
    assert "<style" not in html and 'role="presentation"' in html and 'style="' in html
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert hrefs and all(h.startswith((SITE_URL, "mailto:", "https://inscription.example.org/")) for h in hrefs)
    assert not re.search(r"<(img|script|link|iframe)\b", html)
    # Outlook on Windows ignores max-width: the column is also a 600-pixel table only it reads.
    assert re.search(r'<!--\[if mso\]><table [^>]*width="600"', html) and html.count("<![endif]-->") == 2
    # What it is made from, all of it: the events of the agenda and the structures added too.
    assert "faite à partir des comptes rendus, des fiches actions, de l'agenda et de l'annuaire publiés" in html


def test_the_text_version_has_every_link(email):
    html = (email[0] / "lettre-2022-03.html").read_text(encoding="utf-8")
    plain = (email[0] / "lettre-2022-03.txt").read_text(encoding="utf-8")
    assert plain.startswith("Lettre de mars\n") and "<" + SITE_URL + "comptes-rendus/2022-03-01-copil/>" in plain
    assert not re.search(r"<(p|a|div|li)\b", plain)
    for href in set(re.findall(r'href="([^"]+)"', html)):
        assert href.removeprefix("mailto:") in plain, href
    assert "- Il est convenu de créer un groupe logement." in plain.replace("\u202f", " ").replace("\u00a0", " ")
    # French spacing, as in the HTML version: no line starts with « : » in a narrow mail client.
    assert "Lire la lettre en ligne\u00a0: " in plain and "Toutes les lettres\u00a0: " in plain
    assert not re.search(r" [:;!?»]|« ", plain)
    # Lines a mail client shows as they come: 72 characters at most, but an address is never cut.
    long = [line for line in plain.splitlines() if len(line) > 72 and " " in line.strip()]
    assert not long and max(map(len, plain.splitlines())) > 40, long


def test_an_edito_s_image_is_shown_on_the_page_and_the_pdf_and_linked_from_the_email(letters_site, email):
    # On the page, at its address from the page; it was left marked as the engine's link (« \ue001medias/… »).
    page = letters_site.raw_html("lettres/2022-03/index.html")
    assert '<img alt="Affiche-du-mois" src="../../medias/affiche.png">' in page and (letters_site.site / "medias/affiche.png").is_file()
    assert urls.LINK_MARK not in page
    # In the e-mail, which loads nothing, a link to it on the site: not an image without a source.
    address = f"{SITE_URL}medias/affiche.png"
    html = (email[0] / "lettre-2022-03.html").read_text(encoding="utf-8")
    assert re.search(rf'<a href="{re.escape(address)}"[^>]*>Affiche-du-mois</a>', html) and "<img" not in html
    assert f"Affiche-du-mois <{address}>" in (email[0] / "lettre-2022-03.txt").read_text(encoding="utf-8")
    # The PDF draws it (the site's own image, pdf.Images), at its own size, and no longer links to it.
    reader = _pdf(letters_site, "lettres/2022-03.pdf")
    drawn = {x.idnum: x.get_object() for page in reader.pages for x in (page["/Resources"].get("/XObject") or {}).values()}  # pages share them
    assert [(x["/Width"], x["/Height"]) for x in drawn.values() if x["/Subtype"] == "/Image"] == [(2, 2)]
    assert address not in {str(a.get_object()["/A"].get("/URI")) for page in reader.pages for a in page.get("/Annots", []) if "/A" in a.get_object()}


def test_an_edito_s_table_keeps_its_cells_apart_in_the_email(email):
    # Mail clients ran them together (« Salle-KairosMardi 10 mai »): space and a rule between them,
    # in the style attributes webmails keep; in the text version, on their row's line with a separator.
    html = (email[0] / "lettre-2022-03.html").read_text(encoding="utf-8")
    cell = re.search(r'<td style="([^"]*)">Salle-Kairos</td>', html)
    assert cell and "padding: 4px 12px 4px 0" in cell.group(1) and "border-bottom: 1px solid" in cell.group(1)
    plain = (email[0] / "lettre-2022-03.txt").read_text(encoding="utf-8")
    assert "\nLieu · Date\n" in plain and "\nSalle-Kairos · Mardi 10\u00a0mai\n" in plain


@pytest.mark.parametrize("width", [600, 360])
def test_the_email_shows_whole_at_600_and_360_px(email, browser, width):
    """The édito holds a word longer than the column (LONG_WORD): it widened the e-mail past a phone's screen."""
    outside: list[str] = []
    with serve(email[0]) as origin, open_page(browser, origin, outside, viewport={"width": width, "height": 900}) as page:
        page.goto(f"{origin}/lettre-2022-03.html")
        page.wait_for_load_state("networkidle")
        cut = page.evaluate(
            """(width) => [...document.querySelectorAll('body *')].filter((e) => {
                 const r = e.getBoundingClientRect();
                 return r.width && (r.left < -1 || r.right > width + 1);
               }).map((e) => e.tagName + ' ' + e.textContent.slice(0, 40))"""
        , width)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        title = page.inner_text("h1")
    assert outside == [] and cut == [] and scroll <= width
    assert title == "Lettre de mars"


# --- SISM ---------------------------------------------------------------------------------------


def test_a_sism_year_has_its_page_and_programme(letters_site):
    page = text(letters_site.html("sism/2022/index.html"))
    assert "SISM 2022 : « Santé mentale et environnement »" in page
    assert "12 partenaires" in page and "Source : bilan de test." in page
    assert "Ciné-débat des SISM" in page and "salle accessible en fauteuil roulant" in page
    # Partners: the edition's own and its events' organisers, by name.
    assert "Centre psychothérapeutique Winnicott" in page and "Centre hospitalier de Jury" in page
    programme = text(letters_site.html("sism/2022/programme/index.html"))
    assert "Programme des SISM 2022" in programme and "Inscription : https://inscription.example.org/sism" in programme
    index = text(letters_site.html("sism/index.html"))
    assert "2022 – « Santé mentale et environnement » : 12 partenaires" in index


def test_events_feed_the_agenda_calendar_and_bilan(letters_site):
    agenda = letters_site.raw_html("agenda/index.html")
    assert 'href="../sism/2022/">Ciné-débat des SISM</a>' in agenda
    assert "UID:evenement-sism-cine-debat@" in (letters_site.site / "agenda.ics").read_text(encoding="utf-8")
    bilan = text(letters_site.html("bilan/2022/index.html"))
    assert "Événements à l'agenda : 3" in bilan
    assert "SISM 2022 « Santé mentale et environnement » : 12 partenaires" in bilan


def test_the_real_sism_figures_are_those_of_seed_003(real_site):
    index = text(real_site.html("sism/index.html"))
    for line in (
        "2017 – « Santé mentale et travail » : 7 partenaires, 6 événements, 200 participants",
        "2018 – « Santé mentale et parentalité » : 13 partenaires, 17 événements, 800 participants",
        "2019 – « Santé mentale à l'ère du numérique » : 19 partenaires, 9 événements, 250 partenaires",
        "2020 – « Santé mentale et discriminations » : organisation d'une diffusion en direct",
    ):
        assert line in index


# --- PDFs -------------------------------------------------------------------------------------


def _reader(source):
    """pypdf's reader, imported here rather than when every test process collects this file."""
    import pypdf

    return pypdf.PdfReader(source)


def _pdf(letters_site, path: str):
    return _reader(io.BytesIO((letters_site.site / path).read_bytes()))


def _fonts(reader) -> list[tuple[str, bool]]:
    """Each font of the document and whether its file is embedded."""
    found = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = described["/FontDescriptor"].get_object()
            found.append((str(font["/BaseFont"]), any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))))
    return found


@pytest.mark.parametrize(
    "path, title, words",
    [
        ("comptes-rendus/2022-03-01-copil.pdf", "Comité de pilotage", ["Synthese-du-copil", "Il est convenu de créer un groupe logement.", "Réserver les salles."]),
        ("bilan/2022.pdf", "Rapport d'activité 2022", ["Réunions 2022 par instance", "Comptes rendus publiés"]),
        # Like the other documents, it gives its page's address: the letter's PDF alone had none.
        ("lettres/2022-03.pdf", "Lettre de mars", ["Edito-du-mois", "Synthese-du-copil", f"En ligne : {SITE_URL}lettres/2022-03/"]),
        ("sism/2022/programme.pdf", "Programme des SISM 2022", ["Ciné-débat des SISM", "tout public"]),
    ],
)
def test_each_document_has_its_pdf(letters_site, path, title, words):
    reader = _pdf(letters_site, path)
    content = " ".join(page.extract_text() for page in reader.pages).replace("\u202f", " ").replace("\u00a0", " ")
    assert len(reader.pages) >= 1 and all(word in content for word in words)
    assert reader.metadata.title == title and reader.trailer["/Root"]["/Lang"] == "fr"
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in reader.trailer["/Root"]  # tagged
    fonts = _fonts(reader)
    # The engine's font only, the bilan's charts too: no machine's font (DejaVu Sans drew their labels).
    assert fonts and all(embedded for _, embedded in fonts) and all("Source-Sans-3" in name for name, _ in fonts), fonts
    raw = (letters_site.site / path).read_bytes()
    # Links to the site and to what the content links to; nothing the document would load.
    uris = [uri.decode() for uri in re.findall(rb"/URI \((.*?)\)", raw)]
    assert all(uri.startswith((SITE_URL, "mailto:", "https://inscription.example.org/")) for uri in uris), uris
    assert b"/Launch" not in raw and b"/JavaScript" not in raw
    # No image but the site's own: the letter's édito shows medias/affiche.png (tests/test_pdf_images.py).
    assert (b"/Image" in raw) == (path == "lettres/2022-03.pdf")


@pytest.mark.parametrize(
    "path, dated",
    [
        ("comptes-rendus/2022-03-01-copil.pdf", "relevé de conclusions de la réunion du 1er mars 2022, approuvé le 29 mars 2022"),
        ("comptes-rendus/2021-02-19-groupe-enfance.pdf", "compte rendu de la réunion du 19 février 2021"),
        ("bilan/2021.pdf", "bilan de l'année 2021"),
        ("bilan/2022.pdf", "bilan de l'année 2022, en cours"),
        ("lettres/2022-03.pdf", "lettre d'information de mars 2022"),
        ("sism/2022/programme.pdf", "programme des SISM 2022"),
    ],
)
def test_a_pdf_is_dated_by_its_sources_and_versioned_by_its_content_never_by_the_build_day(letters_site, path, dated):
    # A footer with the build's day (« version du 1er avril 2022 ») made every PDF new each day.
    content = " ".join(" ".join(page.extract_text() for page in _pdf(letters_site, path).pages).split()).replace("\u202f", " ").replace("\u00a0", " ")
    footer = re.search(r"Document publié sur le site du CLSM test \(https://clsm\.example\.org/site/\) · (.*) · version ([0-9a-f]{8})", content)
    assert footer and footer[1] == dated, content[-300:]
    assert "version du" not in content


def test_a_compte_rendu_s_pdf_opens_on_its_en_bref_linked_into_the_document(letters_site):
    reader = _pdf(letters_site, "comptes-rendus/2022-03-01-copil.pdf")
    first = reader.pages[0].extract_text().replace("\u202f", " ").replace("\u00a0", " ")
    brief = first[first.index("En bref") : first.index("Participants")]
    assert "1 décision" in brief and "2 engagements : Paul Exemple · EPE 57" in brief and "Prochaine réunion : date à fixer" in brief
    # Each of its lines leads to the decision, the commitment or the section it names.
    destinations = {str(a.get_object().get("/Dest")) for a in reader.pages[0].get("/Annots", [])}
    anchors = set(re.findall(r'id="((?:decision|engagement)-[0-9a-f]+)"', letters_site.raw_html("comptes-rendus/2022-03-01-copil/index.html")))
    assert len(anchors) == 3 and anchors | {"prochaine-reunion"} <= destinations


def test_a_word_longer_than_the_line_is_broken_within_the_page(letters_site):
    """WeasyPrint let it run past the right margin: the end of the word was cut at the page's edge."""
    lines = _pdf(letters_site, "lettres/2022-03.pdf").pages[0].extract_text().splitlines()
    start = next(number for number, line in enumerate(lines) if "Anticonstitutionnellement" in line)
    assert LONG_WORD not in lines[start] and LONG_WORD in lines[start].split()[-1] + lines[start + 1]


def test_a_pdf_says_of_an_undated_next_meeting_what_its_page_says(letters_site):
    """« À fixer » only while the agenda still shows it to schedule: the page of a 2021 meeting said
    « date non renseignée » and its PDF « date à fixer »."""
    page = text(letters_site.html("comptes-rendus/2021-02-19-groupe-enfance/index.html"))
    pdf = " ".join(" ".join(p.extract_text() for p in _pdf(letters_site, "comptes-rendus/2021-02-19-groupe-enfance.pdf").pages).split())
    pdf = pdf.replace("\u202f", " ").replace("\u00a0", " ")
    assert "Prochaine réunion : date non renseignée" in page and "Date : non renseignée" in page
    assert "Prochaine réunion : date non renseignée" in pdf and "Date non renseignée · Suite-sans-date" in pdf and "fixer" not in pdf


def test_the_bilan_s_steps_name_their_fiche(letters_site):
    content = " ".join(page.extract_text() for page in _pdf(letters_site, "bilan/2021.pdf").pages)
    assert "Réseau psypérinatalité" in content[content.index("Étapes de l'année") :]


def test_the_bilan_charts_are_vector_graphics(letters_site):
    page = _pdf(letters_site, "bilan/2022.pdf").pages[0]
    drawing = page.get_contents().get_data()
    assert drawing.count(b" re") >= 2  # the bars, as rectangles
    assert "/XObject" not in page["/Resources"] or not any(x.get_object()["/Subtype"] == "/Image" for x in page["/Resources"]["/XObject"].values())


OTHER_SCRIPTS = "🎉王اम"
"""An emoji, a Chinese, an Arabic and a Devanagari character of the meeting « groupe enfance »:
the fonts of ``pdf.FONTS`` draw them, and DejaVu the Arabic one."""


def test_emoji_and_other_scripts_are_drawn(letters_site):
    """Only DejaVu and Liberation were installed: the PDF drew an emoji of a title, a name in Chinese,
    as empty boxes (fonts-noto-color-emoji and fonts-wqy-microhei draw them; DejaVu, Arabic)."""
    installed = all(subprocess.run(["fc-list", f":charset={ord(c):x}", "family"], capture_output=True, text=True).stdout for c in OTHER_SCRIPTS)
    if not installed:
        pytest.skip(f"les polices des PDF sont absentes de cette machine (CI les installe) : sudo apt-get install -y {pdf.FONTS}")
    content = " ".join(page.extract_text() for page in _pdf(letters_site, "comptes-rendus/2021-02-19-groupe-enfance.pdf").pages)
    assert all(character in content for character in OTHER_SCRIPTS)
    # Pango tells each glyph it found no font for (see the next test): none of these.
    assert not any(f"U+{ord(c):04X}" in letters_site.output for c in OTHER_SCRIPTS), [w for w in letters_site.output.splitlines() if "carré" in w]


def test_a_character_no_font_has_is_told_at_its_line_and_its_pdf_made_again(letters_site):
    """A character no font of the machine has is an empty box in the PDF: the build says which, at
    its line, and goes on; the PDF is not kept in the cache, so that the next build, once the fonts
    are installed, draws it whole."""
    warning = (
        "minutes/2021-02-26-logo.md:9: avertissement : « \U00100000 » (U+100000) est un carré vide dans le PDF comptes-rendus/2021-02-26-logo.pdf : "
        f"aucune police de cette machine ne le dessine ; installez les polices des PDF avec « sudo apt-get install -y {pdf.FONTS} »"
    )
    assert letters_site.returncode == 0 and warning in letters_site.output
    cached = [entry.read_bytes() for entry in (letters_site.root / project_cache.PDF).glob("*.pdf")]
    assert (letters_site.site / "comptes-rendus/2021-02-26-logo.pdf").read_bytes() not in cached
    assert (letters_site.site / "comptes-rendus/2022-03-01-copil.pdf").read_bytes() in cached, "a PDF drawn whole is kept"


def test_pages_link_their_pdfs(letters_site):
    assert 'href="../2022-03-01-copil.pdf"' in letters_site.raw_html("comptes-rendus/2022-03-01-copil/index.html")
    assert 'href="../2022.pdf"' in letters_site.raw_html("bilan/2022/index.html")
    assert 'href="../programme.pdf"' in letters_site.raw_html("sism/2022/programme/index.html")


def test_a_build_without_pango_says_so_and_names_the_command(tmp_path, monkeypatch):
    import sys

    from conftest import build_in_process
    from releve.pdf import INSTALL

    class WithoutPango:
        """Imports WeasyPrint as on a machine without Pango: cffi cannot load the library."""

        @staticmethod
        def find_spec(name, path=None, target=None):
            if name == "weasyprint":
                raise OSError("cannot load library 'libpango-1.0-0'")

    write_project(tmp_path, {**BASE_FILES, "mkdocs.yml": project_config().replace("pdf: false", "pdf: true")})
    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    monkeypatch.setattr(sys, "meta_path", [WithoutPango, *sys.meta_path])
    built = build_in_process(tmp_path, "--strict", pdf=True)
    assert built.returncode == 0, built.output
    assert "mkdocs.yml:1: avertissement : les PDF ne sont pas produits : WeasyPrint a besoin de la bibliothèque Pango" in built.output and INSTALL in built.output
    assert not list(built.site.rglob("*.pdf")) and ".pdf" not in built.raw_html("comptes-rendus/2021-02-19-groupe-enfance/index.html")
