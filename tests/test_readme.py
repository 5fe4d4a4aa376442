"""Every command a README shows (« make … », « releve … ») runs as written on a fixture site.

The commands are read from the READMEs themselves (the repository's, and the one ``releve creer``
writes for a new CLSM), in their code blocks and inline code, so a command that is renamed, loses
an option or gains a required one makes this test fail until the README says it again. A ``make``
example is expanded by make itself (``make -n``, with the Makefile beside that README), then the
``releve`` command it runs is run in process in the fixture site.
"""

from __future__ import annotations

import argparse
import gzip
import io
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cartes_fixtures import BAN_CSV, territory_text
from conftest import BASE_FILES, REPO, TODAY, write_project
from test_importer import build_merged_docx

from releve import cli, pipeline

README = (REPO / "README.md").read_text(encoding="utf-8")
STARTER = REPO / "hooks" / "releve" / "starter"
PLACEHOLDERS = {"…": "Conseil local de santé mentale de Valmont", "CODES": "99001,99002"}
"""« --nom "…" »: the README's ellipsis stands for a name; CODES, for INSEE codes (those of the
fictional territory of tests/cartes_fixtures.py). DOSSIER and chemin/… are run as written."""
NOT_RUN = {
    "serve": "the preview never ends (tests/test_serve.py runs it)",
    "build": "tests/test_console.py runs it as make does",
    "pytest": "the suite itself",
    "scripts/benchmark.py": "minutes of measures, never in the tests (BENCHMARK.md)",
    "releve.built_site": "serves the built site until stopped (tests/test_cli.py runs it, tests/test_supply_chain.py checks the recipe)",
    "scripts/verrou.py": "resolves the locks with PyPI (tests/test_supply_chain.py checks them)",
    "-m installation": "about two minutes of installs (tests/test_release.py, make test-installation)",
    "mettre-a-jour": "reaches the package index (tests/test_release.py runs it on a local one)",
}


def readme_commands(readme: str = README) -> list[str]:
    """« make … » and « releve … » as a README writes them, in code blocks (comments dropped) and inline."""
    found = []
    for block in re.findall(r"^```[a-z]*\n(.*?)^```", readme, flags=re.S | re.M):
        found += [line.split(" #")[0].strip() for line in block.splitlines()]
    # Inline, « `releve creer` » alone names a command in a sentence: an example has its arguments.
    inline = re.findall(r"`([^`\n]+)`", re.sub(r"^```.*?^```", "", readme, flags=re.S | re.M))
    found += [text for text in inline if not re.fullmatch(r"releve [a-z][a-z-]*", text)]
    commands = [text for text in found if re.match(r"(make|releve) \S", text) or text in ("make nouveau", "make nouvelle-action")]
    return list(dict.fromkeys(commands))


EXAMPLES = [("dépôt", command) for command in readme_commands()] + [
    ("nouveau site", command) for command in readme_commands((STARTER / "README.md").read_text(encoding="utf-8"))
]
"""The repository's README (its Makefile), and the README of a site ``releve creer`` writes (that site's Makefile)."""


@pytest.fixture(scope="module")
def new_site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("creer") / "clsm"
    assert cli.main(["creer", str(folder), "--nom", PLACEHOLDERS["…"]]) == 0
    return folder


class _Terminal(io.StringIO):
    """A coordinator at the keyboard: a title, then Entrée (the default) or the first choice when
    there is no default (a refused answer is asked again, and gets the other one)."""

    def isatty(self) -> bool:
        return True


