"""The whole site as a tree of Markdown that any MkDocs-like engine builds (Zensical, or MkDocs
without the ``releve`` plugin): ``releve generer DOSSIER``.

The plugin hands the generated pages to MkDocs in memory and lets it resolve their docs-rooted
links (``/projets/x.md``); here every page is written to disk with its links made relative to its
own place, so that an engine that knows nothing of Relevé finds every page. Plain Python: no MkDocs.
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import dates, pipeline, urls
from .body import _FENCE
from .output_paths import inside
from .problems import ContentError, Problem
from .site_config import ASSETS, CONFIG, MARKDOWN_EXTENSIONS, PUBLIC_URL_VARIABLE, THEME, TOC_SETTINGS, assets, default_nav, read_site_config, site_names
from .views import inline

DOCS = "docs"
OVERRIDES = "overrides"

# « ](/target#anchor "title") » inline, « [id]: /target » as a reference; « // » is another host.
_INLINE = re.compile(r"(\]\()/(?!/)([^)\s#]*)")
_REFERENCE = re.compile(r"^( {0,3}\[[^\]]+\]:[ \t]*<?)/(?!/)([^\s#>]*)")


# « href="…" » in the raw HTML of a generated page (links to its calendar, its feed): written for
# the page's published folder, which for « a/b.md » is « a/b/ », one level below the Markdown file.
_RAW_HREF = re.compile(r'(\bhref=")(?![a-z][a-z0-9+.-]*:|/|#)([^"]+)(")')


def relative_target(target: str, src_uri: str) -> str:
    """The docs-rooted ``target`` (without its leading ``/``) as seen from the page ``src_uri``."""
    folder = posixpath.dirname(src_uri) or "."
    relative = posixpath.relpath(target or urls.HOME, folder)
    return relative + "/" if target.endswith("/") and relative != "." else relative


def relative_links(markdown: str, src_uri: str) -> str:
    """``markdown`` of the page ``src_uri`` with every docs-rooted link made relative; anchors,
    titles, external links and code blocks are left as they are."""
    lines = markdown.split("\n")
    in_fence = False
    published, source = urls.public(src_uri).rstrip("/"), posixpath.dirname(src_uri)
    for number, line in enumerate(lines):
        if _FENCE.match(line.lstrip()):
            in_fence = not in_fence
            continue
        if in_fence or "/" not in line:
            continue
        line = _INLINE.sub(lambda m: m.group(1) + relative_target(m.group(2), src_uri), line)
        line = _REFERENCE.sub(lambda m: m.group(1) + relative_target(m.group(2), src_uri), line)
        if published != source:
            # Another engine reads these from the Markdown file's folder, as it reads Markdown links.
            line = _RAW_HREF.sub(lambda m: m.group(1) + _from_source(m.group(2), published, source) + m.group(3), line)
        lines[number] = line
    return "\n".join(lines)


def _from_source(href: str, published: str, source: str) -> str:
    target = posixpath.normpath(posixpath.join(published, href))
    return posixpath.relpath(target, source or ".") + ("/" if href.endswith("/") else "")


def _name(entry) -> str | None:
    """The name of a mkdocs.yml list entry: ``search`` or ``{search: {lang: fr}}``."""
    return entry if isinstance(entry, str) else next(iter(entry), None) if isinstance(entry, dict) else None


def engine_config(site: dict, docs: Path, today_label: str, public_url: str | None, names: dict[str, str]) -> dict:
    """The tree's mkdocs.yml: the site's own settings, plus what the plugin adds (``names``: the
    CLSM's, from its referential)."""
    config = {key: value for key, value in site.items() if key not in ("plugins", "docs_dir", "site_dir", "hooks")}
    config.update(names)
    config.update(docs_dir=DOCS, site_dir="site", use_directory_urls=True)
    if public_url:
        config["site_url"] = public_url
    # The tree already holds everything the releve plugin generates.
    plugins = site.get("plugins") or []
    plugins = plugins if isinstance(plugins, list) else [{name: value} for name, value in plugins.items()]
    config["plugins"] = [entry for entry in plugins if _name(entry) != "releve"]
    config["theme"] = {**(site.get("theme") or {"name": "material", "language": "fr"}), "custom_dir": OVERRIDES}
    listed = list(site.get("markdown_extensions") or [])
    toc = next((entry["toc"] for entry in listed if isinstance(entry, dict) and "toc" in entry), None) or {}
    extensions = [entry for entry in listed if _name(entry) != "toc"]
    extensions += [name for name in MARKDOWN_EXTENSIONS if name != "toc" and name not in map(_name, extensions)]
    config["markdown_extensions"] = [*extensions, {"toc": {**TOC_SETTINGS, **toc}}]
    for key, suffix in (("extra_css", ".css"), ("extra_javascript", ".js")):
        listed = list(site.get(key) or [])
        config[key] = listed + [uri for uri in assets() if uri.endswith(suffix) and uri not in listed]
    if not site.get("nav"):
        config["nav"] = default_nav(docs)
    extra = {key: value for key, value in (site.get("extra") or {}).items() if key != "releve"}
    extra["releve_pied"] = {"construit": today_label}  # the footer's date (theme/partials/copyright.html)
    config["extra"] = extra
    return config


@dataclass(frozen=True)
class Tree:
    pages: int
    generated: int
    files: int


def refusal(root: Path, target: Path) -> str | None:
    """Why ``target`` cannot receive the tree of the site in ``root``, if it cannot."""
    root, target = root.resolve(), target.resolve()
    if root.is_relative_to(target):
        return f"« {target} » contient le site lui-même : choisissez un autre dossier"
    for name in (DOCS, "minutes", "actions"):
        if target.is_relative_to(root / name):
            return f"« {target} » est dans les sources du site ({name}/) : choisissez un dossier hors de {name}/"
    return None


def write(root: Path, target: Path, replace: bool = False) -> Tree:
    """Build the site in ``root`` and write it as a tree under ``target``; nothing is written if the
    content has an error (``ContentError``) or if a file of docs/ takes a generated page's place."""
    site = read_site_config(root)
    settings = (site.get("extra") or {}).get("releve") or {}
    public_url = site.get("site_url") or os.environ.get(PUBLIC_URL_VARIABLE)
    public_url = public_url.rstrip("/") + "/" if public_url else None
    output = pipeline.build(root, pipeline.today_from(settings.get("aujourdhui")), public_url)
    docs_source = root / site.get("docs_dir", DOCS)
    own = sorted(path for path in docs_source.rglob("*") if path.is_file()) if docs_source.is_dir() else []
    own_uris = {path.relative_to(docs_source).as_posix(): path for path in own}
    own_pages = sum(uri.endswith(".md") for uri in own_uris)
    generated_uris = [page.src_uri for page in output.pages] + assets()
    taken = [Problem(f"docs/{uri}", 1, "ce fichier occupe l'adresse d'une page générée par Relevé : renommez-le") for uri in generated_uris if uri in own_uris]
    if taken:
        raise ContentError(taken)

    if replace and target.exists():
        for child in target.iterdir():
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    docs = target / DOCS
    docs.mkdir(parents=True, exist_ok=True)
    for uri, path in own_uris.items():
        destination = docs / uri  # a path found under docs/, relative to it: no « .. » can be in it
        destination.parent.mkdir(parents=True, exist_ok=True)
        if uri.endswith(".md"):
            destination.write_text(relative_links(path.read_text(encoding="utf-8"), uri), encoding="utf-8")
        else:
            shutil.copyfile(path, destination)
    # Every generated path goes through inside(), as in the plugin: no name can write outside the tree.
    for page in output.pages:
        _place(docs, page.src_uri).write_text(relative_links(inline(page), page.src_uri), encoding="utf-8")
    for uri in assets():
        shutil.copyfile(ASSETS / uri, _place(docs, uri))
    # Calendars and feeds in docs/: the engine copies them as static files, where the plugin writes them.
    for generated in output.files:
        _place(docs, generated.path).write_bytes(generated.content)
    shutil.copytree(THEME, target / OVERRIDES, dirs_exist_ok=True)
    # The site's own theme overrides come after ours, as the plugin puts them first in the theme's dirs.
    own_theme = (site.get("theme") or {}).get("custom_dir")
    if own_theme and (root / own_theme).is_dir():
        shutil.copytree(root / own_theme, target / OVERRIDES, dirs_exist_ok=True)
    referential = output.linked.site.referential
    names = site_names(referential.clsm_short_name, referential.clsm_name, site)
    config = engine_config(site, docs, dates.date(output.linked.today), public_url, names)
    header = "# Écrit par « releve generer » : le site complet, pour un autre moteur que MkDocs avec le module releve.\n"
    (target / CONFIG).write_text(header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return Tree(pages=own_pages + len(output.pages), generated=len(output.pages), files=len(output.files))


def _place(docs: Path, uri: str) -> Path:
    destination = inside(docs, uri)
    destination.parent.mkdir(parents=True, exist_ok=True)
    return destination
