"""The Word importer: seeds 000, 001, 003, 004 (plain-text exports), .docx fixtures, the CLI."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "hooks"))

import docx  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from conftest import Result, project_config, run_releve  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from releve.importing import import_document, parse_date, parse_lines, parse_time_range  # noqa: E402
from releve.importing.dates import MONTHS, WEEKDAYS  # noqa: E402
from releve.importing.text import HEADING, clean_item  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "importer"
"""The seeds' plain-text exports (copied as they are) and synthetic documents in other layouts."""

PARTNERS = """\
structures:
  - id: ch-jury
    nom: Centre hospitalier de Jury
    sigle: CH Jury
  - id: cmp-winnicott
    nom: Centre psychothérapeutique Winnicott
    sigle: CMP Winnicott
    parent: ch-jury
  - id: ville-de-metz
    nom: Ville de Metz
  - id: ville-de-metz-pole-petite-enfance
    nom: Pôle petite enfance de la Ville de Metz
    parent: ville-de-metz
  - id: ville-de-woippy
    nom: Ville de Woippy
  - id: csc-arc-en-ciel
    nom: CSC Arc-en-ciel
  - id: epe-57
    nom: EPE 57
"""
"""Deliberately small: no CCOMS, no Marmousets, so the summary has something to report."""

REFERENTIAL = """\
instances:
  - id: copil
    nom: Comité de pilotage (COPIL)
  - id: plénière
    nom: Plénière
  - id: groupe thématique
    nom: Groupes thématiques
thematiques:
  - id: enfance-parentalite
    nom: Enfance et parentalité
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "projet"
    root.mkdir()
    (root / "mkdocs.yml").write_text(project_config(), encoding="utf-8")  # a site's folder: releve acts on no other
    (root / "partners.yaml").write_text(PARTNERS, encoding="utf-8")
    (root / "referentiel.yaml").write_text(REFERENTIAL, encoding="utf-8")
    return root


def seed(prefix: str) -> Path:
    (found,) = DATA.glob(f"seed-{prefix}-*.txt")
    return found


def split(markdown: str) -> tuple[dict, str]:
    assert markdown.startswith("---\n")
    front, body = markdown[4:].split("\n---\n", 1)
    return yaml.safe_load(front), body


def names(front: dict) -> list[str]:
    return [p.get("nom") or p.get("groupe") for p in front["participants"]]


def messages(result) -> str:
    return "\n".join(notice.message for notice in result.notices)


# --- Seeds (plain-text exports of the real Word minutes) ------------------------------------------


def test_seed_000_releve_de_conclusions(project: Path):
    result = import_document(seed("000"), project)
    front, body = split(result.markdown)
    assert result.file_name == "2021-10-22-collaboration-cmp-winnicott-clsm-messin.md"
    assert front["titre"] == "Collaboration CMP Winnicott / CLSM messin"
    assert front["type"] == "relevé de conclusions"
    assert front["date"] == dt.date(2021, 10, 22)
    assert front["lieu"] == "cmp-winnicott"
    assert "visio" not in front
    assert front["brouillon"] is True
    assert front["ordre_du_jour"] == [
        "Projet de réseau psypérinatalité.",
        "Actions proposées au projet «\u00a0Cités éducatives\u00a0» de la Ville de Metz.",
    ]
    assert names(front) == [
        "Sylvie Plujat",
        "Dr Anne Taillemite",
        "Membres de l’équipe du Centre psychothérapeutique Winnicott",
        "Stéphane TK",
    ]
    # « CH Jury – CMP Winnicott » is the most specific structure, the CMP.
    assert front["participants"][0] == {"nom": "Sylvie Plujat", "fonction": "cadre de santé", "structure": "cmp-winnicott"}
    assert front["participants"][2]["structure"] == "cmp-winnicott"
    assert front["participants"][3]["structure"] == "ch-jury"
    assert front["prochaine_reunion"] == {"date": dt.date(2021, 10, 22), "note": "avec l’équipe de la MDA"}
    assert [line for line in body.splitlines() if line.startswith("## ")] == [
        "## Projet U3PE",
        "## Projet de réseau psypérinatalité",
        "## Projet «\u00a0Cités éducatives\u00a0»",
        "## Projet PATH",
    ]
    assert body.count("!!! decision") == result.minutes.decision_count == 3
    assert "\n    Il est convenu que Stéphane TK tiendra informé" in body
    assert "<https://path-perinatal.eu/fr/>" in body
    assert "[bookmark" not in result.markdown and "·" not in body
    assert "Instance non reconnue" in messages(result)


def test_seed_001_compte_rendu_en_visio(project: Path):
    result = import_document(seed("001"), project)
    front, body = split(result.markdown)
    assert front["type"] == "compte rendu"
    assert front["titre"] == "GT CLSM «\u00a0enfance et parentalité\u00a0»"
    assert front["date"] == dt.date(2021, 2, 19)
    assert front["visio"] is True and "lieu" not in front
    assert front["instance"] == "groupe thématique"
    assert front["thematiques"] == ["enfance-parentalite"]
    assert front["ordre_du_jour"] == ["Rédiger les fiches projets à partir des idées proposées."]
    # Surnames in capitals are re-cased; a compound name keeps its hyphen.
    assert names(front) == [
        "Gaëlle Charles", "Frédérique Guigues", "Sarah Hatuna", "Sylvie Merand",
        "Karima Miliani", "Dr Anne Taillemite", "Mathieu Vauchez", "Stéphane Tinnes-Kraemer",
    ]
    by_name = {p["nom"]: p for p in front["participants"]}
    assert by_name["Sylvie Merand"]["structure"] == "ville-de-metz-pole-petite-enfance"
    assert by_name["Mathieu Vauchez"]["structure"] == "cmp-winnicott"  # « Centre Psychothérapique WINNICOT »
    assert by_name["Karima Miliani"]["structure"] == "ville-de-metz"  # the fixture directory has no Marmousets
    assert front["prochaine_reunion"] == {
        "date": dt.date(2021, 4, 1),
        "horaire": "10h-12h",
        "visio": True,
        "note": "inscription sur le site Internet du CLSM, rubrique agenda",
    }
    assert body.count("!!! decision") == 1  # the header « Conclusions » block
    assert body.startswith("## Conclusions\n\n!!! decision\n    Mise en réflexion")
    assert "\n1. Quoi\u00a0? (objectif)\n2. Pourquoi" in body
    assert "<https://youtu.be/Vnp81-L7xn8>" in body
    assert "[Tapez le texte]" not in result.markdown


def test_seed_004_visio_and_next_meeting_without_date(project: Path):
    result = import_document(seed("004"), project)
    front, body = split(result.markdown)
    assert front["titre"] == "Organisation de la sensibilisation en santé mentale dans les QPV messins"
    assert front["date"] == dt.date(2022, 3, 1)
    assert front["visio"] is True and "lieu" not in front
    assert len(front["ordre_du_jour"]) == 3
    assert len(front["participants"]) == 8
    assert names(front)[0] == "Jessica Ascencao"
    # « Metz » or « Woippy » alone is a place, not the city's own services: never attached on it
    # (the fixture project has no published minutes to recognise these people from).
    assert "structure" not in front["participants"][0] and "structure" not in front["participants"][3]
    assert front["participants"][0]["fonction"] == "chargée de mission politique de la ville et solidarité, Metz"
    assert "« Metz » est un nom de lieu, qui ne désigne aucune structure (Jessica Ascencao, Lucile Branet" in messages(result)
    assert "« Woippy » est un nom de lieu" in messages(result)
    # The commune's own structure is named, for the coordinator to choose.
    assert "(celle de la commune est « ville-de-metz »)." in messages(result)
    assert front["prochaine_reunion"] == {"note": "Réunion bilan à programmer en mai"}
    assert body.count("!!! decision") == 0
    assert len([line for line in body.splitlines() if line.startswith("## ")]) == 6
    assert "<http://clsm-ccoms.org>." in body  # the final period stays out of the link
    # CCOMS is not in the fixture directory: reported, never invented.
    assert "sonia" not in str(front["participants"][2].get("structure", "")).lower()
    assert "Structure inconnue « CCOMS » (Sonia Charapoff)" in messages(result)
    assert "Prochaine réunion sans date" in messages(result)


# --- .docx fixtures -------------------------------------------------------------------------------


def _cell(cell, paragraphs: list[str]) -> None:
    """Fill a cell; « · » items become real Word bullets, « 1. » items real numbered items."""
    first = True
    for text in paragraphs:
        style = None
        if text.startswith("· "):
            style, text = "List Bullet", text[2:]
        elif text[:3].rstrip(" ").rstrip(".").isdigit() and ". " in text[:4]:
            style, text = "List Number", text.split(". ", 1)[1]
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        paragraph.text = text
        if style:
            paragraph.style = style
        first = False


def build_docx(path: Path, kind: str, header: list[tuple[str, list[str]]], topics: list[tuple[str, list[str]]],
               label_layout: str = "columns") -> Path:
    """A Word minutes document shaped like the originals: type line, header table, « Discussion » table.

    ``label_layout``: « columns » puts each label and its value side by side (two cells),
    « cell » writes the label as the first paragraph of the cell, as in the seeds' export.
    """
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "[Tapez le texte]"
    document.add_paragraph(kind)
    table = document.add_table(rows=0, cols=2 if label_layout == "columns" else 1)
    for label, values in header:
        row = table.add_row()
        if label_layout == "columns":
            row.cells[0].text = label
            _cell(row.cells[1], values)
        else:
            _cell(row.cells[0], [label, *values])
    document.add_paragraph("")
    document.add_paragraph("Discussion")
    discussion = document.add_table(rows=1, cols=2)
    discussion.rows[0].cells[0].text = "THÈME"
    for title, content in topics:
        row = discussion.add_row()
        row.cells[0].text = title
        _cell(row.cells[1], content)
    document.save(str(path))
    return path


SEED_000_AS_DOCX = dict(
    kind="Relevé de conclusions",
    header=[
        ("TYPE DE RÉUNION", ["Collaboration CMP Winnicott / CLSM messin"]),
        ("DATE/LIEU", ["22/10/2021 au CMP Winnicott"]),
        ("POINTS À L’ORDRE DU JOUR", ["· Projet de réseau psypérinatalité.", "· Projet PATH."]),
        ("PARTICIPANTS", [
            "· Sylvie Plujat, cadre de santé, CH Jury – CMP Winnicott.",
            "· Dr Anne Taillemite, médecin responsable UF, CH Jury – CMP Winnicott.",
            "· Membres de l’équipe du Centre psychothérapeutique Winnicott.",
            "· Stéphane TK, coordonnateur CLSM, CH JURY.",
        ]),
        ("PROCHAINE RÉUNION", ["· 22/10/2021 avec l’équipe de la MDA."]),
    ],
    topics=[
        ("Projet de réseau psypérinatalité", [
            "· Plusieurs constats sont partagés.", "Décision", "· Il est convenu de poser les bases de ce réseau."]),
        ("Projet PATH", [
            "· Un site dédié est déjà disponible : https://path-perinatal.eu/fr/",
            "Décision", "· Il est convenu que Stéphane TK tiendra informé l’équipe."]),
    ],
)


def test_docx_shaped_like_seed_000(project: Path, tmp_path: Path):
    path = build_docx(tmp_path / "releve.docx", **SEED_000_AS_DOCX)
    result = import_document(path, project)
    front, body = split(result.markdown)
    assert front["date"] == dt.date(2021, 10, 22)
    assert front["lieu"] == "cmp-winnicott"
    assert front["ordre_du_jour"] == ["Projet de réseau psypérinatalité.", "Projet PATH."]
    assert names(front)[:2] == ["Sylvie Plujat", "Dr Anne Taillemite"]
    assert [p.get("structure") for p in front["participants"]] == ["cmp-winnicott"] * 3 + ["ch-jury"]
    assert front["prochaine_reunion"]["date"] == dt.date(2021, 10, 22)
    assert body.count("!!! decision") == 2
    assert "- Plusieurs constats sont partagés." in body
    assert "<https://path-perinatal.eu/fr/>" in body
    assert "Tapez" not in result.markdown


def test_docx_label_in_cell_layout_gives_the_same_result(project: Path, tmp_path: Path):
    side = import_document(build_docx(tmp_path / "a.docx", **SEED_000_AS_DOCX), project)
    inside = import_document(build_docx(tmp_path / "b.docx", **SEED_000_AS_DOCX, label_layout="cell"), project)
    assert side.markdown == inside.markdown


FAKE = dict(
    kind="Compte rendu",
    header=[
        ("TYPE DE RÉUNION", ["Plénière fictive du CLSM de Test-sur-Exemple"]),
        ("DATE/LIEU", ["Jeudi 3 février 2031, de 9h30 à 11h, à la Maison des Exemples"]),
        ("POINTS À L’ORDRE DU JOUR", ["· Point imaginaire numéro un", "· Point imaginaire numéro deux",
                                      "· Point imaginaire numéro trois"]),
        ("PARTICIPANTS", [
            "· Alice Exemple, animatrice fictive, Association Imaginaire",
            "· Bob Fictif, infirmier, CMP Winnicott",
            "· Dre Chloé de la Martinière, Pédopsychiatre, Centre Psychotherapique Winnicot",
            "· Membres du collectif Test",
        ]),
        ("PROCHAINE RÉUNION", ["· 15/03/31 de 14h à 16h30 au CH Jury (salle à confirmer)"]),
    ],
    topics=[
        ("Premier sujet inventé", [
            "Texte d’introduction, voir www.example.org et https://example.org/page_1.",
            "· Premier constat.", "· Second constat.",
            "Décisions :",
            "· Première décision fictive.",
            "· Deuxième décision fictive.",
        ]),
        ("Deuxième sujet inventé", ["1. Étape A", "2. Étape B", "Décision : Troisième décision fictive."]),
        ("Troisième sujet sans décision", ["# pas un titre", "Un paragraphe simple."]),
    ],
)


def test_invented_docx_not_tuned_to_the_seeds(project: Path, tmp_path: Path):
    result = import_document(build_docx(tmp_path / "fictif.docx", **FAKE, label_layout="cell"), project)
    front, body = split(result.markdown)
    assert result.file_name == "2031-02-03-pleniere-fictive-du-clsm-de-test-sur-exemple.md"
    assert front["type"] == "compte rendu"
    assert front["instance"] == "plénière"
    assert front["date"] == dt.date(2031, 2, 3)
    assert front["horaire"] == "9h30-11h"
    assert front["lieu"] == "Maison des Exemples"  # free text: not a structure of the directory
    assert front["ordre_du_jour"] == [f"Point imaginaire numéro {n}" for n in ("un", "deux", "trois")]
    assert front["participants"] == [
        {"nom": "Alice Exemple", "fonction": "animatrice fictive, Association Imaginaire"},
        {"nom": "Bob Fictif", "fonction": "infirmier", "structure": "cmp-winnicott"},
        {"nom": "Dre Chloé de la Martinière", "fonction": "Pédopsychiatre", "structure": "cmp-winnicott"},
        {"groupe": "Membres du collectif Test"},
    ]
    assert front["prochaine_reunion"] == {
        "date": dt.date(2031, 3, 15), "horaire": "14h-16h30", "lieu": "ch-jury", "note": "salle à confirmer",
    }
    assert front["brouillon"] is True
    assert [line for line in body.splitlines() if line.startswith("## ")] == [
        "## Premier sujet inventé", "## Deuxième sujet inventé", "## Troisième sujet sans décision",
    ]
    assert body.count("!!! decision") == result.minutes.decision_count == 3
    assert "!!! decision\n    Troisième décision fictive." in body
    assert "- Premier constat.\n- Second constat." in body
    assert "1. Étape A\n2. Étape B" in body
    assert "<https://example.org/page_1>." in body
    assert "\\# pas un titre" in body  # never an accidental heading
    notices = messages(result)
    assert "Structure inconnue « Association Imaginaire » (Alice Exemple)" in notices
    assert "« Maison des Exemples » gardé en texte libre" in notices


def test_header_without_date_is_reported(project: Path, tmp_path: Path):
    header = [(label, values) for label, values in FAKE["header"] if label != "DATE/LIEU"]
    result = import_document(build_docx(tmp_path / "x.docx", FAKE["kind"], header, FAKE["topics"]), project)
    front, _ = split(result.markdown)
    assert "date" not in front
    assert result.file_name.startswith("date-inconnue-")
    assert "Date de la réunion introuvable" in messages(result)


# --- Command line ---------------------------------------------------------------------------------


def run_cli(*args: str) -> Result:
    return run_releve("importer", *args)


def test_cli_writes_a_draft_then_never_overwrites(project: Path, tmp_path: Path):
    source = build_docx(tmp_path / "fictif.docx", **FAKE)
    first = run_cli(str(source), "--site", str(project))
    assert first.returncode == 0, first.stderr
    target = project / "minutes" / "2031-02-03-pleniere-fictive-du-clsm-de-test-sur-exemple.md"
    assert target.is_file()
    assert "Brouillon créé : minutes/2031-02-03-pleniere-fictive-du-clsm-de-test-sur-exemple.md" in first.stdout
    # The summary names what could not be mapped.
    assert "Structure inconnue « Association Imaginaire » (Alice Exemple)" in first.stdout
    assert "3 décisions" in first.stdout

    published = "---\ntitre: Modifiée à la main\nbrouillon: false\n---\n"
    target.write_text(published, encoding="utf-8")
    second = run_cli(str(source), "--site", str(project))
    assert second.returncode == 1
    assert "existe déjà et il est publié" in second.stderr and "n'écrase jamais" in second.stderr
    assert "Traceback" not in second.stderr
    assert target.read_text(encoding="utf-8") == published


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "Word 97-2003 (.doc)"),
        # Word keeps a .docx protected by a password in an OLE container, its package in this stream.
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64 + "EncryptedPackage".encode("utf-16-le"), "protégé par un mot de passe"),
        (b"PK\x03\x04 not really a zip", "n'est pas un document Word (.docx) lisible"),
        (b"%PDF-1.4 ...", "PDF"),
        (b"", "vide"),
        ("Une liste de courses\nPain\nLait\n".encode(), "ne ressemble pas"),
    ],
)
def test_cli_unreadable_input_is_a_french_message(project: Path, tmp_path: Path, content: bytes, expected: str):
    source = tmp_path / "document.docx"
    source.write_bytes(content)
    result = run_cli(str(source), "--site", str(project))
    assert result.returncode != 0
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "minutes").exists() or not any((project / "minutes").iterdir())


@pytest.mark.parametrize("completing", [(), ("--completer",)])
def test_cli_refuses_a_data_file_of_the_site(project: Path, completing: tuple[str, ...]):
    """Read as a text export, partners.yaml became a draft titled « yaml-language-server… »."""
    partners = project / "partners.yaml"
    partners.write_text("# yaml-language-server: $schema=schemas/partners.schema.json\nstructures: []\n", encoding="utf-8")
    result = run_cli(*completing, str(partners), "--site", str(project))
    assert result.returncode == 1 and "est un fichier de données du site, pas un compte rendu à importer" in result.stderr
    assert not (project / "minutes").exists() or not any((project / "minutes").iterdir())


def test_cli_missing_file(project: Path):
    result = run_cli(str(project / "absent.docx"), "--site", str(project))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    # A small letter after « Erreur : », as French writes it after a colon.
    assert result.stderr == f"Erreur : le fichier « {project / 'absent.docx'} » est introuvable.\n"


# --- Dates ----------------------------------------------------------------------------------------

MONTH_NAMES = {number: name for name, number in reversed(list(MONTHS.items())) if len(name) > 4 or name == "mai"}
MONTH_NAMES.update({2: "février", 8: "août", 12: "décembre", 3: "mars", 6: "juin"})


def formats(day: dt.date) -> list[str]:
    weekday = WEEKDAYS[day.weekday()]
    ordinal = "1er" if day.day == 1 else str(day.day)
    month = MONTH_NAMES[day.month]
    return [
        f"{day:%d/%m/%Y}",
        f"{day:%d/%m/%y}",
        f"{day.day}/{day.month}/{day.year}",
        f"{day:%d.%m.%Y}",
        day.isoformat(),
        f"{ordinal} {month} {day.year}",
        f"{weekday.capitalize()} {ordinal} {month.upper()} {day.year}",
        f"{day.day} {month} {day.year}",
    ]


@settings(max_examples=300, deadline=None)
@given(
    day=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)),
    which=st.integers(min_value=0, max_value=7),
    before=st.sampled_from(["", "Réunion du ", "· ", "Le "]),
    after=st.sampled_from(["", " au CMP Winnicott", " – en visioconférence", " - VISIO", " de 10h à 12h."]),
)
def test_date_parser_reads_back_every_format(day: dt.date, which: int, before: str, after: str):
    assert parse_date(before + formats(day)[which] + after) == day


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_date_parser_never_fails_and_never_invents(text: str):
    result = parse_date(text)
    assert result is None or isinstance(result, dt.date)


@pytest.mark.parametrize("text", ["10 mai", "31/02/2021", "à programmer en mai", "2022 – 2026", "Session 2 : 14h"])
def test_date_parser_refuses_incomplete_or_impossible_dates(text: str):
    assert parse_date(text) is None


@pytest.mark.parametrize(
    "text, expected",
    [("de 10h à 12h", "10h-12h"), ("de 8h30 à 12h30", "8h30-12h30"), ("10h00 - 12h00", "10h-12h"),
     ("à 14h", "14h"), ("14:30–16:00", "14h30-16h"), ("pas d'horaire", None), ("Session 2 : salle B", None)],
)
def test_time_ranges(text: str, expected: str | None):
    found = parse_time_range(text)
    assert (found.text if found else None) == expected


# --- With the real project files ------------------------------------------------------------------


def _real_project(tmp_path: Path, minutes: bool = False) -> Path:
    """The directory and referential of the realistic fixture site (its minutes too, if asked)."""
    from conftest import SAMPLE_SITE

    root = tmp_path / "copie"
    root.mkdir()
    shutil.copy(SAMPLE_SITE / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copy(SAMPLE_SITE / "partners.yaml", root / "partners.yaml")
    shutil.copy(SAMPLE_SITE / "referentiel.yaml", root / "referentiel.yaml")
    if minutes:
        shutil.copytree(SAMPLE_SITE / "minutes", root / "minutes")
    return root


def test_seeds_with_the_real_directory_map_every_structure(tmp_path: Path):
    # The published minutes attach « Metz » or « Woippy » participants to their structure.
    root = _real_project(tmp_path, minutes=True)
    for prefix in ("000", "001", "004"):
        result = import_document(seed(prefix), root)
        front, _ = split(result.markdown)
        missing = [p for p in front["participants"] if "structure" not in p]
        assert missing == [], f"{prefix}: {missing}\n{messages(result)}"
        assert "Structure inconnue" not in messages(result)


def test_imported_seed_passes_validation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    pipeline = pytest.importorskip("releve.pipeline")
    if not hasattr(pipeline, "validate_project"):
        pytest.skip("releve.pipeline.validate_project does not exist yet")
    root = _real_project(tmp_path)
    monkeypatch.setenv("RELEVE_AUJOURDHUI", "2022-04-01")
    written = run_cli(str(seed("001")), "--site", str(root))
    assert written.returncode == 0, written.stderr
    assert [str(p) for p in pipeline.validate_project(root)] == []

    # Seed 000 names no instance: the importer fills the catch-all one, asks to check it, and
    # the file it wrote passes validation as it is.
    written = run_cli(str(seed("000")), "--site", str(root))
    assert "« réunion partenariale » mise par défaut, à vérifier" in written.stdout
    assert [str(p) for p in pipeline.validate_project(root)] == []


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
def test_text_exports_in_windows_encodings(project: Path, tmp_path: Path, encoding: str):
    original = seed("004")
    copy = tmp_path / f"export-{encoding}.txt"
    copy.write_bytes(original.read_text(encoding="utf-8").encode(encoding))
    assert import_document(copy, project).markdown == import_document(original, project).markdown


@pytest.mark.parametrize("ending", ["\r", "\r\n", "\v", "\u2028"])
def test_text_exports_with_other_line_endings(project: Path, tmp_path: Path, ending: str):
    """A lone « \\r » (an old Mac's file) made one line of the whole document, refused as no minutes; a
    vertical tab (Word's manual line break) kept two lines in one, a control character in the draft."""
    original = seed("004")
    copy = tmp_path / "export.txt"
    copy.write_text(original.read_text(encoding="utf-8").replace("\n", ending), encoding="utf-8", newline="")
    assert import_document(copy, project).markdown == import_document(original, project).markdown


# --- Documents in other layouts, matching like a person, drafts that pass validation --------------

from conftest import BASE_FILES, write_project  # noqa: E402
from releve import pipeline  # noqa: E402
from releve.importing.directory import Directory, Structure  # noqa: E402
from releve.importing.interpret import recase_name  # noqa: E402
from releve.contacts import contact_key, find_contacts  # noqa: E402

MORE_PARTNERS = """\
  - id: departement-57
    nom: Département 57 (Moselle)
  - id: unafam
    nom: UNAFAM
    sigle: UNAFAM
  - id: gem-a
    nom: GEM Camille Claudel
    sigle: GEM
  - id: gem-b
    nom: GEM L'Albatros
    sigle: GEM
  - id: mediatheque-jean-mace
    nom: Médiathèque Jean Macé (Metz Borny)
"""


@pytest.fixture
def wider(project: Path) -> Path:
    (project / "partners.yaml").write_text(PARTNERS + MORE_PARTNERS, encoding="utf-8")
    return project


def test_email_like_plain_text(wider: Path):
    result = import_document(DATA / "courriel-groupe-projet.txt", wider)
    front, body = split(result.markdown)
    assert front["type"] == "compte rendu"  # read from the subject line
    assert front["titre"] == "Réunion du groupe projet «\u00a0Logement et santé mentale\u00a0»" or front["titre"].startswith("Réunion du groupe projet")
    assert front["date"] == dt.date(2030, 3, 14) and front["horaire"] == "14h-16h"
    assert front["lieu"] == "ch-jury" and front["visio"] is True  # a hybrid meeting
    people = {p["nom"]: p for p in front["participants"]}
    assert people["Jeanne Martin"]["structure"] == "epe-57"  # « EPE Moselle » for « EPE 57 »
    assert people["Yann Le Gall"] == {
        "nom": "Yann Le Gall", "fonction": "infirmier, unité Les Tilleuls, en remplacement de Paul Durand", "structure": "ch-jury",
    }
    assert "structure" not in people["Anne Bernard Dupont"]  # « Metz » alone
    assert people["Marc Exemple"]["structure"] == ["ville-de-woippy", "epe-57"]
    assert people["Luc Essai"]["structure"] == "unafam"  # « UNAFAM 57 »
    assert people["Léa Test"]["structure"] == "departement-57"  # « Département de la Moselle »
    assert "structure" not in people["Dre Chloé Fictive"]
    # The next-meeting note stops at the heading that follows it.
    assert front["prochaine_reunion"] == {"date": dt.date(2030, 5, 12), "horaire": "10h", "lieu": "ch-jury"}
    assert body.startswith("## POINTS ABORDÉS\n\n### Bilan des sessions\n\n")
    assert "\n### Suite à donner\n" in body
    assert "<https://example.org/presentation>" in body and "[www.example.org](https://www.example.org)" in body
    assert "jeanne.martin@" not in result.markdown and "01 99 00 12 34" not in result.markdown
    assert body.count("[coordonnées retirées]") == 2
    assert result.removed_contacts == ["jeanne.martin@example.org", "01 99 00 12 34"]
    assert body.count("!!! decision") == 1 and "Cordialement," in body
    notices = messages(result)
    assert "Coordonnées personnelles retirées du brouillon (2)" in notices
    # The replacement is the importer's reading of a name in brackets: the coordinator checks it.
    assert "Yann Le Gall : « (Paul Durand) » compris comme « en remplacement de Paul Durand » (à vérifier)." in notices
    assert "« Metz » est un nom de lieu" in notices and "(Anne Bernard Dupont)" in notices
    assert result.partners_block == (
        "  - id: association-exemple\n    nom: Association Exemple\n    sigle: AEX\n"
        "    # type: à compléter (une catégorie déjà utilisée dans partners.yaml)\n"
        "    # secteur: à compléter (un id de secteur de referentiel.yaml)\n"
    )


def test_those_present_listed_on_one_line_are_one_participant_each(project: Path, tmp_path: Path):
    """« Présents : A (X), B (Y) », as a message lists them: two people, each with their structure,
    and no structure proposed under a person's name."""
    text = tmp_path / "cr.txt"
    text.write_text(
        "Compte rendu du comité de pilotage\nDate : 14/04/2031\n"
        "Présents : Jeanne MARTIN (CH Jury), Paul Durand (EPE 57) ; Léa Test (Association Exemple)\n"
        "Participants : Anne Exemple, coordinatrice, CMP Winnicott\n",
        encoding="utf-8",
    )
    result = import_document(text, project)
    front, _ = split(result.markdown)
    assert front["participants"] == [
        {"nom": "Jeanne Martin", "structure": "ch-jury"},
        {"nom": "Paul Durand", "structure": "epe-57"},
        {"nom": "Léa Test", "fonction": "Association Exemple"},
        {"nom": "Anne Exemple", "fonction": "coordinatrice", "structure": "cmp-winnicott"},
    ]
    assert "nom: Association Exemple" in result.partners_block and "Paul" not in result.partners_block


def build_merged_docx(path: Path) -> Path:
    """Another header table (label | value rows, a title row merged across both columns) and a
    discussion table whose theme cell is merged down over two rows."""
    document = docx.Document()
    document.add_paragraph("Compte rendu")
    table = document.add_table(rows=0, cols=2)
    top = table.add_row()
    top.cells[0].merge(top.cells[1]).text = "RÉUNION DU COMITÉ DE PILOTAGE"
    for label, value in [
        ("Objet", "Comité de pilotage du CLSM de Test-sur-Exemple"),
        ("Date", "5 juin 2031"),
        ("Lieu", "Ville de Woippy"),
        ("Présents", "· Julie EXEMPLE, cheffe de service, GEM\n· Paul ESSAI, animateur, Médiathèque Jean Macé"),
        ("Prochaine réunion", "· 04/06/2031"),
    ]:
        row = table.add_row()
        row.cells[0].text = label
        _cell(row.cells[1], value.split("\n"))
    document.add_paragraph("Discussion")
    discussion = document.add_table(rows=3, cols=2)
    discussion.rows[0].cells[0].text = "THÈME"
    theme = discussion.rows[1].cells[0].merge(discussion.rows[2].cells[0])
    theme.text = "Bilan de l’année"
    _cell(discussion.rows[1].cells[1], ["Les sessions ont eu lieu.", "Calendrier", "Les dates restent à fixer."])
    _cell(discussion.rows[2].cells[1], ["Décision", "· Il est convenu de reconduire les sessions."])
    document.save(str(path))
    return path


def test_docx_with_merged_cells_and_another_header_table(wider: Path, tmp_path: Path):
    result = import_document(build_merged_docx(tmp_path / "copil.docx"), wider)
    front, body = split(result.markdown)
    assert front["titre"] == "Comité de pilotage du CLSM de Test-sur-Exemple"
    assert front["instance"] == "copil"
    assert front["date"] == dt.date(2031, 6, 5) and front["lieu"] == "ville-de-woippy"
    assert [p.get("structure") for p in front["participants"]] == [None, "mediatheque-jean-mace"]
    assert "Structure ambiguë « GEM » (Julie Exemple)" in messages(result)  # two GEMs: left unattached
    # The merged theme cell is one topic, read once.
    assert [line for line in body.splitlines() if line.startswith("#")] == ["## Bilan de l’année", "### Calendrier"]
    assert body.count("!!! decision") == 1
    assert "Instance « copil » déduite du titre, à vérifier." in messages(result)


def test_text_export_of_a_theme_merged_down_continues_the_topic(project: Path, tmp_path: Path):
    # Word's plain-text export writes the merged cell's later rows as an empty cell (a tab).
    source = tmp_path / "cr.txt"
    source.write_text(
        "Compte rendu\n\tTYPE DE RÉUNION\n\tPlénière\n\tDATE/LIEU\n\t02/02/2030\n\nDiscussion\n\tTHÈME\n\t\n\n"
        "\tBilan de l’année\n\tLes sessions ont eu lieu.\n\n\t \n\tDécision\n· Il est convenu de reconduire les sessions.\n\n"
        "\tCalendrier 2031\n\tLes dates restent à fixer.\n\n",
        encoding="utf-8",
    )
    _, body = split(import_document(source, project).markdown)
    assert [line for line in body.splitlines() if line.startswith("#")] == ["## Bilan de l’année", "## Calendrier 2031"]
    assert body.index("!!! decision") < body.index("## Calendrier 2031")


@pytest.mark.parametrize(
    "written, expected",
    [("Jeanne MARTIN", "Jeanne Martin"), ("Yann LE GALL", "Yann Le Gall"), ("Anne BERNARD DUPONT", "Anne Bernard Dupont"),
     ("Dr Anne TAILLEMITE", "Dr Anne Taillemite"), ("Dre Chloé de la MARTINIÈRE", "Dre Chloé de la Martinière"),
     ("Stéphane TINNES-KRAEMER", "Stéphane Tinnes-Kraemer"), ("Stéphane TK", "Stéphane TK"), ("Yann Le Gall", "Yann Le Gall")],
)
def test_names_are_recased_keeping_particles_titles_and_initials(written: str, expected: str):
    assert recase_name(written) == expected


DIRECTORY = Directory([
    Structure("ch-jury", "Centre hospitalier de Jury", "CH Jury"),
    Structure("ville-de-metz", "Ville de Metz"),
    Structure("mediatheque-jean-mace", "Médiathèque Jean Macé (Metz Borny)"),
    Structure("hall-du-chapitre", "Hall du Chapitre (Woippy)"),
    Structure("departement-57", "Département 57 (Moselle)"),
    Structure("epe-57", "EPE 57", "EPE 57"),
    Structure("mdph", "Maison départementale des personnes handicapées"),
])


@pytest.mark.parametrize("text", ["Metz", "Woippy", "Borny", "Metz Borny", "Moselle", "57", "METZ", "Ville"])
def test_a_place_name_alone_never_selects_a_structure(text: str):
    assert DIRECTORY.match(text) is None and DIRECTORY.find_in(text) is None


@pytest.mark.parametrize(
    "text, expected",
    [("Centre hospitalier de Jury", "ch-jury"), ("CH JURY", "ch-jury"), ("centre hospitalier Jury", "ch-jury"),
     ("CH Jury, unité X", "ch-jury"), ("CH Jury unité des Tilleuls", "ch-jury"), ("EPE Moselle", "epe-57"),
     ("EPE", "epe-57"), ("Département de la Moselle", "departement-57"), ("Ville de Metz", "ville-de-metz"),
     ("MDPH", "mdph"), ("la Médiathèque Jean-Macé", "mediatheque-jean-mace")],
)
def test_structures_are_matched_as_a_person_would(text: str, expected: str):
    assert DIRECTORY.match(text) == expected


def test_a_person_of_the_published_minutes_is_attached_again(project: Path, tmp_path: Path):
    (project / "minutes").mkdir()
    published = "---\ntitre: x\nparticipants:\n  - nom: Jeanne Martin\n    structure: epe-57\n---\n"
    (project / "minutes" / "2030-01-10-x.md").write_text(published, encoding="utf-8")
    draft = published.replace("epe-57", "ch-jury").replace("---\n\n", "") + ""
    (project / "minutes" / "2030-01-11-y.md").write_text(draft.replace("titre: x", "titre: y\nbrouillon: true"), encoding="utf-8")
    source = tmp_path / "cr.txt"
    source.write_text(
        "Compte rendu\n\tTYPE DE RÉUNION\n\tPlénière\n\tDATE/LIEU\n\t02/02/2030\n\tPARTICIPANTS\n"
        "· Jeanne MARTIN, coordinatrice, Metz\n· Paul NOUVEAU, coordinateur, Metz\n",
        encoding="utf-8",
    )
    result = import_document(source, project)
    front, _ = split(result.markdown)
    assert [p.get("structure") for p in front["participants"]] == ["epe-57", None]
    assert "Jeanne Martin : rattaché(e) à « epe-57 » comme dans les comptes rendus publiés (à vérifier)." in messages(result)


DOCUMENTS = ["seed-000", "seed-001", "seed-004", "courriel", "merged.docx", "fictif.docx", "titres.docx", "coordination.docx"]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_draft_passes_validation_as_written(tmp_path: Path, document: str):
    root = tmp_path / "site"
    root.mkdir()
    write_project(root, BASE_FILES)
    if document.startswith("seed-"):
        source = seed(document[5:])
    elif document == "courriel":
        source = DATA / "courriel-groupe-projet.txt"
    elif document == "merged.docx":
        source = build_merged_docx(tmp_path / "copil.docx")
    elif document == "titres.docx":
        source = build_headings_docx(tmp_path / "titres.docx")
    elif document == "coordination.docx":
        source = build_coordination_docx(tmp_path / "coordination.docx")
    else:
        source = build_docx(tmp_path / "fictif.docx", **FAKE)
    result = import_document(source, root)
    (root / "minutes" / result.file_name).write_text(result.markdown, encoding="utf-8")
    assert [str(p) for p in pipeline.validate_project(root)] == []
    if result.partners_block:  # pasting the proposed block keeps the project valid
        with open(root / "partners.yaml", "a", encoding="utf-8") as partners:
            partners.write(result.partners_block)
        assert [str(p) for p in pipeline.validate_project(root)] == []


def test_seed_000_next_meeting_on_the_same_day_is_a_warning(tmp_path: Path):
    root = tmp_path / "site"
    root.mkdir()
    write_project(root, BASE_FILES)
    result = import_document(seed("000"), root)
    (root / "minutes" / result.file_name).write_text(result.markdown, encoding="utf-8")
    line = result.markdown.splitlines().index("prochaine_reunion:") + 2  # the « date: » line under it
    (warning,) = [w for w in pipeline.load(root).site.warnings if w.path.startswith("minutes/")]
    assert str(warning).startswith(f"minutes/{result.file_name}:{line}: avertissement : la prochaine réunion (2021-10-22)")


def test_suggestions_for_themes_and_actions_named_in_the_text(project: Path):
    (project / "actions").mkdir()
    (project / "actions" / "reseau-psyperinatalite.md").write_text("---\ntitre: Réseau psypérinatalité\n---\n", encoding="utf-8")
    (project / "actions" / "path-podcasts.md").write_text("---\ntitre: Podcasts PATH\n---\n", encoding="utf-8")
    referential = REFERENTIAL + "  - id: psyperinatalite\n    nom: Psypérinatalité\n"
    (project / "referentiel.yaml").write_text(referential, encoding="utf-8")
    result = import_document(seed("004").with_name("seed-000-releve-cmp-winnicott.txt"), project)
    front, _ = split(result.markdown)
    assert front["actions"] == ["reseau-psyperinatalite"]  # a section is titled with it
    assert "thematiques" not in front  # proposed, never filled in
    # The section « Projet PATH » names the fiche « Podcasts PATH » by a part of its title.
    assert "# suggestions à vérifier : thematiques: [psyperinatalite] ; actions: [path-podcasts]\nbrouillon: true" in result.markdown
    assert "Thématiques citées dans le texte ou les titres des sections (à vérifier, non ajoutées) : psyperinatalite." in messages(result)


# « nom [at] domaine » and the other ways people hide an address: the importer removes what the
# engine's own detector (the one ``releve verifier`` runs) sees, so its draft always passes.
HIDDEN_CONTACTS = [
    "{local}@{domain}.{tld}", "mailto:{local}@{domain}.{tld}", "{local} [at] {domain}.{tld}", "{local} (at) {domain}.{tld}",
    "{local}[at]{domain}[dot]{tld}", "{local} (arobase) {domain} (point) {tld}", "{local} arobase {domain}.{tld}",
    "{local} arobase {domain} point {tld}", "{local} at {domain} point {tld}", "{local} AT {domain} DOT {tld}",
    "{local} @ {domain}.{tld}", "{local}&#64;{domain}.{tld}", "{local}\u00a0[at]\u00a0{domain}.{tld}", "01 99 00 12 34",
]
PLACES = ["title", "title split", "participant", "next", "topic", "paragraph", "decision"]


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(HIDDEN_CONTACTS), st.sampled_from(PLACES), st.from_regex(r"zq[a-z]{1,6}(\.[a-z]{2,6})?", fullmatch=True),
    st.sampled_from(["example", "exemple-57"]), st.sampled_from(["org", "fr"]),
)
def test_a_hidden_contact_never_reaches_the_draft(tmp_path_factory, form: str, place: str, local: str, domain: str, tld: str):
    root = tmp_path_factory.mktemp("site")
    write_project(root, BASE_FILES)
    contact = form.format(local=local, domain=domain, tld=tld)
    slots = dict.fromkeys(PLACES, "")
    if place == "title split" and " " in contact:  # an address over two lines, joined in the title
        slots[place] = " avec " + "\n".join(contact.rsplit(" ", 1))
    else:
        slots[place] = f" : {contact}"
    source = root / "cr.txt"
    source.write_text(
        f"Compte rendu\n\tTYPE DE RÉUNION\n\tPlénière{slots['title']}{slots['title split']}\n\tDATE/LIEU\n\t02/02/2030 au CH Jury\n"
        f"\tPARTICIPANTS\n· Jeanne MARTIN, coordinatrice, EPE 57{slots['participant']}\n"
        f"\tPROCHAINE RÉUNION\n· 02/03/2030{slots['next']}\n\nDiscussion\n\tTHÈME\n\t\n\n"
        f"\tBilan{slots['topic']}\n\t· Les sessions ont eu lieu{slots['paragraph']}.\n"
        f"Décision\n· Il est convenu de poursuivre{slots['decision']}.\n\n",
        encoding="utf-8",
    )
    result = import_document(source, root)
    (root / "minutes" / result.file_name).write_text(result.markdown, encoding="utf-8")
    assert [str(p) for p in pipeline.validate_project(root)] == []
    assert local not in result.markdown and "12 34" not in result.markdown
    assert result.removed_contacts == [contact.removeprefix("mailto:")]  # listed as written, for the summary


@pytest.mark.parametrize("form", HIDDEN_CONTACTS)
def test_the_engine_reads_each_hidden_form_as_one_contact(form: str):
    found = find_contacts(f"Écrire à {form.format(local='jeanne.martin', domain='example', tld='org')}, merci.", 1)
    assert [contact_key(contact) for _, contact in found] == [
        "+33199001234" if form.startswith("01") else "jeanne.martin@example.org"
    ]


@pytest.mark.parametrize(
    "text",
    ["Réunion at Metz.", "Faire le point sur le projet.", "Suivez @clsm_metz sur les réseaux.",
     "jeanne arobase example", "Workshop at home", "Le point at the end", "RDV @ 14h au CMP."],
)
def test_words_alone_are_not_contacts(text: str):
    assert find_contacts(text, 1) == []


# --- A new CLSM's annuaire: the import proposes the structures, then completes its own draft --------


NEW_PARTNERS = """\
structures:
  - id: mda
    nom: MDA
    sigle: MDA
"""
"""A structure known by its sigle only: « Maison des adolescents » in a document is it."""


def test_structures_to_add_are_proposed_once_with_their_parent(project: Path):
    (project / "partners.yaml").write_text(NEW_PARTNERS, encoding="utf-8")
    result = import_document(DATA / "partenaires-nouveaux.txt", project)
    front, body = split(result.markdown)
    # Matched by the sigle its long name gives: place and participant.
    assert front["lieu"] == "mda"
    assert front["participants"][-1] == {"nom": "Hélène Exemple", "fonction": "éducatrice", "structure": "mda"}
    entries = yaml.safe_load("structures:\n" + result.partners_block)["structures"]
    assert entries == [
        # « Médecins du Monde – Mission France – Valmont » is a branch of the same network: one entry.
        {"id": "medecins-du-monde", "nom": "Médecins du Monde"},
        # The part keeps the body it belongs to.
        {"id": "universite-de-lorraine", "nom": "Université de Lorraine"},
        {"id": "sumpps", "nom": "SUMPPS", "sigle": "SUMPPS", "parent": "universite-de-lorraine"},
        # In capitals or not, one structure; its CMP is a part of it.
        {"id": "ch-testville", "nom": "CH Testville"},
        {"id": "cmp-les-tilleuls", "nom": "CMP Les Tilleuls", "parent": "ch-testville"},
        # A slip of one letter is the same structure.
        {"id": "centre-psychotherapique-tilleuls", "nom": "Centre Psychothérapique TILLEULS"},
    ]
    # The table's header row is no section.
    assert [line for line in body.splitlines() if line.startswith("## ")] == ["## Accès aux soins des étudiants", "## Projet de permanence"]


def test_a_second_run_completes_the_draft_once_the_structures_are_pasted(project: Path, monkeypatch):
    (project / "partners.yaml").write_text(NEW_PARTNERS, encoding="utf-8")
    source = str(DATA / "partenaires-nouveaux.txt")
    first = run_releve("importer", source, "--site", str(project))
    assert first.returncode == 0, first.output
    relative = "minutes/2031-03-12-groupe-projet-acces-aux-soins-du-clsm-de-test-sur-exemple.md"
    # The starter Makefile's form, which the coordinator types, not « releve importer --completer ».
    assert (
        f"Une fois ces structures collées, relancez la même commande (ou « make importer FICHIER={relative} "
        "ARGS=--completer ») : chaque participant sera rattaché à sa structure." in first.stdout
    )
    block = first.stdout.split("(type et secteur à compléter) :\n", 1)[1].split("\nUne fois", 1)[0]
    (project / "partners.yaml").write_text(NEW_PARTNERS + block + "\n", encoding="utf-8")
    again = run_releve("importer", source, "--site", str(project))
    assert again.returncode == 0, again.output
    draft = project / relative
    front, _ = split(draft.read_text(encoding="utf-8"))
    assert [(p["nom"], p.get("fonction"), p.get("structure")) for p in front["participants"]] == [
        ("Alice Exemple", "infirmière", "medecins-du-monde"),
        ("Bruno Exemple", "coordinateur", "medecins-du-monde"),
        ("Chloé Exemple", "médecin", "sumpps"),
        ("Denis Exemple", "chargé de mission", "ch-testville"),
        ("Emma Exemple", "cadre de santé", "cmp-les-tilleuls"),
        ("Fanny Exemple", "psychologue", "centre-psychotherapique-tilleuls"),
        ("Gilles Exemple", "psychomotricien", "centre-psychotherapique-tilleuls"),
        ("Hélène Exemple", "éducatrice", "mda"),
    ]
    assert "Complété : minutes/2031-03-12-" in again.stdout and "Bruno Exemple : structure « medecins-du-monde »" in again.stdout
    # Nothing left to complete: a third run says so; the suggested command, run as make runs it, does the same.
    monkeypatch.chdir(project)
    third = run_releve("importer", relative, "--completer", "--site", str(project))
    assert third.stdout.startswith(f"{relative} : rien à compléter d'après partners.yaml")


def test_importer_without_a_document_says_how_to_give_one(project: Path):
    result = run_releve("importer", "--site", str(project))
    assert result.returncode == 1
    assert "indiquez le document à importer, par exemple : make importer FICHIER=" in result.stderr


# --- Word documents as coordinators write them: headings, tables, tracked changes -----------------

from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402


def _tracked(paragraph, kind: str, text: str) -> None:
    """A tracked insertion (« ins ») or deletion (« del ») at the end of ``paragraph``."""
    change = OxmlElement(f"w:{kind}")
    for name, value in (("w:id", "1"), ("w:author", "Relecture"), ("w:date", "2021-10-25T10:00:00Z")):
        change.set(qn(name), value)
    run, written = OxmlElement("w:r"), OxmlElement("w:t" if kind == "ins" else "w:delText")
    written.text = text
    written.set(qn("xml:space"), "preserve")
    run.append(written)
    change.append(run)
    paragraph._p.append(change)


def build_headings_docx(path: Path) -> Path:
    """Seed 000 as a coordinator types it in Word without any table of the original's layout:
    « Titre » styles and bold lines, lists, a « Qui / Quoi / Quand » table, tracked changes,
    the CH Jury letterhead and a signature with a phone number."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "CLSM messin – CH Jury – Tél. 03 99 00 00 01"
    document.sections[0].footer.paragraphs[0].text = "stephane.exemple@example.org"
    document.add_paragraph("Relevé de conclusions", style="Title")
    document.add_paragraph("Collaboration CMP Winnicott / CLSM messin", style="Subtitle")
    document.add_paragraph("Date : 22/10/2021 au CMP Winnicott")
    document.add_paragraph().add_run("Présents :").bold = True
    for line in ("Sylvie Plujat, cadre de santé – CH Jury – CMP Winnicott", "Stéphane TK – CH Jury"):
        document.add_paragraph(line, style="List Bullet")
    document.add_heading("Ordre du jour", level=2)
    for line in ("Projet de réseau psypérinatalité", "Projet PATH"):
        document.add_paragraph(line, style="List Number")
    document.add_heading("Projet de réseau psypérinatalité", level=1)
    changed = document.add_paragraph("En 2019, plusieurs échanges se sont réalisés ")
    _tracked(changed, "ins", "dans le cadre du CLSM.")
    _tracked(changed, "del", "Phrase supprimée en relecture.")
    document.add_paragraph().add_run("Décision").bold = True
    document.add_paragraph("Il est convenu de poser les bases de ce réseau.")
    document.add_heading("Projet PATH", level=1)
    document.add_paragraph("Un site dédié est déjà disponible : https://path-perinatal.eu/fr/")
    document.add_paragraph().add_run("Une phrase entière en gras met en valeur ce qu’elle dit.").bold = True
    document.add_heading("Suites à donner", level=1)
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Qui", "Quoi", "Quand")):
        cell.text = text
    for row in (("Stéphane TK", "Envoyer la fiche méthodologique", "Novembre 2021"),
                ("Sylvie Plujat", "Recenser les acteurs locaux", "31/12/2021"),
                ("Julie Exemple", "Réserver une salle", "")):
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    document.add_paragraph("Prochaine réunion : 23/11/2021 avec l’équipe de la MDA.")
    document.add_paragraph("Stéphane TK, coordonnateur – Tél. 06 99 00 00 02")
    document.save(str(path))
    return path


def test_docx_written_with_headings_keeps_its_sections(project: Path, tmp_path: Path):
    """Without a « Discussion » table, the header's last list (the agenda) took in the whole text."""
    result = import_document(build_headings_docx(tmp_path / "titres.docx"), project)
    front, body = split(result.markdown)
    assert front["titre"] == "Collaboration CMP Winnicott / CLSM messin"
    assert front["date"] == dt.date(2021, 10, 22) and front["lieu"] == "cmp-winnicott"
    assert front["ordre_du_jour"] == ["Projet de réseau psypérinatalité", "Projet PATH"]
    assert front["prochaine_reunion"] == {"date": dt.date(2021, 11, 23), "note": "avec l’équipe de la MDA"}
    assert [line for line in body.splitlines() if line.startswith("## ")][:3] == [
        "## Projet de réseau psypérinatalité", "## Projet PATH", "## Suites à donner",
    ]
    assert "!!! decision\n    Il est convenu de poser les bases de ce réseau." in body
    assert "<https://path-perinatal.eu/fr/>\n\nUne phrase entière en gras met en valeur ce qu’elle dit.\n\n## Suites" in body
    assert "Prochaine réunion" not in body and "03 99" not in result.markdown and "06 99" not in result.markdown


@pytest.mark.parametrize("attendance", [True, False])
def test_a_sentence_under_the_title_gives_the_kind_date_and_place(project: Path, tmp_path: Path, attendance: bool):
    """« Compte rendu de la réunion du 12 janvier 2027, au CCAS de Hayange. » under a « Titre 1 » heading:
    no date, no type, and the sentence was left out of the draft (refused as no minutes without a list
    of those present). Its kind, date and place are read; a sentence the header does not use stays in the body."""
    document = docx.Document()
    document.add_heading("Groupe logement et santé mentale", level=1)
    document.add_paragraph("Compte rendu de la réunion du 12 janvier 2027, au CCAS de Hayange.")
    document.add_paragraph("Il a été relu par les membres du groupe avant son envoi.")
    if attendance:
        document.add_paragraph("Présents :")
        document.add_paragraph("Sylvie Plujat, CH Jury", style="List Bullet")
    document.add_heading("Point sur les logements", level=2)
    document.add_paragraph("Les bailleurs ont présenté leurs dispositifs.")
    document.save(str(tmp_path / "logement.docx"))
    result = import_document(tmp_path / "logement.docx", project)
    front, body = split(result.markdown)
    assert (front["titre"], front["type"], front["date"], front["lieu"]) == (
        "Groupe logement et santé mentale", "compte rendu", dt.date(2027, 1, 12), "CCAS de Hayange",
    )
    assert result.file_name == "2027-01-12-groupe-logement-et-sante-mentale.md"
    assert "Type de document introuvable" not in messages(result) and "Date de la réunion" not in messages(result)
    assert "Il a été relu par les membres du groupe avant son envoi.\n\n## Point sur les logements" in body
    assert "Compte rendu de la réunion" not in body  # all of it is in the front matter


def test_a_sentence_opening_on_a_date_stays_the_text():
    """Only a sentence that names the document or the meeting before its date gives the date: « Le 12
    janvier 2027, les partenaires… » starts the text, as it did."""
    raw = parse_lines([f"{HEADING}Groupe logement", "Le 12 janvier 2027, les partenaires se sont réunis au CCAS de Hayange."])
    assert raw.date_place == [] and [block.text for block in raw.topics[0].blocks] == [
        "Le 12 janvier 2027, les partenaires se sont réunis au CCAS de Hayange.",
    ]


def test_tracked_insertion_is_read_and_deletion_is_not(project: Path, tmp_path: Path):
    body = split(import_document(build_headings_docx(tmp_path / "titres.docx"), project).markdown)[1]
    assert "En 2019, plusieurs échanges se sont réalisés dans le cadre du CLSM." in body
    assert "supprimée" not in body


def test_participant_with_its_structure_after_a_dash(project: Path, tmp_path: Path):
    front = split(import_document(build_headings_docx(tmp_path / "titres.docx"), project).markdown)[0]
    assert front["participants"] == [
        {"nom": "Sylvie Plujat", "fonction": "cadre de santé", "structure": "cmp-winnicott"},
        {"nom": "Stéphane TK", "structure": "ch-jury"},
    ]


def test_who_what_when_table_becomes_engagements(project: Path, tmp_path: Path):
    result = import_document(build_headings_docx(tmp_path / "titres.docx"), project)
    body = split(result.markdown)[1]
    assert body.split("## Suites à donner\n\n", 1)[1].split("\n\n")[:3] == [
        '!!! engagement ch-jury "Stéphane TK"\n    Envoyer la fiche méthodologique (échéance : Novembre 2021)',
        '!!! engagement cmp-winnicott "Sylvie Plujat" 2021-12-31\n    Recenser les acteurs locaux',
        "Julie Exemple : Réserver une salle",  # not a participant: no structure is guessed
    ]
    notices = messages(result)
    assert "Échéance « Novembre 2021 » de l'engagement « Envoyer la fiche méthodologique » sans jour précis" in notices
    assert "Engagement « Réserver une salle » gardé en texte : la structure de « Julie Exemple » n'est pas connue" in notices


def test_attendance_table_gives_one_participant_per_row(project: Path, tmp_path: Path):
    document = docx.Document()
    document.add_paragraph("Compte rendu")
    document.add_paragraph("Réunion du mardi 1er mars 2022, de 14h à 16h, en visioconférence")
    document.add_paragraph().add_run("Participants").bold = True
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Structure", "Nom", "Fonction")):
        cell.text = text
    for row in (("Ville de Metz", "Julie Parachini", "cheffe de service"), ("CCOMS", "Sonia Charapoff", "chargée de mission")):
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    document.add_paragraph().add_run("Calendrier des sessions").bold = True
    document.add_paragraph("Quatre lieux en QPV sont retenus pour réaliser les sessions.")
    result = import_document(document.save(str(tmp_path / "emargement.docx")) or tmp_path / "emargement.docx", project)
    front, body = split(result.markdown)
    assert front["participants"] == [
        {"nom": "Julie Parachini", "fonction": "cheffe de service", "structure": "ville-de-metz"},
        {"nom": "Sonia Charapoff", "fonction": "chargée de mission, CCOMS"},
    ]
    # « Réunion du » is what is left of the date line, not a place.
    assert front["date"] == dt.date(2022, 3, 1) and front["visio"] is True and "lieu" not in front
    assert body == "## Calendrier des sessions\n\nQuatre lieux en QPV sont retenus pour réaliser les sessions.\n"


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Jeanne Martin – CH Jury", {"nom": "Jeanne Martin", "structure": "ch-jury"}),
        ("Paul Durand - infirmier - CMP Winnicott", {"nom": "Paul Durand", "fonction": "infirmier", "structure": "cmp-winnicott"}),
        ("Marc Essai : EPE 57", {"nom": "Marc Essai", "structure": "epe-57"}),
        ("Léa Test, psychologue, CH Jury – CMP Winnicott", {"nom": "Léa Test", "fonction": "psychologue", "structure": "cmp-winnicott"}),
    ],
)
def test_a_participant_line_with_dashes_or_a_colon(project: Path, tmp_path: Path, line: str, expected: dict):
    source = tmp_path / "tirets.txt"
    source.write_text(f"Compte rendu\n14/09/2017 au CH Jury\nPrésents :\n· {line}\n", encoding="utf-8")
    assert split(import_document(source, project).markdown)[0]["participants"] == [expected]


