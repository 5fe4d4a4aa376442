"""The Word importer: seeds 000, 001, 004 (plain-text exports), .docx fixtures, the CLI."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "hooks"))

import docx  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from releve.importing import import_document, parse_date, parse_time_range  # noqa: E402
from releve.importing.dates import MONTHS, WEEKDAYS  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "importer"
"""The seeds' plain-text exports (copied as they are) and synthetic documents in other layouts."""
SCRIPT = REPO / "scripts" / "importer.py"

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


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=120)


def test_cli_writes_a_draft_then_never_overwrites(project: Path, tmp_path: Path):
    source = build_docx(tmp_path / "fictif.docx", **FAKE)
    first = run_cli(str(source), "--racine", str(project))
    assert first.returncode == 0, first.stderr
    target = project / "minutes" / "2031-02-03-pleniere-fictive-du-clsm-de-test-sur-exemple.md"
    assert target.is_file()
    assert "Brouillon créé : minutes/2031-02-03-pleniere-fictive-du-clsm-de-test-sur-exemple.md" in first.stdout
    # The summary names what could not be mapped.
    assert "Structure inconnue « Association Imaginaire » (Alice Exemple)" in first.stdout
    assert "3 décisions" in first.stdout

    target.write_text("modifié à la main\n", encoding="utf-8")
    second = run_cli(str(source), "--racine", str(project))
    assert second.returncode == 1
    assert "existe déjà" in second.stderr and "n'écrase jamais" in second.stderr
    assert "Traceback" not in second.stderr
    assert target.read_text(encoding="utf-8") == "modifié à la main\n"


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "Word 97-2003 (.doc)"),
        (b"PK\x03\x04 not really a zip", "n'est pas un document Word (.docx) lisible"),
        (b"%PDF-1.4 ...", "PDF"),
        (b"", "vide"),
        ("Une liste de courses\nPain\nLait\n".encode(), "ne ressemble pas"),
    ],
)
def test_cli_unreadable_input_is_a_french_message(project: Path, tmp_path: Path, content: bytes, expected: str):
    source = tmp_path / "document.docx"
    source.write_bytes(content)
    result = run_cli(str(source), "--racine", str(project))
    assert result.returncode != 0
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "minutes").exists() or not any((project / "minutes").iterdir())


def test_cli_missing_file(project: Path):
    result = run_cli(str(project / "absent.docx"), "--racine", str(project))
    assert result.returncode != 0 and "introuvable" in result.stderr and "Traceback" not in result.stderr


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
    if not (REPO / "partners.yaml").is_file() or not (REPO / "referentiel.yaml").is_file():
        pytest.skip("partners.yaml or referentiel.yaml not written yet in the repository")
    root = tmp_path / "copie"
    root.mkdir()
    shutil.copy(REPO / "partners.yaml", root / "partners.yaml")
    shutil.copy(REPO / "referentiel.yaml", root / "referentiel.yaml")
    if minutes:
        shutil.copytree(REPO / "minutes", root / "minutes")
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
    written = run_cli(str(seed("001")), "--racine", str(root))
    assert written.returncode == 0, written.stderr
    assert [str(p) for p in pipeline.validate_project(root)] == []

    # Seed 000 names no instance: the importer fills the catch-all one, asks to check it, and
    # the file it wrote passes validation as it is.
    written = run_cli(str(seed("000")), "--racine", str(root))
    assert "« réunion partenariale » mise par défaut, à vérifier" in written.stdout
    assert [str(p) for p in pipeline.validate_project(root)] == []


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
def test_text_exports_in_windows_encodings(project: Path, tmp_path: Path, encoding: str):
    original = seed("004")
    copy = tmp_path / f"export-{encoding}.txt"
    copy.write_bytes(original.read_text(encoding="utf-8").encode(encoding))
    assert import_document(copy, project).markdown == import_document(original, project).markdown
