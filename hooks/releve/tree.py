"""The whole site as a tree of Markdown for Zensical: ``releve generer DOSSIER [--construire]``.

The plugin hands the generated pages to MkDocs in memory; here every page is written to disk, its
generated parts as raw HTML, with a ``mkdocs.yml`` that names the engine's HTML stage among its
Markdown extensions (``hosts/zensical.py``): Zensical converts each page through it, as MkDocs does
through the plugin. ``build`` then runs Zensical and the engine's finish pass over what it wrote.
Plain Python: no MkDocs.
"""

from __future__ import annotations

import importlib.util
import posixpath
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from . import engine, urls
from .catalogue import ACTIONS_DIR, LETTERS_DIR, MEDIA_DIR, MINUTES_DIR, TERRITORY_FILE
from .finish import STAGING_SUFFIX
from .output_paths import inside
from .problems import ContentError, Problem
from .site_config import ASSETS, CONFIG, MARKDOWN_EXTENSIONS, THEME, TOC_SETTINGS, assets, default_nav, read_site_config
from .views import GeneratedPage, inline

DOCS = "docs"
OVERRIDES = "overrides"
MARK = ".releve-generer"
"""Written first into the tree, and kept while it is emptied: the proof that ``releve generer`` wrote
the folder, without which ``--remplacer`` deletes nothing (``refusal``)."""
SITE = "site"
"""Where the finished site is published in the tree (Zensical writes it beside, in the staging folder)."""
EXTENSION = "releve.hosts.zensical"
"""The engine's HTML stage, as the tree's Markdown extension (``hosts/zensical.py``)."""

# « href="…" » in the raw HTML of a generated page (links to its calendar, its feed): written for
# the page's published folder, which for « a/b.md » is « a/b/ », one level below the Markdown file.
_RAW_HREF = re.compile(r'(\bhref=")(?![a-z][a-z0-9+.-]*:|/|#)([^"]+)(")')


def _from_source(href: str, published: str, source: str) -> str:
    target = posixpath.normpath(posixpath.join(published, href))
    return posixpath.relpath(target, source or ".") + ("/" if href.endswith("/") else "")


def for_zensical(page: GeneratedPage) -> str:
    """The page's Markdown with its generated parts written in place as raw HTML; their links,
    written for the page's published folder, made relative to its Markdown file's folder, from
    which Zensical reads every link of the page."""
    published, source = urls.public(page.src_uri).rstrip("/"), posixpath.dirname(page.src_uri)
    if published != source:
        fragments = tuple(_RAW_HREF.sub(lambda m: m.group(1) + _from_source(m.group(2), published, source) + m.group(3), part) for part in page.fragments)
        page = replace(page, fragments=fragments)
    return inline(page)


def _name(entry) -> str | None:
    """The name of a mkdocs.yml list entry: ``search`` or ``{search: {lang: fr}}``."""
    return entry if isinstance(entry, str) else next(iter(entry), None) if isinstance(entry, dict) else None


