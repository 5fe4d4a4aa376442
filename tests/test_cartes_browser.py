"""The maps and the cartes partenariales in Chromium, on the fictional territory: axe-core finds no
WCAG 2.1 A/AA violation, nothing is requested from another origin, a 360 px phone shows them
without scrolling sideways with the phone's larger markers, a wide screen puts the list beside the
map and writes the carte partenariale's names whole, and print keeps the map and drops the filters.
On a 390 px phone, the cartes partenariales' text is shown at 14 px at least and no name is cut."""

from __future__ import annotations

import pytest
from browser import READING_SURVEY, axe_violations, open_page, serve
from conftest import ACTION, BASE_FILES, PARTNERS, shared_build, write_project
from test_cartes import carte_site, write_carte_site  # noqa: F401 — the shared build of the fictional site

PAGES = ("/carte/", "/carte/type/service-municipal/", "/carte/public/familles/", "/annuaire/epe-57/", "/projets/reseau/", "/carte/partenariale/")


@pytest.fixture(scope="module")
def origin(carte_site):  # noqa: F811
    with serve(carte_site.site) as address:
        yield address


MARKER = (
    "() => { const c = document.querySelector('.releve-disque'), t = document.querySelector('.releve-marqueur text');"
    " return [getComputedStyle(c).r, c.getBoundingClientRect().width, getComputedStyle(t).fontSize,"
    " [...document.querySelectorAll('.releve-nom')].filter(n => n.getClientRects().length).map(n => n.classList.contains('releve-nom--telephone'))]; }"
)
"""A marker's disc radius and drawn width, its number's size, and which names are shown (those for a phone's size?)."""


GRAPHS = "() => [...document.querySelectorAll('svg.releve-reseau')].filter(s => s.getClientRects().length).map(s => [s.id, [...s.querySelectorAll('text')].map(t => t.textContent)])"
"""The cartes partenariales a reader sees, with the texts of each."""


@pytest.fixture(scope="module")
def phone_visits(browser, origin) -> dict:
    """Each page on a 360 px phone: axe's violations, its width, what the reading survey finds."""
    outside: list[str] = []
    found = {}
    with open_page(browser, origin, outside, viewport={"width": 360, "height": 740}) as page:
        for path in PAGES:
            page.goto(origin + path)
            found[path] = {
                "violations": axe_violations(page),
                "width": page.evaluate("document.documentElement.scrollWidth"),
                "survey": page.evaluate(READING_SURVEY),
            }
            if path == "/carte/":
                found[path]["marker"] = page.evaluate(MARKER)
            if path == "/carte/partenariale/":
                found[path]["graphs"] = page.evaluate(GRAPHS)
    return {"pages": found, "outside": outside}


@pytest.mark.parametrize("path", PAGES)
def test_no_wcag_violation_and_no_sideways_scroll_on_a_phone(phone_visits, path):
    visit = phone_visits["pages"][path]
    assert visit["violations"] == []
    assert visit["width"] <= 360
    assert visit["survey"]["outside"] == [], "texte du dessin hors de son cadre"
    assert visit["survey"]["breakable"] == []


def test_nothing_is_loaded_from_another_origin(phone_visits):
    assert phone_visits["outside"] == []


def test_a_phone_gets_the_carte_partenariale_drawn_for_its_width(phone_visits):
    [(shown, names)] = phone_visits["pages"]["/carte/partenariale/"]["graphs"]
    assert shown == "carte-partenariale" and "CMP Winnicott" in names and "Centre psychothérapeutique Winnicott" not in names


def test_a_phone_gets_the_larger_markers_and_names(phone_visits):
    radius, drawn_width, number_size, names = phone_visits["pages"]["/carte/"]["marker"]
    assert radius == "20px" and number_size == "20px"
    assert drawn_width >= 16  # a disc a finger can point at, the drawing being about half its size
    assert all(names)  # only the names placed for the phone's size are shown


def test_a_wide_screen_puts_the_list_beside_the_map_writes_whole_names_and_print_keeps_the_map(browser, origin):
    outside: list[str] = []
    with open_page(browser, origin, outside, viewport={"width": 1280, "height": 900}) as page:
        page.goto(origin + "/carte/")
        beside = page.evaluate(
            "() => { const m = document.querySelector('.releve-ressources__carte').getBoundingClientRect(),"
            " l = document.querySelector('.releve-ressources__liste').getBoundingClientRect(); return [m.right <= l.left, m.top === l.top]; }"
        )
        assert beside == [True, True]
        assert axe_violations(page) == []
        page.emulate_media(media="print")
        printed = page.evaluate(
            "() => [getComputedStyle(document.querySelector('.releve-carte-filtres')).display,"
            " document.querySelector('svg.releve-plan').getBoundingClientRect().width,"
            " [...document.querySelectorAll('.releve-nom')].filter(n => n.getClientRects().length).length]"
        )
        assert printed[0] == "none" and printed[1] > 300 and printed[2] > 0
        # The CLSM's carte partenariale: the drawing with whole names, where a phone's cuts one.
        page.emulate_media(media="screen")
        page.goto(origin + "/carte/partenariale/")
        [(shown, names)] = page.evaluate(GRAPHS)
        assert shown == "carte-partenariale-large" and "Centre psychothérapeutique Winnicott" in names
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF")
    assert outside == []


LONG_NAMES = ("Service cohésion sociale et proximité de la Ville de Test", "Pôle petite enfance de la Ville de Test")
"""Names without an acronym, too long for a phone's line (the CLSM messin has two such partners)."""


def write_long_names_site(root) -> None:
    structures = "".join(
        f"  - id: long-{index}\n    nom: {name}\n    type: Service municipal\n    secteur: accompagnement-social\n    description: Service de test.\n"
        for index, name in enumerate(LONG_NAMES)
    )
    action = ACTION.replace("partenaires: [epe-57]", "partenaires: [epe-57, long-0, long-1]")
    write_project(root, {**BASE_FILES, "partners.yaml": PARTNERS + structures, "actions/reseau.md": action})


SHOWN_TEXT = (
    "() => [...document.querySelectorAll('svg.releve-reseau')].filter(s => s.getClientRects().length).map(s => {"
    " const scale = s.getBoundingClientRect().width / s.viewBox.baseVal.width;"
    " return [Math.min(...[...s.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale)),"
    " [...s.querySelectorAll('.releve-noeud')].map(g => [...g.querySelectorAll('text:not(.releve-role)')].map(t => t.textContent).join(''))]; })"
)
"""Each carte partenariale a reader sees: its smallest text as displayed (px), and each structure's name, its lines joined."""


@pytest.mark.parametrize("path", ["/carte/partenariale/", "/projets/reseau/"])
def test_a_phone_shows_the_cartes_partenariales_at_a_readable_size_and_names_whole(browser, tmp_path_factory, path):
    site = shared_build(tmp_path_factory, "noms-longs", write_long_names_site)
    outside: list[str] = []
    with serve(site.site) as origin, open_page(browser, origin, outside, viewport={"width": 390, "height": 844}) as page:
        page.goto(origin + path)
        [(smallest, names)] = page.evaluate(SHOWN_TEXT)
        assert smallest >= 14
        assert set(LONG_NAMES) <= set(names) and not any("…" in name for name in names)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert page.evaluate(READING_SURVEY)["outside"] == [], "texte du dessin hors de son cadre"
        assert axe_violations(page) == []
    assert outside == []
