"""Personal contacts in any text: e-mail addresses and French phone numbers, as Word and French
typography write them, found in time linear in the text's length.

The text is first brought to one spelling (``normalise``): the spaces, dashes and « @ » that
Word, e-mails and HTML produce become their ASCII forms. Only then are the patterns searched,
so each one stays short and bounded.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SPACES = "\u00a0\u2007\u2009\u200a\u202f\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000\t"
_SAME_LENGTH = {**dict.fromkeys(_DASHES, "-"), **dict.fromkeys(_SPACES, " "), "\u200b": " "}
# A regex finds the few characters to replace: str.translate with a table looks up every character
# of a non-ASCII text, and was the largest part of the validation of a long text.
_SAME_LENGTH_CHARACTERS = re.compile("[" + "".join(_SAME_LENGTH) + "]")


def _same_length(text: str) -> str:
    return _SAME_LENGTH_CHARACTERS.sub(lambda match: _SAME_LENGTH[match.group(0)], text)
# The « @ » and « . » that hide an address from a human eye or a regex: HTML entities,
# a percent-encoded mailto:, « [at] », « (arobase) », « [point] »… Spaces only, never a line break
# (more spaces around an « @ » are the spelled forms' below).
_AT = re.compile(r"&(?:#0*64|#x0*40|commat);|%40| ?[\[(] ?(?:at|arr?obase|@) ?[\])] ?", re.IGNORECASE)
_DOT = re.compile(r"&(?:#0*46|#x0*2e|period);| ?[\[(] ?(?:dot|point) ?[\])] ?", re.IGNORECASE)
# The words people write instead: « nom arobase domaine.fr », « nom at domaine point fr »,
# « nom @ domaine.fr ». A word « at » or « arobase » is an « @ » only between a word and a domain
# (a label, then a dot, written or spelled); a word « point » or « dot » is a « . » only in the
# labels joined to such an « @ ». Searched only when a cheap test finds one of these words; a run
# of spaces is tried from its first space only (« (?<! ) »), so the search stays linear.
_SPELLED_WORD = re.compile(r" (?:at|arr?obase) ", re.IGNORECASE)
_SPELLED_AT = re.compile(
    r"(?<=[\w.+-])(?: +(?:at|arr?obase) +| +@ *|@ +)(?=[\w-]{1,63}(?:\.| +(?:point|dot) +)[\w-])", re.IGNORECASE
)
_SPELLED_DOT = re.compile(r"(?<! ) +(?:point|dot) +", re.IGNORECASE)
_SPELLED_LABELS = re.compile(
    r"(?<![\w-])[\w-]{1,64}(?: +(?:point|dot) +[\w-]{1,64}){1,4}(?=@)|(?<=@)[\w-]{1,63}(?: +(?:point|dot) +[\w-]{1,63}){1,10}",
    re.IGNORECASE,
)

# A domain after the « @ »: labels of at most 63 characters, at most 10 of them (RFC 1035),
# so the search from each « @ » is bounded whatever follows it.
_DOMAIN = re.compile(r"[\w-]{1,63}(?:\.[\w-]{1,63}){1,10}")
_LOCAL_MAX = 64
"""The longest local part of an address (RFC 5321): how far back from an « @ » to look."""
# French numbers: 03 87 56 78 90, 03.87.56.78.90, 03-87…, 0387567890, +33 3 87…, 0033 3 87…,
# +33 (0)3 87… Not inside a longer number or word (a SIRET, a reference), so dates (2021-10-22),
# years and amounts (12 000 €) never match: a number starts with 0 and has exactly ten digits.
# Each branch starts with its literal (« + » or « 0 ») and looks behind it afterwards: the regex
# engine then jumps from one « + » or « 0 » to the next instead of trying every position (5× faster).
_PHONE = re.compile(
    r"(?:(?:\+(?<![\w+]\+)|0(?<![\w+]0)0)33 ?[.-]? ?(?:\(0\) ?[.-]? ?)?|0(?<![\w+]0))[1-9](?:[ ./-]{0,3}\d{2}){4}(?!\d)"
)
_KINDS = ("adresse électronique", "numéro de téléphone")


def normalise(text: str) -> str:
    """One spelling for what can hide a contact; line breaks stay where they are."""
    return _normalise(text, None)[0]


def _normalise(text: str, origin: list[int] | None) -> tuple[str, list[int] | None]:
    """``normalise``; with ``origin`` (``range(len(text) + 1)``), also where each character of the
    result comes from in ``text`` (``None`` when Unicode composed characters across positions)."""
    if not text.isascii():
        whole = _same_length(unicodedata.normalize("NFKC", text))
        if origin is not None:
            origin = _each_character(text, origin, whole)
        text = whole
    if "&" in text or "%" in text or "(" in text or "[" in text:
        text, origin = _replace(_AT, "@", text, origin)
        text, origin = _replace(_DOT, ".", text, origin)
    if " @" in text or "@ " in text or _SPELLED_WORD.search(text):
        text, origin = _replace(_SPELLED_AT, "@", text, origin)
        if "@" in text and _SPELLED_DOT.search(text):
            text, origin = _replace(_SPELLED_LABELS, lambda match: _SPELLED_DOT.sub(".", match.group(0)), text, origin)
    return text, origin


def _each_character(text: str, origin: list[int], whole: str) -> list[int] | None:
    """NFKC character by character (a base and its combining marks), mapped back to ``text``."""
    pieces, mapped, start = [], [], 0
    for end in range(1, len(text) + 1):
        if end == len(text) or not unicodedata.combining(text[end]):
            piece = _same_length(unicodedata.normalize("NFKC", text[start:end]))
            pieces.append(piece)
            mapped += [origin[start]] * len(piece)
            start = end
    return mapped + [origin[-1]] if "".join(pieces) == whole else None


def _replace(pattern: re.Pattern, replacement, text: str, origin: list[int] | None) -> tuple[str, list[int] | None]:
    """``pattern.sub``, keeping ``origin`` in step: a replacement comes from where its match started."""
    if origin is None:
        return pattern.sub(replacement, text), None
    pieces, mapped, last = [], [], 0
    for match in pattern.finditer(text):
        new = replacement(match) if callable(replacement) else replacement
        pieces += [text[last : match.start()], new]
        mapped += origin[last : match.start()] + [origin[match.start()]] * len(new)
        last = match.end()
    return "".join(pieces) + text[last:], mapped + origin[last:]


def _emails(text: str):
    position = text.find("@")
    while position != -1:
        start, limit = position, max(0, position - _LOCAL_MAX)
        while start > limit and (text[start - 1].isalnum() or text[start - 1] in "._+-"):
            start -= 1
        while start < position and text[start] == ".":
            start += 1
        domain = _DOMAIN.match(text, position + 1)
        if start < position and domain:
            yield start, text[start : domain.end()]
        position = text.find("@", position + 1)


def _scan(text: str) -> list[tuple[int, str]]:
    """The contacts of a normalised text, with their offsets, in reading order."""
    found = list(_emails(text)) if "@" in text else []
    found += [(match.start(), match.group(0)) for match in _PHONE.finditer(text)]
    return sorted(found)


def find_contacts(text: str, first_line: int = 1) -> list[tuple[int, str]]:
    """Every e-mail address and phone number of ``text``, with its line, in reading order."""
    text = normalise(text)
    result, line, counted = [], first_line, 0
    for start, contact in _scan(text):
        line += text.count("\n", counted, start)
        counted = start
        result.append((line, contact))
    return result


def redact(text: str, placeholder: str) -> tuple[str, list[str]]:
    """``text`` with each contact ``find_contacts`` sees replaced by ``placeholder``, and the
    contacts as written there; everything else is left as written (typography included)."""
    normalised, origin = _normalise(text, list(range(len(text) + 1)))
    if origin is None:  # composed across characters (rare): the normalised text is redacted
        text, origin = normalised, list(range(len(normalised) + 1))
    spans: list[list[int]] = []
    for start, contact in _scan(normalised):
        first, end = origin[start], start + len(contact)
        while origin[end] == origin[end - 1]:  # the end of a replaced piece (« [at] », « ﬁ »…)
            end += 1
        if spans and first < spans[-1][1]:  # overlapping addresses (« a@b.fr@c.fr »): one span
            spans[-1][1] = max(spans[-1][1], origin[end])
        else:
            spans.append([first, origin[end]])
    pieces, found, last = [], [], 0
    for first, end in spans:
        pieces += [text[last:first], placeholder]
        found.append(text[first:end].strip())
        last = end
    return "".join(pieces) + text[last:], found


def find_in_texts(texts: list[str]) -> list[tuple[int, str]]:
    """The contacts of many short texts (the fields of a file), each with its text's index.

    One search over all of them joined (a search per field value cost more than the search
    itself): neither pattern can match across the line break that joins them.
    """
    if not texts:
        return []
    normalised = [normalise(text) for text in texts]
    starts = list(itertools.accumulate((len(text) + 1 for text in normalised[:-1]), initial=0))
    return [(bisect.bisect_right(starts, offset) - 1, contact) for offset, contact in _scan("\n".join(normalised))]


def contact_key(contact: str) -> str:
    """One spelling per address or number: « +33 3 87… », « 0033 3 87… » and « 03.87… » are the same."""
    contact = normalise(contact)
    if "@" in contact:
        return contact.strip().casefold()
    digits = re.sub(r"\D", "", contact)
    for prefix in ("0033", "33"):
        if digits.startswith(prefix) and len(digits) > 10:
            return "0" + digits[len(prefix) :].removeprefix("0")
    return digits


def kind(contact: str) -> str:
    """« adresse électronique » or « numéro de téléphone », as messages name them."""
    return _KINDS[0] if "@" in contact else _KINDS[1]
