"""Load stage: read source files into raw documents that remember the line of every key.

Nothing is interpreted here beyond YAML itself; ``validate.py`` gives the values meaning.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import frontmatter
import yaml
from yaml.constructor import SafeConstructor

from .problems import Problem

if hasattr(yaml, "CSafeLoader"):

    class _BaseLoader(yaml.cyaml.CParser, yaml.resolver.Resolver):
        """``CSafeLoader`` without its constructor, which composing never uses (``_ValueBuilder``
        builds the values): one object fewer to make for each file."""

        def __init__(self, stream):
            yaml.cyaml.CParser.__init__(self, stream)
            yaml.resolver.Resolver.__init__(self)

else:
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):
    """The C loader (~10× faster; the pure-Python one where libyaml is missing), whose resolution of
    each scalar's tag, in Python, was a third of the time of composing a front matter. Without path
    resolvers (SafeLoader has none), a scalar's tag depends on its value and on whether it is plain
    only: a quoted one, or a plain one whose first character starts no implicit resolver (most
    texts), is a string; the others' tags (keys, ids, dates, numbers) are remembered for as long as
    the implicit resolvers stay the same."""

    _tags: dict[str, str] = {}
    _tags_of: tuple = ()
    """The implicit resolvers ``_tags`` were found with (the dictionary, and how many it holds: a
    resolver is only ever added)."""

    def __init__(self, stream):
        super().__init__(stream)
        resolvers = self.yaml_implicit_resolvers
        self._plain = not self.yaml_path_resolvers and None not in resolvers
        resolved_with = (id(resolvers), sum(map(len, resolvers.values())))
        if resolved_with != _Loader._tags_of:  # a resolver added since (never, in practice)
            _Loader._tags, _Loader._tags_of = {}, resolved_with
        if not self.yaml_path_resolvers:
            # The composer calls these around every node, for the path resolvers there are none
            # of: built-in callables that do nothing cost less than a call of the Python methods.
            # (Their results are not used.)
            self.descend_resolver = {}.get  # (node, index)
            self.ascend_resolver = tuple  # ()

    def resolve(self, kind, value, implicit):
        if not self._plain:
            return super().resolve(kind, value, implicit)
        if kind is not _SCALAR_NODE:  # a list or a mapping, as the base resolver tags them then
            return self.DEFAULT_SEQUENCE_TAG if kind is _SEQUENCE_NODE else self.DEFAULT_MAPPING_TAG
        if not implicit[0] or (value and value[0] not in self.yaml_implicit_resolvers):
            return self.DEFAULT_SCALAR_TAG
        tag = self._tags.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(self._tags) < _TAGS_KEPT and len(value) <= _TAG_KEPT_LENGTH:
                self._tags[value] = tag
        return tag


_SCALAR_NODE, _SEQUENCE_NODE = yaml.ScalarNode, yaml.SequenceNode
_TAGS_KEPT = 10_000
_TAG_KEPT_LENGTH = 40
"""How many tags, of values how long at most, ``_Loader`` remembers: memory bounded whatever the files."""

_YAML_TAG = "tag:yaml.org,2002:"
"""How YAML names its own tags, written « !! » in a file."""
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_STR_TAG = "tag:yaml.org,2002:str"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
_NULL_TAG = "tag:yaml.org,2002:null"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_IMPLICIT_TAGS = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")
"""The meanings YAML 1.1 gives « << » and « = » written alone, which the content does not use."""
_BOOLS = SafeConstructor.bool_values

MAX_FILE_BYTES = 1_000_000
"""Largest source file read (1 Mo): far above any real one, well below what could exhaust memory."""
MAX_DEPTH = 20
"""Deepest nesting of lists and keys in a YAML text: the content needs 5 levels at most."""
_FLOW_OPENERS = ("[", "{")
_BLOCK_PREFIX = re.compile(r"^[ ?:-]{%d,}" % MAX_DEPTH, re.MULTILINE)
"""A line led by this many spaces or indicators may nest deeper than ``MAX_DEPTH`` in block style."""

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class SourceDocument:
    """A file as the coordinator wrote it: YAML data, the line of each key, and the Markdown body."""

    path: str
    """Path relative to the project root, e.g. ``minutes/2021-10-22-collaboration.md``."""
    data: Any
    """The YAML data; dates stay strings so that ``validate`` can report impossible ones."""
    lines: dict[KeyPath, int] = field(repr=False)
    """Line (1-based, in the file) of each key path, e.g. ``("participants", 0, "structure")``."""
    body: str = ""
    """Markdown after the front matter (empty for YAML files)."""
    body_line: int = 1
    """Line of the file where ``body`` starts."""

    def line(self, *path: str | int) -> int:
        """Line of the deepest known key on ``path``; the file's first line if none is known."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


