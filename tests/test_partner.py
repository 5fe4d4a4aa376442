"""What a partner comes for (issue 25): live things look live and old things old, at the build's
« today »; « En bref » at the top of minutes; their approval when recorded; commitments followed to
the end; search results that say what they are; feeds and calendars for people; only the sources'
facts; structure pages without empty sections; the frise apart. And the shape that makes it hold
(issue 22, item 4): the domain computed once, views and outputs apart.

One fixture site built once for the module (``partner``), the realistic site (``real_site``), and
the engine called in process where no page needs MkDocs.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import pytest
from conftest import AGENDA_FILES, BASE_FILES, ENGINE_ENV, MEETING, REFERENTIAL, REPO, build_in_process, content_problems, write_project

from releve import pipeline
from releve.views import directory, timeline

ROOMS = "engagement-9799e556"
"""« Réserver les salles. » of the COPIL of 2022-03-01 (its anchor comes from its text)."""
ENGINE = REPO / "hooks" / "releve"

CLOSING = MEETING.replace("2021-02-19", "2022-03-25").replace(
    "titre: Réunion du groupe enfance", "titre: Groupe enfance de mars"
).replace(
    "  - nom: Paul Exemple\n", "  - nom: Frédérique Guigues\n    fonction: coordinatrice\n    structure: ch-jury\n  - nom: Paul Exemple\n"
).replace(
    "prochaine_reunion:\n  date: 2022-05-10\n  horaire: 10h-12h\n  visio: true\n",
    # Seed 000's slip: the next meeting dated the meeting's own day.
    "prochaine_reunion:\n  date: 2022-03-25\n  note: avec l'équipe de la MDA\napprobation:\n  etat: projet\n",
).replace(
    "    Il est convenu de lancer le réseau.\n",
    "    Il est convenu de lancer le réseau.\n\n"
    + "".join(f"!!! decision reseau\n    Décision numéro {n}.\n\n" for n in range(2, 5))
    + f"!!! fait {ROOMS}\n    Les salles sont réservées.\n\n"
    # Written in a hurry, without the accent of the participants list.
    '!!! engagement ch-jury "Frederique Guigues"\n    Envoyer le compte rendu.\n',
)
OLD_COMMITMENT = MEETING.replace(
    "    Il est convenu de lancer le réseau.\n",
    '    Il est convenu de lancer le réseau.\n\n!!! engagement cmp-winnicott "Anne Exemple"\n    Écrire la charte.\n',
)
APPROVED_COPIL = AGENDA_FILES["minutes/2022-03-01-copil.md"].replace(
    "        prochaine_reunion:\n",
    "        approbation:\n          etat: approuvé\n          date: 2022-03-25\n          reunion: 2022-03-25-groupe-enfance\n        prochaine_reunion:\n",
)
UNKNOWN_FACTS = """\
---
titre: Fiche sans axe ni statut
jalons:
  - date: 2020-06
    titre: Premier échange
    fait: true
---
## Quoi ?

Une fiche dont aucune source ne donne l'axe, le statut ni le début.
"""
HALF_DONE = """\
---
titre: Fiche à moitié
statut: en réflexion
debut: 2020
jalons:
  - date: 2020-06
    titre: Premier échange
    fait: true
  - date: 2023
    titre: Deuxième échange
---
## Quoi ?

Une fiche en réflexion.
"""
PARTNERS_MORE = """\
  - id: isolee
    nom: Structure isolée
