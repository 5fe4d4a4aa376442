"""One conformance suite for every host: the same hostile corpus built by MkDocs, by ProperDocs and,
through the tree of ``releve generer --construire``, by Zensical gives the same guarantees.

No event handler, no ``javascript:`` or other dangerous URL, nothing loaded from another site, only
the allow-list's tags in the content, no trace of a draft anywhere (search index included), French
spacing, a search index that holds an accented word without its accents, no broken link, the tab
a generated page is read under marked, and a personal contact refused with its ``fichier:ligne``. The guarantees are the engine's
(``html_stage``, ``finish``), so each host must show them without code of its own for them.
"""

from __future__ import annotations

import gzip
import html
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from browser import open_page, serve
from conftest import ENGINE_ENV, MEETING, TODAY, build_in_process, broken_links, project_config, run_releve, write_project
from test_hostile_markup import HOSTILE_FILES, MEETING_PATH, markup_problems

from releve import active_tab, search, search_chunks

HOSTS = ("mkdocs", "properdocs", "zensical")

DRAFT_WORD = "Brouillon-secret-4242"
ACCENTED = "Hétérochromie"
"""A word of the corpus only, accented: the index must find it typed without accents."""

PRESENTED = "Le réseau réunit les acteurs de la santé mentale du territoire."

CORPUS = {
    **HOSTILE_FILES,
    # A navigation with a section, whose list in the menu opens as the menu's own list does.
    "mkdocs.yml": project_config(
        "nav:\n  - Accueil: index.md\n  - Comptes rendus: comptes-rendus/index.md\n  - Annuaire: annuaire/index.md\n"
        "  - Le site:\n      - a-propos.md\n      - liens.md\n"
    ),
    "minutes/2022-03-20-brouillon.md": MEETING.replace("2021-02-19", "2022-03-20")
    .replace("titre: Réunion du groupe enfance", f"titre: {DRAFT_WORD}")
    .replace("---\n## Projet", "brouillon: true\n---\n## Projet")
    .replace("Il est convenu de lancer le réseau.", "Decision-secrete-4242."),
    "minutes/2021-03-05-typographie.md": MEETING.replace("2021-02-19", "2021-03-05")
    .replace("titre: Réunion du groupe enfance", "titre: Réunion de typographie")
    .replace("Le groupe discute du réseau.", f"Question : le réseau est-il prêt ? Oui ; « {ACCENTED} » dit la note."),
    # A hand-written page linking docs-rooted, as MkDocs let such pages do: made relative by the engine.
    "docs/liens.md": "# Liens\n\n[Les projets](/projets/index.md) · [Le réseau](/projets/reseau.md) · [Accueil](/)\n",
    # A hand-written page out of the navigation, which gives no description: its first paragraph does.
    "docs/presentation.md": f"# Présentation\n\n{PRESENTED}\n",
}


