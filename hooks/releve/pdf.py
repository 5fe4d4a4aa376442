"""PDFs of the published documents: each compte rendu, each year's rapport d'activité, each
lettre d'information and each SISM programme, written next to their pages by WeasyPrint.

Every document is an HTML page made by the engine (``templates/print_*.html.j2``) from the linked
site: the coordinator's text goes through ``publish`` (the allow-list, French typography) as on
the site, the charts stay SVG (vector graphics in the PDF). WeasyPrint embeds the fonts it uses
(Source Sans 3, shipped with the engine, so a PDF looks the same on every machine), writes the
title and the language in the metadata and tags the structure for screen readers. It fetches
nothing: its URL fetcher serves the engine's own font and stylesheet and refuses every other
address.

A page takes WeasyPrint 0.1 to 0.5 s: the documents are rendered on every core, and each PDF is
kept in a cache by the hash of its HTML (``.cache/releve/pdf/`` in the project), so a build renders
again only the documents whose content changed. The preview (``make site``) makes none.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from markupsafe import Markup

from . import dates, parallel, urls
from .link import LinkedSite
from .model import Closure, Commitment, Decision, Meeting
from .output_paths import inside
from .html_stage import publish
from .publish import markdown_html
from .site_config import PACKAGE
from .views import html_environment
from .views.bilan import charts, year_reports
from .views.letters import absolute, body_html
from .views.meetings import brief, concerned_actions
from .views.sism import editions

STYLESHEET = PACKAGE / "print" / "document.css"
FONT = PACKAGE / "admin" / "fonts" / "source-sans-3-latin-wght-normal.woff2"
CACHE = Path(".cache") / "releve" / "pdf"
"""Where a project keeps the PDFs already made, by the hash of their HTML (ignored by git)."""
INSTALL = "sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
"""The Debian and Ubuntu packages WeasyPrint needs (``brew install pango`` on a Mac)."""
SWITCH = "RELEVE_PDF"
"""``RELEVE_PDF=non`` builds without PDFs whatever mkdocs.yml says: the content's own tests build the
site to check its pages, not the PDFs, which the engine's tests check."""
PARALLEL_FROM = 4
"""From this many documents to render, they are shared out between the cores."""


@dataclass(frozen=True)
class Document:
    path: str
    """Where the PDF goes in the site: next to its page (``comptes-rendus/x.pdf``)."""
    title: str
    html: str


def unavailable() -> str | None:
    """Why this machine cannot make PDFs (in French, with the command that installs what is
    missing), or None when it can."""
    try:
        import weasyprint  # noqa: F401 — WeasyPrint loads Pango when imported
    except ImportError:
        return "WeasyPrint n'est pas installé : relancez « make site » ou « make build », qui l'installent dans .venv"
    except OSError:
        return f"WeasyPrint a besoin de la bibliothèque Pango, absente de cette machine : installez-la avec « {INSTALL} »"
    return None


def _page(linked: LinkedSite, title: str, body: str, subtitle: str = "") -> str:
    """A whole printable document around ``body`` (already published HTML)."""
    return html_environment().get_template("print_document.html.j2").render(
        site=linked, title=title, subtitle=subtitle, body=Markup(body), built=dates.date(linked.today)
    )


def _href(linked: LinkedSite) -> Callable[[str, str | None], str]:
    """Links of a PDF: absolute when the site's address is known, else relative to the PDF's folder
    (a PDF downloaded from the site opens its links there)."""
    if linked.site.public_url:
        return absolute(linked)
    return lambda uri, anchor=None: urls.public(uri, anchor)


def _meeting_document(linked: LinkedSite, meeting: Meeting, href) -> Document:
    def prose(markdown: str) -> Markup:
        return Markup(markdown_html(markdown, href))

    parts = []
    for part in meeting.body:
        if isinstance(part, str):
            parts.append(("text", prose(part)))
        elif isinstance(part, Decision):
            parts.append(("decision", prose(part.text), part.anchor))
        elif isinstance(part, Commitment):
            parts.append(("engagement", part, prose(part.text)))
        elif isinstance(part, Closure):
            parts.append(("fait", prose(part.text)))
    actions = concerned_actions(linked, meeting)
    module = html_environment().get_template("print_meeting.html.j2").module
    body = publish(str(module.meeting(linked, meeting, parts, href, brief(linked, meeting, actions), actions)))
    instance = linked.instances[meeting.instance].singular
    return Document(urls.pdf(urls.meeting(meeting.id)), meeting.title, _page(linked, meeting.title, body, f"{meeting.kind.capitalize()} · {instance} · {dates.date(meeting.date)}"))


