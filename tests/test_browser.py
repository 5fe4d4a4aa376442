"""The built site in a real browser: accessibility (axe-core, WCAG 2.1 A and AA), phones, keyboard, print."""

from __future__ import annotations

import io

import pytest
from browser import SEARCH_DIALOG, SEARCH_RESULT_LINKS, axe_violations, open_page, page_types, search, serve
from conftest import SAMPLE_SITE, TODAY

from releve import pipeline, urls


def test_every_page_type_has_no_wcag_violation(real_site, page_type_visits):
    visited = page_type_visits["violations"]
    assert list(visited) == [*page_types(real_site.site), "recherche"]
    violations = [line for lines in visited.values() for line in lines]
    assert violations == [], "\n".join(violations)


def test_no_page_requests_another_origin(real_site, page_type_visits):
    """Privacy: no font, script, frame or image of another site, on any type of page nor in a search
    (in this file, with the visit it shares with the test above)."""
    assert list(page_type_visits["violations"]) == [*page_types(real_site.site), "recherche"]  # every page type was visited
    assert page_type_visits["outside"] == []


def test_a_request_to_another_origin_is_caught(browser):
    """The guard the privacy checks rely on: a request elsewhere is recorded (and blocked)."""
    outside: list[str] = []
    with open_page(browser, "http://127.0.0.1:9", outside) as page:
        page.set_content('<img src="https://example.org/pixel.png"><link rel="stylesheet" href="http://127.0.0.1:1/x.css">')
        page.wait_for_load_state("networkidle")
    assert sorted(outside) == ["http://127.0.0.1:1/x.css", "https://example.org/pixel.png"]


def test_axe_reports_what_a_page_breaks(browser, tmp_path):
    """The check every page type relies on (``browser.axe_violations``) names a violation, where and how."""
    (tmp_path / "index.html").write_text('<html lang="fr"><title>Essai</title><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></html>', encoding="utf-8")
    with serve(tmp_path) as origin, open_page(browser, origin, []) as page:
        page.goto(origin + "/")
        found = axe_violations(page)
    assert len(found) == 1 and " — image-alt (critical) : " in found[0] and found[0].endswith("— [['img']]"), found


FOUND_FIRST = {
    "EPE 57": "/annuaire/epe-57/",
    "CCOMS": "/annuaire/ccoms/",
    "mda": "/annuaire/mda/",
    "psyperinatalite": "/projets/reseau-psyperinatalite/",
    "PSYPÉRINATALITÉ": "/projets/reseau-psyperinatalite/",
}


@pytest.fixture(scope="module")
def searches(real_origin, browser) -> dict[str, list[str]]:
    """The results of each query, searched one after the other in one browser page."""
    with open_page(browser, real_origin, []) as page:
        queries = [*FOUND_FIRST, "réseau", "œuvre", "oeuvre"]
        return {query: search(page, real_origin, query, again=query != queries[0]) for query in queries}


@pytest.mark.parametrize("query, location", FOUND_FIRST.items())
def test_search_finds_a_structure_by_its_acronym_and_ignores_accents_and_case(searches, query, location):
    paths = searches[query]
    assert paths[0] == location, paths


def test_search_finds_a_word_with_oe_typed_without_its_ligature(searches):
    """« oeuvre », as a keyboard types it, found none of the pages that write « œuvre »:
    Pagefind folds accents, not the ligature."""
    assert len(searches["œuvre"]) >= 5 and sorted(searches["oeuvre"]) == sorted(searches["œuvre"])


def test_search_results_are_meetings_fiches_and_structures_only(searches):
    paths = searches["réseau"]
    site = pipeline.load(SAMPLE_SITE, pipeline.today_from(TODAY)).site
    uris = [urls.meeting(m.id) for m in site.meetings] + [urls.action(a.id) for a in site.actions] + [urls.structure(s.id) for s in site.structures]
    items = {"/" + uri.removesuffix(".md") + "/" for uri in uris}
    assert len(paths) >= 3
    assert [path for path in paths if path not in items] == []
    assert {path.split("/")[1] for path in paths} >= {"comptes-rendus", "projets"}


