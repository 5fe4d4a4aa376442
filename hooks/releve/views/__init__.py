"""Views: pure functions of the linked site that return generated pages (Markdown); the other files
of the site are made by ``outputs/``.

Templates live in ``releve/templates``. Everything that comes from the content is escaped for
both HTML and Markdown by the environment's ``finalize``, so a title such as
``<script>…</script>`` or ``*urgent*`` shows as written; trusted Markdown (a body already
checked, a link we build) is passed as ``Markup``.

Only the coordinator's own text needs Markdown. What the engine generates around it (a meeting's
card, its participants, its lists of links) is rendered by ``*.html.j2`` macros straight to HTML
fragments: the page's Markdown holds a placeholder paragraph where each goes, and the adapter puts
the fragments back after the conversion (``substitute``). Python-Markdown's inline patterns, run on
every link and every bold label, cost as much per meeting page as its whole body.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from .. import dates, urls
from ..link import LinkedSite
from ..model import Closure, Commitment, Decision
from ..text import first_upper, quoted, summary, without_full_stop
from ..typography import french_text
from ..words import agree, percent, plural

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|])")


@dataclass(frozen=True)
class GeneratedPage:
    """A page the build adds to the site, as Markdown at a docs-relative source URI, with the HTML
    fragments that replace its placeholders once converted, and the pages these fragments link to."""

    src_uri: str
    markdown: str
    fragments: tuple[str, ...] = ()
    links: frozenset[str] = frozenset()
    anchors: frozenset[str] = frozenset()
    """The ids in the fragments: MkDocs finds a page's anchors in its Markdown, never in them."""


@dataclass(frozen=True)
class Head:
    """What a page says of itself before it is opened: the ``<title>`` of a browser's tab, its
    history and a search engine's result, which names the page's kind where a meeting and a fiche
    may share a title (the theme adds the site's name); and the description a shared link, a search
    result or a feed reader shows. Plain text, made only from what the page's sources say."""

    title: str | None = None
    description: str | None = None


DESCRIPTION_LENGTH = 160
"""About what a search result or a link preview shows before cutting the text itself."""
_NOT_IN_YAML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
"""Characters a YAML front matter refuses (the page's head is written there as JSON strings)."""


def front_matter_json(value: Any) -> Markup:
    """``value`` as JSON on a line of a page's front matter (JSON is YAML): each character as it is,
    but those YAML refuses, removed. Not Jinja's ``tojson``, which writes a character beyond the
    Basic Multilingual Plane (an emoji) as two surrogate escapes that the front matter's reader
    refuses: the page lost its front matter, title and search entry, and showed it as text."""
    return Markup(_NOT_IN_YAML.sub("", json.dumps(value, ensure_ascii=False)))


def description(*parts: str | None) -> str:
    """The given parts of a page's description as one line of plain text, cut on a word with « … »
    past ``DESCRIPTION_LENGTH`` characters, with French non-breaking spaces: an attribute, which the
    typography of the written page leaves as it is."""
    return french_text(summary(" ".join(part for part in parts if part), DESCRIPTION_LENGTH))


def first_sentence(markdown: str) -> str:
    """The first sentence of a Markdown text's first paragraph, as plain text on one line (its
    whole first paragraph when no full stop ends a sentence in it)."""
    paragraph = next((block for block in markdown.strip().split("\n\n") if block.strip()), "")
    text = _MARKDOWN_MARKS.sub("", " ".join(line.lstrip("#>-*+ ").strip() for line in paragraph.splitlines()))
    return _SENTENCE_END.split(summary(html.unescape(text), 10_000), maxsplit=1)[0]


_MARKDOWN_MARKS = re.compile(r"</?[A-Za-z][^<>]*>|[*_`~]+(?=\S)|(?<=\S)[*_`~]+|\\(?=[^\w\s])")
"""Tags, emphasis and escapes: what is read of a text is plain text."""
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZÀ-Ý«])")


_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]*>")