"""
REFERENTIAL_MORE = REFERENTIAL.replace(
    "  sigle: CLSM test\n",
    "  sigle: CLSM test\n  contact: clsm@exemple.fr\n  schema_accessibilite: https://exemple.fr/schema-pluriannuel\n",
)
FILES = {
    **BASE_FILES,
    **AGENDA_FILES,
    "referentiel.yaml": REFERENTIAL_MORE,
    "partners.yaml": BASE_FILES["partners.yaml"] + PARTNERS_MORE,
    "minutes/2021-02-19-groupe-enfance.md": OLD_COMMITMENT,
    "minutes/2022-03-01-copil.md": APPROVED_COPIL,
    "minutes/2022-03-25-groupe-enfance.md": CLOSING,
    "actions/inconnue.md": UNKNOWN_FACTS,
    "actions/moitie.md": HALF_DONE,
}


@pytest.fixture(scope="module")
def partner(tmp_path_factory):
    root = tmp_path_factory.mktemp("partenaire")
    write_project(root, FILES)
    build = build_in_process(root, "--strict")
    assert build.returncode == 0, build.output
    return build


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " ").replace("\u202f", " ")


def article(html: str) -> str:
    return html[html.index("<article") : html.index("</article>")]


def linked_at(root: Path, today: str, files: dict | None = None):
    """The linked site of ``FILES`` plus ``files`` (None removes one), at ``today``, in process."""
    write_project(root, {**FILES, **(files or {})})
    return pipeline.load(root, dt.date.fromisoformat(today))


# 1. Live things look live, old things old, at the build's « today ».


def test_the_follow_up_puts_stale_commitments_apart_and_lists_the_closed_ones(partner):
    html = article(partner.html("suivi/index.html"))
    text = text_of(html)
    assert "Au 1er avril 2022 : 2 engagements en cours, 1 sans suite connue, 1 réalisé." in text
    current = text[text.index("En cours ¶") : text.index("Sans suite connue ¶")]
    stale = text[text.index("Sans suite connue ¶") : text.index("Réalisés ¶")]
    # Recent and without échéance: open, under the person (spelt as in the participants list).
    assert "Frédérique Guigues" in current and "Envoyer le compte rendu." in current and "Frederique" not in html
    # More than 12 months old, or past its échéance: « sans suite connue », under no person's name.
    assert "Écrire la charte." in stale and "sans nouvelles depuis plus d'un an" in stale
    assert "Anne Exemple" not in stale and "<h4" not in html[html.index('id="sans-suite-connue"') :]
    assert "Réserver les salles." not in current + stale  # closed on 2022-03-25


def test_the_staleness_threshold_is_a_setting(tmp_path):
    referential = REFERENTIAL_MORE + "engagements:\n  sans_suite_apres_mois: 1\n"
    states = {f.commitment.text: f.state for f in linked_at(tmp_path, "2022-04-02", {"referentiel.yaml": referential}).commitments}
    assert states["Diffuser l'invitation."] == "sans suite connue"  # made on 2022-03-01, a month and a day ago
    default = {f.commitment.text: f.state for f in linked_at(tmp_path, "2022-04-02").commitments}
    assert default["Diffuser l'invitation."] == "en cours" and default["Réserver les salles."] == "réalisé"


def test_an_undated_announcement_is_not_to_schedule_once_its_time_has_passed(tmp_path):
    now = linked_at(tmp_path, "2022-04-01").agenda
    assert {i.uid for i in now.pending} == {"prochaine-reunion-2022-03-25-groupe-enfance", "prochaine-reunion-2022-03-01-copil"}
    later = pipeline.render_site(linked_at(tmp_path, "2023-06-01"))
    assert later.linked.agenda.pending == ()
    agenda = next(page.markdown for page in later.pages if page.src_uri == "agenda/index.md")
    assert "## À programmer" not in agenda and "Réunions annoncées sans date" in agenda
    # Announced more than a year ago and never dated: not « à fixer » any more.
    stale = agenda[agenda.index("Réunions annoncées sans date") :]
    assert "- **Sans suite connue** — " in stale and "Date à fixer" not in stale


def test_a_step_whose_time_is_over_is_not_shown_as_still_to_do(tmp_path):
    late = {"actions/moitie.md": HALF_DONE.replace("  - date: 2023\n", "  - date: 2022-05\n")}
    kinds = {}
    for today in ("2022-04-01", "2022-05-20", "2022-06-01"):
        linked = linked_at(tmp_path, today, late)
        kinds[today] = {e.title: e.kind for e in timeline.milestone_entries(linked.actions["moitie"], linked.today)}
        step = next(i for i in linked.agenda.items if i.title == "Fiche à moitié : Deuxième échange")
        kinds[today]["agenda"] = step.description
    assert [k["Premier échange"] for k in kinds.values()] == ["Étape réalisée"] * 3
    assert [k["Deuxième échange"] for k in kinds.values()] == ["Étape à venir", "Étape à réaliser", "Étape sans suite connue"]
    assert kinds["2022-05-20"]["agenda"].endswith("(prévue).") and kinds["2022-06-01"]["agenda"].endswith("(prévue, sans suite connue).")


def test_a_single_meeting_is_named_in_the_singular_on_the_agenda_and_the_register(real_site):
    """The instance « Groupes projets » names the series; one of its meetings is a « Groupe projet »."""
    agenda = text_of(article(real_site.html("agenda/index.html")))
    assert "réunion · Groupe projet " in agenda and "Groupes projets" not in agenda
    decisions = text_of(article(real_site.html("decisions/index.html")))
    assert "(Groupe projet)" in decisions and "Groupes projets" not in decisions


def test_home_gives_the_date_of_each_active_fiche_s_last_trace(real_site):
    text = text_of(real_site.html("index.html"))
    assert "Projets actifs" in text
    assert "Sensibilisation en santé mentale dans les QPV messins — en projet · dernière trace : 1er mars 2022" in text


# 2. « En bref »


def test_en_bref_links_into_the_page_and_folds_a_long_list(partner):
    html = partner.html("comptes-rendus/2022-03-25-groupe-enfance/index.html")
    brief = html[html.index('<div class="admonition releve-en-bref"') :].split("</div>", 1)[0]
    assert "data-pagefind-ignore" in brief  # the page's own words, once
    text = text_of(brief)
    assert "4 décisions" in text and "1 engagement" in text and "Prochaine réunion" in text and "1 fiche action concernée" in text
    for anchor in re.findall(r'href="#([^"]+)"', brief):
        assert f'id="{anchor}"' in html, anchor
    assert {"prochaine-reunion", "fiches-actions-concernees"} <= set(re.findall(r'href="#([^"]+)"', brief))
    assert "<details><summary>et 1 autre</summary>" in brief  # three decisions named, the fourth folded
    # A single fiche is named, not hidden behind « la liste ».
    assert '<a href="#fiches-actions-concernees">Réseau psypérinatalité</a>' in brief and "la liste" not in brief


# 3. Approval


def test_the_approval_is_said_only_when_recorded(partner):
    copil = text_of(partner.html("comptes-rendus/2022-03-01-copil/index.html"))
    assert "Approbation : approuvé le 25 mars 2022 en Groupes thématiques du 25 mars 2022" in copil
    assert 'href="../2022-03-25-groupe-enfance/"' in partner.html("comptes-rendus/2022-03-01-copil/index.html")
    assert "Approbation : projet de compte rendu, pas encore approuvé" in text_of(partner.html("comptes-rendus/2022-03-25-groupe-enfance/index.html"))
    silent = text_of(article(partner.html("comptes-rendus/2021-02-19-groupe-enfance/index.html")))
    assert "Approbation" not in silent and "approuvé" not in silent and "projet de compte rendu" not in silent
    index = partner.html("comptes-rendus/index.html")
    assert re.search(r"Comité de pilotage</a> — 1er mars 2022 · Comité de pilotage \(COPIL\) · <em>approuvé</em>", index)
    assert re.search(r"Groupe enfance de mars</a> — 25 mars 2022 · Groupes thématiques · <em>projet</em>", index)


def test_an_approval_before_its_meeting_is_an_error(tmp_path):
    wrong = APPROVED_COPIL.replace("date: 2022-03-25", "date: 2022-02-25").replace("reunion: 2022-03-25-groupe-enfance", "reunion: 2021-02-19-groupe-enfance")
    problems = content_problems(tmp_path, {**FILES, "minutes/2022-03-01-copil.md": wrong})
    assert "minutes/2022-03-01-copil.md:14: « approbation.date » (2022-02-25) est avant la réunion elle-même (2022-03-01)" in problems
    assert any("« approbation.reunion » : la réunion « 2021-02-19-groupe-enfance » n'a pas lieu après celle-ci" in p for p in problems)


# 4. Commitments followed to the end: tests/test_decisions.py (test_a_later_closure_removes_a_commitment).


def test_a_name_written_without_accents_is_the_participant_s(partner):
    html = partner.html("comptes-rendus/2022-03-25-groupe-enfance/index.html")
    assert "<strong>Responsable</strong> : Frédérique Guigues, Centre hospitalier de Jury" in html
    assert "Frederique" not in html


# 5. Search that says what it found (the searches themselves: tests/test_partner_browser.py)


def test_each_indexed_page_says_its_kind_and_date(partner):
    meta = '<div class="admonition releve-carte" data-pagefind-meta="type:{}"><span data-pagefind-meta="date:{}"></span>'
    assert meta.format("Compte rendu", "19 février 2021") in partner.html("comptes-rendus/2021-02-19-groupe-enfance/index.html")
    assert meta.format("Relevé de conclusions", "1er mars 2022") in partner.html("comptes-rendus/2022-03-01-copil/index.html")
    assert meta.format("Fiche action", "25 mars 2022") in partner.html("projets/reseau/index.html")
    assert 'data-pagefind-meta="type:Structure"' in partner.html("annuaire/ch-jury/index.html")
    instance = partner.html("instances/copil/index.html")
    assert "<div data-pagefind-body>" in instance and '<div data-pagefind-meta="type:Instance"><span data-pagefind-meta="date:1er mars 2022"></span>' in instance
    assert '<p hidden data-pagefind-weight="10">COPIL</p>' in instance  # « copil » finds it first
    theme = partner.html("thematiques/enfance-parentalite/index.html")
    assert "<div data-pagefind-body>" in theme and '<div data-pagefind-meta="type:Thématique"><span data-pagefind-meta="date:25 mars 2022"></span>' in theme


def test_boilerplate_is_not_indexed(partner):
    page = partner.html("annuaire/ch-jury/index.html")
    assert re.search(r'<h2 data-pagefind-ignore="" id="suivre-cette-structure">|<h2 id="suivre-cette-structure" data-pagefind-ignore="">', page)
    assert '<div data-pagefind-ignore="">' in page[page.index('id="suivre-cette-structure"') :]
    assert '<li data-pagefind-ignore=""><strong>Coordonnées</strong> : non renseignées</li>' in partner.html("annuaire/isolee/index.html")


def test_the_sanitizer_keeps_only_the_search_attributes_the_engine_writes():
    from releve.sanitize import page_html

    kept = '<div data-pagefind-meta="type:Compte rendu"><span data-pagefind-meta="date:22 octobre 2021"></span>x</div>'
    assert page_html(kept) == kept
    for hostile in ('<div data-pagefind-meta="title:Faux titre">x</div>', '<div data-pagefind-meta="type:a, image[src]">x</div>'):
        assert "data-pagefind-meta" not in page_html(hostile)
    assert page_html('<p data-pagefind-filter="x">y</p>') == "<p>y</p>"


# 6. Feeds and calendars for people


def _texts_of_calendar(path: Path) -> list[str]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return [str(event[name]) for event in calendar.walk("VEVENT") for name in ("SUMMARY", "DESCRIPTION", "LOCATION") if name in event]


def _texts_of_feed(path: Path) -> list[str]:
    atom = "{http://www.w3.org/2005/Atom}"
    root = ET.fromstring(path.read_bytes())
    return [element.text or "" for element in root.iter() if element.tag in (f"{atom}title", f"{atom}subtitle", f"{atom}summary")]


def test_calendars_and_feeds_have_french_typography_and_singular_labels(real_site, partner):
    texts = _texts_of_calendar(real_site.site / "agenda.ics") + _texts_of_feed(real_site.site / "flux.xml")
    texts += _texts_of_calendar(partner.site / "agenda.ics") + _texts_of_feed(partner.site / "flux.xml")
    texts += _texts_of_feed(partner.site / "annuaire" / "ch-jury" / "flux.xml")
    assert len(texts) > 30
    assert [t for t in texts if re.search(r" [:;!?»]|« ", t)] == []
    assert any("\u00a0:" in t for t in texts)
    # One meeting of the instance « Groupes projets »: « Groupe projet ».
    calendar = "\n".join(_texts_of_calendar(real_site.site / "agenda.ics"))
    assert "Réunion · Groupe projet\n" in calendar and "Groupes projets" not in calendar
    feed = "\n".join(_texts_of_feed(real_site.site / "flux.xml"))
    assert "(Groupe projet)" in feed and "Groupes projets" not in feed
    # A structure's name takes no article of its own: « Les réunions de Centre hospitalier de Jury » lacked one.
    subtitle = _texts_of_feed(partner.site / "annuaire" / "ch-jury" / "flux.xml")[1].replace("\u00a0", " ").replace("\u202f", " ")
    assert subtitle == "Les réunions de la structure « Centre hospitalier de Jury » et les décisions sur ses fiches actions"


def test_feed_links_lead_to_a_french_page_never_to_raw_xml(real_site):
    for page in real_site.site.rglob("*.html"):
        assert not re.search(r'<a [^>]*href="[^"]*flux\.xml"', page.read_text(encoding="utf-8")), page
    subscribe = real_site.html("s-abonner/index.html")
    text = text_of(article(subscribe))
    assert "S'abonner" in text and "Dans votre agenda" in text and "Dans un lecteur de flux" in text
    assert "s'affiche comme du code" in text and "<code>flux.xml</code>" in subscribe
    assert 'href="../../s-abonner/"' in real_site.html("annuaire/ch-jury/index.html")
    assert 'href="../s-abonner/"' in real_site.html("agenda/index.html")
    # The letters' feed too: their pages lead to its section of « S'abonner ».
    assert 'id="lettres"' in subscribe and "<code>lettres/flux.xml</code>" in subscribe and 'href="../lettres/"' in subscribe
    assert 'href="../s-abonner/#lettres"' in real_site.html("lettres/index.html")
    assert 'href="../../s-abonner/#lettres"' in real_site.html("lettres/2022-03/index.html")


# 7. Only the sources' facts


def test_fields_no_source_gives_read_non_renseigne(partner):
    page = text_of(partner.html("projets/inconnue/index.html"))
    assert "Statut : non renseigné" in page and "Axe : non renseigné" in page
    assert "Période : début non renseigné (première trace : juin 2020)" in page
    assert "Type : non renseigné" in text_of(partner.html("annuaire/isolee/index.html"))
    projects = text_of(partner.html("projets/index.html"))
    assert "Statut non renseigné — 1" in projects and "Axe non renseigné" in projects
    # Without a statut, a fiche in a list still says when it last moved.
    assert "Fiche sans axe ni statut — dernière trace : juin 2020" in projects


def test_a_statut_holds_au_a_day_and_a_trace_was_left_le_that_day(real_site):
    """« en projet au 22 octobre 2021 », but a fiche without statut said « dernière trace au 22 octobre 2021 »."""
    page = text_of(real_site.html("avancement/sans-axe/index.html"))
    assert "statut non renseigné, dernière trace le 22 octobre 2021, première trace en 2021" in page
    assert "en projet au 22 octobre 2021" in page and "trace au " not in page


def test_open_data_progress_never_claims_a_running_or_unknown_fiche_is_done(partner):
    records = {r["id"]: r for r in json.loads((partner.site / "donnees" / "actions.json").read_bytes())}
    assert records["inconnue"]["progression"] is None and records["inconnue"]["axe"] is None and records["inconnue"]["statut"] is None
    assert records["reseau"]["progression"] is None  # « en cours », its one jalon done: not 100 %
    assert records["moitie"]["progression"] == 50


def test_a_next_meeting_dated_on_its_own_day_is_not_published(partner):
    assert "la prochaine réunion (2022-03-25) est datée le jour même de cette réunion (2022-03-25)" in partner.output
    calendar = icalendar.Calendar.from_ical((partner.site / "agenda.ics").read_bytes())
    starts = {event.decoded("DTSTART") for event in calendar.walk("VEVENT") if "prochaine-reunion-2022-03-25" in str(event["UID"])}
    assert starts == set()
    page = text_of(partner.html("comptes-rendus/2022-03-25-groupe-enfance/index.html"))
    assert "Date : à fixer" in page and "25 mars 2022 avec" not in page


def test_the_realistic_site_publishes_only_what_its_seeds_say(real_site):
    pages = {path: path.read_text(encoding="utf-8") for path in real_site.site.rglob("*.html")}
    assert [path for path, html in pages.items() if "Moselle" in html] == []
    assert "Metz Métropole" not in real_site.html("annuaire/eurometropole-de-metz/index.html")
    u3pe = text_of(real_site.html("projets/u3pe/index.html"))
    assert "depuis 2021" not in u3pe and "Axe : non renseigné" in u3pe and "Statut : non renseigné" in u3pe
    assert "Type : non renseigné" in text_of(real_site.html("annuaire/ch-jury/index.html"))
    # Seed 000 dates the next meeting on the meeting's own day: no date is published for it.
    winnicott = real_site.html("comptes-rendus/2021-10-22-collaboration-cmp-winnicott/index.html")
    following = text_of(winnicott[winnicott.index('id="prochaine-reunion"') :].split("</ul>", 1)[0])
    assert "Date : à fixer" in following and "Avec l'équipe de la MDA" in following and "2021" not in following


# 8. Structure pages, the CLSM's contact, the declaration of accessibility


def test_the_annuaire_says_in_a_few_words_what_each_structure_is(partner, tmp_path):
    """A name or a sigle (« AMLI ») tells a newcomer nothing: under it, the first sentence of what the
    sources say of the structure, cut to two phone lines; nothing under one they say nothing of."""
    items = dict(re.findall(r'<li[^>]*><a href="([^"/]+)/">(.*?)</li>', article(partner.html("annuaire/index.html")), re.S))
    assert '<span class="releve-annuaire__quoi">Hôpital de test.</span>' in items["ch-jury"]
    assert "releve-annuaire__quoi" not in items["isolee"]
    told = "    description: Signataire de la convention de nov. 2018 pour l'accès à vingt logements. Puis bien d'autres choses.\n"
    linked = linked_at(tmp_path, "2022-04-01", {"partners.yaml": FILES["partners.yaml"].replace("    description: Hôpital de test.\n", told)})
    assert directory.blurb(linked.structures["ch-jury"]) == "Signataire de la convention de nov. 2018 pour l'accès à vingt logements."


def test_the_map_s_instructions_for_the_coordinator_are_folded(partner):
    """Partners read the carte; how to complete it is for the coordinator, one tap away."""
    html = article(partner.html("carte/index.html"))
    assert re.search(r'<details class="note">\s*<summary>Pour la coordination : compléter la carte</summary>', html)


def test_a_structure_with_nothing_to_show_has_no_empty_section(partner):
    page = partner.html("annuaire/isolee/index.html")
    assert re.findall(r'<h2 id="([^"]+)"', page) == []
    assert "Aucune" not in text_of(article(page)) and "Suivre cette structure" not in page


def test_the_clsm_s_contact_is_on_every_page_about_and_the_declaration(partner, base_site):
    for page in ("index.html", "projets/reseau/index.html", "a-propos/index.html"):
        assert 'Contact : <a href="mailto:clsm@exemple.fr">clsm@exemple.fr</a>' in partner.html(page), page
    assert '<h2 id="contacter-le-clsm">Contacter le CLSM</h2>' in partner.html("a-propos/index.html")
    declaration = partner.html("accessibilite/index.html")
    assert "(RGAA), version 4.1.2" in declaration
    assert '<a href="mailto:clsm@exemple.fr">' in declaration
    assert '<a href="https://exemple.fr/schema-pluriannuel">' in declaration
    # Without them, nothing is claimed.
    assert "Contact :" not in base_site.html("index.html") and "Contacter le CLSM" not in base_site.html("a-propos/index.html")
    assert "schéma pluriannuel" not in base_site.html("accessibilite/index.html")


# 9. Avancement


def test_the_frise_has_its_own_page(partner):
    overview = partner.html("avancement/index.html")
    assert "releve-frise" not in overview and 'href="frise/"' in overview
    frise = partner.html("avancement/frise/index.html")
    assert '<ol class="releve-frise">' in frise and 'data-releve-filtres="ol.releve-frise"' in frise


def test_an_empty_statut_or_axe_list_says_no_fiche_has_it_not_that_none_is_published(real_site):
    # Twelve fiches, none « en cours » and none on axe 1 (the home page links to the axe).
    assert len(list((real_site.site / "projets").glob("*/index.html"))) > 12
    assert 'href="projets/axe-1/"' in real_site.html("index.html")
    for path, says in (
        ("projets/statut-en-cours/index.html", "Aucune fiche action n'a ce statut pour l'instant."),
        ("projets/axe-1/index.html", "Aucune fiche action n'est rattachée à cet axe pour l'instant."),
    ):
        html = real_site.html(path)
        assert f"<p>{says}</p>" in html and "publiée" not in html, path


def test_card_labels_agree_with_how_many_they_name(real_site):
    # As the pilotes, the PDF and the register already did: one partner, one thématique.
    one = real_site.html("projets/path-podcasts/index.html")
    assert "<strong>Partenaire</strong> : <a" in one and "<strong>Thématique" not in one
    several = real_site.html("projets/sensibilisation-qpv/index.html")
    assert "<strong>Partenaires</strong> : <a" in several
    assert "<strong>Thématique</strong> : <a" in real_site.html("projets/reseau-psyperinatalite/index.html")
    assert "<strong>Thématique</strong> : <a" in real_site.html("comptes-rendus/2021-02-19-gt-enfance-parentalite/index.html")


def test_the_next_meeting_s_note_starts_as_an_item_of_its_own(real_site):
    # Written « note: inscription sur le site… » under « Date » and « Lieu ».
    page = real_site.html("comptes-rendus/2021-02-19-gt-enfance-parentalite/index.html")
    assert "<li>Inscription sur le site Internet du CLSM, rubrique agenda</li>" in page


def test_a_fiche_lists_its_meetings_once(real_site):
    html = real_site.html("projets/reseau-psyperinatalite/index.html")
    page = html[html.index('id="jalons"') : html.index("</article>")]  # what the engine lists, after the fiche's own text
    for meeting in ("2021-02-19-gt-enfance-parentalite", "2021-10-22-collaboration-cmp-winnicott"):
        assert len(re.findall(rf'href="[^"#]*comptes-rendus/{meeting}/"', page)) == 1, meeting


def test_running_statuts_come_from_the_clsm_s_vocabulary(tmp_path):
    own = REFERENTIAL_MORE + "statuts: [à l'étude, lancée, terminée]\nstatuts_actifs: [à l'étude, lancée]\n"
    action = BASE_FILES["actions/reseau.md"].replace("statut: en cours", "statut: lancée")
    linked = linked_at(tmp_path, "2022-04-01", {"referentiel.yaml": own, "actions/reseau.md": action, "actions/moitie.md": None})
    assert [a.id for a in linked.active] == ["reseau"]
    pages = {page.src_uri: page.markdown for page in pipeline.render_site(linked).pages}
    assert "Aucune fiche n'est" not in pages["avancement/index.md"] and "Les fiches à l'étude ou lancée." in pages["avancement/index.md"]
    assert "[Réseau psypérinatalité](projets/reseau.md) — *lancée*" in pages["index.md"]
    # Statuts of its own without « statuts_actifs »: all of them count, none is said to be over.
    mine = REFERENTIAL_MORE + "statuts: [à l'étude, lancée, terminée]\n"
    assert [a.id for a in linked_at(tmp_path, "2022-04-01", {"referentiel.yaml": mine, "actions/reseau.md": action, "actions/moitie.md": None}).active] == ["reseau"]


def test_an_unknown_running_statut_is_an_error(tmp_path):
    own = REFERENTIAL_MORE + "statuts: [à l'étude, lancée, terminée]\nstatuts_actifs: [lancee]\n"
    problems = content_problems(tmp_path, {"referentiel.yaml": own, "actions/reseau.md": BASE_FILES["actions/reseau.md"].replace("en cours", "lancée")})
    assert any("statut inconnu : « lancee »" in p and "(vouliez-vous dire « lancée » ?)" in p for p in problems), problems


# Issue 22, item 4: the domain once, views and outputs apart.


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) of each ``from … import`` of an engine file, its module resolved from the package."""
    package = path.relative_to(ENGINE.parent).with_suffix("").parts[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            found.append((".".join(base + ([node.module] if node.module else [])), [alias.name for alias in node.names]))
    return found


def test_views_and_outputs_do_not_import_each_other_and_no_private_name_crosses_a_module():
    crossings, private = [], []
    for path in sorted(ENGINE.rglob("*.py")):
        folder = path.relative_to(ENGINE).parts[0]
        for module, names in _imports(path):
            for name in names:
                target = f"{module}.{name}"
                if folder == "views" and (module.startswith("releve.outputs") or target.startswith("releve.outputs")):
                    crossings.append(f"{path.name}: {target}")
                if folder == "outputs" and (module.startswith("releve.views") or target.startswith("releve.views")):
                    crossings.append(f"{path.name}: {target}")
                if module.startswith("releve") and name.startswith("_") and not name.startswith("__"):
                    private.append(f"{path.relative_to(ENGINE)}: {module}.{name}")
    assert crossings == [] and private == []


def test_french_sorting_and_folding_live_in_the_text_module():
    import releve.problems
    import releve.text

    assert not hasattr(releve.problems, "sort_key") and releve.problems.fold.__module__ == "releve.text"
    assert releve.text.sort_key("« D'abord toit »") < releve.text.sort_key("Éducation nationale")


def test_validation_does_not_run_the_open_data_model(tmp_path):
    """The check of a whole project never imports pydantic: the national model runs once, when
    ``structures.json`` is written; its length limits are ours too, so the verification still warns."""
    write_project(tmp_path, FILES)
    code = (
        "import datetime, sys; from releve import validate; "
        f"validate.validate(__import__('pathlib').Path({str(tmp_path)!r}), datetime.date(2022, 4, 1)); "
        "print('pydantic' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**ENGINE_ENV, "PATH": ""}, timeout=120)
    assert done.stdout.strip() == "False", done.stderr


def test_the_open_data_length_limits_are_the_national_model_s():
    from data_inclusion.schema.v1.structures import Structure

    from releve.opendata import LENGTHS

    for field, (fewest, most) in LENGTHS.items():
        limits = {type(m).__name__: m for m in Structure.model_fields[field].metadata}
        assert (limits["MinLen"].min_length, limits["MaxLen"].max_length) == (fewest, most), field


def test_french_spacing_is_the_same_when_applied_twice():
    """Calendars and feeds are spaced by their output, pages by the finish pass: text spaced twice
    (a title already spaced in the sources) must not gain a second narrow space inside « »."""
    from releve.typography import french_text

    once = french_text("le projet « Cités éducatives » : oui ; non !")
    assert once == "le projet «\u202fCités éducatives\u202f»\u00a0: oui\u202f; non\u202f!"
    assert french_text(once) == once
