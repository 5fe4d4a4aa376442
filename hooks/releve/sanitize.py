"""The allow-list every published HTML fragment goes through, after Markdown has run.

Sanitizing the output rather than the input: no Markdown trick (``attr_list`` attributes, a
namespaced tag, an unclosed code fence, a reference link) gets around a list applied to the
HTML that is actually published. The list names exactly what our Markdown extensions
(admonition, attr_list, md_in_html, tables, toc), our templates and our SVG charts produce;
anything else is removed, its text kept. No event handler, no ``style`` (but the ``text-align``
the tables extension writes on a cell), no ``javascript:``/``data:``/``vbscript:`` URL, no
image from another site, ids and classes only of the shapes the engine emits.

Plain Python: the adapter calls it, the engine never needs MkDocs for it.
"""

from __future__ import annotations

import functools
import html
import re

import nh3

_HEADINGS = {f"h{level}" for level in range(1, 7)}
_SVG = {"svg", "g", "title", "desc", "rect", "line", "circle", "text", "path"}
"""The elements of the charts drawn by ``svg.py`` and ``views/timeline.py``, and of the maps and
graphs (``cartography.py``, ``views/partenariale.py``)."""

TAGS = {
    *_HEADINGS,
    *("p", "br", "hr", "blockquote", "pre", "code", "em", "strong", "a", "img"),
    *("ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "div", "span"),
    # The « Avancement » page's filters, jalons and progress bars (templates/_timeline.html.j2).
    *("time", "form", "label", "select", "option", "progress"),
    # Long lists folded behind their count (meeting participants, agenda calendars).
    *("details", "summary"),
    *_SVG,
}

ATTRIBUTES = {
    "*": {"id", "class"},
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    # The search (Pagefind) reads what a result is and its date from the card of a page
    # (data-pagefind-meta), and leaves out what every page of a kind repeats (data-pagefind-ignore):
    # lists of links to other pages (their words are those pages' own), the questions a fiche has yet
    # to answer, « En bref », « Suivre cette structure », « Lien permanent »…
    "div": {"role", "aria-label", "tabindex", "data-pagefind-meta", "data-pagefind-ignore"},
    # A feed's address to paste, completed by the reader's browser (assets/javascripts/releve-adresses.js).
    "span": {"aria-live", "data-pagefind-meta", "data-releve-adresse"},
    "p": {"data-pagefind-ignore"},
    "h2": {"data-pagefind-ignore"},
    "ul": {"data-pagefind-ignore"},
    # The filters of the « Avancement » frise and of the annuaire (assets/javascripts/releve-filtres.js).
    "li": {"data-axes", "data-thematiques", "data-secteur", "data-type", "data-publics", "data-commune", "data-pagefind-ignore"},
    "time": {"datetime"},
    "form": {"data-releve-filtres", "hidden"},
    "select": {"name", "data-cle"},
    "option": {"value"},
    "label": {"for"},
    "progress": {"max", "value"},
    "details": {"open"},
    "svg": {"xmlns", "width", "height", "viewBox", "role", "aria-labelledby", "aria-hidden", "font-size", "font-family", "fill"},
    "rect": {"x", "y", "width", "height", "rx", "fill"},
    "line": {"x1", "y1", "x2", "y2", "stroke", "stroke-opacity", "stroke-dasharray"},
    "circle": {"cx", "cy", "r", "fill", "stroke"},
    "text": {"x", "y", "dx", "text-anchor"},
    "path": {"d"},
}

_ALIGNED = {"style": {f"text-align: {side};" for side in ("left", "right", "center")}}
VALUES = {"th": _ALIGNED, "td": _ALIGNED}
"""Attributes allowed with these exact values only: the tables extension's column alignment."""

CLASSES = {
    "admonition",
    "admonition-title",
    "headerlink",
    # The engine's admonition kinds (body.py) and Material's, which a coordinator may write.
    *("decision", "engagement", "fait"),
    *("note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success"),
    *("check", "done", "question", "help", "faq", "warning", "caution", "attention", "failure"),
    *("fail", "missing", "danger", "error", "bug", "example", "quote", "cite"),
}
"""Class names kept besides the engine's own, which all start with ``releve-``."""

_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
"""The ids toc and the engine write (slugs, ``decision-1a2b3c4d``). A leading ``_`` is refused:
Material's own elements are ``__search``, ``__drawer``…, which content must not shadow."""
_IDS = re.compile(r"[a-z0-9][a-z0-9_-]*(?: [a-z0-9][a-z0-9_-]*)*")
_NUMBERS = re.compile(r"-?[0-9.]+%?(?: -?[0-9.]+)*")
"""Coordinates: the Gantt's are percentages of its width (views/timeline.py)."""
_PATH = re.compile(r"(?:M\d+ \d+(?: \d+ \d+)+Z)+|M\d+ \d+A\d+ \d+ 0 0 [01] \d+ \d+")
"""A path's ``d``: the closed rings of a commune in whole drawing units (``cartography.outlines``), or
one elliptical arc of the carte partenariale (``views/partenariale.py``); nothing else."""
_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}|currentColor|Canvas|none")
_SLUGS = re.compile(r"[a-z0-9 -]*")
_META = re.compile(r"(?:type|date):[^,:\[\]]+")
"""``data-pagefind-meta``: the kind of a page or its date, as the engine writes them (« type:Compte
rendu », « date:22 octobre 2021 »): one of two keys, a plain value."""
_FEED = re.compile(r"(?:\.\./)*[a-z0-9][a-z0-9/_-]*\.xml")
"""``data-releve-adresse``: a feed's address relative to its page, as the engine writes it."""
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_TEXT_VALUES = {"title", "alt", "aria-label", "value", "datetime", "name", "hidden"}
_ENUMS = {
    "role": {"region", "img"},
    "tabindex": {"0"},
    "aria-live": {"polite"},
    "text-anchor": {"start", "middle", "end"},
    "aria-hidden": {"true"},
    "xmlns": {"http://www.w3.org/2000/svg"},
    # The engine's font, named on the bilan's charts in a PDF (print_report.html.j2): WeasyPrint's SVG reads no stylesheet.
    "font-family": {"Source Sans 3"},
    "data-pagefind-ignore": {""},
    # The lists a filter form hides items of (templates/directory_index.md.j2, timeline_frise.md.j2): a CSS
    # selector the script runs, which content could otherwise aim at the theme's menus.
    "data-releve-filtres": {"ul.releve-annuaire", "ol.releve-frise"},
}
_PATTERNS = {
    "id": _ID,
    "for": _ID,
    "aria-labelledby": _IDS,
    "fill": _COLOUR,
    "stroke": _COLOUR,
    "data-axes": _SLUGS,
    "data-thematiques": _SLUGS,
    "data-secteur": _SLUGS,
    "data-type": _SLUGS,
    "data-publics": _SLUGS,
    "data-commune": _SLUGS,
    "data-cle": _ID,
    "data-pagefind-meta": _META,
    "data-releve-adresse": _FEED,
    "d": _PATH,
}


