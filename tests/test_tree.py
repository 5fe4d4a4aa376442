"""``releve generer``: the whole site as a Markdown tree that Zensical builds with every page and
no broken link; the link rewriting, in process."""

from __future__ import annotations

import importlib.util
import os
import posixpath
import re
import subprocess
import sys

import pytest

from conftest import BASE_FILES, ENGINE_ENV, TODAY, broken_links, copy_real_content, ctrl_c_as_in_a_terminal, run_releve, tree_state, write_project
from releve import pipeline, urls
from releve.body import relative_links
from releve.pipeline import today_from

# --- Links between pages, in process -------------------------------------------------------------


@pytest.mark.parametrize(
    ("src_uri", "markdown", "expected"),
    [
        ("projets/reseau.md", "[R](/comptes-rendus/2021-02-19.md)", "[R](../comptes-rendus/2021-02-19.md)"),
        ("projets/reseau.md", "[A](/annuaire/index.md#sanitaire)", "[A](../annuaire/index.md#sanitaire)"),
        ("projets/statut-x/page-2.md", "[P](/projets/reseau.md)", "[P](../reseau.md)"),
        ("index.md", "[P](/projets/index.md \"Projets\")", "[P](projets/index.md \"Projets\")"),
        ("projets/reseau.md", "[Accueil](/)", "[Accueil](../index.md)"),
        ("projets/reseau.md", "[ici](#objectifs) [loin](https://exemple.org/a.md) [autre](//cdn.exemple.org/x)",
         "[ici](#objectifs) [loin](https://exemple.org/a.md) [autre](//cdn.exemple.org/x)"),
        ("projets/reseau.md", "[rel](../annuaire/index.md)", "[rel](../annuaire/index.md)"),
        ("projets/reseau.md", "[r]: /annuaire/index.md#x", "[r]: ../annuaire/index.md#x"),
        ("projets/reseau.md", "```\n[code](/projets/x.md)\n```\n[a](/projets/x.md)", "```\n[code](/projets/x.md)\n```\n[a](x.md)"),
        ("projets/reseau.md", "Code :\n\n    [code](/projets/x.md)\n\n[a](/projets/x.md)", "Code :\n\n    [code](/projets/x.md)\n\n[a](x.md)"),
        # What is code is found as Python-Markdown finds it (body.fenced_blocks): a fence closes only
        # with its own, and an indented one is text.
        ("projets/reseau.md", "```\n~~~\n[code](/projets/x.md)\n~~~\n```\n`[a](/projets/x.md)`", "```\n~~~\n[code](/projets/x.md)\n~~~\n```\n`[a](/projets/x.md)`"),
        ("projets/reseau.md", "  ```\n\n[a](/projets/x.md)\n\n  ```", "  ```\n\n[a](x.md)\n\n  ```"),
    ],
)
def test_docs_rooted_links_of_a_hand_written_page_become_relative(src_uri, markdown, expected):
    assert relative_links(markdown, src_uri) == expected


def test_every_generated_link_is_relative_and_leads_to_a_page(tmp_path):
    """The engine links its pages relatively when it renders them: no host has to resolve a
    docs-rooted link, and the site works under a sub-path."""
    write_project(tmp_path, BASE_FILES)
    output = pipeline.build(tmp_path, today_from(TODAY))
    sources = {page.src_uri for page in output.pages} | {"a-propos.md"}
    checked = 0
    for page in output.pages:
        assert urls.LINK_MARK not in page.markdown and not re.search(r"\]\(/(?!/)", page.markdown), page.src_uri
        for target in re.findall(r"\]\(([^)\s#]+\.md)", page.markdown):
            checked += 1
            assert posixpath.normpath(posixpath.join(posixpath.dirname(page.src_uri), target)) in sources, (page.src_uri, target)
    assert checked > 50


# --- The command --------------------------------------------------------------------------------