def test_plain_minute_without_any_heading_keeps_its_text(project: Path, tmp_path: Path):
    """A previous review: « the body paragraph lands in ordre_du_jour and the minute's body is empty »."""
    source = tmp_path / "simple.txt"
    source.write_text(
        "Réunion du groupe projet logement, 14 septembre 2017\n"
        "Présents : Stéphane Tinnes-Kraemer (CH Jury), Julie Parachini (Ville de Metz).\n"
        "Le partenariat entre les bailleurs et le CH Jury débute ce mois-ci. Les bailleurs souhaitent une convention.\n"
        "Il est convenu de rédiger un projet de convention pour la prochaine réunion.\n",
        encoding="utf-8",
    )
    result = import_document(source, project)
    front, body = split(result.markdown)
    assert names(front) == ["Stéphane Tinnes-Kraemer", "Julie Parachini"]
    assert body.startswith("## Discussion\n\nLe partenariat entre les bailleurs")
    assert body.endswith("\n\nIl est convenu de rédiger un projet de convention pour la prochaine réunion.\n")
    assert "Aucun tableau" not in messages(result)


def test_a_text_without_labels_keeps_its_paragraphs(project: Path, tmp_path: Path):
    source = tmp_path / "sans-rubriques.txt"
    source.write_text(
        "Compte rendu\n14/09/2017 au CH Jury\n"
        "Le partenariat entre les bailleurs et le CH Jury débute ce mois-ci, avec trois bailleurs.\n",
        encoding="utf-8",
    )
    body = split(import_document(source, project).markdown)[1]
    assert body == "## Discussion\n\nLe partenariat entre les bailleurs et le CH Jury débute ce mois-ci, avec trois bailleurs.\n"


