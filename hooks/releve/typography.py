"""French typography on the published HTML: no line may start with « : », « ; », « ! », « ? » or « » ».

Applied to whole pages when they are rendered (content and theme alike), on text only: tags and
their attributes, code, scripts and styles are copied as they are. The coordinator types ordinary
spaces, as everyone does; the site turns the ones French needs unbreakable.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
"""Before « : » and between a number and its unit (Imprimerie nationale)."""
NNBSP = "\u202f"
"""The narrow one: before « ; ! ? », inside « », between groups of digits."""

# A tag, a comment, or one of the elements whose text is not prose, as one capturing group: split
# on it, a page is its texts at the even indexes and its markup at the odd ones, cut by the regex
# engine in one linear pass. An element is read up to its closing tag but never past another of
# its openings, and a comment never past another « <!-- »: read to the end of the page from each
# unclosed one, a page of them took a time that grew as its square. Their content is read by runs
# without « < » (or « - ») taken whole (« ++ »), which the regex engine reads four times faster
# than one character at a time behind a look-ahead.
# A tag whose name cannot start one of them (most are « a », « li », « div », « /… ») is read at
# once (the first branch: « ſ » and « K », the Kelvin sign, are an « s » and a « k » to a regex in
# any case); the names are compared in any case, and only there (a flag over the whole pattern
# slowed every tag).
_RAW = ("script", "style", "pre", "code", "kbd", "samp", "textarea")
_MARKUP = re.compile(
    "(<(?:[^spcktSPCKT\u017f\u212a!>][^>]*+>|(?i:"
    + "".join(rf"{name}\b[^>]*>(?:[^<]++|<(?!{name}\b|/{name}\s*>))*+</{name}\s*>|" for name in _RAW)
    + r"!--(?:[^<-]++|<(?!!--)|-(?!->))*+-->)|[^>]*+>))",
    re.DOTALL,
)
# The rules, in the order they apply (``french_text``). Ordinary spaces (and « &nbsp; »-less runs)
# before the high punctuation. A run of blanks is tried from its first one only (the look-behind)
# and never given back (« ++ »): tried from each blank, a long run was read again from each, a time
# that grew as its square.
_BEFORE_COLON = re.compile(r"(?<![ \t\n])[ \t\n]++(?=:(?!//))")
_BEFORE_HIGH = re.compile(r"(?<![ \t\n])[ \t\n]++(?=[;!?])")
# The narrow space already there counts as one: French text stays as it is when spaced again.
_AFTER_OPENING = re.compile(r"«[ \t\n\u00a0\u202f]*+")
_BEFORE_CLOSING = re.compile(r"(?<![ \t\n\u00a0\u202f])[ \t\n\u00a0\u202f]*+»")
# « 8 % », « 250 € », « 9 h »: the number keeps its unit on its line, and a day its month (« 22 octobre »,
# « 1er mars »: a date is not cut between them). The space is found first (a literal the regex engine
# skips to), then the digit before it.
_MONTHS = r"(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\b"
_UNITS = rf"(?:%|€|h\b|min\b|km\b|kg\b|m²|°C|ans?\b|mois\b|jours?\b|heures?\b|places?\b|personnes?\b|{_MONTHS})"
_BEFORE_UNIT = re.compile(rf" (?:(?<=\d )(?={_UNITS})|(?<=\b1er )(?={_MONTHS}))")
# « n° 3 », « p. 12 »
_BEFORE_PAGE = re.compile(r"(?<=\bn°) (?=\d)|(?<=\bp\.) (?=\d)")
_SPACED_MAX = 50_000
"""How many texts ``french_html`` remembers (see ``_Spaced``): a site's pages share most of theirs."""


def french_text(text: str) -> str:
    """One run of prose with French non-breaking spaces."""
    # Each rule only where the characters it needs are (« in » finds them at memory speed: a
    # search of a regex reads the text character by character), but the units', whose search
    # skips to the spaces at once.
    if ":" in text:
        text = _BEFORE_COLON.sub(NBSP, text)
    if ";" in text or "!" in text or "?" in text:
        text = _BEFORE_HIGH.sub(NNBSP, text)
    if "«" in text:
        text = _AFTER_OPENING.sub("«" + NNBSP, text)
    if "»" in text:
        text = _BEFORE_CLOSING.sub(NNBSP + "»", text)
    text = _BEFORE_UNIT.sub(NBSP, text)
    if "n°" in text or "p." in text:
        text = _BEFORE_PAGE.sub(NBSP, text)
    return text


class _Spaced(dict):
    """Each text ``french_html`` has seen, spaced, spaced when first asked for: the theme's (menus,
    header, footer) and the words every page of a kind repeats (« Fiche action : ») come back on
    every page, 40 times out of 41 at 1,000 minutes."""

    def __missing__(self, text: str) -> str:
        self[text] = spaced = french_text(text)
        return spaced


_spaced = _Spaced()
"""Replaced by an empty one when full, never emptied: a caller holding it (another thread) finds in
it every text it saw there."""


def french_html(page: str) -> str:
    """A whole HTML page with French spacing in its text, markup and code left as they are."""
    # A « < » with no « > » after it opens no tag: the text after the last « > » is text, and is
    # not given to the regex, which would read it to its end from each « < » in it.
    markup_end = page.rfind(">") + 1
    parts = _MARKUP.split(page[:markup_end])
    parts[-1] += page[markup_end:]
    global _spaced
    if len(_spaced) >= _SPACED_MAX:
        _spaced = _Spaced()
    # Each text spaced once (``_spaced``), and all put back without a Python loop over them.
    parts[0::2] = map(_spaced.__getitem__, parts[0::2])
    return "".join(parts)
