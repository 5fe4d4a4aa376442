"""The register of decisions (newest first, permalinks, static filters) and the follow-up of commitments."""

from __future__ import annotations

import re

from conftest import AGENDA_FILES, MEETING

COPIL = "minutes/2022-03-01-copil.md"
ROOMS = "engagement-9799e556"
"""Anchor of « Réserver les salles. » (derived from its text)."""


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_register_lists_every_decision_newest_first_with_permalinks(agenda_site):
    html = agenda_site.html("decisions/index.html")
    text = text_of(html)
    newest, oldest = text.index("Il est convenu de créer un groupe logement."), text.index("Il est convenu de lancer le réseau.")
    assert newest < oldest
    assert "1er mars 2022 — Comité de pilotage" in text and "19 février 2021 — Réunion du groupe enfance" in text
    anchors = re.findall(r'href="\.\./comptes-rendus/([^"]+)"[^>]*>lien permanent', html)
    assert anchors[0].startswith("2022-03-01-copil/#decision-") and anchors[1].startswith("2021-02-19-groupe-enfance/#decision-")
    for anchor in anchors:
        page, fragment = anchor.split("/#")
        assert f'id="{fragment}"' in agenda_site.html(f"comptes-rendus/{page}/index.html")
    assert "Thématique : Logement et santé mentale" in text and "Fiche action : Réseau psypérinatalité" in text
    assert "secret" not in html.casefold()


def test_register_is_filtered_by_theme_and_action_without_scripts(agenda_site):
    html = agenda_site.html("decisions/index.html")
    assert 'href="thematique-logement/"' in html and 'href="../projets/reseau/#mentionnee-dans"' in html
    logement = text_of(agenda_site.html("decisions/thematique-logement/index.html"))
    assert "groupe logement" in logement and "lancer le réseau" not in logement
    # The action filter is the fiche's own page, which quotes each of its decisions.
    reseau = agenda_site.html("projets/reseau/index.html")
    mentions = text_of(reseau[reseau.index('id="mentionnee-dans"') :])
    assert "lancer le réseau" in mentions and "groupe logement" not in mentions
    article = html[html.index("<article") : html.index("</article>")]
    assert "<script" not in article


def test_meeting_and_action_pages_link_to_the_register(agenda_site):
    assert 'href="../../decisions/"' in agenda_site.html("comptes-rendus/2022-03-01-copil/index.html")
    assert 'href="../../decisions/"' in agenda_site.html("projets/reseau/index.html")
    assert 'href="../../suivi/"' in agenda_site.html("comptes-rendus/2022-03-01-copil/index.html")
    index = agenda_site.html("comptes-rendus/index.html")
    assert 'href="../decisions/"' in index and 'href="../suivi/"' in index and 'href="../agenda/"' in index


def test_follow_up_lists_open_commitments_by_structure_and_owner(agenda_site):
    html = agenda_site.html("suivi/index.html")
    text = text_of(html[html.index("<article") : html.index("</article>")])
    assert "au 1er avril 2022 : 2 en cours" in text
    jury, epe = text.index("Centre hospitalier de Jury"), text.index("EPE 57")
    assert jury < text.index("Paul Exemple") < text.index("Réserver les salles.", jury) < epe
    assert text.index("Sans personne désignée") > epe and "Diffuser l'invitation." in text
    assert "il y a 31 jours · échéance : 15 mars 2022 ( dépassée )" in text
    # The identifier is the coordinator's (« releve engagements »): in the link, not in the text.
    assert ROOMS not in text_of(html)
    assert f'href="../comptes-rendus/2022-03-01-copil/#{ROOMS}"' in html
    # The draft's « !!! fait » does not close it, and the draft's own commitment is not listed.
    assert "secret" not in html.casefold()


def test_a_later_closure_removes_a_commitment(build_site):
    closing = MEETING.replace("2021-02-19", "2022-03-25").replace(
        "Il est convenu de lancer le réseau.", f"Il est convenu de lancer le réseau.\n\n!!! fait {ROOMS}\n    Les salles sont réservées."
    )
    build = build_site({**AGENDA_FILES, "minutes/2022-03-25-groupe-enfance.md": closing}, "--strict")
    assert build.returncode == 0, build.output
    html = build.html("suivi/index.html")
    text = text_of(html)
    assert ROOMS not in html and "Diffuser l'invitation." in text
    assert "1 en cours, 1 réalisé" in text


def test_unknown_commitment_or_owner_is_an_error_with_suggestion(build_site):
    closing = MEETING.replace("Il est convenu de lancer le réseau.", "Il est convenu de lancer le réseau.\n\n!!! fait engagement-9799e565\n    Fait.")
    build = build_site({**AGENDA_FILES, "minutes/2021-02-19-groupe-enfance.md": closing})
    assert build.returncode != 0
    assert f"minutes/2021-02-19-groupe-enfance.md:31: engagement inconnu : « engagement-9799e565 » (vouliez-vous dire « {ROOMS} » ?)" in build.output
    wrong_owner = AGENDA_FILES[COPIL].replace("!!! engagement epe-57", "!!! engagement epe-75")
    build = build_site({**AGENDA_FILES, COPIL: wrong_owner})
    assert build.returncode != 0
    assert "minutes/2022-03-01-copil.md:23: structure inconnue : « epe-75 » (vouliez-vous dire « epe-57 » ?)" in build.output