def paragraph_description(converted: str) -> str | None:
    """The description of a page that gives none (a page of docs/, a list): the text of its first
    paragraph of a few words, as the page shows it, if it has one. A line of links or labels
    between « · » (« ← 2015 · Tous les bilans · 2017 → ») is the page's navigation, not what it says."""
    for found in _PARAGRAPH.finditer(converted):
        text = " ".join(html.unescape(_TAG.sub("", found.group(1))).split())
        if " · " not in text and len(text.split()) >= DESCRIBING_WORDS:
            return description(text)
    return None


DESCRIBING_WORDS = 4
"""Fewer words name a thing (« COPIL », « Tout l'agenda ») rather than say what a page holds."""


def _with_head(markdown: str, head: Head) -> str:
    """The page's Markdown with its head in its front matter (``description``, the theme's key, and
    ``releve_title``), as JSON strings: JSON is YAML, and keeps every character of the text inert."""
    # The title with French spaces for Open Graph's attribute too (the page's pass does ``<title>``).
    entries = {"description": head.description, "releve_title": head.title and french_text(head.title)}
    lines = "".join(f"{key}: {front_matter_json(value)}\n" for key, value in entries.items() if value)
    if not lines:
        return markdown
    if markdown.startswith("---\n"):
        return "---\n" + lines + markdown[4:]
    return "---\n" + lines + "---\n" + markdown


@dataclass(frozen=True)
class Paged:
    """One page of a list that grows with the content: its items and the address of every page."""

    uri: str
    items: list
    uris: tuple[str, ...]

    @property
    def number(self) -> int:
        """This page's number, from 1: the title of every page after the first shows it."""
        return self.uris.index(self.uri) + 1

    @property
    def first(self) -> bool:
        return self.uri == self.uris[0]

    @property
    def pages(self) -> list[tuple[int, str] | None]:
        """The pager's entries as (number, address): the first and the last page and those near
        this one, None where pages are left out (« … »). Listing every page made each page of a
        long list grow with the list, and the whole list grow as its square."""
        last, here = len(self.uris), self.number
        shown = sorted({1, last, *range(max(1, here - PAGER_NEIGHBOURS), min(last, here + PAGER_NEIGHBOURS) + 1)})
        entries: list[tuple[int, str] | None] = []
        previous = 0
        for number in shown:
            if number - previous == 2:  # one page left out: shown rather than « … »
                entries.append((previous + 1, self.uris[previous]))
            elif number - previous > 2:
                entries.append(None)
            entries.append((number, self.uris[number - 1]))
            previous = number
        return entries


PAGER_NEIGHBOURS = 2
"""The pager links the pages up to two before and two after the current one."""


def pdf_address(linked: LinkedSite, uri: str) -> str | None:
    """The address of the page ``uri``'s PDF relative to the page, when the build makes PDFs. They are
    written after the pages (``pdf.py``), beside each page's folder: no output ``render_site`` knows,
    so a plain address, not an engine link that it would check."""
    return urls.relative(uri, urls.pdf(uri)) if linked.site.pdf else None


def paginate(uri: str, items: list, size: int) -> list[Paged]:
    """Split ``items`` into pages of ``size``, the first at ``uri``: no page grows without bound."""
    return pages_of(uri, [items[start : start + size] for start in range(0, len(items), size)] or [[]])


def pages_of(uri: str, chunks: list[list]) -> list[Paged]:
    """A page for each chunk of a list, the first at ``uri``, the next numbered after it."""
    uris = tuple(urls.page(uri, number) for number in range(1, len(chunks) + 1))
    return [Paged(page_uri, chunk, uris) for page_uri, chunk in zip(uris, chunks)]


def escape_text(value: Any) -> Markup:
    """Text from the content, made inert for HTML and Markdown."""
    return Markup(html.escape(_MD_SPECIAL.sub(r"\\\1", str(value)), quote=False))


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return escape_text(value)


def md_link(text: Any, uri: str, anchor: str | None = None) -> Markup:
    """A Markdown link to a page of the site, made relative by ``render_page``; the host checks it."""
    return Markup(f"[{_finalize(text)}]({urls.link(uri, anchor)})")


_WEB_ADDRESS = re.compile(r"https?://[^\s<>\"]+")


