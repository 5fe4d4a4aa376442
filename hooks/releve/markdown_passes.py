"""Python-Markdown's passes, skipped where a page cannot need them: the same HTML for less work.

Python-Markdown tries each of its inline patterns on each run of text and runs each extension on
each page, whatever the page holds; a generated page is mostly short runs of plain text. Every
shortcut here is taken only when the page's text proves that the work skipped could not change
anything, so the HTML is the same, byte for byte:

- an inline pattern is tried on a run of text only if the run holds the character its regular
  expression cannot match without (``[`` for a link, ``*`` or ``_`` for emphasis…);
- the admonition and attribute-list passes run only on a page whose text has their syntax;
- the block passes are listed once for each page, not once for each block (built afresh for each
  block, the list was a twentieth of the time spent converting a meeting page), and a block pass
  whose regular expression searches the whole block is tried only on a block that holds the
  character it cannot match without (``#`` for a heading…);
- the last pass, which puts back the characters a backslash escaped, looks only at the texts that
  hold one;
- the table of contents is not drawn as HTML (``md.toc``, which neither MkDocs nor Zensical reads:
  they read ``md.toc_tokens``) unless the page has its ``[TOC]`` marker, and a heading of plain
  text is its own HTML in the table of contents, not serialized and post-processed.

The admonition, attribute-list and table-of-contents shortcuts are taken only when every pass the site's extensions register
is Python-Markdown's, MkDocs' or the engine's: another extension (a CLSM may add one in its
``mkdocs.yml``) could write that syntax itself, so with one the passes all run as before.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from types import MethodType

import markdown
from markdown import Markdown, blockprocessors, inlinepatterns, util
from markdown.blockparser import BlockParser
from markdown.blockprocessors import BlockProcessor
from markdown.extensions.admonition import AdmonitionProcessor
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.extensions.md_in_html import MarkdownInHtmlProcessor
from markdown.extensions.tables import TableProcessor
from markdown.extensions import toc as toc_extension
from markdown.extensions.toc import TocTreeprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import InlineProcessor, Treeprocessor, UnescapeTreeprocessor
from markdown.util import AtomicString

from .urls import UNDECOMPOSED

_TRIGGERS = {
    inlinepatterns.BACKTICK_RE: ("`",),
    inlinepatterns.ESCAPE_RE: ("\\",),
    inlinepatterns.LINK_RE: ("[",),
    inlinepatterns.IMAGE_LINK_RE: ("![",),
    inlinepatterns.AUTOLINK_RE: ("<",),
    inlinepatterns.AUTOMAIL_RE: ("<",),
    inlinepatterns.HTML_RE: ("<",),
    inlinepatterns.ENTITY_RE: ("&",),
    inlinepatterns.LINE_BREAK_RE: ("  \n",),
}
"""Python-Markdown's inline regular expressions (by their source) and the text that each of them
cannot match without."""

_LOOPS_OF = (3, 11)
"""The Python-Markdown release whose inline and block loops ``_TriggeredInline`` and ``_parse_blocks``
follow (requirements.lock pins 3.11.3): under another, Python-Markdown's own loops run."""

_KNOWN_MODULES = ("markdown.", "mkdocs.", "properdocs.", "releve.")
"""Where the passes come from whose syntax the page-level tests below know."""


def _trigger(pattern: inlinepatterns.Pattern) -> tuple[str, ...] | None:
    """What a run of text must hold for ``pattern`` to match in it; None: unknown, always tried."""
    if not isinstance(pattern, inlinepatterns.InlineProcessor) or type(pattern).getCompiledRegExp is not inlinepatterns.Pattern.getCompiledRegExp:
        return None
    if isinstance(pattern, inlinepatterns.DelimiterProcessor):  # emphasis: its regex is its delimiters
        return tuple(pattern.tokens) or None
    return _TRIGGERS.get(pattern.compiled_re.pattern)


