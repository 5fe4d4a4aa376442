"""PDFs of the published documents: each compte rendu, each year's rapport d'activité, each
lettre d'information and each SISM programme, written next to their pages by WeasyPrint.

Every document is an HTML page made by the engine (``templates/print_*.html.j2``) from the linked
site: the coordinator's text goes through ``publish`` (the allow-list, French typography) as on
the site, the charts stay SVG (vector graphics in the PDF). WeasyPrint embeds the fonts it uses
(Source Sans 3, shipped with the engine, so a PDF looks the same on every machine), writes the
title and the language in the metadata and tags the structure for screen readers. It fetches
nothing: its URL fetcher serves the engine's own font and stylesheet, and the site's own images a
document shows (``Images``: read from the project, checked again, of at most ``MAX_PIXELS``), and
refuses every other address.

A page takes WeasyPrint 0.1 to 0.5 s: the documents are rendered on every core, and each PDF is
kept in the project's cache (``.cache/releve/pdf/``, see ``project_cache``), so a build renders again only the documents
whose content changed. A compte rendu's PDF is keyed on what its HTML is made from (the meeting, the
names it cites, the site's name and address, the engine's code and every installed package's
version), so that a cached one costs no HTML at all (3 s of CPU at 300 minutes); the other documents,
few and made from much of the site, are keyed on their HTML.

A character no font of the machine has (an emoji, a name in Chinese where only DejaVu is installed)
is drawn as an empty box: Pango says so glyph by glyph, and the build warns at the character's
source line, naming the fonts to install (``FONTS``); such a PDF is not kept in the cache, so that
the next build, once they are installed, draws it whole.

No document carries the day it was built: its footer dates it by its sources (the meeting and its
approval, the year, the letter's period) and tells two versions apart by a fingerprint of what it
shows. A footer « version du <build day> » made every PDF new each morning: the first build of the
day rendered them all again (200 s of CPU at 300 minutes). The preview (``make site``) makes none.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from markupsafe import Markup

from . import dates, parallel, project_cache, urls
from .catalogue import EVENTS_FILE, HISTORY_FILE, REFERENTIAL_FILE
from .hand_written import DOCS_DIR
from .link import LinkedSite
from .model import Closure, Commitment, Decision, Meeting
from .output_paths import inside
from .problems import Problem
from .publish import markdown_html, publish
from .published_image import SIZED_SUFFIXES, Refused, check_header
from .published_image import read as read_image
from .site_config import PACKAGE
from .sources import LoadError, read_text
from .text import first_upper, quoted
from .views import html_environment
from .views.bilan import charts, year_reports
from .views.letters import absolute, body_html
from .views.meetings import brief, concerned_actions
from .views.sism import editions

STYLESHEET = PACKAGE / "print" / "document.css"
FONT = PACKAGE / "admin" / "fonts" / "source-sans-3-latin-wght-normal.woff2"
INSTALL = "sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
"""The Debian and Ubuntu packages WeasyPrint needs (``brew install pango`` on a Mac)."""
FONTS = "fonts-noto-color-emoji fonts-noto-core fonts-wqy-microhei"
"""The Debian and Ubuntu packages of the fonts that draw what the engine's font (Latin only) and
DejaVu, Pango's fallback, do not: emoji, Chinese, Japanese, Korean, the scripts of India, Thai,
Ethiopic… (DejaVu draws Arabic, Hebrew, Cyrillic, Greek, Armenian, Georgian). Pango finds them by
itself: the stylesheet need not name them. The Makefile, .ci/run and the Pages workflows install them."""
UNDRAWN_SHOWN = 5
"""Characters named in one warning about empty boxes; the others are counted."""
SWITCH = "RELEVE_PDF"
"""``RELEVE_PDF=non`` builds without PDFs whatever mkdocs.yml says: the content's own tests build the
site to check its pages, not the PDFs, which the engine's tests check."""
PARALLEL_FROM = 4
"""From this many documents to render, they are shared out between the cores."""
VERSION_DIGITS = 8
"""Hexadecimal digits of the fingerprint a PDF's footer shows as its version."""
MAX_PIXELS = 25_000_000
"""Largest image a PDF draws (a photograph of 25 megapixels); a larger one is linked as an image of a
PDF was before they were drawn: WeasyPrint decodes every pixel, 100 Mo of memory at this size."""
_DRAWN = re.compile(f'src="{urls.LINK_MARK}([^"]*)"')
"""An image a PDF draws, still marked as the engine's (``publish._image``)."""