def _png() -> bytes:
    """A 1×1 picture, made here so that no binary file is kept among the fixtures."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\0\0\0")) + chunk(b"IEND", b"")


_TEXT_BOX = """<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
  xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
  xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
  xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
  xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
  xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent>
  <mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>
    <w:p><w:r><w:t>Réunion ouverte aux familles.</w:t></w:r></w:p>
  </w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
  <mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>
    <w:p><w:r><w:t>Réunion ouverte aux familles.</w:t></w:r></w:p>
  </w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
</mc:AlternateContent></w:r>"""
"""A text box as Word writes it: the DrawingML box, and its VML copy for old versions of Word."""


def test_text_box_is_read_once_and_images_are_reported(project: Path, tmp_path: Path):
    import io

    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("Compte rendu", style="Title")
    document.add_paragraph("Groupe projet logement")
    document.add_paragraph("14/09/2017 au CH Jury")
    document.add_heading("Logement", level=1)
    document.add_paragraph("Le partenariat avec les bailleurs débute.")._p.append(parse_xml(_TEXT_BOX))
    document.add_picture(io.BytesIO(_png()))
    document.save(str(tmp_path / "encadre.docx"))
    result = import_document(tmp_path / "encadre.docx", project)
    body = split(result.markdown)[1]
    assert body == "## Logement\n\nLe partenariat avec les bailleurs débute.\n\nRéunion ouverte aux familles.\n"
    assert "Images du document non importées (1)" in messages(result)


def test_cli_summary_gives_the_draft_line_of_each_notice(project: Path, tmp_path: Path):
    result = run_cli(str(build_headings_docx(tmp_path / "titres.docx")), "--site", str(project))
    assert result.returncode == 0, result.stderr
    relative = "minutes/2021-10-22-collaboration-cmp-winnicott-clsm-messin.md"
    lines = (project / relative).read_text(encoding="utf-8").split("\n")
    located = {}
    for printed in result.stdout.splitlines():
        if printed.startswith(f"  {relative}:"):
            number, message = printed.removeprefix(f"  {relative}:").split(": ", 1)
            located[message.split(" :")[0]] = lines[int(number) - 1]
    assert located["Instance non reconnue dans le titre"].startswith("instance: ")
    assert located["Engagement « Réserver une salle » gardé en texte"] == "Julie Exemple : Réserver une salle"
    assert located["Coordonnées personnelles retirées du brouillon (2), remplacées par « [coordonnées retirées] »"] == (
        "Stéphane TK, coordonnateur – Tél. [coordonnées retirées]"
    )


def test_a_report_that_is_no_meeting_is_refused(project: Path):
    """Seed 003, « Avancée des projets », has sections of text but no meeting: no label, date or type line."""
    from releve.importing import UnreadableDocument

    with pytest.raises(UnreadableDocument, match="ne ressemble pas à un relevé de conclusions ou à un compte rendu"):
        import_document(seed("003"), project)


def test_paragraphs_inside_a_content_control_are_read(project: Path, tmp_path: Path):
    """A Word template keeps its date and title fields in content controls around whole paragraphs."""
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("Compte rendu")
    control = parse_xml(
        '<w:sdt xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:sdtContent>'
        "<w:p><w:r><w:t>Groupe projet logement</w:t></w:r></w:p><w:p><w:r><w:t>14/09/2017 au CH Jury</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    document.element.body.insert(1, control)
    document.add_paragraph("Le partenariat entre les bailleurs et le CH Jury débute ce mois-ci.")
    document.save(str(tmp_path / "modele.docx"))
    front, body = split(import_document(tmp_path / "modele.docx", project).markdown)
    assert front["titre"] == "Groupe projet logement" and front["date"] == dt.date(2017, 9, 14)
    assert body == "## Discussion\n\nLe partenariat entre les bailleurs et le CH Jury débute ce mois-ci.\n"


# Those present of seed 004, written one per line without bullets, as many Word minutes list them.
PRESENT_WITHOUT_BULLETS = """\
Relevé de conclusions
Sensibilisation en santé mentale dans les QPV messins
Date : 01/03/2022 – visio
Présents :
Jessica Ascencao, chargée de mission politique de la ville et solidarité, Metz.
Mme Frédérique Gire (Ville de Woippy)

