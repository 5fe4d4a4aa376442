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
    assert 'href="thematique-logement/"' in html and 'href="../projets/reseau/#decisions"' in html
    logement = text_of(agenda_site.html("decisions/thematique-logement/index.html"))
    assert "groupe logement" in logement and "lancer le réseau" not in logement
    # The action filter is the fiche's own page, which quotes each of its decisions.
    reseau = agenda_site.html("projets/reseau/index.html")
    mentions = text_of(reseau[reseau.index('id="decisions"') :])
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
    assert "Au 1er avril 2022 : 1 engagement en cours, 1 sans suite connue, 0 réalisé." in text
    current, stale = text.split(" Sans suite connue ¶ ", 1)
    epe = current.index("EPE 57")
    assert epe < current.index("Sans personne désignée") < current.index("Diffuser l'invitation.")
    # Past its échéance: apart, under no person's name, with its structure and its échéance.
    assert "Réserver les salles." in stale and "Réserver les salles." not in current and "Paul Exemple" not in stale
    assert "pour Centre hospitalier de Jury (CH Jury) · échéance dépassée (15 mars 2022)" in stale
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
    assert "Au 1er avril 2022 : 1 engagement en cours, 0 sans suite connue, 1 réalisé." in text
    # Listed, folded, with where it was closed.
    closed = html[html.index('<details class="releve-realises"') : html.index("</details>")]
    assert "<summary>1 engagement réalisé</summary>" in closed and "Réserver les salles." in closed
    assert 'Réalisé le 25 mars 2022 (<a href="../comptes-rendus/2022-03-25-groupe-enfance/#realise-' + ROOMS + '">réunion du 25 mars 2022</a>)' in closed
    assert "Réserver les salles." not in html[: html.index('<details class="releve-realises"')]
    # The original says it is done, with a link to the box that closes it, which says what it closes.
    original = build.html("comptes-rendus/2022-03-01-copil/index.html")
    assert '<strong>Réalisé le 25 mars 2022</strong> (<a href="../2022-03-25-groupe-enfance/#realise-' + ROOMS + '">réunion du 25 mars 2022</a>)' in original
    box = build.html("comptes-rendus/2022-03-25-groupe-enfance/index.html")
    box = box[box.index(f'id="realise-{ROOMS}"') :].split("</div>", 1)[0]
    assert f'Clôt l\'engagement pris le <a href="../2022-03-01-copil/#{ROOMS}">1er mars 2022</a> (Comité de pilotage) : « Réserver les salles. »' in box


def test_unknown_commitment_or_owner_is_an_error_with_suggestion(build_site):
    closing = MEETING.replace("Il est convenu de lancer le réseau.", "Il est convenu de lancer le réseau.\n\n!!! fait engagement-9799e565\n    Fait.")
    build = build_site({**AGENDA_FILES, "minutes/2021-02-19-groupe-enfance.md": closing})
    assert build.returncode != 0
    assert f"minutes/2021-02-19-groupe-enfance.md:31: engagement inconnu : « engagement-9799e565 » (vouliez-vous dire « {ROOMS} » ?)" in build.output
    # Another hash is no typo: every id starts « engagement- », which made any id look near.
    build = build_site({**AGENDA_FILES, "minutes/2021-02-19-groupe-enfance.md": closing.replace("9799e565", "deadbeef")})
    assert build.returncode != 0
    unknown = next(line for line in build.output.splitlines() if "« engagement-deadbeef »" in line)
    assert "vouliez-vous dire" not in unknown and f"engagements ouverts de cette réunion ou de ses structures : {ROOMS}" in unknown
    wrong_owner = AGENDA_FILES[COPIL].replace("!!! engagement epe-57", "!!! engagement epe-75")
    build = build_site({**AGENDA_FILES, COPIL: wrong_owner})
    assert build.returncode != 0
    assert "minutes/2022-03-01-copil.md:23: structure inconnue : « epe-75 » (vouliez-vous dire « epe-57 » ?)" in build.output
