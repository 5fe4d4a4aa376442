"""What every build of a Relevé site is configured with, whatever the engine: plain Python, so that
the MkDocs plugin and the tree written for another engine (``tree.py``) share it without MkDocs."""

from __future__ import annotations

from pathlib import Path

import yaml

from . import dates, urls
from .model import Site
from .problems import ContentError, Problem
from .sources import LoadError, decode, yaml_problem

PACKAGE = Path(__file__).resolve().parent
ASSETS = PACKAGE / "assets"
THEME = PACKAGE / "theme"
"""Theme overrides (``main.html``: the feed's and calendar's autodiscovery links on every page)."""

CONFIG = "mkdocs.yml"

PUBLIC_URL_VARIABLE = "RELEVE_URL_PUBLIQUE"
"""Environment variable giving the published address when mkdocs.yml has no ``site_url``: the
GitHub Pages and GitLab Pages workflows set it, so no coordinator edits a file for it."""

MARKDOWN_EXTENSIONS = ("admonition", "attr_list", "md_in_html", "tables", "toc")
"""The extensions the generated pages are written for (``toc`` and ``tables`` are always on in MkDocs)."""

TOC_SETTINGS = {"permalink": True, "permalink_title": "Lien vers cette section"}

DEFAULT_NAV = (
    ("Accueil", urls.HOME),
    ("Comptes rendus", urls.MEETINGS),
    ("Agenda", urls.AGENDA),
    ("Instances", urls.INSTANCES),
    ("Projets", urls.ACTIONS),
    ("Avancement", urls.TIMELINE),
    ("Annuaire", urls.DIRECTORY),
    ("À propos", urls.ABOUT),
)
"""The site's tabs when mkdocs.yml has no ``nav``; « À propos » only when docs/a-propos.md exists."""


def site_names(short_name: str, name: str, config: dict) -> dict[str, str]:
    """The settings named after the CLSM, from ``clsm`` of referentiel.yaml, the one place its name
    is written: the title of every page and the footer, which replace mkdocs.yml's ``site_name``
    (MkDocs requires one) and ``copyright``; the description of the pages for search engines, unless
    mkdocs.yml (``config``) writes one of its own."""
    names = {"site_name": short_name, "copyright": name}
    if not config.get("site_description"):
        names["site_description"] = f"Comptes rendus, fiches actions et annuaire : {name}"
    return names


def default_nav(docs: Path) -> list[dict[str, str]]:
    """``DEFAULT_NAV`` as mkdocs.yml writes a nav, for the site whose pages are in ``docs``."""
    return [{title: uri} for title, uri in DEFAULT_NAV if uri != urls.ABOUT or (docs / uri).is_file()]


def footer(site: Site) -> dict:
    """What the footer of every page says (theme/partials/copyright.html): when the site was built, and
    the CLSM's public contact when ``referentiel.yaml`` gives one (nothing otherwise)."""
    found: dict = {"construit": dates.date(site.today)}
    contact = site.referential.contact
    if contact:
        email = not contact.startswith(("http://", "https://"))
        found["contact"] = {"lien": f"mailto:{contact}" if email else contact, "texte": contact if email else "page de contact"}
    return found


def assets() -> list[str]:
    """The stylesheets and scripts every page loads, as docs-rooted URIs (``stylesheets/releve.css``)."""
    return sorted(path.relative_to(ASSETS).as_posix() for path in ASSETS.rglob("*") if path.is_file())


class _SiteConfigLoader(yaml.SafeLoader):
    """Reads a mkdocs.yml with its MkDocs tags (``!ENV``, ``!!python/name:``): a tagged value is
    MkDocs' business, and is read as nothing here."""


_SiteConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_SiteConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_site_config(root: Path) -> dict:
    """The site's mkdocs.yml, or a French ``fichier:ligne`` problem: MkDocs itself reads it before
    any plugin and would say what is wrong in English (``releve verifier`` and ``make build`` ask
    here first)."""
    path = root / CONFIG
    if not path.is_file():
        raise ContentError([Problem(CONFIG, 1, f"pas de {CONFIG} dans « {root} » : est-ce bien le dossier d'un site Relevé ?")])
    try:
        text = decode(path.read_bytes(), CONFIG)
    except LoadError as error:
        raise ContentError([error.problem]) from None
    try:
        config = yaml.load(text, Loader=_SiteConfigLoader)
    except yaml.YAMLError as error:
        raise ContentError([yaml_problem(error, text, CONFIG)]) from None
    if not isinstance(config, dict):
        raise ContentError([Problem(CONFIG, 1, "ce fichier doit être une suite de réglages « clé: valeur »")])
    return config