def engine_config(site: dict, docs: Path, footer: dict, public_url: str | None, names: dict[str, str]) -> dict:
    """The tree's mkdocs.yml: the site's own settings, plus what the plugin adds (``names``: the
    CLSM's, from its referential)."""
    config = {key: value for key, value in site.items() if key not in ("plugins", "docs_dir", "site_dir", "hooks")}
    config.update(names)
    # Zensical writes beside the published folder; the finish pass puts it in place (finish.swap).
    config.update(docs_dir=DOCS, site_dir=SITE + STAGING_SUFFIX, use_directory_urls=True)
    if public_url:
        config["site_url"] = public_url
    # The tree already holds everything the releve plugin generates.
    plugins = site.get("plugins") or []
    plugins = plugins if isinstance(plugins, list) else [{name: value} for name, value in plugins.items()]
    config["plugins"] = [entry for entry in plugins if _name(entry) != "releve"]
    config["theme"] = {**(site.get("theme") or {"name": "material", "language": "fr"}), "custom_dir": OVERRIDES}
    listed = list(site.get("markdown_extensions") or [])
    toc = next((entry["toc"] for entry in listed if isinstance(entry, dict) and "toc" in entry), None) or {}
    extensions = [entry for entry in listed if _name(entry) not in ("toc", EXTENSION)]
    extensions += [name for name in MARKDOWN_EXTENSIONS if name != "toc" and name not in map(_name, extensions)]
    config["markdown_extensions"] = [*extensions, {"toc": {**TOC_SETTINGS, **toc}}, EXTENSION]
    for key, suffix in (("extra_css", ".css"), ("extra_javascript", ".js")):
        listed = list(site.get(key) or [])
        config[key] = listed + [uri for uri in assets() if uri.endswith(suffix) and uri not in listed]
    if not site.get("nav"):
        config["nav"] = default_nav(docs)
    extra = {key: value for key, value in (site.get("extra") or {}).items() if key != "releve"}
    extra["releve_pied"] = footer  # the footer's date (theme/partials/copyright.html)
    # The header's search button (theme/partials/recherche.html): the finish pass builds the index.
    extra["releve_recherche"] = True
    config["extra"] = extra
    return config


@dataclass(frozen=True)
class Tree:
    build: engine.Build
    root: Path
    """The project the tree was written from."""
    docs: str
    """Its docs folder, relative to it."""
    pages: int
    generated: int
    files: int
    warnings: tuple[Problem, ...]
    """The content's warnings and the PDFs' (a character drawn as an empty box), for the command to show."""


def refusal(root: Path, target: Path, replace: bool) -> str | None:
    """Why ``target`` cannot receive the tree of the site in ``root``, if it cannot: ``replace``
    (« --remplacer ») empties only a folder that ``releve generer`` wrote, which holds its ``MARK``."""
    given, root, target = target, root.resolve(), target.resolve()
    if root.is_relative_to(target):
        return f"« {target} » contient le site lui-même : choisissez un autre dossier"
    for name in (DOCS, MINUTES_DIR, ACTIONS_DIR, LETTERS_DIR, MEDIA_DIR, Path(TERRITORY_FILE).parent.name):
        if target.is_relative_to(root / name):
            return f"« {target} » est dans les sources du site ({name}/) : choisissez un dossier hors de {name}/"
    if target.exists() and not target.is_dir():
        return f"« {given} » est un fichier, pas un dossier"
    if target.is_dir() and any(target.iterdir()):
        if not replace:
            return f"le dossier « {given} » n'est pas vide : choisissez un dossier vide, ou ajoutez --remplacer pour le vider d'abord"
        if not (target / MARK).is_file():
            return (
                f"le dossier « {given} » n'a pas été écrit par « releve generer » (il n'a pas de fichier {MARK}) : "
                "--remplacer ne vide qu'un dossier que la commande a écrit, pour ne jamais effacer d'autres fichiers ; "
                "choisissez un dossier vide ou absent"
            )
    return None


