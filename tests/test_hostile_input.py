"""Hostile or odd input: every case ends in a French ``fichier:ligne`` message, fast, with the
sources untouched; nothing is silently altered or dropped (issue 11, classes 3, 4, 6, 8, 10)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ACTION, BASE_FILES, MEETING, REPO, TODAY, write_project
from releve import pipeline
from releve.problems import Suggestions
from releve.contacts import contact_key, find_contacts, french_e164

MEETING_PATH = "minutes/2021-02-19-groupe-enfance.md"


def _tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        digest.update(str(path.relative_to(root)).encode() + path.read_bytes())
    return digest.hexdigest()


def project(tmp_path: Path, files: dict) -> Path:
    root = tmp_path / "projet"
    root.mkdir()
    write_project(root, {**BASE_FILES, **files})
    return root


def problems_of(tmp_path: Path, files: dict, limit: float = 2.0) -> list[str]:
    """Validate a fixture site in process: its problems as text, checked to take under ``limit`` s
    and to leave every source as it was."""
    root = project(tmp_path, files)
    before = _tree_digest(root)
    start = time.process_time()
    problems = pipeline.validate_project(root)
    assert time.process_time() - start < limit
    assert _tree_digest(root) == before
    return [str(problem) for problem in problems]


def meeting_with(front: str = "", body: str = "") -> str:
    head, _, rest = MEETING.rpartition("---\n## ")
    return f"{head}{front}---\n{body or '## ' + rest}"


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


# --- 3. single-line fields ---------------------------------------------------------------

def test_a_line_break_in_a_single_line_field_is_an_error_at_its_line(tmp_path):
    meeting = MEETING.replace("titre: Réunion du groupe enfance", 'titre: "Réunion\\n!!! danger\\n    piège"')
    meeting = meeting.replace("fonction: coordonnateur", 'fonction: "coordonnateur\\u2028bis"')
    function_line = line_of(meeting, 'fonction: "coord')
    assert problems_of(tmp_path, {MEETING_PATH: meeting}) == [
        f"{MEETING_PATH}:2: « titre » doit tenir sur une ligne : retirez le retour à la ligne",
        f"{MEETING_PATH}:{function_line}: « participants[2].fonction » doit tenir sur une ligne : retirez le retour à la ligne",
    ]


def test_a_description_may_span_lines_but_not_a_title(tmp_path):
    from releve.schema import EVENT, MEETING as MEETING_SCHEMA

    assert EVENT.fields["description"].type.multiline
    assert "pattern" in MEETING_SCHEMA.json_schema({})["properties"]["titre"]
    assert "pattern" not in EVENT.json_schema({})["properties"]["description"]


# --- 4. contacts in every text -----------------------------------------------------------

def test_contacts_are_refused_in_every_field_and_file(tmp_path):
    meeting = MEETING.replace("fonction: pédopsychiatre", "fonction: pédopsychiatre, 03\u00a087\u00a056\u00a078\u00a090")
    meeting = meeting.replace("  - Rédiger les fiches projets.", "  - Écrire à anne&#64;exemple.fr")
    action = BASE_FILES["actions/reseau.md"].replace("Parce que.", "Appeler le +33 (0)3\u202f87\u202f56\u202f78\u202f91.")
    partners = BASE_FILES["partners.yaml"].replace("description: Hôpital de test.", "description: Contact 0033 3 87 56 78 92")
    found = problems_of(tmp_path, {MEETING_PATH: meeting, "actions/reseau.md": action, "partners.yaml": partners})
    assert found == [
        f"actions/reseau.md:{line_of(action, 'Appeler')}: numéro de téléphone « +33 (0)3 87 56 78 91 » dans la fiche action : "
        "retirez ce contact s'il est celui d'une personne ; si c'est le contact public d'une structure, ajoutez-le à « contacts_publics »",
        f"{MEETING_PATH}:{line_of(meeting, '  - Écrire')}: adresse électronique « anne@exemple.fr » dans « ordre_du_jour[1] » : "
        "retirez ce contact s'il est celui d'une personne ; si c'est le contact public d'une structure, ajoutez-le à « contacts_publics »",
        f"{MEETING_PATH}:{line_of(meeting, 'fonction: pédo')}: numéro de téléphone « 03 87 56 78 90 » dans « participants[1].fonction » : "
        "retirez ce contact s'il est celui d'une personne ; si c'est le contact public d'une structure, ajoutez-le à « contacts_publics »",
        f"partners.yaml:{line_of(partners, 'description: Contact')}: numéro de téléphone « 0033 3 87 56 78 92 » dans "
        "« structures[1].description » : retirez ce contact s'il est celui d'une personne",
    ]


def test_declared_public_contacts_pass_in_fields_too(tmp_path):
    meeting = meeting_with("contacts_publics: [\"+33 3 87 56 78 90\"]\n").replace(
        "fonction: pédopsychiatre", "fonction: accueil au 03.87.56.78.90"
    )
    assert problems_of(tmp_path, {MEETING_PATH: meeting}) == []


SEPARATORS = [" ", ".", "-", "\u00a0", "\u202f", "\u2007", "\u2009", "\u2010", "\u2011", "\u2013", "\u2014", ""]


@given(
    st.lists(st.integers(0, 99), min_size=4, max_size=4),
    st.integers(1, 9),
    st.sampled_from(SEPARATORS),
    st.sampled_from(["0{d}", "+33 {d}", "0033 {d}", "+33 (0){d}", "+33{d}"]),
    st.text(alphabet="abc ,;:()", max_size=5),
)
def test_phone_numbers_are_found_whatever_the_separators(pairs, first, separator, prefix, around):
    number = prefix.format(d=first) + "".join(f"{separator}{pair:02d}" for pair in pairs)
    found = find_contacts(f"Tél.{around} {number}{around} merci", 1)
    # E.164, with the overseas départements' own country codes (« 05 90 … » is +590 590 …).
    assert [contact_key(contact) for _, contact in found] == [french_e164(f"0{first}" + "".join(f"{p:02d}" for p in pairs))]


@given(st.dates(), st.integers(0, 10**9), st.integers(10**13, 10**14 - 1))
def test_dates_years_amounts_and_siret_are_not_contacts(day, amount, siret):
    text = f"Le {day.isoformat()} ({day:%d/%m/%Y}), {amount:,} € ; {day.year} ; SIRET {siret}".replace(",", "\u202f")
    assert find_contacts(text, 1) == []


def test_the_contact_search_is_linear():
    start = time.process_time()
    spelled = ("a" * 40_000 + " point @b" + " point c" * 5_000, "a at " * 10_000 + "b.c", "a @ " * 10_000)
    for text in ("a" * 40_000 + "@", "a." * 20_000 + "@", "a@" * 20_000, "0" * 40_000, "+33 " * 10_000, *spelled):
        find_contacts(text, 1)
    assert time.process_time() - start < 0.5  # the former regexes took 10 s on the first one


# --- 6. small files that could hang or crash ---------------------------------------------

def _bounded(script: str, timeout: float = 20) -> str:
    """Run ``script`` in a child with 1 GB of memory at most, so a regression fails instead of hanging."""
    prelude = f"import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30)); sys.path.insert(0, {str(REPO / 'hooks')!r})\n"
    result = subprocess.run([sys.executable, "-c", prelude + script], capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_yaml_alias_bomb_is_refused_before_it_expands(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]" for i in range(8)]
    (tmp_path / "partners.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    script = f"from pathlib import Path\nfrom releve.sources import load_yaml_file, LoadError\ntry:\n    load_yaml_file(Path({str(tmp_path)!r}), 'partners.yaml')\nexcept LoadError as e:\n    print(e.problem)"
    assert _bounded(script).strip() == (
        "partners.yaml:1: les ancres et alias YAML (« & » et « * » en début de valeur) ne sont pas acceptés : "
        "écrivez chaque valeur en entier, ou mettez-la entre guillemets"
    )


def test_deep_nesting_and_huge_files_are_refused(tmp_path):
    deep = BASE_FILES["partners.yaml"] + "extra: " + "[" * 100_000 + "]" * 100_000 + "\n"
    found = problems_of(tmp_path, {"partners.yaml": deep, "evenements.yaml": "evenements: []\n# " + "x" * 1_000_001 + "\n"})
    assert f"partners.yaml:{line_of(deep, 'extra')}: listes et clés imbriquées trop profondément (plus de 20 niveaux)" in found
    assert "evenements.yaml:1: le fichier fait 1000019 octets, plus que la limite de 1 Mo : ce fichier ne se découpe pas : allégez ses commentaires et ses textes longs" in found


def test_huge_numbers_are_refused_at_their_line(tmp_path):
    """Python reads no number of 5,000 digits (the whole file was an « erreur interne » at line 1), a
    duration of a million years overflows the dates (an « erreur inattendue » stopped the build)."""
    history = "chiffres:\n  - date: 2019\n    titre: Sessions\n    valeurs:\n      - nombre: " + "9" * 5_000 + "\n        libelle: sessions\n"
    referential = BASE_FILES["referentiel.yaml"] + "annuaire:\n  verification_valable_mois: 99999999\n"
    partners = BASE_FILES["partners.yaml"].replace("    sigle: CH Jury\n", "    sigle: CH Jury\n    verifie_le: 2021-01-01\n    source: son site\n")
    assert problems_of(tmp_path, {"historique.yaml": history, "referentiel.yaml": referential, "partners.yaml": partners}) == [
        "historique.yaml:5: « chiffres[1].valeurs[1].nombre » doit être un nombre entier de 0 à 1\u202f000\u202f000\u202f000\u202f000, "
        "trouvé un nombre de 5000 chiffres",
        f"referentiel.yaml:{line_of(referential, 'verification_valable_mois')}: « annuaire.verification_valable_mois » "
        "doit être un nombre entier de 0 à 1200, trouvé « 99999999 »",
    ]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("9999-12-31", "« evenements[1].date » : l'année de la date « 9999-12-31 » doit être entre 1900 et 2100"),
        ("2021-00-10", "« evenements[1].date » : la date « 2021-00-10 » n'existe pas"),
        ("2021-10-00", "« evenements[1].date » : la date « 2021-10-00 » n'existe pas"),
    ],
)
def test_dates_out_of_range_or_with_a_zero_are_errors(tmp_path, written, message):
    events = f"evenements:\n  - id: forum\n    titre: Forum\n    date: {written}\n"
    assert problems_of(tmp_path, {"evenements.yaml": events}) == [f"evenements.yaml:4: {message}"]


def test_a_fuzzy_date_with_month_zero_is_refused(tmp_path):
    action = BASE_FILES["actions/reseau.md"].replace("  - date: 2021-02", "  - date: 2021-00")
    assert problems_of(tmp_path, {"actions/reseau.md": action}) == [
        f"actions/reseau.md:{line_of(action, '  - date: 2021-00')}: « jalons[1].date » : la date « 2021-00 » n'existe pas"
    ]


def test_a_24_kb_line_of_backticks_is_validated_fast_and_refused_in_a_title(tmp_path):
    backticks = "`" * 24_000
    meeting = meeting_with(body=f"## Code\n\n{backticks}\n").replace("titre: Réunion du groupe enfance", f"titre: \"{backticks}\"")
    assert problems_of(tmp_path, {MEETING_PATH: meeting}, limit=1.0) == [
        f"{MEETING_PATH}:2: « titre » est trop long (24000 caractères, au plus 1000)"
    ]


# --- 8. nothing silently altered or dropped ----------------------------------------------

def test_times_stay_as_written(tmp_path):
    root = project(tmp_path, {MEETING_PATH: MEETING.replace("horaire: 10h-12h\nvisio", "horaire: 14:30\nvisio")})
    site = pipeline.load(root)
    assert site.site.meetings[0].time_range == "14:30"


def test_a_nul_byte_is_an_error_at_its_line(tmp_path):
    meeting = meeting_with(body="## A\n\nTexte\x00caché\n")
    assert problems_of(tmp_path, {MEETING_PATH: meeting}) == [
        f"{MEETING_PATH}:{line_of(meeting, 'Texte')}: caractère nul (octet 0) dans le texte : "
        "ce fichier n'est pas un texte ordinaire, retapez cette ligne"
    ]


def test_a_control_character_is_an_error_at_its_line(tmp_path):
    """Invisible on a page, refused by YAML in English at line 1, by XML at the feed (a build that
    stopped on « erreur inattendue »): written in the text, or as an escape of a quoted value."""
    body = meeting_with(body="## A\n\nTexte\x01caché\n")
    for name in ("corps", "echappe", "windows"):
        (tmp_path / name).mkdir()
    assert problems_of(tmp_path / "corps", {MEETING_PATH: body}) == [
        f"{MEETING_PATH}:{line_of(body, 'Texte')}: caractère de contrôle invisible U+0001 : retirez-le ou retapez ce passage"
    ]
    escaped = MEETING.replace("titre: Réunion du groupe enfance", 'titre: "Réunion\\x01 du groupe"')
    assert problems_of(tmp_path / "echappe", {MEETING_PATH: escaped}) == [
        f"{MEETING_PATH}:{line_of(escaped, 'titre')}: caractère de contrôle invisible U+0001 : retirez-le ou retapez ce passage"
    ]
    # NUL and CR made by escapes: quoted back in a message, a CR overwrote it on the terminal.
    for name, escape, code in (("nul", "\\0", "0000"), ("cr", "\\r", "000D")):
        (tmp_path / name).mkdir()
        text = MEETING.replace("titre: Réunion du groupe enfance", f'titre: "{escape}Contenu valide"')
        assert problems_of(tmp_path / name, {MEETING_PATH: text}) == [
            f"{MEETING_PATH}:{line_of(text, 'titre')}: caractère de contrôle invisible U+{code} : retirez-le ou retapez ce passage"
        ]
    windows = MEETING.replace("titre: Réunion du groupe enfance", "titre: L\x92enfance")
    assert problems_of(tmp_path / "windows", {MEETING_PATH: windows}) == [
        f"{MEETING_PATH}:{line_of(windows, 'titre')}: caractère de contrôle invisible U+0092 (souvent une apostrophe "
        "ou un guillemet de Windows mal converti) : retirez-le ou retapez ce passage"
    ]


def test_an_unreadable_partners_file_is_the_one_error_not_each_mention_of_a_structure(tmp_path):
    partners = BASE_FILES["partners.yaml"].replace("nom: EPE 57", "nom: EPE\x0157")
    assert problems_of(tmp_path, {"partners.yaml": partners}) == [
        f"partners.yaml:{line_of(partners, 'EPE')}: caractère de contrôle invisible U+0001 : retirez-le ou retapez ce passage"
    ]


def test_symlinks_are_refused_without_printing_their_target(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("evenements: []\n# mot-de-passe-4242\n", encoding="utf-8")
    root = project(tmp_path, {})
    (root / "evenements.yaml").symlink_to(secret)
    (root / "minutes" / "2021-03-01-lien.md").symlink_to(root / MEETING_PATH)
    found = [str(p) for p in pipeline.validate_project(root)]
    assert found == [
        "evenements.yaml:1: « evenements.yaml » est un lien symbolique : remplacez-le par le fichier ou le dossier lui-même "
        "(un lien pourrait publier un fichier extérieur au projet)",
        "minutes/2021-03-01-lien.md:1: « minutes/2021-03-01-lien.md » est un lien symbolique : remplacez-le par le fichier "
        "ou le dossier lui-même (un lien pourrait publier un fichier extérieur au projet)",
    ]
    assert "4242" not in "".join(found)


def test_files_that_are_not_read_are_named(tmp_path):
    found = problems_of(
        tmp_path,
        {"minutes/2021-03-01-copil.MD": "x", "actions/notes.txt": "x", "minutes/vieux/2020-01-01-a.md": "x", "minutes/.gitkeep": ""},
    )
    assert found == [
        "actions/notes.txt:1: fichier non lu : seuls les fichiers « .md » (en minuscules) de actions/ sont lus ; renommez-le ou retirez-le du dossier",
        "minutes/2021-03-01-copil.MD:1: fichier non lu : seuls les fichiers « .md » (en minuscules) de minutes/ sont lus ; renommez-le ou retirez-le du dossier",
        "minutes/vieux:1: sous-dossier non lu : les fichiers doivent être directement dans minutes/",
    ]


# --- 10. calendars ------------------------------------------------------------------------

def test_calendars_have_a_component_and_a_start_time_gets_an_hour(tmp_path):
    root = project(tmp_path, {MEETING_PATH: MEETING.replace("horaire: 10h-12h\nvisio", "horaire: 14h\nvisio")})
    output = pipeline.build(root, pipeline.today_from(TODAY))
    files = {file.path: file.content for file in output.files if file.path.endswith(".ics")}
    for path, content in files.items():
        assert b"BEGIN:VEVENT" in content or b"BEGIN:VTIMEZONE" in content, path
    agenda = files["agenda.ics"].decode()
    assert "DTSTART;TZID=Europe/Paris:20210219T140000" in agenda
    assert "DURATION:PT1H" in agenda
    # The instance « copil » and the thématique « logement » have no date: no calendar, no link.
    assert not any("copil" in path or "logement" in path for path in files)


def test_only_the_first_unknown_ids_among_many_get_a_suggestion(tmp_path):
    """Each suggestion compares with every id of its kind (half a second against 5,000 meetings):
    a meeting deleted under hundreds of texts must not hold the validation for minutes."""
    fiches = {f"actions/fiche-{n:03d}.md": ACTION.replace("titre: Réseau psypérinatalité", f"titre: Fiche {n}") for n in range(Suggestions.SMALL + 1)}
    mentions = "".join(f"\n[voir](../actions/fiche-{n:03d}x.md)\n" for n in range(12))
    problems = problems_of(tmp_path, {**fiches, MEETING_PATH: meeting_with(body=f"## Liens\n{mentions}")}, limit=20.0)
    unknown = [problem for problem in problems if "fiche action inconnue" in problem]
    assert len(unknown) == 12
    assert [("vouliez-vous dire" in problem) for problem in unknown] == [True] * 10 + [False] * 2
