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
import hashlib
import posixpath
import re
import shlex
import textwrap
from dataclasses import dataclass

from . import urls
from .model import Closure, Commitment, Decision, Section
from .problems import Problem, fold, suggest
from .schema import Checker, Reference

_BLOCK = re.compile(r"^!!!\s+(\w+)(.*)$")
_HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^(```|~~~)")
_MD_LINK = re.compile(r"\]\((?!https?:|mailto:|/|#)([^)\s#]+\.md)(#[^)\s]*)?\)")
_BLOCK_KINDS = ("decision", "engagement", "fait")
ADMONITIONS = ("note", "abstract", "info", "tip", "success", "question", "warning", "failure", "danger", "bug", "example", "quote")
"""Material's admonition types: a coordinator may still draw a box with them. Any other ``!!!``
word is a typo of a Relevé block (« !!! decission » would silently become a plain box)."""
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# The `<` that opens an HTML tag, comment or declaration; code spans are matched first to be kept.
# Autolinks (<https://…>, <nom@exemple.fr>) do not look like tags and stay links.
_RAW_HTML = re.compile(r"(`+).*?\1|<(?=[A-Za-z][\w-]*(?:[\s/>]|$)|/[A-Za-z]|!|\?)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# French numbers: 03 87 56 78 90, 03.87.56.78.90, 0387567890, +33 3 87 56 78 90, +33 (0)3 87…
# Each branch starts with its literal (« + » or « 0 ») and looks behind it afterwards: the regex
# engine then jumps from one « + » or « 0 » to the next instead of trying every position (5× faster).
_PHONE = re.compile(r"(?:\+(?<![\w+]\+)33[ .-]?(?:\(0\)[ .-]?)?|0(?<![\w+]0))[1-9](?:[ .-]?\d{2}){4}(?!\d)")
# The lines parse_body must look at one by one: a possible block, heading or code fence. The
# second form, led by a literal newline, is found much faster than with ``^`` and re.MULTILINE.
_SPECIAL = r"(?:!!!|##|[^\S\n]*(?:```|~~~))"
_SPECIAL_FIRST_LINE = re.compile(_SPECIAL)
_SPECIAL_NEXT_LINE = re.compile(r"\n" + _SPECIAL)
# The arguments of a block as shlex.split reads them (its blanks are space, tab, CR and LF),
# when no backslash and no unclosed quote needs its character-by-character reader. A word is read
# one character or one quoted part at a time: a single way to read it, so no slow backtracking.
_ARG_WORD = r"""(?:[^ \t\r\n"'\\]|"[^"\\]*"|'[^']*')+"""
_SIMPLE_ARGS = re.compile(rf"[ \t\r\n]*(?:{_ARG_WORD}(?:[ \t\r\n]+|$))*")
_ARGS = re.compile(_ARG_WORD)
_QUOTED = re.compile(r""""([^"\\]*)"|'([^']*)'""")

BodyPart = str | Decision | Commitment | Closure


@dataclass(frozen=True)
class ParsedBody:
    parts: tuple[BodyPart, ...]
    sections: tuple[Section, ...]
    decisions: tuple[Decision, ...]
    commitments: tuple[Commitment, ...]
    closures: tuple[Closure, ...]


def stable_anchor(prefix: str, text: str, taken: set[str]) -> str:
    """An anchor from the block's own text: edits elsewhere in the file do not move it."""
    digest = hashlib.sha1(" ".join(fold(text).split()).encode()).hexdigest()[:8]
    anchor, n = f"{prefix}-{digest}", 2
    while anchor in taken:
        anchor, n = f"{prefix}-{digest}-{n}", n + 1
    taken.add(anchor)
    return anchor


def neutralise_html(text: str) -> str:
    """Raw HTML written in a body shows as text instead of running: « <script> » stays « <script> ».

    Neither a code span nor a tag's opening spans lines, so a whole text is done at once.
    """
    if "<" not in text:
        return text
    return _RAW_HTML.sub(lambda match: match.group(0) if match.group(1) else "&lt;", text)


def contact_key(contact: str) -> str:
    """One spelling per e-mail address or phone number: « +33 3 87… » and « 03.87… » are the same."""
    if "@" in contact:
        return contact.strip().casefold()
    digits = re.sub(r"\D", "", contact)
    return "0" + digits[2:].removeprefix("0") if digits.startswith("33") else digits


def find_contacts(body: str, first_line: int) -> list[tuple[int, str]]:
    """Every e-mail address and phone number of a body, with its line, in reading order.

    One search over the whole body rather than one per line (a fifth of the validation time of a
    large corpus): neither pattern can match across a line break.
    """
    found = sorted(
        (body.count("\n", 0, match.start()), kind, match.start(), match.group(0))
        for kind, pattern in enumerate((_EMAIL, _PHONE))
        # Most bodies have no « @ »: skip the e-mail search, the slower of the two.
        if pattern is not _EMAIL or "@" in body
        for match in pattern.finditer(body)
    )
    return [(first_line + line, contact) for line, _, _, contact in found]


