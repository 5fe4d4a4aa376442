"""The real content builds into a cross-linked French site; fixture sites check nav size and drafts."""

from __future__ import annotations

import json
import re

import pytest
from conftest import BASE_FILES, MEETING, SAMPLE_SITE, TODAY, shared_build, write_project

from releve import pipeline, urls

WINNICOTT = "comptes-rendus/2021-10-22-collaboration-cmp-winnicott/index.html"
GROUP = "comptes-rendus/2021-02-19-gt-enfance-parentalite/index.html"
QPV = "comptes-rendus/2022-03-01-sensibilisation-qpv/index.html"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_meeting_page_has_french_card_participants_and_decisions(real_site):
    html = real_site.html(WINNICOTT)
    text = text_of(html)
    assert "vendredi 22 octobre 2021" in text
    assert '<html lang="fr"' in html
    # Participants are grouped by structure and linked to the structure's page.
    assert re.search(r'<a href="\.\./\.\./annuaire/cmp-winnicott/">[^<]*</a></strong> : Sylvie Plujat \(cadre de santé\)', html)
    assert "Membres de l'équipe du Centre psychothérapeutique Winnicott" in text
    # Three decisions, highlighted, each with a permanent anchor.
    assert len(re.findall(r'<div class="admonition decision">\s*<p class="admonition-title"><span id="decision-[0-9a-f]{8}"></span>Décision', html)) == 3
    assert '<a href="../../projets/reseau-psyperinatalite/">' in html
    # The next meeting of seed 000, with its note.
    assert "Avec l'équipe de la MDA" in text


def test_undated_next_meeting_is_shown_as_written(real_site):
    text = text_of(real_site.html(QPV))
    assert "Réunion bilan à programmer en mai" in text
    assert "mardi 1er mars 2022" in text


def test_action_page_lists_every_meeting_that_mentions_it_in_date_order(real_site):
    html = real_site.html("projets/reseau-psyperinatalite/index.html")
    steps = html[html.index('id="jalons"') : html.index('id="decisions"')]
    first = steps.index("../../comptes-rendus/2021-02-19-gt-enfance-parentalite/")
    second = steps.index("../../comptes-rendus/2021-10-22-collaboration-cmp-winnicott/")
    assert first < second
    # The decisions about the action are quoted with a link to their anchor, under their meeting.
    decisions = html[html.index('id="decisions"') :]
    assert re.search(r'href="\.\./\.\./comptes-rendus/2021-10-22-collaboration-cmp-winnicott/#decision-[0-9a-f]{8}"', decisions)


def test_action_page_counts_answered_questions(real_site):
    text = text_of(real_site.html("projets/reseau-psyperinatalite/index.html"))
    answered = re.search(r"Fiche renseignée : (\d+) questions? sur 10", text)
    assert answered
    missing = re.search(r"(\d+) questions? à compléter", text)
    assert missing
    assert int(answered.group(1)) + int(missing.group(1)) == 10


def test_structure_page_shows_parent_children_meetings_and_actions(real_site):
    html = real_site.html("annuaire/cmp-winnicott/index.html")
    assert '<a href="../ch-jury/">' in html  # parent
    assert "../../comptes-rendus/2021-10-22-collaboration-cmp-winnicott/" in html
    assert "../../projets/reseau-psyperinatalite/" in html
    parent = real_site.html("annuaire/ch-jury/index.html")
    assert '<a href="../cmp-winnicott/">' in parent  # child


def test_directory_shows_only_the_types_the_seeds_give_and_no_sector(real_site):
    html = real_site.html("annuaire/index.html")
    text = text_of(html[html.index("<article") : html.index("</article>")])
    # No seed puts a structure of Metz in a sector: one list, no sector section, none empty.
    for sector in ("Urgence médicale", "Soins et prévention", "Droit et protection des personnes", "Accompagnement social et médico-social"):
        assert sector not in text
    assert "Toutes les structures" in text and "Secteur non renseigné" not in text and "Aucune structure" not in text
    # No seed says what kind each structure is: no type, and no claim that the documents give them.
    assert "Par type" not in text and "Représentant des usagers" not in text and "document" not in text