class _TriggeredInline(InlineProcessor):
    """Python-Markdown's inline pass, each pattern tried only on the runs of text that hold its
    trigger: a regular expression that cannot match leaves the run as it is, as when tried."""

    def run(self, tree: ET.Element, ancestors: list[str] | None = None) -> ET.Element:
        self._patterns = list(self.inlinePatterns)
        self._triggers = [_trigger(pattern) for pattern in self._patterns]
        self._untriggered = [index for index, trigger in enumerate(self._triggers) if trigger is None]
        # Most runs of text hold no trigger at all: one search tells.
        texts = {text for trigger in self._triggers if trigger is not None for text in trigger}
        self._any_trigger = re.compile("|".join(map(re.escape, sorted(texts)))) if texts else None
        return super().run(tree, ancestors)

    # Python-Markdown's own loop (InlineProcessor.__handleInline), over the patterns whose trigger
    # the run holds. A match only replaces text with a placeholder: a trigger absent stays absent.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, AtomicString):
            return data
        patterns, triggers = self._patterns, self._triggers
        if self._any_trigger is not None and self._any_trigger.search(data) is None:
            tried = [index for index in self._untriggered if index >= patternIndex]
        else:
            tried = [index for index in range(patternIndex, len(patterns)) if (trigger := triggers[index]) is None or any(text in data for text in trigger)]
        start = 0
        for index in tried:
            matched = True
            while matched:
                data, matched, start = self._InlineProcessor__applyPattern(patterns[index], data, index, start)
        return data


_BLOCK_TRIGGERS: dict[type, tuple[str, ...]] = {
    blockprocessors.HashHeaderProcessor: ("#",),
    blockprocessors.BlockQuoteProcessor: (">",),
    blockprocessors.SetextHeaderProcessor: ("\n=", "\n-"),
    blockprocessors.HRProcessor: ("-", "_", "*"),
    # Its test is always true; its run, without a definition, puts the block back and says False.
    blockprocessors.ReferenceProcessor: ("]:",),
    TableProcessor: ("|",),
    # The same: without a raw HTML placeholder at its start, its run says False.
    MarkdownInHtmlProcessor: (util.HTML_PLACEHOLDER[:-3],),
}
"""Python-Markdown's block passes (by their exact class) that search the whole block with a regular
expression, and the text that expression cannot match without: a block without it would fail the
pass's test (or its run would leave the block and say False), so the pass is not tried on it."""


def _listed(parser: BlockParser) -> list[tuple[BlockProcessor, tuple[str, ...] | None]]:
    return [(processor, _BLOCK_TRIGGERS.get(type(processor))) for processor in parser.blockprocessors]


def _parse_document(parser: BlockParser, lines: list[str]) -> ET.ElementTree:
    """Python-Markdown's ``BlockParser.parseDocument``, the block passes listed once for the page:
    none of them registers a pass while the page is parsed."""
    parser.releve_listed = _listed(parser)
    try:
        return BlockParser.parseDocument(parser, lines)
    finally:
        parser.releve_listed = None


def _parse_blocks(parser: BlockParser, parent: ET.Element, blocks: list[str]) -> None:
    """Python-Markdown's block loop (``BlockParser.parseBlocks``), each pass tried only on a block
    that holds its trigger (``_BLOCK_TRIGGERS``)."""
    listed = getattr(parser, "releve_listed", None) or _listed(parser)
    while blocks:
        for processor, trigger in listed:
            if trigger is not None:
                block = blocks[0]
                for text in trigger:
                    if text in block:
                        break
                else:
                    continue
            if processor.test(parent, blocks[0]):
                if processor.run(parent, blocks) is not False:
                    break


_PLAIN_HEADING = re.compile("[^\x00\x02\x03\r<>&\u00a0\ue000]*")
"""A heading's text that every pass after the tree leaves as it is: no raw HTML or escape placeholder
(``\x02``…``\x03``), nothing the serializer escapes, nothing the allow-list changes
(``sanitize._CLEANED``), no generated part (``views.PLACEHOLDER``)."""


def heading_slug(slugify: Callable[[str, str], str]) -> Callable[[str, str], str]:
    """toc's ``slugify`` (the configured one) with the engine's letters: « Œuvre » is « oeuvre », not
    « uvre » (urls.UNDECOMPOSED); and never empty: a heading with no Latin letter (Arabic, Chinese)
    had « _1 », an id the sanitizer removes (Material's own are « __search »…), which left its
    permalink and its line of the table of contents leading nowhere."""
    return lambda value, separator: slugify(value.lower().translate(UNDECOMPOSED), separator) or "section"


