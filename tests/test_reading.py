"""Reading: French typography on every page, words that agree, speech-like times, the marked tab,
the French 404 page and the declaration of accessibility linked from every page."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from babel.dates import format_date

from conftest import ACTION, AGENDA_FILES, MEETING, PARTNERS, REFERENTIAL
from releve import dates, typography
from releve.body import stable_anchor
from releve.views import agree, plural

_NOT_PROSE = {"script", "style", "pre", "code", "kbd", "samp", "textarea"}
# An ordinary space where French needs an unbreakable one.
_BREAKABLE = re.compile(r"[ \t\n](?=[:;!?»])|«[ \t\n]")


class _Prose(HTMLParser):
    """The visible text of a page, outside code, scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.depth += tag in _NOT_PROSE

    def handle_endtag(self, tag):
        self.depth -= tag in _NOT_PROSE

    def handle_data(self, data):
        if not self.depth:
            self.texts.append(data)


def breakable_spaces(html: str) -> list[str]:
    parser = _Prose()
    parser.feed(html)
    text = "".join(parser.texts)
    return [text[max(0, m.start() - 25) : m.end() + 10] for m in _BREAKABLE.finditer(text)]


def test_no_page_of_the_real_site_breaks_a_line_before_french_punctuation(real_site):
    pages = sorted(page for page in real_site.site.rglob("*.html") if page.relative_to(real_site.site).parts[0] != "admin")
    assert len(pages) > 50
    found = {str(page.relative_to(real_site.site)): bad for page in pages if (bad := breakable_spaces(page.read_text(encoding="utf-8")))}
    assert not found
    # The rule did apply: the meeting card's « Date : » keeps its colon on its line.
    assert f"<strong>Date</strong>{typography.NBSP}:" in real_site.raw_html("comptes-rendus/2021-10-22-collaboration-cmp-winnicott/index.html")


_NESTED_QUOTES = re.compile(r"«[^«»]*«[^«»]*»[^«»]*»")


def test_a_quote_within_a_quote_takes_the_second_rank_s_marks(real_site):
    """A title the engine quotes may hold quotes of its own: « étape « Migrants… » » read as two
    quotes closing at once; French gives the inner one “ ”."""
    assert not _nested_quotes(real_site.site)
    letter = real_site.html("lettres/2020-04/index.html")
    assert "étape « Participation à l'organisation d'un séminaire “Migrants, psychotraumatisme et insertion sociale” » franchie" in letter
    feed = (real_site.site / "annuaire/cmp-winnicott/flux.xml").read_text(encoding="utf-8")
    assert "(« GT CLSM “Enfance et parentalité” »)" in feed.replace("\u202f", " ")


def _nested_quotes(site) -> dict[str, list[str]]:
    """The quotes within quotes still written « », in the text of each page, feed and calendar
    (its lines unfolded), the form's pages left out."""
    files = [f for f in site.rglob("*") if f.suffix in (".html", ".xml", ".ics") and f.relative_to(site).parts[0] != "admin"]
    texts = {str(f.relative_to(site)): re.sub(r"<[^>]+>", "", f.read_text(encoding="utf-8").replace("\r\n ", "")) for f in files}
    return {name: found for name, text in texts.items() if (found := _NESTED_QUOTES.findall(text))}