EPE 57
M. Stéphane Tinnes-Kraemer – CH Jury
Membres de l’équipe du Centre psychothérapeutique Winnicott.
"""
SENTENCE = "Quatre lieux en QPV sont retenus pour réaliser les sessions (Bellecroix, Borny, Metz Nord, Woippy)."


@pytest.mark.parametrize(
    "after",
    [
        f"\n{SENTENCE}\n",  # a blank line, then the text
        # Sentences of seeds 004 and 000 that start as a group would (« Le Centre… », « Le service… »).
        f"Le Centre collaborateur de l’OMS basé à Lille est l’un des 46 CCOMS dans le monde.\n{SENTENCE}\n",
        "Le service cohésion sociale de la Ville de Metz représenté par Julie Parachini, cheffe de service, "
        f"a sollicité le Conseil local de santé mentale.\n{SENTENCE}\n",
        f"Points abordés\nLa Ville de Metz a été retenue pour mettre en œuvre la démarche.\n{SENTENCE}\n",
        f"{SENTENCE}\n",  # the text at once
        f"Il est convenu de continuer.\n{SENTENCE}\n",  # a short sentence
        f"Points abordés\n{SENTENCE}\n",  # a heading's words
        f"Lieux et calendrier des sessions\n{SENTENCE}\n",  # a heading before a sentence
        f"\nLieux et calendrier des sessions\n\n{SENTENCE}\n",  # a heading after a blank line
        f"ORGANISATION LOGISTIQUE\n{SENTENCE}\n",  # a heading in capitals
        f"Absents :\nCécile Vinot, directrice solidarité, emploi et politique de la ville, Woippy.\n{SENTENCE}\n",
        f"Ordre du jour\nCalendrier des sessions\nCommunication et inscriptions\nCalendrier des sessions\n{SENTENCE}\n",
        f"Ordre du jour :\nCalendrier des sessions\nCommunication et inscriptions\n\n{SENTENCE}\n",  # a paragraph apart
    ],
)
def test_those_present_one_per_line_without_bullets_end_where_the_text_begins(project: Path, tmp_path: Path, after: str):
    """No sentence or heading after the list becomes a « groupe », and no one present is lost."""
    source = tmp_path / "presents.txt"
    source.write_text(PRESENT_WITHOUT_BULLETS + after, encoding="utf-8")
    result = import_document(source, project)
    front, body = split(result.markdown)
    assert names(front) == [
        "Jessica Ascencao",
        "Frédérique Gire",  # « Mme » and « M. » left out, as in the others' names
        "EPE 57",  # a structure alone, after a blank line: more of the list, since a person follows
        "Stéphane Tinnes-Kraemer",
        "Membres de l’équipe du Centre psychothérapeutique Winnicott",
    ]
    structures = [p.get("structure") for p in front["participants"]]
    assert structures == [None, "ville-de-woippy", "epe-57", "ch-jury", "cmp-winnicott"]
    assert "Groupe «" not in messages(result)
    assert body.rstrip("\n").endswith(SENTENCE)
    if "Absents" in after:
        assert "Personnes excusées ou absentes non importées (le format n'a pas de rubrique pour elles) : " \
            "Cécile Vinot" in messages(result)
        assert "Vinot" not in result.markdown
    if "Ordre du jour" in after:
        assert front["ordre_du_jour"] == ["Calendrier des sessions", "Communication et inscriptions"]
        assert body.startswith("## Calendrier des sessions\n\n" if after.count("Calendrier") == 2 else "## Discussion\n\n")


def test_a_text_export_larger_than_any_compte_rendu_is_refused_at_once(project: Path, tmp_path: Path):
    from releve.importing.reading import MAX_TEXT_BYTES

    source = tmp_path / "export.txt"
    text = seed("000").read_text(encoding="utf-8")
    source.write_text(text * (MAX_TEXT_BYTES // len(text.encode()) + 1), encoding="utf-8")
    result = run_cli(str(source), "--site", str(project))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(
        f"Erreur : « export.txt » fait {source.stat().st_size // 1_000_000} Mo de texte, plus que la limite de 5 Mo : "
        "un compte rendu, même long, en fait quelques centaines de kilo-octets."
    )
    assert not (project / "minutes").exists()


def test_structures_to_add_are_sorted_out_in_linear_time(project: Path):
    """Each unknown structure was compared with every one proposed before it: 4,000 participants of
    distinct structures took 9 s, 30,000 (2 Mo of text) minutes."""
    import hashlib

    from conftest import ratio
    from releve.importing.unknown import proposals

    directory = Directory.load(project)

    def named(count: int) -> list[str]:
        return [f"Association {hashlib.sha256(str(n).encode()).hexdigest()[:12]}" for n in range(count)]

    assert len(proposals(named(300), directory)) == 300
    assert ratio(lambda texts: proposals(texts, directory), named(300), named(2_400)) < 24  # linear: 8; quadratic: 64


def test_removing_contacts_from_a_text_costs_about_as_much_as_finding_them():
    """Every line of an import is redacted: mapping each character of an accented text back to its
    place, where normalising changed none, was most of the time of a long import (ten times the
    search)."""
    from conftest import cost
    from releve import contacts

    lines = seed("000").read_text(encoding="utf-8").split("\n")  # accents, « – », non-breaking spaces
    redacting = cost(lambda texts: [contacts.redact(text, "[coordonnées retirées]") for text in texts], lines)
    assert redacting / cost(lambda texts: [contacts.find(text) for text in texts], lines) < 4  # 1.3 here; 11 before


def build_coordination_docx(path: Path, date: str = "mardi 1er mars 2022, en visioconférence",
                            next_meeting: str = "jeudi 12 mars 2026 à 14h30") -> Path:
    """Seed 004 as a coordinator types it in Word: no table but the « Qui / Quoi / Quand » one, those
    present one per line without bullets, points and decisions numbered « 1) »."""
    document = docx.Document()
    document.add_paragraph("Relevé de conclusions", style="Title")
    document.add_paragraph("Sensibilisation en santé mentale dans les QPV messins")
    document.add_paragraph(f"Date : {date}")
    document.add_paragraph().add_run("Présents :").bold = True
    for line in (
        "Sonia Charapoff, chargée de mission, CCOMS.",
        "Frédérique Gire, coordinatrice politique de la ville, Ville de Woippy.",
        "Stéphane Tinnes-Kraemer, coordonnateur du CLSM messin, CH Jury.",
    ):
        document.add_paragraph(line)
    document.add_paragraph().add_run("Excusée :").bold = True
    document.add_paragraph("Cécile Vinot, directrice solidarité, emploi et politique de la ville, Woippy.")
    document.add_paragraph("Ordre du jour", style="Heading 2")
    document.add_paragraph("1) Calendrier des sessions.")
    document.add_paragraph("2) Communication et inscriptions.")
    document.add_paragraph("Calendrier des sessions", style="Heading 1")
    document.add_paragraph("Quatre lieux en QPV sont retenus pour réaliser les sessions, comme convenu le 3 mars.")
    document.add_paragraph().add_run("Décisions :").bold = True
    document.add_paragraph("1) Les sessions seront animées par Sonia Charapoff.")
    document.add_paragraph("2) Stéphane TK sera présent pour mettre à disposition les outils du CLSM.")
    document.add_paragraph("Communication et inscriptions", style="Heading 1")
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Qui", "Quoi", "Quand")):
        cell.text = text
    for row in (("Stéphane Tinnes-Kraemer", "Réserver les salles", "le 3 mars"),
                ("Frédérique Gire", "Diffuser l’affiche", "31/05/2022")):
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    document.add_paragraph(f"Prochaine réunion : {next_meeting}")
    document.save(str(path))
    return path


def test_a_coordinators_docx_with_numbered_decisions_and_dates_it_cannot_read(project: Path, tmp_path: Path):
    """A date without its year (« le 1er mars ») stays empty and is said, never taken for a place;
    a day of the week that is not the date's is said at its line; « le 3 mars » as an échéance stays text."""
    source = build_coordination_docx(tmp_path / "sans-annee.docx", date="le 1er mars, en visioconférence",
                                     next_meeting="mardi 12 mars 2026 à 14h30")
    result = run_cli(str(source), "--site", str(project))
    assert result.returncode == 0, result.stderr
    relative = "minutes/date-inconnue-sensibilisation-en-sante-mentale-dans-les-qpv-messins.md"
    front, body = split((project / relative).read_text(encoding="utf-8"))
    assert "date" not in front and "lieu" not in front and front["visio"] is True
    assert front["ordre_du_jour"] == ["Calendrier des sessions.", "Communication et inscriptions."]
    assert names(front) == ["Sonia Charapoff", "Frédérique Gire", "Stéphane Tinnes-Kraemer"]
    assert front["prochaine_reunion"] == {"date": dt.date(2026, 3, 12), "horaire": "14h30"}
    assert body.count("!!! decision\n") == 2 and "    Les sessions seront animées par Sonia Charapoff.\n" in body
    assert '!!! engagement ch-jury "Stéphane Tinnes-Kraemer"\n    Réserver les salles (échéance : le 3 mars)\n' in body
    assert '!!! engagement ville-de-woippy "Frédérique Gire" 2022-05-31\n' in body
    lines = (project / relative).read_text(encoding="utf-8").split("\n")
    printed = result.stdout.splitlines()
    assert (
        f"  {relative}: Date de la réunion sans année (« le 1er mars, en visioconférence ») : l'import ne devine "
        "jamais l'année ; renseignez « date: » (AAAA-MM-JJ) et renommez le fichier en AAAA-MM-JJ-titre.md."
    ) in printed
    weekday = next(line for line in printed if "est un jeudi" in line)
    assert weekday.endswith(": « mardi 12 mars 2026 » : le 12 mars 2026 est un jeudi, pas un mardi ; "
                            "la date est gardée telle qu'écrite, vérifiez-la.")
    assert lines[int(weekday.removeprefix(f"  {relative}:").split(":")[0]) - 1] == "prochaine_reunion:"
    assert "Lieu" not in result.stdout and "Cécile Vinot" in result.stdout


