"""Hostile input, round 2 (issue 23, items 6 to 9 and 11): what a text can still do.

Formulas in the open-data CSV, a « reference » that is not one and made the sanitizer delete the
rest of a page, the web editor's sign-in address, invisible characters that make a title read
otherwise, and the French messages of the remaining cases. Checked in process, without a build
(tests/test_hostile_docs.py builds the note before a decision and looks at it in Chromium).
"""

from __future__ import annotations

import csv
import io

from conftest import ACTION, BASE_FILES, MEETING, PARTNERS, REFERENTIAL, TODAY, content_problems, write_project

from releve import cms, pipeline
from releve.body import neutralise_html
from releve.outputs.opendata import spreadsheet_safe
from releve.outputs.admin import content_security_policy

MEETING_PATH = "minutes/2021-02-19-groupe-enfance.md"


# --- 6. Formulas in the open data ----------------------------------------------------------------

FORMULAS = ['=HYPERLINK("https://autre.example/";"Cliquez")', "@SUM(1+1)*cmd|' /C calc'!A0", "+1+1", "-1+1"]


def test_a_cell_a_spreadsheet_would_run_is_written_as_text(tmp_path):
    actions = {
        f"actions/formule-{index}.md": ACTION.replace("titre: Réseau psypérinatalité", f"titre: '{title}'" if '"' in title else f'titre: "{title}"')
        for index, title in enumerate(FORMULAS)
    }
    write_project(tmp_path, {**BASE_FILES, **actions})
    output = pipeline.build(tmp_path, pipeline.today_from(TODAY))
    written = next(file.content for file in output.files if file.path == "donnees/actions.csv")
    rows = list(csv.DictReader(io.StringIO(written.decode("utf-8-sig"))))
    titles = {row["id"]: row["titre"] for row in rows}
    assert [titles[f"formule-{index}"] for index in range(len(FORMULAS))] == ["'" + title for title in FORMULAS]
    assert titles["reseau"] == "Réseau psypérinatalité"
    assert {row["axe"] for row in rows} == {"2"}  # numbers are left as they are


def test_every_start_owasp_names_is_neutralised():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert spreadsheet_safe(f"{start}x") == f"'{start}x"
    assert spreadsheet_safe("Texte - avec = signes") == "Texte - avec = signes"
    assert spreadsheet_safe(42) == 42


# --- 7. Raw HTML shown as text everywhere, no text lost ------------------------------------------


def test_only_a_real_reference_definition_keeps_its_angle_brackets():
    assert neutralise_html("Note [a]: <template>") == "Note [a]: &lt;template>"
    assert neutralise_html("[a]: <template>") == "[a]: <template>"
    assert neutralise_html("[a]: </projets/x.md> 'Titre'") == "[a]: </projets/x.md> 'Titre'"
    assert neutralise_html("[a]: <template> et la suite") == "[a]: &lt;template> et la suite"
    assert neutralise_html("voir ](<template> la suite") == "voir ](&lt;template> la suite"
    assert neutralise_html("[x](</projets/x.md>) et <https://exemple.fr>") == "[x](</projets/x.md>) et <https://exemple.fr>"


# --- 8. The web editor's sign-in address ---------------------------------------------------------

GITLAB = "depot:\n  forge: gitlab\n  projet: clsm/site\n  adresse: {}\n"
HTTPS_HOST = "une adresse commençant par https:// suivie d'un nom d'hôte, par exemple https://gitlab.exemple.fr"


def test_the_sign_in_address_is_https_with_a_host_name_only(tmp_path):
    line = REFERENTIAL.count("\n") + 4
    for address in ("http://gitlab.exemple.fr", "'https://gitlab.exemple.fr; script-src *'", "javascript:alert(1)", "https://1.2.3.4",
                    "https://moi@gitlab.exemple.fr", "'https://gitlab.exemple.fr/?x=\"'", "https://"):
        problems = content_problems(tmp_path, {"referentiel.yaml": REFERENTIAL + GITLAB.format(address)})
        shown = address.strip("'")
        assert f"referentiel.yaml:{line}: « depot.adresse » doit être {HTTPS_HOST}, trouvé « {shown} »" in problems, address
    write_project(tmp_path, {**BASE_FILES, "referentiel.yaml": REFERENTIAL + GITLAB.format("https://gitlab.exemple.fr:8443/git")})
    linked = pipeline.load(tmp_path, pipeline.today_from(TODAY))
    assert "connect-src 'self' data: blob: https://gitlab.exemple.fr:8443/git;" in content_security_policy(linked)


