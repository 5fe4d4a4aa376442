"""The maps and the cartes partenariales in Chromium, on the fictional territory: axe-core finds no
WCAG 2.1 A/AA violation, nothing is requested from another origin, a 360 px phone shows them
without scrolling sideways with the phone's larger markers, a wide screen puts the list beside the
map and writes the carte partenariale's names whole, and print keeps the map and drops the filters.
On a 390 px phone, the cartes partenariales' text is shown at 14 px at least and no name is cut.
On a 360 px phone, each marker of the carte des ressources is a link to its structure's page, wide
enough for a finger and reached with the keyboard, and the communes' names are shown at 12 px at least."""

from __future__ import annotations

import re

import pytest
from browser import READING_SURVEY, axe_violations, open_page, serve
from cartes_fixtures import commune_name
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


MARKER_LINKS = (
    "() => [...document.querySelectorAll('svg#carte-ressources a.releve-marqueur')].map(a => { const d = a.querySelector('.releve-disque').getBoundingClientRect();"
    " return [a.querySelector('title').textContent, new URL(a.href.baseVal || a.getAttribute('href'), location.href).pathname, d.width, d.height]; })"
)
"""Each marker link of the carte des ressources: its name, the path it opens, its disc's size as shown."""

FOCUSED = "() => { const a = document.activeElement, s = getComputedStyle(a); return [a.matches('svg a.releve-marqueur:focus-visible'), a.getAttribute('href'), s.outlineStyle, s.outlineWidth]; }"

SHOWN_NAMES = (
    "() => { const s = document.querySelector('svg#carte-ressources'), k = s.getBoundingClientRect().width / s.viewBox.baseVal.width;"
    " return [...s.querySelectorAll('.releve-nom')].filter(n => n.getClientRects().length).map(n => { const r = n.getBoundingClientRect();"
    " return [n.textContent, parseFloat(getComputedStyle(n).fontSize) * k, [r.left, r.top, r.right, r.bottom]]; }); }"
)
"""The communes' names a reader sees on the carte des ressources: each line's text, its size as shown (px), its box."""


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
                found[path]["links"] = page.evaluate(MARKER_LINKS)
                # From the last filter, the keyboard's next stop is the first marker; Enter opens its page.
                page.focus(".releve-carte-filtres p:last-child a:last-of-type")
                page.keyboard.press("Tab")
                found[path]["focused"] = page.evaluate(FOCUSED)
                page.keyboard.press("Enter")
                page.wait_for_url("**/annuaire/**")
                found[path]["opened"] = page.evaluate("location.pathname")
            if path.startswith("/carte/type/"):
                found[path]["names"] = page.evaluate(SHOWN_NAMES)
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


def test_on_a_phone_each_marker_is_a_link_to_its_structure_a_finger_and_the_keyboard_open(phone_visits):
    visit = phone_visits["pages"]["/carte/"]
    links = visit["links"]
    assert len(links) == 50
    assert ["1. Centre hospitalier de Jury (CH Jury), Valmont", "/annuaire/ch-jury/"] in [link[:2] for link in links]
    assert all(re.fullmatch(r"\d+\. .+, .+", name) and path.startswith("/annuaire/") for name, path, *_ in links)
    assert min(min(width, height) for *_, width, height in links) >= 24  # WCAG 2.5.8
    assert visit["focused"] == [True, "../annuaire/ch-jury/", "solid", "4px"]  # focused, with a visible ring (2 px at least as shown)
    assert visit["opened"] == "/annuaire/ch-jury/"


def test_on_a_phone_the_communes_names_are_shown_at_12_px_at_least_and_apart(phone_visits):
    names = phone_visits["pages"]["/carte/type/service-municipal/"]["names"]
    texts = [text for text, _, _ in names]
    # A name too long for one line at that size is written on two (cut at its hyphen), never shrunk nor cut short.
    assert {"Valmont", "Saint-", "Exemple"} <= set(texts) and all(any(t in commune_name(c, r) for c in range(6) for r in range(7)) for t in texts)
    assert min(size for _, size, _ in names) >= 12
    boxes = [box for _, _, box in names]
    assert not [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :] if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]


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