def is_local(url: str) -> bool:
    """A URL on this site: no scheme, not protocol-relative (``//autre.fr``), nothing a browser
    would rewrite into one (a backslash, a blank or a control character inside)."""
    if not url or url.startswith("//") or _SCHEME.match(url):
        return False
    return not any(char == "\\" or ord(char) <= 0x20 or ord(char) == 0x7F for char in url)


@functools.lru_cache(maxsize=1 << 16)
def _attribute(tag: str, name: str, value: str) -> str | None:
    """Keep an allowed attribute only with a value of the shape the engine writes. Each attribute
    once: nh3 asks for every attribute of every page (160,000 at 1,000 minutes, 20,000 distinct)."""
    if name == "class":
        kept = [word for word in value.split() if word in CLASSES or word.startswith("releve-")]
        return " ".join(kept) or None
    if name == "src":
        return value if is_local(value) else None
    if name in _ENUMS:
        # An attribute written bare, as a boolean one, is given its name as value by Python-Markdown's
        # md_in_html (the tree of ``releve generer``, whose generated parts are in the Markdown).
        return "" if value == name and "" in _ENUMS[name] else value if value in _ENUMS[name] else None
    if name in _PATTERNS:
        return value if _PATTERNS[name].fullmatch(value) else None
    if name in _TEXT_VALUES or name in ("href", "viewBox", "style"):
        # Text, or already checked by nh3: the scheme of ``href``, the exact ``style`` values.
        return value
    return value if _NUMBERS.fullmatch(value) else None


_CLEANER = nh3.Cleaner(
    tags=TAGS,
    attributes=ATTRIBUTES,
    tag_attribute_values=VALUES,
    attribute_filter=_attribute,
    # Removed with their content: what they hold is not text a reader should see.
    clean_content_tags={"script", "style", "template", "noscript", "iframe", "object"},
    # webcal: the agenda's « s'abonner » links, which open the reader's calendar application.
    url_schemes={"http", "https", "mailto", "tel", "webcal"},
    link_rel=None,
    strip_comments=True,
)


_CLEANED = re.compile("[<>&\x00\r\u00a0]")
"""What the allow-list may change in a text: without any of these, a text is its own published form
(tested on every code point); the table of contents has each heading's text go through here."""


def page_html(fragment: str) -> str:
    """The published form of an HTML fragment made from content: only the allow-list survives."""
    return _CLEANER.clean(fragment) if _CLEANED.search(fragment) else fragment


def title(text: str) -> str:
    """A page title as Material prints it (unescaped, in ``<title>``, the header and the search
    index): escaped once. MkDocs takes a title from the rendered ``<h1>``, already escaped, or
    from ``mkdocs.yml`` or a ``title:`` key, not escaped; unescaping first makes both the same
    text, so « & » shows as « & » and never as « &amp; »."""
    return html.escape(html.unescape(text), quote=False)
