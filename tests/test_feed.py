"""The Atom feed: entries for minutes and fiches actions, deterministic bytes, autodiscovery in every page."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from conftest import SITE_URL, assert_golden

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(build) -> list[dict[str, str]]:
    root = ET.fromstring((build.site / "flux.xml").read_bytes())
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "updated": entry.findtext(f"{ATOM}updated"),
            "published": entry.findtext(f"{ATOM}published"),
            "summary": entry.findtext(f"{ATOM}summary"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "id": entry.findtext(f"{ATOM}id"),
        }
        for entry in root.iter(f"{ATOM}entry")
    ]


def test_feed_lists_minutes_and_actions_newest_first(agenda_site):
    root = ET.fromstring((agenda_site.site / "flux.xml").read_bytes())
    # The text a reader sees has the pages' French spacing (an unbreakable space before « : »).
    assert root.findtext(f"{ATOM}title") == "CLSM test\u00a0: comptes rendus et fiches actions"
    assert root.findtext(f"{ATOM}updated") == "2022-03-01T00:00:00+00:00"
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == f"{SITE_URL}flux.xml"
    assert entries(agenda_site) == [
        {
            "title": "Comité de pilotage",
            "updated": "2022-03-01T00:00:00+00:00",
            "published": "2022-03-01T00:00:00+00:00",
            "summary": "Relevé de conclusions du 1er\u00a0mars 2022 (Comité de pilotage (COPIL)).",
            "link": f"{SITE_URL}comptes-rendus/2022-03-01-copil/",
            "id": entries(agenda_site)[0]["id"],
        },
        {
            "title": "Fiche action\u00a0: Réseau psypérinatalité",
            "updated": "2021-02-19T00:00:00+00:00",
            "published": "2019-01-01T00:00:00+00:00",
            "summary": "Statut\u00a0: en cours. Mettre en place un réseau.",
            "link": f"{SITE_URL}projets/reseau/",
            "id": entries(agenda_site)[1]["id"],
        },
        {
            "title": "Réunion du groupe enfance",
            "updated": "2021-02-19T00:00:00+00:00",
            "published": "2021-02-19T00:00:00+00:00",
            "summary": "Compte rendu du 19\u00a0février 2021 (Groupes thématiques). Ordre du jour\u00a0: Rédiger les fiches projets.",
            "link": f"{SITE_URL}comptes-rendus/2021-02-19-groupe-enfance/",
            "id": entries(agenda_site)[2]["id"],
        },
    ]
    ids = [entry["id"] for entry in entries(agenda_site)]
    assert len(set(ids)) == 3 and all(i.startswith("urn:uuid:") for i in ids)


def test_drafts_never_reach_the_feed(agenda_site):
    content = (agenda_site.site / "flux.xml").read_bytes().lower()
    assert b"secret" not in content and b"2022-03-20" not in content


def test_golden_feed(agenda_site):
    assert_golden("flux.xml", (agenda_site.site / "flux.xml").read_bytes())


def test_without_site_url_the_feed_links_are_relative(base_site):
    # Its bytes are the same from one build to the next: tests/test_ics.py builds it twice.
    feed = base_site.site.joinpath("flux.xml").read_bytes()
    # Without site_url, links are relative to the feed, which sits at the site's root.
    assert b'<link href="comptes-rendus/2021-02-19-groupe-enfance/"' in feed


def test_every_page_announces_the_feed(agenda_site):
    # /admin/ is the web form's page, not a page of the site.
    pages = [page for page in agenda_site.site.rglob("*.html") if page.relative_to(agenda_site.site).parts[0] != "admin"]
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        head = html[: html.index("</head>")]
        assert '<link rel="alternate" type="application/atom+xml"' in head, page
    home = agenda_site.html("index.html")
    assert 'type="application/atom+xml" title="CLSM test : comptes rendus et fiches actions" href="flux.xml"' in home
    assert 'type="application/atom+xml" title="CLSM test : comptes rendus et fiches actions" href="../../flux.xml"' in agenda_site.html(
        "comptes-rendus/2022-03-01-copil/index.html"
    )
