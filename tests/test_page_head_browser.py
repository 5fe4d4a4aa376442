"""The table of contents of a page out of the navigation, in Chromium: a phone's navigation drawer
offers it as it does for the pages of the navigation (theme/main.html)."""

from __future__ import annotations

from browser import open_page

FICHE = "/projets/sensibilisation-qpv/"


def test_a_generated_page_offers_its_table_of_contents_in_the_phone_drawer(browser, real_origin):
    outside: list[str] = []
    with open_page(browser, real_origin, outside, viewport={"width": 390, "height": 800}) as page:
        page.goto(real_origin + FICHE)
        page.click("header label[for=__drawer]")
        item = page.locator(".md-sidebar--primary label.md-nav__link[for=__toc]")
        assert item.is_visible() and "Sensibilisation en santé mentale dans les QPV messins" in item.inner_text()
        item.click()
        contents = page.locator(".md-sidebar--primary nav.md-nav--secondary")
        contents.get_by_role("link", name="Carte partenariale").wait_for(state="visible")
        assert contents.get_by_role("link", name="Quoi ?", exact=True).is_visible()
        # A page of the navigation keeps Material's own item, once.
        page.goto(real_origin + "/a-propos/")
        assert page.locator("#__toc").count() == 1 and page.locator(".releve-tiroir-page").count() == 0
    with open_page(browser, real_origin, outside, viewport={"width": 1280, "height": 800}) as page:
        page.goto(real_origin + FICHE)
        # The right sidebar has the table of contents: the drawer's item is not in the left one.
        assert not page.locator(".releve-tiroir-page").is_visible()
        assert page.locator(".md-sidebar--secondary").get_by_role("link", name="Quoi ?", exact=True).is_visible()
    assert outside == []