class LoadError(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def read_text(root: Path, relpath: str) -> str:
    """Read a UTF-8 file (``read_bytes``), reporting the line of the first byte that is not UTF-8;
    composed (NFC): an « é » pasted as « e » and a combining accent is the « é » of an id, a search
    or a slug (« instance inconnue : « plénière » (vouliez-vous dire « plénière » ?) »); the « ﬁ » of
    a text pasted from a PDF written « fi », which a search for « financement » finds."""
    text = decode(read_bytes(root, relpath), relpath)
    if not text.isascii():  # most files of a French site are not; NFC is quick on a text already composed
        text = unicodedata.normalize("NFC", text)
    # One search for what few texts hold (control characters, line separators, ligatures), then each.
    rare = _RARE.search(text) is not None
    if rare and _LIGATURE.search(text):
        text = text.translate(_LIGATURES)
    if not text or text.isspace():  # as « not text.strip() », without a copy of the text
        raise LoadError(Problem(relpath, 1, "le fichier est vide"))
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise LoadError(
            Problem(relpath, line, "caractère nul (octet 0) dans le texte : ce fichier n'est pas un texte ordinaire, retapez cette ligne")
        )
    if rare and (control := _CONTROL.search(text)) is not None:
        line = text.count("\n", 0, control.start()) + 1
        raise LoadError(Problem(relpath, line, control_character(control.group())))
    if rare and (separator := _LINE_SEPARATOR.search(text)) is not None:
        # Pasted from Word or a PDF; YAML breaks the line there (its messages then named the line
        # after), an editor does not show it.
        line = text.count("\n", 0, separator.start()) + 1
        raise LoadError(
            Problem(
                relpath,
                line,
                f"séparateur invisible U+{ord(separator.group()):04X} ({unicodedata.name(separator.group())}, souvent collé "
                "depuis Word ou un PDF) : remplacez-le par un retour à la ligne ou une espace",
            )
        )
    if "\r" in text and (lone := _LONE_CR.search(text)) is not None:
        # YAML reads a lone CR as a line break, Markdown and the line numbers of messages do not.
        line = text.count("\n", 0, lone.start()) + 1
        raise LoadError(
            Problem(
                relpath,
                line,
                "fin de ligne « CR » seule (celle des anciens Mac) : enregistrez le fichier avec des fins de ligne "
                "ordinaires (LF, ou CRLF sous Windows)",
            )
        )
    return text


ZIP_SIGNATURE, OLE_SIGNATURE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
"""The first bytes of a .docx or .odt (a zip) and of a .doc (an OLE file)."""


def decode(raw: bytes, relpath: str) -> str:
    """The text of the UTF-8 file ``relpath`` whose bytes are ``raw``, or the line of its first byte that is not UTF-8."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # A .docx or .odt is a zip, a .doc an OLE file: both hold NUL bytes, as UTF-16 does.
        if raw.startswith(ZIP_SIGNATURE):
            raise LoadError(Problem(relpath, 1, f"ce fichier est un document Word ou LibreOffice (.docx, .odt), pas un texte : importez le document d'origine avec {_IMPORT}")) from None
        if raw.startswith(OLE_SIGNATURE):
            raise LoadError(
                Problem(relpath, 1, f"ce fichier est un document Word 97-2003 (.doc), pas un texte : enregistrez le document d'origine au format .docx, puis importez-le avec {_IMPORT}")
            ) from None
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[: error.start + 2]:
            # Notepad's and Word's « Unicode »: every line has NUL bytes, YAML's reader named none.
            raise LoadError(Problem(relpath, 1, "le fichier est encodé en UTF-16 (« Unicode » du Bloc-notes ou de Word) : enregistrez-le en UTF-8")) from None
        line = raw[: error.start].count(b"\n") + 1
        octet = raw[error.start]
        # The coordinator's letter, not Python's « b'\\xe9' »: Windows-1252 and Latin-1 agree on the letters.
        character = bytes([octet]).decode("cp1252", errors="replace")
        shown = f"« {character} » écrit comme en Windows-1252 ou Latin-1" if character.isprintable() and character != "\ufffd" else "octet illisible"
        raise LoadError(
            Problem(relpath, line, f"le fichier n'est pas encodé en UTF-8 ({shown}, octet {octet:02X}) : enregistrez-le en UTF-8")
        ) from None


_IMPORT = "« make importer FICHIER=chemin/du/document.docx » (un compte rendu en brouillon dans minutes/), et retirez ce fichier"


def _read_up_to(descriptor: int, size: int) -> bytes:
    """``size`` bytes of the open file, fewer at its end: read without a file object, which cost
    more than the reading of a front matter's file."""
    chunks = []
    while size > 0 and (chunk := os.read(descriptor, size)):
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


_LONE_CR = re.compile(r"\r(?!\n)")
_LINE_SEPARATOR = re.compile("[\u2028\u2029]")
_LIGATURE = re.compile("[\ufb00-\ufb06]")
_LIGATURES = {code: unicodedata.normalize("NFKC", chr(code)) for code in range(0xFB00, 0xFB07)}
"""The Latin ligatures ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ: a font draws them, a text holds their letters."""
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
"""Control characters (but tab and line ends; NUL has its own message) and the two non-characters
U+FFFE and U+FFFF: invisible on a page, refused by YAML with a message in English at the wrong
line, and by XML, which stopped the build at its feed."""

ESCAPED_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
"""``_CONTROL`` with NUL and CR, which a file's text may not hold either (``read_text``) but an escape
makes (« \\0 », « \\r »): quoted in a message, a CR overwrote it on the terminal. The importer
removes them from what it reads (``importing.text``)."""
_RARE = re.compile("[" + _CONTROL.pattern[1:-1] + _LINE_SEPARATOR.pattern[1:-1] + _LIGATURE.pattern[1:-1] + "]")
"""What ``read_text`` refuses or rewrites, in one class: a text without any is searched once."""


def control_character(character: str) -> str:
    """The message for ``character``, a control character (``_CONTROL``) in a text or a value."""
    code = ord(character)
    hint = " (souvent une apostrophe ou un guillemet de Windows mal converti)" if 0x80 <= code <= 0x9F else ""
    return f"caractère de contrôle invisible U+{code:04X}{hint} : retirez-le ou retapez ce passage"


_SPECIAL_KINDS = (
    (stat.S_ISDIR, "un dossier"),
    (stat.S_ISFIFO, "un tube nommé (FIFO)"),
    (stat.S_ISCHR, "un périphérique"),
    (stat.S_ISBLK, "un périphérique"),
    (stat.S_ISSOCK, "une socket"),
)


def special_kind(mode: int) -> str | None:
    """What a file that is not an ordinary file or a link is, in French (« un tube nommé (FIFO) »)."""
    if stat.S_ISREG(mode) or stat.S_ISLNK(mode):
        return None
    return next((name for test, name in _SPECIAL_KINDS if test(mode)), "un fichier spécial")


def symbolic_link(relpath: str, linked: str | None = None) -> Problem:
    """The problem of ``relpath``, which is or lies in the symbolic link ``linked`` (itself by default)."""
    return Problem(
        relpath,
        1,
        f"« {linked or relpath} » est un lien symbolique : remplacez-le par le fichier ou le dossier lui-même "
        "(un lien pourrait publier un fichier extérieur au projet)",
    )


def not_ordinary(relpath: str, kind: str) -> Problem:
    return Problem(
        relpath,
        1,
        f"« {relpath} » n'est pas un fichier ordinaire ({kind}) : seuls des fichiers ordinaires sont lus ; "
        "remplacez-le par un fichier ou retirez-le",
    )


def too_large(relpath: str, size: int) -> Problem:
    # A registry at the site's root (partners.yaml, evenements.yaml…) is one file by design: splitting
    # it, as advised for a page, would leave its second half unread.
    registry = "/" not in relpath and relpath.endswith(".yaml")
    advice = "ce fichier ne se découpe pas : allégez ses commentaires et ses textes longs" if registry else "découpez-le en plusieurs fichiers"
    return Problem(relpath, 1, f"le fichier fait {size} octets, plus que la limite de 1 Mo : {advice}")


def read_bytes(root: Path, relpath: str, limit: int = MAX_FILE_BYTES, oversized: Callable[[str, int], Problem] = too_large) -> bytes:
    """The bytes of the file ``relpath``, refused before reading: a symbolic link (in the path or the
    file itself: it could publish, or print in a build log, a file from outside the project),
    anything but an ordinary file (a named pipe would hold the build for ever, a device such as
    /dev/zero would fill the memory) and a file above ``limit`` (``oversized`` says it)."""
    parts = relpath.split("/")
    path = str(root)
    for depth, part in enumerate(parts[:-1], 1):
        path = os.path.join(path, part)
        if os.path.islink(path):  # os.path, not pathlib: the preview reads every file at each rebuild
            raise LoadError(symbolic_link(relpath, "/".join(parts[:depth])))
    path = os.path.join(path, parts[-1])
    mode = os.lstat(path).st_mode  # the file itself: a link, or what else it is, in one look
    if stat.S_ISLNK(mode):
        raise LoadError(symbolic_link(relpath))
    if (kind := special_kind(mode)) is not None:
        raise LoadError(not_ordinary(relpath, kind))
    # Opened without following a link or waiting on a pipe, should one have replaced the file
    # since: what is read is checked again on the opened file itself.
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        status = os.fstat(descriptor)
        if (kind := special_kind(status.st_mode)) is not None:
            raise LoadError(not_ordinary(relpath, kind))
        if status.st_size > limit:
            raise LoadError(oversized(relpath, status.st_size))
        # Never more than the limit, whatever the size said. Asked for the size said (and one byte
        # to see growth) first: a read of the limit allocated 1 Mo for each file, most of the time
        # of reading a large project.
        raw = _read_up_to(descriptor, status.st_size + 1)
        if len(raw) > status.st_size:
            raw += _read_up_to(descriptor, limit + 1 - len(raw))
    finally:
        os.close(descriptor)
    if len(raw) > limit:
        raise LoadError(oversized(relpath, len(raw)))
    return raw


def load_yaml_file(root: Path, relpath: str) -> SourceDocument:
    return yaml_document(relpath, read_text(root, relpath))


def yaml_document(relpath: str, text: str) -> SourceDocument:
    """The YAML file ``relpath`` whose text is ``text``."""
    data, lines = parse_yaml(text, relpath, first_line=1)
    return SourceDocument(relpath, data, lines)


def load_markdown_file(root: Path, relpath: str) -> SourceDocument:
    return markdown_document(relpath, read_text(root, relpath))


def markdown_document(relpath: str, text: str) -> SourceDocument:
    """The Markdown file ``relpath`` whose text is ``text``: front matter and body split with
    python-frontmatter, then the front matter parsed with lines."""
    if not text.lstrip("\ufeff").startswith("---"):
        raise LoadError(
            Problem(relpath, 1, "l'en-tête YAML manque : le fichier doit commencer par une ligne « --- »")
        )
    handler = frontmatter.YAMLHandler()
    try:
        front, body = handler.split(text)
    except ValueError:
        raise LoadError(_unclosed(relpath, text)) from None
    # Line 1 of ``front`` is the file's line where the front matter text starts.
    first_line = text.count("\n", 0, text.find(front)) + 1
    data, lines = parse_yaml(front, relpath, first_line=first_line)
    if data is None:
        data = {}
    # The body starts after the closing delimiter: count the lines consumed so far.
    consumed = len(text) - len(body)
    body_line = text.count("\n", 0, consumed) + 1
    return SourceDocument(relpath, data, lines, body, body_line)


_BODY_START = re.compile(r"^(?:#{2,6}\s|!!!|[^\s#:-][^:]*$)")
"""A line no front matter holds and a body often starts with: a « ## » heading (YAML would take it
for a comment), a « !!! » block, or a line of text with no « clé: »."""


def _unclosed(relpath: str, text: str) -> Problem:
    """The missing closing « --- », reported where the text seems to start: the line to write it
    before, rather than line 1 of a file whose every line is then a suspect."""
    for number, line in enumerate(text.splitlines()[1:], 2):
        if _BODY_START.match(line):
            return Problem(relpath, number, f"l'en-tête YAML n'est pas fermé par une ligne « --- » : ajoutez-la avant la ligne {number} (« {line.strip()[:40]} »), où le texte commence")
    return Problem(relpath, 1, "l'en-tête YAML n'est pas fermé par une ligne « --- »")


def parse_yaml(text: str, relpath: str, first_line: int) -> tuple[Any, dict[KeyPath, int]]:
    """Compose YAML with the C loader and build Python values, recording each key's line."""
    offset = first_line - 1
    try:
        _check_shape(text, relpath, offset)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        raise LoadError(yaml_problem(error, text, relpath, first_line)) from None
    lines: dict[KeyPath, int] = {(): first_line}
    if node is None:
        return None, lines
    builder = _ValueBuilder(relpath, offset, lines)
    return builder.build(node, ()), lines


def _check_shape(text: str, relpath: str, offset: int) -> None:
    """Refuse anchors, aliases and deep nesting from the parser's events, before any value exists.

    An alias repeats a part of the file: ten lines of them expand into gigabytes, and a coordinator
    never needs one. Deep nesting would exhaust the stack of the composer. The events are read
    only when the text could hold either (an « & » or « * », or enough brackets and indentation),
    which most files cannot: they are not read twice for nothing.
    """
    may_nest = sum(text.count(opener) for opener in _FLOW_OPENERS) >= MAX_DEPTH // 2 or _BLOCK_PREFIX.search(text)
    if "&" not in text and "*" not in text and not may_nest:
        return
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        line = offset + event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise LoadError(
                Problem(
                    relpath,
                    line,
                    "les ancres et alias YAML (« & » et « * » en début de valeur) ne sont pas acceptés : "
                    "écrivez chaque valeur en entier, ou mettez-la entre guillemets",
                )
            )
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise LoadError(_too_deep(relpath, line))
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def _too_deep(relpath: str, line: int) -> Problem:
    return Problem(relpath, line, f"listes et clés imbriquées trop profondément (plus de {MAX_DEPTH} niveaux)")


_YAML_REASONS = {
    "mapping values are not allowed": "« : » inattendu (une valeur contenant « : » doit être entre guillemets)",
    "could not find expected ':'": "« : » attendu après la clé",
    "found character '\\t' that cannot start any token": "tabulation interdite (utilisez des espaces)",
    "found undefined alias": "alias inconnu",
    "expected <block end>, but found '-'": "élément de liste mal indenté",
    "did not find expected key": "clé attendue (vérifiez l'indentation)",
    "found unexpected end of stream": "fin de fichier inattendue (guillemet non fermé ?)",
    "did not find expected '-' indicator": "élément de liste « - » attendu (vérifiez l'indentation)",
    "found character that cannot start any token": "caractère inattendu en début de valeur (mettez la valeur entre guillemets)",
    "expected <block end>": "indentation incohérente, ou texte après une valeur entre guillemets",
    "did not find expected ',' or ']'": "« , » ou « ] » attendu (un crochet n'est pas fermé ?)",
    "expected ',' or ']'": "« , » ou « ] » attendu (un crochet n'est pas fermé ?)",
    "did not find expected ',' or '}'": "« , » ou « } » attendu (une accolade n'est pas fermée ?)",
    "expected ',' or '}'": "« , » ou « } » attendu (une accolade n'est pas fermée ?)",
    "found unknown escape character": "« \\ » inconnu entre guillemets doubles (écrivez la valeur entre guillemets simples)",
    "but found another document": "une ligne « --- » coupe le fichier en deux documents (retirez-la)",
    "expected alphabetic or numeric character": "nom attendu après « & » ou « * » (mettez la valeur entre guillemets)",
}


TAB_REASON = "tabulation en début de ligne : l'indentation s'écrit avec des espaces seulement (remplacez la tabulation par des espaces)"


def yaml_problem(error: yaml.YAMLError, text: str, relpath: str, first_line: int = 1) -> Problem:
    """The French ``fichier:ligne`` of the YAML error in ``text``, which starts at line ``first_line`` of ``relpath``."""
    if isinstance(error, yaml.reader.ReaderError) and isinstance(error.character, int) and (at := text.find(chr(error.character))) >= 0:
        return Problem(relpath, first_line + text.count("\n", 0, at), control_character(chr(error.character)))
    mark = error.problem_mark or error.context_mark if isinstance(error, yaml.MarkedYAMLError) else None
    lines = text.split("\n")
    line = lines[mark.line] if mark and mark.line < len(lines) else ""
    return Problem(relpath, first_line + (mark.line if mark else 0), f"erreur de syntaxe YAML : {explain_yaml_error(error, line)}")


def explain_yaml_error(error: yaml.YAMLError, line: str) -> str:
    """The French reason of a YAML error; ``line``, the line it is reported at. A tab in its
    indentation is named whatever YAML says (« found a tab character that violates indentation »,
    « found character that cannot start any token »…). PyYAML's English is never shown."""
    problem = str(getattr(error, "problem", None) or error)
    if "\t" in line[: len(line) - len(line.lstrip())] or "tab character" in problem:
        return TAB_REASON
    mark = getattr(error, "problem_mark", None)
    if mark is not None and (word := _apostrophe_closing_quotes(line, mark.column)):
        return f"l'apostrophe de « {word} » ferme les guillemets simples : écrivez la valeur sans guillemets ou entre guillemets doubles"
    for english, french in _YAML_REASONS.items():
        if problem.startswith(english):
            return french
    return "structure invalide (vérifiez l'indentation, les guillemets et les crochets)"


def _apostrophe_closing_quotes(line: str, column: int) -> str | None:
    """The word whose apostrophe ended a single-quoted value where YAML stopped, at ``column`` of
    ``line`` (« d'abord » in « titre: 'Logement d'abord' »): YAML then finds a word after the value."""
    if not (0 < column < len(line) and line[column - 1] == "'" and line[column].isalpha() and "'" in line[: column - 1]):
        return None
    before, after = _LAST_WORD.search(line, 0, column - 1).group(), re.match(r"\w*", line[column:]).group()
    return f"{before}'{after}"


_LAST_WORD = re.compile(r"(?<!\w)\w*$")
"""The word a text ends with; tried at a word's start only: « \\w*$ » ran to the end of the word from
each of its letters, 20,000 letters before a hyphen in 5 s."""


class _ValueBuilder:
    """Turns a composed node tree into plain values; dates are kept as text for our own parser."""

    def __init__(self, relpath: str, offset: int, lines: dict[KeyPath, int]):
        self.relpath = relpath
        self.offset = offset
        self.lines = lines

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        if len(path) >= MAX_DEPTH:
            raise LoadError(_too_deep(self.relpath, self.offset + node.start_mark.line + 1))
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = str(self.scalar(key_node))
                key_path = path + (key,)
                line = self.offset + key_node.start_mark.line + 1
                if key in result:
                    raise LoadError(Problem(self.relpath, line, f"la clé « {key} » apparaît deux fois"))
                self.lines[key_path] = line
                # Scalars, most values, without a recursive call.
                result[key] = self.scalar(value_node) if type(value_node) is yaml.ScalarNode else self.build(value_node, key_path)
            return result
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                item_path = path + (index,)
                self.lines[item_path] = self.offset + item.start_mark.line + 1
                items.append(self.scalar(item) if type(item) is yaml.ScalarNode else self.build(item, item_path))
            return items
        return self.scalar(node)

    def scalar(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            line = self.offset + node.start_mark.line + 1
            raise LoadError(Problem(self.relpath, line, "une clé ne peut pas être une liste ou un dictionnaire"))
        tag, value = node.tag, node.value
        # Only a double-quoted value has escapes (« \x01 », « \e »), which YAML turns into characters
        # the file's text could not hold (``read_text``).
        if node.style == '"' and (control := ESCAPED_CONTROL.search(value)) is not None:
            raise LoadError(Problem(self.relpath, self.offset + node.start_mark.line + 1, control_character(control.group())))
        # The common scalars built directly, as SafeConstructor builds them: its generic
        # construct_object per value was a fifth of the validation time of a large corpus.
        if tag == _STR_TAG or tag == _TIMESTAMP_TAG:
            return value
        if tag == _BOOL_TAG and value.lower() in _BOOLS:
            return _BOOLS[value.lower()]
        if tag == _INT_TAG or tag == _FLOAT_TAG:
            # At most 18 digits: Python refuses to read a number of thousands (« Exceeds the limit »),
            # and no count needs more; a longer one stays text, which the count check names.
            if tag == _INT_TAG and value.isascii() and value.isdigit() and (value == "0" or value[0] != "0") and len(value) <= 18:
                return int(value)
            # As written: YAML 1.1 would read « 14:30 » as 870 (base 60), « 010 » as 8, « 1e3 » as
            # 1000.0. No field needs them as numbers; a count field then reports the text as not a count.
            return value
        if tag == _NULL_TAG:
            return None
        # « = » or « << » alone, or a value after a tag (« !tag », « !!binary » that made bytes of a title,
        # « !!bool peut-être » that stopped the reading): quoted whole, it is text.
        written = value if tag in _IMPLICIT_TAGS else f"{tag.replace(_YAML_TAG, '!!', 1)} {value}"
        line = self.offset + node.start_mark.line + 1
        raise LoadError(Problem(self.relpath, line, f"valeur « {written} » non reconnue : mettez-la entre guillemets"))
