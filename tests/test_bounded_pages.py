"""No page grows with the content (issue 28): a fiche action discussed at 106 meetings and a
structure represented at all of them keep pages of a fixed size, and their paged lists of meetings
hold every one; the archive of the lettres d'information is paged the same way.

One shared build of the fixture site plus 105 small minutes (one every 20 days for almost six
years, so some seventy monthly letters), all about the fiche « reseau » with a member of CH Jury, one in three
with a decision on the fiche and each announcing its next meeting without a date; 55 fiches
of one thématique; and a draft that must appear nowhere.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import BASE_FILES, broken_links, shared_build, write_project

from releve.site_config import DEFAULT_NAV
from releve.views.agenda import UNSCHEDULED_ON_AGENDA, UNSCHEDULED_PER_PAGE
from releve.views.actions import DECISIONS_ON_ACTION_PAGE, MEETINGS_ON_ACTION_PAGE
from releve.views.directory import MEETINGS_ON_STRUCTURE_PAGE
from releve.views.letters import LETTERS_PER_PAGE
from releve.views.meetings import ACTIONS_ON_THEME_PAGE, MEETINGS_PER_PAGE

COUNT = 105
FIRST = dt.date(2016, 1, 4)
EVERY = dt.timedelta(days=20)
DECISION_EVERY = 3
FICHES = 55
"""Fiches of the thématique « logement », more than its page names."""


def minutes() -> dict[str, str]:
    files = {}
    for number in range(COUNT):
        day = FIRST + number * EVERY
        decision = f"\n!!! decision reseau\n    Décision-{number:03} sur le réseau.\n" if number % DECISION_EVERY == 0 else ""
        files[f"minutes/{day}-copil-{number:03}.md"] = (
            f"---\ntitre: Réunion-{number:03}\ntype: relevé de conclusions\ndate: {day}\ninstance: copil\n"
            "participants:\n  - nom: Paul Exemple\n    fonction: coordonnateur\n    structure: ch-jury\n"
            f"actions: [reseau]\nprochaine_reunion:\n  note: Suite-{number:03} à programmer.\n---\n## Point\n\nLe groupe avance.\n{decision}"
        )
    for number in range(FICHES):
        files[f"actions/fiche-{number:02}.md"] = f"---\ntitre: Fiche-{number:02}\nthematiques: [logement]\n---\n## Quoi ?\n\nUne fiche.\n"
    files["minutes/2020-06-15-brouillon.md"] = (
        "---\ntitre: Brouillon-secret-5151\ntype: compte rendu\ndate: 2020-06-15\ninstance: copil\n"
        "participants:\n  - nom: Paul Exemple\n    structure: ch-jury\nactions: [reseau]\nbrouillon: true\n---\n"
        "!!! decision reseau\n    Décision-secrète-5151.\n"
    )
    return files


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return shared_build(tmp_path_factory, "bornes", lambda root: write_project(root, {**BASE_FILES, **minutes()}))


MEETING_LINK = re.compile(r'href="[./]*comptes-rendus/([0-9-]+-(?:copil-[0-9]{3}|groupe-enfance))/"')
DECISION_LINK = re.compile(r'href="[./]*comptes-rendus/([0-9-]+-(?:copil-[0-9]{3}|groupe-enfance))/#(decision-[^"]+)"')
TAB = re.compile(r'<li class="md-tabs__item')


def article(build, path: str) -> str:
    return re.search(r"<article\b.*?</article>", build.html(path), re.S).group(0)


def list_pages(build, folder: str) -> list[str]:
    """The pages of a paged list whose first page is ``folder``/index.html, in order."""
    pages = [f"{folder}/index.html"]
    while (build.site / f"{folder}/page-{len(pages) + 1}/index.html").is_file():
        pages.append(f"{folder}/page-{len(pages) + 1}/index.html")
    return pages


def published_meetings(decided: bool = False) -> list[str]:
    """Every published meeting about the fiche (``decided``: those with a decision on it), newest
    first: the fixture's own one, and ours (the id starts with the date)."""
    ours = [f"{FIRST + n * EVERY}-copil-{n:03}" for n in range(COUNT) if not decided or n % DECISION_EVERY == 0]
    return sorted(["2021-02-19-groupe-enfance", *ours], reverse=True)


def test_the_fiche_page_shows_its_latest_meetings_and_decisions_only(site):
    page = article(site, "projets/reseau/index.html")
    shown = MEETING_LINK.findall(page.split('id="decisions"')[0])
    # Its frise: the latest meetings, oldest first, after its jalon.
    assert shown == list(reversed(published_meetings()[:MEETINGS_ON_ACTION_PAGE]))
    # Its latest decisions, oldest first, as before.
    decisions = [meeting for meeting, _ in DECISION_LINK.findall(page)]
    assert decisions == list(reversed(published_meetings(decided=True)[:DECISIONS_ON_ACTION_PAGE]))
    assert f"et les {MEETINGS_ON_ACTION_PAGE} plus récentes des {COUNT + 1} réunions qui en ont parlé" in page
    assert f"Les {DECISIONS_ON_ACTION_PAGE} plus récentes des {len(published_meetings(decided=True))} décisions sur la fiche" in page
    assert page.count('href="reunions/">toutes les réunions et leurs décisions</a>') == 2


