"""Reflow and text spacing in Chromium (WCAG 1.4.10 and 1.4.12, RGAA 10.11 and 10.12): on a 320 px
phone, the most demanding page types of the real site do not scroll sideways, as they are, with
their folded tables open, and once a reader widens the text's spacing; and no text is cut, in the
page or in the navigation drawer. A data table may scroll inside its own box, never the page.

One visit of each page (the session's real site and browser); the states follow one another in it.
"""

from __future__ import annotations

import pytest
from browser import open_page

PAGES = {
    "compte rendu": "/comptes-rendus/2021-10-22-collaboration-cmp-winnicott/",
    "fiche action": "/projets/reseau-psyperinatalite/",
    "structure": "/annuaire/cmp-winnicott/",
    "avancement": "/avancement/",
    "frise": "/avancement/frise/",
    "bilan": "/bilan/2021/",
    "carte partenariale": "/carte/partenariale/",
}
"""One page of each type with a wide part: a chart, a drawing, tables, filters, a long word in its title
(« psychothérapeutique », which the drawer's navigation shows too)."""

TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }"""
"""The text spacing of WCAG 1.4.12, as a reader's stylesheet or extension sets it."""

CUT_TEXT = r"""
() => {
  const clips = (value) => value === "hidden" || value === "clip";
  const cut = (el) => {
    const s = getComputedStyle(el), r = el.getBoundingClientRect();
    // A label hidden on purpose for screen readers is 1 px wide: not text a reader sees cut.
    if (!el.getClientRects().length || r.width < 2 || r.height < 2 || !el.textContent.trim()) return false;
    return (clips(s.overflowX) && el.scrollWidth > el.clientWidth + 1) || (clips(s.overflowY) && el.scrollHeight > el.clientHeight + 1);
  };
  const name = (el) => `${el.tagName.toLowerCase()}.${el.className} « ${el.textContent.trim().replace(/\s+/g, " ").slice(0, 60)} »`;
  // The page's text, and the drawer's items (not its sliding panels, wider than it by design).
  const texts = [...document.querySelectorAll("article *, .md-sidebar--primary :is(.md-nav__title, .md-nav__link, .md-ellipsis)")];
  return texts.filter(cut).map(name);
}
"""
"""Text cut by its box (an ellipsis, a fixed height or width with its overflow hidden)."""

WIDTH = "document.documentElement.scrollWidth"


def reflow_findings(page) -> dict:
    """The page's width as it is, with its folded tables open, then with text spacing and the
    navigation drawer open; and the text cut in that last state."""
    widths = {"tel quel": page.evaluate(WIDTH)}
    page.evaluate("document.querySelectorAll('article details').forEach((d) => { d.open = true; })")
    widths["tableaux ouverts"] = page.evaluate(WIDTH)
    page.add_style_tag(content=TEXT_SPACING)
    page.click(".md-header label[for=__drawer]")
    widths["espacement du texte"] = page.evaluate(WIDTH)
    return {"largeurs": widths, "texte coupé": page.evaluate(CUT_TEXT)}


@pytest.fixture(scope="module")
def at_320(real_origin, browser) -> dict:
    """``reflow_findings`` of each page of ``PAGES`` on a 320 × 640 phone."""
    found = {}
    # Nothing from another site: the pages must not need it (tests/test_browser.py checks they ask for none).
    with open_page(browser, real_origin, [], viewport={"width": 320, "height": 640}) as page:
        for kind, url in PAGES.items():
            page.goto(real_origin + url)
            found[kind] = reflow_findings(page)
    return found


@pytest.mark.parametrize("kind", PAGES)
def test_no_page_scrolls_sideways_at_320_px_even_with_text_spacing(at_320, kind):
    found = at_320[kind]
    assert found["largeurs"] == dict.fromkeys(("tel quel", "tableaux ouverts", "espacement du texte"), 320)
    assert found["texte coupé"] == []


def test_the_reflow_check_finds_each_fault_it_looks_for(browser):
    """A block wider than the phone, and a drawer item whose long word Material cut with an ellipsis."""
    faulty = """<header class="md-header"><label for="__drawer">Menu</label></header>
    <div class="md-sidebar--primary"><a class="md-nav__link" style="display: flex; width: 100px">
    <span class="md-ellipsis" style="overflow: hidden; text-overflow: ellipsis">psychothérapeutique</span></a></div>
    <article><details><summary>Tableau</summary><div style="width: 400px">Structure</div></details></article>"""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        page.set_content(faulty)
        found = reflow_findings(page)
    finally:
        context.close()
    assert found["largeurs"]["tel quel"] == 320
    assert found["largeurs"]["tableaux ouverts"] > 320 and found["largeurs"]["espacement du texte"] > 320
    assert found["texte coupé"] == ["span.md-ellipsis « psychothérapeutique »"]