@dataclass(frozen=True)
class Document:
    path: str
    """Where the PDF goes in the site: next to its page (``comptes-rendus/x.pdf``)."""
    title: str
    key: str
    """What the PDF is cached by: a hash of all that makes its HTML, or of its HTML."""
    make: Callable[[], str]
    """Its HTML, made only when the cache does not have the PDF."""
    sources: tuple[str, ...]
    """The files it is mostly made from, searched first for the line of a character it cannot draw."""


class Images:
    """The site's own images (``medias/``, ``docs/``) the PDFs draw, each read once from the project
    when a document first shows it: refused as a source is (a symbolic link, a special file, one
    above 20 Mo), a path that resolves outside the project, a format whose size the validation does not read
    (``published_image.check_header``: a WebP) or an
    image of more than ``MAX_PIXELS`` (its size read from its header) is not drawn (linked)."""

    def __init__(self, linked: LinkedSite, root: Path | None) -> None:
        site = linked.site
        # Only the images: a handout (a PDF of 20 Mo) a compte rendu links is not read at each build.
        sources = {**{uri: uri for uri in site.media}, **{uri: f"{DOCS_DIR}/{uri}" for uri in site.docs_files}}
        self._sources = {uri: source for uri, source in sources.items() if os.path.splitext(uri)[1].lower() in SIZED_SUFFIXES}
        self._root = root
        self._read: dict[str, bytes | None] = {}

    def data(self, uri: str) -> bytes | None:
        """The bytes of the published image ``uri`` (its address from the site's root) that a PDF
        draws; None when it draws none there."""
        if uri not in self._read:
            source = self._sources.get(uri)
            self._read[uri] = _drawable(self._root, source) if source is not None and self._root is not None else None
        return self._read[uri]

    def drawn(self, uri: str) -> bool:
        return self.data(uri) is not None

    def fingerprint(self, uris) -> str:
        """What the images among ``uris`` that a PDF draws are, for its key: a changed image makes it again."""
        return "".join(f"{uri}\0{hashlib.sha256(data).hexdigest()}\0" for uri in sorted(set(uris)) if (data := self.data(uri)) is not None)

    def of(self, html: str) -> tuple[tuple[str, bytes], ...]:
        """The images ``html`` draws, with their bytes, for ``render``."""
        return tuple((uri, data) for uri in dict.fromkeys(_DRAWN.findall(html)) if (data := self.data(uri)) is not None)


def _drawable(root: Path, source: str) -> bytes | None:
    try:
        if not (root / source).resolve().is_relative_to(root.resolve()):
            return None
        data = read_image(root, source)
        size = check_header(data)  # as the validation read it: its size, from the header only
    except (LoadError, OSError, Refused):
        return None
    return data if size is not None and size[0] * size[1] <= MAX_PIXELS else None


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


def _page(linked: LinkedSite, title: str, body: str, subtitle: str, dated: str) -> str:
    """A whole printable document around ``body`` (already published HTML). ``dated`` says what the
    document is, dated by its sources (« compte rendu de la réunion du 1er mars 2022 »); its version
    is a fingerprint of everything it shows, so that two printed versions can be told apart."""
    referential = linked.site.referential
    shown = (referential.clsm_name, referential.clsm_short_name, linked.site.public_url or "", title, subtitle, dated, body)
    version = hashlib.sha256("\0".join(shown).encode()).hexdigest()[:VERSION_DIGITS]
    return html_environment().get_template("print_document.html.j2").render(
        site=linked, title=title, subtitle=subtitle, body=Markup(body), dated=dated, version=version
    )


