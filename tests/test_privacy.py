"""Privacy: drafts leave no trace, contacts of persons are refused, content never runs as HTML,
no person has a page, and no page calls another origin."""

from __future__ import annotations

import gzip
import html
import re
from pathlib import Path

import pytest
from browser import SEARCH_DIALOG, open_page, page_url, search, serve
from conftest import ACTION, MEETING, PARTNERS, SAMPLE_SITE, TODAY

from releve import pipeline, urls

DRAFT_TEXT = "Zorglub-7391"

DRAFT_FILES = {
    "minutes/2021-06-01-reunion-brouillon.md": f"""\
        ---
        titre: Réunion {DRAFT_TEXT}
        type: compte rendu
        date: 2021-06-01
        instance: copil
        thematiques: [logement]
        participants:
          - nom: Personne {DRAFT_TEXT}
            structure: epe-57
        actions: [reseau, action-brouillon]
        prochaine_reunion:
          date: 2022-09-01
          note: Suite {DRAFT_TEXT}
        brouillon: true
        ---
        ## Point {DRAFT_TEXT}

        !!! decision action-brouillon reseau
            Décision {DRAFT_TEXT}.

        !!! engagement epe-57 "Personne {DRAFT_TEXT}" 2022-06-30
            Engagement {DRAFT_TEXT}.
        """,
    "actions/action-brouillon.md": f"""\
        ---
        titre: Action {DRAFT_TEXT}
        axe: 1
        thematiques: [logement]
        statut: en projet
        pilotes: [epe-57]
        debut: 2022
        jalons:
          - date: 2022-06
            titre: Jalon {DRAFT_TEXT}
        brouillon: true
        ---
        ## Quoi ?

        Objectif {DRAFT_TEXT}.
        """,
}