def autolink(url: str) -> Markup:
    """A validated http(s) address as a Markdown autolink."""
    if not _WEB_ADDRESS.fullmatch(url):
        return escape_text(url)
    return Markup(f"<{url}>")


def html_link(text: Any, uri: str, anchor: str | None = None) -> Markup:
    """A link to a generated page in an HTML fragment: ``render_page`` makes it relative to the page."""
    # Not Markup.format, whose string.Formatter was a tenth of the time spent on a meeting page.
    return Markup(f'<a href="{escape(urls.link(uri, anchor))}">{escape(text)}</a>')


_MARKED_LINK = re.compile(f'(href|src)="{urls.LINK_MARK}([^"#]*)')
"""An engine link or image in a fragment: resolved to the target's address relative to the page."""
_MARKED_SOURCE = re.compile(f"{urls.LINK_MARK}([^\\s)#\"'>]*)")
"""An engine link in a page's Markdown (a template's or a checked body's): resolved to the target's
source relative to the page's, which the host converts to an address and checks."""
_PLACEHOLDER = "\ue000{}\ue000"
"""The paragraph that stands for fragment N in a page's Markdown (private-use characters)."""
_PLACEHOLDERS = re.compile("<p>\ue000([0-9]+)\ue000</p>")
PLACEHOLDER = re.compile("\ue000[0-9]+\ue000")
"""The text of a placeholder paragraph."""


def substitute(converted: str, fragments: tuple[str, ...]) -> str:
    """The HTML of a converted page with each placeholder paragraph replaced by its fragment (a
    coordinator who typed one in a text gets a copy of a fragment of the page, never an error)."""
    if not fragments or "\ue000" not in converted:  # a heading's text, for the table of contents
        return converted

    def fragment_of(match: re.Match) -> str:
        number = int(match.group(1))
        return fragments[number] if number < len(fragments) else match.group(0)

    return _PLACEHOLDERS.sub(fragment_of, converted)


_PLACEHOLDER_LINES = re.compile("^([ ]*)\ue000([0-9]+)\ue000$", re.M)
_OPENS_A_BOX = re.compile(r"\A(<div\b[^>]*)>(?!.*</div>)", re.S)


def inline(page: GeneratedPage) -> str:
    """The page's Markdown with each fragment written in its place as raw HTML (indented as its
    placeholder), for an engine that converts the Markdown itself (``releve generer``)."""
    if not page.fragments:
        return page.markdown

    def fragment_of(match: re.Match) -> str:
        indent, number = match.group(1), int(match.group(2))
        # A box that opens here and closes in a later fragment holds the coordinator's Markdown:
        # marked for md_in_html, or the engine would copy that text as raw HTML.
        text = _OPENS_A_BOX.sub(r"\1 markdown>", page.fragments[number], count=1)
        return "\n".join(indent + line if line else line for line in text.split("\n"))

    return _PLACEHOLDER_LINES.sub(fragment_of, page.markdown)


def _structure_links(link: Any) -> Any:
    """``structure_link(s)`` of the templates whose links are ``link`` (Markdown or HTML): a
    structure's name, and its acronym when it has another, linked to its page. Each is made once:
    the same structures are named on thousands of pages (participants, pilots, the follow-up)."""

    @lru_cache(maxsize=1 << 14)
    def made(structure_id: str, name: str, acronym: str | None) -> Markup:
        return link(name + (f" ({acronym})" if acronym and acronym != name else ""), urls.structure(structure_id))

    return lambda structure: made(structure.id, structure.name, structure.acronym)


def _meeting_lines(link: Any, text: Any, emphasis: str) -> Any:
    """``meeting_line(m, instances)`` of the templates whose links are ``link`` (Markdown or HTML),
    whose content text ``text`` makes inert and whose emphasis is ``emphasis``: « [title](…) —
    12 mars 2024 · Groupe projet · *approuvé* », without the instance when ``instances`` is None
    (an instance's own page), the approval only when the coordinator recorded it. Each is made once:
    a meeting is listed on the page of each structure present, each fiche and thématique, its year."""

    @lru_cache(maxsize=1 << 14)
    def made(meeting_id: str, title: str, day: dt.date, instance: str | None, approval: str | None) -> Markup:
        where = f" · {text(instance)}" if instance is not None else ""
        tag = f" · {emphasis.format(approval)}" if approval else ""
        return Markup(f"{link(title, urls.meeting(meeting_id))} — {text(dates.date(day))}{where}{tag}")

    def meeting_line(meeting: Any, instances: Any = None) -> Markup:
        approval = meeting.approval and ("projet" if meeting.approval.state == "projet" else "approuvé")
        return made(meeting.id, meeting.title, meeting.date, instances[meeting.instance].singular if instances else None, approval or None)

    return meeting_line