def test_search_is_pagefind_in_french_over_meetings_fiches_structures_instances_and_themes(real_site):
    site = real_site.site
    assert not (site / "search").exists()  # no lunr index of Material's search plugin
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["fr"]
    assert entry["languages"]["fr"]["page_count"] > 0
    indexed = {
        path.relative_to(site).as_posix() for path in site.rglob("*.html") if "<div data-pagefind-body>" in path.read_text(encoding="utf-8")
    }
    linked = pipeline.load(SAMPLE_SITE, pipeline.today_from(TODAY)).site
    uris = [urls.meeting(m.id) for m in linked.meetings] + [urls.action(a.id) for a in linked.actions] + [urls.structure(s.id) for s in linked.structures]
    # Every instance and thématique with a page: its first page only (the others list older meetings).
    uris += [urls.instance(i.slug) for i in linked.referential.instances if (site / urls.instance(i.slug).removesuffix(".md")).is_dir()]
    uris += [urls.theme(t.id) for t in linked.referential.themes if (site / urls.theme(t.id).removesuffix(".md")).is_dir()]
    assert indexed == {uri.removesuffix(".md") + "/index.html" for uri in uris}
    assert "instances/copil/index.html" in indexed and "thematiques/enfance-parentalite/index.html" in indexed
    assert entry["languages"]["fr"]["page_count"] == len(indexed)
    assert '<p hidden data-pagefind-weight="10">EPE 57</p>' in real_site.html("annuaire/epe-57/index.html")
    assert 'data-releve-recherche="pagefind/pagefind.js"' in real_site.html("index.html")  # in the header, on every page


def test_previous_and_next_meeting_of_the_same_theme(real_site):
    html = real_site.html(GROUP)
    assert "suivante" in text_of(html)
    assert "../2021-10-22-collaboration-cmp-winnicott/" in html[html.index('id="reunions-voisines"') :]


def _nav_links(html: str) -> int:
    """The links of the navigation, but those to the sections of the page (the table of contents a
    page out of the navigation has in the drawer, whose length is the page's)."""
    start = html.index('<nav class="md-nav md-nav--primary')
    nav = html[start : html.index('class="md-sidebar md-sidebar--secondary"', start)]
    return nav.count('class="md-nav__link') - len(re.findall(r'<a href="#[^"]*" class="md-nav__link', nav))


def _decision_anchor(build) -> str:
    return re.search(r'<span id="(decision-[0-9a-f]+)"></span>', build.html("comptes-rendus/2021-02-19-groupe-enfance/index.html")).group(1)


def _many_minutes(root, anchor: str) -> None:
    """The fixture site with 140 more meetings: twenty in March 2021 and 120 weekly ones from 2010,
    « Réunion numéro 0 » (the oldest) to « Réunion numéro 119 »; and a page of docs/ that links to
    the decision of the fixture's meeting (its ``anchor``)."""
    import datetime as dt

    days = [dt.date(2010, 1, 1) + dt.timedelta(days=7 * i) for i in range(120)]
    many = {
        f"minutes/{day.isoformat()}-groupe-{i}.md": MEETING.replace("2021-02-19", day.isoformat()).replace("Réunion du groupe enfance", f"Réunion numéro {i}")
        for i, day in enumerate(days)
    }
    many |= {f"minutes/2021-03-{day:02d}-groupe-{day}.md": MEETING.replace("2021-02-19", f"2021-03-{day:02d}") for day in range(1, 21)}
    many["docs/liens.md"] = f"# Liens\n\nVoir [la décision](comptes-rendus/2021-02-19-groupe-enfance.md#{anchor}).\n"
    write_project(root, {**BASE_FILES, **many})