def write(root: Path, target: Path, replace: bool = False) -> Tree:
    """Build the site in ``root`` and write it as a tree under ``target``; nothing is written if the
    content has an error (``ContentError``) or if a file of docs/ takes a generated page's place."""
    site = read_site_config(root)
    if problems := engine.config_problems(root / CONFIG):
        raise ContentError(problems)
    built = engine.build(root, (site.get("extra") or {}).get("releve"), site.get("site_url"))
    docs_source = root / DOCS  # the configuration's guard refuses any other docs_dir
    # Hidden files and folders are not published, as MkDocs leaves them out.
    own = sorted(path for path in docs_source.rglob("*") if path.is_file()) if docs_source.is_dir() else []
    own_uris = {path.relative_to(docs_source).as_posix(): path for path in own}
    own_uris = {uri: path for uri, path in own_uris.items() if not any(part.startswith(".") for part in uri.split("/"))}
    own_pages = sum(uri.endswith(".md") for uri in own_uris)
    if taken := engine.collisions([(uri, f"{DOCS}/{uri}") for uri in own_uris], built):
        raise ContentError(taken)

    if replace and target.exists():
        # The published site stays until the new one takes its place (tree.build); the mark stays
        # too, so that a folder left half emptied can still be replaced.
        for child in (child for child in target.iterdir() if child.name not in (SITE, MARK)):
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    target.mkdir(parents=True, exist_ok=True)
    (target / MARK).write_text(
        "Dossier écrit par « releve generer » : « releve generer DOSSIER --remplacer » peut le vider et le réécrire.\n", encoding="utf-8"
    )
    docs = target / DOCS
    docs.mkdir(parents=True, exist_ok=True)
    for uri, path in own_uris.items():
        destination = docs / uri  # a path found under docs/, relative to it: no « .. » can be in it
        destination.parent.mkdir(parents=True, exist_ok=True)
        if uri.endswith(".md"):
            # The page as the engine checked it, its title as its only front matter.
            page = engine.docs_page(built, uri)
            front = f"---\n{yaml.safe_dump({'title': page.title}, allow_unicode=True)}---\n\n" if page.title else ""
            destination.write_text(front + engine.docs_markdown(page), encoding="utf-8")
        else:
            shutil.copyfile(path, destination)
    for path in engine.media(built):  # the web editor's uploads, at the address its pages link them with
        shutil.copyfile(root / path, _place(docs, path))
    # Every generated path goes through inside(), as in the plugin: no name can write outside the tree.
    for page in built.pages:
        _place(docs, page.src_uri).write_text(for_zensical(page), encoding="utf-8")
    for uri in assets():
        shutil.copyfile(ASSETS / uri, _place(docs, uri))
    # Calendars, feeds, open data in docs/: Zensical copies them as static files.
    drawn = engine.write_files(built, docs)
    shutil.copytree(THEME, target / OVERRIDES, dirs_exist_ok=True)
    # The site's own theme overrides come after ours, as the plugin puts them first in the theme's dirs.
    own_theme = (site.get("theme") or {}).get("custom_dir")
    if own_theme and (root / own_theme).is_dir():
        shutil.copytree(root / own_theme, target / OVERRIDES, dirs_exist_ok=True)
    config = engine_config(site, docs, built.footer, engine.public_url(site.get("site_url")), built.site_names(site))
    header = "# Écrit par « releve generer » : le site complet, que Zensical construit avec l'extension releve.\n"
    (target / CONFIG).write_text(header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return Tree(
        built, root, DOCS, pages=own_pages + len(built.pages), generated=len(built.pages), files=len(built.output.files),
        warnings=(*built.warnings, *drawn),
    )


class ZensicalError(Exception):
    """Zensical is missing or failed; the message is in French."""


def build(target: Path, tree: Tree) -> Path:
    """Build the tree in ``target`` with Zensical, then run the finish pass over what it wrote and
    publish it at ``target/site``; the previous site stays whole if anything fails."""
    if importlib.util.find_spec("zensical") is None:
        raise ZensicalError("Zensical n'est pas installé : installez-le avec « pip install zensical==0.0.73 », puis relancez la commande")
    published = target / SITE
    written = engine.staging(published)  # emptied of any build stopped outright (kill -9)
    try:
        result = subprocess.run([sys.executable, "-m", "zensical", "build", "--strict"], cwd=target, capture_output=True, text=True)
        if result.returncode != 0:
            raise ZensicalError(f"Zensical n'a pas pu construire le site :\n{result.stdout}{result.stderr}".rstrip())
        engine.finish(tree.build, written, published, tree.root, tree.root / tree.docs)
    except BaseException:  # a failure, or Ctrl-C: no half-built site is left beside the published one
        engine.discard(written)
        raise
    return published


def _place(docs: Path, uri: str) -> Path:
    destination = inside(docs, uri)
    destination.parent.mkdir(parents=True, exist_ok=True)
    return destination
