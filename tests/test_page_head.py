"""What a partner sees of a page before opening it: its ``<title>`` (a tab, the history, a search
result) and its description (a shared link, a search result), on the realistic site."""

from __future__ import annotations

import html
import re

from releve import contacts, site_contacts

MEETING = "comptes-rendus/2022-03-01-sensibilisation-qpv/index.html"
ACTION = "projets/sensibilisation-qpv/index.html"
"""A meeting and a fiche action of the same title (« Sensibilisation en santé mentale dans les QPV messins »)."""


def _head(page: str) -> str:
    return page.split("</head>", 1)[0]


def _title(page: str) -> str:
    return html.unescape(re.search(r"<title>(.*?)</title>", page, flags=re.S).group(1))


def _meta(page: str, attribute: str, name: str, spaces: bool = False) -> str | None:
    """A meta's text, its French non-breaking spaces read as spaces unless ``spaces``."""
    found = re.search(rf'<meta {attribute}="{name}" content="([^"]*)">', _head(page))
    text = html.unescape(found.group(1)) if found else None
    return text if spaces or text is None else text.replace("\u00a0", " ").replace("\u202f", " ")


def test_a_meeting_and_a_fiche_of_one_title_say_their_kind_in_the_tab(real_site):
    meeting, action = real_site.raw_html(MEETING), real_site.raw_html(ACTION)
    assert _title(meeting) == "Sensibilisation en santé mentale dans les QPV messins – Relevé de conclusions du 1er\u00a0mars 2022 – CLSM messin"
    assert _title(action) == "Sensibilisation en santé mentale dans les QPV messins – Fiche action – CLSM messin"
    assert _meta(action, "property", "og:title") == "Sensibilisation en santé mentale dans les QPV messins – Fiche action"
    # A page of docs/ keeps its own title, with the same dash before the site's name.
    assert _title(real_site.raw_html("a-propos/index.html")) == "À propos – CLSM messin"
    # The search shows a result by the page's heading (Pagefind's default), which keeps the title alone.
    assert re.search(r"<h1[^>]*>Sensibilisation en santé mentale dans les QPV messins<a class=\"headerlink\"", meeting)


def test_each_page_is_described_by_its_own_sources(real_site):
    # The home page: the site's description.
    site_wide = _meta(real_site.raw_html("index.html"), "name", "description")
    assert site_wide == "Comptes rendus, fiches actions et annuaire : Conseil local de santé mentale du territoire messin"
    meeting = _meta(real_site.raw_html(MEETING), "name", "description")
    # French typography, which the written page's pass leaves to the text between tags.
    assert "(Groupe projet)\u00a0: " in _meta(real_site.raw_html(MEETING), "name", "description", spaces=True)
    assert meeting.startswith("Relevé de conclusions du 1er mars 2022 (Groupe projet) : Sensibilisation en santé mentale dans les QPV messins. Ordre du jour : ")
    # The fiche: its statut, then the first sentence of its answer to « Quoi ? ».
    assert _meta(real_site.raw_html(ACTION), "name", "description") == "Fiche action en projet. Des sensibilisations en santé mentale destinées aux acteurs des QPV."
    # A structure: the first sentence of what partners.yaml says of it.
    assert _meta(real_site.raw_html("annuaire/amli/index.html"), "name", "description").startswith("Signataire de la convention de novembre 2018")
    # A page of docs/ and a list: their first paragraph.
    assert _meta(real_site.raw_html("a-propos/index.html"), "name", "description").startswith("Le Conseil local de santé mentale (CLSM) du territoire messin développe")
    assert _meta(real_site.raw_html("agenda/index.html"), "name", "description").startswith("Les réunions et les événements du CLSM messin")
    # A line of navigation (« ← 2017 · Toutes les éditions · … ») is passed over.
    assert _meta(real_site.raw_html("sism/2018/index.html"), "name", "description").startswith("Édition 2018 des Semaines d'information sur la santé mentale")
    # Lists whose first paragraph is navigation say what they list.
    assert _meta(real_site.raw_html("bilan/2022/index.html"), "name", "description") == "Bilan d'activité 2022 du CLSM messin : 1 compte rendu, 1 fiche action suivie, 4 étapes, 4 événements."
    assert _meta(real_site.raw_html("lettres/2021-02/index.html"), "name", "description") == "Lettre d'information du CLSM messin (février 2021). 1 réunion, 1 décision, 1 étape franchie."
    assert _meta(real_site.raw_html("comptes-rendus/2021/index.html"), "name", "description") == "Les comptes rendus 2021 du CLSM messin, mois par mois : 2 réunions."
    assert _meta(real_site.raw_html("projets/statut-realisee/index.html"), "name", "description") == "Fiches actions réalisées : aucune fiche action n'a ce statut pour l'instant."
    described = {}
    paths = (MEETING, ACTION, "annuaire/amli/index.html", "a-propos/index.html", "comptes-rendus/index.html", "agenda/index.html", "bilan/2021/index.html", "bilan/2022/index.html")
    for path in paths:
        page = real_site.raw_html(path)
        text = _meta(page, "name", "description")
        assert text and text != site_wide and _meta(page, "property", "og:description") == text, path
        assert len(text) <= 165 and "<" not in text and "\n" not in text, (path, text)
        described[path] = text
    assert len(set(described.values())) == len(described)
    # Cut on a word, with « … ».
    assert meeting.endswith(" …") or len(meeting) < 160


def test_the_finish_check_reads_a_page_description_as_its_reader_does():
    """A contact written in the description alone (a search result shows it) is seen."""
    page = (
        '<html><head><title>Réunion</title><meta name="description" content="Appeler le 06&#32;12 34 56 78">'
        '<meta property="og:description" content="Écrire à jeanne.dupont@exemple.fr"></head>'
        "<body><article><h1>Réunion</h1><p>Texte.</p></article></body></html>"
    )
    seen = {shown for _, _, shown in site_contacts.seen_in("comptes-rendus/x/index.html", page)}
    assert seen == {"06 12 34 56 78", "jeanne.dupont@exemple.fr"}
    assert contacts.scan(site_contacts.page_text(page))


def test_a_letter_quotes_the_title_of_a_jalon_rather_than_run_it_on_after_a_comma(real_site):
    page = real_site.html("lettres/2017-09/index.html")
    assert "Logement et santé mentale</a> : étape « Début du partenariat bailleurs / CH Jury » franchie (septembre 2017)</li>" in page
