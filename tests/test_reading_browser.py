"""Reading in a real browser, page type by page type, on a 360 px phone and a 1280 px desktop: French
spaces in the visible text, SVG text inside its drawing, the current section marked, the declaration
of accessibility linked, decisions at body size, no author's syntax, no sideways scroll.

One build of the real site and one browser for the whole module (session fixtures of conftest); each
page is visited once per width and surveyed by one script, whose findings every test reads.
"""

from __future__ import annotations

import contextlib

import pytest
from browser import open_page

PAGE_TYPES = {
    "accueil": ("/", "Accueil"),
    "réunion": ("/comptes-rendus/2021-10-22-collaboration-cmp-winnicott/", "Comptes rendus"),
    "fiche action": ("/projets/reseau-psyperinatalite/", "Projets"),
    "agenda": ("/agenda/", "Agenda"),
    "suivi": ("/suivi/", "Comptes rendus"),
    "avancement": ("/avancement/", "Avancement"),
    "avancement d'un axe": ("/avancement/axe-2/", "Avancement"),
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

SURVEY = r"""
() => {
  const notProse = new Set(["SCRIPT", "STYLE", "PRE", "CODE", "KBD", "SAMP", "TEXTAREA", "NOSCRIPT"]);
  const rendered = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const inProse = (el) => !el.closest("script, style, pre, code, kbd, samp, textarea, noscript");

  // Visible text with an ordinary space where French needs an unbreakable one.
  const breakable = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode()); ) {
    const el = node.parentElement;
    if (!el || !inProse(el) || !rendered(el)) continue;
    const pattern = /[ \t\n](?=[:;!?»])|«[ \t\n]/g;
    for (let m; (m = pattern.exec(node.data)); ) breakable.push(node.data.slice(Math.max(0, m.index - 25), m.index + 10));
  }

  // SVG text outside its drawing, its viewBox, a clipping box or the screen.
  const outside = [];
  const within = (r, box) => r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
  for (const text of document.querySelectorAll("svg text")) {
    const r = text.getBoundingClientRect();
    if (!r.width || !rendered(text)) continue;  // hidden on purpose (a label for wide screens only)
    let svg = text.ownerSVGElement;
    while (svg.parentElement && svg.parentElement.closest("svg")) svg = svg.parentElement.closest("svg");
    const name = `${svg.id || svg.getAttribute("class")} « ${text.textContent} »`;
    if (!within(r, svg.getBoundingClientRect())) outside.push(`${name} : hors du dessin`);
    const view = svg.viewBox.baseVal;
    if (view && view.width) {
      const b = text.getBBox();
      if (b.x < view.x - 1 || b.y < view.y - 1 || b.x + b.width > view.x + view.width + 1 || b.y + b.height > view.y + view.height + 1)
        outside.push(`${name} : hors du viewBox`);
    }
    for (let e = svg.parentElement; e && e !== document.documentElement; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.overflowX !== "visible" && !within(r, e.getBoundingClientRect())) outside.push(`${name} : coupé par ${e.className}`);
    }
    if (r.left < -1 || r.right > innerWidth + 1) outside.push(`${name} : hors de l'écran`);
  }

  // The current section: the active tab (desktop) or the active item of the drawer (phone).
  const words = (el) => el.textContent.replace(/\s+/g, " ").trim();
  const tab = [...document.querySelectorAll(".md-tabs__item--active")].filter(rendered).map(words);
  // The page of a tab itself has two links in the drawer, to its table of contents and to itself.
  const drawer = [...new Set([...document.querySelectorAll(".md-nav--primary > .md-nav__list > .md-nav__item--active > .md-nav__link")].map(words))];

  const declaration = [...document.querySelectorAll("footer a")].filter((a) => rendered(a) && a.pathname.endsWith("/accessibilite/")).map((a) => a.textContent.trim());

  const paragraph = [...document.querySelectorAll("article p")].find((p) => rendered(p) && !p.closest(".admonition, .releve-carte, details, li, table, footer"));
  const body = paragraph ? parseFloat(getComputedStyle(paragraph).fontSize) : null;
  const decisions = [...document.querySelectorAll("article .decision")].filter(rendered).map((d) => {
    const p = d.querySelector("p:not(.admonition-title)") || d;
    return parseFloat(getComputedStyle(p).fontSize);
  });

  // Text meant for the coordinator, or Markdown left unrendered: the rendered text, then the folded one.
  const article = document.querySelector("article");
  let folded = "";
  if (article) {
    const copy = article.cloneNode(true);
    copy.querySelectorAll("script, style, pre, code").forEach((e) => e.remove());
    folded = copy.textContent;
  }
  const syntax = [];
  for (const [label, pattern] of [["!!!", /!!!/], ["engagement-xxxxxxxx", /engagement-[0-9a-f]{8}/], ["{#", /\{#/], ["]: ", /\]: /], ["](", /\]\(/], ["**", /\*\*/], ["{{ ou {%", /\{\{|\{%/]]) {
    const found = document.body.innerText.match(pattern) || folded.match(pattern);
    if (found) {
      const text = document.body.innerText.match(pattern) ? document.body.innerText : folded;
      syntax.push(`${label} : ${text.slice(Math.max(0, found.index - 30), found.index + 30)}`);
    }
  }

  return {breakable, outside, tab, drawer, declaration, body, decisions, syntax, scrollWidth: document.documentElement.scrollWidth, width: innerWidth};
}
"""


@pytest.fixture(scope="module")
def survey(real_site, real_origin, browser):
    """``survey(kind, width)``: the findings of SURVEY on that page type at that width, each page visited once."""
    pages, found = {}, {}

    def at(kind: str, width: int) -> dict:
        if (kind, width) not in found:
            if width not in pages:
                # Nothing from another site: the pages must not need it (tests/test_browser.py checks they ask for none).
                pages[width] = contexts.enter_context(open_page(browser, real_origin, [], viewport={"width": width, "height": 800}))
            pages[width].goto(real_origin + PAGE_TYPES[kind][0])
            found[kind, width] = pages[width].evaluate(SURVEY)
        return found[kind, width]

    with contextlib.ExitStack() as contexts:
        yield at


@pytest.mark.parametrize("kind, width", CASES)
def test_no_visible_text_breaks_a_line_before_french_punctuation(survey, kind, width):
    assert survey(kind, width)["breakable"] == []


@pytest.mark.parametrize("kind, width", CASES)
def test_no_svg_text_is_drawn_outside_its_drawing(survey, kind, width):
    assert survey(kind, width)["outside"] == []


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
    <p>!!! fait engagement-1a2b3c4d</p></article>
    <style>p { font-size: 16px } .decision p { font-size: 12.8px }</style>"""
    context = browser.new_context(viewport={"width": 360, "height": 800})
    try:
        page = context.new_page()
        page.set_content(faulty)
        found = page.evaluate(SURVEY)
    finally:
        context.close()
    assert len(found["breakable"]) == 3  # before « : », after « and before »
    assert found["outside"] == ["frise « aujourd'hui » : hors du dessin", "frise « aujourd'hui » : hors du viewBox"]
    assert [line.split(" : ")[0] for line in found["syntax"]] == ["!!!", "engagement-xxxxxxxx"]
    assert found["decisions"] == [12.8] and found["body"] == 16
    assert found["tab"] == found["drawer"] == found["declaration"] == []
