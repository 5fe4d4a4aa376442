"""Problems found in the content, reported to the coordinator in French with ``file:line``."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Collection, Iterable

from .text import fold


_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff]")
"""What a message must not print as it is: a control character or a line break (« \\u001b » would drive
the coordinator's terminal, a line break would write a line of its own), half a surrogate pair (which
stops Python's printing) or a byte of a file name that is not UTF-8 (read as U+DC80 to U+DCFF)."""


def _escape(found: re.Match) -> str:
    char = found.group()
    return f"\\x{ord(char) - 0xDC00:02x}" if "\udc80" <= char <= "\udcff" else f"\\u{ord(char):04x}"


def printable(text: str) -> str:
    """``text`` with what ``_UNPRINTABLE`` names written as its escape (« \\u001b », « \\xe9 »)."""
    return _UNPRINTABLE.sub(_escape, text)


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one source file, located as precisely as the source allows."""

    path: str
    """Path of the file, relative to the project root, with forward slashes."""
    line: int
    """1-based line of the offending key or text (1 when the whole file is at fault)."""
    message: str
    """What is wrong, in French: the key, what was expected, what was found."""
    hint: str | None = None
    """A near match to suggest (« vouliez-vous dire … ? »), if any."""
    severity: str = "error"
    """« error » stops the build; « warning » is only listed by the verification (a stale entry)."""

    def __post_init__(self) -> None:
        # Escaped once, here, whatever quotes a value or a file name: every message is printed.
        for name in ("path", "message", "hint"):
            value = getattr(self, name)
            if value is not None and _UNPRINTABLE.search(value):
                object.__setattr__(self, name, printable(value))

    def __str__(self) -> str:
        label = "avertissement : " if self.severity == "warning" else ""
        text = f"{self.path}:{self.line}: {label}{self.message}"
        if self.hint:
            text += f" (vouliez-vous dire « {self.hint} » ?)"
        return text


class ContentError(Exception):
    """Raised when the content has problems; carries all of them so they are shown at once."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(format_report(self.problems))

    def __reduce__(self):
        # Raised by a view in a forked process (``parallel``), it reaches this one with its problems.
        return type(self), (self.problems,)


PRINTED_MARKUP = re.compile(r'[<>"]')
"""What makes HTML of a text the theme prints as it is, unescaped (the site's name, its footer): a
tag, or the end of the attribute it is printed in."""


def printed_markup(name: str) -> str:
    """The message for a text of ``name`` that holds ``PRINTED_MARKUP``."""
    return f"« {name} » contient du balisage HTML (« < », « > » ou « \" ») que le thème afficherait tel quel : écrivez un texte simple"


def format_report(problems: list[Problem]) -> str:
    count = len(problems)
    noun = "erreur" if count == 1 else "erreurs"
    lines = [f"Relevé : {count} {noun} dans le contenu, le site n'a pas été construit."]
    lines += [f"  {problem}" for problem in problems]
    return "\n".join(lines)


def suggest(value: object, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The known id closest to ``value``, compared without case or accents, if one is close
    (``difflib``'s ratio at least ``cutoff``)."""
    by_fold: dict[str, str] = {}
    for candidate in candidates:
        by_fold.setdefault(fold(candidate), candidate)
    matches = difflib.get_close_matches(fold(str(value)), list(by_fold), n=1, cutoff=cutoff)
    return by_fold[matches[0]] if matches else None


class Suggestions:
    """``suggest`` for the problems of one check, each of which may compare with every page or id of
    the site (half a second against 5,000 meetings): only the first ``limit`` against more than
    ``SMALL`` candidates get one, so that a mistake repeated in hundreds of texts does not hold the
    build for minutes."""

    SMALL = 200

    def __init__(self, limit: int = 10) -> None:
        self._left = limit

    def __call__(self, value: object, candidates: Collection[str], cutoff: float = 0.6) -> str | None:
        if len(candidates) > self.SMALL:
            if self._left <= 0:
                return None
            self._left -= 1
        return suggest(value, candidates, cutoff)


_INVISIBLE = {
    **{code: "qui change le sens de l'écriture" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))},
    **{code: "sans largeur" for code in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)},
}
"""Bidirectional overrides and isolates, and zero-width characters: in a title or a name they make
« Réunion \u202egnp.exe » read « Réunion exe.png », or two different ids look the same."""
INVISIBLE_FOUND = re.compile("[" + "".join(map(chr, _INVISIBLE)) + "]")
_EMOJI = "[\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff]"
_ARABIC = "[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]"
_VISIBLE_JOINER = re.compile(
    f"(?:(?<={_EMOJI})|(?<={_EMOJI}[\ufe0f\U0001f3fb-\U0001f3ff]))\u200d(?={_EMOJI})"
    f"|(?<={_ARABIC})[\u200c\u200d](?={_ARABIC})"
)
"""A joiner that is part of what is seen: between two emoji it makes one (« 👩\u200d⚕️ », a health
worker; « 🏳️\u200d🌈 »), between two Arabic letters it sets their shape (a Persian name needs it)."""


def without_invisible(text: str) -> str:
    """``text`` without the characters ``invisible_character`` names (a joiner that is seen stays)."""
    return INVISIBLE_FOUND.sub(lambda found: found.group() if _VISIBLE_JOINER.match(text, found.start()) else "", text)


def invisible_character(text: str) -> str | None:
    """The first bidirectional control or zero-width character of ``text``, named for a message
    (« caractère invisible U+202E (RIGHT-TO-LEFT OVERRIDE, qui change le sens de l'écriture) »);
    a joiner of emoji or Arabic letters is not one (``_VISIBLE_JOINER``)."""
    found = next((found for found in INVISIBLE_FOUND.finditer(text) if not _VISIBLE_JOINER.match(text, found.start())), None)
    if found is None:
        return None
    code = ord(found.group())
    return f"caractère invisible U+{code:04X} ({unicodedata.name(found.group(), 'sans nom')}, {_INVISIBLE[code]})"
