"""French typography on the published HTML: no line may start with « : », « ; », « ! », « ? » or « » ».

Applied to whole pages when they are rendered (content and theme alike), on text only: tags and
their attributes, code, scripts and styles are copied as they are. The coordinator types ordinary
spaces, as everyone does; the site turns the ones French needs unbreakable.
"""

from __future__ import annotations

import re
from itertools import compress

NBSP = "\u00a0"
"""Before « : » and between a number and its unit (Imprimerie nationale)."""
NNBSP = "\u202f"
"""The narrow one: before « ; ! ? », inside « », between groups of digits."""

# A tag, a comment, or one of the elements whose text is not prose, as one capturing group: split
# on it, a page is its texts at the even indexes and its markup at the odd ones, cut in one linear
# pass by the regex engine.
_RAW = ("script", "style", "pre", "code", "kbd", "samp", "textarea")
_MARKUP = re.compile(
    "(" + "".join(rf"<{name}\b[^>]*>.*?</{name}\s*>|" for name in _RAW) + r"<!--.*?-->|<[^>]*>)",
    re.DOTALL | re.IGNORECASE,
)
_UNITS = r"(?:%|€|h\b|min\b|km\b|kg\b|m²|°C|ans?\b|mois\b|jours?\b|heures?\b|places?\b|personnes?\b)"
_RULES = (
    # Ordinary spaces (and « &nbsp; »-less runs) before the high punctuation.
    (re.compile(r"[ \t\n]+(?=:(?!//))"), NBSP),
    (re.compile(r"[ \t\n]+(?=[;!?])"), NNBSP),
    (re.compile(r"«[ \t\n\u00a0]*"), "«" + NNBSP),
    (re.compile(r"[ \t\n\u00a0]*»"), NNBSP + "»"),
    # « 8 % », « 250 € », « 9 h »: the number keeps its unit on its line.
    (re.compile(rf"(?<=\d) (?={_UNITS})"), NBSP),
    # « n° 3 », « p. 12 »
    (re.compile(r"(?<=\bn°) (?=\d)|(?<=\bp\.) (?=\d)"), NBSP),
)
# Nothing to do on a text without any of these characters (most text between two tags).
_TRIGGERS = re.compile(r"[:;!?«»°]|\d |\bp\. ")


def french_text(text: str) -> str:
    """One run of prose with French non-breaking spaces."""
    if not _TRIGGERS.search(text):
        return text
    for pattern, space in _RULES:
        text = pattern.sub(space, text)
    return text


def french_html(page: str) -> str:
    """A whole HTML page with French spacing in its text, markup and code left as they are."""
    parts = _MARKUP.split(page)
    # Most texts have no trigger: found without a Python loop over all of them.
    for index in compress(range(0, len(parts), 2), map(_TRIGGERS.search, parts[0::2])):
        parts[index] = french_text(parts[index])
    return "".join(parts)