def rewrite_links(text: str, source_dir: str, checker: Checker, first_line: int, one_line: bool = False) -> str:
    """Turn ``../actions/x.md`` into ``/projets/x.md`` and remember the reference for validation.

    Each reference is located at its own line of ``text`` (which starts at ``first_line``), or at
    ``first_line`` for all of them if ``one_line`` (a block's text, located at its ``!!!`` line).
    A link never spans lines, so a whole text is done at once.
    """
    if ".md" not in text:
        return text

    def replace(match: re.Match) -> str:
        key_line = first_line if one_line else first_line + text.count("\n", 0, match.start())
        target = posixpath.normpath(posixpath.join(source_dir, match.group(1)))
        anchor = match.group(2) or ""
        folder, _, name = target.partition("/")
        item_id = name[:-3]
        if folder == "minutes" and "/" not in name:
            checker.references.append(_ref("meeting", item_id, checker, key_line))
            return f"]({urls.link(urls.meeting(item_id))}{anchor})"
        if folder == "actions" and "/" not in name:
            checker.references.append(_ref("action", item_id, checker, key_line))
            return f"]({urls.link(urls.action(item_id))}{anchor})"
        return match.group(0)

    return _MD_LINK.sub(replace, text)


def _ref(kind: str, value: str, checker: Checker, line: int) -> Reference:
    return Reference(kind, value, checker.doc.path, line)


def parse_body(body: str, first_line: int, checker: Checker) -> ParsedBody:
    """Only the lines that may open a block, a heading or a code fence are looked at one by one;
    the plain lines between them are rewritten as whole texts (a third of the validation time
    of a large corpus went into per-line work)."""
    source_dir = posixpath.dirname(checker.doc.path)
    lines = body.split("\n")
    parts: list[BodyPart] = []
    sections: list[Section] = []
    decisions: list[Decision] = []
    commitments: list[Commitment] = []
    closures: list[Closure] = []
    taken: set[str] = set()
    text: list[str] = []
    section = ""
    in_fence = False
    start = 0
    """First line not yet added to ``text``: plain lines from there on share the fence state."""

    def add_text(end: int) -> None:
        if start < end:
            rewritten = rewrite_links("\n".join(lines[start:end]), source_dir, checker, first_line + start)
            text.append(rewritten if in_fence else neutralise_html(rewritten))

    for i in [*_special_lines(body), len(lines)]:
        if i < start:  # inside a block already read
            continue
        add_text(i)
        if i == len(lines):
            break
        line, number = lines[i], first_line + i
        if _FENCE.match(line.lstrip()):
            in_fence = not in_fence
        block = None if in_fence else _BLOCK.match(line)
        # « !!! Décision » is a decision: the kind is compared without case or accents.
        kind = fold(block.group(1)) if block else None
        if block and kind not in _BLOCK_KINDS and kind not in ADMONITIONS:
            checker.problems.append(_unknown_block(block.group(1), checker.doc.path, number))
        if block and kind in _BLOCK_KINDS:
            j = i + 1
            while j < len(lines) and (not lines[j].strip() or lines[j].startswith(("    ", "\t"))):
                j += 1
            content = textwrap.dedent("\n".join(lines[i + 1 : j])).strip()
            content = neutralise_html(rewrite_links(content, source_dir, checker, number, one_line=True))
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
        if heading:
            section = heading.group(1)
            sections.append(Section(section, urls.slugify(section), number))
        start = i  # the line goes to ``text`` with the plain lines that follow it
    if text:
        parts.append("\n".join(text))
    return ParsedBody(tuple(parts), tuple(sections), tuple(decisions), tuple(commitments), tuple(closures))


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
    if not _SIMPLE_ARGS.fullmatch(args):
        return shlex.split(args)
    return [_QUOTED.sub(_unquote, word) if "'" in word or '"' in word else word for word in _ARGS.findall(args)]


def _unquote(match: re.Match) -> str:
    return match.group(1) if match.group(1) is not None else match.group(2)


def _block(kind, args, content, section, line, taken, checker) -> BodyPart | None:
    def report(message: str) -> None:
        checker.problems.append(Problem(checker.doc.path, line, message))

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
            report("« !!! engagement » doit nommer la structure responsable : !!! engagement ch-jury \"Prénom Nom\" [AAAA-MM-JJ]")
            return None
        structure, rest = words[0], words[1:]
        checker.references.append(_ref("structure", structure, checker, line))
        due = None
        if rest and _DATE.match(rest[-1]):
            written = rest.pop()
            try:
                due = dt.date.fromisoformat(written)
            except ValueError:
                report(f"« !!! engagement » : l'échéance « {written} » n'existe pas")
                return None
        if len(rest) > 1:
            report("« !!! engagement » : mettez le nom de la personne entre guillemets")
            return None
        person = rest[0] if rest else None
        return Commitment(stable_anchor("engagement", content, taken), content, structure, person, due, section, line)
    if len(words) != 1:
        report("« !!! fait » doit être suivi de l'identifiant de l'engagement réalisé (voir la page Suivi)")
        return None
    checker.references.append(_ref("commitment", words[0], checker, line))
    return Closure(words[0], content, line)