def _meeting_dated(meeting: Meeting) -> str:
    """« compte rendu de la réunion du 1er mars 2022, approuvé le 5 avril 2022 »: only what the
    coordinator recorded (no approval is claimed where ``approbation`` says nothing)."""
    dated = f"{meeting.kind} de la réunion du {dates.date(meeting.date)}"
    approval = meeting.approval
    if approval is None:
        return dated
    if approval.state == "projet":
        return f"{dated} (projet, pas encore approuvé)"
    return f"{dated}, approuvé le {dates.date(approval.date)}" if approval.date else f"{dated}, approuvé"


def _href(linked: LinkedSite, path: str) -> Callable[[str, str | None], str]:
    """Links of the PDF at ``path``: absolute when the site's address is known, else relative to the
    PDF's folder, where a browser's viewer resolves them (« projets/x/ » from « lettres/ » was
    « lettres/projets/x/ », a page that does not exist)."""
    if linked.site.public_url:
        return absolute(linked)
    return lambda uri, anchor=None: urls.from_file(path, urls.public(uri, anchor))


def _meeting_html(linked: LinkedSite, meeting: Meeting, href, images: Images) -> str:
    def prose(markdown: str) -> Markup:
        return Markup(markdown_html(markdown, href, images.drawn))

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
    body = publish(str(module.meeting(linked, meeting, parts, href, brief(linked, meeting, actions), actions, linked.agenda.to_schedule(meeting))))
    instance = linked.instances[meeting.instance].singular
    return _page(linked, meeting.title, body, f"{first_upper(meeting.kind)} · {instance} · {dates.date(meeting.date)}", _meeting_dated(meeting))


def _meeting_key(linked: LinkedSite, meeting: Meeting, drawn: str) -> str:
    """Everything ``_meeting_html`` reads: the meeting (a frozen dataclass: its repr holds every
    field, its approval too), the names of the structures, instance and thématiques it cites, its
    « En bref » and the ids and titles of its fiches, whether its undated next meeting is still « à
    fixer », the site's names and public address, and the code (``project_cache.engine_fingerprint``).
    What print_meeting.html.j2 reads must be here: a PDF made from anything else would stay stale.
    Not the build's day: no document shows it (only that one yes or no depends on it). ``drawn``: the
    images it shows (``Images.fingerprint``)."""
    cited = {meeting.place.structure, *(s for p in meeting.participants for s in p.structures), *(c.structure for c in meeting.commitments)}
    if meeting.next_meeting:
        cited.add(meeting.next_meeting.place.structure)
    structures = sorted((s, linked.structures[s].name) for s in cited if s)
    instance = linked.instances[meeting.instance]
    referential = linked.site.referential
    actions = concerned_actions(linked, meeting)
    inputs = (
        project_cache.engine_fingerprint(), repr(meeting), repr(structures), instance.name, instance.singular, repr([linked.themes[t].name for t in meeting.themes]),
        repr(brief(linked, meeting, actions)), repr([(action.id, action.title) for action in actions]), linked.agenda.to_schedule(meeting),
        referential.clsm_name, referential.clsm_short_name, linked.site.public_url, drawn,
    )  # fmt: skip
    return "m-" + _key("\0".join(str(part) for part in inputs))


def _by_html(path: str, title: str, html: str, sources: tuple[str, ...], images: Images) -> Document:
    """A document keyed on its HTML and the images it draws, made now."""
    return Document(path, title, _key(html + images.fingerprint(_DRAWN.findall(html))), lambda: html, sources)