def test_search_excerpts_keep_the_french_spaces(page_type_visits):
    """Pagefind gives a page's text with ordinary spaces: an excerpt's line began with « : » or ended
    with « « » on a phone."""
    found = page_type_visits["reading"]["recherche"]
    assert found["breakable"] == []


def test_search_loads_nothing_before_it_is_opened_and_works_from_the_keyboard(real_origin, browser):
    requested: list[str] = []
    with open_page(browser, real_origin, []) as page:
        page.on("request", lambda request: requested.append(request.url))
        page.goto(real_origin + "/", wait_until="networkidle")
        assert [url for url in requested if "/pagefind/" in url] == []  # reading a page costs no search

        page.keyboard.press("Control+k")
        page.wait_for_selector(f"{SEARCH_DIALOG} input[type=search]:focus")
        page.keyboard.type("réseau")
        # The status of the whole query, not of its first letters (shown while typing on a busy machine).
        page.wait_for_function("document.querySelector('.releve-recherche__etat').textContent.includes('résultats pour «\u202fréseau\u202f»')")
        status = page.inner_text(".releve-recherche__etat")
        found = int(status.split()[0])
        assert status == f"{found} résultats pour «\u202fréseau\u202f»" and found > 5
        assert page.locator(SEARCH_RESULT_LINKS).count() == 5  # five excerpts fetched, not one per result

        page.keyboard.press("ArrowDown")
        first = page.evaluate("document.activeElement.getAttribute('href')")
        assert first == page.locator(SEARCH_RESULT_LINKS).first.get_attribute("href")
        page.keyboard.press("ArrowUp")
        assert page.evaluate("document.activeElement.type") == "search"

        page.click(".releve-recherche__plus")
        page.wait_for_function(f"document.querySelectorAll('{SEARCH_RESULT_LINKS}').length === {min(found, 10)}")
        assert page.evaluate("document.activeElement.getAttribute('href')") == page.locator(SEARCH_RESULT_LINKS).nth(5).get_attribute("href")

        page.keyboard.press("Escape")
        assert page.evaluate("document.querySelector('dialog').open") is False
        page.keyboard.press("Control+k")
        page.keyboard.press("Enter")  # opens the first result
        page.wait_for_url(real_origin + first)


def test_no_page_scrolls_sideways_on_a_phone(real_site, page_type_visits):
    assert list(page_type_visits["violations"]) == [*page_types(real_site.site), "recherche"]  # every page type was visited
    assert page_type_visits["too_wide"] == []


def test_keyboard_reaches_the_content_links(real_site, real_origin, browser):
    with open_page(browser, real_origin, []) as page:
        page.goto(real_origin + "/")
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('article a[href]:not(.headerlink)')"):
                break
        else:
            pytest.fail("40 appuis sur Tab n'atteignent aucun lien du contenu de la page d'accueil")
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"


def pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_meeting_prints_on_a4_without_navigation(real_site, real_origin, browser):
    linked = pipeline.load(SAMPLE_SITE, pipeline.today_from(TODAY))
    meeting = next(m for m in linked.site.meetings if m.decisions and any(p.name for p in m.participants))
    with open_page(browser, real_origin, []) as page:
        page.goto(real_origin + "/" + urls.meeting(meeting.id).removesuffix(".md") + "/")
        text = " ".join(pdf_text(page.pdf(format="A4", print_background=True)).split())

    assert " ".join(meeting.title.split()) in text
    assert "Date" in text  # header card
    assert "Participants" in text and next(p.name for p in meeting.participants if p.name) in text
    assert "Décision" in text and " ".join(meeting.decisions[0].text.split()[:6]) in text
    for chrome in ("Rechercher", "Aller au contenu", "Made with"):
        assert chrome not in text