def test_every_title_the_engine_quotes_keeps_its_own_quotes_in_the_second_rank_s_marks(build_site):
    """Fiche, meeting, structure, theme, axe and SISM names with « » of their own, and a commitment
    quoted where it is closed: each place that writes « {name} » around them."""
    copil = "minutes/2022-03-01-copil.md"
    commitment = "Diffuser le guide « Parents »."
    files = {
        **AGENDA_FILES,
        "referentiel.yaml": REFERENTIAL.replace("nom: Amélioration des parcours", "nom: Amélioration des « parcours »").replace("nom: Enfance et parentalité", "nom: Enfance et « parentalité »"),
        "partners.yaml": PARTNERS.replace("nom: EPE 57", "nom: « Parents » 57").replace("nom: Centre hospitalier de Jury", "nom: Centre « Jury »"),
        "minutes/2021-02-19-groupe-enfance.md": MEETING.replace("titre: Réunion du groupe enfance", "titre: Groupe « enfance »"),
        "actions/reseau.md": ACTION.replace("titre: Réseau psypérinatalité", "titre: Réseau « Bébés »").replace("titre: Présentation au groupe", "titre: Présentation au groupe « enfance »"),
        copil: AGENDA_FILES[copil].replace("titre: Comité de pilotage", "titre: Comité « pilotage »").replace("thematiques: [logement]", "thematiques: [logement, enfance-parentalite]").replace("Diffuser l'invitation.", commitment),
        "minutes/2022-03-25-suite.md": f"---\ntitre: Suite\ntype: compte rendu\ndate: 2022-03-25\ninstance: copil\n---\n## Suite\n\n!!! fait {stable_anchor('engagement', commitment, {})}\n    Le guide est diffusé.\n",
        "evenements.yaml": AGENDA_FILES["evenements.yaml"].rstrip(" ") + "        sism:\n          - annee: 2021\n            theme: Santé mentale et « parentalité »\n            action: reseau\n",
    }
    build = build_site(files, "--strict")
    assert build.returncode == 0, build.output
    assert not _nested_quotes(build.site)
    unfolded = {name: build.html(name).replace("\r\n ", "") for name in (
        "agenda/index.html", "agenda/thematique-enfance-parentalite.ics", "annuaire/ch-jury/agenda.ics",
        "annuaire/epe-57/flux.xml", "annuaire/cmp-winnicott/flux.xml", "projets/reseau/index.html", "comptes-rendus/2022-03-25-suite/index.html",
        "comptes-rendus/2021-02-19-groupe-enfance/index.html", "lettres/2021-02/index.html", "sism/2021/index.html",
    )}
    for name, expected in (
        ("agenda/index.html", "Étape de la fiche action « Réseau “Bébés” »"),
        ("agenda/thematique-enfance-parentalite.ics", "Thématique « Enfance et “parentalité” »"),
        ("annuaire/ch-jury/agenda.ics", "(« Comité “pilotage” »)"),
        ("annuaire/ch-jury/agenda.ics", "Structure « Centre “Jury” »"),
        ("annuaire/epe-57/flux.xml", "Les réunions de la structure « “Parents” 57 »"),
        ("annuaire/cmp-winnicott/flux.xml", "(« Groupe “enfance” ») :"),
        ("projets/reseau/index.html", "axe 2 « Amélioration des “parcours” »"),
        ("projets/reseau/index.html", "Carte partenariale de la fiche « Réseau “Bébés” »"),
        ("comptes-rendus/2022-03-25-suite/index.html", ": « Diffuser le guide “Parents”. »"),
        ("comptes-rendus/2021-02-19-groupe-enfance/index.html", "Thématique « Enfance et “parentalité” »"),
        ("lettres/2021-02/index.html", "étape « Présentation au groupe “enfance” » franchie"),
        ("sism/2021/index.html", "sur le thème « Santé mentale et “parentalité” »."),
    ):
        assert expected in unfolded[name], (name, expected)


@pytest.mark.parametrize(
    "written, published",
    [
        ("Lieu : Metz", "Lieu\u00a0: Metz"),
        ("Vraiment ? Oui !", "Vraiment\u202f? Oui\u202f!"),
        ("le projet « Cités éducatives » ;", "le projet «\u202fCités éducatives\u202f»\u202f;"),
        ("soit 8 % des 250 € en 2 h", "soit 8\u00a0% des 250\u00a0€ en 2\u00a0h"),
        ("https://exemple.fr/a?b=1", "https://exemple.fr/a?b=1"),
        ("à 14:30", "à 14:30"),
        # A day keeps its month on its line: a date is not cut between them.
        ("le 22 octobre 2021, le 1er mars", "le 22\u00a0octobre 2021, le 1er\u00a0mars"),
        ("3 mais", "3 mais"),
    ],
)
def test_french_text(written, published):
    assert typography.french_text(written) == published


def test_code_attributes_and_scripts_keep_their_spaces():
    page = '<p title="a : b">x : y</p><code>a : b</code><pre><code>c ; d</code></pre><script>if (a ? b : c) {}</script>'
    assert typography.french_html(page) == (
        '<p title="a : b">x\u00a0: y</p><code>a : b</code><pre><code>c ; d</code></pre><script>if (a ? b : c) {}</script>'
    )