def documents(linked: LinkedSite, images: Images | None = None) -> list[Document]:
    """Every PDF of the site, with its key and its HTML; without ``images``, drawing none (their paths
    alone, for the check of the links to them)."""
    images = images or Images(linked, None)
    found = []
    linked_from: dict[str, list[str]] = {}
    for written in linked.site.links:
        if written.uri is not None:
            linked_from.setdefault(written.path, []).append(written.uri)
    for m in linked.site.meetings:
        path = urls.pdf(urls.meeting(m.id))
        key = _meeting_key(linked, m, images.fingerprint(linked_from.get(m.path, ())))
        found.append(Document(path, m.title, key, functools.partial(_meeting_html, linked, m, _href(linked, path), images), (m.path,)))
    module = html_environment().get_template("print_report.html.j2").module
    for report in year_reports(linked):
        title = f"Rapport d'activité {report.year}"
        path = urls.pdf(urls.report(report.year))
        body = publish(str(module.report(linked, report, charts(linked, report), _href(linked, path))))
        dated = f"bilan de l'année {report.year}" if report.past else f"bilan de l'année {report.year}, en cours"
        found.append(_by_html(path, title, _page(linked, title, body, "", dated), (HISTORY_FILE,), images))
    for letter in linked.letters:
        path = urls.pdf(urls.letter(letter.id))
        href = _href(linked, path)
        # As every other printed document, it says where it is read online (its page, not the e-mail's body).
        online = html_environment().get_template("_macros.html.j2").module.online(linked, href(urls.letter(letter.id)))
        body = publish(str(body_html(linked, letter, href, images.drawn)) + str(online))
        page = _page(linked, letter.title, body, first_upper(letter.period), f"lettre d'information de {letter.period}")
        sources = (*((letter.note.path,) if letter.note else ()), *(m.path for m in letter.meetings), EVENTS_FILE)
        found.append(_by_html(path, letter.title, page, sources, images))
    programme = html_environment().get_template("print_programme.html.j2").module
    for item in editions(linked):
        if item.events:
            title = f"Programme des SISM {item.edition.year}"
            path = urls.pdf(urls.sism_programme(item.edition.year))
            body = publish(str(programme.programme(linked, item, _href(linked, path))))
            page = _page(linked, title, body, quoted(item.edition.theme), f"programme des SISM {item.edition.year}")
            found.append(_by_html(path, title, page, (EVENTS_FILE,), images))
    return found


_IMAGE_SCHEME = "releve-image"
"""The address WeasyPrint asks the fetcher for a drawn image: ``releve-image:N``, its rank in the document."""


def _fetcher(images: tuple[tuple[str, bytes], ...] = ()):
    """Serves the engine's font and stylesheet and the document's checked ``images`` (``Images.of``),
    refuses everything else (no request leaves the build)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    served: dict[str, Path | bytes] = {FONT.as_uri(): FONT, STYLESHEET.as_uri(): STYLESHEET}
    served.update((f"{_IMAGE_SCHEME}:{rank}", data) for rank, (_, data) in enumerate(images))

    class EngineFiles(URLFetcher):
        def fetch(self, url, headers=None):
            if url not in served:
                raise ValueError(f"ressource refusée : {url}")
            body = served[url]
            return URLFetcherResponse(url, body=body if isinstance(body, bytes) else body.read_bytes())

    return EngineFiles(allowed_protocols=["file"])


@functools.cache
def _styles():
    """The stylesheet and the fonts it loads, made once per process: loading and parsing the font
    again for each document doubled the time of a one-page PDF."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    # WeasyPrint tells in English what it leaves out (a refused resource, a CSS property it ignores):
    # heard only by ``_Undrawn``, never by the host's log (under --strict, a warning there fails the build).
    logging.getLogger("fontTools").setLevel(logging.CRITICAL)
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("weasyprint").propagate = False
    fonts = FontConfiguration()  # what loads the stylesheet's @font-face
    # Let go before the interpreter's teardown, which would leave its destructor without its modules.
    atexit.register(_styles.cache_clear)
    return weasyprint.CSS(filename=str(STYLESHEET), url_fetcher=_fetcher(), font_config=fonts), fonts