def html_autolink(url: str) -> Markup:
    """A validated http(s) address as a link in an HTML fragment."""
    if not _WEB_ADDRESS.fullmatch(url):
        return escape(url)
    return Markup('<a href="{0}">{0}</a>').format(url)


def trusted(markdown: str) -> Markup:
    """Markdown written by the coordinator and already validated (links rewritten)."""
    return Markup(markdown)


class _Fragments:
    """A page's ``fragment(macro, …)``: in its Markdown, the placeholder of the HTML fragment that
    macro ``macro`` renders (``_fragment_macros``). A callable of the page rather than a function of
    Jinja's context: Jinja copies the whole context for a call that asks for it from inside a loop
    (``Context.derived``), which made a fragment cost ten times a macro call."""

    def __init__(self, template: str) -> None:
        self.template = template
        self.html: list[str] = []

    def __call__(self, macro: str, *args: Any, **kwargs: Any) -> Markup:
        if not kwargs and _PLAIN.issuperset(map(type, args)):
            html = _constant_fragment(self.template, macro, args)
        else:
            html = str(_macro(self.template, macro)(*args, **kwargs))
        self.html.append(html)
        return Markup("\n\n" + _PLACEHOLDER.format(len(self.html) - 1) + "\n\n")


_PLAIN = frozenset({str, type(None)})
"""The types of the arguments of a fragment rendered once (``Markup`` is not one: its hash is its text's)."""


@lru_cache(maxsize=1 << 12)
def _constant_fragment(template: str, macro: str, args: tuple[str | None, ...]) -> str:
    """A fragment of plain text arguments, rendered once: the same on every page that places it
    (a box's closing, « Suivi des engagements » under each commitment); a macro is a pure function
    of its arguments."""
    return str(_macro(template, macro)(*args))


def _macro(template: str, macro: str) -> Any:
    macros = _fragment_macros(template)
    if macro not in macros:
        raise AttributeError(f"no HTML macro {macro!r} for a fragment")
    return macros[macro]


_SHARED_HTML = ("_macros.html.j2", "_timeline.html.j2")
"""The HTML templates whose macros every page's fragments can use."""


@lru_cache(maxsize=None)
def _fragment_macros(template: str) -> dict[str, Any]:
    """The macros the fragments of Markdown template ``template`` render, by name: those of the
    HTML template of the same name (``meeting.md.j2`` → ``meeting.html.j2``), if there is one, else
    a shared one (``_SHARED_HTML``). Looked up once: a site places tens of thousands of fragments."""
    own = template.removesuffix(".md.j2") + ".html.j2"
    macros: dict[str, Any] = {}
    for source in (own, *_SHARED_HTML) if own in _html_templates() else _SHARED_HTML:
        for name, value in vars(template_macros(source)).items():
            if isinstance(value, jinja2.runtime.Macro):
                macros.setdefault(name, value)
    return macros