def test_the_paged_list_of_the_fiche_holds_every_meeting_and_decision_once(site):
    pages = list_pages(site, "projets/reseau/reunions")
    assert len(pages) == -(-(COUNT + 1) // MEETINGS_PER_PAGE) == 2
    listed, decisions = [], []
    for number, path in enumerate(pages, start=1):
        page = article(site, path)
        found = MEETING_LINK.findall(page)
        assert 0 < len(found) <= MEETINGS_PER_PAGE, path
        listed += found
        decisions += DECISION_LINK.findall(page)
        title = "Réunions – Réseau psypérinatalité" + ("" if number == 1 else f" (page {number})")
        assert re.search(f"<h1 [^>]*>{re.escape(title)}<", page), path
        assert f"{COUNT + 1} réunions où la fiche action" in page
        assert "Pages : " in page and f"<strong>{number}</strong>" in page  # the pager, this page in bold
    assert listed == published_meetings()
    # Each decision under its meeting, the fixture's own one too.
    assert [meeting for meeting, _ in decisions] == published_meetings(decided=True)
    assert len(set(decisions)) == len(decisions)
    assert "Décision-102 sur le réseau." in article(site, pages[0]) and "Décision-000 sur le réseau." in article(site, pages[-1])
    # Under its year's heading, each meeting with the link back to the fiche.
    first = article(site, pages[0])
    assert re.search(r'<h2 id="2021">2021', first) and 'href="../">Réseau psypérinatalité</a>' in first


def test_the_structure_page_links_every_meeting_where_it_was_represented(site):
    page = article(site, "annuaire/ch-jury/index.html")
    assert len(MEETING_LINK.findall(page)) == MEETINGS_ON_STRUCTURE_PAGE
    assert f"Les {MEETINGS_ON_STRUCTURE_PAGE} plus récentes des {COUNT + 1} réunions" in page
    assert 'href="reunions/">toutes les réunions où la structure était représentée</a>' in page
    listed = [m for path in list_pages(site, "annuaire/ch-jury/reunions") for m in MEETING_LINK.findall(article(site, path))]
    assert listed == published_meetings()
    # A structure present at fewer meetings keeps its page as it was, with no list of its own.
    assert not (site.site / "annuaire/cmp-winnicott/reunions").exists()


def test_the_letters_archive_is_paged_and_lists_every_letter(site):
    letters = sorted(p.parent.name for p in (site.site / "lettres").glob("[0-9][0-9][0-9][0-9]-[0-9][0-9]/index.html"))
    assert len(letters) > LETTERS_PER_PAGE
    pages = list_pages(site, "lettres")
    listed = [name for path in pages for name in re.findall(r'href="[./]*(\d{4}-\d{2})/"', article(site, path))]
    assert len(pages) == 2 and listed == list(reversed(letters))


def test_the_agenda_names_the_latest_meetings_announced_without_a_date_and_pages_all_of_them(site):
    page = article(site, "agenda/index.html")
    # Every announcement but the latest meeting's (still « à programmer ») is left without a date.
    stale = [f"Suite-{n:03}" for n in range(COUNT - 1)]
    assert re.findall(r"Suite-[0-9]{3}", page.split("Réunions annoncées sans date")[1]) == stale[-UNSCHEDULED_ON_AGENDA:]
    assert f"Les {UNSCHEDULED_ON_AGENDA} plus récentes des {COUNT - 1} : voir" in page
    pages = list_pages(site, "agenda/sans-date")
    listed = [found for path in pages for found in re.findall(r"Suite-[0-9]{3}", article(site, path))]
    assert len(pages) == -(-(COUNT - 1) // UNSCHEDULED_PER_PAGE) and listed == list(reversed(stale))


def test_the_thematique_page_names_its_first_fiches_and_links_to_all(site):
    page = article(site, "thematiques/logement/index.html")
    named = re.findall(r"Fiche-[0-9]{2}", page)
    assert named == [f"Fiche-{n:02}" for n in range(ACTIONS_ON_THEME_PAGE)]
    assert f'href="fiches/">Les {FICHES} fiches actions de la thématique</a>' in page
    listed = re.findall(r"Fiche-[0-9]{2}", article(site, "thematiques/logement/fiches/index.html"))
    assert listed == [f"Fiche-{n:02}" for n in range(FICHES)]
    # A thématique with few fiches names them all, with no list of its own.
    assert not (site.site / "thematiques/enfance-parentalite/fiches").exists()


def test_no_page_grows_the_nav_nor_leaks_a_draft_and_every_link_resolves(site):
    entries = len(DEFAULT_NAV)
    for path in ("projets/reseau/index.html", "projets/reseau/reunions/page-2/index.html", "annuaire/ch-jury/reunions/index.html", "lettres/page-2/index.html", "agenda/sans-date/index.html", "thematiques/logement/fiches/index.html"):
        assert len(TAB.findall(site.html(path))) == entries, path
        assert "Brouillon-secret-5151" not in site.html(path) and "5151" not in article(site, path)
    checked, broken = broken_links(site.site)
    assert checked > 3_000 and not broken, broken[:10]