class _Undrawn(logging.Handler):
    """The characters WeasyPrint draws as an empty box (« .notdef »): Pango found no font of this
    machine that has them, and WeasyPrint says so for each glyph (« .notdef glyph rendered for… »,
    the character then its code point)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.characters: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg.startswith(".notdef glyph"):
            self.characters.add(record.args[0])


BREAK_EVERY = 30
"""Characters of text without a space after which a PDF may break a line (« <wbr> »)."""
_TEXT_RUNS = re.compile(
    r"<(svg|style)\b.*?</\1>|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>|[^ \t\n\r\f<]{%d,}" % (BREAK_EVERY + 1), re.DOTALL | re.IGNORECASE
)
"""A chart or a style, a tag (a « > » in a quoted value does not end it), or a text of more than
``BREAK_EVERY`` characters without a space."""
_CHARACTER = re.compile(r"&#?\w+;|.", re.DOTALL)


def breakable(html: str) -> str:
    """``html`` where a line may break every ``BREAK_EVERY`` characters of a text without a space (an
    address, a word of hostile length; « \u00a0 » does not break either). The stylesheet's
    « overflow-wrap » breaks such a text where it overflows, but WeasyPrint then lays out the rest of
    the paragraph again at each break: a paragraph of 40,000 characters in words of 200 took 13 s,
    one word of 200,000 more than ten minutes. Tags, charts and styles are left as they are, and an
    entity is never cut."""

    def cut(match: re.Match) -> str:
        text = match.group()
        if text.startswith("<"):
            return text
        characters = _CHARACTER.findall(text)
        return "<wbr>".join("".join(characters[i : i + BREAK_EVERY]) for i in range(0, len(characters), BREAK_EVERY))

    return _TEXT_RUNS.sub(cut, html)


def render(html: str, images: tuple[tuple[str, bytes], ...] = ()) -> tuple[bytes, str]:
    """One document as PDF bytes (A4, fonts embedded, tagged, title and language in its metadata),
    and the characters it draws as empty boxes, sorted. ``images``: those it draws (``Images.of``),
    each still marked as the engine's in ``html``."""
    import weasyprint

    stylesheet, fonts = _styles()
    ranks = {uri: rank for rank, (uri, _) in enumerate(images)}
    # Only the marks of ``images``: any other (none is left by ``publish._image``) keeps an address WeasyPrint refuses.
    html = _DRAWN.sub(lambda m: f'src="{_IMAGE_SCHEME}:{ranks[m.group(1)]}"' if m.group(1) in ranks else m.group(0), html)
    document = weasyprint.HTML(string=breakable(html), url_fetcher=_fetcher(images))
    undrawn, logger = _Undrawn(), logging.getLogger("weasyprint")
    logger.addHandler(undrawn)
    try:
        content = document.write_pdf(stylesheets=[stylesheet], font_config=fonts, pdf_tags=True)
    finally:
        logger.removeHandler(undrawn)
    return content, "".join(sorted(undrawn.characters))


def _key(html: str) -> str:
    import weasyprint

    digest = hashlib.sha256()
    for part in (weasyprint.__version__, STYLESHEET.read_text(encoding="utf-8"), html):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _render_share(share: list[tuple[str, tuple[str, tuple[tuple[str, bytes], ...]]]]) -> list[tuple[str, tuple[bytes, str]]]:
    return [(key, render(html, images)) for key, (html, images) in share]


@contextlib.contextmanager
def _font_dated():
    """While rendering, SOURCE_DATE_EPOCH is the engine's font's own date (its ``head`` table).
    fontTools stamps each font subset WeasyPrint embeds with that variable, which the engine sets to
    the build's day for the host (engine.py): a PDF made again on another day from the same content
    would differ by that stamp alone. Forked rendering processes inherit it."""
    from fontTools.misc.timeTools import epoch_diff
    from fontTools.ttLib import TTFont

    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(TTFont(FONT)["head"].modified + epoch_diff)
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


@dataclass(frozen=True)
class Written:
    documents: int
    rendered: int
    """How many were made by WeasyPrint (the others came from the cache)."""
    warnings: tuple[Problem, ...]
    """The characters drawn as empty boxes, at their source lines (``_undrawn_warnings``)."""