def test_agenda_points_written_again_title_the_sections_and_decisions_end_with_their_list(project: Path, tmp_path: Path):
    """A text export typed without Word headings: each point of the agenda, numbered « 1) », written
    again above what was said about it; a text after the numbered decisions and a blank line is none."""
    source = tmp_path / "copil.txt"
    source.write_text(
        "Relevé de décisions\nComité de pilotage du CLSM messin\n"
        "Réunion du jeudi 3 mars 2022 de 14h à 16h, CH Jury\n\n"
        "Présents :\nMme Julie Parachini (Ville de Metz)\n"
        "M. Stéphane Tinnes-Kraemer, coordonnateur du CLSM messin, CH Jury\n\n"
        "Ordre du jour :\n1) Bilan des sessions de sensibilisation\n2) Semaines d'information sur la santé mentale\n\n"
        "1) Bilan des sessions de sensibilisation\n"
        "Quatre sessions ont été réalisées dans les QPV messins.\n"
        "Décisions :\n1) Une session supplémentaire sera organisée.\n2) Le questionnaire d'évaluation sera diffusé.\n\n"
        "Les participants expriment le besoin d'une suite.\n\n"
        "2) Semaines d'information sur la santé mentale\nLe programme est en cours d'élaboration.\n",
        encoding="utf-8",
    )
    result = import_document(source, project)
    front, body = split(result.markdown)
    assert front["ordre_du_jour"] == ["Bilan des sessions de sensibilisation", "Semaines d'information sur la santé mentale"]
    assert names(front) == ["Julie Parachini", "Stéphane Tinnes-Kraemer"]
    assert [line for line in body.splitlines() if line.startswith("#")] == [
        "## Bilan des sessions de sensibilisation", "## Semaines d'information sur la santé mentale",
    ]
    assert result.minutes.decision_count == 2
    assert "\n\nLes participants expriment le besoin d'une suite.\n\n" in body
    assert body.endswith("## Semaines d'information sur la santé mentale\n\nLe programme est en cours d'élaboration.\n")