class _Toc(TocTreeprocessor):
    """The toc extension's pass, its ``[TOC]`` block drawn only on a page that has the marker, and
    the HTML of a heading that is plain text taken as that text: the toc extension serializes each
    heading and runs every postprocessor on it (a third of its time), which leave such a text as
    it is when every pass is known (``plain``, set for each page)."""

    def __init__(self, toc: TocTreeprocessor) -> None:
        self.__dict__.update(toc.__dict__)  # the configured pass, as the toc extension made it
        self.slugify = heading_slug(toc.slugify)
        self.drawn = True
        self.plain = False

    def _inner_html(self, heading: ET.Element) -> str:
        text = heading.text
        if self.plain and len(heading) == 0 and text is not None and _PLAIN_HEADING.fullmatch(text):
            return text.strip()
        return toc_extension.render_inner_html(toc_extension.remove_fnrefs(heading), self.md)

    # The toc extension's own pass (TocTreeprocessor.run, Python-Markdown 3.11), with ``_inner_html``
    # and, on a page without the marker, the empty ``<div></div>`` it would serialize and publish.
    def run(self, doc: ET.Element) -> None:
        if markdown.__version_info__[:2] != _LOOPS_OF:
            return super().run(doc)
        used_ids = set()
        for el in doc.iter():
            if "id" in el.attrib:
                used_ids.add(el.attrib["id"])
        id_counters: dict[str, int] = {}

        toc_tokens = []
        for el in doc.iter():
            if isinstance(el.tag, str) and self.header_rgx.match(el.tag):
                self.set_level(el)
                innerhtml = self._inner_html(el)
                name = toc_extension.strip_tags(innerhtml)

                if "id" not in el.attrib:
                    el.attrib["id"] = toc_extension.unique(self.slugify(html.unescape(name), self.sep), used_ids, id_counters)

                data_toc_label = ""
                if "data-toc-label" in el.attrib:
                    data_toc_label = toc_extension.run_postprocessors(toc_extension.unescape(el.attrib["data-toc-label"]), self.md)
                    name = toc_extension.escape_cdata(toc_extension.strip_tags(data_toc_label))
                    del el.attrib["data-toc-label"]

                if int(el.tag[-1]) >= self.toc_top and int(el.tag[-1]) <= self.toc_bottom:
                    toc_tokens.append(
                        {"level": int(el.tag[-1]), "id": toc_extension.unescape(el.attrib["id"]), "name": name, "html": innerhtml, "data-toc-label": data_toc_label}
                    )

                if self.use_anchors:
                    self.add_anchor(el, el.attrib["id"])
                if self.use_permalinks not in [False, None]:
                    self.add_permalink(el, el.attrib["id"])

        toc_tokens = toc_extension.nest_toc_tokens(toc_tokens)
        if self.drawn:
            div = self.build_toc_div(toc_tokens)
            if self.marker:
                self.replace_marker(doc, div)
            toc = self.md.serializer(div)
            for pp in self.md.postprocessors:
                toc = pp.run(toc)
        else:
            toc = "<div></div>"  # what an empty div serializes and publishes as
        self.md.toc_tokens = toc_tokens
        self.md.toc = toc

    def build_toc_div(self, toc_list: list) -> ET.Element:
        return super().build_toc_div(toc_list) if self.drawn else ET.Element("div")

    def replace_marker(self, root: ET.Element, elem: ET.Element) -> None:
        if self.drawn:
            super().replace_marker(root, elem)


class _Unescape(UnescapeTreeprocessor):
    """Python-Markdown's last pass (``UnescapeTreeprocessor.run``, 3.11), which puts back the
    characters a backslash escaped, run only on the texts and attributes that hold an escaped one
    (its expression starts with ``\\x02``): it ran its expression on every text of the page."""

    def run(self, root: ET.Element) -> None:
        unescape = self.unescape
        for elem in root.iter():
            text = elem.text
            if text and util.STX in text and not elem.tag == "code":
                elem.text = unescape(text)
            tail = elem.tail
            if tail and util.STX in tail:
                elem.tail = unescape(tail)
            for key, value in elem.items():
                if value is not None and util.STX in value:
                    elem.set(key, unescape(value))