@pytest.mark.parametrize(
    "since, said",
    [
        (dt.date(2022, 4, 1), "aujourd'hui"),
        (dt.date(2022, 3, 31), "hier"),
        (dt.date(2022, 3, 1), "il y a 31 jours"),
        (dt.date(2021, 12, 20), "il y a plus de trois mois"),
        (dt.date(2021, 4, 1), "il y a un an"),
        (dt.date(2021, 2, 19), "il y a plus d'un an"),
        (dt.date(2017, 8, 3), "il y a plus de quatre ans"),
    ],
)
def test_elapsed_time_reads_like_speech(since, said):
    assert dates.elapsed(since, dt.date(2022, 4, 1)) == said


def test_dates_are_written_as_babel_writes_them():
    # The engine writes them from babel's names read once: every day of 2019 to 2028 (each weekday
    # and month, leap days, the ordinal « 1er ») reads as babel's own format_date writes it.
    day = dt.date(2019, 1, 1)
    while day.year < 2029:
        ordinal = "d'er'" if day.day == 1 else "d"
        assert dates.date(day) == format_date(day, format=f"{ordinal} MMMM y", locale="fr_FR")
        assert dates.long_date(day) == format_date(day, format=f"EEEE {ordinal} MMMM y", locale="fr_FR")
        day += dt.timedelta(days=1)


def test_plural_agrees_with_the_count():
    assert plural(0, "réunion") == "0 réunion"
    assert plural(1, "compte rendu") == "1 compte rendu"
    assert plural(2, "compte rendu") == "2 comptes rendus"
    assert plural(3, "fiche action publiée", "fiches actions publiées") == "3 fiches actions publiées"
    assert agree(2, "mois") == "mois"


def _active_tab(html: str) -> str:
    match = re.search(r'md-tabs__item--active">\s*<a [^>]*>\s*(.*?)\s*</a>', html, re.S)
    return match.group(1).strip() if match else ""


@pytest.mark.parametrize(
    "page, tab",
    [
        ("comptes-rendus/2021-10-22-collaboration-cmp-winnicott/index.html", "Comptes rendus"),
        ("projets/reseau-psyperinatalite/index.html", "Projets"),
        ("annuaire/ch-jury/index.html", "Annuaire"),
        ("bilan/2021/index.html", "Avancement"),
        ("decisions/index.html", "Comptes rendus"),
    ],
)
def test_generated_pages_mark_their_tab(real_site, page, tab):
    assert _active_tab(real_site.html(page)) == tab


def test_only_one_tab_is_marked_on_each_page(real_site):
    for page in ("index.html", "projets/reseau-psyperinatalite/index.html", "agenda/index.html", "a-propos/index.html"):
        assert real_site.html(page).count("md-tabs__item--active") == 1, page


_HEADER_TOPIC = re.compile(r'data-md-component="header-topic">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>', re.S)
_HEADING = re.compile(r"<h1[^>]*>(.*?)(?:<a class=\"headerlink\"|</h1>)", re.S)


def test_the_header_of_each_generated_page_names_that_page(real_site):
    """The header is rendered once for the pages of a folder (theme/main.html), each page's title
    put in its place: every meeting and structure shows its own."""
    pages = [page for folder in ("comptes-rendus", "annuaire") for page in (real_site.site / folder).glob("*/index.html")]
    topics = {}
    for page in pages:
        html = page.read_text(encoding="utf-8")
        topics[page] = _HEADER_TOPIC.search(html).group(1)
        assert topics[page] == _HEADING.search(html).group(1).strip(), page
    assert len(set(topics.values())) == len(pages) > 20


_PAGE_TOC = re.compile(r'<div class="md-sidebar md-sidebar--secondary".*?<div class="md-sidebar__inner">(.*?)</div>\s*</div>\s*</div>', re.S)
_SUBHEADING_ID = re.compile(r'<h[2-6][^>]* id="([^"]+)"')


