"""`make site` serves the site and rebuilds it when a content file changes; errors keep the last good site."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
from browser import free_port
from conftest import BASE_FILES, ENGINE_ENV, MEETING, ctrl_c_as_in_a_terminal, write_project

PAGE = "comptes-rendus/2021-02-19-groupe-enfance/"
KEPT = "le site affiché reste la dernière version correcte"


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(predicate, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


@contextlib.contextmanager
def _serving(root, host: str = "mkdocs", build: str = "--dirty"):
    """``mkdocs serve`` (or ProperDocs') of ``root`` on a free port, ``--dirty`` as ``make site`` runs it
    (or ``build``): yields its base URL and the list of its output lines so far (read as they come); the
    server is always stopped, then its output completed."""
    port = free_port()
    # ProperDocs looks for properdocs.yml first, and says so in English unless told the file.
    config = ["-f", "mkdocs.yml"] if host == "properdocs" else []
    server = subprocess.Popen(
        [sys.executable, "-m", host, "serve", *config, "--strict", build, "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        env={**os.environ, **ENGINE_ENV, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=ctrl_c_as_in_a_terminal,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(server.stdout), daemon=True)
    reader.start()
    try:
        yield f"http://127.0.0.1:{port}/", lines
    finally:
        # Ctrl+C, as the coordinator stops it: mkdocs serve then removes its temporary folders.
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        reader.join(timeout=10)


DEEP_LIST = "".join("    " * level + "- niveau\n" for level in range(300))
MISSING_FICHE = "Voir [la fiche][fiche].\n\n[fiche]: ../actions/absente.md\n"
MISSING_PAGE = "# À propos\n\nVoir [la page](absente.md).\n"
"""A link of docs/ that only MkDocs checks: a warning, an error under --strict."""
OPEN_BRACKETS = "[" * 5000
"""A page of docs/ that Python-Markdown would read for half a minute: refused by validation."""


def _rebuilds_on_a_change_and_keeps_the_last_good_site(root, base: str, lines: list[str]) -> int:
    """A change in minutes/ rebuilds; a typo is reported and the last good site stays online; a
    change in partners.yaml rebuilds. From any valid state of the fixture project; returns the
    index of the first output line of this scenario."""
    first = len(lines)
    url = base + PAGE
    minutes = root / "minutes" / "2021-02-19-groupe-enfance.md"
    minutes.write_text(MEETING.replace("Réunion du groupe enfance", "Réunion renommée"), encoding="utf-8")
    assert _wait_for(lambda: "Réunion renommée" in _get(url)), "a change in minutes/ did not rebuild the site"
    # A typo: the error is printed, and the last good site stays online.
    minutes.write_text(MEETING.replace("Réunion du groupe enfance", "Titre cassé").replace("structure: ch-jury", "structure: ch-jurry"), encoding="utf-8")
    assert _wait_for(lambda: any(KEPT in line.lower() for line in lines[first:])), "the error was not reported"
    assert "Réunion renommée" in _get(url)
    (root / "partners.yaml").write_text(BASE_FILES["partners.yaml"].replace("id: ch-jury", "id: ch-jurry").replace("parent: ch-jury", "parent: ch-jurry"), encoding="utf-8")
    assert _wait_for(lambda: "Titre cassé" in _get(url)), "a change in partners.yaml did not rebuild the site"
    return first


def _assert_french_and_reported(lines: list[str]) -> None:
    """The output of the scenario above: its error at its line, French lines only."""
    output = "".join(lines)
    assert "minutes/2021-02-19-groupe-enfance.md:17: structure inconnue : « ch-jurry »" in output
    assert "Traceback" not in output
    # MkDocs' progress lines are in French.
    assert "Rechargement des pages ouvertes" in output and "Reloading browsers" not in output
    assert "Watching paths" not in output and "Documentation built" not in output
    english = re.compile(r"\b(INFO|WARNING|ERROR|Building|Cleaning|Serving|Detected|Reloading|Browser|Documentation|Doc file|nav)\b")
    assert [line for line in lines if english.search(line)] == []
    _assert_error_is_last(lines)


def test_properdocs_serve_rebuilds_on_minutes_change_and_keeps_last_good_site(tmp_path):
    """The same as under MkDocs (below), under ProperDocs, whose loggers have other names: French lines only."""
    write_project(tmp_path, BASE_FILES)
    with _serving(tmp_path, "properdocs") as (base, lines):
        assert _wait_for(lambda: "Réunion du groupe enfance" in _get(base + PAGE), 120), "the site was never served"
        _rebuilds_on_a_change_and_keeps_the_last_good_site(tmp_path, base, lines)
    _assert_french_and_reported(lines)


def test_serve_clean_serves_rebuilds_and_stops_quietly(tmp_path):
    """``mkdocs serve --clean`` builds like ``mkdocs build``, beside the folder it serves: the preview
    then looked for its last good site in the build's folder, gone once published, and stopped on a traceback."""
    write_project(tmp_path, BASE_FILES)
    with _serving(tmp_path, build="--clean") as (base, lines):
        assert _wait_for(lambda: "Réunion du groupe enfance" in _get(base + PAGE)), "".join(lines)
        _rebuilds_on_a_change_and_keeps_the_last_good_site(tmp_path, base, lines)
    output = "".join(lines)
    assert "Traceback" not in output and "construction interrompue" not in output, output
    assert "Arrêt du serveur" in output


def test_serve_keeps_answering_with_the_last_good_site_whatever_fails_and_rebuilds_on_a_change(tmp_path):
    """A 990-deep list, a reference link to a missing fiche (an MkDocs warning under strict) and
    a page of docs/ full of open brackets: each is reported in French, the server answers at
    once with the last good page, and fixing the file rebuilds. Then, in the same server (one
    `mkdocs serve` started, not two), the scenario run under ProperDocs above."""
    write_project(tmp_path, BASE_FILES)
    minutes = tmp_path / "minutes" / "2021-02-19-groupe-enfance.md"
    about = tmp_path / "docs" / "a-propos.md"
    with _serving(tmp_path) as (base, lines):
        url = base + PAGE
        assert _wait_for(lambda: "Réunion du groupe enfance" in _get(url), 120), "the site was never served"
        # docs/ first: a content error in minutes/ stops the build before any page of docs/ is read.
        failures = [
            (about, MISSING_PAGE, "en mode strict, les avertissements ci-dessus comptent comme des erreurs"),
            (about, "# À propos\n\n" + OPEN_BRACKETS, "trop de crochets « [ »"),
            (minutes, MEETING.replace("Réunion du groupe enfance", "Titre profond") + "\n" + DEEP_LIST, "imbrication trop profonde : 41 niveaux"),
            (minutes, MEETING.replace("Réunion du groupe enfance", "Titre référence") + "\n" + MISSING_FICHE, "fiche action inconnue : « absente »"),
        ]
        for path, text, message in failures:
            reported = sum(KEPT in line.lower() for line in lines)
            path.write_text(text, encoding="utf-8")
            assert _wait_for(lambda: sum(KEPT in line.lower() for line in lines) > reported), f"« {message} » was not reported"
            assert message in "".join(lines)
            started = time.monotonic()
            assert "Réunion du groupe enfance" in _get(url), "the last good page is not served"
            assert "À propos" in _get(base + "a-propos/")
            assert time.monotonic() - started < 5
        about.write_text("# À propos\n\nPage de test.\n", encoding="utf-8")
        minutes.write_text(MEETING.replace("Réunion du groupe enfance", "Titre corrigé"), encoding="utf-8")
        assert _wait_for(lambda: "Titre corrigé" in _get(url)), "fixing the file did not rebuild the site"
        second = _rebuilds_on_a_change_and_keeps_the_last_good_site(tmp_path, base, lines)
    output = "".join(lines[:second])
    assert "minutes/2021-02-19-groupe-enfance.md:" in output
    assert "Traceback" not in output
    _assert_error_is_last(lines)
    _assert_french_and_reported(lines[second:])


def _assert_error_is_last(lines: list[str]) -> None:
    """After each error, nothing says the build went well until the next change is detected."""
    after_error = False
    for line in lines:
        if KEPT in line.lower():
            after_error = True
        elif "Modification détectée" in line:
            after_error = False
        elif after_error:
            assert "Rechargement des pages ouvertes" not in line and "Site construit" not in line, line


# Two rebuilds of the preview as `mkdocs serve --dirty` runs them: the configuration (and the
# adapter) loaded afresh for each, the engine kept imported. Printed: each page's mtime after each.
_DIRTY_REBUILDS = """
import json, os
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

def rebuild(first=False):
    config = load_config("mkdocs.yml", site_dir="site")
    if first:
        config.plugins.on_startup(command="serve", dirty=True)
    build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
    return {str(p): p.stat().st_mtime_ns for p in Path("site").rglob("*.html")}

before = rebuild(first=True)
minutes = Path("minutes/2021-02-19-groupe-enfance.md")
minutes.write_text(minutes.read_text(encoding="utf-8").replace("Le groupe discute du réseau.", "Le groupe discute du réseau modifié."), encoding="utf-8")
after = rebuild()
print(json.dumps(sorted(path for path in after if after[path] != before.get(path))))
print(os.path.isdir("site/pagefind"))
"""


def test_the_preview_rewrites_only_the_pages_whose_markdown_changed(tmp_path):
    write_project(tmp_path, BASE_FILES)
    result = subprocess.run(
        [sys.executable, "-c", _DIRTY_REBUILDS],
        cwd=tmp_path,
        env={**os.environ, **ENGINE_ENV, "NO_MKDOCS_2_WARNING": "1", "RELEVE_AUJOURDHUI": "2025-06-01"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    rewritten, indexed = result.stdout.splitlines()[-2:]
    assert "réseau modifié" in (tmp_path / "site" / PAGE / "index.html").read_text(encoding="utf-8")
    # The edited meeting, and the 404 page MkDocs renders on every build; not the other generated pages.
    assert json.loads(rewritten) == ["site/404.html", f"site/{PAGE}index.html"]
    assert (tmp_path / "site" / "annuaire" / "ch-jury" / "index.html").is_file()
    assert indexed == "False"  # the preview builds no search index
    assert "data-releve-recherche" not in (tmp_path / "site" / PAGE / "index.html").read_text(encoding="utf-8")  # nor its button


def test_a_rebuild_after_an_edit_of_prose_renders_only_that_meeting_again(tmp_path):
    from releve import pipeline, urls
    from releve.validate import CheckedFiles

    write_project(tmp_path, BASE_FILES)
    minutes = tmp_path / "minutes" / "2021-02-19-groupe-enfance.md"
    checked = CheckedFiles()
    first = pipeline.render_site(pipeline.load(tmp_path, checked=checked))
    minutes.write_text(minutes.read_text(encoding="utf-8").replace("Le groupe discute du réseau.", "Le groupe discute du réseau modifié."), encoding="utf-8")
    edited = pipeline.load(tmp_path, checked=checked)
    assert edited.site.actions[0] is first.linked.site.actions[0]  # the unchanged fiche was not checked again
    again = pipeline.rerender_site(edited, first)
    assert again == pipeline.render_site(pipeline.load(tmp_path))  # what a build from nothing gives
    page = f"{PAGE[:-1]}.md"
    assert [p.src_uri for p, before in zip(again.pages, first.pages) if p is not before] == [page]
    assert again.files is first.files
    # A change that other pages show (a title: the neighbours, the lists, the feeds) renders everything.
    minutes.write_text(minutes.read_text(encoding="utf-8").replace("Réunion du groupe enfance", "Titre corrigé"), encoding="utf-8")
    retitled = pipeline.load(tmp_path, checked=checked)
    rendered = pipeline.rerender_site(retitled, again)
    assert rendered == pipeline.render_site(pipeline.load(tmp_path))
    assert "Titre corrigé" in next(p.markdown for p in rendered.pages if p.src_uri == urls.MEETINGS)


def _rebuild(root, session, today: str = "2022-04-01") -> list[str]:
    """One rebuild of the preview ``session`` (``releve.preview.Preview``: the last build and the
    files as checked before): it must give what a build from nothing gives, the same output or the
    same problems. Returns those problems (none when the site was built)."""
    from releve import engine
    from releve.problems import ContentError

    settings = {"aujourdhui": today}
    try:
        full = engine.build(root, settings)
    except ContentError as error:
        with pytest.raises(ContentError) as kept:
            engine.build(root, settings, previous=session.build, checked=session.checked)
        assert kept.value.problems == error.problems
        return [str(problem) for problem in error.problems]
    rebuilt = engine.build(root, settings, previous=session.build, checked=session.checked)
    assert rebuilt == full
    session.build = rebuilt
    return []


def test_a_rebuild_checks_again_what_changed_and_everything_that_depends_on_other_files(tmp_path):
    """Each file's own checks are kept from one rebuild to the next while its text is the same;
    a kept file's problems are reported again, and its mentions of other files are checked
    against the files as they are now."""
    from conftest import ACTION, AGENDA_FILES, REFERENTIAL
    from releve import preview

    write_project(tmp_path, {**BASE_FILES, **AGENDA_FILES})
    minutes, fiche = tmp_path / "minutes" / "2021-02-19-groupe-enfance.md", tmp_path / "actions" / "reseau.md"
    session = preview.Preview()
    assert _rebuild(tmp_path, session) == []
    # Every source read: the referential, partners, events, three minutes, one fiche and a docs/ page.
    assert sorted(session.checked.outcomes) == [
        "actions/reseau.md",
        "docs/a-propos.md",
        "evenements.yaml",
        "minutes/2021-02-19-groupe-enfance.md",
        "minutes/2022-03-01-copil.md",
        "minutes/2022-03-20-brouillon.md",
        "partners.yaml",
        "referentiel.yaml",
    ]
    # A problem appears in the edited file; kept while the file stays so, whatever else changes.
    minutes.write_text(MEETING.replace("structure: ch-jury", "structure: ch-jurry"), encoding="utf-8")
    broken = _rebuild(tmp_path, session)
    assert "minutes/2021-02-19-groupe-enfance.md:17: structure inconnue : « ch-jurry » (vouliez-vous dire « ch-jury » ?)" in broken
    fiche.write_text(ACTION.replace("Parce que.", "Parce que, modifié."), encoding="utf-8")
    assert _rebuild(tmp_path, session) == broken
    minutes.write_text(MEETING, encoding="utf-8")
    assert _rebuild(tmp_path, session) == []
    # The fiche renamed, then a draft: the minutes that mention it, unchanged, no longer may.
    fiche.rename(tmp_path / "actions" / "reseau-perinatalite.md")
    # (The message goes on with how to keep a deleted fiche: « statut: abandonnée ».)
    assert any(problem.startswith("minutes/2021-02-19-groupe-enfance.md:18: fiche action inconnue : « reseau » ;") for problem in _rebuild(tmp_path, session))
    fiche.write_text(ACTION.replace("statut: en cours", "statut: en cours\nbrouillon: true"), encoding="utf-8")
    (tmp_path / "actions" / "reseau-perinatalite.md").unlink()
    assert "minutes/2021-02-19-groupe-enfance.md:18: la fiche action « reseau » est un brouillon : une page publiée ne peut pas y renvoyer" in _rebuild(tmp_path, session)
    fiche.write_text(ACTION, encoding="utf-8")
    assert _rebuild(tmp_path, session) == []
    # The fiche, unchanged, is checked against the referential's questions as they are now.
    (tmp_path / "referentiel.yaml").write_text(REFERENTIAL + "questions: [Quoi ?, Pour qui ?]\n", encoding="utf-8")
    assert any("actions/reseau.md:" in problem and "la section « Pourquoi ? » n'est pas l'une des questions" in problem for problem in _rebuild(tmp_path, session))
    (tmp_path / "referentiel.yaml").write_text(REFERENTIAL, encoding="utf-8")
    # partners.yaml, unchanged, is checked against the day of the build.
    partners = tmp_path / "partners.yaml"
    partners.write_text(BASE_FILES["partners.yaml"].replace("    description: Association de test.", "    description: Association de test.\n    verifie_le: 2022-03-01"), encoding="utf-8")
    assert _rebuild(tmp_path, session) == []
    assert "partners.yaml:20: « verifie_le » (2022-03-01) est dans le futur : nous sommes le 2022-02-01" in _rebuild(tmp_path, session, today="2022-02-01")
    # A file that can no longer be read is reported, never taken from before.
    minutes.write_bytes(MEETING.encode("utf-8").replace("discute".encode(), b"discut\xe9"))
    assert any(problem.startswith("minutes/2021-02-19-groupe-enfance.md:26: le fichier n'est pas encodé en UTF-8") for problem in _rebuild(tmp_path, session))
    minutes.unlink()
    assert _rebuild(tmp_path, session) == []
    assert "minutes/2021-02-19-groupe-enfance.md" not in session.checked.outcomes  # a removed file is forgotten


def test_the_preview_looks_for_changes_more_often_and_still_watches_what_mkdocs_watched(tmp_path):
    """`mkdocs serve` polls the watched files every 0.5 s; the plugin's on_serve moves every watch to
    an observer that polls more often, and adds the content sources (a real server, never started)."""
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer
    from releve.hosts.mkdocs_serve import POLL_SECONDS

    write_project(tmp_path, BASE_FILES)
    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    (tmp_path / "site").mkdir()
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=config.site_dir)
    try:
        for path in [config.docs_dir, config.config_file_path, *config.theme.dirs]:  # as `mkdocs serve --watch-theme`
            server.watch(path)
        before = {emitter.watch.path for emitter in server.observer.emitters}
        server = config.plugins.on_serve(server, config=config, builder=server.builder)
        after = {emitter.watch.path for emitter in server.observer.emitters}
    finally:
        server.server_close()
    assert server.observer.timeout == POLL_SECONDS < 0.5
    assert before <= after and {str(tmp_path / "minutes"), str(tmp_path / "actions"), config.docs_dir} <= after
