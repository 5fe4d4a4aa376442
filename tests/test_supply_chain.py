"""What the sites install and run: the locks, the Makefile of every site, the CI workflows, the versions.

No network: the locks are compared with pyproject.toml, the workflows read as YAML, the Makefiles
expanded by make itself (``make -n``). tests/test_release.py installs and runs all this for real.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import REPO, run_releve, tree_state
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from releve import __version__, cli, lock, pdf, version
from releve.commands import creer, mettre_a_jour

STARTER = creer.STARTER
LOCK = REPO / "requirements.lock"
WORKFLOWS = sorted([*(REPO / ".github" / "workflows").glob("*.yml"), *(STARTER / ".github" / "workflows").glob("*.yml")])
PINNED_ACTION = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w.-]+)*@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def locked(text: str) -> dict[str, set[str]]:
    """Each package of a lock and its versions (two when a marker splits them)."""
    found: dict[str, set[str]] = {}
    for name, pinned in re.findall(r"^([A-Za-z0-9._-]+)==(\S+)", text, flags=re.MULTILINE):
        found.setdefault(canonicalize_name(name), set()).add(pinned)
    return found


def entries(text: str) -> list[str]:
    """Each requirement of a lock with its continuation lines."""
    return re.findall(r"^[A-Za-z0-9._-]+==.*?(?=^[A-Za-z0-9._#@-]|\Z)", text, flags=re.MULTILINE | re.DOTALL)


def pyproject_pins() -> list[Requirement]:
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(line) for line in [*data["dependencies"], *(r for extra in data["optional-dependencies"].values() for r in extra)]]


# --- the locks ---------------------------------------------------------------------------------


def test_the_lock_is_made_from_the_current_pyproject_files():
    recorded = re.search(r"^# pyproject.toml : (\S+)$", LOCK.read_text(encoding="utf-8"), flags=re.MULTILINE)
    current = lock.dependency_digest(*((path / "pyproject.toml").read_text(encoding="utf-8") for path in (REPO, STARTER)))
    assert recorded and recorded[1] == current, "pyproject.toml a changé depuis requirements.lock : lancez « make verrou »"


def test_every_pin_of_pyproject_is_the_locked_version():
    versions = locked(LOCK.read_text(encoding="utf-8"))
    for requirement in pyproject_pins():
        (spec,) = requirement.specifier
        assert spec.operator == "==", f"{requirement} : épinglez-le (==)"
        assert versions.get(canonicalize_name(requirement.name)) == {spec.version}, requirement


def test_every_locked_package_has_hashes_and_the_starter_locks_the_engines_versions():
    repo_text, starter_text = LOCK.read_text(encoding="utf-8"), lock.STARTER_LOCK.read_text(encoding="utf-8")
    for text in (repo_text, starter_text):
        assert entries(text) and all("--hash=sha256:" in entry for entry in entries(text))
    repo, starter = locked(repo_text), locked(starter_text)
    assert {name: starter[name] for name in starter} == {name: repo[name] for name in starter}
    assert {"markdown", "lxml", "mkdocs", "pytest"} <= starter.keys() and "releve" not in starter
    assert starter_text.count(lock.RELEVE_LINE) == 1
    starter_pytest = tomllib.loads((STARTER / "pyproject.toml").read_text(encoding="utf-8").replace("@RELEVE@", "releve"))
    assert starter_pytest["project"]["optional-dependencies"]["test"] == [f"pytest=={next(iter(repo['pytest']))}"]


def test_make_installs_the_lock_with_hashes_and_never_upgrades_pip(tmp_path):
    if shutil.which("make") is None:
        pytest.skip("make n'est pas installé")
    site = tmp_path / "site"
    assert cli.main(["creer", str(site), "--nom", "Conseil local de santé mentale de Valmont"]) == 0
    for folder in (REPO, site):
        dry = subprocess.run(["make", "-n", "-B", "-C", str(folder), ".venv/.installe"], capture_output=True, text=True)
        assert dry.returncode == 0, dry.stderr
        installs = [line for line in dry.stdout.splitlines() if "pip install" in line]
        assert installs and "--require-hashes -r requirements.lock" in installs[0], dry.stdout
        assert all("--upgrade" not in line and ("--require-hashes" in line or "--no-deps" in line) for line in installs), installs


def test_a_restored_installation_is_used_only_when_made_from_this_very_lock(tmp_path):
    """CI restores .venv from its cache, older than the files it has just checked out: make compares
    the stamp's content with pyproject.toml and requirements.lock, not their dates."""
    if shutil.which("make") is None:
        pytest.skip("make n'est pas installé")
    site = tmp_path / "site"
    assert cli.main(["creer", str(site), "--nom", "Conseil local de santé mentale de Valmont"]) == 0

    def installs() -> bool:
        dry = subprocess.run(["make", "-n", "-C", str(site), ".venv/.installe"], capture_output=True, text=True)
        assert dry.returncode == 0, dry.stderr
        return "pip install" in dry.stdout

    assert installs()
    (site / ".venv").mkdir()
    mettre_a_jour.mark_installed(site)  # what make writes too, and make mettre-a-jour after its own install
    for name in ("pyproject.toml", "requirements.lock"):
        os.utime(site / name, (time.time() + 60, time.time() + 60))  # checked out after the cache was made
    assert not installs()
    lock_path = site / "requirements.lock"
    lock_path.write_text(lock_path.read_text(encoding="utf-8") + "# une autre version\n", encoding="utf-8")
    assert installs()