def test_a_compte_rendu_of_the_same_day_is_pointed_out(project: Path, tmp_path: Path):
    """Seed 004 is on the site as minutes/2022-03-01-sensibilisation-qpv.md: importing the meeting again
    under its own title would publish it twice."""
    (project / "minutes").mkdir()
    shutil.copy(seed("004"), project / "minutes" / "2022-03-01-sensibilisation-qpv.md")
    result = run_cli(str(build_coordination_docx(tmp_path / "qpv.docx")), "--site", str(project))
    relative = "minutes/2022-03-01-sensibilisation-en-sante-mentale-dans-les-qpv-messins.md"
    lines = (project / relative).read_text(encoding="utf-8").split("\n")
    printed = next(line for line in result.stdout.splitlines() if "même date" in line)
    assert printed.endswith(
        ": Un compte rendu de la même date existe déjà (minutes/2022-03-01-sensibilisation-qpv.md) : vérifiez qu'il ne "
        "s'agit pas de la même réunion avant de publier le brouillon."
    )
    assert lines[int(printed.removeprefix(f"  {relative}:").split(":")[0]) - 1] == "date: 2022-03-01"


def test_a_paragraph_after_the_decisions_of_a_cell_stays_text(project: Path, tmp_path: Path):
    """Only the numbered or bulleted items after « Décisions » are decisions: the cell's paragraph after
    them (no blank line in a table cell to end them) is text, where it was written."""
    topics = [
        ("Sessions", ["Quatre sessions ont eu lieu.", "Décisions :", "1. Une session sera ajoutée.",
                      "2. Le questionnaire sera diffusé.", "Les participants remercient la Ville de Metz pour son accueil."]),
        ("Communication", ["Décision", "· L’affiche sera diffusée.", "Elle sera prête en avril."]),
    ]
    result = import_document(build_docx(tmp_path / "decisions.docx", FAKE["kind"], FAKE["header"], topics), project)
    _, body = split(result.markdown)
    assert result.minutes.decision_count == 3
    assert (
        "!!! decision\n    Le questionnaire sera diffusé.\n\nLes participants remercient la Ville de Metz pour son accueil.\n\n"
        "## Communication\n\n!!! decision\n    L’affiche sera diffusée.\n\nElle sera prête en avril.\n"
    ) in body


