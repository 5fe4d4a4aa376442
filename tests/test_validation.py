"""Every kind of bad input ends in a French `file:line` message, a non-zero exit and untouched sources."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ACTION, BASE_FILES, MEETING, PARTNERS, REFERENTIAL, build_in_process, content_problems, run_mkdocs, tree_state, write_project
from releve import project_cache
from releve.problems import Problem, suggest
from releve.schema import INVALID, TIME_RANGE, YEARS, Boolean, Checker, Date, FuzzyDateType, ListOf, Ref, Text
from releve.sources import SourceDocument

MEETING_PATH = "minutes/2021-02-19-groupe-enfance.md"


def sources_digest(root) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in ("minutes", "actions", "docs")
        for path in sorted((root / folder).rglob("*"))
        if path.is_file()
    } | {name: hashlib.sha256((root / name).read_bytes()).hexdigest() for name in ("partners.yaml", "referentiel.yaml")}


def assert_fails_with(build, expected: str) -> None:
    assert build.returncode != 0, build.output
    assert expected in build.output, build.output
    assert "Traceback" not in build.output, build.output


CASES = {
    "broken YAML": (
        {MEETING_PATH: MEETING.replace("titre: Réunion du groupe enfance", "titre: Réunion : groupe: enfance")},
        f"{MEETING_PATH}:2: erreur de syntaxe YAML",
    ),
    "unknown key with suggestion": (
        {MEETING_PATH: MEETING.replace("titre:", "titer:")},
        f"{MEETING_PATH}:2: clé inconnue « titer » (vouliez-vous dire « titre » ?)",
    ),
    "missing required key": (
        {MEETING_PATH: MEETING.replace("instance: groupe thématique\n", "")},
        f"{MEETING_PATH}:1: clé obligatoire « instance » manquante",
    ),
    "wrong type": (
        {MEETING_PATH: MEETING.replace("visio: true\ninstance", "visio: peut-être\ninstance")},
        f"{MEETING_PATH}:6: « visio » doit être true ou false, trouvé « peut-être »",
    ),
    "impossible date": (
        {"minutes/2021-02-30-groupe-enfance.md": MEETING.replace("date: 2021-02-19", "date: 2021-02-30"), MEETING_PATH: None},
        "minutes/2021-02-30-groupe-enfance.md:4: « date » : la date « 2021-02-30 » n'existe pas",
    ),
    "file name date differs": (
        {MEETING_PATH: MEETING.replace("date: 2021-02-19", "date: 2021-02-18")},
        f"{MEETING_PATH}:4: la date « 2021-02-18 » ne correspond pas à celle du nom du fichier « 2021-02-19 »",
    ),
    "unknown structure with suggestion": (
        {MEETING_PATH: MEETING.replace("structure: ch-jury", "structure: ch-jurry")},
        f"{MEETING_PATH}:17: structure inconnue : « ch-jurry » (vouliez-vous dire « ch-jury » ?)",
    ),
    "unknown action with suggestion": (
        {MEETING_PATH: MEETING.replace("actions: [reseau]", "actions: [reseaux]")},
        f"{MEETING_PATH}:18: fiche action inconnue : « reseaux » (vouliez-vous dire « reseau » ?)",
    ),
    "unknown thematique with suggestion": (
        {MEETING_PATH: MEETING.replace("thematiques: [enfance-parentalite]", "thematiques: [enfance-parentalité]")},
        f"{MEETING_PATH}:8: thématique inconnue : « enfance-parentalité » (vouliez-vous dire « enfance-parentalite » ?)",
    ),
    "unknown instance accent-free": (
        {MEETING_PATH: MEETING.replace("instance: groupe thématique", "instance: groupe thematique")},
        f"{MEETING_PATH}:7: instance inconnue : « groupe thematique » (vouliez-vous dire « groupe thématique » ?)",
    ),
    "unknown action in a decision": (
        {MEETING_PATH: MEETING.replace("!!! decision reseau", "!!! decision resau")},
        f"{MEETING_PATH}:28: fiche action inconnue : « resau » (vouliez-vous dire « reseau » ?)",
    ),
    "duplicate structure id": (
        {"partners.yaml": PARTNERS + PARTNERS.split("structures:\n", 1)[1].split("  - id: cmp-winnicott")[0]},
        "partners.yaml:20: identifiant « ch-jury » en double (déjà utilisé à la ligne 2)",
    ),
    "not UTF-8": (
        {MEETING_PATH: MEETING.encode("latin-1")},
        f"{MEETING_PATH}:2: le fichier n'est pas encodé en UTF-8",
    ),
    "empty file": ({"actions/vide.md": ""}, "actions/vide.md:1: le fichier est vide"),
    "no front matter": ({"actions/sans-entete.md": "## Quoi ?\n\nRien.\n"}, "actions/sans-entete.md:1: l'en-tête YAML manque"),
    "link to a draft": (
        {"actions/reseau.md": ACTION.replace("---\n## Quoi", "brouillon: true\n---\n## Quoi")},
        f"{MEETING_PATH}:18: la fiche action « reseau » est un brouillon : une page publiée ne peut pas y renvoyer",
    ),
    "body link to a missing meeting": (
        {"actions/reseau.md": ACTION.replace("Parce que.", "Voir [la réunion](../minutes/2021-02-19-groupe-enfanse.md).")},
        "actions/reseau.md:20: compte rendu inconnu : « 2021-02-19-groupe-enfanse » (vouliez-vous dire « 2021-02-19-groupe-enfance » ?)",
    ),
    "unknown question in a fiche": (
        {"actions/reseau.md": ACTION.replace("## Pourquoi ?", "## Pour quoi ?")},
        "actions/reseau.md:18: la section « Pour quoi ? » n'est pas l'une des questions d'une fiche action (« questions » de referentiel.yaml) (vouliez-vous dire « Pourquoi ? » ?)",
    ),
    "unknown statut": (
        {"actions/reseau.md": ACTION.replace("statut: en cours", "statut: en-cours")},
        "actions/reseau.md:5: statut inconnu : « en-cours » ; referentiel.yaml déclare les statuts "
        "« en réflexion », « en projet », « en cours », « réalisée », « suspendue », « abandonnée » (vouliez-vous dire « en cours » ?)",
    ),
    "front matter not closed": (
        {MEETING_PATH: MEETING.replace("  visio: true\n---\n", "  visio: true\n")},
        f"{MEETING_PATH}:23: l'en-tête YAML n'est pas fermé par une ligne « --- » : ajoutez-la avant la ligne 23 (« ## Projet de réseau »), où le texte commence",
    ),
    "front matter not closed, a text with no heading": (
        {MEETING_PATH: MEETING.replace("  visio: true\n---\n## Projet de réseau\n\n", "  visio: true\n\n")},
        f"{MEETING_PATH}:24: l'en-tête YAML n'est pas fermé par une ligne « --- » : ajoutez-la avant la ligne 24 (« Le groupe discute du réseau. »)",
    ),
    "minutes named the French way": (
        {"minutes/19-02-2021 Groupe enfance.md": MEETING},
        "minutes/19-02-2021 Groupe enfance.md:1: nom de fichier invalide : attendu minutes/AAAA-MM-JJ-titre-court.md "
        "(minuscules, chiffres, tirets) (vouliez-vous dire « minutes/2021-02-19-groupe-enfance.md » ?)",
    ),
    "fiche named with capitals and spaces": (
        {"actions/Réseau périnatalité.md": ACTION},
        "actions/Réseau périnatalité.md:1: nom de fichier invalide : attendu actions/titre-court.md (minuscules, chiffres, tirets) "
        "(vouliez-vous dire « actions/reseau-perinatalite.md » ?)",
    ),
    "a YAML file that is a list": (
        {"renommages.yaml": "- ancien: x\n  nouveau: reseau\n"},
        "renommages.yaml:1: le fichier doit être un ensemble de clés (clé: valeur), trouvé « [{'ancien': 'x', 'nouveau': 'reseau'}] »",
    ),
    "a front matter that is a text": (
        {MEETING_PATH: "---\nune phrase\n---\nTexte.\n"},
        f"{MEETING_PATH}:1: « l'en-tête » doit être un ensemble de clés (clé: valeur), trouvé « une phrase »",
    ),
    "end before start": (
        {"actions/reseau.md": ACTION.replace("debut: 2019", "debut: 2019\nfin: 2018-06")},
        "actions/reseau.md:9: « fin » (2018-06) est avant « debut » (2019)",
    ),
    # YAML itself said « did not find expected key »: the apostrophe is the cause, at its line.
    "an apostrophe closing single quotes": (
        {MEETING_PATH: MEETING.replace("titre: Réunion du groupe enfance", "titre: 'Logement d'abord'")},
        f"{MEETING_PATH}:2: erreur de syntaxe YAML : l'apostrophe de « d'abord » ferme les guillemets simples : "
        "écrivez la valeur sans guillemets ou entre guillemets doubles",
    ),
    # Its zip's NUL bytes read as UTF-16 (« enregistrez-le en UTF-8 »).
    "a Word document copied as a minutes": (
        {MEETING_PATH: b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xdf\xa4\xd2lZ\x01\x00\x00"},
        f"{MEETING_PATH}:1: ce fichier est un document Word ou LibreOffice (.docx, .odt), pas un texte : importez le "
        "document d'origine avec « make importer FICHIER=chemin/du/document.docx »",
    ),
    "a Word 97-2003 document copied as a minutes": (
        {MEETING_PATH: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + b">\x00\x03\x00\xfe\xff"},
        f"{MEETING_PATH}:1: ce fichier est un document Word 97-2003 (.doc), pas un texte : enregistrez le document "
        "d'origine au format .docx, puis importez-le avec « make importer FICHIER=",
    ),
    "an instance renamed, its name kept": (
        {
            "referentiel.yaml": REFERENTIAL.replace("id: copil", "id: comite-pilotage"),
            MEETING_PATH: MEETING.replace("instance: groupe thématique", "instance: copil"),
        },
        f"{MEETING_PATH}:7: instance inconnue : « copil » (vouliez-vous dire « comite-pilotage » ?)",
    ),
    "a structure written as its name": (
        {MEETING_PATH: MEETING.replace("structure: ch-jury", "structure: centre-hospitalier")},
        f"{MEETING_PATH}:17: structure inconnue : « centre-hospitalier » (vouliez-vous dire « ch-jury » ?)",
    ),
    "no partners.yaml": (
        {"partners.yaml": None},
        "partners.yaml:1: fichier introuvable : créez-le à la racine du site avec la ligne « structures: »",
    ),
    "no referentiel.yaml": (
        {"referentiel.yaml": None},
        "referentiel.yaml:1: fichier introuvable : il déclare le CLSM, ses axes, ses instances, ses statuts et les "
        "questions des fiches action ; « releve creer DOSSIER --nom \"…\" » en écrit un dans chaque site neuf",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_input_is_reported_with_file_and_line(tmp_path, case):
    files, expected = CASES[case]
    found = content_problems(tmp_path, files)
    assert any(expected in problem for problem in found), found


def test_a_missing_key_without_a_description_ends_its_message_there(tmp_path):
    """A required key the schema does not describe (an axis's « description ») read « manquante
    dans « axes[1] » () »: an empty parenthesis."""
    from conftest import REFERENTIAL

    found = content_problems(tmp_path, {"referentiel.yaml": REFERENTIAL.replace("    description: contribuer à lutter contre la stigmatisation\n", "")})
    assert [problem for problem in found if "clé obligatoire" in problem] == [
        "referentiel.yaml:5: clé obligatoire « description » manquante dans « axes[1] »"
    ], found


def test_bad_input_ends_the_build_with_the_french_messages(tmp_path):
    """What the coordinator sees: ``mkdocs build`` exits non-zero on the messages of three files,
    all reported at once, without a traceback (one command for three cases of CASES)."""
    second = "minutes/2021-03-19-groupe-enfance.md"
    files = {
        MEETING_PATH: MEETING.encode("latin-1"),  # « not UTF-8 »
        second: MEETING.replace("2021-02-19", "2021-03-19").replace("titre:", "titer:"),  # « unknown key with suggestion »
        **CASES["body link to a missing meeting"][0],
    }
    write_project(tmp_path, {**BASE_FILES, **files})
    build = run_mkdocs(tmp_path, "--strict")
    for expected in (
        CASES["not UTF-8"][1],
        CASES["unknown key with suggestion"][1].replace(MEETING_PATH, second),
        CASES["body link to a missing meeting"][1],
    ):
        assert_fails_with(build, expected)


def test_errors_fail_without_strict_and_sources_stay_untouched(tmp_path):
    broken = MEETING.replace("structure: ch-jury", "structure: ch-jurry").replace("titre:", "titer:")
    write_project(tmp_path, {**BASE_FILES, MEETING_PATH: broken})
    before = sources_digest(tmp_path)
    build = run_mkdocs(tmp_path)  # without --strict
    assert build.returncode != 0 and "Traceback" not in build.output
    # All problems are reported at once, in one French summary: the unknown key, the missing
    # « titre » it leaves behind, and the unknown structure.
    assert "3 erreurs dans le contenu" in build.output
    assert before == sources_digest(build.root)
    assert not (build.root / "site" / "index.html").exists()


def test_a_valid_build_writes_nothing_outside_site_but_the_engine_cache(tmp_path, base_site):
    """The shared build of the fixture site, against the same project written and never built: the
    only other file is the checked files kept for the next build, in the engine's cache folder."""
    write_project(tmp_path, BASE_FILES)
    built = tree_state(base_site.root, skip=base_site.site)
    assert {key: built.pop(key) for key in (".cache", ".cache/releve")} == {".cache": "dossier", ".cache/releve": "dossier"}
    assert built.pop(project_cache.CHECKED.as_posix())
    assert built == tree_state(tmp_path)
    assert (base_site.site / "comptes-rendus" / "2021-02-19-groupe-enfance" / "index.html").exists()


def test_draft_may_link_to_draft(warned_site):
    """The shared build (``--strict``) holds a draft meeting about a draft fiche: it passed."""
    assert warned_site.returncode == 0, warned_site.output
    assert (warned_site.root / DRAFT_MEETING_PATH).is_file() and not (warned_site.site / "projets" / "brouillon").exists()


def _check(field_type, value):
    checker = Checker(SourceDocument("f.md", {}, {("k",): 3}))
    return field_type.check(value, checker, ("k",)), checker.problems


@given(st.dates(min_value=dt.date(YEARS[0], 1, 1), max_value=dt.date(YEARS[1], 12, 31)))
def test_date_accepts_every_real_date(day):
    value, problems = _check(Date(), day.isoformat())
    assert value == day and not problems


@given(st.integers(*YEARS), st.integers(1, 12), st.integers(29, 31))
def test_date_rejects_impossible_days_with_the_line(year, month, day):
    text = f"{year:04d}-{month:02d}-{day:02d}"
    try:
        dt.date(year, month, day)
    except ValueError:
        value, problems = _check(Date(), text)
        assert value is INVALID
        assert problems == [Problem("f.md", 3, f"« k » : la date « {text} » n'existe pas")]


@given(st.integers(1900, 2100), st.one_of(st.none(), st.integers(1, 12)))
def test_fuzzy_dates_keep_their_precision(year, month):
    text = str(year) if month is None else f"{year}-{month:02d}"
    value, problems = _check(FuzzyDateType(), text)
    assert not problems
    assert value.iso() == text
    assert value.first_day <= value.last_day


@pytest.mark.parametrize(
    ("field_type", "written", "hint"),
    [
        (Date(), "12/03/2026", "2026-03-12"),
        (Date(), "1.3.2026", "2026-03-01"),
        (Date(), "03/2026", None),  # a meeting's day is required
        (FuzzyDateType(), "03/2026", "2026-03"),
        (FuzzyDateType(), "12-03-2026", "2026-03-12"),
    ],
)
def test_a_date_written_day_first_suggests_its_iso_form(field_type, written, hint):
    """« 12/03/2026 », as a date is written in France (or pasted from a document): the message
    suggests the form the file needs."""
    value, problems = _check(field_type, written)
    assert value is INVALID
    assert problems == [Problem("f.md", 3, f"« k » doit être {field_type.expected}, trouvé « {written} »", hint)]


@pytest.mark.parametrize(
    ("field_type", "written", "form"),
    [(Date(), "30/02/2026", "AAAA-MM-JJ"), (FuzzyDateType(), "31.02.2026", "AAAA-MM-JJ"), (FuzzyDateType(), "13/2026", "AAAA-MM")],
)
def test_a_date_written_day_first_that_does_not_exist_is_named(field_type, written, form):
    """No ISO form to suggest: it was said to be of the wrong format, without a clue; it is said not
    to exist, as an engagement's due date is."""
    value, problems = _check(field_type, written)
    assert value is INVALID
    assert problems == [Problem("f.md", 3, f"« k » : la date « {written} » n'existe pas (écrivez-la {form})")]


@pytest.mark.parametrize(
    ("field_type", "written", "hint"),
    [
        (Boolean(), "oui", "true"),
        (Boolean(), "Non", "false"),
        (Boolean(), "peut-être", None),
        (ListOf(Ref("thematique")), "logement", "[logement]"),
        (ListOf(Text()), "Présentation du diagnostic, puis questions", None),  # not one id: a list of what?
        (TIME_RANGE, "de 14h à 16h", "14h-16h"),
        (TIME_RANGE, "9h30 – 12h", "9h30-12h"),
        (TIME_RANGE, "toute la journée", None),
    ],
)
def test_a_value_written_as_said_suggests_the_yaml(field_type, written, hint):
    """« visio: oui », « thematiques: logement », « horaire: de 14h à 16h »: what the coordinator meant."""
    value, problems = _check(field_type, written)
    assert value is INVALID
    assert problems == [Problem("f.md", 3, f"« k » doit être {field_type.expected}, trouvé « {written} »", hint)]


@pytest.mark.parametrize(
    ("written", "hint"), [("12h30-8h30", "8h30-12h30"), ("16h - 14h", "14h-16h"), ("10:00-9:45", "9:45-10:00"), ("10h-10h", None)]
)
def test_a_time_range_that_ends_before_it_starts_is_refused(written, hint):
    """« 12h30-8h30 » is a slip: read as it was, the calendars dropped its end."""
    value, problems = _check(TIME_RANGE, written)
    assert value is INVALID
    ending = "finit avant de commencer" if hint else "finit à l'heure où il commence"
    assert problems == [Problem("f.md", 3, f"« k » : « {written} » {ending}", hint)]
    assert _check(TIME_RANGE, "8h30-12h30") == ("8h30-12h30", [])
    assert _check(TIME_RANGE, "20h-0h") == ("20h-0h", [])  # until midnight


def test_a_reversed_time_range_stops_the_build_at_its_line(tmp_path):
    found = content_problems(tmp_path, {MEETING_PATH: MEETING.replace("horaire: 10h-12h", "horaire: 12h-10h", 1)})
    assert found == [f"{MEETING_PATH}:5: « horaire » : « 12h-10h » finit avant de commencer (vouliez-vous dire « 10h-12h » ?)"]


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz-", min_size=3, max_size=20))
def test_suggest_returns_a_known_id_or_nothing(word):
    known = ["ch-jury", "cmp-winnicott", "epe-57"]
    assert suggest(word, known) in known + [None]
    assert suggest("CH-Jury", known) == "ch-jury"
    assert re.match(r"^[a-z0-9-]+$", suggest("cmp-winicot", known))


@pytest.mark.parametrize("value", ["=", "!python/object:os.system echo", "<<: {horaire: 10h-12h}"])
def test_yaml_values_with_a_special_meaning_are_reported(tmp_path, value):
    meeting = MEETING.replace("horaire: 10h-12h", value if value.startswith("<<") else f"horaire: {value}")
    found = content_problems(tmp_path, {MEETING_PATH: meeting})
    assert any(problem.startswith(f"{MEETING_PATH}:5: ") for problem in found), found


# --- The forgiving syntax (checked in process: the engine returns its problems) -------------------

from releve import pipeline  # noqa: E402


problems_of = content_problems


@pytest.mark.parametrize("written", ["décision", "Décision", "DECISION", "Decision"])
def test_decision_is_recognised_whatever_its_accents_and_case(tmp_path, written):
    write_project(tmp_path, {**BASE_FILES, MEETING_PATH: MEETING.replace("!!! decision reseau", f"!!! {written} reseau")})
    site = pipeline.load(tmp_path).site
    (meeting,) = site.meetings
    assert [d.text for d in meeting.decisions] == ["Il est convenu de lancer le réseau."]
    assert meeting.decisions[0].actions == ("reseau",)


def test_the_loaded_content_is_left_out_of_the_cycle_collector_s_passes(tmp_path):
    """Validation and linking make objects that all stay alive until the build ends: once made
    without error, the cycle collector leaves them alone (``gc.freeze``) until ``released``. The
    first collection after each stage went through all of them once more, on one core."""
    import gc

    from releve import parallel
    from releve.problems import ContentError

    parallel.released()
    write_project(tmp_path, {**BASE_FILES, MEETING_PATH: MEETING.replace("titre:", "titer:")})
    with pytest.raises(ContentError):
        pipeline.load(tmp_path)
    assert gc.get_freeze_count() == 0  # stopped: nothing is kept
    write_project(tmp_path, BASE_FILES)
    linked = pipeline.load(tmp_path)
    try:
        assert gc.get_freeze_count() > 1_000
        collected = {id(item) for item in gc.get_objects()}
        assert id(linked) not in collected and id(linked.site.meetings[0]) not in collected
    finally:
        parallel.released()
    assert id(linked.site.meetings[0]) in {id(item) for item in gc.get_objects()}


def test_an_unknown_block_is_an_error_listing_the_known_ones(tmp_path):
    found = problems_of(tmp_path, {MEETING_PATH: MEETING.replace("!!! decision reseau", "!!! decison reseau")})
    assert found == [
        f"{MEETING_PATH}:28: bloc « !!! decison » inconnu : les blocs de Relevé sont « !!! decision », "
        "« !!! engagement », « !!! fait » ; les encadrés simples sont note, abstract, info, tip, success, question, "
        "warning, failure, danger, bug, example, quote (vouliez-vous dire « decision » ?)"
    ]


def test_an_engagement_s_day_first_due_date_is_named_with_its_iso_form(tmp_path):
    """« 15/01/2027 », as a date is written in France: it was read as a second word of the name
    (« mettez le nom de la personne entre guillemets », the name being quoted), or as the name."""
    body = '\n!!! engagement ch-jury "Paul Exemple" 15/01/2027\n    Réserver les salles.\n\n!!! engagement ch-jury 15/01/2027\n    Réserver.\n'
    line = MEETING.count("\n") + 2
    expected = "« !!! engagement » : l'échéance « 15/01/2027 » s'écrit AAAA-MM-JJ (vouliez-vous dire « 2027-01-15 » ?)"
    assert problems_of(tmp_path, {MEETING_PATH: MEETING + body}) == [f"{MEETING_PATH}:{line}: {expected}", f"{MEETING_PATH}:{line + 3}: {expected}"]
    # Its example names no site's structure.
    assert problems_of(tmp_path, {MEETING_PATH: MEETING + "\n!!! engagement\n    Réserver.\n"}) == [
        f"{MEETING_PATH}:{line}: « !!! engagement » doit nommer la structure responsable : "
        '!!! engagement id-de-la-structure "Prénom Nom" [AAAA-MM-JJ]'
    ]


def test_an_engagement_s_day_first_due_date_that_does_not_exist_is_named(tmp_path):
    """« 31/02/2027 » has no ISO form to suggest: after a quoted name it was said to be written
    otherwise (« en chiffres de 0 à 9 »), alone it was read as the person's name."""
    body = '\n!!! engagement ch-jury "Paul Exemple" 31/02/2027\n    Réserver.\n\n!!! engagement ch-jury 31/02/2027\n    Réserver.\n'
    line = MEETING.count("\n") + 2
    expected = "« !!! engagement » : l'échéance « 31/02/2027 » n'existe pas (écrivez-la AAAA-MM-JJ)"
    assert problems_of(tmp_path, {MEETING_PATH: MEETING + body}) == [f"{MEETING_PATH}:{line}: {expected}", f"{MEETING_PATH}:{line + 3}: {expected}"]


def test_a_date_in_other_digits_or_shape_is_refused_at_its_line(tmp_path):
    """« ٢٠٢٧-01-15 » (Arabic-Indic digits, which int() reads) was taken for 15 January 2027 in the
    front matter, while YAML and the form take ASCII digits only; after a quoted name, such a due date
    or « 2027/01/15 » was said to be a word of an unquoted name."""
    arabic = "\u0662\u0660\u0662\u0667-01-15"
    body = f'\n!!! engagement ch-jury "Paul Exemple" {arabic}\n    Réserver.\n\n!!! engagement ch-jury "Paul Exemple" 2027/01/15\n    Réserver.\n'
    line = MEETING.count("\n") + 2
    meeting = MEETING.replace("date: 2021-02-19", f"date: {arabic}", 1) + body
    assert problems_of(tmp_path, {MEETING_PATH: meeting}) == [
        f"{MEETING_PATH}:4: « date » doit être une date au format AAAA-MM-JJ, trouvé « {arabic} »",
        f"{MEETING_PATH}:{line}: « !!! engagement » : l'échéance « {arabic} » s'écrit AAAA-MM-JJ, en chiffres de 0 à 9",
        f"{MEETING_PATH}:{line + 3}: « !!! engagement » : l'échéance « 2027/01/15 » s'écrit AAAA-MM-JJ, en chiffres de 0 à 9",
    ]


def test_material_admonitions_stay_allowed_and_code_is_not_read(tmp_path):
    body = "\n\n!!! note \"À savoir\"\n    Une boîte.\n\n```\n!!! pas-un-bloc\n```\n"
    assert problems_of(tmp_path, {MEETING_PATH: MEETING + body}) == []


TWO_MEETINGS = {
    MEETING_PATH: MEETING + '\n!!! engagement ch-jury "Paul Exemple"\n    Réserver les salles.\n'
    "\n!!! engagement epe-57\n    Diffuser l'affiche.\n",
    "minutes/2021-05-10-suite.md": MEETING.replace("date: 2021-02-19", "date: 2021-05-10")
    .replace("date: 2022-05-10", "date: 2022-06-10")
    .replace("!!! decision reseau\n    Il est convenu de lancer le réseau.", "!!! fait {closed}\n    C'est fait."),
}


def test_an_unknown_fait_suggests_only_open_commitments_of_its_structures(tmp_path):
    # Learn the anchors from a valid project first (the closing meeting closes nothing yet).
    files = {MEETING_PATH: TWO_MEETINGS[MEETING_PATH]}
    write_project(tmp_path, {**BASE_FILES, **files})
    (meeting,) = pipeline.load(tmp_path).site.meetings
    by_structure = {c.structure: c.anchor for c in meeting.commitments}
    ch_jury, epe = by_structure["ch-jury"], by_structure["epe-57"]
    # The closing meeting has ch-jury and cmp-winnicott at the table, not epe-57: a typo of the
    # ch-jury commitment is corrected, and the epe-57 one is never offered.
    typo = ch_jury[:-1] + ("0" if ch_jury[-1] != "0" else "1")
    closing = TWO_MEETINGS["minutes/2021-05-10-suite.md"].format(closed=typo)
    found = problems_of(tmp_path, {**files, "minutes/2021-05-10-suite.md": closing})
    assert found == [f"minutes/2021-05-10-suite.md:28: engagement inconnu : « {typo} » (vouliez-vous dire « {ch_jury} » ?)"]
    unrelated = closing.replace(typo, "engagement-zzzzzzzz").replace("structure: ch-jury", "structure: cmp-winnicott")
    found = problems_of(tmp_path, {**files, "minutes/2021-05-10-suite.md": unrelated})
    assert len(found) == 1 and epe not in found[0] and ch_jury not in found[0], found


def test_a_list_pasted_from_word_is_a_warning_at_its_first_bullet(tmp_path):
    """« • » is no list for Markdown: the lines ran together in one paragraph, and nothing said so.
    A fence may show a bullet as it is; a « - » list is a list. A long list names its first lines."""
    pasted = MEETING.replace(
        "Le groupe discute du réseau.\n",
        "Le groupe discute du réseau.\n\n• Présentation du diagnostic\n• Questions diverses\n" + "• point\n" * 10 + "\n```\n• exemple\n```\n\n- une vraie liste\n",
    )
    write_project(tmp_path, {**BASE_FILES, MEETING_PATH: pasted, "actions/reseau.md": ACTION.replace("## Quoi ?\n", "## Quoi ?\n● Un réseau.\n")})
    assert pipeline.validate_project(tmp_path) == []  # a warning does not stop the build
    warnings = sorted(str(w) for w in pipeline.load(tmp_path).site.warnings if w.path in (MEETING_PATH, "actions/reseau.md"))
    assert warnings == [
        "actions/reseau.md:15: avertissement : « ● » en début de ligne ne fait pas une liste sur le site, où le texte se suit en un seul paragraphe : "
        "écrivez « - » (un tiret et une espace) à la place de la puce",
        f"{MEETING_PATH}:28: avertissement : « • » en début de ligne (lignes 28, 29, 30, 31, 32, 33, 34, 35, 36, 37 …) ne fait pas une liste sur le site, où le texte se suit en un seul "
        "paragraphe : écrivez « - » (un tiret et une espace) à la place de la puce",
    ]


def test_a_heading_of_level_one_in_a_text_is_a_warning_at_its_line(tmp_path):
    """The page of a compte rendu, a fiche or a lettre has its title as its one « h1 »: a « # » in the
    text made a second one. Not in code, nor in a page of docs/, titled by its own « # »."""
    meeting = MEETING.replace("## Projet de réseau", "```\n# exemple\n```\n\n# Un titre\n\n## Projet de réseau")
    docs = {"docs/a-propos.md": "# À propos\n\nLe conseil.\n"}
    write_project(tmp_path, {**BASE_FILES, **docs, MEETING_PATH: meeting, "lettres/2021-02.md": "---\ntitre: Février\n---\n# Édito\n\nBonjour.\n"})
    assert pipeline.validate_project(tmp_path) == []  # a warning does not stop the build
    warnings = sorted(str(w) for w in pipeline.load(tmp_path).site.warnings if w.path != "partners.yaml")
    line = meeting.split("\n").index("# Un titre") + 1
    said = (
        "avertissement : « # » fait un titre de niveau 1 : la page en a déjà un, son titre, et les lecteurs d'écran en "
        "annonceraient deux ; écrivez « ## » pour une partie du texte (« ### » pour une sous-partie)"
    )
    assert warnings == [f"lettres/2021-02.md:4: {said}", f"{MEETING_PATH}:{line}: {said}"]


def test_a_next_meeting_on_or_before_its_meeting_is_a_warning_at_its_line(tmp_path):
    same_day = MEETING.replace("date: 2022-05-10", "date: 2021-02-19")
    write_project(tmp_path, {**BASE_FILES, MEETING_PATH: same_day})
    assert pipeline.validate_project(tmp_path) == []  # a warning does not stop the build
    (warning,) = [w for w in pipeline.load(tmp_path).site.warnings if w.path == MEETING_PATH]
    assert warning.severity == "warning"
    assert str(warning) == (
        f"{MEETING_PATH}:20: avertissement : la prochaine réunion (2021-02-19) est datée le jour même de cette "
        "réunion (2021-02-19) : vérifiez la date"
    )
    write_project(tmp_path, {MEETING_PATH: MEETING})
    assert [w for w in pipeline.load(tmp_path).site.warnings if w.path == MEETING_PATH] == []


DRAFT_MEETING_PATH = "minutes/2021-06-01-brouillon.md"
DRAFTS = {
    DRAFT_MEETING_PATH: MEETING.replace("2021-02-19", "2021-06-01").replace("actions: [reseau]", "actions: [brouillon]")
    .replace("!!! decision reseau", "!!! decision brouillon").replace("---\n## Projet", "brouillon: true\n---\n## Projet"),
    "actions/brouillon.md": ACTION.replace("---\n## Quoi", "brouillon: true\n---\n## Quoi"),
}
"""A draft meeting that mentions a draft fiche, in its « actions » and in a decision."""


@pytest.fixture(scope="module")
def warned_site(tmp_path_factory):
    """One build for three tests: a next meeting dated before its meeting (a warning), a structure
    without secteur, type or description whose participant also belongs to another, and drafts
    that link to each other."""
    partners = BASE_FILES["partners.yaml"] + "  - id: association-nouvelle\n    nom: Association nouvelle\n    sigle: AN\n"
    meeting = MEETING.replace("date: 2022-05-10", "date: 2020-01-01").replace("    structure: ch-jury\n", "    structure: [ch-jury, association-nouvelle]\n")
    root = tmp_path_factory.mktemp("averti")
    write_project(root, {**BASE_FILES, "partners.yaml": partners, MEETING_PATH: meeting, **DRAFTS})
    return build_in_process(root, "--strict")


def test_a_warning_is_shown_by_the_build_and_never_stops_it(warned_site):
    """Seed 000 announces its next meeting on its own date: the coordinator sees it, the site is published."""
    build = warned_site
    assert build.returncode == 0, build.output
    assert f"{MEETING_PATH}:20: avertissement : la prochaine réunion (2020-01-01) est datée avant" in build.output


def test_secteur_type_and_description_are_optional_and_the_directory_copes(warned_site):
    build = warned_site
    assert build.returncode == 0, build.output
    index = build.html("annuaire/index.html")
    assert "Secteur non renseigné" in index and "Association nouvelle" in index
    page = build.html("annuaire/association-nouvelle/index.html")
    assert "Type" not in page.split("Association nouvelle", 2)[-1].split("Réunions")[0]
    # A participant of two structures is listed under the first and counted for both.
    assert "Réunion du groupe enfance" in page
    minutes = build.html("comptes-rendus/2021-02-19-groupe-enfance/index.html")
    assert "Paul Exemple" in minutes and "également" in minutes


def test_participant_structure_list_is_checked_item_by_item(tmp_path):
    meeting = MEETING.replace("    structure: ch-jury\n", "    structure: [ch-jury, ch-jurry]\n")
    assert problems_of(tmp_path, {MEETING_PATH: meeting}) == [
        f"{MEETING_PATH}:17: structure inconnue : « ch-jurry » (vouliez-vous dire « ch-jury » ?)"
    ]


# --- the schema's mapping of French keys to the model ------------------------------------------


def _records(record, seen=None):
    """A record and every record nested in it."""
    from releve.schema import ListOf, Record

    seen = [] if seen is None else seen
    if isinstance(record, Record) and record not in seen:
        seen.append(record)
        for spec in record.fields.values():
            _records(spec.type, seen)
    elif isinstance(record, ListOf):
        _records(record.item, seen)
    return seen


def test_every_mapped_key_fills_an_attribute_of_its_model():
    from dataclasses import fields

    from releve import schema

    records = [r for top in (schema.MEETING, schema.ACTION, schema.PARTNERS, schema.EVENTS, schema.HISTORY, schema.REFERENTIAL) for r in _records(top)]
    mapped = [r for r in records if r.model is not None]
    assert {r.model.__name__ for r in mapped} >= {"Meeting", "Participant", "NextMeeting", "ActionSheet", "Milestone", "Structure", "Event"}
    for record in mapped:
        names = {f.name for f in fields(record.model)}
        for key, spec in record.fields.items():
            assert not spec.attr or spec.attr.split(".")[0] in names, (record.model.__name__, key, spec.attr)
    # A record without a model maps nothing: its keys are read by hand, or by the validation alone.
    assert all(not spec.attr for record in records if record.model is None for spec in record.fields.values())


def test_a_meeting_goes_from_its_keys_to_the_model_and_back():
    """What the build reads (``Record.build``) and what the importer writes (``Record.written``)
    are one mapping: a front matter made into a Meeting gives back the same keys."""
    from releve.schema import MEETING as MEETING_RECORD

    written = {
        "titre": "Groupe enfance",
        "type": "compte rendu",
        "date": dt.date(2021, 2, 19),
        "horaire": "10h-12h",
        "lieu": "cmp-winnicott",
        "visio": True,
        "instance": "groupe-thematique",
        "thematiques": ["enfance"],
        "ordre_du_jour": ["Point un", "Point deux"],
        "participants": [
            {"nom": "Jeanne Martin", "fonction": "infirmière", "structure": ["ch-jury", "cmp-winnicott"]},
            {"groupe": "Les bénévoles", "structure": "unafam"},
        ],
        "actions": ["forum"],
        "prochaine_reunion": {"date": dt.date(2021, 5, 20), "lieu": "Mairie de quartier", "note": "à confirmer"},
    }
    source = {**written, "date": "2021-02-19", "prochaine_reunion": {**written["prochaine_reunion"], "date": "2021-05-20"}}
    checker = Checker(SourceDocument(MEETING_PATH, source, {}))
    meeting = MEETING_RECORD.build(
        MEETING_RECORD.check(source, checker, ()), id="x", path=MEETING_PATH, body=(), sections=(), decisions=(), commitments=(), closures=()
    )
    assert not checker.problems
    assert (meeting.title, meeting.kind, meeting.time_range, meeting.agenda) == ("Groupe enfance", "compte rendu", "10h-12h", ("Point un", "Point deux"))
    assert (meeting.place.structure, meeting.place.text, meeting.place.online) == ("cmp-winnicott", None, True)
    assert [(p.name, p.group, p.structure, p.structures) for p in meeting.participants] == [
        ("Jeanne Martin", None, "ch-jury", ("ch-jury", "cmp-winnicott")),
        (None, "Les bénévoles", "unafam", ("unafam",)),
    ]
    following = meeting.next_meeting
    assert (following.date, following.place.text, following.place.online, following.note) == (dt.date(2021, 5, 20), "Mairie de quartier", False, "à confirmer")
    assert MEETING_RECORD.written(meeting) == written