# --- one Makefile for every site ------------------------------------------------------------------


def _targets(makefile: Path) -> set[str]:
    return set(re.findall(r"^([a-z][a-z-]*):", makefile.read_text(encoding="utf-8"), flags=re.MULTILINE))


def test_this_repository_s_makefile_is_the_starter_s_plus_the_engine_targets():
    """The coordinator's commands have one source, the starter's Makefile: this repository includes it."""
    assert "include hooks/releve/starter/Makefile" in (REPO / "Makefile").read_text(encoding="utf-8")
    own, starter = _targets(REPO / "Makefile"), _targets(STARTER / "Makefile")
    assert own == {"benchmark", "golden", "verrou", "test-installation"} and {"site", "voir", "build", "test", "verifier", "mettre-a-jour"} <= starter
    if shutil.which("make"):
        dry = subprocess.run(["make", "-n", "-C", str(REPO), "build"], capture_output=True, text=True)
        assert dry.returncode == 0 and "warning" not in dry.stderr, dry.stderr


def test_make_voir_serves_the_built_site_with_its_search():
    if shutil.which("make") is None:
        pytest.skip("make n'est pas installé")
    dry = subprocess.run(["make", "--no-print-directory", "-n", "-C", str(REPO), "voir", "PORT=8123"], capture_output=True, text=True)
    lines = dry.stdout.splitlines()
    assert any("mkdocs_command build --strict" in line for line in lines)  # the published build, Pagefind's index included
    assert lines[-1].endswith("-m releve.built_site 8123")  # tests/test_cli.py runs it


# --- CI ----------------------------------------------------------------------------------------


def _steps(job: dict) -> list[dict]:
    return job.get("steps", [])


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.relative_to(REPO).as_posix())
def test_workflows_give_write_permissions_only_to_a_job_that_runs_no_repository_code(workflow):
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    assert data["permissions"] == {}, "rien par défaut : chaque tâche demande ce qu'il lui faut"
    for name, job in data["jobs"].items():
        permissions = job.get("permissions", {})
        writes = {scope for scope, level in permissions.items() if level == "write"}
        runs_code = any("run" in step or step.get("uses", "").startswith("actions/checkout@") for step in _steps(job))
        assert not (writes and runs_code), f"{name} : {writes} et du code du dépôt"
        assert writes <= {"pages", "id-token"} and (not writes or "if" in job or "tags" in str(data[True])), name
        for step in _steps(job):
            uses = step.get("uses")
            if uses:
                comment = re.search(rf"uses: {re.escape(uses)}(.*)$", workflow.read_text(encoding="utf-8"), flags=re.MULTILINE)[1]
                assert PINNED_ACTION.match(uses + comment), f"{name} : {uses}{comment} (épinglez le commit, l'étiquette en commentaire)"
            if uses and uses.startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, name


def test_the_starter_publishes_as_this_repository_does():
    mine, theirs = (yaml.safe_load(path.read_text(encoding="utf-8")) for path in (REPO / ".github/workflows/site.yml", STARTER / ".github/workflows/site.yml"))
    for name, job in mine["jobs"].items():
        assert job.get("permissions") == theirs["jobs"][name].get("permissions")
        assert [step["uses"] for step in _steps(job) if "uses" in step] == [step["uses"] for step in _steps(theirs["jobs"][name]) if "uses" in step]
    images = {yaml.safe_load(path.read_text(encoding="utf-8"))["image"] for path in (REPO / ".gitlab-ci.yml", STARTER / ".gitlab-ci.yml")}
    (image,) = images
    assert re.fullmatch(r"python:3\.11\.\d+-\w+(@sha256:[0-9a-f]{64})?", image), image