def test_the_form_never_offers_the_repository(tmp_path):
    write_project(tmp_path, {**BASE_FILES, "referentiel.yaml": REFERENTIAL + GITLAB.format("https://gitlab.exemple.fr")})
    config = cms.form(pipeline.load(tmp_path, pipeline.today_from(TODAY)).site.referential).config
    referential = next(c for c in config["collections"] if c["name"] == cms.REFERENTIAL_COLLECTION)["files"][0]
    depot = next(field for field in referential["fields"] if field["name"] == "depot")
    assert depot == {"name": "depot", "label": "Dépôt du site", "widget": "hidden"}
    assert config["media_folder"] == "medias" and config["public_folder"] == "/medias"


# --- 9. No spoofing characters in titles, names and ids ------------------------------------------


def test_bidi_controls_and_zero_width_characters_are_refused_with_their_code_point(tmp_path):
    meeting = MEETING.replace("titre: Réunion du groupe enfance", "titre: \"Réunion \\u202Egnp.exe\\u202C\"")
    meeting = meeting.replace("nom: Anne Exemple", "nom: \"Anne\\u200BExemple\"").replace("## Projet de réseau", "## Projet \u2066de\u2069 réseau")
    partners = PARTNERS.replace("sigle: CH Jury", "sigle: \"CH\\uFEFF Jury\"")
    referential = REFERENTIAL.replace("id: groupe thématique", "id: \"groupe\\u2060thématique\"").replace("instance: groupe thématique", "")
    problems = content_problems(tmp_path, {MEETING_PATH: meeting.replace("instance: groupe thématique", "instance: copil"), "partners.yaml": partners, "referentiel.yaml": referential})
    line = meeting.split("\n").index("## Projet \u2066de\u2069 réseau") + 1
    assert problems == [
        f"{MEETING_PATH}:2: « titre » contient un caractère invisible U+202E (RIGHT-TO-LEFT OVERRIDE, qui change le sens de l'écriture) : retirez-le",
        f"{MEETING_PATH}:12: « participants[1].nom » contient un caractère invisible U+200B (ZERO WIDTH SPACE, sans largeur) : retirez-le",
        f"{MEETING_PATH}:{line}: le titre « Projet \u2066de\u2069 réseau » contient un caractère invisible U+2066 (LEFT-TO-RIGHT ISOLATE, "
        "qui change le sens de l'écriture) : retirez-le",
        "partners.yaml:4: « structures[1].sigle » contient un caractère invisible U+FEFF (ZERO WIDTH NO-BREAK SPACE, sans largeur) : retirez-le",
        "referentiel.yaml:17: « instances[2].id » contient un caractère invisible U+2060 (WORD JOINER, sans largeur) : retirez-le",
    ]


def test_a_joiner_that_is_part_of_an_emoji_or_of_arabic_letters_is_no_spoofing(tmp_path):
    """« 👩‍⚕️ » (woman, joiner, staff of Aesculapius) and « 🏳️‍🌈 » are one emoji each, and a Persian
    name needs its non-joiner: pasted from a phone, they stopped the build as invisible characters."""
    meeting = MEETING.replace("titre: Réunion du groupe enfance", "titre: Réunion 👩\u200d⚕\ufe0f et 🏳\ufe0f\u200d🌈")
    meeting = meeting.replace("nom: Anne Exemple", "nom: انجمن می\u200cخواهم").replace("nom: Paul Exemple", 'nom: "Paul\\u200dExemple"')
    assert content_problems(tmp_path, {MEETING_PATH: meeting}) == [
        f"{MEETING_PATH}:15: « participants[2].nom » contient un caractère invisible U+200D (ZERO WIDTH JOINER, sans largeur) : retirez-le"
    ]