class _BlockIfNeeded(BlockProcessor):
    """A block pass tried only on the pages that may need it (``needed``, set for each page)."""

    def __init__(self, inner: BlockProcessor) -> None:
        super().__init__(inner.parser)
        self.inner, self.needed = inner, True

    def test(self, parent: ET.Element, block: str) -> bool:
        return self.needed and self.inner.test(parent, block)

    def run(self, parent: ET.Element, blocks: list[str]) -> bool | None:
        return self.inner.run(parent, blocks)


class _TreeIfNeeded(Treeprocessor):
    """A tree pass run only on the pages that may need it (``needed``, set for each page)."""

    def __init__(self, md: Markdown, inner: Treeprocessor) -> None:
        super().__init__(md)
        self.inner, self.needed = inner, True

    def run(self, root: ET.Element) -> ET.Element | None:
        return self.inner.run(root) if self.needed else None


class _Needs(Preprocessor):
    """Before the page is parsed (its whitespace normalised, its raw HTML not yet set aside): which
    passes its text shows it may need, for this conversion (a converter may be reused)."""

    def __init__(self, md: Markdown, toc: _Toc | None, admonition: _BlockIfNeeded | None, attributes: _TreeIfNeeded | None) -> None:
        super().__init__(md)
        self.toc, self.admonition, self.attributes = toc, admonition, attributes

    def run(self, lines: list[str]) -> list[str]:
        all_known = known(self.md)
        text = "\n".join(lines) if all_known else ""
        if self.admonition is not None:
            # An admonition starts with « !!! »; a block indented under a raw « <div class="admonition"> » continues one.
            self.admonition.needed = not all_known or "!!!" in text or "admonition" in text
        if self.attributes is not None:
            self.attributes.needed = not all_known or "{" in text
        if self.toc is not None:
            self.toc.drawn = not all_known or bool(self.toc.marker) and self.toc.marker in text
            self.toc.plain = all_known
        return lines


def known(md: Markdown) -> bool:
    """Whether every pass registered on ``md`` is Python-Markdown's, the host's or the engine's."""
    registries = (md.preprocessors, md.parser.blockprocessors, md.treeprocessors, md.inlinePatterns, md.postprocessors)
    return all(type(item).__module__.startswith(_KNOWN_MODULES) for registry in registries for item in registry)


def _exactly(registry, name: str, kind: type):
    """The pass registered as ``name`` if it is Python-Markdown's own ``kind``, not a replacement."""
    item = registry[name] if name in registry else None
    return item if type(item) is kind else None


def register(md: Markdown) -> None:
    """Put the cheaper passes in the place of Python-Markdown's, once every extension is registered
    (at their priorities in Python-Markdown)."""
    if markdown.__version_info__[:2] == _LOOPS_OF:
        if _exactly(md.treeprocessors, "inline", InlineProcessor):
            md.treeprocessors.register(_TriggeredInline(md), "inline", 20)
        # Registered again, it runs after the passes of its priority registered before it: only
        # where there is none but Python-Markdown's (the host's come later, for each page).
        if _exactly(md.treeprocessors, "unescape", UnescapeTreeprocessor) and known(md):
            md.treeprocessors.register(_Unescape(md), "unescape", 0)
        if type(md.parser) is BlockParser:
            md.parser.parseDocument = MethodType(_parse_document, md.parser)
            md.parser.parseBlocks = MethodType(_parse_blocks, md.parser)
    if toc := _exactly(md.treeprocessors, "toc", TocTreeprocessor):
        toc = _Toc(toc)
        md.treeprocessors.register(toc, "toc", 5)
    if admonition := _exactly(md.parser.blockprocessors, "admonition", AdmonitionProcessor):
        admonition = _BlockIfNeeded(admonition)
        md.parser.blockprocessors.register(admonition, "admonition", 105)
    if attributes := _exactly(md.treeprocessors, "attr_list", AttrListTreeprocessor):
        attributes = _TreeIfNeeded(md, attributes)
        md.treeprocessors.register(attributes, "attr_list", 8)
    # After the whitespace is normalised (30), before raw HTML is set aside (20).
    md.preprocessors.register(_Needs(md, toc, admonition, attributes), "releve_needs", 25)