SEED_000_AGENDA = ["Projet de réseau psypérinatalité.", "Actions proposées au projet « Cités éducatives » de la Ville de Metz."]


def working_group(project: Path, tmp_path: Path, agenda: str) -> tuple[dict, str]:
    """The draft of a dated « Groupe de travail logement », one person present, whose text export goes
    on with « Ordre du jour : » and ``agenda`` (its points and what follows them)."""
    source = tmp_path / "gt.txt"
    source.write_text(
        "Compte rendu\nGroupe de travail logement\nDate : jeudi 3 mars 2022\n\nPrésents :\nJulie Parachini (Ville de Metz)\n\n"
        f"Ordre du jour :\n{agenda}",
        encoding="utf-8",
    )
    return split(import_document(source, project).markdown)


@pytest.mark.parametrize(
    "points, after",
    [
        (["Bilan des sessions", "Calendrier 2022"], "La séance est ouverte."),
        (["1) Bilan des sessions", "2) Calendrier 2022"], "La séance est ouverte."),
        (["- Bilan des sessions", "- Calendrier 2022"], "La séance est ouverte."),
        # Seed 000's points without their bullets: the second reads as a sentence, as the first ends.
        (SEED_000_AGENDA, "PROJET DE RÉSEAU"),
    ],
)
def test_an_agenda_without_bullets_ends_at_the_sentence_after_it(project: Path, tmp_path: Path, points: list[str],
                                                                 after: str):
    """« Ordre du jour » then a point per line, at once followed by the text: its first sentence, written
    unlike the points (they are list items, or none ends as a sentence), is the text (a section without
    a title of its own), not one more point."""
    front, body = working_group(project, tmp_path, f"{chr(10).join(points)}\n{after}\nLe programme est en cours d'élaboration.\n")
    assert front["ordre_du_jour"] == [clean_item(point) for point in points]
    assert body.endswith(f"{after if after.endswith('.') else ''}\n\nLe programme est en cours d'élaboration.\n")


ONE_LINE_POINTS = ["Bilan des sessions.", "Calendrier 2022.", "Questions diverses."]


@pytest.mark.parametrize(
    "agenda",
    [
        # On the label's line, or on the next one; with full stops after the numbers, or brackets.
        " 1. Bilan des sessions. 2. Calendrier 2022. 3. Questions diverses.\n",
        "\n1) Bilan des sessions. 2) Calendrier 2022. 3) Questions diverses.\n",
    ],
)
def test_an_agenda_numbered_on_one_line_is_its_points(project: Path, tmp_path: Path, agenda: str):
    """« Ordre du jour : 1. Bilan des sessions. 2. Calendrier 2022. 3. Questions diverses. » was one
    point; and the section about one of them, under its title, was text of the first section."""
    source = tmp_path / "gt.txt"
    source.write_text(
        "Compte rendu\nGroupe de travail logement\nDate : jeudi 3 mars 2022\n\nPrésents :\nJulie Parachini (Ville de Metz)\n\n"
        f"Ordre du jour :{agenda}\n1. Bilan des sessions\nLes sessions ont réuni quarante personnes.\n",
        encoding="utf-8",
    )
    front, body = split(import_document(source, project).markdown)
    assert front["ordre_du_jour"] == ONE_LINE_POINTS
    assert body == "## Bilan des sessions\n\nLes sessions ont réuni quarante personnes.\n"


@pytest.mark.parametrize(
    "line, points",
    [
        ("1. Bilan des sessions. 2. Calendrier 2022. 3. Questions diverses.", ONE_LINE_POINTS),
        ("1) Bilan 2) Calendrier", ["Bilan", "Calendrier"]),
        # A number that refers (an article, a point, a numbered deliberation) or a date starts no point.
        ("1. Lecture de l'art. 2. Questions diverses.", ["Lecture de l'art. 2. Questions diverses."]),
        ("1. Vote de la délibération n° 2. Questions diverses.", ["Vote de la délibération n° 2. Questions diverses."]),
        ("1. Retour sur le point 2. 2. Questions diverses.", ["Retour sur le point 2.", "Questions diverses."]),
        ("1. Retour sur la réunion du 1. 2. 2022. 2. Questions diverses.", ["Retour sur la réunion du 1. 2. 2022.", "Questions diverses."]),
        # Not from 1, not in order, a mark that changes, a single number: not a numbered list.
        ("Bilan de l'année 2021. 2. Calendrier.", ["Bilan de l'année 2021. 2. Calendrier."]),
        ("1. Bilan. 3. Calendrier.", ["Bilan. 3. Calendrier."]),
        ("1. Bilan. 2) Calendrier.", ["Bilan. 2) Calendrier."]),
        ("1. Bilan des sessions.", ["Bilan des sessions."]),
        # Items set apart by dashes may be one point and its details: left as written.
        ("Bilan des sessions – Calendrier 2022 – Questions diverses", ["Bilan des sessions – Calendrier 2022 – Questions diverses"]),
    ],
)
def test_only_a_clearly_numbered_line_is_split(project: Path, tmp_path: Path, line: str, points: list[str]):
    front, _ = working_group(project, tmp_path, f"{line}\n")
    assert front["ordre_du_jour"] == points


@pytest.mark.parametrize("other", ["title", "date", "instance"])
def test_another_meeting_under_a_drafts_name_is_refused(project: Path, tmp_path: Path, other: str, monkeypatch):
    """A draft at the name the document would get, of another meeting: a title that differs after the
    60 characters of a file name, a date that is not the document's (a draft dated since), or another
    instance. The draft is not « completed » (nothing of the document would be imported), nor changed."""
    header = [("TYPE DE RÉUNION", ["Groupe thématique enfance et parentalité : rédaction des fiches projets"]),
              *FAKE["header"][1:]]
    relative = "minutes/2031-02-03-groupe-thematique-enfance-et-parentalite-redaction.md"
    draft = project / relative
    if other == "title":
        first = run_cli(str(build_docx(tmp_path / "projets.docx", FAKE["kind"], header, FAKE["topics"])), "--site", str(project))
        assert first.returncode == 0, first.stderr
        header[0] = ("TYPE DE RÉUNION", ["Groupe thématique enfance et parentalité : rédaction des fiches actions"])
        expected = ("titre « Groupe thématique enfance et parentalité : rédaction des fiches projets » dans le brouillon, "
                    "« Groupe thématique enfance et parentalité : rédaction des fiches actions » dans le document")
    else:
        written = "date: 2031-02-10" if other == "date" else "date: 2031-02-03\ninstance: copil"
        draft.parent.mkdir()
        draft.write_text(f"---\ntitre: '{header[0][1][0]}'\ntype: compte rendu\n{written}\nbrouillon: true\n---\n",
                         encoding="utf-8")
        expected = {
            "date": "réunion du 10/02/2031 dans le brouillon, du 03/02/2031 dans le document",
            "instance": "instance « copil » dans le brouillon, « groupe thématique » dans le document",
        }[other]
    before = draft.read_text(encoding="utf-8")
    source = build_docx(tmp_path / "autre.docx", FAKE["kind"], header, FAKE["topics"])
    result = run_cli(str(source), "--site", str(project))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == (
        f"Erreur : {relative} existe déjà : c'est le brouillon d'une autre réunion que celle de « autre.docx » ({expected}). "
        "L'import ne le complète pas et n'y touche pas. Pour importer ce document, renommez ce brouillon ou supprimez-le "
        "s'il ne sert plus, puis relancez la commande ; s'il vient bien de ce document (modifié depuis l'import), "
        f"complétez-le avec « make importer FICHIER={relative} ARGS=--completer ».\n"
    )
    assert draft.read_text(encoding="utf-8") == before and len(list(draft.parent.iterdir())) == 1
    # The command it suggests runs as written: make runs « releve importer "$(FICHIER)" $(ARGS) » in the site's folder.
    monkeypatch.chdir(project)
    assert run_cli(relative, "--completer", "--site", str(project)).returncode == 0


@pytest.mark.parametrize(
    "content, where",
    [
        (b"---\ntitre: Pl\xc3\xa9ni\xc3\xa8re fictive\ntype: [compte rendu\nbrouillon: true\n---\n",
         "4: erreur de syntaxe YAML : « , » ou « ] » attendu (un crochet n'est pas fermé ?)"),
        (b"---\ntitre: Pl\xe9ni\xe8re fictive\nbrouillon: true\n---\n",
         "2: le fichier n'est pas encodé en UTF-8 (« é » écrit comme en Windows-1252 ou Latin-1, octet E9) : enregistrez-le en UTF-8"),
        (b"---\n- titre\n- brouillon\n---\n", "2: l'en-tête YAML doit être une suite de clés « clé: valeur »"),
    ],
)
@pytest.mark.parametrize("command", ["import again", "--completer FICHIER", "--completer brouillon", "--completer"])
def test_an_unreadable_draft_is_said_unreadable_and_left_alone(project: Path, tmp_path: Path, content: bytes, where: str,
                                                               command: str):
    """The file at the document's draft name, which a second import or --completer would complete,
    cannot be read: it was said « publié » (or the command failed « inattendue »); the import now
    says where it cannot be read and changes nothing."""
    source = build_docx(tmp_path / "fictif.docx", **FAKE)
    relative = "minutes/2031-02-03-pleniere-fictive-du-clsm-de-test-sur-exemple.md"
    draft = project / relative
    draft.parent.mkdir()
    draft.write_bytes(content)
    args = {
        "import again": (str(source),),
        "--completer FICHIER": ("--completer", str(source)),
        "--completer brouillon": ("--completer", str(draft)),
        "--completer": ("--completer",),
    }[command]
    result = run_cli(*args, "--site", str(project))
    assert result.returncode == 1
    assert result.stderr == (
        f"Erreur : {relative}:{where}\nCe fichier ne peut pas être lu : l'import ne l'a ni complété ni remplacé. "
        "Corrigez-le, puis relancez la commande.\n"
    )
    assert "publié" not in result.stdout and draft.read_bytes() == content and len(list(draft.parent.iterdir())) == 1


def undated_minutes(path: Path, present: str, point: str) -> Path:
    """A text export of a « Groupe de travail logement » without a date."""
    path.write_text(
        f"Compte rendu\nGroupe de travail logement\n\nPrésents :\n{present}\n\nOrdre du jour :\n- {point}\n\n"
        "Le bilan est présenté aux partenaires du groupe de travail.\n",
        encoding="utf-8",
    )
    return path


def test_two_undated_documents_of_one_title_get_a_draft_each(project: Path, tmp_path: Path):
    """Neither dated, two meetings of the same title had one file name: the second document only
    « completed » the first's draft, and nothing of it was imported. Each draft now carries its
    document's fingerprint; the second gets « -2 », and each import again completes its own."""
    first = undated_minutes(tmp_path / "janvier.txt", "Julie Parachini (Ville de Metz)", "Bilan des sessions")
    second = undated_minutes(tmp_path / "mars.txt", "Alice Exemple (Association Imaginaire)", "Calendrier 2022")
    relative = "minutes/date-inconnue-groupe-de-travail-logement.md"
    other = "minutes/date-inconnue-groupe-de-travail-logement-2.md"
    assert run_cli(str(first), "--site", str(project)).returncode == 0
    before = (project / relative).read_text(encoding="utf-8")
    result = run_cli(str(second), "--site", str(project))
    assert result.returncode == 0, result.stderr
    assert f"Brouillon créé : {other}" in result.stdout
    assert (
        f"  {other}: Un brouillon sans date du même titre, importé d'un autre document, existe déjà ({relative}) : "
        f"ce document a donc le sien, {other} ; renseignez la date de chacun et renommez-les en AAAA-MM-JJ-titre.md."
    ) in result.stdout.splitlines()
    assert (project / relative).read_text(encoding="utf-8") == before
    front, _ = split((project / other).read_text(encoding="utf-8"))
    assert names(front) == ["Alice Exemple"] and front["ordre_du_jour"] == ["Calendrier 2022"]
    # Each document imported again completes its own draft, never the other's, nor a third one: its
    # fingerprint tells it, even once its title was edited.
    (project / other).write_text((project / other).read_text(encoding="utf-8").replace(
        "titre: Groupe de travail logement", "titre: Groupe de travail logement de mars"), encoding="utf-8")
    (project / "partners.yaml").write_text(PARTNERS + "  - id: association-imaginaire\n    nom: Association Imaginaire\n",
                                           encoding="utf-8")
    again = run_cli(str(second), "--site", str(project))
    assert again.returncode == 0 and f"Complété : {other}\n  - Alice Exemple : structure « association-imaginaire »" in again.stdout
    assert run_cli(str(first), "--site", str(project)).stdout.startswith(f"{relative} : rien à compléter")
    assert sorted(path.name for path in (project / "minutes").iterdir()) == sorted([Path(relative).name, Path(other).name])


