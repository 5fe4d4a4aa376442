"""Reading in a real browser, page type by page type, on a 360 px phone and a 1280 px desktop: French
spaces in the visible text, SVG text inside its drawing, the current section marked, the declaration
of accessibility linked, decisions at body size, no author's syntax, no sideways scroll.

One build of the real site and one browser for the whole module (session fixtures of conftest); each
page is visited once per width and surveyed by one script (``browser.READING_SURVEY``), whose findings
every test reads.
"""

from __future__ import annotations

import contextlib

import pytest
from browser import READING_SURVEY, open_page

PAGE_TYPES = {
    "accueil": ("/", "Accueil"),
    "réunion": ("/comptes-rendus/2021-10-22-collaboration-cmp-winnicott/", "Comptes rendus"),
    "fiche action": ("/projets/reseau-psyperinatalite/", "Projets"),
    "agenda": ("/agenda/", "Agenda"),
    "suivi": ("/suivi/", "Comptes rendus"),
    "avancement": ("/avancement/", "Avancement"),
    "avancement d'un axe": ("/avancement/sans-axe/", "Avancement"),
    "frise": ("/avancement/frise/", "Avancement"),
    "projets": ("/projets/", "Projets"),
    "s'abonner": ("/s-abonner/", "Agenda"),
    "bilan": ("/bilan/2021/", "Avancement"),
    "décisions": ("/decisions/", "Comptes rendus"),
    "annuaire": ("/annuaire/", "Annuaire"),
    "structure": ("/annuaire/cmp-winnicott/", "Annuaire"),
    "instance": ("/instances/copil/", "Instances"),
    "thématique": ("/thematiques/enfance-parentalite/", "Comptes rendus"),
    "accessibilité": ("/accessibilite/", "À propos"),
    "page introuvable": ("/404.html", None),
}
"""One page of each type of the real site, and the tab it is read under (none for a missing page)."""
WIDTHS = (360, 1280)
CASES = [pytest.param(kind, width, id=f"{kind}-{width}") for kind in PAGE_TYPES for width in WIDTHS]



@pytest.fixture(scope="module")
def survey(real_site, real_origin, browser, page_type_visits):
    """``survey(kind, width)``: the findings of READING_SURVEY on that page type at that width, each
    page visited once (at 360 px, the pages of ``browser.page_types`` were surveyed during the visit
    that tests/test_browser.py reads too)."""
    pages, found = {}, {(url, 360): findings for url, findings in page_type_visits["reading"].items()}

    def at(kind: str, width: int) -> dict:
        url = PAGE_TYPES[kind][0]
        if (url, width) not in found:
            if width not in pages:
                # Nothing from another site: the pages must not need it (tests/test_browser.py checks they ask for none).
                pages[width] = contexts.enter_context(open_page(browser, real_origin, [], viewport={"width": width, "height": 740}))
            pages[width].goto(real_origin + url)
            found[url, width] = pages[width].evaluate(READING_SURVEY)
        return found[url, width]

    with contextlib.ExitStack() as contexts:
        yield at


@pytest.mark.parametrize("kind, width", CASES)
def test_no_visible_text_breaks_a_line_before_french_punctuation(survey, kind, width):
    assert survey(kind, width)["breakable"] == []


@pytest.mark.parametrize("kind, width", CASES)
def test_no_svg_text_is_drawn_outside_its_drawing(survey, kind, width):
    assert survey(kind, width)["outside"] == []


@pytest.mark.parametrize("kind, width", CASES)
def test_no_heading_is_followed_by_a_blank_line(survey, kind, width):
    """The invisible « ¶ » of a heading that fills its line wrapped alone to the next one."""
    assert survey(kind, width)["lonePermalinks"] == []


@pytest.mark.parametrize("kind, width", CASES)
def test_form_controls_are_big_enough_to_tap(survey, kind, width):
    """The frise's filter was the browser's 21 px high select."""
    assert survey(kind, width)["smallControls"] == []


@pytest.mark.parametrize("kind, width", CASES)
def test_the_current_section_is_marked(survey, kind, width):
    found, tab = survey(kind, width), PAGE_TYPES[kind][1]
    # Material shows the tabs from 1220 px on; a phone has them in its drawer.
    assert (found["tab"] if width >= 1280 else found["drawer"]) == ([tab] if tab else [])


@pytest.mark.parametrize("kind, width", CASES)
def test_the_declaration_of_accessibility_is_linked_from_the_footer(survey, kind, width):
    assert survey(kind, width)["declaration"] == ["Accessibilité\u00a0: non conforme"]


@pytest.mark.parametrize("kind, width", CASES)
def test_decisions_are_not_smaller_than_body_text(survey, kind, width):
    found = survey(kind, width)
    if kind in ("réunion", "décisions"):
        assert found["decisions"], "cette page montre des décisions"
    assert all(size >= found["body"] for size in found["decisions"]), (found["decisions"], found["body"])


@pytest.mark.parametrize("kind, width", CASES)
def test_no_author_syntax_on_public_pages(survey, kind, width):
    assert survey(kind, width)["syntax"] == []


@pytest.mark.parametrize("kind, width", CASES)
def test_no_page_type_scrolls_sideways(survey, kind, width):
    found = survey(kind, width)
    assert found["scrollWidth"] <= found["width"]


def test_the_survey_finds_each_fault_it_looks_for(browser):
    faulty = """<article><p>Lieu : Metz, « Réseau »</p>
    <div class="admonition decision"><p>Il est convenu de lancer le réseau.</p></div>
    <svg id="frise" width="100" height="20" viewBox="0 0 100 20"><text x="80" y="15">aujourd'hui</text></svg>
    <p>!!! fait engagement-1a2b3c4d</p>
    <select style="height: 20px"><option>Toutes</option></select>
    <h2 style="width: min-content">Suivi<a class="headerlink" href="#suivi" style="display: inline-block; margin-left: 1em">¶</a></h2></article>
    <style>p { font-size: 16px } .decision p { font-size: 12.8px }</style>"""
    context = browser.new_context(viewport={"width": 360, "height": 800})
    try:
        page = context.new_page()
        page.set_content(faulty)
        found = page.evaluate(READING_SURVEY)
    finally:
        context.close()
    assert len(found["breakable"]) == 3  # before « : », after « and before »
    assert found["outside"] == ["frise « aujourd'hui » : hors du dessin", "frise « aujourd'hui » : hors du viewBox"]
    assert found["lonePermalinks"] == ["Suivi¶"]
    assert found["smallControls"] == ["select 20 px"]
    assert [line.split(" : ")[0] for line in found["syntax"]] == ["!!!", "engagement-xxxxxxxx"]
    assert found["decisions"] == [12.8] and found["body"] == 16
    assert found["tab"] == found["drawer"] == found["declaration"] == []


def test_the_desktop_navigation_and_tabs_pass_axe(real_site, real_origin, browser):
    """At 360 px the navigation is in a closed drawer and the tabs are hidden, so the visit of every
    page type on a phone checks neither (their contrast included); on a desktop screen both are
    shown, a tab marked active and the others not, and axe-core checks them."""
    from browser import axe_violations

    with open_page(browser, real_origin, [], viewport={"width": 1280, "height": 900}) as page:
        page.goto(real_origin + PAGE_TYPES["accueil"][0])
        assert page.locator(".md-tabs").is_visible() and page.locator(".md-sidebar--primary").is_visible()
        assert axe_violations(page) == []
