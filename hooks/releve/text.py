"""French text as the engine compares, sorts, shortens and opens it: accents folded away, dictionary
order, the first words of some Markdown as plain text, a capital first letter. Used by every stage
(validation compares what the coordinator typed, the link stage and the views sort, the outputs
summarise)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_FROM_MARKS = re.compile("[^\x00-\u02ff]")
"""The characters from U+0300, the first combining mark, on: those before it are none."""


def without_accents(text: str) -> str:
    """The NFKD form of ``text`` without its combining marks: « Étape » → « Etape »."""
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():
        return decomposed
    # One replace per mark present rather than a test per character: every heading and every
    # decision and commitment goes through here, a tenth of the validation time of a large corpus.
    for mark in set(_FROM_MARKS.findall(decomposed)):
        if unicodedata.combining(mark):
            decomposed = decomposed.replace(mark, "")
    return decomposed


def fold(text: str) -> str:
    """Lower-case, accent-free form used to compare what the coordinator typed with known ids."""
    text = str(text)
    return _fold_short(text) if len(text) <= _SHORT else _fold(text)


def _fold(text: str) -> str:
    return without_accents(text).casefold().strip()


def key(text: str) -> str:
    """Comparison key: folded, punctuation turned into spaces, words joined by one space
    (« CH Jury – CMP » → « ch jury cmp »). Letters outside [a-zœæ] once folded (Greek, Cyrillic,
    « ø ») count as punctuation."""
    return " ".join(_NOT_KEY.sub(" ", fold(text)).split())


_NOT_KEY = re.compile(r"[^0-9a-zœæ]+")


_SHORT = 100
"""Texts up to this length are folded once per process (``_fold_short``): names, ids, headings and
block kinds come back in file after file (each participant's name is folded by the check of the
commitments' owners and again by the assembly of the meeting). Longer ones (a decision's text,
for its anchor) are rarely folded twice, and would make the memory of the cache grow."""
_fold_short = lru_cache(maxsize=1 << 14)(_fold)


_NOT_LETTERS = re.compile(r"[^\w]+|_")


@lru_cache(maxsize=1 << 16)  # the views sort the same names on many pages (participants, pilots, owners)
def sort_key(text: str) -> tuple[str, str]:
    """French alphabetical order: accents, case, punctuation, spaces and « » ignored, as dictionaries
    do, so « Éducation nationale » files among the E, « « D'abord toit » » among the D and « L'Élan »
    between « Lavoir » and « Lien »; the text itself breaks ties."""
    return _NOT_LETTERS.sub("", fold(text)), str(text)


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")


@lru_cache(maxsize=1 << 14)  # a decision is summed up in the lists of each of its fiches, its letter, its feeds
def summary(markdown: str, length: int = 240) -> str:
    """The first words of a Markdown text as plain text on one line, cut at a word: for lists that
    link to the full text, feeds and calendar titles."""
    text = " ".join(_AUTOLINK.sub(r"\1", _MD_LINK.sub(r"\1", markdown)).replace("**", "").split())
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0] + " …"


def first_upper(text: str) -> str:
    """``text`` with a capital first letter and the rest as it is: « réunion du CMP » → « Réunion du
    CMP », where ``str.capitalize`` would lower « CMP ». A ``Markup`` stays one."""
    return text[:1].upper() + text[1:]


_INNER_QUOTE = re.compile(r"«([^»]*)»")


def quoted(text: str) -> str:
    """« text », its own « » turned into the second rank's “ ”: « étape « Migrants » » read as
    two quotes closing at once (« séminaire “Migrants” »)."""
    # Each quote read once, up to the text's last « » : blanks read again from each one a quote might
    # start after, and a « that none closes read on to the end, made the work cubic (a title of a «
    # and 1,000 blanks took half a second at each of its mentions).
    end = text.rfind("»") + 1
    return "« " + _INNER_QUOTE.sub(lambda quote: f"“{quote.group(1).strip()}”", text[:end]) + text[end:] + " »"


def without_full_stop(text: str) -> str:
    """« Réunion bilan en mai. » → « Réunion bilan en mai », for a line that goes on after it
    (« … en mai · annoncée le 1er mars 2022 »); an ellipsis or the point of « etc. » stays."""
    return text[:-1] if text.endswith(".") and not text.endswith(("..", "etc.")) else text


def agenda_sentence(points: tuple[str, ...]) -> str:
    """A meeting's agenda as one sentence, « Ordre du jour : a ; b. »: each point without its own full
    stop (« sessions. ; Communication. »), a question or an exclamation ending it as it is."""
    joined = " ; ".join(point.rstrip(" .;") for point in points)
    return f"Ordre du jour : {joined}" + ("" if joined.endswith(("?", "!", "…")) else ".")