def test_generer_refuses_a_folder_that_is_not_empty_or_holds_the_site(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    write_project(site, BASE_FILES)
    target = tmp_path / "arbre"
    target.mkdir()
    (target / "notes.txt").write_text("à garder", encoding="utf-8")
    before = tree_state(tmp_path)
    busy = run_releve("generer", str(target), "--site", str(site))
    assert busy.returncode == 1 and "n'est pas vide" in busy.stderr and "--remplacer" in busy.stderr
    for inside_the_site in (site, tmp_path, site / "docs" / "arbre", site / "lettres", site / "carte" / "arbre"):
        refused = run_releve("generer", str(inside_the_site), "--site", str(site), "--remplacer")
        assert refused.returncode == 1 and "choisissez" in refused.stderr, refused.stderr
    assert tree_state(tmp_path) == before


def test_generer_replaces_only_a_folder_it_wrote(tmp_path):
    """--remplacer empties a folder only if « releve generer » wrote it (its mark): never the site's
    own folders (its hooks, its git history, its tests), nor a folder of someone else's files."""
    site = tmp_path / "site"
    site.mkdir()
    write_project(site, {**BASE_FILES, "hooks/ajout.py": "", ".git/HEAD": "ref: refs/heads/main\n", "tests/test_site.py": ""})
    target = tmp_path / "arbre"
    target.mkdir()
    (target / "notes.txt").write_text("à garder", encoding="utf-8")
    before = tree_state(tmp_path)
    for folder in (site / "hooks", site / ".git", site / "tests", target):
        refused = run_releve("generer", str(folder), "--site", str(site), "--remplacer")
        assert refused.returncode == 1, refused.stderr
        assert f"Erreur : le dossier « {folder} » n'a pas été écrit par « releve generer »" in refused.stderr
    assert tree_state(tmp_path) == before

    (target / "notes.txt").unlink()
    assert run_releve("generer", str(target), "--site", str(site)).returncode == 0
    (target / "notes.txt").write_text("écrit dans l'arbre", encoding="utf-8")
    # The site's own theme overrides, allowed by a maintainer, win over the engine's, as under the plugin.
    config = (site / "mkdocs.yml").read_text(encoding="utf-8").replace("theme:\n", "theme:\n  custom_dir: theme\n")
    (site / "mkdocs.yml").write_text(config.replace("  releve:\n", "  releve:\n    autoriser: [theme_personnel]\n"), encoding="utf-8")
    footer = site / "theme" / "partials" / "copyright.html"
    footer.parent.mkdir(parents=True)
    footer.write_text("<div>Pied du site</div>\n", encoding="utf-8")
    replaced = run_releve("generer", str(target), "--site", str(site), "--remplacer")
    assert replaced.returncode == 0, replaced.stderr
    assert not (target / "notes.txt").exists() and (target / "docs" / "projets" / "reseau.md").is_file()
    assert (target / ".releve-generer").is_file()
    assert (target / "overrides" / "partials" / "copyright.html").read_text(encoding="utf-8") == "<div>Pied du site</div>\n"
    assert (target / "overrides" / "main.html").is_file()
    assert f"Site écrit dans {target}" in replaced.stdout and "--construire" in replaced.stdout


def test_generer_writes_nothing_when_the_content_has_an_error(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    write_project(site, {**BASE_FILES, "docs/projets/reseau.md": "# Mon projet\n"})
    result = run_releve("generer", str(tmp_path / "arbre"), "--site", str(site))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "docs/projets/reseau.md:1: ce fichier occupe l'adresse d'une page générée" in result.stderr
    assert not (tmp_path / "arbre").exists()


# Stands for Zensical: writes half a site where Zensical writes, then Ctrl-C reaches « releve ».
_INTERRUPTED_ZENSICAL = """
import os, pathlib, signal, time
page = pathlib.Path("site.releve-en-cours/page/index.html")
page.parent.mkdir(parents=True)
page.write_text("<p>à moitié</p>")
os.kill(os.getppid(), signal.SIGINT)
time.sleep(30)
"""


def test_an_interrupted_build_leaves_no_half_built_site(tmp_path):
    site, tree, fake = tmp_path / "site", tmp_path / "arbre", tmp_path / "faux" / "zensical"
    site.mkdir()
    write_project(site, BASE_FILES)
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("", encoding="utf-8")
    (fake / "__main__.py").write_text(_INTERRUPTED_ZENSICAL, encoding="utf-8")
    path = os.pathsep.join([str(fake.parent), ENGINE_ENV["PYTHONPATH"]])
    result = subprocess.run(
        [sys.executable, "-m", "releve", "generer", str(tree), "--construire", "--site", str(site)],
        env={**os.environ, "PYTHONPATH": path, "RELEVE_AUJOURDHUI": TODAY}, capture_output=True, text=True, timeout=60,
        preexec_fn=ctrl_c_as_in_a_terminal,
    )
    # The content's warnings first (shown once the tree is written), then the interruption alone.
    assert result.returncode == 130 and result.stderr.endswith("construction.\nErreur : interrompu\n"), result.stderr
    assert sorted(child.name for child in tree.iterdir()) == [".releve-generer", "docs", "mkdocs.yml", "overrides"]


# --- Zensical builds the tree -------------------------------------------------------------------


@pytest.fixture(scope="module", params=["reel", "depart"])
def zensical_tree(request, tmp_path_factory):
    """The real content, and the site ``releve creer`` starts a CLSM with, written by
    ``releve generer`` and built by Zensical."""
    if importlib.util.find_spec("zensical") is None:
        pytest.skip("Zensical n'est pas installé (extra « test » de pyproject.toml) / Zensical is not installed")
    root = tmp_path_factory.mktemp(request.param)
    site, tree = root / "site", root / "arbre"
    if request.param == "reel":
        site.mkdir()
        copy_real_content(site)
    else:
        created = run_releve("creer", str(site), "--nom", "Conseil local de santé mentale de Valmont")
        assert created.returncode == 0, created.stderr
    # A page of the site's own, linking docs-rooted as the plugin allows: rewritten like the generated ones.
    (site / "docs" / "liens.md").write_text("# Liens\n\n[Les projets](/projets/index.md#par-statut) · [Accueil](/index.md)\n", encoding="utf-8")
    written = run_releve("generer", str(tree), "--site", str(site), "--construire")
    assert written.returncode == 0, written.stdout + written.stderr
    assert f"terminé par Relevé dans {tree / 'site'}" in written.stdout
    return site, tree


def test_zensical_builds_every_page_of_the_tree(zensical_tree):
    site, tree = zensical_tree
    output = pipeline.build(site, today_from(TODAY))
    built = tree / "site"
    pages = [page.src_uri for page in output.pages] + ["a-propos.md", "liens.md"]
    assert len(pages) > 15
    missing = [uri for uri in pages if not (built / urls.public(uri) / "index.html").is_file()]
    assert not missing
    # The generated parts are in the tree's Markdown as raw HTML, not as the plugin's placeholders.
    assert not [page.src_uri for page in output.pages if "\ue000" in (tree / "docs" / page.src_uri).read_text(encoding="utf-8")]
    for meeting in output.linked.site.meetings:
        html = (built / urls.public(urls.meeting(meeting.id)) / "index.html").read_text(encoding="utf-8")
        assert 'class="admonition releve-carte"' in html
        # A box opens and closes in two fragments around the text: the text is still converted.
        for decision in meeting.decisions:
            box = html[html.index(f'<span id="{decision.anchor}"></span>') :]
            assert re.match(r'<span id="[^"]+"></span>Décision</p>\s*<(p|ul|ol)>', box), box[:300]
    for generated in output.files:  # calendars and feeds, published where the plugin writes them
        assert (built / generated.path).read_bytes() == generated.content
    assert (built / "stylesheets" / "releve.css").is_file() and (built / "javascripts" / "releve-filtres.js").is_file()
    home = (built / "index.html").read_text(encoding="utf-8")
    assert "Site mis à jour le 1er\u00a0avril 2022" in home and 'type="text/calendar"' in home


def test_zensical_tree_has_no_link_to_a_missing_page(zensical_tree):
    _, tree = zensical_tree
    checked, broken = broken_links(tree / "site")
    assert checked > 200 and not broken, broken[:20]
    own = (tree / "site" / "liens" / "index.html").read_text(encoding="utf-8")
    assert 'href="../projets/#par-statut"' in own and 'href="../"' in own


def test_generer_shows_the_content_s_warnings_and_writes_the_tree(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    meeting = BASE_FILES["minutes/2021-02-19-groupe-enfance.md"].replace("## Projet de réseau", "# Projet de réseau", 1)
    write_project(site, {**BASE_FILES, "minutes/2021-02-19-groupe-enfance.md": meeting})
    line = meeting.splitlines().index("# Projet de réseau") + 1
    result = run_releve("generer", str(tmp_path / "arbre"), "--site", str(site))
    assert result.returncode == 0, result.stderr
    assert f"minutes/2021-02-19-groupe-enfance.md:{line}: avertissement : « # » fait un titre de niveau 1" in result.stderr
    assert "2 avertissements, sans effet sur la construction." in result.stderr  # and the annuaire's unverified entries
    assert (tmp_path / "arbre" / "mkdocs.yml").is_file()