def test_every_installation_of_pango_installs_the_fonts_of_the_pdfs():
    """Only DejaVu and Liberation on the machine that builds: an emoji, a name in Chinese, were empty
    boxes in the PDFs (tests/test_letters.py checks they are drawn)."""
    places = [REPO / ".ci/run", STARTER / "Makefile", *(root / ".gitlab-ci.yml" for root in (REPO, STARTER)), *(root / ".github/workflows/site.yml" for root in (REPO, STARTER))]
    for place in places:
        text = place.read_text(encoding="utf-8")
        if variable := re.search(r"^FONT_PACKAGES := (.*)$", text, flags=re.MULTILINE):  # the Makefile's
            text = text.replace("$(FONT_PACKAGES)", variable[1])
        # The line that installs Pango (or lists it to install) installs the fonts too.
        pango = [line for line in text.splitlines() if re.search(r"libpangoft2-1\.0-0|\$\(PANGO_PACKAGES\)", line) and not line.lstrip().startswith("#")]
        assert any(all(package in line for package in pdf.FONTS.split()) for line in pango), place


def test_the_starter_asks_dependabot_and_renovate_for_new_releases_of_releve_only():
    dependabot = yaml.safe_load((STARTER / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    (pip,) = [update for update in dependabot["updates"] if update["package-ecosystem"] == "pip"]
    assert pip["allow"] == [{"dependency-name": "releve"}]
    renovate = json.loads((STARTER / "renovate.json").read_text(encoding="utf-8"))
    (pattern,) = renovate["pip-compile"]["managerFilePatterns"]
    assert re.search(pattern.strip("/"), "requirements.lock")
    # Both bots rerun the lock's header command: it must give this lock.
    assert lock.site_header().splitlines()[1].strip("# ").startswith("uv pip compile pyproject.toml --extra test --generate-hashes")


# --- versions ----------------------------------------------------------------------------------


MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"


def test_the_changelog_is_french_and_its_first_section_is_this_version():
    releases = version.shipped_history()
    assert releases and releases[0].version == Version(Version(__version__).base_version)
    assert [release.version for release in releases] == sorted((release.version for release in releases), reverse=True)
    for release in releases:
        assert release.date == version.UNRELEASED or re.fullmatch(rf"(?:1er|[1-9]|[12][0-9]|3[01]) (?:{MONTHS}) 20\d\d", release.date)
        assert release.text
    assert releases[0].released or Version(__version__).is_devrelease
    assert version.last_release(releases) is not None, "une version publiée au moins : un nouveau site l'épingle"


def test_releve_version_is_in_french():
    result = run_releve("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"Relevé {__version__}"


SAMPLE = version.history("# Nouveautés\n\n## 0.3.0 — en préparation\n\n- c\n\n## 0.2.0 — 3 mars 2027\n\n- b\n\n## 0.1.0 — 6 décembre 2026\n\n- a\n")


def test_a_released_engine_installed_by_name_pins_itself():
    assert version.site_pin("0.2.0", None, SAMPLE) == version.Pin(Version("0.2.0"), None)


@pytest.mark.parametrize(
    "running, origin, why",
    [
        ("0.3.0.dev2", None, "Relevé 0.3.0.dev2 est une version de développement"),
        ("0.2.0", "le dossier /home/x/releve (installation modifiable)", "Relevé 0.2.0 s'exécute depuis le dossier /home/x/releve (installation modifiable), pas depuis l'index des paquets"),
    ],
)
def test_a_development_engine_says_so_and_pins_the_last_release(running, origin, why):
    pin = version.site_pin(running, origin, SAMPLE)
    assert pin.version == Version("0.2.0")
    assert pin.note == f"{why} : le site épinglera la dernière version publiée, 0.2.0, que toute machine peut installer."


def test_the_changes_shown_are_those_between_the_two_versions():
    shown = version.changes_between(SAMPLE, Version("0.1.0"), Version("0.3.0"))
    assert [(str(release.version), release.text) for release in shown] == [("0.2.0", "- b"), ("0.3.0", "- c")]


def test_this_engine_run_from_its_sources_pins_a_release_never_a_path(tmp_path):
    site = tmp_path / "site"
    result = run_releve("creer", str(site), "--nom", "Conseil local de santé mentale de Valmont")
    assert result.returncode == 0, result.stderr
    last = version.last_release(version.shipped_history())
    pyproject = (site / "pyproject.toml").read_text(encoding="utf-8")
    assert f'dependencies = ["releve=={last}"]' in pyproject and "file:" not in pyproject
    assert f"le site épinglera la dernière version publiée, {last}" in result.stdout
    # Offline (the tests never reach the index): the lock says the hash is to come, make installs by version.
    assert f"# releve=={last} : empreinte à ajouter" in (site / "requirements.lock").read_text(encoding="utf-8")
    assert "« make mettre-a-jour » l'ajoutera" in result.stdout
    git = tmp_path / "git"
    result = run_releve("creer", str(git), "--nom", "CLSM du Val", "--releve-git", "https://forge.example.org/clsm/releve")
    assert result.returncode == 0, result.stderr
    assert f'"releve @ git+https://forge.example.org/clsm/releve@v{last}"' in (git / "pyproject.toml").read_text(encoding="utf-8")
    refused = run_releve("creer", str(tmp_path / "x"), "--nom", "CLSM du Val", "--releve-git", "file:///home/x/releve")
    assert refused.returncode == 1 and "n'est pas l'adresse https:// d'un dépôt git" in refused.stderr


def test_the_pin_is_read_and_raised_in_both_forms():
    for text, raised in [
        ('dependencies = ["releve==0.1.0"]', 'dependencies = ["releve==0.2.0"]'),
        ('dependencies = ["releve @ git+https://f.example/r@v0.1.0"]', 'dependencies = ["releve @ git+https://f.example/r@v0.2.0"]'),
    ]:
        pin = lock.read_pin(text)
        assert pin.version == Version("0.1.0")
        assert lock.write_pin(text, lock.SitePin(Version("0.2.0"), pin.git)) == raised


def test_mettre_a_jour_says_in_french_what_it_cannot_do(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\n", encoding="utf-8")
    missing = run_releve("mettre-a-jour", "--site", str(tmp_path))
    assert missing.returncode == 1 and f"Erreur : impossible de lire « {tmp_path / 'pyproject.toml'} »" in missing.stderr
    (tmp_path / "pyproject.toml").write_text('[project]\ndependencies = ["mkdocs==1.6.1"]\n', encoding="utf-8")
    unpinned = run_releve("mettre-a-jour", "--site", str(tmp_path))
    assert unpinned.returncode == 1 and "n'est pas un site créé par « releve creer »" in unpinned.stderr
    (tmp_path / "pyproject.toml").write_text('[project]\ndependencies = ["releve==0.1.0"]\n', encoding="utf-8")
    offline = run_releve("mettre-a-jour", "--site", str(tmp_path), "--index", (tmp_path / "vide").as_uri())
    assert offline.returncode == 1 and "l'index des paquets ne répond pas ou ne connaît pas Relevé" in offline.stderr
    assert (tmp_path / "pyproject.toml").read_text(encoding="utf-8") == '[project]\ndependencies = ["releve==0.1.0"]\n'
    assert "Traceback" not in missing.stderr + unpinned.stderr + offline.stderr


def _offer(index: Path, wheel: bytes | dict[str, str]) -> str:
    """A package index in ``index`` whose newest Relevé, 9.0.0, is ``wheel``: its bytes, or its files."""
    page = index / "releve"
    page.mkdir(parents=True)
    name = "releve-9.0.0-py3-none-any.whl"
    if isinstance(wheel, dict):
        with zipfile.ZipFile(page / name, "w") as archive:
            for member, text in wheel.items():
                archive.writestr(member, text)
    else:
        (page / name).write_bytes(wheel)
    digest = hashlib.sha256((page / name).read_bytes()).hexdigest()
    (page / "index.html").write_text(f'<a href="{name}#sha256={digest}">{name}</a>\n', encoding="utf-8")
    return index.as_uri()


def test_mettre_a_jour_writes_both_files_or_neither_from_a_whole_release(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "mkdocs.yml").write_text("site_name: CLSM\n", encoding="utf-8")
    (site / "pyproject.toml").write_text('[project]\ndependencies = ["releve==0.1.0"]\n', encoding="utf-8")
    (site / "requirements.lock").write_text("# le verrou de Relevé 0.1.0\n", encoding="utf-8")
    # A folder where the new lock would first be written: the system refuses it, after the pin's.
    (site / ".requirements.lock.releve-tmp").mkdir()
    state = tree_state(site)
    wheel = "Erreur : le paquet de Relevé 9.0.0 reçu de l'index des paquets (releve-9.0.0-py3-none-any.whl)"
    corrupt = run_releve("mettre-a-jour", "--site", str(site), "--index", _offer(tmp_path / "corrompu", b"pas une archive"))
    assert corrupt.returncode == 1 and corrupt.stderr.startswith(f"{wheel} est illisible : rien n'a été modifié"), corrupt.stderr
    incomplete = run_releve("mettre-a-jour", "--site", str(site), "--index", _offer(tmp_path / "incomplet", {"releve/__init__.py": ""}))
    assert incomplete.returncode == 1
    assert incomplete.stderr.startswith(f"{wheel} n'a pas releve/CHANGELOG.md ni releve/starter/requirements.lock : "), incomplete.stderr
    release = {"releve/CHANGELOG.md": "# Nouveautés\n\n## 9.0.0 — 7 décembre 2026\n\n- Tout.\n", "releve/starter/requirements.lock": lock.RELEVE_LINE + "\n"}
    index = _offer(tmp_path / "index", release)
    refused = run_releve("mettre-a-jour", "--site", str(site), "--index", index)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert refused.stderr.startswith(f"Erreur : impossible d'écrire « {site / 'requirements.lock'} » (")
    assert refused.stderr.endswith(")\nNi pyproject.toml ni requirements.lock n'ont été modifiés.\n")
    assert tree_state(site) == state

    (site / ".requirements.lock.releve-tmp").rmdir()
    updated = run_releve("mettre-a-jour", "--site", str(site), "--index", index)
    assert updated.returncode == 0, updated.stderr
    assert (site / "pyproject.toml").read_text(encoding="utf-8") == '[project]\ndependencies = ["releve==9.0.0"]\n'
    assert "releve==9.0.0" in (site / "requirements.lock").read_text(encoding="utf-8")
    assert sorted(path.name for path in site.iterdir()) == ["mkdocs.yml", "pyproject.toml", "requirements.lock"]


def test_the_index_page_gives_the_released_wheels_with_their_hashes(tmp_path, monkeypatch):
    page = tmp_path / "releve"
    page.mkdir()
    digest = "0" * 63 + "1"
    (page / "index.html").write_text(
        "<html><body>\n"
        f'<a href="releve-0.1.0-py3-none-any.whl#sha256={digest}">releve-0.1.0-py3-none-any.whl</a>\n'
        f'<a href="releve-0.1.0.tar.gz#sha256={"2" * 64}">releve-0.1.0.tar.gz</a>\n'
        f'<a href="https://files.example.org/p/releve-0.2.0-py3-none-any.whl#sha256={"3" * 64}" data-yanked="">yanked</a>\n'
        f'<a href="releve-0.3.0rc1-py3-none-any.whl#sha256={"4" * 64}">pre-release</a>\n'
        "</body></html>\n",
        encoding="utf-8",
    )
    (wheel,) = lock.released_wheels(tmp_path.as_uri())
    assert wheel == lock.Wheel(Version("0.1.0"), (page / "releve-0.1.0-py3-none-any.whl").as_uri(), digest)
    monkeypatch.setenv("PIP_INDEX_URL", tmp_path.as_uri())
    monkeypatch.delenv("PIP_NO_INDEX")
    assert lock.index_hashes(Version("0.1.0")) == [digest] and lock.index_hashes(Version("0.2.0")) == []
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    assert lock.index_url() is None and lock.index_hashes(Version("0.1.0")) == []


def test_zizmor_finds_nothing_in_the_workflows():
    """The workflows of this repository and of every site, audited by zizmor (pinned in the test
    extra), its strictest persona: unpinned actions, broad permissions, persisted credentials, injections."""
    zizmor = Path(sys.executable).with_name("zizmor")
    folders = [str(REPO / ".github" / "workflows"), str(STARTER / ".github" / "workflows")]
    result = subprocess.run([str(zizmor), "--offline", "--persona=pedantic", "--no-progress", *folders], capture_output=True, text=True)
    assert result.returncode == 0 and "No findings to report" in result.stdout + result.stderr, result.stdout + result.stderr