class _InMemory(jinja2.BytecodeCache):
    """Compiled templates kept by this process only: where no folder can hold them."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


@lru_cache(maxsize=1)
def compiled_templates() -> jinja2.BytecodeCache:
    """Compiled templates kept between builds (the engine's, and the theme's, for which MkDocs makes
    a new Jinja environment at each build and each preview rebuild): compiling them cost a small
    site's build a third of its time, each time. In the user's own folder of the system's temporary
    directory (Jinja's, created private), else in this process. Jinja keys each entry on the
    template's source, so an edited template is compiled afresh."""
    try:
        return jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return _InMemory()


def _indent(text: str, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
    """Jinja's ``indent`` on the plain text, marked safe again when it was: on ``Markup``, markupsafe
    wrapped each line and each join (a tenth of a meeting page's own template)."""
    indented = jinja2.filters.do_indent(str(text), width, first, blank)
    return Markup(indented) if isinstance(text, Markup) else indented


def _environment(**options: Any) -> jinja2.Environment:
    env = jinja2.Environment(
        bytecode_cache=compiled_templates(),
        # The engine's templates are its code: not looked at again on disk for each page.
        auto_reload=False,
        loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent.parent / "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        **options,
    )
    env.filters.update(
        date=dates.date,
        long_date=dates.long_date,
        month=dates.month,
        fuzzy=dates.fuzzy,
        at=dates.at,
        trusted=trusted,
        summary=summary,
        autolink=autolink,
        first_upper=first_upper,
        without_full_stop=without_full_stop,
        quoted=quoted,
        elapsed=dates.elapsed,
        plural=plural,
        agree=agree,
        percent=percent,
        indent=_indent,
        front_matter=front_matter_json,
    )
    env.tests.update(
        decision=lambda value: isinstance(value, Decision),
        commitment=lambda value: isinstance(value, Commitment),
        closure=lambda value: isinstance(value, Closure),
    )
    return env


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The Markdown templates (``*.md.j2``): content values escaped for Markdown and HTML."""
    env = _environment(finalize=_finalize)
    env.globals.update(link=md_link, urls=urls, structure_link=_structure_links(md_link), meeting_line=_meeting_lines(md_link, escape_text, "*{}*"))
    return env


@lru_cache(maxsize=1)
def html_environment() -> jinja2.Environment:
    """The HTML fragments' templates (``*.html.j2``): content values escaped for HTML only."""
    env = _environment(finalize=lambda value: "" if value is None else value)
    env.filters["autolink"] = html_autolink
    env.globals.update(link=html_link, urls=urls, structure_link=_structure_links(html_link), meeting_line=_meeting_lines(html_link, escape, "<em>{}</em>"))
    return env


@lru_cache(maxsize=1)
def _html_templates() -> frozenset[str]:
    return frozenset(html_environment().list_templates(extensions=["j2"]))


@lru_cache(maxsize=None)
def template_macros(template: str) -> Any:
    """The macros of an HTML template, loaded once (the engine's templates are its code)."""
    return html_environment().get_template(template).module


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def resolve_marked(markdown: str, uri: str) -> str:
    """The Markdown of page ``uri`` with the targets ``urls.link`` marked made relative to it."""
    if urls.LINK_MARK not in markdown:
        return markdown
    return _MARKED_SOURCE.sub(lambda match: urls.relative_source(uri, match.group(1)), markdown)


def render_page(uri: str, template: str, head: Head | None = None, **context: Any) -> GeneratedPage:
    """The page at ``uri`` from Markdown template ``template``, whose ``fragment(…)`` calls render
    the macros of the HTML template of the same name (``meeting.md.j2`` → ``meeting.html.j2``), if
    there is one, and the shared ones; with ``head`` in its front matter. A page without a
    description is described by its first paragraph (``engine.page_description``)."""
    fragment = _Fragments(template)
    markdown = render(template, fragment=fragment, **context)
    fragments = fragment.html
    markdown = resolve_marked(markdown, uri)
    if head is not None:  # after the links are resolved: its text is the content's, never a link
        markdown = _with_head(markdown, head)
    # Each target once per page: a page links the same pages from several of its fragments.
    addresses: dict[str, str] = {}

    def relative(match: re.Match) -> str:
        target = match.group(2)
        if target not in addresses:
            addresses[target] = urls.relative(uri, target)
        return f'{match.group(1)}="{addresses[target]}'

    resolved = tuple(_MARKED_LINK.sub(relative, part) if urls.LINK_MARK in part else part for part in fragments)
    anchors = frozenset(anchor for part in fragments for anchor in _ID.findall(part))
    return GeneratedPage(uri, markdown, resolved, frozenset(addresses), anchors)


_ID = re.compile(r' id="([^"]+)"')
