"""Pages that put first what a partner came for: no coordinator's syntax or ids, meeting
decisions at body size, commitments grouped, long participant lists and a fiche's unanswered
questions folded, French order."""

from __future__ import annotations

import re

import pytest
from conftest import ACTION, AGENDA_FILES, BASE_FILES, MEETING, run_releve, shared_build, write_project
from releve.model import DEFAULT_QUESTIONS
from test_reading import _Prose

ROOMS = "engagement-9799e556"


def visible_text(html: str) -> str:
    parser = _Prose()
    parser.feed(html)
    return "".join(parser.texts)


def test_no_public_page_shows_a_commitment_id_or_author_syntax(real_site):
    pages = sorted(real_site.site.rglob("*.html"))
    assert len(pages) > 50
    found = {
        str(page.relative_to(real_site.site)): hit
        for page in pages
        if (hit := re.findall(r"engagement-[0-9a-f]{8}|!!!", visible_text(page.read_text(encoding="utf-8"))))
    }
    assert found == {}
    # The ids still exist as anchors: the follow-up links each commitment to its meeting.
    assert re.search(r'href="[^"]*#engagement-[0-9a-f]{8}"', real_site.html("suivi/index.html"))
    assert "Écrire un engagement" not in real_site.html("suivi/index.html")


def test_releve_engagements_gives_the_coordinator_the_ids(agenda_site):
    result = run_releve("engagements", "--site", str(agenda_site.root))
    assert result.returncode == 0, result.output
    assert f"{ROOMS}  Paul Exemple, Centre hospitalier de Jury — Réserver les salles." in result.stdout
    assert "réunion : Comité de pilotage du 1er mars 2022 (minutes/2022-03-01-copil.md) ; échéance : 15 mars 2022 (dépassée)" in result.stdout
    # Open on the site or « sans suite connue » there (its échéance is past): a later meeting may close either.
    assert result.stdout.rstrip().endswith("2 engagements en cours (dont 1 sans suite connue), 0 réalisé.")
    # The draft's commitment is not listed.
    assert "secret" not in result.stdout.casefold()


def test_a_meeting_groups_one_persons_commitments_and_folds_a_long_list_of_participants(pages_site):
    build = pages_site
    html = build.html("comptes-rendus/2021-02-19-groupe-enfance/index.html")
    details = html[html.index("<details") : html.index("</details>")]
    assert "<summary>13 participants de 3 structures</summary>" in details and "Personne 10" in details
    boxes = re.findall(r'<div class="admonition engagement">(.*?)</div>', html, re.S)
    assert len(boxes) == 2
    assert "Engagements</p>" in boxes[0] and boxes[0].count("Responsable") == 1
    assert "<p><strong>Responsable</strong> : Paul Exemple, Centre hospitalier de Jury</p>" in boxes[0]
    assert re.search(r'<li>\s*<p><span id="engagement-[0-9a-f]{8}"></span>Réserver les salles\.</p>', boxes[0])
    # Each commitment says where it stands at the build's « today » (2022-04-01).
    assert "<strong>Sans suite connue</strong> au 1er avril 2022 : échéance du 1er mars 2021 dépassée" in boxes[0]
    assert "Engagement</p>" in boxes[1] and "Diffuser l'affiche." in boxes[1]


def test_a_short_list_of_participants_is_not_folded(agenda_site):
    assert "<details" not in agenda_site.html("comptes-rendus/2022-03-01-copil/index.html")


def h2_headings(html: str) -> list[str]:
    return re.findall(r'<h2 id="[^"]*">([^<]+)<', html)


def fiche(answered: int) -> str:
    """The fixture's fiche with its first ``answered`` questions answered and the others left out."""
    body = "".join(f"## {question}\n\nRéponse {number}.\n\n" for number, (question, _) in enumerate(DEFAULT_QUESTIONS[:answered]))
    return ACTION.split("---\n## ", 1)[0] + "---\n" + body