def test_the_table_of_contents_of_each_page_lists_its_own_headings(real_site):
    """A table of contents is rendered once for the pages whose headings are the same
    (hosts/mkdocs_parts.py): each page still lists its own, in their order."""
    pages = [page for folder in ("comptes-rendus", "annuaire", "projets") for page in (real_site.site / folder).glob("*/index.html")]
    tables = set()
    for page in pages:
        html = page.read_text(encoding="utf-8")
        article = html[html.find("<article") : html.rfind("</article>")]
        listed = tuple(re.findall(r'href="#([^"]+)"', _PAGE_TOC.search(html).group(1)))
        assert listed == tuple(_SUBHEADING_ID.findall(article)), page
        tables.add(listed)
    assert len(tables) > 5


def test_every_page_links_the_declaration_of_accessibility(real_site):
    for page in real_site.site.rglob("*.html"):
        if page.relative_to(real_site.site).parts[0] == "admin":
            continue  # the web form is an application, not a page of the site
        html = page.read_text(encoding="utf-8").translate({0xA0: " "})
        assert "Accessibilité : non conforme</a>" in html, page
    declaration = real_site.html("accessibilite/index.html")
    assert "<strong>non conforme</strong>" in declaration
    assert "RGAA), version 4.1" in declaration
    assert "Défenseur des droits" in declaration
    assert "axe-core" in declaration
    # No source dates it: not the day of the build, which changed the page at every build.
    assert "mise à jour le" not in declaration and "pas de date d'établissement tant qu'un audit" in declaration.replace("\u00a0", " ")


def test_the_declaration_names_the_accessibility_contact(base_site, build_site):
    from conftest import REFERENTIAL

    written = REFERENTIAL.replace("  sigle: CLSM test\n", "  sigle: CLSM test\n  contact_accessibilite: https://clsm.example.org/contact\n")
    site = build_site({"referentiel.yaml": written})
    assert site.returncode == 0, site.output
    assert '<a href="https://clsm.example.org/contact">' in site.html("accessibilite/index.html")
    without = base_site
    assert "pas encore publié d'adresse de contact" in without.html("accessibilite/index.html")


def test_the_clsm_contact_and_its_accessibility_contact_are_both_public(build_site):
    """The footer prints ``contact``, the declaration ``contact_accessibilite``: the post-build scan
    took the CLSM's own e-mail in the footer for a personal one when the two differed."""
    from conftest import REFERENTIAL

    written = REFERENTIAL.replace(
        "  sigle: CLSM test\n",
        "  sigle: CLSM test\n  contact: clsm@exemple.fr\n  contact_accessibilite: https://clsm.example.org/accessibilite\n",
    )
    site = build_site({"referentiel.yaml": written})
    assert site.returncode == 0, site.output
    assert "clsm@exemple.fr" in site.html("a-propos/index.html")
    assert '<a href="https://clsm.example.org/accessibilite">' in site.html("accessibilite/index.html")


def test_no_page_skips_a_heading_level(real_site):
    """A page's content opens on its h1 and goes down one level at a time (RGAA 9.1): the frise went
    from its h1 to an h3 per year."""
    skips = {}
    for page in sorted(real_site.site.rglob("*.html")):
        if page.relative_to(real_site.site).parts[0] == "admin":
            continue
        html = page.read_text(encoding="utf-8")
        article = html[html.find("<article") : html.find("</article>")]
        levels = [int(level) for level in re.findall(r"<h([1-6])\b", article)]
        if levels[:1] != [1] or any(lower > upper + 1 for upper, lower in zip(levels, levels[1:])):
            skips[str(page.relative_to(real_site.site))] = levels
    assert skips == {}


def test_footer_says_when_the_site_was_built(real_site):
    assert "Site mis à jour le 1er avril 2022" in real_site.html("index.html")


def test_the_404_page_is_in_french(real_site):
    html = real_site.html("404.html")
    assert "Page introuvable" in html
    assert "Not found" not in html
    assert re.findall(r"<title>(.*?)</title>", html) == ["Page introuvable – CLSM messin"]  # the sample site's name


def test_each_way_to_follow_a_structure_is_its_own_item(real_site):
    html = real_site.html("annuaire/ch-jury/index.html")
    follow = html[html.index(">Suivre cette structure<") :]
    follow = follow[: follow.index("</ul>")]
    assert follow.count("<li>") == 2, follow
