"""The annuaire as a resource directory: practical fields, freshness, open data, follow a structure, JSON-LD."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import icalendar
import pytest
from conftest import BASE_FILES, PARTNERS, TODAY, write_project

from releve import pipeline
from releve.validate import validate
import datetime as dt

FULL = PARTNERS + """\
  - id: maison-ressources
    nom: « Maison des ressources »
    type: Association
    secteur: accompagnement-social
    description: Accueil et orientation.
    adresse:
      rue: 1 rue de l'Exemple
      complement: Bâtiment B
      code_postal: "57000"
      commune: Metz
    telephone: 03 87 00 00 00
    courriel: accueil@exemple.fr
    site: https://exemple.fr
    horaires: Mo-Fr 09:00-12:00,14:00-17:00
    acces: sur rendez-vous
    publics: [Adultes, Familles]
    territoire: Metz Métropole
    accessibilite: https://acceslibre.beta.gouv.fr/app/erp/exemple/
    siret: "73282932000074"
    finess: "570000000"
    verifie_le: 2022-01-15
    source: appel à l'accueil
  - id: ancienne
    nom: Ancienne structure
    type: Association
    secteur: accompagnement-social
    description: Vérifiée il y a longtemps.
    verifie_le: 2020-01-15
"""

MEETING_AT = BASE_FILES["minutes/2021-02-19-groupe-enfance.md"].replace(
    "  - nom: Paul Exemple\n", "  - groupe: Équipe d'accueil\n    structure: maison-ressources\n  - nom: Paul Exemple\n"
)


@pytest.fixture(scope="module")
def annuaire(tmp_path_factory):
    from conftest import build_in_process

    root = tmp_path_factory.mktemp("annuaire")
    write_project(root, {**BASE_FILES, "partners.yaml": FULL, "minutes/2021-02-19-groupe-enfance.md": MEETING_AT})
    build = build_in_process(root, "--strict")
    assert build.returncode == 0, build.output
    return build


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_structure_page_shows_every_field_in_french(annuaire):
    html = annuaire.html("annuaire/maison-ressources/index.html")
    text = text_of(html)
    assert "Contact et accès" in text
    assert "1 rue de l'Exemple, Bâtiment B, 57000 Metz" in text
    assert '<a href="tel:+33387000000">03 87 00 00 00</a>' in html
    assert '<a href="mailto:accueil@exemple.fr">accueil@exemple.fr</a>' in html
    assert "Du lundi au vendredi, de 9 h à 12 h et de 14 h à 17 h" in text
    assert "sur rendez-vous" in text and "Adultes, Familles" in text and "Metz Métropole" in text
    assert 'href="https://acceslibre.beta.gouv.fr/app/erp/exemple/"' in html
    assert "Informations vérifiées le 15 janvier 2022 (appel à l'accueil)." in text
    assert "à vérifier" not in text


def test_stale_entry_says_so_and_is_a_warning(annuaire):
    text = text_of(annuaire.html("annuaire/ancienne/index.html"))
    assert "Informations à vérifier : dernière vérification il y a plus d'un an" in text
    site = validate(annuaire.root, dt.date.fromisoformat(TODAY))
    warnings = [str(w) for w in site.warnings]
    assert any(w.startswith("partners.yaml:") and "« ancienne » : informations vérifiées le 2020-01-15, il y a plus d'un an" in w for w in warnings)
    assert all(w.severity == "warning" for w in site.warnings)
    # A structure without verifie_le is left out of the open data, and the verification says so.
    unverified = [w for w in warnings if "pas encore de date de vérification" in w]
    # Once, at the structures' lines, in plain words (the key to write last).
    assert len(unverified) == 1 and re.match(r"partners\.yaml:2: avertissement : 3 structures n'ont pas encore de date de vérification \(lignes 2, \d+, \d+\) : elles restent dans l'annuaire du site, mais pas dans le fichier des données ouvertes", unverified[0])


def test_structures_json_validates_against_data_inclusion_and_csv_parses(annuaire):
    from data_inclusion.schema.v1.structures import Structure

    records = json.loads((annuaire.site / "donnees/structures.json").read_bytes())
    assert [r["id"] for r in records] == ["clsm-test--maison-ressources", "clsm-test--ancienne"]
    for record in records:
        Structure.model_validate(record)
    assert records[0]["telephone"] == "+33387000000" and records[0]["date_maj"] == "2022-01-15"
    assert records[0]["horaires_accueil"] == "Mo-Fr 09:00-12:00,14:00-17:00"
    rows = list(csv.DictReader(io.StringIO((annuaire.site / "donnees/structures.csv").read_bytes().decode("utf-8-sig"))))
    assert [row["nom"] for row in rows] == ["« Maison des ressources »", "Ancienne structure"]
    assert rows[0]["code_postal"] == "57000"
    actions = json.loads((annuaire.site / "donnees/actions.json").read_bytes())
    assert actions == [
        {"id": "reseau", "titre": "Réseau psypérinatalité", "axe": 2, "statut": "en cours", "pilotes": ["cmp-winnicott"],
         "partenaires": ["epe-57"], "debut": "2019", "fin": None, "progression": None}
    ]  # its one jalon is done, but the fiche is still « en cours »: no 100 %
    action_rows = list(csv.DictReader(io.StringIO((annuaire.site / "donnees/actions.csv").read_bytes().decode("utf-8-sig"))))
    assert action_rows[0]["pilotes"] == "cmp-winnicott" and action_rows[0]["progression"] == ""
    index = annuaire.html("annuaire/index.html")
    assert 'href="../donnees/structures.json"' in index and "Licence Ouverte 2.0" in index
    # Which structures the files hold, in the reader's words rather than partners.yaml's key.
    assert "que les structures dont les informations ont été vérifiées à une date connue." in index
    assert "verifie_le" not in index and "aucune pour l'instant" not in index
    assert 'href="../donnees/actions.csv"' in annuaire.html("projets/index.html")


def test_open_data_files_offered_empty_say_so(real_site):
    # No structure of the realistic annuaire has a verification date yet: its files are « [] ».
    assert json.loads((real_site.site / "donnees/structures.json").read_bytes()) == []
    for page in ("annuaire/index.html", "projets/index.html"):
        assert "vérifiées à une date connue : aucune pour l'instant, ses fichiers sont vides." in real_site.html(page), page


def test_open_data_files_the_national_schema_leaves_empty_say_so(build_site):
    # A verified entry whose description the data·inclusion model finds too short: nothing is exported.
    refused = PARTNERS + "  - id: breve\n    nom: Structure brève\n    secteur: accompagnement-social\n    description: Oui.\n    verifie_le: 2022-01-15\n"
    build = build_site({"partners.yaml": refused})
    assert build.returncode == 0, build.output
    assert "« breve » n'est pas publiée dans les données ouvertes (structures.json)" in build.output
    assert json.loads((build.site / "donnees/structures.json").read_bytes()) == []
    for page in ("annuaire/index.html", "projets/index.html"):
        html = build.html(page)
        assert "à une date connue : aucune de celles qui le sont n'est pour l'instant conforme au format national, ses fichiers sont vides." in html
        assert "aucune pour l'instant" not in html, page
    # The catalogue dates the data it publishes: none here, whatever the date of the entry left out.
    catalogue = json.loads((build.site / "donnees/catalogue.jsonld").read_bytes())
    assert "dct:modified" not in catalogue["dcat:dataset"][0]


def test_each_structure_calendar_and_feed_list_its_meetings(annuaire):
    general = icalendar.Calendar.from_ical((annuaire.site / "agenda.ics").read_bytes())
    general_uids = {str(e["uid"]) for e in general.walk("VEVENT")}
    calendar = icalendar.Calendar.from_ical((annuaire.site / "annuaire/maison-ressources/agenda.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Réunion du groupe enfance"]
    assert {str(e["uid"]) for e in events} <= general_uids
    feed = ET.fromstring((annuaire.site / "annuaire/cmp-winnicott/flux.xml").read_bytes())
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [e.findtext(f"{atom}title") for e in feed.iter(f"{atom}entry")]
    assert sorted(titles) == ["Décision\u00a0: Réseau psypérinatalité", "Réunion du groupe enfance"]
    page = annuaire.html("annuaire/maison-ressources/index.html")
    # The feed's address to copy into a feed reader, never a link that opens raw XML.
    assert 'href="agenda.ics"' in page and "<code>flux.xml</code>" in page and 'href="flux.xml"' not in page
    assert 'href="../../s-abonner/"' in page
    # Nothing to follow: no empty calendar, no link.
    assert not (annuaire.site / "annuaire/ancienne/agenda.ics").exists()
    assert "Suivre cette structure" not in annuaire.html("annuaire/ancienne/index.html")


def test_json_ld_in_the_head_of_structure_and_meeting_pages(annuaire):
    def json_ld(html: str) -> dict:
        head = html[: html.index("</head>")]
        return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.S).group(1))

    organization = json_ld(annuaire.html("annuaire/maison-ressources/index.html"))
    assert organization["@type"] == "Organization" and organization["name"] == "« Maison des ressources »"
    assert organization["address"]["postalCode"] == "57000" and organization["telephone"] == "+33387000000"  # E.164, as schema.org advises
    event = json_ld(annuaire.html("comptes-rendus/2021-02-19-groupe-enfance/index.html"))
    assert event["@type"] == "Event" and event["startDate"] == "2021-02-19T10:00"


def test_script_json_cannot_close_its_element():
    from releve.views.structured_data import script_json

    text = script_json({"name": "</script><script>alert(1)</script> & co"})
    assert "</script" not in text and "<" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script> & co"


def test_annuaire_lists_in_french_order(annuaire):
    index = annuaire.html("annuaire/index.html")
    social = index[index.index('id="accompagnement-social"') :]
    names = re.findall(r'<li data-[^>]*><a href="[^"]+">([^<]+)</a>', social)
    assert names == ["Ancienne structure", "EPE 57", "« Maison des ressources »"]
    assert 'data-releve-filtres="ul.releve-annuaire"' in index
    guide = text_of(annuaire.html("annuaire/guide/index.html"))
    assert guide.index("Ancienne structure") < guide.index("EPE 57") < guide.index("Maison des ressources")


def test_french_order_ignores_accents_case_punctuation_and_quotes():
    from releve.text import sort_key as french_order

    names = ["Lien", "« L'Élan »", "lavoir", "Été", "ecole"]
    assert sorted(names, key=french_order) == ["ecole", "Été", "lavoir", "« L'Élan »", "Lien"]


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("siret", '"73282932000075"', "« structures[4].siret » : le numéro SIRET « 73282932000075 » n'est pas valide (le chiffre de contrôle ne correspond pas) ; recopiez-le depuis annuaire-entreprises.data.gouv.fr"),
        ("siret", '"1234"', "« structures[4].siret » doit être un numéro SIRET de 14 chiffres, trouvé « 1234 » (4 chiffres)"),
        ("telephone", "03 87 00 00", "« structures[4].telephone » doit être un numéro de téléphone, par exemple « 03 87 00 00 00 », « +352 26 12 34 56 » ou « 3114 », trouvé « 03 87 00 00 »"),
        ("horaires", "Mo-Fr 9h-12h", "« structures[4].horaires » : « Mo-Fr 9h-12h » n'est pas au format OpenStreetMap des horaires (erreur au caractère 7) ; par exemple « Mo-Fr 09:00-12:00,14:00-17:00 » (Mo Tu We Th Fr Sa Su, heures sur 24 h)"),
        ("courriel", "accueil.exemple.fr", "« structures[4].courriel » doit être une adresse électronique, par exemple « accueil@exemple.fr », trouvé « accueil.exemple.fr »"),
        ("verifie_le", "2023-01-01", "« verifie_le » (2023-01-01) est dans le futur : nous sommes le 2022-04-01"),
        ("contact", "Jeanne Martin", "clé inconnue « contact » dans « structures[4] »"),
    ],
)
def test_bad_values_are_refused_at_their_line(tmp_path, monkeypatch, key, value, message):
    partners = PARTNERS + f"  - id: nouvelle\n    nom: Nouvelle\n    type: Association\n    secteur: soins-prevention\n    description: Test.\n    {key}: {value}\n"
    write_project(tmp_path, {**BASE_FILES, "partners.yaml": partners})
    monkeypatch.setenv("RELEVE_AUJOURDHUI", TODAY)
    problems = pipeline.validate_project(tmp_path)
    assert [(p.path, p.line, p.message) for p in problems] == [("partners.yaml", 25, message)]


def test_bad_postcode_is_refused_at_its_line(tmp_path, monkeypatch):
    partners = PARTNERS + '  - id: nouvelle\n    nom: Nouvelle\n    type: Association\n    secteur: soins-prevention\n    description: Test.\n    adresse:\n      code_postal: "5700"\n'
    write_project(tmp_path, {**BASE_FILES, "partners.yaml": partners})
    monkeypatch.setenv("RELEVE_AUJOURDHUI", TODAY)
    problems = pipeline.validate_project(tmp_path)
    assert [(p.line, p.message) for p in problems] == [(26, "« structures[4].adresse.code_postal » doit être un code postal de 5 chiffres, trouvé « 5700 » (4 chiffres)")]


def test_guide_is_split_into_printable_pages_of_100_structures(tmp_path):
    """The guide of a large network: pages of 100 structures, the sector's heading repeated on the
    page where it continues, every structure on exactly one page, and the index says how many pages."""
    from conftest import build_in_process

    many = "".join(
        f"  - id: lieu-{n:03}\n    nom: Lieu {n:03}\n    type: Association\n    secteur: accompagnement-social\n" for n in range(150)
    )
    write_project(tmp_path, {**BASE_FILES, "partners.yaml": PARTNERS + many})
    build = build_in_process(tmp_path, "--strict")
    assert build.returncode == 0, build.output
    first, second = (text_of(build.html(page)) for page in ("annuaire/guide/index.html", "annuaire/guide/page-2/index.html"))
    on_first, on_second = (set(re.findall(r"Lieu \d{3}", text)) for text in (first, second))
    assert on_first | on_second == {f"Lieu {n:03}" for n in range(150)} and not on_first & on_second
    assert "en 2 pages de 100 structures au plus" in first and "Guide des ressources (page 2)" in second
    assert "Accompagnement social" in second  # the heading of the sector continued on page 2
    assert "réunit tout l'annuaire sur 2 pages à imprimer" in text_of(build.html("annuaire/index.html"))