MORE_STRUCTURES = "".join(
    f"  - id: {id}\n    nom: \"{name}\"\n    type: Association\n    secteur: accompagnement-social\n    description: Test.\n"
    for id, name in (("education", "Éducation nationale"), ("dabord-toit", "« D'abord toit »"), ("aide", "aide aux familles"))
)
MANY_PARTICIPANTS = "".join(f"  - nom: Personne {n}\n    structure: {'ch-jury' if n % 2 else 'epe-57'}\n" for n in range(11))
PAGES_MEETING = (
    MEETING.replace("thematiques: [enfance-parentalite]", "thematiques: [logement]")
    .replace("participants:\n", "participants:\n" + MANY_PARTICIPANTS)
    .replace(
        "    Il est convenu de lancer le réseau.\n",
        "    Il est convenu de lancer le réseau.\n\n"
        '!!! engagement ch-jury "Paul Exemple"\n    Réserver les salles.\n\n'
        '!!! engagement ch-jury "Paul Exemple" 2021-03-01\n    Envoyer les invitations.\n\n'
        '!!! engagement ch-jury "Paul Exemple"\n    Écrire la charte.\n\n'
        "!!! engagement epe-57\n    Diffuser l'affiche.\n",
    )
)
"""The fixture meeting filed under « logement », with 13 participants and four commitments, three of one person."""


@pytest.fixture(scope="module")
def pages_site(tmp_path_factory):
    """One build for the tests of this module that each change the fixture site: the agenda's
    files, the meeting above, fiches with 2, 9 and 10 questions answered, and structures whose
    names put French order to the test (and a secteur no structure is in)."""
    from conftest import PARTNERS, REFERENTIAL

    files = {
        **AGENDA_FILES,
        "minutes/2021-02-19-groupe-enfance.md": PAGES_MEETING,
        "actions/reseau.md": fiche(2),
        "actions/presque.md": fiche(9),
        "actions/complete.md": fiche(10),
        "partners.yaml": PARTNERS + MORE_STRUCTURES,
        "referentiel.yaml": REFERENTIAL + "  - id: urgence\n    nom: Urgence médicale\n",
    }
    return shared_build(tmp_path_factory, "pages", lambda root: write_project(root, {**BASE_FILES, **files}))


def test_a_fiche_folds_its_unanswered_questions_into_one_block_with_their_count(pages_site):
    build = pages_site
    html = build.html("projets/reseau/index.html")
    questions = [question for question, _ in DEFAULT_QUESTIONS]
    assert h2_headings(html) == [*questions[:2], "Étapes et réunions", "Décisions", "Carte partenariale"]
    assert html.count("<details") == 1
    fold = html[html.index("<details") : html.index("</details>")]
    assert "<summary>8 questions à compléter</summary>" in fold
    # Each unanswered question with its hint, in the order of the fiche; none is a heading.
    items = re.findall(r"<li>(.*?)</li>", fold)
    assert [item.split(" — ")[0] for item in items] == questions[2:]
    assert items[questions.index("Où ?") - 2] == "Où ? — <em>territoire concerné</em>"
    one = build.html("projets/presque/index.html")
    assert "<summary>1 question à compléter</summary>" in one
    assert h2_headings(one) == [*questions[:9], "Étapes et réunions", "Carte partenariale"]  # no decision on that fiche: no heading
    complete = build.html("projets/complete/index.html")
    assert "<details" not in complete and "à compléter" not in complete
    assert h2_headings(complete) == [*questions, "Étapes et réunions", "Carte partenariale"]


def _phone_reading(page_type_visits, url: str) -> dict:
    """What READING_SURVEY found on ``url`` at 360 px during the shared visit of every page type."""
    assert url in page_type_visits["reading"], f"{url} n'est plus une page visitée (browser.page_types)"
    return page_type_visits["reading"][url]


def test_decisions_and_commitments_are_body_size(page_type_visits):
    found = _phone_reading(page_type_visits, "/comptes-rendus/2022-03-01-sensibilisation-qpv/")
    assert found["boxes"] and min(found["boxes"]) >= found["prose"] >= 15, found


