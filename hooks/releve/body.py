"""Read a Markdown body: its ``##`` sections, its decisions and commitments, and its links.

The light syntax, documented in the README:

    !!! decision [action-id …]
        Il est convenu que …

    !!! engagement structure-id ["Personne"] [AAAA-MM-JJ]
        Réserver les salles.

    !!! fait engagement-id
        Les salles sont réservées.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import itertools
import posixpath
import re
import shlex
import textwrap
from collections.abc import Collection
from dataclasses import dataclass
from typing import Callable

from . import urls
from .catalogue import ACTIONS_DIR, LETTERS_DIR, MINUTES_DIR
from .model import BodyPart, Closure, Commitment, Decision, Section, WrittenLink
from .newsletter import IN_BRIEF
from .problems import Problem, invisible_character, suggest
from .text import fold
from .words import number
from .sanitize import is_local
from .schema import Checker, Reference, day_first

_BLOCK = re.compile(r"^!!!\s+(\w+)(.*)$")
_HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^(```|~~~)")
# A link's target: after « ](» inline, with an optional title (« "titre" », « 'titre' », « (titre) »),
# or on a reference definition's line (« [ref]: cible "titre" »). Either bare or in « <…> ».
_TARGET = r"[ \t]*(?:<(?P<angle>[^<>\n]*)>|(?P<bare>[^\s()<>]+))"
_INLINE_LINK = re.compile(rf"\]\({_TARGET}(?=(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*\))")
_REFERENCE = re.compile(rf"^[ ]{{0,3}}\[(?P<label>[^\[\]\n]+)\]:{_TARGET}", re.MULTILINE)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_SPACED = re.compile(r"\]\([ \t]*(?P<url>[^\s()<>\"']+(?:[ \t]+[^\s()<>\"']+)+)[ \t]*\)")
"""A link's or an image's address with a space, not in « <…> » (« ](/medias/affiche été.png) », a file
name as the computer shows it), and no title: Markdown keeps it, the page's check removes it (a
browser would read it otherwise), and the image or link was lost without a word."""
_IMAGE = re.compile(rf"!\[(?P<alt>[^\[\]\n]*)\](?:\({_TARGET}|\[(?P<label>[^\[\]\n]*)\])?")
# What makes a browser fetch a file from raw HTML or CSS: « src=… », « srcset=… », « url(…) », « @import ».
_FETCH = re.compile(r"""(?:\b(?:src|srcset|poster|background)[ \t]*=|\burl\(|@import\b)[ \t]*["']?[ \t]*(?P<url>[^\s"'()<>,]*)""", re.I)
_BLOCK_KINDS = ("decision", "engagement", "fait")
ADMONITIONS = ("note", "abstract", "info", "tip", "success", "question", "warning", "failure", "danger", "bug", "example", "quote")
"""Material's admonition types: a coordinator may still draw a box with them. Any other ``!!!``
word is a typo of a Relevé block (« !!! decission » would silently become a plain box)."""
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# The `<` that may open an HTML tag, comment or declaration (« <x:y », « </a », « <!-- », « <? »),
# unless it opens an autolink as Markdown reads them (<https://…>, <nom@exemple.fr>), which stays a
# link, or is the « </ » of a link target written in « <…> » (« ](</projets/x.md>) »): a closing
# tag hides no text. Any other « < » after « ]( » is neutralised: without a « [ » before it, it is
# no link, and « <template> » there would make the sanitizer delete the rest of the page.
# Each look-ahead stops at the next « < », so the whole text is read a bounded number of times.
_RAW_HTML = re.compile(r"<(?=[A-Za-z!?]|(?<!\]\(<)/)(?![A-Za-z][A-Za-z0-9+.-]*://[^<>]*>|[^<> !]+@[^@<> ]+>)")
_ANGLE_TARGET = re.compile(r"""\[[^\[\]\n]*\]\((?=<[^<>\n]*>[ \t]*(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\))?[ \t]*\))""")
"""An inline link whose target is written in « <…> » (« [rapport](<rapport annuel.pdf>) »), up to its « < »."""
# A reference definition as Python-Markdown reads one (its ReferenceProcessor, on one line): such a
# line is never shown, so its « <cible> » is left for Markdown. « Note [a]: <template> » is no
# definition: its « < » is neutralised like any other.
_REFERENCE_DEFINITION = re.compile(r"""[ ]{0,3}\[[^\[\]]*\]:[ ]*\S++[ ]*(?:(["'])(?:.*)\1[ ]*|\((?:.*)\)[ ]*)?""")
_TICKS = re.compile(r"`+")
# The lines parse_body must look at one by one: a possible block, heading or code fence. The
# second form, led by a literal newline, is found much faster than with ``^`` and re.MULTILINE.
_SPECIAL = r"(?:!!!|##|[^\S\n]*(?:```|~~~))"
_SPECIAL_FIRST_LINE = re.compile(_SPECIAL)
_SPECIAL_NEXT_LINE = re.compile(r"\n" + _SPECIAL)
# The arguments of a block as shlex.split reads them (its blanks are space, tab, CR and LF),
# when no backslash and no unclosed quote needs its character-by-character reader. A word is read
# one run of plain characters or one quoted part at a time, each taken whole (possessive): a single
# way to read it, so no slow backtracking.
_ARG_WORD = r"""(?:[^ \t\r\n"'\\]++|"[^"\\]*+"|'[^']*+')+"""
_SIMPLE_ARGS = re.compile(rf"[ \t\r\n]*+(?:{_ARG_WORD}(?:[ \t\r\n]++|$))*+")
_ARGS = re.compile(_ARG_WORD)
_UNQUOTED_ARGS = re.compile(r"[^ \t\r\n]+")
_QUOTED = re.compile(r""""([^"\\]*)"|'([^']*)'""")

NESTING_LIMIT = 40
"""Lists, quotes and indented blocks inside one another, at most. Python-Markdown converts them by
recursion and runs out of stack (RecursionError) from about 200 levels, and takes seconds from a
few hundred; a text that is read needs fewer than ten."""
# A line that may be nested deeper than the limit: each level costs at least one character of its
# prefix (« > », « - » and its space, four spaces…), so only long prefixes are looked at one by one.
# Led by a literal newline (the text gets one in front), found much faster than with ``^``.
_DEEP_CANDIDATE = re.compile(r"\n([ \t>*+\-\d.)]{%d,})" % (NESTING_LIMIT + 1))
_NESTING_PREFIX = re.compile(r"(?:[ >\t]|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))+")
_LIST_MARKER = re.compile(r"[-*+]|\d{1,9}[.)]")

BRACKET_WORK_LIMIT = 50_000
"""How far, beyond four times a paragraph's length, Python-Markdown's link reader may scan in it
(see ``bracket_work``): a few « [ » left open in a long list are below, a run of them far above."""
_BRACKETS = re.compile(r"\\.|[\[\]()]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]")
_NEXT_LIST_ITEM = re.compile(r"\n[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]")
# A link's target as far as its scheme: inline (« ](cible »), or on a reference definition's line.
_TARGET_START = re.compile(r"\]\([ \t]*<?(?P<inline>[^\s<>()]*)|^[ ]{0,3}\[[^\[\]\n]+\]:[ \t]*<?(?P<reference>[^\s<>]*)", re.MULTILINE)
_BLANKS = re.compile(r"[\x00-\x20\x7f]+")
# Indented code blocks as Python-Markdown reads them (``indented_code``). Indented: four columns,
# a tab reaching the fourth (it expands tabs to 4). Only an indented line after a blank one may
# open a block, and a text without one is not read line by line.
_INDENTED = re.compile(r" {4}| {0,3}\t")
_BLANK_THEN_INDENTED = re.compile(r"\n[ \t]*\n(?: {4}| {0,3}\t)")
# A line that may open what an indented block continues instead of being code: a list item, a
# definition (« : »), a footnote (« [^1]: »), a box (« !!! », and extensions' « ??? », « === »,
# « /// »). A superset of what Python-Markdown and its extensions read so: a line taken for one
# only makes the engine read the blocks after it as text, as before.
_OPENS_A_CONTAINER = re.compile(r" {0,3}(?:[*+-][ \t]|\d+[.)][ \t]|:[ \t]|\[\^|!!!|\?\?\?|===|///)")
# A reference or abbreviation definition: Markdown shows nothing for it, so the block before it
# is still the one an indented block follows.
_SHOWS_NOTHING = re.compile(r" {0,3}\*?\[[^\n]*\][ ]?:")


@dataclass(frozen=True)
class ParsedBody:
    parts: tuple[BodyPart, ...]
    sections: tuple[Section, ...]
    decisions: tuple[Decision, ...]
    commitments: tuple[Commitment, ...]
    closures: tuple[Closure, ...]
    section_parts: tuple[int, ...] = ()
    """For each section, the index of the text part its heading opens (a fiche's answers are cut there)."""
    code: frozenset[int] = frozenset()
    """The 0-based lines of the body shown as code, fenced or indented: written there, a link or a
    block is an example, no link (``releve renommer`` leaves them as they are)."""


def stable_anchor(prefix: str, text: str, taken: dict[str, int]) -> str:
    """An anchor from the block's own text: edits elsewhere in the file do not move it. The n-th
    block of one text gets « -n »: ``taken`` counts the blocks of each anchor (trying « -2 », « -3 »…
    in turn took 12 s for 8,000 decisions of one text)."""
    anchor = f"{prefix}-{hashlib.sha1(' '.join(fold(text).split()).encode()).hexdigest()[:8]}"
    taken[anchor] = count = taken.get(anchor, 0) + 1
    return anchor if count == 1 else f"{anchor}-{count}"


def neutralise_html(text: str, code: Collection[int] = ()) -> str:
    """Raw HTML written in a body shows as text: « <script> » reads « <script> » on the page.

    Showing it rather than letting the sanitizer remove it: the coordinator sees what was written
    and nothing vanishes without a word. Security does not rest on this: the published HTML goes
    through ``sanitize.page_html`` whatever this misses. Code spans, and the lines of ``text`` in
    ``code`` (an indented code block's, ``indented_code``), are kept as they are: Markdown shows them
    as written.
    """
    if "<" not in text:
        return text
    return "\n".join(_neutralise_line(line) if "<" in line and index not in code else line for index, line in enumerate(text.split("\n")))


def _neutralise_line(line: str) -> str:
    if _REFERENCE_DEFINITION.fullmatch(line):
        return line
    out, position = [], 0
    for start, end in code_spans(line):
        out += [_neutralised(line[position:start]), line[start:end]]
        position = end
    out.append(_neutralised(line[position:]))
    return "".join(out)


def _neutralised(text: str) -> str:
    if "](<" not in text:
        return _RAW_HTML.sub("&lt;", text)
    # A whole link's target in « <…> » is no tag: how a name with spaces is written.
    targets = {match.end() for match in _ANGLE_TARGET.finditer(text)}
    return _RAW_HTML.sub(lambda match: match.group(0) if match.start() in targets else "&lt;", text)


def code_spans(line: str) -> list[tuple[int, int]]:
    """The code spans of one line as (start, end): a run of backticks up to the next run of the
    same length. Each run is looked at twice, so a line of 24 000 backticks takes no time."""
    runs = [match.span() for match in _TICKS.finditer(line)]
    following: list[int | None] = [None] * len(runs)
    last: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        following[index] = last.get(length)
        last[length] = index
    spans, index = [], 0
    while index < len(runs):
        close = following[index]
        if close is None:
            index += 1
            continue
        spans.append((runs[index][0], runs[close][1]))
        index = close + 1
    return spans


def _outside_code(line: str) -> str:
    """The line with its code spans blanked out (same length, so offsets still hold)."""
    if "`" not in line:
        return line
    out, position = [], 0
    for start, end in code_spans(line):
        out += [line[position:start], " " * (end - start)]
        position = end
    out.append(line[position:])
    return "".join(out)


def fenced_blocks(text: str) -> dict[int, int]:
    """The fenced code blocks of ``text``: the 0-based line of each opening fence → that of its
    closing fence. Found with Python-Markdown's own expression and loop (``fenced_code``), on the
    text as it reads it (tabs expanded, the lines unchanged): a fence that is indented, left open,
    closed by another fence, or followed by more than a language, is no fence there either."""
    # One character looked for first: found at memory speed, three at a tenth of it.
    if ("`" not in text or "```" not in text) and ("~" not in text or "~~~" not in text):
        return {}
    # Imported at the first text with a fence: Python-Markdown's import was a tenth of the start of
    # a validation, which most projects' texts never need.
    from markdown.extensions.attr_list import get_attrs_and_remainder
    from markdown.extensions.fenced_code import FencedBlockPreprocessor

    # A fenced code block as Python-Markdown's ``fenced_code`` finds one (MkDocs always enables it):
    # its opening fence at the start of a line, with at most a language or ``{attributes}``, up to
    # the first line that is the same fence exactly.
    fenced_block = FencedBlockPreprocessor.FENCED_BLOCK_RE
    text = text.expandtabs(4)
    blocks: dict[int, int] = {}
    index = line = counted = 0
    while (match := fenced_block.search(text, index)) is not None:
        if match.group("attrs") and get_attrs_and_remainder(match.group("attrs"))[1]:
            index = match.end("attrs")  # braces that do not match: no block, as Python-Markdown reads it
            continue
        line += text.count("\n", counted, match.start())
        counted = match.start()
        blocks[line] = line + match.group().count("\n")
        index = match.end()
    return blocks


_TEXT, _UNKNOWN, _CODE, _START = "text", "unknown", "code", "start"


def indented_code(text: str, headings_stripped: bool = False, after_fence: bool = False) -> frozenset[int]:
    """The 0-based lines of ``text`` that Python-Markdown shows as an indented code block, as written
    (no link, no image, no HTML): indented by four columns after a blank line, at the top level of
    the text, when the block before is no list, definition, footnote or box (whose content an
    indented block continues); the lines that follow, indented, are code too, blank lines or not.

    Read as Python-Markdown's block parser reads them, at least in the usual cases; where the
    block before is uncertain (after a line that may open a list, a fence-like line…), the lines
    are left to be read as text: the mistake that matters is a link taken for code, which would be
    published unchecked. A text's first block, when indented, is no code either: a text is shown
    stripped in places (a fiche's answers, « En bref » in the lettre), or right after a line of its
    page's; whatever it was, an indented block after it and a blank line is code.
    ``headings_stripped``: each section's text is shown without the blanks that follow its heading,
    so the first block after a heading is a text's first block. ``after_fence``: the text starts
    with the closing fence of a fenced block (``fenced_blocks``), which Python-Markdown makes a
    block of its own: an indented block after it and a blank line is code. (Right after it, it is
    code to ``fenced_code`` but text to ``pymdownx.superfences``, which a site may enable.)
    """
    if _BLANK_THEN_INDENTED.search(text) is None:
        return frozenset()
    code: set[int] = set()
    state, after_blank, continuing = _START, True, False
    for index, line in enumerate(text.split("\n")):
        if index == 0 and after_fence:
            state, after_blank = _TEXT, False
            continue
        if not line.strip(" \t"):  # Markdown empties a line of spaces and tabs
            after_blank = True
            continue
        if after_blank:
            # A block that starts indented after what may be a list goes whole into its item, a
            # heading in it included (Python-Markdown's ListIndentProcessor takes the block as it is).
            continuing = state == _UNKNOWN and _INDENTED.match(line) is not None
        if _FENCE.match(line.lstrip()):
            state = _UNKNOWN  # a fence this text does not show closed: its context is unknown
        elif _INDENTED.match(line):
            if state == _CODE or (after_blank and state == _TEXT):
                state = _CODE
                code.add(index)
            elif state == _START:
                # Shown stripped, its first line is what it holds: a list item's opens a container.
                written = line.lstrip(" \t")
                state = _UNKNOWN if _OPENS_A_CONTAINER.match(written) or _SHOWS_NOTHING.match(written) else _TEXT
        elif line.startswith("#"):  # a heading, which ends the block before it, unless that block continues a list's item
            state = _UNKNOWN if continuing else _START if headings_stripped else _TEXT
        elif _OPENS_A_CONTAINER.match(line):
            state = _UNKNOWN
        elif (after_blank or state == _CODE) and not (state in (_UNKNOWN, _START) and _SHOWS_NOTHING.match(line)):
            state = _TEXT  # a paragraph, a quote, a table, a rule… starts here (or a definition after code)
        after_blank = False
    return frozenset(code)


PAGES_OF_TEXTS = {MINUTES_DIR: urls.meeting, ACTIONS_DIR: urls.action, LETTERS_DIR: urls.letter}
"""The page of each text shown on other pages than its own (registers, lettre, e-mail, PDF), by its
source's folder, from the text's id."""
_PAGE_FOLDERS = {folder: posixpath.dirname(page("x")) for folder, page in PAGES_OF_TEXTS.items()}


def _named_target(path: str, source_dir: str) -> str | None:
    """The docs-relative path of a link's target, where the text needs it: docs-rooted (« /x.md »,
    « / » the home page), or written relative to the page of a compte rendu, a fiche or a lettre,
    whose text is shown on other pages too (registers, lettre, e-mail, PDF), where it would lead
    elsewhere; None: left as written, for the page it is written on."""
    if path.startswith("/"):
        resolved = posixpath.normpath(path[1:])
        return urls.HOME if resolved == "." else resolved
    folder = _PAGE_FOLDERS.get(source_dir)
    if folder is None or not posixpath.splitext(path)[1]:  # a folder is reported as written (``site_links``)
        return None
    resolved = posixpath.normpath(posixpath.join(folder, path))
    return None if resolved.startswith("../") else resolved


def link_page(path: str, source_dir: str) -> tuple[tuple[str, str] | None, str | None]:
    """The meeting or fiche action (kind, id) a link's ``path`` (without its anchor), written in a
    file of ``source_dir``, names, if it names one, and the docs-relative page or file it is pointed
    at: the item's page, else ``_named_target``'s (``None``: left as written, resolved from its page
    by ``site_links``)."""
    resolved = posixpath.normpath(path[1:] if path.startswith("/") else posixpath.join(source_dir, path))
    item = urls.item(resolved)
    if item is None:
        return None, _named_target(path, source_dir)
    kind, item_id = item
    return item, urls.meeting(item_id) if kind == "meeting" else urls.action(item_id)


def _links_outside_code(text: str, code: Collection[int], replace: Callable[[re.Match, str, int], str]) -> str:
    """``text`` with each link (inline, then each reference definition) replaced by ``replace(match,
    group, index)``, where ``group`` names the target's group and ``index`` is the link's 0-based
    line; a link in a code span, or on a line of ``code`` (a fenced or indented code block's), is
    code shown as written, no link: left as it is. A link never spans lines."""

    def each(lines: _LineCounter, masked: str | None, match: re.Match) -> str:
        group = "angle" if match.group("angle") is not None else "bare"
        if masked is not None and masked[match.start(group)] != match.string[match.start(group)]:
            return match.group(0)  # in a code span («  `[texte](page.md)` »)
        index = lines.at(match.start())
        return match.group(0) if index in code else replace(match, group, index)

    inline = _INLINE_LINK.sub(functools.partial(each, _LineCounter(text, 0), _code_masked(text)), text)
    return _REFERENCE.sub(functools.partial(each, _LineCounter(inline, 0), _code_masked(inline)), inline)


def rewrite_links(text: str, source_dir: str, checker: Checker, first_line: int, code: Collection[int] = ()) -> str:
    """Check every link to a meeting or a fiche action and point it at its page (``/projets/x.md``);
    keep every link to this site in ``checker.links``, for the check of their targets (``site_links``).

    Every form goes through here: inline (``[x](../actions/x.md)``, with a title, in ``<…>``),
    reference definitions (``[ref]: ../actions/x.md``), absolute (``/projets/x/``, ``/minutes/…``).
    Each reference is located at its own line of ``text`` (which starts at ``first_line``). A link in
    a code span, or on a line of ``code`` (an indented code block's, ``indented_code``), is code shown
    as written (``_links_outside_code``).
    """
    if "](" not in text and "]:" not in text:
        return text

    def replace(match: re.Match, group: str, index: int) -> str:
        target = _as_read(match, group)  # as the page links it
        inline = match.re is _INLINE_LINK
        path, hash_, anchor = target.partition("#")
        if not target or path.startswith("//") or _SCHEME.match(path):
            return match.group(0)
        line = first_line + index
        if not path:  # an anchor of the page itself
            checker.links.append(WrittenLink(checker.doc.path, line, target, None))
            return match.group(0)
        item, uri = link_page(path, source_dir)
        start, end = match.span(group)
        if item is None:
            checker.links.append(WrittenLink(checker.doc.path, line, target, uri))
            if uri is None:
                return match.group(0)
        else:
            kind, item_id = item
            checker.references.append(_ref(kind, item_id, checker, line))
            if anchor:  # the page exists once the reference is resolved; its anchor is checked with the others
                checker.links.append(WrittenLink(checker.doc.path, line, target, uri))
        # Another page or file of the site: made relative to each page the text is shown on. Its
        # backslashes escaped, which Markdown would otherwise read as escapes in an inline link.
        marked = urls.link(uri) + hash_ + anchor
        marked = marked.replace("\\", "\\\\") if inline else marked
        return match.group(0)[: start - match.start()] + marked + match.group(0)[end - match.start() :]

    return _links_outside_code(text, code, replace)


_ESCAPABLE = "\\`*_{}[]()>#+-.!|"
_ESCAPED = re.compile(rf"\\([{re.escape(_ESCAPABLE)}])")
"""A backslash escape as Python-Markdown reads one in an inline link's target (its ``ESCAPED_CHARS``
with the tables' « | »): « rapport\\_2022.pdf » is « rapport_2022.pdf »; a reference definition's
target is read as written."""


def _as_read(match: re.Match, group: str) -> str:
    """A link's target as Markdown reads it: an inline link's without its backslash escapes."""
    target = match.group(group)
    return _ESCAPED.sub(r"\1", target) if match.re is _INLINE_LINK and "\\" in target else target


def _code_masked(text: str) -> str | None:
    """``text`` with its code spans blanked out, if it has any (``_outside_code``)."""
    return "\n".join(_outside_code(line) for line in text.split("\n")) if "`" in text else None


_NAMED_PAGES = {"structure": urls.structure, "thematique": urls.theme, "instance": urls.instance}
"""The page of a structure, a thématique or an instance, from its name (a fiche's: ``urls.action``)."""


def retarget_links(text: str, target_of: Callable[[str], str], kind: str, old: str, new: str, code: Collection[int] = ()) -> str:
    """``text`` with every link to the page of ``old`` (of ``kind``: a fiche, a structure, a thématique,
    an instance) pointed at ``new``, written as it was otherwise (``releve renommer``); ``target_of``: the
    page or file a link's target (as Markdown reads it) leads to from where it is written, as the build
    resolves it (``site_links.target_of``). The forms are those of ``rewrite_links``, and so is what is
    code, left as it is: code spans, and the 0-based lines of ``code`` (``ParsedBody.code``)."""
    if "](" not in text and "]:" not in text:
        return text

    if kind == "instance":  # its page is named after its slug
        old, new = urls.slugify(old), urls.slugify(new)
    page = _NAMED_PAGES[kind](old) if kind in _NAMED_PAGES else urls.action(old)
    # The id as an inline link may write it (« mon\\-projet\\.md »), up to the anchor, escaped or not:
    # only the id is changed, the rest of the target stays as written.
    written = "".join(rf"\\?{re.escape(char)}" if char in _ESCAPABLE else re.escape(char) for char in old)
    named = re.compile(rf"(^|/){written}(\\?\.md|/)?(?=\\?#|$)")

    def replace(match: re.Match, group: str, index: int) -> str:
        target = _as_read(match, group)
        path = target.partition("#")[0]
        if not path or path.startswith("//") or _SCHEME.match(path) or target_of(target) != page:
            return match.group(0)
        target = named.sub(lambda m: m.group(1) + new + (m.group(2) or ""), match.group(group), count=1)
        start, end = match.span(group)
        return match.group(0)[: start - match.start()] + target + match.group(0)[end - match.start() :]

    return _links_outside_code(text, code, replace)


def relative_links(text: str, src_uri: str) -> str:
    """``text`` of the page ``src_uri`` (a page written by hand in docs/) with every docs-rooted link
    (``/projets/x.md#a``, as MkDocs let such pages write them) made relative to the page, in every
    form ``rewrite_links`` reads; what is code to it (code spans, fenced and indented blocks),
    anchors, titles and other sites' links as they are."""
    if "](/" not in text and "]:" not in text:
        return text

    def replace(match: re.Match, group: str, index: int) -> str:
        target = match.group(group)
        if not target.startswith("/") or target.startswith("//"):
            return match.group(0)
        start, end = match.span(group)
        return match.group(0)[: start - match.start()] + urls.relative_source(src_uri, target) + match.group(0)[end - match.start() :]

    fenced = [line for opening, closing in fenced_blocks(text).items() for line in range(opening, closing + 1)]
    return _links_outside_code(text, indented_code(text).union(fenced), replace)


class _LineCounter:
    """The line of each offset of a text, asked in increasing order: newlines are counted once
    (counting from the start for each link made a text with many links quadratic)."""

    def __init__(self, text: str, first_line: int):
        self.text, self.line, self.position = text, first_line, 0

    def at(self, offset: int) -> int:
        self.line += self.text.count("\n", self.position, offset)
        self.position = offset
        return self.line


def check_images(text: str, checker: Checker, first_line: int, code: Collection[int] = ()) -> None:
    """Refuse an image, a frame or a style that a reader's browser would fetch from another site:
    the site calls no other origin. Code spans and the lines of ``code`` (an indented code block's,
    ``indented_code``) are left alone (they show code, fetch nothing)."""
    if "!" not in text and "=" not in text and "(" not in text and "@" not in text:
        return
    visible = "\n".join(_outside_code(line) for line in text.split("\n")) if "`" in text else text
    if code:
        visible = "\n".join(" " * len(line) if index in code else line for index, line in enumerate(visible.split("\n")))
    definitions = {_label(m.group("label")): m.group("angle") or m.group("bare") or "" for m in _REFERENCE.finditer(visible)} if "]:" in visible else {}
    lines = _LineCounter(visible, first_line)
    found: list[tuple[int, str]] = []
    for match in _IMAGE.finditer(visible):
        if match.group("angle") is not None or match.group("bare") is not None:
            url = match.group("angle") or match.group("bare") or ""
        else:  # ![texte][ref], ![ref][] or ![ref]
            url = definitions.get(_label(match.group("label") or match.group("alt")), "")
        found.append((match.start(), url))
    found += [(match.start(), match.group("url")) for match in _fetches(visible)]
    for match in _SPACED.finditer(visible) if "](" in visible else ():
        url = match.group("url")
        checker.problems.append(
            Problem(checker.doc.path, lines.at(match.start()), f"l'adresse « {url} » contient une espace : écrivez-la entre chevrons, « <{url}> »")
        )
    for offset, url in sorted(found):
        if url and not is_local(url) and not (" " in url and is_local(url.replace(" ", "%20"))):  # « <a b.png> » is local
            checker.problems.append(
                Problem(
                    checker.doc.path,
                    lines.at(offset),
                    f"« {url} » serait chargé depuis un autre site (image, cadre ou style) : une page "
                    f"du site ne fait appel à aucun autre site ; mettez plutôt un lien : [texte]({url})",
                )
            )


_FETCH_BEFORE_EQUALS = (3, 6, 10)
"""The lengths of the words of ``_FETCH`` before an « = »: src, srcset and poster, background."""


def _fetches(text: str) -> list[re.Match]:
    """``_FETCH.finditer(text)``, tried only where a match can start: before an « = » (past the
    blanks and a word), three characters before a « ( » (« url( ») and at an « @ »: tried at every
    character, the regex took 0.36 ms on the 4 Ko of a compte rendu, 5 µs this way."""
    starts = []
    for mark in ("=", "(", "@"):
        position = text.find(mark)
        while position != -1:
            if mark == "=":
                end = position
                while end and text[end - 1] in " \t":
                    end -= 1  # back to the previous « = » at most: each character is looked at once
                starts += [end - length for length in _FETCH_BEFORE_EQUALS if end >= length]
            elif mark == "(":
                starts += [position - 3] if position >= 3 else []
            else:
                starts.append(position)
            position = text.find(mark, position + 1)
    matches, end = [], 0
    for start in sorted(set(starts)):
        if start >= end and (match := _FETCH.match(text, start)) is not None:
            matches.append(match)
            end = match.end()
    return matches


def _label(label: str) -> str:
    """A reference label as Markdown compares them: without case, blanks collapsed."""
    return " ".join(label.split()).casefold()


def bracket_work(text: str) -> int | None:
    """The 0-based line of the first paragraph of ``text`` whose brackets would cost Python-Markdown's
    link reader too much, if any.

    For each « [ » (and each « ( » opening a link's target after « ] »), that reader scans ahead,
    one character at a time, to its closing « ] » (« ) »), or to the end of the paragraph if there
    is none: a run of open brackets made it read a paragraph once per bracket (a run of 8,000
    « [ » took half a minute). The same scans are counted here, in linear time, and a paragraph
    is refused when they would read it more than four times, plus ``BRACKET_WORK_LIMIT`` characters
    (a paragraph is what lies between blank lines, or one item of a list).
    Code spans are left out: Markdown reads no link in them.
    """
    if "[" not in text:
        return None  # without a « [ », no link is read at all
    visible = "\n".join(_outside_code(line) for line in text.split("\n")) if "`" in text else text
    start = 0
    for paragraph_break in [*_PARAGRAPH_BREAK.finditer(visible), None]:
        end = paragraph_break.start() if paragraph_break else len(visible)
        if "[" in visible[start:end]:
            for piece_start, piece_end in _blocks(visible, start, end):
                if _scans_too_far(visible, piece_start, piece_end):
                    return visible.count("\n", 0, piece_start)
        start = paragraph_break.end() if paragraph_break else end
    return None


def _blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of the paragraph ``text[start:end]`` that Markdown reads inline one at a time:
    each item of a list that opens the paragraph (after a blank line, as Python-Markdown wants a
    list), each row of a table (its cells, rather), else the whole paragraph."""
    if _LIST_ITEM.match(text, start):
        starts = [start] + [match.start() + 1 for match in _NEXT_LIST_ITEM.finditer(text, start, end)]
    elif _is_table(text, start, end):
        starts = [start] + [match.start() + 1 for match in _NEXT_LINE.finditer(text, start, end)]
    else:
        return [(start, end)]
    return list(zip(starts, starts[1:] + [end]))


_NEXT_LINE = re.compile(r"\n(?=.)")


def _is_table(text: str, start: int, end: int) -> bool:
    """Whether Python-Markdown's tables read the paragraph ``text[start:end]`` as a table: a header
    of two cells or more, over a line of as many cells of « - », « : » and blanks (its
    ``TableProcessor.test``). In case of doubt (a header with escapes or code), not: the paragraph
    is then counted whole, which is never less work than its rows'."""
    header_end = text.find("\n", start, end)
    if header_end == -1:
        return False
    separator_end = text.find("\n", header_end + 1, end)
    header = text[start:header_end].strip(" ")
    separator = text[header_end + 1 : end if separator_end == -1 else separator_end].strip(" ")
    if "\\" in header or "`" in header or not separator or not set(separator) <= set("|:- "):
        return False
    border = header.startswith("|") or header.endswith("|")

    def cells(row: str) -> list[str]:
        if border:
            row = row[1:] if row.startswith("|") else row
            row = row[:-1] if row.endswith("|") else row
        return row.split("|")

    header_cells = cells(header)
    return len(header_cells) > 1 and len(cells(separator)) == len(header_cells)


def _scans_too_far(text: str, start: int, end: int) -> bool:
    limit = 4 * (end - start) + BRACKET_WORK_LIMIT
    # With k brackets open at once, their scans read at least k(k-1)/2 characters.
    most_open = int((2 * limit) ** 0.5) + 1
    squares: list[int] = []
    parens: list[int] = []
    work = 0
    closed_square = -1
    for match in _BRACKETS.finditer(text, start, end):
        char, position = match.group(), match.start()
        if char == "[":
            squares.append(position)
        elif char == "]":
            if squares:
                work += position - squares.pop()
                closed_square = position
        elif char == "(":
            if closed_square == position - 1 or parens:
                parens.append(position)
        elif char == ")" and parens:
            work += position - parens.pop()
        if work > limit or len(squares) + len(parens) > most_open:
            return True
    work += sum(end - position for position in squares + parens)
    return work > limit


CUT_WORK_LIMIT = 50_000_000
INLINE_WORK_LIMIT = FENCE_WORK_LIMIT = 10_000_000_000
MAX_BLOCKS = 10_000
PRINTED_MAX_BLOCKS = 3_000
"""What Python-Markdown may do, beyond four times a text's length, in its loops that grow as the
square of a text (``layout_work``), as counted there: each a few seconds at worst (measured: a
count of 3.2 billion took the cuts 35 s, 10 billion the inline patterns 0.7 s and the fences 0.9 s).
Its block loop takes each block from the front of a list of them all (the list shifted each
time), and WeasyPrint lays out the PDF of thousands of paragraphs, items or rows in a time that
grows as their square (8,000 rows of a table: 22 s): 10,000 of them at most, 3,000 in a compte
rendu, which is printed (a few seconds of its PDF; a real one has a hundred)."""
# A line Python-Markdown's heading, rule and box passes cut a block at (``cut``): a « # » heading,
# a setext underline (« === », « --- »), a rule (« *** », « ___ »), a box (« !!! », « ??? »,
# « /// »), inside a quote or an indented item too (whose text is read again as blocks); a fence
# (``fence``); or a blank line, which ends the block. A superset: a line taken for a cut only
# counts more work.
_CUT_FENCE_OR_BREAK = re.compile(
    r"\n[ \t>]*(?P<cut>#|[-=*_][-=*_ \t]*(?=\n)|!!!|\?\?\?|///)|\n(?P<fence>```|~~~)|\n[ \t]*(?=\n)"
)
_INLINE_TRIGGERS = ("\\", "`", "<", "&", "*", "_", "[", "  \n")
"""What an inline pattern of Python-Markdown starts from (raw HTML is shown as text: its « < » an
entity, « &lt; »): a pattern that matches rewrites the whole run of text around it, one that does
not may read on to its end."""


_SLOW_TO_SANITIZE = re.compile("[\u0080-\u00bf&]")
"""What the allow-list (nh3) writes back in a time that grows, for each, with the run of text around
it: an « & », which it escapes, and a character from U+0080 to U+00BF (« ° », « « », « » », a
non-breaking space…). Counted in the whole text, not paragraph by paragraph: a code block or raw
HTML keeps its blank lines in one run of text."""
SANITIZER_WORK_LIMIT = 50_000_000_000
"""Their count by the text's length, beyond four times the length (measured: 200,000 « ° » in one
paragraph, a count of 40 billion, took the allow-list 0.7 s, 400,000 2.5 s; a code block of 900 KB
of « & » made a build 8 s longer). A megabyte of French with one « » » or non-breaking space in
twenty characters passes."""


def layout_work(text: str, max_blocks: int = MAX_BLOCKS) -> tuple[int, str] | None:
    """The 0-based line of ``text`` from where Python-Markdown (or WeasyPrint, beyond ``max_blocks``)
    would take minutes to lay it out, and why, if it would.

    Some of its loops cost, for each thing they find, a time that grows with the text around it:
    at each heading, rule or box inside a block it cuts the block and copies the rest of it (160 KB
    of « titre » over « - » lines took a build 35 s; the 1 MB a file may have would take twenty
    minutes); at each inline pattern of a paragraph, it rewrites the paragraph (or reads on to its
    end); at each code fence, the whole text; and it takes each block from the front of a list of
    them all. These costs are added up here in linear time, and the text is refused beyond four
    times its length plus the limits above. The allow-list then writes it back in a time that grows
    as its length by its count of « & » and of U+0080 to U+00BF (``_SLOW_TO_SANITIZE``).
    """
    size = len(text)
    if size * size > SANITIZER_WORK_LIMIT and (slow := _slow_to_sanitize(text, SANITIZER_WORK_LIMIT + 4 * size)) is not None:
        return slow
    # Fewer triggers than characters: in a text under 100 KB, not counted.
    triggers = sum(text.count(trigger) for trigger in _INLINE_TRIGGERS) if size * size > INLINE_WORK_LIMIT else 0
    lines = text.count("\n") + 2
    # Most texts: each line a cut, each trigger in the longest paragraph, each line a fence, each
    # line a block, and still too little work to be read line by line.
    if lines * size <= CUT_WORK_LIMIT and triggers * size <= INLINE_WORK_LIMIT and lines <= max_blocks:
        return None
    text = "\n" + text + "\n"
    cut_limit, inline_limit, fence_limit = (4 * len(text) + limit for limit in (CUT_WORK_LIMIT, INLINE_WORK_LIMIT, FENCE_WORK_LIMIT))
    cut_work = inline_work = fence_work = blocks = 0
    start, cuts = 0, []
    # Each block as it ends: at a blank line, and at the end of the text.
    for match in itertools.chain(_CUT_FENCE_OR_BREAK.finditer(text), [None]):
        if match is not None and match.group("cut") is not None:
            cuts.append(match.start())
            continue
        if match is not None and match.group("fence") is not None:
            fence_work += len(text)
            if fence_work > fence_limit:
                return text.count("\n", 0, match.start()), _FENCES
            continue
        end = len(text) if match is None else match.start()
        cut_work += len(cuts) * end - sum(cuts)
        if cut_work > cut_limit:
            return text.count("\n", 0, start), _CUTS
        pieces = _blocks(text, start + 1, end)  # from the paragraph's first character
        if triggers * size > INLINE_WORK_LIMIT:
            for piece_start, piece_end in pieces:
                piece = text[piece_start:piece_end]
                inline_work += sum(piece.count(trigger) for trigger in _INLINE_TRIGGERS) * len(piece)
            if inline_work > inline_limit:
                return text.count("\n", 0, start), _INLINE
        blocks += len(pieces)  # a list's items, a table's rows; an empty block too, between two blank lines
        if blocks > max_blocks:
            return text.count("\n", 0, start), too_many_blocks(max_blocks)
        if match is not None:
            start, cuts = match.end(), []
    return None


def _slow_to_sanitize(text: str, limit: int) -> tuple[int, str] | None:
    """The line of ``text`` where the allow-list's work goes beyond ``limit``, if it does."""
    most = limit // len(text)
    # In UTF-8, the byte C2 starts U+0080 to U+00BF and nothing else: counted at memory speed.
    if text.encode("utf-8", "surrogatepass").count(b"\xc2") + text.count("&") <= most:
        return None
    beyond = next(itertools.islice(_SLOW_TO_SANITIZE.finditer(text), most, None))
    return text.count("\n", 0, beyond.start()), _SANITIZER


_SANITIZER = (
    "trop de signes « & », « ° », « « », « » », d'espaces insécables ou d'autres caractères de U+00A0 à U+00BF dans ce "
    "texte : sa publication ralentirait beaucoup la construction du site ; retirez ces suites de signes, ou découpez le "
    "texte en plusieurs fichiers"
)
_CUTS = (
    "trop de titres, de lignes de séparation ou d'encadrés (« # », « --- », « === », « *** », « !!! ») sans ligne "
    "vide entre eux à partir d'ici : leur mise en page prendrait des minutes ; séparez-les par des lignes vides"
)
_INLINE = (
    "trop de signes de mise en forme (« \\ », « * », « _ », « ` », « < », « & », « [ ») dans ce paragraphe : sa mise "
    "en page prendrait des minutes ; coupez-le par des lignes vides, ou retirez ces signes"
)
_FENCES = "trop de blocs de code (« ``` », « ~~~ ») dans ce texte : sa mise en page prendrait des minutes ; découpez-le en plusieurs fichiers"


def too_many_blocks(most: int) -> str:
    return (
        f"plus de {number(most)} paragraphes, éléments de liste ou lignes de tableau dans ce texte : sa mise en page "
        "prendrait des minutes ; découpez-le en plusieurs fichiers"
    )


def bracket_message() -> str:
    return (
        "trop de crochets « [ » ou de parenthèses « ]( » laissés ouverts dans ce paragraphe : sa lecture "
        "prendrait des minutes ; fermez-les, ou écrivez « \\[ » pour un crochet qui n'ouvre pas de lien"
    )


def check_hidden_schemes(text: str, checker: Checker, first_line: int) -> None:
    """Refuse a link whose scheme is written with HTML entities (« jav&#x61;script: »): Markdown
    and the browser decode them, so the check of the published page is all that would see it."""
    if "&" not in text:
        return
    lines = _LineCounter(text, first_line)
    for match in _TARGET_START.finditer(text):
        written = match.group("inline") if match.group("inline") is not None else match.group("reference")
        if "&" not in written:
            continue
        decoded = _BLANKS.sub("", html.unescape(written))
        scheme = _SCHEME.match(decoded)
        if scheme and not written.lower().startswith(scheme.group().lower()):
            checker.problems.append(
                Problem(
                    checker.doc.path,
                    lines.at(match.start()),
                    f"le lien « {written} » cache son adresse derrière des entités HTML (« {scheme.group()} ») : "
                    "écrivez l'adresse en clair (un lien « javascript: » ou « data: » n'est jamais publié)",
                )
            )


def too_deep(text: str) -> tuple[int, int] | None:
    """The 0-based index and the depth of the first line nested deeper than ``NESTING_LIMIT``, if any.

    A level is a « > », a list marker or four columns of indentation; linear in the text's length."""
    text = "\n" + text
    for candidate in _DEEP_CANDIDATE.finditer(text):
        prefix = _NESTING_PREFIX.match(candidate.group(1))
        if prefix is None:
            continue
        prefix_text = prefix.group()
        marks = prefix_text.count(">") + len(_LIST_MARKER.findall(prefix_text))
        # The one space after each « > » or marker belongs to it, not to the indentation.
        columns = prefix_text.count(" ") + 4 * prefix_text.count("\t") - marks
        depth = marks + max(columns, 0) // 4
        if depth > NESTING_LIMIT:
            return text.count("\n", 1, candidate.start(1)), depth
    return None


def nesting_message(depth: int) -> str:
    return (
        f"imbrication trop profonde : {depth} niveaux de listes, de citations ou de retraits "
        f"les uns dans les autres, au plus {NESTING_LIMIT}"
    )


def _ref(kind: str, value: str, checker: Checker, line: int) -> Reference:
    return Reference(kind, value, checker.doc.path, line)


def parse_body(body: str, first_line: int, checker: Checker) -> ParsedBody:
    """Only the lines that may open a block, a heading or a code fence are looked at one by one;
    the plain lines between them are rewritten as whole texts (a third of the validation time
    of a large corpus went into per-line work)."""
    if (deep := too_deep(body)) is not None:
        checker.problems.append(Problem(checker.doc.path, first_line + deep[0], nesting_message(deep[1])))
    source_dir = posixpath.dirname(checker.doc.path)
    # A fiche shows each answer without the blanks after its heading (validate._answers), the lettre
    # a compte rendu's « En bref » (newsletter.in_brief).
    fiche, minutes = source_dir == ACTIONS_DIR, source_dir == MINUTES_DIR
    if (costly := layout_work(body, PRINTED_MAX_BLOCKS if minutes else MAX_BLOCKS)) is not None:
        checker.problems.append(Problem(checker.doc.path, first_line + costly[0], costly[1]))
    check_hidden_schemes(body, checker, first_line)
    fenced = fenced_blocks(body)
    may_hold_code = _BLANK_THEN_INDENTED.search(body) is not None  # most texts hold no indented code block
    lines = body.split("\n")
    parts: list[BodyPart] = []
    sections: list[Section] = []
    decisions: list[Decision] = []
    commitments: list[Commitment] = []
    closures: list[Closure] = []
    section_parts: list[int] = []
    taken: dict[str, int] = {}
    text: list[str] = []
    code_lines: list[int] = []
    section = ""
    in_fence = False
    closing = -1
    """The line of the closing fence of the last fenced block seen."""
    start = 0
    """First line not yet added to ``text``: plain lines from there on share the fence state."""

    def add_text(end: int) -> None:
        if start < end:
            plain = "\n".join(lines[start:end])
            # A fenced block's links are code, shown as written; so are an indented code block's.
            code: Collection[int] = ()
            if in_fence:
                code_lines.extend(range(start, end))
            elif may_hold_code:
                code = indented_code(plain, fiche or (minutes and fold(section) == IN_BRIEF), start == closing)
                code_lines.extend(start + index for index in code)
            rewritten = plain if in_fence else rewrite_links(plain, source_dir, checker, first_line + start, code)
            if not in_fence:
                check_images(plain, checker, first_line + start, code)
                if (costly := bracket_work(plain)) is not None:
                    checker.problems.append(Problem(checker.doc.path, first_line + start + costly, bracket_message()))
            text.append(rewritten if in_fence else neutralise_html(rewritten, code))

    specials = _special_lines(body)
    for i in [*specials, len(lines)]:
        if i < start:  # inside a block already read
            continue
        add_text(i)
        if i == len(lines):
            break
        line, number = lines[i], first_line + i
        if in_fence and i == closing:
            in_fence = False  # the closing fence goes with the text after it
            code_lines.append(i)
        elif i in fenced:
            in_fence, closing = True, fenced[i]
        block = None if in_fence else _BLOCK.match(line)
        # « !!! Décision » is a decision: the kind is compared without case or accents.
        kind = fold(block.group(1)) if block else None
        if block and kind not in _BLOCK_KINDS and kind not in ADMONITIONS:
            checker.problems.append(_unknown_block(block.group(1), checker.doc.path, number))
        if block and kind in _BLOCK_KINDS:
            j = i + 1
            while j < len(lines) and (not lines[j].strip() or lines[j].startswith(("    ", "\t"))):
                j += 1
            dedented = _dedented(lines[i + 1 : j])
            content = dedented.strip()
            # The block's text is shown on its own (in its box): its links, images and brackets are
            # reported at their own lines, from its first line that is not blank.
            content_line = number + 1 + dedented.count("\n", 0, len(dedented) - len(dedented.lstrip()))
            code = indented_code(content) if may_hold_code else ()
            code_lines.extend(content_line - first_line + index for index in code)
            check_images(content, checker, content_line, code)
            if (costly := bracket_work(content)) is not None:
                checker.problems.append(Problem(checker.doc.path, content_line + costly, bracket_message()))
            content = neutralise_html(rewrite_links(content, source_dir, checker, content_line, code), code)
            item = _block(kind, block.group(2), content, section, number, taken, checker)
            if item is not None:
                if text:
                    parts.append("\n".join(text))
                    text = []
                parts.append(item)
                {Decision: decisions, Commitment: commitments, Closure: closures}[type(item)].append(item)
            start = j
            continue
        heading = None if in_fence else _HEADING.match(line)
        if heading and (invisible := invisible_character(heading.group(1))) is not None:
            checker.problems.append(Problem(checker.doc.path, number, f"le titre « {heading.group(1)} » contient un {invisible} : retirez-le"))
        if heading:
            section = heading.group(1)
            sections.append(Section(section, _section_slug(section), number))
            if text:  # the heading opens a part of its own
                parts.append("\n".join(text))
                text = []
            section_parts.append(len(parts))
        start = i  # the line goes to ``text`` with the plain lines that follow it
    if text:
        parts.append("\n".join(text))
    return ParsedBody(tuple(parts), tuple(sections), tuple(decisions), tuple(commitments), tuple(closures), tuple(section_parts), frozenset(code_lines))


_section_slug = functools.lru_cache(maxsize=4096)(urls.slugify)
"""A heading's anchor: the same headings come back in minute after minute (« Ordre du jour »)."""


def _unknown_block(kind: str, path: str, line: int) -> Problem:
    known = ", ".join(f"« !!! {k} »" for k in _BLOCK_KINDS)
    boxes = ", ".join(ADMONITIONS)
    return Problem(
        path,
        line,
        f"bloc « !!! {kind} » inconnu : les blocs de Relevé sont {known} ; "
        f"les encadrés simples sont {boxes}",
        suggest(kind, _BLOCK_KINDS + ADMONITIONS),
    )


def _dedented(lines: list[str]) -> str:
    """``textwrap.dedent`` of the lines of a block; without its regexes when, as usual, every line
    is empty or indented by exactly four spaces (its margin is then those four spaces)."""
    if all(not line or (line.startswith("    ") and line[4:5] not in _MARGIN) for line in lines):
        return "\n".join(line[4:] for line in lines)
    return textwrap.dedent("\n".join(lines))


_MARGIN = ("", " ", "\t")
"""What follows four spaces on a line whose margin may be longer (or that is blank)."""


def _special_lines(body: str) -> list[int]:
    """The indexes of the lines that start with ``!!!``, ``##`` or a code fence, in order."""
    indexes = [0] if _SPECIAL_FIRST_LINE.match(body) else []
    line, position = 0, 0
    for match in _SPECIAL_NEXT_LINE.finditer(body):
        start = match.start() + 1  # the line after the newline
        line += body.count("\n", position, start)
        position = start
        indexes.append(line)
    return indexes


def split_args(args: str) -> list[str]:
    """``shlex.split`` (quotes group words, and are removed), with regexes for the usual arguments:
    shlex's reader, one character at a time, was a tenth of the validation time."""
    if '"' not in args and "'" not in args and "\\" not in args:
        return _UNQUOTED_ARGS.findall(args)  # most blocks: ids, without quotes
    if not _SIMPLE_ARGS.fullmatch(args):
        return shlex.split(args)
    return [_QUOTED.sub(_unquote, word) if "'" in word or '"' in word else word for word in _ARGS.findall(args)]


def _unquote(match: re.Match) -> str:
    return match.group(1) if match.group(1) is not None else match.group(2)


def _block(kind, args, content, section, line, taken, checker) -> BodyPart | None:
    def report(message: str, hint: str | None = None) -> None:
        checker.problems.append(Problem(checker.doc.path, line, message, hint))

    if not content:
        report(f"le bloc « !!! {kind} » est vide : écrivez son texte en dessous, indenté de 4 espaces")
        return None
    try:
        words = split_args(args)
    except ValueError:
        report(f"« !!! {kind} » : guillemet non fermé")
        return None
    if kind == "decision":
        for word in words:
            checker.references.append(_ref("action", word, checker, line))
        return Decision(stable_anchor("decision", content, taken), content, tuple(words), section, line)
    if kind == "engagement":
        if not words:
            report("« !!! engagement » doit nommer la structure responsable : !!! engagement id-de-la-structure \"Prénom Nom\" [AAAA-MM-JJ]")
            return None
        structure, rest = words[0], words[1:]
        checker.references.append(_ref("structure", structure, checker, line))
        due = None
        if rest and (day_first_due := day_first(rest[-1], day=True)):
            # « 15/01/2027 », as a date is written in France, or « 31/02/2027 », a day of no calendar: else
            # read as a second word of the name, or as the name.
            if day_first_due.iso:
                report(f"« !!! engagement » : l'échéance « {rest[-1]} » s'écrit AAAA-MM-JJ", day_first_due.iso)
            else:
                report(f"« !!! engagement » : l'échéance « {rest[-1]} » n'existe pas (écrivez-la {day_first_due.form})")
            return None
        if rest and _DATE.match(rest[-1]):
            written = rest.pop()
            try:
                due = dt.date.fromisoformat(written)
            except ValueError:
                report(f"« !!! engagement » : l'échéance « {written} » n'existe pas")
                return None
        if len(rest) > 1 and any(c.isdigit() for c in rest[-1]):
            # After the name, a due date written otherwise (« 15-1-2027 », « ٢٠٢٧-01-15 »): not a word of the name.
            report(f"« !!! engagement » : l'échéance « {rest[-1]} » s'écrit AAAA-MM-JJ, en chiffres de 0 à 9")
            return None
        if len(rest) > 1:
            report("« !!! engagement » : mettez le nom de la personne entre guillemets")
            return None
        person = rest[0] if rest else None
        return Commitment(stable_anchor("engagement", content, taken), content, structure, person, due, section, line)
    if len(words) != 1:
        report("« !!! fait » doit être suivi de l'identifiant de l'engagement réalisé (donné par « releve engagements » : make engagements)")
        return None
    checker.references.append(_ref("commitment", words[0], checker, line))
    return Closure(words[0], content, line)