def site_bytes(site: Path) -> dict[str, bytes]:
    """Every file of a built site, compressed ones (sitemap.xml.gz) decompressed."""
    return {
        path.relative_to(site).as_posix(): gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def test_drafts_leave_no_trace_anywhere(base_site, build_site):
    without_drafts = site_bytes(base_site.site)

    with_drafts = build_site(DRAFT_FILES)
    assert with_drafts.returncode == 0, with_drafts.output
    files = site_bytes(with_drafts.site)

    leaks = [path for path, content in files.items() if DRAFT_TEXT.encode() in content or "brouillon" in path]
    assert leaks == [], f"draft text or URL found in: {leaks}"
    # Counts, backlinks, search index, sitemap, calendars, feeds: the site is the one without drafts.
    changed = sorted(path for path in files.keys() | without_drafts.keys() if files.get(path) != without_drafts.get(path))
    assert changed == []


CONTACT_BODY = """\
## Contacts

Anne Exemple (anne.exemple@chu-metz.fr) assure le lien.
Joindre Paul au 03 87 56 78 90 ou au 03.87.56.78.90,
ou encore au +33 3 87 56 78 91 et au 0387567892.
Le secrétariat du CMP : 03 87 00 00 00, cmp@exemple.fr.
Réunion de 10h-12h le 19/02/2021, 12 000 euros pour 2021-2022.
"""


def meeting_with(front_matter: str, body: str) -> str:
    """The base fixture meeting with more front-matter lines and another body."""
    front, _, _ = MEETING.rpartition("---\n## ")
    return f"{front}{front_matter}---\n{body}"


def test_a_persons_contact_in_minutes_is_a_build_error(build_site):
    meeting = meeting_with("contacts_publics: [cmp@exemple.fr, +33 3 87 00 00 00]\n", CONTACT_BODY)
    build = build_site({"minutes/2021-02-19-groupe-enfance.md": meeting})

    assert build.returncode == 1
    first = meeting.split("\n").index("## Contacts") + 1
    path = "minutes/2021-02-19-groupe-enfance.md"
    reported = re.findall(rf"{path}:(\d+): (adresse électronique|numéro de téléphone) « ([^»]+) »", build.output)
    assert reported == [
        (str(first + 2), "adresse électronique", "anne.exemple@chu-metz.fr"),
        (str(first + 3), "numéro de téléphone", "03 87 56 78 90"),
        (str(first + 3), "numéro de téléphone", "03.87.56.78.90"),
        (str(first + 4), "numéro de téléphone", "+33 3 87 56 78 91"),
        (str(first + 4), "numéro de téléphone", "0387567892"),
    ]
    assert "ajoutez-le à « contacts_publics »" in build.output
    assert "Traceback" not in build.output


def test_contacts_declared_public_are_published(build_site):
    body = "## Contacts\n\nLe secrétariat du CMP : 03.87.00.00.00, <cmp@exemple.fr>.\n"
    meeting = meeting_with("contacts_publics: [cmp@exemple.fr, +33 3 87 00 00 00]\n", body)
    # A page of docs/ and an édito declare theirs too; neither contact is a structure's of partners.yaml.
    docs_page = "---\ntitle: Nous joindre\ncontacts_publics: [accueil@exemple.fr]\n---\n# Nous joindre\n\nÉcrire à accueil@exemple.fr.\n"
    edito = "---\ncontacts_publics: [\"03 87 11 22 33\"]\n---\nLe secrétariat du CLSM répond au 03 87 11 22 33.\n"
    build = build_site({"minutes/2021-02-19-groupe-enfance.md": meeting, "docs/nous-joindre.md": docs_page, "lettres/2021-02.md": edito})

    assert build.returncode == 0, build.output
    page = build.html("comptes-rendus/2021-02-19-groupe-enfance/index.html")
    assert "03.87.00.00.00" in page
    assert 'href="mailto:cmp@exemple.fr"' in html.unescape(page)  # an autolink stays a link
    assert "Écrire à accueil@exemple.fr." in build.html("nous-joindre/index.html")
    assert "Le secrétariat du CLSM répond au 03 87 11 22 33." in build.html("lettres/2021-02/index.html")


HOSTILE = "<script>alert(1)</script>"
HOSTILE_FILES = {
    "partners.yaml": PARTNERS
    + f"""\
  - id: hostile
    nom: "{HOSTILE}"
    sigle: "{HOSTILE}"
    type: Association
    secteur: accompagnement-social
    description: "{HOSTILE}"
""",
    "minutes/2021-02-19-groupe-enfance.md": MEETING.replace("titre: Réunion du groupe enfance", f'titre: "{HOSTILE}"')
    .replace("  - nom: Paul Exemple", f'  - nom: "{HOSTILE}"\n    structure: hostile\n  - nom: Paul Exemple')
    .replace(
        "Le groupe discute du réseau.",
        "Le groupe discute du <script>alert(2)</script> réseau <img src=x onerror=alert(3)> "
        "avec `<b>du code</b>` et <https://exemple.fr/>.\n\n<div>bloc <iframe src=\"cadre.html\"></iframe></div>",
    )
    .replace("    Il est convenu de lancer le réseau.", "    Il est convenu de <script>alert(4)</script>."),
    "actions/reseau.md": ACTION.replace("titre: Réseau psypérinatalité", f'titre: "{HOSTILE}"').replace(
        "partenaires: [epe-57]", "partenaires: [epe-57, hostile]"
    ),
}
"""Every kind of text a reader sees, written as HTML: a meeting, an action, a structure, a person, a body."""

_RAW = re.compile(r"<(script|img|iframe|div)\b[^>]*>\s*(alert|bloc)|<img src=x|<iframe src=\"cadre")


@pytest.fixture
def hostile_site(build_site):
    build = build_site(HOSTILE_FILES)
    assert build.returncode == 0, build.output
    return build


def test_content_written_as_html_is_shown_as_text(hostile_site):
    pages = {path: content.decode() for path, content in site_bytes(hostile_site.site).items() if path.endswith(".html")}
    assert [path for path, html in pages.items() if _RAW.search(html)] == []
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    shown = {path for path, html in pages.items() if escaped in html}
    for expected in (
        "comptes-rendus/2021-02-19-groupe-enfance/index.html",
        "projets/reseau/index.html",
        "annuaire/hostile/index.html",
        "comptes-rendus/index.html",
    ):
        assert expected in shown
    meeting = pages["comptes-rendus/2021-02-19-groupe-enfance/index.html"]
    assert "<code>&lt;b&gt;du code&lt;/b&gt;</code>" in meeting  # code spans still show code
    assert '<a href="https://exemple.fr/">' in meeting  # autolinks still link
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in meeting  # inside a decision too


def test_no_script_from_content_runs_in_the_browser(hostile_site, browser):
    dialogs: list[str] = []
    outside: list[str] = []
    site = hostile_site.site
    with serve(site) as origin, open_page(browser, origin, outside) as page:
        page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
        # Every page where a trace of the hostile text is, escaped or not (each payload calls alert).
        showing = [html_file for html_file in sorted(site.rglob("*.html")) if "alert" in html_file.read_text(encoding="utf-8")]
        assert len(showing) >= 4
        for html_file in showing:
            page.goto(origin + page_url(site, html_file))
        page.goto(origin + "/" + urls.meeting("2021-02-19-groupe-enfance").removesuffix(".md") + "/")
        text = page.inner_text("article")
        search(page, origin, "réseau")
        results = page.inner_text(SEARCH_DIALOG)
    assert dialogs == []
    assert HOSTILE in text and "<img src=x onerror=alert(3)>" in text
    assert HOSTILE in results
    assert outside == []


def test_no_person_has_a_page(real_site):
    linked = pipeline.load(SAMPLE_SITE, pipeline.today_from(TODAY))
    names = {urls.slugify(p.name) for m in linked.site.meetings for p in m.participants if p.name}
    paths = [path.relative_to(real_site.site).as_posix() for path in real_site.site.rglob("*")]
    assert names
    assert [path for path in paths for name in names if name in path] == []

