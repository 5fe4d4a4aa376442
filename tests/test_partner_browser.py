"""What a partner comes for, in Chromium on a 360 px phone (issue 25): « En bref » within one screen,
search results that say what they are, an instance found by its short name, no boilerplate found,
the frise's filters kept in the address. One page of the realistic site's server for the module."""

from __future__ import annotations

import pytest
from browser import SEARCH_RESULT_LINKS, open_page, search

PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def phone(browser, real_origin):
    with open_page(browser, real_origin, [], viewport=PHONE) as page:
        yield page


@pytest.mark.parametrize("meeting", ["2022-03-01-sensibilisation-qpv", "2021-10-22-collaboration-cmp-winnicott"])
def test_en_bref_fits_one_phone_screen(phone, real_origin, meeting):
    phone.goto(f"{real_origin}/comptes-rendus/{meeting}/")
    box = phone.locator(".releve-en-bref").bounding_box()
    header = phone.locator(".md-header").bounding_box()["height"]
    assert box["height"] <= PHONE["height"] - header, box
    # Every link of it leads somewhere on the page.
    for anchor in phone.eval_on_selector_all(".releve-en-bref a", "links => links.map(a => a.hash.slice(1))"):
        assert phone.locator(f"[id='{anchor}']").count() == 1, anchor


def test_search_results_say_what_they_are_and_copil_finds_its_instance(phone, real_origin):
    found = search(phone, real_origin, "copil")
    assert found and found[0] == "/instances/copil/", found
    kinds = phone.eval_on_selector_all(".releve-recherche__quoi", "items => items.map(p => p.textContent)")
    assert kinds[0].startswith("Instance · ")
    found = search(phone, real_origin, "réseau", again=True)
    kinds = phone.eval_on_selector_all(".releve-recherche__quoi", "items => items.map(p => p.textContent)")
    assert len(kinds) == min(len(found), 5)  # each result shown says its kind (and its date when it has one)
    assert all(kind.split(" · ")[0] in {"Compte rendu", "Relevé de conclusions", "Fiche action", "Structure", "Instance", "Thématique"} for kind in kinds), kinds
    assert any(" · " in kind and kind.startswith("Relevé de conclusions") for kind in kinds), kinds


def test_an_excerpt_does_not_repeat_the_title_above_it(phone, real_origin):
    """A match at the top of a page: the excerpt opened on the acronym and the title (« CMP Winnicott.
    Centre psychothérapeutique Winnicott (CMP Winnicott). Fait partie de… ») or on the title's last
    words (« CMP Winnicott / CLSM messin. Relevé de conclusions… »), right under that title."""
    found = search(phone, real_origin, "winnicott")
    results = phone.eval_on_selector_all(
        ".releve-recherche__resultats li", "items => items.map(li => [li.querySelector('a').textContent, li.lastElementChild.textContent])"
    )
    assert found[0] == "/annuaire/cmp-winnicott/" and len(results) == min(len(found), 5)
    for title, excerpt in results:
        words = title.split()
        openings = [" ".join(words[start:]) for start in range(len(words))]
        assert not any(excerpt.startswith(f"{opening}.") for opening in openings), (title, excerpt)
        assert title not in excerpt[: len(title) + 40], (title, excerpt)
    assert results[0][1].startswith("Fait partie de"), results[0]
    search(phone, real_origin, "CCOMS", again=True)
    anct = phone.eval_on_selector(".releve-recherche__resultats li:has(a[href$='/annuaire/anct/'])", "li => li.lastElementChild.textContent")
    assert anct.startswith("Avec le CCOMS"), anct  # the acronym that is its whole name, twice at the top


def test_a_feed_address_to_paste_is_whole_though_the_build_did_not_know_the_site(phone, real_origin):
    """Built without its public address (no site_url, no RELEVE_URL_PUBLIQUE), a page says where a
    feed is in words (« l'adresse de ce site suivie de flux.xml »); the reader's browser shows the
    address itself, and only an address of this site, whatever a content's span says."""
    phone.goto(f"{real_origin}/s-abonner/")
    assert phone.locator("span[data-releve-adresse] code").all_text_contents() == [f"{real_origin}/flux.xml", f"{real_origin}/lettres/flux.xml"]
    phone.goto(f"{real_origin}/annuaire/cmp-winnicott/")
    assert phone.locator("span[data-releve-adresse] code").all_text_contents() == [f"{real_origin}/annuaire/cmp-winnicott/flux.xml"]
    phone.evaluate("""document.body.insertAdjacentHTML("beforeend", '<span id="ailleurs" data-releve-adresse="https://example.org/flux.xml">ailleurs</span>')""")
    phone.add_script_tag(url=f"{real_origin}/javascripts/releve-adresses.js")
    assert phone.locator("#ailleurs").inner_html() == "ailleurs"


@pytest.mark.parametrize("boilerplate", ["Suivre cette structure", "coordonnées non renseignées", "lecteur de flux"])
def test_boilerplate_is_not_found(phone, real_origin, boilerplate):
    """« Suivre cette structure… dans un lecteur de flux », « Coordonnées : non renseignées » are
    on most structure pages and say nothing of any: no structure comes up for them."""
    assert [path for path in search(phone, real_origin, boilerplate) if path.startswith("/annuaire/")] == []


def test_the_frise_filters_stay_in_the_address(phone, real_origin):
    phone.goto(f"{real_origin}/avancement/frise/?thematique=enfance-parentalite")
    assert phone.input_value("select[name=thematique]") == "enfance-parentalite"
    shown = phone.eval_on_selector_all("ol.releve-frise > li:not([hidden])", "items => items.map(li => li.dataset.thematiques)")
    assert shown and all("enfance-parentalite" in themes.split() for themes in shown)
    hidden = phone.eval_on_selector_all("ol.releve-frise > li[hidden]", "items => items.length")
    assert hidden > 0
    phone.select_option("select[name=thematique]", "")
    assert phone.evaluate("window.location.search") == ""
    assert phone.eval_on_selector_all("ol.releve-frise > li[hidden]", "items => items.length") == 0
    phone.select_option("select[name=thematique]", "enfance-parentalite")
    assert phone.evaluate("window.location.search") == "?thematique=enfance-parentalite"
    phone.go_back()
    assert phone.input_value("select[name=thematique]") == ""
    assert phone.locator(SEARCH_RESULT_LINKS).count() == 0  # a page of the site, not the search


@pytest.mark.parametrize("path", ["/projets/reseau-psyperinatalite/", "/bilan/2021/"])
def test_tables_show_every_column_on_a_phone(phone, real_origin, path):
    """A fiche's carte partenariale (four columns) hid its « Décisions » behind a sideways scroll at 360 px."""
    phone.goto(f"{real_origin}{path}")
    phone.wait_for_selector(".md-typeset__scrollwrap", state="attached")
    widths = phone.eval_on_selector_all(".md-typeset__scrollwrap", "boxes => boxes.map(b => [b.scrollWidth, b.clientWidth])")
    assert widths and all(inner <= outer for inner, outer in widths), widths
