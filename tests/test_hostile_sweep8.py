"""Hostile input, eighth sweep: the YAML registries at scale and in odd shapes, and the commands'
arguments as a coordinator could type them wrong. Unit-level or command-level checks in process (and
one ``make`` without its tools): no site is built here."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PARTNERS, content_problems
from test_cartes import GEOCODED_PARTNERS

from releve.cli import main
from releve.commands import creer
from releve.sources import too_large

LONG_NAME = "x" * 5_000
"""A folder or file name past the system's limit (255 bytes a name): its look-up raises OSError."""


@pytest.mark.parametrize("arguments", [["verifier", "--site", LONG_NAME], ["engagements", "--site", f"{LONG_NAME}/.."]])
def test_a_site_name_the_system_refuses_is_named_in_french(arguments, capsys):
    """The look for mkdocs.yml in a folder of 5,000 characters was a traceback of OSError (File name too long)."""
    assert main(arguments) == 1
    error = capsys.readouterr().err
    assert error.startswith("Erreur : impossible de lire « xxx") and "nom de fichier trop long" in error, error
    assert "Traceback" not in error and "OSError" not in error


@pytest.mark.parametrize(
    "source, message",
    [
        (LONG_NAME, "Erreur : impossible de lire « xxx"),
        # Path("") is the current folder: « «  » est un dossier » named nothing the coordinator typed.
        ("", "Erreur : indiquez le fichier adresses-DÉPARTEMENT.csv.gz téléchargé sur adresse.data.gouv.fr\n"),
    ],
)
def test_geocoder_names_a_file_it_cannot_look_at(tmp_path, capsys, source, message):
    """A BAN file of 5,000 characters stopped on « erreur inattendue (OSError…) »."""
    content_problems(tmp_path, {"partners.yaml": GEOCODED_PARTNERS})
    assert main(["geocoder", source, "--site", str(tmp_path)]) == 1
    error = capsys.readouterr().err
    assert error.startswith(message) and "inattendue" not in error, error
    assert (tmp_path / "partners.yaml").read_text(encoding="utf-8").endswith(GEOCODED_PARTNERS.splitlines()[-1] + "\n")


@pytest.mark.parametrize("relpath", ["partners.yaml", "evenements.yaml", "historique.yaml", "referentiel.yaml", "renommages.yaml"])
def test_a_registry_too_large_is_not_to_be_split(tmp_path, relpath):
    """A registry is one file: « découpez-le en plusieurs fichiers » would leave its second half unread."""
    found = content_problems(tmp_path, {relpath: PARTNERS.replace("structures:", "# " + "x" * 1_000_000 + "\nstructures:")})
    message = f"{relpath}:1: le fichier fait 1000"
    assert any(problem.startswith(message) and "ce fichier ne se découpe pas" in problem for problem in found), found
    # A page still is.
    assert str(too_large("docs/gros.md", 2_000_000)).endswith("découpez-le en plusieurs fichiers")


@pytest.mark.skipif(shutil.which("make") is None, reason="make absent")
@pytest.mark.parametrize(
    "target, values, message",
    [
        ("renommer", ["ANCIEN=ch-jury", 'NOUVEAU=a"b'], "Erreur : « a\"b » n'est pas un identifiant"),
        ("importer", ["FICHIER=compte rendu `date` \"copil\".docx"], "Erreur : le fichier « compte rendu `date` \"copil\".docx » est introuvable"),
        ("lettre", ['MOIS=2022"03'], "Erreur : « 2022\"03 » n'est pas un mois"),
    ],
)
def test_make_passes_typed_values_as_they_are(tmp_path, target, values, message):
    """A « " » in a value the coordinator typed was « /bin/sh: Syntax error: Unterminated quoted
    string » (English), a « `…` » a command run: the values reach the command as typed. STAMP
    emptied and BIN this interpreter's: the starter's recipes, without installing the tools."""
    (tmp_path / "Makefile").write_bytes((creer.STARTER / "Makefile").read_bytes())
    content_problems(tmp_path, {})
    result = subprocess.run(
        ["make", "-s", target, "STAMP=", f"BIN={Path(sys.executable).parent}", *values], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert result.stderr.startswith(message) and "sh:" not in result.stderr, result.stderr


@pytest.mark.parametrize("command", ["nouveau", "nouvelle-action"])
def test_a_typed_control_character_writes_no_file(tmp_path, capsys, command):
    """« --titre $'a\\eb' » wrote « titre: "a\\eb" », which every later check refused (« caractère de
    contrôle invisible U+001B ») until the coordinator found and retyped it: refused as typed."""
    content_problems(tmp_path, {})
    before = sorted(path.name for path in tmp_path.rglob("*.md"))
    assert main([command, "--titre", "Réunion\x1b[2J", "--site", str(tmp_path)]) == 1
    assert capsys.readouterr().err == "Erreur : caractère de contrôle invisible U+001B : retirez-le ou retapez ce passage.\n"
    assert sorted(path.name for path in tmp_path.rglob("*.md")) == before


@pytest.mark.parametrize("old", ["reseau", "ch-jury", "copil"])
def test_a_new_id_longer_than_the_registries_allow_is_refused_first(tmp_path, capsys, old):
    """A fiche renamed to 300 letters stopped on « erreur inattendue (OSError : File name too long) »;
    a structure, on the errors of the content the renaming would have written, none naming the id."""
    content_problems(tmp_path, {})
    before = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    assert main(["renommer", old, "a" * 300, "--site", str(tmp_path)]) == 1
    error = capsys.readouterr().err
    assert error.startswith(f"Erreur : « {'a' * 40}… » est trop long pour un identifiant (300 caractères, au plus 100)"), error
    assert {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()} == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_pipe_or_a_device_is_named_not_read(tmp_path, capsys):
    """« releve territoire » read a named pipe (or /dev/zero) for ever, waiting for a writer (filling
    the memory); « releve geocoder » said that /dev/zero « n'existe pas ». In a process of its own,
    with a guard: a command that waits would hold the tests."""
    content_problems(tmp_path, {"partners.yaml": GEOCODED_PARTNERS})
    os.mkfifo(pipe := tmp_path / "communes.geojson")
    command = [str(Path(sys.executable).parent / "releve"), "territoire", str(pipe), "--communes", "99001", "--site", str(tmp_path)]
    result = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
    assert result.returncode == 1
    assert result.stderr == "Erreur : « communes.geojson » est un tube nommé (FIFO), pas un fichier : donnez les contours des communes (.geojson ou .geojson.gz)\n"
    assert main(["geocoder", str(pipe), "--site", str(tmp_path)]) == 1
    assert capsys.readouterr().err.startswith(f"Erreur : « {pipe} » n'est pas un fichier ordinaire : donnez le fichier adresses-")