def _build(host: str, root: Path) -> Path:
    """The site of the project in ``root`` built by ``host``; its published folder."""
    if host == "mkdocs":
        built = build_in_process(root, "--strict")
        assert built.returncode == 0, built.output
        return built.site
    if host == "properdocs":
        env = {**os.environ, **ENGINE_ENV, "NO_MKDOCS_2_WARNING": "1", "RELEVE_AUJOURDHUI": TODAY}
        done = subprocess.run([sys.executable, "-m", "properdocs", "build", "-f", "mkdocs.yml", "--strict"], cwd=root, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        # ProperDocs' loggers have other names than MkDocs': its console is French all the same.
        assert "Site construit en" in done.stderr and not re.search(r"\b(INFO|WARNING|Building|Cleaning|Documentation)\b", done.stderr), done.stderr
        return root / "site"
    tree = root.parent / f"{root.name}-arbre"
    done = run_releve("generer", str(tree), "--site", str(root), "--construire")
    assert done.returncode == 0, done.stdout + done.stderr
    return tree / "site"


def _available(host: str) -> bool:
    return importlib.util.find_spec(host) is not None


@pytest.fixture(scope="module", params=HOSTS)
def hosted(request, tmp_path_factory) -> Path:
    if not _available(request.param):
        pytest.skip(f"{request.param} n'est pas installé (extra « test » de pyproject.toml)")
    root = tmp_path_factory.mktemp(request.param) / "projet"
    root.mkdir()
    write_project(root, CORPUS)
    return _build(request.param, root)


def _texts(site: Path) -> dict[str, str]:
    """Every file of the site as text, the gzip-compressed ones (search index, sitemap) unpacked."""
    texts = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            texts[path.relative_to(site).as_posix()] = data.decode("utf-8", errors="replace")
    return texts


def test_no_page_runs_a_script_or_calls_another_site(hosted):
    pages = {path.relative_to(hosted).as_posix(): path.read_text(encoding="utf-8") for path in sorted(hosted.rglob("*.html"))}
    assert len(pages) > 30
    # Zensical's theme puts the target of its skip link inside <article>: the theme's markup, not the
    # content's (the allow-list refuses an id starting with « _ » in anything content writes).
    theme = {"<a id='__skip'>"}
    problems = {page: found for page, text in pages.items() if (found := [f for f in markup_problems(text) if f not in theme])}
    assert problems == {}
    meeting = pages["comptes-rendus/2021-02-19-groupe-enfance/index.html"]
    # The hostile text reached the page, as text: the checks had something to check.
    for text in ("Texte piégé par attr_list.", "piège espace de noms", "Clic par référence", "Il est convenu de lancer le réseau."):
        assert text in meeting.replace("\u202f", " ").replace("\u00a0", " ")
    assert 'class="admonition decision"' in meeting


def test_no_draft_leaves_a_trace_anywhere(hosted):
    texts = _texts(hosted)
    assert any(name.startswith(search.BUNDLE) for name in texts)
    assert [name for name, text in texts.items() if DRAFT_WORD in text or "secrete-4242" in text or "secret-4242" in text] == []


def test_french_spacing_in_the_content(hosted):
    page = (hosted / "comptes-rendus" / "2021-03-05-typographie" / "index.html").read_text(encoding="utf-8")
    assert "Question\u00a0: le réseau est-il prêt\u202f? Oui\u202f; «\u202fHétérochromie\u202f»" in page


def test_the_search_index_finds_an_accented_word_typed_without_accents(hosted):
    bundle = hosted / search.BUNDLE
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = search_chunks.read(bundle / f"pagefind.{entry['languages']['fr']['hash']}.pf_meta")
    words = {word[0] for _, _, name in meta[2] for word in search_chunks.read(bundle / "index" / f"{name}.pf_index")[0]}
    # Pagefind keeps the stem without its accents (« heterochromi »), which an accent-free query reaches.
    assert any(word.startswith("heterochrom") for word in words), sorted(words)[:50]


def test_the_search_index_is_the_one_of_the_whole_pages(hosted, tmp_path):
    """Pagefind reads only the part of each page it indexes (``search.searched_part``): the index is
    the one it makes of the whole pages, byte for byte."""
    whole = tmp_path / "site"
    shutil.copytree(hosted, whole, ignore=shutil.ignore_patterns(search.BUNDLE))
    search.Indexing(whole).finish()
    files = {host: {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted((site / search.BUNDLE).rglob("*")) if path.is_file()} for host, site in (("entier", whole), ("construit", hosted))}
    assert len(files["construit"]) > 10 and files["entier"] == files["construit"]


def test_every_link_leads_to_a_page(hosted):
    checked, broken = broken_links(hosted)
    assert checked > 200 and not broken, broken[:20]
    own = (hosted / "liens" / "index.html").read_text(encoding="utf-8")
    assert 'href="../projets/"' in own and 'href="../projets/reseau/"' in own and 'href="../"' in own


def _head(page: str) -> dict[str, list[str]]:
    """The head's title, description, Open Graph tags and links to other files, as a reader's tools read them."""
    head = page.split("</head>", 1)[0]
    found = {"title": [html.unescape(text) for text in re.findall(r"<title>(.*?)</title>", head, flags=re.S)]}
    for name in ("description", "og:title", "og:description"):
        found[name] = [html.unescape(text) for text in re.findall(rf'<meta (?:name|property)="{name}" content="([^"]*)">', head)]
    found["links"] = re.findall(r'<link rel="alternate"[^>]* href="([^"]+)"', head)
    found["generator"] = re.findall(r'<meta name="generator" content="([^"]*)">', head)
    return found


def test_every_host_gives_each_page_the_head_the_engine_says(hosted):
    """The description of a page that gives none is its first paragraph's (``engine.page_description``),
    the home page's the site's; a page of the navigation is titled as it names it; the head links
    only to files of the site; the generator is named with its version."""
    heads = {path: _head((hosted / path).read_text(encoding="utf-8")) for path in ("index.html", "presentation/index.html", "agenda/index.html", "annuaire/index.html")}
    site_wide = heads["index.html"]["description"]
    assert len(site_wide) == 1 and heads["index.html"]["title"][0].startswith("Accueil – ")
    assert heads["presentation/index.html"]["description"] == heads["presentation/index.html"]["og:description"] == [PRESENTED]
    agenda = heads["agenda/index.html"]
    assert agenda["description"] and agenda["description"] != site_wide and agenda["og:description"] == agenda["description"]
    # « Annuaire » in the navigation, « Annuaire des structures » its heading: MkDocs titles the page as its navigation does.
    assert heads["annuaire/index.html"]["title"][0].startswith("Annuaire – ") and heads["annuaire/index.html"]["og:title"] == ["Annuaire"]
    for path, head in heads.items():
        assert len(head["generator"]) == 1 and re.match(r"[a-z]+-[^,]*\d", head["generator"][0]), head["generator"]
        assert head["links"] and all((hosted / path).parent.joinpath(link).resolve().exists() for link in head["links"]), (path, head["links"])


def test_a_page_out_of_the_navigation_has_its_contents_once_in_the_phone_menu(hosted):
    """The item of the page shown, with its table of contents, at the top of the menu's list
    (theme/main.html), once, whichever host renders the theme: not in each section's list."""
    meeting = (hosted / "comptes-rendus" / "2021-02-19-groupe-enfance" / "index.html").read_text(encoding="utf-8")
    menu = meeting[meeting.index('data-md-type="navigation"') : meeting.index('data-md-type="toc"')]
    assert menu.count("releve-tiroir-page") == 1 and meeting.count('id="__toc"') == 1
    assert re.search(r'<ul class="md-nav__list" data-md-scrollfix>\s*<li class="md-nav__item releve-tiroir-page">', menu)
    assert 'href="#projet-de-reseau"' in menu
    # A page of the navigation keeps the host's own item.
    assert "releve-tiroir-page" not in (hosted / "a-propos" / "index.html").read_text(encoding="utf-8")


def _marked(page: str) -> tuple[list[str], list[str]]:
    """The names of the tabs marked active, and of the items so marked at the top of the drawer."""
    drawer = page[page.index('data-md-type="navigation"') : page.index('data-md-type="toc"')]
    names = []
    for part, kind in ((page[: page.index('data-md-type="navigation"')], "tabs"), (drawer, "nav")):
        found = re.findall(rf'<li class="md-{kind}__item md-{kind}__item--active">\s*<a [^>]*>(.*?)</a>', part, flags=re.S)
        names.append([" ".join(re.sub(r"<[^>]+>", " ", name).split()) for name in found])
    return names[0], names[1]


@pytest.mark.parametrize(
    "path, tab",
    [
        ("comptes-rendus/2021-02-19-groupe-enfance", "Comptes rendus"),
        ("comptes-rendus/2021", "Comptes rendus"),
        ("decisions", "Comptes rendus"),  # another folder, read under the same tab
        ("annuaire/ch-jury", "Annuaire"),
        # Read under a tab the navigation has not (« Projets »), or whose page is in a section
        # (« À propos », under « Le site »): none marked, as the MkDocs host marks none.
        ("projets/reseau", None),
        ("accessibilite", None),
    ],
)
def test_a_generated_page_has_the_tab_it_is_read_under_marked(hosted, path, tab):
    """A generated page is not in the navigation: its section's tab is marked active, and its item at
    the top of the phone's menu, as a page of the navigation has them, on every host; no other."""
    marked = _marked((hosted / path / "index.html").read_text(encoding="utf-8"))
    assert marked == (([tab], [tab]) if tab else ([], [])), marked


def test_the_phone_menu_shows_the_tab_a_generated_page_is_read_under(hosted, browser):
    """On a phone the item of that tab in the menu is coloured as a link, the others not, whichever
    host's stylesheet: Zensical's colours only the current page's item (releve.css)."""
    outside: list[str] = []
    with serve(hosted) as origin, open_page(browser, origin, outside, viewport={"width": 390, "height": 800}) as page:
        page.goto(origin + "/comptes-rendus/2021-02-19-groupe-enfance/")
        colours = dict(page.eval_on_selector_all(".md-nav--primary > .md-nav__list > li > a.md-nav__link", "links => links.map(a => [a.textContent.trim(), getComputedStyle(a).color])"))
    assert colours["Comptes rendus"] != colours["Annuaire"] == colours["Accueil"], colours
    assert outside == []


def test_a_page_whose_tab_is_marked_keeps_it_alone(hosted):
    """Marked by its host or by the finish pass, a page's tab is the only one: the finish pass marks
    no other for a page that has one (a page of the navigation, whichever its folder)."""
    path = "comptes-rendus/2021-02-19-groupe-enfance/index.html"
    page = (hosted / path).read_text(encoding="utf-8")
    assert active_tab.marked(path, page, "annuaire/") == page


def test_what_the_search_leaves_out_is_left_out_on_every_host(hosted):
    """A generated part that every page of its kind repeats (a decision's links) is marked for
    Pagefind to leave out, on every host."""
    meeting = (hosted / "comptes-rendus" / "2021-02-19-groupe-enfance" / "index.html").read_text(encoding="utf-8")
    lines = re.findall(r"<p[^>]*>[^\n]*Lien permanent</a></p>", meeting)
    assert lines and all(line.startswith('<p data-pagefind-ignore="">') for line in lines), lines


CONTACTS = {
    # Written as it is in the body of a compte rendu: the validation finds it in the source.
    "corps": (MEETING_PATH, MEETING + "\nJoindre Anne au 06 12 34 56 78.\n", MEETING.count("\n") + 2, "06 12 34 56 78"),
    # Cut by markup in a page of docs/: the text a reader sees shows it whole.
    "docs": ("docs/joindre.md", "# Joindre\n\nAnne : 06 <em>12</em> 34&#32;56 78\n", 3, "06 12 34 56 78"),
}


@pytest.mark.parametrize("where", CONTACTS)
@pytest.mark.parametrize("host", HOSTS)
def test_a_personal_contact_stops_every_host_at_its_line(host, where, tmp_path):
    if not _available(host):
        pytest.skip(f"{host} n'est pas installé")
    path, text, line, shown = CONTACTS[where]
    root = tmp_path / "projet"
    root.mkdir()
    write_project(root, {**CORPUS, path: text})
    if host == "zensical":
        done = run_releve("generer", str(tmp_path / "arbre"), "--site", str(root), "--construire")
        output, code = done.stdout + done.stderr, done.returncode
        assert not (tmp_path / "arbre" / "site").exists()
    elif host == "mkdocs":
        built = build_in_process(root, "--strict")
        output, code = built.output, built.returncode
    else:
        env = {**os.environ, **ENGINE_ENV, "NO_MKDOCS_2_WARNING": "1", "RELEVE_AUJOURDHUI": TODAY}
        done = subprocess.run([sys.executable, "-m", "properdocs", "build", "-f", "mkdocs.yml", "--strict"], cwd=root, env=env, capture_output=True, text=True, timeout=300)
        output, code = done.stdout + done.stderr, done.returncode
    assert code != 0 and "Traceback" not in output
    assert re.search(rf"{re.escape(path)}:{line}: .*{shown}", output.replace("\u00a0", " ")), output
    assert not (root / "site").exists()