def test_a_letter_written_with_a_combining_accent_is_the_same_letter(tmp_path):
    """Pasted from a Mac or a PDF, « é » may be « e » and a combining accent: an id so written was
    unknown, with the baffling « instance inconnue : « plénière » (vouliez-vous dire « plénière » ?) »;
    and a search for « création » did not find « création » so written."""
    meeting = MEETING.replace("instance: groupe thématique", "instance: groupe the\u0301matique").replace("titre: Réunion", "titre: Cre\u0301ation ﬁnale de la réunion")
    assert content_problems(tmp_path, {MEETING_PATH: meeting}) == []
    output = pipeline.build(tmp_path, pipeline.today_from(TODAY))
    feed = next(file.content for file in output.files if file.path == "flux.xml").decode()
    # The « ﬁ » of a text pasted from a PDF: a search for « finale » did not find it.
    assert "Création finale de la réunion" in feed and "e\u0301" not in feed


def test_a_line_separator_pasted_from_word_is_named_at_its_line(tmp_path):
    """YAML breaks the line at U+2028, an editor does not show it: PyYAML's message named the line
    after it, « « : » attendu après la clé »."""
    meeting = MEETING.replace("  - Rédiger les fiches projets.", "  - Rédiger les fiches\u2028projets.")
    line = MEETING.split("\n").index("  - Rédiger les fiches projets.") + 1
    assert content_problems(tmp_path, {MEETING_PATH: meeting}) == [
        f"{MEETING_PATH}:{line}: séparateur invisible U+2028 (LINE SEPARATOR, souvent collé depuis Word ou un PDF) : "
        "remplacez-le par un retour à la ligne ou une espace"
    ]


def test_a_colon_with_its_french_space_in_a_list_item_is_explained(tmp_path):
    """« Bilan : suite » is a key and its value to YAML: the message showed a Python dictionary."""
    meeting = MEETING.replace("  - Rédiger les fiches projets.", "  - Rédiger les fiches\u00a0: projets 🧩")
    line = MEETING.split("\n").index("  - Rédiger les fiches projets.") + 1
    assert content_problems(tmp_path, {MEETING_PATH: meeting}) == [
        f"{MEETING_PATH}:{line}: « ordre_du_jour[1] » doit être un texte, trouvé « Rédiger les fiches : projets 🧩 », lu comme "
        "une clé et sa valeur à cause du « : » suivi d'une espace : mettez le texte entre guillemets"
    ]


def test_a_type_written_in_arabic_is_told_why_it_has_no_address(tmp_path):
    """A type of structure becomes an address: « جمعية » has letters, none of an address (the message
    said « il faut au moins une lettre »)."""
    partners = PARTNERS.replace("type: Association", "type: جمعية")
    line = partners.split("\n").index("    type: جمعية") + 1
    assert content_problems(tmp_path, {"partners.yaml": partners}) == [
        f"partners.yaml:{line}: le type « جمعية » est invalide : il faut au moins une lettre latine (accentuée ou non) ou un chiffre, "
        "dont son adresse est faite"
    ]


# --- 11. French messages for the rest -------------------------------------------------------------


def test_a_scheme_hidden_behind_an_entity_is_reported_at_its_line(tmp_path):
    body = ["[clic](jav&#x61;script:alert(document.domain))", "[réf][r]", "", "[r]: &#106;avascript:alert(1)", "[ok](https://exemple.fr/?a=1&amp;b=2)"]
    meeting = MEETING + "\n" + "\n".join(body) + "\n"
    first = meeting.split("\n").index(body[0]) + 1
    hidden = "cache son adresse derrière des entités HTML (« javascript: ») : écrivez l'adresse en clair (un lien « javascript: » ou « data: » n'est jamais publié)"
    assert content_problems(tmp_path, {MEETING_PATH: meeting}) == [
        f"{MEETING_PATH}:{first}: le lien « jav&#x61;script:alert » {hidden}",
        f"{MEETING_PATH}:{first + 3}: le lien « &#106;avascript:alert(1) » {hidden}",
    ]


def test_lone_carriage_returns_are_named(tmp_path):
    meeting = MEETING.replace("## Projet de réseau\n\nLe groupe discute du réseau.\n", "## Projet de réseau\r\rLe groupe discute du réseau.\r")
    line = MEETING.split("\n").index("## Projet de réseau") + 1
    assert content_problems(tmp_path, {MEETING_PATH: meeting.encode()}) == [
        f"{MEETING_PATH}:{line}: fin de ligne « CR » seule (celle des anciens Mac) : enregistrez le fichier avec des fins de ligne "
        "ordinaires (LF, ou CRLF sous Windows)"
    ]