def test_agenda_puts_dates_first_then_meetings_to_schedule_then_the_past_then_calendars(agenda_site):
    html = agenda_site.html("agenda/index.html")
    headings = re.findall(r'<h2 id="[^"]*">([^<]+)<', html)
    assert headings == ["À venir", "À programmer", "Passé", "S'abonner"]
    upcoming = html[html.index(">À venir<") : html.index(">À programmer<")]
    assert "Mardi 10 mai 2022" in upcoming and "Date à fixer" not in upcoming
    past = visible_text(html[html.index(">Passé<") : html.index(">S'abonner<")])
    assert "à venir" not in past and "jalon" not in past and "· étape" in past
    # The whole agenda; the other calendars folded on « S'abonner ».
    assert ">Tout l'agenda<" in html[html.index(">S'abonner<") :] and "instance-copil.ics" not in html
    calendars = agenda_site.html("s-abonner/index.html")
    general, folded = calendars.index(">Tout l'agenda<"), calendars.index("<details")
    assert general < folded < calendars.index("instance-copil.ics") < calendars.index("</details>")


def test_a_decision_is_filed_under_the_themes_of_its_fiches_not_of_its_meeting(pages_site):
    build = pages_site  # its meeting is filed under « logement », its decision about an « enfance » fiche
    logement = build.html("decisions/thematique-logement/index.html")
    assert "groupe logement" in logement and "lancer le réseau" not in logement
    assert "lancer le réseau" in build.html("decisions/thematique-enfance-parentalite/index.html")


def test_the_first_decision_is_on_the_first_phone_screen(page_type_visits):
    top = _phone_reading(page_type_visits, "/decisions/")["firstDecisionTop"]
    assert top is not None and top < 740 - 100, top


def test_french_order_ignores_accents_case_punctuation_and_quotes():
    from releve.text import sort_key

    names = ["Éducation nationale", "EPE 57", "« D'abord toit »", "aide aux familles", "Centre"]
    assert sorted(names, key=sort_key) == ["aide aux familles", "Centre", "« D'abord toit »", "Éducation nationale", "EPE 57"]


def test_the_annuaire_is_in_french_order_without_empty_sections(pages_site):
    build = pages_site
    for page in ("annuaire/index.html", "annuaire/secteur/accompagnement-social/index.html"):
        text = visible_text(build.html(page))
        order = [text.index(name) for name in ("aide aux familles", "« D'abord toit »", "Éducation nationale", "EPE 57")]
        assert order == sorted(order), page
    index = build.html("annuaire/index.html")
    assert "Urgence médicale" not in index and "Aucune structure" not in index
    assert not (build.site / "annuaire/secteur/urgence").exists()


def test_the_follow_up_marks_a_commitment_without_news_for_over_a_year(pages_site):
    build = pages_site  # « Écrire la charte. », of 2021-02-19, has no échéance
    page = build.html("suivi/index.html")
    stale = page[page.index(">Sans suite connue<") :]
    old = stale[stale.index("Écrire la charte.") :].split("</li>", 1)[0]
    assert "· sans nouvelles depuis plus d'un an</p>" in old
    # Grouped apart, under no person's name.
    assert "<h4" not in stale and "Paul Exemple" not in old


def test_home_says_what_the_clsm_is_then_what_a_partner_comes_for(real_site):
    html = real_site.html("index.html")
    assert h2_headings(html)[:3] == ["À venir", "Derniers comptes rendus", "Projets actifs"]
    # The presentation's first sentence only: its history is on « À propos ».
    assert "lancé fin 2016" in html and "Sa convention de constitution" not in html
    assert 'href="a-propos/"' in html


def test_the_instance_and_theme_lists_say_what_each_page_holds():
    from releve.model import Instance, Theme
    from releve.views.meetings import instance_lines, theme_lines

    copil, logement = Instance("copil", "COPIL", "copil"), Theme("logement", "Logement")
    shown = [(copil, ("m",) * 3, ["h"] * 2), (copil, (), ["h"]), (copil, ("m",), [])]
    assert [summary for _, summary in instance_lines(shown)] == [
        "3 comptes rendus, 2 autres dates de l'historique",
        "1 date de l'historique",
        "1 compte rendu",
    ]
    shown = [(logement, ("m",) * 2, ("a",)), (logement, (), ("a",) * 2), (logement, ("m",), ())]
    assert [summary for _, summary in theme_lines(shown)] == ["2 réunions, 1 fiche action", "2 fiches actions", "1 réunion"]
