"""What every build of a Relevé site is configured with, whatever the engine: plain Python, so that
the MkDocs plugin and the tree written for another engine (``tree.py``) share it without MkDocs."""

from __future__ import annotations

from pathlib import Path

from . import dates, urls
from .model import Site

PACKAGE = Path(__file__).resolve().parent
ASSETS = PACKAGE / "assets"
THEME = PACKAGE / "theme"
"""Theme overrides (``main.html``: the feed's and calendar's autodiscovery links on every page)."""

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