def _releve(args: list[str], capsys, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.setattr(sys, "stdin", _Terminal("Réunion de test\n" + "\n1\n" * 10))
    try:
        code = cli.main(args)
    except SystemExit as exit:  # argparse: --aide
        code = exit.code if isinstance(exit.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _expanded(folder: Path, words: list[str]) -> str:
    """The command ``make WORDS…`` runs, as make itself expands the recipe of the Makefile in ``folder``."""
    if shutil.which("make") is None:
        pytest.skip("make n'est pas installé")
    dry = subprocess.run(["make", "--no-print-directory", "-n", "-C", str(folder), *words], capture_output=True, text=True)
    assert dry.returncode == 0, dry.stderr
    # The values typed reach the recipe from the environment (« "$FICHIER" »): expanded as the shell does.
    assigned = dict(word.split("=", 1) for word in words if "=" in word)
    return re.sub(r"\$(\w+)", lambda match: assigned.get(match.group(1), ""), dry.stdout.strip().splitlines()[-1])


def test_the_readme_shows_the_commands_of_both_parts():
    commands = readme_commands()
    assert {"make site", "make build", "make verifier", "make engagements", "make importer FICHIER=chemin/compte-rendu.docx",
            "releve --aide", "releve generer DOSSIER"} <= set(commands)
    assert any(command.startswith("make nouveau ARGS=") for command in commands)
    assert any(command.startswith("releve creer DOSSIER") for command in commands)


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    """What the README's commands read beside the project, made once (a tenth of a second each):
    a Word minutes, and the files the coordinator downloads for the maps, fictional and small
    (tests/cartes_fixtures.py)."""
    folder = tmp_path_factory.mktemp("chemin")
    build_merged_docx(folder / "compte-rendu.docx")
    (folder / "adresses-57.csv.gz").write_bytes(gzip.compress(BAN_CSV.encode("utf-8")))
    (folder / "communes-100m.geojson.gz").write_bytes(gzip.compress(territory_text().encode("utf-8")))
    return folder


@pytest.mark.parametrize("readme, command", EXAMPLES, ids=[f"{readme} : {command}" for readme, command in EXAMPLES])
def test_a_readme_command_runs_as_written(readme: str, command: str, new_site: Path, downloads: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    capsys.readouterr()
    site = tmp_path / "site"
    site.mkdir()
    write_project(site, BASE_FILES)
    shutil.copytree(downloads, site / "chemin")  # a copy: a command may write beside them
    monkeypatch.chdir(site)
    monkeypatch.setenv("RELEVE_AUJOURDHUI", TODAY)
    words = [PLACEHOLDERS.get(word, word) for word in shlex.split(command)]
    if words[0] == "make":
        recipe = _expanded(REPO if readme == "dépôt" else new_site, words[1:])
        for assignment in (word for word in words[1:] if "=" in word):  # the README's values reach the command
            assert assignment.split("=", 1)[1] in recipe, (command, recipe)
        program, *args = shlex.split(recipe)
        if Path(program).name != "releve" or args[:1] == ["mettre-a-jour"]:
            assert any(marker in recipe for marker in NOT_RUN), f"« {command} » runs {recipe}: say how to test it"
            return
        words = ["releve", *args]
    if words[1] == "mettre-a-jour":
        return  # NOT_RUN
    code, output = _releve(words[1:], capsys, monkeypatch)
    assert code == 0, f"« {command} » : {output}"
    assert "Traceback" not in output and "Erreur" not in output
    if words[1] in ("nouveau", "nouvelle-action", "importer"):  # the file it wrote keeps the site valid
        assert [str(problem) for problem in pipeline.validate_project(site)] == []


def test_the_readme_lists_every_option_of_nouveau_and_nouvelle_action():
    (row,) = [line for line in README.splitlines() if line.startswith("| `make nouveau ARGS=--aide`")]
    meeting, action = row.split("nouvelle-action", 1)
    subcommands = next(a for a in cli.parser()._actions if isinstance(a, argparse._SubParsersAction)).choices
    for name, text in (("nouveau", meeting), ("nouvelle-action", action)):
        options = {o for a in subcommands[name]._actions for o in a.option_strings} - {"-h", "--aide", "--help", "--site"}
        assert set(re.findall(r"`(--[a-z-]+)`", text)) == options, name


SECTION_NAMED = re.compile(r"README(?: de Relevé)?,? (?:section )?« ([^»]+) »")
"""« voir le README, « Titre » » in a text of the engine or of the starter: a section a coordinator looks for."""


def test_every_readme_section_a_text_names_exists():
    """A message, a page or the starter's README that sends the coordination to a README section
    names one that the README has (the form's sign-in screen named « Modifier le site en ligne »)."""
    headings = {line.lstrip("#").strip() for line in README.splitlines() if line.startswith("#")}
    texts = [path for path in (REPO / "hooks" / "releve").rglob("*") if path.suffix in (".py", ".j2", ".md", ".js", ".yaml") and "admin" not in path.relative_to(REPO / "hooks" / "releve").parts[:1]]
    named = {(path.name, title) for path in texts for title in SECTION_NAMED.findall(path.read_text(encoding="utf-8"))}
    assert ("admin.py", "Modifier le site depuis le navigateur") in named
    assert [(name, title) for name, title in sorted(named) if title not in headings] == []


def test_the_terminal_path_installs_releve_in_its_own_environment_then_works_in_the_new_folder():
    """« Avec un terminal » said « pip install releve », which the Python of Debian, Ubuntu or Homebrew
    refuses in English (externally-managed-environment), then « make site » without entering the
    folder « releve creer » had just written (make: No rule to make target). Its lines, in order:
    an environment, Relevé installed in it, the site created with it, cd into the site, make site."""
    part = README.split("### Avec un terminal\n", 1)[1].split("\n### ", 1)[0]
    block = re.search(r"^```sh\n(.*?)^```", part, flags=re.S | re.M)
    assert block, part
    lines = block[1].splitlines()
    environment = re.fullmatch(r"python3 -m venv (\S+)", lines[0])
    assert environment, lines
    tools = f"{environment[1]}/bin/"
    assert lines[1] == f"{tools}pip install releve"
    created = re.fullmatch(rf"{re.escape(tools)}releve creer (\S+) --nom \"[^\"]+\"", lines[2])
    assert created, lines[2]
    assert lines[3:] == [f"cd {created[1]}", "make site"]