def test_an_undated_draft_dated_and_renamed_as_advised_stays_the_documents(project: Path, tmp_path: Path):
    """Following the summary's advice (fill in « date: », rename « date-inconnue-… » to « AAAA-MM-JJ-… »),
    then importing the same document again wrote a second « date-inconnue-… » draft beside the renamed
    one, which keeps the document's fingerprint: the import finds it there, says so and completes it."""
    source = undated_minutes(tmp_path / "janvier.txt", "Alice Exemple (Association Imaginaire)", "Bilan des sessions")
    first = run_cli(str(source), "--site", str(project))
    assert first.returncode == 0 and "renommez le fichier en AAAA-MM-JJ-titre.md" in first.stdout
    undated = project / "minutes" / "date-inconnue-groupe-de-travail-logement.md"
    renamed = "minutes/2027-01-12-groupe-de-travail-logement.md"
    (project / renamed).write_text(
        undated.read_text(encoding="utf-8").replace("brouillon: true", "date: 2027-01-12\nbrouillon: true"), encoding="utf-8"
    )
    undated.unlink()
    (project / "partners.yaml").write_text(PARTNERS + "  - id: association-imaginaire\n    nom: Association Imaginaire\n",
                                           encoding="utf-8")
    again = run_cli(str(source), "--site", str(project))
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith(
        f"Ce document a déjà été importé : {renamed} garde sa ligne « # empreinte du document importé » (brouillon "
        f"renommé depuis l'import) ; l'import n'en écrit pas d'autre.\nComplété : {renamed}\n"
        "  - Alice Exemple : structure « association-imaginaire »"
    )
    # Published since, it is still the document's: left as it is, and no twin either.
    (project / renamed).write_text((project / renamed).read_text(encoding="utf-8").replace("brouillon: true", "brouillon: false"),
                                   encoding="utf-8")
    published = run_cli(str(source), "--site", str(project))
    assert published.returncode == 0 and f"{renamed} est publié (brouillon: false) : rien n'a été changé" in published.stdout
    assert [path.name for path in (project / "minutes").iterdir()] == [Path(renamed).name]


def test_an_undated_draft_without_fingerprint_is_not_taken_for_the_documents(project: Path, tmp_path: Path):
    """An undated draft of the same title that says nothing of its document (imported before the
    drafts had a fingerprint, or saved from the form, which drops comments): it may be another
    meeting's; the import says so and what to do, and --completer completes it."""
    relative = "minutes/date-inconnue-groupe-de-travail-logement.md"
    draft = project / relative
    draft.parent.mkdir()
    written = "---\ntitre: Groupe de travail logement\ntype: compte rendu\nbrouillon: true\n---\n"
    draft.write_text(written, encoding="utf-8")
    source = undated_minutes(tmp_path / "mars.txt", "Julie Parachini (Ville de Metz)", "Bilan des sessions")
    result = run_cli(str(source), "--site", str(project))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (
        f"Erreur : {relative} existe déjà : c'est le brouillon sans date d'une réunion du même titre, et rien n'y dit de "
        "quel document il vient (il n'a pas de ligne « # empreinte du document importé »). L'import ne le complète pas "
        "et n'y touche pas. S'il vient de « mars.txt », complétez-le avec « make importer "
        f"FICHIER={relative} ARGS=--completer » ; sinon, renseignez sa date et renommez-le en AAAA-MM-JJ-titre.md, puis "
        "relancez la commande : ce document aura son propre brouillon.\n"
    )
    assert draft.read_text(encoding="utf-8") == written and len(list(draft.parent.iterdir())) == 1
    assert run_cli("--completer", str(source), "--site", str(project)).stdout.startswith(f"{relative} : rien à compléter")


@pytest.mark.parametrize(
    "agenda, after",
    [
        ("Bilan des sessions.\nCalendrier 2022.", "La séance est ouverte."),
        ("Bilan des sessions.\nCalendrier 2022.\n", "Le bilan est positif."),
        ("1. Bilan des sessions.\n2. Calendrier 2022.", "Mme Martin ouvre la séance."),
        ("- Bilan des sessions.\n- Calendrier 2022.", "Tour de table."),
        ("· Bilan des sessions.\n· Calendrier 2022.", "Bienvenue à tous."),
        # A point may start with an article: the sentence is the first that has a verb.
        ("Bilan des sessions.\nLa semaine d'information sur la santé mentale.", "Il est convenu de commencer par le bilan."),
    ],
)
def test_an_agenda_of_points_ended_with_full_stops_ends_with_its_points(project: Path, tmp_path: Path, agenda: str, after: str):
    """Points each ended with « . »: the sentence right after them, ended so too, was one more point
    (and, without bullets, the whole text after it). It is written unlike them otherwise: without
    their bullet or number, or as a sentence (a subject and its verb) that none of them reads as."""
    front, body = working_group(project, tmp_path, f"{agenda}\n{after}\nLe programme est en cours d'élaboration.\n")
    assert front["ordre_du_jour"] == [clean_item(point) for point in agenda.split("\n") if point]
    assert body == f"## Discussion\n\n{after}\n\nLe programme est en cours d'élaboration.\n"


def test_an_agenda_of_sentences_keeps_them_all(project: Path, tmp_path: Path):
    """Points written as sentences themselves: a sentence after the first is one more of them."""
    front, body = working_group(project, tmp_path, "Le bilan des sessions est présenté.\nLe calendrier 2022 est fixé.\n\n"
                                "Points abordés\nLe programme est en cours d'élaboration.\n")
    assert front["ordre_du_jour"] == ["Le bilan des sessions est présenté.", "Le calendrier 2022 est fixé."]
    assert body == "## Points abordés\n\nLe programme est en cours d'élaboration.\n"


@pytest.fixture
def new_site(tmp_path: Path) -> Path:
    """A new CLSM's site as « releve creer » writes it: « structures: » with nothing under it."""
    root = tmp_path / "nouveau-site"
    assert run_releve("creer", str(root), "--nom", "Conseil local de santé mentale de Valmont").returncode == 0
    assert yaml.safe_load((root / "partners.yaml").read_text(encoding="utf-8")) == {"structures": None}
    return root


def test_an_empty_annuaire_is_no_unreadable_one(new_site: Path):
    """A new site's partners.yaml, which lists no structure yet, was said « introuvable ou illisible »;
    the structures the document names are proposed as usual."""
    result = import_document(seed("001"), new_site)
    assert "introuvable ou illisible" not in messages(result)
    assert "Structure inconnue « CSC Arc-en-ciel » (Gaëlle Charles)" in messages(result)
    assert "  - id: csc-arc-en-ciel\n    nom: CSC Arc-en-ciel\n" in result.partners_block
    (new_site / "partners.yaml").unlink()  # no annuaire at all is still said
    assert "partners.yaml est introuvable ou illisible" in messages(import_document(seed("001"), new_site))


BODIES = ["CH Jury", "CMP Winnicott", "UNAFAM 57", "Ville de Metz", "EPE 57", "Médecins du Monde"]


@pytest.mark.parametrize("surnames", [str, str.upper])
def test_a_body_in_brackets_after_a_name_is_never_a_person_replaced(new_site: Path, tmp_path: Path, surnames):
    """« Jeanne Martin (CH Jury) » on a site whose annuaire does not know CH Jury yet was « en remplacement
    de CH Jury »: the bracket is the structure, proposed for the annuaire. Only a bracket written as the
    document writes those present, a first name then a surname (« Paul DURAND » among « Jeanne MARTIN »,
    « Paul Durand » among « Jeanne Martin »), or with a title, is the person replaced."""
    people = [f"{first} {surnames(last)}" for first, last in [("Jeanne", "Martin"), ("Paul", "Essai"), ("Luc", "Test"),
                                                            ("Léa", "Exemple"), ("Marc", "Exemple"), ("Anne", "Exemple")]]
    lines = [f"· {person} ({body})" for person, body in zip(people, BODIES)]
    lines += [f"· Yann {surnames('Le Gall')} (Paul {surnames('Durand')})", "· Chloé Fictive (Dr Paul Durand)",
              "· Emma Fictive (CH Jury), coordinatrice", "· Julie Fictive (en remplacement de Paul Durand), infirmière, CH Jury"]
    source = tmp_path / "copil.txt"
    source.write_text("Compte rendu du comité de pilotage\nDate : 14/04/2031\nParticipants :\n" + "\n".join(lines) + "\n", encoding="utf-8")
    result = import_document(source, new_site)
    front, _ = split(result.markdown)
    assert front["participants"][:6] == [{"nom": recased, "fonction": body} for recased, body in zip(
        ["Jeanne Martin", "Paul Essai", "Luc Test", "Léa Exemple", "Marc Exemple", "Anne Exemple"], BODIES)]
    assert front["participants"][6:] == [
        {"nom": "Yann Le Gall", "fonction": "en remplacement de Paul Durand"},
        {"nom": "Chloé Fictive", "fonction": "en remplacement de Dr Paul Durand"},
        {"nom": "Emma Fictive", "fonction": "CH Jury, coordinatrice"},
        {"nom": "Julie Fictive", "fonction": "en remplacement de Paul Durand, infirmière, CH Jury"},
    ]
    proposed = yaml.safe_load("structures:\n" + result.partners_block)["structures"]
    assert [structure["nom"] for structure in proposed] == BODIES
    assert "Structure inconnue « CH Jury » (Jeanne Martin, Emma Fictive, Julie Fictive)" in messages(result)


def test_a_body_written_as_a_name_in_brackets_is_no_person_replaced(project: Path, tmp_path: Path):
    """« Jeanne Martin (Croix Rouge) » in a document writing surnames in mixed case was « en remplacement
    de Croix Rouge »: two capitalised words, as « Paul Durand ». A word of a body's name (« Croix »,
    « Secours », « Udaf ») or a place of the annuaire (« Metz ») makes the bracket a structure; a name
    without either is still the person replaced, said to be checked."""
    source = tmp_path / "copil.txt"
    bodies = ["Croix Rouge", "Secours Catholique", "Udaf Moselle", "Emmaüs Metz"]
    people = ["Jeanne Martin", "Paul Essai", "Luc Test", "Léa Exemple"]
    lines = [f"· {person} ({body})" for person, body in zip(people, bodies)] + ["· Yann Le Gall (Paul Durand)"]
    source.write_text("Compte rendu du comité de pilotage\nDate : 14/04/2031\nParticipants :\n" + "\n".join(lines) + "\n",
                      encoding="utf-8")
    result = import_document(source, project)
    front, _ = split(result.markdown)
    assert front["participants"] == [{"nom": person, "fonction": body} for person, body in zip(people, bodies)] + [
        {"nom": "Yann Le Gall", "fonction": "en remplacement de Paul Durand"}]
    assert [s["nom"] for s in yaml.safe_load("structures:\n" + result.partners_block)["structures"]] == bodies
    assert [line for line in messages(result).splitlines() if "compris comme" in line] == [
        "Yann Le Gall : « (Paul Durand) » compris comme « en remplacement de Paul Durand » (à vérifier)."]


def test_a_body_in_brackets_before_a_function_is_the_structure(project: Path, tmp_path: Path):
    """« Emma Fictive (CH Jury), coordinatrice »: a person of CH Jury, not a group named so."""
    source = tmp_path / "copil.txt"
    source.write_text("Compte rendu du comité de pilotage\nDate : 14/04/2031\nParticipants :\n"
                      "· Emma Fictive (CH Jury), coordinatrice\n", encoding="utf-8")
    front, _ = split(import_document(source, project).markdown)
    assert front["participants"] == [{"nom": "Emma Fictive", "fonction": "coordinatrice", "structure": "ch-jury"}]


def test_a_sentence_without_its_full_stop_under_a_point_written_again_is_no_heading(project: Path, tmp_path: Path):
    """Under a point of the agenda written again, « Les sessions ont eu lieu » (a subject and its verb,
    no full stop) was a « ### » heading, as a short line before text is; a short title still is one."""
    source = tmp_path / "gt.txt"
    source.write_text(
        "Groupe de travail logement\nOrdre du jour : Bilan des sessions\nBilan des sessions\nLes sessions ont eu lieu\n"
        "Quarante personnes ont participé.\nCalendrier\nLe calendrier sera fixé en mai.\n",
        encoding="utf-8",
    )
    _, body = split(import_document(source, project).markdown)
    assert body == (
        "## Bilan des sessions\n\nLes sessions ont eu lieu\n\nQuarante personnes ont participé.\n\n"
        "### Calendrier\n\nLe calendrier sera fixé en mai.\n"
    )


def test_a_numbered_list_in_bold_is_numbered_once(tmp_path):
    """Short bold lines are tried as section titles; a numbered item among them is counted once."""
    from releve.importing.reading import read_document

    document = docx.Document()
    for line in ("Bilan", "Calendrier", "Questions"):
        document.add_paragraph(style="List Number").add_run(line).bold = True
    path = tmp_path / "liste.docx"
    document.save(str(path))
    assert [line for line in read_document(path).lines if line.strip()] == ["1. Bilan", "2. Calendrier", "3. Questions"]