def write(linked: LinkedSite, site_dir: Path, root: Path | None, cache_dir: Path | None) -> Written:
    """Write every PDF of the site into ``site_dir``; ``cache_dir`` keeps them by content for the
    next build (only this build's PDFs are kept there); ``root``, the project, whose sources give
    the line of a character drawn as an empty box."""
    images = Images(linked, root)
    found = documents(linked, images)
    cached: dict[str, bytes] = {}
    if cache_dir is not None and cache_dir.is_dir():
        wanted = {document.key for document in found}
        for entry in cache_dir.glob("*.pdf"):
            if entry.stem in wanted:
                cached[entry.stem] = entry.read_bytes()
            else:
                entry.unlink()
    missing = [(key, (html, images.of(html))) for key, html in {document.key: document.make() for document in found if document.key not in cached}.items()]
    made: dict[str, bytes] = {}
    undrawn: dict[str, str] = {}
    if missing:
        # Made before the fork: a forked process ends without the cleanup that removes the folder
        # WeasyPrint copies the font into, which stayed in the temporary folder after each build.
        _styles()
        with _font_dated():
            for share in parallel.in_shares(_render_share, missing, PARALLEL_FROM):
                for key, (content, characters) in share:
                    made[key] = content
                    if characters:
                        undrawn[key] = characters
    if cache_dir is not None and made:
        cache_dir.mkdir(parents=True, exist_ok=True)
        for key, content in made.items():
            if key not in undrawn:  # made again by the next build, which may have the fonts
                (cache_dir / f"{key}.pdf").write_bytes(content)
    for document in found:
        target = inside(site_dir, document.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(cached.get(document.key) or made[document.key])
    boxes = [(document, undrawn[document.key]) for document in found if document.key in undrawn]
    return Written(len(found), len(made), _undrawn_warnings(linked, root, boxes) if boxes else ())


def _undrawn_warnings(linked: LinkedSite, root: Path | None, boxes: list[tuple[Document, str]]) -> tuple[Problem, ...]:
    """One warning per source line of the characters drawn as empty boxes (``boxes``: each document
    and its characters): the first line that has one in the document's own sources, else in any
    content file; found nowhere, the first line of its first source. Only when a PDF has such a
    character: the files are read again here."""
    site = linked.site
    anywhere = [
        *(m.path for m in site.meetings), *(a.path for a in site.actions), *(n.path for n in site.letter_notes),
        *dict.fromkeys(s.source.rsplit(":", 1)[0] for s in site.structures), REFERENTIAL_FILE, EVENTS_FILE, HISTORY_FILE,
    ]  # fmt: skip

    @functools.cache
    def lines_of(path: str) -> list[str]:
        try:
            return read_text(root, path).splitlines() if root is not None else []
        except (LoadError, OSError):  # an optional file the site has not
            return []

    def first_line(character: str, paths) -> tuple[str, int] | None:
        return next(((path, number) for path in paths for number, line in enumerate(lines_of(path), 1) if character in line), None)

    elsewhere = functools.cache(lambda character: first_line(character, anywhere))  # a character of many PDFs is searched once
    places: dict[tuple[str, int], tuple[set[str], list[str]]] = {}
    for document, characters in boxes:
        for character in characters:
            place = first_line(character, document.sources) or elsewhere(character) or (document.sources[0], 1)
            shown, pdfs = places.setdefault(place, (set(), []))
            shown.add(character)
            if document.path not in pdfs:
                pdfs.append(document.path)
    return tuple(Problem(path, line, _undrawn_message(sorted(shown), pdfs), severity="warning") for (path, line), (shown, pdfs) in sorted(places.items()))


def _undrawn_message(characters: list[str], pdfs: list[str]) -> str:
    """« « 🎉 » (U+1F389) est un carré vide dans le PDF comptes-rendus/x.pdf : … »."""
    named = ", ".join(f"« {character} » (U+{ord(character):04X})" for character in characters[:UNDRAWN_SHOWN])
    if len(characters) > UNDRAWN_SHOWN:
        named += f" et {len(characters) - UNDRAWN_SHOWN} autres"
    one = len(characters) == 1
    where = f"le PDF {pdfs[0]}" if len(pdfs) == 1 else f"{len(pdfs)} PDF ({pdfs[0]}, …)"
    return (
        f"{named} {'est un carré vide' if one else 'sont des carrés vides'} dans {where} : aucune police de cette machine "
        f"ne {'le' if one else 'les'} dessine ; installez les polices des PDF avec « sudo apt-get install -y {FONTS} »"
    )