def documents(linked: LinkedSite) -> list[Document]:
    """Every PDF of the site, with its HTML."""
    href = _href(linked)
    found = [_meeting_document(linked, meeting, href) for meeting in linked.site.meetings]
    module = html_environment().get_template("print_report.html.j2").module
    for report in year_reports(linked):
        title = f"Rapport d'activité {report.year}"
        body = publish(str(module.report(linked, report, charts(linked, report), href)))
        found.append(Document(urls.pdf(urls.report(report.year)), title, _page(linked, title, body)))
    for letter in linked.letters:
        body = publish(str(body_html(linked, letter, href)))
        found.append(Document(urls.pdf(urls.letter(letter.id)), letter.title, _page(linked, letter.title, body, letter.period.capitalize())))
    programme = html_environment().get_template("print_programme.html.j2").module
    for item in editions(linked):
        if item.events:
            title = f"Programme des SISM {item.edition.year}"
            body = publish(str(programme.programme(linked, item, href)))
            found.append(Document(urls.pdf(urls.sism_programme(item.edition.year)), title, _page(linked, title, body, f"« {item.edition.theme} »")))
    return found


def _fetcher():
    """Serves the engine's font and stylesheet, refuses everything else (no request leaves the build)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    served = {FONT.as_uri(): FONT, STYLESHEET.as_uri(): STYLESHEET}

    class EngineFiles(URLFetcher):
        def fetch(self, url, headers=None):
            if url not in served:
                raise ValueError(f"ressource refusée : {url}")
            return URLFetcherResponse(url, body=served[url].read_bytes())

    return EngineFiles(allowed_protocols=["file"])


@functools.cache
def _styles():
    """The stylesheet and the fonts it loads, made once per process: loading and parsing the font
    again for each document doubled the time of a one-page PDF."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    # WeasyPrint tells in English what it leaves out (a refused resource, a CSS property it ignores).
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    fonts = FontConfiguration()  # what loads the stylesheet's @font-face
    # Let go before the interpreter's teardown, which would leave its destructor without its modules.
    atexit.register(_styles.cache_clear)
    return weasyprint.CSS(filename=str(STYLESHEET), url_fetcher=_fetcher(), font_config=fonts), fonts


def render(html: str) -> bytes:
    """One document as PDF bytes: A4, fonts embedded, tagged, title and language in its metadata."""
    import weasyprint

    stylesheet, fonts = _styles()
    document = weasyprint.HTML(string=html, url_fetcher=_fetcher())
    return document.write_pdf(stylesheets=[stylesheet], font_config=fonts, pdf_tags=True)


def _key(html: str) -> str:
    import weasyprint

    digest = hashlib.sha256()
    for part in (weasyprint.__version__, STYLESHEET.read_text(encoding="utf-8"), html):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _render_share(share: list[tuple[str, str]]) -> list[tuple[str, bytes]]:
    return [(key, render(html)) for key, html in share]


@dataclass(frozen=True)
class Written:
    documents: int
    rendered: int
    """How many were made by WeasyPrint (the others came from the cache)."""


def write(linked: LinkedSite, site_dir: Path, cache_dir: Path | None) -> Written:
    """Write every PDF of the site into ``site_dir``; ``cache_dir`` keeps them by content for the
    next build (only this build's PDFs are kept there)."""
    found = documents(linked)
    keyed = [(document, _key(document.html)) for document in found]
    cached: dict[str, bytes] = {}
    if cache_dir is not None and cache_dir.is_dir():
        wanted = {key for _, key in keyed}
        for entry in cache_dir.glob("*.pdf"):
            if entry.stem in wanted:
                cached[entry.stem] = entry.read_bytes()
            else:
                entry.unlink()
    missing = list({key: html for key, html in ((key, document.html) for document, key in keyed) if key not in cached}.items())
    made = dict(pair for share in parallel.in_shares(_render_share, missing, PARALLEL_FROM) for pair in share)
    if cache_dir is not None and made:
        cache_dir.mkdir(parents=True, exist_ok=True)
        for key, content in made.items():
            (cache_dir / f"{key}.pdf").write_bytes(content)
    for document, key in keyed:
        target = inside(site_dir, document.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(cached.get(key) or made[key])
    return Written(len(found), len(made))