@pytest.fixture(scope="module")
def many_minutes(tmp_path_factory, base_site):
    """One build for the tests of long lists (the nav, the pages of a list) and of a link to a decision."""
    anchor = _decision_anchor(base_site)
    return shared_build(tmp_path_factory, "cent-quarante-reunions", lambda root: _many_minutes(root, anchor))


def test_nav_does_not_grow_with_the_number_of_minutes(base_site, many_minutes):
    one = base_site
    nav_one = _nav_links(one.html("index.html"))
    assert _nav_links(many_minutes.html("index.html")) == nav_one
    meeting_nav = _nav_links(one.html("comptes-rendus/2021-02-19-groupe-enfance/index.html"))
    assert _nav_links(many_minutes.html("comptes-rendus/2021-03-05-groupe-5/index.html")) == meeting_nav
    assert nav_one < 30


def test_drafts_appear_nowhere(agenda_site):
    """The shared agenda site holds a draft meeting that mentions everything (conftest.AGENDA_FILES);
    tests/test_privacy.py also compares a site with drafts to the same site without them."""
    files = [path for path in agenda_site.site.rglob("*") if path.is_file()]
    assert len(files) > 50
    for path in files:
        assert b"Brouillon-secret-4242" not in path.read_bytes(), path
        assert "2022-03-20-brouillon" not in str(path.relative_to(agenda_site.site)), path


# Escaping in every page: tests/test_privacy.py (its site's titles, bodies and names are HTML).


def test_long_lists_are_split_into_pages(many_minutes):
    first = many_minutes.html("instances/groupe-thematique/index.html")
    second = many_minutes.html("instances/groupe-thematique/page-2/index.html")
    # Newest first: the 21 meetings of 2021 and the 79 latest of 2010-2012 on page 1 (100), the rest on page 2.
    assert "Réunion numéro 119" in first and "Réunion numéro 41<" in first and "Réunion numéro 0<" not in first
    assert "Réunion numéro 40<" in second and "Réunion numéro 0<" in second and "Réunion numéro 119" not in second
    assert 'href="page-2/"' in first
    theme = many_minutes.html("thematiques/enfance-parentalite/page-2/index.html")
    assert "Réunion numéro 0<" in theme


def test_pager_stays_bounded_however_long_the_list():
    """The pager links the first and last pages and two on each side of the current one: listing
    every page made a long list's pages grow with it (the whole list as its square)."""
    from releve.views import paginate

    pages = paginate("decisions/index.md", list(range(1200)), 50)
    numbers = [[entry and entry[0] for entry in paged.pages] for paged in pages]
    assert numbers[0] == [1, 2, 3, None, 24]
    assert numbers[5] == [1, None, 4, 5, 6, 7, 8, None, 24]
    assert numbers[3] == [1, 2, 3, 4, 5, 6, None, 24]  # one page left out is shown, not « … »
    assert numbers[23] == [1, None, 22, 23, 24]
    assert max(len(entries) for entries in numbers) == 9
    assert pages[5].pages[2] == (4, "decisions/page-4.md")
    assert [entry[0] for entry in paginate("x/index.md", list(range(7 * 50)), 50)[3].pages] == [1, 2, 3, 4, 5, 6, 7]


def test_links_to_the_anchors_of_decision_and_commitment_boxes_are_checked_and_accepted(many_minutes, build_site):
    """The boxes' anchors are in HTML fragments, which MkDocs never reads: the page tells MkDocs
    they exist, so a page written by hand may link to a decision (and a wrong anchor still warns).
    The shared build (``--strict``) holds such a page."""
    anchor = _decision_anchor(many_minutes)
    assert f'href="../comptes-rendus/2021-02-19-groupe-enfance/#{anchor}"' in many_minutes.html("liens/index.html")
    wrong = build_site({"docs/liens.md": "# Liens\n\nVoir [rien](comptes-rendus/2021-02-19-groupe-enfance.md#decision-absente).\n"}, "--strict")
    assert wrong.returncode != 0 and "ancre absente" in wrong.output
