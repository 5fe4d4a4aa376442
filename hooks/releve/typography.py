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
# its openings (the look-ahead), and a comment never past another « <!-- »: read to the end of the
# page from each unclosed one, a page of them took a time that grew as its square.
# Those elements and comments are tried only after a « < » followed by a letter that starts one of
# them (most tags are « a », « li », « div », « /… »), the rest of a tag at once.
_RAW = ("script", "style", "pre", "code", "kbd", "samp", "textarea")
_MARKUP = re.compile(
    "(<(?:(?=[spckt!])(?:"
    + "".join(rf"{name}\b[^>]*>(?:(?!<{name}\b).)*?</{name}\s*>|" for name in _RAW)
    + r"!--(?:(?!<!--).)*?-->)|[^>]*+>))",
    re.DOTALL | re.IGNORECASE,
)
_UNITS = r"(?:%|€|h\b|min\b|km\b|kg\b|m²|°C|ans?\b|mois\b|jours?\b|heures?\b|places?\b|personnes?\b)"
_RULES = (
    # Each rule with the characters without which it has nothing to do (looked for at once by
    # « in »: a search of its regex reads the text character by character), or None.
    # Ordinary spaces (and « &nbsp; »-less runs) before the high punctuation. A run of blanks is
    # tried from its first one only (the look-behind) and never given back (« ++ »): tried from
    # each blank, a long run was read again from each, a time that grew as its square.
    ((":",), re.compile(r"(?<![ \t\n])[ \t\n]++(?=:(?!//))"), NBSP),
    ((";", "!", "?"), re.compile(r"(?<![ \t\n])[ \t\n]++(?=[;!?])"), NNBSP),
    # The narrow space already there counts as one: French text stays as it is when spaced again.
    (("«",), re.compile(r"«[ \t\n\u00a0\u202f]*+"), "«" + NNBSP),
    (("»",), re.compile(r"(?<![ \t\n\u00a0\u202f])[ \t\n\u00a0\u202f]*+»"), NNBSP + "»"),
    # « 8 % », « 250 € », « 9 h »: the number keeps its unit on its line. The space is found first
    # (a literal the regex engine skips to), then the digit before it.
    (None, re.compile(rf" (?<=\d )(?={_UNITS})"), NBSP),
    # « n° 3 », « p. 12 »
    (("n°", "p."), re.compile(r"(?<=\bn°) (?=\d)|(?<=\bp\.) (?=\d)"), NBSP),
)
# Nothing to do on a text without any of these characters (most text between two tags).
_TRIGGERS = re.compile(r"[:;!?«»°]|\d |\bp\. ")
_SPACED_MAX = 50_000
"""How many texts ``french_html`` remembers (see ``_spaced``): a site's pages share most of theirs."""
_spaced: dict[str, str] = {}
"""Each text ``french_html`` has seen, spaced: the theme's (menus, header, footer) and the words
every page of a kind repeats (« Fiche action : ») come back on every page, 40 times out of 41 at
1,000 minutes. Replaced by an empty one when full, never emptied: a caller holding it (another
thread) finds in it every text it saw there."""


def french_text(text: str) -> str:
    """One run of prose with French non-breaking spaces."""
    if not _TRIGGERS.search(text):
        return text
    for needles, pattern, space in _RULES:
        if needles is None or any(needle in text for needle in needles):
            text = pattern.sub(space, text)
    return text


def french_html(page: str) -> str:
    """A whole HTML page with French spacing in its text, markup and code left as they are."""
    # A « < » with no « > » after it opens no tag: the text after the last « > » is text, and is
    # not given to the regex, which would read it to its end from each « < » in it.
    markup_end = page.rfind(">") + 1
    parts = _MARKUP.split(page[:markup_end])
    parts[-1] += page[markup_end:]
    # Each text spaced once (``_spaced``), and all put back without a Python loop over them.
    global _spaced
    spaced = _spaced if len(_spaced) < _SPACED_MAX else {}
    _spaced = spaced
    texts = parts[0::2]
    for text in set(texts).difference(spaced):
        spaced[text] = french_text(text)
    parts[0::2] = map(spaced.__getitem__, texts)
    return "".join(parts)
