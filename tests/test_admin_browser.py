"""/admin/ in a real Chromium: the form loads in French from the site alone (skips without Chromium)."""

from __future__ import annotations

from browser import open_page, serve


def test_admin_loads_in_french_with_no_request_elsewhere(build_site, browser):
    build = build_site()
    assert build.returncode == 0, build.output
    outside: list[str] = []
    with serve(build.site) as origin:
        for width, height in ((1280, 900), (360, 740)):
            # An English browser: the page's own script still makes the form speak French.
            with open_page(browser, origin, outside, viewport={"width": width, "height": height}, locale="en-US") as page:
                fetched: list[str] = []
                page.on("requestfinished", lambda request: fetched.append(request.url))
                page.goto(origin + "/admin/")
                page.get_by_text("Se connecter avec un jeton d’accès").wait_for(timeout=20000)
                assert page.get_by_text("Travailler avec un dépôt local").is_visible()
                page.screenshot(path=f"/tmp/admin-{width}.png")
                assert f"{origin}/admin/locales/fr.json" in fetched
                assert any(url.startswith(f"{origin}/admin/fonts/") for url in fetched)
    assert outside == []
